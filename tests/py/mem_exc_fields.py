# Exception-specific attributes (OSError.errno, StopIteration.value, SyntaxError.msg, ...)
# live in member descriptors, not in the instance dict: __dict__, vars(), __reduce__,
# pickling, copying, dir(), assignment and deletion behave as CPython 3.11.
import copy
import pickle


def show(label, e):
    print(label, type(e).__name__, repr(e.__dict__), vars(e), e.__reduce__())


show("oserror2", OSError(2, 'x'))
show("oserror3", OSError(2, 'x', 'f'))
show("oserror5", OSError(2, 'x', 'f', None, 'g'))
show("oserror_none_fn", OSError(2, 'x', None))
show("oserror1", OSError('only'))
show("oserror0", OSError())
show("oserror6", OSError(1, 2, 3, 4, 5, 6))
e = OSError(2, 'No such file', 'a.txt')
print(e.errno, e.strerror, e.filename, e.filename2, e.args, str(e))
print(type(e).__name__)
e.errno = 5
print(e.errno, e.__dict__)
del e.errno
print(e.errno, e.__dict__)
del e.errno
print(e.errno)
e.custom = 1
print(e.__dict__, e.__reduce__())
e2 = copy.copy(e)
print(type(e2).__name__, e2.args, e2.errno, e2.filename, e2.__dict__)
e3 = pickle.loads(pickle.dumps(OSError(2, 'x', 'f', None, 'g')))
print(type(e3).__name__, e3.args, e3.errno, e3.strerror, e3.filename, e3.filename2)
print(type(OSError.__dict__['errno']).__name__, OSError.__dict__['errno'])
print([n for n in ('errno', 'strerror', 'filename', 'filename2', 'characters_written')
       if n in dir(OSError(1, 'x'))])
print(sorted(k for k in OSError.__dict__ if not k.startswith('__')))

b = BlockingIOError(11, 'busy', 3)
print(b.characters_written, b.filename, b.args, b.__dict__)
b.characters_written = 7
print(b.characters_written)
del b.characters_written
try:
    b.characters_written
except AttributeError as x:
    print("AttributeError", x)
try:
    del b.characters_written
except AttributeError as x:
    print("AttributeError", x)
try:
    OSError(1, 'x').characters_written
except AttributeError as x:
    print("AttributeError", x)

s = StopIteration(3)
print(s.value, s.__dict__, s.__reduce__())
s.value = 4
print(s.value, s.__dict__)
del s.value
print(s.value)
print(StopIteration().value, StopIteration(1, 2).value)
print(type(StopIteration.__dict__['value']).__name__, StopIteration.__dict__['value'])

for args in [(), (1,), (1, 2)]:
    x = SystemExit(*args)
    print("SystemExit", args, repr(x.code), x.__dict__, x.__reduce__())

i = ImportError('m', name='n', path='p')
print(i.msg, i.name, i.path, i.__dict__, i.__reduce__(), str(i))
i2 = ImportError()
print(i2.msg, i2.name, i2.path, i2.__dict__)
i3 = ModuleNotFoundError('no', name='q')
print(i3.msg, i3.name, i3.__dict__, copy.copy(i3).name)
i.msg = 'changed'
print(str(i))

n = NameError('nm', name='zz')
print(n.name, n.__dict__, n.__reduce__())
a = AttributeError('at', name='nm', obj=5)
print(a.name, a.obj, a.__dict__, a.__reduce__())
try:
    (5).nope
except AttributeError as ex:
    print(ex.name, ex.obj, ex.__dict__)
try:
    undefined_name_here
except NameError as ex:
    print(ex.name, ex.__dict__)

se = SyntaxError('bad', ('f.py', 1, 2, 'text', 1, 3))
print(se.msg, se.filename, se.lineno, se.offset, se.text, se.end_lineno, se.end_offset,
      se.print_file_and_line, se.__dict__, se.__reduce__())
se0 = SyntaxError()
print(se0.msg, se0.filename, se0.__dict__)
try:
    compile('1 +', 'src.py', 'exec')
except SyntaxError as ex:
    print(ex.msg, ex.lineno, ex.offset, ex.__dict__)
print(sorted(k for k in SyntaxError.__dict__ if not k.startswith('__')))

ue = UnicodeDecodeError('utf-8', b'\xff', 0, 1, 'invalid start byte')
print(ue.encoding, ue.object, ue.start, ue.end, ue.reason, ue.__dict__, str(ue))
ue.start = 0
ue.end = 1
try:
    ue.start = 'x'
except TypeError as x:
    print("TypeError", x)
try:
    del ue.start
except TypeError as x:
    print("TypeError", x)
try:
    b'\xff'.decode('ascii')
except UnicodeDecodeError as ex:
    print(ex.encoding, ex.start, ex.end, ex.reason, ex.__dict__)
u0 = UnicodeError('plain')
print(u0.__dict__, u0.args)
try:
    'é'.encode('ascii')
except UnicodeEncodeError as ex:
    print(ex.encoding, ex.object, ex.start, ex.end, ex.reason, ex.__dict__)

g = ExceptionGroup('msg', [ValueError(1), TypeError(2)])
print(g.message, g.exceptions, g.__dict__, g.__reduce__())
try:
    g.message = 'x'
except AttributeError as x:
    print("AttributeError", x)
try:
    del g.exceptions
except AttributeError as x:
    print("AttributeError", x)
print(type(BaseExceptionGroup.__dict__['message']).__name__)

k = KeyboardInterrupt('k')
print(k.__dict__, k.__reduce__())
v = ValueError('v')
v.add_note('note')
print(v.__dict__, v.__reduce__())

