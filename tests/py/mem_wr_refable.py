# What can be weakly referenced.
import weakref

def check(x):
    try:
        weakref.ref(x)
        return "ok"
    except TypeError as e:
        return str(e)

class Plain:
    pass
class Slotted:
    __slots__ = ("a",)
class SlottedWeak:
    __slots__ = ("a", "__weakref__")
class IntSub(int):
    pass
class ListSub(list):
    pass
class TupleSub(tuple):
    pass

for x in [1, "s", b"b", (), [], {}, set(), frozenset(), None, 1.5, Plain(), Slotted(),
          SlottedWeak(), IntSub(3), ListSub(), TupleSub(), Plain, len, check,
          lambda: 0, iter([]), object(), type, weakref]:
    print(type(x).__name__, check(x))
