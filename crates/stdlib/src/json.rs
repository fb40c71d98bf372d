//! The `_json` module: the accelerators `json` uses when they exist, as CPython 3.11's
//! `Modules/_json.c`: `scanstring`, `encode_basestring(_ascii)`, the scanner type
//! (`make_scanner(context)`, called as `scan_once(string, idx)`) and the encoder type
//! (`make_encoder(...)`, called as `_iterencode(obj, _current_indent_level)`).
//!
//! Strings are scanned by code point (indices in errors and results are code point
//! indices, as CPython's); decoding errors are `json.decoder.JSONDecodeError`, and the
//! end of the input where a value is expected is `StopIteration(idx)`, which the
//! pure-Python `JSONDecoder` turns into "Expecting value".

use std::cell::RefCell;

use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::{NativeData, Payload};
use pyrs_vm::objects::str::PyStr;
use pyrs_vm::objects::{dict, float, int};
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::util::{bind, cls_arg, one_arg, rest, this, to_isize};

/// The code points of a str value, or None for anything else.
fn code_points(v: &Value) -> Option<Vec<u32>> {
    match v {
        Value::Obj(o) => o.payload.as_str().map(|s| s.code_points().collect()),
        _ => None,
    }
}

fn is_str(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if o.payload.as_str().is_some())
}

fn new_str(vm: &Vm, cps: &[u32]) -> Value {
    vm.new_pystr(PyStr::from_code_points(cps))
}

fn not_a_string(vm: &Vm, v: &Value) -> ObjRef {
    vm.type_error(format!(
        "first argument must be a string, not {}",
        vm.type_name(v)
    ))
}

/// `json.decoder.JSONDecodeError(msg, s, pos)`, raised.
fn errmsg(vm: &Vm, msg: &str, s: &Value, pos: i64) -> ObjRef {
    let cls = match pyrs_vm::import::import_module(vm, "json.decoder")
        .and_then(|m| vm.get_attr_str(&m, "JSONDecodeError"))
    {
        Ok(c) => c,
        Err(e) => return e,
    };
    match vm.call(
        &cls,
        Args::new(&[vm.new_str(msg), s.clone(), Value::Int(pos)]),
    ) {
        Ok(Value::Obj(e)) => e,
        Ok(other) => vm.type_error(format!(
            "exceptions must derive from BaseException, not {}",
            vm.type_name(&other)
        )),
        Err(e) => e,
    }
}

fn stop_at(vm: &Vm, idx: i64) -> ObjRef {
    vm.stop_iteration(Some(Value::Int(idx)))
}

fn hex_digit(c: u32) -> Option<u32> {
    char::from_u32(c).and_then(|c| c.to_digit(16))
}

/// CPython's scanstring_unicode: the JSON string whose body starts at `end` (just after
/// the opening quote). Returns the decoded code points and the index after the closing
/// quote.
fn scan_string(
    vm: &Vm,
    s: &[u32],
    pystr: &Value,
    end: i64,
    strict: bool,
) -> PyResult<(Vec<u32>, i64)> {
    let len = s.len() as i64;
    if end < 0 || len < end {
        return Err(vm.value_error("end is out of bounds"));
    }
    let begin = end - 1;
    let mut end = end;
    let mut out: Vec<u32> = Vec::new();
    loop {
        // Find the end of the string or the next escape.
        let mut next = end;
        let mut c = 0u32;
        while next < len {
            c = s[next as usize];
            if c == '"' as u32 || c == '\\' as u32 {
                break;
            }
            if c <= 0x1f && strict {
                return Err(errmsg(vm, "Invalid control character at", pystr, next));
            }
            next += 1;
        }
        if next >= len || (c != '"' as u32 && c != '\\' as u32) {
            return Err(errmsg(vm, "Unterminated string starting at", pystr, begin));
        }
        out.extend_from_slice(&s[end as usize..next as usize]);
        next += 1;
        if c == '"' as u32 {
            end = next;
            break;
        }
        if next == len {
            return Err(errmsg(vm, "Unterminated string starting at", pystr, begin));
        }
        let mut c = s[next as usize];
        if c != 'u' as u32 {
            // A one-character escape.
            end = next + 1;
            c = match char::from_u32(c) {
                Some('"') => '"' as u32,
                Some('\\') => '\\' as u32,
                Some('/') => '/' as u32,
                Some('b') => 8,
                Some('f') => 12,
                Some('n') => 10,
                Some('r') => 13,
                Some('t') => 9,
                _ => return Err(errmsg(vm, "Invalid \\escape", pystr, end - 2)),
            };
        } else {
            next += 1;
            end = next + 4;
            if end >= len {
                return Err(errmsg(vm, "Invalid \\uXXXX escape", pystr, next - 1));
            }
            c = 0;
            while next < end {
                match hex_digit(s[next as usize]) {
                    Some(d) => c = (c << 4) | d,
                    None => return Err(errmsg(vm, "Invalid \\uXXXX escape", pystr, end - 5)),
                }
                next += 1;
            }
            // A high surrogate followed by an escaped low surrogate makes one character.
            if (0xd800..0xdc00).contains(&c)
                && end + 6 < len
                && s[next as usize] == '\\' as u32
                && s[next as usize + 1] == 'u' as u32
            {
                next += 2;
                let mut c2 = 0u32;
                end += 6;
                while next < end {
                    match hex_digit(s[next as usize]) {
                        Some(d) => c2 = (c2 << 4) | d,
                        None => return Err(errmsg(vm, "Invalid \\uXXXX escape", pystr, end - 5)),
                    }
                    next += 1;
                }
                if (0xdc00..0xe000).contains(&c2) {
                    c = 0x10000 + (((c - 0xd800) << 10) | (c2 - 0xdc00));
                } else {
                    end -= 6;
                }
            }
        }
        out.push(c);
    }
    Ok((out, end))
}

