# gc.is_finalized: true once __del__ ran (for a resurrected object).
import gc

class C:
    def __del__(self):
        global saved
        saved = self

class Plain:
    pass

c = C()
print(gc.is_finalized(c), gc.is_finalized(Plain()), gc.is_finalized(1))
del c
print(gc.is_finalized(saved))
saved = None
