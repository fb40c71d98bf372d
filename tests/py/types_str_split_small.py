import hashlib
out = []
texts = ['a b  c', 'héllo wörld ü', 'x,y,,z', 'αβγ,δ,,ε', '', ',', 'abc' * 20 + ',' + 'é' * 40, '\ud800,a,\udfff', 'k' * 31 + ',' + 'm' * 29]
for t in texts:
    for sep in [None, ',', ',,', 'β', 'é', ' ']:
        for m in (-1, 0, 1, 2):
            try:
                r = t.split(sep, m)
                out.append(repr([(p, len(p)) for p in r]))
            except Exception as e:
                out.append(repr(e))
for i in range(-1005, 1005, 7):
    out.append(str(i) + repr(i) + str(i * 10**15) + f'{i}')
out.append(str(-2**63) + str(2**63 - 1))
s = ''
for i in range(40):
    s += chr(0x61 + i % 26)
    s += 'é' if i % 7 == 0 else ''
    out.append(s + str(len(s)) + str(hash(s) == hash(s[:] + '')))
print(hashlib.md5("\n".join(out).encode("utf-8", "surrogatepass")).hexdigest(), len(out))
for line in out[::23]:
    print(ascii(line))
print(ascii("a\u2003b\x1cc\u3000\ud800 d".split()), ascii("\u0085x\xa0y ".split(None, 1)))
print('a'.count('a'), 'banana'.count('a'), 'banana'.count('a', 2), 'banana'.count('a', 2, 4), 'héhé'.count('h'), 'héhé'.count('é'), ''.count('x'), 'aaa'.count(''), 'ab\ud800c'.count('c'), 'x y  z'.split(), '  '.split(), 'a b c'.split(None, 1), ' a b '.split(maxsplit=0))
