# compile() with ast.PyCF_ONLY_AST and compile() of AST objects: trees, positions,
# round trips, modes, flags and CPython's errors for malformed trees.
import _ast


def dump(node):
    if isinstance(node, _ast.AST):
        cls = type(node)
        args = []
        for name in node._fields + node._attributes:
            try:
                value = getattr(node, name)
            except AttributeError:
                continue
            if value is None and getattr(cls, name, ...) is None:
                continue
            args.append("%s=%s" % (name, dump(value)))
        return "%s(%s)" % (cls.__name__, ", ".join(args))
    if isinstance(node, list):
        return "[%s]" % ", ".join(dump(x) for x in node)
    return repr(node)


def parse(src, mode="exec"):
    return compile(src, "<ast>", mode, _ast.PyCF_ONLY_AST)


def attempt(f):
    try:
        r = f()
        print("ok", type(r).__name__)
    except Exception as e:
        print(type(e).__name__ + ":", e)


for src in ["x = 1", "def f(a, /, b=2, *c, d, **e) -> int:\n    return a\n",
            "print(f'{x!r:>{w}}', -1j, b'\\x00', ..., 2**70, 1.5e300)",
            "for i in range(3):\n    pass\nelse:\n    del i\n",
            "async def g():\n    async with a as b:\n        await c\n",
            "match p:\n    case [1, *r] if r: pass\n    case {'k': v, **kw}: pass\n    case C(a, b=c) | None: pass\n",
            "try:\n    pass\nexcept* E as e:\n    pass\n",
            "x = 'h\\u00e9llo'  # é\ny = 'é' + x\n",
            "from ..a import (b as c, d)\nglobal q\nlambda: (yield)\n",
            "a[1:2, ::3] = b.c = [*d]\n",
            "@dec\nclass C(B, metaclass=M):\n    z: int = 0\n"]:
    print(dump(parse(src)))
print(dump(parse("a + b * c", "eval")))
print(dump(parse("x = 1", "single")))
print(dump(parse(b"# coding: latin-1\ns = '\xe9'\n")))

# singletons of context and operator classes are shared
t1, t2 = parse("a + b", "eval"), parse("c + d", "eval")
print(t1.body.op is t2.body.op, t1.body.left.ctx is t2.body.right.ctx)

# round trips: source -> tree -> code
ns = {}
exec(compile(parse("def f(x):\n    return [i * x for i in range(3)]\nr = f(2)"), "<rt>", "exec"), ns)
print(ns["r"])
print(eval(compile(parse("{'a': (1, 2)}['a'][1] + 40", "eval"), "<rt>", "eval")))

# building trees by hand, with missing end positions
call = _ast.Call(_ast.Name("print", _ast.Load(), lineno=1, col_offset=0),
                 [_ast.Constant("built by hand", lineno=1, col_offset=6)], [],
                 lineno=1, col_offset=0)
mod = _ast.Module([_ast.Expr(call, lineno=1, col_offset=0)], [])
exec(compile(mod, "<hand>", "exec"))

# editing a parsed tree
tree = parse("x = 2 + 3\nprint(x)")
tree.body[0].value.op = _ast.Mult()
exec(compile(tree, "<edit>", "exec"))

# a compile-time error from a tree keeps the tree's positions
attempt(lambda: compile(parse("\n\nreturn 1"), "<ret>", "exec"))
try:
    compile(parse("\n\nreturn 1"), "<ret>", "exec")
except SyntaxError as e:
    print(e.filename, e.lineno, e.offset, e.text)

