# gc.get_stats: one dict per generation with collections/collected/uncollectable.
import gc

st = gc.get_stats()
print(len(st), [sorted(d) for d in st])
before = gc.get_stats()[2]["collections"]
before_collected = gc.get_stats()[2]["collected"]
l = []
l.append(l)
del l
gc.collect()
after = gc.get_stats()[2]
print(after["collections"] - before, after["collected"] - before_collected, after["uncollectable"])
gc.collect(0)
print(gc.get_stats()[0]["collections"] > 0)
