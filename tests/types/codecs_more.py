def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### encode_error_handlers
s = 'aé€😀\udcff'
for enc in ['ascii', 'latin-1', 'utf-8', 'utf-16-le', 'utf-32-be']:
    for err in ['strict', 'ignore', 'replace', 'backslashreplace', 'xmlcharrefreplace', 'namereplace', 'surrogateescape', 'surrogatepass']:
        show(s.encode, enc, err)
#### decode_error_handlers
for b, enc in [(b'a\xffb\x80', 'utf-8'), (b'a\xe2\x82', 'utf-8'), (b'\xed\xa0\x80x', 'utf-8'), (b'a\x80', 'ascii'), (b'\x00\xd8\x41\x00', 'utf-16-le'), (b'\x41\x00\x00', 'utf-16-le'), (b'\x00\x00\x11\x00', 'utf-32-le'), (b'A\x00\x00', 'utf-32-le')]:
    for err in ['strict', 'ignore', 'replace', 'backslashreplace', 'surrogateescape', 'surrogatepass']:
        try:
            print(enc, err, ascii(b.decode(enc, err)))
        except Exception as e:
            print(enc, err, type(e).__name__ + ':', e)
#### utf16_utf32_boms
s = 'hi€'
for enc in ['utf-16', 'utf-16-le', 'utf-16-be', 'utf-32', 'utf-32-le', 'utf-32-be', 'utf-8-sig']:
    b = s.encode(enc)
    print(enc, b, b.decode(enc))
print(b'\xfe\xff\x00A'.decode('utf-16'), b'\xff\xfeA\x00'.decode('utf-16'), b'\x00\x00\xfe\xff\x00\x00\x00A'.decode('utf-32'), ascii(b'\xef\xbb\xbfx'.decode('utf-8')), b'\xef\xbb\xbfx'.decode('utf-8-sig'))
#### utf16_decode_errors
for b in [b'a', b'\xff\xfea', b'\xfe\xff\x00', b'\x00\xdc', b'\x00\xd8', b'\x00\xd8\x00\x00', b'A\x00\x00\xdc']:
    for enc in ['utf-16', 'utf-16-le', 'utf-16-be']:
        try:
            print(b, enc, ascii(b.decode(enc)))
        except UnicodeDecodeError as e:
            print(b, enc, e, e.encoding, e.start, e.end, e.reason)
#### utf32_decode_errors
for b in [b'a', b'\xff\xfe\x00\x00a', b'\x00\x00\x11\x00', b'\x00\xd8\x00\x00', b'\x00\x00\xfe\xff\x00\x00\xd8\x00']:
    for enc in ['utf-32', 'utf-32-le', 'utf-32-be']:
        try:
            print(b, enc, ascii(b.decode(enc)))
        except UnicodeDecodeError as e:
            print(b, enc, e, e.encoding, e.start, e.end, e.reason)
#### unicode_error_attrs
try:
    'aé'.encode('ascii')
except UnicodeEncodeError as e:
    print(e, e.encoding, repr(e.object), e.start, e.end, e.reason, e.args)
try:
    b'a\xff\xfe'.decode('utf-8')
except UnicodeDecodeError as e:
    print(e, e.encoding, e.object, e.start, e.end, e.reason)
try:
    'abc\u20ac\u20acx'.encode('latin-1')
except UnicodeEncodeError as e:
    print(e)
try:
    b'\xc3'.decode('utf-8')
except UnicodeDecodeError as e:
    print(e)
try:
    b'\xf0\x9f\x98'.decode('utf-8')
except UnicodeDecodeError as e:
    print(e)
try:
    b'\xf5'.decode('utf-8')
except UnicodeDecodeError as e:
    print(e)
#### codec_names
for enc in ['UTF8', 'utf_8', 'U8', 'latin1', 'ISO-8859-1', 'l1', 'iso8859_1', 'ascii', 'US-ASCII', '646', 'utf16', 'UTF-32LE', 'cp1252', 'utf-8-sig', 'unicode_escape', 'raw_unicode_escape']:
    try:
        print(enc, 'aé\n'.encode(enc))
    except LookupError as e:
        print(enc, 'LookupError:', e)
show('a'.encode, 'no-such-codec')
show(b'a'.decode, 'no-such-codec')
show('a'.encode, 'utf-8', 'no-such-handler')
show('é'.encode, 'ascii', 'no-such-handler')
show(b'\xff'.decode, 'ascii', 'no-such-handler')
show('a'.encode, 'hex')
show(b'a'.decode, 'rot13')
#### escape_codecs
print(b'a\\nb\\x41\\u00e9\\U0001F600\\N{BULLET}'.decode('unicode_escape'), ascii('é\n\t\x00\u20ac'.encode('unicode_escape')))
print('é€\n'.encode('raw_unicode_escape'), b'\\u20ac\\n'.decode('raw_unicode_escape'))
show(b'\\x4'.decode, 'unicode_escape')
show(b'abc\\'.decode, 'unicode_escape')
#### escape_codecs_bad_name
show(b'\\N{NOPE}'.decode, 'unicode_escape')
show(b'\\N{LATIN SMALL LETTER A}'.decode, 'unicode_escape')
#### codecs_module
import codecs
print(codecs.encode('abc', 'rot13'), codecs.decode(b'616263', 'hex'), codecs.encode(b'ab', 'hex'), codecs.lookup('UTF8').name, codecs.lookup('latin_1').name)
print(codecs.utf_8_decode(b'ab\xc3', 'strict', False), codecs.utf_8_decode(b'ab\xc3\xa9', 'strict', True), codecs.BOM_UTF16_LE, codecs.BOM_UTF8)
d = codecs.getincrementaldecoder('utf-8')()
print(repr(d.decode(b'\xe2\x82')), repr(d.decode(b'\xac!')), repr(d.decode(b'', final=True)))
show(codecs.lookup, 'nope')
#### xmlchar_namereplace
s = '<é\u2603\U0001F600\x00\u0378>'
print(s.encode('ascii', 'xmlcharrefreplace'), s.encode('ascii', 'namereplace'), s.encode('latin-1', 'backslashreplace'))
print(s.encode('ascii', 'replace'), s.encode('cp1252', 'replace') if False else '')
#### custom_error_handler
import codecs
def handler(e):
    return ('<%d:%d>' % (e.start, e.end), e.end)
codecs.register_error('mine', handler)
print('aé€b'.encode('ascii', 'mine'), b'a\xff\xfeb'.decode('utf-8', 'mine'))
def skip2(e):
    return ('?', e.start + 2) if isinstance(e, UnicodeDecodeError) else ('?', e.end)
codecs.register_error('skip2', skip2)
print(b'a\xff\xffb\xffcd'.decode('ascii', 'skip2'))
print(codecs.lookup_error('strict').__name__ if hasattr(codecs.lookup_error('strict'), '__name__') else '?')
show(codecs.lookup_error, 'nope')
