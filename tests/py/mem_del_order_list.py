# Order of destruction when a container dies: list and tuple items from last to first,
# dict items in insertion order.
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

l = [D("l%d" % i) for i in range(4)]
del l
print("--")
t = tuple(D("t%d" % i) for i in range(4))
del t
print("--")
d = {i: D("d%d" % i) for i in range(4)}
del d
print("--")
class Holder:
    pass
h = Holder()
h.a = D("attr a")
h.b = D("attr b")
h.c = D("attr c")
del h
print("end")
