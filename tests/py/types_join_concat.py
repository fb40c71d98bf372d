# str.join (sizes worked out first; one exact str gives itself), and + on exact strs,
# tuples and lists without the operator dispatch (empty operands give the other).
parts = [str(i) for i in range(20)]
print(','.join(parts), '-'.join(('a', 'é', '\u20ac')), ''.join([]), ''.join(['x']), 'ab'.join('xyz'))
print(len('é'.join(['a', 'b'])), 'é'.join(['a', 'b']).isascii(), ','.join(['a', 'b']).isascii(), ''.join(['é']).isascii())
print(ascii('\udc00'.join(['a', 'b'])), ascii(''.join(['\ud800', '\udc00'])), len(''.join(['\ud800', '\udc00'])))
s = 'abc'; print(''.join([s]) is s, ''.join((s,)) is s, ''.join(iter([s])) is s)
class S(str): pass
r = ''.join([S('q')]); print(type(r), r)
for bad in [[1], ['a', 2], ('a', None)]:
    try: ','.join(bad)
    except TypeError as e: print(e)
try: ','.join(5)
except TypeError as e: print(e)
print(','.join({'k': 1, 'j': 2}), ','.join(x for x in 'pq'))
t = ''
for p in parts: t += p
print(t, len(t), ('' + s) is s, (s + '') is s, () + (1,), (1,) + (), (1, 2) + (3,), [1] + [2, 3])
u = (1, 2); print((u + ()) is u, (() + u) is u)
l = [1]; l2 = l; l += [2]; print(l, l2, l is l2)
try: 'a' + 1
except TypeError as e: print(e)
try: (1,) + [2]
except TypeError as e: print(e)
class T(tuple):
    def __add__(s, o): return 'T.add'
    def __radd__(s, o): return 'T.radd'
print(T((1,)) + (2,), (2,) + T((1,)), S('a') + 'b', type(S('a') + 'b'))
