# os (Lib's os.py over the native posix module): paths, environ, walk, files.
import os, sys, time

print(os.name, os.sep, os.curdir, os.pardir, os.extsep, os.altsep, os.pathsep, os.linesep == "\n", os.devnull)
print(os.path.join("a", "b"), os.path.join("/x", "y", "../z"), os.path.normpath("/x/y/../z"))
print(os.path.split("/a/b/c.txt"), os.path.splitext("c.tar.gz"), os.path.basename("/a/b"), os.path.dirname("/a/b"))
print(os.path.isabs("/a"), os.path.isdir("/usr"), os.path.isfile("/usr"), os.path.exists("/nonexistent-path"))
print(os.getcwd() == os.path.abspath("."), os.path.abspath("x").endswith("/x"))
print(os.environ.get("PYRS_OS_TEST_UNSET"), os.environ.get("PYTHONHASHSEED"), os.getenv("PYTHONHASHSEED"))
os.environ["PYRS_OS_TEST"] = "value é"
print(os.environ["PYRS_OS_TEST"], os.environb[b"PYRS_OS_TEST"], "PYRS_OS_TEST" in os.environ)
del os.environ["PYRS_OS_TEST"]
print("PYRS_OS_TEST" in os.environ, os.environ.get("PYRS_OS_TEST", "gone"))
print(os.fsencode("a\udcffb"), os.fsdecode(b"a\xffb") == "a\udcffb", os.fspath("p"))
print(os.stat in os.supports_dir_fd, os.stat in os.supports_follow_symlinks, os.listdir in os.supports_fd)
print(os.SEEK_SET, os.SEEK_CUR, os.SEEK_END, os.O_RDONLY, os.F_OK)
print(type(os.stat(".")).__name__, os.stat_result is type(os.stat(".")), os.error is OSError)
print(os.getpid() > 0, os.getpid() == os.getpid(), os.getppid() > 0, os.getuid() >= 0)
print(os.cpu_count() > 0, len(os.urandom(16)), type(os.urandom(0)).__name__, os.strerror(2))
print(os.waitstatus_to_exitcode(3 << 8), os.waitstatus_to_exitcode(9), os.WEXITSTATUS(3 << 8), os.WIFEXITED(0))
print(os.uname().sysname, os.terminal_size((80, 24)), os.get_exec_path()[:0])
base = "/tmp/pyrs_os_module_%d" % os.getpid()
os.makedirs(base + "/a/b/c")
with os.scandir(base) as it:
    print([e.name for e in it])
for name in ["a/x.txt", "a/b/y.txt", "a/b/c/z.txt"]:
    fd = os.open(os.path.join(base, name), os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, name.encode())
    os.close(fd)
for root, dirs, files in os.walk(base):
    dirs.sort()
    print(os.path.relpath(root, base), dirs, sorted(files))
print(os.path.getsize(base + "/a/x.txt"), os.path.exists(base + "/a/b"))
os.renames(base + "/a/b/c/z.txt", base + "/q/z.txt")
print(sorted(os.listdir(base)), os.path.exists(base + "/a/b/c"))
for root, dirs, files in os.walk(base, topdown=False):
    for f in files:
        os.remove(os.path.join(root, f))
    for d in dirs:
        os.rmdir(os.path.join(root, d))
os.rmdir(base)
print(os.path.exists(base))
try:
    os.makedirs("/proc/nope/x")
except OSError as e:
    print(type(e).__name__, e.errno)
try:
    os.remove(base)
except FileNotFoundError as e:
    print(e.strerror, e.filename == base)
pid = os.fork()
if pid == 0:
    os._exit(7)
print(os.waitpid(pid, 0)[1] >> 8)
print(time.strptime("2024-03-05 10:20:30", "%Y-%m-%d %H:%M:%S"))
try:
    time.strptime("2024", "%d")
except ValueError as e:
    print(e)
