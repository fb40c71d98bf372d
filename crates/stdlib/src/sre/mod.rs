//! `_sre`: the regular expression engine under Lib's `re` package.
//!
//! `re._compiler` turns a pattern into a list of opcodes and calls `_sre.compile`; this
//! module holds the Pattern, Match and Scanner types and runs that code with the
//! engine in `engine.rs` (CPython 3.11's Modules/_sre/sre.c and sre_lib.h are the
//! specification).
//!
//! Subjects: bytes objects and ASCII strs are matched on their bytes in place; other
//! strs are decoded once per call into code points (`Subject::Wide`), which a Match
//! shares to slice its groups.

pub mod chars;
pub mod constants;
pub mod engine;
mod matchobj;
mod pattern;

use std::rc::Rc;

use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::{NativeData, Payload};
use pyrs_vm::objects::str::PyStr;
use pyrs_vm::vm::{Args, PyResult};
use pyrs_vm::{Value, Vm};

use constants::*;
use engine::{SreError, State};

/// The types of this module, reachable from every Pattern (and so from its matches and
/// scanners) without a global.
pub struct SreTypes {
    pub pattern: ObjRef,
    pub match_: ObjRef,
    pub scanner: ObjRef,
}

/// The native object `_sre.compile` is bound to: it carries the types.
pub struct TypesHolder(pub Rc<SreTypes>);

impl NativeData for TypesHolder {}

/// The characters of a subject, shared by the matches made from it.
#[derive(Clone)]
pub enum Subject {
    /// An ASCII str or a bytes object: matched on the bytes of the object itself.
    Obj(ObjRef),
    /// A copy of a mutable buffer (bytearray).
    Owned(Rc<[u8]>),
    /// A non-ASCII str, as code points.
    Wide(Rc<[u32]>),
}

