# A generator's finally block storing the generator's objects; a generator held by an
# object with __del__.
saved = []

class Res:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

def gen():
    r = Res("local of generator")
    try:
        yield 1
    finally:
        saved.append(r)
        print("finally saved the local")

g = gen()
next(g)
del g
print("generator gone, saved:", saved[0].name)
saved.clear()

class Owner:
    def __init__(self):
        self.g = gen()
        next(self.g)
    def __del__(self):
        print("Owner __del__")

o = Owner()
del o
saved.clear()
print("end")
