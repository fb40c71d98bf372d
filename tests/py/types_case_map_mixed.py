# Case mapping, reversal and whitespace splitting of strs mixing ASCII and other text:
# one-to-one mappings, mappings to several characters (flat-array and searched ones),
# encodings that grow ('ɐ' -> 'Ɐ' takes 3 bytes), final sigma, surrogates.
samples = [
    'Größe café naïve ΣΑΣ İstanbul ',
    'straße ŉ ǰ ΐ ﬁne ﬀ',
    'ɐɑɒ ɐ ſ ǅ ǆ Ǆ ꭰ 𐐨𐐀',
    'ΟΔΟΣ. ΣΑΣ\u0345 Σ ΑΣ\'',
    'x\ud800y \udfffZ é',
    '',
    'a',
    'ÀÉÎÕÜ' * 5,
    'mixed ASCII text with one é in the middle of a long run of plain letters',
]
for s in samples:
    for name in ('upper', 'lower', 'casefold', 'title', 'capitalize', 'swapcase'):
        r = getattr(s, name)()
        print(name, ascii(r), len(r), r.isascii())
    r = s[::-1]
    print('rev', ascii(r), len(r), r[::-1] == s)
    print('split', [ascii(w) for w in s.split()], [len(w) for w in s.split()])
for s in ['a\u2028b\xa0c\u3000d\x85e\u200bf', ' \u1680x\u2000y\u200az\u205f ', 'é\té\nd']:
    print([ascii(w) for w in s.split()], [len(w) for w in s.split()], [w.isascii() for w in s.split()])
    print([ascii(w) for w in s.split(None, 1)])
print(ascii('🐍abc'[::-1]), ascii('é𝔘x'[::-1]))
