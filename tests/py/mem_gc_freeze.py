# gc.freeze moves everything tracked to the permanent generation.
import gc

gc.collect()
print(gc.get_freeze_count())
keep = [[] for _ in range(10)]
gc.freeze()
n = gc.get_freeze_count()
print(n > 10)
print(len(gc.get_objects(0)), len(gc.get_objects(2)))
l = []
l.append(l)
del l
print("cycle found while frozen:", gc.collect())
gc.unfreeze()
print(gc.get_freeze_count())
print("objects back in gen 2:", len(gc.get_objects(2)) >= n)
