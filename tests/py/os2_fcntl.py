# fcntl: descriptor flags, buffer arguments, flock/lockf on a temporary file, ioctl,
# and CPython's errors.
import fcntl
import posix

r, w = posix.pipe()
flags = fcntl.fcntl(r, fcntl.F_GETFD)
print(flags & fcntl.FD_CLOEXEC == fcntl.FD_CLOEXEC)
fcntl.fcntl(r, fcntl.F_SETFD, 0)
print(fcntl.fcntl(r, fcntl.F_GETFD))
fl = fcntl.fcntl(w, fcntl.F_GETFL)
fcntl.fcntl(w, fcntl.F_SETFL, fl | posix.O_NONBLOCK)
print(fcntl.fcntl(w, fcntl.F_GETFL) & posix.O_NONBLOCK != 0)
print(fcntl.fcntl(r, fcntl.F_GETFD, b"abcd"))


class HasFileno:
    def fileno(self):
        return r


print(fcntl.fcntl(HasFileno(), fcntl.F_GETFD))
for args in [(99, fcntl.F_GETFD), ("x", 1), (r, fcntl.F_GETFD, b"x" * 1025), (r, 1, 1.5)]:
    try:
        fcntl.fcntl(*args)
    except (OSError, TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
path = "os2_fcntl.tmp"
fd = posix.open(path, posix.O_RDWR | posix.O_CREAT | posix.O_TRUNC, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
fcntl.flock(fd, fcntl.LOCK_UN)
fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 10, 0, 0)
fcntl.lockf(fd, fcntl.LOCK_UN)
try:
    fcntl.lockf(fd, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    fcntl.flock(99, fcntl.LOCK_EX)
except OSError as e:
    print(e)
try:
    fcntl.ioctl(fd, 0x541B, b"\0" * 4)  # FIONREAD on a regular file
    print("ioctl ok")
except OSError as e:
    print("ioctl", e.errno)
buf = bytearray(4)
print(fcntl.ioctl(r, 0x541B, buf), buf)  # FIONREAD: bytes waiting in the pipe
posix.write(w, b"hello")
print(fcntl.ioctl(r, 0x541B, buf), buf)
posix.close(fd)
posix.unlink(path)
print(fcntl.LOCK_SH, fcntl.LOCK_EX, fcntl.LOCK_NB, fcntl.LOCK_UN, fcntl.F_GETFL, fcntl.F_SETLKW)
