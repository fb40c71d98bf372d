import csv, io, _csv
def t(f):
    try: print(repr(f()))
    except Exception as e: print(type(e).__name__, e)
t(lambda: _csv.Dialect(foo=1))
t(lambda: _csv.Dialect(delimiter=''))
t(lambda: _csv.Dialect(delimiter=None))
t(lambda: _csv.Dialect(delimiter=1))
t(lambda: _csv.Dialect(quotechar=1))
t(lambda: _csv.Dialect(quotechar='ab'))
t(lambda: _csv.Dialect(quoting=9))
t(lambda: _csv.Dialect(quoting='a'))
t(lambda: _csv.Dialect(lineterminator=None))
t(lambda: _csv.Dialect(lineterminator=5))
t(lambda: _csv.Dialect(quotechar=None, quoting=csv.QUOTE_ALL))
t(lambda: _csv.Dialect(quotechar=None).quoting)
t(lambda: _csv.reader(5))
t(lambda: _csv.writer(5))
t(lambda: _csv.get_dialect('nope'))
t(lambda: _csv.register_dialect(5))
t(lambda: _csv.field_size_limit('a'))
t(lambda: next(_csv.reader([b'a'])))
d=_csv.Dialect()
t(lambda: (d.delimiter, d.escapechar, d.quotechar, d.lineterminator, d.quoting, d.doublequote, d.strict, d.skipinitialspace))
t(lambda: type(_csv.reader([])).__name__)
t(lambda: _csv.__version__)
t(lambda: _csv.writer(io.StringIO()).writerow(5))
t(lambda: _csv.reader([], foo=1))
t(lambda: sorted(csv.list_dialects()))

data = 'a,b,c\r\n1,"two, three",4\r\n"q""uote",,"multi\nline"\r\n  sp, x ,y\r\n\r\nlast'
for kw in [{}, {"skipinitialspace": True}, {"quoting": csv.QUOTE_NONE}, {"strict": True}, {"delimiter": ";"}, {"escapechar": "\\"}]:
    try:
        print(kw, list(csv.reader(io.StringIO(data, newline=""), **kw)))
    except Exception as e:
        print(kw, type(e).__name__, e)
print(list(csv.reader(['1,2.5,"x"'], quoting=csv.QUOTE_NONNUMERIC)))
t(lambda: list(csv.reader(['a,b'], quoting=csv.QUOTE_NONNUMERIC)))
t(lambda: list(csv.reader(['"a"b,c'], strict=True)))
t(lambda: list(csv.reader(['a\rb'])))
t(lambda: list(csv.reader(['"abc'], strict=True)))
t(lambda: list(csv.reader(['"abc'])))
t(lambda: list(csv.reader(['a\\,b,c\\\n', 'd'], escapechar='\\')))
r = csv.reader(['a,b', 'c,d'])
next(r); print(r.line_num, r.dialect.delimiter)

for kw in [{}, {"quoting": csv.QUOTE_ALL}, {"quoting": csv.QUOTE_NONNUMERIC}, {"quoting": csv.QUOTE_NONE, "escapechar": "\\"}, {"doublequote": False, "escapechar": "\\"}, {"lineterminator": "\n"}, {"delimiter": "\t"}]:
    s = io.StringIO()
    w = csv.writer(s, **kw)
    try:
        w.writerow(["a", "b,c", 'q"uote', "line\nbreak", 1, 2.5, None, ""])
        w.writerows([[""], [], ["x"], [True, 3j]])
        print(kw, repr(s.getvalue()))
    except Exception as e:
        print(kw, type(e).__name__, e)
s = io.StringIO()
t(lambda: csv.writer(s, quoting=csv.QUOTE_NONE).writerow(['a,b']))
t(lambda: csv.writer(s, quoting=csv.QUOTE_NONE).writerow(['']))
t(lambda: csv.writer(s, doublequote=False).writerow(['a"b']))

s = io.StringIO()
dw = csv.DictWriter(s, fieldnames=["x", "y"])
dw.writeheader(); dw.writerow({"x": 1, "y": "two"})
print(repr(s.getvalue()))
print(list(csv.DictReader(io.StringIO(s.getvalue()))))
print(csv.Sniffer().sniff("a;b;c\n1;2;3\n").delimiter)
csv.register_dialect("pipes", delimiter="|", quoting=csv.QUOTE_ALL)
print(list(csv.reader(['"a"|"b"'], "pipes")), csv.get_dialect("pipes").quoting)
csv.unregister_dialect("pipes")
t(lambda: csv.unregister_dialect("pipes"))
old = csv.field_size_limit(5)
t(lambda: list(csv.reader(["abcdefgh"])))
print(csv.field_size_limit(old))
class MyD(csv.Dialect):
    delimiter = ":"; quotechar = "'"; lineterminator = "\n"; quoting = csv.QUOTE_MINIMAL; doublequote = True; skipinitialspace = False
print(list(csv.reader(["a:'b:c'"], MyD)))
class BadD(csv.Dialect):
    delimiter = "::"
t(lambda: BadD())
