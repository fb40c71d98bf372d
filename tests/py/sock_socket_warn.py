# An unclosed socket.socket warns ResourceWarning when it is freed; closed ones do not.
import socket, warnings, gc
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    s = socket.socket(); r = repr(s); s = None; gc.collect()
    print(len(w), w[0].category.__name__, str(w[0].message) == 'unclosed ' + r)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    s = socket.socket(); s.close(); s = None
    a, b = socket.socketpair()
    with a, b:
        pass
    a = b = None
    print(len(w))
# Operations on a closed socket fail with EBADF, timeout or not.
s = socket.socket(); s.settimeout(1); s.close()
for op in (lambda: s.recv(1), lambda: s.send(b'x'), lambda: s.getsockname()):
    try:
        op()
    except OSError as e:
        print(type(e).__name__, e.errno)
