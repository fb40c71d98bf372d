# Modules imported once importlib is loaded get the specs and loaders that
# spec_from_file_location gives (pyrs builds them without running it).
import importlib
import importlib.util
import os
import shutil
import sys
import tempfile

root = tempfile.mkdtemp()
try:
    pkg = os.path.join(root, "spec_pkg")
    os.makedirs(os.path.join(pkg, "sub"))
    with open(os.path.join(pkg, "__init__.py"), "w") as f:
        f.write("from . import mod\n")
    with open(os.path.join(pkg, "mod.py"), "w") as f:
        f.write("X = 1\n")
    with open(os.path.join(pkg, "sub", "__init__.py"), "w") as f:
        f.write("")
    sys.path.insert(0, root)
    sys.dont_write_bytecode = True
    import spec_pkg
    import spec_pkg.sub

    def rel(p):
        return None if p is None else os.path.relpath(p, root)

    for m in (spec_pkg, spec_pkg.mod, spec_pkg.sub):
        s = m.__spec__
        print(s.name, s.parent, type(s.loader).__name__, s.loader is m.__loader__,
              rel(s.origin), s.has_location, s._set_fileattr,
              s.cached == m.__cached__,
              None if s.submodule_search_locations is None
              else [rel(p) for p in s.submodule_search_locations],
              s.submodule_search_locations is getattr(m, "__path__", None),
              s.loader.name, rel(s.loader.path), s.loader.is_package(s.name))
        f = importlib.util.spec_from_file_location(
            s.name, m.__file__,
            **({"submodule_search_locations": m.__path__} if hasattr(m, "__path__") else {}))
        print(" same as spec_from_file_location:", f == s, type(f.loader) is type(s.loader))
    # Reloading keeps the module and its spec working.
    with open(os.path.join(pkg, "mod.py"), "w") as f:
        f.write("X = 2\n")
    m = importlib.reload(spec_pkg.mod)
    print(m is spec_pkg.mod, m.X, m.__spec__.name)
finally:
    shutil.rmtree(root)
