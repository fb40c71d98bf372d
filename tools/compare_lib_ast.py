#!/usr/bin/env python3
"""Compare pyrs's parse of every .py file under a directory with CPython 3.11's.

For files CPython parses, `ast.dump(tree, include_attributes=True)` must be identical;
for files it rejects, the error class, message and line must be. Prints the match rate
and the mismatches (first differing position of each).

Usage: python3 tools/compare_lib_ast.py [LIBDIR] [--binary target/release/examples/dump_many]
"""
import ast
import os
import subprocess
import sys
import warnings

warnings.filterwarnings("ignore")


def cpython_result(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        return ast.dump(ast.parse(data), include_attributes=True)
    except SyntaxError as e:
        return "!!! %s: %s (line %s, offset %s)" % (type(e).__name__, e.msg, e.lineno, e.offset)
    except (ValueError, RecursionError, MemoryError) as e:
        return "!!! %s: %s" % (type(e).__name__, e)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    libdir = args[0] if args else "/root/.pyenv/versions/3.11.7/lib/python3.11"
    binary = "target/release/examples/dump_many"
    if "--binary" in sys.argv:
        binary = sys.argv[sys.argv.index("--binary") + 1]
    files = []
    for root, dirs, names in os.walk(libdir):
        dirs.sort()
        for n in sorted(names):
            if n.endswith(".py"):
                files.append(os.path.join(root, n))
    proc = subprocess.run([binary], input="\n".join(files) + "\n", capture_output=True, text=True, errors="replace")
    ours = {}
    current = None
    for line in proc.stdout.split("\n"):
        if line.startswith("=== "):
            current = line[4:]
            ours[current] = ""
        elif current is not None and line:
            ours[current] = line
    ok = 0
    bad = []
    for path in files:
        want = cpython_result(path)
        got = ours.get(path, "<no output: crashed?>")
        if want.startswith("!!!") and got.startswith("!!!"):
            # Compare class, message and line; offsets are reported separately.
            if want.rsplit(", offset", 1)[0] == got.rsplit(", offset", 1)[0]:
                ok += 1
                continue
        elif want == got:
            ok += 1
            continue
        i = 0
        while i < min(len(want), len(got)) and want[i] == got[i]:
            i += 1
        bad.append((path, want[max(0, i - 80): i + 80], got[max(0, i - 80): i + 80]))
    for path, w, g in bad:
        print("MISMATCH", path)
        print("  cpython:", w)
        print("  pyrs:   ", g)
    print("%d of %d files match (%.2f%%)" % (ok, len(files), 100.0 * ok / max(1, len(files))))
    if proc.returncode != 0:
        print("dump_many exited with status", proc.returncode, proc.stderr[-2000:])


if __name__ == "__main__":
    main()
