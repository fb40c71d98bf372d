def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### seq_iter_reduce
it = iter([1, 2]); print(it.__reduce__()); list(it); print(it.__reduce__())
it = iter((1, 2)); next(it); print(it.__reduce__()); list(it); print(it.__reduce__())
it = iter('abc'); next(it); print(it.__reduce__()); list(it); print(it.__reduce__())
it = iter('héllo'); next(it); next(it); print(it.__reduce__())
it = iter(b'abc'); next(it); print(it.__reduce__())
#### reversed_reduce
it = reversed([1, 2, 3]); next(it); print(it.__reduce__()); list(it); print(it.__reduce__())
class S:
    def __getitem__(self, i):
        if i < 3: return i * 10
        raise IndexError
    def __len__(self): return 3
it = reversed(S()); next(it); r = it.__reduce__(); print(r[0], r[2]); list(it); print(it.__reduce__())
it = iter(S()); next(it); r = it.__reduce__(); print(r[0], r[2], type(it).__name__); list(it); print(it.__reduce__())
#### setstate
it = iter([1, 2, 3]); it.__setstate__(2); print(list(it))
it = iter([1, 2, 3]); it.__setstate__(-5); print(list(it))
it = reversed([1, 2, 3]); it.__setstate__(0); print(list(it))
it = reversed([1, 2, 3]); it.__setstate__(10); print(list(it))
it = iter('abc'); it.__setstate__(1); print(list(it))
it = iter(range(10)); it.__setstate__(7); print(list(it), it.__length_hint__())
it = iter(range(3)); it.__setstate__(-1); print(list(it))
it = iter((1, 2)); it.__setstate__(5); print(list(it))
#### range_iter_reduce
it = iter(range(1, 10, 2)); next(it); next(it); print(it.__reduce__())
it = iter(range(5, 0, -2)); print(it.__reduce__()); list(it); print(it.__reduce__())
print(range(3).__reduce__(), range(-2, 9, 4).__reduce__())
#### dict_set_iter_reduce
it = iter({1: 2, 3: 4}); next(it); print(it.__reduce__())
it = iter({1: 2, 3: 4}.items()); print(it.__reduce__())
it = iter({1: 2, 3: 4}.values()); next(it); print(it.__reduce__(), list(it))
it = iter({5, 6}); next(it); print(it.__reduce__())
it = reversed({1: 2, 3: 4}); print(it.__reduce__(), list(it))
#### adaptor_reduce
e = enumerate('ab', 3); next(e); r = e.__reduce__(); print(r[0], r[1][1], list(r[1][0]))
z = zip('a', 'b', strict=True); r = z.__reduce__(); print(r[0], len(r[1]), r[2:])
z = zip('a', 'b'); print(len(z.__reduce__()))
m = map(abs, [1]); print(m.__reduce__()[0], m.__reduce__()[1][0])
f = filter(None, [1]); print(f.__reduce__()[0], f.__reduce__()[1][0])
c = iter(int, 1); print(c.__reduce__())
#### length_hints
import operator
for obj in [[1, 2, 3], (1,), 'abcd', b'xy', range(7), {1: 1, 2: 2}, {1, 2, 3}, {1: 1}.items()]:
    it = iter(obj)
    h0 = operator.length_hint(it)
    next(it)
    print(type(it).__name__, h0, operator.length_hint(it))
it = reversed([1, 2, 3]); print(operator.length_hint(it), next(it), operator.length_hint(it))
it = reversed(range(5)); print(operator.length_hint(it))
print(operator.length_hint(iter(int, 1), 42), operator.length_hint(map(abs, [1]), 5), operator.length_hint(x for x in []))
d = {1: 1}; it = iter(d); d[2] = 2; print(operator.length_hint(it))
#### dict_reversed_types
d = {'a': 1, 'b': 2, 'c': 3}
for r in [reversed(d), reversed(d.keys()), reversed(d.values()), reversed(d.items())]:
    print(type(r).__name__, list(r))
r = reversed(d); next(r); d['z'] = 0
show(next, r)
d = {1: 1, 2: 2}; r = reversed(d); del d[2]; d[3] = 3
show(list, r)
d = {}; print(list(reversed(d)), list(reversed({}.items())))
d = {i: i for i in range(10)}
for i in range(0, 10, 2): del d[i]
print(list(reversed(d)), list(reversed(d.values())))
#### dict_keys_changed
d = {1: 1, 2: 2, 3: 3}
try:
    for k in d:
        del d[k]
        d[k + 100] = 0
except RuntimeError as e:
    print(e)
d = {'a': 1}
try:
    for k in d.items():
        d.pop('a'); d['a'] = 2
except RuntimeError as e:
    print(e)
print(d)
d = {1: 1}
for k in d:
    d[k] = 5
print(d)
s = {1, 2}
try:
    for x in s:
        s.add(x + 10)
except RuntimeError as e:
    print(e)
