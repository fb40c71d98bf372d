def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        return type(e).__name__ + ': ' + str(e)
    return repr(r)
def grid(method, samples, arglists):
    for s in samples:
        for a in arglists:
            print(repr(s), a, show(getattr(s, method), *a))
#### op_add
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), '+', repr(b), show(lambda: eval('a + b', {'a': a, 'b': b})))
#### op_sub
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), '-', repr(b), show(lambda: eval('a - b', {'a': a, 'b': b})))
#### op_mul
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), '*', repr(b), show(lambda: eval('a * b', {'a': a, 'b': b})))
#### op_truediv
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), '/', repr(b), show(lambda: eval('a / b', {'a': a, 'b': b})))
#### op_floordiv
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), '//', repr(b), show(lambda: eval('a // b', {'a': a, 'b': b})))
#### op_mod
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), '%', repr(b), show(lambda: eval('a % b', {'a': a, 'b': b})))
#### op_pow
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), '**', repr(b), show(lambda: eval('a ** b', {'a': a, 'b': b})))
#### op_lshift
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), '<<', repr(b), show(lambda: eval('a << b', {'a': a, 'b': b})))
#### op_rshift
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), '>>', repr(b), show(lambda: eval('a >> b', {'a': a, 'b': b})))
#### op_and
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), '&', repr(b), show(lambda: eval('a & b', {'a': a, 'b': b})))
#### op_or
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), '|', repr(b), show(lambda: eval('a | b', {'a': a, 'b': b})))
#### op_xor
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), '^', repr(b), show(lambda: eval('a ^ b', {'a': a, 'b': b})))
#### op_matmul
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), '@', repr(b), show(lambda: eval('a @ b', {'a': a, 'b': b})))
#### op_lt
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), '<', repr(b), show(lambda: eval('a < b', {'a': a, 'b': b})))
#### op_le
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), '<=', repr(b), show(lambda: eval('a <= b', {'a': a, 'b': b})))
#### op_eq
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), '==', repr(b), show(lambda: eval('a == b', {'a': a, 'b': b})))
#### op_ne
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), '!=', repr(b), show(lambda: eval('a != b', {'a': a, 'b': b})))
#### op_gt
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), '>', repr(b), show(lambda: eval('a > b', {'a': a, 'b': b})))
#### op_ge
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), '>=', repr(b), show(lambda: eval('a >= b', {'a': a, 'b': b})))
#### op_contains
vals = [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]
for a in vals:
    for b in vals:
        print(repr(a), 'in', repr(b), show(lambda: eval('a in b', {'a': a, 'b': b})))
#### unary_neg
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('-a', {'a': a})))
#### unary_pos
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('+a', {'a': a})))
#### unary_invert
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('~a', {'a': a})))
#### unary_not
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('not a', {'a': a})))
#### builtin_abs
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('abs(a)', {'a': a})))
#### builtin_bool
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('bool(a)', {'a': a})))
#### builtin_int
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('int(a)', {'a': a})))
#### builtin_float
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('float(a)', {'a': a})))
#### builtin_complex
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('complex(a)', {'a': a})))
#### builtin_str
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('str(a)', {'a': a})))
#### builtin_repr
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('repr(a)', {'a': a})))
#### builtin_ascii
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('ascii(a)', {'a': a})))
#### builtin_len
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('len(a)', {'a': a})))
#### builtin_list
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('list(a)', {'a': a})))
#### builtin_tuple
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('tuple(a)', {'a': a})))
#### builtin_sorted
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('sorted(a)', {'a': a})))
#### builtin_reversed_list
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('list(reversed(a))', {'a': a})))
#### builtin_sum
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('sum(a)', {'a': a})))
#### builtin_min
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('min(a)', {'a': a})))
#### builtin_max
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('max(a)', {'a': a})))
#### builtin_hash_safe
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('hash(a) if a is not None else 0', {'a': a})))
#### builtin_bytes
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('bytes(a)', {'a': a})))
#### builtin_bytearray
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('bytearray(a)', {'a': a})))
#### builtin_set
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('sorted(set(a), key=repr)', {'a': a})))
#### builtin_frozenset
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('len(frozenset(a))', {'a': a})))
#### builtin_dict
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('dict(a)', {'a': a})))
#### builtin_iter_next
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('next(iter(a))', {'a': a})))
#### builtin_format
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('format(a)', {'a': a})))
#### builtin_round
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('round(a)', {'a': a})))
#### builtin_divmod2
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('divmod(a, 2)', {'a': a})))
#### builtin_pow2
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('pow(a, 2)', {'a': a})))
#### builtin_bin
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('bin(a)', {'a': a})))
#### builtin_oct
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('oct(a)', {'a': a})))
#### builtin_hex
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('hex(a)', {'a': a})))
#### builtin_chr
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('chr(a)', {'a': a})))
#### builtin_ord
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('ord(a)', {'a': a})))
#### builtin_any
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('any(a)', {'a': a})))
#### builtin_all
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('all(a)', {'a': a})))
#### builtin_enumerate
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('list(enumerate(a))', {'a': a})))
#### builtin_zip2
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('list(zip(a, a))', {'a': a})))
#### builtin_range1
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('range(a)', {'a': a})))
#### builtin_slice_of
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('a[1:]', {'a': a})))
#### builtin_callable
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('callable(a)', {'a': a})))
#### builtin_type_name
for a in [0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]:
    print(repr(a), show(lambda: eval('type(a).__name__', {'a': a})))
