#### grow_and_shrink
s = set()
for i in range(0, 300, 7):
    s.add(i * 37 % 1000)
print(list(s))
for i in range(0, 300, 21):
    s.discard(i * 37 % 1000)
print(list(s))
s.update(range(5))
print(list(s))
#### negative_and_big
s = {-5, -1, 0, 2**63, -2**63, 2**64 + 1, 10**20, -10**20, 12345678901234567890}
print(list(s))
s2 = set(s); s2.add(99); s2.remove(0)
print(list(s2))
#### from_range_and_list
print(list(set(range(100, 0, -9))), list(set([64, 32, 16, 8, 4, 2, 1, 0])), list(frozenset(range(50, 70))))
#### set_ops_order
a = set(range(0, 40, 3)); b = set(range(0, 40, 5))
print(list(a | b), list(a & b), list(a - b), list(a ^ b), list(b - a))
#### copy_and_comprehension
s = {i * 1000003 % 4096 for i in range(60)}
print(list(s))
print(list(s.copy()), list(set(s)), list(frozenset(s)))
#### pop_order
s = set(range(0, 1000, 97))
print([s.pop() for _ in range(5)], list(s))
#### dict_order_after_deletes
d = {}
for i in range(30):
    d[i * 7 % 31] = i
for k in list(d)[::3]:
    del d[k]
d[100] = 1; d[3] = 2
print(list(d.items()))
#### float_and_tuple_keys
s = {0.5, 1.5, -2.25, 1e100, (1, 2), (2, 1), 3.0, 'a'}
print(len(s), sorted(map(repr, s)))
s = {0.5, 1.5, -2.25, 1e100, 3.0, float('inf')}
print(list(s))
