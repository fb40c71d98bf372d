def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### view_set_ops
d = {1: 'a', 2: 'b', 3: 'c'}
k, i = d.keys(), d.items()
print(k & {2, 3, 4}, k | [5], k - {1}, k ^ {3, 9}, {2, 7} & k, [1, 8] | k if False else k | [1, 8])
print(i & {(1, 'a'), (2, 'x')}, i - {(1, 'a')}, i | {(9, 'z')}, i ^ {(1, 'a')})
print(type(k & {1}).__name__, type(k | {1}).__name__, k == {1, 2, 3}, k != {1}, k < {1, 2, 3, 4}, k >= {1}, k.isdisjoint([7, 8]), i.isdisjoint({(1, 'b')}))
show(lambda: k & 5)
show(lambda: d.values() | {1})
show(lambda: d.values() == d.values())
print(d.values() == d.values(), 'a' in d.values(), len(d.values()))
#### dict_or_ior
a = {'x': 1, 'y': 2}
b = {'y': 3, 'z': 4}
print(a | b, b | a, a)
a |= b; print(a)
a |= [('w', 0)]; print(a)
show(lambda: a | [('q', 1)])
def ior_bad():
    global a
    a |= 5
show(ior_bad)
class D(dict): pass
print(type(D(a=1) | {}).__name__, type({} | D(a=1)).__name__)
#### dict_reversed_and_order
d = dict.fromkeys('abcde')
del d['b']; d['b'] = 1; d.pop('a'); d.setdefault('a', 2)
print(list(d), list(reversed(d)), list(reversed(d.items())), d.popitem(), d.popitem(), list(d))
show({}.popitem)
#### dict_recursive_repr
d = {}
d['self'] = d
print(d, repr(d), str({'a': d}))
d2 = {1: [d]}; print(d2)
class R(dict):
    def __repr__(self): return 'R' + super().__repr__()
r = R(); r['me'] = r; print(r)
#### dict_keyerror_and_missing
class M(dict):
    def __missing__(self, k): return k * 2
m = M(a=1)
print(m['a'], m['zz'], m.get('zz'), 'zz' in m, len(m))
class N(dict): pass
n = N()
show(n.__getitem__, 'x')
show({}.__getitem__, (1, 2))
show({}.__getitem__, [1])
show({}.__setitem__, [1], 2)
show({}.__delitem__, 'nope')
show(dict, 1)
show(dict, [1])
show(dict, ['ab', 'cde'])
show(dict, {}, {})
print(dict(['ab', 'cd']), dict(zip('ab', range(2)), c=3), dict({1: 2}, **{'x': 3}))
#### dict_methods_args
d = {}
show(d.get)
show(d.get, 1, 2, 3)
show(d.pop)
show(d.setdefault)
show(d.update, {}, {})
show(d.keys, 1)
show(dict.fromkeys, [1], 2, 3)
print(d.update(a=1) or d, d.setdefault('b') is None, d, d.pop('b', 5), d.pop('a'), d.copy(), dict.fromkeys([]))
#### dict_equality
print({1: 2} == {1: 2.0}, {1: 2, 3: 4} == {3: 4, 1: 2}, {1: [1]} == {1: [1]}, {} == {}, {1: 2} != {1: 3}, {1: 2} == [(1, 2)])
show(lambda: {} < {})
show(hash, {})
class E:
    def __eq__(self, o): return True
    __hash__ = object.__hash__
e = E(); print({e: 1} == {e: 2}, {1: e} == {1: 5})
#### dict_views_dynamic
d = {'a': 1}
k, v, i = d.keys(), d.values(), d.items()
d['b'] = 2; del d['a']
print(k, v, i, len(k), list(i), 'b' in k, ('b', 2) in i, ('b', 3) in i, reversed(k).__class__.__name__)
print(repr(k.mapping), k.mapping['b'], type(k.mapping).__name__)
show(lambda: k[0])
#### dict_sizeof_shared
class A:
    def __init__(self, n): self.x = n; self.y = n
a, b = A(1), A(2)
print(sorted(a.__dict__), b.__dict__, vars(a) is a.__dict__, a.__dict__ == {'x': 1, 'y': 1})
a.z = 3; print(a.__dict__, b.__dict__)
del a.x; print(a.__dict__, list(a.__dict__))
print({}.__sizeof__() > 0, type({}.__sizeof__()).__name__)
#### dict_hash_collisions
class H:
    def __init__(self, v): self.v = v
    def __hash__(self): return 1
    def __eq__(self, o): return isinstance(o, H) and self.v == o.v
    def __repr__(self): return 'H%d' % self.v
d = {H(i): i for i in range(20)}
print(len(d), d[H(7)], list(d)[:5], H(25) in d)
for i in range(0, 20, 2): del d[H(i)]
print(list(d), d.get(H(3)), d.get(H(4)))
print({-1: 'a', -2: 'b'}, hash(-1), hash(-2), {1: 'x', 1.0: 'y', True: 'z'})
