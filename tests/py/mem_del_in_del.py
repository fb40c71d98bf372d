# Objects released inside a __del__ are finalized right then (nested finalization).
class D:
    def __init__(self, name, child=None):
        self.name = name
        self.child = child
    def __del__(self):
        print("enter __del__", self.name)
        self.child = None
        print("leave __del__", self.name)

x = D("outer", D("middle", D("inner")))
del x
print("end")
