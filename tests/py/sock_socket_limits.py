import socket, os, tempfile
for n in [-1, 0, 5, 2**31-1-16, 2**31-16, 2**63-1]:
    for f in (socket.CMSG_LEN, socket.CMSG_SPACE):
        try: print(f(n))
        except OverflowError as e: print(e)
try: socket.getnameinfo(('::1', 0, 0xffffffff), 0)
except OverflowError as e: print(e)
with socket.socket(socket.AF_UNIX) as s:
    s.bind('')
    n = s.getsockname()
    print(type(n), len(n), n[:1])
with socket.socket(socket.AF_UNIX) as s:
    s.bind(b'\0abstract-pyrs-test')
    print(s.getsockname())
try: socket.getaddrinfo('localhost', '\uD800')
except UnicodeEncodeError as e: print('UnicodeEncodeError')
d = tempfile.mkdtemp(); p = os.path.join(d, 's')
with socket.socket(socket.AF_UNIX) as s:
    s.bind(p); print(s.getsockname() == p)
os.unlink(p); os.rmdir(d)
try: socket.socket(socket.AF_UNIX).bind('x' * 108)
except OSError as e: print(e)
