def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### sort_stability
data = [(k % 3, i) for i, k in enumerate([5, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9])]
print(sorted(data, key=lambda t: t[0]))
print(sorted(data, key=lambda t: t[0], reverse=True))
words = ['banana', 'Apple', 'cherry', 'apple', 'Banana', 'date']
print(sorted(words, key=str.lower), sorted(words, key=len, reverse=True), sorted(words))
#### sort_modified
a = [3, 1, 2]
def key(x):
    a.append(x)
    return x
show(a.sort, key=key)
print(a)
b = [5, 4, 3, 2, 1]
def cmp_key(x):
    b.clear()
    return x
show(b.sort, key=cmp_key)
print(b)
#### sort_errors
show([1, 'a'].sort)
show([3, None, 1].sort)
show(sorted, [1, 2], key=1)
show([1].sort, 1)
show(sorted)
show(sorted, [1], reversed=True)
class K:
    def __init__(self, v): self.v = v
    def __lt__(self, o): return self.v < o.v
    def __repr__(self): return 'K%d' % self.v
print(sorted([K(3), K(1), K(2)]), max([K(3), K(5)]) if hasattr(K, '__gt__') else '')
#### sort_large_patterns
import random
random.seed(12345)
for n in [0, 1, 2, 31, 64, 65, 500, 3000]:
    xs = [random.randrange(n // 2 + 1) for _ in range(n)]
    pairs = [(x, i) for i, x in enumerate(xs)]
    s = sorted(pairs, key=lambda p: p[0])
    print(n, s == sorted(pairs), sorted(xs) == sorted(xs, reverse=True)[::-1], sorted(xs)[:5])
print(sorted(range(100, 0, -1))[:5], sorted([1.5, -0.0, 0.0, float('inf'), -2])[:5])
#### slice_assign_steps
a = list(range(10))
a[::2] = 'abcde'; print(a)
a[1::3] = [None] * 3; print(a)
show(a.__setitem__, slice(None, None, 2), [1, 2])
a[2:5] = []; print(a)
a[len(a):] = [99]; print(a)
a[:0] = (7, 8); print(a)
a[::-1] = range(len(a)); print(a)
del a[::3]; print(a)
del a[::-2]; print(a)
a[1:3] = a; print(a)
b = [1, 2, 3]; b[5:1] = ['x']; print(b)
show(b.__setitem__, slice(None), 5)
show(b.__setitem__, slice(None, None, 2), 5)
#### recursive_repr
a = [1]; a.append(a); print(a, repr(a), str([a, a]))
d = {'k': a}; a.append(d); print(a)
t = (a,); print(t)
b = []; c = [b]; b.append(c); print(b, c)
#### list_methods_errors
a = [1, 2, 3, 2]
print(a.index(2), a.index(2, 2), a.index(2, -1), a.count(2), a.count('x'))
show(a.index, 5)
show(a.index, 2, 0, 1)
show(a.remove, 9)
show(a.pop, 10)
show([].pop)
show(a.insert, 1)
show(a.index)
show(a.append)
show(a.extend, 1)
show(a.__getitem__, 'x')
show(a.__getitem__, 10)
show(list, 1)
show(list, [1], [2])
print(a * 0, a * -1, [0] * 3, 2 * [1, 2], a[:], a.copy() == a, a.copy() is a)
#### list_iadd_any_iterable
a = [1]
a += (2, 3); a += 'ab'; a += {4: 0}; a += range(5, 7); a += (x for x in [8]); print(a)
show(lambda: a + (1,))
def f():
    global a
    a += 5
show(f)
a.extend(iter([9])); a.extend(a); print(len(a))
#### list_compare
print([1, 2] < [1, 2, 0], [1, 2] == [1, 2.0], [[1]] < [[2]], [] < [0], [1, 'a'] == [1, 'a'])
show(lambda: [1] < ['a'])
show(lambda: [1] < (1,))
print([1] == (1,), [1, [2, [3]]] == [1, [2, [3]]])
#### list_reversed_iter
a = [1, 2, 3]
r = reversed(a)
print(type(r).__name__, r.__length_hint__(), next(r), r.__length_hint__(), list(r), r.__length_hint__())
it = iter(a); next(it); print(it.__length_hint__(), list(it))
r = reversed(a); a.append(4); print(list(r))
it = iter(a); a.clear(); print(list(it))
#### list_constructor_clear
class L(list):
    def __init__(self, *a):
        super().__init__(*a)
        self.extra = 1
l = L('ab'); print(l, l.extra, type(l[:]).__name__, type(l + l).__name__, type(l * 2).__name__)
l.__init__([9]); print(l)
print(list(range(3)), list({1: 2}), list('x'), list(b'ab'))
#### list_compare_nan
print([float('nan')] == [float('nan')])
x = float('nan'); print([x] == [x], [x] < [x], x in [x], [x].count(x))
#### sort_timsort_order
import random, hashlib
random.seed(11)
nan = float('nan')
class K:
    __slots__ = ('v',)
    def __init__(self, v): self.v = v
    def __lt__(self, o): return (self.v * 7919 + o.v) % 5 < 2
    def __repr__(self): return str(self.v)
print(sorted([3.0, nan, 1.0, 2.0]), sorted([nan, 2, 1]), sorted([2, nan, 0, 1]))
out = []
for n in [10, 33, 64, 65, 130, 700]:
    xs = [random.choice([nan, random.random(), random.randrange(5)]) for _ in range(n)]
    out.append(repr(sorted(xs)))
    out.append(repr(sorted(xs, reverse=True)))
    out.append(repr(sorted([K(random.randrange(100)) for _ in range(n)])))
    ws = [(w,) for w in sorted(random.random() for _ in range(n)) + [random.random() for _ in range(n // 3)]]
    out.append(repr(sorted(ws)))
print(hashlib.md5('\n'.join(out).encode()).hexdigest(), len(out))
print(sorted([K(i) for i in range(20)]))
