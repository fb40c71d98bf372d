# Heap keys reach a set's table by every path (add, update from a set into an empty one,
# update from an iterable, the operators, copies, resizes with immediates first); when
# the set goes, each key's last reference goes with it and __del__ runs at once.

class K:
    def __init__(self, name):
        self.name = name

    def __hash__(self):
        return 1000 + ord(self.name)

    def __eq__(self, other):
        return isinstance(other, K) and other.name == self.name

    def __del__(self):
        print("del", self.name)


def check(label, make):
    s = make()
    print(label, len(s))
    del s
    print("after", label)


check("add", lambda: {1, 2} | {K("a")})
check("ints then key", lambda: set(list(range(100)) + [K("b")]))
def grown():
    s = set(range(50))
    s.add(K("c"))
    for i in range(50, 500):
        s.add(i)
    return s
check("grown", grown)
def update_empty():
    s = set()
    s.update({K("d"), 3})
    return s
check("update empty", update_empty)
check("and", lambda: {K("e"), 1, 2} & {K("e"), 2})
check("sub", lambda: {K("f"), 1, 2} - {2})
check("xor", lambda: {K("g"), 1} ^ {1, 5})
check("copy", lambda: frozenset({K("h"), 7}).copy() | set())
check("frozenset", lambda: frozenset([0, 1, K("i")]))
def discard_then_add():
    s = set(range(10))
    for i in range(10):
        s.discard(i)
    s.add(K("j"))
    return s
check("dummy slot", discard_then_add)
def inplace():
    s = set(range(5))
    s |= {K("k")}
    s ^= {K("l")}
    return s
check("inplace", inplace)
print("end")
