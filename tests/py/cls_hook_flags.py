class D:
    def __get__(self, o, t=None): return 1
class E(D): pass
class F(E):
    def __set__(self, o, v): pass
class G:
    x = E(); y = F()
g = G(); g.__dict__['x'] = 5; g.__dict__['y'] = 6
print(g.x, g.y)
class SA:
    def __setattr__(self, k, v): object.__setattr__(self, k, v * 2)
class SB(SA):
    __setattr__ = object.__setattr__
class SC(SB): pass
s = SC(); s.a = 3; print(s.a)
class DA:
    def __delattr__(self, k): print("del", k)
class DB(DA):
    __setattr__ = object.__setattr__
d = DB(); d.q = 1; del d.q
class GA:
    def __getattr__(self, k): return k.upper()
class GB(GA): pass
class GC(GB): pass
print(GC().hello)
class P(property): pass
class H:
    @P
    def v(self): return 42
print(H().v)
class Dl:
    def __del__(self): print("deleted")
class Dl2(Dl): pass
x = Dl2(); del x
class GAT:
    def __getattribute__(self, k): return "ga:" + k
class GAT2(GAT): pass
print(GAT2().zz)
class SN:
    def __set_name__(self, owner, name): print("set_name", owner.__name__, name)
class Own:
    a = SN()
    p = property(lambda s: 1)
class Base:
    def __init_subclass__(cls, **kw): print("init_subclass", cls.__name__, kw)
class Sub(Base, flag=1): pass
try:
    class Bad(object, flag=1): pass
except TypeError as e: print(e)
class M(type): pass
class W(metaclass=M): pass
class W2(W): pass
print(W2.__mro__, type(W2))
class A1: pass
class A2(A1): pass
class A3(A1): pass
class A4(A2, A3): pass
print([c.__name__ for c in A4.__mro__])
class I(int): pass
print(I.__mro__)
D.__get__ = None
try:
    print(G().x)
except TypeError as e:
    print("TypeError", e)
# Hooks removed from a base leave its subclasses too.
del D.__get__
print(G().x.__class__.__name__)
class T:
    def __getattr__(self, k): return "dyn"
class T2(T): pass
class T3(T2): pass
print(T3().foo)
del T.__getattr__
try:
    T3().foo
except AttributeError as e:
    print("AttributeError", e)
T2.__getattr__ = lambda self, k: "again"
print(T3().bar)
class U:
    pass
class U2(U): pass
U.__setattr__ = lambda self, k, v: print("set", k, v)
U2().z = 9
class DelOnly:
    def __delete__(self, o): print("delete")
class DelOnly2(DelOnly): pass
class Holder:
    d = DelOnly2()
h = Holder()
h.__dict__['d'] = 1
del h.d
# Mixed: __setattr__ defined here as a C slot, __delattr__ from a Python base.
class PyDel:
    def __delattr__(self, k): print("pydel", k)
class Mixed(PyDel):
    __setattr__ = object.__setattr__
m = Mixed(); m.k = 1; del m.k
print(m.k)
# __set_name__ found on the values' types, whatever they are; the snapshot is taken
# before the calls.
class Meta(type):
    def __set_name__(cls, owner, name): print("meta set_name", cls.__name__, owner.__name__, name)
class Inner(metaclass=Meta): pass
class Adder:
    def __set_name__(self, owner, name):
        print("adder", name)
        owner.added = SN()
class PP(property):
    def __set_name__(self, owner, name): print("pp", name)
class Outer:
    x = Inner
    y = Adder()
    z = PP(lambda s: 1)
    w = property(lambda s: 2)
    n = 5
print(sorted(k for k in vars(Outer) if not k.startswith("__")))
class Sub2(Sub):
    pass
# type(name, bases, ns) whose class gets a more derived metaclass: its __init__ runs.
class MI(type):
    def __init__(cls, *a, **k):
        print("MI init", cls.__name__)
        super().__init__(*a, **k)
class WithMI(metaclass=MI): pass
Y = type('Y', (WithMI,), {'q': 1})
print(type(Y).__name__, Y.q, type(Y, ).__name__)
Z = type('Z', (), {})
print(type(Z).__name__, Z.__mro__)
try:
    type('Q', (1,), {})
except TypeError as e:
    print(e)
