//! The marshal reader: CPython 3.11's `r_object`, with its errors, for any input bytes.
//!
//! No input can make it panic, overflow the stack (nesting stops at 2000 levels, as in
//! CPython) or allocate much more than the input's size (declared sizes only reserve what
//! the remaining bytes could hold).

use std::borrow::Cow;
use std::sync::Arc;

use num_bigint::{BigInt, Sign};
use pyrs_compiler::bytecode::{CodeConstant, CodeObject};
use pyrs_parser::ast::IntValue;

use crate::code;
use crate::error::{MarshalError, EOF_NOT_EXPECTED, EOF_OBJECT, TOO_SHORT};
use crate::text::{decode_latin1, decode_utf8_surrogatepass, parse_float_text};
use crate::types::*;
use crate::value::{normalize_int, MarshalValue};
use crate::write::MAX_DEPTH;

/// Read one value as `marshal.loads(data)` does (bytes after it are ignored).
pub fn loads(data: &[u8]) -> Result<MarshalValue, MarshalError> {
    loads_prefix(data).map(|(value, _)| value)
}

/// Read one value and return it with the number of bytes it took (what `marshal.load`
/// consumes from a file).
pub fn loads_prefix(data: &[u8]) -> Result<(MarshalValue, usize), MarshalError> {
    let mut reader = Reader::new(data);
    match reader.r_object()? {
        Some(value) => Ok((value, reader.pos)),
        None => Err(null_object("object")),
    }
}

fn null_object(what: &'static str) -> MarshalError {
    MarshalError::Type(Cow::Owned(format!(
        "NULL object in marshal data for {what}"
    )))
}

/// A slot of the reference table: reserved while its object is being read, then the
/// object with the name of the unhashable type inside it, if any (so that a shared tuple
/// is checked once).
enum RefSlot {
    Reserved,
    Done(Arc<MarshalValue>, Option<&'static str>),
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    refs: Vec<RefSlot>,
}

/// What reading one object header gave: a finished object (or NULL), or a container
/// whose items follow.
enum Started {
    Done(Option<Item>),
    Open(Pending),
}

/// A finished object, with the name of the unhashable type inside it if any (a list,
/// dict or set, or a tuple holding one), for the checks of dict keys and set items.
type Item = (MarshalValue, Option<&'static str>);

#[derive(Clone, Copy, PartialEq, Eq)]
enum SeqKind {
    Tuple,
    List,
    Set,
    FrozenSet,
}

/// A container being read: the items so far and how many are left.
enum Pending {
    Seq {
        kind: SeqKind,
        items: Vec<MarshalValue>,
        left: usize,
        unhashable: Option<&'static str>,
        index: Option<usize>,
    },
    Dict {
        items: Vec<(MarshalValue, MarshalValue)>,
        key: Option<Item>,
        index: Option<usize>,
    },
    Code {
        header: CodeHeader,
        fields: Vec<MarshalValue>,
        /// Where the unflagged bytes fields lie in the data (see [`raw_slot`]): read in
        /// place, not copied into `fields` (which holds `None` for them).
        raw: [Option<(usize, usize)>; 4],
        index: Option<usize>,
    },
}

/// The bytes fields of a code record (instructions, locations, exception table, cell
/// slots), by field number, as indexes into `Pending::Code::raw`.
fn raw_slot(field: usize) -> Option<usize> {
    match field {
        3 => Some(0),
        4 => Some(1),
        5 => Some(2),
        11 => Some(3),
        _ => None,
    }
}

/// The integer fields of a code record, read before its object fields.
struct CodeHeader {
    ints: [u32; 6],
}

/// The number of object fields of a code record.
const CODE_FIELDS: usize = 12;

impl<'a> Reader<'a> {
    fn new(data: &'a [u8]) -> Self {
        Reader {
            data,
            pos: 0,
            refs: Vec::new(),
        }
    }

    fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    fn r_byte(&mut self) -> Result<u8, MarshalError> {
        match self.data.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => Err(MarshalError::Eof(EOF_NOT_EXPECTED)),
        }
    }

    fn r_string(&mut self, n: usize) -> Result<&'a [u8], MarshalError> {
        if self.remaining() < n {
            return Err(MarshalError::Eof(TOO_SHORT));
        }
        let start = self.pos;
        self.pos += n;
        Ok(&self.data[start..start + n])
    }

