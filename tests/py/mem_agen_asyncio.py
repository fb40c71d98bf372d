# asyncio installs asyncgen hooks while running; an abandoned async generator is
# finalized by the loop (aclose scheduled), and the hooks are restored afterwards.
import asyncio
import sys

async def ticker():
    try:
        for i in range(10):
            yield i
    finally:
        print("ticker finally")

async def main():
    hooks = sys.get_asyncgen_hooks()
    print("hooks installed:", hooks.firstiter is not None, hooks.finalizer is not None)
    async for i in ticker():
        if i == 2:
            break
    print("broke out")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("main end")

asyncio.run(main())
print(sys.get_asyncgen_hooks())
