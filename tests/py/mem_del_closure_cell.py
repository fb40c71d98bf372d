# Objects captured by closures live as long as the closure.
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

def make():
    d = D("captured")
    def inner():
        return d.name
    return inner

f = make()
print("closure made:", f())
del f
print("closure dropped")

def default_arg(x=D("default")):
    return x
print("function with default made")
del default_arg
print("function dropped")
g = lambda: None
g.attr = D("function attribute")
g = None
print("end")
