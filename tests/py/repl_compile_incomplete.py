# compile() with PyCF_ALLOW_INCOMPLETE_INPUT (what codeop and the code module use):
# which inputs are "incomplete input", which are complete, which are errors.
import codeop
F = codeop.PyCF_DONT_IMPLY_DEDENT | codeop.PyCF_ALLOW_INCOMPLETE_INPUT
sources = ["if 1:", "if 1:\n", "if 1:\n  x = 5", "if 1:\n  x = 5\n", "if 1:\n  x = 5\n\n",
           "x = (1,", "x = (1,\n", "'''abc", "'''abc\n", "x = 1 \\\n", "def f(:\n", "x = 5",
           "x = 5\n", "1 +", "1 +\n", "for x in y:\n  pass\nelse:", "if 1:\n  pass\n",
           "@dec", "@dec\n", "class A:\n  def f(self):\n    pass\n", "x = [", "x = ]\n",
           "if 1:\n  x = (\n", "try:\n  pass\n", "try:\n  pass\n\n", "if 1:\n  pass\nelse:\n",
           "print('a'", "f'{", "x = 1\ny = 2\n", "lambda:", "lambda:\n", "if x", "if x\n",
           "if 1:\n  x = 5\n  y=", "  x", "\n", "", "#c\n", "'abc", "'abc\n", "f'{\n",
           "x = (1,\n2", "x = (1,\n2\n", "x = [1,\n\n", "if 1: x = 5", "if 1:\n  x = 5\n  y = 6",
           "if 1:\n  if 2:\n    x = 5\n  y=1\n", "class A:\n  def f(self):\n    pass",
           "x = 1 \\\ny", "x = 1;", "@dec\ndef f(): pass", "@dec\ndef f(): pass\n",
           "if 1:\n pass\n  x", "if 1:\n  pass\n x\n", "a b", "a b\n", "(a b", "x = '''",
           "x = (a, b\n", "x = (1 +\n", "(\n", "[1, 2 3\n"]
for src in sources:
    try:
        compile(src, "<s>", "single", F, True)
        r = "ok"
    except SyntaxError as e:
        r = f"{type(e).__name__}: {e.msg}"
    print(repr(src), "->", r)
