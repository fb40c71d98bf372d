# copy and deepcopy of weak containers keep their members (sets reduce to their items).
import copy
import weakref

class Item(str):
    pass

items = [Item(c) for c in "abc"]
ws = weakref.WeakSet(items)
ws.tag = ["t"]
for dup in (copy.copy(ws), copy.deepcopy(ws)):
    print(type(dup).__name__, sorted(dup) == sorted(ws), dup == ws, dup.tag == ws.tag)
s = {1, 2, 3}
print(s.__reduce__(), frozenset([4]).__reduce_ex__(2)[0])
print(sorted(copy.deepcopy({weakref.ref(items[0])}).pop()()))
del items
print(len(ws))
