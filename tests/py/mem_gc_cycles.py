import gc
class Node:
    def __init__(self, name):
        self.name = name
        self.other = None
    def __del__(self):
        print("del", self.name)
gc.collect()
a = Node("a"); b = Node("b")
a.other = b; b.other = a
del a, b
print("collect", gc.collect())
l = []
l.append(l)
del l
print("self list", gc.collect())
d = {}
d["d"] = d
del d
print("self dict", gc.collect())
print(gc.collect())
saved = []
class R:
    def __init__(self):
        self.me = self
    def __del__(self):
        print("R del")
        saved.append(self)
r = R()
del r
print("resurrect", gc.collect(), len(saved))
saved.clear()
print("again", gc.collect())
import _weakref
class W: pass
w = W(); w.self = w
def cb(ref):
    print("cb", ref() is None)
wr = _weakref.ref(w, cb)
del w
print("weak", gc.collect())
print(gc.isenabled(), gc.get_threshold())
gc.disable(); print(gc.isenabled()); gc.enable()
gc.set_threshold(500, 5, 5); print(gc.get_threshold()); gc.set_threshold(700, 10, 10)
print(gc.is_tracked(1), gc.is_tracked([]), gc.is_tracked({}), gc.is_tracked({"a": []}), gc.is_tracked("s"))
x = Node("x")
print(gc.is_finalized(x))
del x
print(gc.DEBUG_LEAK, gc.DEBUG_SAVEALL, gc.DEBUG_STATS)
class Q: pass
q = Q(); q.l = [1, 2]
print(any(r is q.__dict__ for r in gc.get_referents(q)) or any(isinstance(r, dict) for r in gc.get_referents(q)))
print(q in [r for r in gc.get_referrers(q.l) if r is q] or any(r is q.__dict__ for r in gc.get_referrers(q.l)))
try:
    gc.collect(3)
except ValueError as e:
    print(e)
events = []
def cbk(phase, info):
    events.append((phase, info["generation"]))
gc.callbacks.append(cbk)
gc.collect()
gc.callbacks.remove(cbk)
print(events)
print(len(gc.get_stats()), sorted(gc.get_stats()[0]))
gc.freeze(); print(gc.get_freeze_count() > 0); gc.unfreeze(); print(gc.get_freeze_count())
