class A:
    def m(self): return "A.m"
    @classmethod
    def c(cls): return cls.__name__
    @property
    def p(self): return "A.p"
class B(A):
    def m(self): return "B+" + super().m()
    @classmethod
    def c(cls): return "B+" + super().c()
    @property
    def p(self): return "B+" + super().p
    def cls(self): return super().__class__, super(B, self).__class__
    def g(self): return getattr(super(), "m")(), getattr(super(), "".join(["__cl", "ass__"]))
    def missing(self): return super().nope
print(B().m(), B.c(), B().p, B().cls(), B().g())
try: B().missing()
except AttributeError as e: print(e)
class C:
    def f(self):
        def inner(): return __class__
        return inner(), super().__repr__()[:10]
print(C().f()[0])
