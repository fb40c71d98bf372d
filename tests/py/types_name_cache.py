# Module-level and class-body names (LOAD_NAME / STORE_NAME) stay right while the
# namespace changes under them: deletions, shadowed builtins, keys that are equal but
# other str objects, the same code run in other namespaces, dict subclasses and mappings.
import sys

total = 0
for i in range(6):
    total += i
    if i == 2:
        del total
        total = 100
print(total)

# A builtin shadowed and unshadowed at module level in a loop.
out = []
for i in range(4):
    out.append(len("abc"))
    if i == 1:
        len = lambda s: -1
    if i == 2:
        del len
print(out)

# A global deleted while a loop reads it.
x = 1
try:
    for i in range(3):
        y = x
        if i == 1:
            del x
except NameError as e:
    print("NameError", e)

# Keys equal to a name but other str objects.
key = "".join(["na", "me1"])
globals()[key] = "first"
for i in range(2):
    print(name1)
    globals()["".join(["na", "me1"])] = "second %d" % i
print(name1)
name1 = "third"
print(globals()[key], name1)

# One code object run in several namespaces, and with separate globals and locals.
code = compile("for k in range(3):\n    acc = acc + k + len('ab')\nres = acc", "<s>", "exec")
for start in (0, 10, 20):
    ns = {"acc": start}
    exec(code, ns)
    print(ns["res"])
g = {"acc": 1}
loc = {"acc": 5}
exec(code, g, loc)
print(loc["res"], g["acc"], sorted(k for k in loc))
loc2 = {"acc": 0, "len": lambda s: 100}
exec(code, g, loc2)
print(loc2["res"])
g2 = {"acc": 0, "len": lambda s: 1000}
exec(code, g2)
print(g2["res"])


# A dict subclass namespace (its __getitem__ / __setitem__ are called) and a mapping.
class Loud(dict):
    def __getitem__(self, k):
        print("get", k)
        return dict.__getitem__(self, k)

    def __setitem__(self, k, v):
        print("set", k, v)
        dict.__setitem__(self, k, v)


exec("a = 1\nfor j in range(2):\n    a = a + j\n", {}, Loud())


class Meta(type):
    @classmethod
    def __prepare__(mcls, name, bases):
        return Loud()


class C(metaclass=Meta):
    v = 1
    for q in range(2):
        v = v + q


print(C.v)


# Class bodies: locals are not the globals; builtins and globals read through.
class D:
    n = 0
    for q in range(3):
        n = n + len("xy") + total
    del q


print(D.n, hasattr(D, "q"))

# Values replaced at module level release the old value at once.
class Fin:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        print("del", self.n)


for i in range(3):
    holder = Fin(i)
print("end", holder.n)
del holder
print(sys.getrefcount(total) > 0)
