def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### case_methods
for s in ('hello world', 'HELLO', 'ǅungla', 'ß straße', 'ΣΑΣ ΟΔΟΣ', 'ﬁre', 'İstanbul', "they're bill's", '123abc', ''):
    print(repr(s.upper()), repr(s.lower()), repr(s.title()), repr(s.capitalize()), repr(s.swapcase()), repr(s.casefold()))
#### final_sigma
for s in ('ΣΑΣ', 'ΌΣΟΣ ΣΟΣ.', 'aΣ', 'Σ', 'AΣb', 'AΣ!'):
    print(s.lower())
#### is_predicates
for s in ('abc', 'ABC', 'Abc Def', '123', '١٢٣', '²', '½', 'a1', ' \t\n', '', 'x y', 'é', '\u2028', 'Ⅻ', '_id', '1x', 'if', 'a\x00'):
    print(repr(s), s.isalpha(), s.isalnum(), s.isdigit(), s.isdecimal(), s.isnumeric(), s.isspace(), s.islower(), s.isupper(), s.istitle(), s.isidentifier(), s.isprintable(), s.isascii())
#### strip_family
s = '  \t xxhixx \n'
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), repr('xxhixx'.strip('x')), repr('abcba'.strip('ab')), repr('\u3000a\u00a0'.strip()))
show('a'.strip, 1)
print(repr('www.example.com'.removeprefix('www.')), repr('file.txt'.removesuffix('.txt')), repr('abc'.removeprefix('')))
#### split_family
print('a,b,,c'.split(','), 'a b  c '.split(), '  a b '.split(None, 1), 'a,b,c'.rsplit(',', 1), ''.split(), ''.split(','), 'abc'.split('b', 0))
print('a\u2028b\x1cc d'.split(), '1 2 3'.rsplit(maxsplit=1))
show('a'.split, '')
#### splitlines_all
s = 'a\nb\r\nc\rd\ve\x0cf\x1cg\x1dh\x1ei\x85j\u2028k\u2029l'
print(s.splitlines())
print(s.splitlines(True))
print('x\n'.splitlines(), '\n\n'.splitlines(keepends=True), ''.splitlines())
#### partition
print('a=b=c'.partition('='), 'abc'.partition('x'), 'a=b=c'.rpartition('='), 'abc'.rpartition('x'))
show('a'.partition, '')
#### find_index_count
s = 'hello hello'
print(s.find('l'), s.rfind('l'), s.find('l', 5), s.find('l', -3, -1), s.find(''), s.rfind(''), s.find('', 20), s.count('l'), s.count(''), s.count('ll', 3))
show(s.index, 'z')
show(s.rindex, 'z')
print(s.index('o'), s.rindex('o'), 'aaa'.count('aa'))
#### replace
print('aaa'.replace('a', 'b', 2), 'abc'.replace('', '-'), 'abc'.replace('', '-', 2), 'aaaa'.replace('aa', 'x'), 'abc'.replace('b', ''), 'x'.replace('x', 'yy', 0))
#### justify
print(repr('ab'.center(7, '*')), repr('ab'.center(6)), repr('abc'.ljust(6, '.')), repr('abc'.rjust(2)), repr('42'.zfill(5)), repr('-42'.zfill(6)), repr('+x'.zfill(4)), repr(''.zfill(3)))
show('a'.center, 5, 'ab')
#### expandtabs
print(repr('a\tb\tc'.expandtabs()), repr('a\tbc\td'.expandtabs(4)), repr('\t\n\tx'.expandtabs(2)), repr('ab\t'.expandtabs(0)))
#### startswith_endswith
s = 'hello.py'
print(s.startswith('he'), s.startswith(('x', 'hel')), s.endswith('.py'), s.endswith('py', 0, 5), s.startswith('', 8), s.startswith('', 9), s.endswith(('.c', '.py')))
show(s.startswith, ['he'])
#### join
print('-'.join(['a', 'b', 'c']), ''.join(('x', 'y')), ', '.join(map(str, range(3))), '-'.join('abc'), '.'.join([]))
show('-'.join, ['a', 1])
show('-'.join, 5)
#### maketrans_translate
t = str.maketrans('abc', 'xyz', 'd')
print(sorted(t.items()), 'abcdabcd'.translate(t))
print('hello'.translate({ord('l'): None, ord('h'): 'J'}), 'abc'.translate(str.maketrans({'a': 'AA', 'b': None})))
show(str.maketrans, 'ab', 'c')
show(str.maketrans, {'ab': 1})
#### format_map_vars
class D(dict):
    def __missing__(self, k): return '<' + k + '>'
print('{a} {b}'.format_map(D(a=1)), '{0}{x}'.format(5, x=6))
#### encode_basic
for enc in ('utf-8', 'utf-16', 'utf-16-le', 'utf-16-be', 'utf-32', 'utf-32-be', 'latin-1', 'ascii'):
    show('hé€'.encode, enc)
#### encode_errors
for err in ('strict', 'ignore', 'replace', 'backslashreplace', 'xmlcharrefreplace', 'namereplace'):
    show('aé€\U0001f600'.encode, 'ascii', err)
show('a\udc80b'.encode, 'utf-8', 'surrogateescape')
show('a\ud800b'.encode, 'utf-8', 'surrogatepass')
show('a\ud800b'.encode, 'utf-8')
#### decode_errors
for err in ('strict', 'ignore', 'replace', 'backslashreplace', 'surrogateescape'):
    show(b'a\xff\xfeb'.decode, 'utf-8', err)
