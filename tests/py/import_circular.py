# A circular relative import finds the half-imported submodule in sys.modules, as
# CPython does; importing a missing name from a partially initialized module says so.
import circpkg
print(circpkg.second.read())
try:
    import circpkg2
except ImportError as e:
    print(type(e).__name__, str(e).replace(__file__.rsplit("/", 1)[0], "<DIR>"), e.name)
