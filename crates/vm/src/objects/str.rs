//! The str type: storage, hashing, and the str methods.
//!
//! A str is stored as generalized UTF-8 (WTF-8 without surrogate-pair joining) so that it
//! can hold lone surrogates. Invariants: `char_len` is the number of code points; `kind`
//! is `Ascii` when every byte is < 0x80 (indexing is then O(1) by byte), `Utf8` when the
//! bytes are valid UTF-8, `Wtf8` when they hold a surrogate; `hash` is -1 until computed.

use std::cell::Cell;
use std::sync::OnceLock;

use siphasher::sip::SipHasher13;
use std::hash::Hasher;

use crate::memory::str_from_utf8_checked_before;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum StrKind {
    Ascii,
    Utf8,
    Wtf8,
}

pub struct PyStr {
    bytes: Box<[u8]>,
    char_len: usize,
    kind: StrKind,
    hash: Cell<i64>,
    /// For `Wtf8` strings, the text with surrogates replaced by U+FFFD, for the methods
    /// that work on `&str`.
    lossy: Option<Box<str>>,
}

/// The process-wide SipHash key, from PYTHONHASHSEED as CPython derives it.
pub fn hash_key() -> (u64, u64) {
    static KEY: OnceLock<(u64, u64)> = OnceLock::new();
    *KEY.get_or_init(|| {
        let seed = std::env::var("PYTHONHASHSEED").ok();
        match seed.as_deref().map(str::parse::<u32>) {
            Some(Ok(0)) => (0, 0),
            Some(Ok(n)) => {
                let mut buf = [0u8; 16];
                let mut x = n;
                for b in buf.iter_mut() {
                    x = x.wrapping_mul(214013).wrapping_add(2531011);
                    *b = ((x >> 16) & 0xff) as u8;
                }
                let k0 = u64::from_le_bytes([
                    buf[0], buf[1], buf[2], buf[3], buf[4], buf[5], buf[6], buf[7],
                ]);
                let k1 = u64::from_le_bytes([
                    buf[8], buf[9], buf[10], buf[11], buf[12], buf[13], buf[14], buf[15],
                ]);
                (k0, k1)
            }
            _ => {
                use std::hash::BuildHasher;
                let rs = std::collections::hash_map::RandomState::new();
                (rs.hash_one(1u8), rs.hash_one(2u8))
            }
        }
    })
}

/// CPython's hash of a byte buffer (bytes objects and the str representations).
pub fn hash_bytes(data: &[u8]) -> i64 {
    if data.is_empty() {
        return 0;
    }
    let (k0, k1) = hash_key();
    let mut h = SipHasher13::new_with_keys(k0, k1);
    h.write(data);
    let v = h.finish() as i64;
    if v == -1 {
        -2
    } else {
        v
    }
}

/// Decode one code point of generalized UTF-8 at `i`; returns (code point, length).
#[inline]
pub fn decode_at(bytes: &[u8], i: usize) -> (u32, usize) {
    let b0 = bytes[i] as u32;
    if b0 < 0x80 {
        (b0, 1)
    } else if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | (bytes[i + 1] as u32 & 0x3F), 2)
    } else if b0 < 0xF0 {
        (
            ((b0 & 0x0F) << 12) | ((bytes[i + 1] as u32 & 0x3F) << 6) | (bytes[i + 2] as u32 & 0x3F),
            3,
        )
    } else {
        (
            ((b0 & 0x07) << 18)
                | ((bytes[i + 1] as u32 & 0x3F) << 12)
                | ((bytes[i + 2] as u32 & 0x3F) << 6)
                | (bytes[i + 3] as u32 & 0x3F),
            4,
        )
    }
}