/// `scanstring(string, end, strict=True) -> (string, end)`.
fn scanstring(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = crate::util::pos_only(vm, "scanstring", &rest(&args), 2, 3)?;
    let end = to_isize(vm, &p[1])?;
    let strict = match p.get(2) {
        Some(v) => to_isize(vm, v)? != 0,
        None => true,
    };
    let s = code_points(&p[0]).ok_or_else(|| not_a_string(vm, &p[0]))?;
    let (out, next) = scan_string(vm, &s, &p[0], end, strict)?;
    Ok(vm.new_tuple(vec![new_str(vm, &out), Value::Int(next)]))
}

/// CPython's ascii_escape_unichar: a code point as a JSON escape (surrogate pairs for
/// characters outside the BMP).
fn push_escape(out: &mut String, c: u32) {
    match c {
        0x5c => out.push_str("\\\\"),
        0x22 => out.push_str("\\\""),
        8 => out.push_str("\\b"),
        12 => out.push_str("\\f"),
        10 => out.push_str("\\n"),
        13 => out.push_str("\\r"),
        9 => out.push_str("\\t"),
        _ if c >= 0x10000 => {
            let v = c - 0x10000;
            let hi = 0xd800 | ((v >> 10) & 0x3ff);
            let lo = 0xdc00 | (v & 0x3ff);
            out.push_str(&format!("\\u{hi:04x}\\u{lo:04x}"));
        }
        _ => out.push_str(&format!("\\u{c:04x}")),
    }
}

fn escape_ascii(s: &PyStr) -> String {
    let mut out = String::with_capacity(s.as_bytes().len() + 2);
    out.push('"');
    for c in s.code_points() {
        if (0x20..=0x7e).contains(&c) && c != 0x5c && c != 0x22 {
            out.push(c as u8 as char);
        } else {
            push_escape(&mut out, c);
        }
    }
    out.push('"');
    out
}

fn escape_unicode(s: &PyStr) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::with_capacity(s.as_bytes().len() + 2);
    out.push('"' as u32);
    let mut tmp = String::new();
    for c in s.code_points() {
        match c {
            0x5c | 0x22 | 8 | 12 | 10 | 13 | 9 => {
                tmp.clear();
                push_escape(&mut tmp, c);
                out.extend(tmp.chars().map(|ch| ch as u32));
            }
            _ if c <= 0x1f => {
                tmp.clear();
                push_escape(&mut tmp, c);
                out.extend(tmp.chars().map(|ch| ch as u32));
            }
            _ => out.push(c),
        }
    }
    out.push('"' as u32);
    out
}

fn encode_basestring_ascii(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = one_arg(vm, "_json.encode_basestring_ascii", &rest(&args))?;
    match v.as_obj().and_then(|o| o.payload.as_str()) {
        Some(s) => Ok(vm.new_str(escape_ascii(s))),
        None => Err(not_a_string(vm, v)),
    }
}

fn encode_basestring(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = one_arg(vm, "_json.encode_basestring", &rest(&args))?;
    match v.as_obj().and_then(|o| o.payload.as_str()) {
        Some(s) => Ok(new_str(vm, &escape_unicode(s))),
        None => Err(not_a_string(vm, v)),
    }
}

