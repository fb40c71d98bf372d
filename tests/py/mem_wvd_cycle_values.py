# WeakValueDictionary entries whose values are in garbage cycles disappear on collect.
import gc
import weakref

gc.collect()
class V:
    pass

d = weakref.WeakValueDictionary()
for i in range(5):
    v = V()
    v.self = v
    d[i] = v
del v
print("before collect:", len(d))
gc.collect()
print("after collect:", len(d))
