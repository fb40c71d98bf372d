# repr and comparison of deeply nested structures raise RecursionError.
l = []
for i in range(100000):
    l = [l]
try:
    repr(l)
except RecursionError as e:
    print("repr: RecursionError")
m = []
for i in range(100000):
    m = [m]
try:
    l == m
except RecursionError:
    print("compare: RecursionError")
d = {}
for i in range(100000):
    d = {1: d}
try:
    str(d)
except RecursionError:
    print("dict str: RecursionError")
print("end")
