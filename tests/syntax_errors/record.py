#!/usr/bin/env python3
"""Record CPython 3.11's syntax errors for the invalid-snippet corpus.

Sources: `snippets.txt` here (snippets separated by lines holding only `----`), and the
SyntaxError examples of CPython's own Lib/test/test_syntax.py doctests. For each snippet
the recorded expectation is CPython's error class, message, line, offset, end line and end
offset from `compile(source_bytes, '<test>', 'exec')`, and the stage that raised it
("parser" when `ast.parse` fails too, "compiler" otherwise).

Usage: python3 tests/syntax_errors/record.py   (writes cases.json beside this file)
"""
import ast
import doctest
import json
import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))


def snippets_from_file():
    with open(os.path.join(HERE, "snippets.txt"), encoding="utf-8") as f:
        text = f.read()
    for chunk in text.split("\n----\n"):
        chunk = chunk.strip("\n")
        if chunk and not chunk.startswith("#!"):
            yield chunk + "\n"


def snippets_from_test_syntax():
    import test.test_syntax as ts

    parser = doctest.DocTestParser()
    for ex in parser.get_examples(ts.__doc__ or ""):
        if "SyntaxError" in ex.want or "IndentationError" in ex.want:
            yield ex.source


def record(source):
    data = source.encode("utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compile(data, "<test>", "exec")
            return None
        except SyntaxError as e:
            try:
                ast.parse(data)
                stage = "compiler"
            except SyntaxError:
                stage = "parser"
            return {
                "source": source,
                "class": type(e).__name__,
                "msg": e.msg,
                "lineno": e.lineno,
                "offset": e.offset,
                "end_lineno": e.end_lineno,
                "end_offset": e.end_offset,
                "stage": stage,
            }
        except (ValueError, MemoryError, RecursionError):
            return None


def main():
    if sys.version_info[:2] != (3, 11):
        sys.exit("record.py must run under CPython 3.11")
    seen = set()
    cases = []
    for source in list(snippets_from_file()) + list(snippets_from_test_syntax()):
        if source in seen:
            continue
        seen.add(source)
        case = record(source)
        if case is not None:
            cases.append(case)
    with open(os.path.join(HERE, "cases.json"), "w", encoding="utf-8") as f:
        json.dump(cases, f, indent=0, ensure_ascii=False)
        f.write("\n")
    parser_cases = sum(1 for c in cases if c["stage"] == "parser")
    print(f"{len(cases)} cases recorded ({parser_cases} raised by the parser)")


if __name__ == "__main__":
    main()
