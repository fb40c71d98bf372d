# A map or filter iterator between two items holds one reference to its function, as
# CPython's does (pyrs keeps the finished call's frame for the next item; that frame must
# not keep the function alive or counted).
import sys


def f(x):
    return x + 1


def pred(x):
    return x % 2


base = sys.getrefcount(f)
m = map(f, range(5))
print(sys.getrefcount(f) - base)
print(next(m), sys.getrefcount(f) - base)
print(next(m), sys.getrefcount(f) - base)
print(list(m), sys.getrefcount(f) - base)
del m
print(sys.getrefcount(f) - base)

base = sys.getrefcount(pred)
it = filter(pred, range(7))
print(next(it), sys.getrefcount(pred) - base)
print(next(it), sys.getrefcount(pred) - base)
del it
print(sys.getrefcount(pred) - base)

# Two-argument map, and a map whose function is swapped for another code in between.
def add(a, b):
    return a + b


base = sys.getrefcount(add)
m2 = map(add, [1, 2, 3], [10, 20, 30])
print(next(m2), sys.getrefcount(add) - base)
add.__code__ = (lambda a, b: a * b).__code__
print(list(m2), sys.getrefcount(add) - base)
del m2
print(sys.getrefcount(add) - base)

# After a key function's last call, sorted/min/max keep no reference to it.
def key(x):
    return -x


base = sys.getrefcount(key)
print(sorted([3, 1, 2], key=key), min([3, 1, 2], key=key), max([3, 1, 2], key=key))
print(sys.getrefcount(key) - base)

# The function is freed when the last other reference goes while an iterator holds it.
import weakref


def g(x):
    return x * 2


r = weakref.ref(g)
m3 = map(g, [1, 2, 3])
print(next(m3))
del g
print(r() is not None, list(m3))
del m3
print(r())
