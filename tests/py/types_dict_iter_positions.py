# Dict iterators walk entry positions: deleted entries are skipped, an iterator that
# failed stays exhausted, and instance dicts (shared keys) iterate like plain dicts.
d = {i: str(i) for i in range(10)}
for k in [0, 3, 4, 9]:
    del d[k]
print(list(d), list(d.values()), list(d.items())[:3])
print(list(reversed(d)), list(reversed(d.values()))[:2], list(reversed(d.items()))[:2])

it = iter(d)
print(next(it), next(it))
d[100] = "x"
try:
    next(it)
except RuntimeError as e:
    print("RuntimeError", e)
del d[100]
for _ in range(2):
    try:
        print(list(it))
    except RuntimeError as e:
        print("RuntimeError again:", e)

# Same size, other keys.
d = {1: 1, 2: 2, 3: 3}
it = iter(d.items())
print(next(it))
del d[2]
d[4] = 4
try:
    print(list(it))
except RuntimeError as e:
    print("RuntimeError", e)
print(list(it))

# Everything deleted behind the iterator, then new keys.
d = {1: 1, 2: 2}
it = iter(d.values())
print(next(it))
del d[1]
del d[2]
d[3] = 3
d[4] = 4
try:
    print(list(it))
except RuntimeError as e:
    print("RuntimeError", e)


# Instance dicts (shared keys) with deleted and missing attributes.
class P:
    def __init__(self, a, b, c):
        self.a, self.b, self.c = a, b, c


p = P(1, 2, 3)
q = P(4, 5, 6)
del q.b
q.d = 7
print(list(vars(p).items()), list(vars(q).items()), list(reversed(vars(q))))
print(sum(vars(p).values()), [k for k in vars(q)])

# An empty dict and a dict emptied by deletions.
e = {}
print(list(e), list(e.items()))
e = {1: 2}
del e[1]
print(list(e.values()), list(reversed(e)))

# An exhausted iterator stays exhausted when its dict or set grows afterwards.
d = {1: 1}
it = iter(d)
print(list(it))
d[2] = 2
print(list(it), next(it, "end"))
s = {1}
it = iter(s)
print(list(it))
s.add(2)
print(list(it), next(it, "end"))
it = reversed(d)
print(list(it))
d[3] = 3
print(list(it))

# A size change is reported again on every later step (sticky), for sets too.
s = {1, 2, 3}
it = iter(s)
next(it)
s.add(4)
for _ in range(2):
    try:
        next(it)
    except RuntimeError as e:
        print("RuntimeError", e)
s.discard(4)
try:
    next(it)
except RuntimeError as e:
    print("RuntimeError", e)
print(it.__length_hint__())
d = {1: 1, 2: 2}
it = iter(d.items())
next(it)
d[3] = 3
try:
    next(it)
except RuntimeError as e:
    print("RuntimeError", e)
del d[3]
try:
    next(it)
except RuntimeError as e:
    print("RuntimeError", e)
print(it.__length_hint__())
