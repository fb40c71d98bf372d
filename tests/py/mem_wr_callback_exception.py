# An exception in a weakref callback is reported as unraisable; the others still run.
import sys
import weakref

sys.unraisablehook = lambda u: print("unraisable:", u.exc_type.__name__, u.exc_value)

class C:
    pass

def bad(r):
    raise ValueError("callback error")

c = C()
r1 = weakref.ref(c, lambda r: print("first registered"))
r2 = weakref.ref(c, bad)
r3 = weakref.ref(c, lambda r: print("last registered"))
del c
print("end")
