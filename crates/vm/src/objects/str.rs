//! The str type: storage, hashing, and the str methods.
//!
//! A str is stored as generalized UTF-8 (WTF-8 without surrogate-pair joining) so that it
//! can hold lone surrogates. Invariants: `char_len` is the number of code points; `kind`
//! is `Ascii` when every byte is < 0x80 (indexing is then O(1) by byte), `Utf8` when the
//! bytes are valid UTF-8, `Wtf8` when they hold a surrogate; `hash` is -1 until computed.

use std::cell::Cell;
use std::sync::OnceLock;

use crate::memory::str_from_utf8_checked_before;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum StrKind {
    Ascii,
    Utf8,
    Wtf8,
}

/// Strings this long (in bytes) or shorter live inside the object: no second allocation.
pub(crate) const INLINE_CAP: usize = 30;

/// Copy `src` (at most `INLINE_CAP` bytes) to the start of `dst` with two fixed-size
/// moves that may overlap, instead of a call to `memcpy` with a variable length, whose
/// length dispatch costs more than the copy for the few bytes of a word (str.split makes
/// one per word).
#[inline(always)]
fn copy_short(dst: &mut [u8; INLINE_CAP], src: &[u8]) {
    let n = src.len();
    if n >= 16 {
        dst[..16].copy_from_slice(&src[..16]);
        dst[n - 16..n].copy_from_slice(&src[n - 16..]);
    } else if n >= 8 {
        dst[..8].copy_from_slice(&src[..8]);
        dst[n - 8..n].copy_from_slice(&src[n - 8..]);
    } else if n >= 4 {
        dst[..4].copy_from_slice(&src[..4]);
        dst[n - 4..n].copy_from_slice(&src[n - 4..]);
    } else if n > 0 {
        // One to three bytes: the first, the middle and the last cover them.
        dst[0] = src[0];
        dst[n / 2] = src[n / 2];
        dst[n - 1] = src[n - 1];
    }
}

/// A new exact str of `n` ASCII bytes (at most `INLINE_CAP`) that `fill` writes, given
/// the inline buffer (zeroed) of the new object: the bytes go straight into the object
/// (see `ObjRef::new_leaf_filled`), for the strs made by the thousand (str.split's words,
/// str(int)).
#[inline(always)]
pub(crate) fn new_inline_ascii_with(
    vm: &Vm,
    n: usize,
    fill: impl FnOnce(&mut [u8; INLINE_CAP]),
) -> ObjRef {
    debug_assert!(n <= INLINE_CAP);
    let shell = || {
        Payload::Str(PyStr {
            bytes: StrBytes::Inline {
                len: n.min(INLINE_CAP) as u8,
                buf: [0u8; INLINE_CAP],
            },
            char_len: n.min(INLINE_CAP),
            kind: StrKind::Ascii,
            hash: Cell::new(-1),
            lossy: None,
        })
    };
    ObjRef::new_leaf_filled(&vm.types.str_, shell, |p| {
        if let Payload::Str(PyStr {
            bytes: StrBytes::Inline { buf, .. },
            ..
        }) = p
        {
            fill(buf);
        }
    })
}

/// A new exact str of the ASCII `bytes`, its bytes written straight into the object when
/// they fit inline (see `new_inline_ascii_with`). The object, not a `Value`: a `Value`
/// returned through memory is written as two words, which the caller's 16-byte copy
/// into a list then stalls on.
#[inline(never)]
pub fn new_ascii_obj(vm: &Vm, bytes: &[u8]) -> ObjRef {
    debug_assert!(bytes.is_ascii());
    if bytes.len() > INLINE_CAP {
        return ObjRef::new(&vm.types.str_, Payload::Str(PyStr::from_ascii(bytes)));
    }
    new_inline_ascii_with(vm, bytes.len(), |buf| copy_short(buf, bytes))
}

/// `new_ascii_obj` as a value.
#[inline]
pub fn new_ascii(vm: &Vm, bytes: &[u8]) -> Value {
    Value::Obj(new_ascii_obj(vm, bytes))
}

/// The bytes of a str: short ones inline, longer ones in their own allocation.
enum StrBytes {
    Inline { len: u8, buf: [u8; INLINE_CAP] },
    Heap(Box<[u8]>),
}

impl StrBytes {
    #[inline]
    fn as_slice(&self) -> &[u8] {
        match self {
            StrBytes::Inline { len, buf } => &buf[..*len as usize],
            StrBytes::Heap(b) => b,
        }
    }

    #[inline]
    fn from_slice(b: &[u8]) -> StrBytes {
        if b.len() <= INLINE_CAP {
            let mut buf = [0u8; INLINE_CAP];
            copy_short(&mut buf, b);
            StrBytes::Inline {
                len: b.len() as u8,
                buf,
            }
        } else {
            StrBytes::Heap(b.into())
        }
    }

    #[inline]
    fn from_vec(v: Vec<u8>) -> StrBytes {
        if v.len() <= INLINE_CAP {
            StrBytes::from_slice(&v)
        } else {
            StrBytes::Heap(v.into_boxed_slice())
        }
    }

    /// `a` followed by `b`.
    fn concat(a: &[u8], b: &[u8]) -> StrBytes {
        let n = a.len() + b.len();
        if n <= INLINE_CAP {
            let mut buf = [0u8; INLINE_CAP];
            buf[..a.len()].copy_from_slice(a);
            buf[a.len()..n].copy_from_slice(b);
            StrBytes::Inline { len: n as u8, buf }
        } else {
            let mut v = Vec::with_capacity(n);
            v.extend_from_slice(a);
            v.extend_from_slice(b);
            StrBytes::Heap(v.into_boxed_slice())
        }
    }
}

pub struct PyStr {
    bytes: StrBytes,
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

/// CPython's hash of a byte buffer (bytes objects and the str representations):
/// SipHash-1-3 under the process key, -1 mapped to -2, 0 for an empty buffer.
pub fn hash_bytes(data: &[u8]) -> i64 {
    if data.is_empty() {
        return 0;
    }
    let (k0, k1) = hash_key();
    let v = siphash13(k0, k1, data) as i64;
    if v == -1 {
        -2
    } else {
        v
    }
}

/// SipHash-1-3 of `data` in one pass (one compression round per 8-byte word, three
/// finalization rounds): the whole message is at hand, so there is no streaming state
/// to buffer, which makes the short keys of dicts cheap to hash.
#[inline]
fn siphash13(k0: u64, k1: u64, data: &[u8]) -> u64 {
    #[inline(always)]
    fn round(v: &mut [u64; 4]) {
        v[0] = v[0].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].wrapping_add(v[3]);
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].wrapping_add(v[1]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[2] = v[2].rotate_left(32);
    }
    let mut v = [
        k0 ^ 0x736f_6d65_7073_6575,
        k1 ^ 0x646f_7261_6e64_6f6d,
        k0 ^ 0x6c79_6765_6e65_7261,
        k1 ^ 0x7465_6462_7974_6573,
    ];
    let mut words = data.chunks_exact(8);
    for w in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        let m = u64::from_le_bytes(b);
        v[3] ^= m;
        round(&mut v);
        v[0] ^= m;
    }
    // The last word: the remaining bytes, little-endian, with the length's low byte on top.
    // (Read as 4-, 2- and 1-byte pieces: no call to copy a few bytes.)
    let mut tail = words.remainder();
    let mut m = (data.len() as u64) << 56;
    let mut shift = 0;
    if let [a, b, c, d, rest @ ..] = tail {
        m |= u32::from_le_bytes([*a, *b, *c, *d]) as u64;
        shift = 32;
        tail = rest;
    }
    if let [a, b, rest @ ..] = tail {
        m |= (u16::from_le_bytes([*a, *b]) as u64) << shift;
        shift += 16;
        tail = rest;
    }
    if let [a] = tail {
        m |= (*a as u64) << shift;
    }
    v[3] ^= m;
    round(&mut v);
    v[0] ^= m;
    v[2] ^= 0xff;
    round(&mut v);
    round(&mut v);
    round(&mut v);
    v[0] ^ v[1] ^ v[2] ^ v[3]
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
            ((b0 & 0x0F) << 12)
                | ((bytes[i + 1] as u32 & 0x3F) << 6)
                | (bytes[i + 2] as u32 & 0x3F),
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
#[inline]
pub fn push_code_point(out: &mut Vec<u8>, cp: u32) {
    // Encoded by hand (fixed-size appends): surrogates take the 3-byte form like any
    // other BMP code point.
    if cp < 0x80 {
        out.push(cp as u8);
    } else if cp < 0x800 {
        out.extend_from_slice(&[0xC0 | (cp >> 6) as u8, 0x80 | (cp & 0x3F) as u8]);
    } else if cp < 0x10000 {
        out.extend_from_slice(&[
            0xE0 | (cp >> 12) as u8,
            0x80 | ((cp >> 6) & 0x3F) as u8,
            0x80 | (cp & 0x3F) as u8,
        ]);
    } else {
        out.extend_from_slice(&[
            0xF0 | (cp >> 18) as u8,
            0x80 | ((cp >> 12) & 0x3F) as u8,
            0x80 | ((cp >> 6) & 0x3F) as u8,
            0x80 | (cp & 0x3F) as u8,
        ]);
    }
}

