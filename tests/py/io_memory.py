# BytesIO and StringIO.
import _io

b = _io.BytesIO(b"hello\nworld\n")
print(b.read(3), b.tell(), b.readline(), b.readlines(), b.read())
print(b.seek(0), list(b), b.seek(2, 0), b.read(2))
print(b.seek(20), b.write(b"!"), b.getvalue())
print(b.truncate(4), b.getvalue(), b.tell())
print(b.seek(-2, 2), b.read(), b.seek(-100, 1), b.tell())
ba = bytearray(3)
b.seek(0)
print(b.readinto(ba), ba)
print(b.readable(), b.writable(), b.seekable(), b.isatty(), b.closed)
b.writelines([b"a", bytearray(b"b")])
print(b.getvalue())
for bad in (lambda: b.seek(-1), lambda: b.seek(0, 3), lambda: b.write("str"), lambda: b.truncate(-1)):
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
b.close()
print(b.closed)
for op in (b.read, b.getvalue, b.tell, lambda: b.write(b"x")):
    try:
        op()
    except ValueError as e:
        print("ValueError:", e)
with _io.BytesIO() as b2:
    b2.write(b"ctx")
print(b2.closed)

s = _io.StringIO("line1\nline2\r\nline3\rline4")
print(repr(s.readline()), repr(s.readline()), repr(s.read()), s.tell())
print(s.seek(0), list(s))
print(s.getvalue() == "line1\nline2\r\nline3\rline4", s.newlines, s.line_buffering)
for nl in (None, "", "\n", "\r", "\r\n"):
    s = _io.StringIO("a\nb\r\nc\rd", newline=nl)
    print(repr(nl), repr(s.getvalue()), list(s), repr(s.newlines))
s = _io.StringIO()
print(s.write("h\u00e9llo"), s.write(" \U0001f600"), s.tell(), repr(s.getvalue()))
print(s.seek(1), s.read(2), s.tell(), s.write("EE"), repr(s.getvalue()))
print(s.seek(12), s.write("x"), repr(s.getvalue()))
print(s.truncate(3), repr(s.getvalue()), s.tell())
print(s.seek(0, 2), s.seek(0, 1), s.seek(0))
print(repr(s.read(0)), repr(s.readline(2)))
for bad in (lambda: s.seek(-1), lambda: s.seek(1, 1), lambda: s.seek(0, 5), lambda: s.write(b"x"),
            lambda: _io.StringIO(newline="x"), lambda: _io.StringIO(5), lambda: s.truncate(-1)):
    try:
        bad()
    except (ValueError, TypeError, OSError) as e:
        print(type(e).__name__, e)
s.close()
try:
    s.read()
except ValueError as e:
    print("ValueError:", e)
print(s.closed)

class MyIO(_io.StringIO):
    def readline(self, *args):
        return "X" + super().readline(*args) if not self.closed else ""

m = MyIO("1\n2\n")
print(m.readline(), isinstance(m, _io._TextIOBase), isinstance(m, _io._IOBase))

class Raw(_io._RawIOBase):
    def __init__(self, data):
        self.data = data
    def readinto(self, b):
        n = min(len(b), len(self.data))
        b[:n] = self.data[:n]
        self.data = self.data[n:]
        return n
    def readable(self):
        return True

r = Raw(b"abc\ndef\n")
print(r.read(2), r.readline(), r.read(), r.readall())
br = _io.BufferedReader(Raw(b"buffered\nraw\n"), 4)
print(br.readline(), br.read(), repr(br)[:22])
tw = _io.TextIOWrapper(_io.BytesIO("caf\u00e9\nbar".encode("utf-8")), encoding="utf-8")
print(repr(tw.readline()), repr(tw.read()), tw.encoding, tw.buffer.getvalue()[:3])
tw = _io.TextIOWrapper(_io.BytesIO(), encoding="utf-16", newline="\r\n")
tw.write("a\nb")
tw.flush()
print(tw.buffer.getvalue())
print(_io.DEFAULT_BUFFER_SIZE, issubclass(_io.UnsupportedOperation, OSError), issubclass(_io.UnsupportedOperation, ValueError))
print(_io.text_encoding(None), _io.text_encoding("utf-8"))
d = _io.IncrementalNewlineDecoder(None, translate=True)
print(repr(d.decode("a\r")), repr(d.decode("\nb\r")), repr(d.decode("", final=True)), d.newlines, d.getstate())
try:
    _io.BytesIO().fileno()
except _io.UnsupportedOperation as e:
    print("UnsupportedOperation:", e)
