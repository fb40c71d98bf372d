class Ticker:
    def __init__(self, n):
        self.n = n
    def __aiter__(self):
        return self
    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        return self.n

class Resource:
    async def __aenter__(self):
        print("acquire")
        return "res"
    async def __aexit__(self, exc_type, exc, tb):
        print("release", exc_type.__name__ if exc_type else None)
        return exc_type is KeyError

async def work():
    out = []
    async with Resource() as r:
        async for i in Ticker(3):
            if i == 0:
                break
            out.append((r, i))
    async with Resource():
        raise KeyError("swallowed by __aexit__")
    return out

def run(coro):
    try:
        while True:
            coro.send(None)
    except StopIteration as e:
        return e.value

print(run(work()))

async def add(a, b):
    return a + b

async def main():
    total = 0
    for i in range(3):
        total += await add(i, 10)
    return total

print(run(main()))
