def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### binary_operand_messages
vals = [1, 1.5, 'a', b'b', [1], (1,), {1: 2}, {1}, None, 1j]
import operator
for op in [operator.add, operator.sub, operator.mul, operator.truediv, operator.floordiv, operator.mod, operator.pow, operator.lshift, operator.and_, operator.matmul]:
    for a in vals[:5]:
        for b in [None, 'x', [2]]:
            try:
                op(a, b)
            except TypeError as e:
                print(op.__name__, type(a).__name__, type(b).__name__, e)
#### inplace_operand_messages
def iadd(a, b):
    a += b
    return a
def isub(a, b):
    a -= b
    return a
def imatmul(a, b):
    a @= b
    return a
for f in [iadd, isub, imatmul]:
    for a, b in [(1, 'x'), ('x', 1), ([1], 1), ((1,), [1]), (None, None), ({1}, [1])]:
        show(f, a, b)
#### unary_messages
import operator
for v in ['a', [1], None, {}, (1,), b'x']:
    for op in [operator.neg, operator.pos, operator.invert, abs]:
        show(op, v)
#### comparison_messages
for a, b in [(1, 'a'), ('a', 1), ([1], (1,)), (None, None), ({1}, 1), (1j, 2j), (b'a', 'a'), ([], None)]:
    for sym in ['<', '<=', '>', '>=']:
        try:
            eval('a %s b' % sym)
        except TypeError as e:
            print(e)
#### call_and_attr_messages
show(lambda: len(5))
show(lambda: len())
show(lambda: iter(5))
show(lambda: next([1]))
show(lambda: hash([]))
show(lambda: abs('x'))
show(lambda: sum(['a', 'b']))
show(lambda: sum([1], 'x'))
show(lambda: max(1))
show(lambda: min([]))
show(lambda: divmod('a', 1))
show(lambda: round('x'))
show(lambda: int.__add__('a', 1))
show(lambda: (1).__add__('a'))
show(lambda: str.join(1, []))
show(lambda: getattr(1, 2))
show(lambda: setattr(1, 'real', 2))
show(lambda: delattr(1, 'real'))
show(lambda: (1).foo)
show(lambda: None.foo)
show(lambda: type.foo)
show(lambda: isinstance(1, 1))
show(lambda: issubclass(1, int))
show(lambda: sorted(5))
#### index_key_messages
x, f, n = 'x', 1.5, None
show(lambda: [1][x])
show(lambda: (1,)[f])
show(lambda: 'a'[n])
show(lambda: b'a'[x])
show(lambda: range(3)[x])
show(lambda: {}[[]])
show(lambda: {[]})
show(lambda: [1, 2][1:x])
show(lambda: 'abc'[::f])
show(lambda: memoryview(b'a')[x])
def setit(o, k, v):
    o[k] = v
show(setit, (1,), 0, 2)
show(setit, 'a', 0, 'b')
show(setit, [1], x, 2)
show(setit, {}, [], 1)
def delit(o, k):
    del o[k]
show(delit, (1,), 0)
show(delit, [1], 5)
show(delit, {}, 'k')
