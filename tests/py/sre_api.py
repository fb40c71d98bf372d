# The _sre Pattern/Match/Scanner API driven directly (opcode lists recorded from CPython
# 3.11 by re._compiler): errors, reprs, group access, sub/split corner cases, long subjects.
import _sre

SPECS = [
    ('(?P<first>\\w+) (?P<last>\\w+)', 32, [14, 4, 0, 3, 4294967295, 17, 0, 24, 9, 1, 4294967295, 13, 4, 8, 14, 0, 1, 17, 1, 16, 32, 17, 2, 24, 9, 1, 4294967295, 13, 4, 8, 14, 0, 1, 17, 3, 1], 2, {'first': 1, 'last': 2}, (None, 'first', 'last')),
    ('a(b)?c', 32, [14, 8, 1, 2, 3, 1, 1, 97, 0, 16, 97, 23, 9, 0, 1, 17, 0, 16, 98, 17, 1, 18, 16, 99, 1], 1, {}, (None, None)),
    ('x*', 32, [14, 4, 0, 0, 4294967295, 24, 6, 0, 4294967295, 16, 120, 1, 1], 0, {}, (None,)),
    ('(?i)abc', 34, [14, 4, 0, 3, 3, 40, 97, 40, 98, 40, 99, 1], 0, {}, (None,)),
    (b'(\\d+)', 0, [14, 4, 0, 1, 4294967295, 17, 0, 24, 9, 1, 4294967295, 13, 4, 8, 0, 0, 1, 17, 1, 1], 1, {}, (None, None)),
    ('(a|b)*c', 32, [14, 4, 0, 1, 4294967295, 23, 13, 0, 4294967295, 17, 0, 13, 5, 22, 97, 98, 0, 17, 1, 18, 16, 99, 1], 1, {}, (None, None)),
    ('(?:a|b)*c', 32, [14, 4, 0, 1, 4294967295, 24, 10, 0, 4294967295, 13, 5, 22, 97, 98, 0, 1, 16, 99, 1], 0, {}, (None,)),
    ('(a*)*b', 32, [14, 4, 0, 1, 4294967295, 23, 14, 0, 4294967295, 17, 0, 24, 6, 0, 4294967295, 16, 97, 1, 17, 1, 18, 16, 98, 1], 1, {}, (None, None)),
    ('\\w+', 344, [14, 4, 0, 1, 4294967295, 24, 9, 1, 4294967295, 13, 4, 8, 4, 0, 1, 1], 0, {}, (None,)),
    ('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 32, [14, 606, 3, 300, 300, 300, 300, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 190, 191, 192, 193, 194, 195, 196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255, 256, 257, 258, 259, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 270, 271, 272, 273, 274, 275, 276, 277, 278, 279, 280, 281, 282, 283, 284, 285, 286, 287, 288, 289, 290, 291, 292, 293, 294, 295, 296, 297, 298, 299, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 16, 97, 1], 0, {}, (None,)),
    ('(?P<x>a)|(?P<y>b)', 32, [14, 4, 0, 1, 1, 7, 9, 17, 0, 16, 97, 17, 1, 15, 11, 9, 17, 2, 16, 98, 17, 3, 15, 2, 0, 1], 2, {'x': 1, 'y': 2}, (None, 'x', 'y')),
    ('.', 32, [14, 4, 0, 1, 1, 2, 1], 0, {}, (None,)),
    ('\\bx', 32, [14, 4, 0, 1, 1, 6, 10, 16, 120, 1], 0, {}, (None,)),
]

P = {s[0]: _sre.compile(*s) for s in SPECS}


def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__, e)
    else:
        print(label, "=", ascii(r))


names = P["(?P<first>\\w+) (?P<last>\\w+)"]
m = names.match("Isaac Newton, physicist")
show("repr", lambda: repr(m))
show("group()", lambda: m.group())
show("group(0,1,2)", lambda: m.group(0, 1, 2))
show("group('first')", lambda: m.group("first"))
show("group('last', 1)", lambda: m.group("last", 1))
show("m['last']", lambda: m["last"])
show("m[0]", lambda: m[0])
show("group(3)", lambda: m.group(3))
show("group(-1)", lambda: m.group(-1))
show("group('nope')", lambda: m.group("nope"))
show("group(True)", lambda: m.group(True))
show("group(1.0)", lambda: m.group(1.0))
show("group([])", lambda: m.group([]))
show("groupdict", lambda: m.groupdict())
show("groups", lambda: m.groups())
show("span(2)", lambda: m.span(2))
show("start('last')", lambda: m.start("last"))
show("end(group=1)", lambda: m.end(group=1))
show("regs", lambda: m.regs)
show("pos/endpos", lambda: (m.pos, m.endpos))
show("lastindex/lastgroup", lambda: (m.lastindex, m.lastgroup))
show("re is", lambda: m.re is names)
show("string", lambda: m.string)
show("pattern attrs", lambda: (names.pattern, names.flags, names.groups, dict(names.groupindex)))
show("type names", lambda: (type(names).__name__, type(m).__name__, type(names).__module__))
show("copy", lambda: (m.__copy__() is m, m.__deepcopy__({}) is m, names.__copy__() is names))

