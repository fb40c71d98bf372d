# The compiler's SyntaxWarnings go through the warnings module: shown for the main
# program before it runs, subject to filters, and SyntaxError under an "error" filter.
import warnings

print("start")
x = 1
print(x is 1, x is not ())


def never_called():
    (1)(2)
    [1, 2][1.5]
    {1, 2}[0]


src = "y = 1\ny is 'a'\n(1, 2)(3)\n[1][()]\nNone[0]\n"
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    compile(src, "<src>", "exec")
for w in caught:
    print(w.category.__name__, w.filename, w.lineno, w.message)
with warnings.catch_warnings():
    warnings.simplefilter("error")
    try:
        compile(src, "<src>", "exec")
    except SyntaxError as e:
        print("SyntaxError:", e.msg, e.filename, e.lineno, e.offset)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    compile(src, "<src>", "exec")
    print("ignored")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print(bool(NotImplemented), not NotImplemented)
for w in caught:
    print(w.category.__name__, w.lineno, w.message)
with warnings.catch_warnings():
    warnings.simplefilter("error")
    try:
        if NotImplemented:
            pass
    except DeprecationWarning as e:
        print("DeprecationWarning:", e)
