# WeakKeyDictionary: entries vanish when keys die.
import weakref

class K:
    def __init__(self, n):
        self.n = n
    def __repr__(self):
        return "K(%d)" % self.n

d = weakref.WeakKeyDictionary()
keys = [K(i) for i in range(4)]
for k in keys:
    d[k] = k.n * 10
print(len(d), sorted(d.values()))
del keys[0]
print(len(d), sorted(d.values()))
k = keys[1]
print(d[k], k in d, d.get(k))
del d[k]
print(k in d, len(d))
keys.clear()
del k
print(len(d), list(d.items()))
a = K(5)
d[a] = "x"
print(list(d.keys()), list(d.values()))
print(d.pop(a), len(d))
