# for-loops over dict views (keys, values, items unpacked into two names) take a fast
# path; the results, the targets reached and the errors for a dict changed during the
# loop are CPython's.

def items_locals():
    d = {"a": 1, "b": 2, "c": 3}
    out = []
    for k, v in d.items():
        out.append((k, v))
    print(out, k, v)


def items_cell():
    d = {1: "x", 2: "y"}
    for k, v in d.items():
        pass
    return (lambda: (k, v))()


class Holder:
    pass


def items_attr_targets():
    h = Holder()
    for h.k, h.v in {"p": 10, "q": 20}.items():
        print(h.k, h.v)


def items_star():
    for k, *rest in {"ab": 1, "cd": 2}.items():
        print(k, rest)


def items_nested():
    d = {"x": (1, 2), "y": (3, 4)}
    for k, (a, b) in d.items():
        print(k, a + b)


def size_change():
    d = {i: i for i in range(5)}
    try:
        for k, v in d.items():
            if k == 2:
                d[100] = 0
    except RuntimeError as e:
        print("RuntimeError:", e)
    d = {i: i for i in range(5)}
    try:
        for k in d:
            del d[k]
    except RuntimeError as e:
        print("RuntimeError:", e)
    d = {i: i for i in range(5)}
    try:
        for v in d.values():
            d.pop(4, None)
    except RuntimeError as e:
        print("RuntimeError:", e)


def keys_changed():
    for make in (lambda: {i: i for i in range(3)}, lambda: {i: i for i in range(5)}):
        keys_changed_in(make())


def keys_changed_in(d):
    seen = []
    try:
        for k, v in d.items():
            seen.append(k)
            if k == 1:
                del d[0]
                d["new"] = 1
    except RuntimeError as e:
        print("RuntimeError:", e)
    print(seen)


def partly_consumed():
    d = dict(zip("abcdef", range(6)))
    it = iter(d.items())
    print(next(it))
    for k, v in it:
        print(k, v, end=" ")
    print()
    print(list(it), next(it, "done"))
    vi = iter(d.values())
    next(vi)
    print(sum(v for v in vi))
    ki = iter(d)
    for k in ki:
        if k == "c":
            break
    print(list(ki))


def deleted_entries():
    d = {i: str(i) for i in range(10)}
    for i in range(0, 10, 3):
        del d[i]
    for k, v in d.items():
        print(k, v, end=" ")
    print()
    print([k for k in d], [v for v in d.values()])


def wrong_arity():
    try:
        for a, b, c in {1: 2}.items():
            pass
    except ValueError as e:
        print("ValueError:", e)


def reversed_items():
    for k, v in reversed({1: "a", 2: "b", 3: "c"}.items()):
        print(k, v, end=" ")
    print()


def tuple_kept():
    d = {"a": 1, "b": 2}
    kept = []
    for t in d.items():
        kept.append(t)
    print(kept, kept[0] is kept[1])


for fn in [items_locals, items_cell, items_attr_targets, items_star, items_nested,
           size_change, keys_changed, partly_consumed, deleted_entries, wrong_arity,
           reversed_items, tuple_kept]:
    r = fn()
    if r is not None:
        print(r)

g = {"m": 1, "n": 2}
for gk, gv in g.items():
    print("global", gk, gv)
