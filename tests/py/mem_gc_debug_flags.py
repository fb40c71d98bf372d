# gc.set_debug / get_debug round trip; DEBUG_STATS writes to stderr (captured).
import gc

print(gc.get_debug())
gc.set_debug(gc.DEBUG_COLLECTABLE | gc.DEBUG_UNCOLLECTABLE)
print(gc.get_debug())
gc.set_debug(0)
print(gc.get_debug())
try:
    gc.set_debug("x")
except TypeError as e:
    print("TypeError:", e)
