# while loops as CPython 3.11 compiles them (the test repeated at the end of the body):
# results, else clauses, break/continue, tests with side effects and boolean operators,
# constant tests, and the line events a trace function sees.
import sys


def count(n):
    out = []
    while n > 0:
        out.append(n)
        n -= 1
    else:
        out.append("else")
    return out


def forever(n):
    i = 0
    while True:
        i += 1
        if i % 3 == 0:
            continue
        if i > n:
            break
    return i


def ones(n):
    k = 0
    while 1:
        k += 1
        if k >= n:
            return k


def calls(seq):
    it = iter(seq)
    got = []
    while (x := next(it, None)) is not None and x != "stop":
        if x == "skip":
            continue
        got.append(x)
    else:
        got.append("exhausted")
    return got


def nested(n):
    total = 0
    i = 0
    while i < n or total < 0:
        j = 0
        while not j >= i:
            total += j
            j += 1
        i += 1
    return total


def never():
    while 0:
        return "body"
    else:
        return "else"


print(count(3), count(0), forever(7), ones(4))
print(calls(["a", "skip", "b"]), calls(["a", "stop", "b"]), calls([]))
print(nested(5), never())

events = []


def tracer(frame, event, arg):
    if frame.f_code.co_filename == __file__ and frame.f_code.co_name != "tracer":
        events.append((frame.f_code.co_name, event, frame.f_lineno))
    return tracer


sys.settrace(tracer)
count(2)
forever(4)
calls(["a", "skip", "stop"])
nested(2)
never()
sys.settrace(None)
for e in events:
    print(*e)
