# gc.disable stops automatic collection; gc.collect still works.
import gc
import weakref

print(gc.isenabled())
gc.disable()
print(gc.isenabled())

class Node:
    pass

gc.collect()
refs = []
for i in range(2000):
    n = Node()
    n.self = n
    refs.append(weakref.ref(n))
del n
alive = sum(r() is not None for r in refs)
print("all alive while disabled:", alive == 2000)
print("collect finds them:", gc.collect() >= 2000)
print("dead now:", sum(r() is not None for r in refs))
gc.enable()
print(gc.isenabled())
refs = []
for i in range(5000):
    n = Node()
    n.self = n
    refs.append(weakref.ref(n))
del n
print("most collected automatically:", sum(r() is not None for r in refs) < 2000)
