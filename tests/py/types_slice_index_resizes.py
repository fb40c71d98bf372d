# A slice bound's __index__ that resizes the list being sliced: the bounds are adjusted to
# the length after it ran (as CPython unpacks the slice first), never past the items.
a = list(range(10))
class I:
    def __index__(self):
        a.clear()
        return 8
print(a[2:I()])
a = list(range(10))
print(a[2:I():1])
a = list(range(10))
try:
    a[2:I()] = [1, 2]
    print(a)
except Exception as e:
    print(type(e).__name__, e)
a = list(range(10))
class J:
    def __index__(self):
        a.clear()
        return -1
print(a[J()::-1])
t = tuple(range(5))
print(t[1:I()])
a = list(range(10))
del a[I():]
print(a)
a = list(range(10))
try:
    a[0:I():2] = [7, 7, 7, 7]
except ValueError as e:
    print(e)
print(a)
a = list(range(10))
s = slice(1, I())
print(a[s], a)
a = list(range(10))
print(a.__getitem__(slice(I(), None, -1)))
