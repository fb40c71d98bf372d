//! The fast path of the .pyc reader: a code object read straight from the marshal bytes
//! into the compiler's `CodeObject`, without building the general reader's value tree
//! (`MarshalValue`, one allocation per object and shared `Arc`s) and converting it after.
//!
//! It reads what pyrs's own writer produces for code (code records, strings, bytes,
//! constants, tuples and frozensets of constants, references to finished objects) and
//! gives up (`None`) on anything else: an unknown or unexpected type code, a reference
//! to an object still being read, deep nesting, text that is not valid UTF-8 where a name
//! is expected, or any malformed record. The caller then reads the data again with the
//! general reader, whose result and errors are the reference; whenever this reader does
//! succeed, it gives the same code object the general reader would have.

use std::sync::Arc;

use pyrs_compiler::bytecode::{CodeConstant, CodeObject, Name};
use pyrs_compiler::code::Locations;
use pyrs_parser::ast::{Constant, IntValue};
use pyrs_parser::wtf8::Wtf8Buf;

use crate::code;
use crate::text::{decode_latin1, decode_utf8_surrogatepass, parse_float_text};
use crate::types::*;

/// Nesting deeper than this is left to the general reader (which has no recursion).
const MAX_NESTING: usize = 200;

/// An object of the reference table (which outlives one read: see [`REFS`]).
enum Ref {
    /// Reserved for a container or code record still being read.
    Reserved,
    Const(Constant),
    Code(Arc<CodeObject>),
    /// A bytes object, in place in the data (start and end).
    Bytes(usize, usize),
    /// A str whose UTF-8 text lies in the data: its index in `FastReader::strs`.
    Str(usize),
}

thread_local! {
    /// The reference table's storage, kept from one read to the next: a table of a few
    /// hundred entries is a large allocation, and glibc's malloc tidies its free lists
    /// before each large allocation, which costs more than the whole read.
    static REFS: std::cell::Cell<Vec<Ref>> = const { std::cell::Cell::new(Vec::new()) };
    /// The storage of `FastReader::strs`, kept likewise (empty between reads).
    static STRS: std::cell::Cell<Vec<&'static str>> = const { std::cell::Cell::new(Vec::new()) };
    /// The storage of `FastReader::names`, kept likewise (empty between reads).
    static NAMES: std::cell::Cell<Vec<Option<Name>>> = const { std::cell::Cell::new(Vec::new()) };
}

/// An empty vector of another element type with the same layout, on the same allocation
/// (collecting a vector's own iterator reuses its buffer; were it not to, this would
/// just allocate anew).
fn recycle<'y>(mut v: Vec<&str>) -> Vec<&'y str> {
    v.clear();
    v.into_iter().map(|_| "").collect()
}

/// What one object read as: a constant, a code object, bytes or text in place.
enum Obj<'a> {
    Const(Constant),
    Code(Arc<CodeObject>),
    Bytes(&'a [u8]),
    Str(&'a str),
}

impl Obj<'_> {
    /// The object as a constant (code objects are not).
    fn into_constant(self) -> Option<Constant> {
        match self {
            Obj::Const(c) => Some(c),
            Obj::Bytes(b) => Some(Constant::Bytes(b.to_vec())),
            Obj::Str(s) => Some(Constant::Str(Wtf8Buf::from(s))),
            Obj::Code(_) => None,
        }
    }
}

struct FastReader<'a> {
    data: &'a [u8],
    pos: usize,
    refs: Vec<Ref>,
    /// Referenced text, checked once when read (see `Ref::Str`).
    strs: Vec<&'a str>,
    /// The shared text made for an entry of `strs` read as a name (so that every later
    /// reference to it shares it), by index.
    names: Vec<Option<Name>>,
    depth: usize,
}

/// Read the code object at the start of `data`: the code and the number of bytes it took,
/// or `None` when the general reader must decide.
pub fn read_code_prefix(data: &[u8]) -> Option<(Arc<CodeObject>, usize)> {
    let mut refs = REFS.with(|r| r.take());
    refs.clear();
    let strs = recycle(STRS.with(|s| s.take()));
    let mut reader = FastReader {
        data,
        pos: 0,
        refs,
        strs,
        names: NAMES.with(|n| n.take()),
        depth: 0,
    };
    let result = match reader.object() {
        Some(Obj::Code(code)) => Some((code, reader.pos)),
        _ => None,
    };
    let mut refs = reader.refs;
    refs.clear();
    if refs.capacity() <= 1 << 16 {
        REFS.with(|r| r.set(refs));
    }
    let mut names = reader.names;
    names.clear();
    if names.capacity() <= 1 << 16 {
        NAMES.with(|n| n.set(names));
    }
    let strs = recycle(reader.strs);
    if strs.capacity() <= 1 << 16 {
        STRS.with(|s| s.set(strs));
    }
    result
}

