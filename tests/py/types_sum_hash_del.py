# sum() over machine ints (overflowing into big ints and back), floats, bools, mixed and
# custom numbers; hash() of the key kinds dicts and sets see; del d[k] on dicts and
# dict subclasses, missing keys and unhashable keys.
import sys
M = sys.maxsize
print(sum([1, 2, 3]), sum(range(100000)), sum([M, 1]), sum([M, M, -M, -M]), sum([-M - 1, -1]))
print(sum([M, 1, -2]), type(sum([M, 1, -2])), sum([2 ** 70, -2 ** 70, 5]))
print(sum([0.1] * 10), sum([1e308, 1e308]), sum([float('nan'), 1.0]), sum([-0.0, -0.0]), sum([], -0.0))
print(sum([1, 2.5, 3]), sum([1.5, 2, 3]), sum([True, True, 3]), sum([True, False]), sum([], True))
print(sum([1, 2], 0.5), sum([0.5, 1], 10), sum([[1], [2]], []), sum(((1,), (2,)), ()))
print(sum(iter([1, 2, 3]), start=10), sum({1: 'a', 2: 'b'}), sum({1: 2, 3: 4}.values()))
print(sum([complex(1, 2), 3]), sum([3, complex(1, 2)]))
class N:
    def __init__(self, v): self.v = v
    def __radd__(self, o): return N(o + self.v)
    def __add__(self, o): return N(self.v + o)
    def __repr__(self): return f'N({self.v})'
print(sum([1, N(2), 3]), sum([N(1), 2]))
from fractions import Fraction
from decimal import Decimal
print(sum([1, Fraction(1, 3), 2]), sum([Decimal('0.1'), 1, Decimal('0.2')]))
for bad in (['a', 'b'], [1, 'x'], [1.5, None]):
    try:
        print(sum(bad))
    except TypeError as e:
        print('TypeError', e)
for s in ('', b''):
    try:
        sum([], s)
    except TypeError as e:
        print('TypeError', e)
print(sum([M] * 5) == 5 * M, sum([-M] * 3) == -3 * M)
# hash of machine ints at the modulus boundaries, -1, bools, strs and str subclasses.
P = 2 ** 61 - 1
for v in (0, 1, -1, -2, P - 1, P, P + 1, -P, -P - 1, M, -M - 1, 2 ** 62, True, False,
          1.0, -1.0, 0.5, 'abc', '', 'é', None.__class__.__name__):
    print(repr(v), hash(v))
class S(str):
    def __hash__(self): return 42
class T(str):
    pass
print(hash(S('abc')), hash(T('abc')) == hash('abc'), {T('k'): 1}['k'], {'k': 1}[T('k')])
d = {S('abc'): 1, 'abc': 2}
print(len(d), d['abc'])
# del on dicts: present, missing, unhashable; subclasses with __delitem__ and __missing__.
d = {i: str(i) for i in range(10)}
del d[3]
del d[True]
print(d)
for k in (3, 'x', (1, 2), 1.5):
    try:
        del d[k]
    except KeyError as e:
        print('KeyError', repr(e), e.args)
try:
    del d[[1]]
except TypeError as e:
    print('TypeError', e)
class D(dict):
    def __delitem__(self, k):
        print('delitem', k)
        super().__delitem__(k)
    def __missing__(self, k):
        return 'missing'
dd = D(a=1, b=2)
del dd['a']
print(dd, dd['zz'])
try:
    del dd['zz']
except KeyError as e:
    print('KeyError', e)
class K:
    def __init__(self, v): self.v = v
    def __hash__(self): return hash(self.v)
    def __eq__(self, o): print('eq'); return isinstance(o, K) and o.v == self.v
e = {K(1): 'a', 1: 'b'}
del e[K(1)]
print(list(e.values()))
d = {}
for i in range(0, 20000, 2):
    d[i] = i
for i in range(0, 20000, 4):
    del d[i]
print(len(d), sum(d.values()), list(d)[:5])
