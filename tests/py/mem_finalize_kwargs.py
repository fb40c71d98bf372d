# finalize: exceptions in the callback go to the unraisable hook; registry, kwargs.
import sys
import weakref

class C:
    pass

def bad():
    raise ValueError("finalize error")

c = C()
f = weakref.finalize(c, bad)
sys.excepthook = sys.__excepthook__
import io
err = io.StringIO()
sys.stderr = err
del c
sys.stderr = sys.__stderr__
print("Exception ignored" in err.getvalue() or "Traceback" in err.getvalue(), "ValueError: finalize error" in err.getvalue())
print(f.alive)
d = C()
g = weakref.finalize(d, dict, a=1, b=2)
print(g())
print("end")
