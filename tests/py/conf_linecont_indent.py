# A backslash continuation in the indentation: an empty line after it is valid, and
# the column of the first backslash is the indentation of what follows.
sources = [
    "\\\npass\n        \\\n\npass\n",
    "\\\ndef fib(n):\n    \\\n'''Print a Fibonacci series up to n.'''\n    \\\na, b = 0, 1\n",
    "if x:\n    y = 1\n  \\\n  foo = 1\n",
    "if x:\n    y = 1\n    \\\nz = 2\n",
]
for s in sources:
    try:
        compile(s, '<string>', 'exec')
        print('compiled')
    except SyntaxError as e:
        print(type(e).__name__, e.msg, e.lineno)
