# `x is None` / `x is not None` as branch tests (one jump on the value): results, while loops
# whose test jumps backward, line events under a trace function, no __eq__ call.
import sys, dis
def f(x, y=None):
    r = []
    if x is None: r.append("x none")
    if x is not None: r.append("x not none")
    if not x is None: r.append("not x is none")
    if x is None or y is None: r.append("either none")
    if x is not None and y is not None: r.append("both set")
    while y is not None:
        r.append(y); y = y - 1 if y > 0 else None
    r.append(x if x is None else "ternary")
    r.append(x is None)
    return r
print(f(None), f(1), f(0, 3))
node = [1, [2, [3, None]]]
n = 0
while node is not None:
    n += node[0]; node = node[1]
print(n)
def tr(frame, ev, arg):
    if ev == "line": print("line", frame.f_lineno - f.__code__.co_firstlineno)
    return tr
sys.settrace(tr); f(None, 1); sys.settrace(None)
class A:
    def __eq__(s, o): print("eq called"); return True
a = A()
print(a is None, a == None)
if a is None: print("bad")
