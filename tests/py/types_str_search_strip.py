# find/rfind (candidates by first byte, a prepared searcher after many misses), count of one byte,
# strip/lstrip/rstrip on ASCII bytes (the str itself when nothing goes), replace (result
# kind and length from the counts), with surrogates and non-ASCII text.
import sys
cases = ['  abc  ', 'abc', '', '   ', ' a ', '\t\n x \x1c', 'xxhixx', 'é  ', '  é', ' \u3000é\u3000 ', 'abcabc']
for s in cases:
    print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), repr(s.strip('xa')), repr(s.strip('é ')), s.strip() is s)
class S(str): pass
print(type(S('ab').strip()), S(' ab ').strip(), type(S('ab').lstrip('z')))
try: 'a'.strip(1)
except TypeError as e: print(e)
print(ascii('x\ud800 '.strip()), ascii(' \ud800 '.strip()), ascii('\ud800ab\ud800'.strip('\ud800')))
hay = 'The quick brown fox jumps over the lazy dog ' * 20
for n in ['lazy', 'T', 'dog ', 'zz', 'The quick brown fox jumps', '', 'g T', 'o']:
    print(hay.find(n), hay.rfind(n), hay.find(n, 100), hay.rfind(n, 0, 300), hay.count(n), hay.find(n, 50, 60))
a = 'ab' * 1000 + 'abc'
print(a.find('abc'), a.rfind('ba'), a.find('bab'), ('ab'*100).rfind('abab'), 'aaaa'.rfind('aa'), 'abaabaaab'.find('aaab'))
print(('a'*50 + 'b').find('aab'), ('b' + 'a'*50).rfind('baa'), ('ba' + 'a'*50).rfind('ba'))
for s in ['abcabc', 'é-é-é', 'aéa', '', 'xyz', 'a\ud800a']:
    for old, new in [('a', 'é'), ('é', 'e'), ('', '-'), ('b', ''), ('a', '\udc00'), ('abc', 'z')]:
        r = s.replace(old, new); r2 = s.replace(old, new, 1)
        print(ascii(r), len(r), r.isascii(), ascii(r2), len(r2), r2.isascii(), r == s, hash(r) == hash(ascii(r) and r))
