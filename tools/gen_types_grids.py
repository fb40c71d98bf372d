#!/usr/bin/env python3
"""Generate the method/operator grid programs of the types corpus (tests/types/grid_*.py).

Each program calls one method (or operator, or builtin) over a list of sample values and
argument tuples and prints every result or exception; record.py then records CPython's
output. Run: python3 tools/gen_types_grids.py && python3 tests/types/record.py
"""
import os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'types')
# Writes corpus files of method/operator grids for tests/types (one program per method).
PRELUDE = '''def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        return type(e).__name__ + ': ' + str(e)
    return repr(r)
def grid(method, samples, arglists):
    for s in samples:
        for a in arglists:
            print(repr(s), a, show(getattr(s, method), *a))
'''
STR_SAMPLES = "['', 'a', 'Hello World', '  padded\\t\\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\\ntwo\\r\\nthree']"
STR_METHODS = {
    'capitalize': [()], 'casefold': [()], 'center': [(9,), (9, '*'), (0,), (-1,), ('x',), (3, 'ab')],
    'count': [('a',), ('',), ('l', 3), ('l', -5, -1), (1,)], 'encode': [(), ('latin-1', 'replace'), ('ascii', 'ignore'), ('utf-16-le',), ('ascii', 'xmlcharrefreplace')],
    'endswith': [('d',), (('x', 'e'),), ('', 20), ('o', 0, 5)], 'expandtabs': [(), (4,), (0,), (-2,)],
    'find': [('o',), ('o', 5), ('o', -3), ('', 3), ('zz',), ('l', 2, 4)], 'format': [(), (1, 2)],
    'index': [('o',), ('zz',), ('', 0)], 'isalnum': [()], 'isalpha': [()], 'isascii': [()], 'isdecimal': [()],
    'isdigit': [()], 'isidentifier': [()], 'islower': [()], 'isnumeric': [()], 'isprintable': [()], 'isspace': [()],
    'istitle': [()], 'isupper': [()], 'join': [(['x', 'y', 'z'],), ([],), ('abc',), ([1],)],
    'ljust': [(10,), (10, '-'), (2,)], 'lower': [()], 'lstrip': [(), ('Ha',), (' ',), (None,)],
    'partition': [(' ',), ('l',), ('zz',), ('',)], 'removeprefix': [('He',), ('',), ('zz',)], 'removesuffix': [('ld',), ('',)],
    'replace': [('l', 'L'), ('l', 'L', 1), ('', '|'), ('', '|', 3), ('o', ''), ('l', 'L', -1)],
    'rfind': [('o',), ('o', 0, 5), ('',), ('zz',)], 'rindex': [('o',), ('zz',)], 'rjust': [(10,), (10, '0')],
    'rpartition': [('o',), ('zz',), (' ',)], 'rsplit': [(), (None, 1), ('l',), ('l', 1), (',',), (' ', 0)],
    'rstrip': [(), ('d',), ('\\n',)], 'split': [(), (None, 1), ('l',), ('l', 1), (',',), (' ', 0), ('',)],
    'splitlines': [(), (True,)], 'startswith': [('He',), (('x', 'H'),), ('', 0), ('l', 2), ('l', 2, 3)],
    'strip': [(), ('Hd',), (' \\t\\n',), ('',)], 'swapcase': [()], 'title': [()], 'upper': [()], 'zfill': [(5,), (0,), (20,)],
    '__getitem__': [(0,), (-1,), (slice(1, 3),), (slice(None, None, -1),), (100,), ('a',)],
    '__mul__': [(2,), (0,), (-1,), ('a',)], '__add__': [('!',), (1,)], '__contains__': [('l',), ('',), (1,)],
    '__mod__': [((),), ('x',)], '__len__': [()], '__lt__': [('b',), (1,)], '__eq__': [('a',), (1,)], '__format__': [('',), ('>5',), ('d',)],
}
BYTES_SAMPLES = "[b'', b'a', b'Hello World', b'  padded\\t\\n', b'a,b,,c', b'\\x00\\xff\\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')]"
BYTES_METHODS = {
    'capitalize': [()], 'center': [(9,), (9, b'*'), (3, b'ab')], 'count': [(b'a',), (b'',), (108,), (b'l', 3), ('a',)],
    'decode': [(), ('latin-1',), ('ascii', 'replace'), ('utf-16',)], 'endswith': [(b'd',), ((b'x', b'e'),), ('d',)],
    'expandtabs': [(), (2,)], 'find': [(b'o',), (111,), (b'', 3), (b'zz',), (b'l', 2, 4)], 'hex': [(), (':',), ('-', 2)],
    'index': [(b'o',), (b'zz',)], 'isalnum': [()], 'isalpha': [()], 'isascii': [()], 'isdigit': [()], 'islower': [()],
    'isspace': [()], 'istitle': [()], 'isupper': [()], 'join': [([b'x', b'y'],), ([],), ([bytearray(b'q'), b'r'],), (['s'],)],
    'ljust': [(10,), (10, b'-')], 'lower': [()], 'lstrip': [(), (b'Ha',), (None,)], 'partition': [(b' ',), (b'zz',)],
    'removeprefix': [(b'He',)], 'removesuffix': [(b'ld',)], 'replace': [(b'l', b'L'), (b'l', b'L', 1), (b'', b'|')],
    'rfind': [(b'o',), (b'zz',)], 'rindex': [(b'o',)], 'rjust': [(10,), (10, b'0')], 'rpartition': [(b'o',), (b'zz',)],
    'rsplit': [(), (None, 1), (b'l',), (b',',)], 'rstrip': [(), (b'd',)], 'split': [(), (None, 1), (b'l',), (b',', 1), (b'',)],
    'splitlines': [(), (True,)], 'startswith': [(b'He',), ((b'x', b'H'),)], 'strip': [(), (b'Hd',)], 'swapcase': [()],
    'title': [()], 'translate': [(None, b'lo'), (bytes(range(256))[::-1],)], 'upper': [()], 'zfill': [(5,), (20,)],
    '__getitem__': [(0,), (-1,), (slice(1, 3),), (slice(None, None, -1),), (100,)], '__mul__': [(2,), (0,)],
    '__add__': [(b'!',), (bytearray(b'?'),), ('s',)], '__contains__': [(b'l',), (108,), (300,), ('l',)], '__mod__': [((),), (b'x',)],
}
LIST_SAMPLES = "[[], [1], [3, 1, 2], ['b', 'a'], [1, 'a'], [[1], [0]], [1.5, -2, 7]]"
LIST_METHODS = {'count': [(1,), ('a',), ([1],)], 'index': [(1,), (1, 1), ('zz',), (1, -1, 10)], '__getitem__': [(0,), (-1,), (slice(None, 2),), (slice(None, None, -2),), (10,), ('a',)],
    '__add__': [([9],), ((9,),)], '__mul__': [(2,), (-1,), (1.5,)], '__contains__': [(1,), ([1],)], '__lt__': [([2],), ((1,),)], '__eq__': [([1],), ((1,),)],
    'copy': [()], '__len__': [()], '__repr__': [()]}
