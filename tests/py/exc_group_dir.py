# dir() and the class dicts of BaseExceptionGroup, ExceptionGroup and their subclasses
# as CPython 3.11 has them: __class_getitem__ on BaseExceptionGroup, ExceptionGroup made
# like a heap type (its own __module__, a None __doc__, a __weakref__ descriptor), and
# exception subclasses with a __weakref__ descriptor of their own (BaseException has no
# weak-reference slot) unless __slots__ leaves it out.
import weakref


class E(Exception):
    pass


class E2(E):
    pass


class S(Exception):
    __slots__ = ('a',)


class S2(Exception):
    __slots__ = ('a', '__weakref__')


class V(ValueError):
    pass


class EG(ExceptionGroup):
    pass


class BEG(BaseExceptionGroup):
    pass


class BEG2(BEG):
    pass


class Mixed(ExceptionGroup, ValueError):
    pass


class EGSlots(ExceptionGroup):
    __slots__ = ('x',)


base = set(dir(BaseException))
for c in (BaseExceptionGroup, ExceptionGroup, E, E2, S, S2, V, EG, BEG, BEG2, Mixed, EGSlots):
    own = sorted(k for k in vars(c) if k != '__doc__' or c.__module__ != 'builtins')
    print(c.__name__, c.__module__, own)
    print('  extra in dir:', [n for n in dir(c) if n not in base])
    print('  dir of class == dir of instance minus instance dict:',
          set(dir(c)) <= set(dir(c.__new__(c, 'm', [ValueError(1)])
                                  if issubclass(c, BaseExceptionGroup) else c.__new__(c))))
print(dir(ExceptionGroup("m", [ValueError(1)])))
print(dir(BaseExceptionGroup("m", [KeyboardInterrupt()])))
print(ExceptionGroup.__module__, BaseExceptionGroup.__module__, repr(ExceptionGroup.__doc__))
print(ExceptionGroup.__weakref__.__objclass__ is ExceptionGroup,
      BEG.__weakref__.__objclass__ is BEG, EG.__weakref__.__objclass__ is ExceptionGroup,
      E2.__weakref__.__objclass__ is E)
print(type(BaseExceptionGroup.__dict__['__class_getitem__']).__name__)
print(BaseExceptionGroup[int], ExceptionGroup[ValueError], EG[int], BEG[KeyError])
print(hasattr(BaseExceptionGroup, '__weakref__'), hasattr(BaseException, '__weakref__'),
      hasattr(S, '__weakref__'), hasattr(S2, '__weakref__'))
for c in (E, S2, EG, BEG, BaseExceptionGroup, ExceptionGroup):
    x = c('m', [ValueError(1)]) if issubclass(c, BaseExceptionGroup) else c()
    r = weakref.ref(x)
    print(c.__name__, r() is x, hasattr(c, '__weakref__') and c.__weakref__.__get__(x) is r)

# BaseException's own __dict__ descriptor: read, replaced by a dict, never deleted.
print(BaseException.__dict__['__dict__'], '__dict__' in dir(ValueError(1)))
e = ValueError(1)
try:
    del e.__dict__
except TypeError as x:
    print('TypeError', x)
try:
    e.__dict__ = 5
except TypeError as x:
    print('TypeError', x)
e.__dict__ = {'a': 1}
print(e.a, vars(e), e.__dict__ is vars(e))
g = ExceptionGroup('m', [e])
g.__dict__ = {'note': 2}
print(g.note, vars(g), g.exceptions[0].a)
