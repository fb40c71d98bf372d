# Instance dicts (key-sharing, PEP 412 in CPython): every dict behaviour must be that of
# an ordinary dict, whatever order instances set their attributes in.
import copy
import pickle


class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y


a = P(1, 2)
b = P(3, 4)
b.z = 5
print(vars(a), vars(b), a.__dict__ is vars(a))

# Different attribute orders in different instances of one class.
c = P(5, 6)
c.__dict__.clear()
c.y = 1
c.x = 2
print(list(vars(c)), list(vars(a)), repr(c.__dict__))

# Delete and re-add: the key moves to the end.
d = P(7, 8)
del d.x
print(vars(d), hasattr(d, "x"))
d.x = 9
print(vars(d), list(d.__dict__.items()))
try:
    del d.nothere
except AttributeError as e:
    print("AttributeError", e)

# Keys that are not str, and str subclasses, through __dict__.
class S(str):
    pass


e = P(0, 0)
e.__dict__[1] = "one"
e.__dict__[S("s")] = "sub"
print(vars(e), [type(k).__name__ for k in e.__dict__])
f = P(0, 0)
setattr(f, S("w"), 3)
print(vars(f), f.w)

# __dict__ assignment, dict(obj.__dict__), copies, equality.
g = P(1, 1)
g.__dict__ = {"q": 1, "x": 2}
print(g.q, g.x, vars(g))
h = dict(b.__dict__)
h["x"] = 100
print(h, vars(b), b.__dict__ == {"x": 3, "y": 4, "z": 5}, b.__dict__ == h)
print(vars(copy.copy(b)), vars(copy.deepcopy(b)), vars(pickle.loads(pickle.dumps(b))))
m = b.__dict__.copy()
print(m, type(m).__name__)

# popitem, pop, setdefault, update, get, in, len, keys/values/items views.
k = P(1, 2)
k.w = 3
print(k.__dict__.popitem(), vars(k))
print(k.__dict__.pop("x"), vars(k), k.__dict__.setdefault("x", 10), vars(k))
k.__dict__.update(a=1, y=7)
print(vars(k), k.__dict__.get("a"), "y" in k.__dict__, len(k.__dict__))
print(list(k.__dict__.keys()), list(k.__dict__.values()), list(reversed(k.__dict__)))

# Mutation during iteration.
n = P(1, 2)
try:
    for key in n.__dict__:
        n.extra = 1
except RuntimeError as e:
    print("RuntimeError", e)

# Many instances, many orders, more attributes than a shared table holds.
class B:
    pass


objs = [B() for i in range(5)]
for i, o in enumerate(objs):
    for j in range(40):
        setattr(o, "a%d" % ((j * 7 + i) % 40), j)
print([list(vars(o))[:4] for o in objs], [len(vars(o)) for o in objs])
print([sum(vars(o).values()) for o in objs], objs[3].a5, getattr(objs[4], "a39"))
for o in objs:
    for j in range(0, 40, 3):
        delattr(o, "a%d" % j)
print([list(vars(o))[:4] for o in objs], [len(vars(o)) for o in objs])

# Attribute reads through the same code on instances of different layouts.
def total(o):
    return o.x + o.y


class Q:
    pass


qs = []
for i in range(6):
    q = Q()
    if i % 2:
        q.y = i
        q.x = 10
    else:
        q.x = 10
        q.y = i
    if i % 3 == 0:
        q.__dict__[i] = i
    qs.append(q)
print([total(q) for q in qs], [list(vars(q)) for q in qs])
for q in qs:
    q.x += 1
    del q.y
    q.y = 0
print([total(q) for q in qs], [list(vars(q)) for q in qs])

# A class whose instances change class keeps its dict.
class R:
    pass


r = P(1, 2)
r.__class__ = R
r.t = 3
print(vars(r), type(r).__name__)
r2 = R()
r2.t = 1
r2.x = 2
print(vars(r2))

# A key with its own __eq__ equal to an attribute name finds that attribute.
class K:
    def __hash__(self):
        return hash("x")

    def __eq__(self, other):
        return other == "x"


s1 = P(1, 2)
s1.__dict__[K()] = 5
print(vars(s1), s1.x, K() in s1.__dict__, s1.__dict__.get(K()))
del s1.__dict__[K()]
print(vars(s1))

# Class attributes shadowed by instance attributes, then unshadowed.
class C:
    v = "class"

    def m(self):
        return "method"


cs = [C() for _ in range(3)]
cs[0].v = "inst"
cs[1].m = lambda: "inst-m"
print([c.v for c in cs], [c.m() for c in cs])
del cs[0].v
del cs[1].m
print([c.v for c in cs], [c.m() for c in cs], [vars(c) for c in cs])

# An instance dict kept after its instance is gone, and instances made after.
def keep():
    t = P(10, 20)
    t.extra = 30
    return t.__dict__


kept = keep()
kept["later"] = 40
print(kept, vars(P(1, 2)))
