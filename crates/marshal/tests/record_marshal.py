"""Record CPython 3.11's marshal output and errors for crates/marshal/tests/cpython_corpus.rs.

Run from this directory: python3 record_marshal.py  (writes data/marshal_corpus.json)

Each value case gives the Python expression, the marshal version, the bytes CPython wrote
(hex) and a tagged description of the value; each error case gives input bytes and the
exception CPython's marshal.loads raised.
"""
import json
import marshal
import math
import os
import sys

assert sys.version_info[:2] == (3, 11), "record with CPython 3.11"

VALUES = [
    "None", "True", "False", "StopIteration", "...",
    "0", "1", "-1", "5", "-5", "-6", "256", "257", "1000", "-1000",
    "2**31 - 1", "-2**31", "2**31", "-2**31 - 1", "2**32", "2**40", "-2**40",
    "2**45", "2**60", "2**62 + 12345", "2**63", "-2**63", "2**64 - 1", "2**100", "-(2**100) + 7",
    "3**200", "-(7**333)", "2**15", "2**30", "2**30 - 1", "-(2**15)", "10**30",
    "0.0", "-0.0", "1.5", "0.1", "-2.5e-300", "1e308", "5e-324", "float('inf')", "float('-inf')",
    "float('nan')", "1e16", "1e17", "123456789.125", "1/3",
    "1j", "3+4j", "-0.0-0j", "complex(float('inf'), float('nan'))", "1e-10+1e10j",
    "''", "'a'", "'abc'", "'hello world'", "'with space!'", "'x' * 255", "'x' * 256", "'xy' * 300",
    "'é'", "'ÿ'", "'café'", "'€'", "'日本語'", "'\\U0001F600'", "'\\ud800'", "'a\\udfffb'",
    "'\\ud83d\\ude00'", "'\\x00\\x01'", "'é' * 300",
    "b''", "b'a'", "b'\\x00\\xff'", "b'abc' * 100", "bytes(range(256))",
    "()", "(1,)", "(1, 2, 3)", "(None, True, False)", "tuple(range(300))", "((),)",
    "(('a', 'b'), ('a', 'b'))", "(1.5, 1.5)", "[]", "[1, 2, 3]", "[[], []]",
    "[1000, 1000]", "list(range(260))", "[2**70, -2**70]",
    "{}", "{'a': 1}", "{'a': 1, 'b': [1, 2], 3: None}", "{1: {2: {3: {}}}}", "{(1, 2): 'x'}",
    "set()", "{1}", "{1, 2, 3}", "frozenset()", "frozenset({1})", "frozenset({'a'})",
    "{frozenset({1, 2})}", "{'k': frozenset({(1, 2)})}",
    "[StopIteration, ..., None]",
    "(lambda s: [s, s, (s,)])('hello' + ' world')",
    "(lambda f: [f, f])(float(1.25))",
    "(lambda b: (b, b, b))(bytes([1, 2, 3]) * 2)",
    "(lambda t: [t, (t, t)])(tuple([1000, 2000]))",
    "(lambda l: [l, l])(list([1, 2]))",
    "(lambda d: (d, [d]))(dict(a=1))",
    "(lambda s: [s, s])(frozenset([1, 2, 3]))",
    "(lambda x: [x, x])(2**80 + 1)",
    "(lambda s: [s, s])(''.join(['ab', 'cd']))",
    "(lambda s: [s, s])(''.join(['\\u20ac', 'x']))",
    "[sys.intern(''.join(['na', 'me'])), 'name']",
    "{'name': 'name', 'other': 'name'}",
    "[(), (), ((),)]",
    "[-5, -5, 256, 256]",
]

VERSIONS = [0, 1, 2, 3, 4]


