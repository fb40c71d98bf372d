# Sequence patterns with a wildcard star take items by subscript (a huge range is not
# unpacked), and raising inside a handler whose exception has a context cycle ends.
w = range(1 << 30)
match w:
    case x, y, *_:
        z = 0
print(x, y, z)
match [1, 2, 3, 4]:
    case [a, *_, b]:
        print(a, b)
match [1, 2]:
    case [_, *_]:
        print("ok")
match (1, 2, 3):
    case (1, *_, 4):
        print("no")
    case (1, *_, 3):
        print("yes")
def cycle():
    try:
        raise ValueError(1)
    except ValueError as ex:
        ex.__context__ = ex
        raise TypeError(2)
try:
    cycle()
except Exception as e:
    exc = e
print(type(exc.__context__), exc.__context__.__context__ is exc.__context__)
