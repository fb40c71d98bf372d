# Classes with __slots__ (member descriptors refer to their class) are collected too.
import gc
import weakref

gc.collect()

def make():
    class P:
        __slots__ = ("x", "y")
        def __init__(self):
            self.x = 1
            self.y = 2
    class Q:
        __slots__ = ("a", "__weakref__")
    class R:
        pass
    return P, Q, R

refs = [weakref.ref(c) for c in make()]
print([r() is not None for r in refs])
gc.collect()
print([r() for r in refs])

P, Q, R = make()
p = P()
rp = weakref.ref(P)
del P
gc.collect()
print(rp() is not None, p.x, p.y)
del p
gc.collect()
print(rp())