impl PyStr {
    pub fn from_string(s: String) -> PyStr {
        let kind = if s.is_ascii() {
            StrKind::Ascii
        } else {
            StrKind::Utf8
        };
        let char_len = if kind == StrKind::Ascii {
            s.len()
        } else {
            s.chars().count()
        };
        PyStr {
            bytes: StrBytes::from_vec(s.into_bytes()),
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
                    bytes: StrBytes::from_vec(bytes),
                    char_len,
                    kind: StrKind::Wtf8,
                    hash: Cell::new(-1),
                    lossy: Some(lossy.into_boxed_str()),
                }
            }
        }
    }

    /// `x + y`: the bytes side by side, kind and length known without re-reading them.
    pub fn concat(x: &PyStr, y: &PyStr) -> PyStr {
        let kind = match (x.kind, y.kind) {
            (StrKind::Ascii, StrKind::Ascii) => StrKind::Ascii,
            (StrKind::Wtf8, _) | (_, StrKind::Wtf8) => {
                let mut v = Vec::with_capacity(x.as_bytes().len() + y.as_bytes().len());
                v.extend_from_slice(x.as_bytes());
                v.extend_from_slice(y.as_bytes());
                return PyStr::from_wtf8(v);
            }
            _ => StrKind::Utf8,
        };
        PyStr {
            bytes: StrBytes::concat(x.as_bytes(), y.as_bytes()),
            char_len: x.char_len + y.char_len,
            kind,
            hash: Cell::new(-1),
            lossy: None,
        }
    }

    /// From a piece of the bytes of a str without surrogates, cut at character
    /// boundaries (so valid UTF-8).
    pub fn from_utf8_piece(bytes: &[u8]) -> PyStr {
        let ascii = bytes.is_ascii();
        let char_len = if ascii {
            bytes.len()
        } else {
            // Every byte but the continuation bytes starts a character.
            bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
        };
        PyStr {
            bytes: StrBytes::from_slice(bytes),
            char_len,
            kind: if ascii { StrKind::Ascii } else { StrKind::Utf8 },
            hash: Cell::new(-1),
            lossy: None,
        }
    }

    /// `from_utf8_piece` taking the bytes (valid UTF-8, no surrogates) by value.
    pub fn from_utf8_vec(bytes: Vec<u8>) -> PyStr {
        let ascii = bytes.is_ascii();
        let char_len = if ascii {
            bytes.len()
        } else {
            bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
        };
        PyStr {
            bytes: StrBytes::from_vec(bytes),
            char_len,
            kind: if ascii { StrKind::Ascii } else { StrKind::Utf8 },
            hash: Cell::new(-1),
            lossy: None,
        }
    }

    /// From valid UTF-8 bytes (no surrogates) whose length in characters and ASCII-ness
    /// the caller knows.
    pub fn from_utf8_known(bytes: Vec<u8>, char_len: usize, ascii: bool) -> PyStr {
        debug_assert!(std::str::from_utf8(&bytes).is_ok());
        PyStr {
            bytes: StrBytes::from_vec(bytes),
            char_len,
            kind: if ascii { StrKind::Ascii } else { StrKind::Utf8 },
            hash: Cell::new(-1),
            lossy: None,
        }
    }

    /// `from_utf8_known` from a borrowed piece.
    pub fn from_utf8_slice_known(bytes: &[u8], char_len: usize, ascii: bool) -> PyStr {
        debug_assert!(std::str::from_utf8(bytes).is_ok());
        PyStr {
            bytes: StrBytes::from_slice(bytes),
            char_len,
            kind: if ascii { StrKind::Ascii } else { StrKind::Utf8 },
            hash: Cell::new(-1),
            lossy: None,
        }
    }

    /// From bytes known to be ASCII.
    #[inline]
    pub fn from_ascii(bytes: &[u8]) -> PyStr {
        debug_assert!(bytes.is_ascii());
        PyStr {
            bytes: StrBytes::from_slice(bytes),
            char_len: bytes.len(),
            kind: StrKind::Ascii,
            hash: Cell::new(-1),
            lossy: None,
        }
    }

    pub fn from_code_points(cps: &[u32]) -> PyStr {
        let mut out = Vec::with_capacity(cps.len() + cps.len() / 2);
        let mut ascii = true;
        let mut surrogate = false;
        for &cp in cps {
            ascii &= cp < 0x80;
            surrogate |= (0xD800..0xE000).contains(&cp);
            push_code_point(&mut out, cp);
        }
        if surrogate {
            return PyStr::from_wtf8(out);
        }
        // Valid UTF-8 by construction, and the length is known: no re-validation.
        PyStr {
            bytes: StrBytes::from_vec(out),
            char_len: cps.len(),
            kind: if ascii { StrKind::Ascii } else { StrKind::Utf8 },
            hash: Cell::new(-1),
            lossy: None,
        }
    }

    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.as_slice()
    }

    /// The text; strings holding lone surrogates show them as U+FFFD here.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.lossy {
            Some(l) => l,
            None => str_from_utf8_checked_before(self.bytes.as_slice()),
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
        let b = self.bytes.as_slice();
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
            return self.bytes.as_slice()[idx] as u32;
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
        let bytes = self.bytes.as_slice();
        while n < idx && i < bytes.len() {
            i += decode_at(bytes, i).1;
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

    /// CPython's str hash: SipHash-1-3 over the PEP 393 representation (cached).
    #[inline]
    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != -1 {
            return h;
        }
        self.compute_hash()
    }

    #[inline(never)]
    fn compute_hash(&self) -> i64 {
        let h = if self.kind == StrKind::Ascii {
            hash_bytes(self.bytes.as_slice())
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

// ----- helpers and methods -------------------------------------------------------------

use crate::memory::ObjRef;
use crate::object::Payload;
use crate::objects::typeobj::tdata;
use crate::unicode;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

/// The text of a str object (lossy for lone surrogates); empty for non-strs.
pub fn as_rust_str(o: &ObjRef) -> String {
    match &o.payload {
        Payload::Str(s) => s.as_str().to_string(),
        _ => String::new(),
    }
}

/// After this many candidate positions (first byte matching, the rest not), a search
/// hands over to a prepared searcher.
const NAIVE_MISSES: usize = 16;

/// The first position of `needle` in `hay`. Candidates are found by the needle's first
/// byte and checked in place (no searcher to set up: most searches in Python code end
/// early or look for short needles); a search that keeps missing goes on with memchr's
/// prepared searcher (linear time).
pub fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let n = needle.len();
    let (&first, rest) = match needle.split_first() {
        Some(x) => x,
        None => return Some(0),
    };
    if n > hay.len() {
        return None;
    }
    let last = hay.len() - n;
    let mut i = 0;
    let mut misses = 0;
    while i <= last {
        let at = i + memchr::memchr(first, &hay[i..=last])?;
        if &hay[at + 1..at + n] == rest {
            return Some(at);
        }
        i = at + 1;
        misses += 1;
        if misses > NAIVE_MISSES {
            return memchr::memmem::find(&hay[i..], needle).map(|p| p + i);
        }
    }
    None
}

/// The last position of `needle` in `hay` (as `find_bytes`, from the end).
pub fn rfind_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let n = needle.len();
    let (&first, rest) = match needle.split_first() {
        Some(x) => x,
        None => return Some(hay.len()),
    };
    if n > hay.len() {
        return None;
    }
    // Candidate starts are 0..end (`end` moves down past each miss).
    let mut end = hay.len() - n + 1;
    let mut misses = 0;
    while end > 0 {
        let at = memchr::memrchr(first, &hay[..end])?;
        if &hay[at + 1..at + n] == rest {
            return Some(at);
        }
        end = at;
        misses += 1;
        if misses > NAIVE_MISSES {
            return memchr::memmem::rfind(&hay[..end + n - 1], needle);
        }
    }
    None
}

/// How many times the byte `b` occurs in `hay` (vectorised: counts summed per block in
/// byte lanes).
pub fn count_byte(hay: &[u8], b: u8) -> usize {
    hay.chunks(255)
        .map(|c| c.iter().fold(0u8, |a, &x| a + (x == b) as u8) as usize)
        .sum()
}

/// The number of code points in generalized UTF-8 bytes (every byte that does not
/// continue a sequence starts one).
#[inline]
fn count_chars(b: &[u8]) -> usize {
    b.iter().filter(|&&x| (x & 0xC0) != 0x80).count()
}

/// A str's text between code point indices, as bytes (searches on generalized UTF-8
/// bytes find only whole code points, lone surrogates included).
fn char_window(s: &PyStr, start: usize, stop: usize) -> (&[u8], usize) {
    let (bs, be) = if s.is_ascii() {
        (start, stop)
    } else {
        (s.byte_offset(start), s.byte_offset(stop))
    };
    (&s.as_bytes()[bs..be], bs)
}

fn is_printable(c: char) -> bool {
    unicode::is_printable(c as u32)
}

/// Python's notion of whitespace (`str.split()`, `str.strip()`).
fn py_space(c: char) -> bool {
    unicode::is_space(c as u32)
}

/// `repr(str)`
pub fn repr_str(s: &PyStr) -> String {
    let bytes = s.as_bytes();
    let has_single = bytes.contains(&b'\'');
    let has_double = bytes.contains(&b'"');
    let quote = if has_single && !has_double { '"' } else { '\'' };
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push(quote);
    for cp in s.code_points() {
        match cp {
            0x5c => out.push_str("\\\\"),
            0x0a => out.push_str("\\n"),
            0x0d => out.push_str("\\r"),
            0x09 => out.push_str("\\t"),
            c if c == quote as u32 => {
                out.push('\\');
                out.push(quote);
            }
            c if c < 0x20 || c == 0x7f => out.push_str(&format!("\\x{c:02x}")),
            c if c < 0x7f => out.push(c as u8 as char),
            c => match char::from_u32(c) {
                Some(ch) if is_printable(ch) => out.push(ch),
                _ => {
                    if c <= 0xff {
                        out.push_str(&format!("\\x{c:02x}"));
                    } else if c <= 0xffff {
                        out.push_str(&format!("\\u{c:04x}"));
                    } else {
                        out.push_str(&format!("\\U{c:08x}"));
                    }
                }
            },
        }
    }
    out.push(quote);
    out
}

/// `ascii(x)` escaping of a repr.
pub fn ascii_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let cp = c as u32;
        if cp < 0x80 {
            out.push(c);
        } else if cp <= 0xff {
            out.push_str(&format!("\\x{cp:02x}"));
        } else if cp <= 0xffff {
            out.push_str(&format!("\\u{cp:04x}"));
        } else {
            out.push_str(&format!("\\U{cp:08x}"));
        }
    }
    out
}

