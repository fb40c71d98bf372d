import bz2, _bz2, io, random
def t(f):
    try: print(repr(f())[:120])
    except Exception as e: print(type(e).__name__, e)
data = b"hello bz2 world " * 500
comp = bz2.compress(data)
print(len(comp), comp[:10], bz2.decompress(comp) == data)
print(bz2.compress(b"") , bz2.decompress(b""))
t(lambda: bz2.decompress(b"garbage data here"))
t(lambda: bz2.decompress(comp[:-10]))
t(lambda: _bz2.BZ2Compressor(0))
t(lambda: _bz2.BZ2Compressor(10))
c = _bz2.BZ2Compressor(1)
out = c.compress(b"abc" * 1000) + c.flush()
t(lambda: c.compress(b"x"))
t(lambda: c.flush())
print(bz2.decompress(out) == b"abc" * 1000, len(out))
d = _bz2.BZ2Decompressor()
part = d.decompress(comp + b"trailing", 100)
print(len(part), d.needs_input, d.eof)
rest = b""
while not d.eof:
    rest += d.decompress(b"", 1000)
print(len(part) + len(rest) == len(data), d.unused_data, d.needs_input)
t(lambda: d.decompress(b"x"))
print(bz2.decompress(comp + comp) == data * 2)
r = random.Random(3)
blob = bytes(r.getrandbits(8) for _ in range(50000))
for lvl in (1, 5, 9):
    assert bz2.decompress(bz2.compress(blob, lvl)) == blob
buf = io.BytesIO()
with bz2.open(buf, "wt") as f:
    f.write("line one\nline two\n" * 100)
buf.seek(0)
with bz2.open(buf, "rt") as f:
    lines = f.readlines()
print(len(lines), lines[:2])
t(lambda: __import__("pickle").dumps(_bz2.BZ2Decompressor()))