// ----- the scanner --------------------------------------------------------------------

struct Scanner {
    strict: bool,
    object_hook: Value,
    object_pairs_hook: Value,
    parse_float: Value,
    parse_int: Value,
    parse_constant: Value,
}

impl NativeData for Scanner {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.object_hook);
        visit(&self.object_pairs_hook);
        visit(&self.parse_float);
        visit(&self.parse_int);
        visit(&self.parse_constant);
    }
}

/// One decoding run: the scanner's settings, the input and the key memo.
struct Scan<'a> {
    vm: &'a Vm,
    sc: &'a Scanner,
    s: Vec<u32>,
    pystr: Value,
    memo: ObjRef,
}

fn is_ws(c: u32) -> bool {
    c == ' ' as u32 || c == '\t' as u32 || c == '\n' as u32 || c == '\r' as u32
}

impl Scan<'_> {
    fn at(&self, i: i64) -> u32 {
        self.s[i as usize]
    }

    fn end_idx(&self) -> i64 {
        self.s.len() as i64 - 1
    }

    fn skip_ws(&self, mut idx: i64) -> i64 {
        while idx <= self.end_idx() && is_ws(self.at(idx)) {
            idx += 1;
        }
        idx
    }

    fn is(&self, idx: i64, c: char) -> bool {
        idx <= self.end_idx() && self.at(idx) == c as u32
    }

    fn err(&self, msg: &str, pos: i64) -> ObjRef {
        errmsg(self.vm, msg, &self.pystr, pos)
    }

    fn parse_object(&self, mut idx: i64) -> PyResult<(Value, i64)> {
        let vm = self.vm;
        let pairs_hook = !self.sc.object_pairs_hook.is_none();
        let mut pairs: Vec<Value> = Vec::new();
        let d = vm.new_dict_obj();
        idx = self.skip_ws(idx);
        if !self.is(idx, '}') {
            loop {
                if !self.is(idx, '"') {
                    return Err(self.err("Expecting property name enclosed in double quotes", idx));
                }
                let (k, next) = scan_string(vm, &self.s, &self.pystr, idx + 1, self.sc.strict)?;
                let key = new_str(vm, &k);
                let key = match dict::get(vm, &self.memo, &key)? {
                    Some(m) => m,
                    None => {
                        dict::set(vm, &self.memo, key.clone(), key.clone())?;
                        key
                    }
                };
                idx = self.skip_ws(next);
                if !self.is(idx, ':') {
                    return Err(self.err("Expecting ':' delimiter", idx));
                }
                idx = self.skip_ws(idx + 1);
                let (val, next) = self.scan_once(idx)?;
                if pairs_hook {
                    pairs.push(vm.new_tuple(vec![key, val]));
                } else {
                    dict::set(vm, &d, key, val)?;
                }
                idx = self.skip_ws(next);
                if self.is(idx, '}') {
                    break;
                }
                if !self.is(idx, ',') {
                    return Err(self.err("Expecting ',' delimiter", idx));
                }
                idx = self.skip_ws(idx + 1);
            }
        }
        let next = idx + 1;
        if pairs_hook {
            let l = vm.new_list(pairs);
            return Ok((vm.call(&self.sc.object_pairs_hook, Args::new(&[l]))?, next));
        }
        if !self.sc.object_hook.is_none() {
            let r = vm.call(&self.sc.object_hook, Args::new(&[Value::Obj(d)]))?;
            return Ok((r, next));
        }
        Ok((Value::Obj(d), next))
    }

    fn parse_array(&self, mut idx: i64) -> PyResult<(Value, i64)> {
        let mut items: Vec<Value> = Vec::new();
        idx = self.skip_ws(idx);
        if !self.is(idx, ']') {
            loop {
                let (val, next) = self.scan_once(idx)?;
                items.push(val);
                idx = self.skip_ws(next);
                if self.is(idx, ']') {
                    break;
                }
                if !self.is(idx, ',') {
                    return Err(self.err("Expecting ',' delimiter", idx));
                }
                idx = self.skip_ws(idx + 1);
            }
        }
        if !self.is(idx, ']') {
            return Err(self.err("Expecting value", self.end_idx()));
        }
        Ok((self.vm.new_list(items), idx + 1))
    }

    fn constant(&self, name: &str, idx: i64) -> PyResult<(Value, i64)> {
        let c = Value::Obj(self.vm.intern(name));
        let r = self.vm.call(&self.sc.parse_constant, Args::new(&[c]))?;
        Ok((r, idx + name.len() as i64))
    }

    fn digit(&self, idx: i64) -> bool {
        idx <= self.end_idx() && (('0' as u32)..=('9' as u32)).contains(&self.at(idx))
    }

    fn match_number(&self, start: i64) -> PyResult<(Value, i64)> {
        let vm = self.vm;
        let end_idx = self.end_idx();
        let mut idx = start;
        if self.at(idx) == '-' as u32 {
            idx += 1;
            if idx > end_idx {
                return Err(stop_at(vm, start));
            }
        }
        let c = self.at(idx);
        if (('1' as u32)..=('9' as u32)).contains(&c) {
            idx += 1;
            while self.digit(idx) {
                idx += 1;
            }
        } else if c == '0' as u32 {
            idx += 1;
        } else {
            return Err(stop_at(vm, start));
        }
        let mut is_float = false;
        if idx < end_idx && self.at(idx) == '.' as u32 && self.digit(idx + 1) {
            is_float = true;
            idx += 2;
            while self.digit(idx) {
                idx += 1;
            }
        }
        if idx < end_idx && (self.at(idx) == 'e' as u32 || self.at(idx) == 'E' as u32) {
            let e_start = idx;
            idx += 1;
            if idx < end_idx && (self.at(idx) == '-' as u32 || self.at(idx) == '+' as u32) {
                idx += 1;
            }
            while self.digit(idx) {
                idx += 1;
            }
            if self.digit(idx - 1) {
                is_float = true;
            } else {
                idx = e_start;
            }
        }
        let text: String = self.s[start as usize..idx as usize]
            .iter()
            .map(|&c| c as u8 as char)
            .collect();
        let float_t = Value::Obj(vm.types.float.clone());
        let int_t = Value::Obj(vm.types.int.clone());
        let custom = if is_float && !self.sc.parse_float.is(&float_t) {
            Some(&self.sc.parse_float)
        } else if !is_float && !self.sc.parse_int.is(&int_t) {
            Some(&self.sc.parse_int)
        } else {
            None
        };
        let r = match custom {
            Some(f) => vm.call(f, Args::new(&[vm.new_str(text)]))?,
            None if is_float => match text.parse::<f64>() {
                Ok(f) => Value::Float(f),
                Err(_) => vm.call(&float_t, Args::new(&[vm.new_str(text)]))?,
            },
            None => match text.parse::<i64>() {
                Ok(i) if text.len() < 19 => Value::Int(i),
                // Long numbers go through int() for its digit limit.
                _ => vm.call(&int_t, Args::new(&[vm.new_str(text)]))?,
            },
        };
        Ok((r, idx))
    }

    fn matches(&self, idx: i64, word: &str) -> bool {
        let n = word.len() as i64;
        idx + n - 1 < self.s.len() as i64
            && word
                .bytes()
                .enumerate()
                .all(|(i, b)| self.at(idx + i as i64) == b as u32)
    }

    fn scan_once(&self, idx: i64) -> PyResult<(Value, i64)> {
        let vm = self.vm;
        if idx < 0 {
            return Err(vm.value_error("idx cannot be negative"));
        }
        if idx >= self.s.len() as i64 {
            return Err(stop_at(vm, idx));
        }
        match char::from_u32(self.at(idx)) {
            Some('"') => {
                let (out, next) = scan_string(vm, &self.s, &self.pystr, idx + 1, self.sc.strict)?;
                return Ok((new_str(vm, &out), next));
            }
            Some('{') => {
                vm.enter_recursion(" while decoding a JSON object from a unicode string")?;
                let r = self.parse_object(idx + 1);
                vm.leave_recursion();
                return r;
            }
            Some('[') => {
                vm.enter_recursion(" while decoding a JSON array from a unicode string")?;
                let r = self.parse_array(idx + 1);
                vm.leave_recursion();
                return r;
            }
            Some('n') if self.matches(idx, "null") => return Ok((Value::None, idx + 4)),
            Some('t') if self.matches(idx, "true") => return Ok((Value::Bool(true), idx + 4)),
            Some('f') if self.matches(idx, "false") => return Ok((Value::Bool(false), idx + 5)),
            Some('N') if self.matches(idx, "NaN") => return self.constant("NaN", idx),
            Some('I') if self.matches(idx, "Infinity") => return self.constant("Infinity", idx),
            Some('-') if self.matches(idx, "-Infinity") => return self.constant("-Infinity", idx),
            _ => {}
        }
        self.match_number(idx)
    }
}

