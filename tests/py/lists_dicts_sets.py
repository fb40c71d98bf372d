a = [3, 1, 2]
a.append(5); a.extend([9, 0]); a.insert(0, 7)
print(a, len(a), a.pop(), a.pop(0), a)
a.sort(); print(a); a.reverse(); print(a)
print(sorted([3, 1, 2], reverse=True), sorted(["b", "A", "c"], key=str.lower))
print(a.index(3), a.count(1), a[1:3], a[::-1], 3 in a, [1, 2] + [3], [0] * 3)
a[1:3] = [10, 20, 30]; print(a)
del a[0]; print(a)
d = {"a": 1, "b": 2}
d["c"] = 3
print(d, d["a"], d.get("z"), d.get("z", 0), list(d.keys()), list(d.values()), list(d.items()))
print(d.pop("a"), d, "b" in d, len(d), d.setdefault("q", 9), d)
d.update({"x": 1}, y=2); print(d)
print({k: v for k, v in zip("abc", range(3))}, dict(a=1, b=2), {**d, "z": 0})
s = {3, 1, 2}
s.add(4); s.discard(1)
print(s, {1, 2} | {3}, {1, 2} & {2, 3}, {1, 2} - {2}, {1, 2} ^ {2, 3}, 2 in s)
t = (1, 2, 3)
print(t, t[0], t[1:], len(t), t + (4,), (1,), (), tuple([1, 2]))
print([x * x for x in range(10) if x % 2], {x % 3 for x in range(10)}, list(range(10, 0, -3)))