impl<'a> FastReader<'a> {
    #[inline]
    fn byte(&mut self) -> Option<u8> {
        let b = *self.data.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    #[inline]
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let bytes = self.data.get(self.pos..end)?;
        self.pos = end;
        Some(bytes)
    }

    #[inline]
    fn long(&mut self) -> Option<i32> {
        let b = self.take(4)?;
        Some(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    #[inline]
    fn size(&mut self) -> Option<usize> {
        usize::try_from(self.long()?).ok()
    }

    fn f64(&mut self) -> Option<f64> {
        let b = self.take(8)?;
        let mut buf = [0u8; 8];
        buf.copy_from_slice(b);
        Some(f64::from_le_bytes(buf))
    }

    fn float_text(&mut self) -> Option<f64> {
        let n = self.byte()? as usize;
        parse_float_text(self.take(n)?).ok()
    }

    fn reserve(&mut self, flag: bool) -> Option<usize> {
        if !flag {
            return None;
        }
        self.refs.push(Ref::Reserved);
        Some(self.refs.len() - 1)
    }

    fn register(&mut self, index: Option<usize>, value: Ref) {
        if let Some(i) = index {
            self.refs[i] = value;
        }
    }

    /// A scalar constant, registered when flagged.
    fn leaf(&mut self, c: Constant, flag: bool) -> Obj<'a> {
        if flag {
            self.refs.push(Ref::Const(c.clone()));
        }
        Obj::Const(c)
    }

    fn object(&mut self) -> Option<Obj<'a>> {
        if self.depth >= MAX_NESTING {
            return None;
        }
        self.depth += 1;
        let result = self.object_inner();
        self.depth -= 1;
        result
    }

