# Unpacking into local variables: every target kind, order of stores, finalizers that
# run while the targets are stored, and the errors of bad lengths.
import sys


class Noisy:
    def __init__(self, name, log, victim=None):
        self.name, self.log, self.victim = name, log, victim

    def __del__(self):
        self.log.append("del " + self.name)
        if self.victim is not None:
            # A finalizer that changes the list being unpacked: the values already
            # taken from it are what get stored.
            self.victim.clear()
            self.log.append("cleared, line %d" % sys._getframe(1).f_lineno)


def plain():
    a, b, c = (1, 2, 3)
    print(a, b, c)
    a, b, c = [4, 5, 6]
    print(a, b, c)
    x, x = (7, 8)
    print("same local twice:", x)
    t = ("p", "q")
    for k, v in [t, ("r", "s")]:
        print(k, v)


def mixed_targets():
    class O:
        pass

    o = O()
    d = {}
    a, o.attr, d["k"], b = (1, 2, 3, 4)
    print(a, o.attr, d, b)
    (a, b), c = (5, 6), 7
    print(a, b, c)
    a, *rest, z = (1, 2, 3, 4, 5)
    print(a, rest, z)
    a, (b, *c), d2 = [1, (2, 3, 4), 5]
    print(a, b, c, d2)


def finalizers():
    log = []
    a, b = Noisy("a1", log), Noisy("b1", log)
    a, b = ("x", "y")
    print(log, a, b)
    log.clear()
    victim = [10, 20, 30]
    p, q, r = Noisy("p1", log, victim), 0, 0
    p, q, r = victim
    print(log, p, q, r, victim)
    log.clear()
    victim = (Noisy("t0", log), Noisy("t1", log))
    m, n = victim
    del victim
    print(log)
    m, n = 1, 2
    print(log)


def errors():
    for value in [(1, 2), [1, 2, 3, 4], "ab", iter([1]), 5]:
        try:
            a, b, c = value
            print("ok", a, b, c)
        except (ValueError, TypeError) as e:
            print(type(e).__name__, e)
    try:
        a, b = (1, 2, 3)
    except ValueError as e:
        print(e)
    a = b = "kept"
    try:
        a, b = [1]
    except ValueError as e:
        print(e, a, b)


def gen():
    for i in range(3):
        a, b = yield i
        print("gen got", a, b)


def locals_view():
    a, b = 1, 2
    c, d = [3, 4]
    return sorted(locals().items())


plain()
mixed_targets()
finalizers()
errors()
g = gen()
next(g)
print(g.send((1, 2)), g.send(["x", "y"]))
print(locals_view())
m1, m2 = (1, 2)
print("module", m1, m2)
