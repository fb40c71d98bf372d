# Iterating a WeakSet while members die; WeakSet of methods' owners; equality.
import weakref

class M:
    pass

items = [M() for _ in range(6)]
s = weakref.WeakSet(items)
count = 0
for m in s:
    count += 1
del m
del items[3:]
print("iterated", count, "now", len(s))
t = weakref.WeakSet(items)
print(s == t, s != t, len(s.copy()))
s.clear()
print(len(s), len(t))
try:
    s.pop()
except KeyError as e:
    print("KeyError:", e)
t.remove(items[0])
try:
    t.remove(items[0])
except KeyError:
    print("KeyError on remove")
