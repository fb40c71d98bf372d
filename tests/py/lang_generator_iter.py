def g():
    yield 1
    yield 2
x = g()
print(iter(x) is x, list(x), list(iter(g())), sum(i for i in range(5)), sorted(v*2 for v in (3,1,2)))
async def c(): pass
co = c()
try: iter(co)
except TypeError as e: print(e)
try:
    for v in co: pass
except TypeError as e: print(e)
co.close()
