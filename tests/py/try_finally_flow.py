def f(n):
    try:
        if n == 0:
            return "zero"
        if n == 1:
            raise KeyError(n)
        return "other"
    except KeyError as e:
        return f"caught {e!r}"
    finally:
        print("finally", n)

for n in range(3):
    print(f(n))

def g():
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            print("body", i)
        finally:
            print("cleanup", i)
    return i

print(g())

def h():
    try:
        return 1
    finally:
        return 2

print(h())

class CM:
    def __init__(self, name, swallow=False):
        self.name, self.swallow = name, swallow
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, *exc):
        print("exit", self.name, exc[0].__name__ if exc[0] else None)
        return self.swallow

with CM("a") as a, CM("b"):
    print("inside", a.name)
with CM("c", swallow=True):
    raise ValueError("swallowed")
try:
    with CM("d"):
        1 / 0
except ZeroDivisionError as e:
    print("propagated", e)