    fn r_long(&mut self) -> Result<i32, MarshalError> {
        let b = self.r_string(4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn r_short(&mut self) -> Result<i16, MarshalError> {
        let b = self.r_string(2)?;
        Ok(i16::from_le_bytes([b[0], b[1]]))
    }

    fn r_f64(&mut self) -> Result<f64, MarshalError> {
        let b = self.r_string(8)?;
        let mut buf = [0u8; 8];
        buf.copy_from_slice(b);
        Ok(f64::from_le_bytes(buf))
    }

    fn r_float_str(&mut self) -> Result<f64, MarshalError> {
        let n = self.r_byte()? as usize;
        let text = self.r_string(n)?;
        parse_float_text(text)
    }

    /// A size read as a long: negative is `bad marshal data (<what> size out of range)`.
    fn r_size(&mut self, what: &'static str) -> Result<usize, MarshalError> {
        let n = self.r_long()?;
        usize::try_from(n).map_err(|_| MarshalError::bad(what))
    }

    /// Reserve a reference index for an object whose contents follow.
    fn reserve(&mut self, flag: bool) -> Result<Option<usize>, MarshalError> {
        if !flag {
            return Ok(None);
        }
        if self.refs.len() >= 0x7FFF_FFFE {
            return Err(MarshalError::bad("bad marshal data (index list too large)"));
        }
        self.refs.push(RefSlot::Reserved);
        Ok(Some(self.refs.len() - 1))
    }

    /// Fill a reserved index: the value becomes `Shared`.
    fn finish(
        &mut self,
        value: MarshalValue,
        unhashable: Option<&'static str>,
        index: Option<usize>,
    ) -> Item {
        match index {
            Some(i) => {
                let arc = Arc::new(value);
                if let Some(slot) = self.refs.get_mut(i) {
                    *slot = RefSlot::Done(arc.clone(), unhashable);
                }
                (MarshalValue::Shared(arc), unhashable)
            }
            None => (value, unhashable),
        }
    }

    /// A scalar: registered after it is made when flagged.
    fn leaf(&mut self, value: MarshalValue, flag: bool) -> Result<Started, MarshalError> {
        let index = self.reserve(flag)?;
        Ok(Started::Done(Some(self.finish(value, None, index))))
    }

    /// `r_object`, without recursion: containers wait on an explicit stack for their
    /// items, so nesting costs heap, not native stack. `depth` is CPython's: the number
    /// of objects being read, the current one included.
    fn r_object(&mut self) -> Result<Option<MarshalValue>, MarshalError> {
        let mut stack: Vec<Pending> = Vec::new();
        loop {
            let code = match self.r_byte() {
                Ok(code) => code,
                Err(_) => return Err(MarshalError::Eof(EOF_OBJECT)),
            };
            if stack.len() + 1 > MAX_DEPTH as usize {
                return Err(MarshalError::bad("recursion limit exceeded"));
            }
            if self.raw_code_bytes(code, &mut stack)? {
                // A bytes field of the code record on top, read in place.
                if let Some(Pending::Code { fields, .. }) = stack.last_mut() {
                    fields.push(MarshalValue::None);
                    if fields.len() < CODE_FIELDS {
                        continue;
                    }
                }
                let Some(pending) = stack.pop() else {
                    continue;
                };
                let produced = Some(self.complete(pending)?);
                if let Some(done) = self.hand_off(produced, &mut stack)? {
                    return Ok(done);
                }
                continue;
            }
            let produced = match self.start(code & !FLAG_REF, code & FLAG_REF != 0)? {
                Started::Done(item) => item,
                // A container with no items is finished at once (a dict always reads on).
                Started::Open(pending @ Pending::Seq { left: 0, .. }) => {
                    Some(self.complete(pending)?)
                }
                Started::Open(pending) => {
                    stack.push(pending);
                    continue;
                }
            };
            if let Some(done) = self.hand_off(produced, &mut stack)? {
                return Ok(done);
            }
        }
    }

    /// A bytes field of the code record on top of `stack`, unflagged (`code` is the type
    /// code just read): note where it lies and skip it. False (nothing read) otherwise.
    fn raw_code_bytes(&mut self, code: u8, stack: &mut [Pending]) -> Result<bool, MarshalError> {
        if code != TYPE_STRING {
            return Ok(false);
        }
        let Some(Pending::Code { fields, raw, .. }) = stack.last_mut() else {
            return Ok(false);
        };
        let Some(slot) = raw_slot(fields.len()) else {
            return Ok(false);
        };
        let n = self.r_size("bad marshal data (bytes object size out of range)")?;
        let start = self.pos;
        self.r_string(n)?;
        raw[slot] = Some((start, n));
        Ok(true)
    }

    /// Hand a finished object (or NULL) to the containers waiting for it, finishing
    /// each that it completes. `Some(result)` when the outermost object is done.
    #[allow(clippy::type_complexity)]
    fn hand_off(
        &mut self,
        mut produced: Option<Item>,
        stack: &mut Vec<Pending>,
    ) -> Result<Option<Option<MarshalValue>>, MarshalError> {
        loop {
            let Some(top) = stack.last_mut() else {
                return Ok(Some(produced.map(|(value, _)| value)));
            };
            let done = match top {
                Pending::Seq {
                    kind,
                    items,
                    left,
                    unhashable,
                    ..
                } => {
                    let Some((item, item_unhashable)) = produced.take() else {
                        return Err(null_object(match kind {
                            SeqKind::Tuple => "tuple",
                            SeqKind::List => "list",
                            SeqKind::Set | SeqKind::FrozenSet => "set",
                        }));
                    };
                    if matches!(kind, SeqKind::Set | SeqKind::FrozenSet) {
                        check_hashable(item_unhashable)?;
                    }
                    if unhashable.is_none() {
                        *unhashable = item_unhashable;
                    }
                    items.push(item);
                    *left -= 1;
                    *left == 0
                }
                Pending::Dict { items, key, .. } => match (key.take(), produced.take()) {
                    // A NULL key ends the dict; so does a NULL value (CPython drops
                    // the key).
                    (_, None) => true,
                    (None, Some(k)) => {
                        *key = Some(k);
                        false
                    }
                    (Some((k, k_unhashable)), Some((v, _))) => {
                        check_hashable(k_unhashable)?;
                        items.push((k, v));
                        false
                    }
                },
                Pending::Code { fields, .. } => {
                    let Some((field, _)) = produced.take() else {
                        return Err(bad_code("NULL field"));
                    };
                    fields.push(field);
                    fields.len() == CODE_FIELDS
                }
            };
            if !done {
                break;
            }
            let Some(pending) = stack.pop() else { break };
            produced = Some(self.complete(pending)?);
        }
        Ok(None)
    }

    fn complete(&mut self, pending: Pending) -> Result<Item, MarshalError> {
        Ok(match pending {
            Pending::Seq {
                kind,
                items,
                unhashable,
                index,
                ..
            } => match kind {
                SeqKind::Tuple => self.finish(MarshalValue::Tuple(items), unhashable, index),
                SeqKind::List => self.finish(MarshalValue::List(items), Some("list"), index),
                SeqKind::Set => self.finish(MarshalValue::Set(items), Some("set"), index),
                SeqKind::FrozenSet => self.finish(MarshalValue::FrozenSet(items), None, index),
            },
            Pending::Dict { items, index, .. } => {
                self.finish(MarshalValue::Dict(items), Some("dict"), index)
            }
            Pending::Code {
                header,
                fields,
                raw,
                index,
            } => {
                let code = build_code(header, fields, raw, self.data)?;
                self.finish(MarshalValue::Code(Arc::new(code)), None, index)
            }
        })
    }

    fn open_seq(&mut self, kind: SeqKind, n: usize, flag: bool) -> Result<Started, MarshalError> {
        let index = self.reserve(flag)?;
        Ok(Started::Open(Pending::Seq {
            kind,
            // Every item takes at least one byte: reserve no more than the data can hold.
            items: Vec::with_capacity(n.min(self.remaining())),
            left: n,
            unhashable: None,
            index,
        }))
    }

    /// Read what follows a type code: a whole scalar, or a container's header.
    fn start(&mut self, type_code: u8, flag: bool) -> Result<Started, MarshalError> {
        let value = match type_code {
            TYPE_NULL => return Ok(Started::Done(None)),
            TYPE_NONE => MarshalValue::None,
            TYPE_STOPITER => MarshalValue::StopIteration,
            TYPE_ELLIPSIS => MarshalValue::Ellipsis,
            TYPE_FALSE => MarshalValue::Bool(false),
            TYPE_TRUE => MarshalValue::Bool(true),
            TYPE_INT => {
                let n = self.r_long()?;
                return self.leaf(MarshalValue::int(n as i64), flag);
            }
            TYPE_INT64 => {
                let b = self.r_string(8)?;
                let mut buf = [0u8; 8];
                buf.copy_from_slice(b);
                return self.leaf(MarshalValue::int(i64::from_le_bytes(buf)), flag);
            }
            TYPE_LONG => {
                let value = self.r_long_digits()?;
                return self.leaf(MarshalValue::Int(value), flag);
            }
            TYPE_FLOAT => {
                let v = self.r_float_str()?;
                return self.leaf(MarshalValue::Float(v), flag);
            }
            TYPE_BINARY_FLOAT => {
                let v = self.r_f64()?;
                return self.leaf(MarshalValue::Float(v), flag);
            }
            TYPE_COMPLEX => {
                let real = self.r_float_str()?;
                let imag = self.r_float_str()?;
                return self.leaf(MarshalValue::Complex { real, imag }, flag);
            }
            TYPE_BINARY_COMPLEX => {
                let real = self.r_f64()?;
                let imag = self.r_f64()?;
                return self.leaf(MarshalValue::Complex { real, imag }, flag);
            }
            TYPE_STRING => {
                let n = self.r_size("bad marshal data (bytes object size out of range)")?;
                let bytes = self.r_string(n)?.to_vec();
                return self.leaf(MarshalValue::Bytes(bytes), flag);
            }
            TYPE_ASCII | TYPE_ASCII_INTERNED => {
                let n = self.r_size("bad marshal data (string size out of range)")?;
                return self.r_ascii(n, type_code == TYPE_ASCII_INTERNED, flag);
            }
            TYPE_SHORT_ASCII | TYPE_SHORT_ASCII_INTERNED => {
                let n = self.r_byte()? as usize;
                return self.r_ascii(n, type_code == TYPE_SHORT_ASCII_INTERNED, flag);
            }
            TYPE_UNICODE | TYPE_INTERNED => {
                let n = self.r_size("bad marshal data (string size out of range)")?;
                let bytes = self.r_string(n)?;
                let text = decode_utf8_surrogatepass(bytes)?;
                let value = if type_code == TYPE_INTERNED {
                    MarshalValue::InternedStr(text)
                } else {
                    MarshalValue::Str(text)
                };
                return self.leaf(value, flag);
            }
            TYPE_SMALL_TUPLE => {
                let n = self.r_byte()? as usize;
                return self.open_seq(SeqKind::Tuple, n, flag);
            }
            TYPE_TUPLE => {
                let n = self.r_size("bad marshal data (tuple size out of range)")?;
                return self.open_seq(SeqKind::Tuple, n, flag);
            }
            TYPE_LIST => {
                let n = self.r_size("bad marshal data (list size out of range)")?;
                return self.open_seq(SeqKind::List, n, flag);
            }
            TYPE_DICT => {
                let index = self.reserve(flag)?;
                return Ok(Started::Open(Pending::Dict {
                    items: Vec::new(),
                    key: None,
                    index,
                }));
            }
            TYPE_SET | TYPE_FROZENSET => {
                let n = self.r_size("bad marshal data (set size out of range)")?;
                let kind = if type_code == TYPE_SET {
                    SeqKind::Set
                } else {
                    SeqKind::FrozenSet
                };
                return self.open_seq(kind, n, flag);
            }
            TYPE_PYRS_CODE => {
                let index = self.reserve(flag)?;
                let tag = self.r_long()? as u32;
                if tag != code::layout_tag() {
                    return Err(MarshalError::bad(
                        "bad marshal data (code object of another pyrs version)",
                    ));
                }
                let mut ints = [0u32; 6];
                for slot in &mut ints {
                    *slot = self.r_long()? as u32;
                }
                return Ok(Started::Open(Pending::Code {
                    header: CodeHeader { ints },
                    fields: Vec::with_capacity(CODE_FIELDS),
                    raw: [None; 4],
                    index,
                }));
            }
            TYPE_REF => {
                let n = self.r_long()?;
                let slot = usize::try_from(n).ok().and_then(|i| self.refs.get(i));
                return match slot {
                    Some(RefSlot::Done(arc, unhashable)) => {
                        let unhashable = *unhashable;
                        Ok(Started::Done(Some((
                            MarshalValue::Shared(arc.clone()),
                            unhashable,
                        ))))
                    }
                    // CPython also accepts references to a tuple, list, dict or set still
                    // being read (recursive data); pyrs values are trees, so those are
                    // refused like a reference to an unfinished frozenset or code object.
                    _ => Err(MarshalError::bad("bad marshal data (invalid reference)")),
                };
            }
            _ => return Err(MarshalError::bad("bad marshal data (unknown type code)")),
        };
        // Singletons: never registered, whatever the flag says.
        Ok(Started::Done(Some((value, None))))
    }

    fn r_ascii(&mut self, n: usize, interned: bool, flag: bool) -> Result<Started, MarshalError> {
        let bytes = self.r_string(n)?;
        let text = decode_latin1(bytes);
        let value = if interned {
            MarshalValue::InternedStr(text)
        } else {
            MarshalValue::Str(text)
        };
        self.leaf(value, flag)
    }

    /// `TYPE_LONG`: CPython's checks, in its order.
    fn r_long_digits(&mut self) -> Result<IntValue, MarshalError> {
        let n = self.r_long()?;
        if n == 0 {
            return Ok(IntValue::Small(0));
        }
        if n == i32::MIN {
            return Err(MarshalError::bad(
                "bad marshal data (long size out of range)",
            ));
        }
        let count = n.unsigned_abs() as usize;
        let mut digits: Vec<u32> = Vec::with_capacity(count.min(self.remaining() / 2 + 1));
        for j in 0..count {
            let d = self.r_short()?;
            if d < 0 {
                return Err(MarshalError::bad(
                    "bad marshal data (digit out of range in long)",
                ));
            }
            if d == 0 && j == count - 1 {
                return Err(MarshalError::bad(
                    "bad marshal data (unnormalized long data)",
                ));
            }
            digits.push(d as u32);
        }
        if count <= 4 {
            let mut value: i64 = 0;
            for &d in digits.iter().rev() {
                value = (value << 15) | d as i64;
            }
            return Ok(IntValue::Small(if n < 0 { -value } else { value }));
        }
        let magnitude = BigInt::from_bytes_le(Sign::Plus, &pack_15bit(&digits));
        let value = if n < 0 { -magnitude } else { magnitude };
        Ok(normalize_int(value))
    }
}

/// A `TYPE_LONG` body at the start of `data` (for the fast reader): the value and the
/// bytes it took, or `None` when it is bad.
pub(crate) fn long_digits_at(data: &[u8]) -> Option<(IntValue, usize)> {
    let mut reader = Reader::new(data);
    let value = reader.r_long_digits().ok()?;
    Some((value, reader.pos))
}

fn check_hashable(unhashable: Option<&'static str>) -> Result<(), MarshalError> {
    match unhashable {
        Some(name) => Err(MarshalError::Type(Cow::Owned(format!(
            "unhashable type: '{name}'"
        )))),
        None => Ok(()),
    }
}

fn take_field(fields: &mut std::vec::IntoIter<MarshalValue>) -> Result<MarshalValue, MarshalError> {
    match fields.next() {
        Some(MarshalValue::Shared(arc)) => {
            Ok(Arc::try_unwrap(arc).unwrap_or_else(|a| (*a).clone()))
        }
        Some(other) => Ok(other),
        None => Err(bad_code("missing field")),
    }
}

/// A bytes field: in place in `data` when it was read there (`raw`), else its value.
fn bytes_field<'d>(
    fields: &mut std::vec::IntoIter<MarshalValue>,
    raw: Option<(usize, usize)>,
    data: &'d [u8],
) -> Result<std::borrow::Cow<'d, [u8]>, MarshalError> {
    let field = take_field(fields)?;
    match (raw, field) {
        (Some((start, len)), MarshalValue::None) => data
            .get(start..start + len)
            .map(std::borrow::Cow::Borrowed)
            .ok_or_else(|| bad_code("bytes field")),
        (_, MarshalValue::Bytes(bytes)) => Ok(std::borrow::Cow::Owned(bytes)),
        _ => Err(bad_code("bytes field")),
    }
}

