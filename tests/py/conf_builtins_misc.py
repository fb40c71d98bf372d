# breakpoint() and sys.breakpointhook ($PYTHONBREAKPOINT), round() keywords, dir() and
# __import__ argument checks, len() of a negative huge __len__, input() with a stdout
# that cannot flush, and exec() taking builtins from the globals' __builtins__.
import io
import os
import sys
import warnings

print(sys.breakpointhook is sys.__breakpointhook__)
calls = []
sys.breakpointhook = lambda *a, **k: calls.append((a, k))
breakpoint(1, 2, x=3)
print(calls)
sys.breakpointhook = sys.__breakpointhook__
os.environ['PYTHONBREAKPOINT'] = '0'
print(breakpoint())
os.environ['PYTHONBREAKPOINT'] = 'builtins.len'
print(breakpoint('abc'))
os.environ['PYTHONBREAKPOINT'] = 'divmod'
print(breakpoint(7, 2))
for bad in ['.', '..', '.foo', 'foo.', 'nosuchbuiltin', 'nosuchmodule.nosuchcallable']:
    os.environ['PYTHONBREAKPOINT'] = bad
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        print(breakpoint(), [(x.category.__name__, str(x.message)) for x in w])
del os.environ['PYTHONBREAKPOINT']
del sys.breakpointhook
try:
    breakpoint()
except RuntimeError as e:
    print('RuntimeError', e)
sys.breakpointhook = sys.__breakpointhook__

print(round(number=-8.0, ndigits=-1), round(2.675, ndigits=2), round(number=3))
for f, a, k in [(round, (), {}), (round, (1.5,), {'number': 2}), (round, (1, 2, 3), {}),
                (dir, (42, 42), {}), (__import__, ('sys',), {'name': 'sys'})]:
    try:
        f(*a, **k)
    except TypeError as e:
        print('TypeError', e)


class HugeNegativeLen:
    def __len__(self):
        return -sys.maxsize - 10


class HugeLen:
    def __len__(self):
        return sys.maxsize + 1


for o in (HugeNegativeLen(), HugeLen()):
    try:
        len(o)
    except (ValueError, OverflowError) as e:
        print(type(e).__name__, e)


class BitBucket:
    def write(self, line):
        pass


saved = sys.stdin, sys.stdout
sys.stdin = io.StringIO('first\nsecond\n')
sys.stdout = BitBucket()
try:
    a = input()
    b = input('prompt> ')
finally:
    sys.stdin, sys.stdout = saved
print(a, b)

code = compile("print('Hello')", "", "exec")
try:
    exec(code, {'__builtins__': {}})
except NameError as e:
    print('NameError', e)
exec(code, {'__builtins__': {'print': lambda *a: sys.stdout.write('custom %r\n' % (a,))}})
exec("print(superglobal)", {'__builtins__': {'superglobal': 7, 'print': print}})
