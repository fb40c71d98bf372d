# _operator: every function, itemgetter/attrgetter/methodcaller with reprs and errors.
import _operator as op

def show(expr):
    try:
        print(expr, '->', repr(eval(expr)))
    except Exception as e:
        print(expr, type(e).__name__, e)

for name in ['add', 'sub', 'mul', 'truediv', 'floordiv', 'mod', 'pow', 'lshift', 'rshift', 'and_', 'or_', 'xor',
             'lt', 'le', 'eq', 'ne', 'gt', 'ge', 'is_', 'is_not']:
    show(f'op.{name}(7, 3)')
for expr in ['op.add("a", "b")', 'op.add(1, "a")', 'op.matmul(1, 2)', 'op.concat([1], [2])', 'op.concat(1, 2)', 'op.concat("a", 1)',
             'op.not_([])', 'op.truth("x")', 'op.abs(-3)', 'op.neg(2.5)', 'op.pos(True)', 'op.inv(5)', 'op.invert(0)', 'op.index(7)',
             'op.index(2.0)', 'op.contains([1, 2], 2)', 'op.contains(3, 1)', 'op.countOf([1, 2, 1, 1], 1)', 'op.indexOf("abc", "c")',
             'op.indexOf([1], 5)', 'op.getitem([1, 2, 3], slice(1, None))', 'op.getitem({}, 1)', 'op.length_hint([1, 2])',
             'op.length_hint(iter(range(5)))', 'op.length_hint(5)', 'op.length_hint(5, 9)', 'op.length_hint(5, "x")',
             'op.call(max, 1, 5, 2)', 'op.call(sorted, [3, 1], reverse=True)', 'op.add(1)', 'op.add(1, 2, 3)', 'op.add(a=1, b=2)',
             'op._compare_digest(b"abc", b"abc")', 'op._compare_digest("abc", "abd")', 'op._compare_digest("a", b"a")',
             'op._compare_digest("\\xe9", "\\xe9")', 'op._compare_digest(1, 2)']:
    show(expr)
a = [1, 2]; b = op.iadd(a, [3]); print(a, b is a)
x = 5; print(op.isub(x, 2), op.imul(3, 4), op.ipow(2, 10), op.ior({1}, {2}), op.iconcat([1], (2,)), op.itruediv(7, 2), op.ifloordiv(7, 2), op.imod(7, 4), op.ilshift(1, 4), op.irshift(64, 2), op.iand(6, 3), op.ixor(6, 3))
d = {}; op.setitem(d, 'k', 1); print(d); op.delitem(d, 'k'); print(d)
g = op.itemgetter(1); print(g([5, 6, 7]), g, op.itemgetter(0, 2)('abc'), op.itemgetter('k')({'k': 9}), g.__reduce__())
print(sorted([(1, 'b'), (0, 'c'), (2, 'a')], key=op.itemgetter(1)))
class P:
    def __init__(self):
        self.a = 1
        self.child = self
ag = op.attrgetter('a'); print(ag(P()), ag, op.attrgetter('child.child.a', 'a')(P()), op.attrgetter('a', 'child.a'))
mc = op.methodcaller('split', ',', maxsplit=1); print(mc('a,b,c'), mc, op.methodcaller('upper')('x'), op.methodcaller('upper').__reduce__()[1])
for expr in ['op.itemgetter()', 'op.itemgetter(5)([1])', 'op.attrgetter(1)', 'op.attrgetter("zz")(1)', 'op.methodcaller()',
             'op.methodcaller(5)', 'op.methodcaller("nope")(1)', 'g()', 'g(1, 2)', 'op.itemgetter(1)(x=[1])']:
    show(expr)
