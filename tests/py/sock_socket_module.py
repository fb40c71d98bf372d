import _socket as s
for f in [lambda: s.htons(-1), lambda: s.htons(70000), lambda: s.htonl(-1), lambda: s.htonl(2**33), lambda: s.inet_aton('x'), lambda: s.inet_ntoa(b'12'), lambda: s.inet_pton(s.AF_INET,'x'), lambda: s.inet_ntop(s.AF_INET,b'1'), lambda: s.inet_pton(99,'x'), lambda: s.getservbyname('nonexist'), lambda: s.getprotobyname('zz'), lambda: s.socket().settimeout(-1), lambda: s.socket().settimeout('x'), lambda: s.socket().bind(('',70000)), lambda: s.socket().bind(('a',)), lambda: s.socket().bind('x'), lambda: s.socket(s.AF_UNIX).bind(1), lambda: s.socket().recv(-1), lambda: s.getaddrinfo('1.2.3.4.5', 80, 0, 0, 0, s.AI_NUMERICHOST), lambda: s.socket(999), lambda: s.socket().connect(('127.0.0.1', 1)), lambda: s.socket(s.AF_INET6).bind(('::1',)), lambda: s.getnameinfo(('127.0.0.1', 80), 12345678), lambda: s.socket().getpeername(), lambda: s.setdefaulttimeout(-2), lambda: s.getaddrinfo('localhost', 'zzz'), lambda: s.getaddrinfo('localhost', 1.5), lambda: s.socket().bind(('localhost', 'x')), lambda: s.socket().setsockopt(1,2,'x'), lambda: s.socket(fileno=-5)]:
  try: print(repr(f()))
  except Exception as e: print(type(e).__name__, e.args)
x = s.socket(); print(repr(x).replace(str(x.fileno()), 'N')); x.close(); print(x)
x = s.socket(s.AF_INET, s.SOCK_STREAM | s.SOCK_NONBLOCK); print(x.type, x.gettimeout(), x.getblocking()); x.close()
print(s.getaddrinfo('localhost', 80, s.AF_INET, s.SOCK_STREAM))
print(s.getaddrinfo(None, 80, s.AF_INET, s.SOCK_STREAM, 0, s.AI_PASSIVE))
print(s.gethostbyname_ex('localhost'))
print(s.gethostbyaddr('127.0.0.1'))
print(s.getnameinfo(('127.0.0.1', 80), 0))
print(type(s.socket).__name__, s.socket.__module__, s.SocketType, s.error, s.timeout, s.herror.__mro__, s.gaierror.__module__)
print(s.socket().timeout, s.socket().gettimeout(), s.socket().getblocking())
print(s.CMSG_LEN(4), s.CMSG_SPACE(4), s.SOMAXCONN, s.has_ipv6)
print(all(hasattr(s.socket, m) for m in ['_accept', 'bind', 'close', 'connect', 'connect_ex', 'detach', 'family', 'fileno', 'getblocking', 'getpeername', 'getsockname', 'getsockopt', 'gettimeout', 'listen', 'proto', 'recv', 'recv_into', 'recvfrom', 'recvfrom_into', 'send', 'sendall', 'sendto', 'setblocking', 'setsockopt', 'settimeout', 'shutdown', 'timeout', 'type']))
for name in ['AF_INET', 'AF_INET6', 'AF_UNIX', 'SOCK_STREAM', 'SOCK_DGRAM', 'SOCK_NONBLOCK', 'SOCK_CLOEXEC', 'SOL_SOCKET', 'SO_REUSEADDR', 'SO_ERROR', 'IPPROTO_TCP', 'IPPROTO_IPV6', 'IPV6_V6ONLY', 'TCP_NODELAY', 'MSG_PEEK', 'MSG_DONTWAIT', 'AI_PASSIVE', 'AI_NUMERICHOST', 'NI_NUMERICHOST', 'EAI_NONAME', 'SHUT_RDWR', 'SCM_RIGHTS', 'INADDR_ANY', 'SOMAXCONN']:
    print(name, getattr(s, name))
print(s.inet_aton('1.2.3.4'), s.inet_aton('127.1'), s.inet_aton('0x7f.1'), s.inet_ntoa(b'\x01\x02\x03\x04'))
print(s.inet_pton(s.AF_INET6, '::1'), s.inet_ntop(s.AF_INET6, b'\x00'*15+b'\x01'), s.inet_ntop(s.AF_INET6, bytes(range(16))), s.inet_ntop(s.AF_INET6, b'\0'*10+b'\xff\xff\x01\x02\x03\x04'))
print(s.htons(1), s.ntohs(256), s.htonl(1), s.ntohl(0x01020304))
print(s.getservbyname('http', 'tcp'), s.getservbyport(80), s.getprotobyname('tcp'))

# gaierror and herror are OSErrors built as cls(errno, strerror).
for f in (lambda: s.gethostbyaddr('::1'), lambda: s.getaddrinfo('1.2.3.4.5', 80, 0, 0, 0, s.AI_NUMERICHOST)):
    try: f()
    except OSError as e: print(type(e).__name__, e.errno, e.strerror, str(e), e.args)
print(s.gethostbyname_ex('127.0.0.1'))
print(s.if_nametoindex('lo'), s.if_indextoname(1))
