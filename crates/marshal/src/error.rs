//! Errors of the marshal reader and writer, with CPython's exception types and messages.

use std::borrow::Cow;
use std::fmt;

/// A marshal error: which Python exception CPython raises, and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarshalError {
    /// `EOFError`: the data ends early.
    Eof(&'static str),
    /// `ValueError`: bad data, or (writing) a value marshal cannot write.
    Value(Cow<'static, str>),
    /// `TypeError`: a NULL object where a value is needed, or an unhashable key.
    Type(Cow<'static, str>),
    /// `UnicodeDecodeError('utf-8', object, start, end, reason)` for a `TYPE_UNICODE`
    /// payload that is not UTF-8 (lone surrogates are accepted, as `surrogatepass` does).
    UnicodeDecode {
        object: Vec<u8>,
        start: usize,
        end: usize,
        reason: &'static str,
    },
}

impl MarshalError {
    /// The name of the Python exception type.
    pub fn exception_name(&self) -> &'static str {
        match self {
            MarshalError::Eof(_) => "EOFError",
            MarshalError::Value(_) => "ValueError",
            MarshalError::Type(_) => "TypeError",
            MarshalError::UnicodeDecode { .. } => "UnicodeDecodeError",
        }
    }

    pub(crate) fn bad(what: &'static str) -> Self {
        MarshalError::Value(Cow::Borrowed(what))
    }
}

impl fmt::Display for MarshalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MarshalError::Eof(msg) => f.write_str(msg),
            MarshalError::Value(msg) | MarshalError::Type(msg) => f.write_str(msg),
            MarshalError::UnicodeDecode {
                object,
                start,
                end,
                reason,
            } => {
                if *end == start + 1 {
                    let byte = object.get(*start).copied().unwrap_or(0);
                    write!(
                        f,
                        "'utf-8' codec can't decode byte 0x{byte:02x} in position {start}: {reason}"
                    )
                } else {
                    write!(
                        f,
                        "'utf-8' codec can't decode bytes in position {start}-{}: {reason}",
                        end.saturating_sub(1)
                    )
                }
            }
        }
    }
}

impl std::error::Error for MarshalError {}

pub(crate) const EOF_OBJECT: &str = "EOF read where object expected";
pub(crate) const EOF_NOT_EXPECTED: &str = "EOF read where not expected";
pub(crate) const TOO_SHORT: &str = "marshal data too short";
