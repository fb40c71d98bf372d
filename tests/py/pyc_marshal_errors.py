# marshal: CPython's errors for bad arguments and bad data, never a crash.
import marshal

def attempt(label, f, *args, **kwargs):
    try:
        result = f(*args, **kwargs)
    except Exception as e:
        print(label, '->', type(e).__name__, e)
    else:
        print(label, '=', repr(result)[:80])

attempt('dumps()', marshal.dumps)
attempt('dumps(1, 2, 3)', marshal.dumps, 1, 2, 3)
attempt('dumps version str', marshal.dumps, 1, 'a')
attempt('dumps version float', marshal.dumps, 1, 1.5)
attempt('dumps version huge', marshal.dumps, 1, 2**40)
attempt('dumps version kw', marshal.dumps, 1, version=2)
attempt('dumps version 99', marshal.dumps, 1, 99)
attempt('dumps version -1', marshal.dumps, 1, -1)
attempt('dumps object', marshal.dumps, object())
attempt('dumps type', marshal.dumps, int)
attempt('dumps function', marshal.dumps, attempt)
attempt('dumps nested object', marshal.dumps, [1, (2, {'k': object()})])

class MyInt(int):
    pass

class MyList(list):
    pass

attempt('dumps int subclass', marshal.dumps, MyInt(3))
attempt('dumps list subclass', marshal.dumps, MyList())
print('dumps bytearray', marshal.dumps(bytearray(b'ab')))

deep = []
for i in range(1990):
    deep = [deep]
attempt('dumps 1991 deep', lambda: len(marshal.dumps(deep)))
for i in range(20):
    deep = [deep]
attempt('dumps 2011 deep', marshal.dumps, deep)

attempt('loads()', marshal.loads)
attempt('loads(1, 2)', marshal.loads, 1, 2)
attempt('loads str', marshal.loads, 'N')
attempt('loads empty', marshal.loads, b'')
attempt('loads short int', marshal.loads, b'i\x01')
attempt('loads unknown type', marshal.loads, b'?')
attempt('loads bad ref', marshal.loads, b'r\x00\x00\x00\x00')
attempt('loads null', marshal.loads, b'0')
attempt('loads unhashable key', marshal.loads, b'\xfb\xdb\x00\x00\x00\x00N0')
attempt('loads unhashable set item', marshal.loads, b'<\x01\x00\x00\x00[\x00\x00\x00\x00')
attempt('loads bad utf8', marshal.loads, b'u\x02\x00\x00\x00\xff\xfe')
attempt('loads truncated str', marshal.loads, b'u\x09\x00\x00\x00abc')
attempt('loads negative size', marshal.loads, b'(\xff\xff\xff\xff')
attempt('loads bad long digit', marshal.loads, b'l\x01\x00\x00\x00\xff\xff')
attempt('loads long zero top digit', marshal.loads, b'l\x02\x00\x00\x00\x01\x00\x00\x00')
attempt('loads float text', marshal.loads, b'f\x03abc')
attempt('loads cpython code', marshal.loads, b'c' + bytes(40))

# Every prefix of valid data fails cleanly.
data = marshal.dumps(((1, 2.5, 'text', b'raw', frozenset({3})), {'key': [None, True, 10**30]}))
errors = set()
for n in range(len(data)):
    try:
        marshal.loads(data[:n])
    except (EOFError, ValueError, TypeError) as e:
        errors.add(type(e).__name__ + ': ' + str(e))
print(sorted(errors))

# dump/load on a file-like object.
class File:
    def __init__(self, data=b''):
        self.data = data
        self.pos = 0
    def write(self, b):
        self.data += b
        return len(b)
    def read(self, n=-1):
        if n < 0:
            n = len(self.data) - self.pos
        chunk = self.data[self.pos:self.pos + n]
        self.pos += len(chunk)
        return chunk
    def readinto(self, buf):
        chunk = self.read(len(buf))
        buf[:len(chunk)] = chunk
        return len(chunk)
    def seek(self, offset, whence=0):
        self.pos = offset if whence == 0 else self.pos + offset
        return self.pos

f = File()
print(marshal.dump([1, 'two', 3.0], f), marshal.dump({'x': (4,)}, f, 2))
print(f.data)
f.pos = 0
print(marshal.load(f), marshal.load(f))
attempt('load at end', marshal.load, f)
attempt('dump()', marshal.dump, 1)
attempt('load()', marshal.load)

class TextFile:
    def read(self, n=-1):
        return 'text'

attempt('load text file', marshal.load, TextFile())
