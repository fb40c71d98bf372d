# __eq__ and __index__ methods that resize the list (or bytearray) being read, searched,
# compared or changed: every operation sees the current items, as in CPython; none reads past them.
a = list(range(10))
class E:
    def __repr__(self): return "E()"
    def __eq__(self, o):
        a.clear()
        return False
    __hash__ = None
for name, f in [("index", lambda: a.index(E())), ("count", lambda: a.count(E())),
                ("remove", lambda: a.remove(E())), ("contains", lambda: E() in a),
                ("eq", lambda: a == [E()] * 10), ("lt", lambda: a < [E()] * 10)]:
    a[:] = list(range(10))
    try:
        print(name, f(), a)
    except Exception as e:
        print(name, type(e).__name__, e, a)
class I:
    def __index__(self):
        a.clear()
        return 5
for name, f in [("insert", lambda: a.insert(I(), 1)), ("pop", lambda: a.pop(I())),
                ("getitem", lambda: a[I()]), ("setitem", lambda: a.__setitem__(I(), 0)),
                ("delitem", lambda: a.__delitem__(I())), ("index3", lambda: a.index(3, I())),
                ("mul", lambda: a * I()), ("imul", lambda: a.__imul__(I()))]:
    a[:] = list(range(10))
    try:
        print(name, f(), a)
    except Exception as e:
        print(name, type(e).__name__, e, a)
b = bytearray(b"0123456789")
class J:
    def __index__(self):
        b.clear()
        return 5
for name, f in [("bget", lambda: b[1:J()]), ("bset", lambda: b.__setitem__(slice(1, J()), b"xy")),
                ("bdel", lambda: b.__delitem__(slice(J(), None))), ("bidx", lambda: b[J()])]:
    b[:] = b"0123456789"
    try:
        print(name, f(), b)
    except Exception as e:
        print(name, type(e).__name__, e, b)
