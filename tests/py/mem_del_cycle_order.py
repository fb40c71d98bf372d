# In a collected cycle every __del__ runs once before anything is cleared: each
# finalizer still sees its attributes.
import gc

gc.collect()
class N:
    def __init__(self, name):
        self.name = name
        self.next = None
    def __del__(self):
        print("__del__", self.name, "->", self.next.name if self.next else None)

a, b, c = N("a"), N("b"), N("c")
a.next, b.next, c.next = b, c, a
del a, b, c
print("collect:", gc.collect())
print("end")
