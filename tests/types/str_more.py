def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### case_special
for s in ['ß', 'ﬁ', 'ŉ', 'İ', 'ı', 'ǅ', 'ǆ', 'Σ', 'ΑΣ', 'ΑΣ Α', 'ΑΣΑ', 'Σ.', 'aΣ', 'ﬀ', 'ẞ', 'ΐ', 'Ω', 'µ', 'ǰ', 'ᾳ', 'ᾼ']:
    print(s, ascii(s.upper()), ascii(s.lower()), ascii(s.title()), ascii(s.capitalize()), ascii(s.swapcase()), ascii(s.casefold()))
#### final_sigma
for s in ['ΟΔΟΣ', 'ΟΔΟΣ ΟΔΟΣ', 'Σ', 'ΣΑ', 'AΣ', 'A.Σ', "AΣ'", 'AΣ\u0301', 'Σ\u0301', 'ΑΣ1', 'ὈΔΥΣΣΕΎΣ']:
    print(ascii(s.lower()), ascii(s.title()), ascii(s.capitalize()))
#### unicode_props
for c in ['a', 'Ⅻ', '½', '٣', '²', '\u00a0', '\u2028', '\x1c', '\u200b', 'ǅ', 'ª', '\U0001F600', '\u0378', '\ud800', '_', '·', 'α']:
    print(ascii(c), c.isalpha(), c.isdigit(), c.isdecimal(), c.isnumeric(), c.isspace(), c.isprintable(), c.isidentifier(), c.isupper(), c.islower(), c.istitle(), c.isalnum())
#### splitlines_all
s = 'a\nb\rc\r\nd\x0be\x0cf\x1cg\x1dh\x1ei\x85j\u2028k\u2029l'
print(s.splitlines())
print(s.splitlines(keepends=True))
print(''.splitlines(), '\n'.splitlines(), '\n\n'.splitlines(True), 'x\r'.splitlines(True))
print(b'a\nb\rc\r\nd\x0be\x85f'.splitlines())
#### expandtabs_more
for s in ['a\tb', '\t', 'ab\tc\td', 'a\nb\tc', 'abcdefgh\tx', 'a\r\tb', '\t\t']:
    print(repr(s.expandtabs()), repr(s.expandtabs(3)), repr(s.expandtabs(1)), repr(s.expandtabs(0)))
show('a\tb'.expandtabs, 2**62)
#### maketrans_translate
t = str.maketrans('abc', 'xyz', 'd')
print(sorted(t.items()), 'abcdd'.translate(t))
t2 = str.maketrans({'a': 'AA', 'b': None, ord('c'): 99})
print(sorted(t2.items()), 'abcabc'.translate(t2))
print('hello'.translate({ord('l'): 'L'}), 'hello'.translate([]), 'abc'.translate({97: None}))
show(str.maketrans, 'ab', 'c')
show(str.maketrans, {'ab': 1})
show(str.maketrans, 1)
show(str.maketrans, 'a', 'b', 1)
show('abc'.translate, {97: 1.5})
show('abc'.translate, {97: 0x110000})
class T:
    def __getitem__(self, k):
        if k == 98: raise LookupError
        return k + 1
print('abc'.translate(T()))
#### format_map_more
class Default(dict):
    def __missing__(self, k): return '<' + k + '>'
print('{a} {b} {0[x]}'.format_map(Default(a=1, **{'0': {'x': 9}})) if False else '{a} {b}'.format_map(Default(a=1)))
show('{0}'.format_map, {})
show('{a}'.format_map, [])
print('{a.real}'.format_map({'a': 3}), '{a[0]}'.format_map({'a': 'xy'}))
#### isidentifier_more
for s in ['a', '_', '1a', 'a1', 'é', '℘', '℮', '·a', 'a·', 'x\u200c', '', 'def', 'a b', 'Ⅻ', '𝔘𝔫𝔦']:
    print(repr(s), s.isidentifier())
#### percent_format_conversions
for spec in ['%d', '%i', '%u', '%o', '%x', '%X', '%e', '%E', '%f', '%F', '%g', '%G', '%c', '%r', '%s', '%a', '%#o', '%#x', '%#X', '%+d', '% d', '%05d', '%-5d|', '%.3d', '%*d', '%-*d|', '%.*f']:
    for v in [42, -3.5, 'é']:
        try:
            args = (v,) if '*' not in spec else (6, v)
            print(spec, repr(v), repr(spec % args))
        except Exception as e:
            print(spec, repr(v), type(e).__name__ + ':', e)
#### percent_format_mapping
print('%(a)s %(b)r %(a)05d' % {'a': 7, 'b': 'x'}, '%(x)s' % {'x': [1]}, '%%' % (), '%s%%' % 5)
show(lambda: '%(a)s %s' % {'a': 1})
show(lambda: '%(a)s' % 5)
show(lambda: '%(a' % {'a': 1})
show(lambda: '%s %s' % (1,))
show(lambda: '%s' % (1, 2))
show(lambda: '%d' % '1')
show(lambda: '%c' % 0x110000)
show(lambda: '%c' % 'ab')
show(lambda: '%z' % 1)
show(lambda: '%' % ())
show(lambda: '%*d' % ('a', 1))
print('%s' % ((1, 2),), '%s' % [1, 2], '%r' % 'é', '%a' % 'é', '%c' % 233, '%5.2s|' % 'abc', '%x' % 2**70, '%d' % 3.9, '%d' % True)
#### format_mini_language
for v, spec in [(1234567, ','), (1234567, '_'), (1234567, '_x'), (0xABCDEF, '_X'), (255, '#_b'), (-42, '=+8'), (42, '*^9'), (42, '0>5'), (42, '08,'), (1234.5, '012,.1f'), (-0.0, 'z.1f'), (-0.001, 'z.1f'), (0.5, '.0%'), (3, 'c'), (97, '^5c'), (12, 'n'), (1.5, 'n'), (1e6, 'n'), ('abc', '^7'), ('abc', '.2'), ('abc', '<5.1'), (True, 'd'), (True, ''), (None, ''), (1.0, '#.0f'), (1.0, '#g'), (123, '#o'), (1e-5, 'g'), (1e16, 'g'), (100000.0, 'g'), (1e16, ''), (12.0, '.0e')]:
    print(repr(v), repr(spec), repr(format(v, spec)))
