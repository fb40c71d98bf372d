# A weak reference that is itself garbage does not call its callback; one that
# outlives its referent does.
import gc
import weakref

class C:
    pass

gc.collect()
c = C()
c.self = c
c.wr = weakref.ref(c, lambda r: print("should not run"))
del c
gc.collect()
print("cycle with its own weakref collected")

d = C()
d.self = d
keep = weakref.ref(d, lambda r: print("callback for outside ref, dead:", r() is None))
del d
gc.collect()
print("end")
