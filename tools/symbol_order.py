#!/usr/bin/env python3
"""Regenerate crates/pyrs/symbol-order.txt: the functions of a release `pyrs` that run at
start-up and in the benchmark programs, hottest first, for the linker to lay out together.

Why: the kernel maps a file-backed page fault's neighbours too ("fault-around", 64 KiB),
so every function run at start-up makes ~64 KiB of the executable resident. Scattered
over the 4.8 MiB of text, the ~1.3 MiB of functions `pyrs -c pass` runs made 4.1 MiB of
it resident; laid out together they make about their own size resident (peak RSS).

Each workload runs under valgrind's callgrind (`--demangle=no`, so names are the
executable's symbols). Functions run by more workloads come first, so that those every
workload runs (start-up's) lie together; ties go by their summed shares of the
workloads' instructions.
Symbols not in the executable are left out; the linker ignores names it does not find
(crates/pyrs/build.rs passes --no-warn-symbol-ordering), so a list made from an older
build still orders what it names.

Usage: python3 tools/symbol_order.py [--pyrs target/release/pyrs] [--jobs 2]
       [--bench-root DIR] [--bench NAME,...]
"""
import argparse
import collections
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "crates", "pyrs", "symbol-order.txt")
SHIM = "/work/shared/bench/pyperf_shim"
BENCHES = (
    "nbody,fannkuch,spectral_norm,float,richards,richards_super,chaos,go,deltablue,"
    "raytrace,nqueens,hexiom,pidigits,unpack_sequence,generators,coroutines,deepcopy,"
    "json_dumps,json_loads,pyflate,regex_v8,regex_effbot,logging,comprehensions,"
    "meteor_contest,scimark"
)


def self_costs(path):
    """Own instruction counts per function of one callgrind output file."""
    names = {}
    costs = collections.Counter()
    fn = None
    skip_next = False
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"^(fn|cfn|fl|fi|fe|cfi|cfl|ob|cob)=\((\d+)\)(?: (.*))?$", line)
            if m:
                kind, idx, name = m.groups()
                if kind in ("fn", "cfn"):
                    if name:
                        names[idx] = name
                    if kind == "fn":
                        fn = names.get(idx, idx)
                continue
            if line.startswith("calls="):
                skip_next = True
                continue
            if fn and line and (line[0].isdigit() or line[0] in "+-*"):
                if skip_next:
                    skip_next = False
                    continue
                parts = line.split()
                if len(parts) >= 2:
                    costs[fn] += int(parts[1])
    return costs


def run(cmd, cwd, env, out):
    full = ["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={out}"]
    r = subprocess.run(full + cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        print(f"warning: {' '.join(cmd)} exited {r.returncode}", file=sys.stderr)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pyrs", default=os.path.join(ROOT, "target", "release", "pyrs"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--bench-root", default=os.path.expanduser(
        "~/.cache/pyrs-bench/pyperformance-1.14.0/benchmarks"))
    ap.add_argument("--bench", default=BENCHES)
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--reuse", help="rank the callgrind outputs in this folder instead")
    opts = ap.parse_args()
    pyrs = os.path.abspath(opts.pyrs)
    tmp = tempfile.mkdtemp(prefix="symorder.")
    base_env = dict(os.environ)
    base_env.pop("PYTHONDONTWRITEBYTECODE", None)
    jobs = [([pyrs, "-c", "pass"], ROOT, base_env), ([pyrs, "-S", "-c", "pass"], ROOT, base_env)]
    for name in opts.bench.split(","):
        d = os.path.join(opts.bench_root, f"bm_{name}")
        if not os.path.isdir(d):
            print(f"warning: no {d}", file=sys.stderr)
            continue
        env = dict(base_env)
        env["PYTHONPATH"] = f"{SHIM}:{d}"
        env["PYPERF_SHIM_LOOPS"] = "1"
        jobs.append(([pyrs, "run_benchmark.py"], d, env))
    if opts.reuse:
        outs = sorted(os.path.join(opts.reuse, f) for f in os.listdir(opts.reuse))
    else:
        with concurrent.futures.ThreadPoolExecutor(opts.jobs) as ex:
            futs = [ex.submit(run, c, cwd, env, os.path.join(tmp, f"cg.{i}"))
                    for i, (c, cwd, env) in enumerate(jobs)]
            outs = [fu.result() for fu in futs]
        print(f"callgrind outputs kept in {tmp}")
    # Functions run by more workloads first (start-up's, which every workload runs,
    # form one block), then by their summed shares of the workloads' instructions.
    users = collections.Counter()
    share = collections.Counter()
    for out in outs:
        costs = self_costs(out)
        s = sum(costs.values()) or 1
        for k, v in costs.items():
            users[k] += 1
            share[k] += v / s
    nm = subprocess.run(["nm", pyrs], capture_output=True, text=True).stdout
    text = {p[2] for p in (l.split() for l in nm.splitlines()) if len(p) == 3 and p[1] in "tTwW"}
    order = sorted((k for k in users if k in text), key=lambda k: (-users[k], -share[k]))
    with open(opts.out, "w", encoding="utf-8") as f:
        f.write("\n".join(order) + "\n")
    print(f"{len(order)} functions written to {opts.out}")


if __name__ == "__main__":
    main()
