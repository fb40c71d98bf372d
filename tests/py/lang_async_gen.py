# Async generators and async comprehensions driven by hand (no event loop).



def run(coro):
    """Drive a coroutine that never really suspends; collect what it yields."""
    try:
        while True:
            v = coro.send(None)
            print("  suspended with", v)
    except StopIteration as e:
        return e.value


class Sleep:
    """An awaitable that yields once (as an event loop future would)."""
    def __init__(self, tag):
        self.tag = tag

    def __await__(self):
        yield self.tag
        return self.tag


async def agen(n):
    for i in range(n):
        got = yield i
        if got is not None:
            print("  agen got", got)


async def main():
    out = []
    async for x in agen(3):
        out.append(x)
    print("async for:", out)
    print("listcomp:", [x * 2 async for x in agen(4)])
    print("setcomp:", sorted({x % 2 async for x in agen(4)}))
    print("dictcomp:", {x: x * x async for x in agen(3) if x})
    print("nested:", [(x, y) async for x in agen(2) for y in range(2)])
    print("await in comp:", [await Sleep(i) for i in range(2)])
    g = (x + 1 async for x in agen(3))
    print(type(g).__name__)
    print("genexp:", [y async for y in g])
    return "done"


print(run(main()))

# __anext__ / asend by hand
g = agen(2)
print(type(g).__name__, g.__aiter__() is g)
aw = g.__anext__()
print(type(aw).__name__)
try:
    aw.send(None)
except StopIteration as e:
    print("first:", e.value)
try:
    aw.send(None)
except RuntimeError as e:
    print("RuntimeError", e)
aw = g.asend("hello")
try:
    aw.send(None)
except StopIteration as e:
    print("second:", e.value)
try:
    g.__anext__().send(None)
except StopAsyncIteration:
    print("StopAsyncIteration")
try:
    g.__anext__().send(None)
except StopAsyncIteration:
    print("StopAsyncIteration again")


# athrow / aclose
async def guarded():
    try:
        yield 1
        yield 2
    except ValueError as e:
        print("  caught", repr(e))
        yield "recovered"
    finally:
        print("  cleanup")


g = guarded()
try:
    g.__anext__().send(None)
except StopIteration as e:
    print("got", e.value)
try:
    g.athrow(ValueError("boom")).send(None)
except StopIteration as e:
    print("athrow ->", e.value)
try:
    g.aclose().send(None)
except StopIteration as e:
    print("aclose done", e.value)
try:
    g.__anext__().send(None)
except StopAsyncIteration:
    print("closed")


async def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2


g = stubborn()
try:
    g.__anext__().send(None)
except StopIteration:
    pass
try:
    g.aclose().send(None)
except RuntimeError as e:
    print("RuntimeError", e)


async def raises_sai():
    raise StopAsyncIteration
    yield


try:
    raises_sai().__anext__().send(None)
except RuntimeError as e:
    print("RuntimeError", e, type(e.__cause__).__name__)


# an async generator awaiting something that suspends
async def ticker():
    for i in range(2):
        await Sleep(f"tick{i}")
        yield i


async def consume():
    return [i async for i in ticker()]


print(run(consume()))

# aclose on a never-started generator
g = agen(3)
try:
    g.aclose().send(None)
except StopIteration:
    print("aclose unstarted ok")
print(g.ag_running, g.ag_code.co_name, g.ag_frame is None)

# compile errors
for src in ["def f():\n    return [x async for x in y]\n",
            "def f():\n    return [await x for x in y]\n"]:
    try:
        compile(src, "<s>", "exec")
    except SyntaxError as e:
        print("SyntaxError", e.msg)

