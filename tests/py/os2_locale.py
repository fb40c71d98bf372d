# _locale and locale: the C.UTF-8 start-up locale, getpreferredencoding, setlocale
# queries and errors, localeconv, nl_langinfo, strcoll/strxfrm.
import _locale
import locale

print(locale.getpreferredencoding(), _locale.getencoding())
print(locale.setlocale(locale.LC_CTYPE))
print(locale.setlocale(locale.LC_NUMERIC), locale.setlocale(locale.LC_TIME))
print(locale.setlocale(locale.LC_NUMERIC, "C"))
conv = _locale.localeconv()
print(sorted(conv.items()))
print(_locale.nl_langinfo(_locale.CODESET), _locale.nl_langinfo(_locale.DAY_1),
      _locale.nl_langinfo(_locale.ABMON_12), repr(_locale.nl_langinfo(_locale.RADIXCHAR)),
      _locale.nl_langinfo(_locale.D_FMT), _locale.nl_langinfo(_locale.YESEXPR))
for args in [(_locale.LC_ALL, "xx_YY.nothing"), (99,), ("x",)]:
    try:
        _locale.setlocale(*args)
    except (locale.Error, TypeError) as e:
        print(type(e).__name__, e)
try:
    _locale.nl_langinfo(12345)
except ValueError as e:
    print("ValueError:", e)
print(_locale.strcoll("a", "b") < 0, _locale.strcoll("b", "a") > 0, _locale.strcoll("x", "x"))
print(_locale.strxfrm("abc"))
print(sorted(["b", "a", "C"], key=locale.strxfrm))
print(_locale.Error.__module__, _locale.Error.__mro__[1].__name__, _locale.CHAR_MAX, _locale.LC_ALL)
print(locale.format_string("%d and %.2f", (1234567, 3.14159), grouping=True))
print(locale.normalize("en_US"), locale.getlocale(locale.LC_CTYPE))
