import copy, pickle, abc
d = {"a": [1, {2, 3}], "f": frozenset({4, 5})}
print(copy.deepcopy(d), copy.copy(d["a"][1]))
class S(set):
    pass
s = S({1, 2}); s.tag = "x"
c = copy.deepcopy(s)
print(type(c).__name__, sorted(c), c.tag)
for proto in range(6):
    r = pickle.loads(pickle.dumps(s, proto))
    print(proto, type(r).__name__, sorted(r), r.tag, pickle.loads(pickle.dumps({9, 8}, proto)))
print({2, 3}.__reduce_ex__(4)[1:], frozenset({1}).__reduce__()[1:])
class A(abc.ABC):
    @abc.abstractmethod
    def m(self): ...
    @abc.abstractmethod
    def a(self): ...
class B(A):
    def a(self): ...
for cls in (A, B):
    try:
        cls()
    except TypeError as e:
        print(e)
