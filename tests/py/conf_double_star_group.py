# '(' '**' expression ')' is "cannot use double starred expression here" (also in
# f-strings), as CPython's invalid_group rule.
for s in ["(*a)", "(**a)", "x = (**a)", "print((**a))", "f'{**a}'", "f'{*a}'",
          "{**a}", "f(**a)", "dict(**{'x': 1})"]:
    try:
        compile(s, '?', 'exec')
        print('ok', s)
    except SyntaxError as e:
        print(e.msg, e.lineno, e.offset)
