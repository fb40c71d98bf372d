def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### binary_ops
for op in ('+', '-', '*', '/', '//', '%', '**', '<<', '>>', '&', '|', '^', '@'):
    show(eval, f"1 {op} 'a'")
    show(eval, f"[] {op} 1.5")
#### concat_messages
show(lambda: 'a' + 1)
show(lambda: 'a' + b'b')
show(lambda: [1] + (2,))
show(lambda: (1,) + [2])
show(lambda: b'a' + 'b')
show(lambda: bytearray() + 'x')
show(lambda: 1 + None)
show(lambda: None + 1)
#### subscript_messages
show(lambda: 5[0])
show(lambda: None[0])
show(lambda: (lambda: 0)[0])
show(lambda: {}.keys()[0])
show(lambda: object()['x'])
show(lambda: int['x'] if False else type.__getitem__)
#### item_assignment
def f1(): t = (1,); t[0] = 2
def f2(): s = 'ab'; s[0] = 'x'
def f3(): x = 5; x[0] = 1
def f4(): t = (1,); del t[0]
def f5(): r = range(3); r[0] = 1
for f in (f1, f2, f3, f4, f5):
    show(f)
#### comparisons
for a, b in ((1, 'a'), ('a', 1), ([], {}), (None, None), (1j, 2j), ({1}, [1]), (object(), 1)):
    show(lambda: a < b)
    show(lambda: a >= b)
#### unary
show(lambda: -'a')
show(lambda: +[])
show(lambda: ~1.5)
show(lambda: abs('x'))
show(lambda: -None)
#### not_callable
show(lambda: 5())
show(lambda: 'x'())
show(lambda: None())
show(lambda: [1]())
#### not_iterable
def g(x):
    for _ in x: pass
for v in (5, None, 1.5, object()):
    show(g, v)
show(lambda: [*5])
show(lambda: dict(**5) if False else {**5})
show(lambda: print(*None))
show(lambda: print(**[]))
#### len_hash
show(len, 5)
show(len, None)
show(hash, [])
show(hash, {})
show(hash, set())
show(hash, bytearray())
#### attribute_errors
show(lambda: (5).foo)
show(lambda: 'x'.bar)
show(lambda: None.x)
show(lambda: [].append.x)
class C: pass
show(lambda: C().zz)
show(lambda: C.zz)
import sys
show(lambda: sys.nothere)
show(setattr, 5, 'real', 1)
show(setattr, [], 'x', 1)
show(delattr, C(), 'q')
#### int_conversion
show(lambda: [1][1.0])
show(lambda: 'ab' * 1.5)
show(lambda: range(1.5))
show(lambda: [].pop('x'))
show(chr, 1.5)
show(lambda: (1).to_bytes(1.5, 'big'))
#### augmented
def aug():
    x = 'a'; x += 1
show(aug)
def aug2():
    x = (1,); x += [2]
show(aug2)
def aug3():
    x = [1]; x -= [1]
show(aug3)
#### call_arguments
def f(a, b=2, *, c): pass
show(f)
show(f, 1)
show(f, 1, 2, 3, c=4)
show(f, 1, c=1, d=2)
show(f, 1, a=1, c=3)
def g(a, /, b): pass
show(g, a=1, b=2)
show(lambda: len(x=1))
show(lambda: [].append())
show(lambda: [].append(1, 2))
show(lambda: int('1', 2, 3))