pub enum View<'a> {
    Narrow(&'a [u8]),
    Wide(&'a [u32]),
}

impl Subject {
    pub fn view(&self) -> View<'_> {
        match self {
            Subject::Obj(o) => match &o.payload {
                Payload::Str(s) => View::Narrow(s.as_bytes()),
                Payload::Bytes(b) => View::Narrow(b),
                _ => View::Narrow(&[]),
            },
            Subject::Owned(b) => View::Narrow(b),
            Subject::Wide(w) => View::Wide(w),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn len(&self) -> usize {
        match self.view() {
            View::Narrow(b) => b.len(),
            View::Wide(w) => w.len(),
        }
    }
}

/// The subject behind `v`: (characters, is it bytes-like).
pub fn get_subject(vm: &Vm, v: &Value) -> PyResult<(Subject, bool)> {
    if let Value::Obj(o) = v {
        match &o.payload {
            Payload::Str(s) => {
                if s.is_ascii() {
                    return Ok((Subject::Obj(o.clone()), false));
                }
                let cps: Rc<[u32]> = s.code_points().collect();
                return Ok((Subject::Wide(cps), false));
            }
            Payload::Bytes(_) => return Ok((Subject::Obj(o.clone()), true)),
            Payload::ByteArray(b) => {
                let copy: Rc<[u8]> = b.borrow().as_slice().into();
                return Ok((Subject::Owned(copy), true));
            }
            _ => {
                // Any other bytes-like object (memoryview, array, mmap): its bytes.
                if let Some(bytes) = pyrs_vm::objects::memoryview::bytes_like(v) {
                    let copy: Rc<[u8]> = bytes.into();
                    return Ok((Subject::Owned(copy), true));
                }
            }
        }
    }
    Err(vm.type_error(format!(
        "expected string or bytes-like object, got '{}'",
        vm.type_name(v)
    )))
}

/// `string[a:b]` of the subject, as str or bytes; the string itself when the slice is
/// all of an exact str/bytes.
pub fn slice_value(vm: &Vm, string: &Value, subj: &Subject, a: usize, b: usize) -> Value {
    let b = b.max(a);
    if a == 0 && b == subj.len() {
        if let Value::Obj(o) = string {
            if o.class().is(&vm.types.str_) || o.class().is(&vm.types.bytes) {
                return string.clone();
            }
        }
    }
    let is_str = matches!(string, Value::Obj(o) if o.payload.as_str().is_some());
    match subj.view() {
        View::Narrow(bytes) => {
            let part = &bytes[a..b];
            if is_str {
                match std::str::from_utf8(part) {
                    // Not through `new_str`: it interns one-character strings, which
                    // costs a hash lookup per match.
                    Ok("") => vm.new_str(""),
                    Ok(s) => vm.new_pystr(PyStr::from_string(s.to_owned())),
                    Err(_) => vm.new_pystr(PyStr::from_wtf8(part.to_vec())),
                }
            } else {
                vm.new_bytes(part.to_vec())
            }
        }
        View::Wide(w) => vm.new_pystr(PyStr::from_code_points(&w[a..b])),
    }
}

/// The Python error for an engine failure.
pub fn engine_error(vm: &Vm, e: SreError) -> pyrs_vm::memory::ObjRef {
    let _ = e;
    vm.runtime_error("internal error in regular expression engine")
}

/// Run `f` with an engine state over `subj[pos..endpos]`.
pub fn with_state<R>(
    code: &[u32],
    groups: usize,
    subj: &Subject,
    pos: usize,
    endpos: usize,
    f: impl FnOnce(&mut dyn Engine) -> R,
) -> R {
    match subj.view() {
        View::Narrow(s) => f(&mut State::new(code, s, groups, pos, endpos)),
        View::Wide(s) => f(&mut State::new(code, s, groups, pos, endpos)),
    }
}

/// The engine operations the Python layer uses, independent of the character width.
pub trait Engine {
    fn pmatch(&mut self) -> Result<bool, SreError>;
    fn search(&mut self) -> Result<bool, SreError>;
    fn reset(&mut self);
    /// (start, end) of the last match.
    fn span(&self) -> (usize, usize);
    fn set_start(&mut self, start: usize);
    fn set_match_all(&mut self, v: bool);
    fn set_must_advance(&mut self, v: bool);
    fn group_span(&self, g: usize) -> Option<(usize, usize)>;
    fn lastindex(&self) -> isize;
}

impl<C: engine::Ch> Engine for State<'_, C> {
    fn pmatch(&mut self) -> Result<bool, SreError> {
        State::pmatch(self)
    }
    fn search(&mut self) -> Result<bool, SreError> {
        State::search(self)
    }
    fn reset(&mut self) {
        State::reset(self)
    }
    fn span(&self) -> (usize, usize) {
        (self.start, self.ptr)
    }
    fn set_start(&mut self, start: usize) {
        self.start = start;
    }
    fn set_match_all(&mut self, v: bool) {
        self.match_all = v;
    }
    fn set_must_advance(&mut self, v: bool) {
        self.must_advance = v;
    }
    fn group_span(&self, g: usize) -> Option<(usize, usize)> {
        State::group_span(self, g)
    }
    fn lastindex(&self) -> isize {
        self.lastindex
    }
}

// ----- argument parsing ------------------------------------------------------------------

/// Bind the arguments of a method (`args.args[0]` is self) to `names`, the first
/// `required` of which must be given, with CPython's messages.
pub fn parse_args(
    vm: &Vm,
    args: &Args,
    fname: &str,
    names: &[&str],
    required: usize,
) -> PyResult<Vec<Option<Value>>> {
    let pos = &args.pos()[1..];
    let mut out: Vec<Option<Value>> = vec![None; names.len()];
    if pos.len() > names.len() {
        return Err(vm.type_error(format!(
            "{fname}() takes at most {} argument{} ({} given)",
            names.len(),
            if names.len() == 1 { "" } else { "s" },
            pos.len()
        )));
    }
    for (i, v) in pos.iter().enumerate() {
        out[i] = Some(v.clone());
    }
    for (k, v) in args.kwargs() {
        let key = match k {
            Value::Obj(o) => o.payload.as_str().map(|s| s.as_str().to_string()),
            _ => None,
        }
        .unwrap_or_default();
        match names.iter().position(|n| *n == key) {
            Some(i) if out[i].is_some() => {
                return Err(vm.type_error(format!(
                    "argument for {fname}() given by name ('{key}') and position ({})",
                    i + 1
                )))
            }
            Some(i) => out[i] = Some(v.clone()),
            None => {
                return Err(vm.type_error(format!(
                    "'{key}' is an invalid keyword argument for {fname}()"
                )))
            }
        }
    }
    for i in 0..required {
        if out[i].is_none() {
            return Err(vm.type_error(format!(
                "{fname}() missing required argument '{}' (pos {})",
                names[i],
                i + 1
            )));
        }
    }
    Ok(out)
}

/// A `Py_ssize_t` argument, clamped like CPython's converter for positions.
pub fn ssize_arg(vm: &Vm, v: &Option<Value>, default: i64) -> PyResult<i64> {
    match v {
        None => Ok(default),
        Some(Value::Int(i)) => Ok(*i),
        Some(Value::Bool(b)) => Ok(*b as i64),
        Some(v) => match vm.index_value(v)? {
            Value::Int(i) => Ok(i),
            _ => Err(vm.overflow_error("Python int too large to convert to C ssize_t")),
        },
    }
}

fn int_arg(vm: &Vm, args: &Args, fname: &str) -> PyResult<i64> {
    let pos = args.pos();
    if args.has_kw() {
        return Err(vm.type_error(format!("{fname}() takes no keyword arguments")));
    }
    if pos.len() != 1 {
        return Err(vm.type_error(format!(
            "{fname}() takes exactly one argument ({} given)",
            pos.len()
        )));
    }
    match &pos[0] {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        v if vm.isinstance(v, &vm.types.int) => {
            Err(vm.overflow_error("Python int too large to convert to C int"))
        }
        v => Err(vm.type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name(v)
        ))),
    }
}

