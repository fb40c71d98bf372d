# Short strs are copied into the object with fixed-size moves chosen by length (1-3,
# 4-7, 8-15, 16-30 bytes; longer ones live in their own buffer): every length on both
# sides of each boundary, through the methods that make new short strs from pieces.
alphabet = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ"
for n in range(0, 40):
    w = alphabet[:n]
    line = "  ".join([w, w[::-1], w.upper()]) + " \t"
    parts = line.split()
    print(n, parts, [len(p) for p in parts])
    print(line.split("  "), line.rsplit(None, 1), line.partition("  "))
    print(repr(w[1:]), repr(w[:-1]), repr(line.strip()), hash(w) == hash(alphabet[:n]))
    print(w == alphabet[:n], w in alphabet, sorted(set(parts)))
# Non-ASCII words (multi-byte UTF-8) of byte lengths across the same boundaries.
for n in range(0, 20):
    w = "é" * n
    v = "€" * n
    parts = f"{w} {v} x{w}y".split()
    print(n, [len(p) for p in parts], [len(p.encode()) for p in parts], parts[1:2])
