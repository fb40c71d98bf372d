# Constant folding as CPython 3.11's AST optimizer: what it folds shows in co_consts;
# operations that would raise, or results over the size limits, stay for run time.
def consts(f):
    return [c for c in f.__code__.co_consts if c is not None and not hasattr(c, "co_code")]


def a():
    return -1


def b():
    return 2 ** 10, 2 ** 200, 1 << 10, 1 << 200, 7 // 2, -7 // 2, 7 % -3, 10 / 4


def c():
    return "ab" * 3, "x" * 5000, b"z" * 2, (1, 2) * 2, (0,) * 300


def d():
    return (1, (2, 3), "s"), 1 + 2j, 3 - 1j, -0.0, ~5, not 0, True & True, True + 1


def e(x):
    return x + (1 + 2)


def g():
    try:
        return 1 / 0
    except ZeroDivisionError as exc:
        return str(exc)


def h():
    return 1.5 * 2, 0.1 + 0.2, 2 * 3.0, 1e308 * 10


for f in (a, b, c, d, e, h):
    print(f.__name__, [repr(v) if isinstance(v, str) and len(v) > 20 else v for v in consts(f)])
print(g())
print(b(), len(c()[1]), d())
x = (1, 2)
y = (1, 2)
print(x == y, -5 == -(5), (-1) ** 2)
