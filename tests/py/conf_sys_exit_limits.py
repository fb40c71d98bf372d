# sys functions' argument checks, sys.exit's tuple rule, sys.call_tracing,
# sys.tracebacklimit and sys.is_finalizing during shutdown (in child processes).
import subprocess
import sys

for f, a in [(sys.getrecursionlimit, (42,)), (sys.getdefaultencoding, (1,)),
             (sys.exit, (1, 2)), (sys._getframe, (1, 2)), (sys.displayhook, ()),
             (sys.setswitchinterval, ("a",)), (sys.call_tracing, (len,)),
             (sys.call_tracing, (len, [1]))]:
    try:
        f(*a)
    except TypeError as e:
        print("TypeError", e)
for arg in [42, (42,), (17, 23), "exit", None, ()]:
    try:
        sys.exit(arg)
    except SystemExit as e:
        print(repr(e.code), e.args)
print(sys.call_tracing(divmod, (7, 2)))
print(type(sys._stdlib_dir), sys.is_finalizing())

code = """if 1:
    import sys
    def f1():
        1 / 0
    def f2():
        f1()
    sys.tracebacklimit = %r
    f2()
"""
for limit in [10, 2, 1, 0, -1, 1 << 1000, -1 << 1000, None]:
    p = subprocess.run([sys.executable, '-c', code % limit], capture_output=True)
    print(limit if abs(limit or 0) < 100 else 'big', p.stderr.decode().splitlines())
fin = """if 1:
    import sys
    class AtExit:
        is_finalizing = sys.is_finalizing
        print = print
        def __del__(self):
            self.print(self.is_finalizing(), flush=True)
    ref = AtExit()
"""
print(subprocess.run([sys.executable, '-c', fin], capture_output=True).stdout)
p = subprocess.run([sys.executable, '-c', 'import sys; sys.exit("surrogates:\\uDCFF")'],
                   capture_output=True)
print(p.returncode, p.stderr)
