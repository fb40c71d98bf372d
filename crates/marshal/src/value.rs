//! The values the marshal format carries, independent of the VM's object model.

use std::sync::Arc;

use num_bigint::BigInt;
use num_traits::ToPrimitive;
use pyrs_compiler::bytecode::CodeObject;
use pyrs_parser::ast::{Constant, IntValue};
use pyrs_parser::wtf8::Wtf8Buf;

/// A value that marshal can write and read.
///
/// Sharing: CPython writes an object with `FLAG_REF` when its reference count is above one,
/// and writes later occurrences of the same object as `TYPE_REF`. Here that is
/// [`MarshalValue::Shared`]: the writer gives the first occurrence of an `Arc` `FLAG_REF`
/// and writes later occurrences of the same `Arc` (by pointer) as references; the reader
/// returns every flagged object wrapped in `Shared`, and every reference to it as a clone
/// of that same `Arc`. To get CPython's bytes, the VM wraps in `Shared` exactly the objects
/// whose reference count is above one, one `Arc` per object.
///
/// Invariants: `Shared` never directly holds another `Shared`; `Int` holds `Small` whenever
/// the value fits an `i64`.
#[derive(Debug, Clone, PartialEq)]
pub enum MarshalValue {
    None,
    Bool(bool),
    /// The `StopIteration` class itself (`TYPE_STOPITER`).
    StopIteration,
    Ellipsis,
    Int(IntValue),
    Float(f64),
    Complex {
        real: f64,
        imag: f64,
    },
    /// A str that is not interned.
    Str(Wtf8Buf),
    /// An interned str (`TYPE_*_INTERNED`).
    InternedStr(Wtf8Buf),
    Bytes(Vec<u8>),
    Tuple(Vec<MarshalValue>),
    List(Vec<MarshalValue>),
    /// Items in stream order; duplicate keys are kept (the VM's dict insertion drops them).
    Dict(Vec<(MarshalValue, MarshalValue)>),
    /// Items in stream order; duplicates are kept (the VM's set insertion drops them).
    Set(Vec<MarshalValue>),
    FrozenSet(Vec<MarshalValue>),
    Code(Arc<CodeObject>),
    /// An object that may occur more than once (see the type's documentation).
    Shared(Arc<MarshalValue>),
}

impl MarshalValue {
    /// A non-interned str.
    pub fn str(s: &str) -> Self {
        MarshalValue::Str(Wtf8Buf::from(s))
    }

    /// An interned str.
    pub fn interned(s: &str) -> Self {
        MarshalValue::InternedStr(Wtf8Buf::from(s))
    }

    /// An int.
    pub fn int(value: i64) -> Self {
        MarshalValue::Int(IntValue::Small(value))
    }

    /// A big int, stored small when it fits an `i64`.
    pub fn bigint(value: BigInt) -> Self {
        MarshalValue::Int(normalize_int(value))
    }

    /// Wrap in `Shared` (a new identity), unless already shared.
    pub fn shared(self) -> Self {
        match self {
            MarshalValue::Shared(_) => self,
            other => MarshalValue::Shared(Arc::new(other)),
        }
    }

    /// The value itself, looking through `Shared`.
    pub fn resolve(&self) -> &MarshalValue {
        let mut value = self;
        while let MarshalValue::Shared(inner) = value {
            value = inner;
        }
        value
    }

    /// Structural equality that ignores sharing and compares floats by their bits (so
    /// NaNs compare equal to themselves).
    pub fn same_data(&self, other: &MarshalValue) -> bool {
        use MarshalValue as M;
        fn all(a: &[MarshalValue], b: &[MarshalValue]) -> bool {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_data(y))
        }
        match (self.resolve(), other.resolve()) {
            (M::Float(a), M::Float(b)) => a.to_bits() == b.to_bits(),
            (M::Complex { real: a, imag: b }, M::Complex { real: c, imag: d }) => {
                a.to_bits() == c.to_bits() && b.to_bits() == d.to_bits()
            }
            (M::Tuple(a), M::Tuple(b))
            | (M::List(a), M::List(b))
            | (M::Set(a), M::Set(b))
            | (M::FrozenSet(a), M::FrozenSet(b)) => all(a, b),
            (M::Dict(a), M::Dict(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((k1, v1), (k2, v2))| k1.same_data(k2) && v1.same_data(v2))
            }
            (a, b) => a == b,
        }
    }

    /// The value of a code object constant.
    pub fn from_constant(constant: &Constant) -> Self {
        match constant {
            Constant::None => MarshalValue::None,
            Constant::Bool(b) => MarshalValue::Bool(*b),
            Constant::Ellipsis => MarshalValue::Ellipsis,
            Constant::Int(i) => MarshalValue::Int(match i {
                IntValue::Small(v) => IntValue::Small(*v),
                IntValue::Big(b) => normalize_int((**b).clone()),
            }),
            Constant::Float(f) => MarshalValue::Float(*f),
            Constant::Complex { real, imag } => MarshalValue::Complex {
                real: *real,
                imag: *imag,
            },
            Constant::Str(s) => MarshalValue::Str(s.clone()),
            Constant::Bytes(b) => MarshalValue::Bytes(b.clone()),
            Constant::Tuple(items) => {
                MarshalValue::Tuple(items.iter().map(MarshalValue::from_constant).collect())
            }
            Constant::FrozenSet(items) => {
                MarshalValue::FrozenSet(items.iter().map(MarshalValue::from_constant).collect())
            }
        }
    }

    /// The constant this value stands for, if it can be a code object constant (lists,
    /// dicts, sets, code objects and `StopIteration` cannot).
    pub fn to_constant(&self) -> Option<Constant> {
        Some(match self.resolve() {
            MarshalValue::None => Constant::None,
            MarshalValue::Bool(b) => Constant::Bool(*b),
            MarshalValue::Ellipsis => Constant::Ellipsis,
            MarshalValue::Int(i) => Constant::Int(i.clone()),
            MarshalValue::Float(f) => Constant::Float(*f),
            MarshalValue::Complex { real, imag } => Constant::Complex {
                real: *real,
                imag: *imag,
            },
            MarshalValue::Str(s) | MarshalValue::InternedStr(s) => Constant::Str(s.clone()),
            MarshalValue::Bytes(b) => Constant::Bytes(b.clone()),
            MarshalValue::Tuple(items) => Constant::Tuple(
                items
                    .iter()
                    .map(MarshalValue::to_constant)
                    .collect::<Option<_>>()?,
            ),
            MarshalValue::FrozenSet(items) => Constant::FrozenSet(
                items
                    .iter()
                    .map(MarshalValue::to_constant)
                    .collect::<Option<_>>()?,
            ),
            _ => return None,
        })
    }
}

/// `Small` when the value fits an `i64`, else `Big`.
pub(crate) fn normalize_int(value: BigInt) -> IntValue {
    match value.to_i64() {
        Some(v) => IntValue::Small(v),
        None => IntValue::Big(Box::new(value)),
    }
}
