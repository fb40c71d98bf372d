def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### repr
for z in (1j, 1+2j, -1-2j, complex(0, 0), complex(-0.0, -0.0), complex(0.0, -0.0), complex(1e16, 1e-7), complex(float('inf'), float('nan')), 2j * 1.5, complex(3)):
    print(repr(z), str(z))
#### arithmetic
a, b = 1+2j, 3-4j
print(a + b, a - b, a * b, a / b, a ** 2, a ** 0.5, -a, +a, abs(b), a.conjugate(), a.real, a.imag, a == 1+2j, a != b, 2 ** a)
show(lambda: a / 0)
show(lambda: a // 2)
show(lambda: a % 2)
show(lambda: a < b)
show(lambda: 0j ** -1)
#### constructor
for s in ('1+2j', ' (1-2j) ', '3j', '-j', '1e3+1e-3j', 'inf', 'nanj', '1+', '(1+2j', '1 + 2j', ''):
    show(complex, s)
print(complex(1, 2), complex('1'), complex(1.5), complex(1j, 1j), complex(real=2, imag=3))
show(complex, '1', 2)
show(complex, [1])
class C:
    def __complex__(self): return 3+4j
print(complex(C()))
#### hash_eq
print(hash(1+0j) == hash(1), hash(0j) == 0, hash(1j), hash(2+3j), complex(1, 0) == 1, 1j == 1j, (1+0j) in {1})
#### format
z = 3.14159+2.71828j
print(format(z, ''), format(z, '.2f'), format(z, '10.3'), format(z, '^30.2e'), format(z, '+.1f'), format(1j, 'g'), f'{z:.3}')
show(format, z, '=10')
show(format, z, '010')
#### pow_special
print((1+1j) ** 3, (2+0j) ** (1+1j), (0j) ** 0, 1j ** 2, (-1) ** 0.5, pow(1j, 2))
