class T(tuple):
    def __iter__(self): return iter((1, 2, 3))
a, b, c = T((9, 9))
print(a, b, c)
x, *y = T((9, 9))
print(x, y)
class L(list):
    def __iter__(self): return iter("ab")
p, q = L([1, 2, 3])
print(p, q)
for i, j in [T((0,)), (4, 5)][1:]:
    print(i, j)
def f(*args): return args
print(f(*T((7,))))
print([*T(())], list(T(())), sorted(T(())))
import platform
u = platform.uname()
print(len(tuple(u)), len(list(u)), len([*u]))
s, n, r, v, m, pr = u
print(s == u.system, pr == u.processor)
