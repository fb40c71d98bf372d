# _functools: reduce, cmp_to_key, partial (calls, flattening, repr, pickling state).
import _functools as f

def show(expr):
    try:
        r = eval(expr)
    except Exception as e:
        print(expr, type(e).__name__, e)
    else:
        print(expr, '->', repr(r).replace(hex(id(g)), 'ADDR'))

def g(*a, **k):
    return a, k

for expr in ['f.reduce(lambda a,b:a+b, [])', 'f.reduce(lambda a,b:a+b, [], 5)', 'f.reduce(1)', 'f.reduce(None, [1,2])',
             'f.reduce(lambda a,b:a+b, 1)', 'f.reduce(lambda a, b: a * b, range(1, 10))', 'f.reduce(lambda a, b: a + b, "abc", "x")',
             'f.reduce(lambda a,b:a+b, [1,2,3], initial=0)', 'f.partial()', 'f.partial(1)', 'f.partial(g, 1, a=2)(3, b=4)',
             'f.partial(g, 1, a=2)(a=9)', 'f.partial(g, 1, a=2)', 'f.partial(f.partial(g, 1, a=2), 3, a=5).args',
             'f.partial(f.partial(g, 1, a=2), 3, a=5).keywords', 'f.partial(g).keywords', 'f.partial(g, 1).__reduce__()',
             'f.partial(g).func is g', 'sorted([3,1,2], key=f.cmp_to_key(lambda a,b: b-a))', 'f.cmp_to_key()',
             'f.cmp_to_key(lambda a, b: 0)(1) < 5', 'f.cmp_to_key(len)(7).obj',
             'f.cmp_to_key(lambda a,b: a-b)(1) < f.cmp_to_key(lambda a,b: a-b)(2)', 'f.cmp_to_key(lambda a,b: a-b)(1) == f.cmp_to_key(lambda a,b: a-b)(1)',
             'f.partial.__module__', 'type(f.cmp_to_key(len)(1)).__name__']:
    show(expr)
p = f.partial(g, 1)
p.attr = 5
print(p.attr, p.__reduce__()[2][3], p.__dict__)
q = f.partial(g)
q.__setstate__((max, (1, 2), None, {'z': 1}))
print(q(), q.z, q.keywords)
class P(f.partial):
    pass
print(repr(P(g, 2)).replace(hex(id(g)), 'ADDR'), P(g, 2)(3), isinstance(P(g), f.partial))
