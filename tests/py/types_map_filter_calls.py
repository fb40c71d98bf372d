# map() and filter() with a plain Python function run it again in the frame its last
# call left idle: results, errors, frames that escape, replaced code, re-entrant steps,
# closures and cycles through the iterator behave as CPython's.
import gc
import sys
import weakref

print(list(map(lambda x: x * 2, range(6))))
print(list(filter(lambda x: x % 3, range(10))))


def add_offset(x):
    y = x + 100
    return y


print(list(map(add_offset, [1, 2, 3])), list(map(add_offset, ())))
print(list(map(lambda x, y=5: x + y, [1, 2])), list(map(lambda *a: a, "ab")))
print(list(map(lambda x, y: x * y, [1, 2, 3], [4, 5, 6])))
print(list(filter(None, [0, 1, "", "a", None, [], [0]])), list(filter(bool, [0, 2])))


# Closures and cell variables are fresh on every call.
def make_scaler(k):
    def scale(x):
        def inner():
            return x * k
        return inner()
    return scale


print(list(map(make_scaler(3), range(5))))
counter = [0]


def counting(x):
    counter[0] += 1
    return counter[0] + x


print(list(map(counting, [10, 20, 30])), counter)


# An exception leaves the iterator usable; the next call starts from a clean frame.
def fragile(x):
    local = x * 10
    if x == 2:
        raise ValueError(f"bad {x} {local}")
    return local


m = map(fragile, [1, 2, 3, 4])
print(next(m))
try:
    next(m)
except ValueError as e:
    print("ValueError:", e, e.__traceback__.tb_next.tb_frame.f_locals)
print(list(m))

# Frames that escape (sys._getframe, locals()) keep their own values.
frames = []


def keep_frame(x):
    frames.append(sys._getframe())
    return x


list(map(keep_frame, [7, 8, 9]))
print([f.f_locals for f in frames], len({id(f) for f in frames}))
print(list(map(lambda x: sorted(locals().items()), [1, 2])))


# Code replaced by the function itself mid-iteration.
def swapping(x):
    swapping.__code__ = (lambda x: -x).__code__
    return x


print(list(map(swapping, [1, 2, 3])))


# A step of the same iterator from inside its function.
def reenter(x):
    if x == 0:
        return ("inner", next(it, None))
    return x


it = map(reenter, [0, 1, 2, 3])
print(next(it), list(it))
ft = None


def reenter_filter(x):
    if x == 1:
        print("nested filter step:", next(ft, None))
    return x % 2 == 1


ft = filter(reenter_filter, range(6))
print(list(ft))


# Generator functions and coroutines are called, not run in place.
def gen(x):
    yield x


print([list(g) for g in map(gen, [1, 2])])
print(list(filter(gen, [0, 1])) == [0, 1])


# A cycle through the iterator, its function's closure and the object is collected.
class Holder:
    pass


def cycle():
    h = Holder()
    h.m = map(lambda x: h, [1, 2, 3])
    next(h.m)
    h.f = filter(lambda x: h, [1, 2, 3])
    next(h.f)
    return weakref.ref(h)


wr = cycle()
gc.collect()
print("cycle collected:", wr() is None)


# Finalizers of arguments run when the call releases them, as CPython's.
class Noisy:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        print("del", self.n)


def consume(x):
    return x.n


print(list(map(consume, [Noisy(1), Noisy(2)])))
m = map(consume, iter([Noisy(3), Noisy(4)]))
print(next(m))
print("between")
print(next(m))
del m
print("end")
