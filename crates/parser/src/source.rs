//! Source bytes to text (PEP 263): the UTF-8 BOM, the coding cookie on line 1 or 2, and
//! universal newlines, with CPython's errors for unknown encodings and undecodable bytes.

use crate::error::SyntaxError;

/// How decoding failed, so that callers can word the error as CPython does for their case
/// (a script file and `compile()` report undecodable bytes differently).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The cookie names an encoding pyrs does not know (or a BOM contradicts it).
    EncodingProblem(String),
    /// Bytes that are not valid in the declared (or default UTF-8) encoding.
    InvalidBytes {
        byte: u8,
        position: usize,
        lineno: u32,
        declared: bool,
        reason: &'static str,
    },
}

impl DecodeError {
    /// The SyntaxError `compile(bytes, ...)` raises for this failure.
    pub fn to_syntax_error(&self) -> SyntaxError {
        match self {
            DecodeError::EncodingProblem(name) if name.ends_with(" with BOM") => {
                SyntaxError::new(format!("encoding problem: {name}"), 0, -1, 0, -1)
            }
            DecodeError::EncodingProblem(name) => SyntaxError::new(format!("unknown encoding: {name}"), 0, -1, 0, -1),
            DecodeError::InvalidBytes { byte, position, lineno, reason, .. } => SyntaxError::new(
                format!("(unicode error) 'utf-8' codec can't decode byte 0x{byte:02x} in position {position}: {reason}"),
                *lineno,
                0,
                *lineno,
                0,
            ),
        }
    }

    /// The message CPython prints when the main script itself cannot be decoded.
    pub fn script_message(&self, filename: &str) -> String {
        match self {
            DecodeError::EncodingProblem(name) => format!("encoding problem: {name}"),
            DecodeError::InvalidBytes { byte, lineno, .. } => format!(
                "Non-UTF-8 code starting with '\\x{byte:02x}' in file {filename} on line {lineno}, but no encoding declared; see https://peps.python.org/pep-0263/ for details"
            ),
        }
    }
}

/// The encodings pyrs can decode source in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Latin1,
    Ascii,
    Cp1252,
    /// Any other encoding `encoding_rs` knows under that label (koi8-r, iso-8859-5,
    /// cp1251, shift_jis, euc-jp, gbk, big5, ...).
    Other(&'static encoding_rs::Encoding),
}

/// Normalise an encoding name as CPython's tokenizer does before looking it up.
fn normalise_name(name: &str) -> String {
    let lower = name.to_ascii_lowercase().replace('_', "-");
    if lower == "utf-8" || lower.starts_with("utf-8-") {
        return "utf-8".into();
    }
    for latin in ["latin-1", "iso-8859-1", "iso-latin-1"] {
        if lower == latin || lower.starts_with(&format!("{latin}-")) {
            return "iso-8859-1".into();
        }
    }
    lower
}

fn lookup(name: &str) -> Option<Encoding> {
    match normalise_name(name).as_str() {
        "utf-8" | "utf8" | "u8" | "utf" | "cp65001" => Some(Encoding::Utf8),
        "iso-8859-1" | "latin1" | "latin" | "l1" | "8859" | "cp819" | "iso8859-1" => {
            Some(Encoding::Latin1)
        }
        "ascii" | "us-ascii" | "646" | "us" => Some(Encoding::Ascii),
        "cp1252" | "windows-1252" => Some(Encoding::Cp1252),
        other => encoding_rs::Encoding::for_label(other.as_bytes())
            .or_else(|| encoding_rs::Encoding::for_label(other.replace('-', "_").as_bytes()))
            .map(Encoding::Other),
    }
}

