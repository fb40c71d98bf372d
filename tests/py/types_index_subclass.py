# __index__ / __int__ returning a bool or an int subclass: CPython warns (DeprecationWarning)
# and goes on with the exact int; returning a non-int is a TypeError.
import operator
import warnings


class MyInt(int):
    pass


class Idx:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v

    def __int__(self):
        return self.v


for v in [True, False, MyInt(7), 5, 2**70, MyInt(-2**70)]:
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        i = operator.index(Idx(v))
        j = int(Idx(v))
        r = range(Idx(v))
        s = [10, 20, 30][Idx(v) if -3 < v < 3 else 0]
    print(repr(v), repr(i), type(i).__name__, repr(j), type(j).__name__, r, s)
    for x in w:
        print("  ", x.category.__name__, x.message)

with warnings.catch_warnings():
    warnings.simplefilter("error")
    for f in (operator.index, int, range):
        try:
            f(Idx(True))
        except DeprecationWarning as e:
            print(f.__name__, "DeprecationWarning", e)

for bad in [1.5, "3", None]:
    for f in (operator.index, int):
        try:
            f(Idx(bad))
        except TypeError as e:
            print(f.__name__, "TypeError", e)
