# A metaclass's mro() override, __bases__ assignment, and data descriptors of a
# metaclass taking assignments to class attributes.

def attempt(f):
    try:
        r = f()
        print("ok", r)
    except Exception as e:
        print(type(e).__name__, e)

calls = []
class Meta(type):
    def mro(cls):
        calls.append(cls.__name__)
        default = super().mro()
        if cls.__name__ == "R":
            return [default[0]] + default[1:][::-1]
        return default

class A(metaclass=Meta):
    def who(self): return "A"
class B(A):
    def who(self): return "B"
class R(B): pass
print(calls)
print([c.__name__ for c in R.__mro__], R().who())
print([c.__name__ for c in type.mro(R)], [c.__name__ for c in R.mro()])

def bad_mro(result):
    class M(type):
        def mro(cls):
            return result
    return M

attempt(lambda: type("X", (), {}).__mro__)
attempt(lambda: bad_mro([1])("X", (), {}))
attempt(lambda: bad_mro(5)("X", (), {}))
attempt(lambda: [c.__name__ for c in bad_mro((int, object))("X", (), {}).__mro__])

class MetaCount(type):
    n = 0
    def mro(cls):
        MetaCount.n += 1
        return type.mro(cls)

class P:
    def hello(self): return "P"
class Q:
    def hello(self): return "Q"
class W(P, metaclass=MetaCount): pass
class Sub(W): pass
w, s = W(), Sub()
print(w.hello(), s.hello(), MetaCount.n)
W.__bases__ = (Q,)
print(w.hello(), s.hello(), MetaCount.n)
print([c.__name__ for c in W.__mro__], [c.__name__ for c in Sub.__mro__])
print(isinstance(w, P), isinstance(w, Q), issubclass(Sub, Q))
print(W in P.__subclasses__(), W in Q.__subclasses__())
W.__bases__ = (P, Q)
print(w.hello(), [c.__name__ for c in Sub.__mro__])

class Plain: pass
class Kid(Plain): pass
attempt(lambda: setattr(Kid, "__bases__", [P]))
attempt(lambda: setattr(Kid, "__bases__", ()))
attempt(lambda: setattr(Kid, "__bases__", (P, 3)))
attempt(lambda: setattr(Plain, "__bases__", (Kid,)))
attempt(lambda: setattr(Plain, "__bases__", (Plain,)))
attempt(lambda: setattr(int, "__bases__", (object,)))
attempt(lambda: delattr(Kid, "__bases__"))
class Root: pass
attempt(lambda: setattr(Root, "__bases__", (P,)))
class Slotted:
    __slots__ = ("a",)
attempt(lambda: setattr(Kid, "__bases__", (Slotted,)))
attempt(lambda: setattr(Kid, "__bases__", (int,)))
print([c.__name__ for c in Kid.__mro__])

# An inconsistent MRO leaves everything as it was.
class X1: pass
class Y1(X1): pass
class Z1(X1): pass
attempt(lambda: setattr(Z1, "__bases__", (X1, Y1)))
print([c.__name__ for c in Z1.__mro__], Z1.__bases__)

# mro() raising during __bases__ assignment puts the MROs back.
class Fussy(type):
    def mro(cls):
        if getattr(cls, "refuse", False):
            raise RuntimeError("no mro for " + cls.__name__)
        return type.mro(cls)
class F1(metaclass=Fussy): pass
class F2(F1): pass
class F3(F2): pass
F3.refuse = True
attempt(lambda: setattr(F2, "__bases__", (object,)))
print([c.__name__ for c in F2.__mro__], [c.__name__ for c in F3.__mro__], F2.__bases__)

# Read-only attributes of type.
attempt(lambda: setattr(Plain, "__mro__", ()))
attempt(lambda: setattr(Plain, "__base__", object))
attempt(lambda: setattr(Plain, "__flags__", 0))
attempt(lambda: setattr(Plain, "__dict__", {}))
print("__mro__" in Plain.__dict__, "__dict__" in vars(Plain))

# A metaclass's properties and descriptors take assignments to the class's attributes.
class PM(type):
    @property
    def ro(cls): return "ro of " + cls.__name__
    @property
    def rw(cls): return cls._rw
    @rw.setter
    def rw(cls, v): cls._rw = v * 2
class Desc:
    def __get__(self, obj, typ=None): return ("desc", obj.__name__ if obj else None)
    def __set__(self, obj, v): print("Desc.__set__", obj.__name__, v)
    def __delete__(self, obj): print("Desc.__delete__", obj.__name__)
PM.d = Desc()
class K(metaclass=PM): pass
print(K.ro)
attempt(lambda: setattr(K, "ro", 1))
attempt(lambda: delattr(K, "ro"))
K.rw = 21
print(K.rw, K.__dict__["_rw"])
K.d = 5
del K.d
print(K.d, "d" in K.__dict__)
K.other = 1
print(K.other)
