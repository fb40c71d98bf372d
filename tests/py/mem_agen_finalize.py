# An unfinished async generator that dies without a finalizer hook is closed (its
# finally runs); with a hook, the hook gets it instead and it is not closed.
import sys

async def agen(name):
    try:
        yield 1
        yield 2
    finally:
        print(name, "finally")

def step(a):
    try:
        a.__anext__().send(None)
    except StopIteration as e:
        return e.value

a = agen("plain")
print(step(a))
del a
print("after plain")

kept = []
def finalizer(g):
    print("finalizer called for", g.__name__)
    kept.append(g)
sys.set_asyncgen_hooks(finalizer=finalizer)
a = agen("hooked")
print(step(a))
del a
print("after hooked; kept", len(kept))
sys.set_asyncgen_hooks(finalizer=None)

# the hook resurrected it: closing it now runs its finally
g = kept.pop()
try:
    g.aclose().send(None)
except StopIteration:
    print("aclose done")
del g

# finished async generators do not call the finalizer
sys.set_asyncgen_hooks(finalizer=finalizer)
a = agen("finished")
print(step(a), step(a))
try:
    a.__anext__().send(None)
except StopAsyncIteration:
    print("exhausted")
del a
print("kept", len(kept))
print("end")
