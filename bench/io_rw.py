"""Write a ~50 MB text file line by line, then read it back line by line (text mode,
UTF-8, universal newlines): the file I/O path of TextIOWrapper/BufferedWriter/FileIO.

Usage: python3 bench/io_rw.py [megabytes]   (prints elapsed seconds for each phase)
"""
import sys
import time
import posix

MB = int(sys.argv[1]) if len(sys.argv) > 1 else 50
path = "/tmp/pyrs_bench_io_rw_%d.txt" % posix.getpid()
line = "the quick brown fox jumps over the lazy dog %d \u00e9t\u00e9\n"
per_line = len((line % 1000000).encode("utf-8"))
n = MB * 1024 * 1024 // per_line

t0 = time.perf_counter()
with open(path, "w", encoding="utf-8") as f:
    for i in range(n):
        f.write(line % i)
t1 = time.perf_counter()
count = 0
total = 0
with open(path, encoding="utf-8") as f:
    for text in f:
        count += 1
        total += len(text)
t2 = time.perf_counter()
posix.unlink(path)
assert count == n, (count, n)
print("lines %d chars %d write %.3fs read %.3fs total %.3fs" % (count, total, t1 - t0, t2 - t1, t2 - t0))
