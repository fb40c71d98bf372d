# Attribute caches at sites that see __slots__ members and several classes in turn.

class P:
    __slots__ = ('x', 'y')
    def __init__(self, x, y):
        self.x = x
        self.y = y

def total(points):
    s = 0
    for p in points:
        s += p.x * p.y
    return s

pts = [P(i, i + 1) for i in range(50)]
print(total(pts))

# Store through the same site many times, then delete a member: the load raises.
def bump(points, n):
    for _ in range(n):
        for p in points:
            p.x = p.x + 1
bump(pts, 3)
print(total(pts))
del pts[3].y
try:
    total(pts)
except AttributeError as e:
    print('AttributeError:', e)
pts[3].y = 0
print(total(pts))

# A subclass replacing the slot with a property: the site sees a different class.
class Q(P):
    __slots__ = ()
    def __init__(self, y):
        self.y = y
    @property
    def x(self):
        return -100
q = Q(2)
print(total([P(1, 2), q, P(3, 4), q]))

# A class whose members change after the site is warm.
class R:
    __slots__ = ('x', 'y')
r = R(); r.x = 2; r.y = 3
print(total([r] * 5))
R.x = property(lambda self: 7)
print(total([r] * 5))

# Polymorphic sites: four classes in turn, each with its own layout.
class A:
    def __init__(self): self.v = 1; self.w = 'a'
class B:
    def __init__(self): self.w = 'b'; self.v = 2
class C:
    __slots__ = ('v', 'w')
    def __init__(self): self.v = 3; self.w = 'c'
class D:
    v = 4
    w = 'd'
objs = [A(), B(), C(), D()] * 10
def scan(objs):
    out = []
    for o in objs:
        out.append((o.v, o.w))
    return out
print(scan(objs)[:4], len(scan(objs)))
def store_all(objs, k):
    for o in objs:
        if not isinstance(o, D):
            o.v = k
store_all(objs, 9)
print(scan(objs)[:4])
# A class changing while the site is warm: the cache must not keep the old value.
D.v = 40
print(scan(objs)[:4])
B.v = property(lambda self: 'prop')
print(scan(objs)[:4])

# Methods at a polymorphic site.
class M1:
    def f(self): return 'M1'
class M2:
    def f(self): return 'M2'
class M3(M1):
    pass
class M4:
    __slots__ = ()
    def f(self): return 'M4'
ms = [M1(), M2(), M3(), M4()] * 3
print([m.f() for m in ms])
M1.f = lambda self: 'M1-new'
print([m.f() for m in ms])
m2 = M2(); m2.f = lambda: 'instance'
print([m.f() for m in ms + [m2]])
