# range() from machine ints: lengths, bounds near the i64 limits, negative steps,
# and the same results as the big-integer form.
import sys


class Idx:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


M = sys.maxsize
cases = [
    (5,), (0,), (-3,), (2, 9), (9, 2), (2, 9, 3), (9, 2, -3), (0, 10, -1),
    (-10, 10, 7), (10, -10, -7), (0, M), (-M - 1, M), (-M - 1, M, 2),
    (M, -M - 1, -1), (M, -M - 1, -3), (0, M, M), (-M - 1, 0, M), (1, 2, -M - 1),
    (M, -M - 1, -M - 1), (-M - 1, M, M), (True, 5), (3, 4, True),
]
for c in cases:
    r = range(*c)
    try:
        n = len(r)
    except OverflowError as e:
        n = 'OverflowError: %s' % e
    print(c, r, n, r.start, r.stop, r.step, bool(r))
    if r:
        print('  ', r[0], r[-1], r[len(r) // 2] if isinstance(n, int) else '-')
    big = range(*[Idx(x) for x in c])  # through __index__: the general path
    print('  ', r == big, hash(r) == hash(big), list(r)[:3] if isinstance(n, int) and n < 10**6 else '-')
for bad in [(1, 2, 0), (), (1, 2, 3, 4), (1.0,), ('a',)]:
    try:
        range(*bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
print(sum(range(1000)), sum(range(999, -1, -3)), list(reversed(range(-5, 5, 2))))
