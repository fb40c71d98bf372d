# Attributes of the first instances of a class (made before the class knows its
# attribute names): many attributes, subclasses whose __init__ calls the base's,
# conditional and out-of-order stores, deletion, __dict__ views and sys.getsizeof-free
# checks of what Python sees.


class Wide:
    def __init__(self, n):
        self.a0 = n
        self.a1 = n + 1
        self.a2 = n + 2
        self.a3 = n + 3
        self.a4 = n + 4
        self.a5 = n + 5
        self.a6 = n + 6
        self.a7 = n + 7
        self.a8 = n + 8
        self.a9 = n + 9
        self.a10 = n + 10
        self.a11 = n + 11


w = Wide(0)
print(vars(w))
w2 = Wide(100)
print(list(vars(w2).items())[-3:])
del w.a5
print(sorted(vars(w)), hasattr(w, "a5"))
w.a5 = "back"
print(list(vars(w))[-1], w.a5)


class Base:
    def __init__(self, x):
        self.x = x
        self.y = x * 2


class Derived(Base):
    def __init__(self, x, other):
        super().__init__(x)
        self.z = x * 3
        other.touched = True  # a store to another object: not this one's attribute
        if x > 1:
            self.big = True


class Other:
    pass


o = Other()
d1 = Derived(1, o)
d2 = Derived(5, o)
print(vars(d1), vars(d2), vars(o))


class OutOfOrder:
    def __init__(self, flip):
        if flip:
            self.q = 1
            self.p = 2
        else:
            self.p = 3
            self.q = 4


print([vars(OutOfOrder(f)) for f in (True, False, True)])


class Dynamic:
    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)


print(vars(Dynamic(a=1, b=2, c=3, d=4, e=5, f=6)), vars(Dynamic(b=1)))


class NoInit:
    pass


n = NoInit()
for i in range(9):
    setattr(n, "k%d" % i, i)
print(vars(n))
n.__dict__["extra"] = "via dict"
print(n.extra, len(n.__dict__))


class WithDictAndSlots:
    __slots__ = ("s", "__dict__")

    def __init__(self):
        self.s = "slot"
        self.d = "dict"


ws = WithDictAndSlots()
print(ws.s, ws.d, vars(ws))
