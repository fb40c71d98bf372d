def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### add_sub_mul
for a, b in [(1, 2), (-7, 3), (2**62, 2**62), (-2**63, -1), (10**20, -10**20)]:
    print(a + b, a - b, a * b)
#### floordiv_mod_signs
for a in (7, -7, 10**30 + 1, -(10**30) - 1):
    for b in (3, -3, 10**15):
        print(a // b, a % b, divmod(a, b))
#### zero_division
show(lambda: 1 // 0)
show(lambda: 1 % 0)
show(lambda: divmod(1, 0))
show(lambda: 1 / 0)
show(lambda: 10**40 // 0)
#### truediv
print(7 / 2, -7 / 2, 10**30 / 10**10, 1 / 3)
show(lambda: 10**400 / 1)
print((10**400) / (10**399))
#### pow_basic
print(2 ** 10, 2 ** 100, (-2) ** 63, 3 ** -1, (-8) ** 0.5 == (-8) ** 0.5)
print(0 ** 0, pow(2, 0), pow(-1, 10**20))
#### pow_three_args
print(pow(3, 4, 5), pow(2, -1, 7), pow(38, -1, 97), pow(-3, 3, 7), pow(3, 3, -7))
show(pow, 2, -1, 4)
show(pow, 2, 3, 0)
show(pow, 2.0, 3, 4)
print(pow(10**30, 10**5, 10**9 + 7))
#### bitwise
for a, b in [(12, 10), (-12, 10), (2**70, -1), (-2**70, 2**65 - 1)]:
    print(a & b, a | b, a ^ b, ~a)
#### shifts
print(1 << 100, -1 >> 100, 5 >> 1, -5 >> 1, 2**100 >> 99)
show(lambda: 1 << -1)
show(lambda: 1 >> -1)
print(0 << 10**20, 5 >> 10**20, -5 >> 10**20)
show(lambda: 1 << 10**20)
#### int_from_str_bases
for s, base in [('ff', 16), ('0xff', 0), ('0o17', 0), ('0b101', 0), ('z', 36), ('  -12  ', 10), ('1_000', 10), ('0_7', 0), ('00', 0)]:
    show(int, s, base)
#### int_from_str_errors
show(int, '')
show(int, '1__0')
show(int, '_1')
show(int, '12', 1)
show(int, '12', 37)
show(int, '0x', 16)
show(int, '08', 0)
show(int, 'abc')
show(int, '1.5')
#### int_from_other
print(int(3.99), int(-3.99), int(True), int(b'42'), int(bytearray(b' 7 ')))
show(int, float('inf'))
show(int, float('nan'))
show(int, None)
show(int, [1])
show(int, 5, 10)
#### int_from_dunders
class A:
    def __index__(self): return 7
class B:
    def __int__(self): return 8
class C:
    def __trunc__(self): return 9
print(int(A()) if hasattr(int, '__index__') else None, int(B()), int(C()))
class D:
    def __int__(self): return 'x'
show(int, D())
#### unicode_digits
print(int('١٢٣'), int('\uff11\uff12'), float('١.٥'))
#### bit_length_count
for n in (0, 1, -1, 255, -256, 2**100, -(2**100) + 1):
    print(n.bit_length(), n.bit_count())
#### to_bytes_from_bytes
print((1024).to_bytes(2, 'big'), (1024).to_bytes(4, 'little'), (-1).to_bytes(2, 'big', signed=True))
print(int.from_bytes(b'\x00\x10', 'big'), int.from_bytes(b'\xff\xff', 'little', signed=True), int.from_bytes([1, 2, 3], 'big'))
show((256).to_bytes, 1, 'big')
show((-1).to_bytes, 2, 'big')
show((1).to_bytes, 2, 'middle')
print((0).to_bytes(0, 'big'), (5).to_bytes())
#### as_integer_ratio_etc
print((10).as_integer_ratio(), (-3).numerator, (7).denominator, (5).real, (5).imag, (5).conjugate())
print(True.as_integer_ratio(), int.__index__(5))
#### round_int
print(round(1234, -2), round(1250, -2), round(1350, -2), round(-1250, -2), round(5, 3), round(15, -1), round(25, -1))
print(round(10**30 + 5 * 10**10, -11), type(round(7)))
#### hash_int
for n in (0, 1, -1, -2, 2**61 - 1, 2**61, 2**64, -(2**64), 10**40):
    print(hash(n))
#### compare_int_float
print(2**53 + 1 == float(2**53 + 1), 2**53 + 1 > float(2**53), 10**400 > float('inf'), -10**400 < -1e308)
print(1 == 1.0, 1 < 1.5, 2**1000 < float('inf'), float('nan') == 1)
#### repr_str_huge
n = 7 ** 1000
print(len(str(n)), str(n)[:20], repr(-n)[:5])
#### int_max_str_digits
import sys
print(sys.get_int_max_str_digits())
show(str, 10 ** 5000)
show(int, '1' * 5000)
sys.set_int_max_str_digits(6000)
print(len(str(10 ** 5000)))
show(sys.set_int_max_str_digits, 100)
#### int_format_spec
for spec in ('d', '5d', '<5', '^7', '+d', ' d', 'x', 'X', '#x', 'o', '#o', 'b', '#b', ',', '_', '_x', '08d', 'c', 'n', '=+8', 'e', '.2f', '%'):
    print(spec, repr(format(255, spec)))
show(format, 255, '.2d')
show(format, -1, 'c')
show(format, 255, 'z')
#### bin_oct_hex
print(bin(10), oct(-8), hex(255), bin(0), hex(-2**70))
show(bin, 1.5)
#### int_subclass
class MyInt(int):
    def __repr__(self): return f'MyInt({int(self)})'
m = MyInt(5)
print(m, m + 1, type(m + 1).__name__, isinstance(m, int), -m, abs(MyInt(-3)))
#### int_methods_misc
print(int.__add__(1, 2), (3).__radd__(4), (5).__neg__(), (5).__pos__(), (-5).__abs__(), (5).__bool__(), (0).__bool__())
print((5).__eq__(5.0), (5).__lt__('x'), (5).__floordiv__(2), (7).__rtruediv__(14))
#### int_new_keyword
show(int, x='5')
show(int, '101', base=2)
show(int, base=2)
print(int())
#### unary_ops
print(-(-2**63), +7, ~0, abs(-2**63), -0)
#### mixed_numeric
print(1 + 2.5, 3 * 1.5, 7 // 2.0, 7 % 2.5, 2 ** 0.5, 1 + 2j, True + 1, False * 10)
#### int_bool_ops
print(True & False, True | False, True ^ True, ~True, -True, True << 3, type(True & True).__name__, type(True + True).__name__)
