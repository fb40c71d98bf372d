class OnlyDelete:
    def __delete__(self, obj): print("delete")
class OnlySet:
    def __set__(self, obj, v): obj.__dict__["s"] = v * 2
class Full:
    def __get__(self, obj, t): return "full"
    def __set__(self, obj, v): pass
class NonData:
    def __get__(self, obj, t): return "nondata"
class C:
    d = OnlyDelete()
    s = OnlySet()
    f = Full()
    n = NonData()
c = C()
print(type(c.d).__name__)
c.__dict__["d"] = "inst"
print(c.d)
del c.d
c.s = 4
print(c.s)
c.__dict__["f"] = "inst"
print(c.f)
print(c.n)
c.__dict__["n"] = "inst"
print(c.n)
for i in range(3):
    print(c.d, c.s, c.f, c.n)
