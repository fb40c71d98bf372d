# Dict tables grow and shrink through many sizes (instance dicts of a few attributes,
# big dicts, deletions leaving holes, re-insertion after clearing): every key stays
# findable and the insertion order holds.
class P:
    pass

objs = []
for n in range(12):
    o = P()
    for i in range(n):
        setattr(o, "a%d" % i, i * n)
    objs.append(o)
for n, o in enumerate(objs):
    assert list(vars(o)) == ["a%d" % i for i in range(n)], vars(o)
    assert all(getattr(o, "a%d" % i) == i * n for i in range(n))
print([len(vars(o)) for o in objs])

d = {}
for i in range(2000):
    d[i] = str(i)
    if i % 3 == 0:
        del d[i // 2]
print(len(d), sum(d), list(d)[:8], list(d)[-4:])
for k in list(d):
    assert d[k] == str(k)

d.clear()
for i in range(40):
    d["k%d" % i] = i
for i in range(0, 40, 2):
    d.pop("k%d" % i)
for i in range(40, 60):
    d["k%d" % i] = i
print(list(d.items())[:5], len(d))

s = {}
for rounds in range(5):
    for i in range(100):
        s[(rounds, i)] = i
    for i in range(90):
        del s[(rounds, i)]
print(len(s), list(s)[:3])
