#!/usr/bin/env python3
"""Generate tests/py/sre_corpus.py: a differential test of the `_sre` engine that needs
no `re` package at run time.

Under CPython 3.11 this script compiles each pattern with `re._compiler` and writes the
opcode lists (with groups, groupindex, indexgroup) into the test program, which then
drives `_sre.compile` directly and prints spans, groups, findall/split/sub results for
every subject. Its expected output is recorded from CPython like any other case.

Usage: python3 tests/sre/gen_corpus.py   (then python3 tests/record.py py/sre_corpus.py)
"""
import os
import re

I, M, S, X, A = re.I, re.M, re.S, re.X, re.A

# (pattern, flags, subjects)
CORPUS = [
    ("abc", 0, ["abc", "xabcx", "ab", ""]),
    ("a.c", 0, ["abc", "a\nc", "aXc"]),
    ("a.c", S, ["a\nc", "abc"]),
    ("^abc$", 0, ["abc", "abc\n", "xabc"]),
    ("^abc$", M, ["x\nabc\ny", "abc"]),
    ("a*", 0, ["", "aaa", "baaa"]),
    ("a+", 0, ["aaa", "b", "baab"]),
    ("a?b", 0, ["ab", "b", "aab"]),
    ("a{2,3}", 0, ["a", "aa", "aaaa", "aaaaaaa"]),
    ("a{2,}?", 0, ["aaaa"]),
    ("a{,2}", 0, ["aaa"]),
    ("a*?b", 0, ["aaab", "b"]),
    ("(a|b)*c", 0, ["ababc", "c", "abx"]),
    ("(a|bc)+d", 0, ["abcad", "bcbcd", "d"]),
    ("(?:ab)+", 0, ["ababab", "aba"]),
    ("(ab)*?c", 0, ["ababc", "c"]),
    ("(a+)(b+)?", 0, ["aab", "aa", "b"]),
    ("(a)|(b)", 0, ["a", "b", "c"]),
    ("(?P<first>\\w+) (?P<last>\\w+)", 0, ["John Smith", "x y z"]),
    ("(?P<n>a)(?P=n)", 0, ["aa", "ab"]),
    ("(a)\\1", 0, ["aa", "ab", "xaax"]),
    ("(a*)\\1b", 0, ["aaaab", "b"]),
    ("(?i)(abc)\\1", 0, ["abcABC", "abcabd"]),
    ("(a)?(?(1)b|c)", 0, ["ab", "c", "ac"]),
    ("(?P<q>['\"])?x(?(q)(?P=q))", 0, ["'x'", "x", "\"x'"]),
    ("\\d+", 0, ["abc123def45", "", "\u0661\u0662"]),
    ("\\d+", A, ["12\u0661"]),
    ("\\D+", 0, ["ab12cd"]),
    ("\\w+", 0, ["hello world_1", "caf\u00e9 na\u00efve", "\u65e5\u672c\u8a9e"]),
    ("\\w+", A, ["caf\u00e9"]),
    ("\\W+", 0, ["a, b; c"]),
    ("\\s+", 0, ["a b\tc\n d", "a\u3000b\u00a0c"]),
    ("\\s+", A, ["a\u3000b c"]),
    ("\\S+", 0, ["  ab  cd "]),
    ("\\bfoo\\b", 0, ["foo", "afoo", "a foo b", "foobar"]),
    ("\\Bfoo\\B", 0, ["afoob", "foo"]),
    ("\\bcaf\u00e9\\b", 0, ["un caf\u00e9 noir"]),
    ("\\Aabc\\Z", 0, ["abc", "abc\n"]),
    ("abc\\Z", 0, ["xabc"]),
    ("$", 0, ["abc\n", "abc"]),
    ("^", M, ["a\nb\nc"]),
    ("$", M, ["a\nb\n"]),
    ("[abc]+", 0, ["xxabcabcyy", "d"]),
    ("[^abc]+", 0, ["abcdefabc"]),
    ("[a-z]+", 0, ["Hello World"]),
    ("[a-z]+", I, ["Hello World"]),
    ("[A-Z0-9_]+", 0, ["abc_DEF_123x"]),
    ("[\\d\\s]+", 0, ["ab 12 3cd"]),
    ("[^\\W\\d]+", 0, ["ab12cd_e"]),
    ("[.*+?]", 0, ["a.b*c"]),
    ("[\\]\\-]+", 0, ["a]-]b"]),
    ("[\u0400-\u04ff]+", 0, ["abc \u041f\u0440\u0438\u0432\u0435\u0442 def"]),
    ("[\u00e0-\u00ff\u0100-\u017f]+", 0, ["x\u00e9\u0101\u017ey"]),
    ("[\u4e00-\u9fff]+", 0, ["ab\u4e2d\u6587cd"]),
    ("[a\u4e2d\U0001f600]+", 0, ["xa\u4e2d\U0001f600ay"]),
    ("[^\u4e2d]+", 0, ["ab\u4e2dcd"]),
    ("\U0001f600+", 0, ["x\U0001f600\U0001f600y"]),
    ("abc", I, ["ABC", "aBc", "abd"]),
    ("\u00e9t\u00e9", I, ["\u00c9T\u00c9", "\u00e9t\u00e9"]),
    ("\u03c3", I, ["\u03a3", "\u03c2", "\u03c3"]),
    ("k", I, ["K", "\u212a", "k"]),
    ("s+", I, ["sS\u017fx"]),
    ("[k-m]+", I, ["KLM\u212a"]),
    ("[\u0430-\u044f]+", I, ["\u041f\u0420\u0418\u0412\u0415\u0422"]),
    ("(?i)[^a]", 0, ["A", "b"]),
    ("(?i:ab)c", 0, ["ABc", "ABC"]),
    ("a(?=b)", 0, ["ab", "ac"]),
    ("a(?!b)", 0, ["ab", "ac", "a"]),
    ("(?<=a)b", 0, ["ab", "cb"]),
    ("(?<!a)b", 0, ["ab", "cb", "b"]),
    ("(?<=\\d{3})x", 0, ["123x", "12x"]),
    ("\\w+(?=,)", 0, ["a, bb, ccc"]),
    ("(?=(\\w+))\\w", 0, ["abc"]),
    ("(?<=(a))b", 0, ["ab"]),
    ("(?!(a)b)\\w", 0, ["ab", "ac"]),
    ("(?>a+)b", 0, ["aaab", "aaa"]),
    ("(?>a|ab)c", 0, ["abc", "ac"]),
    ("a++b", 0, ["aaab"]),
    ("a++a", 0, ["aaaa"]),
    ("(?:ab)++c", 0, ["ababc", "ababab"]),
    ("(?:a|b)*+b", 0, ["aab"]),
    ("a*+", 0, ["aaa", ""]),
    ("a?+b", 0, ["ab", "b"]),
    ("(a)++", 0, ["aaa"]),
    ("x{2}+y", 0, ["xxxxy", "xxy"]),
    ("(\\w+)@(\\w+)\\.com", 0, ["mail joe@example.com or ann@test.com"]),
    ("(\\d{4})-(\\d{2})-(\\d{2})", 0, ["on 2023-01-15 and 1999-12-31"]),
    ("(?P<key>\\w+)=(?P<value>[^;]*);?", 0, ["a=1;b=2;c="]),
    ("(a(b(c)))", 0, ["abc"]),
    ("((a)|(b))+", 0, ["abab", "ba"]),
    ("(a|(b))+", 0, ["ab", "ba"]),
    ("(a*)*", 0, ["aaa", "b"]),
    ("(a*)+", 0, ["aaa", "b"]),
    ("(a|b)*?c", 0, ["abac"]),
    ("(?:a*)*b", 0, ["aaab"]),
    ("(?:a?)*?b", 0, ["aab"]),
    ("(a+|b+)*c", 0, ["aabbac"]),
    ("(x*)*y", 0, ["xxy"]),
    ("((?:a|b)*)c", 0, ["ababc"]),
    ("(?:(a)|b)*", 0, ["ab", "ba"]),
    ("(?:(a)|(b))*", 0, ["ab"]),
    ("(a){3}", 0, ["aaaa"]),
    ("(a){2,3}?", 0, ["aaaa"]),
    ("(ab){1,}?c", 0, ["ababc"]),
    ("(?:a|ab)(?:c|bcd)(d*)", 0, ["abcd"]),
    ("a|b|c|d|e", 0, ["xxe", "xd"]),
    ("foo|foobar", 0, ["foobar"]),
    ("(foo|foobar)$", 0, ["foobar"]),
    ("cat|dog|bird", 0, ["a dog and a cat"]),
    ("(?:c|d)(?:o|a)(?:g|t)", 0, ["xcatdog"]),
    ("a.*b", 0, ["axxbxxb", "axx\nb"]),
    ("a.*?b", 0, ["axxbxxb"]),
    ("a.*b", S, ["ax\nxb"]),
    (".*", 0, ["abc\ndef"]),
    (".+$", M, ["ab\ncd"]),
    ("^\\s*#.*$", M, ["x\n  # comment\ny"]),
    ("\\w+\\s*=\\s*\\d+", 0, ["x = 10, y=2"]),
    ("""
        (\\d+)   # number
        \\s*     # space
        (\\w+)   # word
    """, X, ["12 apples", "3pears"]),
    ("a b # c", X, ["ab", "a b"]),
    ("[ ]x", X, [" x"]),
    ("\\x41\\u0042\\U00000043\\101", 0, ["ABCA"]),
    ("\\n\\t\\\\", 0, ["\n\t\\"]),
    ("\\.\\*\\+", 0, ["a.*+b"]),
    ("(?s:.)x", 0, ["\nx"]),
    ("(?m)^b", 0, ["a\nb"]),
    ("(?x) a  b", 0, ["ab"]),
    ("(?a)\\w+", 0, ["\u00e9abc"]),
    ("(?u)\\w+", 0, ["\u00e9abc"]),
    ("", 0, ["", "abc"]),
    ("x*", 0, ["axxb"]),
    ("\\b", 0, ["ab cd"]),
    ("(?=a)", 0, ["bab"]),
    ("|a", 0, ["a"]),
    ("a|", 0, ["ba"]),
    ("(|a)+", 0, ["aa"]),
    ("(a|)+b", 0, ["aab"]),
    ("((a)|b)*?c", 0, ["abc"]),
    ("(?:x(a)|y(b))*z", 0, ["xayz", "ybxaz"]),
    ("(a)(?:(b)|c)*", 0, ["abcb", "acbc"]),
    ("([ab]*?)(?=(b)?)c", 0, ["abc"]),
    ("(?P<a>x)(?P<b>y)?(?P<c>z)", 0, ["xz", "xyz"]),
    ("<(\\w+)[^>]*>(.*?)</\\1>", 0, ["<b>bold</b> <i x=1>it</i>"]),
    ("(\\w)(\\w)?\\2?\\1", 0, ["abba", "aa"]),
    ("^(\\+|-)?\\d+(\\.\\d+)?([eE][+-]?\\d+)?$", 0, ["-12.5e10", "3", "1.", "+.5"]),
    ("^([01]?\\d|2[0-3]):[0-5]\\d$", 0, ["23:59", "24:00", "7:05"]),
    ("^[\\w.+-]+@[\\w-]+\\.[\\w.-]+$", 0, ["a.b+c@x-y.org", "bad@", "@x.y"]),
    ("(https?|ftp)://([^/\\r\\n]+)(/[^\\r\\n]*)?", 0, ["see http://www.python.org/doc/ now", "ftp://x"]),
    ("\\b(\\w+)\\s+\\1\\b", I, ["the The cat", "no dup"]),
    ("[aeiou]{2,}", 0, ["beautiful queue"]),
    ("(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)", 0, ["ip 192.168.1.255 and 256.1.1.1"]),
    ("\\$\\{(\\w+)\\}", 0, ["a ${x} b ${yy}"]),
    ("(?<![\\w.])\\d+(?![\\w.])", 0, ["12 a3 4.5 67"]),
    ("(\\w+),\\s*(\\w+)", 0, ["a, b,c ,d"]),
    ("(?:\\r\\n|\\r|\\n)", 0, ["a\r\nb\rc\nd"]),
    ("[\\s\\S]", 0, ["\n"]),
    ("\\u00e9+", 0, ["\u00e9\u00e9x"]),
    ("[\u00df]", I, ["\u1e9e", "SS"]),
    ("\u0130", I, ["i", "\u0130", "\u0131"]),
    ("[\u1f80-\u1f87]", I, ["\u1f88"]),
    ("a{0}b", 0, ["ab", "b"]),
    ("(a{0})b", 0, ["b"]),
    ("(?:a{2}){2}", 0, ["aaaaa"]),
    ("(a{1,2}){2}", 0, ["aaa"]),
    ("((a)b)*", 0, ["abab"]),
    ("(?:(a)|b)(?(1)c|d)", 0, ["ac", "bd", "bc"]),
    ("(?P<x>a)?b(?(x)c)", 0, ["abc", "b", "ab"]),
    ("\\d+(?:\\.\\d*)?|\\.\\d+", 0, ["1.5 .25 3."]),
    ("[-+]?[0-9]*\\.?[0-9]+", 0, ["a -1.5 +3 .7"]),
    ("'(?:[^'\\\\]|\\\\.)*'", 0, ["x 'a\\'b' y 'c'"]),
    ("\"(?:[^\"\\\\]|\\\\.)*\"", 0, ["say \"hi \\\"there\\\"\" ok"]),
    ("/\\*.*?\\*/", S, ["a /* b\n c */ d /* e */"]),
    ("^(a+)+$", 0, ["aaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaab"]),
    ("(x+x+)+y", 0, ["xxxxxxxxxxy", "xxxxxxxxxx"]),
    ("^(?:a|aa)*c", 0, ["aaaaaaaaaaaaaaac", "aaaaaaaaab"]),
    ("(?i)stra\u00dfe", 0, ["STRASSE", "Stra\u00dfe", "STRA\u1e9eE"]),
    ("[^\\n]+", 0, ["line one\nline two"]),
    ("(\\w+)(?:\\s+\\1)+", 0, ["go go go stop", "a b"]),
    ("(?P<word>\\b\\w+\\b)", 0, ["Hello, big world!", "!!"]),
    ("\\d{2,4}?", 0, ["123456"]),
    ("(?:(?:a|b)c)+?d", 0, ["acbcd", "acd"]),
    ("[\\u0100-\\uffff]", 0, ["ab\u0101", "xyz"]),
    ("(?s)(?=.*x).*y", 0, ["a\nx y", "aby"]),
]

