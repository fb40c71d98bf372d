# Classes die: a class made in a function and dropped is collected (it is always in a
# cycle with its own MRO), weak references to it are cleared and their callbacks run.
import gc
import weakref

gc.collect()

class Base:
    pass

def make(n):
    class Tmp(Base):
        value = n
        def get(self):
            return self.value
    return Tmp

T = make(1)
print(T.__name__, T().get(), [c.__name__ for c in Base.__subclasses__()])
r = weakref.ref(T, lambda ref: print("class callback, dead:", ref() is None))
del T
print("before collect:", r() is not None)
print("found:", gc.collect() > 0)
print("after collect:", r())
print("subclasses:", Base.__subclasses__())

# instances die with the class
T = make(2)
objs = [T() for _ in range(3)]
rs = [weakref.ref(o) for o in objs]
del T, objs
gc.collect()
print([x() for x in rs])
print("subclasses:", Base.__subclasses__())
