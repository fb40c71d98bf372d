def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### type_three_args
C = type('C', (object,), {'x': 1, 'f': lambda self: 2})
print(C.__name__, C.__qualname__, C.__module__, C().x, C().f(), C.__bases__, C.__mro__)
show(type, 'D', (1,), {})
show(type, 'D', (), [])
show(type, 1, 2)
print(type(5), type('x'), type(type), type(None))
#### class_attributes
class A:
    'doc'
    a: int = 1
    def m(self): pass
print(A.__doc__, A.__annotations__, A.__name__, A.__qualname__, A.__dict__['a'], '__weakref__' in A.__dict__, A.m.__qualname__)
class B(A): pass
print(B.__doc__, B.__base__, B.__bases__, B.__mro__, A.__subclasses__())
#### dir_sorted
class P:
    z = 1
    def a(self): pass
p = P(); p.y = 2
print([n for n in dir(p) if not n.startswith('__')], dir(P) == sorted(dir(P)))
print(len(dir(object)) > 20, '__init__' in dir(object), '__dict__' in dir(object))
#### vars_and_dict
class Q:
    def __init__(self): self.a = 1
q = Q()
print(vars(q), q.__dict__, vars(q) is q.__dict__)
q.__dict__['b'] = 2; print(q.b)
show(vars, 5)
show(setattr, 5, 'x', 1)
show(getattr, q, 'nope')
print(getattr(q, 'nope', 'dflt'), hasattr(q, 'a'), hasattr(q, 'zz'))
#### class_assignment
class X: pass
class Y: pass
x = X(); x.__class__ = Y; print(type(x).__name__)
show(setattr, x, '__class__', int)
show(setattr, 5, '__class__', bool)
#### object_dunders
o = object()
print(o.__eq__(o), o.__eq__(1), o.__ne__(1), o.__hash__() == hash(o), o.__class__, object.__doc__[:20], o.__reduce_ex__(2)[0].__name__ if False else 'r')
show(object, 1)
show(object().__setattr__, 'x', 1)
print(object.__sizeof__(object()) > 0)
#### init_returns
class R:
    def __init__(self): return 5
show(R)
class N:
    def __new__(cls): return 42
print(N())
#### eq_hash_interplay
class E:
    def __eq__(self, o): return True
print(E.__hash__ is None)
show(hash, E())
class F(E):
    __hash__ = object.__hash__
print(isinstance(hash(F()), int))
#### repr_str_defaults
class S:
    def __repr__(self): return 'REPR'
print(str(S()), repr(S()), f'{S()}', f'{S()!r}', '%s' % S(), format(S(), ''))
show(format, S(), 'x')
#### isinstance_issubclass
print(isinstance(1, (str, int)), issubclass(bool, int), issubclass(int, (str, object)), isinstance(True, int), issubclass(type, object))
show(isinstance, 1, 1)
show(issubclass, 1, int)
class Meta(type):
    def __instancecheck__(cls, inst): return inst == 'yes'
class W(metaclass=Meta): pass
print(isinstance('yes', W), isinstance('no', W))
#### mro_conflict
class A: pass
class B(A): pass
try:
    class C(A, B): pass
except TypeError as e:
    print(e)
#### slots
class Sl:
    __slots__ = ('a', 'b')
s = Sl(); s.a = 1
print(s.a, hasattr(s, '__dict__'), Sl.__slots__)
show(setattr, s, 'c', 3)
show(getattr, s, 'b')
#### subclasses_order
class Base: pass
class K1(Base): pass
class K2(Base): pass
print([c.__name__ for c in Base.__subclasses__()])
#### qualname_nested
class Outer:
    class Inner:
        def meth(self): pass
    def f(self):
        def g(): pass
        return g
print(Outer.Inner.__qualname__, Outer.Inner.meth.__qualname__, Outer().f().__qualname__, Outer.f.__name__)
#### callable_checks
class Cl:
    def __call__(self): return 'called'
print(callable(Cl), callable(Cl()), callable(5), Cl()(), callable(print))
show(5)
#### getattr_hooks
class G:
    def __getattr__(self, n): return n.upper()
class GA:
    def __getattribute__(self, n):
        if n == 'x': return 'X'
        return object.__getattribute__(self, n)
g = G()
print(g.foo, GA().x, getattr(G(), 'bar'))
show(lambda: GA().y)
#### docstrings
def f():
    'function doc'
    return 1
def g():
    x = 'not a doc'
    return x
h = lambda: 'lambda'
class C:
    '''class doc'''
    def m(self):
        """method
        doc"""
print(repr(f.__doc__), repr(g.__doc__), repr(h.__doc__), repr(C.__doc__), repr(C.m.__doc__), repr(C().m.__doc__))
async def a():
    'async doc'
print(a.__doc__)
f.__doc__ = 'changed'; print(f.__doc__)
