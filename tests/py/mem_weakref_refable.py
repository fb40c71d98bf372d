import _weakref

for x in (1, "s", (), None, [], {}, 1.5, object(), b"x", True, 2**100, range(3), 1j, bytearray()):
    try:
        _weakref.ref(x)
        print("ok", type(x).__name__)
    except TypeError as e:
        print(e)
def f(): pass
class A: pass
def g(): yield 1
for x in (f, A, {1}, frozenset(), g(), f.__code__, len, _weakref, type):
    print(type(x).__name__, _weakref.ref(x)() is x)
class S:
    __slots__ = ("a",)
try:
    _weakref.ref(S())
except TypeError as e:
    print(e)
class SW:
    __slots__ = ("a", "__weakref__")
print(_weakref.ref(SW()) is not None)
class Sub(S):
    pass
print(_weakref.ref(Sub()) is not None)
class L(list): pass
class I(int): pass
class T(tuple): pass
for c in (L, I, T):
    print(c.__name__, _weakref.ref(c())() is None)
