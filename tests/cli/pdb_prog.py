import pdb
def f():
    a = 1
    pdb.set_trace()
    b = a + 1
    c = b * 2
    return c
print(f())
