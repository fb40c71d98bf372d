# weakref.finalize objects still alive at exit run then (atexit=True by default).
import weakref

class C:
    pass

a = C()
b = C()
c = C()
fa = weakref.finalize(a, print, "finalize a at exit")
fb = weakref.finalize(b, print, "finalize b, no atexit")
fb.atexit = False
fc = weakref.finalize(c, print, "finalize c at exit")
print(fa.atexit, fb.atexit)
print("end of script")
