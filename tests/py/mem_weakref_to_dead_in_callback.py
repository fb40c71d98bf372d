# Inside a weakref callback the referent is gone; other weak references to it are dead.
import weakref

class C:
    pass

c = C()
r_plain = weakref.ref(c)
def cb(r):
    print("callback: plain ref dead:", r_plain() is None, "own ref dead:", r() is None)
r_cb = weakref.ref(c, cb)
p = weakref.proxy(c)
del c
try:
    p.anything
except ReferenceError:
    print("proxy dead too")
