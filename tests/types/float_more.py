def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### repr_shortest
for v in [0.1, 0.2 + 0.1, 1e16, 1e15, 123456789012345678.0, 1.5e-7, 1e-5, 0.0001, 1e22, 1e23, 5e-324, 1.7976931348623157e308, 2.0**-1074, -0.0, 1/3, 2/3, 100.0, 1e100, 0.3]:
    print(repr(v), str(v))
#### repr_special
inf = float('inf'); nan = float('nan')
print(inf, -inf, nan, -nan, repr(inf), str(-inf), [inf, nan], (float('-nan'),))
print(inf - inf, inf * 0, abs(-inf), -(0.0), 0.0 * -1)
#### fromhex_hex
for s in ['0x1p0', '0x1.8p1', '-0x1p-1074', '0X1.FFFFFFFFFFFFFp1023', '0x.8', '1', 'inf', '-infinity', 'nan', ' 0x1p4 ', '0x1.000000000000080p0', '0x1.000000000000081p0', '0x0p0']:
    show(float.fromhex, s)
for s in ['0x1p1024', '0x', '', '0x1q', '1e5', '0x1.8p']:
    show(float.fromhex, s)
for v in [1.0, 0.5, -2.5, 0.1, 5e-324, 1.7976931348623157e308, 0.0, -0.0, float('inf'), float('nan')]:
    print(v.hex())
class F(float): pass
print(type(F.fromhex('0x1p3')).__name__, F.fromhex('0x1p3'))
#### round_ndigits
for v in [0.5, 1.5, 2.5, -0.5, -1.5, 2.675, 1.005, 0.125, 0.375, 1234.5678, -1234.5678, 1e300, 5e-324]:
    print(v, round(v), round(v, 1), round(v, 2), round(v, -1), round(v, -2), round(v, 0))
show(round, float('inf'))
show(round, float('nan'))
print(round(float('inf'), 2), round(float('nan'), 1), round(1.5, None), type(round(2.5, 0)).__name__)
print(round(123.456, 400), round(123.456, -400), round(-123.456, -400))
#### divmod_signs
for a, b in [(7.5, 2), (-7.5, 2), (7.5, -2), (-7.5, -2), (0.0, 3), (-0.0, 3), (0.0, -3), (1e308, 1e-308), (5, 0.5), (-1e-300, 1e300), (3.0, float('inf')), (-3.0, float('inf'))]:
    show(divmod, a, b)
    print(' ', a // b if b else None, a % b)
show(divmod, 1.0, 0.0)
show(lambda: 1.0 // 0)
show(lambda: 1.0 % 0.0)
show(lambda: 1.0 / 0)
#### float_pow
for a, b in [(2.0, 3), (2.0, -1), (-8.0, 1/3), (0.0, 0), (0.0, -1), (-2.0, 0.5), (1e200, 2), (10.0, 400), (-1.0, float('inf')), (float('inf'), -1), (float('nan'), 0), (1.0, float('nan'))]:
    show(pow, a, b)
show(lambda: 10.0 ** 1000)
show(lambda: 2 ** 10000.0)
print(type((-8) ** (1/3)).__name__)
#### float_from_str
for s in ['1', ' 1.5 ', '1_000.5', '1e5', '1E-5', '.5', '5.', '-.5e+3', 'inf', '-Infinity', 'nAn', '+nan', 'iNF', '1_0e1_0', '\u0661.\u0662', '  -0.0  ', '0x10', '1e', 'e1', '1__0', '_1', '1_', '1.5j', '', ' ', 'infinit', '1e500', '-1e500', '1e-500']:
    show(float, s)
show(float, b'1.5')
show(float, bytearray(b'2.5'))
show(float, memoryview(b'3.5'))
show(float, None)
show(float, [1])
show(float, 10**400)
#### float_methods
for v in [1.0, 1.5, -0.25, 1e300, 0.1, float('inf'), float('nan'), -0.0]:
    show(v.is_integer)
    show(v.as_integer_ratio)
print((2.5).conjugate(), (2.5).real, (2.5).imag, float.__trunc__(2.7), (2.7).__floor__(), (-2.7).__ceil__(), int(-2.7))
show((1e300 * 1e10).__floor__)
show(float('nan').__ceil__)
#### float_hash
for v in [0.0, -0.0, 0.5, 1.5, -1.5, 1e100, 1e-100, 2.0**61, 2.0**62, 3.14159, 1e308, -1e-308, float('inf'), float('-inf')]:
    print(v, hash(v))
print(hash(0.5) == hash(1/2), hash(1e100) == hash(int(1e100)), hash(float('nan')) == hash(float('nan')) or 'nan-by-id')
#### float_format
for v in [1.0, 1234.5678, -0.0, 1e-10, 1e20, float('inf'), float('nan'), 0.1]:
    print(format(v, ''), format(v, 'e'), format(v, '.3g'), format(v, '%'), format(v, ',.2f'), format(v, '+010.2f'), format(v, 'G'), format(v, 'z.1f'))
#### float_compare_int
big = 2**53
print(float(big) == big + 1, float(big) < big + 1, big + 1 > float(big), 1e400 if False else 0)
print(0.1 + 0.2 == 0.3, 0.5 == 1/2, float('nan') != float('nan'), -0.0 == 0.0, 10**500 > 1e308, -10**500 < -1e308)
print(max(1, 1.0), max(1.0, 1), min(-0.0, 0.0), min(0.0, -0.0), sorted([1, 0.5, True, 0, -0.0]))
#### float_constructor_misc
print(float(), float(True), float(2**60), float(-5), float('  3  '))
class X:
    def __float__(self): return 2.5
class Y:
    def __index__(self): return 7
print(float(X()), float(Y()))
class Bad:
    def __float__(self): return 1
show(float, Bad())
class F(float): pass
print(type(float(F(1.5))).__name__, F(2.0) + 1, type(F(2.0) + 1).__name__, repr(F('3.5')))
show(float, x=1)
#### float_overflow
show(lambda: 1e308 * 10)
import math
show(math.exp, 1000)
show(lambda: float(2**1024))
show(lambda: 2**1024 * 1.0)
show(lambda: 1.5 ** 5000)
show(lambda: (-1.5) ** 5001)
print(1e308 * 10, -1e308 * 10)
