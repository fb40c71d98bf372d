def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### slots_basic
class Sl:
    __slots__ = ('a', 'b', '__p')
s = Sl(); s.a = 1
print(s.a, hasattr(s, '__dict__'), Sl.__slots__, Sl.a, Sl._Sl__p)
try: s.c = 3
except AttributeError as e: print('AE', e)
try: s.b
except AttributeError as e: print('AE', e)
del s.a
try: del s.a
except AttributeError as e: print('AE', e)
class D(Sl):
    pass
d = D(); d.c = 5; d.a = 2; print(d.c, d.a, d.__dict__)
class E(Sl):
    __slots__ = ('e',)
e = E(); e.e = 1; e.a = 2; print(e.e, e.a, hasattr(e, '__dict__'))
class W:
    __slots__ = ('__dict__', 'x')
w = W(); w.x = 1; w.y = 2; print(w.x, w.__dict__)
try:
    class Bad:
        __slots__ = ('a',)
        a = 1
except ValueError as e: print('VE', e)
try:
    class Bad2: __slots__ = (1,)
except TypeError as e: print('TE', e)
try:
    class Bad3(int): __slots__ = ('x',)
except TypeError as e: print('TE', e)
class L(list): __slots__ = ('q',)
l = L([1]); l.q = 5; print(l, l.q)
#### slots_weakref_and_pickle_names
class P:
    __slots__ = ['x', 'y']
    def __init__(self): self.x = 1; self.y = 2
p = P()
print([getattr(p, n) for n in P.__slots__], type(P.x).__name__, repr(P.x))
show(P.x.__get__, 5) if False else print('ok')
#### slots_inheritance_chain
class A:
    __slots__ = ('a',)
class B(A):
    __slots__ = ('b',)
class C(B):
    __slots__ = ()
c = C(); c.a, c.b = 1, 2
print(c.a, c.b, hasattr(c, '__dict__'))
show(setattr, c, 'z', 1)
class M1:
    __slots__ = ('m',)
class M2:
    __slots__ = ('n',)
try:
    class MM(M1, M2): pass
except TypeError as e:
    print(e)
