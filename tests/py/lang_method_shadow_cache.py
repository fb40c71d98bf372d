# A cached method look-up (LOAD_METHOD / LOAD_ATTR of a class attribute) must see an
# instance attribute of the same name as soon as one exists: added after the cache was
# filled, on another instance of the class, on instances whose attributes overflow into
# a dict, and after deletion.


class C:
    kind = "class value"

    def __init__(self, n):
        self.n = n

    def m(self):
        return "method of %d" % self.n


def call_all(objs):
    out = []
    for o in objs:
        out.append(o.m())
        out.append(o.kind)
    return out


a, b = C(1), C(2)
for _ in range(3):
    print(call_all([a, b]))
b.m = lambda: "instance attr of b"
b.kind = "instance kind of b"
for _ in range(3):
    print(call_all([a, b]))
c = C(3)
print(call_all([a, b, c]))
del b.m
print(call_all([a, b, c]))
del b.kind
print(call_all([a, b, c]))

# Many attributes: the later ones no longer fit the shared keys.
wide = C(4)
for i in range(40):
    setattr(wide, "attr%d" % i, i)
print(call_all([wide, a]))
wide.m = lambda: "wide's own m"
print(call_all([wide, a]))

# A class attribute replaced after the cache was filled.
def new_m(self):
    return "replaced method of %d" % self.n
C.m = new_m
print(call_all([a, c]))


class D(C):
    pass


d = D(5)
print(call_all([d, a, d]))
d.m = lambda: "d's own"
print(call_all([d, a, d]))
d.__dict__.clear()
d.n = 6
print(call_all([d, a, d]))
