# A dict's version follows its keys, not its values: the caches of global names must see
# a value stored by a module-level loop, a builtin shadowed or unshadowed, and a lookup
# whose __eq__ changes the dict must still find what CPython finds.

counter = 0


def read_counter():
    return counter


seen = []
for i in range(5):
    counter = i * 10          # replaces the value of an existing key
    seen.append(read_counter())
print("values seen through the cache:", seen)


def call_len():
    return len("abc")


print(call_len())
len = lambda s: "shadowed"    # a new global key hides the builtin
print(call_len())
len = lambda s: "shadowed again"  # same key, new value
print(call_len())
del len                        # the builtin shows again
print(call_len())

g = globals()
g["counter"] = -1
print("after globals() store:", read_counter())


class Key:
    """A key whose __eq__ mutates the dict it is looked up in."""

    def __init__(self, h, name, action=None):
        self.h, self.name, self.action = h, name, action

    def __hash__(self):
        return self.h

    def __eq__(self, other):
        if self.action:
            act, self.action = self.action, None
            act()
        return isinstance(other, Key) and self.name == other.name

    def __repr__(self):
        return f"Key({self.name})"


# The stored key's __eq__ runs during the lookup (CPython compares stored == looked up).
d = {}
a = Key(1, "a")
d[a] = "first"
d[Key(1, "b")] = "other"


def replace_value():
    d[a] = "replaced during eq"


a.action = replace_value
print(d[Key(1, "a")])


def add_keys():
    for n in range(20):
        d[n] = n


a.action = add_keys
print(d.get(Key(1, "b")), sorted(map(str, d.values()))[:4])


def delete_key():
    del d[a]


a.action = delete_key
try:
    print(d[Key(1, "a")])
except KeyError as e:
    print("KeyError", e)

# Values replaced while iterating keep the iteration going (no change of size/keys).
d = {k: 0 for k in "abcde"}
for k in d:
    d[k] = ord(k)
print(d)
try:
    for k in d:
        d[k + k] = 1
except RuntimeError as e:
    print("RuntimeError:", e)

# A class attribute changed in the class dict is seen by cached method and attribute loads.
class C:
    x = 1

    def m(self):
        return "m1"


def use(o):
    return o.m(), o.x, C.x


c = C()
print(use(c))
C.x = 2
C.m = lambda self: "m2"
print(use(c))
