# gc.collect() returns the number of unreachable objects found.
import gc

gc.collect()
l = []
l.append(l)
del l
print("self list:", gc.collect())

a = []
b = [a]
a.append(b)
del a, b
print("two lists:", gc.collect())

d = {}
d["self"] = d
del d
print("self dict:", gc.collect())

l = [[] for _ in range(5)]
for i in range(5):
    l[i].append(l[(i + 1) % 5])
del l
print("ring of five (plus the outer list, freed):", gc.collect())

print("nothing:", gc.collect())
t = ([],)
t[0].append(t)
del t
print("tuple-list cycle:", gc.collect())
