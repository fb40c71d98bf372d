# gc.callbacks: called with "start" and "stop" and an info dict.
import gc

gc.collect()
events = []
def cb(phase, info):
    events.append((phase, sorted(info.items())))
gc.callbacks.append(cb)
l = []
l.append(l)
del l
gc.collect()
gc.collect(1)
gc.collect(0)
gc.callbacks.remove(cb)
for e in events:
    print(e)

def bad(phase, info):
    raise ValueError("callback failed")
import sys
sys.unraisablehook = lambda u: print("unraisable:", u.exc_type.__name__, u.exc_value)
gc.callbacks.append(bad)
print(gc.collect())
gc.callbacks.remove(bad)
