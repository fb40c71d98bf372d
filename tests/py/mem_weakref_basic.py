import _weakref

class A:
    def __repr__(self):
        return "A()"

a = A()
r = _weakref.ref(a)
print(r() is a, _weakref.getweakrefcount(a), r is _weakref.ref(a))
def cb(w):
    print("callback", w is r2, w())
r2 = _weakref.ref(a, cb)
print(_weakref.getweakrefcount(a), _weakref.getweakrefs(a) == [r, r2])
print(hash(r) == hash(a), r == r2, r != r2)
print(r2.__callback__ is cb, r.__callback__)
del a
print(r(), r2(), r2.__callback__)
print(_weakref.ref is _weakref.ReferenceType)
print(type(r).__name__)
