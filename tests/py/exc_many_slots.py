# Exception subclasses keep every __slots__ entry in a real slot, however many they
# declare (beyond 64 too): nothing lands in the instance __dict__, unset slots raise
# AttributeError, deletion works, and the built-in fields (OSError's, StopIteration's)
# stay apart from the slots.
names = tuple('s%d' % i for i in range(100))


class Many(Exception):
    __slots__ = names


class ManyOS(OSError):
    __slots__ = names[:70]


class Sub(Many):
    __slots__ = ('extra',)


e = Many('x')
for i, n in enumerate(names):
    setattr(e, n, i * 3)
print(sum(getattr(e, n) for n in names), e.__dict__, vars(e), e.args)
print(type(Many.__dict__['s99']).__name__, Many.__dict__['s99'])
del e.s80
try:
    e.s80
except AttributeError as x:
    print('AttributeError', x)
try:
    del e.s80
except AttributeError as x:
    print('AttributeError', x)
e.s80 = 'back'
print(e.s80, e.s99, e.s0)
e.other = 1
print(e.__dict__)

o = ManyOS(2, 'No such file', 'f')
o.s69 = 'last'
o.s0 = 'first'
print(o.errno, o.strerror, o.filename, o.s0, o.s69, o.__dict__)
try:
    o.s1
except AttributeError as x:
    print('AttributeError', x)

s = Sub('y')
s.extra = 'e'
s.s99 = 99
print(s.extra, s.s99, s.__dict__, s.args)
print(s.__reduce__()[0].__name__, s.__reduce__()[1])

try:
    raise Many('raised')
except Many as x:
    x.s70 = 70
    print(type(x).__name__, x.args, x.s70, x.__traceback__ is not None)
