# itertools objects pickle, copy and deepcopy with their state (also part-consumed),
# and subclasses with their own __init__ take keyword arguments.
import copy
import operator
import pickle
from itertools import (accumulate, chain, combinations, combinations_with_replacement,
                       compress, count, cycle, dropwhile, filterfalse, islice,
                       permutations, product, repeat, starmap, takewhile, zip_longest)


def lt3(x):
    return x < 3


def keep_none(a, b):
    return None


def variants():
    yield 'count', lambda: count(3)
    yield 'count_step', lambda: count(1.5, 0.5)
    yield 'repeat', lambda: repeat('x', 5)
    yield 'repeat_forever', lambda: repeat(7)
    yield 'cycle', lambda: cycle('abc')
    yield 'accumulate', lambda: accumulate([1, 2, 3, 4, 5])
    yield 'accumulate_initial', lambda: accumulate([1, 2, 3], operator.mul, initial=10)
    yield 'accumulate_none', lambda: accumulate([None, None, 1], keep_none)
    yield 'chain', lambda: chain('ab', 'cd', 'ef')
    yield 'chain_from', lambda: chain.from_iterable(['ab', 'cd'])
    yield 'compress', lambda: compress('ABCDEF', [1, 0, 1, 0, 1, 1])
    yield 'dropwhile', lambda: dropwhile(lt3, [1, 2, 3, 4, 1])
    yield 'takewhile', lambda: takewhile(lt3, [1, 2, 3, 4, 1])
    yield 'filterfalse', lambda: filterfalse(None, [0, 1, 0, 2, 3])
    yield 'starmap', lambda: starmap(pow, [(2, 3), (3, 2), (10, 2)])
    yield 'islice', lambda: islice(range(20), 2, 15, 3)
    yield 'islice_stopless', lambda: islice(count(), 1, None, 2)
    yield 'zip_longest', lambda: zip_longest('abc', 'de', fillvalue='-')
    yield 'product', lambda: product('ab', range(3))
    yield 'product_empty', lambda: product('ab', [])
    yield 'permutations', lambda: permutations('abcd', 2)
    yield 'combinations', lambda: combinations('abcde', 3)
    yield 'cwr', lambda: combinations_with_replacement('abc', 2)


for name, make in variants():
    out = []
    for consumed in range(4):
        it = make()
        list(islice(it, consumed))
        for how in ('pickle', 'copy', 'deepcopy'):
            if how == 'pickle':
                c = pickle.loads(pickle.dumps(it))
            elif how == 'copy':
                c = copy.copy(it)
            else:
                c = copy.deepcopy(it)
            out.append(list(islice(c, 6)))
    print(name, type(make()).__name__, out[0], out[-1], len(set(map(repr, out))))


class C(cycle):
    def __init__(self, *args, newarg=None):
        self.newarg = newarg


u = C([1, 2], newarg=3)
print(list(islice(u, 3)), u.newarg)
for cls in (cycle, chain, islice, dropwhile):
    class Sub(cls):
        pass
    try:
        Sub([1, 2], 1, newarg=3)
    except TypeError as e:
        print('TypeError', e)
