# Weak references to functions, classes, methods' functions, sets, generators, types.
import weakref

def func():
    pass
class K:
    pass
def gen():
    yield 1

for name, obj in [("function", func), ("class", K), ("set", {1}), ("frozenset", frozenset()),
                  ("generator", gen()), ("type", int), ("module", weakref),
                  ("code", func.__code__)]:
    try:
        r = weakref.ref(obj)
        print(name, r() is obj)
    except TypeError as e:
        print(name, "TypeError:", e)

r = weakref.ref(func, lambda r: print("function died"))
del func
s = {1, 2}
rs = weakref.ref(s, lambda r: print("set died"))
s = None
print("end")