L = dict(lineno=1, col_offset=0)
P = dict(lineno=1, col_offset=0, end_lineno=1, end_col_offset=0)
C = lambda v: _ast.Constant(v, **L)
N = lambda n, ctx=_ast.Load(): _ast.Name(n, ctx, **L)
M = lambda *body: _ast.Module(list(body), [])
E = lambda e: _ast.Expr(e, **L)
cases = [
    lambda: compile(parse("1"), "", "eval"),
    lambda: compile(_ast.Module(body=[]), "", "exec"),
    lambda: compile(_ast.Module(), "", "exec"),
    lambda: compile(_ast.Expression(body=_ast.Name("x", _ast.Load())), "", "eval"),
    lambda: compile(_ast.Expression(body=5), "", "eval"),
    lambda: compile(_ast.Expression(body=N("x", _ast.Store())), "", "eval"),
    lambda: compile(_ast.Module(body=5, type_ignores=[]), "", "exec"),
    lambda: compile(_ast.Module([5], []), "", "exec"),
    lambda: compile(_ast.Module([_ast.Pass(**L)], [5]), "", "exec"),
    lambda: compile(M(E(None)), "", "exec"),
    lambda: compile(M(E(C([]))), "", "exec"),
    lambda: compile(M(E(C((1, frozenset({2}), b"x", 1j, None, ...)))), "", "exec"),
    lambda: compile(M(E(N(5))), "", "exec"),
    lambda: compile(M(E(N(None))), "", "exec"),
    lambda: compile(M(E(N("None"))), "", "exec"),
    lambda: compile(M(E(N("x", 5))), "", "exec"),
    lambda: compile(M(E(_ast.Name("x", _ast.Load(), lineno="a", col_offset=0))), "", "exec"),
    lambda: compile(M(E(_ast.Name("x", _ast.Load(), lineno=2 ** 70, col_offset=0))), "", "exec"),
    lambda: compile(M(E(_ast.Name("x", _ast.Load(), lineno=2, end_lineno=1, col_offset=0))), "", "exec"),
    lambda: compile(M(E(_ast.Name("x", _ast.Load(), lineno=1, col_offset=5, end_col_offset=2))), "", "exec"),
    lambda: compile(M(E(_ast.BinOp(C(1), None, C(2), **L))), "", "exec"),
    lambda: compile(M(E(_ast.BinOp(C(1), _ast.Add, C(2), **L))), "", "exec"),
    lambda: compile(M(E(_ast.BoolOp(_ast.And(), [C(1)], **L))), "", "exec"),
    lambda: compile(M(E(_ast.Compare(C(1), [_ast.Eq()], [], **L))), "", "exec"),
    lambda: compile(M(E(_ast.Compare(C(1), [], [C(2)], **L))), "", "exec"),
    lambda: compile(M(E(_ast.Dict([None], [], **L))), "", "exec"),
    lambda: compile(M(E(_ast.ListComp(C(1), [], **L))), "", "exec"),
    lambda: compile(M(E(_ast.Constant("x", 5, **L))), "", "exec"),
    lambda: compile(M(_ast.If(N("x"), [], [], **L)), "", "exec"),
    lambda: compile(M(_ast.Delete([], **L)), "", "exec"),
    lambda: compile(M(_ast.Assign([C(1)], C(1), **L)), "", "exec"),
    lambda: compile(M(_ast.Assign([N("x")], C(1), **L)), "", "exec"),
    lambda: compile(M(_ast.Try([_ast.Pass(**L)], [], [], [], **L)), "", "exec"),
    lambda: compile(M(_ast.Try([_ast.Pass(**L)], [], [_ast.Pass(**L)], [_ast.Pass(**L)], **L)), "", "exec"),
    lambda: compile(M(_ast.Raise(None, C(1), **L)), "", "exec"),
    lambda: compile(M(_ast.Import([], **L)), "", "exec"),
    lambda: compile(M(_ast.Import([_ast.alias("y")], **L)), "", "exec"),
    lambda: compile(M(_ast.ImportFrom("x", [_ast.alias("y", **L)], -1, **L)), "", "exec"),
    lambda: compile(M(_ast.AnnAssign(_ast.Attribute(N("a"), "b", _ast.Store(), **L), N("int"), None, 1, **L)), "", "exec"),
    lambda: compile(M(E(_ast.NamedExpr(C(1), C(2), **L))), "", "exec"),
    lambda: compile(M(_ast.FunctionDef("f", _ast.arguments([], [], None, [], [], None, [C(1)]), [_ast.Pass(**L)], [], **L)), "", "exec"),
    lambda: compile(M(_ast.FunctionDef("f", _ast.arguments([], [], None, [], [C(1)], None, []), [_ast.Pass(**L)], [], **L)), "", "exec"),
    lambda: compile(M(_ast.Match(N("x"), [_ast.match_case(_ast.MatchAs(None, "y", **L), None, [_ast.Pass(**L)])], **L)), "", "exec"),
    lambda: compile(M(_ast.Match(N("x"), [_ast.match_case(_ast.MatchAs(_ast.MatchStar(**P), None, **P), None, [_ast.Pass(**L)])], **L)), "", "exec"),
    lambda: compile(M(_ast.Match(N("x"), [_ast.match_case(_ast.MatchAs(None, "_", **P), None, [_ast.Pass(**L)])], **L)), "", "exec"),
    lambda: compile(M(_ast.Match(N("x"), [_ast.match_case(_ast.MatchValue(N("y"), **P), None, [_ast.Pass(**L)])], **L)), "", "exec"),
    lambda: compile(M(_ast.Match(N("x"), [_ast.match_case(_ast.MatchSingleton(1, **P), None, [_ast.Pass(**L)])], **L)), "", "exec"),
    lambda: compile(M(_ast.Match(N("x"), [_ast.match_case(_ast.MatchOr([], **P), None, [_ast.Pass(**L)])], **L)), "", "exec"),
    lambda: compile(M(_ast.Match(N("x"), [], **L)), "", "exec"),
    lambda: compile(_ast.Interactive([E(C(1))]), "", "single"),
    lambda: compile(_ast.Interactive([E(C(1))]), "", "exec"),
    lambda: compile(_ast.Expression(C(1)), "", "exec"),
    lambda: compile(C(1), "", "eval"),
    lambda: compile(parse("1"), "", "exec", _ast.PyCF_ONLY_AST),
]
for case in cases:
    attempt(case)

# compile()'s own argument checks
for args, kwargs in [(("1", "", "eval", 0x100), {}), (("1", "", "eval", 8), {}),
                     (("1", "", "eval"), {"optimize": 5}), (("1", "", "foo", 0x400), {}),
                     (("1", "", "foo"), {}), (("1", "", "func_type"), {}),
                     (("1\0", "", "eval"), {}), ((5, "", "eval"), {}),
                     (("1", "", "eval"), {"bogus": 1}), (("1", "", "eval"), {"source": 1}),
                     (("1", "", "eval", 0x400), {"_feature_version": 8}),
                     ((), {"source": "1", "filename": "f", "mode": "eval", "flags": 0x400}),
                     (("x = (", "<s>", "exec", 0x400), {}),
                     (("a+" * 3000 + "a", "<s>", "exec", 0x400), {})]:
    attempt(lambda: compile(*args, **kwargs))
