"""Import benchmark for the bytecode cache: a generated package tree of 200 modules
(50,000 lines) imported with a cold cache (no __pycache__: every module compiled and its
cache written) and a warm one (every module loaded from its .pyc), by pyrs and by
CPython side by side in one run.

    python3 bench/pyc_import.py [--pyrs PATH] [--python PATH] [--runs N]

Times are wall-clock times of whole processes (`-S -c "import bench_tree"`), best of
N runs, with and without each interpreter's start-up time (`-S -c pass`) taken off;
`--cpu` measures the processes' CPU time (user + system) instead, steadier on a busy
machine.
Acceptance: pyrs warm >= 5x faster than pyrs cold, and faster than CPython warm.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PACKAGES = 10
MODULES_PER_PACKAGE = 20
UNITS_PER_MODULE = 10  # 25 lines each: 250 lines a module, 50,000 in all


def unit(i, j):
    return f'''
def func_{i}_{j}(a, b=2, *args, key=None, **kw):
    """Function {j} of module {i}."""
    x = a + b
    if key is not None:
        x += len(key)
    for k in range(3):
        x = x * 2 - k
    return x, args, kw

CONST_{i}_{j} = ({j}, "value {j}", {j}.5)

class Class_{i}_{j}(object):
    """Class {j} of module {i}."""
    attr = {j}
    names = ("alpha_{j}", "beta_{j}", "gamma_{j}")

    def __init__(self, v):
        self.v = v

    def method(self, n):
        total = 0
        for q in range(n):
            total += q * self.v
        return total

'''.lstrip("\n")


def module_text(i):
    units = "".join(unit(i, j) for j in range(UNITS_PER_MODULE))
    return units


def generate(root):
    tree = os.path.join(root, "bench_tree")
    os.makedirs(tree)
    lines = 0
    with open(os.path.join(tree, "__init__.py"), "w") as f:
        for p in range(PACKAGES):
            f.write(f"from . import pkg_{p}\n")
    for p in range(PACKAGES):
        pkg = os.path.join(tree, f"pkg_{p}")
        os.makedirs(pkg)
        with open(os.path.join(pkg, "__init__.py"), "w") as f:
            for m in range(MODULES_PER_PACKAGE):
                f.write(f"from . import mod_{m}\n")
        for m in range(MODULES_PER_PACKAGE):
            text = module_text(p * MODULES_PER_PACKAGE + m)
            lines += text.count("\n")
            with open(os.path.join(pkg, f"mod_{m}.py"), "w") as f:
                f.write(text)
    return lines


def clear_caches(root):
    for dirpath, dirnames, _ in os.walk(root):
        if "__pycache__" in dirnames:
            shutil.rmtree(os.path.join(dirpath, "__pycache__"))
            dirnames.remove("__pycache__")


def run(exe, root, code):
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPYCACHEPREFIX", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run([exe, "-S", "-c", code], cwd=root, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        sys.exit(f"{exe} failed:\n{out.stderr.decode(errors='replace')}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return CPU_TIME and cpu or elapsed


CPU_TIME = False

CHECK = ("import bench_tree; "
         "print(bench_tree.pkg_9.mod_19.Class_199_9(3).method(4), "
         "bench_tree.pkg_0.mod_0.func_0_0(1))")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_pyrs = os.path.join(here, "..", "target-pyc", "release", "pyrs")
    parser = argparse.ArgumentParser()
    parser.add_argument("--pyrs", default=os.environ.get("PYRS", default_pyrs))
    parser.add_argument("--python", default="/usr/bin/python3.11")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cpu", action="store_true", help="CPU time, not wall time")
    args = parser.parse_args()
    global CPU_TIME
    CPU_TIME = args.cpu
    exes = {"pyrs": os.path.abspath(args.pyrs), "cpython": args.python}
    root = tempfile.mkdtemp(prefix="pyc_import_bench_")
    try:
        lines = generate(root)
        modules = PACKAGES * MODULES_PER_PACKAGE
        print(f"tree: {modules} modules + {PACKAGES + 1} packages, {lines} lines")
        # Both give the same answer.
        outputs = set()
        for name, exe in exes.items():
            env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
            out = subprocess.run([exe, "-S", "-c", CHECK], cwd=root, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            if out.returncode != 0:
                sys.exit(f"{name} failed:\n{out.stderr.decode(errors='replace')}")
            outputs.add(out.stdout)
        if len(outputs) != 1:
            sys.exit(f"outputs differ: {outputs}")
        times = {(name, kind): [] for name in exes for kind in ("start", "cold", "warm")}
        for _ in range(args.runs):
            # Interleaved, so that machine noise hits both alike.
            for name, exe in exes.items():
                times[name, "start"].append(run(exe, root, "pass"))
                clear_caches(root)
                times[name, "cold"].append(run(exe, root, "import bench_tree"))
                times[name, "warm"].append(run(exe, root, "import bench_tree"))
            clear_caches(root)
        best = {k: min(v) for k, v in times.items()}
        med = {k: statistics.median(v) for k, v in times.items()}
        print(f"{'':10}{'start-up':>12}{'cold':>12}{'warm':>12}"
              f"{'cold-start':>12}{'warm-start':>12}   (best of {args.runs}, ms{', CPU' if CPU_TIME else ''})")
        for name in exes:
            s, c, w = best[name, "start"], best[name, "cold"], best[name, "warm"]
            print(f"{name:10}{s*1e3:12.1f}{c*1e3:12.1f}{w*1e3:12.1f}"
                  f"{(c-s)*1e3:12.1f}{(w-s)*1e3:12.1f}")
        def net(name, kind):
            return max(best[name, kind] - best[name, "start"], 1e-6)
        print()
        print(f"pyrs cold / pyrs warm:        {best['pyrs', 'cold'] / best['pyrs', 'warm']:6.2f}x"
              f" (start-up taken off: {net('pyrs', 'cold') / net('pyrs', 'warm'):6.2f}x)")
        print(f"cpython warm / pyrs warm:     {best['cpython', 'warm'] / best['pyrs', 'warm']:6.2f}x"
              f" (start-up taken off: {net('cpython', 'warm') / net('pyrs', 'warm'):6.2f}x)")
        print(f"cpython cold / cpython warm:  {best['cpython', 'cold'] / best['cpython', 'warm']:6.2f}x")
        print(f"medians (ms): " + ", ".join(
            f"{n} {k} {med[n, k]*1e3:.1f}" for n in exes for k in ("cold", "warm")))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
