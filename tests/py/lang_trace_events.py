import sys

events = []
def tracer(frame, event, arg):
    name = frame.f_code.co_name
    if name in ("tracer", "local"):
        return None
    if event == "exception":
        arg = (arg[0].__name__, str(arg[1]))
    elif event == "return" and not isinstance(arg, (int, str, type(None), tuple, list)):
        arg = type(arg).__name__
    events.append((event, name, frame.f_lineno - base, arg))
    return tracer

base = sys._getframe().f_lineno

def add(a, b):
    c = a + b
    return c

def loop(n):
    total = 0
    for i in range(n):
        total += i
    while n > 0:
        n -= 1
    return total

def gen():
    yield 1
    x = 2
    yield x

def raiser():
    raise ValueError("boom")

def catcher():
    try:
        raiser()
    except ValueError as e:
        return str(e)
    finally:
        pass

class K:
    def __init__(self):
        self.v = 1
    def m(self):
        return [i * 2 for i in range(2)]

def main():
    add(1, 2)
    loop(2)
    for v in gen():
        pass
    catcher()
    K().m()
    lam = lambda q: q + 1
    lam(3)

sys.settrace(tracer)
main()
sys.settrace(None)
for e in events:
    print(e)
print(sys.gettrace())
