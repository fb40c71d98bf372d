class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        ns["created_by"] = "Meta"
        return super().__new__(mcls, name, bases, ns)

class Base(metaclass=Meta):
    registry = []
    def __init_subclass__(cls, tag=None, **kw):
        super().__init_subclass__(**kw)
        Base.registry.append((cls.__name__, tag))

class Child(Base, tag="c"):
    pass

class Grandchild(Child):
    pass

print(Child.created_by, Base.registry, type(Child).__name__)

class Descriptor:
    def __set_name__(self, owner, name):
        self.name = "_" + name
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.name, "unset")
    def __set__(self, obj, value):
        setattr(obj, self.name, value * 2)

class Holder:
    attr = Descriptor()

h = Holder()
print(h.attr)
h.attr = 21
print(h.attr, h._attr)

class Slotted:
    def __init__(self):
        self.a = 1
    def __getattr__(self, name):
        return f"missing:{name}"
    def __eq__(self, other):
        return isinstance(other, Slotted)
    def __hash__(self):
        return 7
    def __lt__(self, other):
        return False
    def __repr__(self):
        return "Slotted()"
    def __bool__(self):
        return False
    def __iter__(self):
        yield from (1, 2)
    def __contains__(self, x):
        return x == 99
    def __call__(self, *a, **k):
        return (a, k)

s = Slotted()
print(s.a, s.zzz, s == Slotted(), hash(s), bool(s), list(s), 99 in s, s(1, b=2), sorted([s, s]))

class P:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        return P(self.v + (o.v if isinstance(o, P) else o))
    def __radd__(self, o):
        return P(o + self.v)
    def __iadd__(self, o):
        self.v += 100
        return self
    def __neg__(self):
        return P(-self.v)
    def __repr__(self):
        return f"P({self.v})"

p = P(1)
print(p + P(2), p + 3, 4 + p, -p)
p += 1
print(p, sum([P(1), P(2)], P(0)))
print(isinstance(p, P), issubclass(Grandchild, Base), Grandchild.__mro__[1].__name__)