fn scanner_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let a = bind(vm, "make_scanner", &rest(&args), &["context"], 1)?;
    let ctx = a[0].clone().unwrap_or(Value::None);
    let strict = vm.get_attr_str(&ctx, "strict")?;
    let strict = vm.is_true(&strict)?;
    let object_hook = vm.get_attr_str(&ctx, "object_hook")?;
    let object_pairs_hook = vm.get_attr_str(&ctx, "object_pairs_hook")?;
    let parse_float = vm.get_attr_str(&ctx, "parse_float")?;
    let parse_int = vm.get_attr_str(&ctx, "parse_int")?;
    let parse_constant = vm.get_attr_str(&ctx, "parse_constant")?;
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        Scanner {
            strict,
            object_hook,
            object_pairs_hook,
            parse_float,
            parse_int,
            parse_constant,
        },
    )))
}

fn scanner_call(vm: &Vm, args: Args) -> PyResult<Value> {
    let sc: &Scanner = this(vm, &args, "_json.Scanner")?;
    let a = bind(vm, "scan_once", &rest(&args), &["string", "idx"], 2)?;
    let pystr = a[0].clone().unwrap_or(Value::None);
    let idx = to_isize(vm, a[1].as_ref().unwrap_or(&Value::None))?;
    let s = code_points(&pystr).ok_or_else(|| not_a_string(vm, &pystr))?;
    let scan = Scan {
        vm,
        sc,
        s,
        pystr,
        memo: vm.new_dict_obj(),
    };
    let (v, next) = scan.scan_once(idx)?;
    Ok(vm.new_tuple(vec![v, Value::Int(next)]))
}

