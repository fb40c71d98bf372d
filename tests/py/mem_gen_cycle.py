# A suspended generator in a reference cycle is closed when the collector finds it.
import gc

def gen(box):
    try:
        yield 1
    finally:
        print("finally, box has", len(box))

box = []
g = gen(box)
box.append(g)   # cycle: generator frame -> box -> generator
next(g)
del g, box
print("before collect")
n = gc.collect()
print("collected something:", n > 0)

class Node:
    pass

def gen2(node):
    try:
        yield node
    finally:
        print("gen2 finally")

n = Node()
n.g = gen2(n)
next(n.g)
del n
print("collect:", gc.collect() > 0)
print("end")
