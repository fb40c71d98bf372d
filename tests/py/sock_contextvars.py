import contextvars
from contextvars import ContextVar, Context, Token, copy_context

v = ContextVar('v')
w = ContextVar('w', default=42)
print(v.name, w.name, w.get(), w.get(7))
try:
    v.get()
except LookupError as e:
    print('LookupError', type(e.args[0]).__name__)
print(v.get('dflt'))
print(repr(v).startswith("<ContextVar name='v' at 0x"))
print(repr(w).startswith("<ContextVar name='w' default=42 at 0x"))

t = v.set(1)
print(type(t).__name__, t.var is v, t.old_value is Token.MISSING, repr(Token.MISSING))
print(v.get())
t2 = v.set(2)
print(t2.old_value, v.get())
print(repr(t2).startswith("<Token var=<ContextVar name='v' at "))
v.reset(t2)
print(v.get())
print(repr(t2).startswith("<Token used var="))
try:
    v.reset(t2)
except RuntimeError as e:
    print('RuntimeError', str(e).endswith('has already been used once'))
try:
    w.reset(t)
except ValueError as e:
    print('ValueError', str(e).endswith('was created by a different ContextVar'))
try:
    v.reset(5)
except TypeError as e:
    print('TypeError', e)

ctx = copy_context()
print(type(ctx).__name__, len(ctx), v in ctx, w in ctx, ctx[v], ctx.get(w), ctx.get(w, 'x'))
print(list(ctx) == [v], list(ctx.keys()) == [v], list(ctx.values()), [(k.name, x) for k, x in ctx.items()])
try:
    ctx[w]
except KeyError as e:
    print('KeyError', e.args[0] is w)
try:
    ctx[1]
except TypeError as e:
    print('TypeError', e)
try:
    1 in ctx
except TypeError as e:
    print('TypeError', e)

def f(a, b=0):
    v.set(a + b)
    w.set('in')
    return v.get(), w.get()

print(ctx.run(f, 10, b=5))
print(v.get(), w.get(), ctx[v], ctx[w])
t3 = ctx.run(v.set, 99)
try:
    v.reset(t3)
except ValueError as e:
    print('ValueError', str(e).endswith('was created in a different Context'))

def reenter():
    ctx.run(print, 'no')
try:
    ctx.run(reenter)
except RuntimeError as e:
    print('RuntimeError', str(e).startswith('cannot enter context: <'), str(e).endswith('is already entered'))

c2 = ctx.copy()
print(c2 == ctx, c2 is ctx, c2[v])
c2.run(v.set, 1000)
print(c2[v], ctx[v], c2 == ctx, c2 != ctx)
print(len(Context()), list(Context()))
try:
    Context(1)
except TypeError as e:
    print('TypeError', e)
try:
    Token()
except RuntimeError as e:
    print('RuntimeError', e)
try:
    ContextVar(1)
except TypeError as e:
    print('TypeError', e)
try:
    hash(ctx)
except TypeError as e:
    print('TypeError unhashable')
print(ContextVar[int], Token[str])
print(hash(v) == hash(v), {v: 1}[v])
try:
    class X(ContextVar): pass
except TypeError as e:
    print('TypeError not an acceptable base type')

# Tasks-like isolation: each run sees its own copy.
results = []
def worker(n):
    v.set(n)
    results.append(v.get())
for i in range(3):
    copy_context().run(worker, i)
print(results, v.get())
