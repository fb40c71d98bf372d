# A suspended generator is closed the moment its last reference goes.
def gen(name):
    try:
        print(name, "start")
        yield 1
        yield 2
    finally:
        print(name, "finally")

g = gen("a")
next(g)
print("before del")
del g
print("after del")

g = gen("b")
next(g)
g = None
print("after rebind")

def use():
    g = gen("c")
    next(g)
    print("returning")

use()
print("after return")

# a generator never started runs nothing
g = gen("d")
del g
print("unstarted dropped")

# finished generator: nothing either
g = gen("e")
for x in g:
    pass
del g
print("done")
