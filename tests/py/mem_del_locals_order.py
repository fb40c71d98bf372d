# When a frame returns, its locals are released (in slot order).
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

def f():
    a = D("a")
    b = D("b")
    c = D("c")
    print("returning")
    return 1

f()
print("--")
def g():
    p = D("p")
    q = D("q")
    r = D("r")
    return p

res = g()
print("result kept:", res.name)
del res
print("--")
def h():
    lst = [D("in list")]
    x = D("x")
    del x
    print("after del x")
h()
print("end")