macro_rules! scanner_getter {
    ($name:ident, $field:ident) => {
        fn $name(vm: &Vm, v: &Value) -> PyResult<Value> {
            match crate::util::native_of::<Scanner>(v) {
                Some(s) => Ok(s.$field.clone()),
                None => Err(vm.type_error("descriptor requires a '_json.Scanner' object")),
            }
        }
    };
}
scanner_getter!(sc_object_hook, object_hook);
scanner_getter!(sc_object_pairs_hook, object_pairs_hook);
scanner_getter!(sc_parse_float, parse_float);
scanner_getter!(sc_parse_int, parse_int);
scanner_getter!(sc_parse_constant, parse_constant);

fn sc_strict(vm: &Vm, v: &Value) -> PyResult<Value> {
    match crate::util::native_of::<Scanner>(v) {
        Some(s) => Ok(Value::Bool(s.strict)),
        None => Err(vm.type_error("descriptor requires a '_json.Scanner' object")),
    }
}

// ----- the encoder --------------------------------------------------------------------

struct Encoder {
    markers: Value,
    default: Value,
    encoder: Value,
    indent: Value,
    key_separator: Value,
    item_separator: Value,
    sort_keys: bool,
    skipkeys: bool,
    allow_nan: bool,
}

impl NativeData for Encoder {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.markers);
        visit(&self.default);
        visit(&self.encoder);
        visit(&self.indent);
        visit(&self.key_separator);
        visit(&self.item_separator);
    }
}

fn encoder_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let names = [
        "markers",
        "default",
        "encoder",
        "indent",
        "key_separator",
        "item_separator",
        "sort_keys",
        "skipkeys",
        "allow_nan",
    ];
    let a = bind(vm, "make_encoder", &rest(&args), &names, 9)?;
    let a: Vec<Value> = a.into_iter().map(|v| v.unwrap_or(Value::None)).collect();
    for (i, v) in a.iter().enumerate().skip(4).take(2) {
        if !is_str(v) {
            return Err(vm.type_error(format!(
                "make_encoder() argument {} must be str, not {}",
                i + 1,
                vm.type_name(v)
            )));
        }
    }
    let sort_keys = vm.is_true(&a[6])?;
    let skipkeys = vm.is_true(&a[7])?;
    let allow_nan = vm.is_true(&a[8])?;
    let markers = &a[0];
    if !markers.is_none() && !matches!(markers, Value::Obj(o) if o.payload.as_dict().is_some()) {
        return Err(vm.type_error(format!(
            "make_encoder() argument 1 must be dict or None, not {}",
            vm.type_name(markers)
        )));
    }
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        Encoder {
            markers: a[0].clone(),
            default: a[1].clone(),
            encoder: a[2].clone(),
            indent: a[3].clone(),
            key_separator: a[4].clone(),
            item_separator: a[5].clone(),
            sort_keys,
            skipkeys,
            allow_nan,
        },
    )))
}

