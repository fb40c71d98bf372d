# Calling generator, coroutine and async generator functions: the arguments reach the new
# frame whichever way the call binds them, and bad calls raise CPython's errors before
# any generator is made.
import sys


def gen(a, b):
    yield a
    yield b


def gen_default(a, b=7):
    yield a + b


def gen_varargs(*args, **kw):
    yield args
    yield sorted(kw.items())


def gen_cell(a):
    def inner():
        return a * 10

    yield inner()


async def coro(x, y):
    return x - y


async def agen(n):
    for i in range(n):
        yield i


objs = [object(), object()]
before = sys.getrefcount(objs[0])
g = gen(objs[0], objs[1])
print(sys.getrefcount(objs[0]) - before)
print(next(g) is objs[0], next(g) is objs[1])
del g
print(sys.getrefcount(objs[0]) - before)
print(list(gen(1, 2)), list(gen(b=4, a=3)), list(gen_default(1)), list(gen_default(1, 2)))
print(list(gen_varargs(1, 2, k=3)), list(gen_cell(4)))
for bad in (lambda: gen(1), lambda: gen(1, 2, 3), lambda: gen(1, c=2), lambda: coro(1)):
    try:
        bad()
    except TypeError as e:
        print("TypeError", e)


def run(c):
    try:
        c.send(None)
    except StopIteration as e:
        return e.value


print(run(coro(10, 3)), [run(coro(i, 1)) for i in range(3)])


async def collect(n):
    return [i async for i in agen(n)]


print(run(collect(4)))


# A generator whose frame is made from recycled storage sees only its own arguments.
def pairs(n):
    for i in range(n):
        yield from gen(i, -i)


print(list(pairs(3)))
c = coro(1, 2)
print(type(c).__name__, c.cr_frame.f_locals, c.cr_frame.f_lasti >= 0)
c.close()
