# select.select and select.poll on pipes: readiness, timeouts, registration errors.
import posix
import select

r, w = posix.pipe()
print(select.select([r], [w], [], 0))
posix.write(w, b"x")
print(select.select([r], [w], [r], 0.0))


class F:
    def __init__(self, fd):
        self.fd = fd

    def fileno(self):
        return self.fd

    def __repr__(self):
        return "F(%d)" % self.fd


print(select.select([F(r)], [], [], None))
for args in [([-1], [], []), (["x"], [], []), ([], [], [], -1), ([], [], [], "a"), (1, [], [])]:
    try:
        select.select(*args)
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)

p = select.poll()
p.register(r, select.POLLIN)
p.register(F(w), select.POLLOUT)
print(sorted(p.poll(0)))
print(posix.read(r, 10))
print(p.poll(10))
p.modify(w, select.POLLIN)
print(p.poll(0))
p.unregister(w)
try:
    p.modify(w, 1)
except OSError as e:
    print(type(e).__name__, e)
try:
    p.unregister(w)
except KeyError as e:
    print("KeyError", e)
try:
    p.poll("a")
except TypeError as e:
    print("TypeError:", e)
posix.close(w)
print(p.poll(None))
print(select.error is OSError, select.POLLIN, select.POLLOUT, select.POLLHUP, select.PIPE_BUF)
