//! `re.Pattern`: a compiled pattern and its match/search/sub/split/findall methods.

use std::rc::Rc;

use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::{NativeData, Payload};
use pyrs_vm::objects::str::{hash_bytes, push_code_point, PyStr};
use pyrs_vm::vm::{Args, PyResult};
use pyrs_vm::{Value, Vm};

use super::constants::*;
use super::matchobj::{new_match, ScannerData};
use super::{engine_error, get_subject, parse_args, slice_value, ssize_arg, with_state};
use super::{Engine, SreTypes, Subject, View};

/// A compiled pattern. Invariants: `code` is the opcode list `_sre.compile` was given;
/// `groups` excludes group 0; `groupindex`/`indexgroup` are None when the pattern has
/// no named groups; `isbytes` is None for a pattern compiled without source.
pub struct PatternData {
    pub pattern: Value,
    pub flags: u32,
    pub code: Box<[u32]>,
    pub groups: usize,
    pub groupindex: Value,
    pub indexgroup: Value,
    pub isbytes: Option<bool>,
    pub types: Rc<SreTypes>,
}

impl NativeData for PatternData {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.pattern);
        visit(&self.groupindex);
        visit(&self.indexgroup);
    }
}

pub fn this<'a>(vm: &Vm, args: &'a Args) -> PyResult<(&'a ObjRef, &'a PatternData)> {
    if let Some(Value::Obj(o)) = args.args.first() {
        if let Some(p) = o.payload.native::<PatternData>() {
            return Ok((o, p));
        }
    }
    Err(vm.type_error("descriptor requires a 're.Pattern' object"))
}

/// Check `string` against the pattern's kind and clamp `pos`/`endpos` to it.
pub fn prepare(
    vm: &Vm,
    p: &PatternData,
    string: &Value,
    pos: i64,
    endpos: i64,
) -> PyResult<(Subject, usize, usize)> {
    let (subj, isbytes) = get_subject(vm, string)?;
    match (isbytes, p.isbytes) {
        (true, Some(false)) => {
            return Err(vm.type_error("cannot use a string pattern on a bytes-like object"))
        }
        (false, Some(true)) => {
            return Err(vm.type_error("cannot use a bytes pattern on a string-like object"))
        }
        _ => {}
    }
    let len = subj.len() as i64;
    let pos = pos.clamp(0, len) as usize;
    let endpos = endpos.clamp(0, len) as usize;
    Ok((subj, pos, endpos))
}

/// The (string, pos, endpos) arguments of match/search/findall/...
fn string_pos_args(vm: &Vm, args: &Args, fname: &str) -> PyResult<(Value, i64, i64)> {
    let a = parse_args(vm, args, fname, &["string", "pos", "endpos"], 1)?;
    let string = a[0].clone().unwrap_or(Value::None);
    let pos = ssize_arg(vm, &a[1], 0)?;
    let endpos = ssize_arg(vm, &a[2], i64::MAX)?;
    Ok((string, pos, endpos))
}

fn match_common(vm: &Vm, args: Args, fname: &str, search: bool, all: bool) -> PyResult<Value> {
    let (po, p) = this(vm, &args)?;
    let (string, pos, endpos) = string_pos_args(vm, &args, fname)?;
    let (subj, pos, endpos) = prepare(vm, p, &string, pos, endpos)?;
    with_state(&p.code, p.groups, &subj, pos, endpos, |st| {
        st.set_match_all(all);
        let r = if search { st.search() } else { st.pmatch() };
        match r {
            Ok(true) => Ok(new_match(vm, po, p, &string, &subj, st, pos, endpos)),
            Ok(false) => Ok(Value::None),
            Err(e) => Err(engine_error(vm, e)),
        }
    })
}

fn pattern_match(vm: &Vm, args: Args) -> PyResult<Value> {
    match_common(vm, args, "match", false, false)
}

fn pattern_fullmatch(vm: &Vm, args: Args) -> PyResult<Value> {
    match_common(vm, args, "fullmatch", false, true)
}

fn pattern_search(vm: &Vm, args: Args) -> PyResult<Value> {
    match_common(vm, args, "search", true, false)
}

/// The group `g` of the current match for findall/split: its text, or `empty` (an
/// empty string) / None when it did not take part.
fn group_slice(
    vm: &Vm,
    st: &dyn Engine,
    string: &Value,
    subj: &Subject,
    g: usize,
    empty: bool,
) -> Value {
    match st.group_span(g) {
        Some((a, b)) => slice_value(vm, string, subj, a, b),
        None if empty => slice_value(vm, string, subj, 0, 0),
        None => Value::None,
    }
}

