#!/usr/bin/env python3
"""Record what CPython 3.11 prints for every program of the built-in types corpus.

A corpus file tests/types/NAME.py holds many small programs. Everything before the first
line starting with `#### ` is a prelude (helpers such as `show`) prepended to every
program; each `#### case-name` line starts a program that runs until the next one. Every
program runs on its own as `python3 -c PRELUDE+PROGRAM` and its status, stdout and stderr
are stored in NAME.expected (JSON, an object keyed by case name).
crates/pyrs/tests/types_corpus.rs runs each program under pyrs and compares.

Usage: python3 tests/types/record.py [NAME.py ...]   (default: every corpus file)
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def split_corpus(text):
    """(prelude, [(name, program)]) of a corpus file's text."""
    prelude, cases, name, lines = [], [], None, []
    for line in text.splitlines(keepends=True):
        if line.startswith("#### "):
            if name is not None:
                cases.append((name, "".join(lines)))
            name, lines = line[5:].strip(), []
        elif name is None:
            prelude.append(line)
        else:
            lines.append(line)
    if name is not None:
        cases.append((name, "".join(lines)))
    return "".join(prelude), cases


def main():
    files = sys.argv[1:] or sorted(f for f in os.listdir(HERE) if f.endswith(".py") and f != "record.py")
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8")
    for f in files:
        path = os.path.join(HERE, os.path.basename(f))
        with open(path, encoding="utf-8") as fh:
            prelude, cases = split_corpus(fh.read())
        names = [n for n, _ in cases]
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:
            sys.exit(f"{f}: duplicate case names {sorted(dupes)}")
        out = {}
        for name, program in cases:
            r = subprocess.run([sys.executable, "-c", prelude + program], capture_output=True, env=env, cwd=HERE)
            out[name] = {"status": r.returncode, "stdout": r.stdout.decode("utf-8", "surrogateescape"),
                         "stderr": r.stderr.decode("utf-8", "surrogateescape")}
        with open(path[:-3] + ".expected", "w", encoding="utf-8") as fh:
            json.dump(out, fh, indent=1, ensure_ascii=True, sort_keys=True)
            fh.write("\n")
        print(f"{os.path.basename(path)}: {len(cases)} programs recorded")


if __name__ == "__main__":
    main()