fn self_str<'a>(vm: &Vm, args: &'a Args) -> PyResult<&'a PyStr> {
    match args.args.first() {
        Some(Value::Obj(o)) => o
            .payload
            .as_str()
            .ok_or_else(|| vm.type_error("descriptor requires a 'str' object")),
        _ => Err(vm.type_error("descriptor requires a 'str' object")),
    }
}

fn arg_str<'a>(vm: &Vm, v: &'a Value, what: &str) -> PyResult<&'a PyStr> {
    match v {
        Value::Obj(o) => o
            .payload
            .as_str()
            .ok_or_else(|| vm.type_error(format!("{what} must be str, not {}", vm.type_name(v)))),
        _ => Err(vm.type_error(format!("{what} must be str, not {}", vm.type_name(v)))),
    }
}

fn new_s(vm: &Vm, s: String) -> Value {
    vm.new_str(s)
}

fn str_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = args
        .args
        .first()
        .and_then(|c| c.as_obj().cloned())
        .ok_or_else(|| vm.type_error("str.__new__(X): X is not a type object"))?;
    if args.args.len() > 4 {
        return Err(vm.type_error(format!(
            "str() takes at most 3 arguments ({} given)",
            args.args.len() - 1
        )));
    }
    let pos = args.pos();
    let mut obj = pos.get(1).cloned();
    let mut encoding = pos.get(2).cloned();
    let mut errors = pos.get(3).cloned();
    for (k, v) in args.kwargs() {
        match k.as_obj().map(as_rust_str).as_deref() {
            Some("object") => obj = Some(v.clone()),
            Some("encoding") => encoding = Some(v.clone()),
            Some("errors") => errors = Some(v.clone()),
            Some(o) => {
                return Err(vm.type_error(format!("'{o}' is an invalid keyword argument for str()")))
            }
            None => {}
        }
    }
    let value = match obj {
        None => vm.new_str(""),
        Some(o) => {
            if encoding.is_some() || errors.is_some() {
                if matches!(&o, Value::Obj(so) if so.payload.as_str().is_some()) {
                    return Err(vm.type_error("decoding str is not supported"));
                }
                let b = crate::objects::bytes::bytes_from_value(vm, &o).map_err(|_| {
                    vm.type_error(format!(
                        "decoding to str: need a bytes-like object, {} found",
                        vm.type_name(&o)
                    ))
                })?;
                let enc = match &encoding {
                    Some(e) => vm.str_string(e)?,
                    None => "utf-8".into(),
                };
                let err = match &errors {
                    Some(e) => vm.str_string(e)?,
                    None => "strict".into(),
                };
                crate::objects::bytes::decode(vm, &b, &enc, &err)?
            } else {
                Value::Obj(vm.str(&o)?)
            }
        }
    };
    if cls.is(&vm.types.str_) {
        return Ok(value);
    }
    let bytes = match &value {
        Value::Obj(o) => o
            .payload
            .as_str()
            .map(|s| s.as_bytes().to_vec())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let o = ObjRef::new(&cls, Payload::Str(PyStr::from_wtf8(bytes)));
    if tdata(&cls).is_heap() {
        o.give_dict(|| vm.new_dict_obj());
    }
    Ok(Value::Obj(o))
}

fn str_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(new_s(vm, repr_str(self_str(vm, &args)?)))
}

fn str_str(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?;
    if let Value::Obj(o) = &args.args[0] {
        if o.class().is(&vm.types.str_) {
            return Ok(args.args[0].clone());
        }
    }
    Ok(vm.new_pystr(PyStr::from_wtf8(s.as_bytes().to_vec())))
}

fn str_join(vm: &Vm, args: Args) -> PyResult<Value> {
    let sep = self_str(vm, &args)?;
    let iterable = args
        .args
        .get(1)
        .ok_or_else(|| vm.type_error("join() takes exactly one argument (0 given)"))?;
    // An exact list or tuple is read in place (joining runs no Python code).
    if let Value::Obj(o) = iterable {
        match &o.payload {
            Payload::List(l) if o.class().is(&vm.types.list) => {
                return join_items(vm, sep, &l.borrow());
            }
            Payload::Tuple(t) if o.class().is(&vm.types.tuple) => {
                return join_items(vm, sep, t);
            }
            _ => {}
        }
    }
    let items = vm.collect(iterable).map_err(|e| {
        if vm.exc_matches(&e, &vm.exc.type_error) && vm.iter(iterable).is_err() {
            vm.type_error("can only join an iterable")
        } else {
            e
        }
    })?;
    join_items(vm, sep, &items)
}

/// `sep.join(items)`: the size, kind and length of the result worked out first, then the
/// bytes copied once.
/// The pieces of an f-string side by side (BUILD_STRING: the items are the formatted
/// values, all strs), as `''.join(items)`: kind and length come from the pieces, with no
/// second look at the bytes.
pub fn concat_strs(vm: &Vm, items: &[Value]) -> PyResult<Value> {
    match vm.names.empty.payload.as_str() {
        Some(empty) => join_items(vm, empty, items),
        None => Err(vm.runtime_error("the empty str is not a str")),
    }
}

/// `repr(s)` of an exact str, with no look-up of `__repr__` and no call.
pub fn repr_obj(vm: &Vm, s: &PyStr) -> ObjRef {
    vm.new_str_obj(repr_str(s))
}

fn join_items(vm: &Vm, sep: &PyStr, items: &[Value]) -> PyResult<Value> {
    let mut bytes = sep.as_bytes().len() * items.len().saturating_sub(1);
    let mut chars = sep.char_len() * items.len().saturating_sub(1);
    let mut ascii = sep.is_ascii() || items.len() < 2;
    let mut surrogates = sep.has_surrogates() && items.len() >= 2;
    for (i, it) in items.iter().enumerate() {
        match it {
            Value::Obj(o) if o.payload.as_str().is_some() => {
                if let Some(s) = o.payload.as_str() {
                    bytes += s.as_bytes().len();
                    chars += s.char_len();
                    ascii &= s.is_ascii();
                    surrogates |= s.has_surrogates();
                }
            }
            _ => {
                return Err(vm.type_error(format!(
                    "sequence item {i}: expected str instance, {} found",
                    vm.type_name(it)
                )))
            }
        }
    }
    if items.len() == 1 {
        // One exact str: itself (as CPython).
        if let Value::Obj(o) = &items[0] {
            if o.class().is(&vm.types.str_) {
                return Ok(items[0].clone());
            }
        }
    }
    if !surrogates && bytes <= INLINE_CAP {
        // Short enough to live inside the str: put together on the stack, with no
        // vector to allocate and free.
        return Ok(join_short(vm, sep, items, chars, ascii));
    }
    let mut out: Vec<u8> = Vec::with_capacity(bytes);
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(sep.as_bytes());
        }
        if let Value::Obj(o) = it {
            if let Some(s) = o.payload.as_str() {
                out.extend_from_slice(s.as_bytes());
            }
        }
    }
    if surrogates {
        // Pieces side by side can join a surrogate pair's halves: decided on the bytes.
        return Ok(vm.new_pystr(PyStr::from_wtf8(out)));
    }
    if out.is_empty() {
        return Ok(Value::Obj(vm.names.empty.clone()));
    }
    Ok(vm.new_pystr(PyStr::from_utf8_known(out, chars, ascii)))
}

/// `join_items` for a result of at most `INLINE_CAP` bytes with no surrogates (every item
/// checked to be a str; `chars` and `ascii` worked out from them).
fn join_short(vm: &Vm, sep: &PyStr, items: &[Value], chars: usize, ascii: bool) -> Value {
    let mut buf = [0u8; INLINE_CAP];
    let mut n = 0;
    let mut put = |b: &[u8]| {
        if let Some(dst) = buf.get_mut(n..n + b.len()) {
            dst.copy_from_slice(b);
            n += b.len();
        }
    };
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            put(sep.as_bytes());
        }
        if let Value::Obj(o) = it {
            if let Some(s) = o.payload.as_str() {
                put(s.as_bytes());
            }
        }
    }
    if n == 0 {
        return Value::Obj(vm.names.empty.clone());
    }
    vm.new_pystr(PyStr::from_utf8_slice_known(&buf[..n], chars, ascii))
}

fn opt_str_arg(vm: &Vm, args: &Args, i: usize, kw: &str) -> PyResult<Option<String>> {
    let mut v = args.pos().get(i).cloned();
    for (k, val) in args.kwargs() {
        if k.as_obj().map(as_rust_str).as_deref() == Some(kw) {
            v = Some(val.clone());
        }
    }
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => Ok(Some(arg_str(vm, &v, "separator")?.as_str().to_string())),
    }
}

fn opt_int_arg(vm: &Vm, args: &Args, i: usize, kw: &str, default: i64) -> PyResult<i64> {
    let mut v = args.pos().get(i).cloned();
    for (k, val) in args.kwargs() {
        if k.as_obj().map(as_rust_str).as_deref() == Some(kw) {
            v = Some(val.clone());
        }
    }
    match v {
        None => Ok(default),
        Some(v) => vm.to_index(&v),
    }
}

/// The ASCII bytes `str.split()` splits on (space, \t \n \v \f \r and \x1c-\x1f).
const ASCII_SPACE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = matches!(b as u8, b' ' | b'\t'..=b'\r' | 0x1c..=0x1f);
        b += 1;
    }
    t
};

