def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### repr_shortest
for x in (0.1, 1e16, 1.5e-7, 1e22, 1e-5, 0.0001, 123456789012345678.0, 2.5, -0.0, 1/3, 2**0.5, 5e-324, 1.7976931348623157e308, 100.0, 1e15, 9007199254740993.0):
    print(repr(x), str(x))
#### special_values
inf, nan = float('inf'), float('nan')
print(inf, -inf, nan, repr(-nan), inf - inf, inf * 0, nan == nan, nan != nan, inf == inf)
#### float_from_str
for s in ('1.5', '  -2.25 ', '1e3', '1E-3', 'inf', '-Infinity', 'nan', '+NaN', '1_000.5', '.5', '5.', '0x10', '1__0', '', ' ', '1e', 'e1', '1.2.3', 'infinit', '١.٥'):
    show(float, s)
#### float_from_other
print(float(3), float(True), float(2**100), float(b'1.5'), float(bytearray(b'2')))
show(float, 10**400)
show(float, None)
show(float, [1])
class F:
    def __float__(self): return 2.5
class I:
    def __index__(self): return 4
print(float(F()), float(I()))
class Bad:
    def __float__(self): return 1
show(float, Bad())
#### floordiv_mod
for a, b in ((7.5, 2), (-7.5, 2), (7.5, -2), (-7.5, -2), (1e308, 1e-308), (0.0, 3), (-0.0, 3), (5, float('inf')), (-5, float('inf'))):
    print(a // b, a % b, divmod(a, b))
#### float_zero_division
show(lambda: 1.0 / 0)
show(lambda: 1.0 // 0.0)
show(lambda: 1.0 % 0.0)
show(lambda: divmod(1.0, 0.0))
show(lambda: 0.0 ** -1)
#### float_pow
print(2.0 ** 10, 2 ** -1, (-8.0) ** (1/3), 0.0 ** 0, 1.0 ** float('nan'), float('nan') ** 0)
show(lambda: 10.0 ** 400)
show(lambda: (-2.0) ** 0.5)
print(pow(2.0, 3), pow(-2.0, 3), (-1.0) ** float('inf'))
#### overflow
show(lambda: 1e308 * 10)
show(lambda: 2.0 ** 5000)
show(lambda: 10 ** 400 * 1.0)
#### rounding
for x in (0.5, 1.5, 2.5, -0.5, -1.5, 2.675, 1e300, 0.125, 0.375):
    print(round(x), round(x, 2), round(x, 1), round(x, -1))
show(round, float('inf'))
show(round, float('nan'))
print(round(float('inf'), 2), round(1.23456, None), type(round(2.5)).__name__)
#### round_ndigits_big
print(round(123.456, -2), round(123.456, 5), round(1e-300, 400), round(5e-324, 330), round(1.5, -400))
#### hex_fromhex
for x in (1.0, 0.1, -2.5, 0.0, -0.0, 1e308, 5e-324, float('inf')):
    print(x.hex())
for s in ('0x1.8p1', '-0x1p-1074', '0x.8p0', 'inf', '0x1p1024', 'zz', '  0x1P+3  '):
    show(float.fromhex, s)
#### is_integer_ratio
for x in (1.0, 1.5, -0.0, 1e300, 0.1):
    print(x.is_integer(), x.as_integer_ratio())
show(float('inf').as_integer_ratio)
show(float('nan').as_integer_ratio)
#### float_hash
for x in (0.0, -0.0, 1.0, 0.5, -1.5, 1e100, 1e-100, 2.0**61, float('inf'), -float('inf'), 3.14159):
    print(hash(x))
print(hash(1.0) == hash(1), hash(2.0**70) == hash(2**70))
#### float_format_spec
for spec in ('', 'f', '.2f', '10.3f', '<10.2f', '^10', 'e', '.3e', 'E', 'g', '.3g', 'G', '%', '.1%', '+.2f', ' .2f', ',.2f', '_.3f', '010.2f', '#.0f', '#g', 'n', 'z.1f', '.0e', '#.0e', '=+10.1f', '*>12.4g'):
    print(repr(spec), repr(format(1234.5678, spec)), repr(format(-0.00001, spec)))
#### float_format_special
for v in (float('inf'), float('nan'), -float('inf'), -0.0, 1e16, 1e-5, 123456789.0):
    print(format(v, ''), format(v, 'f'), format(v, '.2e'), format(v, 'g'), format(v, '10'), format(v, '%'))
#### float_format_errors
show(format, 1.5, 'd')
show(format, 1.5, 'x')
show(format, 1.5, '.f')
show(format, 1.5, ',_f')
show(format, 1.5, 'c')
#### float_str_percent
print('%f %e %g %.3f %10.2f %-10.2f| %+g %G %E' % (1.5, 12345.678, 0.00001234, 2/3, 3.14159, 2.5, 7.0, 1e-10, 1e10))
print('%.0f %.0f %.0f %#.0f %5.1f%%' % (0.5, 1.5, 2.5, 3.0, 99.44))
#### float_methods
print((2.5).conjugate(), (2.5).real, (2.5).imag, float.__trunc__(2.7), (-2.7).__trunc__(), (2.5).__floor__() if hasattr(2.5, '__floor__') else 'nofloor')
print(int(-2.5), (-2.5).__ceil__(), (2.5).__round__(), (2.567).__round__(2))
#### float_compare_mixed
print(0.1 + 0.2 == 0.3, 0.1 + 0.2, 1e16 + 1 == 1e16, 2**53 == 2.0**53, (2**53 + 1) == 2.0**53 + 1)
print(1.0 in {1}, -0.0 == 0.0, sorted([3.0, 1, 2.5, -1]))
#### float_subclass
class MyF(float):
    pass
f = MyF(2.5)
print(f, repr(f), type(f + 1).__name__, f.is_integer(), isinstance(f, float), MyF('1e3'))
#### float_getformat
print(float.__getformat__('double'))
show(float.__getformat__, 'int')
#### float_new_kw
show(float, x='1.0')
print(float(), float(' 12 '))
show(float, 1, 2)
#### float_arith_misc
print(-(0.0), abs(-0.0), 1e308 + 1e308, -1e308 - 1e308, 3 * 0.1, 0.1 * 3, 1 - 0.9, 7.0 / 3)
print(divmod(-0.0, 1.0), (-0.0) % 1.0, 0.0 % -1.0, -1e-300 % 1.0)
