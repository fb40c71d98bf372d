# Local-variable instruction pairs the loop may run as one (local.attr, local.method(),
# two locals in a row, a store then a load): results, unbound-local errors in either
# half, shadowing and class changes between runs, and tracing switched on mid-function.
import sys


class P:
    k = "class attr"

    def __init__(self, x):
        self.x = x

    def m(self, y):
        return self.x + y


class Q(P):
    def m(self, y):
        return ("Q", self.x, y)


def attrs(objs):
    out = []
    for o in objs:
        out.append(o.x)
        out.append(o.m(1))
        out.append(o.k)
    return out


p, q = P(1), Q(2)
print(attrs([p, q, p, q]))
p.m = lambda y: ("shadowed", y)
p.k = "instance k"
print(attrs([p, q]))
P.m = lambda self, y: ("patched", y)
print(attrs([P(5), q]))


def pairs(a, b):
    c = a + b
    d = c
    e = d * 2
    f, g = e, c
    return a, b, c, d, e, f, g


print(pairs(1, 2), pairs("x", "y"))


def unbound_second(flag):
    if flag:
        late = 1
    first = 0
    return first, late


def unbound_attr(flag):
    if flag:
        obj = P(3)
    return obj.x


def unbound_method(flag):
    if flag:
        obj = P(3)
    return obj.m(1)


for fn in (unbound_second, unbound_attr, unbound_method):
    print(fn(True))
    try:
        fn(False)
    except UnboundLocalError as e:
        print(type(e).__name__, e, e.__traceback__.tb_next.tb_lineno - fn.__code__.co_firstlineno)


def traced_midway():
    a = P(7)
    b = a.x
    sys.settrace(tracer)
    enable_local_trace()
    c = a.x
    d = a.m(b)
    e = c
    sys.settrace(None)
    return b, c, d, e


def tracer(frame, event, arg):
    if frame.f_code.co_name == "traced_midway":
        print(event, frame.f_lineno - traced_midway.__code__.co_firstlineno)
    return tracer


def enable_local_trace():
    sys._getframe(1).f_trace = tracer


print(traced_midway())
print((1).real, "s".upper())


def non_instances(seq):
    return [s.real for s in seq] + [s.upper() for s in ("a", "b")]


print(non_instances([1, 2.5, True, 3j]))
