# posix: files, directories and their errors, in a scratch directory.
import posix

home = posix.getcwd()
scratch = "/tmp/pyrs_os_posix_files_%d" % posix.getpid()
posix.mkdir(scratch)
posix.chdir(scratch)
try:
    print(posix.getcwd() == scratch, posix.getcwdb() == scratch.encode())
    fd = posix.open("a.txt", posix.O_WRONLY | posix.O_CREAT | posix.O_TRUNC, 0o644)
    print(posix.write(fd, b"hello world\n"), posix.write(fd, bytearray(b"more")))
    print(posix.get_inheritable(fd), posix.get_blocking(fd), posix.isatty(fd))
    posix.close(fd)
    fd = posix.open("a.txt", posix.O_RDONLY)
    print(posix.read(fd, 5), posix.lseek(fd, 0, 1), posix.lseek(fd, -4, 2), posix.read(fd, 100))
    print(posix.read(fd, 10))
    st = posix.fstat(fd)
    posix.close(fd)
    print(st.st_size, st.st_mode & 0o777, oct(st.st_mode & 0o170000), len(st), st[6])
    st2 = posix.stat("a.txt")
    print(st2.st_ino == st.st_ino, st2.st_mtime_ns // 10**9 == st2[8], type(st2.st_mtime).__name__)
    print(posix.access("a.txt", posix.R_OK), posix.access("nope", posix.F_OK))
    posix.chmod("a.txt", 0o600)
    print(oct(posix.stat("a.txt").st_mode & 0o777))
    posix.utime("a.txt", (1000000000, 1000000001.5))
    st = posix.stat("a.txt")
    print(st.st_atime, st.st_mtime, st.st_atime_ns, st.st_mtime_ns, st[7], st[8])
    posix.utime("a.txt", ns=(5 * 10**9 + 7, 6 * 10**9))
    print(posix.stat("a.txt").st_mtime_ns, posix.stat("a.txt").st_atime_ns)
    posix.mkdir("sub")
    posix.mkdir("sub/deeper", 0o755)
    posix.symlink("a.txt", "link")
    print(posix.readlink("link"), posix.readlink(b"link"))
    print(oct(posix.lstat("link").st_mode & 0o170000), oct(posix.stat("link").st_mode & 0o170000))
    posix.link("a.txt", "hard")
    print(posix.stat("hard").st_nlink)
    print(sorted(posix.listdir()), sorted(posix.listdir(".")), sorted(posix.listdir(b".")))
    print(sorted(posix.listdir("sub")))
    with posix.scandir(".") as it:
        entries = sorted(it, key=lambda e: e.name)
    for e in entries:
        print(repr(e), e.name, e.path, e.is_dir(), e.is_file(), e.is_symlink(),
              e.is_dir(follow_symlinks=False), e.is_file(follow_symlinks=False),
              e.inode() == posix.lstat(e.name).st_ino, posix.fspath(e))
    print([e.path for e in posix.scandir("sub")], [e.path for e in posix.scandir(b"sub")])
    print(sorted(e.name for e in posix.scandir()))
    posix.rename("a.txt", "b.txt")
    posix.replace("b.txt", "c.txt")
    print(sorted(posix.listdir()))
    posix.truncate("c.txt", 3)
    print(posix.stat("c.txt").st_size)
    for f in [
        lambda: posix.stat("missing"),
        lambda: posix.lstat(b"missing"),
        lambda: posix.open("missing", posix.O_RDONLY),
        lambda: posix.mkdir("sub"),
        lambda: posix.rmdir("sub"),
        lambda: posix.rmdir("c.txt"),
        lambda: posix.unlink("sub"),
        lambda: posix.listdir("c.txt"),
        lambda: posix.rename("missing", "other"),
        lambda: posix.chdir("missing"),
        lambda: posix.readlink("c.txt"),
        lambda: posix.read(987654, 1),
        lambda: posix.close(987654),
        lambda: posix.fstat(987654),
        lambda: posix.stat(""),
        lambda: posix.stat("a\0b"),
        lambda: posix.stat(b"a\0b"),
        lambda: posix.stat(1.5),
        lambda: posix.stat(None),
        lambda: posix.listdir(1, 2),
        lambda: posix.stat(),
        lambda: posix.stat("a", 1),
        lambda: posix.stat("a", foo=1),
        lambda: posix.open("x"),
        lambda: posix.getcwd(1),
        lambda: posix.strerror("a"),
        lambda: posix.close("a"),
        lambda: posix.read(0, -1),
        lambda: posix.write(1, "str"),
        lambda: posix.utime("c.txt", (1, 2), ns=(1, 2)),
        lambda: posix.utime("c.txt", (1,)),
        lambda: posix.fspath(3),
    ]:
        try:
            f()
        except Exception as e:
            print(type(e).__name__, e, getattr(e, "errno", None), getattr(e, "filename", None))
    class P:
        def __fspath__(self):
            return "c.txt"
    class Bad:
        def __fspath__(self):
            return 3
    print(posix.stat(P()).st_size, posix.fspath(P()), posix.fspath(b"x"))
    try:
        posix.stat(Bad())
    except TypeError as e:
        print(e)
    e = OSError(2, "No such file or directory", "x")
    print(type(e).__name__, posix.strerror(2), posix.strerror(13), posix.error is OSError)
    for name in ["link", "hard", "c.txt"]:
        posix.unlink(name)
    posix.rmdir("sub/deeper")
    posix.remove  # exists
    posix.rmdir("sub")
    print(posix.listdir())
finally:
    posix.chdir(home)
    for name in ["link", "hard", "a.txt", "b.txt", "c.txt"]:
        try:
            posix.unlink(scratch + "/" + name)
        except OSError:
            pass
    for d in ["/sub/deeper", "/sub", ""]:
        try:
            posix.rmdir(scratch + d)
        except OSError:
            pass
print(posix.access(scratch, posix.F_OK))
