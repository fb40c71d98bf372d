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
