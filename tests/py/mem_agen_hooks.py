# sys.set_asyncgen_hooks / get_asyncgen_hooks and when the hooks are called.
import sys

print(sys.get_asyncgen_hooks())
h = sys.get_asyncgen_hooks()
print(type(h).__name__, h.firstiter, h.finalizer, len(h), tuple(h))

events = []
def firstiter(agen):
    events.append(("firstiter", agen.__name__))
def finalizer(agen):
    events.append(("finalizer", agen.__name__))

sys.set_asyncgen_hooks(firstiter=firstiter, finalizer=finalizer)
h = sys.get_asyncgen_hooks()
print(h.firstiter is firstiter, h.finalizer is finalizer)
print(h[0] is firstiter, h[1] is finalizer)

async def agen():
    try:
        yield 1
        yield 2
    finally:
        events.append(("agen finally",))

a = agen()
print("created:", events)
aw = a.__anext__()
print("after __anext__():", events)
try:
    aw.send(None)
except StopIteration as e:
    print("yielded", e.value)
del aw
del a
print(events)

# an async generator that was never iterated: no hook called at all
events.clear()
b = agen()
del b
print("never iterated:", events)

# only the finalizer can be changed, keeping firstiter
sys.set_asyncgen_hooks(finalizer=None)
h = sys.get_asyncgen_hooks()
print(h.firstiter is firstiter, h.finalizer)
sys.set_asyncgen_hooks(None, None)
print(sys.get_asyncgen_hooks())

for bad in [dict(firstiter=1), dict(finalizer="x"), dict(firstiter=None, finalizer=3)]:
    try:
        sys.set_asyncgen_hooks(**bad)
    except TypeError as e:
        print("TypeError:", e)
print(sys.get_asyncgen_hooks())
