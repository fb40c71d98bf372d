# WeakValueDictionary: entries vanish when values die.
import weakref

class V:
    def __init__(self, n):
        self.n = n
    def __repr__(self):
        return "V(%d)" % self.n

d = weakref.WeakValueDictionary()
vals = [V(i) for i in range(5)]
for v in vals:
    d[v.n] = v
print(len(d), sorted(d.keys()))
del vals[1]
print(len(d), sorted(d.keys()))
vals.clear()
print(len(d), dict(d))
x = V(10)
d["x"] = x
print(d["x"], d.get("x"), "x" in d, d.get("missing", "dflt"))
del x
print("x" in d, d.get("x"))
try:
    d["x"]
except KeyError as e:
    print("KeyError", e)
