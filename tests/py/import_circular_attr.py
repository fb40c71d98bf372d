# A missing attribute of a module still running its body (its spec's `_initializing` is
# true) is reported as CPython reports it: "partially initialized module ... (most likely
# due to a circular import)"; once the module is done, the plain message.
import types

import circattr.a
import circattr.b

print(circattr.b.later())
try:
    circattr.a.MISSING
except AttributeError as e:
    print(e)

m = types.ModuleType("m")
try:
    m.x
except AttributeError as e:
    print(e)


class Spec:
    _initializing = True


m.__spec__ = Spec()
try:
    m.x
except AttributeError as e:
    print(e)


class BadSpec:
    @property
    def _initializing(self):
        raise RuntimeError("not asked")


m.__spec__ = BadSpec()
try:
    m.x
except AttributeError as e:
    print(e)
m.__spec__ = None
try:
    m.x
except AttributeError as e:
    print(e, e.name, e.obj is m)
