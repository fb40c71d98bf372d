def gen():
    yield 1
    raise ValueError("boom")
for f in (list, tuple, set, frozenset):
    for arg in (5, None, "abc", [3, 1, 2], (1,), {1: 2}, range(3), iter([4, 5])):
        try:
            r = f(arg)
            print(f.__name__, type(r).__name__, sorted(r) if f in (set, frozenset) else r)
        except Exception as e:
            print(f.__name__, type(e).__name__, e)
    try:
        f(gen())
    except ValueError as e:
        print("gen", e)
t = (1, 2)
print(tuple(t) is t, list([1]) is not None)
try:
    set([[1]])
except TypeError as e:
    print(e)
class L(list): pass
print(type(L([1,2])).__name__, L("ab"))
try:
    list(x=1)
except TypeError as e:
    print(e)
try:
    set(1, 2)
except TypeError as e:
    print(e)
print(list(), tuple(), set())
import sys
x = object()
l = [x]
print(sys.getrefcount(x))
s = set(l); print(sys.getrefcount(x))
