# A cycle member resurrected by __del__ is not finalized again by the next collection.
import gc

gc.collect()
keep = []
class N:
    calls = 0
    def __del__(self):
        N.calls += 1
        keep.append(self)

a = N()
b = N()
a.b = b
b.a = a
del a, b
gc.collect()
print("calls:", N.calls, "kept:", len(keep))
keep.clear()
gc.collect()
print("calls after second collect:", N.calls)
