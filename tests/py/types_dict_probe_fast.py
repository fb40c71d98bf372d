# Dict look-ups, stores and deletions through the fast probe: equal hashes with unequal
# keys (-1/-2, n/n+2**61-1), int/float/bool keys that are equal, deleted slots in probe
# chains, and keys whose __eq__ runs Python code (also mutating the dict).
P = 2 ** 61 - 1
d = {-1: 'a', -2: 'b', 0: 'z', P: 'p', 2 * P: 'pp', 1: 'one', 1.5: 'f'}
print(d[-1], d[-2], d[0], d[P], d[2 * P], d[1.0], d[True], d[1.5], len(d))
d[1.0] = 'one-float'
d[True] = 'true'
print(d, list(d))
del d[-1]
print(d.get(-1), d[-2], -1 in d, -2 in d)
d[-1] = 'again'
print(list(d.items())[-2:])
for k in (0, 0.0, False, -0.0):
    print(repr(k), d[k])
big = {i * P: i for i in range(50)}
print(sum(big[i * P] for i in range(50)), (50 * P) in big)
for i in range(0, 50, 3):
    del big[i * P]
print(len(big), [big[i * P] for i in range(1, 50, 3)][:5], 3 * P in big)
class K:
    n = 0
    def __init__(self, v): self.v = v
    def __hash__(self): return self.v % 7
    def __eq__(self, o):
        K.n += 1
        return isinstance(o, K) and o.v == self.v
e = {K(i): i for i in range(30)}
print(e[K(8)], e.get(K(100)), K(15) in e, K.n > 0)
e[7] = 'int with hash of K(0) and K(7)'
print(e[7], e[K(7)], len(e))
class M:
    def __init__(self, d): self.d = d
    def __hash__(self): return 3
    def __eq__(self, o):
        self.d.clear()
        return False
f = {3: 'x'}
try:
    print(f.get(M(f)), f)
except RuntimeError as ex:
    print('RuntimeError', ex)
g = {}
for i in range(1000):
    g[i] = i
for i in range(0, 1000, 2):
    del g[i]
for i in range(0, 1000, 4):
    g[i] = -i
print(len(g), sum(g.values()), list(g)[:6], list(g)[-3:])
