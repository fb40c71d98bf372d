# Dropping a suspended generator runs the __exit__ of its with blocks.
class CM:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, t, v, tb):
        print("exit", self.name, t.__name__ if t else None)
        return False

def gen():
    with CM("outer"):
        with CM("inner"):
            yield 1
            print("not reached")

g = gen()
print(next(g))
del g
print("--")

def gen2():
    try:
        yield 1
    except GeneratorExit:
        print("got GeneratorExit")
        raise

g = gen2()
next(g)
g = 42
print("end")
