# weakref.finalize: called once when the object dies, or explicitly.
import weakref

class C:
    pass

c = C()
f = weakref.finalize(c, print, "finalized", 1)
print(f.alive)
del c
print(f.alive)
print(f())

d = C()
g = weakref.finalize(d, lambda *a, **k: print("cb", a, sorted(k.items())) or "ret", 1, 2, x=3)
print(g())
print(g())
print(g.alive)
del d

e = C()
h = weakref.finalize(e, print, "never")
print(h.peek()[1:])
print(h.detach()[1:], h.alive, h.detach())
del e
print("end")
