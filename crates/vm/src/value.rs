//! `Value`: a Python value in 16 bytes.
//!
//! `None`, `bool`, small `int` (i64) and `float` are immediates: arithmetic on them never
//! allocates. Everything else is a refcounted pointer to a heap object. Ints that leave
//! the i64 range become heap bigints transparently; results that fit again come back as
//! immediates, so an int has exactly one representation and `is`/`id` stay consistent.
//!
//! `Null` is never visible to Python code: it marks an unbound local slot and the NULL
//! that `PushNull`/`LoadMethod` put below a callable.

use crate::memory::ObjRef;

// `repr(u64)`: the tag fills the first word and every payload sits in the second, so a
// value is copied as two whole words. (With the default layout a `Bool` sits at byte 1,
// and each copy moves bytes 1..8 as two overlapping 4-byte pieces, which stalls store
// forwarding in the eval loop.) Size and niche (`Option<Value>`) are unchanged.
#[derive(Debug, Default)]
#[repr(u64)]
pub enum Value {
    #[default]
    Null,
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Obj(ObjRef),
}

// Written by hand: the derived clone matches every variant (a jump table on the tag in
// the eval loop's hottest paths); only `Obj` needs more than a copy of its two words.
impl Clone for Value {
    #[inline(always)]
    fn clone(&self) -> Value {
        match self {
            Value::Obj(o) => Value::Obj(o.clone()),
            // SAFETY: every other variant holds plain data (no destructor, no count to
            // take), so a bitwise copy of the value is a valid clone of it.
            _ => unsafe { std::ptr::read(self) },
        }
    }
}

impl Value {
    #[inline]
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    #[inline]
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// The heap object, when the value is one.
    #[inline]
    pub fn as_obj(&self) -> Option<&ObjRef> {
        match self {
            Value::Obj(o) => Some(o),
            _ => None,
        }
    }

    /// Python's `is`: the same object, or immediates of the same kind and value (floats
    /// by bit pattern, so `nan is nan` holds for one value as in CPython).
    #[inline]
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Obj(a), Value::Obj(b)) => a.is(b),
            (Value::None, Value::None) | (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            _ => false,
        }
    }

    /// `id(value)`: the address for heap objects; for immediates a number derived from
    /// the value that no heap address can equal (addresses are 8-aligned, these are not).
    pub fn id(&self) -> i64 {
        match self {
            Value::Obj(o) => o.id() as i64,
            Value::Null => 1,
            Value::None => 3,
            Value::Bool(false) => 5,
            Value::Bool(true) => 7,
            Value::Int(i) => (*i).wrapping_mul(4).wrapping_add(9),
            Value::Float(f) => (f.to_bits() as i64).wrapping_mul(4).wrapping_add(10) | 2,
        }
    }
}

impl From<ObjRef> for Value {
    #[inline]
    fn from(o: ObjRef) -> Value {
        Value::Obj(o)
    }
}

impl From<bool> for Value {
    #[inline]
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    #[inline]
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    #[inline]
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_is_16_bytes() {
        assert_eq!(std::mem::size_of::<Value>(), 16);
        assert_eq!(std::mem::size_of::<Option<Value>>(), 16);
        assert_eq!(std::mem::size_of::<Option<ObjRef>>(), 8);
    }
}
