# weakref.ref argument errors.
import weakref

class C:
    pass

for args in [(), (C(), None, 3)]:
    try:
        weakref.ref(*args)
    except TypeError as e:
        print("TypeError:", e)
try:
    weakref.ref(1)
except TypeError as e:
    print("TypeError:", e)
c = C()
r = weakref.ref(c, None)
print(r.__callback__, r is weakref.ref(c))
try:
    r(1)
except TypeError as e:
    print("TypeError:", e)
print(weakref.ref.__name__, weakref.ReferenceType is weakref.ref)
