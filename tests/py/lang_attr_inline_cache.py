# Cached instance attribute loads and stores at one site, over instances whose attributes
# are inline, instances whose dict was made (materialized), deleted attributes, attributes
# added in another order, and class changes between calls.
class P:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def read(o):
    return o.x, o.y


def write(o, v):
    o.x = v
    o.y = v + 1


def run(objs, rounds=3):
    out = []
    for _ in range(rounds):
        for o in objs:
            try:
                out.append(read(o))
            except AttributeError as e:
                out.append(str(e))
            write(o, len(out))
            out.append(read(o))
    return out


a = P(1, 2)
b = P(3, 4)
c = P(5, 6)
c.__dict__  # made a dict
d = P(7, 8)
d.__dict__["z"] = 9  # dict grows a key of its own
print(run([a, b, c, d]))

# Deleted attributes: the cell is unset, the cached position must not be trusted to hold
# a value.
e = P(1, 2)
print(read(e))
del e.x
try:
    read(e)
except AttributeError as ex:
    print("AttributeError", ex)
write(e, 40)
print(read(e), e.__dict__)

# A different attribute order in another instance: positions are the class's, shared.
class Q:
    pass

q1 = Q(); q1.x = 1; q1.y = 2
q2 = Q(); q2.y = 3; q2.x = 4
print(run([q1, q2]))
print(q1.__dict__, q2.__dict__)

# A class attribute appearing later, then a data descriptor shadowing the instance value.
print(run([a]))
P.x = "class x"
print(read(a), read(b))
del a.x
print(read(a))
P.x = property(lambda self: "prop x", lambda self, v: print("set via property", v))
print(read(a), read(b))
write(a, 100)
del P.x
print(read(b))
try:
    read(a)
except AttributeError as ex:
    print("AttributeError", ex)

# __class__ assignment between calls at the same site.
class R:
    def __init__(self):
        self.y = "r y"
        self.x = "r x"

r = R()
print(read(r))
r.__class__ = P
print(read(r))
write(r, 7)
print(read(r), vars(r))

# __getattr__ supplies what is missing.
class G(P):
    def __getattr__(self, name):
        return "getattr " + name

g = G(1, 2)
print(read(g))
del g.x
print(read(g))
