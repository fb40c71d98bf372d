# Plain instances whose attributes are set and read by ordinary code (the eval loop's
# cached paths) and then seen as a dict: the dict must show exactly those attributes in
# the order they were set, whenever it is first asked for.
import gc
import weakref


class Node:
    def __init__(self, name):
        self.name = name
        self.next = None

    def link(self, other):
        self.next = other


class Wide:
    def __init__(self, n):
        for i in range(n):
            setattr(self, "f%d" % i, i)

    def fill(self):
        self.a = 1
        self.b = 2
        self.c = 3
        self.d = 4
        self.e = 5
        self.f = 6


# Cycles through attributes are collected, finalizers and weakref callbacks run.
class Fin:
    def __init__(self, tag):
        self.tag = tag
        self.other = None

    def __del__(self):
        print("del", self.tag, self.other is not None)


def make_cycle():
    a = Fin("a")
    b = Fin("b")
    a.other = b
    b.other = a
    return weakref.ref(a, lambda r: print("callback"))


gc.collect()
r = make_cycle()
print("before collect", r() is not None)
print("collected", gc.collect() >= 2, r() is None)

# Attribute reads and writes in a loop, then the dict.
nodes = [Node(i) for i in range(5)]
for x, y in zip(nodes, nodes[1:]):
    x.link(y)
total = 0
n = nodes[0]
while n is not None:
    total += n.name
    n = n.next
print(total, vars(nodes[2])["name"], vars(nodes[2])["next"] is nodes[3], list(vars(nodes[2])), nodes[2].__dict__ is nodes[2].__dict__)

# More attributes than the object holds cells for, in several instances.
w1 = Wide(3)
w1.fill()
w2 = Wide(3)
w2.fill()
print(vars(w1) == vars(w2), list(vars(w2)))
w3 = Wide(0)
w3.fill()
w3.zz = 0
print(list(vars(w3)))
w4 = Wide(40)
print(len(vars(w4)), w4.f39)

# Delete through the general path, then store again through the cached one.
class Pt:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def move(self):
        self.x = self.x + 1
        self.y = self.y + 1


p = Pt(1, 2)
del p.x
try:
    p.move()
except AttributeError as e:
    print("AttributeError", e)
p.x = 5
p.move()
print(vars(p), p.x, p.y)

# hasattr/getattr/setattr with defaults, dir, __dict__ assignment after attributes.
q = Pt(3, 4)
print(hasattr(q, "x"), hasattr(q, "z"), getattr(q, "z", "dflt"), "x" in dir(q))
setattr(q, "z", 9)
q.move()
print(vars(q))
q.__dict__ = {"x": 0, "y": 0}
q.move()
print(vars(q))

# __class__ assignment keeps the attributes.
class Pt2:
    def move(self):
        self.x = self.x * 10


s = Pt(1, 1)
s.__class__ = Pt2
s.move()
print(type(s).__name__, vars(s))

# Instances are tracked by the collector.
t = Pt([1], (2,))
print(gc.is_tracked(t))

# Instances of a class whose attributes are set in different orders.
class Any:
    pass


objs = []
for i in range(6):
    o = Any()
    if i % 2:
        o.b = i
        o.a = i
    else:
        o.a = i
        o.b = i
    objs.append(o)
print([list(vars(o)) for o in objs], [o.a + o.b for o in objs])

# A class attribute shadowed, then unshadowed by deleting the instance attribute.
class Sh:
    val = "class"

    def get(self):
        return self.val


sh = Sh()
print(sh.get())
sh.val = "inst"
print(sh.get())
del sh.val
print(sh.get(), vars(sh))
