# The positions of STORE_ATTR and STORE_SUBSCR cover the whole target (obj.attr,
# obj[key]), as the ^ markers of CPython 3.11 tracebacks show.
import traceback
class D:
    def __set__(self, o, v): raise ValueError("set")
class M(type): pass
class Y(metaclass=M): pass
M.a = D()
def f1():
    Y.a = 43
def f2():
    d = {}
    obj = Y
    obj.__dict__[d.get('k', 'x')] = 5
def f3():
    x = [1]
    x[f4()] = 2
def f4(): return 10
for f in (f1, f2, f3):
    try: f()
    except Exception: traceback.print_exc()

# A metaclass data descriptor without __get__ lets the class's own attribute through.
class Descr:
    def __set__(self, obj, value): pass
class Meta(type):
    pass
class X(metaclass=Meta):
    pass
X.a = 42
Meta.a = Descr()
print(X.a)
