# DEBUG_SAVEALL keeps the unreachable objects in gc.garbage.
import gc

gc.collect()
print(gc.garbage)
gc.set_debug(gc.DEBUG_SAVEALL)
print(gc.get_debug() == gc.DEBUG_SAVEALL)
l = [1, 2]
l.append(l)
del l
n = gc.collect()
print(n, len(gc.garbage), gc.garbage[0][:2])
class Node:
    pass
a = Node()
a.me = a
del a
gc.collect()
print(len(gc.garbage), [type(x).__name__ for x in gc.garbage])
gc.set_debug(0)
gc.garbage.clear()
print(gc.collect(), gc.garbage)
print(gc.DEBUG_STATS, gc.DEBUG_COLLECTABLE, gc.DEBUG_UNCOLLECTABLE, gc.DEBUG_SAVEALL, gc.DEBUG_LEAK)
