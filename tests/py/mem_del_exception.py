import sys
def hook(u):
    print("hook:", u.exc_type.__name__, u.exc_value, u.err_msg, u.object.__qualname__)
sys.unraisablehook = hook
class E:
    def __del__(self):
        raise ValueError("boom")
e = E()
del e
print("after")
import _weakref
class A: pass
a = A()
def bad(w):
    1 / 0
r = _weakref.ref(a, bad)
del a
print("after2")
sys.unraisablehook = sys.__unraisablehook__
print(sys.unraisablehook is sys.__unraisablehook__)
