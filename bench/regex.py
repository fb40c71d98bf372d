#!/usr/bin/env python3
"""Benchmark: the regular expression engine (`_sre`), pyrs against CPython.

Workloads in the style of pyperformance's regex_effbot (alternations, groups,
backreferences and repeats searched in strings of growing size) and regex_v8 (mail, URL,
number and word patterns over a text of a few hundred lines; sub, findall, split,
finditer loops), on ASCII and non-ASCII text.

The patterns are compiled here, under CPython, by `re._compiler`; the workload program
drives `_sre.compile` with those opcode lists, so both interpreters run exactly the same
engine work and pyrs needs no `re` package. With `--re` the workload uses `re` itself
(pattern compilation and the `re` module functions included).

Each interpreter runs the workload program once per round (best of ROUNDS); the program
times itself with time.perf_counter. The ratio pyrs/CPython below 1 means pyrs is faster.

Usage: python3 bench/regex.py [--pyrs target/release/pyrs] [--cpython /usr/bin/python3.11]
                              [--rounds 3] [--re]
"""
import os
import re
import subprocess
import sys
import tempfile

EFFBOT = [
    ("Python|Perl", 0),
    ("Python|Perl|Tcl", 0),
    ("(Python|Perl)", 0),
    ("(?:Python|Perl)", 0),
    ("Python", 0),
    ("Python", re.I),
    ("(Python)\\1", 0),
    ("([0a-z][a-z0-9]*,)+", 0),
    ("(?:[0a-z][a-z0-9]*,)+", 0),
    ("([a-z][a-z0-9]*,)+", 0),
    (".*P.*y.*t.*h.*o.*n.*", 0),
]

V8 = [
    ("[\\w.+-]+@[\\w-]+\\.[\\w.-]+", 0),
    ("(https?)://([^/\\s]+)(/\\S*)?", 0),
    ("\\b\\d+(?:\\.\\d+)?\\b", 0),
    ("\\b[A-Z][a-z]+\\b", 0),
    ("(\\w+)\\s+\\1", re.I),
    ("^\\s*(\\w+)\\s*=\\s*(.*?)\\s*$", re.M),
    ("[aeiou]{2,}", 0),
    ("\\s+", 0),
    ("'(?:[^'\\\\]|\\\\.)*'", 0),
    ("(?<=\\s)the(?=\\s)", re.I),
]

WORKLOAD = r'''
import time
USE_RE = %(use_re)r
if USE_RE:
    import re
    def comp(spec):
        return re.compile(spec[0], spec[1])
else:
    import _sre
    def comp(spec):
        return _sre.compile(*spec[2:])

EFFBOT = %(effbot)r
V8 = %(v8)r

def effbot_strings(n):
    out = []
    for s in ("Python", "Perl", "Tcl", "PythonPython", "a5,b7,c9,", "a5,b7,c9,d", "P y t h o n"):
        out.append("-" * n + s + "-" * n)
    return out

def make_text(uni):
    words = ["the", "quick", "Brown", "fox", "jumps", "over", "lazy", "dog", "3.14",
             "mail", "joe@example.com", "http://www.python.org/doc/x", "42", "queue",
             "x = 10", "'it\\'s'", "the", "The", "beautiful"]
    if uni:
        words += ["caf\u00e9", "na\u00efve", "\u65e5\u672c", "\u041f\u0440\u0438\u0432\u0435\u0442"]
    lines = []
    for i in range(400):
        line = " ".join(words[(i * 7 + j * 3) %% len(words)] for j in range(12))
        lines.append(line)
    return "\n".join(lines)

def run():
    effbot = [comp(s) for s in EFFBOT]
    v8 = [comp(s) for s in V8]
    total = 0
    t0 = time.perf_counter()
    for n, reps in ((0, 40), (10, 40), (100, 20), (1000, 4), (3000, 1)):
        strings = effbot_strings(n)
        for _ in range(reps):
            for p in effbot:
                for s in strings:
                    if p.search(s) is not None:
                        total += 1
    t1 = time.perf_counter()
    for uni in (False, True):
        text = make_text(uni)
        for _ in range(10):
            for p in v8:
                total += len(p.findall(text))
                total += len(p.sub("<>", text))
                total += len(p.split(text))
                for m in p.finditer(text):
                    total += m.end() - m.start()
            lines = text.split("\n")
            for p in v8[:4]:
                for line in lines:
                    m = p.search(line)
                    if m:
                        total += len(m.group(0))
    t2 = time.perf_counter()
    print("effbot=%%.4f v8=%%.4f total=%%d" %% (t1 - t0, t2 - t1, total))

run()
'''


def specs(patterns):
    out = []
    for pat, flags in patterns:
        p = re.compile(pat, flags)
        code = [int(c) for c in re._compiler._code(re._parser.parse(pat, flags), p.flags)]
        indexgroup = [None] * (p.groups + 1)
        for k, i in p.groupindex.items():
            indexgroup[i] = k
        out.append((pat, int(flags), pat, p.flags, code, p.groups, dict(p.groupindex), tuple(indexgroup)))
    return out


def run(interp, path):
    proc = subprocess.run([interp, path], capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        sys.exit("%s failed:\n%s" % (interp, proc.stderr[-3000:]))
    fields = dict(kv.split("=") for kv in proc.stdout.split())
    return float(fields["effbot"]), float(fields["v8"]), fields["total"]


def main():
    args = sys.argv[1:]
    def opt(name, default):
        if name in args:
            return args[args.index(name) + 1]
        return default
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    pyrs = opt("--pyrs", os.path.join(root, "target", "release", "pyrs"))
    cpython = opt("--cpython", "/usr/bin/python3.11")
    rounds = int(opt("--rounds", "3"))
    program = WORKLOAD % {"use_re": "--re" in args, "effbot": specs(EFFBOT), "v8": specs(V8)}
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(program)
        path = f.name
    try:
        results = {}
        for name, interp in (("cpython", cpython), ("pyrs", pyrs)):
            best = None
            for _ in range(rounds):
                e, v, total = run(interp, path)
                if best is None or e + v < best[0] + best[1]:
                    best = (e, v, total)
            results[name] = best
            print("%-8s effbot %.4fs  v8 %.4fs  (checksum %s)" % (name, best[0], best[1], best[2]))
        c, p = results["cpython"], results["pyrs"]
        if c[2] != p[2]:
            print("checksums differ: results are not the same!")
        print("ratio pyrs/cpython: effbot %.2f  v8 %.2f  total %.2f"
              % (p[0] / c[0], p[1] / c[1], (p[0] + p[1]) / (c[0] + c[1])))
    finally:
        os.unlink(path)


if __name__ == "__main__":
    main()
