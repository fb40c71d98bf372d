# The __dict__ of exceptions and of instances of subclasses of built-in types is made on
# first use: attributes set, read and deleted, identity of __dict__, vars(), dir(),
# pickling and copying, __dict__ replacement, __class__ assignment, and cycles through
# such a dict collected.
import copy
import gc
import pickle
import weakref


def show(label, f):
    try:
        print(label, f())
    except Exception as e:
        print(label, type(e).__name__, e)


# Exceptions.
e = ValueError("bad", 3)
print(e.args, str(e))
show("no attr", lambda: e.foo)
print(hasattr(e, "foo"), getattr(e, "foo", "default"))
print(e.__dict__)
d1 = e.__dict__
print(d1 is e.__dict__)
e.foo = 1
print(e.foo, e.__dict__, d1 is e.__dict__)
del e.foo
print(e.__dict__)
show("del again", lambda: delattr(e, "foo"))
print(vars(e) is e.__dict__)

e2 = KeyError("k")
e2.note = "n"
print(e2.note, vars(e2), "note" in dir(e2))
e3 = LookupError(2, "no such file")
print(e3.args, e3.__dict__)
e3.extra = [1, 2]
print(e3.extra, sorted(e3.__dict__))

# Methods of exceptions with and without a dict made.
e4 = RuntimeError("x")
print(e4.with_traceback(None) is e4, e4.__reduce__())
e4.a = 5
print(e4.__reduce__())
e5 = copy.copy(e4)
print(type(e5).__name__, e5.args, e5.a)
e6 = pickle.loads(pickle.dumps(e4))
print(type(e6).__name__, e6.args, e6.__dict__)
print(pickle.loads(pickle.dumps(RuntimeError("y"))).__dict__)


class MyErr(Exception):
    def __init__(self, msg):
        super().__init__(msg)
        self.msg = msg


try:
    raise MyErr("boom")
except MyErr as err:
    print(err.msg, err.__dict__)

try:
    raise TypeError("t")
except TypeError as err:
    print(err.__dict__, err.__traceback__ is not None)


# Subclasses of built-in types.
class I(int):
    pass


class F(float):
    pass


class S(str):
    pass


class B(bytes):
    pass


class L(list):
    pass


class D(dict):
    pass


class T(tuple):
    pass


class St(set):
    pass


class FS(frozenset):
    pass


for cls, arg in [
    (I, 7),
    (F, 1.5),
    (S, "ab"),
    (B, b"xy"),
    (L, [1, 2]),
    (D, {"k": 1}),
    (T, (1, 2)),
    (St, {3}),
    (FS, {4}),
]:
    o = cls(arg)
    name = cls.__name__
    print(name, hasattr(o, "attr"), o.__dict__, vars(o))
    d = o.__dict__
    o.attr = name.lower()
    print(name, o.attr, o.__dict__, d is o.__dict__)
    del o.attr
    print(name, hasattr(o, "attr"), o.__dict__)
    o.attr = 1
    c = copy.copy(o)
    print(name, "copy", c == o, type(c).__name__, c.__dict__)
    dc = copy.deepcopy(o)
    print(name, "deepcopy", dc == o, dc.__dict__)
    p = pickle.loads(pickle.dumps(o))
    print(name, "pickle", p == o, type(p).__name__, p.__dict__)
    fresh = cls(arg)
    print(name, "fresh copy", copy.copy(fresh).__dict__, pickle.loads(pickle.dumps(fresh)).__dict__)

# __dict__ replacement before and after first use.
i = I(3)
i.__dict__ = {"a": 1}
print(i.a, i.__dict__)
j = I(4)
print(j.__dict__)
j.__dict__ = {"b": 2}
print(j.b, vars(j))
show("dict set bad", lambda: setattr(I(5), "__dict__", 3))

# __class__ assignment keeps the attributes.
class L2(list):
    pass


lo = L([1])
lo.__class__ = L2
print(type(lo).__name__, lo.__dict__)
lo.x = 1
lo.__class__ = L
print(type(lo).__name__, lo.x, lo.__dict__)

# object.__setattr__ and getattr paths.
s = S("q")
object.__setattr__(s, "w", 9)
print(s.w, object.__getattribute__(s, "w"), s.__dict__)
print(s.upper(), len(s), s + "r")

# A method defined on the subclass, called before any attribute is set.
class L3(list):
    def total(self):
        return sum(self)


l3 = L3([1, 2, 3])
print(l3.total(), l3.__dict__)

# Cycles through the dict of such objects are collected.
gc.collect()


class Node(list):
    def __del__(self):
        print("del Node", len(self))


a = Node([1])
b = Node([2, 2])
a.other = b
b.other = a
wa = weakref.ref(a)
del a, b
print("collected", gc.collect() >= 2, wa() is None)

class WE(ValueError):
    pass


ex = WE("cycle")
ex.me = ex
wex = weakref.ref(ex)
del ex
print("exc collected", gc.collect() >= 1, wex() is None)


class Str(str):
    pass


st = Str("s")
holder = [st]
st.holder = holder
wst = weakref.ref(st)
del st, holder
print("str collected", gc.collect() >= 1, wst() is None)

# Referents seen by the collector: no dict before it is made.
fresh = I(10)
print([type(r).__name__ for r in gc.get_referents(fresh)])
fresh.z = 1
print(sorted(type(r).__name__ for r in gc.get_referents(fresh)))
e7 = ValueError(1)
print(sorted(type(r).__name__ for r in gc.get_referents(e7)))
e7.z = 2
print(sorted(type(r).__name__ for r in gc.get_referents(e7)))