/// Append code point `cp` (surrogates included) as generalized UTF-8.
pub fn push_code_point(out: &mut Vec<u8>, cp: u32) {
    match char::from_u32(cp) {
        Some(c) => {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
        None => {
            out.push(0xE0 | (cp >> 12) as u8);
            out.push(0x80 | ((cp >> 6) & 0x3F) as u8);
            out.push(0x80 | (cp & 0x3F) as u8);
        }
    }
}

impl PyStr {
    pub fn from_string(s: String) -> PyStr {
        let kind = if s.is_ascii() { StrKind::Ascii } else { StrKind::Utf8 };
        let char_len = if kind == StrKind::Ascii { s.len() } else { s.chars().count() };
        PyStr {
            bytes: s.into_bytes().into_boxed_slice(),
            char_len,
            kind,
            hash: Cell::new(-1),
            lossy: None,
        }
    }

    /// From generalized UTF-8 bytes (as produced by `push_code_point`).
    pub fn from_wtf8(bytes: Vec<u8>) -> PyStr {
        match String::from_utf8(bytes) {
            Ok(s) => PyStr::from_string(s),
            Err(e) => {
                let bytes = e.into_bytes();
                let mut char_len = 0;
                let mut lossy = String::with_capacity(bytes.len());
                let mut i = 0;
                while i < bytes.len() {
                    let (cp, n) = decode_at(&bytes, i);
                    lossy.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                    char_len += 1;
                    i += n;
                }
                PyStr {
                    bytes: bytes.into_boxed_slice(),
                    char_len,
                    kind: StrKind::Wtf8,
                    hash: Cell::new(-1),
                    lossy: Some(lossy.into_boxed_str()),
                }
            }
        }
    }

    pub fn from_code_points(cps: &[u32]) -> PyStr {
        let mut out = Vec::with_capacity(cps.len());
        for &cp in cps {
            push_code_point(&mut out, cp);
        }
        PyStr::from_wtf8(out)
    }

    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The text; strings holding lone surrogates show them as U+FFFD here.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.lossy {
            Some(l) => l,
            None => str_from_utf8_checked_before(&self.bytes),
        }
    }

    #[inline]
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    #[inline]
    pub fn kind(&self) -> StrKind {
        self.kind
    }

    #[inline]
    pub fn is_ascii(&self) -> bool {
        self.kind == StrKind::Ascii
    }

    pub fn has_surrogates(&self) -> bool {
        self.kind == StrKind::Wtf8
    }

    pub fn code_points(&self) -> impl Iterator<Item = u32> + '_ {
        let b = &self.bytes;
        let mut i = 0;
        std::iter::from_fn(move || {
            if i >= b.len() {
                return None;
            }
            let (cp, n) = decode_at(b, i);
            i += n;
            Some(cp)
        })
    }

    /// Code point at index `idx` (0 <= idx < len).
    pub fn code_point_at(&self, idx: usize) -> u32 {
        if self.kind == StrKind::Ascii {
            return self.bytes[idx] as u32;
        }
        self.code_points().nth(idx).unwrap_or(0)
    }

    /// Byte offset of code point `idx` (idx <= len).
    pub fn byte_offset(&self, idx: usize) -> usize {
        if self.kind == StrKind::Ascii {
            return idx;
        }
        let mut i = 0;
        let mut n = 0;
        while n < idx && i < self.bytes.len() {
            i += decode_at(&self.bytes, i).1;
            n += 1;
        }
        i
    }

    #[inline]
    pub fn cached_hash(&self) -> Option<i64> {
        let h = self.hash.get();
        if h != -1 {
            return Some(h);
        }
        Some(self.hash())
    }

    /// CPython's str hash: SipHash-1-3 over the PEP 393 representation.
    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != -1 {
            return h;
        }
        let h = if self.kind == StrKind::Ascii {
            hash_bytes(&self.bytes)
        } else {
            let max = self.code_points().max().unwrap_or(0);
            let mut buf = Vec::with_capacity(self.char_len * 4);
            if max < 256 {
                buf.extend(self.code_points().map(|c| c as u8));
            } else if max < 65536 {
                for c in self.code_points() {
                    buf.extend_from_slice(&(c as u16).to_le_bytes());
                }
            } else {
                for c in self.code_points() {
                    buf.extend_from_slice(&c.to_le_bytes());
                }
            }
            hash_bytes(&buf)
        };
        self.hash.set(h);
        h
    }
}
