from __future__ import annotations
import sys

def f(a: int, b: list[int] = None, *args: *Ts, c: "quoted" = 1, **kw: dict[str, int]) -> Node: pass
print(f.__annotations__)

class Node:
    next: Node | None
    val: int = 3
    items: list[tuple[int, ...]]
    x: (1, 2)
    y: lambda a, b=1, *c, d, e=2, **f: a + b
    z: lambda: 0
    w: lambda a, /, b: 0
    fs: f"{a!r:>{width}} and {{braces}} {b=}"
    ops: a + b * c ** -d ** e - (f - g) / h // i % j @ k
    cmp: a < b <= c is not d not in e
    bo: a and b or not c and (d or e)
    cond: a if b else c if d else e
    cond2: (a if b else c) if d else e
    tern: (lambda: 1) if x else y
    sub: a[1:2, ::3, b:]
    sub1: a[1,]
    sub2: a[()]
    sub3: a[(1, 2)]
    calls: f(a, *b, c=d, **e)
    gen: f(x for x in y if x)
    comps: [x for x in y async for z in w if z if q]
    dc: {k: v for k, v in items}
    sc: {x for x in y}
    d: {1: 2, **m}
    s: {1, 2}
    es: {*()}
    con: (1, 2.5, 1e300, 1e999, -1e999, 1j, 1e999j, "s", b"b", ..., None, True, u"x")
    attr: 1 .real
    attr2: a.b.c
    star: Tuple[*Ts]
    neg: -(-1)
    pw: (-1) ** 2
    pw2: (a ** b) ** c
    inv: ~a
    uni: int | str | None
    slc: a[b:c:d]
    strs: 'it\'s "q"'
    nested: dict[str, list[dict[int, set[frozenset[bytes]]]]]
print(Node.__annotations__)
x: List[int] = 5
print(__annotations__)
def g():
    y: Undefined = 1
    return y
print(g())
obj = type("O", (), {})()
obj.attr: Undefined2 = 4
print(obj.attr)
