def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### bases_all
for b in range(2, 37):
    print(b, int('10', b), int('z'[:1] if b == 36 else '1', b), int('-' + '1' * 3, b))
#### base_zero_prefixes
for s in ['0x1f', '0X1F', '0o17', '0O17', '0b101', '0B101', '0', '00', '0_0', '1_000', ' -0x_1f ', '+0b1_1']:
    show(int, s, 0)
for s in ['010', '0x', '0b2', '1__0', '_1', '1_', '0o8', '']:
    show(int, s, 0)
#### base_prefix_explicit
print(int('0x10', 16), int('0b11', 2), int('0o17', 8))
show(int, '0x10', 8)
show(int, '0b1', 16)
show(int, '10', 1)
show(int, '10', 37)
show(int, '10', -1)
show(int, 10, 10)
show(int, b'ff', 16)
print(int(bytearray(b' 12 ')), int(b'-7'))
#### int_whitespace_unicode
print(int(' \t\n 42 \x0c'), int('\u0663\u0664'), int('\uff11\uff12'), int('-\u0967'))
show(int, '4 2')
show(int, '42a')
show(int, '١٢٣', 8)
print(float('\u0663.5'))
#### huge_shifts
print(1 << 100, (1 << 100) >> 99, -1 >> 1000, 1 >> 1000, -(1 << 70) >> 3)
show(lambda: 1 << -1)
show(lambda: 1 >> -1)
show(lambda: 1 << (1 << 70))
print(0 << (1 << 70), 5 >> (1 << 70), -5 >> (1 << 70))
print((-1) << 64, (7 << 200) >> 198)
#### pow_mod
print(pow(3, 4, 5), pow(-3, 3, 7), pow(3, -1, 7), pow(2, -3, 11), pow(10, 100, 3**50))
print(pow(5, 0, 1), pow(0, 0, 7), pow(3, 4, -5), pow(-2, 5, -7))
show(pow, 2, -1, 4)
show(pow, 2, 3, 0)
show(pow, 2.0, 3, 5)
show(pow, 2, 3.0, 5)
print(pow(2, -2), pow(-8, 1/3) if False else 0, 0 ** 0, (-2) ** -1)
show(pow, 0, -1)
#### to_bytes_edges
print((0).to_bytes(0, 'big'), (255).to_bytes(1, 'little'), (-1).to_bytes(1, 'big', signed=True))
print((1024).to_bytes(2, 'big'), (1024).to_bytes(4, 'little'), (-129).to_bytes(2, 'big', signed=True))
print((127).to_bytes(), (0).to_bytes(3, byteorder='big'))
show((256).to_bytes, 1, 'big')
show((-1).to_bytes, 1, 'big')
show((128).to_bytes, 1, 'big', signed=True)
show((1).to_bytes, -1, 'big')
show((1).to_bytes, 1, 'middle')
show((1).to_bytes, 1, 5)
#### from_bytes_edges
print(int.from_bytes(b'', 'big'), int.from_bytes(b'\x00\x01', 'big'), int.from_bytes(b'\x00\x01', 'little'))
print(int.from_bytes(b'\xff', 'big', signed=True), int.from_bytes(b'\xff\xff', 'little', signed=True), int.from_bytes([1, 2]))
print(int.from_bytes(bytearray(b'\x80'), 'big', signed=True), int.from_bytes(memoryview(b'\x01\x00'), 'little'))
show(int.from_bytes, 'ab', 'big')
show(int.from_bytes, [256], 'big')
show(int.from_bytes, b'\x01', 'x')
class I(int): pass
r = I.from_bytes(b'\x05', 'big'); print(type(r).__name__, r)
#### max_str_digits
import sys
print(sys.get_int_max_str_digits())
x = 10 ** 5000
show(str, x)
show(int, '1' * 4301)
print(len(str(10 ** 4299)), int('1' * 4300) % 7)
sys.set_int_max_str_digits(5000)
print(len(str(x - 1)), sys.get_int_max_str_digits())
show(sys.set_int_max_str_digits, 100)
sys.set_int_max_str_digits(0)
print(len(str(10 ** 20000)))
print(hex(1 << 20000)[:10], len(hex(1 << 20000)))
#### max_str_digits_repr
import sys
sys.set_int_max_str_digits(640)
show(repr, 10 ** 700)
show(lambda: f'{10**700}')
show(lambda: '%d' % 10**700)
show(int, '9' * 641)
print(int('9' * 640) > 0, len(format(2 ** 3000, 'x')))
#### bit_ops
for v in [0, 1, -1, 255, -256, 2**64 - 1, -(2**64)]:
    print(v, v.bit_length(), v.bit_count(), ~v, v & 0xF0, v | 3, v ^ -1)
