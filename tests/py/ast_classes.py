# The _ast node classes: hierarchy, _fields/_attributes/__match_args__, constructor
# semantics and errors, class-level None defaults, __reduce__, subclassing, pattern matching.
import _ast

names = [n for n in dir(_ast) if isinstance(getattr(_ast, n), type) and issubclass(getattr(_ast, n), _ast.AST)]
print(len(names), names[:5], names[-5:])
for n in ["AST", "mod", "Module", "stmt", "FunctionDef", "expr", "BinOp", "Constant",
          "expr_context", "Load", "operator", "Add", "cmpop", "NotIn", "comprehension",
          "excepthandler", "ExceptHandler", "arguments", "arg", "keyword", "alias",
          "withitem", "match_case", "pattern", "MatchAs", "type_ignore", "TypeIgnore"]:
    c = getattr(_ast, n)
    print(n, c.__bases__[0].__name__, c._fields, c.__match_args__, c._attributes,
          c.__module__, c.__qualname__)
print(_ast.PyCF_ONLY_AST, _ast.PyCF_TYPE_COMMENTS, _ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
print(_ast.BinOp.__doc__)
print(_ast.operator.__doc__)
print(_ast.AST.__doc__)

# class-level defaults for optional fields and positions
print(_ast.Return.value, _ast.Constant.kind, _ast.expr.end_lineno, _ast.arg.type_comment,
      _ast.ImportFrom.level, _ast.MatchAs.pattern)
print(hasattr(_ast.BinOp, "left"), hasattr(_ast.expr, "lineno"))

# constructors
b = _ast.BinOp(1, 2)
print(sorted(b.__dict__.items()))
b = _ast.BinOp(left=1, op=_ast.Add(), right=3, lineno=4, extra="x")
print(b.left, type(b.op).__name__, b.right, b.lineno, b.extra, b.col_offset if hasattr(b, "col_offset") else "no col_offset")
for cls, args in [(_ast.BinOp, (1, 2, 3, 4)), (_ast.Return, (1, 2)), (_ast.Pass, (1,)),
                  (_ast.Load, (1,)), (_ast.AST, (1,))]:
    try:
        cls(*args)
    except TypeError as e:
        print("TypeError:", e)
n = _ast.Name()
try:
    n.id
except AttributeError as e:
    print("AttributeError:", e)
print(n.end_lineno, n.end_col_offset)
print(_ast.Name("x", lineno=1).__dict__)
try:
    _ast.BinOp(1, left=2)
except TypeError as e:
    print("TypeError:", e)
print(_ast.BinOp(1, right=2).right)

# __reduce__ and copying
print(_ast.Add().__reduce__())
r = _ast.Name("x", _ast.Load(), lineno=3).__reduce__()
print(r[0].__name__, r[1], sorted(r[2]))
print(_ast.AST().__reduce__())
import copy
c = copy.deepcopy(_ast.BinOp(_ast.Constant(1), _ast.Add(), _ast.Constant(2)))
print(type(c).__name__, c.left.value, c.right.value, type(c.op).__name__)

# the classes are ordinary, patchable, subclassable classes
class MyConst(_ast.Constant):
    _fields = ("value", "kind", "note")
m = MyConst(1, None, "n")
print(m.value, m.kind, m.note, isinstance(m, _ast.expr), isinstance(m, _ast.AST))
_ast.Constant.n = property(lambda self: self.value)
print(_ast.Constant(42).n)
del _ast.Constant.n
print(hasattr(_ast.Constant(42), "n"))
print(_ast.Load() == _ast.Load(), _ast.Load() is _ast.Load())

# structural pattern matching uses __match_args__
match _ast.BinOp(_ast.Constant(1), _ast.Mult(), _ast.Name("x")):
    case _ast.BinOp(_ast.Constant(v), _ast.Mult(), _ast.Name(id=name)):
        print("matched", v, name)
