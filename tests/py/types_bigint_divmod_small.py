# Big-int floor division, remainder and divmod whose quotient is small (the pidigits
# shape): exact multiples, one below and above them, every sign combination, divisors
# just past 64 bits, zero dividends, and quotients around 2**32.
import random
rng = random.Random(11)
out = []
for n in range(600):
    bits = rng.choice([65, 66, 96, 127, 128, 129, 200, 640, 3000])
    b = rng.getrandbits(bits) | (1 << (bits - 1))
    q = rng.choice([0, 1, 2, 9, 10, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 33 + 5, rng.getrandbits(30)])
    r = rng.choice([0, 1, b - 1, rng.randrange(b)])
    for a in (b * q + r, b * q, b * q - 1 if b * q else 0):
        for x, y in ((a, b), (-a, b), (a, -b), (-a, -b)):
            qq, rr = divmod(x, y)
            assert qq == x // y and rr == x % y and qq * y + rr == x
            out.append(hash((qq, rr)) & 0xFFFF)
print(len(out), sum(out), out[:20])
b = 2 ** 64 + 1
for a in (0, 1, b - 1, b, b + 1, 9 * b, 10 * b - 1, (2 ** 32) * b + b - 1):
    print(divmod(a, b), a // b, a % b, divmod(-a, b), divmod(a, -b))
try:
    divmod(2 ** 100, 0)
except ZeroDivisionError as e:
    print('ZeroDivisionError', e)
try:
    (2 ** 100) % 0
except ZeroDivisionError as e:
    print('ZeroDivisionError', e)
print(divmod(True, 2 ** 70), divmod(2 ** 70, 2 ** 70 - 1), (3 ** 100) // (3 ** 99 + 1))