fn str_split(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = self_str(vm, &args)?;
    let maxsplit = opt_int_arg(vm, &args, 2, "maxsplit", -1)?;
    // An explicit separator splits the bytes (exact for any str, surrogates included).
    let sep_v = args.args.get(1).cloned().or_else(|| {
        args.kwargs()
            .find(|(k, _)| k.as_obj().map(as_rust_str).as_deref() == Some("sep"))
            .map(|(_, v)| v.clone())
    });
    if let Some(Value::Obj(o)) = &sep_v {
        if let Some(sep) = o.payload.as_str() {
            if sep.char_len() == 0 {
                return Err(vm.value_error("empty separator"));
            }
            let text = this.as_bytes();
            let piece = |b: &[u8]| {
                if this.has_surrogates() || sep.has_surrogates() {
                    PyStr::from_wtf8(b.to_vec())
                } else {
                    PyStr::from_utf8_piece(b)
                }
            };
            let mut parts = Vec::new();
            let mut last = 0;
            for pos in memchr::memmem::find_iter(text, sep.as_bytes()) {
                if maxsplit >= 0 && parts.len() as i64 >= maxsplit {
                    break;
                }
                parts.push(vm.new_pystr(piece(&text[last..pos])));
                last = pos + sep.as_bytes().len();
            }
            parts.push(vm.new_pystr(piece(&text[last..])));
            return Ok(vm.new_list(parts));
        }
    }
    if matches!(sep_v, None | Some(Value::None)) {
        // Whitespace split on the bytes (any str, surrogates included): ASCII text byte
        // by byte, other text by code point.
        let text = this.as_bytes();
        let ascii = this.is_ascii();
        let ws_at = |i: usize| -> (bool, usize) {
            if ascii {
                let b = text[i];
                (matches!(b, b' ' | b'\t'..=b'\r' | 0x1c..=0x1f), 1)
            } else {
                let (cp, n) = decode_at(text, i);
                (unicode::is_space(cp), n)
            }
        };
        let piece = |b: &[u8]| {
            if this.has_surrogates() {
                PyStr::from_wtf8(b.to_vec())
            } else {
                PyStr::from_utf8_piece(b)
            }
        };
        let mut parts = Vec::with_capacity(12);
        if ascii {
            let is_ws = |b: u8| ASCII_SPACE[b as usize];
            let mut i = 0;
            loop {
                i += text[i..]
                    .iter()
                    .position(|&b| !is_ws(b))
                    .unwrap_or(text.len() - i);
                if i >= text.len() {
                    break;
                }
                if maxsplit >= 0 && parts.len() as i64 >= maxsplit {
                    // The rest, trailing whitespace included.
                    parts.push(new_ascii(vm, &text[i..]));
                    break;
                }
                let start = i;
                i += text[i..]
                    .iter()
                    .position(|&b| is_ws(b))
                    .unwrap_or(text.len() - i);
                parts.push(new_ascii(vm, &text[start..i]));
            }
            return Ok(vm.new_list(parts));
        }
        // Other text: ASCII bytes by the byte test, the rest decoded; each word's length
        // in characters and its ASCII-ness counted on the way.
        let mut i = 0;
        loop {
            while i < text.len() {
                let (ws, n) = ws_at(i);
                if !ws {
                    break;
                }
                i += n;
            }
            if i >= text.len() {
                break;
            }
            if maxsplit >= 0 && parts.len() as i64 >= maxsplit {
                // The rest, trailing whitespace included.
                parts.push(vm.new_pystr(piece(&text[i..])));
                break;
            }
            let start = i;
            let mut chars = 0;
            let mut word_ascii = true;
            while i < text.len() {
                let c = text[i];
                if c < 0x80 {
                    if matches!(c, b' ' | b'\t'..=b'\r' | 0x1c..=0x1f) {
                        break;
                    }
                    i += 1;
                } else {
                    let (cp, n) = decode_at(text, i);
                    if unicode::is_space_non_ascii(cp) {
                        break;
                    }
                    word_ascii = false;
                    i += n;
                }
                chars += 1;
            }
            let word = &text[start..i];
            parts.push(vm.new_pystr(if this.has_surrogates() {
                PyStr::from_wtf8(word.to_vec())
            } else {
                PyStr::from_utf8_slice_known(word, chars, word_ascii)
            }));
        }
        return Ok(vm.new_list(parts));
    }
    let s = this.as_str();
    let sep = opt_str_arg(vm, &args, 1, "sep")?;
    let parts = split_impl(vm, s, sep.as_deref(), maxsplit)?;
    Ok(vm.new_list(parts.into_iter().map(|p| vm.new_str(p)).collect()))
}

fn split_impl(vm: &Vm, s: &str, sep: Option<&str>, maxsplit: i64) -> PyResult<Vec<String>> {
    let mut out = Vec::new();
    match sep {
        None => {
            let mut rest = s.trim_start_matches(py_space);
            let mut n = 0;
            while !rest.is_empty() {
                if maxsplit >= 0 && n >= maxsplit {
                    out.push(rest.to_string());
                    break;
                }
                let end = rest.find(py_space).unwrap_or(rest.len());
                out.push(rest[..end].to_string());
                rest = rest[end..].trim_start_matches(py_space);
                n += 1;
            }
        }
        Some(sep) => {
            if sep.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            if maxsplit < 0 {
                out = s.split(sep).map(str::to_string).collect();
            } else {
                out = s
                    .splitn(maxsplit as usize + 1, sep)
                    .map(str::to_string)
                    .collect();
            }
        }
    }
    Ok(out)
}

fn str_rsplit(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?.as_str();
    let sep = opt_str_arg(vm, &args, 1, "sep")?;
    let maxsplit = opt_int_arg(vm, &args, 2, "maxsplit", -1)?;
    if maxsplit < 0 {
        return str_split(vm, args);
    }
    let mut out: Vec<String> = Vec::new();
    match sep {
        None => {
            let mut rest = s.trim_end_matches(py_space);
            let mut n = 0;
            while !rest.is_empty() {
                if n >= maxsplit {
                    out.push(rest.to_string());
                    break;
                }
                let start = rest
                    .rfind(py_space)
                    .map(|i| i + rest[i..].chars().next().map(|c| c.len_utf8()).unwrap_or(1))
                    .unwrap_or(0);
                out.push(rest[start..].to_string());
                rest = rest[..start].trim_end_matches(py_space);
                n += 1;
            }
        }
        Some(sep) => {
            if sep.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            out = s
                .rsplitn(maxsplit as usize + 1, sep.as_str())
                .map(str::to_string)
                .collect();
        }
    }
    out.reverse();
    Ok(vm.new_list(out.into_iter().map(|p| vm.new_str(p)).collect()))
}

/// `strip`/`lstrip`/`rstrip` on code points (for strs holding lone surrogates).
fn strip_code_points(vm: &Vm, args: &Args, left: bool, right: bool) -> PyResult<Value> {
    let s = self_str(vm, args)?;
    let chars: Option<Vec<u32>> = match args.args.get(1) {
        None | Some(Value::None) => None,
        Some(v @ Value::Obj(o)) if o.payload.as_str().is_some() => {
            Some(arg_str(vm, v, "strip arg")?.code_points().collect())
        }
        Some(_) => return Err(vm.type_error("strip arg must be None or str")),
    };
    let strip = |c: u32| match &chars {
        None => unicode::is_space(c),
        Some(set) => set.contains(&c),
    };
    let cps: Vec<u32> = s.code_points().collect();
    let mut a = 0;
    let mut b = cps.len();
    if left {
        while a < b && strip(cps[a]) {
            a += 1;
        }
    }
    if right {
        while b > a && strip(cps[b - 1]) {
            b -= 1;
        }
    }
    Ok(vm.new_pystr(PyStr::from_code_points(&cps[a..b])))
}

fn strip_chars(vm: &Vm, args: &Args) -> PyResult<Option<Vec<char>>> {
    match args.args.get(1) {
        None | Some(Value::None) => Ok(None),
        Some(v) => match v {
            Value::Obj(o) if o.payload.as_str().is_some() => Ok(Some(
                arg_str(vm, v, "strip arg")?.as_str().chars().collect(),
            )),
            _ => Err(vm.type_error("strip arg must be None or str")),
        },
    }
}

/// `strip` (`left`, `right`) of a str without lone surrogates in it or the argument:
/// ASCII text trimmed on the bytes; the str itself when nothing goes (an exact str),
/// as CPython.
fn strip_impl(vm: &Vm, args: &Args, left: bool, right: bool) -> PyResult<Value> {
    let this = self_str(vm, args)?;
    let has_surrogates = this.has_surrogates()
        || matches!(args.args.get(1), Some(Value::Obj(o)) if o.payload.as_str().is_some_and(PyStr::has_surrogates));
    if has_surrogates {
        return strip_code_points(vm, args, left, right);
    }
    let b = this.as_bytes();
    let (from, to) = match args.args.get(1) {
        None | Some(Value::None) if this.is_ascii() => {
            let ws = |c: &u8| matches!(c, b' ' | b'\t'..=b'\r' | 0x1c..=0x1f);
            trim_range(b, left, right, ws)
        }
        Some(Value::Obj(o))
            if this.is_ascii() && o.payload.as_str().is_some_and(PyStr::is_ascii) =>
        {
            let chars = o.payload.as_str().map(PyStr::as_bytes).unwrap_or(&[]);
            // A set of ASCII bytes as a 128-bit mask.
            let mask = chars.iter().fold(0u128, |m, &c| m | (1u128 << c));
            trim_range(b, left, right, |&c| mask >> c & 1 != 0)
        }
        _ => {
            let s = this.as_str();
            let kept = match strip_chars(vm, args)? {
                None => trim_str(s, left, right, py_space),
                Some(c) => trim_str(s, left, right, |x| c.contains(&x)),
            };
            // `kept` is a piece of `s`: its place in the bytes.
            let from = kept.as_ptr() as usize - s.as_ptr() as usize;
            (from, from + kept.len())
        }
    };
    if from == 0 && to == b.len() {
        if let Value::Obj(o) = &args.args[0] {
            if o.class().is(&vm.types.str_) {
                return Ok(args.args[0].clone());
            }
        }
    }
    let piece = &b[from..to];
    Ok(match piece.len() {
        0 => Value::Obj(vm.names.empty.clone()),
        1 => Value::Obj(vm.intern(str_from_utf8_checked_before(piece))),
        _ => vm.new_pystr(if this.is_ascii() {
            PyStr::from_ascii(piece)
        } else {
            PyStr::from_utf8_piece(piece)
        }),
    })
}

