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
# Huge repetitions and widths are MemoryErrors, never aborts.
import sys
for f in (lambda: [1, 2] * (sys.maxsize // 2), lambda: 'ab' * 2**62, lambda: b'x' * 2**62, lambda: format(1, '99999999999')):
    try:
        f()
    except (MemoryError, OverflowError) as e:
        print(type(e).__name__)
l = [1, 2]
try:
    l *= 2**61
except MemoryError:
    print('MemoryError', len(l))
print(len(format(1.5, '.70000f')), format(1.5, '.70000e')[-5:])
