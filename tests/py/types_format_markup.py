# format() and str.format over ints, floats, strs with the specs the fast paths take
# (padding, grouping, signs, alternate forms), markup parsing (conversions, nested specs,
# indexing, errors) and non-ASCII literal text.
vals = [0, 7, -42, 123456789, 2**70, -2**70, 3.14159, -0.0, 1e20, float('nan'), 'ab', 'é€', True]
specs = ['', '>8', '<8', '^9', '=10', '08', '+', ' ', ',', '_', '#x', '#o', '#b', 'x', 'X', '.3', '.3e', '10.2f', '*^12', 'é>6', '+#010x', '08,d', '.2%', 'g', '.0f', 'z.1f', 'c', 's', '>{w}']
for v in vals:
    for sp in specs:
        try:
            r = ('{:' + sp + '}').format(v, w=5) if '{' in sp else format(v, sp)
            print(repr(v), sp, repr(r))
        except (ValueError, TypeError, OverflowError) as e:
            print(repr(v), sp, type(e).__name__, e)
tests = ['{} {}', '{1}{0}', '{0!r:>10}', '{a[0]}', '{a[x]}', '{b.real}', '{{}}', '{0!s}', '{0!a}', 'é{0}€{1}ü', '{:{}{}}', '{0:{1}}', '{!r}', '{0!}', '{0!x}', '{', '}', '{0', '{0!r', '{0:', 'x{{y}}z', '{0[}', '{:}', '{0!rr}', '{0:>{1}.{2}f}']
for t in tests:
    try:
        print(repr(t), repr(t.format('x', 7, 2, a={'x': 5, 0: 'z'}, b=3.5)))
    except Exception as e:
        print(repr(t), type(e).__name__, e)
for i in [0, 5, 123]:
    print('%d %s %.2f' % (i, 'x', i / 3), '{} {:>8} {:.3e}'.format(i, 'ab', i * 1.5), f'{i:08d}|{i / 7:.4f}|{"s"!r}')