/// The coding cookie of one line (`# -*- coding: NAME -*-`), per PEP 263's regular
/// expression `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`.
fn cookie(line: &[u8]) -> Option<String> {
    let mut i = 0;
    while i < line.len() && matches!(line[i], b' ' | b'\t' | b'\x0c') {
        i += 1;
    }
    if line.get(i) != Some(&b'#') {
        return None;
    }
    let rest = &line[i..];
    let mut search = 0;
    while let Some(found) = find(&rest[search..], b"coding") {
        let after = search + found + 6;
        if matches!(rest.get(after), Some(b':') | Some(b'=')) {
            let mut j = after + 1;
            while j < rest.len() && matches!(rest[j], b' ' | b'\t') {
                j += 1;
            }
            let start = j;
            while j < rest.len()
                && (rest[j].is_ascii_alphanumeric() || matches!(rest[j], b'-' | b'_' | b'.'))
            {
                j += 1;
            }
            if j > start {
                return Some(String::from_utf8_lossy(&rest[start..j]).into_owned());
            }
        }
        search = after;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether a line holds only blanks and possibly a comment (so a cookie may follow it).
fn is_blank_or_comment(line: &[u8]) -> bool {
    for &b in line {
        match b {
            b' ' | b'\t' | b'\x0c' | b'\r' | b'\n' => continue,
            b'#' => return true,
            _ => return false,
        }
    }
    true
}

/// Decode source bytes to text, with universal newlines (`\r\n` and `\r` become `\n`).
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    let (body, bom) = match bytes.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let mut lines = body.splitn(3, |&b| b == b'\n');
    let first = lines.next().unwrap_or(&[]);
    let second = lines.next();
    let mut declared = cookie(first);
    if declared.is_none() && is_blank_or_comment(first) {
        declared = second.and_then(cookie);
    }
    let encoding = match &declared {
        None => Encoding::Utf8,
        Some(name) => match lookup(name) {
            Some(enc) => {
                if bom && normalise_name(name) != "utf-8" {
                    return Err(DecodeError::EncodingProblem(format!("{name} with BOM")));
                }
                enc
            }
            None => return Err(DecodeError::EncodingProblem(name.clone())),
        },
    };
    let text = match encoding {
        Encoding::Utf8 => match std::str::from_utf8(body) {
            Ok(s) => s.to_string(),
            Err(err) => {
                let position = err.valid_up_to();
                let byte = body[position];
                let reason = match (byte, err.error_len()) {
                    (0x80..=0xBF, _) | (0xF8..=0xFF, _) | (0xC0 | 0xC1, _) => "invalid start byte",
                    (_, None) => "unexpected end of data",
                    _ => "invalid continuation byte",
                };
                let lineno = 1 + body[..position].iter().filter(|&&b| b == b'\n').count() as u32;
                return Err(DecodeError::InvalidBytes {
                    byte,
                    position,
                    lineno,
                    declared: declared.is_some(),
                    reason,
                });
            }
        },
        Encoding::Latin1 => body.iter().map(|&b| b as char).collect(),
        Encoding::Ascii => {
            if let Some(position) = body.iter().position(|&b| b >= 0x80) {
                let lineno = 1 + body[..position].iter().filter(|&&b| b == b'\n').count() as u32;
                return Err(DecodeError::InvalidBytes {
                    byte: body[position],
                    position,
                    lineno,
                    declared: true,
                    reason: "ordinal not in range(128)",
                });
            }
            body.iter().map(|&b| b as char).collect()
        }
        Encoding::Cp1252 => body.iter().map(|&b| cp1252_char(b)).collect(),
        Encoding::Other(enc) => match enc.decode_without_bom_handling_and_without_replacement(body)
        {
            Some(text) => text.into_owned(),
            None => {
                let name = declared.clone().unwrap_or_default();
                return Err(DecodeError::EncodingProblem(name));
            }
        },
    };
    Ok(normalise_newlines(text))
}

/// Windows-1252: Latin-1 but for 0x80..=0x9F (undefined bytes map to their C1 control).
fn cp1252_char(b: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    if (0x80..0xA0).contains(&b) {
        char::from_u32(u32::from(HIGH[usize::from(b - 0x80)])).unwrap_or('\u{FFFD}')
    } else {
        b as char
    }
}

/// Universal newlines: `\r\n` and lone `\r` become `\n`.
pub fn normalise_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_default_and_bom() {
        assert_eq!(decode(b"x = 1\r\ny\r").unwrap(), "x = 1\ny\n");
        assert_eq!(decode(b"\xef\xbb\xbfx").unwrap(), "x");
    }

    #[test]
    fn cookie_on_first_or_second_line() {
        assert_eq!(
            decode(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n").unwrap(),
            "# -*- coding: latin-1 -*-\nx = 'é'\n"
        );
        assert_eq!(
            decode(b"#!/usr/bin/python\n# vim: set fileencoding=iso-8859-1 :\n\xe9")
                .unwrap()
                .chars()
                .last(),
            Some('é')
        );
        assert_eq!(
            decode(b"x = 1\n# coding: latin-1\n\xe9"),
            Err(DecodeError::InvalidBytes {
                byte: 0xe9,
                position: 24,
                lineno: 3,
                declared: false,
                reason: "unexpected end of data"
            })
        );
    }

    #[test]
    fn unknown_encoding_and_bom_conflict() {
        assert_eq!(
            decode(b"# coding: klingon\n"),
            Err(DecodeError::EncodingProblem("klingon".into()))
        );
        assert_eq!(
            decode(b"\xef\xbb\xbf# coding: latin-1\n"),
            Err(DecodeError::EncodingProblem("latin-1 with BOM".into()))
        );
    }

    #[test]
    fn invalid_utf8_reports_cpython_reason() {
        let err = decode(b"x = '\xff'\n").unwrap_err();
        assert_eq!(err.to_syntax_error().msg, "(unicode error) 'utf-8' codec can't decode byte 0xff in position 5: invalid start byte");
        assert_eq!(
            err.script_message("f.py"),
            "Non-UTF-8 code starting with '\\xff' in file f.py on line 1, but no encoding declared; see https://peps.python.org/pep-0263/ for details"
        );
    }
}
