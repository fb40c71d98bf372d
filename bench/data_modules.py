#!/usr/bin/env python3
"""Benchmark: the data modules (math, _collections.deque, itertools, _struct, _random),
pyrs against CPython.

Each workload is a small loop written in Python that leans on one native module; it
imports the native modules directly (`_collections`, `_struct`, `_random`), so it needs
nothing else from Lib. Each interpreter runs the workload program once per round (best of
ROUNDS); the program times each workload itself with time.perf_counter. A ratio
pyrs/CPython below 1 means pyrs is faster.

Usage: python3 bench/data_modules.py [--pyrs target/release/pyrs]
                                     [--cpython /usr/bin/python3.11] [--rounds 3]
"""
import argparse
import os
import subprocess
import sys
import tempfile

WORKLOAD = r'''
import time, math, itertools, _collections, _struct, _random

def bench_math():
    s = 0.0
    for i in range(1, 20001):
        x = i * 0.001
        s += math.sqrt(x) + math.sin(x) + math.log(x) + math.exp(-x) + math.hypot(x, 1.0)
        s += math.floor(x) + math.gcd(i, 360) + math.isqrt(i)
    return s

def bench_fsum():
    data = [0.1 * i for i in range(2000)]
    t = 0.0
    for _ in range(20):
        t += math.fsum(data) + math.prod(range(1, 30)) % 7 + math.comb(60, 30) % 11
    return t

def bench_deque():
    d = _collections.deque(maxlen=1000)
    n = 0
    for i in range(30000):
        d.append(i)
        d.appendleft(-i)
        if i % 3 == 0:
            n += d.pop() - d.popleft()
    d.rotate(7)
    return n + len(d) + d[10] + d.count(5)

def bench_itertools():
    total = 0
    for a, b in itertools.islice(itertools.pairwise(itertools.count()), 20000):
        total += a * b
    total += sum(1 for _ in itertools.product(range(12), repeat=3))
    total += sum(len(c) for c in itertools.combinations(range(16), 3))
    total += sum(itertools.accumulate(itertools.chain(range(5000), itertools.repeat(2, 5000))))
    total += sum(1 for k, g in itertools.groupby(sorted('abracadabra' * 300)))
    return total

def bench_struct():
    s = _struct.Struct('<idh?8s')
    n = 0
    for i in range(20000):
        b = s.pack(i, i * 0.5, i & 0x7fff, i & 1, b'abc')
        n += s.unpack(b)[0]
        n += _struct.unpack('>I', _struct.pack('>I', i))[0]
    return n

def bench_random():
    r = _random.Random(42)
    t = 0.0
    for _ in range(50000):
        t += r.random()
    for _ in range(20000):
        t += r.getrandbits(20)
    return t

results = []
for name, f in [('math functions', bench_math), ('math fsum/prod/comb', bench_fsum),
                ('deque ops', bench_deque), ('itertools pipelines', bench_itertools),
                ('struct pack/unpack', bench_struct), ('random', bench_random)]:
    t0 = time.perf_counter()
    f()
    results.append((name, time.perf_counter() - t0))
for name, t in results:
    print('%s\t%.6f' % (name, t))
'''


def run(interp, path):
    out = subprocess.run([interp, path], capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        sys.exit(f"{interp} failed:\n{out.stderr}")
    times = {}
    for line in out.stdout.splitlines():
        name, t = line.split('\t')
        times[name] = float(t)
    return times


def main():
    ap = argparse.ArgumentParser()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument('--pyrs', default=os.path.join(root, 'target', 'release', 'pyrs'))
    ap.add_argument('--cpython', default='/usr/bin/python3.11')
    ap.add_argument('--rounds', type=int, default=3)
    args = ap.parse_args()
    with tempfile.NamedTemporaryFile('w', suffix='.py', delete=False) as f:
        f.write(WORKLOAD)
        path = f.name
    try:
        best = {}
        for interp in (args.pyrs, args.cpython):
            b = {}
            for _ in range(args.rounds):
                for k, v in run(interp, path).items():
                    b[k] = min(b.get(k, v), v)
            best[interp] = b
    finally:
        os.unlink(path)
    print(f"{'workload':24} {'pyrs s':>10} {'cpython s':>10} {'ratio':>7}")
    ratios = []
    for name in best[args.cpython]:
        p, c = best[args.pyrs][name], best[args.cpython][name]
        ratios.append(p / c)
        print(f"{name:24} {p:10.4f} {c:10.4f} {p / c:7.2f}")
    g = 1.0
    for r in ratios:
        g *= r
    print(f"{'geometric mean':24} {'':10} {'':10} {g ** (1 / len(ratios)):7.2f}")


if __name__ == '__main__':
    main()
