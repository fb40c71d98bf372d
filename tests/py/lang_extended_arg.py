# Instructions whose argument does not fit in a byte (EXTENDED_ARG prefixes): many
# constants, many locals, long jumps forward and backward, and a comparison fused with a
# far conditional jump; run plainly and under a trace function.
import sys

n = 300
lines = ["def big(k):"]
for i in range(n):
    lines.append(f"    v{i} = {i} * k + {i + 1000}")
lines.append("    total = 0")
lines.append("    for j in range(3):")
lines.append("        if k > 1:")
for i in range(0, n, 3):
    lines.append(f"            total += v{i} - {i * 7 + 5000}")
lines.append("        else:")
lines.append(f"            total -= v{n - 1}")
lines.append("        while total > 10 ** 9:")
lines.append("            total //= 7")
lines.append(f"    return total, v0, v{n - 1}, {n * 13 + 77777}")
src = "\n".join(lines) + "\n"
ns = {}
exec(compile(src, "<big>", "exec"), ns)
big = ns["big"]
print(big(1), big(2), big(5))

seen = set()
calls = []


def tracer(frame, event, arg):
    if frame.f_code.co_name == "big":
        if event == "line":
            seen.add(frame.f_lineno)
        else:
            calls.append(event)
    return tracer


sys.settrace(tracer)
r = big(3)
sys.settrace(None)
print(r, len(seen), min(seen), max(seen), calls)
print(big(3) == r)