/// The range of `b` left when bytes matching `strip` go from the left and/or right.
#[inline]
fn trim_range(b: &[u8], left: bool, right: bool, strip: impl Fn(&u8) -> bool) -> (usize, usize) {
    let mut from = 0;
    let mut to = b.len();
    if left {
        from = b.iter().position(|c| !strip(c)).unwrap_or(b.len());
    }
    if right {
        to = from
            + b[from..]
                .iter()
                .rposition(|c| !strip(c))
                .map_or(0, |p| p + 1);
    }
    (from, to)
}

fn trim_str(s: &str, left: bool, right: bool, strip: impl Fn(char) -> bool + Copy) -> &str {
    match (left, right) {
        (true, true) => s.trim_matches(strip),
        (true, false) => s.trim_start_matches(strip),
        _ => s.trim_end_matches(strip),
    }
}

fn str_strip(vm: &Vm, args: Args) -> PyResult<Value> {
    strip_impl(vm, &args, true, true)
}
fn str_lstrip(vm: &Vm, args: Args) -> PyResult<Value> {
    strip_impl(vm, &args, true, false)
}
fn str_rstrip(vm: &Vm, args: Args) -> PyResult<Value> {
    strip_impl(vm, &args, false, true)
}

fn str_replace(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?;
    if args.args.len() < 3 {
        return Err(vm.type_error(format!(
            "replace expected at least 2 arguments, got {}",
            args.args.len() - 1
        )));
    }
    let old = arg_str(vm, &args.args[1], "replace() argument 1")?;
    let new = arg_str(vm, &args.args[2], "replace() argument 2")?;
    let count = match args.args.get(3) {
        Some(c) => vm.to_index(c)?,
        None => -1,
    };
    let limit = if count < 0 {
        usize::MAX
    } else {
        count as usize
    };
    let text = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let mut done = 0;
    if old.char_len() == 0 {
        // Insert before every code point and at the end, up to `count` times.
        let mut i = 0;
        while i <= text.len() {
            if done < limit {
                out.extend_from_slice(new.as_bytes());
                done += 1;
            }
            if i == text.len() {
                break;
            }
            let n = decode_at(text, i).1;
            out.extend_from_slice(&text[i..i + n]);
            i += n;
        }
    } else {
        let mut last = 0;
        for pos in memchr::memmem::find_iter(text, old.as_bytes()) {
            if done == limit {
                break;
            }
            out.extend_from_slice(&text[last..pos]);
            out.extend_from_slice(new.as_bytes());
            last = pos + old.as_bytes().len();
            done += 1;
        }
        if done == 0 {
            // An exact str is returned as is; a subclass gives a plain copy.
            let v = args.args[0].clone();
            return Ok(match &v {
                Value::Obj(o) if o.class().is(&vm.types.str_) => v,
                _ => vm.new_pystr(PyStr::from_wtf8(text.to_vec())),
            });
        }
        out.extend_from_slice(&text[last..]);
    }
    if s.has_surrogates() || new.has_surrogates() {
        return Ok(vm.new_pystr(PyStr::from_wtf8(out)));
    }
    // Valid UTF-8 by construction; the length follows from the counts.
    let char_len = s.char_len() + done * new.char_len() - done * old.char_len();
    let ascii = (s.is_ascii() && new.is_ascii()) || out.is_ascii();
    Ok(vm.new_pystr(PyStr::from_utf8_known(out, char_len, ascii)))
}

fn prefix_check(vm: &Vm, args: &Args, end: bool) -> PyResult<Value> {
    let s = self_str(vm, args)?;
    let len = s.char_len();
    let start = crate::objects::seq_bound(vm, args.args.get(2), len, 0)?;
    let stop = crate::objects::seq_bound(vm, args.args.get(3), len, len)?;
    // Compare bytes: both ends of the window are character boundaries and the encoding
    // is prefix-free, so a byte prefix (suffix) is a code point prefix (suffix).
    let sub: &[u8] = if start <= stop {
        &s.as_bytes()[s.byte_offset(start)..s.byte_offset(stop)]
    } else {
        &[]
    };
    let past_end = crate::objects::start_past_end(vm, args.args.get(2), len)?;
    let check = |p: &PyStr| {
        if past_end || start > stop {
            return false;
        }
        if end {
            sub.ends_with(p.as_bytes())
        } else {
            sub.starts_with(p.as_bytes())
        }
    };
    let what = if end { "endswith" } else { "startswith" };
    match args.args.get(1) {
        Some(Value::Obj(o)) => match &o.payload {
            Payload::Str(p) => Ok(Value::Bool(check(p))),
            Payload::Tuple(t) => {
                for x in t.iter() {
                    let p = arg_str(vm, x, "tuple for startswith").map_err(|_| {
                        vm.type_error(format!(
                            "tuple for {what} must only contain str, not {}",
                            vm.type_name(x)
                        ))
                    })?;
                    if check(p) {
                        return Ok(Value::Bool(true));
                    }
                }
                Ok(Value::Bool(false))
            }
            _ => Err(vm.type_error(format!(
                "{what} first arg must be str or a tuple of str, not {}",
                vm.type_name(&args.args[1])
            ))),
        },
        Some(v) => Err(vm.type_error(format!(
            "{what} first arg must be str or a tuple of str, not {}",
            vm.type_name(v)
        ))),
        None => Err(vm.type_error(format!("{what}() takes at least 1 argument (0 given)"))),
    }
}

fn str_startswith(vm: &Vm, args: Args) -> PyResult<Value> {
    prefix_check(vm, &args, false)
}
fn str_endswith(vm: &Vm, args: Args) -> PyResult<Value> {
    prefix_check(vm, &args, true)
}

fn find_impl(vm: &Vm, args: &Args, rev: bool) -> PyResult<i64> {
    let s = self_str(vm, args)?;
    let sub =
        arg_str(vm, args.args.get(1).unwrap_or(&Value::None), "must be str").map_err(|_| {
            vm.type_error(format!(
                "must be str, not {}",
                vm.type_name(args.args.get(1).unwrap_or(&Value::None))
            ))
        })?;
    let len = s.char_len();
    let start = crate::objects::seq_bound(vm, args.args.get(2), len, 0)?;
    let stop = crate::objects::seq_bound(vm, args.args.get(3), len, len)?;
    if crate::objects::start_past_end(vm, args.args.get(2), len)? {
        return Ok(-1);
    }
    let nlen = sub.char_len();
    if start > stop || stop - start < nlen {
        return Ok(-1);
    }
    if nlen == 0 {
        return Ok(if rev { stop } else { start } as i64);
    }
    let (hay, _) = char_window(s, start, stop);
    let found = if rev {
        rfind_bytes(hay, sub.as_bytes())
    } else {
        find_bytes(hay, sub.as_bytes())
    };
    Ok(match found {
        Some(pos) if s.is_ascii() => (start + pos) as i64,
        Some(pos) => (start + count_chars(&hay[..pos])) as i64,
        None => -1,
    })
}

fn str_find(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(find_impl(vm, &args, false)?))
}
fn str_rfind(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(find_impl(vm, &args, true)?))
}
fn str_index(vm: &Vm, args: Args) -> PyResult<Value> {
    let i = find_impl(vm, &args, false)?;
    if i < 0 {
        return Err(vm.value_error("substring not found"));
    }
    Ok(Value::Int(i))
}
fn str_rindex(vm: &Vm, args: Args) -> PyResult<Value> {
    let i = find_impl(vm, &args, true)?;
    if i < 0 {
        return Err(vm.value_error("substring not found"));
    }
    Ok(Value::Int(i))
}

fn str_count(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?;
    let sub = arg_str(vm, args.args.get(1).unwrap_or(&Value::None), "count arg").map_err(|_| {
        vm.type_error(format!(
            "must be str, not {}",
            vm.type_name(args.args.get(1).unwrap_or(&Value::None))
        ))
    })?;
    let len = s.char_len();
    let start = crate::objects::seq_bound(vm, args.args.get(2), len, 0)?;
    let stop = crate::objects::seq_bound(vm, args.args.get(3), len, len)?;
    if start > stop || crate::objects::start_past_end(vm, args.args.get(2), len)? {
        return Ok(Value::Int(0));
    }
    if sub.char_len() == 0 {
        return Ok(Value::Int((stop - start + 1) as i64));
    }
    let (hay, _) = char_window(s, start, stop);
    if let [b] = sub.as_bytes() {
        // One byte (an ASCII character): a plain count, vectorised, no searcher set up.
        return Ok(Value::Int(count_byte(hay, *b) as i64));
    }
    Ok(Value::Int(
        memchr::memmem::find_iter(hay, sub.as_bytes()).count() as i64,
    ))
}

