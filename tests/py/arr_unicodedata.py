# unicodedata (Unicode 14.0.0): properties, names, numeric values, normalization, errors.
import unicodedata as u

print(u.unidata_version, type(u.ucd_3_2_0).__name__, u.UCD)
samples = 'aZ09 \t\n\xa0\xb2\xbd\xe9\u0301\u0345\u05d0\u0627\u0660\u0f33\u1100\u2160\u2163\u2460' \
          '\u3000\u3007\u4e00\uac00\ud7a3\ud800\ue000\uf900\ufb01\ufeff\uff21\U0001d7ce\U0001f600' \
          '\U00020000\U0002a6df\U0002b739\U00018b00\U0001b170\U00017000\U000e0001\U0010ffff\u0378'
for c in samples:
    print('%04X' % ord(c), u.category(c), u.bidirectional(c), u.combining(c), u.east_asian_width(c),
          u.mirrored(c), repr(u.decomposition(c)), u.decimal(c, None), u.digit(c, None),
          u.numeric(c, None), u.name(c, None))

# every assigned character of a few blocks round-trips through name/lookup
n = 0
for cp in list(range(0x20, 0x3000)) + list(range(0xac00, 0xac40)) + list(range(0x1f300, 0x1f700)):
    name = u.name(chr(cp), None)
    if name is not None:
        assert u.lookup(name) == chr(cp), name
        if not name.startswith(('HANGUL SYLLABLE', 'CJK UNIFIED')):
            assert u.lookup(name.lower()) == chr(cp), name
        n += 1
print('round trips', n)
print(u.lookup('LATIN CAPITAL LETTER GHA'), u.lookup('BYTE ORDER MARK') == '\ufeff',
      u.lookup(b'SNOWMAN'))

texts = ['caf\xe9', 'cafe\u0301', '\u1e9b\u0323', '\ufb01ne', '\uac00\u11a8', '\u1100\u1161\u11a8',
         'a\u0328\u0301\u0323', '\u2126 \u212b \u00c5', '\u0958\u0344', '\U0001d15e\U0001d165',
         ''.join(chr(c) for c in range(0xc0, 0x180)), '\u3300\u32ff\u2460\u1e0a\u0323']
for t in texts:
    for form in ('NFC', 'NFD', 'NFKC', 'NFKD'):
        r = u.normalize(form, t)
        print(form, ascii(r), u.is_normalized(form, t), u.is_normalized(form, r))

def err(f, *args):
    try:
        print(f(*args))
    except Exception as e:
        print(type(e).__name__, e)

err(u.category, 1)
err(u.category, 'ab')
err(u.name, '\x00')
err(u.name, 1)
err(u.decimal, 'a')
err(u.digit, 'a')
err(u.numeric, 'a')
err(u.lookup, 'NOT A CHARACTER NAME')
err(u.lookup, 'x' * 300)
for name in ('hangul syllable ga', 'HANGUL SYLLABLE GA', 'HANGUL SYLLABLE GGAG', 'cjk unified ideograph-4e00',
             'CJK UNIFIED IDEOGRAPH-4e00', 'CJK UNIFIED IDEOGRAPH-4E00', 'CJK UNIFIED IDEOGRAPH-2B739',
             'CJK UNIFIED IDEOGRAPH-2B740', 'cjk compatibility ideograph-f900', 'nushu character-1b170',
             'TANGUT IDEOGRAPH-17000', 'LATIN SMALL LETTER A WITH MACRON AND GRAVE', 'NULL', 'BEL',
             'LINE FEED', 'BACKSPACE'):
    err(u.lookup, name)
err(u.normalize, 'NFX', 'a')
err(u.normalize, 'NFC', 1)
err(u.is_normalized, 'NFC', b'a')
print(u.decimal('x', 'd'), u.digit('\xb2'), u.numeric('\xbd'), u.name('\x00', 'none'))

# the Unicode 3.2.0 database (IDNA, stringprep)
o = u.ucd_3_2_0
print(o.unidata_version, type(o).__name__)
for c in '\u0221\u0234\u03f4\u20b0\u1b06\u9fa6\uac00\u00c5\ufb01\u2126':
    print('%04X' % ord(c), o.category(c), o.bidirectional(c), o.combining(c), o.east_asian_width(c),
          o.mirrored(c), repr(o.decomposition(c)), o.numeric(c, None), o.name(c, None),
          ascii(o.normalize('NFKC', c)), ascii(o.normalize('NFD', c)))
for name in ('SNOWMAN', 'LATIN CAPITAL LETTER GHA', 'CJK UNIFIED IDEOGRAPH-9FA6', 'LATIN SMALL LETTER D WITH CURL'):
    err(o.lookup, name)
print('\xe9x.com'.encode('idna'), b'xn--x-9ba.com'.decode('idna'))
import stringprep
print(stringprep.in_table_a1('\u0221'), stringprep.in_table_b1('\xad'), stringprep.map_table_b2('\xc5'))
err(u.UCD)
