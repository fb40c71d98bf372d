def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### tuple_basics
t = (1, 'a', [2])
print(t, (1,), (), t[1], t[-1], t[::-1], t[1:], len(t), t.count(1), t.index('a'), 'a' in t, t + (3,), t * 2, () * 5)
show(t.index, 9)
show(lambda: t[5])
show(lambda: t + [1])
#### tuple_hash
for t in ((), (1,), (1, 2), ('a', 'b'), (1, (2, 3)), (True, 1.5, "x"), (-1,), (2**61,)):
    print(hash(t))
show(hash, (1, []))
#### tuple_compare
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 9), (1, 'a') == (1.0, 'a'), () < (0,))
show(lambda: (1, 'a') < (1, 2))
#### tuple_constructor
print(tuple(), tuple('ab'), tuple([1, 2]), tuple(range(3)), tuple({1: 2}), tuple(x for x in 'xy'))
show(tuple, 1)
show(tuple, [1], [2])
#### tuple_repr_nested
print(((1,),), ((),), (1, (2, (3, ()))), repr(('a',)))
class T(tuple): pass
print(T((1, 2)), type(T((1,)) + (2,)).__name__, T() == ())
#### range_basics
r = range(2, 20, 3)
print(r, list(r), len(r), r[0], r[-1], r[1:3], r[::-1], r[::2], 5 in r, 6 in r, r.index(8), r.count(11), r.start, r.stop, r.step)
print(range(5), range(0, 5), range(0, 5, 1), range(10, 0, -2), list(range(10, 0, -2)), len(range(0)), len(range(5, 0)))
show(range, 1, 2, 0)
show(range, 1.5)
show(r.index, 3)
show(lambda: r[10])
#### range_huge
r = range(0, 10**20, 3)
print(r[-1], r[10**18], 10**19 in r, r.index(3 * 10**18), r[10**15:10**15 + 3])
show(len, r)
print(r.__len__() if False else 'skip', len(range(-10**20, 0, 10**19)))
#### range_equality
print(range(0) == range(5, 5), range(0, 3) == range(0, 4, 3) , range(0, 3, 2) == range(0, 4, 2), range(1, 2) == range(1, 2, 5), hash(range(0)) == hash(range(3, 3)), range(3) != [0, 1, 2])
print(list(reversed(range(1, 10, 4))), list(reversed(range(0))))
#### range_contains_types
r = range(10)
print(3.0 in r, 3.5 in r, True in r, '3' in r, r.count(3.0))
#### slice_objects
s = slice(1, 10, 2)
print(s, slice(5), slice(None), s.start, s.stop, s.step, s.indices(5), slice(None, None, -1).indices(10), slice(-3, None).indices(10), slice(-100, 100, 3).indices(7))
print(slice(1, 2) == slice(1, 2), slice(1, 2) < slice(1, 3), repr(slice('a', [1])))
show(slice(None, None, 0).indices, 5)
show(slice(1, 2).indices, -1)
show(hash, slice(1, 2))
show(slice)
#### unpacking
a, *b, c = range(6); print(a, b, c)
(x, y), z = 'ab', 3; print(x, y, z)
try:
    p, q = (1, 2, 3)
except ValueError as e:
    print(e)
try:
    p, q, r = (1, 2)
except ValueError as e:
    print(e)
try:
    p, *q, r, s = (1, 2)
except ValueError as e:
    print(e)
try:
    p, q = 5
except TypeError as e:
    print(e)
#### enumerate_zip_map_filter
print(list(enumerate('ab', 5)), list(zip('ab', range(3))), list(zip()), list(map(pow, [2, 3], [3, 2])), list(filter(None, [0, 1, '', 'a'])))
print(list(zip('abc', range(3), strict=True)))
try:
    list(zip('abc', range(2), strict=True))
except ValueError as e:
    print(e)
try:
    list(zip('ab', range(3), strict=True))
except ValueError as e:
    print(e)
e = enumerate('xyz'); print(next(e), type(e).__name__, repr(zip()).startswith('<zip object'))
show(enumerate, 5)
show(map, len)
show(zip, 5)
#### reversed_builtin
print(list(reversed([1, 2])), list(reversed((1, 2))), list(reversed('ab')), list(reversed(range(3))))
class R:
    def __len__(self): return 3
    def __getitem__(self, i): return i * 10
print(list(reversed(R())))
show(reversed, {1})
show(reversed, 5)
#### range_big_bounds
r = range(1 << 100)
print(r, r[-1], r[2**99], len(range(0, 2**62, 2**61)), 2**99 in r, -1 in r, r[::2**98], r.index(12345), r.count(2**100 - 1))
show(len, r)
it = iter(range(2**64, 2**64 + 3)); print(type(it).__name__, list(it), list(reversed(range(2**64, 2**64 + 6, 2))))
print(range(2**70) == range(0, 2**70, 1), hash(range(2**70)) == hash(range(0, 2**70)), bool(range(2**70, 0)), range(10**20, 0, -3)[5])
print(range(-2**63, 2**63 - 1)[-1], len(range(-2**62, 2**62)), list(range(2**63 - 3, 2**63 + 1)))
#### generic_alias_union
print(list[int], dict[str, list[int]], tuple[int, ...], tuple[()], type[int])
a = list[int]
print(a.__origin__, a.__args__, a.__parameters__, a == list[int], hash(a) == hash(list[int]), a(range(3)))
print(int | str, int | None, None | int, int | str | int, (int | str) == (str | int), type(int | str).__name__, (int | str).__args__)
print(isinstance(3, int | str), isinstance(3.0, int | str), issubclass(bool, int | str), int | list[int])
show(isinstance, 1, list[int])
show(issubclass, int, list[int])
class C: pass
print(C | None, list[C], type(list[int]).__name__, int | int)
show(lambda: int | 3)
