# The default unraisable hook prints "Exception ignored in" with the traceback to
# sys.stderr (captured here; addresses masked).
import io
import re
import sys

class Quiet:
    def __del__(self):
        raise KeyError("gone")

def boom():
    raise ValueError("nested")

class Nested:
    def __del__(self):
        boom()

err = io.StringIO()
sys.stderr = err
q = Quiet()
del q
n = Nested()
del n
sys.stderr = sys.__stderr__
print(re.sub(r"0x[0-9a-f]+", "ADDR", err.getvalue()))
print("end")