fn pattern_findall(vm: &Vm, args: Args) -> PyResult<Value> {
    let (_, p) = this(vm, &args)?;
    let (string, pos, endpos) = string_pos_args(vm, &args, "findall")?;
    let (subj, pos, endpos) = prepare(vm, p, &string, pos, endpos)?;
    let items = with_state(&p.code, p.groups, &subj, pos, endpos, |st| {
        let mut out = Vec::new();
        loop {
            let (start, _) = st.span();
            if start > endpos {
                break;
            }
            st.reset();
            match st.search() {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(engine_error(vm, e)),
            }
            let (b, e) = st.span();
            let item = match p.groups {
                0 => slice_value(vm, &string, &subj, b, e),
                1 => group_slice(vm, st, &string, &subj, 1, true),
                n => {
                    let t = (1..=n)
                        .map(|g| group_slice(vm, st, &string, &subj, g, true))
                        .collect();
                    vm.new_tuple(t)
                }
            };
            out.push(item);
            st.set_must_advance(e == b);
            st.set_start(e);
        }
        Ok(out)
    })?;
    Ok(vm.new_list(items))
}

pub fn new_scanner(
    vm: &Vm,
    po: &ObjRef,
    p: &PatternData,
    string: Value,
    pos: i64,
    endpos: i64,
) -> PyResult<Value> {
    let (subj, pos, endpos) = prepare(vm, p, &string, pos, endpos)?;
    let data = ScannerData::new(Value::Obj(po.clone()), string, subj, pos, endpos);
    Ok(Value::Obj(vm.new_native_object(&p.types.scanner, data)))
}

fn pattern_scanner(vm: &Vm, args: Args) -> PyResult<Value> {
    let (po, p) = this(vm, &args)?;
    let (string, pos, endpos) = string_pos_args(vm, &args, "scanner")?;
    new_scanner(vm, po, p, string, pos, endpos)
}

fn pattern_finditer(vm: &Vm, args: Args) -> PyResult<Value> {
    let (po, p) = this(vm, &args)?;
    let (string, pos, endpos) = string_pos_args(vm, &args, "finditer")?;
    let scanner = new_scanner(vm, po, p, string, pos, endpos)?;
    let search = vm.get_attr_str(&scanner, "search")?;
    Ok(pyrs_vm::objects::iter::new_callable_iter(
        vm,
        search,
        Value::None,
    ))
}

fn pattern_split(vm: &Vm, args: Args) -> PyResult<Value> {
    let (_, p) = this(vm, &args)?;
    let a = parse_args(vm, &args, "split", &["string", "maxsplit"], 1)?;
    let string = a[0].clone().unwrap_or(Value::None);
    let maxsplit = ssize_arg(vm, &a[1], 0)?;
    let (subj, pos, endpos) = prepare(vm, p, &string, 0, i64::MAX)?;
    let items = with_state(&p.code, p.groups, &subj, pos, endpos, |st| {
        let mut out = Vec::new();
        let mut n = 0i64;
        let mut last = pos;
        while maxsplit == 0 || n < maxsplit {
            st.reset();
            match st.search() {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(engine_error(vm, e)),
            }
            let (b, e) = st.span();
            out.push(slice_value(vm, &string, &subj, last, b));
            for g in 1..=p.groups {
                out.push(group_slice(vm, st, &string, &subj, g, false));
            }
            n += 1;
            st.set_must_advance(e == b);
            st.set_start(e);
            last = e;
        }
        out.push(slice_value(vm, &string, &subj, last, endpos));
        Ok(out)
    })?;
    Ok(vm.new_list(items))
}

/// The text of a replacement piece for the result under construction.
fn append_piece(
    vm: &Vm,
    out: &mut Vec<u8>,
    piece: &Value,
    isbytes: bool,
    index: usize,
) -> PyResult<()> {
    if let Value::Obj(o) = piece {
        match (&o.payload, isbytes) {
            (Payload::Str(s), false) => {
                out.extend_from_slice(s.as_bytes());
                return Ok(());
            }
            (Payload::Bytes(b), true) => {
                out.extend_from_slice(b);
                return Ok(());
            }
            (Payload::ByteArray(b), true) => {
                out.extend_from_slice(&b.borrow());
                return Ok(());
            }
            _ => {}
        }
    }
    Err(vm.type_error(if isbytes {
        format!(
            "sequence item {index}: expected a bytes-like object, {} found",
            vm.type_name(piece)
        )
    } else {
        format!(
            "sequence item {index}: expected str instance, {} found",
            vm.type_name(piece)
        )
    }))
}

