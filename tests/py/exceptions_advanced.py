class AppError(Exception):
    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code

def layer1():
    try:
        layer2()
    except KeyError as e:
        raise AppError(404, "not found") from e

def layer2():
    {}["k"]

try:
    layer1()
except AppError as e:
    print(e.code, e, repr(e.__cause__), e.__suppress_context__)

try:
    try:
        raise ValueError("inner")
    except ValueError:
        raise TypeError("outer")
except TypeError as e:
    print(repr(e), repr(e.__context__))

try:
    raise RuntimeError("no context") from None
except RuntimeError as e:
    print(e.__cause__, e.__suppress_context__)

def gen():
    try:
        yield 1
        yield 2
    finally:
        print("gen cleanup")

g = gen()
print(next(g))
g.close()
print(issubclass(KeyError, LookupError), isinstance(ZeroDivisionError(), ArithmeticError))
e = OSError(2, "No such file")
print(e.errno, e.strerror, type(e).__name__)
print(repr(KeyError("k")), str(KeyError("k")), repr(StopIteration(5).value))
try:
    raise ExceptionGroup("group", [ValueError(1), TypeError(2)])
except ExceptionGroup as eg:
    print(repr(eg), len(eg.exceptions))
