# gc.get_objects lists tracked objects, per generation.
import gc

gc.collect()
marker = ["marker list"]
print(any(o is marker for o in gc.get_objects()))
print(any(o is marker for o in gc.get_objects(generation=0)) or any(o is marker for o in gc.get_objects(generation=2)))
gc.collect()
print("after full collect, in gen 2:", any(o is marker for o in gc.get_objects(2)))
print("not in gen 0:", any(o is marker for o in gc.get_objects(0)))
s = "a string"
print("untracked not listed:", any(o is s for o in gc.get_objects()))
