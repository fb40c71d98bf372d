# Text files through open(): newline modes, encodings, errors, seek/tell, iteration.
import posix

D = "/tmp/pyrs_io_text_%d" % posix.getpid()
posix.mkdir(D)
P = D + "/t.txt"

with open(P, "w") as f:
    print(f.name == P, f.mode, f.encoding, f.errors, f.line_buffering, f.closed)
    print(f.write("alpha\nbeta\r\ngamma\rdelta"), f.tell())
print(f.closed)

for nl in (None, "", "\n", "\r", "\r\n"):
    with open(P, newline=nl) as f:
        print(repr(nl), [f.readline() for _ in range(5)], repr(f.newlines))
    with open(P, newline=nl) as f:
        print(repr(nl), list(f))
    with open(P, newline=nl) as f:
        print(repr(nl), repr(f.read()))

for nl in (None, "", "\n", "\r", "\r\n"):
    with open(P, "w", newline=nl) as f:
        f.write("a\nb\r\nc\rd\n")
    with open(P, "rb") as f:
        print("write", repr(nl), f.read())

# readline with a size, read with sizes, readlines with a hint
with open(P, "w") as f:
    f.writelines(["one\n", "two\n", "three\n", "four"])
with open(P) as f:
    print(repr(f.readline(2)), repr(f.readline(100)), repr(f.read(3)), repr(f.read(0)))
    print(f.readlines())
    print(repr(f.read()), repr(f.readline()))
with open(P) as f:
    print(f.readlines(5))

# tell and seek
with open(P) as f:
    positions = []
    while True:
        pos = f.tell()
        line = f.readline()
        if not line:
            break
        positions.append((pos, line))
    print(positions)
    for pos, line in reversed(positions):
        f.seek(pos)
        assert f.readline() == line
    print(f.seek(0, 2), f.tell())
    f.seek(0)
    print(repr(f.read(5)), f.tell())
    try:
        f.seek(3, 1)
    except Exception as e:
        print(type(e).__name__, e)
    try:
        f.seek(-1)
    except ValueError as e:
        print(e)
    try:
        f.seek(0, 5)
    except ValueError as e:
        print(e)

# iteration disables tell
with open(P) as f:
    for line in f:
        try:
            f.tell()
        except OSError as e:
            print(e)
        break

# non-ASCII text and encodings
text = "h\u00e9llo w\u00f6rld \u20ac \U0001f600\n"
for enc in ("utf-8", "latin-1", "utf-16", "utf-16-le", "utf-32", "ascii", "cp1252"):
    try:
        with open(P, "w", encoding=enc) as f:
            f.write(text)
    except UnicodeEncodeError as e:
        print(enc, "UnicodeEncodeError:", e)
        continue
    with open(P, "rb") as f:
        raw = f.read()
    with open(P, encoding=enc) as f:
        back = f.read()
    print(enc, len(raw), back == text)

with open(P, "w", encoding="ascii", errors="replace") as f:
    f.write(text)
with open(P, encoding="ascii") as f:
    print(repr(f.read()))
with open(P, "w", encoding="ascii", errors="xmlcharrefreplace") as f:
    f.write(text)
with open(P, encoding="ascii") as f:
    print(repr(f.read()))
with open(P, "w", encoding="ascii", errors="backslashreplace") as f:
    f.write(text)
with open(P) as f:
    print(repr(f.read()))

with open(P, "wb") as f:
    f.write(b"ok\xff\xfebad\n")
for errors in ("strict", "replace", "ignore", "surrogateescape", "backslashreplace"):
    with open(P, errors=errors) as f:
        try:
            s = f.read()
            print(errors, ascii(s))
        except UnicodeDecodeError as e:
            print(errors, "UnicodeDecodeError:", e)

# append and exclusive-create modes
with open(P, "w") as f:
    f.write("first\n")
with open(P, "a") as f:
    print(f.mode, f.tell())
    f.write("second\n")
with open(P) as f:
    print(repr(f.read()))
try:
    open(P, "x")
except FileExistsError as e:
    print(type(e).__name__, e.errno, e.strerror)
with open(P, "r+") as f:
    print(repr(f.read(5)))
    f.seek(0)
    f.write("FIRST")
    f.seek(0)
    print(repr(f.read()))

# closed and detached streams
f = open(P)
f.close()
for op in (f.read, f.readline, f.tell, lambda: f.seek(0), lambda: f.write("x"), f.fileno):
    try:
        op()
    except ValueError as e:
        print("ValueError:", e)
print(f.closed, repr(f)[:21])
f = open(P)
b = f.detach()
print(type(b).__name__, b.closed)
try:
    f.read()
except ValueError as e:
    print("ValueError:", e)
b.close()

# reconfigure
f = open(P, "w")
f.reconfigure(line_buffering=True)
print(f.line_buffering)
f.reconfigure(encoding="latin-1")
print(f.encoding, f.errors)
f.close()
f = open(P)
f.read(1)
try:
    f.reconfigure(encoding="utf-8")
except Exception as e:
    print(type(e).__name__, e)
f.close()

posix.unlink(P)
posix.rmdir(D)
