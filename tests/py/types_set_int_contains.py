# `int in set`: exact sets and frozensets of machine ints take a probe specialised for
# ints; equal keys of other kinds, colliding objects, subclasses and removals keep
# CPython's answers.
import sys

M = 2**61 - 1  # the hash modulus: hash(M) == 0, hash(M + 1) == 1
MAX = sys.maxsize
MIN = -sys.maxsize - 1

s = set(range(0, 200, 3))
fs = frozenset(s)
probe = [-1, 0, 1, 2, 3, 99, 198, 199, 200, MAX, MIN, M, -M]
print([i in s for i in probe])
print([i in fs for i in probe])
print([i not in s for i in probe])

# Ints whose hashes collide: -1 and -2 both hash to -2; M and 0 to 0; MIN's and MAX's.
collide = {-1, M, MAX, MIN, M + 1}
print([i in collide for i in [-1, -2, 0, M, 1, M + 1, MAX, MIN, MAX - 1, MIN + 1]])
print(hash(-1) == hash(-2), hash(M) == hash(0), hash(M + 1) == hash(1))

# Equal keys of other kinds.
print(1 in {1.0}, 1 in {True}, 0 in {False}, 2 in {2.5}, 3 in {3.0 + 0j})
print(10**20 in {10**20}, 5 in {10**20}, 0 in {0.0, "0"}, 7 in {"7", b"7"})
print(1 in frozenset({True}), 1.0 in {1}, True in {1})


# A colliding object with its own __eq__ is asked.
class Eq:
    def __init__(self, h, answer):
        self.h, self.answer = h, answer

    def __hash__(self):
        return self.h

    def __eq__(self, other):
        print("Eq.__eq__", other)
        return self.answer


print(5 in {Eq(5, True)}, 5 in {Eq(5, False)}, 6 in {Eq(5, True)})


# An __eq__ that changes the set during the probe.
class Mutator:
    def __hash__(self):
        return 4

    def __eq__(self, other):
        box.discard(self)
        box.update(range(100, 140))
        return False


box = {Mutator()}
print(4 in box, len(box))

# Keys past removed ones are still found; removed ones are not.
r = set(range(0, 64))
for i in range(0, 64, 2):
    r.discard(i)
print([i in r for i in range(0, 12)], 63 in r, 62 in r)
r.add(2)
print(2 in r, 4 in r)


# Subclasses: their __contains__ is called; without one the set answers.
class S(set):
    def __contains__(self, x):
        print("S.__contains__", x)
        return super().__contains__(x)


class T(frozenset):
    pass


print(3 in S({3}), 4 in S({3}), 3 in T({3}), 4 in T({3}))

# Errors: unhashable items and non-containers, as before.
try:
    [] in s
except TypeError as e:
    print("TypeError:", e)
try:
    1 in 5
except TypeError as e:
    print("TypeError:", e)
print({1} in {frozenset({1})}, set() in {frozenset()})
print(sum(1 for i in range(1000) if i in s))
