# ref subclasses: extra attributes, __init__ arguments, callbacks.
import weakref

class MyRef(weakref.ref):
    def __init__(self, ob, callback=None, tag=None):
        super().__init__(ob, callback)
        self.tag = tag
    def __new__(cls, ob, callback=None, tag=None):
        return super().__new__(cls, ob, callback)

class C:
    pass

c = C()
r = MyRef(c, None, "t1")
print(r.tag, r() is c, type(r).__name__, isinstance(r, weakref.ref))
r2 = MyRef(c, lambda ref: print("dead", ref.tag), "t2")
print(r is not r2, weakref.getweakrefcount(c))
print(r.__callback__, r2.__callback__ is not None)
del c
print(r(), r2())
