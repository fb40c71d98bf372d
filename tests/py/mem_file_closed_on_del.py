# A file object closes its descriptor the moment it dies.
import os
import tempfile

fd, path = tempfile.mkstemp()
os.close(fd)
f = open(path, "w")
f.write("data")
fd = f.fileno()
del f
try:
    os.fstat(fd)
    print("still open")
except OSError as e:
    print("closed:", e.errno == 9)
with open(path) as g:
    print(g.read())

def use():
    h = open(path, "rb")
    return h.fileno()
fd = use()
try:
    os.fstat(fd)
    print("still open")
except OSError:
    print("closed after return")
os.unlink(path)
