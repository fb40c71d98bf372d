# WeakValueDictionary methods: setdefault, pop, popitem, update, copy, itervaluerefs.
import weakref

class V:
    def __init__(self, n):
        self.n = n
    def __repr__(self):
        return "V(%d)" % self.n

keep = [V(i) for i in range(4)]
d = weakref.WeakValueDictionary({i: v for i, v in enumerate(keep)})
print(d.setdefault(0, V(99)), d.setdefault(7, keep[3]))
print(d.pop(1), len(d))
k, v = d.popitem()
print(k in (0, 2, 3, 7), len(d))
d2 = d.copy()
print(type(d2).__name__, sorted(d2.keys()) == sorted(d.keys()))
refs = list(d.valuerefs())
print(all(isinstance(r, weakref.ref) for r in refs), len(refs))
d.update({"a": keep[0]})
print(sorted(map(str, d.keys())))
keep.clear()
print(len(d), len(d2))