TUPLE_SAMPLES = "[(), (1,), (3, 1, 2), ('b', 'a'), (1, 'a'), ((1,), (0,))]"
TUPLE_METHODS = {'count': [(1,), ('a',)], 'index': [(1,), ('zz',), (1, 1)], '__getitem__': [(0,), (-1,), (slice(None, 2),), (10,), ('a',)],
    '__add__': [((9,),), ([9],)], '__mul__': [(2,), (0,)], '__contains__': [(1,)], '__lt__': [((2,),), ([1],)], '__hash__': [()], '__len__': [()]}
DICT_SAMPLES = "[{}, {'a': 1}, {'a': 1, 'b': 2}, {1: 'x', 2: 'y', 3: 'z'}, {(1, 2): [3]}]"
DICT_METHODS = {'get': [('a',), ('zz', 0), (1,)], 'keys': [()], 'values': [()], 'items': [()], 'copy': [()], '__getitem__': [('a',), (1,), ([],)],
    '__contains__': [('a',), (1,), ([],)], '__or__': [({'c': 3},), ([],)], '__eq__': [({'a': 1},), ({},)], '__len__': [()], 'fromkeys': [('ab',), ('ab', 0)]}
SET_SAMPLES = "[set(), {1}, {1, 2, 3}, {'a', 'b'}, frozenset({1, 2}), frozenset()]"
SET_METHODS = {'union': [({9},), ([1, 5],), ()], 'intersection': [({1},), ([2, 3],)], 'difference': [({1},), ()], 'symmetric_difference': [({1, 9},)],
    'issubset': [({1, 2, 3, 4},), ([],)], 'issuperset': [({1},), ([],)], 'isdisjoint': [({9},), ([1],)], 'copy': [()],
    '__or__': [({9},), ([9],)], '__and__': [({1},)], '__sub__': [({1},)], '__xor__': [({1},)], '__le__': [({1, 2, 3},), ([1],)], '__contains__': [(1,), ([],)], '__len__': [()]}
INT_SAMPLES = "[0, 1, -7, 255, 2**63, -2**70, True]"
INT_METHODS = {'bit_length': [()], 'bit_count': [()], 'to_bytes': [(), (16, 'big'), (2, 'little', True) if False else (2, 'little'), (1,)], 'as_integer_ratio': [()],
    'conjugate': [()], '__round__': [(), (-1,), (2,)], '__format__': [('',), ('x',), (',',), ('08b',), ('e',)], '__index__': [()], '__trunc__': [()],
    '__floor__': [()], '__ceil__': [()], '__neg__': [()], '__abs__': [()], '__invert__': [()], '__bool__': [()], '__hash__': [()],
    '__pow__': [(2,), (-1,), (3, 7), (0,)], '__divmod__': [(3,), (-3,), (0,), (2.5,)], '__rshift__': [(1,), (100,), (-1,)], '__lshift__': [(3,), (-1,)], '__truediv__': [(3,), (0,)]}
