//! The marshal writer: CPython 3.11's `w_object` for plain data, plus pyrs code objects.

use std::collections::HashMap;
use std::sync::Arc;

use num_bigint::{BigInt, Sign};
use pyrs_compiler::bytecode::{CodeConstant, CodeObject};
use pyrs_parser::ast::{Constant, IntValue};
use pyrs_parser::wtf8::Wtf8Buf;

use crate::code;
use crate::error::MarshalError;
use crate::text::format_g17;
use crate::types::*;
use crate::value::MarshalValue;

/// The marshal version CPython 3.11 writes by default (`marshal.version`).
pub const VERSION: i32 = 4;

/// `MAX_MARSHAL_STACK_DEPTH` of CPython on POSIX.
pub(crate) const MAX_DEPTH: u32 = 2000;

const SIZE32_MAX: usize = 0x7FFF_FFFF;

/// Serialize `value` as `marshal.dumps(value, version)` does.
///
/// Errors: `ValueError('object too deeply nested to marshal')` past 2000 levels, and
/// `ValueError('unmarshallable object')` for sizes over 2**31-1.
pub fn dumps(value: &MarshalValue, version: i32) -> Result<Vec<u8>, MarshalError> {
    let mut writer = Writer::new(version);
    writer.run(Task::Object(value));
    writer.finish()
}

