# The eval loop's inline caches (globals, attributes, methods) must never give a stale
# answer: every way of changing what a name or attribute means is seen at once.
import builtins

def read_len(x):
    return len(x)

print(read_len([1, 2, 3]))
len = lambda x: "shadowed"          # a global now hides the builtin
print(read_len([1, 2, 3]))
del len                              # and the builtin shows again
print(read_len([1, 2]))
orig_len = builtins.len
builtins.len = lambda x: "patched"   # builtins changed under the cache
print(read_len([1]))
builtins.len = orig_len
print(read_len([1]))

counter = 0
def bump():
    global counter
    for _ in range(5):
        counter += 1
    return counter
print(bump(), bump())

# exec with different globals dicts through one code object
code = compile("r = x * 2", "<s>", "exec")
for d in ({"x": 1}, {"y": 0, "x": 2}, {"x": "ab"}):
    exec(code, d)
    print(d["r"])
g = compile("def f(): return x", "<s>", "exec")
for val in (10, 20):
    ns = {"x": val}
    exec(g, ns)
    print(ns["f"]())

class A:
    k = 5
    def m(self):
        return "A.m"

def call_m(o):
    return o.m()

def get_k(o):
    return o.k

a = A()
print(call_m(a), get_k(a))
A.m = lambda self: "patched m"       # class attribute replaced
A.k = 6
print(call_m(a), get_k(a))
a.m = lambda: "instance m"           # instance attribute shadows the method
a.k = 7
print(call_m(a), get_k(a))
del a.m, a.k
print(call_m(a), get_k(a))

class B(A):
    pass
b = B()
print(call_m(b), get_k(b))
A.m = lambda self: "base changed"    # a base changes: subclasses see it
print(call_m(b))
B.m = lambda self: "B.m"
print(call_m(b), call_m(a))

# attributes: instance dict, property added later, __getattr__, slots
class P:
    def __init__(self):
        self.x = 1
def get_x(o):
    return o.x
def set_x(o, v):
    o.x = v
p = P()
for i in range(3):
    set_x(p, i)
    print(get_x(p))
P.x = property(lambda self: "prop", lambda self, v: print("setter", v))
set_x(p, 42)
print(get_x(p))
del P.x
print(get_x(p))

class G:
    def __getattr__(self, name):
        return "fallback " + name
gg = G()
print(get_x(gg))
gg.x = 3
print(get_x(gg))

class S:
    __slots__ = ("x",)
s = S()
set_x(s, 9)
print(get_x(s))
try:
    get_x(S.__new__(S))
except AttributeError as e:
    print("AttributeError", e)

# a class made in a loop: each new class must not reuse an old one's cache
def make(n):
    class C:
        v = n
        def who(self):
            return n
    return C()
for n in range(4):
    o = make(n)
    print(get_k.__name__, o.v, o.who())

class SA:
    def __setattr__(self, name, value):
        object.__setattr__(self, name, value * 10)
sa = SA()
set_x(sa, 2)
print(get_x(sa))

# methods of built-in types through LoadMethod, and int/float fast paths
l = []
for i in range(5):
    l.append(i * i)
