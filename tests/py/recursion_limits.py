# Unbounded recursion through every kind of call raises RecursionError, also with a
# recursion limit far above what the native stack could hold (pyrs checks the stack).
import sys, json, pickle, copy
def t(name, f):
    try:
        f(); print(name, "ok")
    except RecursionError as e:
        print(name, "RecursionError")
    except Exception as e:
        print(name, type(e).__name__)
def rec(n): return rec(n + 1)
t("plain", lambda: rec(0))
class G:
    def __getattr__(self, n): return getattr(self, n)
t("getattr", lambda: G().x)
class E:
    def __eq__(self, o): return self == o
t("eq", lambda: E() == E())
class R:
    def __repr__(self): return repr(self)
t("repr", lambda: repr(R()))
l = []
for _ in range(100000): l = [l]
t("repr-nested", lambda: repr(l))
t("json-nested", lambda: json.dumps(l))
t("pickle-nested", lambda: pickle.dumps(l))
t("deepcopy-nested", lambda: copy.deepcopy(l))
t("eq-nested", lambda: l == copy.copy(l))
d = {}
for _ in range(100000): d = {"a": d}
t("str-dict", lambda: str(d))
class I:
    def __iter__(self): return iter(I())
t("iter", lambda: list(I()))
class H:
    def __hash__(self): return hash(self)
t("hash", lambda: hash(H()))
class C:
    def __call__(self): return self()
t("call", lambda: C()())
t("eval-deep", lambda: eval("(" * 200 + ")" * 200))
t("compile-deep", lambda: compile("-" * 100000 + "1", "s", "eval"))
t("sorted-key", lambda: sorted([1, 2], key=lambda x: rec(0)))
t("map", lambda: list(map(rec, [1])))
class P:
    @property
    def p(self): return self.p
t("property", lambda: P().p)
def gen():
    yield from gen()
t("yield-from", lambda: list(gen()))
sys.setrecursionlimit(100000)
t("high-limit", lambda: rec(0))
print("survived")
