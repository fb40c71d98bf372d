import hashlib
out = []
vals = [0, 1, -1, 7, -7, 2**63 - 1, -2**63, 2**64 + 3, -(2**100) + 5, 3**200, -(7**150), True, False]
for a in vals:
    for b in vals:
        for op in ('+', '-', '*', '//', '%', '<', '<=', '==', '!=', '>', '>=', '&', '|', '^'):
            try:
                out.append(repr(eval('a %s b' % op)))
            except Exception as e:
                out.append(type(e).__name__ + ': ' + str(e))
        try:
            out.append(repr(divmod(a, b)))
        except Exception as e:
            out.append(type(e).__name__ + ': ' + str(e))
class I(int):
    pass
out.append(repr(divmod(I(2**70), 3)))
out.append(repr(divmod(2**70, I(3))))

print(hashlib.md5("\n".join(out).encode()).hexdigest(), len(out))
for line in out[::97]:
    print(line)
