x = eval("1 + 2 * 3")
exec("y = x * 2\nprint('exec sees', y)")
print(x, y)
try:
    eval("1 +")
except SyntaxError as e:
    print(type(e).__name__, e.msg, e.lineno)
code = compile("z = 5", "<c>", "exec")
exec(code)
print(z, eval(compile("z * 2", "<e>", "eval")))
g = {}
exec("def f(a):\n    return a * 3\n", g)
print(g["f"](4))
