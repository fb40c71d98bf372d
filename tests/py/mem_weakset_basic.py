# WeakSet: members vanish when they die; set operations.
import weakref

class M:
    def __init__(self, n):
        self.n = n
    def __repr__(self):
        return "M(%d)" % self.n

items = [M(i) for i in range(5)]
s = weakref.WeakSet(items)
print(len(s), sorted(m.n for m in s))
del items[2]
print(len(s), sorted(m.n for m in s))
t = weakref.WeakSet(items[:2])
print(t <= s, s >= t, len(s - t), len(s & t), len(s | t))
x = M(9)
s.add(x)
print(x in s, len(s))
s.discard(x)
print(x in s)
s.add(x)
del x
print(len(s))
items.clear()
print(len(s), len(t), list(s))
