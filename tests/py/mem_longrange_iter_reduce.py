# longrange_iterator (ranges with big-integer bounds): __reduce__, __setstate__, pickling and copying.
import pickle, copy
big = 2**64
for r in [range(big, big + 10, 3), range(0, big, big // 4), range(-big, -big - 5, -2)]:
    it = iter(r)
    print(type(it).__name__, next(it))
    red = it.__reduce__()
    print(red[0].__name__ if hasattr(red[0], '__name__') else red[0], red[1], red[2:])
    it2 = copy.copy(it)
    print(list(it2))
    it3 = pickle.loads(pickle.dumps(it))
    print(list(it3))
    it.__setstate__(2)
    print(list(it))
    it = iter(r)
    it.__setstate__(-5)
    print(next(it))
    it.__setstate__(big * 100)
    print(list(it), it.__length_hint__())
it = iter(range(big, big + 10))
for x in it: pass
print(it.__reduce__())
try:
    iter(range(big, big+3)).__setstate__("x")
except TypeError as e:
    print("TypeError", e)
print(list(iter(range(big, big+10, 2))).__len__())
# Iterators of small ranges whose values do not fit a machine word are longrange ones too.
it = iter(range(2**63 - 2, 2**63 + 2))
print(type(it).__name__, next(it), it.__reduce__()[1:])
it.__setstate__(True)
print(list(it))
# A copy is independent of the original.
it = iter(range(big, big + 5))
next(it)
c = copy.deepcopy(it)
print(next(c), next(c), next(it))
