# Sets release their members when cleared, discarded or dropped.
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

x = D("x")
s = {x}
del x
print("in set")
s.pop()
print("popped")
y = D("y")
f = frozenset([y])
del y
print("in frozenset")
f = None
print("end")