fn append_subject(out: &mut Vec<u8>, subj: &Subject, a: usize, b: usize) {
    match subj.view() {
        View::Narrow(bytes) => out.extend_from_slice(&bytes[a..b]),
        View::Wide(w) => {
            for &c in &w[a..b] {
                push_code_point(out, c);
            }
        }
    }
}

fn is_literal_template(v: &Value) -> bool {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Str(s) => !s.as_bytes().contains(&b'\\'),
            Payload::Bytes(b) => !b.contains(&b'\\'),
            Payload::ByteArray(b) => !b.borrow().contains(&b'\\'),
            _ => false,
        },
        _ => false,
    }
}

fn subx(vm: &Vm, args: Args, fname: &str, with_count: bool) -> PyResult<Value> {
    let (po, p) = this(vm, &args)?;
    let a = parse_args(vm, &args, fname, &["repl", "string", "count"], 2)?;
    let repl = a[0].clone().unwrap_or(Value::None);
    let string = a[1].clone().unwrap_or(Value::None);
    let count = ssize_arg(vm, &a[2], 0)?;
    let (filter, callable) = if vm.is_callable(&repl) {
        (repl, true)
    } else if is_literal_template(&repl) {
        (repl, false)
    } else {
        let re = pyrs_vm::import::import_module(vm, "re")?;
        let f = vm.get_attr_str(&re, "_subx")?;
        let filter = vm.call(&f, Args::new(&[Value::Obj(po.clone()), repl]))?;
        let c = vm.is_callable(&filter);
        (filter, c)
    };
    let (subj, pos, endpos) = prepare(vm, p, &string, 0, i64::MAX)?;
    let isbytes = matches!(subj.view(), View::Narrow(_))
        && !matches!(&string, Value::Obj(o) if o.payload.as_str().is_some());
    let (out, n) = with_state(&p.code, p.groups, &subj, pos, endpos, |st| {
        let mut out: Vec<u8> = Vec::new();
        let mut items = 0usize;
        let mut n = 0i64;
        let mut i = pos;
        while count == 0 || n < count {
            st.reset();
            match st.search() {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(engine_error(vm, e)),
            }
            let (b, e) = st.span();
            if i < b {
                append_subject(&mut out, &subj, i, b);
                items += 1;
            }
            if callable {
                let m = new_match(vm, po, p, &string, &subj, st, pos, endpos);
                let item = vm.call1(&filter, m)?;
                if !item.is_none() {
                    append_piece(vm, &mut out, &item, isbytes, items)?;
                    items += 1;
                }
            } else {
                append_piece(vm, &mut out, &filter, isbytes, items)?;
                items += 1;
            }
            i = e;
            n += 1;
            st.set_must_advance(e == b);
            st.set_start(e);
        }
        if i < endpos {
            append_subject(&mut out, &subj, i, endpos);
        }
        Ok((out, n))
    })?;
    let result = if n == 0
        && matches!(&string, Value::Obj(o) if o.class().is(&vm.types.str_) || o.class().is(&vm.types.bytes))
    {
        string
    } else if isbytes {
        vm.new_bytes(out)
    } else {
        match String::from_utf8(out) {
            Ok(s) => vm.new_str(s),
            Err(e) => vm.new_pystr(PyStr::from_wtf8(e.into_bytes())),
        }
    };
    if with_count {
        Ok(vm.new_tuple(vec![result, Value::Int(n)]))
    } else {
        Ok(result)
    }
}

fn pattern_sub(vm: &Vm, args: Args) -> PyResult<Value> {
    subx(vm, args, "sub", false)
}

fn pattern_subn(vm: &Vm, args: Args) -> PyResult<Value> {
    subx(vm, args, "subn", true)
}

const FLAG_NAMES: [(&str, u32); 9] = [
    ("re.TEMPLATE", FLAG_TEMPLATE),
    ("re.IGNORECASE", FLAG_IGNORECASE),
    ("re.LOCALE", FLAG_LOCALE),
    ("re.MULTILINE", FLAG_MULTILINE),
    ("re.DOTALL", FLAG_DOTALL),
    ("re.UNICODE", FLAG_UNICODE),
    ("re.VERBOSE", FLAG_VERBOSE),
    ("re.DEBUG", FLAG_DEBUG),
    ("re.ASCII", FLAG_ASCII),
];

/// The first `n` characters of `s`.
pub fn truncate_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

