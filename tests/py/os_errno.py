# errno: the error numbers by name and errorcode.
import errno

print(errno.ENOENT, errno.EACCES, errno.EEXIST, errno.EAGAIN, errno.EWOULDBLOCK, errno.EINTR)
print(errno.errorcode[2], errno.errorcode[11], errno.errorcode[95], errno.errorcode[35])
print(len(errno.errorcode), sorted(errno.errorcode)[:5], errno.ENOTSUP == errno.EOPNOTSUPP)
print(sorted(n for n in dir(errno) if n.startswith("E")) == sorted(set(errno.errorcode.values()) | {"EWOULDBLOCK", "EDEADLK", "EOPNOTSUPP"}))
for code in [errno.ENOENT, errno.EACCES, errno.EEXIST, errno.EISDIR, errno.ENOTDIR, errno.EPERM,
             errno.ESRCH, errno.ECHILD, errno.EAGAIN, errno.EPIPE, errno.ECONNREFUSED, errno.ETIMEDOUT,
             errno.EINVAL]:
    e = OSError(code, "msg")
    print(code, type(e).__name__, e.errno, e)
