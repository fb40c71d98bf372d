# py_compile and compileall, as command lines and as functions: their output, exit
# statuses and the files they write (which then import without compiling), and
# importlib.util's cache names. The implementation's cache tag and magic number are
# printed as TAG and MAGIC so that the output is the same for every implementation.
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile

TAG = sys.implementation.cache_tag
MAGIC = importlib.util.MAGIC_NUMBER
print(len(MAGIC), MAGIC[2:], TAG.endswith("-311"))


def norm(text):
    return text.replace(TAG, "TAG")


def run(*args):
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env)
    print(f"$ {' '.join(args)} -> {out.returncode}")
    for line in norm(out.stdout + out.stderr).splitlines():
        print("   ", line)


def tree():
    for root, dirs, files in sorted(os.walk(".")):
        dirs.sort()
        for f in sorted(files):
            path = os.path.join(root, f)
            if f.endswith(".pyc"):
                with open(path, "rb") as fh:
                    head = fh.read(16)
                print("   ", norm(path), head[:4] == MAGIC, int.from_bytes(head[4:8], "little"))
            else:
                print("   ", path)


top = tempfile.mkdtemp()
os.chdir(top)
os.makedirs("d/sub/deeper")
with open("d/a.py", "w") as f:
    f.write("X = 1\n")
with open("d/bad.py", "w") as f:
    f.write("def (\n")
with open("d/skip_me.py", "w") as f:
    f.write("Z = 3\n")
with open("d/sub/b.py", "w") as f:
    f.write("Y = 2\n")
with open("d/sub/deeper/c.py", "w") as f:
    f.write("W = 4\n")
with open("d/notes.txt", "w") as f:
    f.write("not python\n")

run("-m", "compileall", "-l", "d")
run("-m", "compileall", "-r", "1", "d")
run("-m", "compileall", "d")
run("-m", "compileall", "-f", "-q", "-x", "bad|skip", "d")
run("-m", "compileall", "-q", "d/sub")
run("-m", "compileall", "-o", "1", "-o", "2", "-q", "-x", "bad", "d/sub/deeper")
run("-m", "compileall", "--invalidation-mode", "checked-hash", "-f", "-q", "d/sub/b.py")
run("-m", "compileall", "--invalidation-mode", "unchecked-hash", "-f", "-q", "d/sub/deeper/c.py")
run("-m", "compileall", "--invalidation-mode", "bogus", "d")
run("-m", "compileall", "missing_dir")
tree()

run("-m", "py_compile", "d/a.py")
run("-m", "py_compile", "d/a.py", "nonexistent.py")
run("-m", "py_compile", "d/bad.py")

# The functions.
import compileall
import py_compile

print(norm(py_compile.compile("d/a.py")))
print(norm(py_compile.compile("d/a.py", cfile="out/a_custom.pyc")))
print(py_compile.compile("d/bad.py", doraise=False))
try:
    py_compile.compile("d/bad.py", doraise=True)
except py_compile.PyCompileError as e:
    print("PyCompileError", e.exc_type_name, e.file)
print(norm(py_compile.compile("d/a.py", invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)))
print(norm(py_compile.compile("d/a.py", optimize=2)))
print(compileall.compile_file("d/sub/b.py", force=True, quiet=1))
print(compileall.compile_dir("d/sub", quiet=1))
print(compileall.compile_dir("d", quiet=2, rx=None))
tree()

# What was written imports without compiling anything (the sources can go).
shutil.rmtree("d/sub/__pycache__/")
print(compileall.compile_dir("d/sub", quiet=1, legacy=True))
os.remove("d/sub/b.py")
sys.path.insert(0, os.path.join(top, "d/sub"))
import b
print(b.Y, b.__file__ == os.path.join(top, "d/sub/b.pyc"))
sys.path.insert(0, os.path.join(top, "d"))
import a
print(a.X, norm(os.path.relpath(a.__cached__, top)))

# importlib.util's names of cache files.
u = importlib.util
print(norm(u.cache_from_source("/p/q.py")))
print(norm(u.cache_from_source("/p/q.py", optimization=1)))
print(norm(u.cache_from_source("/p/q.py", optimization="")))
print(norm(u.cache_from_source("q.pyw")))
print(u.source_from_cache(u.cache_from_source("/p/q.py")))
print(u.source_from_cache(u.cache_from_source("/p/q.py", optimization=2)))
for bad in ("/p/q.pyc", "/p/__pycache__/q.pyc", f"/p/__pycache__/q.{TAG}.x.pyc",
            f"/p/__pycache__/q.{TAG}.opt-1.x.pyc", f"/p/__pycache__/x/q.{TAG}.pyc"):
    try:
        print(u.source_from_cache(bad))
    except ValueError as e:
        print("ValueError", norm(str(e)))
try:
    u.cache_from_source("/p/q.py", optimization="a.b")
except ValueError as e:
    print("ValueError", e)
print(u.source_hash(b"x = 1\n") == u.source_hash(b"x = 1\n"), len(u.source_hash(b"")))

os.chdir("/")
shutil.rmtree(top)