/// The next field, looked at through `Shared` without copying it (strings and tuples of
/// code records are often shared between code objects).
fn next_field(fields: &mut std::vec::IntoIter<MarshalValue>) -> Result<MarshalValue, MarshalError> {
    fields.next().ok_or_else(|| bad_code("missing field"))
}

fn string_field(fields: &mut std::vec::IntoIter<MarshalValue>) -> Result<String, MarshalError> {
    string_of(&next_field(fields)?).ok_or_else(|| bad_code("str field"))
}

fn strings_field(
    fields: &mut std::vec::IntoIter<MarshalValue>,
) -> Result<Vec<pyrs_compiler::bytecode::Name>, MarshalError> {
    match next_field(fields)?.resolve() {
        MarshalValue::Tuple(items) => items
            .iter()
            .map(|item| string_of(item).map(Into::into))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| bad_code("names")),
        _ => Err(bad_code("names")),
    }
}

/// Make a code object of the fields of a `TYPE_PYRS_CODE` record, and check it.
fn build_code(
    header: CodeHeader,
    fields: Vec<MarshalValue>,
    raw: [Option<(usize, usize)>; 4],
    data: &[u8],
) -> Result<CodeObject, MarshalError> {
    let [argcount, posonlyargcount, kwonlyargcount, flags, stacksize, firstlineno] = header.ints;
    let mut fields = fields.into_iter();
    let name = string_field(&mut fields)?;
    let qualname = string_field(&mut fields)?;
    let filename = string_field(&mut fields)?.into();
    let instructions =
        code::decode_instructions(&bytes_field(&mut fields, raw[0], data)?).map_err(bad_code)?;
    let locations = pyrs_compiler::code::Locations::from_encoded(
        &bytes_field(&mut fields, raw[1], data)?,
        instructions.len(),
    )
    .map_err(bad_code)?;
    let exception_table =
        code::decode_exception_table(&bytes_field(&mut fields, raw[2], data)?).map_err(bad_code)?;
    let constants = match next_field(&mut fields)?.resolve() {
        MarshalValue::Tuple(items) => items
            .iter()
            .map(|item| match item.resolve() {
                MarshalValue::Code(code) => Some(CodeConstant::Code(code.clone())),
                other => other.to_constant().map(CodeConstant::Value),
            })
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| bad_code("constants"))?,
        _ => return Err(bad_code("constants")),
    };
    let names = strings_field(&mut fields)?;
    let varnames = strings_field(&mut fields)?;
    let cellvars = strings_field(&mut fields)?;
    let freevars = strings_field(&mut fields)?;
    let cell_slots =
        code::decode_u32s(&bytes_field(&mut fields, raw[3], data)?).map_err(bad_code)?;
    let code = CodeObject {
        name,
        qualname,
        filename,
        firstlineno,
        argcount,
        posonlyargcount,
        kwonlyargcount,
        flags,
        stacksize,
        instructions,
        locations,
        exception_table,
        constants,
        names,
        varnames,
        cellvars,
        freevars,
        cell_slots,
    };
    code::validate(&code).map_err(bad_code)?;
    Ok(code)
}

fn string_of(value: &MarshalValue) -> Option<String> {
    match value.resolve() {
        MarshalValue::Str(s) | MarshalValue::InternedStr(s) => s.as_str().map(str::to_owned),
        _ => None,
    }
}

fn bad_code(what: &'static str) -> MarshalError {
    MarshalError::Value(Cow::Owned(format!(
        "bad marshal data (invalid code object: {what})"
    )))
}

/// 15-bit digits (least significant first) as little-endian bytes.
fn pack_15bit(digits: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(digits.len() * 15 / 8 + 2);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &d in digits {
        acc |= d << bits;
        bits += 15;
        while bits >= 8 {
            out.push((acc & 0xFF) as u8);
            acc >>= 8;
            bits -= 8;
        }
    }
    if bits > 0 {
        out.push(acc as u8);
    }
    out
}
