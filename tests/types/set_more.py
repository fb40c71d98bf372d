def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### set_int_iteration_order
import random
random.seed(7)
for n in [5, 9, 17, 40, 100]:
    xs = [random.randrange(-1000, 1000) for _ in range(n)]
    s = set(xs)
    print(n, list(s)[:12])
s = set()
for x in [8, 16, 24, 32, 1, 2, 3, 64, 128, 0, -8]:
    s.add(x)
print(s)
for x in [16, 1, 64]: s.discard(x)
s.add(17); s.add(1); print(s)
print(set(range(20, 0, -3)), frozenset([10**6, 2**40, -5, 7, 0]), set([2**63, 2**64, 2**61 - 1, 2**61]))
#### set_ops_methods
a, b = {1, 2, 3, 4}, {3, 4, 5}
print(a | b, a & b, a - b, b - a, a ^ b, a <= b, a < a, a >= {1}, a > {1, 2, 3, 4}, a.isdisjoint({9}), a == frozenset(a))
print(a.union([7], (8,)), a.intersection(b, [4]), a.difference([1], {2}), a.symmetric_difference([1, 9]), a.issubset(range(10)), a.issuperset([1, 2]))
c = set(a); c |= {10}; c &= {1, 10, 3}; c -= {3}; c ^= {1, 11}; print(c)
c.update([1], [2]); c.intersection_update([1, 2, 10, 11], [2, 10, 11]); c.difference_update([10]); c.symmetric_difference_update([2, 5]); print(c)
show(lambda: a | [1])
show(lambda: a & 'ab')
show(lambda: a < [1])
show(a.union, 1)
show(a.issubset, 5)
print(a == [1, 2, 3, 4], a != {1}, sorted(a | frozenset([0])), type(frozenset([1]) | {2}).__name__, type({2} | frozenset([1])).__name__)
#### set_mutation_errors
s = {1, 2}
show(s.remove, 5)
show(s.pop) ; show(s.pop); show(s.pop)
show(s.add, [1])
show(s.discard, {1})
print(s.discard(99), {frozenset([1])} == {frozenset([1])}, {1}.__contains__(1))
show(lambda: [] in {1})
print(set([1]).__contains__(frozenset()), {frozenset([2])}.__contains__({2}))
show(lambda: {2}.remove({3}))
s = {1}
try:
    for x in s:
        s.add(x + 1)
except RuntimeError as e:
    print(e)
#### frozenset_hash
for fs in [frozenset(), frozenset([1]), frozenset([1, 2]), frozenset([2, 1]), frozenset(range(10)), frozenset([-1, -2]), frozenset([(1, 2)]), frozenset([frozenset([1])])]:
    print(sorted(fs, key=repr), hash(fs))
print(hash(frozenset([1, 2, 3])) == hash(frozenset([3, 2, 1])), frozenset([1]) is frozenset([1]) or 'distinct', frozenset() == set())
f = frozenset([1, 2]); print(frozenset(f) is f, f.copy() is f, type(f.copy()).__name__)
#### set_repr_subclass
class S(set): pass
class F(frozenset): pass
print(S([1]), F([2]), S(), F(), set(), frozenset(), repr(S([1, 2]) | {3}), type(S() | {1}).__name__, type(F() | {1}).__name__)
s = set(); print({1}.copy(), s.copy() is s)
class R:
    def __repr__(self): return 'R'
    def __hash__(self): return 0
print({R()}, frozenset({R()}))
show(hash, set())
#### set_of_floats_strs_len
s = {1, 1.0, True}; print(s, len(s))
s = {0, 0.0, False, -0.0}; print(s)
s = {float('nan'), float('nan')}; print(len(s))
print(len({'a', 'a', 'b'}), sorted({'b', 'a', 'c'}), {(1, 2), (1, 2)}, {None})
#### set_nan_identity
x = float('nan'); print(len({x, x}), x in {x}, {x: 1}.get(x))
#### set_display_order
import random
random.seed(3)
for _ in range(40):
    xs = [random.randrange(-300, 300) for _ in range(random.randrange(3, 30))]
    print(list(eval('{' + ','.join(map(str, xs)) + '}')))
print({-1, -2, 5, 100, 64}, {2**61 - 1, 0, -(2**61 - 1), 2**61}, {1, 9, 17, 25, 33, 41})
s = {8, 16, 24, 32, 40}; s.add(0); print(s, {*[8, 16, 24], 32, 40})
