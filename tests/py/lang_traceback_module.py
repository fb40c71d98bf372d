# Lib's traceback module on pyrs's tracebacks, frames and code positions.
import sys


def fail(n):
    if n == 0:
        raise KeyError("boom")
    fail(n - 1)


# traceback module through tb_frame/co_positions
import traceback
try:
    fail(1)
except KeyError:
    s = traceback.format_exc()
print(s.replace(__file__, "FILE"))
print(traceback.extract_stack()[-1].name)
print([fs.name for fs in traceback.extract_stack(sys._getframe())][-1:])
