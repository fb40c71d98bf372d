# %-formatting keeps lone surrogates (of the format and of %s/%c arguments), with widths
# and precisions counted in code points, and CPython's messages for bad directives.
print(ascii('%s' % '\ud800'), ascii('%r' % '\ud800'), ascii('a%sb' % 'x\udcffy'), ascii('\ud800%s\udc00' % 'é'))
print(ascii('%5s|%-5s|%.1s|%3.2s' % ('\ud800', 'é\ud800', '\ud800x', 'ab\udc00')), ascii('%c%c' % ('\ud800', 233)))
print('%d %s %.2f' % (5, 'x', 5 / 3), '%(a)s-%(b)d' % {'a': 'é', 'b': 3}, '%(é)s' % {'é': 1})
print('%5d|%-5d|%05d|%+d|% d|%x|%#X|%o|%#o|%e|%.3g|%10.4f|%-10.2e|%%|%c' % (1, 2, -3, 4, 5, 255, 255, 8, 8, 1.5, 2.5, 3.14159, 1234.5, 65))
print('%*d|%-*d|%.*f|%*.*s' % (5, 1, 5, 2, 2, 3.14159, 6, 2, 'abcdef'))
print('é%sü' % 'ß', '%s' % [1, 'a'], '%r' % 'é', '%a' % 'é', '%s %s' % (1, (2,)), '%s' % ((1, 2),))
for bad in [('%d', 'x'), ('%s %s', (1,)), ('%s', (1, 2)), ('%z', 1), ('%é', 1), ('é%ü', 1), ('%(a', {'a': 1}), ('%(a)s', 1), ('%', 1), ('%.', 1), ('%c', 'ab'), ('%c', -1)]:
    try: print(repr(bad[0] % bad[1]))
    except Exception as e: print(type(e).__name__, e)
print(b'%s|%5d|%.2f|%x' % (b'ab', 3, 1.5, 255), b'%c' % 65)
