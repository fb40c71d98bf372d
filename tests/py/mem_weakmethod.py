# WeakMethod: weak reference to a bound method, dead when the instance dies.
import weakref

class C:
    def m(self):
        return "m called"

c = C()
r = weakref.ref(c.m)
print("plain ref to a bound method dies at once:", r())
wm = weakref.WeakMethod(c.m)
print(wm()(), wm() == c.m)
wm2 = weakref.WeakMethod(c.m, lambda r: print("WeakMethod callback"))
print(wm == wm2)
del c
print(wm())
try:
    weakref.WeakMethod(len)
except TypeError as e:
    print("TypeError:", e)