/// Serialize a code object (version 4), as `marshal.dumps(code)`.
pub fn dumps_code(code: &Arc<CodeObject>) -> Result<Vec<u8>, MarshalError> {
    dumps(&MarshalValue::Code(code.clone()), VERSION)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum WriteError {
    Unmarshallable,
    NestedTooDeep,
}

/// A step of writing. Objects are written from an explicit stack of tasks, not by
/// recursion, so deep values cost heap, not native stack.
enum Task<'a> {
    /// An object (one level below the current depth).
    Object(&'a MarshalValue),
    /// The NULL that ends a dict.
    Null,
    /// The end of a container: back up one level.
    Leave,
    /// A str of a code object (shared by content).
    CodeStr(&'a [u8]),
    /// A tuple of code object strs.
    CodeStrs(&'a [pyrs_compiler::bytecode::Name]),
    /// A bytes field of a code object.
    Bytes(Vec<u8>),
    /// The constants tuple of a code object.
    Constants(&'a [CodeConstant]),
    /// A constant of a code object.
    Constant(&'a Constant),
    /// A nested code object.
    Code(&'a CodeObject),
}

struct Writer {
    out: Vec<u8>,
    version: i32,
    depth: u32,
    error: Option<WriteError>,
    /// Reference indexes of `Shared` values written so far, by `Arc` pointer.
    refs: HashMap<usize, u32>,
    /// Reference indexes of the strings of code objects, by content: code objects share
    /// their names the way CPython's interned strings do.
    code_strings: HashMap<Vec<u8>, u32>,
    /// Number of reference indexes handed out.
    next_ref: u32,
}

impl Writer {
    fn new(version: i32) -> Self {
        Writer {
            out: Vec::with_capacity(64),
            version,
            depth: 0,
            error: None,
            refs: HashMap::new(),
            code_strings: HashMap::new(),
            next_ref: 0,
        }
    }

    fn finish(self) -> Result<Vec<u8>, MarshalError> {
        match self.error {
            None => Ok(self.out),
            Some(WriteError::Unmarshallable) => Err(MarshalError::bad("unmarshallable object")),
            Some(WriteError::NestedTooDeep) => {
                Err(MarshalError::bad("object too deeply nested to marshal"))
            }
        }
    }

    fn fail(&mut self, error: WriteError) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    fn w_byte(&mut self, byte: u8) {
        self.out.push(byte);
    }

    fn w_long(&mut self, x: i32) {
        self.out.extend_from_slice(&x.to_le_bytes());
    }

    /// `W_SIZE`: a 32-bit size, or the unmarshallable error past 2**31-1.
    fn w_size(&mut self, n: usize) -> bool {
        if n > SIZE32_MAX {
            self.fail(WriteError::Unmarshallable);
            return false;
        }
        self.w_long(n as i32);
        true
    }

    fn w_pstring(&mut self, bytes: &[u8]) {
        if self.w_size(bytes.len()) {
            self.out.extend_from_slice(bytes);
        }
    }

    fn w_short_pstring(&mut self, bytes: &[u8]) {
        self.w_byte(bytes.len() as u8);
        self.out.extend_from_slice(bytes);
    }

    fn w_float_bin(&mut self, v: f64) {
        self.out.extend_from_slice(&v.to_le_bytes());
    }

    fn w_float_str(&mut self, v: f64) {
        let text = format_g17(v);
        self.w_short_pstring(text.as_bytes());
    }

    /// Count one more level of nesting (false, with the error recorded, past the limit).
    fn enter(&mut self) -> bool {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.fail(WriteError::NestedTooDeep);
            false
        } else {
            true
        }
    }

    /// Run tasks until the stack is empty or an error is recorded (CPython writes on after
    /// an error, but its result is the error all the same).
    fn run<'a>(&mut self, first: Task<'a>) {
        let mut tasks = vec![first];
        while let Some(task) = tasks.pop() {
            if self.error.is_some() {
                return;
            }
            match task {
                Task::Leave => self.depth -= 1,
                Task::Null => {
                    if self.enter() {
                        self.w_byte(TYPE_NULL);
                    }
                    self.depth -= 1;
                }
                Task::Object(value) => {
                    if self.enter() {
                        self.w_object(value, &mut tasks);
                    } else {
                        self.depth -= 1;
                    }
                }
                Task::CodeStr(s) => {
                    if self.enter() {
                        self.w_code_str(s);
                    }
                    self.depth -= 1;
                }
                Task::Bytes(bytes) => {
                    if self.enter() {
                        self.w_byte(TYPE_STRING);
                        self.w_pstring(&bytes);
                    }
                    self.depth -= 1;
                }
                Task::CodeStrs(items) => {
                    if self.enter() && self.w_tuple_header(items.len()) {
                        tasks.push(Task::Leave);
                        tasks.extend(items.iter().rev().map(|s| Task::CodeStr(s.as_bytes())));
                    } else {
                        self.depth -= 1;
                    }
                }
                Task::Constants(items) => {
                    if self.enter() && self.w_tuple_header(items.len()) {
                        tasks.push(Task::Leave);
                        tasks.extend(items.iter().rev().map(|c| match c {
                            CodeConstant::Value(value) => Task::Constant(value),
                            CodeConstant::Code(code) => Task::Code(code),
                        }));
                    } else {
                        self.depth -= 1;
                    }
                }
                Task::Code(code) => {
                    if self.enter() {
                        self.w_code(code, 0, &mut tasks);
                    } else {
                        self.depth -= 1;
                    }
                }
                Task::Constant(constant) => match constant {
                    Constant::Str(s) => tasks.push(Task::CodeStr(s.as_bytes())),
                    Constant::Tuple(items) => {
                        if self.enter() && self.w_tuple_header(items.len()) {
                            tasks.push(Task::Leave);
                            tasks.extend(items.iter().rev().map(Task::Constant));
                        } else {
                            self.depth -= 1;
                        }
                    }
                    Constant::FrozenSet(items) => {
                        if self.enter() {
                            self.w_byte(TYPE_FROZENSET);
                            if self.w_size(items.len()) {
                                tasks.push(Task::Leave);
                                tasks.extend(items.iter().rev().map(Task::Constant));
                                continue;
                            }
                        }
                        self.depth -= 1;
                    }
                    other => {
                        // A scalar: written at once, as an object of its own.
                        // (`w_object` leaves the level of a scalar itself.)
                        if self.enter() {
                            let value = MarshalValue::from_constant(other);
                            let mut inner = Vec::new();
                            self.w_object(&value, &mut inner);
                        } else {
                            self.depth -= 1;
                        }
                    }
                },
            }
        }
    }

    /// Write an object whose level was entered; a container pushes its items and a
    /// `Leave` (a scalar leaves at once).
    fn w_object<'a>(&mut self, value: &'a MarshalValue, tasks: &mut Vec<Task<'a>>) {
        let mut flag = 0;
        let mut value = value;
        if let MarshalValue::Shared(arc) = value {
            let inner = arc.resolve();
            if !matches!(
                inner,
                MarshalValue::None
                    | MarshalValue::Bool(_)
                    | MarshalValue::StopIteration
                    | MarshalValue::Ellipsis
            ) && self.version >= 3
            {
                let key = Arc::as_ptr(arc) as usize;
                if let Some(&index) = self.refs.get(&key) {
                    self.w_byte(TYPE_REF);
                    self.w_long(index as i32);
                    self.depth -= 1;
                    return;
                }
                if self.next_ref >= 0x7FFF_FFFF {
                    self.fail(WriteError::Unmarshallable);
                    self.depth -= 1;
                    return;
                }
                self.refs.insert(key, self.next_ref);
                self.next_ref += 1;
                flag = FLAG_REF;
            }
            value = inner;
        }
        let items: &'a [MarshalValue] = match value {
            MarshalValue::None => {
                self.w_byte(TYPE_NONE);
                &[]
            }
            MarshalValue::Bool(false) => {
                self.w_byte(TYPE_FALSE);
                &[]
            }
            MarshalValue::Bool(true) => {
                self.w_byte(TYPE_TRUE);
                &[]
            }
            MarshalValue::StopIteration => {
                self.w_byte(TYPE_STOPITER);
                &[]
            }
            MarshalValue::Ellipsis => {
                self.w_byte(TYPE_ELLIPSIS);
                &[]
            }
            MarshalValue::Int(i) => {
                self.w_int(i, flag);
                &[]
            }
            MarshalValue::Float(v) => {
                if self.version > 1 {
                    self.w_byte(TYPE_BINARY_FLOAT | flag);
                    self.w_float_bin(*v);
                } else {
                    self.w_byte(TYPE_FLOAT | flag);
                    self.w_float_str(*v);
                }
                &[]
            }
            MarshalValue::Complex { real, imag } => {
                if self.version > 1 {
                    self.w_byte(TYPE_BINARY_COMPLEX | flag);
                    self.w_float_bin(*real);
                    self.w_float_bin(*imag);
                } else {
                    self.w_byte(TYPE_COMPLEX | flag);
                    self.w_float_str(*real);
                    self.w_float_str(*imag);
                }
                &[]
            }
            MarshalValue::Bytes(b) => {
                self.w_byte(TYPE_STRING | flag);
                self.w_pstring(b);
                &[]
            }
            MarshalValue::Str(s) => {
                self.w_str(s, false, flag);
                &[]
            }
            MarshalValue::InternedStr(s) => {
                self.w_str(s, true, flag);
                &[]
            }
            MarshalValue::Tuple(items) => {
                if self.version >= 4 && items.len() < 256 {
                    self.w_byte(TYPE_SMALL_TUPLE | flag);
                    self.w_byte(items.len() as u8);
                } else {
                    self.w_byte(TYPE_TUPLE | flag);
                    self.w_size(items.len());
                }
                items
            }
            MarshalValue::List(items) => {
                self.w_byte(TYPE_LIST | flag);
                self.w_size(items.len());
                items
            }
            MarshalValue::Set(items) => {
                self.w_byte(TYPE_SET | flag);
                self.w_size(items.len());
                items
            }
            MarshalValue::FrozenSet(items) => {
                self.w_byte(TYPE_FROZENSET | flag);
                self.w_size(items.len());
                items
            }
            MarshalValue::Dict(pairs) => {
                self.w_byte(TYPE_DICT | flag);
                tasks.push(Task::Leave);
                tasks.push(Task::Null);
                for (key, item) in pairs.iter().rev() {
                    tasks.push(Task::Object(item));
                    tasks.push(Task::Object(key));
                }
                return;
            }
            MarshalValue::Code(code) => {
                self.w_code(code, flag, tasks);
                return;
            }
            // `value` was resolved above: never `Shared` here.
            MarshalValue::Shared(_) => &[],
        };
        if items.is_empty() {
            self.depth -= 1;
        } else {
            tasks.push(Task::Leave);
            tasks.extend(items.iter().rev().map(Task::Object));
        }
    }

    fn w_int(&mut self, value: &IntValue, flag: u8) {
        match value {
            IntValue::Small(v) if i32::try_from(*v).is_ok() => {
                self.w_byte(TYPE_INT | flag);
                self.w_long(*v as i32);
            }
            IntValue::Small(v) => self.w_long_digits(&BigInt::from(*v), flag),
            IntValue::Big(b) => match i32::try_from(&**b) {
                Ok(v) => {
                    self.w_byte(TYPE_INT | flag);
                    self.w_long(v);
                }
                Err(_) => self.w_long_digits(b, flag),
            },
        }
    }

    /// `TYPE_LONG`: a signed count of 15-bit digits, then the digits, least significant
    /// first.
    fn w_long_digits(&mut self, value: &BigInt, flag: u8) {
        self.w_byte(TYPE_LONG | flag);
        let (sign, magnitude) = value.to_u32_digits();
        if sign == Sign::NoSign {
            self.w_long(0);
            return;
        }
        let mut digits: Vec<u16> = Vec::with_capacity(magnitude.len() * 3);
        let mut acc: u64 = 0;
        let mut bits = 0;
        for word in magnitude {
            acc |= (word as u64) << bits;
            bits += 32;
            while bits >= 15 {
                digits.push((acc & 0x7FFF) as u16);
                acc >>= 15;
                bits -= 15;
            }
        }
        if bits > 0 {
            digits.push((acc & 0x7FFF) as u16);
        }
        while digits.last() == Some(&0) {
            digits.pop();
        }
        if digits.len() > SIZE32_MAX {
            self.fail(WriteError::Unmarshallable);
            return;
        }
        let count = digits.len() as i32;
        self.w_long(if sign == Sign::Minus { -count } else { count });
        for d in digits {
            self.out.extend_from_slice(&d.to_le_bytes());
        }
    }

    fn w_str(&mut self, s: &Wtf8Buf, interned: bool, flag: u8) {
        let bytes = s.as_bytes();
        if self.version >= 4 && bytes.is_ascii() {
            if bytes.len() < 256 {
                let code = if interned {
                    TYPE_SHORT_ASCII_INTERNED
                } else {
                    TYPE_SHORT_ASCII
                };
                self.w_byte(code | flag);
                self.w_short_pstring(bytes);
            } else {
                let code = if interned {
                    TYPE_ASCII_INTERNED
                } else {
                    TYPE_ASCII
                };
                self.w_byte(code | flag);
                self.w_pstring(bytes);
            }
        } else {
            // The generalized UTF-8 bytes are what `surrogatepass` encoding produces.
            let code = if self.version >= 3 && interned {
                TYPE_INTERNED
            } else {
                TYPE_UNICODE
            };
            self.w_byte(code | flag);
            self.w_pstring(bytes);
        }
    }

    // ---- pyrs code objects ----

    /// A str of a code object: written once with FLAG_REF, later as a reference to it.
    fn w_code_str(&mut self, s: &[u8]) {
        let index = self.code_strings.get(s).copied();
        match index {
            Some(index) if self.version >= 3 => {
                self.w_byte(TYPE_REF);
                self.w_long(index as i32);
            }
            None if self.version >= 3 && self.next_ref < 0x7FFF_FFFF => {
                self.code_strings.insert(s.to_vec(), self.next_ref);
                self.next_ref += 1;
                self.w_str_bytes(s, FLAG_REF);
            }
            _ => self.w_str_bytes(s, 0),
        }
    }

    fn w_str_bytes(&mut self, bytes: &[u8], flag: u8) {
        if self.version >= 4 && bytes.is_ascii() && bytes.len() < 256 {
            self.w_byte(TYPE_SHORT_ASCII_INTERNED | flag);
            self.w_short_pstring(bytes);
        } else {
            let code = if self.version >= 3 {
                TYPE_INTERNED
            } else {
                TYPE_UNICODE
            };
            self.w_byte(code | flag);
            self.w_pstring(bytes);
        }
    }

    fn w_tuple_header(&mut self, len: usize) -> bool {
        if self.version >= 4 && len < 256 {
            self.w_byte(TYPE_SMALL_TUPLE);
            self.w_byte(len as u8);
            true
        } else {
            self.w_byte(TYPE_TUPLE);
            self.w_size(len)
        }
    }

    /// `TYPE_PYRS_CODE` (its level entered): the layout tag and the integer fields as
    /// longs, then the other fields as objects one level down (see `code.rs`).
    fn w_code<'a>(&mut self, code: &'a CodeObject, flag: u8, tasks: &mut Vec<Task<'a>>) {
        self.w_byte(TYPE_PYRS_CODE | flag);
        self.w_long(code::layout_tag() as i32);
        for field in [
            code.argcount,
            code.posonlyargcount,
            code.kwonlyargcount,
            code.flags,
            code.stacksize,
            code.firstlineno,
        ] {
            self.w_long(field as i32);
        }
        let fields = [
            Task::CodeStr(code.name.as_bytes()),
            Task::CodeStr(code.qualname.as_bytes()),
            Task::CodeStr(code.filename.as_bytes()),
            Task::Bytes(code::encode_instructions(&code.instructions)),
            Task::Bytes(code.locations.encode()),
            Task::Bytes(code::encode_exception_table(&code.exception_table)),
            Task::Constants(&code.constants),
            Task::CodeStrs(&code.names),
            Task::CodeStrs(&code.varnames),
            Task::CodeStrs(&code.cellvars),
            Task::CodeStrs(&code.freevars),
            Task::Bytes(code::encode_u32s(&code.cell_slots)),
        ];
        tasks.push(Task::Leave);
        tasks.extend(fields.into_iter().rev());
    }
}
