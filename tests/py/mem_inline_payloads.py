# Small tuples, bound methods, slices, dict views, iterators, tracebacks and bound
# built-in methods keep their state inside the object (no second allocation): their
# contents are still released in CPython's order, traversed by the cycle collector and
# cleared when garbage, at every size on both sides of the inline limit.
import gc
import sys


class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print('del', self.name)

    def m(self):
        return self.name


# Tuples of every length around the inline limit: items go last to first.
for n in range(7):
    print('tuple', n)
    t = tuple(Noisy('t%d.%d' % (n, i)) for i in range(n))
    print(len(t), [x.name for x in t[::2]], t[1:3] == t[1:3], hash(t) == hash(t))
    del t

# A tuple in a cycle (tuple -> list -> tuple), small and large, is collected.
gc.collect()
for n in (1, 4, 5, 9):
    holder = [Noisy('cyc%d' % n)]
    t = tuple([holder] + [Noisy('cyc%d.%d' % (n, i)) for i in range(n - 1)])
    holder.append(t)
    del holder, t
    print('collected', n, gc.collect() > 0)

# Tuples as dict keys, compared, concatenated and repeated across the limit.
d = {(1, 2, 3, 4): 'four', (1, 2, 3, 4, 5): 'five', (): 'empty'}
print(d[(1, 2) + (3, 4)], d[tuple(range(1, 6))], d[()], (1, 2) * 3, (1, 2, 3, 4) < (1, 2, 3, 4, 0))
print(tuple(range(4)).count(2), tuple(range(10)).index(7), sys.getsizeof(()) > 0)

# A bound method holding its object in a cycle.
n = Noisy('bound')
n.self_method = n.m
print(n.self_method(), n.m == n.m, hash(n.m) == hash(n.m), n.m.__self__ is n)
del n
print('collected bound', gc.collect() > 0)

# Bound built-in methods and slices.
lst = []
app = lst.append
app(lst)
print(app.__self__ is lst, app.__name__, lst[0] is lst)
s = slice(Noisy('start'), None, 2)
print(s.step, s.start.name)
del s
del app, lst
gc.collect()

# Dict views and iterators keep their containers; iterators over big-int ranges.
dv = {'a': 1}.keys()
print(list(dv), dv.mapping)
big = iter(range(10**20, 10**20 + 3))
print(big.__length_hint__(), next(big), big.__length_hint__(), list(big), big.__length_hint__())
it = iter([Noisy('it0'), Noisy('it1')])
print(next(it).name)
del it
e = enumerate(('x', 'y'))
print(list(e), list(zip((1, 2), 'ab')), list(map(abs, (-1, -2))))

# Tracebacks chained through frames.
def f(k):
    if k == 0:
        raise ValueError('deep')
    f(k - 1)


try:
    f(3)
except ValueError as exc:
    tb = exc.__traceback__
    depth = 0
    while tb is not None:
        depth += 1
        tb = tb.tb_next
    print('traceback depth', depth, exc.__traceback__.tb_lineno > 0)
print('end')
