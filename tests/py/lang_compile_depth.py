# Very deep ASTs: RecursionError during compilation, as CPython; moderate ones compile.
for src in ["a" + ".b" * 100000, "1" + "+1" * 100000, "f()" + "()" * 50000,
            "a" + ".b" * 500, "1" + "+1" * 1000, "x" + "[0]" * 800]:
    try:
        code = compile(src, "<s>", "eval")
        print("ok", len(src))
    except RecursionError as e:
        print("RecursionError", e)

src = "def f():\n" + "".join("    " * (i + 1) + "if x:\n" for i in range(90)) + "    " * 91 + "pass\n"
try:
    compile(src, "<s>", "exec")
    print("nested ifs ok")
except (RecursionError, SyntaxError) as e:
    print(type(e).__name__, e)
