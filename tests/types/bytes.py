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
#### search_methods
b = b'abcabcab'
for sub in (b'ab', b'', b'x', 98, bytearray(b'ca')):
    print(b.find(sub), b.rfind(sub), b.count(sub), b.find(sub, 2), b.rfind(sub, 0, 5), b.count(sub, -4), b.find(sub, 9), b.count(sub, 3, 1))
print(b.index(b'c', 3), b.rindex(b'a'), b.index(97, -3, None), b.startswith(b'ca', 2), b.endswith(b'ca', 0, -1), b.startswith((b'z', b'ab')), b.startswith(b'', 8), b.startswith(b'', 9))
show(b.find, 'a')
show(b.count, 256)
show(b.rindex, b'z')
show(b.index, b'a', 'x')
show(b.startswith, 'a')
show(b.endswith, (b'a', 'b'))
show(b.find)
#### case_and_predicates
for s in (b'', b'hello wORLD 1x', b'Hello World', b'HELLO', b'abc', b'\xe9t\xe9', b'123', b'a1', b' \t\n\x0b\x0c\r', b"they're bill's", bytearray(b'mIxEd')):
    print(repr(s), s.upper(), s.lower(), s.swapcase(), s.title(), s.capitalize(), s.isalnum(), s.isalpha(), s.isascii(), s.isdigit(), s.islower(), s.isupper(), s.istitle(), s.isspace())
#### padding
for w in (0, 3, 6, 7, 8):
    print(b'abc'.center(w), b'ab'.center(w, b'-'), b'abc'.ljust(w, b'*'), bytearray(b'abc').rjust(w), b'-12'.zfill(w), b'+x'.zfill(w), b''.zfill(w))
show(b'a'.center, 5, b'ab')
show(b'a'.ljust, 5, 'x')
show(b'a'.rjust)
show(b'a'.zfill, 'x')
print(b'a\tbc\td\n\te'.expandtabs(), b'a\tb'.expandtabs(0), b'ab\tc\r\td'.expandtabs(tabsize=3), bytearray(b'\t').expandtabs(2))
#### strip_split_partition
b = b'  a  b\tc \n'
print(b.strip(), b.lstrip(), b.rstrip(), b'xxaxx'.strip(b'x'), b'xyaxy'.lstrip(b'yx'), b'axy'.rstrip(bytearray(b'y')), b.strip(None))
print(b.split(), b.rsplit(), b.split(None, 1), b.rsplit(None, 1), b'a,b,,c'.split(b','), b'a,b,,c'.rsplit(b',', 2), b'a,b,,c'.split(b',', maxsplit=1), b'a,b'.split(sep=b','), b''.split(), b''.split(b','))
print(b'a::b::c'.partition(b'::'), b'a::b::c'.rpartition(b'::'), b'abc'.partition(b'x'), b'abc'.rpartition(b'x'), bytearray(b'k=v').partition(b'='))
print(b'a\nb\r\nc\rd\n'.splitlines(), b'a\nb\r\nc\rd\n'.splitlines(keepends=True), b''.splitlines(), b'\n'.splitlines(), bytearray(b'x\ny').splitlines())
print(b'prefix-body'.removeprefix(b'prefix-'), b'body.txt'.removesuffix(b'.txt'), b'abc'.removeprefix(b'x'), bytearray(b'abc').removesuffix(b'c'))
show(b'abc'.split, b'')
show(b'abc'.partition, b'')
show(b'abc'.strip, 'a')
show(b'abc'.split, 'a')
show(b'abc'.removeprefix, 'a')
show(b'abc'.split, x=1)
#### replace_join_translate
print(b'aaaa'.replace(b'a', b'b', 2), b'abc'.replace(b'', b'-'), b'abc'.replace(b'', b'-', 2), b'abab'.replace(b'ab', b''), bytearray(b'xx').replace(b'x', b'yy'), b'abc'.replace(b'b', b'B', 0), b'abc'.replace(b'b', b'B', -1))
print(b', '.join([b'a', b'b', bytearray(b'c')]), bytearray(b'-').join([b'x', b'y']), b''.join([]))
show(b''.join, [b'a', 'b'])
show(b''.join, [1])
t = bytes.maketrans(b'ab', b'ba')
print(b'abba'.translate(t), bytearray(b'abc').translate(t, b'c'), b'abc'.translate(None), b'abc'.translate(None, delete=b'a'), bytearray.maketrans(b'', b'') == bytes(range(256)))
show(b'abc'.translate, b'short')
show(bytes.maketrans, 'a', 'b')
#### hex_fromhex
print(b'\x01\x02\x03\x04\x05'.hex(':', 2), b'\x01\x02\x03\x04\x05'.hex(b'-', -2), b'\xff'.hex(' '), b''.hex(':'), bytearray(b'\xab\xcd').hex(sep='_', bytes_per_sep=1), b'\x01\x02'.hex(':', 0))
show(b'ab'.hex, '::')
show(b'ab'.hex, 'é')
show(b'ab'.hex, 1)
print(bytes.fromhex(''), bytes.fromhex(' 01 02\n'), bytearray.fromhex('ff 00'), type(bytearray.fromhex('')).__name__)
class B(bytes): pass
print(type(B.fromhex('41')).__name__, B.fromhex('41'))
show(bytes.fromhex, '0 1')
show(bytes.fromhex, '01 0')
show(bytes.fromhex, b'01')
show(bytes.fromhex, '0g')
#### bytearray_methods
a = bytearray(b'abc')
c = a.copy(); c.append(100); print(a, c, c is not a)
a.insert(-1, 120); a.insert(100, 121); a.insert(-100, 122); print(a)
print(a.pop(-2), a.pop(0), a)
show(a.pop, 10)
show(a.remove, 200)
show(a.remove, 300)
show(a.insert, 0, 256)
show(a.append, 'x')
a.reverse(); print(a); a.clear(); print(a, len(a))
show(bytearray().pop)
print(bytearray(b'x').upper(), type(bytearray(b'a b').split()[0]).__name__, type(bytearray(b'ab').partition(b'a')[0]).__name__, bytearray(b'A').isupper())
#### percent_more
print(b'%5s|%-5s|%.1s|%b' % (b'ab', b'cd', b'xyz', bytearray(b'q')))
print(b'%c%c' % (104, bytearray(b'i')), b'%3d|%-4x|%05.1f|%o|%r' % (7, 255, 2.25, 8, b'x'))
print(b'%(a)s-%(b)d' % {b'a': b'A', b'b': 2}, bytearray(b'%s') % b'x')
class O:
    def __bytes__(self): return b'obj'
