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
