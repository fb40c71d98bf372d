import socket, os, array
a, b = socket.socketpair()
r, w = os.pipe()
print(socket.send_fds(a, [b'fds'], [r, w]))
msg, fds, flags, addr = socket.recv_fds(b, 100, 4)
print(msg, len(fds), flags, addr)
os.write(fds[1], b'through dup')
print(os.read(r, 100))
for fd in fds + [r, w]:
    os.close(fd)
print(a.sendmsg([b'ab', b'cd', memoryview(b'ef')]))
print(b.recvmsg(100))
a.sendmsg([b'xyz'])
print(b.recvmsg(100, socket.CMSG_SPACE(4)))
a.sendmsg([b'hello world'])
b1, b2 = bytearray(5), bytearray(10)
print(b.recvmsg_into([b1, b2]), b1, b2)
try:
    b.recvmsg(-1)
except ValueError as e:
    print(e)
a.sendmsg([b'abcdef'])
print(b.recvmsg(3, 0, socket.MSG_PEEK), b.recvmsg(10))
a.close(); b.close()