print(b'%s' % O())
show(lambda: b'%c' % 256)
show(lambda: b'%c' % b'ab')
show(lambda: b'%c' % 'a')
show(lambda: b'%x' % b'x')
show(lambda: b'%s %s' % (b'a',))
show(lambda: b'%s' % (b'a', b'b'))
show(lambda: b'%y' % 1)
#### argument_errors
b = b'abc'
show(b.find); show(b.find, 1, 2, 3, 4); show(b.count); show(b.startswith); show(b.find, b'a', start=1)
show(b.center); show(b.center, 1, 2, 3); show(b.zfill); show(b.partition); show(b.replace, b'a'); show(b.split, 1, 2, 3)
show(b.upper, 1); show(b.isalpha, 1); show(b.strip, 1, 2); show(b.strip, bytes=b'a'); show(b.expandtabs, 1, 2); show(b.hex, 1, 2, 3)
show(b.hex, x=1); show(b.splitlines, 1, 2); show(b.translate); show(b.removeprefix); show(b.join); show(b.center, width=3)
show(b.translate, None, 1); show(bytearray().pop, x=1); show(bytearray().insert, 1); show(b.upper, x=1); show(bytearray().clear, 1)
show(bytes.maketrans, b'a'); show(bytearray(b'x').zfill); show(b.split, b'b', maxsplit=0); show(b.expandtabs, tabsize=-1)
show(b.find, b'a', 'x'); show(b.find, b'a', None, None); show(b.count, b'', 1, 2); show(b.translate, table=None)
#### edge_arguments
def r(f, *a):
    try:
        v = f(*a)
        return repr(v) + type(v).__name__
    except Exception as e:
        return type(e).__name__ + ':' + str(e)
b = b'hello'
print(r(b.find, b'l', 10**20), r(b.find, b'l', -10**20), r(b.count, b'l', 0, 10**30), r(b.find, b'l', 1.5), r(b.startswith, (b'h', 1)), r(b.startswith, (1, b'h')))
class BA(bytearray): pass
print(r(BA.fromhex, '41'), r(BA(b'x').copy), r(BA(b'x').upper), repr(BA(b"'")))
print(r(lambda: b'%5.1f' % b'x'), r(lambda: b'%i' % 'x'), r(lambda: b'%s %s' % b'ab'), r(lambda: b'x' % ()), r(lambda: b'x' % b'y'), r(lambda: b'%.*s|%*d' % (2, b'abc', -3, 1)))
print(r(b'a'.join, 5), r(b'a'.splitlines, 'x'), r(b'abc'.hex, ':', 2**70), r(bytearray(b'abc').pop, 'x'), r(bytearray(b'a').remove, 'x'))
#### dunder_extras
print(bytearray().__alloc__(), bytearray(b'abc').__alloc__(), bytearray(10).__alloc__())
a = bytearray(b'ab'); a *= 3; print(a); r = a.__imul__(0); print(r is a, a, b'ab'.__getnewargs__(), b'x'.__bytes__())
class S(bytes): pass
s = S(b'q'); print(type(s.__bytes__()).__name__, s.__bytes__() is s, bytes(s), type(bytes(s)).__name__)
for x in ('x', 1.5):
    try:
        a = bytearray(b'a'); a *= x
    except Exception as e: print(type(e).__name__, e)
#### memoryview_basics
b = bytearray(b'hello world')
m = memoryview(b)
print(len(m), m[0], m[-1], m[1:4].tobytes(), m[::2].tolist(), m.readonly, m.format, m.itemsize, m.nbytes, m.shape, m.strides, m.ndim)
m[0] = 72; m[1:3] = b'EL'; print(b)
print(bytes(m[6:]), m == b'HELlo world', m.hex(), m[::-1].tobytes())
try: m[0] = 300
except ValueError as e: print(e)
try: memoryview(b'ab')[0] = 1
except TypeError as e: print(e)
try: memoryview(5)
except TypeError as e: print(e)
c = memoryview(b'\x01\x00\x02\x00').cast('H'); print(c.tolist(), c.format, c.itemsize, len(c), c.nbytes)
m.release()
try: m[0]
except ValueError as e: print(e)
with memoryview(b'xyz') as v: print(v.tobytes(), hash(v) == hash(b'xyz'))
print(repr(v).startswith('<released memory at'), list(memoryview(b'ab')))
print(memoryview(b'abcdef').cast('B', [2, 3]).tolist())
print(b'ab' + memoryview(b'cd'), bytearray(memoryview(b'q')), int.from_bytes(memoryview(b'\x01\x02'), 'big'))
