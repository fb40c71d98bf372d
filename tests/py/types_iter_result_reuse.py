# dict-items and enumerate iterators hand out their last result tuple again, rewritten in
# place, once the caller dropped it (CPython's dictiter/enum result reuse): the values stay
# right, kept tuples are never rewritten, and the old items live until the next step.
import gc
import sys
import weakref

d = {i: str(i) for i in range(6)}

# Unpacked at each step: the right pairs, in order, forward and reversed.
print([(k, v) for k, v in d.items()])
print([(k, v) for k, v in reversed(d.items())])
print([(i, c) for i, c in enumerate("abcdef", 10)])

# Tuples that are kept are never rewritten afterwards.
kept = list(d.items())
print(kept, len({id(t) for t in kept}))
kept = [t for t in d.items()]
print(kept)
kept = []
for t in enumerate("xyz"):
    kept.append(t)
print(kept)
it = iter(d.items())
a = next(it)
b = next(it)
print(a, b, a is b)
del a
c = next(it)
print(b, c)

# A tuple dropped by the caller comes back as the next result.
it = iter(d.items())
print(id(next(it)) == id(next(it)))
it = enumerate("ab")
print(id(next(it)) == id(next(it)))


# The old key and value stay referenced by the iterator until the next step.
class Noisy:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        print("del", self.n)


d2 = {i: Noisy(i) for i in range(3)}
it = iter(d2.items())
k, v = next(it)
del v
print("clearing")
d2.clear()
print("cleared")
try:
    next(it)
except RuntimeError as e:
    print("RuntimeError:", e)
print("dropping the iterator")
del it
print("dropped")

gen_items = [Noisy(10), Noisy(11)]
it = enumerate(gen_items)
i, x = next(it)
del x
gen_items.clear()
print("list cleared")
i, x = next(it) if False else (None, None)
del it
print("enumerate dropped")

# Reference counts see the reused tuple as CPython's do.
o = object()
d3 = {"a": o}
for k, v in d3.items():
    print("refcount in loop", sys.getrefcount(o))
print("refcount after", sys.getrefcount(o))
for i, v in enumerate([o]):
    print("enumerate refcount in loop", sys.getrefcount(o))
print("refcount after", sys.getrefcount(o))


# A cycle through the iterator's kept tuple is collected.
class Holder:
    pass


h = Holder()
d4 = {"h": h}
h.it = iter(d4.items())
next(h.it)
wr = weakref.ref(h)
del h, d4
gc.collect()
print("cycle through dict items collected:", wr() is None)

h = Holder()
h.it = enumerate([h])
next(h.it)
wr = weakref.ref(h)
del h
gc.collect()
print("cycle through enumerate collected:", wr() is None)

# A finalizer run by the rewrite can step the same iterator.
class Stepper:
    def __del__(self):
        print("stepper del, next:", next(shared, None))


d5 = {1: Stepper(), 2: "two", 3: "three"}
shared = iter(d5.items())
k, v = next(shared)
del v
d5[1] = "one"
print("before step")
k, v = next(shared)
print("after step", k, v)
print("rest", list(shared))