opt = P["a(b)?c"]
m2 = opt.search("xxacyy")
show("opt", lambda: (m2.span(), m2.groups(), m2.groups("-"), m2.span(1), m2.start(1), m2.group(1)))
show("opt lastindex", lambda: (m2.lastindex, m2.lastgroup, m2.groupdict()))
show("opt groupindex", lambda: opt.groupindex)
show("opt repr", lambda: repr(opt))
show("opt search pos", lambda: [repr(opt.search("acabcac", i)) for i in range(-2, 9)])
show("opt match endpos", lambda: [repr(opt.match("abc", 0, e)) for e in (-1, 0, 2, 3, 100)])
show("opt match pos>endpos", lambda: repr(opt.match("abcabc", 3, 1)))
show("opt kw", lambda: repr(opt.search(string="zzabc", pos=1, endpos=5)))
show("opt kw bad", lambda: opt.search("abc", foo=1))
show("opt kw dup", lambda: opt.search("abc", string="abc"))
show("opt missing", lambda: opt.search())
show("opt too many", lambda: opt.search("a", 1, 2, 3))
show("opt bad pos", lambda: opt.search("abc", "x"))
show("opt bytes on str", lambda: opt.search(b"abc"))
show("opt int subject", lambda: opt.search(42))
show("findall opt", lambda: opt.findall("abc ac abc"))
show("split opt", lambda: opt.split("1abc2ac3"))
show("split opt max", lambda: opt.split("1abc2ac3abc4", maxsplit=2))

empt = P["x*"]
show("empty findall", lambda: empt.findall("axxb"))
show("empty split", lambda: empt.split("axxb"))
show("empty sub", lambda: empt.subn("-", "axxb"))
show("empty finditer", lambda: [mm.span() for mm in empt.finditer("axxb")])
show("empty sub count", lambda: empt.sub("-", "axxb", count=2))
show("sub none", lambda: empt.sub(lambda mm: None, "abc"))
show("sub bad type", lambda: empt.sub(lambda mm: 42, "abc"))
show("sub bytes repl", lambda: empt.sub(b"-", "abc"))
show("sub neg count", lambda: empt.sub("-", "abc", -1))
show("sub unchanged is", lambda: (lambda s: P["\\bx"].sub("-", s) is s)("abc"))

byt = P[b"(\\d+)"]
show("bytes search", lambda: repr(byt.search(b"ab123cd")))
show("bytes findall", lambda: byt.findall(b"1 22 333"))
show("bytearray", lambda: byt.findall(bytearray(b"4 55")))
show("bytes sub", lambda: byt.sub(b"#", b"a1b22"))
show("bytes sub bytearray repl", lambda: byt.sub(bytearray(b"#"), b"a1b22"))
show("bytes sub callable", lambda: byt.sub(lambda mm: mm.group(1) * 2, bytearray(b"a1b2")))
show("bytes on str", lambda: byt.search("123"))
show("bytes repr", lambda: repr(byt))
show("bytes match repr", lambda: repr(byt.match(b"123")))

ic = P["(?i)abc"]
show("ic repr", lambda: repr(ic))
show("flags repr", lambda: repr(P["\\w+"]))
show("long repr", lambda: repr(P["a" * 300]))
show("long match repr", lambda: repr(P["a" * 300].match("a" * 400)))
show("eq", lambda: (ic == _sre.compile(*SPECS[3]), ic != _sre.compile(*SPECS[3]), ic == opt, ic == 1))
show("hash eq", lambda: hash(ic) == hash(_sre.compile(*SPECS[3])))

show("alt groups", lambda: P["(a|b)*c"].match("abbac").groups())
show("deep alt", lambda: P["(?:a|b)*c"].match("ab" * 50000 + "c").span())
show("deep alt fail", lambda: P["(?:a|b)*c"].match("ab" * 50000))
show("nested star", lambda: P["(a*)*b"].match("a" * 20 + "b").groups())
show("xy", lambda: (P["(?P<x>a)|(?P<y>b)"].match("b").lastgroup, P["(?P<x>a)|(?P<y>b)"].match("a").lastgroup))
show("long subject", lambda: len(P["\\bx"].findall("x " * 100000)))

sc = opt.scanner("abc ac xabc")
show("scanner", lambda: [repr(sc.search()), repr(sc.match()), repr(sc.search()), repr(sc.search()), repr(sc.search()), repr(sc.search())])
show("scanner pattern", lambda: sc.pattern is opt)
sc2 = empt.scanner("xx")
show("scanner empty", lambda: [repr(sc2.match()) for _ in range(4)])

show("module", lambda: (_sre.MAGIC, _sre.CODESIZE, _sre.MAXREPEAT, _sre.MAXGROUPS, _sre.getcodesize()))
show("iscased", lambda: [_sre.ascii_iscased(c) for c in (65, 97, 48, 0xe9)] + [_sre.unicode_iscased(c) for c in (65, 48, 0xe9, 0x3c3, 0x2160, 0x1f600)])
show("tolower", lambda: [_sre.ascii_tolower(c) for c in (65, 0xc9)] + [_sre.unicode_tolower(c) for c in (65, 0xc9, 0x130, 0x3a3, 0x212a)])
show("tolower bad", lambda: _sre.ascii_tolower("a"))
show("compile bad code", lambda: _sre.compile("a", 0, [1, -1], 0, {}, (None,)))
show("compile big code", lambda: _sre.compile("a", 0, [1, 2**32], 0, {}, (None,)))
show("compile bad subject", lambda: _sre.compile(1, 0, [1], 0, {}, (None,)))
show("no instances", lambda: type(opt)())
