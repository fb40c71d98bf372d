# A number directly followed by `else` (a SyntaxWarning, not a hang) and `%` formatting
# with a `*` width or precision no string can have.
import sys
import warnings

with warnings.catch_warnings():
    warnings.simplefilter('ignore', SyntaxWarning)
    print(eval("1 if 1else 0"), eval("1 if 0else 0"), eval("[0x1for x in [1]]"))
try:
    eval("0 if 1Else 0")
except SyntaxError as e:
    print("SyntaxError", e.msg)
for f in ('%.*d', '%*d', '%.*f', '%.*x', '%0*d'):
    try:
        print(len(f % (sys.maxsize, 1)))
    except (OverflowError, MemoryError) as e:
        print(f, type(e).__name__, e)
print('%.*d|%*d|%-*d|' % (5, 42, -4, 7, 3, 1))
