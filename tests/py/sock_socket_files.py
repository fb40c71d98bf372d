import socket, os, tempfile
a, b = socket.socketpair()
fw = a.makefile('w', encoding='utf-8', newline='')
fr = b.makefile('r', encoding='utf-8', newline='')
fw.write('héllo\nworld\n'); fw.flush()
print(repr(fr.readline()), repr(fr.readline()))
fw.close(); fr.close()
fd, path = tempfile.mkstemp()
os.write(fd, b'0123456789' * 1000); os.close(fd)
with open(path, 'rb') as f:
    print(a.sendfile(f))
got = b''
while len(got) < 10000:
    got += b.recv(65536)
print(len(got), got[:12])
with open(path, 'rb') as f:
    print(a.sendfile(f, offset=5, count=7), b.recv(100))
a.settimeout(1.0)
with open(path, 'rb') as f:
    print(a.sendfile(f, count=3), b.recv(100))
os.unlink(path)
a.close(); b.close()