/// The text being built: str values appended as they are (surrogates included).
struct Writer {
    buf: RefCell<Vec<u8>>,
}

impl Writer {
    fn push_ascii(&self, s: &str) {
        self.buf.borrow_mut().extend_from_slice(s.as_bytes());
    }

    fn push_str(&self, vm: &Vm, v: &Value) -> PyResult<()> {
        match v.as_obj().and_then(|o| o.payload.as_str()) {
            Some(s) => {
                self.buf.borrow_mut().extend_from_slice(s.as_bytes());
                Ok(())
            }
            None => Err(vm.type_error(format!("expected str, got {}", vm.type_name(v)))),
        }
    }
}

impl Encoder {
    fn encode_float(&self, vm: &Vm, f: f64) -> PyResult<String> {
        if !f.is_finite() {
            if !self.allow_nan {
                return Err(vm.value_error("Out of range float values are not JSON compliant"));
            }
            return Ok(if f > 0.0 {
                "Infinity"
            } else if f < 0.0 {
                "-Infinity"
            } else {
                "NaN"
            }
            .to_string());
        }
        Ok(float::repr(f))
    }

    fn encode_string(&self, vm: &Vm, obj: &Value) -> PyResult<Value> {
        let encoded = vm.call(&self.encoder, Args::new(std::slice::from_ref(obj)))?;
        if !is_str(&encoded) {
            return Err(vm.type_error(format!(
                "encoder() must return a string, not {}",
                vm.type_name(&encoded)
            )));
        }
        Ok(encoded)
    }

    /// Register `obj` in the markers dict (circular reference check); the key to remove
    /// afterwards.
    fn mark(&self, vm: &Vm, obj: &Value) -> PyResult<Option<Value>> {
        match &self.markers {
            Value::Obj(m) if m.payload.as_dict().is_some() => {
                let ident = Value::Int(obj.id());
                if dict::get(vm, m, &ident)?.is_some() {
                    return Err(vm.value_error("Circular reference detected"));
                }
                dict::set(vm, m, ident.clone(), obj.clone())?;
                Ok(Some(ident))
            }
            _ => Ok(None),
        }
    }

    fn unmark(&self, vm: &Vm, ident: Option<Value>) -> PyResult<()> {
        if let (Some(ident), Value::Obj(m)) = (ident, &self.markers) {
            if dict::remove(vm, m, &ident)?.is_none() {
                return Err(vm.new_exception(&vm.exc.key_error, vec![ident]));
            }
        }
        Ok(())
    }

    fn encode_obj(&self, vm: &Vm, w: &Writer, obj: &Value, indent_level: i64) -> PyResult<()> {
        match obj {
            Value::None => {
                w.push_ascii("null");
                return Ok(());
            }
            Value::Bool(true) => {
                w.push_ascii("true");
                return Ok(());
            }
            Value::Bool(false) => {
                w.push_ascii("false");
                return Ok(());
            }
            Value::Int(i) => {
                w.push_ascii(&i.to_string());
                return Ok(());
            }
            Value::Float(f) => {
                w.push_ascii(&self.encode_float(vm, *f)?);
                return Ok(());
            }
            _ => {}
        }
        if let Value::Obj(o) = obj {
            match &o.payload {
                Payload::Str(_) => {
                    let e = self.encode_string(vm, obj)?;
                    return w.push_str(vm, &e);
                }
                Payload::Int(i) => {
                    w.push_ascii(&int::decimal_string(vm, i)?);
                    return Ok(());
                }
                Payload::Float(f) => {
                    w.push_ascii(&self.encode_float(vm, *f)?);
                    return Ok(());
                }
                Payload::List(_) | Payload::Tuple(_) => {
                    vm.enter_recursion(" while encoding a JSON object")?;
                    let r = self.encode_list(vm, w, obj, indent_level);
                    vm.leave_recursion();
                    return r;
                }
                Payload::Dict(_) => {
                    vm.enter_recursion(" while encoding a JSON object")?;
                    let r = self.encode_dict(vm, w, o, indent_level);
                    vm.leave_recursion();
                    return r;
                }
                _ => {}
            }
        }
        let ident = self.mark(vm, obj)?;
        let newobj = vm.call(&self.default, Args::new(std::slice::from_ref(obj)))?;
        vm.enter_recursion(" while encoding a JSON object")?;
        let r = self.encode_obj(vm, w, &newobj, indent_level);
        vm.leave_recursion();
        r?;
        self.unmark(vm, ident)
    }