def tag(v):
    if v is None:
        return {"t": "none"}
    if v is StopIteration:
        return {"t": "stopiter"}
    if v is ...:
        return {"t": "ellipsis"}
    if isinstance(v, bool):
        return {"t": "bool", "v": v}
    if isinstance(v, int):
        return {"t": "int", "v": str(v)}
    if isinstance(v, float):
        return {"t": "float", "bits": float_bits(v)}
    if isinstance(v, complex):
        return {"t": "complex", "real": float_bits(v.real), "imag": float_bits(v.imag)}
    if isinstance(v, str):
        return {"t": "str", "cp": [ord(c) for c in v]}
    if isinstance(v, bytes):
        return {"t": "bytes", "hex": v.hex()}
    if isinstance(v, tuple):
        return {"t": "tuple", "items": [tag(x) for x in v]}
    if isinstance(v, list):
        return {"t": "list", "items": [tag(x) for x in v]}
    if isinstance(v, dict):
        return {"t": "dict", "items": [[tag(k), tag(x)] for k, x in v.items()]}
    if isinstance(v, frozenset):
        return {"t": "frozenset", "items": [tag(x) for x in v]}
    if isinstance(v, set):
        return {"t": "set", "items": [tag(x) for x in v]}
    raise TypeError(type(v))


def float_bits(f):
    import struct
    return struct.unpack("<Q", struct.pack("<d", f))[0]


ERRORS = [
    b"", b"?", b"\x01", b"0", b"0\x00", b")\x010", b"[\x01\x00\x00\x000", b"<\x01\x00\x00\x000",
    b"{", b"{N", b"{NN",
    b"i", b"i\x01\x00", b"I\x01\x00", b"l", b"l\x00\x00\x00\x80", b"l\x02\x00\x00\x00\x01\x00\x00\x00",
    b"l\x02\x00\x00\x00\x01\x00\x00\x80", b"l\x02\x00\x00\x00\x01\x00", b"l\x01\x00\x00\x00\x00\x00",
    b"l\xff\xff\xff\x7f\x01\x00", b"l\xff\xff\xff\x7f\x01\x00\xff\xff",
    b"f", b"f\x03abc", b"f\x03 1.", b"f\x05\xff\xfe123", b"f\x041_0.", b"f\x00", b"f\x05", b"x", b"x\x011",
    b"f\x021e", b"f\x01.", b"f\x040x10", b"f\x041__0", b"f\x06nan(1)", b"f\x02e5", b"f\x03--1",
    b"f\x021+", b"f\x05inity", b"f\x04nana",
    b"g\x00", b"y", b"y\x00\x00\x00\x00\x00\x00\x00\x00",
    b"s", b"s\xff\xff\xff\xff", b"s\x00\x00\x00\x80", b"s\x05\x00\x00\x00ab", b"s\xff\xff\xff\x7f",
    b"z", b"z\x05ab", b"Z\x03ab", b"a", b"a\xff\xff\xff\xff", b"A\x02\x00\x00\x00a",
    b"u", b"u\xff\xff\xff\xff", b"u\x01\x00\x00\x00\xff", b"u\x02\x00\x00\x00\xe2\x82",
    b"u\x03\x00\x00\x00\xe2\x82A", b"u\x02\x00\x00\x00\xed\xa0", b"u\x04\x00\x00\x00\xf0\x90\x80A",
    b"u\x01\x00\x00\x00\x80", b"u\x02\x00\x00\x00\xc0\x80", b"u\x03\x00\x00\x00\xe0\x80\x80",
    b"u\x04\x00\x00\x00\xf4\x90\x80\x80", b"u\x04\x00\x00\x00\xf5\x80\x80\x80", b"t\x01\x00\x00\x00\xff",
    b"u\x05\x00\x00\x00ab\xed\xa0", b"u\x06\x00\x00\x00ab\xed\xa0\x80\xff",
    b"(", b"(\x01\x00", b"(\x05\x00\x00\x00", b"(\x05\x00\x00\x80", b")", b")\x02N",
    b"[", b"[\xff\xff\xff\xff", b"<", b"<\xff\xff\xff\xff", b">\x02\x00\x00\x00N",
    b"{[\x00\x00\x00\x00N0", b"<\x01\x00\x00\x00[\x00\x00\x00\x00", b"<\x01\x00\x00\x00(\x01\x00\x00\x00[\x00\x00\x00\x00",
    b">\x01\x00\x00\x00{0", b"{)\x02N<\x00\x00\x00\x00N0",
    b"r", b"r\x00\x00", b"r\x00\x00\x00\x00", b"r\xff\xff\xff\xff", b")\x02\xe9\x01\x00\x00\x00r\x01\x00\x00\x00",
    b"\xbe\x01\x00\x00\x00r\x00\x00\x00\x00",
    b")\x01" * 2000 + b"N", b"[\x01\x00\x00\x00" * 2500 + b"N",
    b"{" * 3000,
    # (Not b"C" and b"c...": pyrs reads its own code objects under "C" and never CPython's.)
]

