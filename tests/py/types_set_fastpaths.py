# Set operations take fast paths when keys compare without __eq__; keys whose hashes
# collide with a Python-level __eq__ must still be compared (and in CPython's order).
class K:
    def __init__(self, n, h=1):
        self.n, self.h = n, h
    def __hash__(self):
        return self.h
    def __eq__(self, other):
        print('eq', self.n, getattr(other, 'n', other))
        return isinstance(other, K) and self.n == other.n
    def __repr__(self):
        return 'K%d' % self.n

x = {K(1)}
y = {K(2)}
print(len(x | y), len(x.union(y)))
z = set(x); z |= y; print(len(z))
z = set(x); z.update(y); print(len(z))
z = set(x); z.update([K(3), K(1)]); print(len(z))
print(sorted((x | y | {K(1)}), key=lambda k: k.n))
# mixed keys: ints with objects whose hash collides with them
a = {1, 2, K(5, 2), 3}
b = {2, K(6, 3), 4}
print(sorted(map(repr, a & b)), sorted(map(repr, a - b)), sorted(map(repr, a ^ b)))
c = set(a); c -= b; print(sorted(map(repr, c)))
c = set(a); c ^= b; print(sorted(map(repr, c)))
c = set(a); c &= b; print(sorted(map(repr, c)))
# a set with itself
s = set(range(10)); s ^= s; print(s)
s = set(range(10)); s -= s; print(s)
s = set(range(10)); s |= s; print(len(s))
s = set(range(10)); s.update(s); print(len(s))
# iteration order of int sets built from ranges, lists, tuples and other sets
print(list(set(range(0, 200, 7))))
print(list(set(range(100, -100, -9))))
print(list(set([5, 37, 69, 101, 8, 40]) | set((72, 104, 9))))
print(list(set(range(40)) - set(range(0, 40, 3))))
print(list(set(range(40)) ^ set(range(20, 60))))
print(list(set(range(64)) & set(range(0, 128, 2))))
print(list({2**61 - 1, 2**61, -(2**61), -1, -2, 2**62}))
print(hash(2**61 - 1), hash(2**61 - 2), hash(-(2**61 - 2)), hash(-1), hash(2**63 - 1), hash(-2**63))
# dict subclass with its own __iter__ is iterated, an exact dict by its keys
class D(dict):
    def __iter__(self):
        return iter(['x', 'y'])
print(sorted(set(D(a=1))), sorted(set({'a': 1, 'b': 2})))
# list changed by __hash__ while the set is being built
class Grow:
    def __init__(self, lst):
        self.lst = lst
    def __hash__(self):
        if len(self.lst) < 6:
            self.lst.append(len(self.lst))
        return 7
l = [0]
l.append(Grow(l))
print(len(set(l)), l[0], l[2:])
