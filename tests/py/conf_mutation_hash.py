# A __hash__ returning an int subclass, a bytearray item set whose value's __index__
# empties the bytearray, and a partial whose keyword key's __str__ changes the dict.
import functools


class Z(int):
    def __hash__(self):
        return self


print(hash(Z(42)) == hash(42), hash(Z(-1)) == hash(-1))


class X:
    def __hash__(self):
        return 2**100


print(type(hash(X())), hash(X()) == hash(2**100))


class Boom:
    def __index__(self):
        b.clear()
        return 0


b = bytearray(b'Now you see me...')
try:
    b[0] = Boom()
except IndexError as e:
    print("IndexError", e)
print(b)


def capture(*args, **kw):
    return args, kw


p = functools.partial(capture)


class MutatesYourDict(object):
    def __str__(self):
        p.keywords[self] = ['sth2']
        return 'astr'


p.keywords[MutatesYourDict()] = ['sth']
r = repr(p)
print('astr' in r, "['sth']" in r)
