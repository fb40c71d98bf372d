# Binary files: FileIO and the buffered classes, their errors and reprs.
import _io
import posix

D = "/tmp/pyrs_io_bin_%d" % posix.getpid()
posix.mkdir(D)
P = D + "/b.bin"


def show(label, fn):
    try:
        print(label, repr(fn()))
    except Exception as e:
        print(label, type(e).__name__, str(e).replace(D, "<D>"))


with open(P, "wb") as f:
    print(type(f).__name__, f.mode, f.raw.mode, f.raw.closefd, f.writable(), f.readable(), f.seekable())
    print(f.write(b"0123456789" * 3), f.tell())
    f.write(bytearray(b"\x00\xffend\n"))
    print(f.tell())

with open(P, "rb") as f:
    print(type(f).__name__, f.peek(1)[:1], f.read(3), f.read1(4), f.tell())
    b = bytearray(5)
    print(f.readinto(b), b, f.tell())
    print(f.seek(-3, 2), f.read(), f.read(), f.tell())
    print(f.seek(2), f.readline(), f.seek(0, 1))
    print(f.seek(0), f.readlines()[-1])
    print(f.raw.name == P, f.name == P, f.fileno() > 2, f.isatty())

with open(P, "r+b") as f:
    print(type(f).__name__, f.mode)
    print(f.read(4))
    f.write(b"WXYZ")
    print(f.tell())
    f.seek(0)
    print(f.read(12))
    print(f.truncate(6), f.tell())
    f.seek(0)
    print(f.read())
    f.seek(10)
    f.write(b"!")
    f.seek(0)
    print(f.read())

with open(P, "rb", buffering=0) as f:
    print(type(f).__name__, f.read(2), f.readall(), f.read(), f.read(3))
    show("write", lambda: f.write(b"x"))

raw = _io.FileIO(P, "w")
print(raw.mode, raw.closefd, raw.writable(), raw.readable(), raw.seekable())
print(raw.write(b"hello"), raw.tell(), raw.seek(1), raw.tell())
show("read", lambda: raw.read())
raw.close()
raw.close()
print(raw.closed, repr(raw))
show("tell closed", raw.tell)
show("write closed", lambda: raw.write(b"x"))

fd = posix.open(P, posix.O_RDONLY)
r = _io.FileIO(fd, closefd=False)
print(repr(r) == "<_io.FileIO fd=%d mode='rb' closefd=False>" % fd, r.read())
r.close()
print(posix.read(fd, 2))
posix.close(fd)

for mode in ("rw", "rr", "U", "", "rt+b", "r++", "bx"):
    show("mode " + repr(mode), lambda: open(P, mode))
show("FileIO mode", lambda: _io.FileIO(P, "rwx"))
show("FileIO mode2", lambda: _io.FileIO(P, "q"))
show("binary encoding", lambda: open(P, "rb", encoding="utf-8"))
show("binary errors", lambda: open(P, "rb", errors="strict"))
show("binary newline", lambda: open(P, "rb", newline="\n"))
show("unbuffered text", lambda: open(P, "r", buffering=0))
show("missing", lambda: open(D + "/missing"))
show("directory", lambda: open(D))
show("negative fd", lambda: _io.FileIO(-1))
show("float", lambda: open(1.5))
show("bad file", lambda: open([]))
show("bad mode type", lambda: open(P, 1))
show("bad encoding type", lambda: open(P, encoding=1))
show("unknown encoding", lambda: open(P, encoding="no-such-codec"))
show("bad newline", lambda: open(P, newline="x"))
show("closefd name", lambda: open(P, closefd=False))
show("too many", lambda: open(P, "r", -1, None, None, None, True, None, 1))
show("bad kw", lambda: open(P, bogus=1))
show("buffer size", lambda: _io.BufferedReader(_io.FileIO(P), 0))

f = open(P, "rb")
f.close()
show("read closed", f.read)
show("closed", lambda: f.closed)
print(repr(f).startswith("<_io.BufferedReader name="))
w = open(P, "wb")
raw = w.detach()
show("detached", lambda: w.write(b"x"))
show("detached repr", lambda: repr(w))
raw.close()

# opener
def opener(path, flags):
    print("opener flags ok:", flags & posix.O_WRONLY == posix.O_WRONLY)
    return posix.open(path, flags, 0o644)

with open(P, "w", opener=opener) as f:
    f.write("via opener")
with open(P) as f:
    print(f.read())

# BufferedRWPair over two FileIOs
rfd, wfd = posix.pipe()
pair = _io.BufferedRWPair(_io.FileIO(rfd, "r"), _io.FileIO(wfd, "w"))
pair.write(b"through the pipe\n")
pair.flush()
print(pair.readline(), pair.readable(), pair.writable())
pair.close()
print(pair.closed)

# files are closed when the last reference goes
fd_before = posix.open(P, posix.O_RDONLY)
posix.close(fd_before)
f = open(P)
del f
fd_after = posix.open(P, posix.O_RDONLY)
print("fd reused:", fd_after == fd_before)
posix.close(fd_after)

# unclosed writer flushed when freed
def write_and_drop():
    f = open(P, "w")
    f.write("dropped without close")
write_and_drop()
with open(P) as f:
    print(f.read())

posix.unlink(P)
posix.rmdir(D)
