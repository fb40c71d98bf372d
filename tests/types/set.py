def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### int_order
print({5, 3, 1, 100, 64, 33, 2**40, -1, -2}, set(range(20, 0, -3)), {1000, 8, 16, 24, 32})
s = set()
for i in (7, 15, 23, 31, 39, 47): s.add(i)
print(s)
for i in (15, 31): s.discard(i)
s.add(8); print(s)
#### ops
a, b = {1, 2, 3}, {3, 4}
print(a | b, a & b, a - b, b - a, a ^ b, a <= b, {1} < a, a >= {1, 2}, a > a, a == {3, 2, 1}, a != b)
print(a.union(b, [9]), a.intersection(b, {3}), a.difference([1], (2,)), a.symmetric_difference([4, 5]), a.issubset(range(5)), a.issuperset([1]), a.isdisjoint([7]))
show(lambda: a | [1])
show(lambda: a < [1])
#### inplace
a = {1, 2}; c = a; a |= {3}; a &= {1, 3, 5}; a -= {5}; a ^= {9}; print(a, c is a)
a.update([4], (5,)); a.intersection_update(range(10)); a.difference_update({1}); a.symmetric_difference_update({4, 7}); print(a)
#### methods
s = {1, 2, 3}
print(s.pop(), s, s.copy(), len(s))
s.remove(2); s.discard(99); print(s)
show(s.remove, 99)
s.clear(); print(s)
show(s.pop)
show(set().add, [])
#### frozenset
f = frozenset([3, 1, 2])
print(f, repr(frozenset()), f | {9}, type(f | {9}).__name__, type({9} | f).__name__, f & {1}, hash(f) == hash(frozenset([1, 2, 3])), {f: 1}[frozenset({1, 2, 3})])
print(frozenset() == set(), frozenset([1]) in {frozenset([1])}, {1} in {frozenset([1])})
show(lambda: f.add)
#### frozenset_hash
for s in (frozenset(), frozenset([1]), frozenset([1, 2]), frozenset('abc'), frozenset([(1, 2), 7.5])):
    print(hash(s))
#### repr_subclass
class S(set): pass
class F(frozenset): pass
print(S([1, 2]), F([1]), repr(S()), repr(F()), type(S([1]) | {2}).__name__, type(F([1]) | {2}).__name__)
#### recursive_and_mutation
class H:
    def __init__(self, s): self.s = s
    def __hash__(self): return 1
    def __repr__(self): return 'H'
s = set()
s.add(H(s)); print(s)
s = {1, 2, 3}
try:
    for x in s:
        s.add(x + 10)
except RuntimeError as e:
    print(e)
#### set_comprehension_strs
print(sorted({c for c in 'mississippi'}), len({(i, i % 3) for i in range(9)}))
#### set_constructor_errors
show(set, 1)
show(set, [[]])
show(set, [1], [2])
print(set('aab') == {'a', 'b'}, set({'k': 1}), set(x for x in range(3)))
#### set_mixed_numbers
print({1, 1.0, True}, {0, 0.0, False, -0.0}, {2**64, float(2**64)}, len({1, 1+0j}))
#### large_set
s = set(range(0, 100000, 7))
print(len(s), 700 in s, 701 in s, sum(s) % 1000)
for i in range(0, 100000, 14): s.discard(i)
print(len(s), min(s), max(s))
#### contains_unhashable
s = {1}
show(s.__contains__, [])
show(lambda: [] in s)
show(lambda: {1} in s)
print(frozenset({1}) in {frozenset({1})})
