# __del__ runs at the moment of `del`, rebinding and going out of scope.
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

a = D("a")
print("1")
del a
print("2")
b = D("b1")
b = D("b2")
print("3")
b = None
print("4")
def f():
    x = D("local")
    print("in f")
f()
print("5")
def g():
    return D("returned")
g()
print("6")
y = g()
print("7")
del y
print("8")
