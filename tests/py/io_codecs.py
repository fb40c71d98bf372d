# _codecs, the error handlers, and str.encode/bytes.decode through the shared core.
import _codecs

def show(label, fn):
    try:
        print(label, ascii(fn()))
    except Exception as e:
        print(label, type(e).__name__ + ":", e)

s = "a\u00e9\u20ac\U0001f600"
for enc in ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "latin-1", "ascii"):
    show(enc, lambda: s.encode(enc))
    show(enc + " back", lambda: s.encode(enc, "ignore").decode(enc))

show("utf8 bad start", lambda: b"\xff".decode("utf-8"))
show("utf8 bad cont", lambda: b"a\xc3(".decode("utf-8"))
show("utf8 truncated", lambda: b"ab\xe2\x82".decode("utf-8"))
show("utf8 surrogate", lambda: b"\xed\xa0\x80".decode("utf-8"))
show("ascii", lambda: b"ab\x80cd".decode("ascii"))
show("enc ascii", lambda: "ab\u00e9cd".encode("ascii"))
show("enc latin", lambda: "ab\u20accd\u20ac".encode("latin-1"))
show("enc surrogate", lambda: "a\ud800b".encode("utf-8"))
show("utf16 odd", lambda: b"a\x00b".decode("utf-16-le"))
show("utf32 range", lambda: b"\x00\x00\x11\x00".decode("utf-32-le"))
for errors in ("replace", "ignore", "backslashreplace", "surrogateescape"):
    show("dec " + errors, lambda: b"a\xff\xfeb\xc3".decode("utf-8", errors))
for errors in ("replace", "ignore", "backslashreplace", "xmlcharrefreplace", "namereplace"):
    show("enc " + errors, lambda: "a\u00e9\u20ac\U0001f600".encode("ascii", errors))
show("surrogateescape roundtrip", lambda: b"x\xff\xfe".decode("utf-8", "surrogateescape").encode("utf-8", "surrogateescape"))
show("surrogatepass", lambda: "a\ud800".encode("utf-8", "surrogatepass"))
show("surrogatepass back", lambda: b"a\xed\xa0\x80".decode("utf-8", "surrogatepass"))
show("unknown handler", lambda: b"\xff".decode("utf-8", "nope"))
show("unknown encoding", lambda: b"x".decode("nope"))
show("xml in decode", lambda: b"\xff".decode("utf-8", "xmlcharrefreplace"))

def handler(exc):
    return ("<%d:%d>" % (exc.start, exc.end), exc.end)
_codecs.register_error("test.angle", handler)
show("custom dec", lambda: b"a\xff\xfeb".decode("utf-8", "test.angle"))
show("custom enc", lambda: "a\u20acb".encode("latin-1", "test.angle"))
print(_codecs.lookup_error("test.angle") is handler)
show("lookup_error", lambda: _codecs.lookup_error("nope"))
show("strict fn", lambda: _codecs.lookup_error("strict")(ValueError("boom")))
show("replace fn", lambda: _codecs.lookup_error("replace")(UnicodeEncodeError("ascii", "a\u20ac", 1, 2, "x")))
show("register bad", lambda: _codecs.register_error("x", 1))

show("utf_8_decode partial", lambda: _codecs.utf_8_decode(b"ab\xc3", "strict", False))
show("utf_8_decode final", lambda: _codecs.utf_8_decode(b"ab\xc3", "replace", True))
show("utf_8_encode", lambda: _codecs.utf_8_encode("\u00e9t\u00e9"))
show("utf_16_ex_decode", lambda: _codecs.utf_16_ex_decode(b"\xff\xfea\x00b", "strict", 0, False))
show("utf_16_ex_decode be", lambda: _codecs.utf_16_ex_decode(b"\xfe\xff\x00a", "strict", 0, True))
show("utf_16_encode be", lambda: _codecs.utf_16_encode("ab", None, 1))
show("utf_32_decode", lambda: _codecs.utf_32_decode(b"\xff\xfe\x00\x00a\x00\x00\x00", None, True))
show("latin_1_decode", lambda: _codecs.latin_1_decode(b"\xe9\xff"))
show("ascii_decode", lambda: _codecs.ascii_decode(b"abc"))
show("charmap_build", lambda: sorted(_codecs.charmap_build("abc").items()))
show("charmap_decode", lambda: _codecs.charmap_decode(b"\x00\x01\x02", "strict", "xyz"))
show("charmap_decode undefined", lambda: _codecs.charmap_decode(b"\x00\x05", "strict", "xyz"))
show("charmap_decode replace", lambda: _codecs.charmap_decode(b"\x00\x05", "replace", "xyz"))
show("charmap_encode", lambda: _codecs.charmap_encode("zyx", "strict", _codecs.charmap_build("xyz")))
show("charmap_encode undefined", lambda: _codecs.charmap_encode("zq", "strict", _codecs.charmap_build("xyz")))
show("unicode_escape_encode", lambda: _codecs.unicode_escape_encode("a\\\n\t\u00e9\u20ac\U0001f600'\""))
show("unicode_escape_decode", lambda: _codecs.unicode_escape_decode(b"a\\n\\t\\x41\\u20ac\\U0001f600\\101\\N{DIGIT ONE}"))
show("unicode_escape_decode bad", lambda: _codecs.unicode_escape_decode(b"ab\\x4"))
show("unicode_escape_decode end", lambda: _codecs.unicode_escape_decode(b"ab\\"))
show("raw_unicode_escape_encode", lambda: _codecs.raw_unicode_escape_encode("a\\\u00e9\u20ac"))
show("raw_unicode_escape_decode", lambda: _codecs.raw_unicode_escape_decode(b"a\\u20ac\\n\\\\u0041"))
show("escape_encode", lambda: _codecs.escape_encode(b"a'\n\x00\xff\\"))
show("escape_decode", lambda: _codecs.escape_decode(b"a\\'\\n\\x00\\xff\\\\"))
show("escape_decode bad", lambda: _codecs.escape_decode(b"\\x4"))
show("utf_7_encode", lambda: _codecs.utf_7_encode("Hi Mom -\u263a-! A+B \u20ac\U0001f600"))
show("utf_7_decode", lambda: _codecs.utf_7_decode(b"Hi Mom -+Jjo--! A+-B +IKzYPd4A-"))

def search(name):
    if name == "test_codec_rot":
        return (lambda s, e="strict": (s[::-1].encode(), len(s)),
                lambda b, e="strict": (bytes(b)[::-1].decode(), len(b)), None, None)
    return None
_codecs.register(search)
show("custom codec", lambda: _codecs.encode("abc", "test-codec-rot"))
show("custom codec dec", lambda: _codecs.decode(b"abc", "Test Codec Rot"))
show("lookup miss", lambda: _codecs.lookup("no-such-thing"))
show("register bad", lambda: _codecs.register(1))
show("encode default", lambda: _codecs.encode("\u00e9"))
show("decode default", lambda: _codecs.decode(b"\xc3\xa9"))
