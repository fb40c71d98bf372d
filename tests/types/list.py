def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### methods_basic
l = [3, 1, 2]
l.append(4); l.extend((5, 6)); l.insert(0, 0); l.insert(-1, 9); l.insert(100, 7); l.insert(-100, -1)
print(l, l.pop(), l.pop(0), l.pop(-2), l.index(2), l.count(9), len(l))
l.remove(9); l.reverse(); print(l)
l.clear(); print(l)
#### errors
l = [1, 2, 3]
show(l.pop, 10)
show([].pop)
show(l.index, 5)
show(l.remove, 5)
show(l.index, 1, 1)
show(lambda: l[3])
show(lambda: l['a'])
show(l.insert, 'a', 1)
show(l.append)
show(l.extend, 5)
#### sort_stable_key
data = [('b', 2), ('a', 2), ('c', 1), ('a', 1), ('b', 1)]
print(sorted(data, key=lambda t: t[1]), sorted(data, key=lambda t: t[0], reverse=True))
l = list(range(20)); l.sort(key=lambda x: x % 3); print(l)
l.sort(key=lambda x: x % 3, reverse=True); print(l)
print(sorted('hello world'), sorted([3, 1, 2], reverse=True))
#### sort_errors
show(sorted, [1, 'a'])
show([3, 2].sort, key=1)
show([3, 2].sort, 1)
l = [3, 2, 1]
def k(x):
    l.append(x)
    return x
show(l.sort, key=k)
print(l)
#### sort_large
xs = [(i * 7919) % 1000 for i in range(1000)]
print(sorted(xs) == sorted(xs, key=lambda x: x), sorted(xs)[:10], sorted(xs, reverse=True)[:5])
#### slicing_read
l = list(range(10))
print(l[::2], l[::-1], l[1:8:3], l[-3:], l[:-3], l[8:2:-2], l[100:], l[-100:2], l[::-3])
show(lambda: l[::0])
#### slice_assign
l = list(range(10)); l[2:5] = ['a', 'b']; print(l)
l = list(range(10)); l[::2] = 'abcde'; print(l)
l = list(range(10)); l[::-3] = [0, 0, 0, 0]; print(l)
l = list(range(5)); l[1:1] = [9, 9]; print(l)
l = list(range(5)); l[:] = l; print(l)
l = list(range(5)); l[3:1] = 'xy'; print(l)
l = list(range(10))
try:
    l[::2] = [1, 2]
except ValueError as e:
    print(e)
try:
    l[1:3] = 5
except TypeError as e:
    print(e)
#### slice_delete
l = list(range(10)); del l[::3]; print(l)
l = list(range(10)); del l[2:-2]; print(l)
l = list(range(10)); del l[::-2]; print(l)
l = list(range(10)); del l[5]; del l[-1]; print(l)
show(lambda: l.__delitem__(50))
#### operators
a, b = [1, 2], [3]
print(a + b, a * 2, 2 * a, a * 0, a * -1, [[]] * 3, a == [1, 2], a < [1, 3], [1, 2] < [1, 2, 0], [2] > [1, 9])
show(lambda: a + (3,))
show(lambda: a * 1.5)
show(lambda: a < 'x')
c = a; c += (5, 6); print(a, c is a)
c *= 2; print(a)
#### repr_recursive
l = [1, 2]; l.append(l); print(l, repr(l))
d = {'k': l}; l.append(d); print(l)
#### contains_identity_eq
nan = float('nan'); l = [nan, 1]
print(nan in l, 1.0 in l, [1] in [[1]], l.count(nan), l.index(1.0))
class E:
    def __eq__(self, o): return True
print(E() in [1], [1].index(E()) if False else [E()].count(5))
#### list_constructor
print(list(), list('abc'), list(range(3)), list({'a': 1, 'b': 2}), list((1,)), list(x * 2 for x in range(3)))
show(list, 5)
show(list, [1], [2])
show(list, x=1)
#### list_mutation_during_iteration
l = [1, 2, 3]
for x in l:
    if x == 1:
        l.append(4)
print(l)
l = [1, 2, 3, 4]
for x in l:
    l.remove(x)
print(l)
#### copy_methods
l = [1, [2]]; c = l.copy(); c[1].append(3); c.append(4); print(l, c)
print(l.__len__(), l.__contains__(1), l.__getitem__(0), [].__class__.__name__, list.__name__)
#### reversed_iter
l = [1, 2, 3]
r = reversed(l); print(next(r), list(r), list(reversed([])))
it = iter(l); print(it.__length_hint__(), next(it), it.__length_hint__(), list(it))
print(type(iter([])).__name__, type(reversed([])).__name__)
#### list_subclass
class L(list):
    def first(self): return self[0]
x = L([3, 1, 2]); x.sort(); print(x, x.first(), type(x + [1]).__name__, type(x[:1]).__name__, isinstance(x, list), x == [1, 2, 3])
#### hash_unhashable
show(hash, [])
show(lambda: {[]: 1})
show(lambda: {[1]})
#### list_equality_mixed
print([1, 2.0, 3+0j] == [1.0, 2, 3], [[1]] == [[1.0]], [] == (), list('ab') == ['a', 'b'])
#### index_start_stop
l = [1, 2, 1, 2, 1]
print(l.index(1, 1), l.index(1, -2), l.index(2, 1, 4))
show(l.index, 2, 4)
print(l.index(1, -100, 100))
#### del_slice_and_extend_self
l = [1, 2, 3]; l.extend(l); print(l)
l[len(l):] = [9]; print(l)
l[-100:1] = []; print(l)
