out = []
for n in [0, 5, -5, 123456, -2**63, 2**63-1, True]:
    for f in ['%d', '%7d', '%-7d|', '%07d', '%+07d', '% 07d', '%-+7d|', '%- 07d|', '%+d', '% d', '%1d', '%0d', '%-0 +10d|', '%i', '%u', '%#5d']:
        out.append(f % n)
print('\n'.join(out))
# fixed-point floats: exact binary values rounded half-to-even
for v in [2.675, 0.125, 0.375, 1.005, 2.5, 0.045, 1e22, 9.999999999999999e22, 5e-324, 1/3, -0.0, -1.5, 123456789.125, 2.0**60]:
    print('%.2f' % v, '%.0f' % v, '%.f' % v, '%f' % v, '%.17f' % v, '%.22f' % v, '%.30f' % v, format(v, '.3f'), f'{v:.4f}')
for n in [0, 7, -42, 2**63 - 1, -2**63, 2**64, True]:
    print(format(n, ''), format(n, 'd'), format(n, '08d'), format(n, '>6'), format(n, '+x'), format(n, '#b'), format(n, '_o'), format(n, ','), format(n, '=+12,'))
for bad in [2**64, -1, 0x110000]:
    try:
        format(bad, 'c')
    except OverflowError as e:
        print(e)
print(str(12345), str(-7), str(True), str('x'), str(), str(b'a'), str(1.5))
class S(str):
    pass
class T:
    def __str__(self):
        return S('sub')
r = str(T())
print(type(r).__name__, r)
try:
    str(1, 2, 3, 4)
except TypeError as e:
    print(e)
class U(str):
    def __init__(self, *a):
        print('init', a)
u = U('abc')
print(type(u).__name__, u)
class N:
    def __new__(cls, *a):
        return object.__new__(cls)
print(type(N(1, 2)).__name__)
try:
    object(1)
except TypeError as e:
    print(e)
class P:
    pass
try:
    P(1)
except TypeError as e:
    print(e)