// ----- module functions --------------------------------------------------------------------

fn sre_getcodesize(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(CODESIZE))
}

fn sre_ascii_iscased(vm: &Vm, args: Args) -> PyResult<Value> {
    let ch = int_arg(vm, &args, "ascii_iscased")? as u32;
    Ok(Value::Bool(ch < 128 && (ch as u8).is_ascii_alphabetic()))
}

fn sre_unicode_iscased(vm: &Vm, args: Args) -> PyResult<Value> {
    let ch = int_arg(vm, &args, "unicode_iscased")? as u32;
    Ok(Value::Bool(
        ch != chars::uni_lower(ch) || ch != chars::uni_upper(ch),
    ))
}

fn sre_ascii_tolower(vm: &Vm, args: Args) -> PyResult<Value> {
    let ch = int_arg(vm, &args, "ascii_tolower")?;
    if (0..128).contains(&ch) {
        return Ok(Value::Int(chars::ascii_lower(ch as u32) as i64));
    }
    Ok(Value::Int(ch))
}

fn sre_unicode_tolower(vm: &Vm, args: Args) -> PyResult<Value> {
    let ch = int_arg(vm, &args, "unicode_tolower")?;
    if (0..=0x10FFFF).contains(&ch) {
        return Ok(Value::Int(chars::uni_lower(ch as u32) as i64));
    }
    Ok(Value::Int(ch))
}

