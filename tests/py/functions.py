def f(a, b=2, *args, c, d=4, **kwargs):
    return (a, b, args, c, d, kwargs)

print(f(1, c=3))
print(f(1, 2, 3, 4, c=5, e=6))
print(f(*[1, 2], **{"c": 3, "z": 0}))

def pos_only(a, b, /, c):
    return a + b + c

print(pos_only(1, 2, c=3))

def make_counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc

c = make_counter()
c(); c()
print(c())

def deco(fn):
    def wrapper(*a, **k):
        return ("wrapped", fn(*a, **k))
    return wrapper

@deco
def g(x):
    """doc"""
    return x * 2

print(g(21), g.__name__, (lambda x, y=1: x + y)(5))
print(f.__name__, f.__defaults__, f.__kwdefaults__, pos_only.__code__.co_argcount)

def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)

print(fact(30))
counter = 0
def bump():
    global counter
    counter += 1
bump(); bump()
print(counter)
