# upper/lower/casefold/title of non-ASCII text from its bytes: final sigma by context
# (case-ignorable characters skipped), expansions (ß, ŉ, ﬁ), İ, ASCII mixed in, surrogates.
samples = [
    'Größe café naïve ΣΑΣ İstanbul ',
    'ΣΑΣ', 'Σ', 'aΣ', 'Σa', 'aΣ.', "aΣ'b", "a'Σ", 'ΑΣ.Σ', 'ΑΣ Σ', 'Σ\u0301', 'A\u0301Σ', 'ΣΣΣ',
    'straße ŉ ﬁ ǅungla ǆ Ǆ', 'İi ıI', 'ΐ ﬀ', 'hello wörld', 'x\ud800y', 'ǰ Ⓐⓑ 𐐀𐐨', 'ﬃ Title ǈ',
    "they're bill's friends", 'a1b2 c-d_e', '\u0345\u03a3', 'ʼn', 'k\u212a',
]
for t in samples:
    print(ascii(t.upper()), ascii(t.lower()), ascii(t.casefold()), ascii(t.title()), len(t.upper()), len(t.lower()), len(t.title()))
    print(t.upper().isupper(), t.lower() == t.lower().lower(), t.title().istitle())
