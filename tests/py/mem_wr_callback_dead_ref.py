# A weakref callback receives the (now dead) weak reference object.
import weakref

class C:
    pass

seen = []
def cb(ref):
    seen.append(ref)
    print("callback: ref is wr:", ref is wr, "deref:", ref())

c = C()
wr = weakref.ref(c, cb)
print(wr() is c)
del c
print(len(seen), wr())
print(repr(wr).startswith("<weakref at"), "dead" in repr(wr))
