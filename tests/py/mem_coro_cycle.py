# Coroutines in cycles: a suspended coroutine is closed when collected; one never
# started warns.
import gc
import types
import warnings

warnings.simplefilter("always")
gc.collect()

@types.coroutine
def pause():
    yield

class Box:
    pass

async def worker(box):
    try:
        await pause()
    finally:
        print("worker cleanup")

b = Box()
b.c = worker(b)
b.c.send(None)
del b
print("collect:", gc.collect() > 0)

async def idle(box):
    pass

import io, sys
err = io.StringIO()
sys.stderr = err
b = Box()
b.c = idle(b)
del b
gc.collect()
sys.stderr = sys.__stderr__
print(err.getvalue().splitlines()[0].split(": ", 1)[1])
print("end")
