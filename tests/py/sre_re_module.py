# The re package over pyrs's _sre: compile, module functions, templates, flags, errors.
import re

print(re.match(r"(\w+) (\w+)", "Isaac Newton, physicist").groups())
print(re.search(r"(?P<year>\d{4})-(?P<month>\d\d)", "on 2023-07 ok").groupdict())
print(re.fullmatch(r"[a-z]+", "abc"), re.fullmatch(r"[a-z]+", "abc1"))
print(re.findall(r"\d+", "a1b22c333"), re.findall(r"(a)(b)?", "ab a"))
print([m.span() for m in re.finditer(r"\w+", "hi there you")])
print(re.split(r"[,;]\s*", "a, b;c,  d"), re.split(r"(,)", "a,b", maxsplit=1))
print(re.sub(r"(\w+)@(\w+)", r"\2 at \1", "joe@home ann@work"))
print(re.sub(r"(?P<k>\w+)=(?P<v>\w+)", r"\g<v>=\g<k>", "a=1 b=2"))
print(re.sub(r"a", lambda m: m.group(0).upper(), "banana"))
print(re.subn(r"\s+", " ", "a  b \t c"))
print(re.sub(r"x*", "-", "abxd"))
print(re.sub(r"(a)|b", r"[\1]", "ab"))
print(re.sub(b"(\\d)", b"<\\1>", b"a1b2"))
m = re.search(r"(?P<first>\w+) (?P<last>\w+)", "Jane Doe")
print(m.expand(r"\g<last>, \g<first> (\1)"), m.expand(r"\n\t"))
print(re.escape("a.b*c?d"), re.escape(b"x+y"))
p = re.compile(r"(?i)straße", re.UNICODE)
print(p, p.match("STRASSE"), p.match("STRAßE"))
print(re.compile(r"\w+", re.A).findall("café naïve"), re.compile(r"\w+").findall("café naïve"))
print(re.compile(r"""
    (\d+)   # digits
    \s*
    ([a-z]+) # word
""", re.X).findall("12 ab 3cd"))
print(re.findall(r"^\w", "ab\ncd\nef", re.M), re.findall(r".", "a\nb", re.S))
print(re.match(r"(a+)+b", "a" * 20 + "b").span())
print(re.search(r"(?<=\$)\d+(?:\.\d\d)?", "cost: $42.50").group())
print(re.search(r"\bcat\b", "concat cat"), re.search(r"[\u4e00-\u9fff]+", "ab中文cd"))
print(re.compile("a|b") == re.compile("a|b"), re.compile("a", re.I).flags, re.purge())
print(re.match(r"(?:(?P<a>a)|b)(?(a)c|d)", "bd").group(), re.Pattern, re.Match)
print(repr(re.compile(r"\d+", re.I | re.M)), re.compile(b"x"))
for bad in ["(", "a{2,1}", "[b-a]", "(?P<1>x)", "\\", "(?<=a+)b", "a**"]:
    try:
        re.compile(bad)
    except re.error as e:
        print("error:", bad, "->", e, e.pos)
try:
    re.sub("(a)", r"\2", "a")
except re.error as e:
    print("error:", e)
print(re.match("a", "b") is None, bool(re.match("", "")))
print(re.compile(r"(?P<n>x)").groupindex, re.compile("x").groupindex)
print(re.search("(a)(b)", "ab").regs, re.search("(a)(b)", "ab").lastgroup)
