# Decimal digits of machine ints (str, repr, %d, format, f-strings) at every length and
# at the i64 limits.
vals = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 12345, 99999, 100000, 2**31, 2**32 - 1]
vals += [10**k for k in range(19)] + [10**k - 1 for k in range(1, 19)]
vals += [2**63 - 1, -2**63, -2**63 + 1, -1, -10, -99, -100, -101]
for v in vals:
    print(str(v), repr(-v), "%d" % v, "%5d|%-5d" % (v, v), format(v, ","), f"{v:_}")
print(sum(len(str(i)) for i in range(-1000, 100000)))
print(",".join(str(i) for i in range(0, 10**19, 10**17 + 12345)))
