import _weakref

class V:
    def __init__(self, n):
        self.n = n
        self.items = [1, 2, 3]
    def __add__(self, o):
        return V(self.n + (o.n if isinstance(o, V) else o))
    def __radd__(self, o):
        return V(o + self.n)
    def __eq__(self, o):
        return isinstance(o, V) and o.n == self.n
    def __lt__(self, o):
        return self.n < o.n
    def __len__(self):
        return self.n
    def __getitem__(self, i):
        return self.items[i]
    def __iter__(self):
        return iter(self.items)
    def __neg__(self):
        return V(-self.n)
    def __str__(self):
        return "V(%d)" % self.n
    def meth(self, k):
        return self.n * k
    def __call__(self, x):
        return x + self.n

v = V(5)
p = _weakref.proxy(v)
print(type(p).__name__, p.n, p.meth(3), str(p), len(p), p[1], list(p))
print((p + 1).n, (1 + p).n, (p + p).n, (-p).n, p == V(5), p < V(9), 2 in p.items)
p.n = 7
print(v.n, p.n)
del p.items
print(hasattr(v, "items"))
print(_weakref.proxy(v) is p, _weakref.getweakrefcount(v))
try:
    hash(p)
except TypeError as e:
    print("TypeError")
def f(x):
    return x * 2
cp = _weakref.proxy(f)
print(type(cp).__name__, cp(21))
print(type(_weakref.proxy(v)).__name__)
def cb(w):
    print("cb", type(w).__name__)
p2 = _weakref.proxy(v, cb)
del v
try:
    p.n
except ReferenceError as e:
    print("ReferenceError:", e)
try:
    p + 1
except ReferenceError as e:
    print("ReferenceError:", e)
try:
    _weakref.ProxyType()
except TypeError as e:
    print(e)
