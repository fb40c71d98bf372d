def gen(n):
    for i in range(n):
        x = yield i
        if x:
            print("got", x)
    return "done"

g = gen(3)
print(next(g), g.send("hello"), next(g))
try:
    next(g)
except StopIteration as e:
    print("stop", e.value)

def chain(*its):
    for it in its:
        yield from it

print(list(chain([1, 2], "ab", range(2))))
print(sum(x * x for x in range(10)), list(zip(range(3), "abc")), list(enumerate("xy", 1)))
print(list(map(str, [1, 2])), list(filter(None, [0, 1, 2])), any([0, 1]), all([]))
