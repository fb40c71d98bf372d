# Weak references compare by referent while alive, by identity when dead; the hash is
# the referent's and is kept after death once computed.
import weakref

class C:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        return isinstance(other, C) and self.v == other.v
    def __hash__(self):
        return hash(self.v)

a = C(1)
b = C(1)
ra = weakref.ref(a)
rb = weakref.ref(b)
print(ra == rb, ra != rb, ra is rb)
print(hash(ra) == hash(1))
h = hash(ra)
del a
print(ra == rb, ra == ra)
print(hash(ra) == h)
del b
try:
    hash(rb)
    print("hash computed before?")
except TypeError as e:
    print("TypeError:", e)
x = C(2)
print(weakref.ref(x) is weakref.ref(x))
print(weakref.ref(x, print) is weakref.ref(x))
