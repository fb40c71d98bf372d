# gc.collect argument checking.
import gc

print(gc.collect(0) >= 0, gc.collect(1) >= 0, gc.collect(2) >= 0, gc.collect(generation=2) >= 0)
for bad in [3, -1]:
    try:
        gc.collect(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    gc.collect("x")
except TypeError as e:
    print("TypeError:", e)
try:
    gc.get_objects(generation=5)
except ValueError as e:
    print("ValueError:", e)
try:
    gc.is_tracked()
except TypeError as e:
    print("TypeError:", e)