    fn encode_list(&self, vm: &Vm, w: &Writer, seq: &Value, indent_level: i64) -> PyResult<()> {
        // A list is read item by item as it is now (the default function may change
        // it, as CPython's PySequence_Fast loop sees).
        let list = seq.as_obj().and_then(|o| o.payload.as_list());
        let items: Vec<Value> = match seq {
            Value::Obj(o) => match &o.payload {
                Payload::List(_) => Vec::new(),
                Payload::Tuple(t) => t.to_vec(),
                _ => vm.collect(seq)?,
            },
            _ => vm.collect(seq)?,
        };
        let len = |items: &Vec<Value>| list.map_or(items.len(), |l| l.borrow().len());
        if len(&items) == 0 {
            w.push_ascii("[]");
            return Ok(());
        }
        let ident = self.mark(vm, seq)?;
        w.push_ascii("[");
        let level = if self.indent.is_none() {
            indent_level
        } else {
            indent_level + 1
        };
        let mut i = 0;
        while i < len(&items) {
            let item = match list {
                Some(l) => match l.borrow().get(i) {
                    Some(v) => v.clone(),
                    None => break,
                },
                None => items[i].clone(),
            };
            if i > 0 {
                w.push_str(vm, &self.item_separator)?;
            }
            self.encode_obj(vm, w, &item, level)?;
            i += 1;
        }
        self.unmark(vm, ident)?;
        w.push_ascii("]");
        Ok(())
    }

    fn encode_dict(&self, vm: &Vm, w: &Writer, d: &ObjRef, indent_level: i64) -> PyResult<()> {
        let dv = Value::Obj(d.clone());
        if d.payload.as_dict().is_some_and(|t| t.borrow().is_empty()) {
            w.push_ascii("{}");
            return Ok(());
        }
        let ident = self.mark(vm, &dv)?;
        w.push_ascii("{");
        let level = if self.indent.is_none() {
            indent_level
        } else {
            indent_level + 1
        };
        let items: Vec<(Value, Value)> = if self.sort_keys || !d.class().is(&vm.types.dict) {
            let items = vm.call_method(&dv, "items", &[])?;
            let list = vm.new_list(vm.collect(&items)?);
            if self.sort_keys {
                vm.call_method(&list, "sort", &[])?;
            }
            let mut out = Vec::new();
            for item in vm.collect(&list)? {
                match item.as_obj().and_then(|t| t.payload.as_tuple()) {
                    Some([k, v]) => out.push((k.clone(), v.clone())),
                    _ => return Err(vm.value_error("items must return 2-tuples")),
                }
            }
            out
        } else {
            d.payload
                .as_dict()
                .map(|t| t.borrow().items())
                .unwrap_or_default()
        };
        let mut first = true;
        for (key, value) in items {
            let keystr: Value = match &key {
                Value::Obj(o) if o.payload.as_str().is_some() => key.clone(),
                Value::Float(f) => vm.new_str(self.encode_float(vm, *f)?),
                Value::Obj(o) if matches!(o.payload, Payload::Float(_)) => {
                    let f = match &o.payload {
                        Payload::Float(f) => *f,
                        _ => 0.0,
                    };
                    vm.new_str(self.encode_float(vm, f)?)
                }
                Value::Bool(true) => vm.new_str("true"),
                Value::Bool(false) => vm.new_str("false"),
                Value::None => vm.new_str("null"),
                Value::Int(i) => vm.new_str(i.to_string()),
                Value::Obj(o) if matches!(o.payload, Payload::Int(_)) => match &o.payload {
                    Payload::Int(i) => vm.new_str(int::decimal_string(vm, i)?),
                    _ => Value::None,
                },
                _ if self.skipkeys => continue,
                _ => {
                    return Err(vm.type_error(format!(
                        "keys must be str, int, float, bool or None, not {}",
                        vm.type_name(&key)
                    )))
                }
            };
            if first {
                first = false;
            } else {
                w.push_str(vm, &self.item_separator)?;
            }
            let encoded = self.encode_string(vm, &keystr)?;
            w.push_str(vm, &encoded)?;
            w.push_str(vm, &self.key_separator)?;
            self.encode_obj(vm, w, &value, level)?;
        }
        self.unmark(vm, ident)?;
        w.push_ascii("}");
        Ok(())
    }
}

