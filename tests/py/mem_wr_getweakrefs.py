# getweakrefcount / getweakrefs with refs, proxies and callbacks.
import weakref

class C:
    pass

c = C()
print(weakref.getweakrefcount(c), weakref.getweakrefs(c))
r1 = weakref.ref(c)
r2 = weakref.ref(c)
print(weakref.getweakrefcount(c), r1 is r2)
p1 = weakref.proxy(c)
p2 = weakref.proxy(c)
print(weakref.getweakrefcount(c), p1 is p2)
r3 = weakref.ref(c, lambda r: None)
print(weakref.getweakrefcount(c))
refs = weakref.getweakrefs(c)
print([type(x).__name__ for x in refs])
del r3
print(weakref.getweakrefcount(c))
print(weakref.getweakrefcount(1))
del c
print(weakref.getweakrefcount(r1), r1())
