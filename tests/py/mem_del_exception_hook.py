# An exception in __del__ is reported through sys.unraisablehook and not raised.
import sys

def hook(u):
    print("hook:", u.exc_type.__name__, u.exc_value, u.err_msg,
          getattr(u.object, "__qualname__", None))
sys.unraisablehook = hook

class Bad:
    def __del__(self):
        raise RuntimeError("in del")

b = Bad()
del b
print("continued")

def f():
    Bad()
    return "ok"
print(f())

class Worse:
    def __del__(self):
        1 / 0
try:
    w = Worse()
    del w
    print("no exception propagated")
except ZeroDivisionError:
    print("wrong")
print("end")
