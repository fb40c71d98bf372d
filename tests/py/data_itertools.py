# itertools: every iterator, reprs and argument errors, as CPython 3.11.
import itertools as it
from itertools import *

def show(label, f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(label, type(e).__name__, e)
    else:
        print(label, repr(r))

def take(n, i):
    return list(islice(i, n))

print(take(5, count()), take(3, count(10)), take(3, count(1, 3)), take(3, count(0.5, 0.25)), take(3, count(2**64, -1)))
c = count(7)
next(c)
print(c, count(), count(5, 2), count(1.5), count(1, 1.0), count(-3, -1), repr(count(2**70, 2**70)))
print(take(7, cycle('abc')), list(cycle([])), take(4, cycle(iter([1, 2]))))
print(list(repeat('x', 3)), take(2, repeat(None)), repeat(1), repeat('a', 3), repeat(1, -5), list(repeat(1, 0)))
r = repeat(5, 2); next(r); print(r, r.__length_hint__())
print(list(accumulate([1, 2, 3, 4])), list(accumulate([1, 2, 3], lambda a, b: a * b)), list(accumulate([], initial=10)), list(accumulate([1, 2], initial=100)), list(accumulate('abc')))
import operator
print(list(accumulate([3, 1, 4, 1, 5], max)), list(accumulate([1, 2, 3], operator.mul, initial=2)))
print(list(chain('ab', [1, 2], ())), list(chain()), list(chain.from_iterable(['ab', 'cd'])), list(chain.from_iterable([])))
print(list(compress('abcdef', [1, 0, 1, 0, 1, 1])), list(compress('abc', [1])), list(compress([], [1, 1])))
print(list(dropwhile(lambda x: x < 5, [1, 4, 6, 4, 1])), list(takewhile(lambda x: x < 5, [1, 4, 6, 4, 1])))
print(list(filterfalse(lambda x: x % 2, range(10))), list(filterfalse(None, [0, 1, '', 'a', None, []])))
print(list(starmap(pow, [(2, 5), (3, 2), (10, 3)])), list(starmap(lambda *a: a, ['ab', 'c'])))
print([(k, list(g)) for k, g in groupby('AAAABBBCCDAABBB')])
print([k for k, g in groupby('AAAABBBCCD')], [(k, list(g)) for k, g in groupby([1, 2, 3, 4, 5, 6], lambda x: x // 3)])
gs = [g for k, g in groupby('aabbc')]
print([list(g) for g in gs])
g = groupby('aaabb')
k1, g1 = next(g)
print(k1, next(g1))
k2, g2 = next(g)
print(k2, list(g1), list(g2))
print(list(islice('ABCDEFG', 2)), list(islice('ABCDEFG', 2, 4)), list(islice('ABCDEFG', 2, None)), list(islice('ABCDEFG', 0, None, 2)), list(islice(count(), 1, 10, 3)), list(islice('ab', 5, 10)))
print(list(islice(range(10), None)), list(islice(range(10), None, None, None)), list(islice(range(10), 8, 100)))
src = iter(range(10))
print(list(islice(src, 3)), list(src))
print(list(pairwise('abcd')), list(pairwise('a')), list(pairwise([])))
a, b = tee(range(5))
print(next(a), next(a), list(b), list(a))
x, y, z = tee('abc', 3)
print(list(x), list(y), list(z), tee([], 0), len(tee([1])))
t1, t2 = tee(iter([1, 2, 3]))
t3, = tee(t1, 1) if False else (t1.__copy__(),)
print(next(t1), list(t3), list(t2), list(t1))
print(type(a).__name__, type(a).__module__)
print(list(zip_longest('ABCD', 'xy', fillvalue='-')), list(zip_longest('ab', [1, 2, 3])), list(zip_longest()), list(zip_longest([])))
print(list(product('ab', range(2))), list(product(range(2), repeat=3)), list(product()), list(product([], [1])), list(product('ab', repeat=0)))
print(list(permutations('ABC', 2)), list(permutations(range(3))), list(permutations([], 0)), list(permutations('ab', 3)), list(permutations('abc', 0)))
print(list(combinations('ABCD', 2)), list(combinations(range(4), 3)), list(combinations('ab', 3)), list(combinations('abc', 0)), list(combinations([], 0)))
print(list(combinations_with_replacement('ABC', 2)), list(combinations_with_replacement([], 2)), list(combinations_with_replacement([], 0)), list(combinations_with_replacement('ab', 3)))
print(len(list(permutations(range(6)))), len(list(combinations(range(10), 4))), sum(1 for _ in product(range(5), repeat=4)))
print(type(chain.from_iterable([])).__name__, isinstance(count(), count), type(groupby('a')).__name__)
class MyChain(chain):
    pass
print(list(MyChain('ab', 'c')), type(MyChain()).__name__)
class MyCount(count):
    pass
print(MyCount(3), take(2, MyCount(3)))
for expr in ['it.count(1,2,3)', 'it.count("a")', 'it.cycle()', 'it.cycle(1)', 'it.repeat()',
             'it.repeat(1,2,3)', 'it.accumulate()', 'next(it.chain(1))', 'it.compress(1)',
             'it.dropwhile(1)', 'it.islice(1)', 'it.islice([],-1)', 'it.islice([],1,2,0)',
             'it.islice([],"a")', 'it.islice([],1,"a")', 'it.islice([], -1, 5)', 'it.pairwise()', 'it.starmap(1)',
             'it.tee()', 'it.tee([],-1)', 'it.zip_longest(1)', 'it.product(1)',
             'it.product([], repeat=-1)', 'it.permutations([],-1)', 'it.combinations([])',
             'it.combinations([],-1)', 'it.combinations_with_replacement([],-1)', 'it.groupby()',
             'it.count(x=1)', 'it.cycle([], x=1)', 'it.chain(x=1)', 'it.repeat(1, times="a")',
             'list(it.takewhile(None,[1,0]))', 'it.filterfalse(None)', 'it.count(1, "a")',
             'it.accumulate([1],x=1)', 'it.compress([],[],[])', 'it.permutations([],"a")',
             'it.repeat(1).__length_hint__()', 'list(it.starmap(pow, [1]))', 'it.islice([], 1, 2, 3, 4)',
             'it.combinations([],1,2)', 'it.groupby([],None,3)', 'it.product([],x=1)', 'list(it.accumulate([1, "a"]))',
             'it.islice([], 1.5)', 'it.tee(1)', 'it.chain.from_iterable()', 'list(it.chain.from_iterable([1]))']:
    show(expr, eval, expr)
