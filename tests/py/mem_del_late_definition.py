# __del__ added to or removed from the class after instances exist.
class C:
    pass

a = C()
C.__del__ = lambda self: print("late __del__")
del a
print("--")
class D:
    def __del__(self):
        print("never")
b = D()
del D.__del__
del b
print("--")
class Base:
    def __del__(self):
        print("Base.__del__ via", type(self).__name__)
class Sub(Base):
    pass
s = Sub()
del s
class ListSub(list):
    def __del__(self):
        print("ListSub __del__", len(self))
l = ListSub([1, 2, 3])
del l
class SlotDel:
    __slots__ = ("x",)
    def __del__(self):
        print("SlotDel __del__", self.x)
sd = SlotDel()
sd.x = 5
del sd
print("end")
