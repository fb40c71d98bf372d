# array.array: construction, items, slices, operators, methods and errors.
from array import array, typecodes, ArrayType
import array as array_mod

print(typecodes, ArrayType is array)
for tc in typecodes:
    a = array(tc)
    print(tc, a.itemsize, a.typecode, repr(a), len(a))

a = array('i', [1, 2, 3, 4, 5])
print(a, a[0], a[-1], a[1:3], a[::-1], a[::2], list(a))
a[0] = 10
a[1:3] = array('i', [7, 8, 9])
print(a)
del a[0]
del a[::2]
print(a)
a.append(4); a.extend([5, 6]); a.insert(0, -1); a.insert(100, 99)
print(a, a.pop(), a.pop(0), a)
a.remove(5)
print(a, a.index(4), a.count(4), 4 in a, 100 in a)
a.reverse()
print(a)
b = a + array('i', [1]) * 2
print(b, 2 * array('h', [1, 2]), array('b', [1]) * -1)
b += array('i', [3]); b *= 2
print(b)
print(array('i', [1, 2]) == array('i', [1, 2]), array('i', [1, 2]) < array('i', [1, 3]),
      array('i', [1, 2]) == array('d', [1.0, 2.0]), array('i', [1]) != array('i', [1, 2]))
print(array('d', [float('nan')]) == array('d', [float('nan')]))

print(array('b', b'\x01\xff'), array('H', b'\x01\x02\x03\x04').tolist())
print(array('u', 'h\xe9llo\U0001f600'), array('u', 'abc').tounicode())
print(array('f', [1.5, 0.1]), array('d', [0.1]), array('Q', [2**64 - 1]), array('q', [-2**63]))
x = array('h', [1, 2, 3])
print(x.tobytes(), bytes(x), list(memoryview(x)), memoryview(x).format, memoryview(x).itemsize)
x.byteswap(); print(x)
x.frombytes(b'\x00\x01'); print(x)
x.fromlist([7, 8]); print(x, x.tolist())
u = array('u'); u.fromunicode('xyz'); print(u)
print(type(x.buffer_info()), x.buffer_info()[1])
print(x.__copy__(), x.__deepcopy__({}), x.__reduce_ex__(2))
r = x.__reduce_ex__(3)
print(r[0].__name__, r[1], r[0](*r[1]))
print(array_mod._array_reconstructor(array, 'i', 9, b'\x00\x00\x00\x01'))
print(array_mod._array_reconstructor(array, 'u', 18, 'ab\U0001f600'.encode('utf-16-le')))

def err(f, *args):
    try:
        f(*args)
    except Exception as e:
        print(type(e).__name__, e)

err(array, 'x')
err(array, 'ab')
err(array, 1)
err(array, 'i', 'abc')
err(array, 'i', b'abc')
err(array, 'i', None)
err(array, 'b', [128])
err(array, 'b', [-129])
err(array, 'B', [-1])
err(array, 'H', [70000])
err(array, 'I', [-1])
err(array, 'L', [2**64])
err(array, 'q', [2**63])
err(array, 'i', [1.5])
err(array, 'd', ['a'])
err(array, 'u', ['ab'])
err(array('i').pop)
err(array('i', [1]).pop, 5)
err(array('i', [1]).remove, 2)
err(array('i', [1]).index, 2)
err(array('i', [1]).__getitem__, 3)
err(array('i', [1]).__setitem__, 3, 1)
err(array('i', [1]).__getitem__, 'a')
err(lambda: array('i') + [1])
err(lambda: array('i') + array('d'))
err(lambda: array('i', [1, 2, 3]).__setitem__(slice(0, 3, 2), array('i', [1])))
err(lambda: array('i').__setitem__(slice(0, 1), [1]))
err(array('i').extend, array('d'))
err(array('i').fromunicode, 'a')
err(array('i').tounicode)
err(array('i').frombytes, b'abc')
err(array('i').fromlist, (1,))
x = array('i')
def iadd():
    global x
    x += [1]
err(iadd)
it = iter(array('i', [1, 2]))
print(next(it), next(it), list(it))
class A(array):
    pass
s = A('i', [1, 2])
print(type(s).__name__, s, s[:1], type(s[:1]).__name__, type(s + s).__name__)
a = array('i', [1, 2, 3])
a[:] = a; a += a; a.extend(a); print(a)
try: a.frombytes(a)
except TypeError as e: print(e)
a.frombytes(array("b", [0, 0, 0, 0])); a.frombytes(memoryview(b"\0\0\0\0"))
a[::-1] = a; print(a)
del a[::-3]; print(a)
a[1:0] = array('i', [9]); print(a)
print(a[10:2], a[::-2], a[-100:100:3])
import unicodedata
print(array, ArrayType, type(iter(array('i'))), array.__module__, array.__name__)
print(unicodedata.UCD, unicodedata.name, unicodedata.ucd_3_2_0.unidata_version)
print(array.__hash__, isinstance(array('i'), __import__('collections').abc.MutableSequence))
print(sorted(n for n in dir(array) if not n.startswith('__')))
