# copy and pickle through object.__reduce_ex__ (copyreg.__newobj__, __getstate__, slots).
import copy, pickle, io
class P:
    def __init__(self): self.a = [1]; self.b = 'x'
p = P(); q = copy.deepcopy(p); print(q.a, q.b, q.a is p.a, type(q).__name__)
class S:
    __slots__ = ('x', 'y')
s = S(); s.x = 1; t = copy.copy(s); print(t.x, hasattr(t, 'y'))
print(pickle.loads(pickle.dumps([1, {'a': (2, 3)}, 'z', 2**70, 1.5, None, True])))
for proto in range(0, 6):
    print(proto, pickle.loads(pickle.dumps(p, proto)).a)
class L(list): pass
l = L([1, 2]); l.z = 3; m = pickle.loads(pickle.dumps(l)); print(m, m.z, type(m).__name__)
class D(dict): pass
d = D(k=1); d.attr = 'v'; e = copy.deepcopy(d); print(e, e.attr, type(e).__name__)
class N:
    def __init__(self, v): self.v = v
    def __getnewargs__(self): return (self.v,)
    def __new__(cls, v=None):
        o = object.__new__(cls); o.made = v; return o
n = pickle.loads(pickle.dumps(N(5))); print(n.v, n.made)
print(object().__reduce_ex__(2)[0].__name__, P().__reduce_ex__(2)[1][0].__name__, S().__getstate__())
b = io.BytesIO(b'abc'); v = b.getbuffer(); v[0] = 65; print(b.getvalue(), bytes(v))
