# weakref repr looks __name__ up on the referent's type (an instance __getattr__ is not
# consulted); ref.__init__ checks its arguments (no keywords), subclasses may take more.
import weakref
class C: pass
def f(): pass
class MyConfig(dict):
    def __getattr__(self, x):
        return self[x]
obj = MyConfig(offset=5)
r = weakref.ref(obj)
print('MyConfig' in repr(r), "(" in repr(r))
for o in [C, f, len, C()]:
    x = repr(weakref.ref(o))
    print(x[x.index("to "):x.index(" at 0x", x.index("to "))], x.endswith(")>"), x[x.rindex("("):] if x.endswith(")>") else "")
c = C()
try: weakref.ref(c, callback=None)
except TypeError as e: print(e)
rr = weakref.ref(Exception)
try: rr.__init__(0,0,0,0,0)
except TypeError as e: print(e)
print(rr.__init__(Exception), rr.__init__(Exception, None))
class MyRef(weakref.ref):
    def __init__(self, ob, callback=None, value=42):
        self.value = value
        super().__init__(ob, callback)
mr = MyRef(c, value=24)
print(mr.value, mr() is c)
