# For each file named on the command line: compiling the tree that
# compile(src, path, "exec", PyCF_ONLY_AST) returns must give the same code object as
# compiling the source (bytecode, names, positions, constants, nested code). Prints each
# file that differs and a final "bad N of M" line.
import sys
import _ast


def same(a, b):
    if (a.co_code != b.co_code or a.co_names != b.co_names
            or list(a.co_positions()) != list(b.co_positions())
            or len(a.co_consts) != len(b.co_consts)):
        return False
    for x, y in zip(a.co_consts, b.co_consts):
        if hasattr(x, "co_code"):
            if not same(x, y):
                return False
        elif type(x) != type(y) or (x != y and x == x):
            return False
    return True


bad = 0
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        src = f.read()
    try:
        direct = compile(src, path, "exec")
    except SyntaxError:
        continue
    try:
        tree = compile(src, path, "exec", _ast.PyCF_ONLY_AST)
        via_tree = compile(tree, path, "exec")
    except Exception as e:
        print(path, "error:", type(e).__name__, e)
        bad += 1
        continue
    if not same(direct, via_tree):
        print(path, "differs")
        bad += 1
print("bad", bad, "of", len(sys.argv) - 1)
