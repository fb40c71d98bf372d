# gc.get_count() follows allocations and deallocations of tracked objects.
import gc

gc.disable()
gc.collect()
c0 = gc.get_count()[0]
keep = [[] for _ in range(100)]
c1 = gc.get_count()[0]
print("grew by about 100:", 95 <= c1 - c0 <= 110)
del keep
gc.collect()
print("after collect:", gc.get_count())
gc.enable()
