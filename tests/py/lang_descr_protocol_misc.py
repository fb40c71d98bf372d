# Corners of the object protocols from CPython's test_descr: str subclasses with their
# own __eq__/__hash__ as dict and set keys, the reflected-operator rule for subclasses
# (only an overriding subclass goes first), __call__ of callables, and the __set__ /
# __delete__ methods of properties and getset descriptors called directly.

def attempt(f):
    try:
        print("ok", f())
    except Exception as e:
        print(type(e).__name__, e)

class cistr(str):
    def __init__(self, value):
        self.canonical = value.lower()
        self.hashcode = hash(self.canonical)
    def __eq__(self, other):
        if not isinstance(other, cistr):
            other = cistr(other)
        return self.canonical == other.canonical
    def __hash__(self):
        return self.hashcode

d = {cistr('one'): 1, cistr('two'): 2, cistr('tHree'): 3}
print(d[cistr('one')], d[cistr('tWo')], d[cistr('THrEE')], cistr('ONe') in d, d.get(cistr('thrEE')))
s = {cistr('Alpha')}
print(cistr('ALPHA') in s, 'alpha' in {cistr('x')}, len({cistr('a'), cistr('A')}))

class AnyEq(str):
    def __eq__(self, other): return True
    def __hash__(self): return hash(1)
print({1: 'int'}.get(AnyEq('zzz')), AnyEq('q') in {1, 2})

class C:
    def __floordiv__(self, other): return "C.__floordiv__"
    def __rfloordiv__(self, other): return "C.__rfloordiv__"
class D(C):
    def __floordiv__(self, other): return "D.__floordiv__"
    def __rfloordiv__(self, other): return "D.__rfloordiv__"
class E(C):
    pass
class F(C):
    def __rfloordiv__(self, other): return NotImplemented
print(D() // C(), C() // D(), E() // C(), C() // E(), C() // F())
class B(int):
    def __floordiv__(self, other): return "B.__floordiv__"
    def __rfloordiv__(self, other): return "B.__rfloordiv__"
print(B(1) // 1, 1 // B(1))
class G(int):
    pass
print(7 // G(2), type(7 // G(2)).__name__)
class OnlyRight(C):
    def __rsub__(self, other): return "OnlyRight.__rsub__"
attempt(lambda: C() - OnlyRight())

def f(*a, **k): return a, k
print(f.__call__(1, x=2))
class K:
    def m(self, y): return ("m", y)
print(K().m.__call__(5), len.__call__([1, 2]), str.upper.__call__("ab"), [].__len__.__call__())

class P:
    @property
    def ro(self): return 1
    def _get(self): return self._v
    def _set(self, v): self._v = v
    def _del(self): print("deleting"); del self._v
    rw = property(_get, _set, _del)
p = P()
P.rw.__set__(p, 10)
print(p.rw)
P.rw.__delete__(p)
attempt(lambda: p.rw)
attempt(lambda: P.ro.__set__(p, 2))
attempt(lambda: P.ro.__delete__(p))
attempt(lambda: type(P.__dict__['__dict__']).__delete__(P.__dict__['__dict__'], p))
def fn(): pass
fn.__dict__['x'] = 1
attempt(lambda: type(fn).__dict__['__doc__'].__delete__(fn))
print(fn.__doc__)
q = P()
q.a = 1
del q.__dict__
print(q.__dict__, hasattr(q, 'a'))
q.b = 2
print(q.__dict__)
attempt(lambda: delattr(fn, '__dict__'))
