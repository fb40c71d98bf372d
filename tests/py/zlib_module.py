import zlib
def t(f):
    try: r = f(); print(repr(r)[:100])
    except Exception as e: print(type(e).__module__, type(e).__name__, e)
t(lambda: zlib.compress(b'x', 10))
t(lambda: zlib.compress(b'x', wbits=99))
t(lambda: zlib.compress(b'x', wbits=8))
t(lambda: zlib.decompress(b'garbage'))
t(lambda: zlib.decompress(zlib.compress(b'hello')[:-3]))
t(lambda: zlib.decompress(zlib.compress(b'hello'), wbits=99))
t(lambda: zlib.decompress(b'x\x9c\x03\x00', bufsize=-1))
t(lambda: zlib.compressobj(memLevel=99))
t(lambda: zlib.compressobj(method=7))
t(lambda: zlib.decompressobj(wbits=99))
t(lambda: zlib.decompressobj().decompress(b'x', -1))
t(lambda: zlib.decompressobj().flush(0))
t(lambda: zlib.compress('str'))
t(lambda: zlib.crc32('s'))
t(lambda: zlib.compressobj().flush(7))
t(lambda: (zlib.compress(b"hello world"*3), zlib.compress(b"hello", 1), zlib.compress(b"abc", 9, -15), zlib.compress(b"abc", wbits=31)))
d = zlib.decompressobj()
print(d.decompress(zlib.compress(b'hello') + b'extra'), d.unused_data, d.eof, d.unconsumed_tail)
d = zlib.decompressobj()
print(d.decompress(zlib.compress(b"hello"*100), 10), len(d.unconsumed_tail) > 0, d.eof)
print(zlib.ZLIB_VERSION, zlib.ZLIB_RUNTIME_VERSION, zlib.crc32(b'abc'), zlib.adler32(b'abc'), zlib.crc32(b'abc', 5), zlib.adler32(b'abc', 0))
c = zlib.compressobj()
print(c.compress(b'abc'), c.flush(zlib.Z_SYNC_FLUSH), c.compress(b'def'), c.flush())
t(lambda: c.compress(b'x'))
t(lambda: c.flush())
print(sorted(x for x in dir(zlib) if not x.startswith('__')))
print(type(zlib.compressobj()), type(zlib.decompressobj()))
import random
r = random.Random(5)
for n in [0, 1, 100, 10000, 300000]:
    data = bytes(r.getrandbits(8) for _ in range(n // 3)) + b"abc" * (n // 3)
    for wbits in [15, -15, 31, 47, 9]:
        for level in [-1, 0, 1, 9]:
            if wbits == 47:
                comp = zlib.compress(data, level, 31)
            else:
                comp = zlib.compress(data, level, wbits)
            assert zlib.decompress(comp, wbits) == data, (n, wbits, level)
            d = zlib.decompressobj(wbits)
            out = b""
            for i in range(0, len(comp), 1000):
                out += d.decompress(comp[i:i+1000], 777)
                while d.unconsumed_tail:
                    out += d.decompress(d.unconsumed_tail, 777)
            out += d.flush()
            assert out == data and d.eof, (n, wbits, level, len(out), len(data))
print("roundtrips ok")
import gzip, zipfile, io
blob = gzip.compress(b"gzip data " * 100, mtime=0)
print(len(blob), gzip.decompress(blob)[:20])
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("a.txt", "hello zip " * 50)
with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
    print(z.namelist(), z.read("a.txt")[:20], z.testzip())
zd = b"dictionary words hello"
c = zlib.compressobj(zdict=zd)
comp = c.compress(b"hello words dictionary") + c.flush()
t(lambda: zlib.decompress(comp))
d = zlib.decompressobj(zdict=zd)
print(d.decompress(comp))
