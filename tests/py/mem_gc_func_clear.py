# A function cleared by the collector keeps a consistent state (its names become empty)
# for a finalizer that gets hold of it while the garbage is being cleared; object()
# instances are not tracked.
import gc
import weakref

class LateFin:
    __slots__ = ("ref",)
    def __del__(self):
        # Runs while the cycle is being cleared: fetch the function being cleared.
        global func
        func = self.ref()

class Cyclic(tuple):
    __slots__ = ()
    def __del__(self):
        # The weak reference is made after the collector cleared the old ones.
        self[1].ref = weakref.ref(self[0])
        global latefin
        del latefin

latefin = LateFin()
def func():
    pass
cyc = tuple.__new__(Cyclic, (func, latefin))
func.__module__ = cyc
del func, cyc
gc.collect()
print(repr(func.__name__), repr(func.__qualname__))
print(gc.is_tracked(object()), gc.is_tracked(type("T", (), {})()))
