# gc.is_tracked: atomic values and containers of them are not tracked.
import gc

print(gc.is_tracked(0), gc.is_tracked(1.5), gc.is_tracked("a"), gc.is_tracked(b"b"))
print(gc.is_tracked(None), gc.is_tracked(int), gc.is_tracked(2 ** 100))
print(gc.is_tracked([]), gc.is_tracked([1]), gc.is_tracked(set()), gc.is_tracked({1}))
print(gc.is_tracked({}), gc.is_tracked({"a": 1}), gc.is_tracked({"a": []}))
d = {"a": 1}
d["b"] = []
print("dict after adding a list:", gc.is_tracked(d))
print(gc.is_tracked(()), gc.is_tracked((1, 2)))
t = (1, [])
print(gc.is_tracked(t))
class C:
    pass
print(gc.is_tracked(C), gc.is_tracked(C()))
print(gc.is_tracked(lambda: 0), gc.is_tracked(iter([])))
