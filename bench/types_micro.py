#!/usr/bin/env python3
"""Microbenchmarks of the built-in types: each snippet runs under pyrs and under Debian's
/usr/bin/python3.11 (PGO+LTO) in the same run; the figure is the ratio of the best of 5
CPU times (user + system of the child process, from resource.getrusage: the machine is
shared, so wall time is noise) (pyrs / CPython: below 1.0 means pyrs is faster).

Usage: python3 bench/types_micro.py [PYRS] [NAME ...]
  PYRS defaults to target/release/pyrs (build with `cargo build --release -p pyrs`).
The whole process is timed (start-up included, so keep snippets long enough); runs of the
two interpreters alternate so that load changes hit both.
"""
import os
import resource
import subprocess
import sys

CPYTHON = "/usr/bin/python3.11"

SNIPPETS = {
    # str methods and formatting
    "str_methods": """
s = 'The quick brown fox jumps over the lazy dog ' * 20
n = 0
for i in range(4000):
    n += len(s.upper()) + len(s.lower()) + s.count('o') + s.find('lazy', 100) + len(s.split())
    n += len(s.replace('fox', 'cat')) + s.startswith('The') + len(s.strip())
""",
    "str_join_concat": """
parts = [str(i) for i in range(1000)]
for i in range(600):
    s = ','.join(parts)
    t = ''
    for p in parts[:200]:
        t += p
""",
    "str_format": """
for i in range(60000):
    a = '%d %s %.2f' % (i, 'x', i / 3)
    b = '{} {:>8} {:.3e}'.format(i, 'ab', i * 1.5)
    c = f'{i:08d}|{i / 7:.4f}|{"s"!r}'
""",
    "str_unicode": """
s = 'Größe café naïve ΣΑΣ İstanbul ' * 30
for i in range(3000):
    s.upper(); s.lower(); s.casefold(); s.title(); s.isalpha(); s.split(); s[::-1]
""",
    # containers
    "dict_ops": """
for r in range(30):
    d = {}
    for i in range(20000):
        d[i] = i
    for i in range(20000):
        d[i] += 1
    s = sum(d.values())
    for i in range(0, 20000, 2):
        del d[i]
    d2 = {str(i): i for i in range(5000)}
    t = sum(d2[str(i)] for i in range(5000))
""",
    "set_ops": """
for r in range(40):
    a = set(range(0, 20000, 2))
    b = set(range(0, 20000, 3))
    c = a | b; d = a & b; e = a - b; f = a ^ b
    n = sum(1 for i in range(20000) if i in a)
""",
    "list_ops": """
for r in range(40):
    l = list(range(20000))
    l.append(1); l.insert(0, 5); l.pop(); l.pop(0)
    l2 = l[::2] + l[1::2]
    l2.sort()
    l3 = sorted(l2, key=lambda x: -x)
    l.reverse()
    n = l.index(10000) + l.count(7)
    c = [x * 2 for x in l if x & 1]
""",
    "list_sort_strs": """
import random
words = ['w%07d' % ((i * 7919) % 100003) for i in range(100000)]
for r in range(5):
    sorted(words); sorted(words, key=len); sorted(words, reverse=True)
""",
    # numbers
    "int_arith": """
n = 0
for i in range(1000000):
    n = (n + i * 3) % 1000003
    n ^= i << 2
    n -= i // 7
""",
    "float_arith": """
x = 0.0
for i in range(1000000):
    x = x * 0.999 + i / 3.0
    y = x ** 0.5 - 1.5
""",
    "bigint_arith": """
a = 3 ** 5000
b = 7 ** 4000
for i in range(300):
    c = a * b
    d = c // a
    e = c % (b + 1)
    f = a + b - i
""",
    "bigint_str": """
import sys
if hasattr(sys, 'set_int_max_str_digits'):
    sys.set_int_max_str_digits(0)
n = 7 ** 20000
for i in range(20):
    s = str(n)
    m = int(s)
""",
    "factorial": """
f = 1
for i in range(1, 6000):
    f *= i
s = f % 1000000007
""",
    "pidigits": """
def pidigits(n):
    i = k = ns = 0
    k1 = 1
    a, t, u = 0, 0, 0
    n1, d = 4, 1
    out = []
    nn = 1
    while True:
        k += 1
        t = n1 << 1
        n1 *= k
        a += t
        k1 += 2
        a *= k1
        d *= k1
        if a >= n1:
            t, u = divmod(n1 * 3 + a, d)
            u += n1
            if d > u:
                ns = ns * 10 + t
                i += 1
                if i % 10 == 0:
                    out.append(ns)
                    ns = 0
                if i >= n:
                    break
                a -= d * t
                a *= 10
                n1 *= 10
    return out
pidigits(2000)
""",
}


def cpu_run(interp, code):
    """CPU seconds (user + system) of one run of code under interp, or the error's last line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run([interp, "-S", "-c", code], capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        return None, r.stderr.decode(errors="replace").strip().splitlines()[-1:]
    dt = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return dt, None


def time_pair(pyrs, code, repeat=5):
    """Best CPU time of each interpreter over `repeat` alternating runs."""
    best_p = best_c = None
    for _ in range(repeat):
        tp, err = cpu_run(pyrs, code)
        if tp is None:
            return None, None, err
        tc, _ = cpu_run(CPYTHON, code)
        best_p = tp if best_p is None else min(best_p, tp)
        best_c = tc if best_c is None else min(best_c, tc)
    return best_p, best_c, None


def main():
    args = sys.argv[1:]
    pyrs = "target/release/pyrs"
    if args and os.path.sep in args[0]:
        pyrs = args.pop(0)
    names = args or list(SNIPPETS)
    print(f"{'benchmark':18} {'pyrs s':>8} {'cpython s':>10} {'ratio':>7}")
    for name in names:
        code = SNIPPETS[name]
        tp, tc, err = time_pair(pyrs, code)
        if tp is None:
            print(f"{name:18} {'error':>8}            {err}")
            continue
        print(f"{name:18} {tp:8.3f} {tc:10.3f} {tp / tc:7.2f}")


if __name__ == "__main__":
    main()
