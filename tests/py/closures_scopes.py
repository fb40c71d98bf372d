x = "global"

def outer():
    x = "enclosing"
    def inner():
        nonlocal x
        x = "changed"
        return x
    inner()
    return x

print(outer(), x)

def counter():
    n = 0
    def inc(step=1):
        nonlocal n
        n += step
        return n
    return inc

c1, c2 = counter(), counter()
print(c1(), c1(), c1(5), c2())
funcs = [lambda i=i: i * i for i in range(4)]
print([f() for f in funcs])
late = [lambda: i for i in range(3)]
print([f() for f in late])

class A:
    y = 10
    def method(self):
        return y_global()
    vals = [y * k for k in range(3)] if False else None

def y_global():
    return "module y"

print(A().method(), A.vals)

def gen_with_closure():
    total = 0
    def add(v):
        nonlocal total
        total += v
    for v in (1, 2, 3):
        add(v)
        yield total

print(list(gen_with_closure()))
print([(a, b) for a in range(3) for b in range(a) if (a + b) % 2])
print({k: [v for v in range(k)] for k in range(3)})
