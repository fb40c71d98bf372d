import sys

def show(*a):
    print(*a)

# 1. A call-event tracer that returns None: no line events.
log = []
def only_calls(frame, event, arg):
    log.append((event, frame.f_code.co_name))
    return None
def f1(x):
    y = x * 2
    return y
sys.settrace(only_calls)
f1(3)
sys.settrace(None)
show("only calls:", log)

# 2. The trace function raising: tracing stops and the error propagates.
def bad(frame, event, arg):
    if event == "line":
        raise RuntimeError("tracer failed")
    return bad
def f2():
    a = 1
    return a
sys.settrace(bad)
try:
    f2()
except RuntimeError as e:
    show("caught", e, sys.gettrace())
sys.settrace(None)

# 3. pdb-style: set f_trace on the current frame, then settrace.
lines = []
def local(frame, event, arg):
    lines.append((event, frame.f_lineno - base))
    return local
def glob(frame, event, arg):
    return None
base = sys._getframe().f_lineno
def f3():
    frame = sys._getframe()
    frame.f_trace = local
    sys.settrace(glob)
    p = 1
    q = 2
    sys.settrace(None)
    return p + q
f3()
show("pdb style:", lines)

# 4. Generators: call/return on each resumption.
evs = []
def gt(frame, event, arg):
    if frame.f_code.co_name == "g":
        evs.append((event, frame.f_lineno - gbase, arg if event == "return" else None))
    return gt
gbase = sys._getframe().f_lineno
def g():
    x = yield 1
    yield x + 1
sys.settrace(gt)
it = g()
next(it)
it.send(10)
try:
    next(it)
except StopIteration:
    pass
sys.settrace(None)
show("gen:", evs)

# 5. f_trace_lines = False
evs2 = []
def nolines(frame, event, arg):
    frame.f_trace_lines = False
    evs2.append(event)
    return nolines
def f5():
    a = 1
    b = 2
    return a + b
sys.settrace(nolines)
f5()
sys.settrace(None)
show("no lines:", evs2)

# 6. setprofile: call and return of Python functions.
prof = []
def profiler(frame, event, arg):
    if event in ("call", "return"):
        prof.append((event, frame.f_code.co_name))
def inner():
    return 1
def outer():
    return inner() + 1
sys.setprofile(profiler)
outer()
sys.setprofile(None)
show("profile:", prof)
show(sys.getprofile(), sys.gettrace())

# 7. Exceptions caught in the same frame.
exc_events = []
def et(frame, event, arg):
    if event == "exception":
        exc_events.append((frame.f_code.co_name, arg[0].__name__))
    return et
def f7():
    try:
        {}["k"]
    except KeyError:
        pass
    try:
        int("x")
    except ValueError:
        pass
sys.settrace(et)
f7()
sys.settrace(None)
show("exceptions:", exc_events)
