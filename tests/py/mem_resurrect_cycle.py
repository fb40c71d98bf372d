# Resurrection from a finalizer in a cycle: the whole cycle survives.
import gc

gc.collect()
keep = []
class Node:
    def __init__(self, name):
        self.name = name
        self.peer = None
    def __del__(self):
        print("__del__", self.name)
        if self.name == "a":
            keep.append(self)

a = Node("a")
b = Node("b")
a.peer = b
b.peer = a
del a, b
n = gc.collect()
print("kept:", [k.name for k in keep], "peer:", keep[0].peer.name)
print("collected:", n)
keep.clear()
print("cleared keep")
n = gc.collect()
print("second collect:", n)
print("end")
