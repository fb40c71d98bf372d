# gc thresholds: defaults, setting, automatic collections through callbacks.
import gc

print(gc.get_threshold())
gc.set_threshold(100, 5, 5)
print(gc.get_threshold())
gc.set_threshold(50)
print(gc.get_threshold())
gc.set_threshold(700, 10, 10)
print(gc.get_threshold())

for bad in [(), (1, 2, 3, 4)]:
    try:
        gc.set_threshold(*bad)
    except TypeError as e:
        print("TypeError", e)

gens = []
def cb(phase, info):
    if phase == "start":
        gens.append(info["generation"])
gc.collect()
gc.callbacks.append(cb)
gc.set_threshold(10)
junk = []
for i in range(200):
    junk.append([])
gc.callbacks.remove(cb)
gc.set_threshold(700, 10, 10)
print("automatic collections happened:", len(gens) > 5, "gen0:", 0 in gens)