    fn object_inner(&mut self) -> Option<Obj<'a>> {
        let code = self.byte()?;
        let flag = code & FLAG_REF != 0;
        Some(match code & !FLAG_REF {
            // Singletons are never registered, whatever the flag says.
            TYPE_NONE => Obj::Const(Constant::None),
            TYPE_FALSE => Obj::Const(Constant::Bool(false)),
            TYPE_TRUE => Obj::Const(Constant::Bool(true)),
            TYPE_ELLIPSIS => Obj::Const(Constant::Ellipsis),
            TYPE_INT => {
                let n = self.long()?;
                self.leaf(Constant::Int(IntValue::Small(n as i64)), flag)
            }
            TYPE_LONG => {
                let (value, used) = crate::read::long_digits_at(&self.data[self.pos..])?;
                self.pos += used;
                self.leaf(Constant::Int(value), flag)
            }
            TYPE_BINARY_FLOAT => {
                let v = self.f64()?;
                self.leaf(Constant::Float(v), flag)
            }
            TYPE_FLOAT => {
                let v = self.float_text()?;
                self.leaf(Constant::Float(v), flag)
            }
            TYPE_BINARY_COMPLEX => {
                let real = self.f64()?;
                let imag = self.f64()?;
                self.leaf(Constant::Complex { real, imag }, flag)
            }
            TYPE_COMPLEX => {
                let real = self.float_text()?;
                let imag = self.float_text()?;
                self.leaf(Constant::Complex { real, imag }, flag)
            }
            TYPE_STRING => {
                let n = self.size()?;
                let bytes = self.take(n)?;
                if flag {
                    self.refs.push(Ref::Bytes(self.pos - n, self.pos));
                }
                Obj::Bytes(bytes)
            }
            TYPE_SHORT_ASCII | TYPE_SHORT_ASCII_INTERNED => {
                let n = self.byte()? as usize;
                let bytes = self.take(n)?;
                self.text(bytes, true, flag)?
            }
            TYPE_ASCII | TYPE_ASCII_INTERNED => {
                let n = self.size()?;
                let bytes = self.take(n)?;
                self.text(bytes, true, flag)?
            }
            TYPE_UNICODE | TYPE_INTERNED => {
                let n = self.size()?;
                let bytes = self.take(n)?;
                self.text(bytes, false, flag)?
            }
            TYPE_SMALL_TUPLE => {
                let n = self.byte()? as usize;
                self.tuple(n, flag, false)?
            }
            TYPE_TUPLE => {
                let n = self.size()?;
                self.tuple(n, flag, false)?
            }
            TYPE_FROZENSET => {
                let n = self.size()?;
                self.tuple(n, flag, true)?
            }
            TYPE_PYRS_CODE => {
                let index = self.reserve(flag);
                let code = Arc::new(self.code()?);
                self.register(index, Ref::Code(code.clone()));
                Obj::Code(code)
            }
            TYPE_REF => {
                let n = usize::try_from(self.long()?).ok()?;
                match self.refs.get(n)? {
                    Ref::Reserved => return None,
                    Ref::Const(c) => Obj::Const(c.clone()),
                    Ref::Code(c) => Obj::Code(c.clone()),
                    &Ref::Bytes(start, end) => Obj::Bytes(self.data.get(start..end)?),
                    &Ref::Str(i) => Obj::Str(self.strs.get(i)?),
                }
            }
            _ => return None,
        })
    }

    /// A str's bytes: latin-1 (`ascii`) or UTF-8 with surrogates allowed. Text that is
    /// plain UTF-8 as it lies (ASCII, or valid UTF-8) is kept in place.
    fn text(&mut self, bytes: &'a [u8], ascii: bool, flag: bool) -> Option<Obj<'a>> {
        // UTF-8 that is all ASCII is the same text read as latin-1.
        let plain = std::str::from_utf8(bytes)
            .ok()
            .filter(|text| !ascii || text.is_ascii());
        if let Some(text) = plain {
            if flag {
                self.push_str(text, None);
            }
            return Some(Obj::Str(text));
        }
        let text = if ascii {
            decode_latin1(bytes)
        } else {
            decode_utf8_surrogatepass(bytes).ok()?
        };
        Some(self.leaf(Constant::Str(text), flag))
    }

    /// A tuple (or frozenset) of constants.
    fn tuple(&mut self, n: usize, flag: bool, frozen: bool) -> Option<Obj<'a>> {
        let index = self.reserve(flag);
        // Every item takes at least one byte.
        let mut items = Vec::with_capacity(n.min(self.data.len() - self.pos));
        for _ in 0..n {
            items.push(self.object()?.into_constant()?);
        }
        let c = if frozen {
            Constant::FrozenSet(items)
        } else {
            Constant::Tuple(items)
        };
        if index.is_some() {
            self.register(index, Ref::Const(c.clone()));
        }
        Some(Obj::Const(c))
    }

    /// Register `text` as the next referenced str (with its shared text, if made).
    #[inline]
    fn push_str(&mut self, text: &'a str, name: Option<Name>) {
        self.refs.push(Ref::Str(self.strs.len()));
        self.strs.push(text);
        self.names.push(name);
    }

    /// A short ASCII str at the read position: its text, the bytes it takes, and whether
    /// it is registered for references (FLAG_REF). None: something else is there.
    #[inline(always)]
    fn peek_short_ascii(&self) -> Option<(&'a str, usize, bool)> {
        let code = *self.data.get(self.pos)?;
        if !matches!(
            code & !FLAG_REF,
            TYPE_SHORT_ASCII | TYPE_SHORT_ASCII_INTERNED
        ) {
            return None;
        }
        let n = *self.data.get(self.pos + 1)? as usize;
        let bytes = self.data.get(self.pos + 2..self.pos + 2 + n)?;
        if !bytes.is_ascii() {
            return None;
        }
        let text = std::str::from_utf8(bytes).ok()?;
        Some((text, 2 + n, code & FLAG_REF != 0))
    }

    /// A reference (TYPE_REF, 5 bytes) at the read position to a str already read: its
    /// index in `strs`. None: something else is there.
    #[inline(always)]
    fn peek_str_ref(&self) -> Option<usize> {
        if *self.data.get(self.pos)? & !FLAG_REF != TYPE_REF {
            return None;
        }
        let b = self.data.get(self.pos + 1..self.pos + 5)?;
        let n = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
        match self.refs.get(n) {
            Some(&Ref::Str(i)) => Some(i),
            _ => None,
        }
    }

    fn string(&mut self) -> Option<String> {
        // The usual names first, without the general object path: short ASCII text
        // (registered or not) and references to text already read.
        if let Some((text, len, registered)) = self.peek_short_ascii() {
            self.pos += len;
            if registered {
                self.push_str(text, None);
            }
            return Some(text.to_owned());
        }
        if let Some(i) = self.peek_str_ref() {
            self.pos += 5;
            return Some((*self.strs.get(i)?).to_owned());
        }
        match self.object()? {
            Obj::Str(s) => Some(s.to_owned()),
            Obj::Const(Constant::Str(s)) => s.as_str().map(str::to_owned),
            _ => None,
        }
    }

    /// A name or file name: text shared by every reference to it in the data (a
    /// reference costs a count, not a copy).
    fn name(&mut self) -> Option<Name> {
        if let Some((text, len, registered)) = self.peek_short_ascii() {
            self.pos += len;
            let name: Name = text.into();
            if registered {
                self.push_str(text, Some(name.clone()));
            }
            return Some(name);
        }
        if let Some(i) = self.peek_str_ref() {
            self.pos += 5;
            let slot = self.names.get_mut(i)?;
            if let Some(name) = slot {
                return Some(name.clone());
            }
            let name: Name = (*self.strs.get(i)?).into();
            *slot = Some(name.clone());
            return Some(name);
        }
        match self.object()? {
            Obj::Str(s) => Some(s.into()),
            Obj::Const(Constant::Str(s)) => s.as_str().map(Into::into),
            _ => None,
        }
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        // Bytes fields in place, without the general object path.
        let code = *self.data.get(self.pos)?;
        if code & !FLAG_REF == TYPE_STRING {
            self.pos += 1;
            let n = self.size()?;
            let bytes = self.take(n)?;
            if code & FLAG_REF != 0 {
                self.refs.push(Ref::Bytes(self.pos - n, self.pos));
            }
            return Some(bytes);
        }
        match self.object()? {
            Obj::Bytes(b) => Some(b),
            _ => None,
        }
    }

    fn strings(&mut self) -> Option<Vec<Name>> {
        // Read the tuple in place when it is not shared (the usual case): no
        // intermediate constants.
        let code = *self.data.get(self.pos)?;
        let n = match code {
            TYPE_SMALL_TUPLE => {
                self.pos += 1;
                self.byte()? as usize
            }
            TYPE_TUPLE => {
                self.pos += 1;
                self.size()?
            }
            _ => {
                return match self.object()? {
                    Obj::Const(Constant::Tuple(items)) => items
                        .iter()
                        .map(|c| match c {
                            Constant::Str(s) => s.as_str().map(Into::into),
                            _ => None,
                        })
                        .collect(),
                    _ => None,
                }
            }
        };
        let mut out = Vec::with_capacity(n.min(self.data.len() - self.pos));
        for _ in 0..n {
            out.push(self.name()?);
        }
        Some(out)
    }

    fn constants(&mut self) -> Option<Vec<CodeConstant>> {
        let code = *self.data.get(self.pos)?;
        let n = match code {
            TYPE_SMALL_TUPLE => {
                self.pos += 1;
                self.byte()? as usize
            }
            TYPE_TUPLE => {
                self.pos += 1;
                self.size()?
            }
            _ => {
                return match self.object()? {
                    Obj::Const(Constant::Tuple(items)) => {
                        Some(items.into_iter().map(CodeConstant::Value).collect())
                    }
                    _ => None,
                }
            }
        };
        let mut out = Vec::with_capacity(n.min(self.data.len() - self.pos));
        for _ in 0..n {
            out.push(match self.object()? {
                Obj::Code(c) => CodeConstant::Code(c),
                other => CodeConstant::Value(other.into_constant()?),
            });
        }
        Some(out)
    }

    /// The body of a `TYPE_PYRS_CODE` record (see `code.rs` for its layout).
    fn code(&mut self) -> Option<CodeObject> {
        if self.long()? as u32 != code::layout_tag() {
            return None;
        }
        let mut ints = [0u32; 6];
        for slot in &mut ints {
            *slot = self.long()? as u32;
        }
        let [argcount, posonlyargcount, kwonlyargcount, flags, stacksize, firstlineno] = ints;
        let name = self.string()?;
        let qualname = self.string()?;
        let filename = self.name()?;
        let instructions = code::decode_instructions(self.bytes()?).ok()?;
        let locations = Locations::from_encoded(self.bytes()?, instructions.len()).ok()?;
        let exception_table = code::decode_exception_table(self.bytes()?).ok()?;
        let constants = self.constants()?;
        let names = self.strings()?;
        let varnames = self.strings()?;
        let cellvars = self.strings()?;
        let freevars = self.strings()?;
        let cell_slots = code::decode_u32s(self.bytes()?).ok()?;
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
        code::validate(&code).ok()?;
        Some(code)
    }
}
