//! Text helpers: UTF-8 with `surrogatepass`, `%.17g` floats, and Python-style reprs for
//! error messages.

use pyrs_parser::wtf8::Wtf8Buf;

use crate::error::MarshalError;

/// Decode UTF-8 as CPython's `bytes.decode('utf-8', 'surrogatepass')`: encoded lone
/// surrogates (`ED A0 80`..`ED BF BF`) become surrogate code points; any other invalid
/// sequence is CPython's `UnicodeDecodeError` with the same start, end and reason.
pub fn decode_utf8_surrogatepass(bytes: &[u8]) -> Result<Wtf8Buf, MarshalError> {
    let mut out = Wtf8Buf::new();
    let mut pos = 0;
    while pos < bytes.len() {
        let rest = &bytes[pos..];
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(err) => {
                let valid = err.valid_up_to();
                // The prefix is valid UTF-8 by construction.
                if let Ok(s) = std::str::from_utf8(&rest[..valid]) {
                    out.push_str(s);
                }
                let start = pos + valid;
                if let Some(cp) = surrogate_at(&bytes[start..]) {
                    out.push_code_point(cp);
                    pos = start + 3;
                    continue;
                }
                let (end, reason) = match err.error_len() {
                    None => (bytes.len(), "unexpected end of data"),
                    Some(1) if !is_lead_byte(bytes[start]) => (start + 1, "invalid start byte"),
                    Some(n) => (start + n, "invalid continuation byte"),
                };
                return Err(MarshalError::UnicodeDecode {
                    object: bytes.to_vec(),
                    start,
                    end,
                    reason,
                });
            }
        }
    }
    Ok(out)
}

/// The surrogate encoded by the first three bytes, if they encode one.
fn surrogate_at(bytes: &[u8]) -> Option<u32> {
    match bytes {
        [0xED, b1 @ 0xA0..=0xBF, b2 @ 0x80..=0xBF, ..] => {
            Some(0xD000 | ((*b1 as u32 & 0x3F) << 6) | (*b2 as u32 & 0x3F))
        }
        _ => None,
    }
}

fn is_lead_byte(byte: u8) -> bool {
    matches!(byte, 0xC2..=0xF4)
}

/// Decode Latin-1 (what CPython does with the bytes of `TYPE_ASCII` strings).
pub fn decode_latin1(bytes: &[u8]) -> Wtf8Buf {
    let mut out = Wtf8Buf::new();
    match std::str::from_utf8(bytes) {
        Ok(s) if bytes.is_ascii() => out.push_str(s),
        _ => {
            for &b in bytes {
                out.push_char(b as char);
            }
        }
    }
    out
}

/// Format as C's `%.17g` (what marshal versions 0 and 1 write): `PyOS_double_to_string(v,
/// 'g', 17, 0, NULL)`.
pub fn format_g17(v: f64) -> String {
    if v.is_nan() {
        return "nan".to_string();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    if v == 0.0 {
        return if v.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    let sci = format!("{:.16e}", v.abs());
    let (mantissa, exp) = match sci.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (sci.as_str(), 0),
    };
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let mut out = String::new();
    if v < 0.0 {
        out.push('-');
    }
    if !(-4..17).contains(&exp) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.unsigned_abs()));
    } else if exp < 0 {
        out.push_str("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        out.push_str(digits);
    } else {
        let int_len = exp as usize + 1;
        if digits.len() <= int_len {
            out.push_str(digits);
            for _ in digits.len()..int_len {
                out.push('0');
            }
        } else {
            out.push_str(&digits[..int_len]);
            out.push('.');
            out.push_str(&digits[int_len..]);
        }
    }
    out
}

/// Parse the text of a `TYPE_FLOAT` as `PyOS_string_to_double(text, NULL, NULL)` does
/// (CPython stops at a NUL byte).
pub fn parse_float_text(bytes: &[u8]) -> Result<f64, MarshalError> {
    let text = match bytes.iter().position(|&b| b == 0) {
        Some(nul) => &bytes[..nul],
        None => bytes,
    };
    let fail = || {
        let shown = &text[..text.len().min(200)];
        MarshalError::Value(
            format!(
                "could not convert string to float: '{}'",
                String::from_utf8_lossy(shown)
            )
            .into(),
        )
    };
    let s = std::str::from_utf8(text).map_err(|_| fail())?;
    let valid_chars = s
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if !valid_chars {
        return Err(fail());
    }
    s.parse::<f64>().map_err(|_| fail())
}

/// Python's `repr()` of a str (for error messages).
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() || (c.is_whitespace() && c != ' ') => {
                let cp = c as u32;
                if cp <= 0xff {
                    out.push_str(&format!("\\x{cp:02x}"));
                } else if cp <= 0xffff {
                    out.push_str(&format!("\\u{cp:04x}"));
                } else {
                    out.push_str(&format!("\\U{cp:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `repr()` of a bytes object (for error messages).
pub fn repr_bytes(bytes: &[u8]) -> String {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::from("b");
    out.push(quote as char);
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b if b == quote => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7e => out.push(b as char),
            b => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push(quote as char);
    out
}