macro_rules! str_map {
    ($($name:ident => $ascii:expr, $full:path;)*) => {
        $(fn $name(vm: &Vm, args: Args) -> PyResult<Value> {
            let s = self_str(vm, &args)?;
            if s.is_ascii() {
                let f: fn(&str) -> String = $ascii;
                return Ok(new_s(vm, f(s.as_str())));
            }
            let cps: Vec<u32> = s.code_points().collect();
            Ok(vm.new_pystr(PyStr::from_code_points(&$full(&cps))))
        })*
    };
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CaseOp {
    Upper,
    Lower,
    Fold,
    Title,
}

const CAPITAL_SIGMA: u32 = 0x3a3;

/// The lowercase of the capital sigma at byte `i` (`l` bytes long) of `b`: 'ς' when a
/// cased letter precedes it and none follows (case-ignorable characters skipped).
fn final_sigma(b: &[u8], i: usize, l: usize) -> u32 {
    let mut j = i;
    let mut before = false;
    while j > 0 {
        let mut k = j - 1;
        while k > 0 && b[k] & 0xC0 == 0x80 {
            k -= 1;
        }
        let (cp, _) = decode_at(b, k);
        j = k;
        if !unicode::is_case_ignorable(cp) {
            before = unicode::is_cased(cp);
            break;
        }
    }
    let mut j = i + l;
    let mut after = false;
    while j < b.len() {
        let (cp, n) = decode_at(b, j);
        j += n;
        if !unicode::is_case_ignorable(cp) {
            after = unicode::is_cased(cp);
            break;
        }
    }
    if before && !after {
        0x3c2
    } else {
        0x3c3
    }
}

/// upper/lower/casefold/title of a str from its bytes to the bytes of the result: ASCII
/// bytes mapped in place, other characters through the Unicode tables (the flat array
/// for one-character mappings, final sigma by its neighbours), no intermediate code
/// point vectors.
fn case_map(s: &PyStr, op: CaseOp) -> PyStr {
    match op {
        CaseOp::Upper => case_map_op::<0>(s),
        CaseOp::Lower => case_map_op::<1>(s),
        CaseOp::Fold => case_map_op::<2>(s),
        CaseOp::Title => case_map_op::<3>(s),
    }
}

/// `case_map` for one operation (OP: 0 upper, 1 lower, 2 casefold, 3 title), so that the
/// per-byte loop has no test of the operation.
fn case_map_op<const OP: u8>(s: &PyStr) -> PyStr {
    const UPPER: u8 = 0;
    const LOWER: u8 = 1;
    const TITLE: u8 = 3;
    let b = s.as_bytes();
    let table_id = match OP {
        UPPER => unicode::CaseTable::Upper,
        LOWER => unicode::CaseTable::Lower,
        TITLE => unicode::CaseTable::Title,
        _ => unicode::CaseTable::Fold,
    };
    let table = unicode::case_array(table_id);
    let lower_table = unicode::case_array(unicode::CaseTable::Lower);
    // `out[..w]` is the result so far. Invariant: out.len() >= w + (b.len() - i) + SLACK,
    // so an ASCII byte always has room, and so has one mapped character (at most three
    // characters of at most four bytes); the room is restored after each such character.
    const SLACK: usize = 16;
    let mut out = vec![0u8; b.len() + SLACK];
    let mut w = 0;
    let mut one: Vec<u32> = Vec::new();
    let (mut i, mut n) = (0, 0);
    let (mut ascii, mut surrogate) = (true, false);
    let mut prev_cased = false;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            out[w] = match OP {
                UPPER => c.to_ascii_uppercase(),
                TITLE if !prev_cased => c.to_ascii_uppercase(),
                _ => c.to_ascii_lowercase(),
            };
            if OP == TITLE {
                prev_cased = c.is_ascii_alphabetic();
            }
            w += 1;
            n += 1;
            i += 1;
            continue;
        }
        let (cp, l) = if c < 0xE0 && i + 1 < b.len() {
            (((c as u32 & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F), 2)
        } else {
            decode_at(b, i)
        };
        // Title case: characters after a cased one are lowercased.
        let lowering = OP == LOWER || (OP == TITLE && prev_cased);
        if OP == TITLE {
            prev_cased = unicode::is_cased_fast(cp);
        }
        let (array, which) = if lowering {
            (lower_table, unicode::CaseTable::Lower)
        } else {
            (table, table_id)
        };
        // One character to one (the common case): written directly.
        let single = if lowering && cp == CAPITAL_SIGMA {
            Some(final_sigma(b, i, l))
        } else {
            unicode::case_single_in(array, cp)
        };
        i += l;
        if let Some(c) = single {
            ascii &= c < 0x80;
            w += encode_code_point(&mut out[w..], c);
            n += 1;
        } else if let Some(m) = unicode::case_multi_in(which, array, cp) {
            for ch in m.chars() {
                ascii &= ch.is_ascii();
                w += ch.encode_utf8(&mut out[w..]).len();
                n += 1;
            }
        } else {
            one.clear();
            match which {
                unicode::CaseTable::Upper => unicode::push_upper(&mut one, cp),
                unicode::CaseTable::Lower => unicode::push_lower(&mut one, cp),
                unicode::CaseTable::Title => unicode::push_title(&mut one, cp),
                unicode::CaseTable::Fold => unicode::push_fold(&mut one, cp),
            }
            for &c in &one {
                ascii &= c < 0x80;
                surrogate |= (0xD800..0xE000).contains(&c);
                w += encode_code_point(&mut out[w..], c);
                n += 1;
            }
        }
        let need = w + (b.len() - i) + SLACK;
        if out.len() < need {
            out.resize(need.max(out.len() * 3 / 2), 0);
        }
    }
    out.truncate(w);
    if surrogate {
        return PyStr::from_wtf8(out);
    }
    PyStr {
        bytes: StrBytes::from_vec(out),
        char_len: n,
        kind: if ascii { StrKind::Ascii } else { StrKind::Utf8 },
        hash: Cell::new(-1),
        lossy: None,
    }
}

/// Write code point `cp` (surrogates included) as generalized UTF-8 at the start of
/// `out` (at least 4 bytes long); returns how many bytes it took.
#[inline]
fn encode_code_point(out: &mut [u8], cp: u32) -> usize {
    if cp < 0x80 {
        out[0] = cp as u8;
        1
    } else if cp < 0x800 {
        out[..2].copy_from_slice(&[0xC0 | (cp >> 6) as u8, 0x80 | (cp & 0x3F) as u8]);
        2
    } else if cp < 0x10000 {
        out[..3].copy_from_slice(&[
            0xE0 | (cp >> 12) as u8,
            0x80 | ((cp >> 6) & 0x3F) as u8,
            0x80 | (cp & 0x3F) as u8,
        ]);
        3
    } else {
        out[..4].copy_from_slice(&[
            0xF0 | (cp >> 18) as u8,
            0x80 | ((cp >> 12) & 0x3F) as u8,
            0x80 | ((cp >> 6) & 0x3F) as u8,
            0x80 | (cp & 0x3F) as u8,
        ]);
        4
    }
}

fn str_upper(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?;
    if s.is_ascii() {
        return Ok(new_s(vm, s.as_str().to_ascii_uppercase()));
    }
    Ok(vm.new_pystr(case_map(s, CaseOp::Upper)))
}

fn str_casefold(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?;
    if s.is_ascii() {
        return Ok(new_s(vm, s.as_str().to_ascii_lowercase()));
    }
    Ok(vm.new_pystr(case_map(s, CaseOp::Fold)))
}

fn str_lower(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?;
    if s.is_ascii() {
        return Ok(new_s(vm, s.as_str().to_ascii_lowercase()));
    }
    Ok(vm.new_pystr(case_map(s, CaseOp::Lower)))
}

fn str_title(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?;
    if s.is_ascii() {
        return Ok(new_s(vm, ascii_title(s.as_str())));
    }
    Ok(vm.new_pystr(case_map(s, CaseOp::Title)))
}

fn ascii_title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for c in s.chars() {
        out.push(if prev_cased {
            c.to_ascii_lowercase()
        } else {
            c.to_ascii_uppercase()
        });
        prev_cased = c.is_ascii_alphabetic();
    }
    out
}

fn ascii_capitalize(s: &str) -> String {
    let mut out = s.to_ascii_lowercase();
    if let Some(first) = out.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    out
}

fn ascii_swapcase(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}

str_map! {
    str_capitalize => ascii_capitalize, unicode::capitalize;
    str_swapcase => ascii_swapcase, unicode::swapcase;
}

/// Predicates true of a str when every character has a property (and, for most, the
/// str is not empty): checked character by character, stopping at the first failure.
macro_rules! str_pred_all {
    ($($name:ident => $nonempty:expr, $f:expr),* $(,)?) => {
        $(fn $name(vm: &Vm, args: Args) -> PyResult<Value> {
            let s = self_str(vm, &args)?;
            if $nonempty && s.char_len() == 0 {
                return Ok(Value::Bool(false));
            }
            let f: fn(u32) -> bool = $f;
            Ok(Value::Bool(s.code_points().all(f)))
        })*
    };
}

str_pred_all! {
    str_isdigit => true, unicode::is_digit,
    str_isdecimal => true, unicode::is_decimal,
    str_isnumeric => true, unicode::is_numeric,
    str_isalpha => true, unicode::is_alpha,
    str_isalnum => true, unicode::is_alnum,
    str_isspace => true, unicode::is_space,
    str_isascii => false, |c| c < 0x80,
    str_isprintable => false, unicode::is_printable,
}

macro_rules! str_pred {
    ($($name:ident => $f:expr),* $(,)?) => {
        $(fn $name(vm: &Vm, args: Args) -> PyResult<Value> {
            let s = self_str(vm, &args)?;
            let cps: Vec<u32> = s.code_points().collect();
            let f: fn(&[u32]) -> bool = $f;
            Ok(Value::Bool(f(&cps)))
        })*
    };
}

str_pred! {
    str_isupper => unicode::str_is_upper,
    str_islower => unicode::str_is_lower,
    str_isidentifier => unicode::str_is_identifier,
    str_istitle => unicode::str_is_title,
}

fn pad(vm: &Vm, args: &Args, left: bool, right: bool) -> PyResult<Value> {
    let s = self_str(vm, args)?;
    let width = vm.to_index(args.args.get(1).unwrap_or(&Value::None))?;
    let fill = match args.args.get(2) {
        Some(f) => {
            let p = arg_str(vm, f, "fill character")?;
            if p.char_len() != 1 {
                return Err(vm.type_error("The fill character must be exactly one character long"));
            }
            p.code_point_at(0)
        }
        None => ' ' as u32,
    };
    let len = s.char_len() as i64;
    if width <= len {
        return Ok(args.args[0].clone());
    }
    let total = (width - len) as usize;
    let (l, r) = if left && right {
        let l = total / 2 + (total & width as usize & 1);
        (l, total - l)
    } else if left {
        (total, 0)
    } else {
        (0, total)
    };
    let mut fill_bytes = Vec::new();
    push_code_point(&mut fill_bytes, fill);
    let mut out: Vec<u8> = Vec::with_capacity(s.as_bytes().len() + total * fill_bytes.len());
    for _ in 0..l {
        out.extend_from_slice(&fill_bytes);
    }
    out.extend_from_slice(s.as_bytes());
    for _ in 0..r {
        out.extend_from_slice(&fill_bytes);
    }
    Ok(vm.new_pystr(PyStr::from_wtf8(out)))
}

