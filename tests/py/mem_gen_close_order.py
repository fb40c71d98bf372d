# Order of finalization: a generator holding another; yield from delegation closes the
# inner one first.
def inner():
    try:
        yield 1
        yield 2
    finally:
        print("inner finally")

def outer():
    try:
        yield from inner()
    finally:
        print("outer finally")

g = outer()
next(g)
del g
print("--")

def holder(sub):
    try:
        yield next(sub)
    finally:
        print("holder finally")

s = inner()
h = holder(s)
next(h)
del s
print("s dropped (still held)")
del h
print("end")
