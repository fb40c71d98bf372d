# super as a descriptor and subclassable, __new__ looked up through descriptors, module
# objects made by module.__new__/__init__ (and subclasses with attribute hooks), the
# metaclass conflict of non-class bases, and assorted object/type protocol details.
import sys
import types


class A:
    def meth(self, a):
        return "A(%r)" % a


class C(A):
    def meth(self, a):
        return "C(%r)" % a + self.__super.meth(a)


C._C__super = super(C)
print(C().meth(3), repr(super(C)), super(C).__get__(None, C) is not None)


class mysuper(super):
    def __init__(self, *args):
        return super(mysuper, self).__init__(*args)


class F(C):
    def meth(self, a):
        s = self.__super
        return "F(%r)[%s]" % (a, s.__class__.__name__) + s.meth(a)


F._F__super = mysuper(F)
print(F().meth(6))
try:
    super(A, kw=1)
except TypeError as e:
    print("TypeError:", e)


class N:
    @classmethod
    def __new__(*args):
        return args


class N2(N):
    pass


print(N(1, 2) == (N, N, 1, 2), N2(1, 2) == (N2, N2, 1, 2))


class Callable:
    def __call__(self, arg):
        pass


func = Callable()
method = types.MethodType(func, object())
print(repr(method).split(" of ")[0])
func.__name__ = "name"
print(repr(method).split(" of ")[0])
func.__qualname__ = "qualname"
print(repr(method).split(" of ")[0])

for call in [lambda: object().__reduce__(0), lambda: object().__reduce_ex__(),
             lambda: object().__reduce_ex__(None)]:
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)


class X:
    pass


try:
    del X.__abstractmethods__
except AttributeError as e:
    print("AttributeError:", e)

log = []
MT = type(sys)


class MM(MT):
    def __getattribute__(self, name):
        log.append(("getattr", name))
        return MT.__getattribute__(self, name)

    def __setattr__(self, name, value):
        log.append(("setattr", name, value))
        MT.__setattr__(self, name, value)


a = MM("a")
a.foo = 12
x = a.foo
print(type(a).__name__, log, a.__name__, a.__doc__)
m = MT.__new__(MT)
print(repr(m), hasattr(m, "__name__"), m.__dict__)
m.foo = 1
print(m.__dict__, repr(types.ModuleType("zz", "doc")), types.ModuleType("zz", "doc").__doc__)


class M2(MT):
    __dict__ = property(lambda self: "Not a dict!")


try:
    dir(M2("m2"))
except TypeError as e:
    print("TypeError:", e)
try:
    MT(1)
except TypeError as e:
    print("TypeError:", e)


class Meta:
    def __new__(mcls, *args, **kwargs):
        return super().__new__(mcls)


class B(metaclass=Meta):
    pass


for bases in [(B, 0), (0, B)]:
    try:
        class Bad(*bases):
            pass
    except TypeError as e:
        print("TypeError:", e)
