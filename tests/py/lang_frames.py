# Frame, traceback and code objects as Lib uses them (traceback, inspect, warnings).
import sys


def where():
    f = sys._getframe(1)
    return f.f_code.co_name, f.f_lineno, f.f_globals is globals()


def caller():
    x = 1
    return where()


print(caller())

f0 = sys._getframe()
print(type(f0).__name__, f0.f_code.co_name, f0.f_back)
print(f0 is sys._getframe(0))
print(f0.f_builtins is __builtins__.__dict__ if hasattr(__builtins__, "__dict__") else type(f0.f_builtins))
print(f0.f_locals is globals())


def chain():
    names = []
    f = sys._getframe()
    while f is not None:
        names.append(f.f_code.co_name)
        f = f.f_back
    return names


def outer():
    return chain()


print(outer())

try:
    sys._getframe(1000)
except ValueError as e:
    print("ValueError", e)


def locs(a, b=2, *args, **kw):
    c = a + b
    def inner():
        return c
    return sys._getframe().f_locals, locals()


fl, ll = locs(1, 5, 6, k=7)
print(sorted(fl.items(), key=lambda kv: kv[0]) == sorted(ll.items(), key=lambda kv: kv[0]))
print(sorted(k for k in fl))
print(fl["a"], fl["b"], fl["args"], fl["kw"], fl["c"])


def lineno_live():
    f = sys._getframe()
    a = f.f_lineno
    b = f.f_lineno
    return b - a


print(lineno_live())

# f_trace is settable and unused
f0.f_trace = None
print(f0.f_trace)
print(f0.f_trace_lines, f0.f_trace_opcodes)
print(isinstance(f0.f_lasti, int))


# Tracebacks
def fail(n):
    if n == 0:
        raise KeyError("boom")
    fail(n - 1)


try:
    fail(2)
except KeyError as e:
    tb = e.__traceback__
    entries = []
    while tb is not None:
        entries.append((tb.tb_frame.f_code.co_name, tb.tb_lineno, tb.tb_frame.f_lineno == tb.tb_lineno))
        assert isinstance(tb.tb_lasti, int)
        tb = tb.tb_next
    print(entries)
    last = e.__traceback__
    while last.tb_next is not None:
        last = last.tb_next
    print(last.tb_frame.f_locals)
    print(last.tb_frame.f_back.f_code.co_name)
    print(last.tb_frame.f_back.f_locals["n"])
    print(e.__traceback__.tb_frame is sys._getframe())

print(sys.exc_info()[2] is None)


def gen_tb():
    try:
        1 / 0
    except ZeroDivisionError:
        return sys.exc_info()[2]


tb = gen_tb()
print(tb.tb_frame.f_code.co_name, tb.tb_frame.f_back is None or tb.tb_frame.f_back.f_code.co_name)
try:
    tb.tb_next = tb
except ValueError as e:
    print("ValueError", e)
try:
    tb.tb_next = 5
except TypeError as e:
    print("TypeError", e)


t2 = type(tb)(None, sys._getframe(), 0, 42)
print(t2.tb_lineno, t2.tb_next, t2.tb_frame is sys._getframe())
tb.tb_frame.clear()
print(tb.tb_frame.f_locals)


# Code objects
def sample(a, b, /, c, *d, e, f=1, **g):
    h = 1
    def inner():
        return h + a
    return inner


co = sample.__code__
print(co.co_name, co.co_qualname, co.co_argcount, co.co_posonlyargcount, co.co_kwonlyargcount)
print(co.co_varnames, co.co_nlocals, co.co_cellvars, co.co_freevars)
print(co.co_firstlineno, co.co_filename.endswith("lang_frames.py"))
print(co.co_flags & 0x0C, bool(co.co_flags & 0x01))
inner_co = sample(1, 2, 3, e=4).__code__
print(inner_co.co_freevars, inner_co.co_qualname)
print(type(co.co_code).__name__, type(co.co_linetable).__name__, type(co.co_exceptiontable).__name__)
print(isinstance(co.co_stacksize, int) and co.co_stacksize > 0)
print("inner" in [c.co_name for c in co.co_consts if hasattr(c, "co_name")])
lines = {l for (s, e, l) in co.co_lines() if l is not None}
print(min(lines) >= co.co_firstlineno, max(lines) <= co.co_firstlineno + 5)
pos = list(co.co_positions())
print(all(len(p) == 4 for p in pos), len(pos) == len(co.co_code) // 2)
co2 = co.replace(co_name="renamed")
print(co2.co_name, co2.co_varnames == co.co_varnames, co2 == co, co.replace() == co)
print(hash(co) == hash(co.replace()))
try:
    co.replace(co_bogus=1)
except TypeError as e:
    print("TypeError", e)


def sample2(x):
    return x + 1


def sample3(x):
    return x + 1


print(sample2.__code__ == sample3.__code__.replace(co_name="sample2", co_qualname="sample2"))

