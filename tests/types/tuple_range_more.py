def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### range_huge
r = range(10**20, 10**21, 10**19)
print(r, len(r), r[0], r[-1], r[5], 10**20 + 10**19 in r, 5 in r, r.index(2 * 10**20), r.count(10**20))
big = range(0, 2**64)
show(len, big)
print(big[2**63], big[-1], big[::2**62], big.stop, bool(big))
show(r.index, 1)
#### range_slicing_equality
r = range(0, 20, 3)
print(r[::2], r[::-1], r[1:-1], r[5:1:-2], r[100:], list(r[::-3]))
print(range(0) == range(5, 5), range(0, 3) == range(0, 4, 5) if False else range(0, 1) == range(0, 2, 5), range(1, 10, 3) == range(1, 11, 3), hash(range(0)) == hash(range(3, 3)))
print(range(3) == [0, 1, 2], range(3) != range(3), list(reversed(range(1, 10, 4))), range(5).count(3), range(5).count(3.0))
show(range, 1.5)
show(range, 1, 2, 0)
show(range)
show(range, 1, 2, 3, 4)
show(range(3).index, 3)
show(lambda: range(3)[3])
show(lambda: range(3) < range(4))
print(repr(range(-5)), range(1, 2, 1), range(1, 2, -1), list(range(5, -5, -3)))
#### range_attrs_iter
r = range(1, 10, 2)
print(r.start, r.stop, r.step, r.__reduce__(), iter(r).__length_hint__(), type(iter(r)).__name__, type(iter(range(2**70))).__name__)
it = iter(r); next(it); print(it.__reduce__()[0].__name__, it.__reduce__()[1:], list(it))
it = iter(range(5)); it.__setstate__(3); print(list(it))
print(type(reversed(r)).__name__, list(reversed(range(2**64, 2**64 + 3))))
#### tuple_methods
t = (1, 2, 3, 2, 1)
print(t.count(2), t.index(2), t.index(2, 2), t.index(1, -1), t[::-1], t[1:3], t * 2, t + (4,), (1,) * 0, 3 * ())
show(t.index, 9)
show(t.index, 2, 0, 1)
show(lambda: t + [1])
show(lambda: t[10])
show(t.__setitem__ if hasattr(t, '__setitem__') else (lambda: t.__class__.__setitem__), 0, 1)
def assign():
    t[0] = 5
show(assign)
print(tuple(), tuple('ab'), tuple([1]), (1,) == (1.0,), (1, 2) < (1, 3), () < (0,), hash((1, 2)) == hash((1, 2)))
#### tuple_hash
for t in [(), (1,), (1, 2), (1, (2, 3)), (1.5, -1), (2**61, -1)]:
    print(t, hash(t))
show(hash, (1, [2]))
show(hash, ([],))
#### tuple_subclass
class P(tuple):
    def __new__(cls, a, b): return super().__new__(cls, (a, b))
    @property
    def x(self): return self[0]
p = P(1, 2)
print(p, p.x, type(p[:]).__name__, type(p + p).__name__, len(p), p == (1, 2), hash(p) == hash((1, 2)))
print(type(tuple(p)).__name__, tuple(p) is p)
#### slice_objects
s = slice(1, 10, 2)
print(s, s.start, s.stop, s.step, s.indices(5), slice(None).indices(3), slice(-1, None, -1).indices(4), slice(10, -10, -3).indices(7))
print(slice(3), slice(1, 2), slice(None, None, None), slice(1, 2) == slice(1, 2), slice(1, 2) < slice(1, 3))
show(slice(0, 1, 0).indices, 5)
show(slice(1).indices, -1)
show(slice, 1, 2, 3, 4)
show(slice)
show(hash, slice(1))
print(slice('a', 'b').start, [1, 2, 3][slice(None, None, -1)], 'abc'[slice(1, None)])
show(lambda: [1][slice('a', None)])
print(slice(2**70).indices(10), slice(-2**70, 2**70).indices(10))
