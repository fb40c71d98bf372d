# A started coroutine dying suspended is closed (no warning).
import types

@types.coroutine
def suspend():
    yield "tick"

async def worker(name):
    try:
        await suspend()
        print("not reached")
    finally:
        print(name, "cleanup")

c = worker("w1")
print(c.send(None))
del c
print("after w1")

c = worker("w2")
print(c.send(None))
c.close()
print("closed w2")
c.close()
print(c.cr_frame)
print(worker("w3").cr_origin)
print("end")
