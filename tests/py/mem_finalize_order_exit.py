# finalize callbacks pending at exit run in reverse order of creation.
import weakref

class C:
    pass

objs = [C() for _ in range(4)]
fs = [weakref.finalize(o, print, "finalizer", i) for i, o in enumerate(objs)]
fs[1].detach()
print("end of script")
