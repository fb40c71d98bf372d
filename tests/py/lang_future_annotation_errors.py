cases = ["(y := 3)", "(yield)", "(yield from x)", "(await x)", "[(z := 1) for q in r]", "lambda: (yield)"]
for e in cases:
    for tmpl in ["v: {}\n", "def f(a: {}): pass\n", "async def f(a: {}): pass\n", "def f() -> {}: pass\n", "class C:\n    v: {}\n"]:
        src = "from __future__ import annotations\n" + tmpl.format(e)
        try:
            compile(src, "<s>", "exec")
            print("ok", repr(src))
        except SyntaxError as err:
            print(type(err).__name__, err.msg, err.lineno, err.offset, repr(src))
