# close() on generators: return value, repeated close, close of a finished one, and
# no second finalization when it dies afterwards.
def gen():
    try:
        yield 1
        yield 2
    finally:
        print("finally ran")

g = gen()
next(g)
print(g.close())
print(g.close())
print(g.gi_frame, g.gi_suspended if hasattr(g, "gi_suspended") else "n/a")
del g
print("dropped closed generator")

def catcher():
    try:
        yield 1
    except GeneratorExit:
        print("GeneratorExit caught, returning")
        return "value"
g = catcher()
next(g)
print(g.close())
try:
    next(g)
except StopIteration:
    print("exhausted after close")
