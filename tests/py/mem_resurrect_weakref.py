# Weak references stay valid while __del__ resurrects the object; cleared when it
# finally dies.
import weakref

keep = []
class R:
    def __del__(self):
        print("__del__, weakref alive:", wr() is self)
        keep.append(self)

r = R()
wr = weakref.ref(r, lambda ref: print("callback"))
del r
print("after first death:", wr() is keep[0])
keep.clear()
print("after second death:", wr())
