# gc.collect called from a finalizer during a collection returns at once.
import gc

gc.collect()
class Node:
    def __del__(self):
        print("in __del__, inner collect:", gc.collect())

a = Node()
b = Node()
a.p = b
b.p = a
del a, b
print("outer:", gc.collect())

class Plain:
    def __del__(self):
        print("plain __del__, collect returns int:", isinstance(gc.collect(), int))
p = Plain()
del p
print("end")
