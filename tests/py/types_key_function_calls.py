# Key functions called from native code (list.sort, sorted, min, max): the same function
# runs once per item, and whatever a call leaves behind (frame objects, tracebacks,
# locals(), a replaced __code__, finalizers, recursion, mutation) must look as in CPython.
import sys

data = [5, 3, 9, 1, 7, 3, 8]

# Plain, closure, default argument, bound method, builtin, class, lambda with cells.
print(sorted(data, key=lambda x: -x))
k = 3
print(sorted(data, key=lambda x: (x % k, x)))
print(sorted(data, key=lambda x, y=10: y - x))


class Box:
    def __init__(self, s):
        self.s = s

    def key(self, x):
        return x * self.s


print(sorted(data, key=Box(-1).key))
print(sorted(["b", "A", "c"], key=str.lower))
print(sorted(data, key=str))
print(min(data, key=lambda x: abs(x - 6)), max(data, key=lambda x: -abs(x - 6)))
print(min([4], key=lambda x: x), max(data, key=lambda x: x % 4))


def cells(x):
    def inner():
        return x * 2

    return inner()


print(sorted(data, key=cells))

# A frame object taken in one call keeps that call's locals; the next calls do not
# disturb it.
frames = []


def grab(x):
    y = x * 10
    frames.append(sys._getframe())
    return y


print(sorted(data, key=grab))
print([f.f_locals for f in frames])
print(len(set(map(id, frames))))

# Tracebacks of exceptions caught inside the key keep their frame's locals.
tbs = []


def catcher(x):
    z = x + 100
    try:
        raise ValueError(x)
    except ValueError as e:
        tbs.append(e.__traceback__)
    return z


print(sorted(data, key=catcher))
print([tb.tb_frame.f_locals["z"] for tb in tbs])

# locals() in a key.
seen = []


def with_locals(x):
    w = -x
    seen.append(locals())
    return w


print(sorted(data, key=with_locals), seen[:3])


# A key that replaces its own code midway: later calls run the new code.
def swapping(x):
    if x == 9:
        swapping.__code__ = (lambda x: 1000 + x).__code__
    return x


print(sorted(data, key=swapping))
print(swapping(1))

# A key raising midway: the exception passes through, the list keeps its items.
lst = list(data)


def bad(x):
    if x == 1:
        raise KeyError("bad key %d" % x)
    return x


try:
    lst.sort(key=bad)
except KeyError as e:
    print("KeyError", e, lst)
try:
    max(data, key=bad)
except KeyError as e:
    print("max KeyError", e)
print(sorted(data, key=bad.__class__ and (lambda x: x)))

# A key that mutates the list being sorted.
lst = list(data)


def mutate(x):
    lst.append(x)
    return x


try:
    lst.sort(key=mutate)
except ValueError as e:
    print("ValueError", e, sorted(lst))


# Recursion: the key sorts with itself.
def rec(x):
    if isinstance(x, list):
        return sorted(x, key=rec)[0]
    return x


print(sorted([[3, 1], [2, 5], [0, 9]], key=rec))

# Finalizers of a call's locals run when that call returns, before the next call.
log = []


class Noisy:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        log.append("del %d" % self.n)


def noisy(x):
    log.append("call %d" % x)
    tmp = Noisy(x)
    return x


sorted([3, 1, 2], key=noisy)
print(log)

# Reference counts: the key's argument and result are not leaked or lost.
obj = object()
before = sys.getrefcount(obj)
for _ in range(3):
    sorted([obj, obj], key=lambda o: 1)
    min([obj], key=lambda o: o)
print(sys.getrefcount(obj) - before)

# A generator function as key makes a generator per item.
def gen(x):
    yield x


print(type(min([1], key=gen)).__name__)
try:
    sorted([1, 2], key=gen)
except TypeError as e:
    print("TypeError", e)

# Wrong arity and keyword-only parameters go through the ordinary call path.
try:
    sorted(data, key=lambda: 0)
except TypeError as e:
    print("TypeError", e)
try:
    sorted(data, key=lambda x, *, y: 0)
except TypeError as e:
    print("TypeError", e)
try:
    min(data, key=lambda x, y: 0)
except TypeError as e:
    print("TypeError", e)


# Deep recursion inside the key still raises RecursionError, and the next sort works.
def deep(x):
    return deep(x)


try:
    sorted([1, 2], key=deep)
except RecursionError as e:
    print("RecursionError", e)
print(sorted(data, key=lambda x: x))
