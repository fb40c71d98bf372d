# Attribute caches of sites that see instances of several classes in turn, and the
# in-line store of a new attribute: every cached answer must follow later changes.


class Base:
    def __init__(self, tag):
        self.tag = tag
        self.count = 0

    def kind(self):
        return "base"


class A(Base):
    def kind(self):
        return "A"


class B(Base):
    pass


class C(Base):
    def __init__(self, tag):
        self.extra = "c-first"
        super().__init__(tag)


class D(Base):
    __slots__ = ()


class E(Base):
    pass


def touch(objs, rounds):
    out = []
    for _ in range(rounds):
        for o in objs:
            o.count = o.count + 1
            out.append((o.tag, o.kind(), o.count))
    return out


objs = [A("a"), B("b"), C("c"), D("d"), E("e")]
print(touch(objs, 2)[-5:])

# A method added to one class later: only its instances see it, at every site.
B.kind = lambda self: "B-new"
print(touch(objs, 1))

# A data descriptor added on a class shadows the instance attribute from then on.
class Counted:
    def __get__(self, obj, owner=None):
        return -1

    def __set__(self, obj, value):
        obj.__dict__["seen"] = value


E.count = Counted()
print(touch(objs, 1))
print(objs[4].__dict__)
del E.count
print(touch(objs, 1))

# __setattr__ added after the store sites filled their caches.
def logging_setattr(self, name, value):
    print("setattr", type(self).__name__, name, value)
    object.__setattr__(self, name, value)


A.__setattr__ = logging_setattr
print(touch(objs, 1)[0])
del A.__setattr__
print(touch(objs, 1)[0])


# New attributes stored through a cached site keep insertion order, also when an
# instance skipped one of them.
class P:
    def __init__(self, x, y, z, skip=False):
        self.x = x
        if not skip:
            self.y = y
        self.z = z


ps = [P(i, i + 1, i + 2, skip=(i % 3 == 1)) for i in range(7)]
for p in ps:
    print(p.__dict__, list(vars(p)))
late = ps[1]
late.y = "late"
print(late.__dict__, list(vars(late)))
del ps[2].x
ps[2].x = "again"
print(ps[2].__dict__)


# An instance whose class changes under a polymorphic site.
class Q(Base):
    def kind(self):
        return "Q"


q = A("q")
objs2 = [q, B("b2"), C("c2")]
print(touch(objs2, 1))
q.__class__ = Q
print(touch(objs2, 2)[-3:])


# Polymorphic sites with more classes than the cache keeps.
classes = [type("K%d" % i, (Base,), {"kind": (lambda i: lambda self: "K%d" % i)(i)}) for i in range(7)]
many = [k(str(i)) for i, k in enumerate(classes)]
print(touch(many, 3)[-7:])
classes[3].kind = lambda self: "K3-new"
print(touch(many, 1))


# __getattr__ only for what is missing, on a site that also sees other classes.
class G(Base):
    def __getattr__(self, name):
        return "missing:" + name


def read_missing(objs):
    out = []
    for o in objs:
        try:
            out.append(o.nothing)
        except AttributeError as e:
            out.append(str(e))
    return out


print(read_missing([G("g"), A("a2"), G("g2")]))


# A polymorphic site reading an inline attribute some instances never set.
class R1(P):
    pass


class R2(P):
    pass


def read_y(objs):
    out = []
    for o in objs:
        try:
            out.append(o.y)
        except AttributeError as e:
            out.append(str(e))
    return out


rs = [R1(1, 2, 3), R2(4, 5, 6), R1(7, 8, 9, skip=True), P(0, 1, 2), R2(1, 1, 1, skip=True)]
print(read_y(rs * 2))
