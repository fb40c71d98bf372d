# Slicing an exact list or tuple (the eval loop passes the bounds without making a slice
# object): results, errors and where they point, subclasses, release order on assignment.
class I:
    def __index__(self): return 1
a = list(range(10)); t = tuple(a)
print(a[2:5], a[::-1], a[I():], t[1:3], t[::2], a[-3:], a[5:2], a[:100])
b = a[:]; b[2:4] = [9, 9]; print(b)
b[2:4] = "xyz"; print(b)
b[:] = b; print(b)
b[::2] = range(len(b[::2])); print(b)
b[1:3] = b; print(b)
for bad in ("a", 1.5):
    try: a[bad:]
    except TypeError as e: print(e)
    try: t[:bad]
    except TypeError as e: print(e)
    try: b[bad:] = [1]
    except TypeError as e: print(e)
try: b[::2] = [1]
except ValueError as e: print(e)
try: b[1:2] = 5
except TypeError as e: print(e)
try: t[1:2] = (1,)
except TypeError as e: print(e)
class L(list):
    def __getitem__(self, k): return ("L", k)
    def __setitem__(self, k, v): print("set", k, v)
l = L([1,2,3]); print(l[1:2], l[::2]); l[1:2] = [5]
class D:
    def __del__(self): print("del", self.n)
    def __init__(self, n): self.n = n
z = [D(1), D(2), D(3)]
z[0:2] = [D(4), D(5)]
print("after")
z[1:3] = [D(6)]
print("end"); del z
def f():
    x = [1, 2, 3]
    return x[1:"q"]
f()
