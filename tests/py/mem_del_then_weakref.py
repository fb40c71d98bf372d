# Order at death: __del__ first, then weak reference callbacks and finalize.
import weakref

class C:
    def __del__(self):
        print("__del__")

c = C()
weakref.finalize(c, print, "finalize")
r = weakref.ref(c, lambda r: print("weakref callback"))
del c
print("end")
