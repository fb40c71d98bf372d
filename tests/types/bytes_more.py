def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### bytes_constructors
print(bytes(3), bytes([1, 2, 255]), bytes(b'ab'), bytes(bytearray(b'x')), bytes(memoryview(b'mv')), bytes('é', 'utf-8'), bytes(range(3)), bytes())
show(bytes, -1)
show(bytes, [256])
show(bytes, ['a'])
show(bytes, 'abc')
show(bytes, 1.5)
show(bytes, 'a', 'bogus')
show(bytes, b'a', 'utf-8')
class B:
    def __bytes__(self): return b'custom'
class BadB:
    def __bytes__(self): return 'no'
print(bytes(B()))
show(bytes, BadB())
print(bytes.fromhex('00 ff aB'), bytearray.fromhex(' 01'), b'\x00\xff'.hex(), b'abc'.hex('-'), b'abcdef'.hex(':', 2), b'abcdef'.hex(':', -2))
show(bytes.fromhex, '0g')
show(bytes.fromhex, '0')
#### bytes_repr_quotes
for b in [b"'", b'"', b'\'"', b'\t\n\r\x00\x7f\x80\\', bytes(range(0, 256, 37))]:
    print(repr(b), repr(bytearray(b)), str(b))
#### bytearray_mutations
a = bytearray(b'hello')
a[0] = 72; a[1:3] = b'EY'; a += b'!'; a.append(33); a.extend([63, 63]); a.insert(0, 62); a.insert(-1, 60)
print(a, a.pop(), a.pop(0), a)
a.remove(ord('!')); print(a)
del a[::2]; print(a)
a[1:1] = b'xyz'; print(a)
a[::2] = b'ABC'[:len(a[::2])] if len(a[::2]) <= 3 else bytes(len(a[::2])); print(a)
a.reverse(); print(a); a.clear(); print(a, len(a))
b = bytearray(b'abc'); b *= 2; print(b); b[5:] = []; print(b)
#### bytearray_errors
a = bytearray(b'abc')
show(a.__setitem__, 0, 256)
show(a.__setitem__, 0, b'x')
show(a.__setitem__, 5, 1)
show(a.__setitem__, slice(None, None, 2), b'xyz')
show(a.remove, 120)
show(a.pop, 10)
show(bytearray().pop)
show(a.append, 'x')
show(a.extend, 5)
show(a.insert, 0, -1)
show(a.index, b'z')
show(lambda: a + 'x')
show(lambda: a * 'x')
show(hash, a)
#### bytes_methods_misc
b = b'Hello World'
print(b.lower(), b.upper(), b.swapcase(), b.title(), b.capitalize(), b.center(15, b'*'), b.ljust(13, b'.'), b.rjust(13), b.zfill(14))
print(b.split(), b.split(b'o'), b.rsplit(b'o', 1), b.partition(b' '), b.rpartition(b'x'), b.strip(b'Hd'), b.replace(b'o', b'0', 1), b.count(b'o'), b.find(b'o', 5), b.rindex(b'o'))
print(b.startswith((b'x', b'H')), b.endswith(b'ld'), b.isalpha(), b'abc123'.isalnum(), b' \t'.isspace(), b'ABC'.isupper(), b'Ab Cd'.istitle(), b'123'.isdigit(), b'\x80'.isascii())
print(b'-'.join([b'a', bytearray(b'b'), memoryview(b'c')]), b.removeprefix(b'Hel'), b.removesuffix(b'rld'), b'a\tb'.expandtabs(4), b.translate(None, b'lo'), b.translate(bytes.maketrans(b'lo', b'01')))
print(b.find(111), b.count(108), 111 in b, b'lo' in b, b.index(32))
show(b.find, 256)
show(b.find, 'o')
show(b'-'.join, [b'a', 'b'])
show(b.split, b'')
show(lambda: 'a' in b)
show(bytes.maketrans, b'ab', b'c')
#### bytes_percent_format
print(b'%s %d %x %r %a %c %c %5.1f %%' % (b'x', 5, 255, 'é', 'é', 65, b'B', 2.25))
print(b'%(k)s' % {b'k': b'v'}, bytearray(b'%s') % bytearray(b'ba'), b'%s' % memoryview(b'mv'), b'%-5s|' % b'ab', b'%.1s' % b'xyz', b'%b' % b'bb')
show(lambda: b'%s' % 'str')
show(lambda: b'%s' % 1)
show(lambda: b'%c' % 256)
show(lambda: b'%c' % b'ab')
show(lambda: b'%d' % b'1')
show(lambda: b'%s %s' % (b'a',))
show(lambda: b'%y' % 1)
#### bytes_indexing
b = b'abcdef'
print(b[0], b[-1], b[1:3], b[::-2], b[10:], list(b[:3]), b[::-1], bytearray(b)[2], bytearray(b)[1:4])
show(b.__getitem__, 6)
show(b.__getitem__, 'a')
ix = 1.0
show(lambda: b[ix])
#### bytes_compare_hash
print(b'a' < b'b', b'a' < b'ab', b'abc' == bytearray(b'abc'), bytearray(b'a') < b'b', b'' < b'\x00', hash(b'') == hash(b''), b'abc' == 'abc', b'x' != memoryview(b'x'))
show(lambda: b'a' < 'b')
show(lambda: b'a' < 1)
print(sorted([b'b', b'a', b'', b'ab']), max(bytearray(b'z'), b'a'))
#### bytearray_resize_iter
a = bytearray(b'abc')
it = iter(a)
print(next(it)); a.append(100); print(list(it))
a = bytearray(range(10))
print(a[2:8:3], a[-3:], a[::-3])
a[2:8:3] = b'XY'; print(a)
del a[:]; print(a)
a.extend(b'xyz'); a.extend(bytearray(b'q')); a.extend(iter([1])); print(a)
show(a.extend, ['a'])
print(a.copy(), a.copy() is a, a == a.copy())
