def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### order_and_methods
d = {'b': 1, 'a': 2}
d['c'] = 3; d['b'] = 4; del d['a']; d['a'] = 5
print(d, list(d), list(d.keys()), list(d.values()), list(d.items()), len(d))
print(d.get('x'), d.get('x', 0), d.setdefault('y', []), d.setdefault('b', 9), d.pop('c'), d.pop('zz', None))
print(d.popitem(), d)
d.update({'q': 1}, w=2); d.update([('e', 3)]); print(d)
#### errors
d = {}
show(d.pop, 'x')
show(d.popitem)
show(lambda: d['missing'])
show(lambda: d[[1]])
show(d.update, 5)
show(d.update, [1])
show(d.update, [(1, 2, 3)])
show(dict, [(1, 2), (3,)])
show(d.get)
show(dict.fromkeys)
#### keyerror_repr
try:
    {}[('a', 1)]
except KeyError as e:
    print(repr(e), str(e), e.args)
try:
    {}['']
except KeyError as e:
    print(repr(e), str(e))
#### fromkeys_copy
print(dict.fromkeys('abc'), dict.fromkeys([1, 2], 0), dict.fromkeys(range(3), []))
d = {'a': [1]}; c = d.copy(); c['a'].append(2); c['b'] = 1; print(d, c)
class D(dict): pass
print(type(D.fromkeys('ab')).__name__, D.fromkeys('ab'))
#### views
d = {'a': 1, 'b': 2, 'c': 3}
k, v, i = d.keys(), d.values(), d.items()
print(k, v, i)
print(k & {'a', 'x'}, k | {'z'}, k - {'a'}, k ^ {'a', 'q'}, i & {('a', 1)}, 'a' in k, ('a', 1) in i, 1 in v)
d['d'] = 4; print(len(k), list(v))
print(k == {'a', 'b', 'c', 'd'}, k <= {'a', 'b', 'c', 'd', 'e'}, k.isdisjoint({'x'}), list(reversed(k)), list(reversed(d.items())))
print(k.mapping if hasattr(k, 'mapping') else None)
#### view_set_ops_order
d = {3: 0, 1: 0, 2: 0}
print(d.keys() - {1}, d.keys() | [5, 4], {9, 8} | d.keys(), d.keys() & [2, 3])
#### merge_operators
a, b = {'x': 1, 'y': 2}, {'y': 3, 'z': 4}
print(a | b, b | a)
a |= b; print(a)
a |= [('w', 0)]; print(a)
show(lambda: a | [('w', 0)])
#### changed_during_iteration
d = {1: 1, 2: 2}
try:
    for k in d:
        d[k + 10] = 1
except RuntimeError as e:
    print(e)
d = {1: 1, 2: 2}
try:
    for k in d:
        del d[k]
except RuntimeError as e:
    print(e)
d = {1: 1}
try:
    for k in d.keys():
        d.pop(k); d[k] = 2
except RuntimeError as e:
    print(e)
print(d)
#### recursive_repr
d = {}; d['self'] = d; print(d)
d = {1: []}; d[1].append(d); print(d)
#### equality_and_hash
print({1: 'a'} == {1.0: 'a'}, {'a': 1, 'b': 2} == {'b': 2, 'a': 1}, {} == {}, {1: 2} != {1: 3})
show(hash, {})
show(lambda: {} < {})
#### keys_mixed_types
d = {1: 'int', 1.0: 'float', True: 'bool', (1,): 'tuple', None: 'none', 'a': 'str', frozenset(): 'fs'}
print(d, len(d))
#### dict_constructor
print(dict(a=1, b=2), dict({'x': 1}, y=2), dict([('a', 1), ['b', 2]]), dict(zip('ab', range(2))), dict(), dict(dict(a=1)))
class M:
    def keys(self): return ['k1', 'k2']
    def __getitem__(self, k): return k.upper()
print(dict(M()))
#### setdefault_missing
class D(dict):
    def __missing__(self, k):
        return k * 2
d = D(a=1)
print(d['a'], d['bb'], d.get('bb'), 'bb' in d, d)
#### popitem_lifo
d = dict.fromkeys(range(5))
print([d.popitem() for _ in range(5)])
#### dict_iter_types
d = {'a': 1}
print(type(iter(d)).__name__, type(iter(d.values())).__name__, type(iter(d.items())).__name__, type(d.keys()).__name__, type(reversed(d)).__name__)
print(iter(d).__length_hint__())
#### dict_subclass_init
class D(dict):
    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self.extra = 1
    def __setitem__(self, k, v):
        super().__setitem__(k, v * 10)
d = D(a=1); d['b'] = 2; d.update(c=3)
print(d, d.extra, type(d).__name__)
#### large_dict
d = {i: i * i for i in range(10000)}
for i in range(0, 10000, 2):
    del d[i]
print(len(d), sum(d.values()), list(d)[:5], d.get(9999))
d2 = {str(i): i for i in range(1000)}
print(sum(d2[str(i)] for i in range(1000)))
#### dict_del_errors
d = {'a': 1}
try:
    del d['b']
except KeyError as e:
    print('KeyError', e)
print(d.__contains__('a'), d.__len__(), d.__getitem__('a'), sorted(dir({}))[:5])