fn encoder_call(vm: &Vm, args: Args) -> PyResult<Value> {
    let enc: &Encoder = this(vm, &args, "_json.Encoder")?;
    let a = bind(
        vm,
        "_iterencode",
        &rest(&args),
        &["obj", "_current_indent_level"],
        2,
    )?;
    let obj = a[0].clone().unwrap_or(Value::None);
    let level = to_isize(vm, a[1].as_ref().unwrap_or(&Value::None))?;
    let w = Writer {
        buf: RefCell::new(Vec::new()),
    };
    enc.encode_obj(vm, &w, &obj, level)?;
    let s = vm.new_pystr(PyStr::from_wtf8(w.buf.into_inner()));
    Ok(vm.new_tuple(vec![s]))
}

macro_rules! encoder_getter {
    ($name:ident, $field:ident) => {
        fn $name(vm: &Vm, v: &Value) -> PyResult<Value> {
            match crate::util::native_of::<Encoder>(v) {
                Some(e) => Ok(e.$field.clone()),
                None => Err(vm.type_error("descriptor requires a '_json.Encoder' object")),
            }
        }
    };
}
encoder_getter!(enc_markers, markers);
encoder_getter!(enc_default, default);
encoder_getter!(enc_encoder, encoder);
encoder_getter!(enc_indent, indent);
encoder_getter!(enc_key_separator, key_separator);
encoder_getter!(enc_item_separator, item_separator);

fn enc_sort_keys(vm: &Vm, v: &Value) -> PyResult<Value> {
    match crate::util::native_of::<Encoder>(v) {
        Some(e) => Ok(Value::Bool(e.sort_keys)),
        None => Err(vm.type_error("descriptor requires a '_json.Encoder' object")),
    }
}

fn enc_skipkeys(vm: &Vm, v: &Value) -> PyResult<Value> {
    match crate::util::native_of::<Encoder>(v) {
        Some(e) => Ok(Value::Bool(e.skipkeys)),
        None => Err(vm.type_error("descriptor requires a '_json.Encoder' object")),
    }
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_json");
    let d = m
        .dict()
        .ok_or_else(|| vm.runtime_error("_json: module without a dict"))?;
    dict::set_str(&d, &vm.names.__doc__, vm.new_str("json speedups\n"));
    let funcs: [(&'static str, pyrs_vm::object::NativeFn); 3] = [
        ("encode_basestring_ascii", encode_basestring_ascii),
        ("encode_basestring", encode_basestring),
        ("scanstring", scanstring),
    ];
    // Bound to the module, as CPython's module functions (their `__self__` and
    // `__module__`); the functions skip that first argument.
    for (name, f) in funcs {
        let func = vm.new_builtin(name, f, Value::Obj(m.clone()));
        dict::set_str(&d, &vm.intern(name), func);
    }

    let sc = vm.new_native_type("_json", "Scanner", None, false, false);
    vm.add_static(&sc, "__new__", scanner_new);
    vm.add_method(&sc, "__call__", scanner_call);
    vm.add_getset(&sc, "strict", sc_strict, None);
    vm.add_getset(&sc, "object_hook", sc_object_hook, None);
    vm.add_getset(&sc, "object_pairs_hook", sc_object_pairs_hook, None);
    vm.add_getset(&sc, "parse_float", sc_parse_float, None);
    vm.add_getset(&sc, "parse_int", sc_parse_int, None);
    vm.add_getset(&sc, "parse_constant", sc_parse_constant, None);
    if let Some(td) = sc.dict() {
        dict::set_str(&td, &vm.names.__doc__, vm.new_str("JSON scanner object"));
    }
    dict::set_str(&d, &vm.intern("make_scanner"), Value::Obj(sc));

    let enc = vm.new_native_type("_json", "Encoder", None, false, false);
    vm.add_static(&enc, "__new__", encoder_new);
    vm.add_method(&enc, "__call__", encoder_call);
    vm.add_getset(&enc, "markers", enc_markers, None);
    vm.add_getset(&enc, "default", enc_default, None);
    vm.add_getset(&enc, "encoder", enc_encoder, None);
    vm.add_getset(&enc, "indent", enc_indent, None);
    vm.add_getset(&enc, "key_separator", enc_key_separator, None);
    vm.add_getset(&enc, "item_separator", enc_item_separator, None);
    vm.add_getset(&enc, "sort_keys", enc_sort_keys, None);
    vm.add_getset(&enc, "skipkeys", enc_skipkeys, None);
    if let Some(td) = enc.dict() {
        dict::set_str(
            &td,
            &vm.names.__doc__,
            vm.new_str("_iterencode(obj, _current_indent_level) -> iterable"),
        );
    }
    dict::set_str(&d, &vm.intern("make_encoder"), Value::Obj(enc));
    Ok(m)
}
