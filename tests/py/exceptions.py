class MyError(Exception):
    pass

def risky(n):
    if n == 0:
        raise ValueError("zero")
    if n == 1:
        raise MyError("one", 1)
    return 10 // (n - 2)

for n in range(4):
    try:
        print(risky(n))
    except ValueError as e:
        print("ValueError", e, e.args)
    except MyError as e:
        print("MyError", e, e.args)
    except ZeroDivisionError as e:
        print(type(e).__name__, e)
    else:
        print("else")
    finally:
        print("finally", n)

try:
    try:
        {}["k"]
    except KeyError as e:
        raise RuntimeError("wrapped") from e
except RuntimeError as e:
    print(repr(e), repr(e.__cause__), e.__context__ is e.__cause__)

def f():
    try:
        return "try"
    finally:
        print("cleanup")
print(f())
try:
    [].pop()
except IndexError as e:
    print(e)
try:
    undefined_name
except NameError as e:
    print(e)
try:
    None.foo
except AttributeError as e:
    print(e)
try:
    int("x")
except ValueError as e:
    print(e)
