# The built-in exception types' own __dict__ entries, docstrings and their behaviour.
import builtins

names = sorted(
    n for n in dir(builtins)
    if isinstance(getattr(builtins, n), type) and issubclass(getattr(builtins, n), BaseException)
)
for n in names:
    T = getattr(builtins, n)
    print(n, sorted(vars(T)))
    print("  doc:", repr(T.__doc__))

# Each type's __init__ is its own descriptor, checking the instance's type.
print(ValueError.__init__ is BaseException.__init__)
print(ValueError.__init__.__name__, ValueError.__init__.__qualname__)
print(ValueError.__init__.__objclass__ is ValueError)
try:
    ValueError.__init__(KeyError())
except TypeError:
    print("TypeError")
e = ValueError()
ValueError.__init__(e, 1, 2)
print(e.args)
e = FileNotFoundError(2, "gone", "f")
print(e.errno, e.strerror, e.filename, str(e), FileNotFoundError.__init__ is OSError.__init__)
e = UnboundLocalError("x", name="y")
print(e.name, str(e))
e = ModuleNotFoundError("m", name="n", path="p")
print(e.name, e.path, str(e))
e = TabError("msg", ("f", 1, 2, "t", 1, 3))
print(e.msg, e.lineno, e.offset, str(e))

# Own __new__ where CPython has one; the OSError subclasses inherit OSError's.
print(type(ValueError.__new__(ValueError)).__name__)
print(type(ZeroDivisionError.__new__(ZeroDivisionError, 1)).__name__)
print(type(FileNotFoundError.__new__(FileNotFoundError)).__name__)
print(type(OSError(2, "x")).__name__)

# AttributeError and NameError have BaseException's __str__ as their own.
print(str(AttributeError("a", "b")), str(NameError()), str(NameError("n")))
print(AttributeError.__str__(AttributeError("q")))

# BaseException's generic attribute access, in its own dict.
e = Exception("z")
BaseException.__setattr__(e, "note", 5)
print(BaseException.__getattribute__(e, "note"), BaseException.__getattribute__(e, "args"))
BaseException.__delattr__(e, "note")
print(hasattr(e, "note"))
try:
    BaseException.__getattribute__(e, "missing")
except AttributeError as err:
    print("AttributeError", err)


class Custom(ValueError):
    def __init__(self, x):
        super().__init__(x * 2)

    def __setattr__(self, k, v):
        super().__setattr__(k, [v])


c = Custom(3)
c.extra = 1
print(c.args, c.extra, Custom.__doc__, sorted(vars(Custom)))
try:
    raise Custom(4)
except ValueError as err:
    print(type(err).__name__, err.args)
