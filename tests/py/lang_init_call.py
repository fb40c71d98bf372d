# C(args) for a plain class: __init__ gets the new instance and the arguments (moved from
# the caller's stack); the instance's count inside __init__ is CPython's; binding errors
# and a non-None return are reported as CPython does; the argument objects are released
# when the call ends.
import sys


class C:
    def __init__(self, a):
        print("self refs", sys.getrefcount(self))
        self.a = a


class Tracked:
    def __del__(self):
        print("Tracked freed")


c = C(1)
print(c.a)
C(Tracked())
print("after the call")
t = Tracked()
c = C(t)
del t
print("t deleted, still held by c")
del c
print("c deleted")


class D:
    def __init__(self, a, b=2, *, k=3):
        self.v = (a, b, k)


print(D(1).v, D(1, 5).v, D(1, k=9).v, D(a=4).v)
for args, kw in [((), {}), ((1, 2, 3), {}), ((1,), {"z": 1}), ((1,), {"a": 2})]:
    try:
        D(*args, **kw)
    except TypeError as e:
        print(e)
try:
    C()
except TypeError as e:
    print(e)


class E:
    def __init__(self):
        return 5


try:
    E()
except TypeError as e:
    print(e)


class F:
    def __init__(self, x):
        raise ValueError(x)


try:
    F("boom")
except ValueError as e:
    print("ValueError", e)
