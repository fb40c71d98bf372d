# math: results, reprs and errors of every function, as CPython 3.11.
import math

def show(label, f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(label, type(e).__name__, e)
    else:
        print(label, repr(r))

print(math.pi, math.e, math.tau, math.inf, math.nan)
vals = [0.0, -0.0, 0.5, 1.0, -1.0, 2.0, 10.0, 1e-300, 1e300, 710.0, -710.0,
        math.inf, -math.inf, math.nan, 3, -3, 2**70]
one = ['acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'cbrt', 'cos', 'cosh',
       'erf', 'erfc', 'exp', 'exp2', 'expm1', 'fabs', 'gamma', 'lgamma', 'log',
       'log10', 'log1p', 'log2', 'sin', 'sinh', 'sqrt', 'tan', 'tanh', 'degrees',
       'radians', 'isfinite', 'isinf', 'isnan', 'frexp', 'modf', 'ulp']
for name in one:
    f = getattr(math, name)
    for v in vals:
        show(name + repr((v,)), f, v)
for v in [0.1 * i for i in range(-30, 60)] + [171.5, 200.5, -200.5, 1e-25, -3.5]:
    show('gamma', math.gamma, v)
    show('lgamma', math.lgamma, v)
for name in ['floor', 'ceil', 'trunc']:
    f = getattr(math, name)
    for v in [1.5, -1.5, 2.0, -0.0, 1e20, 7, math.inf, math.nan, 'x']:
        show(name + repr((v,)), f, v)

class Num:
    def __floor__(self): return 'floor!'
    def __ceil__(self): return 'ceil!'
    def __trunc__(self): return 'trunc!'
    def __float__(self): return 2.5
print(math.floor(Num()), math.ceil(Num()), math.trunc(Num()), math.sqrt(Num()))
class F:
    def __float__(self): return 9.0
print(math.floor(F()), math.ceil(F()), math.sqrt(F()))
show('trunc F', math.trunc, F())
class I:
    def __index__(self): return 16
print(math.sqrt(I()), math.isqrt(I()), math.factorial(I()))

two = ['atan2', 'copysign', 'fmod', 'remainder', 'pow', 'nextafter', 'hypot']
pairs = [(1.0, 2.0), (-1.0, 0.0), (0.0, -0.0), (5.0, 3.0), (-5.0, 3.0), (7.5, 2.0),
         (math.inf, 1.0), (1.0, math.inf), (math.nan, 1.0), (0.0, -1.0), (-8.0, 1/3),
         (10.0, 400.0), (2.0, 0.5), (1e308, 10.0), (6.0, 4.0), (3.0, 2.0)]
for name in two:
    f = getattr(math, name)
    for a, b in pairs:
        show(name + repr((a, b)), f, a, b)

print(math.fsum([0.1] * 10), sum([0.1] * 10), math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]))
print(math.fsum([1e-16, 1, 1e16]), math.fsum([]), math.fsum(range(10)))
show('fsum inf', math.fsum, [math.inf, -math.inf])
show('fsum ovf', math.fsum, [1e308, 1e308])
show('fsum nan', math.fsum, [math.nan, 1.0])
show('fsum str', math.fsum, ['a'])
print(math.hypot(), math.hypot(3), math.hypot(3, 4), math.hypot(1, 2, 3, 4, 5), math.hypot(1e-320, 1e-320))
print(math.hypot(1e308, 1e308, 1e308) if False else math.hypot(1e200, 1e200))
print(math.dist((1, 2), (4, 6)), math.dist([0, 0, 0], [1, 1, 1]), math.dist(iter([1.5]), (2,)))
show('dist', math.dist, (1, 2), (1, 2, 3))
print(math.prod([1, 2, 3, 4]), math.prod([]), math.prod([1.5, 2]), math.prod(range(1, 30)), math.prod([2, 3], start=10))
print(math.prod(['a', 3], start=1) if False else math.prod([3, 'ab']))
print(math.log(8, 2), math.log(100, 10), math.log(2**1000), math.log(2**10000, 2), math.log10(10**400), math.log2(2**5000 + 1))
show('log0', math.log, 0)
show('log-1', math.log, -1)
show('log base1', math.log, 10, 1)
show('log big neg', math.log, -2**100)
show('log args', math.log)
show('log args3', math.log, 1, 2, 3)
print(math.gcd(), math.gcd(12), math.gcd(-12), math.gcd(12, 18), math.gcd(12, 18, 8), math.gcd(2**100, 6**50), math.gcd(0, 0))
print(math.lcm(), math.lcm(4, 6), math.lcm(4, 6, 10), math.lcm(0, 5), math.lcm(-4, 6), math.lcm(2**70, 3))
show('gcd float', math.gcd, 1.5, 2)
print([math.isqrt(n) for n in [0, 1, 2, 3, 4, 15, 16, 17, 10**20, 2**200 - 1]])
show('isqrt neg', math.isqrt, -1)
show('isqrt float', math.isqrt, 4.0)
print([math.factorial(n) for n in range(25)], math.factorial(100))
print(len(str(math.factorial(1000))))
show('fact neg', math.factorial, -1)
show('fact float', math.factorial, 5.0)
show('fact big', math.factorial, 2**70)
print([math.comb(10, k) for k in range(12)], math.comb(100, 50), math.comb(5, 7))
print([math.perm(5, k) for k in range(7)], math.perm(6), math.perm(30, 20), math.perm(5, None))
show('comb neg', math.comb, -1, 2)
show('comb negk', math.comb, 5, -2)
show('perm neg', math.perm, -1)
show('comb float', math.comb, 5.0, 2)
print(math.ldexp(1.5, 3), math.ldexp(1.0, -1074), math.ldexp(1.0, -1075), math.ldexp(0.75, -1073), math.ldexp(-0.0, 5))
show('ldexp ovf', math.ldexp, 1.0, 1024)
show('ldexp big', math.ldexp, 1.0, 2**80)
show('ldexp bign', math.ldexp, 1.0, -2**80)
show('ldexp float', math.ldexp, 1.0, 2.0)
print(math.frexp(5e-324), math.frexp(-3.0), math.frexp(1e308))
print(math.isclose(1.0, 1.0 + 1e-10), math.isclose(1.0, 1.1), math.isclose(1.0, 1.1, rel_tol=0.2), math.isclose(0.0, 1e-10, abs_tol=1e-9))
show('isclose neg', math.isclose, 1.0, 1.0, rel_tol=-1)
show('isclose pos', math.isclose, 1.0, 1.0, 0.1)
print(math.ulp(1.0), math.ulp(0.0), math.ulp(1e308), math.ulp(-5.0), math.ulp(math.inf), math.nextafter(1.0, 2.0), math.nextafter(0.0, -1.0), math.nextafter(1.0, 1.0))
show('sqrt str', math.sqrt, 'x')
show('sqrt none', math.sqrt, None)
show('sqrt 2 args', math.sqrt, 1, 2)
show('sqrt kw', math.sqrt, x=1)
show('pow 1 arg', math.pow, 1)
show('atan2 3 args', math.atan2, 1, 2, 3)
show('exp big int', math.exp, 10**400)
show('fabs big', math.fabs, 10**400)
print(math.sqrt(True), math.exp(False), math.floor(True), math.floor(-7))
print(math.cos(math.pi), math.sin(math.pi / 6), math.tan(1.0), math.atan(1.0) * 4)
print([math.erf(x / 4) for x in range(-8, 9)])
print([math.erfc(x / 2) for x in range(-8, 30)])
print([math.expm1(10.0 ** -k) for k in range(0, 20, 3)], [math.log1p(10.0 ** -k) for k in range(0, 20, 3)])
print([math.acosh(1 + k / 7) for k in range(10)], [math.asinh(k / 3) for k in range(-5, 6)], [math.atanh(k / 7) for k in range(-6, 7)])
print([math.cbrt(x) for x in (27, -8, 2, 1e-300)], [math.exp2(x) for x in (0.5, 10, -1074, -1080)])
