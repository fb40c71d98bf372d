def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### class_assignment_rules
class A: pass
class B: pass
class S: __slots__ = ('x',)
class T: __slots__ = ('x',)
a = A(); a.__class__ = B; print(type(a).__name__)
s = S(); s.__class__ = T; print(type(s).__name__)
def set_cls(o, c):
    o.__class__ = c
show(set_cls, A(), S)
show(set_cls, 1, bool)
show(set_cls, A(), int)
show(set_cls, A(), 5)
show(set_cls, [], type('L', (list,), {}))
class MyList(list): pass
class MyList2(list): pass
m = MyList(); m.__class__ = MyList2; print(type(m).__name__)
show(set_cls, object(), A)
#### type_three_args
C = type('C', (), {'x': 1, 'f': lambda self: 2, '__module__': 'mod', '__qualname__': 'Q.C'})
print(C.__name__, C.__qualname__, C.__module__, C.x, C().f(), C.__bases__, C.__mro__[-1].__name__)
D = type('D', (C,), {})
print(D.__mro__[1] is C, D.__module__, type(D).__name__)
show(type, 'E', 1, {})
show(type, 'E', (1,), {})
show(type, 'E', (), [])
show(type, 1, (), {})
show(type, 'E', ())
show(type)
show(type, 'a', 'b', 'c', 'd')
show(type, 'E', (bool,), {})
print(type(1), type('x'), type(type), type(None).__name__)
#### subclasses_order
class Base: pass
class K1(Base): pass
class K2(Base): pass
class K3(K1): pass
print([c.__name__ for c in Base.__subclasses__()], [c.__name__ for c in K1.__subclasses__()], K3.__subclasses__())
del K2
import gc; gc.collect()
print([c.__name__ for c in Base.__subclasses__()])
print(bool in int.__subclasses__(), type(int.__subclasses__()).__name__)
#### init_subclass_default
class P:
    def __init_subclass__(cls, **kw):
        print('init_subclass', cls.__name__, kw)
class Q(P, flag=1): pass
class R(Q): pass
show(type, 'X', (object,), {}, bad=1)
class Plain: pass
show(lambda: type('Z', (Plain,), {}, extra=1))
print(object.__init_subclass__() is None, Plain.__init_subclass__.__name__)
#### reduce_ex_protocols
class A:
    def __init__(self): self.v = 1
a = A()
r = a.__reduce_ex__(2); print(r[0].__name__, r[1][0].__name__, r[2])
r = a.__reduce_ex__(0); print(r[0].__name__, r[1][0].__name__, r[1][1].__name__, r[2])
print((1).__reduce_ex__(2)[0].__name__, [1].__reduce_ex__(2)[1:3], {'a': 1}.__reduce_ex__(2)[1:3])
print((3, 4).__reduce_ex__(2)[1], 'ab'.__reduce_ex__(2)[1], b'x'.__reduce_ex__(2)[1] if False else '')
class S:
    __slots__ = ('a', 'b')
s = S(); s.a = 1
print(s.__reduce_ex__(2)[2])
r = object().__reduce_ex__(2); print(r[0].__name__, r[1:])
import copy
class W:
    def __init__(self, x): self.x = x
    def __eq__(self, o): return self.x == o.x
w = W([1]); c = copy.copy(w); d = copy.deepcopy(w)
print(c == w, c.x is w.x, d.x is w.x)
#### sizeof_values
print(object().__sizeof__(), (1).__sizeof__(), (0).__sizeof__(), (2**30).__sizeof__(), (2**100).__sizeof__(), True.__sizeof__(), 1.5.__sizeof__())
print(''.__sizeof__(), 'abc'.__sizeof__(), 'é'.__sizeof__(), '€'.__sizeof__(), '😀'.__sizeof__(), b''.__sizeof__(), b'abc'.__sizeof__())
print(().__sizeof__(), (1, 2).__sizeof__(), [].__sizeof__(), (1j).__sizeof__(), None.__sizeof__())
#### dir_vars_sorted
class A:
    b = 1
    def a(self): pass
o = A(); o.z = 1; o.c = 2
print([n for n in dir(o) if not n.startswith('__')], vars(o), sorted(vars(A)) == sorted(A.__dict__))
show(vars, 1)
print(dir(1) == sorted(dir(1)), '__add__' in dir(1), 'real' in dir(1))
class Custom:
    def __dir__(self): return ['b', 'a', 'a']
print(dir(Custom()))
#### object_dunder_misc
o = object()
print(o.__class__.__name__, o.__doc__, object.__doc__, type(o.__hash__()).__name__, o == o, o != o, o.__eq__(1), o.__ne__(o))
print(object.__name__, object.__qualname__, object.__module__, object.__bases__, object.__base__, type.__base__.__name__, int.__base__.__name__, bool.__base__.__name__)
show(setattr, o, 'x', 1)
show(getattr, o, 'x')
show(object, 1)
show(object.__new__, 1)
show(object.__new__, int)
class N:
    def __init__(self, x): pass
show(N)
show(N, 1, 2)
show(object.__init__, object(), 1)
#### annotations_qualname
class Outer:
    x: int = 1
    y: 'str'
    class Inner:
        def m(self): pass
print(Outer.__annotations__, Outer.Inner.__qualname__, Outer.Inner.m.__qualname__, Outer.Inner.__module__)
def f(a: int, b=2) -> str: pass
print(f.__annotations__, f.__qualname__, (lambda: 0).__qualname__)
class E: pass
print(E.__annotations__ if hasattr(E, '__annotations__') else 'none', E.__doc__)
class Doc:
    'the doc'
print(Doc.__doc__, Doc().__doc__)
#### vars_arity
class A: pass
show(vars, A(), A())
show(vars, 1)
