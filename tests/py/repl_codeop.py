# codeop.compile_command and code.InteractiveConsole on pyrs's compile().
# (Inputs without a final newline whose result differs between 3.11 point releases'
# codeop are left out.)
import codeop, code, sys

sources = ["x = 1", "if 1:", "if 1:\n  x = 5", "if 1:\n  x = 5\n", "x = (1,", "x = (1,\n2)",
           "'''abc", "'''abc\ndef'''", "x = 1 \\", "1 +\n", "@dec",
           "@dec\ndef f(): pass", "@dec\ndef f(): pass\n", "try:\n  pass", "try:\n  pass\n",
           "x = ]", "print('a'", "# comment", "",
           "for i in range(2):\n  i\n", "class A:\n  def f(self):\n    pass\n\n", "x = [1,\n\n"]
for src in sources:
    try:
        r = codeop.compile_command(src, "<input>", "single")
        print(repr(src), "->", "more" if r is None else "code")
    except SyntaxError as e:
        print(repr(src), "->", type(e).__name__, e.msg)

class Console(code.InteractiveConsole):
    def write(self, data):
        sys.stdout.write("ERR: " + data)

c = Console()
for line in ["x = 10", "x * 2", "if x:", "    print('big')", "", "def g(a):", "    return a + 1", "",
             "g(x)", "1/0", "y = (", "3)", "y", "for i in range(2):", "    i", "", "def f(:", "[1,", "2]"]:
    more = c.push(line)
    print("push", repr(line), "->", more)
