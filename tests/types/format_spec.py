def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
def grid(values, specs):
    for v in values:
        row = []
        for s in specs:
            try:
                row.append(format(v, s))
            except Exception as e:
                row.append(type(e).__name__)
        print(repr(v), row)
#### int_align_fill
grid([0, 7, -7, 123456789, -2**70], ['', '<8', '>8', '^8', '=8', '*<9', '-^9', '08', '+08', ' 08', '_', ',', '010,', '+,'])
#### int_bases
grid([0, 5, -5, 255, 2**40 + 3], ['b', '#b', 'o', '#o', 'x', '#X', '_b', '_x', '#010x', '+#x', 'c', 'n', 'd'])
#### int_as_float
grid([0, 3, -3, 10**20, 2**60], ['e', '.2e', 'f', '.0f', 'g', '.3g', '%', '.1%', 'E', 'G', 'F'])
#### float_fixed
grid([0.0, -0.0, 1.5, -2.25, 1234.5678, 1e-7, 1e21, float('inf'), float('nan')], ['f', '.0f', '.1f', '10.3f', '<10.2f', '+.2f', ' f', ',.2f', '_.1f', '#.0f', 'z.1f', '08.2f'])
#### float_exp
grid([0.0, 1.5, -123456.789, 1e-300, 9.999e99, 5e-324], ['e', '.0e', '.3e', '#.0e', 'E', '12.2e', '<12.1e', '+e'])
#### float_general
grid([0.0, 1.0, 0.0001, 0.00001, 123456.0, 1234567.0, 1e16, 1.5e-5, 2.5, 1/3], ['g', '.1g', '.2g', '.10g', '#g', '#.3g', 'G', 'n', '', '.3', '.0', '#.2', '10', '<10'])
#### float_percent
grid([0.0, 0.5, 0.123456, -1.0, 12.3456], ['%', '.0%', '.2%', '#.0%', '10.1%', '+%'])
#### str_specs
grid(['', 'a', 'hello', 'é€', 'x' * 12], ['', '5', '<5', '>5', '^5', '*^7', '.2', '10.3', 's', '.0'])
#### spec_errors
for v, s in [(1, 'q'), (1.0, 'd'), ('s', 'd'), (1, '.2'), ('s', '+'), ('s', '='), (1, ',_'), (1.5, ',n'), (1, '\u0661'), (1, '1000000000000000000000'), (1, '<<<'), (1, '.'), ('s', '#'), (1j, 'd'), (None, 's')]:
    show(format, v, s)
#### fstring_specs
x, w, p = 3.14159, 10, 3
print(f'{x:{w}.{p}f}|{x:<{w}}|{x:^{w}.2e}|{42:#0{w}x}|{"s":>{w}}|{x!r:>20}|{x=}|{x = :.2f}')
print(f'{{}}|{w + 1}|{"a" "b"}|{x:.{p}}|{[1, 2]!s}|{dict(a=1)}')
#### format_dunder_custom
class V:
    def __format__(self, spec):
        return 'V<' + spec + '>'
print(format(V(), 'abc'), f'{V():x}', '{:yy}'.format(V()), '{0:{1}}'.format(V(), 'zz'))
class Bad:
    def __format__(self, spec):
        return 5
show(format, Bad(), '')
#### thousands_grouping_big
grid([10**30, -10**30 - 1, 1234.5e10], [',', '_', ',.2f', '_.3f', '40,', '0=40,', ',e'])
