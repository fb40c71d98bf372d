# A class stays alive while instances exist; it dies with the last one (collected).
import gc
import weakref

gc.collect()
def make():
    class Local:
        def __del__(self):
            print("instance __del__")
    return Local()

obj = make()
cls_ref = weakref.ref(type(obj), lambda r: print("class died"))
gc.collect()
print("class alive:", cls_ref() is not None)
del obj
gc.collect()
print("class alive after instance died:", cls_ref() is not None)