SUCCESSES = [
    b"\xe9\x01\x00\x00\x00", b"N\x80", b"\xce", b"[\x01\x00\x00\x00\xce", b"<\x02\x00\x00\x00NN",
    b"a\x01\x00\x00\x00\xe9", b"A\x01\x00\x00\x00\x80", b"u\x00\x00\x00\x00", b"f\x081.5\x00abcd",
    b"f\x04+inf", b"f\x03NaN", b"f\x02.5", b"f\x021.", b"f\x051e+05", b"x\x011\x03-2.",
    b"I\x01\x00\x00\x00\x00\x00\x00\x80", b"I\xff\xff\xff\xff\xff\xff\xff\xff",
    b"l\x01\x00\x00\x00\x01\x00", b"l\xfe\xff\xff\xff\xff\x7f\x01\x00",
    b"\xe9\x07\x00\x00\x00\xa9\x02r\x00\x00\x00\x00r\x00\x00\x00\x00",
    b"{\xe9\x01\x00\x00\x00Nr\x00\x00\x00\x00N0",
    b"u\x06\x00\x00\x00\xed\xa0\xbd\xed\xb8\x80", b"NNN extra",
    b"f\x08infinity", b"f\t-Infinity", b"f\x061.5e-3", b"f\x06+.5e+2", b"f\x04+nan",
    b"f\x04-inf", b"f\x03iNf", b"f\x051e400", b"f\x07-1e-400", b"f\x0500012", b"f\x041.e5",
    b"(\x02\x00\x00\x00NN", b"\xdb\x01\x00\x00\x00N", b"{\xb00", b"{NNN0", b"{N0",
]


def main():
    sys.setrecursionlimit(20000)
    values = []
    for expr in VALUES:
        for version in VERSIONS:
            obj = eval(expr)
            data = marshal.dumps(obj, version)
            values.append({"expr": expr, "version": version, "hex": data.hex(), "value": tag(obj)})
    errors = []
    for data in ERRORS:
        try:
            marshal.loads(data)
        except Exception as e:
            errors.append({"hex": data.hex(), "type": type(e).__name__, "message": str(e)})
        else:
            raise SystemExit(f"no error for {data[:40]!r}")
    successes = []
    for data in SUCCESSES:
        obj = marshal.loads(data)
        successes.append({"hex": data.hex(), "value": tag(obj)})
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "marshal_corpus.json")
    with open(out, "w") as f:
        # One case a line, so that a change of CPython's output shows as a small diff.
        f.write("{\n")
        for key, cases in (("values", values), ("errors", errors), ("successes", successes)):
            f.write(f'"{key}": [\n')
            f.write(",\n".join(json.dumps(case) for case in cases))
            f.write("\n]" + (",\n" if key != "successes" else "\n"))
        f.write("}\n")
    print(f"{len(values)} values, {len(errors)} errors, {len(successes)} successes -> {out}")


main()