/// `_sre.compile(pattern, flags, code, groups, groupindex, indexgroup)`; bound to the
/// holder of this module's types.
fn sre_compile(vm: &Vm, args: Args) -> PyResult<Value> {
    let holder = args.args[0].clone();
    let p = parse_args(
        vm,
        &args,
        "compile",
        &[
            "pattern",
            "flags",
            "code",
            "groups",
            "groupindex",
            "indexgroup",
        ],
        6,
    )?;
    let types = match &holder {
        Value::Obj(o) => o.payload.native::<TypesHolder>().map(|h| h.0.clone()),
        _ => None,
    }
    .ok_or_else(|| vm.runtime_error("_sre.compile: module state missing"))?;
    let pattern = p[0].clone().unwrap_or(Value::None);
    let flags = ssize_arg(vm, &p[1], 0)?;
    let code_list = p[2].clone().unwrap_or(Value::None);
    let code_items = match &code_list {
        Value::Obj(o) if o.payload.as_list().is_some() => vm.collect(&code_list)?,
        v => {
            return Err(vm.type_error(format!(
                "compile() argument 'code' must be list, not {}",
                vm.type_name(v)
            )))
        }
    };
    let mut code = Vec::with_capacity(code_items.len());
    for item in &code_items {
        let v = match item {
            Value::Int(i) => *i,
            Value::Bool(b) => *b as i64,
            // Heap ints: big values, and small ones in int subclasses (re's opcodes
            // are _NamedIntConstant instances).
            Value::Obj(o) if matches!(&o.payload, Payload::Int(_)) => match &o.payload {
                Payload::Int(b) => num_traits::ToPrimitive::to_i64(b).unwrap_or(
                    if b.sign() == num_bigint::Sign::Minus {
                        -1
                    } else {
                        i64::MAX
                    },
                ),
                _ => i64::MAX,
            },
            v => {
                return Err(vm.type_error(format!(
                    "an integer is required (got type {})",
                    vm.type_name(v)
                )))
            }
        };
        if v < 0 {
            return Err(vm.overflow_error("can't convert negative value to unsigned int"));
        }
        if v > u32::MAX as i64 {
            return Err(vm.overflow_error("regular expression code size limit exceeded"));
        }
        code.push(v as u32);
    }
    let groups = ssize_arg(vm, &p[3], 0)?;
    if groups < 0 {
        return Err(vm.value_error("groups must be non-negative"));
    }
    let isbytes = match &pattern {
        Value::None => None,
        v => Some(get_subject(vm, v)?.1),
    };
    let groupindex = p[4].clone().unwrap_or(Value::None);
    let has_names = match &groupindex {
        Value::Obj(o) => o.payload.as_dict().is_some_and(|d| !d.borrow().is_empty()),
        _ => false,
    };
    let data = pattern::PatternData {
        pattern,
        flags: flags as u32,
        code: code.into_boxed_slice(),
        groups: groups as usize,
        groupindex: if has_names { groupindex } else { Value::None },
        indexgroup: if has_names {
            p[5].clone().unwrap_or(Value::None)
        } else {
            Value::None
        },
        isbytes,
        types: types.clone(),
    };
    Ok(Value::Obj(vm.new_native_object(&types.pattern, data)))
}

fn cannot_create(vm: &Vm, args: Args) -> PyResult<Value> {
    let name = match args.args.first() {
        Some(Value::Obj(o)) => o.payload.as_type().map(|t| t.name()).unwrap_or_default(),
        _ => String::new(),
    };
    let module = match name.as_str() {
        "SRE_Scanner" => "_sre",
        _ => "re",
    };
    Err(vm.type_error(format!("cannot create '{module}.{name}' instances")))
}

/// Build the `_sre` module.
pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_sre");
    let pattern_t = vm.new_native_type("re", "Pattern", None, false, false);
    let match_t = vm.new_native_type("re", "Match", None, false, false);
    let scanner_t = vm.new_native_type("_sre", "SRE_Scanner", None, false, false);
    for t in [&pattern_t, &match_t, &scanner_t] {
        vm.add_static(t, "__new__", cannot_create);
    }
    pattern::init_type(vm, &pattern_t);
    matchobj::init_match_type(vm, &match_t);
    matchobj::init_scanner_type(vm, &scanner_t);
    let types = Rc::new(SreTypes {
        pattern: pattern_t,
        match_: match_t,
        scanner: scanner_t,
    });
    let holder_t = vm.new_native_type("_sre", "_SRE_State", None, false, false);
    let holder = vm.new_native_object(&holder_t, TypesHolder(types));

    let d = m
        .dict()
        .ok_or_else(|| vm.runtime_error("_sre: module without dict"))?;
    let set = |name: &str, v: Value| {
        pyrs_vm::objects::dict::set_str(&d, &vm.intern(name), v);
    };
    set("MAGIC", Value::Int(MAGIC));
    set("CODESIZE", Value::Int(CODESIZE));
    set("MAXREPEAT", Value::Int(MAXREPEAT as i64));
    set("MAXGROUPS", Value::Int(MAXGROUPS));
    set(
        "copyright",
        vm.new_str(" SRE 2.2.2 Copyright (c) 1997-2002 by Secret Labs AB "),
    );
    set(
        "compile",
        vm.new_builtin("compile", sre_compile, Value::Obj(holder)),
    );
    vm.add_module_fn(&m, "getcodesize", sre_getcodesize);
    vm.add_module_fn(&m, "ascii_iscased", sre_ascii_iscased);
    vm.add_module_fn(&m, "unicode_iscased", sre_unicode_iscased);
    vm.add_module_fn(&m, "ascii_tolower", sre_ascii_tolower);
    vm.add_module_fn(&m, "unicode_tolower", sre_unicode_tolower);
    Ok(m)
}
