# __bases__ assigned again from inside a metaclass's mro() while an assignment runs:
# the inner assignment stands, no inheritance cycle forms through the subclass lists,
# and incomplete classes cannot be extended (CPython's test_descr MroTest cases).
state = {"ready": False}

class M(type):
    def mro(cls):
        if state["ready"] and cls.__name__ == "C":
            state["ready"] = False
            C.__bases__ = (B2,)
        return type.mro(cls)

class A(metaclass=M): pass
class B1(A): pass
class B2(A): pass
class C(A): pass
state["ready"] = True
C.__bases__ = (B1,)
B1.__bases__ = (C,)
print(C.__bases__, B2.__subclasses__(), B1.__subclasses__())
print(B1.__bases__, C.__subclasses__(), [k.__name__ for k in B1.__mro__])
C.x = 1
print(B1.x)

class N(type):
    def mro(cls):
        if state.get("cycle"):
            if cls.__name__ == "D1":
                D2.__bases__ = (D1,)
            if cls.__name__ == "D2":
                D1.__bases__ = (D2,)
        return type.mro(cls)
class Base(metaclass=N): pass
class D1(Base): pass
class D2(Base): pass
state["cycle"] = True
try:
    D1.__bases__ += ()
except TypeError as e:
    print("TypeError", e)
state["cycle"] = False

class Inc(type):
    def mro(cls):
        if cls.__mro__ is None and cls.__name__ != "X":
            print("mro of", cls.__name__, "is None while mro() runs")
            try:
                class X(cls): pass
            except TypeError as e:
                print("TypeError", e)
        return type.mro(cls)
class Top(metaclass=Inc): pass
print(Top.__mro__)