fn str_center(vm: &Vm, args: Args) -> PyResult<Value> {
    pad(vm, &args, true, true)
}
fn str_ljust(vm: &Vm, args: Args) -> PyResult<Value> {
    pad(vm, &args, false, true)
}
fn str_rjust(vm: &Vm, args: Args) -> PyResult<Value> {
    pad(vm, &args, true, false)
}

fn str_zfill(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?.as_str();
    let width = vm.to_index(args.args.get(1).unwrap_or(&Value::None))? as usize;
    let len = s.chars().count();
    if width <= len {
        return Ok(new_s(vm, s.to_string()));
    }
    let (sign, rest) = match s.chars().next() {
        Some(c @ ('+' | '-')) => (c.to_string(), &s[1..]),
        _ => (String::new(), s),
    };
    Ok(new_s(
        vm,
        format!("{sign}{}{rest}", "0".repeat(width - len)),
    ))
}

fn str_partition(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?.as_str();
    let sep = arg_str(
        vm,
        args.args.get(1).unwrap_or(&Value::None),
        "partition arg",
    )?
    .as_str();
    if sep.is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    Ok(match s.find(sep) {
        Some(i) => vm.new_tuple(vec![
            vm.new_str(&s[..i]),
            vm.new_str(sep),
            vm.new_str(&s[i + sep.len()..]),
        ]),
        None => vm.new_tuple(vec![vm.new_str(s), vm.new_str(""), vm.new_str("")]),
    })
}

fn str_rpartition(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?.as_str();
    let sep = arg_str(
        vm,
        args.args.get(1).unwrap_or(&Value::None),
        "rpartition arg",
    )?
    .as_str();
    if sep.is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    Ok(match s.rfind(sep) {
        Some(i) => vm.new_tuple(vec![
            vm.new_str(&s[..i]),
            vm.new_str(sep),
            vm.new_str(&s[i + sep.len()..]),
        ]),
        None => vm.new_tuple(vec![vm.new_str(""), vm.new_str(""), vm.new_str(s)]),
    })
}

fn str_splitlines(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?.as_str();
    let keep = match args.args.get(1) {
        Some(v) => vm.is_true(v)?,
        None => args
            .kwargs()
            .next()
            .map(|(_, v)| vm.is_true(v))
            .transpose()?
            .unwrap_or(false),
    };
    let mut out = Vec::new();
    let mut start = 0;
    // Walked in place: a vector of (offset, char) pairs would take 16 bytes per
    // character of the text (48 MB for the 3 MB of pyperformance's logging output).
    let mut chars = s.char_indices().peekable();
    while let Some((pos, c)) = chars.next() {
        let is_break = matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if is_break {
            let mut end = pos + c.len_utf8();
            if c == '\r' && chars.next_if(|&(_, n)| n == '\n').is_some() {
                end += 1;
            }
            out.push(vm.new_str(if keep { &s[start..end] } else { &s[start..pos] }));
            start = end;
        }
    }
    if start < s.len() {
        out.push(vm.new_str(&s[start..]));
    }
    Ok(vm.new_list(out))
}

