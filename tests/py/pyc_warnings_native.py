# warnings with the native _warnings (filters, registries, warn, warn_explicit): the
# behaviour of CPython's C accelerator.
import sys
import warnings

print(warnings.filters[:2], warnings.defaultaction)
print(warnings.warn is __import__("_warnings").warn)
warnings.warn_explicit('hello', UserWarning, 'f.py', 3, module=None)  # ignored
warnings.warn_explicit('hello2', UserWarning, 'f.py', 3)
warnings.warn_explicit('hello3', UserWarning, 'f.py', 3, registry=None)
for bad in [dict(category=int), dict(category=3), dict(stacklevel='a')]:
    try:
        warnings.warn('x', **bad)
    except TypeError as e:
        print(e)
try:
    warnings.warn_explicit('x', UserWarning, 3, 3)
except TypeError as e:
    print(e)
try:
    warnings.warn_explicit('x', UserWarning, 'f', 'a')
except TypeError as e:
    print(e)
try:
    warnings.warn_explicit('x', UserWarning, 'f', 1, registry=[])
except TypeError as e:
    print(e)
warnings.warn('deep', stacklevel=10)


def f():
    warnings.warn("in f")


for i in range(3):
    f()  # shown once (the default action and the registry)
warnings.warn("dep main", DeprecationWarning)
warnings.warn(RuntimeWarning("instance"))
warnings.simplefilter("error")
try:
    f()
except UserWarning as e:
    print("raised", repr(e))
warnings.resetwarnings()
warnings.simplefilter("once")
f(); f()
warnings.simplefilter("module")
f(); f()
warnings.simplefilter("always")
f(); f()
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    warnings.warn("recorded", SyntaxWarning)
    f()
print([(str(x.message), x.category.__name__, x.lineno) for x in w])
warnings.filterwarnings("ignore", message="ign.*")
warnings.warn("ignore me"); warnings.warn("show me")
warnings.filters.insert(0, ("bogus", None, Warning, None, 0))
try:
    warnings.warn("x")
except RuntimeError as e:
    print(e)
warnings.filters.pop(0)
warnings.filters.insert(0, ("ignore", None))
try:
    warnings.warn("x")
except ValueError as e:
    print(e)
warnings.filters.pop(0)
print(sorted(k for k in __warningregistry__ if k != 'version')[:3],
      type(__warningregistry__.get('version')))
warnings.warn_explicit("with globals", UserWarning, __file__, 2,
                       module_globals=globals())
old = warnings.showwarning
warnings.showwarning = lambda *a, **k: print("custom", a[0], a[1].__name__, a[3])
warnings.warn("through showwarning")
warnings.showwarning = old
