import functools, pickle, copy, inspect
def f(): pass
print(f.__dict__, vars(f), hasattr(f, "x"))
f.x = 1
print(f.__dict__, f.x, vars(f))
del f.x
print(f.__dict__)
try: del f.y
except AttributeError as e: print(e)
def g(): pass
g.__dict__ = {"a": 5}
print(g.a, g.__dict__)
try: g.__dict__ = 3
except TypeError as e: print(e)
@functools.wraps(f)
def w(): pass
print(w.__wrapped__ is f, w.__name__, sorted(w.__dict__))
h = lambda: 0
print("__dict__" in dir(h), copy.copy(h) is h)
print(getattr(h, "zz", "default"))
class C:
    def m(self): pass
C.m.tag = 7
print(C().m.tag, C.m.__dict__)
def cached(): return 1
cached.cache = {}
cached.cache[1] = 2
print(cached.cache)
print(inspect.signature(w))
def k(): pass
try: del k.__dict__
except TypeError as e: print(e)
try: type(k).__dict__["__dict__"].__get__(1, int)
except TypeError as e: print(e)