try:
    OSError.errno.__get__(ValueError())
except TypeError as x:
    print("TypeError", x)
try:
    class Both(OSError, StopIteration):
        pass
except TypeError as x:
    print("TypeError", x)


class MyOSError(OSError):
    pass


m = MyOSError(2, 'x', 'f')
m.extra = 1
print(type(m).__name__, m.errno, m.filename, m.__dict__, m.__reduce__())
mc = copy.copy(m)
print(type(mc).__name__, mc.errno, mc.filename, mc.extra)


class SlotStop(StopIteration):
    __slots__ = ('a',)


ss = SlotStop(9)
ss.a = 1
print(ss.value, ss.a, ss.__dict__)
del ss.a
try:
    ss.a
except AttributeError as x:
    print("AttributeError", x)
ss.b = 2
print(ss.__dict__, ss.__reduce__())


class ManySlots(OSError):
    __slots__ = tuple('s%d' % i for i in range(20))


ms = ManySlots(2, 'x')
for i in range(20):
    setattr(ms, 's%d' % i, i)
print(ms.errno, [getattr(ms, 's%d' % i) for i in range(20)], ms.__dict__)
print(copy.deepcopy(SyntaxError('m', ('f', 1, 2, 't'))).lineno)
print(OSError(2, 'x').__reduce__(), StopIteration(1).__reduce__(), ImportError('m').__reduce__())
print(ImportError('m', name='n').__reduce__(), ImportError(name=None, path='p').__reduce__())
print(OSError(2, 'x', 'f').__reduce__(), BlockingIOError(11, 'x', 3).__reduce__())
z = ValueError(1)
print(hasattr(z, 'nope'), z.__reduce__(), getattr(z, 'foo', 0), z.__reduce__())
z.__dict__
print(z.__reduce__())
ii = ImportError('m', name='n')
ii.__dict__['x'] = 1
print(ii.__reduce__(), ii.__getstate__() if hasattr(ii, '__getstate__') else '')
print(OSError(2, 'x').__getstate__(), StopIteration(1).__getstate__())
print(OSError(2, 'x').__reduce_ex__(2))
print(sorted(set(dir(OSError(2, 'x'))) - set(dir(Exception()))))
print(sorted(set(dir(SyntaxError())) - set(dir(Exception()))))
print(sorted(set(dir(ImportError())) - set(dir(Exception()))))
print(sorted(set(dir(UnicodeDecodeError('a', b'', 0, 0, 'r'))) - set(dir(Exception()))))
print(sorted({'message', 'exceptions', 'derive'} & set(dir(ExceptionGroup('m', [ValueError()])))))
print(sorted(set(dir(StopIteration())) - set(dir(Exception()))), sorted(set(dir(SystemExit())) - set(dir(Exception()))))
print(sorted(set(dir(NameError())) - set(dir(Exception()))), sorted(set(dir(AttributeError())) - set(dir(Exception()))))


class A:
    __slots__ = ('a',)


md = A.__dict__['a']
inst = A()
md.__set__(inst, 3)
print(md.__get__(inst), md.__get__(None, A) is md, md.__objclass__, md.__name__)
md.__delete__(inst)
try:
    md.__get__(inst)
except AttributeError as x:
    print("AttributeError", x)
print(OSError.errno.__objclass__, OSError.errno.__name__)
oe = OSError(1, 'x')
OSError.errno.__set__(oe, 9)
print(OSError.errno.__get__(oe), oe.errno)
OSError.errno.__delete__(oe)
print(oe.errno)
print(repr(str(UnicodeEncodeError('ascii', 'abc', 0, 3, 'why'))))
for args in [('a',), ('a', 'b', 'x', 1, 'r'), (1, 'b', 0, 1, 'r'), ('a', b'b', 0, 1, 'r')]:
    try:
        UnicodeEncodeError(*args)
    except TypeError as x:
        print("TypeError", x)
for obj in [bytearray(b'b'), memoryview(b'b'), [1]]:
    try:
        print(repr(UnicodeDecodeError('a', obj, 0, 1, 'r').object))
    except TypeError as x:
        print("TypeError", x)
t = UnicodeTranslateError('abc', 0, 1, 'r')
print(t.encoding, t.object, str(t), t.args)
print(str(UnicodeError('a', 'b', 0, 1, 'r')), hasattr(UnicodeError('a'), 'start'))
for info in [(1, 2), (1, 2, 3, 4, 5, 6, 7)]:
    try:
        SyntaxError('m', info)
    except TypeError as x:
        print("TypeError", x)
e = SyntaxError('m', ('f', 1, 2, 't'))
print(str(e), e.end_lineno)
e.filename = None
print(str(e))
o = OSError(2, 'x', 'f')
o.filename = None
print(str(o), o.__reduce__())
print(OSError(True, 'x').__class__.__name__, OSError(2, 'x', 'f', 4, 5, 6).__class__.__name__)
ss2 = StopIteration(5)
ss2.__setstate__({'value': 7, 'other': 1})
print(ss2.value, ss2.__dict__)
try:
    ss2.__setstate__(5)
except TypeError as x:
    print("TypeError", x)
print(pickle.loads(pickle.dumps(ImportError('m', name='n', path='p'))).path)
print(pickle.loads(pickle.dumps(StopIteration(3))).value)
print(pickle.loads(pickle.dumps(SyntaxError('m', ('f', 1, 2, 't')))).text)
print(pickle.loads(pickle.dumps(UnicodeDecodeError('utf-8', b'\xff', 0, 1, 'r'))).start)
