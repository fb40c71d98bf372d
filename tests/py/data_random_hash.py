# _random (CPython's Mersenne Twister stream, seeds, state) and the hash modules.
import _random, _md5, _sha1, _sha256, _sha512, _sha3, _blake2

r = _random.Random(42)
print(r.random(), r.random(), r.getrandbits(1), r.getrandbits(31), r.getrandbits(32), r.getrandbits(33), r.getrandbits(200), r.getrandbits(0))
for seed in [0, 1, -1, 2**32, 2**32 - 1, 2**64 + 3, -2**100, 12345678901234567890, True, 3.5, (1, 2)]:
    r.seed(seed)
    print(repr(seed), r.random(), r.getrandbits(40))
s = r.getstate()
a = [r.random() for _ in range(700)]
r.setstate(s)
print(a == [r.random() for _ in range(700)], len(s), s[-1], type(s))
r2 = _random.Random()
r2.setstate(s); print(r2.random() == a[0])
for bad in [[1], (1,) * 3, s[:-1] + (1000,), s[:-1] + (-1,)]:
    try:
        r2.setstate(bad)
    except Exception as e:
        print(type(e).__name__, e)
for expr in ['r.getrandbits(-1)', '_random.Random(1, 2)', 'r.seed(1, 2)', 'r.random(1)', 'r.seed([])']:
    try:
        print(eval(expr))
    except Exception as e:
        print(expr, type(e).__name__, e)
class R(_random.Random):
    def __init__(self, x, y):
        self.seed(x + y)
print(R(1, 2).random(), _random.Random(3).random())

for mod, names in [(_md5, ['md5']), (_sha1, ['sha1']), (_sha256, ['sha224', 'sha256']), (_sha512, ['sha384', 'sha512']),
                   (_sha3, ['sha3_224', 'sha3_256', 'sha3_384', 'sha3_512'])]:
    for n in names:
        h = getattr(mod, n)(b'abc')
        h.update(b'def'); h.update(bytearray(b'g'))
        c = h.copy(); c.update(b'more')
        print(n, h.name, h.digest_size, h.block_size, h.hexdigest(), h.digest()[:4], c.hexdigest() != h.hexdigest(), getattr(mod, n)().hexdigest()[:16])
for n in ['shake_128', 'shake_256']:
    h = getattr(_sha3, n)(b'abc')
    print(n, h.name, h.block_size, h.hexdigest(10), h.digest(4), h.hexdigest(0))
for n in ['blake2b', 'blake2s']:
    f = getattr(_blake2, n)
    print(n, f(b'abc').hexdigest(), f(b'abc', digest_size=16).hexdigest(), f().digest_size, f(digest_size=5).digest_size, f.SALT_SIZE, f.MAX_DIGEST_SIZE)
for expr in ['_md5.md5("abc")', '_sha256.sha256(1)', '_blake2.blake2b(digest_size=100)', '_sha3.shake_128().hexdigest()', '_sha3.shake_128().digest(-1)']:
    try:
        print(eval(expr))
    except Exception as e:
        print(expr, type(e).__name__, e)
