# __callback__ is cleared once the callback ran; the callback can see the referent
# gone and may create new objects.
import weakref

class C:
    pass

log = []
def cb(r):
    log.append(r.__callback__)
    log.append(C())

c = C()
r = weakref.ref(c, cb)
print(r.__callback__ is cb)
del c
print(r.__callback__, log[0], type(log[1]).__name__)