# bytes patterns
BYTES_CORPUS = [
    (b"abc", 0, [b"xabcx", b"ab"]),
    (b"\\w+", 0, [b"hello world \xe9t\xe9"]),
    (b"[\\x80-\\xff]+", 0, [b"ab\xe9\xffcd"]),
    (b"a.c", S, [b"a\nc"]),
    (b"(\\d+)-(\\d+)", 0, [b"10-20 30-40"]),
    (b"(?i)hello", 0, [b"HeLLo"]),
    (b"\\bx\\b", 0, [b"a x b"]),
    (b"\\s+", 0, [b"a \t\nb"]),
    (b"[^a-z]+", I, [b"abcXYZ123"]),
    (b"(a)(?P<b>b)?", 0, [b"ab", b"a"]),
]


def build():
    cases = []
    for pat, flags, subjects in CORPUS + BYTES_CORPUS:
        p = re.compile(pat, flags)
        tree = re._parser.parse(pat, flags)
        code = [int(c) for c in re._compiler._code(tree, p.flags)]
        groupindex = dict(p.groupindex)
        indexgroup = [None] * (p.groups + 1)
        for k, i in groupindex.items():
            indexgroup[i] = k
        cases.append((pat, p.flags, code, p.groups, groupindex, tuple(indexgroup), subjects))
    return cases


