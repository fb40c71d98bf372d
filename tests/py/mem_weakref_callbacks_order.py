import _weakref
class A: pass
a = A()
log = []
def mk(name):
    def cb(w):
        log.append((name, w()))
    return cb
r1 = _weakref.ref(a, mk("r1"))
r0 = _weakref.ref(a)
r2 = _weakref.ref(a, mk("r2"))
p0 = _weakref.proxy(a)
r3 = _weakref.ref(a, mk("r3"))
refs = _weakref.getweakrefs(a)
print([x is r0 for x in refs], [x is p0 for x in refs])
print(refs.index(r1), refs.index(r2), refs.index(r3))
del a
print(log)
b = A()
w = _weakref.ref(b, mk("gone"))
del w
del b
print(log[-1])
class K(_weakref.ref):
    def __init__(self, ob, cb=None, key=None):
        super().__init__(ob, cb)
        self.key = key
c = A()
k = K(c, mk("k"), key="kk")
print(k.key, k() is c, type(k).__name__, isinstance(k, _weakref.ref))
del c
print(log[-1], k())
