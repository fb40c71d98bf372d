# Groups wider than 15 and deeper than 10 are truncated as CPython draws them.
import sys

wide = ExceptionGroup("wide", [ValueError(i) for i in range(17)])
deep = ValueError("leaf")
for i in range(12):
    deep = ExceptionGroup(f"level {i}", [deep])
try:
    raise BaseExceptionGroup("top", [wide, deep, KeyboardInterrupt()])
except* KeyboardInterrupt:
    print("interrupt handled")
    sys.stdout.flush()
