# Bound built-in methods refer to their object: cycles through them are collected.
import gc

gc.collect()
l = []
l.append(l.append)
del l
print("list holding its bound append:", gc.collect())
d = {}
d["get"] = d.get
del d
print("dict holding its bound get:", gc.collect())
s = set()
m = s.add
s.add(m)
del s, m
print("set holding its bound add:", gc.collect())
print(gc.is_tracked([].append))
