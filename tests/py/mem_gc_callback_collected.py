# The "stop" info dict reports what the collection found.
import gc

gc.collect()
info_seen = []
def cb(phase, info):
    if phase == "stop":
        info_seen.append((info["generation"], info["collected"], info["uncollectable"]))
gc.callbacks.append(cb)
for i in range(3):
    l = []
    l.append(l)
del l
gc.collect()
gc.callbacks.remove(cb)
print(info_seen)
