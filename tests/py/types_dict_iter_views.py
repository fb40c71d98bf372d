# Iterating dict keys, values and items (forward and reversed), with deletions and
# re-insertions before iterating, and changes during iteration; set membership tests
# with keys needing __eq__.
d = {i: str(i) for i in range(12)}
del d[3], d[7]
d[3] = 'three'
print(list(d), list(d.values()), list(d.items())[:4])
print(list(reversed(d)), list(reversed(d.values()))[:3], list(reversed(d.items()))[:2])
print(sum(k for k in d), ''.join(v for v in d.values()), len(list(d.items())))
it = iter(d.values())
print(next(it), next(it), it.__length_hint__())
for change in (lambda: d.__setitem__(100, 'x'), lambda: d.pop(0)):
    try:
        for v in d.values():
            change()
    except RuntimeError as e:
        print('RuntimeError', e)
e = {'a': 1, 'b': 2}
try:
    for k in e.keys():
        del e[k]
        e['c' + k] = 3
except RuntimeError as ex:
    print('RuntimeError', ex)
print(e)
class K:
    def __init__(self, v): self.v = v
    def __hash__(self): return self.v % 3
    def __eq__(self, o): return isinstance(o, K) and o.v == self.v
s = {K(i) for i in range(10)} | set(range(5))
print(K(4) in s, K(11) in s, 4 in s, 7 in s, 4.0 in s, True in s, None in s)
try:
    print([] in s)
except TypeError as ex:
    print('TypeError', ex)
print(frozenset({1, 2}) in {frozenset({1, 2})}, {1, 2} in {frozenset({1, 2})})
