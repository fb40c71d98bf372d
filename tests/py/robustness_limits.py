import sys

def f(n):
    return f(n + 1)

try:
    f(0)
except RecursionError as e:
    print("RecursionError", e)

class A:
    def __repr__(self):
        return repr(self)

try:
    repr(A())
except RecursionError:
    print("repr recursion raises RecursionError")

l = []
l.append(l)
d = {}
d["self"] = d
print(l, d)
try:
    [0] * (10 ** 18)
except (MemoryError, OverflowError) as e:
    print(type(e).__name__)
x = None
for i in range(200000):
    x = [x]
del x
print("deep list freed", sys.getrecursionlimit())