fn str_expandtabs(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?.as_str();
    let ts = opt_int_arg(vm, &args, 1, "tabsize", 8)?;
    if ts > i32::MAX as i64 || ts < i32::MIN as i64 {
        return Err(vm.overflow_error("Python int too large to convert to C int"));
    }
    let mut out = String::new();
    let mut col = 0i64;
    for c in s.chars() {
        match c {
            '\t' => {
                if ts > 0 {
                    let n = ts - col % ts;
                    out.extend(std::iter::repeat_n(' ', n as usize));
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    Ok(new_s(vm, out))
}

fn str_removeprefix(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?.as_str();
    let p = arg_str(
        vm,
        args.args.get(1).unwrap_or(&Value::None),
        "removeprefix() argument",
    )?
    .as_str();
    Ok(new_s(vm, s.strip_prefix(p).unwrap_or(s).to_string()))
}
fn str_removesuffix(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?.as_str();
    let p = arg_str(
        vm,
        args.args.get(1).unwrap_or(&Value::None),
        "removesuffix() argument",
    )?
    .as_str();
    Ok(new_s(vm, s.strip_suffix(p).unwrap_or(s).to_string()))
}

fn str_encode(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?;
    let enc = match opt_str_arg(vm, &args, 1, "encoding")? {
        Some(e) => e,
        None => "utf-8".into(),
    };
    let errors = opt_str_arg(vm, &args, 2, "errors")?.unwrap_or_else(|| "strict".into());
    crate::objects::bytes::encode(vm, &args.args[0], s, &enc, &errors)
}

fn str_format(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?.as_str().to_string();
    let pos = &args.pos()[1..];
    let kw: Vec<(String, Value)> = args
        .kwargs()
        .map(|(k, v)| (k.as_obj().map(as_rust_str).unwrap_or_default(), v.clone()))
        .collect();
    crate::format::str_format(vm, &s, pos, &kw, None).map(|r| vm.new_str(r))
}

fn str_format_map(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?.as_str().to_string();
    let m = args.args.get(1).cloned().unwrap_or(Value::None);
    crate::format::str_format(vm, &s, &[], &[], Some(&m)).map(|r| vm.new_str(r))
}

fn str_dunder_format(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?.as_str().to_string();
    let spec = args
        .args
        .get(1)
        .map(|v| vm.str_string(v))
        .transpose()?
        .unwrap_or_default();
    Ok(vm.new_str(crate::format::format_str(vm, &s, &spec)?))
}

fn str_getnewargs(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?;
    Ok(vm.new_tuple(vec![vm.new_pystr(PyStr::from_wtf8(s.as_bytes().to_vec()))]))
}

fn str_maketrans(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = vm.new_dict_obj();
    let pos = args.pos();
    if pos.is_empty() {
        return Err(vm.type_error("maketrans expected at least 1 argument, got 0"));
    }
    if pos.len() > 3 {
        return Err(vm.type_error(format!(
            "maketrans expected at most 3 arguments, got {}",
            pos.len()
        )));
    }
    if pos.len() == 1 {
        let not_dict =
            || vm.type_error("if you give only one argument to maketrans it must be a dict");
        let m = pos[0].as_obj().ok_or_else(not_dict)?;
        if !matches!(m.payload, Payload::Dict(_)) {
            return Err(not_dict());
        }
        for (k, v) in crate::objects::dict::table(m).borrow().items() {
            let k = match &k {
                Value::Obj(o) if o.payload.as_str().is_some() => {
                    let s = o
                        .payload
                        .as_str()
                        .map(|s| (s.char_len(), s.code_point_at(0)));
                    match s {
                        Some((1, cp)) => Value::Int(cp as i64),
                        _ => {
                            return Err(vm
                                .value_error("string keys in translate table must be of length 1"))
                        }
                    }
                }
                _ if crate::objects::int::is_int(&k) => k,
                _ => {
                    return Err(vm.type_error("keys in translate table must be strings or integers"))
                }
            };
            crate::objects::dict::set(vm, &d, k, v)?;
        }
    } else if pos.len() >= 2 {
        let a: Vec<u32> = pos[0]
            .as_obj()
            .and_then(|o| o.payload.as_str())
            .ok_or_else(|| {
                vm.type_error(
                    "first maketrans argument must be a string if there is a second argument",
                )
            })?
            .code_points()
            .collect();
        let b: Vec<u32> = arg_str(vm, &pos[1], "maketrans() argument 2")?
            .code_points()
            .collect();
        if a.len() != b.len() {
            return Err(vm.value_error("the first two maketrans arguments must have equal length"));
        }
        for (x, y) in a.iter().zip(b.iter()) {
            crate::objects::dict::set(vm, &d, Value::Int(*x as i64), Value::Int(*y as i64))?;
        }
        if let Some(z) = pos.get(2) {
            for x in arg_str(vm, z, "maketrans() argument 3")?.code_points() {
                crate::objects::dict::set(vm, &d, Value::Int(x as i64), Value::None)?;
            }
        }
    }
    Ok(Value::Obj(d))
}

fn str_translate(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?;
    let table = args.args.get(1).cloned().unwrap_or(Value::None);
    let mut out: Vec<u8> = Vec::new();
    for cp in s.code_points() {
        match vm.getitem(&table, &Value::Int(cp as i64)) {
            Ok(Value::None) => {}
            Ok(Value::Obj(o)) if o.payload.as_str().is_some() => {
                if let Some(r) = o.payload.as_str() {
                    out.extend_from_slice(r.as_bytes());
                }
            }
            Ok(v) if crate::objects::int::is_int(&v) => match vm.to_index(&v) {
                Ok(i) if (0..0x110000).contains(&i) => push_code_point(&mut out, i as u32),
                _ => return Err(vm.value_error("character mapping must be in range(0x110000)")),
            },
            Ok(_) => {
                return Err(vm.type_error("character mapping must return integer, None or str"))
            }
            Err(e) if vm.exc_matches(&e, &vm.exc.lookup_error) => push_code_point(&mut out, cp),
            Err(e) => return Err(e),
        }
    }
    Ok(vm.new_pystr(PyStr::from_wtf8(out)))
}

fn str_sizeof(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_str(vm, &args)?;
    // CPython's compact layouts: ASCII 48 bytes + n + 1; otherwise 72 bytes + (n + 1)
    // units of the widest character's kind (1, 2 or 4 bytes).
    let n = s.char_len() as i64;
    let max = s.code_points().max().unwrap_or(0);
    Ok(Value::Int(match max {
        0..=0x7F => 49 + n,
        0x80..=0xFF => 72 + (n + 1),
        0x100..=0xFFFF => 72 + 2 * (n + 1),
        _ => 72 + 4 * (n + 1),
    }))
}

/// How a built-in method reports a wrong number of arguments: CPython's wording depends
/// on the argument parser each method uses (METH_NOARGS, METH_O, PyArg_ParseTuple,
/// Argument Clinic's positional check). Shared by the str, bytes, list, dict and set
/// methods through `arity_checked!`.
#[derive(Clone, Copy)]
pub(crate) enum Arity {
    None,
    One,
    Tuple(usize, usize),
    Clinic(usize, usize),
}

/// The name of the built-in type that defines the methods of `v`'s type (the first
/// non-heap class of its MRO), for "dict.keys() takes no arguments".
fn builtin_owner_name(v: &Value) -> String {
    if let Value::Obj(o) = v {
        for c in tdata(o.class()).mro.borrow().iter() {
            if !tdata(c).is_heap() {
                return tdata(c).name();
            }
        }
    }
    "object".into()
}

pub(crate) fn check_arity(vm: &Vm, args: &Args, name: &str, arity: Arity) -> PyResult<()> {
    // PyArg_ParseTuple counts keyword arguments too; the other parsers positionals only.
    let n = match arity {
        Arity::Tuple(..) => args.args.len(),
        _ => args.pos().len(),
    }
    .saturating_sub(1);
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    let msg = match arity {
        Arity::None if n > 0 => format!(
            "{}.{name}() takes no arguments ({n} given)",
            builtin_owner_name(args.args.first().unwrap_or(&Value::None))
        ),
        Arity::One if n != 1 => format!(
            "{}.{name}() takes exactly one argument ({n} given)",
            builtin_owner_name(args.args.first().unwrap_or(&Value::None))
        ),
        Arity::Tuple(min, _) if n < min => {
            format!(
                "{name}() takes at least {min} argument{} ({n} given)",
                plural(min)
            )
        }
        Arity::Tuple(_, max) if n > max => {
            format!(
                "{name}() takes at most {max} argument{} ({n} given)",
                plural(max)
            )
        }
        Arity::Clinic(min, _) if n < min => {
            format!(
                "{name} expected at least {min} argument{}, got {n}",
                plural(min)
            )
        }
        Arity::Clinic(_, max) if n > max => {
            format!(
                "{name} expected at most {max} argument{}, got {n}",
                plural(max)
            )
        }
        _ => return Ok(()),
    };
    Err(vm.type_error(msg))
}

/// Wrappers that check a method's argument count (`Arity`) before running it:
/// `arity_checked! { name = inner_fn, Arity::One; ... }` defines `fn name`.
macro_rules! arity_checked {
    ($($name:ident = $inner:ident, $arity:expr;)*) => {
        $(pub(super) fn $name(vm: &Vm, args: Args) -> PyResult<Value> {
            $crate::objects::str::check_arity(vm, &args, stringify!($name), $arity)?;
            $inner(vm, args)
        })*
    };
}
pub(crate) use arity_checked;

/// The str methods as registered: each checks its argument count, then runs.
mod checked {
    use super::*;
    arity_checked! {
        capitalize = str_capitalize, Arity::None;
        casefold = str_casefold, Arity::None;
        center = str_center, Arity::Clinic(1, 2);
        count = str_count, Arity::Tuple(1, 3);
        encode = str_encode, Arity::Tuple(0, 2);
        endswith = str_endswith, Arity::Tuple(1, 3);
        expandtabs = str_expandtabs, Arity::Tuple(0, 1);
        find = str_find, Arity::Tuple(1, 3);
        format_map = str_format_map, Arity::One;
        index = str_index, Arity::Tuple(1, 3);
        isalnum = str_isalnum, Arity::None;
        isalpha = str_isalpha, Arity::None;
        isascii = str_isascii, Arity::None;
        isdecimal = str_isdecimal, Arity::None;
        isdigit = str_isdigit, Arity::None;
        isidentifier = str_isidentifier, Arity::None;
        islower = str_islower, Arity::None;
        isnumeric = str_isnumeric, Arity::None;
        isprintable = str_isprintable, Arity::None;
        isspace = str_isspace, Arity::None;
        istitle = str_istitle, Arity::None;
        isupper = str_isupper, Arity::None;
        join = str_join, Arity::One;
        ljust = str_ljust, Arity::Clinic(1, 2);
        lower = str_lower, Arity::None;
        lstrip = str_lstrip, Arity::Clinic(0, 1);
        partition = str_partition, Arity::One;
        removeprefix = str_removeprefix, Arity::One;
        removesuffix = str_removesuffix, Arity::One;
        replace = str_replace, Arity::Clinic(2, 3);
        rfind = str_rfind, Arity::Tuple(1, 3);
        rindex = str_rindex, Arity::Tuple(1, 3);
        rjust = str_rjust, Arity::Clinic(1, 2);
        rpartition = str_rpartition, Arity::One;
        rsplit = str_rsplit, Arity::Tuple(0, 2);
        rstrip = str_rstrip, Arity::Clinic(0, 1);
        split = str_split, Arity::Tuple(0, 2);
        splitlines = str_splitlines, Arity::Tuple(0, 1);
        startswith = str_startswith, Arity::Tuple(1, 3);
        strip = str_strip, Arity::Clinic(0, 1);
        swapcase = str_swapcase, Arity::None;
        title = str_title, Arity::None;
        translate = str_translate, Arity::One;
        upper = str_upper, Arity::None;
        zfill = str_zfill, Arity::One;
    }
}

pub fn init(vm: &Vm) {
    let t = &vm.types.str_;
    vm.add_static(t, "__new__", str_new);
    vm.add_method(t, "__repr__", str_repr);
    vm.add_method(t, "__str__", str_str);
    vm.add_method(t, "join", checked::join);
    vm.add_method(t, "split", checked::split);
    vm.add_method(t, "rsplit", checked::rsplit);
    vm.add_method(t, "strip", checked::strip);
    vm.add_method(t, "lstrip", checked::lstrip);
    vm.add_method(t, "rstrip", checked::rstrip);
    vm.add_method(t, "replace", checked::replace);
    vm.add_method(t, "startswith", checked::startswith);
    vm.add_method(t, "endswith", checked::endswith);
    vm.add_method(t, "find", checked::find);
    vm.add_method(t, "rfind", checked::rfind);
    vm.add_method(t, "index", checked::index);
    vm.add_method(t, "rindex", checked::rindex);
    vm.add_method(t, "count", checked::count);
    vm.add_method(t, "upper", checked::upper);
    vm.add_method(t, "lower", checked::lower);
    vm.add_method(t, "casefold", checked::casefold);
    vm.add_method(t, "title", checked::title);
    vm.add_method(t, "capitalize", checked::capitalize);
    vm.add_method(t, "swapcase", checked::swapcase);
    vm.add_method(t, "isdigit", checked::isdigit);
    vm.add_method(t, "isdecimal", checked::isdecimal);
    vm.add_method(t, "isnumeric", checked::isnumeric);
    vm.add_method(t, "isalpha", checked::isalpha);
    vm.add_method(t, "isalnum", checked::isalnum);
    vm.add_method(t, "isspace", checked::isspace);
    vm.add_method(t, "isascii", checked::isascii);
    vm.add_method(t, "isupper", checked::isupper);
    vm.add_method(t, "islower", checked::islower);
    vm.add_method(t, "isidentifier", checked::isidentifier);
    vm.add_method(t, "istitle", checked::istitle);
    vm.add_method(t, "isprintable", checked::isprintable);
    vm.add_method(t, "center", checked::center);
    vm.add_method(t, "ljust", checked::ljust);
    vm.add_method(t, "rjust", checked::rjust);
    vm.add_method(t, "zfill", checked::zfill);
    vm.add_method(t, "partition", checked::partition);
    vm.add_method(t, "rpartition", checked::rpartition);
    vm.add_method(t, "splitlines", checked::splitlines);
    vm.add_method(t, "expandtabs", checked::expandtabs);
    vm.add_method(t, "removeprefix", checked::removeprefix);
    vm.add_method(t, "removesuffix", checked::removesuffix);
    vm.add_method(t, "encode", checked::encode);
    vm.add_method(t, "format", str_format);
    vm.add_method(t, "format_map", checked::format_map);
    vm.add_method(t, "__format__", str_dunder_format);
    vm.add_method(t, "__getnewargs__", str_getnewargs);
    vm.add_method(t, "translate", checked::translate);
    vm.add_method(t, "__sizeof__", str_sizeof);
    vm.add_static(t, "maketrans", str_maketrans);
}

/// The value of a Unicode decimal digit (general category Nd), as `int()` sees it.
pub fn decimal_value(c: char) -> Option<u32> {
    unicode::decimal_value(c as u32)
}

#[cfg(test)]
mod layout_tests {
    use super::*;

    /// Inline bytes must not make str the payload variant that sets every object's size.
    #[test]
    fn pystr_no_larger_than_dict_payload() {
        let s = std::mem::size_of::<PyStr>();
        let d = std::mem::size_of::<std::cell::RefCell<crate::objects::dict::DictTable>>();
        assert!(s <= d, "PyStr is {s} bytes, the dict payload {d}");
    }

    /// The one-pass SipHash-1-3 gives what the streaming `siphasher` crate gives, for
    /// every tail length and several keys.
    #[test]
    fn siphash13_matches_the_reference() {
        use std::hash::Hasher;
        let data: Vec<u8> = (0..200u32).map(|i| (i * 37 + 11) as u8).collect();
        for (k0, k1) in [
            (0, 0),
            (1, 2),
            (0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210),
        ] {
            for n in 0..data.len() {
                let mut h = siphasher::sip::SipHasher13::new_with_keys(k0, k1);
                h.write(&data[..n]);
                assert_eq!(siphash13(k0, k1, &data[..n]), h.finish(), "length {n}");
            }
        }
    }

    #[test]
    fn short_and_long_strs_keep_their_bytes() {
        for n in [0, 1, 29, 30, 31, 100] {
            let text = "x".repeat(n);
            let s = PyStr::from_string(text.clone());
            assert_eq!(s.as_bytes(), text.as_bytes());
            let t = PyStr::concat(&s, &PyStr::from_ascii(b"ab"));
            assert_eq!(t.as_bytes(), format!("{text}ab").as_bytes());
            assert_eq!(t.char_len(), n + 2);
        }
    }
}
