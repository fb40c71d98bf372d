# WeakKeyDictionary uses equality: equal keys share an entry; update, setdefault,
# keyrefs, copy.
import weakref

class K:
    def __init__(self, v):
        self.v = v
    def __eq__(self, o):
        return isinstance(o, K) and o.v == self.v
    def __hash__(self):
        return hash(self.v)
    def __repr__(self):
        return "K(%d)" % self.v

d = weakref.WeakKeyDictionary()
a1 = K(1)
a2 = K(1)
d[a1] = "first"
d[a2] = "second"
print(len(d), d[a1], d[a2])
b = K(2)
print(d.setdefault(b, "b"), d.setdefault(b, "other"))
d.update({K(3): "gone at once"})
print(len(d))
print(sorted(r().v for r in d.keyrefs()))
c = d.copy()
print(type(c).__name__, len(c))
del b
print(len(d), len(c))
