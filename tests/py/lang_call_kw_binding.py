# Keyword arguments bound by name: interned names, names built at run time (not
# interned), defaults, keyword-only defaults, and the errors of each kind.
def f(a, b=2, *, c=3, d):
    return (a, b, c, d)

print(f(1, d=4))
print(f(1, 5, d=4, c=6))
key = "".join(["d"])
print(f(**{key: 9, "a": 1}))
print(f(1, **{"".join(["b"]): 7, "d": 0}))

class S(str):
    pass

print(f(1, **{S("d"): 8}))

def g(x, /, y, z=10):
    return x, y, z

print(g(1, y=2))
print(g(1, 2))
for call in [
    lambda: f(),
    lambda: f(1),
    lambda: f(1, a=2, d=3),
    lambda: f(1, d=3, e=4),
    lambda: f(1, **{"".join(["e"]): 5, "d": 1}),
    lambda: g(x=1, y=2),
    lambda: g(1),
    lambda: g(1, 2, 3, 4),
    lambda: f(1, 2, 3, d=4),
]:
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)

class K:
    def m(self, p, q=1, **kw):
        return p, q, sorted(kw.items())

k = K()
print(k.m(1))
print(k.m(p=2, q=3, r=4))
print(K.m(k, 5, s=6))
