# list.count / list.index: native comparisons for ints, floats, strs; __eq__ for the rest,
# over the live list (an __eq__ that changes the list is seen, as in CPython).
l = [1, 2.0, 'a', 2, True, None, 'b', 2, 1.0]
print(l.count(2), l.count(1), l.count('a'), l.count(None), l.count(3), l.count(True), l.count(2.0))
print(l.index(2), l.index('b'), l.index(1.0), l.index(2, 2), l.index(2, 4, 8), l.index(None, -4))
try:
    l.index(2, 4, 7)
except ValueError as e:
    print(e)
class E:
    def __init__(self, n):
        self.n = n
    def __eq__(self, other):
        print('eq', self.n, other)
        return other == self.n
print([1, E(5), 5, E(6)].count(5))
print([1, E(5), 5, E(6)].index(5))
nan = float('nan')
print([nan, 1].count(nan), [nan].index(nan))
class Shrink:
    def __init__(self, lst):
        self.lst = lst
    def __eq__(self, other):
        del self.lst[:]
        return False
x = [0, 0]
x.insert(1, Shrink(x))
print(x.count(0), x)
y = [7]
y.append(Shrink(y))
y.extend([7, 7])
try:
    print(y.index(7, 1))
except ValueError as e:
    print(e)
print(list(range(20000)).count(7), list(range(20000)).index(10000))
