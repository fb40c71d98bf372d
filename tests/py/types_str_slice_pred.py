# str slicing by bytes (ASCII, UTF-8, lone surrogates) with every step, and the is*()
# predicates stopping at the first failing character.
import hashlib
texts = ['', 'a', 'abcdef', 'héllo wörld', 'ΣΑΣ αβγ', 'x\ud800y\udfffz', '𐐀a𐐨b', 'é' * 40, 'abc' * 20]
out = []
for t in texts:
    L = len(t)
    for start in (None, 0, 1, -1, 3, -4, L, L + 5, -L - 5):
        for stop in (None, 0, 2, -1, -3, L, L + 5):
            for step in (None, 1, 2, 3, -1, -2, -5):
                r = t[start:stop:step]
                out.append(ascii(r) + str(len(r)))
print(hashlib.md5('\n'.join(out).encode()).hexdigest(), len(out))
for t in texts:
    print(ascii(t[::-1]), ascii(t[1::2]), ascii(t[-3:]), len(t[::-1]), t[::-1][::-1] == t)
preds = ['isdigit', 'isdecimal', 'isnumeric', 'isalpha', 'isalnum', 'isspace', 'isascii', 'isprintable', 'isupper', 'islower', 'istitle', 'isidentifier']
for t in ['', 'abc', 'ABC', 'Abc Def', '123', '١٢٣', '½', 'Größe', ' \t\n', '\u2003', 'a b', 'ab\x00', 'x\ud800', '²', 'Ⅻ', 'é1', '\x85']:
    print(ascii(t), [getattr(t, p)() for p in preds])
