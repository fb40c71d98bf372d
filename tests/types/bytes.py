def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### repr_forms
for b in (b'', b'abc', b"a'b", b'a"b', b'a\'"b', b'\x00\xff\n\t\\', bytes(range(0x7e, 0x82))):
    print(repr(b), str(b))
print(repr(bytearray(b'x\x00')), bytearray(), repr(bytearray(b"'")))
#### constructors
print(bytes(3), bytes([65, 66]), bytes('é', 'utf-8'), bytes(b'ab'), bytes(bytearray(b'z')), bytes(range(3)), bytes.fromhex('de ad BE EF'), bytearray.fromhex('00ff'))
show(bytes, 'abc')
show(bytes, [256])
show(bytes, -1)
show(bytes, 1.5)
show(bytes.fromhex, 'abc')
show(bytes.fromhex, 'zz')
show(bytes, 'a', 'no-such')
#### methods
b = b'Hello, World'
print(b.lower(), b.upper(), b.swapcase(), b.title(), b.capitalize(), b.split(b', '), b.split(), b.replace(b'l', b'L', 2), b.find(b'o'), b.rfind(b'o'), b.count(b'l'), b.startswith(b'He'), b.endswith((b'x', b'ld')))
print(b.center(16, b'*'), b.ljust(14, b'.'), b.rjust(14), b.zfill(14), b.strip(b'Hd'), b'  x '.strip(), b.partition(b', '), b.rpartition(b'o'), b'-'.join([b'a', bytearray(b'b')]))
print(b.isalpha(), b'abc'.isalpha(), b'123'.isdigit(), b' \t'.isspace(), b'Ab'.istitle(), b'ab'.islower(), b'AB'.isupper(), b'a1'.isalnum(), b'\x80'.isascii())
print(b.hex(), b.hex(':'), b.hex('-', 2), b'\x01\x02\x03'.hex(' ', -1), b'a\tb'.expandtabs(4), b'a\nb\r\nc'.splitlines(), b'a\nb'.splitlines(True))
#### index_and_slices
b = b'abcdef'
print(b[0], b[-1], b[1:4], b[::-2], b[10:], list(b[:3]), 99 in b, b'cd' in b, bytearray(b'xy')[0])
show(lambda: b[10])
show(lambda: 'a' in b)
show(lambda: 300 in b)
show(b.index, b'z')
#### operators
print(b'a' + b'b', b'ab' * 3, bytearray(b'a') + b'b', b'a' + bytearray(b'b'), b'a' < b'b', b'ab' == bytearray(b'ab'), b'a' == 'a')
show(lambda: b'a' + 'b')
show(lambda: b'a' + 1)
#### percent_format
print(b'%s %d %x %r %a %c %c %5.2f %%' % (b'x', 5, 255, 'r', 'é', 65, b'z', 1.5))
print(b'%(k)s' % {b'k': b'v'})
show(lambda: b'%s' % 'str')
show(lambda: b'%d' % b'x')
#### bytearray_mutation
a = bytearray(b'hello')
a[0] = 72; a[1:3] = b'EY'; a.append(33); a.extend(b'??'); a.insert(0, 62); print(a)
print(a.pop(), a.pop(0), a)
a.remove(33); a.reverse(); print(a)
del a[::2]; print(a)
a += b'xyz'; a *= 2; print(a, len(a))
a.clear(); print(a)
show(a.append, 256)
show(a.pop)
b = bytearray(b'abc'); b[::2] = b'XY'; print(b)
try:
    b[::2] = b'Q'
except ValueError as e:
    print(e)
#### translate_maketrans
t = bytes.maketrans(b'abc', b'xyz')
print(b'aabbcc'.translate(t), b'abcdef'.translate(None, b'bd'), len(t))
show(bytes.maketrans, b'ab', b'c')
#### decode_methods
print(b'caf\xc3\xa9'.decode(), b'caf\xe9'.decode('latin-1'), bytearray(b'x').decode('ascii'), b'a\xffb'.decode('utf-8', 'replace'), b'abc'.decode(errors='strict'))
#### bytes_hash_iter
print(hash(b'') == hash(''), hash(b'abc') == hash(b'abc'), list(iter(b'ab')), bytes(reversed(b'abc')), sorted(b'cab'))
show(hash, bytearray(b'a'))
#### int_bytes_roundtrip
for n in (0, 1, 255, 256, 2**64 - 1):
    b = n.to_bytes(9, 'big')
    print(b, int.from_bytes(b, 'big'), int.from_bytes(bytearray(b), 'little'))
