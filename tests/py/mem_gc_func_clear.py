# A function cleared by the collector keeps a consistent state (its names become empty)
# for finalizers that still see it; object() instances are not tracked.
import gc

class LateFin:
    __slots__ = ("ref",)
    def __del__(self):
        global func
        func = self.ref()

class Cyclic(tuple):
    __slots__ = ()
    def __del__(self):
        self[1].ref = self[0]

latefin = LateFin()
def func():
    pass
cyc = tuple.__new__(Cyclic, (func, latefin))
func.__module__ = cyc
del func, cyc
gc.collect()
print(repr(func.__name__), repr(func.__qualname__))
print(gc.is_tracked(object()), gc.is_tracked(type("T", (), {})()))
