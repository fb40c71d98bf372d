# Proxies forward operations; a dead proxy raises ReferenceError.
import weakref

class Num:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        return self.v + o
    def __len__(self):
        return self.v
    def __getitem__(self, i):
        return i * self.v
    def __iter__(self):
        return iter(range(self.v))
    def __call__(self, x):
        return x * 2
    def __repr__(self):
        return "Num(%d)" % self.v

n = Num(3)
p = weakref.proxy(n)
print(p.v, p + 1, len(p), p[4], list(p), p(5))
print(type(p).__name__)
p.v = 4
print(n.v)
del n
try:
    p.v
except ReferenceError as e:
    print("ReferenceError:", e)
try:
    len(p)
except ReferenceError as e:
    print("ReferenceError:", e)

class Plain:
    pass
q = weakref.proxy(Plain())
print(type(q).__name__)
try:
    print(q.x)
except ReferenceError as e:
    print("ReferenceError:", e)
