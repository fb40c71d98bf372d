# int() through __trunc__ returning a non-integral (no endless recursion), and bytes
# %-formatting with a '*' width or precision no bytes object can have.
import sys
import warnings

warnings.simplefilter('ignore', DeprecationWarning)


class NonIntegral:
    def __trunc__(self):
        return NonIntegral()


class Index:
    def __index__(self):
        return 42


class TruncIndex:
    def __trunc__(self):
        return Index()


class TruncBool:
    def __trunc__(self):
        return True


try:
    int(NonIntegral())
except TypeError as e:
    print('TypeError', e)
print(int(TruncIndex()), int(TruncBool()), type(int(TruncBool())))
for f in (b'%.*d', b'%*d', b'%.*x'):
    try:
        print(len(f % (sys.maxsize, 1)))
    except (OverflowError, MemoryError) as e:
        print(f, type(e).__name__, e)
print(b'%.*d|%*d|%-*d|' % (5, 42, -4, 7, 3, 1))
