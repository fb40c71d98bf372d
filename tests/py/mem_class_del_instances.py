# A class holding instances with __del__ in cycles: collected, each __del__ once.
import gc

gc.collect()
log = []

def make():
    class Node:
        def __init__(self, name):
            self.name = name
            self.other = None
        def __del__(self):
            log.append(self.name)
    a = Node("a")
    b = Node("b")
    a.other = b
    b.other = a
    return a

x = make()
cls = type(x)
del x
gc.collect()
print(sorted(log))
log.clear()
del cls
gc.collect()
print(log)

# class attribute referring to the class itself (another cycle)
class Self:
    pass
Self.me = Self
import weakref
r = weakref.ref(Self)
del Self
gc.collect()
print(r())
