# type.__flags__ (the bits Python code reads: heap type, base type, abstract, fast-subclass
# bits) and the pickling and copying it enables: bytes/list subclasses at every protocol,
# bytearray's own __reduce__/__reduce_ex__ (latin-1 text below protocol 3).
import abc, inspect, copy, pickle
bits = {"IMMUTABLE": 1 << 8, "HEAP": 1 << 9, "BASE": 1 << 10, "ABSTRACT": 1 << 20, "LONG": 1 << 24,
        "LIST": 1 << 25, "TUPLE": 1 << 26, "BYTES": 1 << 27, "STR": 1 << 28, "DICT": 1 << 29,
        "EXC": 1 << 30, "TYPE": 1 << 31}
class A(abc.ABC):
    @abc.abstractmethod
    def f(self): ...
class C(A):
    def f(self): return 1
class S(bytes): pass
class I(int): pass
class M(type): pass
class E(ValueError): pass
for t in (object, int, bool, str, bytes, list, tuple, dict, type, ValueError, A, C, S, I, M, E, range):
    print(t.__name__, sorted(k for k, b in bits.items() if t.__flags__ & b), inspect.isabstract(t))
s = S(b'xy'); s.a = 2
for p in range(6):
    t = pickle.loads(pickle.dumps(s, p)); print(p, type(t).__name__, t, t.__dict__)
    t = copy.deepcopy(s); print(type(t).__name__, t, t.__dict__)
class L(list): pass
l = L([1, 2]); l.z = 3
for p in range(6):
    t = pickle.loads(pickle.dumps(l, p)); print(p, type(t).__name__, t, t.__dict__)
class S(bytes): pass
s = S(b'xy'); s.a = 2
for p in range(6):
    t = pickle.loads(pickle.dumps(s, p)); print(p, type(t).__name__, t, t.__dict__)
class B(bytearray): pass
b = B(b'a\xffc'); b.x = 1
for p in range(6):
    d = pickle.loads(pickle.dumps(b, p)); print(p, type(d).__name__, d, d.__dict__)
c = copy.copy(b); print(type(c).__name__, c, c.__dict__)
c = copy.deepcopy(b); print(type(c).__name__, c, c.__dict__)
for p in range(6):
    r = bytearray(b'a\xff').__reduce_ex__(p); print(p, r[0].__name__, r[1:])
print(bytearray(b'q').__reduce__()[1:], b.__reduce__()[1:])
x = pickle.loads(pickle.dumps(bytearray(b'\x00\x80z')))
print(x)