#### format_mini_errors
for v, spec in [(1, 's'), ('a', 'd'), (1.5, 'd'), (1, ',_'), (1, '_,'), ('a', ','), ('a', '='), ('a', '+'), (1, '.2'), (1, 'c,'), (1.5, 'c'), (-1, 'c'), (0x110000, 'c'), (1, 'zd'), (1, '#c'), (1, '1000000000000000000000'), ('x', 'z'), (None, 'd'), ([], 'x'), (1.5, '=^'), (1, '\x00<5')]:
    show(format, v, spec)
#### str_format_fields
class P:
    x = 5
    def __format__(self, spec): return 'P<' + spec + '>'
print('{0}{1}{0}'.format('a', 'b'), '{}{}'.format(1, 2), '{x}'.format(x=3), '{0.x}'.format(P()), '{0[1]}'.format([7, 8]), '{0[a]}'.format({'a': 1}))
print('{!r}'.format('s'), '{!s}'.format('s'), '{!a}'.format('é'), '{0:{1}}'.format(3.14159, '.2f'), '{:{w}.{p}f}'.format(2.5, w=8, p=2), '{:>{}}'.format('x', 4))
print('{}'.format(P()), '{:abc}'.format(P()), '{{}}'.format(), '{0[-1]}'.format({'-1': 'm'}), '{0[0]}'.format('xyz'))
for f in ['{', '}', '{0', '{0!}', '{0!x}', '{0:{1:{2}}}', '{}{0}', '{0}{}', '{a', '{0.}', '{0[}', '{1}', '{x}', '{0[0]x}']:
    show(f.format, 1, 2, 3)
#### str_errors_wording
show(lambda: 'a' + 1)
show(lambda: 'a' * 'b')
show(lambda: 'a' - 'b')
show(lambda: 1 in 'abc')
show('a'.join, [1, 2])
show('a'.join, ['x', b'y'])
show('abc'.index, 'z')
show('abc'.rindex, 'z')
show('a'.center, 3, 'ab')
show('a'.split, '')
show('a'.startswith, 1)
show('a'.endswith, ['a'])
show('a'.count)
show(str.upper, 1)
show(str, b'a', 'bogus-codec')
show(str, 'a', 'utf-8')
show('a'.__getitem__, 5)
fidx = 1.0
show(lambda: 'abc'[fidx])
show('a'.replace, 'a')
show(ord, 'ab')
show(ord, '')
show(chr, -1)
show(chr, 0x110000)
#### str_slicing_steps
s = 'abcdefghij'
for sl in [slice(None, None, 2), slice(None, None, -1), slice(8, 2, -2), slice(-3, None), slice(100, None), slice(None, -100), slice(1, 9, 3), slice(None, None, -3), slice(-1, -11, -1)]:
    print(sl, repr(s[sl]), repr('日本語テキスト'[sl]))
show(lambda: s[::0])
#### lone_surrogates
s = 'a\ud800b\udfff'
print(ascii(s), len(s), s.isprintable(), ascii(s.upper()), ascii(s[1]), ascii(s[::-1]))
show(s.encode)
print(s.encode('utf-8', 'surrogatepass'), s.encode('utf-8', 'surrogateescape') if False else '', s.encode('utf-16-le', 'surrogatepass'))
print(ascii('\ud83d\ude00'), len('\ud83d\ude00'), '\ud83d\ude00' == '😀')
print(ascii(b'\xed\xa0\x80'.decode('utf-8', 'surrogatepass')), ascii(b'\xff'.decode('utf-8', 'surrogateescape')))
#### str_misc_methods
print('abc'.zfill(6), '-abc'.zfill(6), '+1'.zfill(4), ''.zfill(2), 'ab'.center(5, '*'), 'ab'.center(6, '*'), 'abc'.center(6))
print('aXbXc'.split('X', maxsplit=1), 'a b  c'.split(maxsplit=1), '  a b '.rsplit(maxsplit=1), 'a\u3000b\x1cc'.split())
print('abc'.partition('b'), 'abc'.rpartition('x'), 'aaa'.count('aa'), 'aaa'.replace('aa', 'b'), 'abab'.rfind('ab', 0, 3))
print('Hello'.removeprefix('He'), 'Hello'.removesuffix('lo'), 'hello world foo'.title(), "they're bill's".title(), 'ǆemal'.title())
print('abc'.startswith(('x', 'a'), 0), 'abc'.endswith('c', -1), 'abc'.startswith('', 3), 'abc'.startswith('', 4), 'x'.join('abc'), str.join('', []))
