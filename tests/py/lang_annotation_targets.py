log = []
class O:
    def __getattr__(self, n):
        log.append(n)
def t(name):
    log.append(name)
    return name
o = O()
def gv():
    log.append("obj")
    return o
gv().attr: t("ann1")
d = {}
def gd():
    log.append("dict")
    return d
gd()[t("key")]: t("ann2")
(x): t("ann3")
class C:
    (y): t("ann4")
    z: t("ann5")
def f():
    gv().q: t("ann6")
    w: t("ann7")
f()
print(log)
print(__annotations__, C.__annotations__)
try:
    exec("x = 1\nfrom __future__ import annotations\n")
except SyntaxError as e:
    print(e, e.lineno, e.offset)
exec('"doc"\nfrom __future__ import annotations\nfrom __future__ import division\nv: q\nprint(__annotations__)\n', {})
import __future__
c = compile("def h(a: b) -> c: pass", "s", "exec", __future__.annotations.compiler_flag)
ns = {}
exec(c, ns)
print(ns["h"].__annotations__)
