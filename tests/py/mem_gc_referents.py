# gc.get_referents and gc.get_referrers.
import gc

a = [1, "x"]
b = {"k": a}
c = (a, b)
print(sorted(map(repr, gc.get_referents(a))))
print([x is a for x in gc.get_referents(b) if isinstance(x, list)])
print(len(gc.get_referents(c)), gc.get_referents(c)[0] is a)
print(gc.get_referents(1, "s", None))
print(len(gc.get_referents(a, b)))
refs = gc.get_referrers(a)
print(any(r is b for r in refs), any(r is c for r in refs))

class Obj:
    pass
o = Obj()
o.attr = a
print(any(r is a for r in gc.get_referents(o.__dict__)))
print(Obj in gc.get_referents(o))
