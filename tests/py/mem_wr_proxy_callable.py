# Callable proxies, proxy hashing and comparison.
import weakref

class F:
    def __call__(self, *a, **k):
        return ("called", a, sorted(k.items()))
    def __eq__(self, other):
        return other == "eq"
    __hash__ = object.__hash__

f = F()
p = weakref.proxy(f)
print(type(p).__name__, p(1, x=2))
print(p == "eq", p != "eq")
try:
    hash(p)
except TypeError as e:
    print("TypeError:", str(e).startswith("unhashable type"))
print(callable(p), isinstance(p, weakref.CallableProxyType))
cb = weakref.proxy(f, lambda pr: print("proxy callback"))
print(cb is not p, weakref.getweakrefcount(f))
del f
print("end")
