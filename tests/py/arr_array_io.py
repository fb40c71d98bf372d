# array.array: tofile/fromfile, buffer consumers and struct.pack_into.
import io, os, struct, tempfile
from array import array

a = array('i', range(10))
with tempfile.TemporaryDirectory() as d:
    p = os.path.join(d, 'f')
    with open(p, 'wb') as f:
        a.tofile(f)
    b = array('i')
    with open(p, 'rb') as f:
        b.fromfile(f, 4)
        print(b)
        try:
            b.fromfile(f, 10)
        except EOFError as e:
            print('EOFError', e)
        print(b)
    try:
        b.fromfile(io.BytesIO(b''), -1)
    except ValueError as e:
        print('ValueError', e)

c = array('B', [0] * 8)
struct.pack_into('<HI', c, 1, 0x1234, 0xdeadbeef)
print(c, struct.unpack_from('<HI', c, 1))
m = memoryview(c)
m[0] = 255
print(c, m.tolist(), m.nbytes, len(m))
print(bytes(array('d', [1.0])), bytearray(array('b', [1, 2])))
print(array('I', [1, 2]) == array('I', [1, 2]), hash(b'') == hash(bytes(array('b'))))

# buffer consumers of every kind of array
import binascii, hashlib
a = array('h', [1, -2, 3])
m = memoryview(a)
print(m.format, m.itemsize, m.nbytes, m.shape, m.tolist(), m[1], m.cast('B').tolist(), m.readonly)
m[1] = 7
print(a, struct.unpack_from('<h', a, 2), binascii.hexlify(a), hashlib.md5(a).hexdigest())
ba = bytearray(b'xx')
ba += a
print(ba)
u = array('u', 'hi')
mu = memoryview(u)
print(mu.format, mu.itemsize, mu.nbytes, len(mu), bytes(u), bytes(mu), mu.cast('B').tolist())
try:
    mu.tolist()
except NotImplementedError as e:
    print('NotImplementedError', e)
print(memoryview(array('d', [1.5])).tolist(), memoryview(array('Q', [2**64 - 1])).tolist())

# memoryviews lock the array's size while they exist
a = array('i', [1, 2, 3])
m = memoryview(a)
for f in (lambda: a.append(1), lambda: a.extend([1]), lambda: a.extend([]), lambda: a.pop(), lambda: a.remove(1),
          lambda: a.insert(0, 1), lambda: a.frombytes(b''), lambda: a.frombytes(b'\0\0\0\0'), lambda: a.fromlist([]),
          lambda: a.fromlist([1]), lambda: a.__delitem__(0), lambda: a.__delitem__(slice(0, 0)),
          lambda: a.__setitem__(slice(0, 1), array('i', [5])), lambda: a.__setitem__(slice(0, 1), array('i')),
          lambda: a.__imul__(1), lambda: a.__imul__(2), lambda: a.__iadd__(array('i')), lambda: a.__iadd__(array('i', [1])),
          lambda: a.reverse(), lambda: a.byteswap(), lambda: a.__setitem__(0, 9)):
    try:
        f(); print('ok', a)
    except BufferError as e:
        print('BufferError', e)
m2 = m[1:]
m.release()
try: a.append(4)
except BufferError as e: print('still', e)
del m2
a.append(4); print(a)
with memoryview(a) as m3:
    try: a.pop()
    except BufferError as e: print('with', e)
a.pop(); print(a)
def f():
    m = memoryview(a)
    return m.tolist()
print(f()); a.append(5); print(a)
u = array('u', 'ab'); mu = memoryview(u)
try: u.fromunicode('c')
except BufferError as e: print(e)
del mu; u.fromunicode('c'); print(u)
