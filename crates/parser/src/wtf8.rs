//! Python string values that may hold lone surrogates: "generalized UTF-8" buffers.
//!
//! Each code point, surrogates included, is encoded as UTF-8 would encode it; surrogate
//! pairs are NOT joined (Python's '\ud83d\ude00' is two code points). Valid UTF-8 is the
//! common case and can be borrowed as `&str`.

/// An owned generalized-UTF-8 string.
#[derive(Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Wtf8Buf(Vec<u8>);

impl Wtf8Buf {
    /// An empty string.
    pub fn new() -> Self {
        Wtf8Buf(Vec::new())
    }

    /// Append a Unicode scalar value.
    pub fn push_char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.0.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }

    /// Append `s`.
    pub fn push_str(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    /// Append another generalized-UTF-8 string.
    pub fn push_wtf8(&mut self, other: &Wtf8Buf) {
        self.0.extend_from_slice(&other.0);
    }

    /// Append any code point up to 0x10FFFF, surrogates included.
    pub fn push_code_point(&mut self, cp: u32) {
        match char::from_u32(cp) {
            Some(c) => self.push_char(c),
            None => {
                // A surrogate (0xD800..=0xDFFF): three-byte form.
                self.0.push(0xE0 | (cp >> 12) as u8);
                self.0.push(0x80 | ((cp >> 6) & 0x3F) as u8);
                self.0.push(0x80 | (cp & 0x3F) as u8);
            }
        }
    }

    /// The text as `&str` when it holds no surrogates.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// The raw generalized-UTF-8 bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Iterate over the code points.
    pub fn code_points(&self) -> impl Iterator<Item = u32> + '_ {
        let bytes = &self.0;
        let mut i = 0;
        std::iter::from_fn(move || {
            let b0 = *bytes.get(i)? as u32;
            let (cp, len) = if b0 < 0x80 {
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
            };
            i += len;
            Some(cp)
        })
    }

    /// Length in code points.
    pub fn len(&self) -> usize {
        self.0.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<&str> for Wtf8Buf {
    fn from(s: &str) -> Self {
        Wtf8Buf(s.as_bytes().to_vec())
    }
}

impl From<String> for Wtf8Buf {
    fn from(s: String) -> Self {
        Wtf8Buf(s.into_bytes())
    }
}

impl std::fmt::Debug for Wtf8Buf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.as_str() {
            Some(s) => write!(f, "{s:?}"),
            None => write!(f, "Wtf8Buf({:?})", self.code_points().collect::<Vec<_>>()),
        }
    }
}
