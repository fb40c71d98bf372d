# str.split() on whitespace for ASCII text: every ASCII separator (\t \n \v \f \r,
# \x1c-\x1f, space), runs of them, leading/trailing ones, maxsplit, and bytes that are
# not separators (\x00, \x1b, \x7f, \x85 in the non-ASCII path).
seps = ' \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f'
for c in seps:
    print(repr(('a' + c + 'b' + c * 3 + 'c' + c).split()))
print(repr(' \x00a\x1bb\x7fc '.split()), repr('x\x85y'.split()), repr('x\xa0y z'.split()))
text = ''.join(('w%d' % i) + seps[i % len(seps)] * (1 + i % 3) for i in range(200))
parts = text.split()
print(len(parts), parts[:5], parts[-3:])
for m in (-1, 0, 1, 2, 5, 199, 200, 500):
    r = text.split(maxsplit=m)
    print(m, len(r), repr(r[-1][:12]))
print(''.split(), '   '.split(), ' a '.split(), 'a'.split(), '  a  b  '.split(None, 1))
print(' \t a b'.split(maxsplit=0), 'a b \t '.split(maxsplit=1), 'ab'.split(None))
