# Class bodies that pass a free variable on to methods while binding the same name,
# global declarations seen by nested functions and by the module, and exec/eval's
# default namespaces, argument checks and closures.
from types import CellType


def free_and_local_in_class():
    method_and_var = "var"

    class Test:
        def method_and_var(self):
            return "method"

        def test(self):
            return method_and_var

        def str(self):
            return str(self)

    t = Test()
    return t.test(), t.method_and_var()


print(free_and_local_in_class())


x = 7


def f():
    x = 1

    def g():
        global x

        def i():
            def h():
                return x
            return h()
        return i()
    return g()


print(f())

local_ns = {}
global_ns = {}
exec("""if 1:
    def f():
        y = 1
        def g():
            global y
            return y
        def h():
            return y + 1
        return g, h
    y = 9
    g, h = f()
    result9 = g()
    result2 = h()
    """, local_ns, global_ns)
print(sorted(local_ns), sorted(global_ns), global_ns["result9"], global_ns["result2"])


def uses_caller_locals(a):
    b = a * 2
    exec("print('exec sees', a, b)")
    print("eval sees", eval("a + b"))
    print(eval("  \t a"))


uses_caller_locals(3)


def errors():
    cases = [
        lambda: exec("1", []),
        lambda: eval("1", []),
        lambda: eval("1", {}, 3),
        lambda: exec("1", {}, 3),
        lambda: eval(3),
        lambda: exec(3),
        lambda: exec("a\x00"),
        lambda: eval(b"1\x00"),
    ]
    for c in cases:
        try:
            c()
        except Exception as e:
            print(type(e).__name__, e)


errors()


def closures():
    result = 0

    def make():
        a = 2
        b = 3

        def three():
            nonlocal result, a, b
            result = a * b
        return three

    three = make()
    exec(three.__code__, three.__globals__, closure=three.__closure__)
    print(result)
    exec(three.__code__, three.__globals__,
         closure=(CellType(5), CellType(7), three.__closure__[2]))
    print(result)
    for bad in (None, three.__closure__[:2], list(three.__closure__), (int, 1, 2)):
        try:
            exec(three.__code__, three.__globals__, closure=bad)
        except TypeError as e:
            print("TypeError", e)
    try:
        eval(three.__code__)
    except TypeError as e:
        print("TypeError", e)
    try:
        exec("1", closure=three.__closure__)
    except TypeError as e:
        print("TypeError", e)
    try:
        exec((lambda: 1).__code__, {}, closure=three.__closure__)
    except TypeError as e:
        print("TypeError", e)


closures()
g = {}
exec("z = 5", g)
print("__builtins__" in g, g["z"])
print(eval("z * 2", g), eval(b"z + 1", g))
