# except* and exception groups: matching, splitting, re-raising, constructor checks.
import sys


def show(eg, indent=0):
    pad = "  " * indent
    if isinstance(eg, BaseExceptionGroup):
        print(f"{pad}{type(eg).__name__}({eg.message!r})")
        for e in eg.exceptions:
            show(e, indent + 1)
    else:
        print(f"{pad}{type(eg).__name__}({eg})")


eg = ExceptionGroup("top", [ValueError(1), TypeError(2), ExceptionGroup("inner", [ValueError(3), KeyError(4)])])
print(str(eg), repr(eg.message), len(eg.exceptions))

# split / subgroup
m, r = eg.split(ValueError)
show(m)
show(r)
print(eg.subgroup(lambda e: isinstance(e, KeyError)).exceptions[0].exceptions)
print(eg.subgroup(OSError))
print(eg.split((TypeError, KeyError))[1].exceptions)
print(eg.subgroup(lambda e: True) is eg)
d = eg.derive([ValueError(9)])
print(type(d).__name__, d.message, d.exceptions)

# BaseExceptionGroup picks ExceptionGroup when it can
print(type(BaseExceptionGroup("x", [ValueError()])).__name__)
print(type(BaseExceptionGroup("x", [KeyboardInterrupt()])).__name__)
for args in [("x", []), ("x", [1]), (1, [ValueError()]), ("x", 5), ("x",)]:
    try:
        BaseExceptionGroup(*args)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
try:
    ExceptionGroup("x", [KeyboardInterrupt()])
except TypeError as e:
    print("TypeError", e)


class MyEG(ExceptionGroup):
    pass


try:
    MyEG("x", [KeyboardInterrupt()])
except TypeError as e:
    print("TypeError", e)
print(type(MyEG("x", [ValueError()]).split(ValueError)[0]).__name__)

# except* basics
try:
    raise ExceptionGroup("eg", [ValueError(1), TypeError(2), ValueError(3)])
except* ValueError as e:
    print("caught V", type(e).__name__, e.exceptions, sys.exc_info()[1] is e)
except* TypeError as e:
    print("caught T", e.exceptions)

# naked exception gets wrapped
try:
    raise ValueError("naked")
except* ValueError as e:
    print("wrapped", type(e).__name__, repr(e.message), e.exceptions)

# unmatched part propagates
try:
    try:
        raise ExceptionGroup("eg", [ValueError(1), KeyError(2)])
    except* ValueError:
        print("handled V")
except ExceptionGroup as outer:
    show(outer)

# re-raise keeps the structure
try:
    try:
        raise ExceptionGroup("eg", [ValueError(1), ExceptionGroup("sub", [ValueError(2), OSError(3)])])
    except* ValueError:
        raise
except ExceptionGroup as outer:
    show(outer)

# raising inside except* makes a new group
try:
    try:
        raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
    except* ValueError:
        raise KeyError("new")
except ExceptionGroup as outer:
    show(outer)
    print(type(outer.exceptions[0].__context__).__name__)

# a naked exception that is not matched propagates unwrapped
try:
    try:
        raise OSError("plain")
    except* ValueError:
        print("no")
except OSError as e:
    print("plain", type(e).__name__, e)

# else and finally
try:
    pass
except* ValueError:
    print("no")
else:
    print("else ran")
finally:
    print("finally ran")

try:
    try:
        raise ExceptionGroup("eg", [ValueError(1)])
    except* ValueError:
        print("in handler")
    finally:
        print("finally after handler")
except Exception as e:
    print("unexpected", e)

# invalid types
for bad in (ExceptionGroup, (ValueError, ExceptionGroup), int):
    try:
        try:
            raise ValueError(1)
        except* bad:
            pass
    except TypeError as e:
        print("TypeError", e)

# except* in a function, with a loop around
def f():
    out = []
    for i in range(3):
        try:
            raise ExceptionGroup("eg", [ValueError(i)])
        except* ValueError as e:
            out.append(e.exceptions[0].args[0])
    return out


print(f())

# syntax errors
for src in ["try:\n    pass\nexcept* ValueError:\n    break\n",
            "def g():\n    try:\n        pass\n    except* ValueError:\n        return 1\n",
            "for x in y:\n    try:\n        pass\n    except* ValueError:\n        continue\n"]:
    try:
        compile(src, "<s>", "exec")
    except SyntaxError as e:
        print("SyntaxError", e.msg, e.lineno)

# notes
e = ValueError("with notes")
e.add_note("note one")
e.add_note("note two")
print(e.__notes__)
try:
    e.add_note(5)
except TypeError as x:
    print("TypeError", x)
