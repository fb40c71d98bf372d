# Set tables probed without resumable state: iteration order after unions, removals
# (dummy slots reused), int ranges, colliding user hashes, mixed key types.
a = set(range(0, 200, 2)); b = set(range(0, 200, 3))
print(list(a | b)[:50], list(a & b), list(a - b)[:40], list(a ^ b)[:40])
s = set(range(100))
for i in range(0, 100, 3): s.discard(i)
for i in range(1000, 1100, 7): s.add(i)
for i in [8, 16, 32, 64, 128, 256, -1, -2, 2**61 - 1, 2**61, 2**64]: s.add(i)
print(list(s))
t = {1, 1.0, True, 2.5, 'a', 'b', (1, 2), -0.0, 0}
print(t, 1 in t, 2.5 in t, 'a' in t, 'c' in t, (1, 2) in t)
u = set(); 
for k in range(50): u.add(k * 8)
for k in range(0, 50, 2): u.remove(k * 8)
for k in range(50): u.add(k * 8 + 1)
print(list(u))
print(list(set(range(10**6, 10**6 + 40, 3))), list(set(range(-20, 20))))
class K:
    def __init__(s, v): s.v = v
    def __hash__(s): return s.v % 4
    def __eq__(s, o): return isinstance(o, K) and s.v == o.v
    def __repr__(s): return f'K{s.v}'
w = {K(i) for i in range(10)} | {0, 1, 2, 3, 4}
print(sorted(map(repr, w)), K(3) in w, 3 in w, len(w))
w.update(range(8)); print(len(w))
print(frozenset(range(30)) - {1, 2, 3}, {1, 2} ^ {2, 3}, set('abcabc') == set('cba'))
