# Instances with __slots__ keep up to four cells in the object and more on the heap:
# both kinds read, write, delete, inherit, copy and take part in collected cycles.
import copy
import gc
import weakref


class Small:
    __slots__ = ("a", "b", "c")


class Four(Small):
    __slots__ = ("d",)


class Big(Four):
    __slots__ = ("e", "f", "__weakref__")


class Empty:
    __slots__ = ()


def state(o, names):
    return [getattr(o, n, "<unset>") for n in names]


names = ["a", "b", "c", "d", "e", "f"]
for cls in (Small, Four, Big):
    o = cls()
    for i, n in enumerate(names):
        try:
            setattr(o, n, i * 10)
        except AttributeError as e:
            print(cls.__name__, "AttributeError:", e)
    print(cls.__name__, state(o, names))
    del o.b
    print(cls.__name__, state(o, names))
    c = copy.copy(o)
    print(cls.__name__, "copy", state(c, names))

print(Empty().__class__.__name__, hasattr(Empty(), "__dict__"))

# Cycles through slot cells of both kinds are collected.
gc.collect()
dead = []
for cls in (Small, Four, Big):
    x = cls()
    y = cls()
    x.a = y
    y.a = x
    x.c = [x, y]
    if cls is Big:
        x.f = y
        r = weakref.ref(x, lambda _: dead.append("big"))
    del x, y
print("collected", gc.collect() > 0, dead)
