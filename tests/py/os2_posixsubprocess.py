# _posixsubprocess.fork_exec with CPython 3.11's 23 arguments, as subprocess.py calls it:
# pipes for stdout, env, cwd, close_fds/pass_fds, errpipe reports for a missing
# program, a bad cwd and a failing preexec_fn, and argument errors.
import _posixsubprocess
import posix


def run(argv, exe, env=None, cwd=None, preexec=None, close_fds=True, keep=()):
    r, w = posix.pipe()
    er, ew = posix.pipe()
    while ew < 3:
        ew = posix.dup(ew)
    pid = _posixsubprocess.fork_exec(
        argv, exe, close_fds, tuple(sorted(set(keep) | {ew})), cwd, env,
        -1, -1, -1, w, -1, -1, er, ew,
        True, False, -1, None, None, None, -1, preexec, True)
    posix.close(w)
    posix.close(ew)
    out = b""
    while True:
        b = posix.read(r, 4096)
        if not b:
            break
        out += b
    err = posix.read(er, 1000)
    posix.close(r)
    posix.close(er)
    _, status = posix.waitpid(pid, 0)
    return out, err, posix.waitstatus_to_exitcode(status)


print(run([b"echo", b"hi"], (b"/bin/echo",)))
print(run(["sh", "-c", "echo $FOO; pwd"], (b"/bin/sh",), env=[b"FOO=bar"], cwd="/"))
print(run([b"x"], (b"/nonexistent/x", b"/also/missing")))
print(run([b"x"], (b"/bin/true",), cwd="/nonexistent"))


def bad():
    raise ValueError("no")


print(run([b"x"], (b"/bin/true",), preexec=bad))
print(run([b"sh", b"-c", b"echo preexec ran"], (b"/bin/sh",), preexec=lambda: None))

# pass_fds: a kept descriptor stays open in the child, others are closed.
kr, kw = posix.pipe()
print(run([b"sh", b"-c", b"echo kept >&%d" % kw], (b"/bin/sh",), keep=(kw,)))
posix.close(kw)
print(posix.read(kr, 100))
posix.close(kr)
kr, kw = posix.pipe()
out, err, code = run([b"sh", b"-c", b"echo closed >&%d" % kw], (b"/bin/sh",))
print(out, err, code != 0)
posix.close(kr)
posix.close(kw)

for args in [(1,) * 22, (None, (b"/bin/true",), True, [3], None, None) + (-1,) * 8 + (True, False, -1, None, None, None, -1, None, True),
             (None, (b"/bin/true",), True, (5, 4), None, None) + (-1,) * 8 + (True, False, -1, None, None, None, -1, None, True),
             (None, (b"/bin/true",), True, (), None, None) + (-1,) * 8 + (True, False, -1, None, None, None, -1, None, True)]:
    try:
        _posixsubprocess.fork_exec(*args)
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
