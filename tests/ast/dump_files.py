# Print `ast.dump(compile(src, path, mode, PyCF_ONLY_AST), include_attributes=True)` for
# each file named on the command line, one line per file, using only `_ast` (so that it
# runs where Lib's `ast` module cannot be imported yet). The dump function follows
# Lib/ast.py's `dump` without indentation. A file named NAME.eval.py or NAME.single.py is
# parsed as text in that mode; any other file from its bytes in 'exec' mode.
import sys
import _ast


def dump(node):
    def _format(node):
        if isinstance(node, _ast.AST):
            cls = type(node)
            args = []
            keywords = True
            for name in node._fields:
                try:
                    value = getattr(node, name)
                except AttributeError:
                    continue
                if value is None and getattr(cls, name, ...) is None:
                    continue
                args.append('%s=%s' % (name, _format(value)))
            if node._attributes:
                for name in node._attributes:
                    try:
                        value = getattr(node, name)
                    except AttributeError:
                        continue
                    if value is None and getattr(cls, name, ...) is None:
                        continue
                    args.append('%s=%s' % (name, _format(value)))
            return '%s(%s)' % (cls.__name__, ', '.join(args))
        elif isinstance(node, list):
            return '[%s]' % ', '.join(_format(x) for x in node)
        return repr(node)
    return _format(node)


for path in sys.argv[1:]:
    with open(path, "rb") as f:
        src = f.read()
    mode = path.split(".")[-2] if path.count(".") >= 2 else "exec"
    if mode in ("eval", "single"):
        src = src.decode("utf-8")
    else:
        mode = "exec"
    try:
        tree = compile(src, path, mode, _ast.PyCF_ONLY_AST)
        print(path, dump(tree))
    except SyntaxError as e:
        print(path, type(e).__name__, e.msg, e.lineno, e.offset)
    except (ValueError, MemoryError, RecursionError) as e:
        print(path, type(e).__name__)