HEADER = '''\
# Generated by tests/sre/gen_corpus.py: the `_sre` engine driven directly with opcode
# lists recorded from CPython 3.11's re._compiler (no `re` import needed).
import _sre

CASES = [
'''

FOOTER = '''\
]


def groups_of(m):
    if m is None:
        return None
    return (m.span(), m.groups(), m.groupdict(), m.lastindex, m.lastgroup,
            [m.span(i) for i in range(len(m.regs))])


def run():
    n = 0
    for pat, flags, code, groups, groupindex, indexgroup, subjects in CASES:
        p = _sre.compile(pat, flags, code, groups, groupindex, indexgroup)
        empty = pat[:0]
        rep = empty + (b"<>" if isinstance(pat, bytes) else "<>")
        for s in subjects:
            n += 1
            print(n, ascii(pat), flags, ascii(s))
            print("  match", ascii(groups_of(p.match(s))))
            print("  search", ascii(groups_of(p.search(s))))
            print("  fullmatch", ascii(groups_of(p.fullmatch(s))))
            print("  findall", ascii(p.findall(s)))
            print("  finditer", [m.span() for m in p.finditer(s)])
            print("  split", ascii(p.split(s)), ascii(p.split(s, 1)))
            print("  sub", ascii(p.subn(rep, s)), ascii(p.sub(rep, s, 1)))
            print("  subf", ascii(p.sub(lambda m: m.group(0)[::-1], s)))
            if len(s) > 1:
                print("  pos", ascii(groups_of(p.search(s, 1))), ascii(groups_of(p.match(s, 1, len(s) - 1))))
    print(n, "cases")


run()
'''


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "..", "py", "sre_corpus.py")
    with open(out, "w", encoding="utf-8") as f:
        f.write(HEADER)
        for case in build():
            f.write("    " + ascii(case) + ",\n")
        f.write(FOOTER)


if __name__ == "__main__":
    main()
