class D:
    def __init__(self, n):
        self.n = n
    def __del__(self):
        print("del", self.n)

d = D(1)
print("a")
del d
print("b")
d = D(2)
d = D(3)
del d
print("c")
x = [D(4), D(5), D(6)]
del x
print("d")
t = (D(7), D(8))
del t
print("e")
def f():
    local = D(9)
    print("in f")
f()
print("f")
dd = {"a": D(10), "b": D(11)}
del dd
print("g")
class Holder:
    pass
h = Holder()
h.a = D(12)
h.b = D(13)
del h
print("h")