#### as_ratio_round
print((7).as_integer_ratio(), (-3).as_integer_ratio(), True.as_integer_ratio())
for n in [-2, -1, 0, 1]:
    print(n, round(1250, n), round(1350, n), round(-1250, n), round(15, n), round(25, n))
print(round(5, -1), round(15, -1), round(-5, -1), round(123456, -10), type(round(5, 1)).__name__)
print((12345).__round__(-2), (5).__ceil__(), (5).__floor__(), (5).__trunc__())
#### floordiv_mod_signs
for a, b in [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (10**20 + 1, -7), (-(10**20), 3)]:
    print(a, b, a // b, a % b, divmod(a, b))
show(lambda: 1 // 0)
show(lambda: 1 % 0)
show(divmod, 1, 0)
show(lambda: 1 / 0)
print(7 / 2, -7 / 2, 10**30 / 10**10, (2**1100) // (2**1000))
show(lambda: 2**1100 / 3)
#### int_hash
for v in [0, 1, -1, -2, 2**61 - 1, 2**61, 2**61 + 5, -(2**61), 2**100, -(2**100), 10**30]:
    print(v, hash(v))
print(hash(True), hash(False), hash(1.0) == hash(1), hash(2**61 - 1) == hash(float(2**61 - 1)) if False else 0)
#### int_index_protocol
class Idx:
    def __index__(self): return 3
print([0, 1, 2, 3, 4][Idx()], bin(Idx()), hex(Idx()), oct(Idx()), 'ab' * Idx(), range(Idx()))
print(int.__index__(5), (5).__index__(), operator_ok := True)
class BadIdx:
    def __index__(self): return 'x'
show(lambda: [1][BadIdx()])
show(bin, 1.5)
show(hex, '1')
#### int_subclass_ops
class MyInt(int):
    def __repr__(self): return 'MyInt(%d)' % self
a = MyInt(5)
print(a, repr(a), a + 1, type(a + 1).__name__, type(-a).__name__, type(+a).__name__, type(abs(a)).__name__, int(a), type(int(a)).__name__)
print(MyInt('ff', 16), MyInt(), isinstance(a, int), a == 5, hash(a) == hash(5))
#### int_repr_bases
for v in [0, 1, -1, 255, -255, 2**70]:
    print(bin(v), oct(v), hex(v), format(v, 'b'), format(v, '#o'), format(v, 'X'), format(v, '#X'))
#### int_constructor_misc
print(int(), int(3.99), int(-3.99), int(True), int('  -0  '), int(1e20), int(-0.0))
show(int, float('inf'))
show(int, float('nan'))
show(int, None)
show(int, [1])
show(int, '1.5')
show(int, '1', base=10.0)
show(int, x=1)
print(int('1' * 50), int(' 0b1 ', 0))
#### comparisons_mixed
print(1 == 1.0, 2**53 + 1 == float(2**53), 2**53 + 1 > float(2**53), 10**400 > float('inf'), -10**400 < float('-inf'))
print(10**400 > 1e308, 1 < 1.5 < 2, 2**64 == 2.0**64, (2**64 + 1) == 2.0**64, float('nan') == 0)
print(sorted([3, 1.5, True, -2, 2**70, 0.0]))
