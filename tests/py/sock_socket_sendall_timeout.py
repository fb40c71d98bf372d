# sendall() on a socket with a timeout raises TimeoutError once the peer stops reading.
import socket
a, b = socket.socketpair()
a.settimeout(0.2)
try:
    a.sendall(b'x' * 10_000_000)
except TimeoutError as e:
    print('timeout', e)
a.close(); b.close()