show(b'\xe2\x82'.decode, 'utf-8')
show(b'\xed\xa0\x80'.decode, 'utf-8')
show(b'\xed\xa0\x80'.decode, 'utf-8', 'surrogatepass')
show(b'\x80'.decode, 'ascii')
show(b'\xff\xfeh\x00i\x00'.decode, 'utf-16')
show(b'h\x00i'.decode, 'utf-16-le')
show(b'abc'.decode, 'no-such-codec')
#### slicing
s = 'abcdefghij'
print(s[::2], s[::-1], s[1:8:3], s[-3:], s[:-3], s[8:2:-2], s[100:], s[-100:2], s[::-3], s[5:5])
show(lambda: s[::0])
show(lambda: s[20])
show(lambda: s['a'])
#### str_ops
print('ab' * 3, 3 * 'x', 'a' + 'b', 'ab' * 0, 'ab' * -1, 'b' in 'abc', '' in 'abc', 'abc' < 'abd', 'Z' < 'a', 'é' > 'z')
show(lambda: 'a' + 1)
show(lambda: 'a' * 'b')
show(lambda: 1 in 'abc')
show(lambda: 'a' < 1)
#### str_repr_escapes
for s in ('a\'b', 'a"b', 'a\'"b', '\n\t\r\x00\x7f', '\x80\xa0é', '\u200b\u2028', '\ud800', '\U0001f600', '\\', 'a\x1bb'):
    print(repr(s), ascii(s))
#### str_constructor
print(str(), str(123), str(b'ab'), str(b'ab', 'ascii'), str(bytearray(b'x'), encoding='latin-1'), str(None), str([1, 'a']))
show(str, b'\xff', 'utf-8')
show(str, 1, 'utf-8')
show(str, object=5)
#### str_iter_len_hash
s = 'héllo\U0001f600'
print(len(s), list(s), s[-1], ord(s[1]), hash('') , chr(0x1f600) == s[-1])
#### ord_chr
print(ord('a'), ord('€'), chr(65), chr(0x10ffff) == '\U0010ffff', repr(chr(0xd800)))
show(ord, 'ab')
show(ord, '')
show(chr, 0x110000)
show(chr, -1)
show(chr, 'a')
#### str_mod_formatting
print('%s %r %a %d %i %u %o %x %X %e %c %c %%' % ('s', 'r', 'é', 42, 43, 44, 8, 255, 255, 1.5, 'x', 65))
print('%(a)s-%(b)05d' % {'a': 'A', 'b': 7}, '%5s|%-5s|%.2s' % ('ab', 'cd', 'efg'), '%*d|%-*.*f' % (5, 3, 8, 2, 3.14159))
print('%#x %#o %+d % d %05.1f' % (255, 8, 5, 5, 2.25))
show(lambda: '%d' % 'x')
show(lambda: '%s %s' % ('a',))
show(lambda: '%s' % ('a', 'b'))
show(lambda: '%z' % 1)
show(lambda: '%(a)s' % 5)
show(lambda: '%c' % 'ab')
#### str_format_method
print('{} {} {}'.format(1, 'a', [2]), '{1}{0}{1}'.format('a', 'b'), '{x.real} {y[1]} {z[k]}'.format(x=3, y=[4, 5], z={'k': 6}))
print('{:>8}|{:<8}|{:^8}|{:*^9}'.format('r', 'l', 'c', 'm'), '{!r} {!s} {!a}'.format('é', 'é', 'é'), '{:{w}.{p}f}'.format(3.14159, w=10, p=2))
print('{{}} {0:{1}}'.format(5, '03'), '{0[0]}'.format('xyz'))
show('{}'.format)
show('{0} {}'.format, 1, 2)
show('{a}'.format, b=1)
show('{:d}'.format, 'x')
show('{!x}'.format, 1)
show('{'.format)
show('}'.format)
show('{0.}'.format, 1)
#### str_format_spec_str
for spec in ('', '5', '<5', '>5', '^5', '.2', '5.1', 'x^7', 's', '=5'):
    show(format, 'abc', spec)
#### str_methods_misc
print('abc'.__len__(), 'a'.__add__('b'), 'x'.__mul__(3), 'abc'.__contains__('b'), 'abc'.__getitem__(1), str.__new__(str, 5))
print('AbC'.casefold(), 'a b c'.title(), 'hello'.index('l', 1, 4))
#### str_subclass
class S(str):
    def shout(self): return self.upper() + '!'
s = S('hi')
print(s.shout(), type(s + 'x').__name__, type(s[0]).__name__, repr(s), s == 'hi', hash(s) == hash('hi'), isinstance(s, str))
#### lone_surrogates
s = 'a\udc80b\ud800'
print(len(s), repr(s), ascii(s.upper()), repr(s[1]), s.find('\ud800'), s.index('b'), repr(s.replace('\udc80', 'X')), s.split('\udc80'), s.isprintable())
print(ascii(s.lower()), ascii(s.title()), ascii(s * 2), ascii(s[::-1]), ascii(s.center(8, '*')), s.count('\ud800'), ascii(s.strip('a')))
#### isidentifier_keywords
for s in ('abc', '_', 'a1', '1a', 'é', 'a-b', '', 'if', 'None', 'ﬁ', 'x\u0300'):
    print(repr(s), s.isidentifier())
