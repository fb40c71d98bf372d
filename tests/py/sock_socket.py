import socket, selectors, os
a, b = socket.socketpair()
print(a.family, b.type, a.proto, a.gettimeout(), a.getblocking())
a.sendall(b'hello')
print(b.recv(100))
buf = bytearray(10)
b.send(b'xyz')
print(a.recv_into(buf), buf)
mv = memoryview(bytearray(8))
b.send(b'12345')
print(a.recv_into(mv[2:], 3), bytes(mv.obj))
a.recv(10)
a.settimeout(0.05)
try:
    a.recv(10)
except TimeoutError as e:
    print('timeout', e, isinstance(e, socket.timeout))
a.setblocking(False)
try:
    a.recv(10)
except BlockingIOError as e:
    print('BlockingIOError', e.errno)
a.setblocking(True)
print(a.gettimeout(), a.timeout)
f = b.makefile('rwb')
a.sendall(b'line one\nline two\n')
print(f.readline(), f.readline())
f.write(b'back\n'); f.flush()
print(a.recv(100))
f.close()
print(repr(a).startswith('<socket.socket fd='))
with a, b:
    pass
print(a.fileno(), b._closed)
print(repr(a).replace(str(a.fileno()), 'N'))

# TCP echo over localhost
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
print(srv.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) != 0)
srv.bind(('127.0.0.1', 0))
srv.listen()
host, port = srv.getsockname()
print(host, type(port).__name__)
cli = socket.create_connection((host, port), timeout=5)
conn, addr = srv.accept()
print(addr[0], addr[1] == cli.getsockname()[1], conn.getpeername() == cli.getsockname())
print(type(conn).__name__, conn.family, conn.type, conn.gettimeout())
cli.sendall(b'ping' * 1000)
got = b''
while len(got) < 4000:
    got += conn.recv(4096)
print(len(got), got[:8])
conn.sendall(got)
back = b''
while len(back) < 4000:
    back += cli.recv(4096)
print(back == got)
cli.shutdown(socket.SHUT_WR)
print(conn.recv(10))
sel = selectors.DefaultSelector()
sel.register(conn, selectors.EVENT_WRITE, 'data')
ev = sel.select(1)
print([(k.data, m) for k, m in ev])
sel.close()
for s in (cli, conn, srv):
    s.close()
print(socket.getaddrinfo('127.0.0.1', 80, socket.AF_INET, socket.SOCK_STREAM))
print(socket.AF_INET, repr(socket.SOCK_STREAM), socket.SocketKind.SOCK_DGRAM)

# UDP
u1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u1.bind(('127.0.0.1', 0))
u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u2.sendto(b'dgram', u1.getsockname())
data, frm = u1.recvfrom(100)
print(data, frm == u2.getsockname())
u2.sendto(b'again', 0, u1.getsockname())
buf = bytearray(3)
print(u1.recvfrom_into(buf)[0], buf)
u1.close(); u2.close()

# connect_ex to a closed port
s = socket.socket()
print(s.connect_ex(('127.0.0.1', 1)))
s.close()
try:
    socket.socket().connect(('127.0.0.1', 1))
except ConnectionRefusedError as e:
    print('refused', e.errno)

# AF_UNIX
import tempfile
d = tempfile.mkdtemp()
path = os.path.join(d, 'sock')
us = socket.socket(socket.AF_UNIX)
us.bind(path); us.listen(1)
uc = socket.socket(socket.AF_UNIX); uc.connect(path)
c2, ad = us.accept()
print(us.getsockname() == path, repr(ad), uc.getpeername() == path)
uc.send(b'u'); print(c2.recv(1))
for x in (us, uc, c2): x.close()
os.unlink(path); os.rmdir(d)
s1, s2 = socket.socketpair()
s3 = s1.dup()
print(s3.family, s3.fileno() != s1.fileno())
s4 = socket.fromfd(s2.fileno(), socket.AF_UNIX, socket.SOCK_STREAM)
s4.send(b'z'); print(s3.recv(1))
for x in (s1, s2, s3, s4): x.close()
print(socket.getdefaulttimeout()); socket.setdefaulttimeout(2.5); print(socket.socket().gettimeout()); socket.setdefaulttimeout(None)
print(socket.has_dualstack_ipv6() in (True, False))
