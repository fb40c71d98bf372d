# Lib's ast module over pyrs's _ast and compile(): parse, dump (with and without
# attributes, indented), literal_eval, walk, NodeVisitor/NodeTransformer, edited trees
# compiled after fix_missing_locations, unparse, deprecated aliases.
import ast

src = '''
"""Module doc."""
def add(a, b=1):
    """Add things."""
    return a + b
x = add(2, 3) * 4
'''
tree = ast.parse(src)
print(ast.dump(tree))
print(ast.dump(tree.body[1], include_attributes=True))
print(ast.dump(ast.parse("f(a, *b, k=1, **c)", mode="eval"), indent=2))
print(sorted({type(n).__name__ for n in ast.walk(tree)}))
print(ast.unparse(tree))

for text in ["1", "-2.5", "(1, 'a', b'b', None, True)", "[1, {2: 3}, {4}]", "1+2j",
             "  {'k': [1, -1]}", "set()", "x", "1 + x", "f()"]:
    try:
        print(repr(ast.literal_eval(text)))
    except ValueError as e:
        print("ValueError:", str(e).split(" <")[0])

class Renamer(ast.NodeTransformer):
    def visit_Name(self, node):
        if node.id == "add":
            return ast.Name(id="mul", ctx=node.ctx)
        return node
    def visit_BinOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, ast.Add):
            node.op = ast.Mult()
        return node

new = ast.fix_missing_locations(Renamer().visit(ast.parse(src)))
ns = {"mul": lambda a, b: a * b}
exec(compile(new, "<renamed>", "exec"), ns)
print(ns["x"], ast.unparse(new).splitlines()[-1])

class Counter(ast.NodeVisitor):
    def __init__(self):
        self.calls = 0
    def visit_Call(self, node):
        self.calls += 1
        self.generic_visit(node)
c = Counter()
c.visit(ast.parse("f(g(1), h())"))
print(c.calls)

t = ast.parse("a = 1\nb = 2")
ast.increment_lineno(t, 10)
print([n.lineno for n in t.body], ast.copy_location(ast.Pass(), t.body[0]).lineno)
print(isinstance(ast.Constant(1), ast.Num), ast.Num(5).n, type(ast.Str("s")).__name__)
print(ast.parse("x: int = 1").body[0].simple, ast.parse("async def f(): await g()").body[0].body[0].value.value.func.id)
m = ast.Module(body=[ast.Expr(value=ast.Call(func=ast.Name(id="print", ctx=ast.Load()), args=[ast.Constant(value="fixed")], keywords=[]))], type_ignores=[])
exec(compile(ast.fix_missing_locations(m), "<m>", "exec"))
try:
    compile(ast.Module(body=[ast.Expr(value=ast.Name(id="x", ctx=ast.Load()))], type_ignores=[]), "<m>", "exec")
except TypeError as e:
    print("TypeError:", e)
try:
    ast.parse("x = = 1")
except SyntaxError as e:
    print("SyntaxError:", e.msg, e.lineno, e.offset)
