# Output order between print, sys.stdout.write, the buffer and os-level writes; stderr.
import sys
import posix

print("one")
sys.stdout.write("two\n")
sys.stdout.buffer.write(b"three\n")
sys.stdout.flush()
posix.write(1, b"four\n")
print("five", end="")
print(" six", flush=True)
posix.write(1, b"seven\n")
sys.stderr.write("err one\n")
print("to stderr", file=sys.stderr)
sys.stderr.buffer.write(b"err bytes\n") if hasattr(sys.stderr, "buffer") else None
print(sys.stdout.encoding, sys.stdout.errors, sys.stderr.errors, sys.stdout.mode, sys.stdin.mode)
print(sys.stdout.name, sys.stderr.name, sys.stdin.name, sys.stdout.fileno(), sys.stderr.fileno())
print(sys.stdout.writable(), sys.stdin.readable(), sys.stdout.newlines)
print(sys.__stdout__ is sys.stdout, type(sys.stdout).__name__)
print("non-ascii: \u00e9\u20ac\U0001f600")
sys.stdout.write("no newline at the end")
sys.stderr.write("partial stderr line")
raise SystemExit(3)
