#!/usr/bin/env python3
"""Benchmark: parse every .py file of a Lib directory to an AST, pyrs against CPython.

pyrs: `target/release/examples/parse_bench` (build it with
`cargo build --release -p pyrs-parser --example parse_bench`), best of 5 rounds, in one
process, files read before timing. CPython: `/usr/bin/python3.11` (Debian's PGO+LTO
build) running `ast.parse` on the same bytes, best of 5 rounds. Both run in this one
invocation, one after the other; the ratio pyrs/CPython below 1 means pyrs is faster.

Usage: python3 bench/parse_lib.py [LIBDIR] [--cpython /usr/bin/python3.11]
"""
import os
import subprocess
import sys

CPYTHON_TIMER = r"""
import ast, sys, time, warnings
warnings.filterwarnings("ignore")
paths = sys.stdin.read().split("\n")
sources = []
for p in paths:
    if p:
        with open(p, "rb") as f:
            sources.append(f.read())
best = float("inf")
for _ in range(5):
    t = time.perf_counter()
    ok = 0
    for s in sources:
        try:
            ast.parse(s)
            ok += 1
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            pass
    best = min(best, time.perf_counter() - t)
print("files=%d parsed=%d seconds=%.4f" % (len(sources), ok, best))
"""


def field(line, name):
    for part in line.split():
        if part.startswith(name + "="):
            return float(part.split("=", 1)[1])
    raise ValueError(line)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    libdir = args[0] if args else "/usr/lib/python3.11"
    cpython = "/usr/bin/python3.11"
    if "--cpython" in sys.argv:
        cpython = sys.argv[sys.argv.index("--cpython") + 1]
    files = []
    for root, dirs, names in os.walk(libdir):
        dirs.sort()
        files.extend(os.path.join(root, n) for n in sorted(names) if n.endswith(".py"))
    listing = "\n".join(files) + "\n"
    here = os.path.dirname(os.path.abspath(__file__))
    binary = os.path.join(here, "..", "target", "release", "examples", "parse_bench")
    binary = os.environ.get("PYRS_PARSE_BENCH", binary)
    ours = subprocess.run([binary], input=listing, capture_output=True, text=True, check=True).stdout.strip()
    theirs = subprocess.run([cpython, "-c", CPYTHON_TIMER], input=listing, capture_output=True, text=True, check=True).stdout.strip()
    print("pyrs:   ", ours)
    print("CPython:", theirs, "(%s)" % cpython)
    print("ratio pyrs/CPython: %.2f" % (field(ours, "seconds") / field(theirs, "seconds")))


if __name__ == "__main__":
    main()
