# d[i] and d[i] = v for a machine int i on an exact dict take a probe specialised for
# ints; equal keys of other kinds, colliding objects, subclasses and removals keep
# CPython's answers.
import sys

M = 2**61 - 1  # the hash modulus: hash(M) == 0
MAX = sys.maxsize
MIN = -sys.maxsize - 1

d = {}
for i in range(0, 300, 3):
    d[i] = i * 2
for i in range(0, 300, 3):
    d[i] += 1
print(len(d), d[0], d[3], d[297], sum(d[i] for i in range(0, 300, 3)))
for k in [1, 300, -3, MAX, MIN, M]:
    try:
        d[k]
    except KeyError as e:
        print("KeyError", e)

# Ints whose hashes collide: -1/-2, M/0, MIN/MAX neighbours.
c = {}
for k in [-1, -2, 0, M, MAX, MIN, 1, M + 1]:
    c[k] = str(k)
print(c)
print([c[k] for k in [-1, -2, 0, M, MAX, MIN, 1, M + 1]])
c[-1] = "minus one"
c[M] = "modulus"
print(c[-1], c[-2], c[M], c[0], len(c))

# Equal keys of other kinds: the first key stays, the value is replaced.
e = {1.0: "float", True: "bool"}
print(e, {1.0, True}, {True, 1.0}, {0.0: 1, False: 2}, {2.0, True, 1})
e[1] = "int"
print(e, e[1], e[True], e[1.0])
e = {2.5: "x", 3.0 + 0j: "complex", "4": "str", 10**20: "big"}
e[3] = "three"
e[4] = "four"
print(e, e[3])
print(e[10**20], 5 in e)


# A colliding object with its own __eq__ is asked.
class Eq:
    def __init__(self, h, answer):
        self.h, self.answer = h, answer

    def __hash__(self):
        return self.h

    def __eq__(self, other):
        print("Eq.__eq__", other)
        return self.answer


q = {Eq(5, True): "yes", Eq(6, False): "no"}
print(q[5])
q[5] = "replaced"
print(list(q.values()))
q[6] = "new"
print(list(q.values()), len(q))


# An __eq__ that changes the dict during the probe.
class Mutator:
    def __hash__(self):
        return 4

    def __eq__(self, other):
        box.pop(self, None)
        for i in range(100, 140):
            box[i] = i
        return False


box = {Mutator(): 0}
box[4] = "four"
print(box[4], len(box))

# Removed keys are gone; keys past them are found; the order is insertion order.
r = {i: i for i in range(64)}
for i in range(0, 64, 2):
    del r[i]
print(r.get(2), r[63], 2 in r, list(r)[:4])
r[2] = "back"
print(list(r)[-2:], r[2])


# Subclasses: __missing__ and __getitem__/__setitem__ overrides are honoured.
class Missing(dict):
    def __missing__(self, k):
        return ("missing", k)


class Loud(dict):
    def __setitem__(self, k, v):
        print("Loud.__setitem__", k, v)
        super().__setitem__(k, v)

    def __getitem__(self, k):
        print("Loud.__getitem__", k)
        return super().__getitem__(k)


m = Missing({1: "one"})
print(m[1], m[2])
loud = Loud()
loud[7] = "seven"
print(loud[7])

# Values with finalizers are released after the replacement.
class Noisy:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        print("del", self.n, "now", type(f[1]).__name__)


f = {1: Noisy("old")}
f[1] = Noisy("new")
print("replaced")
f[1] = 0
print("done")