fn pattern_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let (_, p) = this(vm, &args)?;
    let mut flags = p.flags;
    if p.isbytes == Some(false) && flags & (FLAG_LOCALE | FLAG_UNICODE | FLAG_ASCII) == FLAG_UNICODE
    {
        flags &= !FLAG_UNICODE;
    }
    let prepr = vm.repr_string(&p.pattern)?;
    let prepr = truncate_chars(&prepr, 200);
    if flags == 0 {
        return Ok(vm.new_str(format!("re.compile({prepr})")));
    }
    let mut names = Vec::new();
    for (name, f) in FLAG_NAMES {
        if flags & f != 0 {
            names.push(name.to_string());
            flags &= !f;
        }
    }
    if flags != 0 {
        names.push(format!("0x{flags:x}"));
    }
    Ok(vm.new_str(format!("re.compile({prepr}, {})", names.join("|"))))
}

fn pattern_eq_impl(vm: &Vm, args: &Args) -> PyResult<Option<bool>> {
    let (a, p) = this(vm, args)?;
    let other = match args.args.get(1) {
        Some(Value::Obj(o)) => o,
        _ => return Ok(None),
    };
    let Some(q) = other.payload.native::<PatternData>() else {
        return Ok(None);
    };
    if a.is(other) {
        return Ok(Some(true));
    }
    if p.flags != q.flags || p.isbytes != q.isbytes || p.code != q.code {
        return Ok(Some(false));
    }
    Ok(Some(vm.eq(&p.pattern, &q.pattern)?))
}

fn pattern_eq(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(match pattern_eq_impl(vm, &args)? {
        Some(b) => Value::Bool(b),
        None => vm.not_implemented(),
    })
}

fn pattern_ne(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(match pattern_eq_impl(vm, &args)? {
        Some(b) => Value::Bool(!b),
        None => vm.not_implemented(),
    })
}

fn pattern_hash(vm: &Vm, args: Args) -> PyResult<Value> {
    let (_, p) = this(vm, &args)?;
    let mut h = vm.hash(&p.pattern)?;
    let bytes: Vec<u8> = p.code.iter().flat_map(|c| c.to_le_bytes()).collect();
    h ^= hash_bytes(&bytes);
    h ^= p.flags as i64;
    h ^= match p.isbytes {
        None => -1,
        Some(b) => b as i64,
    };
    h ^= p.code.len() as i64;
    if h == -1 {
        h = -2;
    }
    Ok(Value::Int(h))
}

fn return_self(_vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(args.args.first().cloned().unwrap_or(Value::None))
}

fn class_getitem(_vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(args.args.first().cloned().unwrap_or(Value::None))
}

fn pattern_get_pattern(vm: &Vm, v: &Value) -> PyResult<Value> {
    let p = native(vm, v)?;
    Ok(p.pattern.clone())
}

fn pattern_get_flags(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(native(vm, v)?.flags as i64))
}

fn pattern_get_groups(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(native(vm, v)?.groups as i64))
}

fn pattern_get_groupindex(vm: &Vm, v: &Value) -> PyResult<Value> {
    let p = native(vm, v)?;
    if p.groupindex.is_none() {
        return Ok(vm.new_dict());
    }
    Ok(Value::Obj(ObjRef::new(
        &vm.types.mappingproxy,
        Payload::MappingProxy(p.groupindex.clone()),
    )))
}

fn native<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a PatternData> {
    match v {
        Value::Obj(o) => o.payload.native::<PatternData>(),
        _ => None,
    }
    .ok_or_else(|| vm.type_error("descriptor requires a 're.Pattern' object"))
}

pub fn init_type(vm: &Vm, t: &ObjRef) {
    vm.add_method(t, "match", pattern_match);
    vm.add_method(t, "fullmatch", pattern_fullmatch);
    vm.add_method(t, "search", pattern_search);
    vm.add_method(t, "sub", pattern_sub);
    vm.add_method(t, "subn", pattern_subn);
    vm.add_method(t, "split", pattern_split);
    vm.add_method(t, "findall", pattern_findall);
    vm.add_method(t, "finditer", pattern_finditer);
    vm.add_method(t, "scanner", pattern_scanner);
    vm.add_method(t, "__repr__", pattern_repr);
    vm.add_method(t, "__eq__", pattern_eq);
    vm.add_method(t, "__ne__", pattern_ne);
    vm.add_method(t, "__hash__", pattern_hash);
    vm.add_method(t, "__copy__", return_self);
    vm.add_method(t, "__deepcopy__", return_self);
    vm.add_classmethod(t, "__class_getitem__", class_getitem);
    vm.add_getset(t, "pattern", pattern_get_pattern, None);
    vm.add_getset(t, "flags", pattern_get_flags, None);
    vm.add_getset(t, "groups", pattern_get_groups, None);
    vm.add_getset(t, "groupindex", pattern_get_groupindex, None);
}
