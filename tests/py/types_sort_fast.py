import random, hashlib
random.seed(5)
out = []
for n in [0, 1, 2, 3, 10, 33, 64, 65, 500, 3000]:
    for t in range(5):
        ints = [random.randrange(-50, 50) for _ in range(n)]
        bools = [random.choice([True, False, 0, 1]) for _ in range(n)]
        fl = [random.choice([0.5, -0.0, 0.0, 1e300, -1.5, float('inf')]) for _ in range(n)]
        st = [random.choice(['', 'a', 'ab', 'abcdefgh', 'abcdefghi', 'abcdefgh\x00', 'é', '\ud800', '\U00010000', '\ue000', 'zz']) for _ in range(n)]
        for xs in (ints, bools, fl, st):
            out.append(repr(sorted(xs)))
            out.append(repr(sorted(xs, reverse=True)))
            pairs = list(enumerate(xs))
            out.append(repr(sorted(pairs, key=lambda p: p[1])))
            out.append(repr(sorted(pairs, key=lambda p: p[1], reverse=True)))
            l = list(pairs); l.sort(key=lambda p: p[1]); out.append(repr(l))
        out.append(repr(sorted(st, key=len)))
        out.append(repr(sorted(ints, key=lambda x: x * 0.5)))
        out.append(repr(sorted(ints, key=str, reverse=True)))
print(hashlib.md5('\n'.join(out).encode('utf-8', 'surrogatepass')).hexdigest(), len(out))
print(sorted(['b', 'a', 'abcdefgh', 'abcdefgg', 'abcdefghz', '\ud800', '\U00010000']))
print(sorted([3, True, -1, False, 2], reverse=True), sorted([2.5, -0.0, 0.0, -1e9]))
print(sorted(['ccc', 'a', 'bb', 'dd'], key=len, reverse=True))
