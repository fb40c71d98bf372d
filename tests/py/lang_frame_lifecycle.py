# Frames made and dropped by calls: what frame objects, tracebacks, locals() and trace
# functions still see of a frame after it returned, raised, or was reused by the next call.
import sys


def keep_frame(a, b):
    c = a + b
    return sys._getframe()


f1 = keep_frame(1, 2)
f2 = keep_frame(10, 20)
print(f1 is f2, f1.f_locals, f2.f_locals)
print(f1.f_back is not None, f1.f_back.f_code.co_name)
print(f1.f_code.co_name, f1.f_lineno)


def plain(a, b):
    return a * b


# A frame object dropped while the next call of the same code runs.
print([plain(i, 2) for i in range(5)], keep_frame(3, 4).f_locals)


def raises(x):
    y = x * 2
    raise ValueError(y)


for i in range(3):
    try:
        raises(i)
    except ValueError as e:
        tb = e.__traceback__
        while tb.tb_next:
            tb = tb.tb_next
        print(e, tb.tb_frame.f_locals, tb.tb_frame.f_code.co_name)

# The frame of a call whose locals() dict outlives it.


def with_locals(p):
    q = p + 1
    return locals()


d1 = with_locals(1)
d2 = with_locals(5)
print(d1, d2, d1 is d2)


# Deep recursion fails cleanly and the frame stack is whole afterwards.
def down(n):
    return down(n + 1)


try:
    down(0)
except RecursionError as e:
    print("RecursionError", str(e))
print(sys._getframe().f_code.co_name, sys._getframe(0).f_back)


def depth():
    n = 0
    f = sys._getframe()
    while f:
        n += 1
        f = f.f_back
    return n


base = depth()


def nest(k):
    return depth() if k == 0 else nest(k - 1)


print([nest(k) - base for k in range(4)])

# A trace function set while a frame runs hears that frame's return; a raise from it
# leaves the frame stack whole.
events = []


def tracer(frame, event, arg):
    events.append((frame.f_code.co_name, event))
    if event == "return" and frame.f_code.co_name == "starts_tracing":
        sys.settrace(None)
        raise KeyError("from tracer")
    return tracer


def starts_tracing():
    sys.settrace(tracer)
    sys._getframe().f_trace = tracer
    x = 1
    return x


try:
    starts_tracing()
except KeyError as e:
    print("KeyError", e)
sys.settrace(None)
print(events)
print(depth() - base, [nest(k) - base for k in range(3)])


# Generators keep their frame between resumptions, and drop it when done.
def gen(n):
    for i in range(n):
        yield sys._getframe().f_locals.copy()


g = gen(3)
print(next(g), g.gi_frame is not None)
print(list(g), g.gi_frame)

# Frames of functions called many times in turn (recycled storage) never share locals.
def a(x):
    return [x, sys._getframe().f_locals]


def b(x, y):
    return (x, y)


out = []
for i in range(4):
    out.append(a(i))
    out.append(b(i, -i))
print(out)
