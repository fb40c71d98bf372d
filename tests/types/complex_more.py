def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### complex_repr
for z in [1j, -1j, 0j, -0j, complex(-0.0, -0.0), complex(0.0, -0.0), complex(-0.0, 0.0), 1 + 2j, 1.5 - 2.5j, complex(1e20, 1e-20), complex(float('inf'), float('nan')), complex(float('-inf'), -1), 1e16j, complex(3, 0)]:
    print(repr(z), str(z))
#### complex_from_str
for s in ['1+2j', ' (1+2j) ', '1-2J', 'j', '-j', '+1j', '3', '1e3-1e-3j', 'inf+nanj', '-infj', '1_0+2_0j', '(1)', '1+j', '0x1j', '1+2j+3', '1 + 2j', '', '()', '(1+2j', 'jj', '1e+j']:
    show(complex, s)
show(complex, '1', 2)
show(complex, 1, '2')
show(complex, None)
print(complex(1, 2j), complex(1j, 1j), complex(2.5), complex(), complex(real=1, imag=3))
#### complex_arith
a, b = 3 + 4j, 1 - 2j
print(a + b, a - b, a * b, a / b, -a, +a, abs(a), a.conjugate(), a == 3 + 4j, a != b, a.real, a.imag)
print(a + 1, 1 - a, a * 2.5, 2 / a, a ** 2, a ** 0.5, a ** b, (1j) ** 2, 0j ** 0, 2 ** 1j)
show(lambda: a / 0)
show(lambda: 0j ** -1)
show(lambda: a // 2)
show(lambda: a % 2)
show(lambda: a < b)
show(divmod, a, 2)
show(lambda: abs(complex(1e308, 1e308)))
#### complex_hash_format
for z in [0j, 1 + 0j, 1j, 1 + 1j, -1 - 1j, complex(2.5, -3.5)]:
    print(z, hash(z), hash(z) == hash(z.real) if z.imag == 0 else '')
print(format(1 + 2j, ''), format(1 + 2j, '.2f'), format(-1.5j, '10'), format(3 + 4j, '^20.3e'), format(1j, 'g'), format(1 + 2j, '+'))
show(format, 1 + 2j, '=10')
show(format, 1 + 2j, '010')
show(format, 1j, 'd')
#### complex_dunder
class C:
    def __complex__(self): return 2 + 3j
class D:
    def __float__(self): return 1.5
class E:
    def __index__(self): return 4
print(complex(C()), complex(D()), complex(E()), complex(C(), 1))
class Bad:
    def __complex__(self): return 1
show(complex, Bad())
class Z(complex): pass
print(type(Z(1, 2)).__name__, Z(1, 2), type(Z(1) + 1).__name__)
