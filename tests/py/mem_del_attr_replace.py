# Replacing or deleting an attribute releases the old value at once.
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

class Holder:
    pass

h = Holder()
h.x = D("first")
h.x = D("second")
print("replaced")
del h.x
print("deleted attr")
h.y = D("y")
h.__dict__.clear()
print("dict cleared")

class Slots:
    __slots__ = ("s",)
sl = Slots()
sl.s = D("slot 1")
sl.s = D("slot 2")
print("slot replaced")
del sl
print("end")
