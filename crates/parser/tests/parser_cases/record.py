#!/usr/bin/env python3
"""Record CPython 3.11's answers for the parser snapshot cases.

Reads valid.py and invalid.py (each a Python list of sources beside this script: a
string is a module parsed from its UTF-8 bytes, a `(source, mode)` pair is parsed as text
in 'eval' or 'single' mode) and writes expected.json: for every source, either its
`ast.dump(tree, include_attributes=True)` or its SyntaxError (class, message, line,
offset, end line, end offset). Run with CPython 3.11:

    python3 crates/parser/tests/parser_cases/record.py
"""
import ast
import json
import os
import sys
import warnings

warnings.filterwarnings("ignore")
here = os.path.dirname(os.path.abspath(__file__))
assert sys.version_info[:2] == (3, 11), "record with CPython 3.11"


def answer(source, mode):
    data = source.encode("utf-8") if mode == "exec" else source
    try:
        tree = compile(data, "<snapshot>", mode, ast.PyCF_ONLY_AST)
        return {"dump": ast.dump(tree, include_attributes=True)}
    except SyntaxError as e:
        return {
            "class": type(e).__name__,
            "msg": e.msg,
            "lineno": e.lineno,
            "offset": e.offset,
            "end_lineno": e.end_lineno,
            "end_offset": e.end_offset,
        }
    except (MemoryError, RecursionError, ValueError) as e:
        return {"class": type(e).__name__}


cases = []
for group in ("valid", "invalid"):
    with open(os.path.join(here, group + ".py"), encoding="utf-8") as f:
        sources = eval(f.read())
    for source in sources:
        mode = "exec"
        if isinstance(source, tuple):
            source, mode = source
        case = {"group": group, "source": source, "mode": mode}
        case.update(answer(source, mode))
        if (group == "valid") != ("dump" in case):
            sys.exit("%s case does not belong there: %r" % (group, source))
        cases.append(case)
with open(os.path.join(here, "expected.json"), "w", encoding="utf-8") as f:
    json.dump(cases, f, indent=1, ensure_ascii=False)
    f.write("\n")
print("recorded %d cases" % len(cases))
