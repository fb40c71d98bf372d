# At exit CPython runs one full collection with gc.callbacks while the modules are
# still whole (after atexit handlers, before __main__'s globals are cleared); the
# later collections of the shutdown do not call the callbacks.
import atexit
import gc
import subprocess
import sys

_private = "private global"
public = "public global"


def cb(phase, info):
    print("cb", phase, info["generation"], sorted(info), type(sys).__name__,
          sys.modules["__main__"].__name__, _private, public)


class Cycle:
    def __init__(self, name):
        self.name = name
        self.me = self

    def __del__(self):
        print("del", self.name, sys is not None, _private, public)


gc.callbacks.append(cb)
atexit.register(lambda: print("atexit", len(gc.callbacks)))
c = Cycle("c1")
del c

# With the collector disabled there is no exit collection with callbacks.
child = """
import gc, sys
gc.callbacks.append(lambda phase, info: print("child cb", phase))
gc.disable()
print("child end")
"""
out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True)
print(repr(out.stdout), repr(out.stderr), out.returncode)

print("end")
