#!/usr/bin/env python3
"""Record what CPython 3.11 does for each differential test case, as the expected output.

Cases:
  tests/py/NAME.py      a program, run as `python3 NAME.py` from tests/py
  tests/cli/NAME.args   a command line (shlex syntax, first word is the interpreter's
                        options/arguments), run from tests/cli; NAME.stdin, if present,
                        is fed to standard input
Each gets NAME.expected (JSON: status, stdout, stderr). Absolute paths of the case
directory and the interpreter's name are replaced by <DIR> and <PROG> so that the
expectations hold on any machine.

Usage: python3 tests/record.py [NAME ...]   (NAME, NAME.py or py/NAME.py; default: every case)
"""
import json
import os
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def normalise(text, directory, prog):
    text = text.replace(directory, "<DIR>")
    return text.replace(prog, "<PROG>")


def run_case(interp, case_dir, name):
    """Run one case under `interp`; return the normalised result dict."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONIOENCODING"] = "utf-8"
    stdin = b""
    if name.endswith(".py"):
        argv = [interp, name]
    else:
        with open(os.path.join(case_dir, name), encoding="utf-8") as f:
            argv = [interp] + shlex.split(f.read())
        stdin_path = os.path.join(case_dir, name[: -len(".args")] + ".stdin")
        if os.path.exists(stdin_path):
            with open(stdin_path, "rb") as f:
                stdin = f.read()
    proc = subprocess.run(argv, cwd=case_dir, input=stdin, capture_output=True, env=env, timeout=60)
    return {
        "status": proc.returncode,
        "stdout": normalise(proc.stdout.decode("utf-8", "replace"), case_dir, interp),
        "stderr": normalise(proc.stderr.decode("utf-8", "replace"), case_dir, interp),
    }


def cases():
    for sub, suffix in (("py", ".py"), ("cli", ".args")):
        d = os.path.join(HERE, sub)
        for name in sorted(os.listdir(d)):
            if name.endswith(suffix):
                yield d, name


def main():
    wanted = {os.path.basename(w) for w in sys.argv[1:]}
    interp = os.path.realpath(sys.executable)
    if sys.version_info[:2] != (3, 11):
        sys.exit("record.py must run under CPython 3.11")
    for case_dir, name in cases():
        stem = name.rsplit(".", 1)[0]
        if wanted and stem not in wanted and name not in wanted:
            continue
        result = run_case(interp, case_dir, name)
        with open(os.path.join(case_dir, stem + ".expected"), "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(f"recorded {os.path.relpath(os.path.join(case_dir, name), HERE)}: status {result['status']}")


if __name__ == "__main__":
    main()
