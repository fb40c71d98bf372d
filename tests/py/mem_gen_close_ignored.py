# A generator that yields again when closed on deallocation: RuntimeError reported as
# unraisable; an exception in its finally block too.
import sys

def hook(u):
    print("hook:", u.exc_type.__name__, u.exc_value, u.err_msg, u.object.__name__,
          u.exc_traceback is not None)
    tb = u.exc_traceback
    while tb is not None:
        print("  line", tb.tb_lineno, tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
sys.unraisablehook = hook

def gen():
    try:
        yield 1
    except GeneratorExit:
        print("caught, yielding again")
        yield 2

g = gen()
next(g)
del g
print("after")

def gen2():
    try:
        yield 1
    finally:
        raise ValueError("boom in finally")

g = gen2()
next(g)
del g
print("after 2")

def f():
    g = gen()
    next(g)
    return 5
print(f())
print("end")
