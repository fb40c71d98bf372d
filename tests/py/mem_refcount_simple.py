# sys.getrefcount in simple cases.
import sys

class C:
    pass

x = C()
print(sys.getrefcount(x))
y = x
print(sys.getrefcount(x))
l = [x, x]
print(sys.getrefcount(x))
del l
del y
print(sys.getrefcount(x))
print(sys.getrefcount(C()))