FLOAT_SAMPLES = "[0.0, -0.0, 1.5, -2.75, 1e300, 5e-324, 0.1, 123456.789, float('inf')]"
FLOAT_METHODS = {'is_integer': [()], 'as_integer_ratio': [()], 'hex': [()], 'conjugate': [()], '__round__': [(), (1,), (-2,)],
    '__format__': [('',), ('.3f',), ('e',), ('g',), ('%',), ('>12.4',), (',.2f',)], '__trunc__': [()], '__floor__': [()], '__ceil__': [()],
    '__int__': [()], '__hash__': [()], '__pow__': [(2,), (0.5,), (-1,)], '__divmod__': [(2,), (-0.5,), (0.0,)], '__mod__': [(2,), (-3,)], '__floordiv__': [(2,), (0.0,)], '__bool__': [()], '__repr__': [()]}

def write(name, samples, methods):
    out = [PRELUDE]
    for m, args in methods.items():
        out.append(f"#### {('dunder_' + m.strip('_')) if m.startswith('__') else m}_grid\n")
        out.append(f"grid({m!r}, {samples}, {args!r})\n")
    with open(os.path.join(HERE, f'{name}.py'), 'w') as f:
        f.write(''.join(out))

write('grid_str', STR_SAMPLES, STR_METHODS)
write('grid_bytes', BYTES_SAMPLES, BYTES_METHODS)
write('grid_list', LIST_SAMPLES, LIST_METHODS)
write('grid_tuple', TUPLE_SAMPLES, TUPLE_METHODS)
write('grid_dict', DICT_SAMPLES, DICT_METHODS)
write('grid_set', SET_SAMPLES, SET_METHODS)
write('grid_int', INT_SAMPLES, INT_METHODS)
write('grid_float', FLOAT_SAMPLES, FLOAT_METHODS)

# Operator grids: every binary operator over pairs of sample values of different types.
OPS = ['+', '-', '*', '/', '//', '%', '**', '<<', '>>', '&', '|', '^', '@', '<', '<=', '==', '!=', '>', '>=', 'in']
VALUES = "[0, 3, -2, 2.5, True, 1j, 'ab', b'ab', [1], (1,), {1: 2}, {1}, None, range(3)]"
out = [PRELUDE]
for op in OPS:
    name = {'+': 'add', '-': 'sub', '*': 'mul', '/': 'truediv', '//': 'floordiv', '%': 'mod', '**': 'pow', '<<': 'lshift', '>>': 'rshift', '&': 'and', '|': 'or', '^': 'xor', '@': 'matmul', '<': 'lt', '<=': 'le', '==': 'eq', '!=': 'ne', '>': 'gt', '>=': 'ge', 'in': 'contains'}[op]
    out.append(f"#### op_{name}\n")
    out.append(f"vals = {VALUES}\nfor a in vals:\n    for b in vals:\n        print(repr(a), {op!r}, repr(b), show(lambda: eval('a {op} b', {{'a': a, 'b': b}})))\n")
for op, name in [('-', 'neg'), ('+', 'pos'), ('~', 'invert'), ('not ', 'not')]:
    out.append(f"#### unary_{name}\n")
    out.append(f"for a in {VALUES}:\n    print(repr(a), show(lambda: eval('{op}a', {{'a': a}})))\n")
for fn in ['abs', 'bool', 'int', 'float', 'complex', 'str', 'repr', 'ascii', 'len', 'list', 'tuple', 'sorted', 'reversed_list', 'sum', 'min', 'max', 'hash_safe', 'bytes', 'bytearray', 'set', 'frozenset', 'dict', 'iter_next', 'format', 'round', 'divmod2', 'pow2', 'bin', 'oct', 'hex', 'chr', 'ord', 'any', 'all', 'enumerate', 'zip2', 'range1', 'slice_of', 'callable', 'type_name']:
    expr = {'reversed_list': 'list(reversed(a))', 'hash_safe': 'hash(a) if a is not None else 0', 'iter_next': 'next(iter(a))', 'divmod2': 'divmod(a, 2)',
            'pow2': 'pow(a, 2)', 'zip2': 'list(zip(a, a))', 'range1': 'range(a)', 'slice_of': 'a[1:]', 'type_name': 'type(a).__name__',
            'enumerate': 'list(enumerate(a))', 'list': 'list(a)', 'tuple': 'tuple(a)', 'sorted': 'sorted(a)', 'set': 'sorted(set(a), key=repr)', 'frozenset': 'len(frozenset(a))', 'dict': 'dict(a)'}.get(fn, f'{fn}(a)')
    out.append(f"#### builtin_{fn}\n")
    out.append(f"for a in {VALUES}:\n    print(repr(a), show(lambda: eval({expr!r}, {{'a': a}})))\n")
with open(os.path.join(HERE, 'grid_ops.py'), 'w') as f:
    f.write(''.join(out))
