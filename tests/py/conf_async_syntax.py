# SyntaxErrors of async code: yield from in an async function, an asynchronous
# comprehension inside a comprehension outside an async function.
for src in ["async def foo():\n    yield from []\n", "def bar():\n    [[i async for i in a] for a in elts]\n",
            "[[i async for i in a] for a in elts]\n", "async def f():\n    [[i async for i in a] for a in elts]\n",
            "def g():\n    ((i async for i in a) for a in elts)\n", "async def h():\n    yield 1\n",
            "def k():\n    yield from []\n", "async def m():\n    return [x for x in [y async for y in z]]\n"]:
    try:
        compile(src, "<s>", "exec")
        print("ok")
    except SyntaxError as e:
        print(e.msg, e.lineno, e.offset)
