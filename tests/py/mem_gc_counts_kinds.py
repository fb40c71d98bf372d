# gc.collect() counts for cycles through instances, __slots__, functions, exceptions
# and containers (objects with their own dicts count them too).
import gc

gc.collect()
class A:
    pass
a = A(); b = A(); a.b = b; b.a = a
del a, b
print("2 instances:", gc.collect())

class S:
    __slots__ = ("x",)
s = S(); s.x = s
del s
print("slots:", gc.collect())

class S2:
    __slots__ = ("x", "y")
p = S2(); q = S2(); p.x = q; q.y = p
del p, q
print("two slotted:", gc.collect())

def f():
    pass
f.self = f
del f
print("function:", gc.collect())

l = [[] for _ in range(3)]
l.append(l)
del l
print("list of lists:", gc.collect())

def g():
    yield 1
x = g(); x2 = [x]
d = {"x": x2}; x2.append(d)
del x, x2, d
print("generator in cycle (unstarted):", gc.collect())

try:
    raise ValueError
except ValueError as e:
    err = e
err.me = err
del err
print("exception self-cycle:", gc.collect())
