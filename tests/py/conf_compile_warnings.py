# Warnings raised while compiling go through the warnings module (filename, lineno,
# category), and an "error" filter turns them into the SyntaxError they describe.
import warnings


def show(src, category=SyntaxWarning, mode='exec'):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always', category)
        try:
            compile(src, '<testcase>', mode)
        except SyntaxError as e:
            print('  SyntaxError', e.msg)
    for x in w:
        print(repr(src), '->', x.category.__name__, x.message, x.filename, x.lineno)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('error', category)
        try:
            compile(src, '<testcase>', mode)
            print('  compiled')
        except SyntaxError as e:
            print('  error:', e.msg, e.lineno, e.offset)
    print('  leaked', len(w))


for src in ['x is 1', 'x is -1', 'x is 1 + 2', 'x is (not 1)', 'x is (1, (2,))', 'x is not "a"', 'x is ()', 'x is None', '1 is x is 2',
            '[(1, 2) (3, 4)]', '[[1, 2] (3, 4)]', '[f"{x}" (3, 4)]', '[None (3, 4)]',
            '[{1, 2} [i, j]]', '[None [i, j]]', '[(lambda: 1) [i]]',
            '[(1, 2) [i, j]]', '[[1, 2] ["a"]]', '["abc" [1.5]]', '[[1, 2] [i]]',
            'assert (x, "msg")', 'assert ()', '\n\nif x:\n    y = 5 is 5']:
    show(src)
for src in [r"'\z'", "'''\n\\z'''", r"b'\z'", r"'\407'", r"b'\407'", r"f'\z{x}'",
            r"'\z' $", r"'\d\e'", r"r'\z'"]:
    show(src, DeprecationWarning)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    print(eval(r"'\%c'" % 'q'), eval("1 if 1else 0"))
    exec("y = 1 is 1")
print([(x.category.__name__, str(x.message)) for x in w])
