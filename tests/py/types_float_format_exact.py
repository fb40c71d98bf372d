# Float formatting in e/E/g/G/f/%/n and no-type forms, with the values where exact
# rounding matters: halfway cases (ties to even on the exact binary value), results that
# round up to the next power of ten, subnormals, huge values, zeros and specials.
vals = [
    0.0, -0.0, 5e-324, 1e-310, 2.2250738585072014e-308, 1.7976931348623157e308,
    0.125, 0.375, 2.5, 3.5, 9.5, 0.5, 1.0, 9.999999, 99.5, 999.5, 9.995, 0.9995,
    1e22, 1e23, 123456.0, 0.1, 0.3, 1.5e-7, 8.5, 4115.5, 12345.678, 1e16, 999999.5,
    2.675, 1.005, 1234567890123456789.0, 1e-5, 9.9999e-5, 0.00001234, 7.0, 100.0,
    float('inf'), float('-inf'), float('nan'), -1.5, -9.96, 2 ** 52 + 0.5, 2.0 ** 70,
    6.02214076e23, 1.602176634e-19, 3.141592653589793,
]
specs = ['e', '.0e', '.1e', '.3e', '.6e', '.10e', '.16e', '.17e', '.20e', '#.0e', 'E',
         '.2E', '+.3e', ' .3e', '12.3e', '<12.2e', '^14.1e', '=+13.2e', '015.3e',
         'g', '.0g', '.1g', '.3g', '.10g', '.17g', '#.3g', 'G', '.4G', '#g',
         'f', '.0f', '.2f', '.4f', '#.0f', 'F', '.3%', '%', '.1',
         '.5', 'n', '.4n', 'z.2f', 'z.1e', '010.2f', '>10.3f', '_.2f', ',.3e', ',g']
for v in vals:
    out = []
    for s in specs:
        try:
            out.append(format(v, s))
        except ValueError as e:
            out.append('VE:' + str(e))
    print(repr(v), out)
    print(f'{v:.3e}|{v:.4f}|{v:08.2f}', '%.3e %.2f %g %10.4e %-12.3E|' % (v, v, v, v, v))
    print('{:.2e} {:>10.1e} {:.5g}'.format(v, v, v))
# Many short decimals in several precisions, compared as whole lines.
import random
rng = random.Random(7)
for k in range(400):
    x = rng.randrange(0, 10 ** rng.randrange(1, 12)) / rng.choice([1, 2, 4, 8, 10, 100, 1000, 3, 7])
    print(k, f'{x:.0e} {x:.2e} {x:.5e} {x:.9e} {x:.15e} {x:.3g} {x:.2f} {x:.6f} {-x:.4e}')
for k in range(200):
    x = rng.random() * 10 ** rng.randrange(-30, 30)
    print(k, f'{x:.1e} {x:.4e} {x:.8e} {x:.12e} {x:.17e} {x:g} {x:.12g} {x:.3f}')
