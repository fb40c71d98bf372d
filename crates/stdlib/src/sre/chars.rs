//! Character predicates and case mappings the engine uses: ASCII (bytes patterns and
//! `re.ASCII`), "locale" (treated as the C locale: ASCII only), and Unicode (as
//! CPython's `Py_UNICODE_IS*` / `Py_UNICODE_TO*` simple mappings).

use unicode_general_category::{get_general_category, GeneralCategory as Gc};

#[inline]
pub fn ascii_is_digit(ch: u32) -> bool {
    (b'0' as u32..=b'9' as u32).contains(&ch)
}

#[inline]
pub fn ascii_is_space(ch: u32) -> bool {
    matches!(ch, 9..=13 | 32)
}

#[inline]
pub fn ascii_is_alnum(ch: u32) -> bool {
    ch < 128 && (ch as u8).is_ascii_alphanumeric()
}

#[inline]
pub fn ascii_is_word(ch: u32) -> bool {
    ch < 128 && ((ch as u8).is_ascii_alphanumeric() || ch == b'_' as u32)
}

#[inline]
pub fn ascii_lower(ch: u32) -> u32 {
    if (b'A' as u32..=b'Z' as u32).contains(&ch) {
        ch + 32
    } else {
        ch
    }
}

#[inline]
pub fn ascii_upper(ch: u32) -> u32 {
    if (b'a' as u32..=b'z' as u32).contains(&ch) {
        ch - 32
    } else {
        ch
    }
}

/// The C locale: only ASCII letters and digits are alphanumeric.
#[inline]
pub fn loc_is_word(ch: u32) -> bool {
    ascii_is_word(ch)
}

#[inline]
pub fn loc_lower(ch: u32) -> u32 {
    ascii_lower(ch)
}

#[inline]
pub fn loc_upper(ch: u32) -> u32 {
    ascii_upper(ch)
}

#[inline]
pub fn char_loc_ignore(pattern: u32, ch: u32) -> bool {
    ch == pattern || loc_lower(ch) == pattern || loc_upper(ch) == pattern
}

/// `str.isdecimal` for one code point (general category Nd).
pub fn uni_is_digit(ch: u32) -> bool {
    if ch < 128 {
        return ascii_is_digit(ch);
    }
    match char::from_u32(ch) {
        Some(c) => get_general_category(c) == Gc::DecimalNumber,
        None => false,
    }
}

/// `str.isspace` for one code point (bidirectional WS/B/S or category Zs).
pub fn uni_is_space(ch: u32) -> bool {
    if ch < 128 {
        return matches!(ch, 9..=13 | 28..=32);
    }
    matches!(
        ch,
        0x85 | 0xA0 | 0x1680 | 0x2000..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000
    )
}

/// Line breaks as `str.splitlines` knows them.
#[inline]
pub fn uni_is_linebreak(ch: u32) -> bool {
    matches!(ch, 10..=13 | 28..=30 | 0x85 | 0x2028 | 0x2029)
}

/// `str.isalnum` for one code point: letters (L*) and numbers (N*).
pub fn uni_is_alnum(ch: u32) -> bool {
    if ch < 128 {
        return ascii_is_alnum(ch);
    }
    match char::from_u32(ch) {
        Some(c) => matches!(
            get_general_category(c),
            Gc::UppercaseLetter
                | Gc::LowercaseLetter
                | Gc::TitlecaseLetter
                | Gc::ModifierLetter
                | Gc::OtherLetter
                | Gc::DecimalNumber
                | Gc::LetterNumber
                | Gc::OtherNumber
        ),
        None => false,
    }
}

#[inline]
pub fn uni_is_word(ch: u32) -> bool {
    if ch < 128 {
        return ascii_is_word(ch);
    }
    uni_is_alnum(ch)
}

/// The simple lowercase mapping (`Py_UNICODE_TOLOWER`).
#[inline]
pub fn uni_lower(ch: u32) -> u32 {
    if ch < 128 {
        return ascii_lower(ch);
    }
    uni_lower_slow(ch)
}

fn uni_lower_slow(ch: u32) -> u32 {
    let Some(c) = char::from_u32(ch) else {
        return ch;
    };
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l as u32,
        // U+0130 lowercases to "i\u0307"; its simple mapping is 'i'.
        (Some(l), Some(_)) if ch == 0x130 => l as u32,
        _ => ch,
    }
}

/// The simple uppercase mapping (`Py_UNICODE_TOUPPER`).
#[inline]
pub fn uni_upper(ch: u32) -> u32 {
    if ch < 128 {
        return ascii_upper(ch);
    }
    uni_upper_slow(ch)
}

fn uni_upper_slow(ch: u32) -> u32 {
    let Some(c) = char::from_u32(ch) else {
        return ch;
    };
    let mut it = c.to_uppercase();
    match (it.next(), it.next()) {
        (Some(u), None) => u as u32,
        // Characters whose full uppercase is several characters: the simple mapping is
        // the titlecase form for the Greek letters with ypogegrammeni, else themselves.
        _ => match ch {
            0x1F80..=0x1FAF if ch & 0xF < 8 => ch + 8,
            0x1FB3 => 0x1FBC,
            0x1FC3 => 0x1FCC,
            0x1FF3 => 0x1FFC,
            _ => ch,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_mappings() {
        assert_eq!(uni_lower('A' as u32), 'a' as u32);
        assert_eq!(uni_lower(0x130), 'i' as u32);
        assert_eq!(uni_upper(0xDF), 0xDF);
        assert_eq!(uni_upper(0x1F80), 0x1F88);
        assert_eq!(uni_upper(0x3C3), 0x3A3);
        assert!(uni_is_word(0xE9));
        assert!(!uni_is_word(0x2D));
        assert!(uni_is_digit(0x663));
        assert!(uni_is_space(0x3000));
    }
}
