# __subclasses__ holds weak references: subclasses appear in creation order and vanish
# when they die; every class has one weak reference (from its base's list).
import gc
import weakref

class A:
    pass

class B(A):
    pass

class C(A):
    pass

class D(B, C):
    pass

print([c.__name__ for c in A.__subclasses__()])
print([c.__name__ for c in B.__subclasses__()], [c.__name__ for c in C.__subclasses__()])
print(weakref.getweakrefcount(A), weakref.getweakrefcount(B), weakref.getweakrefcount(D))
wr = weakref.getweakrefs(D)[0]
print(type(wr).__name__, wr() is D)

del D
gc.collect()
print([c.__name__ for c in B.__subclasses__()], [c.__name__ for c in C.__subclasses__()])
del C
gc.collect()
print([c.__name__ for c in A.__subclasses__()])

for i in range(5):
    type("Dyn%d" % i, (A,), {})
gc.collect()
print([c.__name__ for c in A.__subclasses__()])
keep = [type("Keep%d" % i, (A,), {}) for i in range(3)]
print([c.__name__ for c in A.__subclasses__()])
