def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### none
print(None, repr(None), type(None).__name__, bool(None), None is None, None == 0, str(None))
show(type(None))
show(type(None), 1)
#### not_implemented_ellipsis
print(NotImplemented, Ellipsis, ..., type(...).__name__, type(NotImplemented).__name__, ... is Ellipsis, repr(...))
show(type(...))
show(bool, NotImplemented)
#### bool_arith
print(True + True, True * 10, True / 2, -True, True - False, True ** 2, True // True, True % True, divmod(True, True))
print(True == 1, False == 0, True is 1 == 1 if False else hash(True), isinstance(True, int), int(True), float(False), str(True), repr(False))
print(True & 1, True | 2, type(True & 1).__name__, True ^ False, type(True ^ False).__name__)
#### bool_constructor
print(bool(), bool(0), bool(1), bool('a'), bool([]), bool([0]))
show(bool, 1, 2)
show(bool, x=1)
class B(int): pass
show(type, 'X', (bool,), {})
#### bool_format
print(f'{True}', f'{True:d}', f'{True:>6}', f'{False!r}', format(True, 'x'), '%s %d %r' % (True, True, False))
#### none_compare
show(lambda: None < None)
show(lambda: None < 1)
print(None != None, None in [None], [None].count(None))
