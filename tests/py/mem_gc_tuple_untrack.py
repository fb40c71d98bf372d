# Tuples of atomic values are untracked by a collection (CPython's lazy untracking);
# dicts of atomic values are untracked at creation.
import gc

t = tuple([1, 2, "x"])
print("fresh tuple:", gc.is_tracked(t))
gc.collect()
print("after collect:", gc.is_tracked(t))
t2 = tuple([1, []])
gc.collect()
print("tuple with list:", gc.is_tracked(t2))
nested = tuple([tuple([1, 2]), 3])
gc.collect()
print("nested atomic tuples:", gc.is_tracked(nested))
d = dict(a=1, b="x")
print("atomic dict:", gc.is_tracked(d))
d2 = dict(a=1, b=(1, 2))
print("dict with tuple:", gc.is_tracked(d2))
d3 = {}
d3[1] = 2
print("dict, atomic insert:", gc.is_tracked(d3))
d3[2] = [3]
print("dict, list insert:", gc.is_tracked(d3))
