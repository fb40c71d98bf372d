# atexit: LIFO order at exit, arguments, unregister, errors reported as unraisable,
# and callbacks still run after an uncaught exception.
import atexit
import sys

base = atexit._ncallbacks()


def show(*args, **kwargs):
    print("show", args, sorted(kwargs.items()))


class Named:
    """A callback with a repr that does not show an address."""

    def __init__(self, name, action):
        self.name = name
        self.action = action

    def __call__(self):
        self.action()

    def __repr__(self):
        return f"<callback {self.name}>"


def boom():
    raise ValueError("boom in callback")


fails = Named("fails", boom)
exits = Named("exits", lambda: sys.exit(3))


print(atexit.register(show, 1, 2, key="v") is show)
atexit.register(fails)
atexit.register(exits)
atexit.register(show, "twice")
print(atexit._ncallbacks() - base)
atexit.unregister(show)
atexit.register(show, "last registered, first run")
atexit.register(print, "plain builtin callback")

for bad in [(), (1,), ("not callable", 2)]:
    try:
        atexit.register(*bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    atexit.unregister()
except TypeError as e:
    print("TypeError:", e)

# _run_exitfuncs runs and forgets what is registered now.
atexit._clear()
atexit.register(print, "run early")
atexit._run_exitfuncs()
atexit._run_exitfuncs()
atexit.register(fails)
atexit.register(exits)
atexit.register(show, "at exit", n=1)
atexit.register(print, "first at exit")
print("main ends")
raise KeyError("uncaught in main")