print(l, (7).bit_length(), "a,b".split(","))
print(2**62 + 2**62, -7 // 2, -7 % 2, 7 % -2, 1 << 62, 1 << 64, -8 >> 100, 7 / 2, 2**53 + 1 / 3)
print(0.1 + 0.2, 1.5 * 2, 3 - 0.5, 1 / 4.0, 5 // 2.0)
try:
    1 / 0
except ZeroDivisionError as e:
    print(e)
try:
    1.0 / 0.0
except ZeroDivisionError as e:
    print(e)
i = 9223372036854775807
i += 1
print(i, -9223372036854775808 // -1)
for x in range(3, -3, -2):
    print(x, end=" ")
print()
print([x for x in range(2**63 - 3, 2**63 - 1)])
print(1 < 2 < 3, [x for x in range(10) if x < 3 or x > 7])

# class attributes read through the class, and the same site seeing classes and instances
class K:
    LIMIT = 3
    def f(self):
        return "K.f"
class K2(K):
    pass
def limit(c):
    return c.LIMIT
def getf(c):
    return c.f
print(limit(K), limit(K2), limit(K()))
K.LIMIT = 4
print(limit(K), limit(K2))
K2.LIMIT = 5
print(limit(K), limit(K2))
print(getf(K) is K.__dict__["f"], getf(K2)(K2()), getf(K())(), getf(K2) is getf(K))
class Meta(type):
    @property
    def LIMIT(cls):
        return "meta property"
class M(metaclass=Meta):
    LIMIT = 1
print(limit(M), limit(M()))
try:
    limit(type)
except AttributeError as e:
    print(e)
for c in (K, K(), K2, K2(), K):
    print(type(getf(c)).__name__, limit(c))

# subscripts and iteration fast paths keep the general semantics
class L(list):
    def __getitem__(self, i):
        return ("L", i)
    def __setitem__(self, i, v):
        print("L set", i, v)
def get(c, i):
    return c[i]
def put(c, i, v):
    c[i] = v
lst = [10, 20, 30]
tup = (1, 2, 3)
print(get(lst, 0), get(lst, -1), get(tup, -3), get(L([1]), 0), get(lst, True), get({1: "d"}, 1))
for bad in (3, -4, 2**70):
    try:
        get(lst, bad)
    except IndexError as e:
        print("IndexError", e)
put(lst, -1, 99)
put(L([1]), 0, 5)
try:
    put(lst, 5, 1)
except IndexError as e:
    print("IndexError", e)
print(lst)
grow = [1, 2]
for x in grow:
    if len(grow) < 5:
        grow.append(x * 10)
print(grow)
it = iter([1, 2])
for x in it:
    pass
print(list(it), next(iter(L([7]))))

# C(args) through the call site's cache: __init__ and __new__ replaced, bases changed
class Base:
    def __init__(self, v):
        self.v = v
class Kid(Base):
    pass
def make_kid(cls, v):
    return cls(v)
print(make_kid(Kid, 1).v, make_kid(Base, 2).v)
Base.__init__ = lambda self, v: setattr(self, "v", v * 100)
print(make_kid(Kid, 3).v)
Kid.__init__ = lambda self, v: setattr(self, "v", -v)
print(make_kid(Kid, 4).v, make_kid(Base, 4).v)
Kid.__new__ = lambda cls, v: "from __new__"
print(make_kid(Kid, 5))
class BadInit:
    def __init__(self, v):
        return v
try:
    make_kid(BadInit, 7)
except TypeError as e:
    print("TypeError", e)
import abc
class Abstract(abc.ABC):
    def __init__(self, v):
        pass
    @abc.abstractmethod
    def need(self):
        pass
try:
    make_kid(Abstract, 8)
except TypeError as e:
    print("TypeError (abstract)")
class Meta2(type):
    def __call__(cls, *a):
        return "meta call " + str(a)
class WithMeta(metaclass=Meta2):
    def __init__(self, v):
        pass
print(make_kid(WithMeta, 9))
try:
    make_kid(Base, 1, ) if False else Base()
except TypeError as e:
    print("TypeError", e)

# __slots__ members through the attribute caches
class Pt:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x = x
        self.y = y
class Pt3(Pt):
    __slots__ = ("z",)
def norm(p):
    return p.x * p.x + p.y * p.y
def movex(p, d):
    p.x = p.x + d
pts = [Pt(1, 2), Pt3(3, 4), Pt(5, 6)]
for p in pts:
    movex(p, 1)
    print(norm(p))
half = Pt.__new__(Pt)
try:
    norm(half)
except AttributeError as e:
    print("AttributeError", e)
class PtG(Pt):
    def __getattr__(self, name):
        return 0
g = PtG.__new__(PtG)
print(norm(g))
Pt.x = property(lambda self: 100)
print(norm(pts[0]), norm(pts[1]))
try:
    movex(pts[0], 1)
except AttributeError as e:
    print("AttributeError", e)

# one site, instances of several classes in turn (the second cache entry)
class T1:
    def __init__(self):
        self.a = 1
    def who(self):
        return "T1"
class T2:
    a = 2
    def who(self):
        return "T2"
class T3(T1):
    def who(self):
        return "T3"
def probe(o):
    return o.a, o.who()
def seta(o, v):
    o.a = v
objs = [T1(), T2(), T3(), T1(), T2()]
for _ in range(2):
    for o in objs:
        print(probe(o), end=" ")
    print()
T2.who = lambda self: "T2 patched"
T1.a = "class a"
for o in objs:
    print(probe(o), end=" ")
print()
for i, o in enumerate(objs):
    seta(o, i)
print([probe(o) for o in objs], T2.a)

# iterating subclasses of built-in containers
class OC(list):
    pass
class OD(dict):
    pass
class OI(list):
    def __iter__(self):
        return iter(["own"])
class OS(str):
    pass
print([x for x in OC([1, 2])], [k for k in OD(a=1, b=2)], [x for x in OI([1])], list(OS("ab")))
print(type(iter(OC())).__name__, type(iter(OD())).__name__)
