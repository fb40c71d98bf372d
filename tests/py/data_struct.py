# _struct: every format character, byte orders, alignment and struct.error messages.
import _struct as struct

def show(label, f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(label, type(e).__name__, e)
    else:
        print(label, repr(r))

fmts = ['b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q', 'n', 'N', 'e', 'f', 'd', '?', 'c', 'P']
for order in ['', '@', '=', '<', '>', '!']:
    for f in fmts:
        show('calcsize ' + order + f, struct.calcsize, order + f)
print([struct.calcsize(f) for f in ['bi', 'ib', 'bq', 'bhq', '=bq', '<bhq', '3s', '3p', '10x', 'bxh', 'b0i', 'ci ', ' 2h 2i']])
vals = {'b': [-128, 127, 0, -1], 'B': [0, 255], 'h': [-32768, 32767], 'H': [65535], 'i': [-2**31, 2**31 - 1],
        'I': [2**32 - 1], 'l': [-5], 'L': [7], 'q': [-2**63, 2**63 - 1], 'Q': [2**64 - 1], 'e': [1.5, -0.0, 65504.0, 1e-7, 6e-8, 3e-5],
        'f': [1.5, -2.25, 1e30, 3.4e38], 'd': [3.141592653589793, -1e300, 5e-324], '?': [True, False]}
for order in ['<', '>', '@']:
    for f, vs in vals.items():
        for v in vs:
            b = struct.pack(order + f, v)
            print(order + f, repr(v), b, struct.unpack(order + f, b))
print(struct.pack('<e', float('inf')), struct.pack('<e', float('-inf')), struct.pack('<e', float('nan')), struct.unpack('<e', b'\x00\x7c'), struct.unpack('<e', b'\x01\x00'))
print(struct.pack('>d', float('inf')), struct.unpack('>f', b'\x7f\xc0\x00\x00'))
print(struct.pack('@n', -3), struct.pack('@N', 3), struct.pack('P', 2**64 - 1), struct.unpack('@nN', struct.pack('@nN', -9, 9)))
print(struct.pack('5s', b'abc'), struct.pack('2s', b'abcdef'), struct.pack('s', b''), struct.pack('0s', b'x'), struct.unpack('3s', b'xyz'))
print(struct.pack('5p', b'abc'), struct.pack('3p', b'abcdef'), struct.pack('p', b'zz'), struct.unpack('5p', b'\x03abcd'), struct.unpack('3p', b'\x09ab'))
print(struct.pack('c', b'x'), struct.pack('3c', b'a', b'b', b'c'), struct.unpack('2c', b'pq'))
print(struct.pack('?', []), struct.pack('?', 'x'), struct.unpack('?', b'\x05'), struct.pack('<i', True))
print(struct.pack('bhil', 1, 2, 3, 4), struct.pack('<bhil', 1, 2, 3, 4), struct.pack('>bhil', 1, 2, 3, 4), struct.pack('=bhil', 1, 2, 3, 4))
print(struct.pack('>3h2x?', 1, 2, 3, True), struct.unpack('>3h2x?', struct.pack('>3h2x?', 1, 2, 3, True)))
class I:
    def __index__(self): return 7
print(struct.pack('i', I()), struct.pack('B', I()))
s = struct.Struct('<2hq')
print(s.format, s.size, s.pack(1, 2, 3), s.unpack(s.pack(1, 2, 3)), struct.Struct(b'>i').format, type(s).__name__)
print(s.unpack_from(b'\x00' * 4 + s.pack(4, 5, 6), 4), s.unpack_from(buffer=s.pack(7, 8, 9)), struct.unpack_from('<h', b'abcdef', offset=-2))
ba = bytearray(16)
s.pack_into(ba, 2, 1, 2, 3); print(ba)
struct.pack_into('<i', ba, -4, -1); print(ba)
print(list(struct.iter_unpack('<h', b'\x01\x00\x02\x00\x03\x00')), struct.iter_unpack('<h', b'').__length_hint__())
it = s.iter_unpack(s.pack(1, 2, 3) * 2); print(it.__length_hint__(), next(it), it.__length_hint__(), list(it))
print(struct.unpack('<i', bytearray(b'\x01\x02\x03\x04')), struct.calcsize(b'ii'))
struct._clearcache()
for expr in ['struct.pack("b", 200)', 'struct.pack("B", -1)', 'struct.pack("h", 70000)', 'struct.pack("H", -1)',
             'struct.pack("<h", 70000)', 'struct.pack("i", 2**31)', 'struct.pack("<i", 2**31)', 'struct.pack("I", -1)',
             'struct.pack("<I", -1)', 'struct.pack("<I", 2**32)', 'struct.pack("I", 2**32)', 'struct.pack("l", 2**63)', 'struct.pack("<l", 2**31)',
             'struct.pack("q", 2**63)', 'struct.pack("<q", 2**63)', 'struct.pack("<Q", -1)', 'struct.pack("n", 2**63)',
             'struct.pack("N", -1)', 'struct.pack("i", 1.5)', 'struct.pack("i", "a")', 'struct.pack("c", bytearray(b"a"))',
             'struct.pack("c", 1)', 'struct.pack("c", b"ab")', 'struct.pack("s", 1)', 'struct.pack("f", "a")', 'struct.pack("f", 1e300)',
             'struct.pack("<f", 1e300)', 'struct.pack("e", 1e10)', 'struct.pack("<e", 65520.0)', 'struct.pack("<d", 10**400)',
             'struct.pack("i")', 'struct.pack("z")', 'struct.pack("3")', 'struct.pack("<n", 1)', 'struct.pack("<P", 1)',
             'struct.unpack("i", b"ab")', 'struct.unpack_from("i", b"abcd", 2)', 'struct.unpack_from("i", b"abcd", -10)',
             'struct.pack_into("i", bytearray(4), 2, 1)', 'struct.pack_into("i", bytearray(4), -10, 1)',
             'list(struct.iter_unpack("i", b"abcde"))', 'struct.iter_unpack("", b"")',
             'struct.calcsize("99999999999999999999i")', 'struct.Struct(1)', 'struct.pack(1)', 'struct.pack("p", "a")',
             'struct.pack("2i", 1)', 'struct.pack("i", 1, 2)', 'struct.Struct("i").pack()', 'struct.unpack("i", "abcd")',
             'struct.pack_into("i", b"abcd", 0, 1)', 'struct.pack("x", 1)', 'struct.pack("L", 2**64)', 'struct.pack("!l", -2**31-1)',
             'struct.pack()', 'struct.unpack("i")', 'struct.pack_into("i", bytearray(4))', 'struct.calcsize()']:
    show(expr, eval, expr)
