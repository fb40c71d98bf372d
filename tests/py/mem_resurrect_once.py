# A resurrected object's __del__ does not run a second time (PEP 442).
import gc

saved = []
class R:
    count = 0
    def __del__(self):
        R.count += 1
        print("__del__ call", R.count)
        saved.append(self)

r = R()
del r
print("saved:", len(saved))
r = saved.pop()
del r
print("count after second death:", R.count)
print(gc.is_finalized(R()) if False else "skip")
x = R()
print(gc.is_finalized(x))
del x
x = saved.pop()
print(gc.is_finalized(x))
del x
print("end", R.count)
