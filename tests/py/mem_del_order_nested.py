# Nested containers: the outer container's items are released before it finishes.
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

x = [D("a"), [D("b"), D("c")], {"k": D("d")}, (D("e"),)]
del x
print("--")
class Box:
    def __init__(self, name, inner):
        self.name = name
        self.inner = inner
    def __del__(self):
        print("del box", self.name, "inner alive:", self.inner is not None)

b = Box("outer", Box("middle", D("leaf")))
del b
print("end")
