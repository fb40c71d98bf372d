import sys
def g(a, b=2):
    x = yield a
    yield x, b
it = g(1)
print(it.gi_frame.f_lasti, it.gi_frame.f_lineno, it.gi_running, it.gi_code.co_name)
print(next(it), it.send(5))
async def co(): return 3
c = co()
print(c.cr_frame.f_lasti, c.cr_frame.f_lineno)
try: c.send(None)
except StopIteration as e: print("ret", e.value)
def cellgen(a):
    def inner(): return a
    yield inner()
print(list(cellgen(9)))
def rec(n):
    return rec(n+1) if n < 10**6 else g(1)
try: rec(0)
except RecursionError as e: print("RecursionError", e)
def tr(frame, ev, arg):
    print(ev, frame.f_code.co_name); return tr
sys.settrace(tr)
x = g(3); next(x)
sys.settrace(None)
