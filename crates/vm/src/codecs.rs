//! The codec core shared by `str.encode`, `bytes.decode`, the `_codecs` module and
//! `_io.TextIOWrapper`: the built-in codecs (UTF-8, UTF-16, UTF-32, Latin-1, ASCII) and
//! the error handlers (strict, ignore, replace, backslashreplace, xmlcharrefreplace,
//! namereplace, surrogateescape, surrogatepass, and handlers registered from Python with
//! `codecs.register_error`).
//!
//! Decoders produce generalized UTF-8 (the `PyStr` storage: lone surrogates allowed) and
//! report how many input bytes they consumed, so that incremental decoders can keep an
//! incomplete sequence for the next call. Error messages and exception arguments are
//! CPython's.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::memory::ObjRef;
use crate::object::Payload;
use crate::objects::str::{decode_at, push_code_point, PyStr};
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

thread_local! {
    /// Error handlers registered with `codecs.register_error`, by name.
    static ERROR_HANDLERS: RefCell<HashMap<String, Value>> = RefCell::new(HashMap::new());
}

/// `codecs.register_error(name, handler)`.
pub fn register_error(name: &str, handler: Value) {
    ERROR_HANDLERS.with(|h| h.borrow_mut().insert(name.to_string(), handler));
}

/// A handler registered from Python, if any.
pub fn registered_error(name: &str) -> Option<Value> {
    ERROR_HANDLERS.with(|h| h.borrow().get(name).cloned())
}

/// The error handlers implemented natively.
pub const BUILTIN_ERRORS: [&str; 8] = [
    "strict",
    "ignore",
    "replace",
    "backslashreplace",
    "xmlcharrefreplace",
    "namereplace",
    "surrogateescape",
    "surrogatepass",
];

/// Normalise an encoding name the way `encodings.normalize_encoding` and CPython's fast
/// paths do: lower case, `_` and spaces as `-`.
pub fn normalize_encoding(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| match c {
            '_' | ' ' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The codecs implemented natively, by normalised name.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Builtin {
    Utf8,
    Ascii,
    Latin1,
    Utf16,
    Utf16Le,
    Utf16Be,
    Utf32,
    Utf32Le,
    Utf32Be,
}

impl Builtin {
    pub fn lookup(encoding: &str) -> Option<Builtin> {
        Some(match normalize_encoding(encoding).as_str() {
            "utf-8" | "utf8" | "u8" | "utf" | "cp65001" => Builtin::Utf8,
            "ascii" | "us-ascii" | "646" | "us" | "ansi-x3.4-1968" => Builtin::Ascii,
            "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" | "l1" | "8859" | "cp819"
            | "latin" | "iso-ir-100" => Builtin::Latin1,
            "utf-16" | "utf16" | "u16" => Builtin::Utf16,
            "utf-16-le" | "utf-16le" | "utf16le" => Builtin::Utf16Le,
            "utf-16-be" | "utf-16be" | "utf16be" => Builtin::Utf16Be,
            "utf-32" | "utf32" | "u32" => Builtin::Utf32,
            "utf-32-le" | "utf-32le" | "utf32le" => Builtin::Utf32Le,
            "utf-32-be" | "utf-32be" | "utf32be" => Builtin::Utf32Be,
            _ => return None,
        })
    }

    /// The codec's name as its errors and `codecs.lookup(..).name` spell it.
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Utf8 => "utf-8",
            Builtin::Ascii => "ascii",
            Builtin::Latin1 => "latin-1",
            Builtin::Utf16 => "utf-16",
            Builtin::Utf16Le => "utf-16-le",
            Builtin::Utf16Be => "utf-16-be",
            Builtin::Utf32 => "utf-32",
            Builtin::Utf32Le => "utf-32-le",
            Builtin::Utf32Be => "utf-32-be",
        }
    }
}

// ----- exceptions --------------------------------------------------------------------

/// A UnicodeDecodeError/UnicodeEncodeError with CPython's five arguments and attributes.
pub fn unicode_error(vm: &Vm, ty: &ObjRef, args: Vec<Value>) -> PyResult<ObjRef> {
    let exc = vm.new_exception(ty, args);
    if let Some(init) = vm.lookup_special(&Value::Obj(exc.clone()), &vm.names.__init__) {
        let a = crate::objects::exceptions::args_of(&exc);
        let mut v = vec![Value::Obj(exc.clone())];
        v.extend(a);
        vm.call(&init, Args::new(&v))?;
    }
    Ok(exc)
}

pub fn decode_error_obj(
    vm: &Vm,
    encoding: &str,
    input: &[u8],
    start: usize,
    end: usize,
    reason: &str,
) -> PyResult<ObjRef> {
    unicode_error(
        vm,
        &vm.exc.unicode_decode_error,
        vec![
            vm.new_str(encoding),
            vm.new_bytes(input.to_vec()),
            Value::Int(start as i64),
            Value::Int(end as i64),
            vm.new_str(reason),
        ],
    )
}

fn encode_error_obj(
    vm: &Vm,
    encoding: &str,
    s: &Value,
    start: usize,
    end: usize,
    reason: &str,
) -> PyResult<ObjRef> {
    unicode_error(
        vm,
        &vm.exc.unicode_encode_error,
        vec![
            vm.new_str(encoding),
            s.clone(),
            Value::Int(start as i64),
            Value::Int(end as i64),
            vm.new_str(reason),
        ],
    )
}

fn unknown_handler(vm: &Vm, errors: &str) -> ObjRef {
    vm.new_exception_msg(
        &vm.exc.lookup_error,
        format!("unknown error handler name '{errors}'"),
    )
}

/// Call a Python error handler with `exc`; its (replacement, new position) result, the
/// position made absolute against `len`.
fn call_handler(
    vm: &Vm,
    handler: &Value,
    exc: &ObjRef,
    len: usize,
    decode: bool,
) -> PyResult<(Value, usize)> {
    let r = vm.call1(handler, Value::Obj(exc.clone()))?;
    let bad = || {
        vm.type_error(if decode {
            "decoding error handler must return (str, int) tuple"
        } else {
            "encoding error handler must return (str/bytes, int) tuple"
        })
    };
    let items = match &r {
        Value::Obj(o) => o.payload.as_tuple().map(|t| t.to_vec()).ok_or_else(bad)?,
        _ => return Err(bad()),
    };
    if items.len() != 2 {
        return Err(bad());
    }
    let ok_repl = match &items[0] {
        Value::Obj(o) => match &o.payload {
            Payload::Str(_) => true,
            Payload::Bytes(_) => !decode,
            _ => false,
        },
        _ => false,
    };
    if !ok_repl {
        return Err(bad());
    }
    let pos = match &items[1] {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        _ => return Err(bad()),
    };
    let pos = if pos < 0 { len as i64 + pos } else { pos };
    if pos < 0 || pos as usize > len {
        return Err(vm.new_exception_msg(
            &vm.exc.index_error,
            format!("position {pos} from error handler out of bounds"),
        ));
    }
    Ok((items[0].clone(), pos as usize))
}

// ----- decoding errors -----------------------------------------------------------------

/// Handle a decoding error on `input[start..end]`: push the replacement to `out` and give
/// the position to resume at. `surrogatepass` is handled by the codecs themselves.
#[allow(clippy::too_many_arguments)]
pub fn decode_error(
    vm: &Vm,
    encoding: &str,
    errors: &str,
    input: &[u8],
    start: usize,
    end: usize,
    reason: &str,
    out: &mut Vec<u8>,
) -> PyResult<usize> {
    match errors {
        "strict" => Err(decode_error_obj(vm, encoding, input, start, end, reason)?),
        "ignore" => Ok(end),
        "replace" => {
            out.extend_from_slice("\u{FFFD}".as_bytes());
            Ok(end)
        }
        "backslashreplace" => {
            for b in &input[start..end] {
                out.extend_from_slice(format!("\\x{b:02x}").as_bytes());
            }
            Ok(end)
        }
        "surrogateescape" => {
            let mut pos = start;
            while pos < end && input[pos] >= 0x80 {
                push_code_point(out, 0xDC00 + input[pos] as u32);
                pos += 1;
            }
            if pos == start {
                return Err(decode_error_obj(vm, encoding, input, start, end, reason)?);
            }
            Ok(pos)
        }
        "xmlcharrefreplace" | "namereplace" => {
            // CPython: these handlers only handle encoding errors.
            let exc = decode_error_obj(vm, encoding, input, start, end, reason)?;
            drop(exc);
            Err(vm.type_error(
                "don't know how to handle UnicodeDecodeError in error callback".to_string(),
            ))
        }
        "surrogatepass" => Err(decode_error_obj(vm, encoding, input, start, end, reason)?),
        _ => {
            let handler = registered_error(errors).ok_or_else(|| unknown_handler(vm, errors))?;
            let exc = decode_error_obj(vm, encoding, input, start, end, reason)?;
            let (repl, pos) = call_handler(vm, &handler, &exc, input.len(), true)?;
            if let Some(s) = repl.as_obj().and_then(|o| o.payload.as_str()) {
                out.extend_from_slice(s.as_bytes());
            }
            Ok(pos)
        }
    }
}

// ----- encoding errors -----------------------------------------------------------------

/// How the codec being run writes code points that a handler returns.
#[derive(Clone, Copy)]
pub enum EncodeTarget {
    /// Only code points below the limit (128 for ASCII, 256 for Latin-1), one byte each.
    Bytes(u32),
    Utf8,
    Utf16 {
        big: bool,
    },
    Utf32 {
        big: bool,
    },
}

impl EncodeTarget {
    /// Encode one code point; false when the codec cannot.
    fn push(self, out: &mut Vec<u8>, cp: u32) -> bool {
        let surrogate = (0xD800..0xE000).contains(&cp);
        match self {
            EncodeTarget::Bytes(limit) => {
                if cp >= limit {
                    return false;
                }
                out.push(cp as u8);
            }
            EncodeTarget::Utf8 => {
                if surrogate {
                    return false;
                }
                push_code_point(out, cp);
            }
            EncodeTarget::Utf16 { big } => {
                if surrogate {
                    return false;
                }
                push_utf16(out, cp, big);
            }
            EncodeTarget::Utf32 { big } => {
                if surrogate {
                    return false;
                }
                push_u32(out, cp, big);
            }
        }
        true
    }

    /// Encode a surrogate for `surrogatepass`; false when the codec has no form for it.
    fn push_surrogate(self, out: &mut Vec<u8>, cp: u32) -> bool {
        match self {
            EncodeTarget::Bytes(_) => false,
            EncodeTarget::Utf8 => {
                push_code_point(out, cp);
                true
            }
            EncodeTarget::Utf16 { big } => {
                push_u16(out, cp as u16, big);
                true
            }
            EncodeTarget::Utf32 { big } => {
                push_u32(out, cp, big);
                true
            }
        }
    }
}

fn push_u16(out: &mut Vec<u8>, u: u16, big: bool) {
    out.extend_from_slice(&if big {
        u.to_be_bytes()
    } else {
        u.to_le_bytes()
    });
}

fn push_u32(out: &mut Vec<u8>, u: u32, big: bool) {
    out.extend_from_slice(&if big {
        u.to_be_bytes()
    } else {
        u.to_le_bytes()
    });
}

fn push_utf16(out: &mut Vec<u8>, cp: u32, big: bool) {
    if cp >= 0x10000 {
        let c = cp - 0x10000;
        push_u16(out, 0xD800 | (c >> 10) as u16, big);
        push_u16(out, 0xDC00 | (c & 0x3FF) as u16, big);
    } else {
        push_u16(out, cp as u16, big);
    }
}

/// The name of a code point for `namereplace`, if it has one.
fn char_name(cp: u32) -> Option<String> {
    char::from_u32(cp)
        .and_then(unicode_names2::name)
        .map(|n| n.to_string())
}

/// The code point named `name` (`\N{...}` escapes).
pub fn lookup_char_name(name: &str) -> Option<u32> {
    unicode_names2::character(name).map(|c| c as u32)
}

fn backslash_escape(out: &mut Vec<u8>, cp: u32) {
    let s = if cp <= 0xff {
        format!("\\x{cp:02x}")
    } else if cp <= 0xffff {
        format!("\\u{cp:04x}")
    } else {
        format!("\\U{cp:08x}")
    };
    out.extend_from_slice(s.as_bytes());
}

/// Handle an encoding error on code points `cps[start..end]` of the str `s`: push the
/// replacement encoded with `target` and give the position to resume at.
#[allow(clippy::too_many_arguments)]
pub fn encode_error(
    vm: &Vm,
    encoding: &str,
    errors: &str,
    s: &Value,
    cps: &[u32],
    start: usize,
    end: usize,
    reason: &str,
    target: EncodeTarget,
    out: &mut Vec<u8>,
) -> PyResult<usize> {
    let ascii = |out: &mut Vec<u8>, text: &str| {
        for c in text.bytes() {
            target.push(out, c as u32);
        }
    };
    match errors {
        "strict" => Err(encode_error_obj(vm, encoding, s, start, end, reason)?),
        "ignore" => Ok(end),
        "replace" => {
            for _ in start..end {
                target.push(out, b'?' as u32);
            }
            Ok(end)
        }
        "backslashreplace" => {
            for &cp in &cps[start..end] {
                let mut tmp = Vec::new();
                backslash_escape(&mut tmp, cp);
                ascii(out, std::str::from_utf8(&tmp).unwrap_or(""));
            }
            Ok(end)
        }
        "xmlcharrefreplace" => {
            for &cp in &cps[start..end] {
                ascii(out, &format!("&#{cp};"));
            }
            Ok(end)
        }
        "namereplace" => {
            for &cp in &cps[start..end] {
                match char_name(cp) {
                    Some(n) => ascii(out, &format!("\\N{{{n}}}")),
                    None => {
                        let mut tmp = Vec::new();
                        backslash_escape(&mut tmp, cp);
                        ascii(out, std::str::from_utf8(&tmp).unwrap_or(""));
                    }
                }
            }
            Ok(end)
        }
        "surrogateescape" => {
            let mut pos = start;
            let mut tmp = Vec::new();
            while pos < end && (0xDC80..0xDD00).contains(&cps[pos]) {
                tmp.push((cps[pos] - 0xDC00) as u8);
                pos += 1;
            }
            // The bytes must fill whole code units (CPython's UTF-16/32 encoders refuse
            // a replacement whose length is not a multiple of the unit).
            let unit = match target {
                EncodeTarget::Utf16 { .. } => 2,
                EncodeTarget::Utf32 { .. } => 4,
                _ => 1,
            };
            if pos < end || tmp.len() % unit != 0 {
                return Err(encode_error_obj(vm, encoding, s, start, end, reason)?);
            }
            out.extend_from_slice(&tmp);
            Ok(end)
        }
        "surrogatepass" => {
            let mut tmp = Vec::new();
            for &cp in &cps[start..end] {
                if !(0xD800..0xE000).contains(&cp) || !target.push_surrogate(&mut tmp, cp) {
                    return Err(encode_error_obj(vm, encoding, s, start, end, reason)?);
                }
            }
            out.extend_from_slice(&tmp);
            Ok(end)
        }
        _ => {
            let handler = registered_error(errors).ok_or_else(|| unknown_handler(vm, errors))?;
            let exc = encode_error_obj(vm, encoding, s, start, end, reason)?;
            let (repl, pos) = call_handler(vm, &handler, &exc, cps.len(), false)?;
            match repl.as_obj().map(|o| &o.payload) {
                Some(Payload::Bytes(b)) => out.extend_from_slice(b),
                Some(Payload::Str(r)) => {
                    for (i, cp) in r.code_points().enumerate() {
                        if !target.push(out, cp) {
                            let _ = i;
                            return Err(encode_error_obj(vm, encoding, s, start, end, reason)?);
                        }
                    }
                }
                _ => {}
            }
            Ok(pos)
        }
    }
}

// ----- UTF-8 -------------------------------------------------------------------------

/// Decode UTF-8. With `final_` false, an incomplete sequence at the end is left
/// unconsumed. Returns (generalized UTF-8 text, bytes consumed).
pub fn utf8_decode(
    vm: &Vm,
    input: &[u8],
    errors: &str,
    final_: bool,
) -> PyResult<(Vec<u8>, usize)> {
    // Fast path: all valid.
    if let Ok(s) = std::str::from_utf8(input) {
        return Ok((s.as_bytes().to_vec(), input.len()));
    }
    let mut out = Vec::with_capacity(input.len() + 8);
    let mut i = 0;
    while i < input.len() {
        match std::str::from_utf8(&input[i..]) {
            Ok(s) => {
                out.extend_from_slice(s.as_bytes());
                i = input.len();
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.extend_from_slice(&input[i..i + good]);
                let bad = i + good;
                match e.error_len() {
                    None => {
                        // Incomplete sequence at the end.
                        if !final_ {
                            return Ok((out, bad));
                        }
                        let end = input.len();
                        i = decode_error(
                            vm,
                            "utf-8",
                            errors,
                            input,
                            bad,
                            end,
                            "unexpected end of data",
                            &mut out,
                        )?;
                    }
                    Some(n) => {
                        let b0 = input[bad];
                        // surrogatepass: an encoded surrogate (ED A0..BF xx).
                        if errors == "surrogatepass"
                            && b0 == 0xED
                            && bad + 2 < input.len()
                            && (0xA0..0xC0).contains(&input[bad + 1])
                            && (0x80..0xC0).contains(&input[bad + 2])
                        {
                            out.extend_from_slice(&input[bad..bad + 3]);
                            i = bad + 3;
                            continue;
                        }
                        let reason = if (0x80..0xC2).contains(&b0) || b0 > 0xF4 {
                            "invalid start byte"
                        } else {
                            "invalid continuation byte"
                        };
                        i = decode_error(
                            vm,
                            "utf-8",
                            errors,
                            input,
                            bad,
                            bad + n,
                            reason,
                            &mut out,
                        )?;
                    }
                }
            }
        }
    }
    Ok((out, i))
}

/// Encode a str as UTF-8.
pub fn utf8_encode(vm: &Vm, orig: &Value, s: &PyStr, errors: &str) -> PyResult<Vec<u8>> {
    if !s.has_surrogates() {
        return Ok(s.as_bytes().to_vec());
    }
    let cps: Vec<u32> = s.code_points().collect();
    encode_cps(
        vm,
        "utf-8",
        orig,
        &cps,
        errors,
        EncodeTarget::Utf8,
        "surrogates not allowed",
    )
}

/// Encode code points with `target`, calling the error handler on runs of code points
/// that the target cannot encode.
fn encode_cps(
    vm: &Vm,
    encoding: &str,
    orig: &Value,
    cps: &[u32],
    errors: &str,
    target: EncodeTarget,
    reason: &str,
) -> PyResult<Vec<u8>> {
    let mut out = Vec::with_capacity(cps.len());
    let mut i = 0;
    while i < cps.len() {
        if target.push(&mut out, cps[i]) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        let mut probe = Vec::new();
        while end < cps.len() && !target.push(&mut probe, cps[end]) {
            end += 1;
        }
        i = encode_error(
            vm, encoding, errors, orig, cps, i, end, reason, target, &mut out,
        )?;
    }
    Ok(out)
}

// ----- ASCII and Latin-1 -------------------------------------------------------------

pub fn ascii_decode(vm: &Vm, input: &[u8], errors: &str) -> PyResult<Vec<u8>> {
    if input.is_ascii() {
        return Ok(input.to_vec());
    }
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        let b = input[i];
        if b < 0x80 {
            out.push(b);
            i += 1;
        } else {
            i = decode_error(
                vm,
                "ascii",
                errors,
                input,
                i,
                i + 1,
                "ordinal not in range(128)",
                &mut out,
            )?;
        }
    }
    Ok(out)
}

pub fn latin1_decode(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() * 2);
    for &b in input {
        push_code_point(&mut out, b as u32);
    }
    out
}

/// Encode with a one-byte codec: ASCII (`limit` 128) or Latin-1 (256).
pub fn charlimit_encode(
    vm: &Vm,
    orig: &Value,
    s: &PyStr,
    errors: &str,
    limit: u32,
) -> PyResult<Vec<u8>> {
    if s.is_ascii() {
        return Ok(s.as_bytes().to_vec());
    }
    let cps: Vec<u32> = s.code_points().collect();
    let (name, reason) = if limit == 128 {
        ("ascii", "ordinal not in range(128)")
    } else {
        ("latin-1", "ordinal not in range(256)")
    };
    encode_cps(
        vm,
        name,
        orig,
        &cps,
        errors,
        EncodeTarget::Bytes(limit),
        reason,
    )
}

// ----- UTF-16 and UTF-32 ---------------------------------------------------------------

/// Decode UTF-16. `byteorder`: -1 little, 1 big, 0 detect from a BOM (default little).
/// Returns (text, consumed, byte order found: -1/1, or 0 if not yet known).
pub fn utf16_decode(
    vm: &Vm,
    input: &[u8],
    errors: &str,
    mut byteorder: i32,
    final_: bool,
) -> PyResult<(Vec<u8>, usize, i32)> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    // Errors name the byte order in use: the BOM's, else native (little-endian).
    let mut name = if byteorder == 1 {
        "utf-16-be"
    } else {
        "utf-16-le"
    };
    if byteorder == 0 {
        if input.len() < 2 {
            return if final_ && !input.is_empty() {
                let mut out = Vec::new();
                let p = decode_error(
                    vm,
                    name,
                    errors,
                    input,
                    0,
                    input.len(),
                    "truncated data",
                    &mut out,
                )?;
                Ok((out, p, 0))
            } else {
                Ok((out, 0, 0))
            };
        }
        match (input[0], input[1]) {
            (0xFF, 0xFE) => {
                byteorder = -1;
                i = 2;
            }
            (0xFE, 0xFF) => {
                byteorder = 1;
                i = 2;
            }
            _ => byteorder = -1,
        }
    }
    let big = byteorder == 1;
    if big {
        name = "utf-16-be";
    }
    let unit = |p: usize| -> u32 {
        if big {
            u16::from_be_bytes([input[p], input[p + 1]]) as u32
        } else {
            u16::from_le_bytes([input[p], input[p + 1]]) as u32
        }
    };
    while i < input.len() {
        if i + 1 >= input.len() {
            if !final_ {
                break;
            }
            i = decode_error(
                vm,
                name,
                errors,
                input,
                i,
                input.len(),
                "truncated data",
                &mut out,
            )?;
            continue;
        }
        let u = unit(i);
        if !(0xD800..0xE000).contains(&u) {
            push_code_point(&mut out, u);
            i += 2;
            continue;
        }
        if u >= 0xDC00 {
            if errors == "surrogatepass" {
                push_code_point(&mut out, u);
                i += 2;
                continue;
            }
            i = decode_error(
                vm,
                name,
                errors,
                input,
                i,
                i + 2,
                "illegal encoding",
                &mut out,
            )?;
            continue;
        }
        if i + 3 >= input.len() {
            if !final_ {
                break;
            }
            if errors == "surrogatepass" && i + 2 == input.len() {
                push_code_point(&mut out, u);
                i += 2;
                continue;
            }
            i = decode_error(
                vm,
                name,
                errors,
                input,
                i,
                input.len(),
                "unexpected end of data",
                &mut out,
            )?;
            continue;
        }
        let u2 = unit(i + 2);
        if (0xDC00..0xE000).contains(&u2) {
            push_code_point(&mut out, 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00));
            i += 4;
        } else if errors == "surrogatepass" {
            push_code_point(&mut out, u);
            i += 2;
        } else {
            i = decode_error(
                vm,
                name,
                errors,
                input,
                i,
                i + 2,
                "illegal UTF-16 surrogate",
                &mut out,
            )?;
        }
    }
    Ok((out, i, byteorder))
}

/// Encode UTF-16; `byteorder` 0 writes a BOM and native (little) order.
pub fn utf16_encode(
    vm: &Vm,
    orig: &Value,
    s: &PyStr,
    errors: &str,
    byteorder: i32,
) -> PyResult<Vec<u8>> {
    let big = byteorder == 1;
    let name = match byteorder {
        -1 => "utf-16-le",
        1 => "utf-16-be",
        _ => "utf-16",
    };
    let cps: Vec<u32> = s.code_points().collect();
    let mut out = Vec::with_capacity(cps.len() * 2 + 2);
    if byteorder == 0 {
        push_u16(&mut out, 0xFEFF, false);
    }
    out.extend(encode_cps(
        vm,
        name,
        orig,
        &cps,
        errors,
        EncodeTarget::Utf16 { big },
        "surrogates not allowed",
    )?);
    Ok(out)
}

/// Decode UTF-32 (same conventions as `utf16_decode`).
pub fn utf32_decode(
    vm: &Vm,
    input: &[u8],
    errors: &str,
    mut byteorder: i32,
    final_: bool,
) -> PyResult<(Vec<u8>, usize, i32)> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    // Errors name the byte order in use: the BOM's, else native (little-endian).
    let mut name = if byteorder == 1 {
        "utf-32-be"
    } else {
        "utf-32-le"
    };
    if byteorder == 0 {
        if input.len() < 4 {
            return if final_ && !input.is_empty() {
                let mut out = Vec::new();
                let p = decode_error(
                    vm,
                    name,
                    errors,
                    input,
                    0,
                    input.len(),
                    "truncated data",
                    &mut out,
                )?;
                Ok((out, p, 0))
            } else {
                Ok((out, 0, 0))
            };
        }
        match &input[..4] {
            [0xFF, 0xFE, 0, 0] => {
                byteorder = -1;
                i = 4;
            }
            [0, 0, 0xFE, 0xFF] => {
                byteorder = 1;
                i = 4;
            }
            _ => byteorder = -1,
        }
    }
    let big = byteorder == 1;
    if big {
        name = "utf-32-be";
    }
    while i < input.len() {
        if i + 3 >= input.len() {
            if !final_ {
                break;
            }
            i = decode_error(
                vm,
                name,
                errors,
                input,
                i,
                input.len(),
                "truncated data",
                &mut out,
            )?;
            continue;
        }
        let b = [input[i], input[i + 1], input[i + 2], input[i + 3]];
        let u = if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        };
        if u > 0x10FFFF {
            i = decode_error(
                vm,
                name,
                errors,
                input,
                i,
                i + 4,
                "code point not in range(0x110000)",
                &mut out,
            )?;
        } else if (0xD800..0xE000).contains(&u) && errors != "surrogatepass" {
            i = decode_error(
                vm,
                name,
                errors,
                input,
                i,
                i + 4,
                "code point in surrogate code point range(0xd800, 0xe000)",
                &mut out,
            )?;
        } else {
            push_code_point(&mut out, u);
            i += 4;
        }
    }
    Ok((out, i, byteorder))
}

pub fn utf32_encode(
    vm: &Vm,
    orig: &Value,
    s: &PyStr,
    errors: &str,
    byteorder: i32,
) -> PyResult<Vec<u8>> {
    let big = byteorder == 1;
    let name = match byteorder {
        -1 => "utf-32-le",
        1 => "utf-32-be",
        _ => "utf-32",
    };
    let cps: Vec<u32> = s.code_points().collect();
    let mut out = Vec::with_capacity(cps.len() * 4 + 4);
    if byteorder == 0 {
        push_u32(&mut out, 0xFEFF, false);
    }
    out.extend(encode_cps(
        vm,
        name,
        orig,
        &cps,
        errors,
        EncodeTarget::Utf32 { big },
        "surrogates not allowed",
    )?);
    Ok(out)
}

// ----- whole-buffer entry points ---------------------------------------------------------

/// `bytes.decode(encoding, errors)` for a built-in codec: the text as generalized UTF-8.
pub fn decode_builtin(vm: &Vm, codec: Builtin, input: &[u8], errors: &str) -> PyResult<Vec<u8>> {
    Ok(match codec {
        Builtin::Utf8 => utf8_decode(vm, input, errors, true)?.0,
        Builtin::Ascii => ascii_decode(vm, input, errors)?,
        Builtin::Latin1 => latin1_decode(input),
        Builtin::Utf16 => utf16_decode(vm, input, errors, 0, true)?.0,
        Builtin::Utf16Le => utf16_decode(vm, input, errors, -1, true)?.0,
        Builtin::Utf16Be => utf16_decode(vm, input, errors, 1, true)?.0,
        Builtin::Utf32 => utf32_decode(vm, input, errors, 0, true)?.0,
        Builtin::Utf32Le => utf32_decode(vm, input, errors, -1, true)?.0,
        Builtin::Utf32Be => utf32_decode(vm, input, errors, 1, true)?.0,
    })
}

/// `str.encode(encoding, errors)` for a built-in codec.
pub fn encode_builtin(
    vm: &Vm,
    codec: Builtin,
    orig: &Value,
    s: &PyStr,
    errors: &str,
) -> PyResult<Vec<u8>> {
    match codec {
        Builtin::Utf8 => utf8_encode(vm, orig, s, errors),
        Builtin::Ascii => charlimit_encode(vm, orig, s, errors, 128),
        Builtin::Latin1 => charlimit_encode(vm, orig, s, errors, 256),
        Builtin::Utf16 => utf16_encode(vm, orig, s, errors, 0),
        Builtin::Utf16Le => utf16_encode(vm, orig, s, errors, -1),
        Builtin::Utf16Be => utf16_encode(vm, orig, s, errors, 1),
        Builtin::Utf32 => utf32_encode(vm, orig, s, errors, 0),
        Builtin::Utf32Le => utf32_encode(vm, orig, s, errors, -1),
        Builtin::Utf32Be => utf32_encode(vm, orig, s, errors, 1),
    }
}

/// Decode with any codec: built-in ones natively, others through `codecs.decode` of
/// CPython's `encodings` package (Lib), which reports unknown names as LookupError.
pub fn decode(vm: &Vm, input: &[u8], encoding: &str, errors: &str) -> PyResult<Value> {
    if let Some(c) = Builtin::lookup(encoding) {
        let text = decode_builtin(vm, c, input, errors)?;
        return Ok(vm.new_pystr(PyStr::from_wtf8(text)));
    }
    let codecs =
        crate::import::import_module(vm, "codecs").map_err(|_| unknown_encoding(vm, encoding))?;
    let f = vm.get_attr_str(&codecs, "decode")?;
    let r = vm.call(
        &f,
        Args::new(&[
            vm.new_bytes(input.to_vec()),
            vm.new_str(encoding),
            vm.new_str(errors),
        ]),
    )?;
    if !matches!(&r, Value::Obj(o) if o.payload.as_str().is_some()) {
        return Err(vm.type_error(format!(
            "'{encoding}' decoder returned '{}' instead of 'str'; use codecs.decode() to decode to arbitrary types",
            vm.type_name(&r)
        )));
    }
    Ok(r)
}

/// Encode with any codec (see `decode`).
pub fn encode(vm: &Vm, orig: &Value, encoding: &str, errors: &str) -> PyResult<Value> {
    let s = match orig.as_obj().and_then(|o| o.payload.as_str()) {
        Some(s) => s,
        None => return Err(vm.type_error("encode() argument must be str")),
    };
    if let Some(c) = Builtin::lookup(encoding) {
        return Ok(vm.new_bytes(encode_builtin(vm, c, orig, s, errors)?));
    }
    let codecs =
        crate::import::import_module(vm, "codecs").map_err(|_| unknown_encoding(vm, encoding))?;
    let f = vm.get_attr_str(&codecs, "encode")?;
    let r = vm.call(
        &f,
        Args::new(&[orig.clone(), vm.new_str(encoding), vm.new_str(errors)]),
    )?;
    if !matches!(&r, Value::Obj(o) if matches!(o.payload, Payload::Bytes(_) | Payload::ByteArray(_)))
    {
        return Err(vm.type_error(format!(
            "'{encoding}' encoder returned '{}' instead of 'bytes'; use codecs.encode() to encode to arbitrary types",
            vm.type_name(&r)
        )));
    }
    Ok(r)
}

#[cold]
pub fn unknown_encoding(vm: &Vm, encoding: &str) -> ObjRef {
    vm.new_exception_msg(
        &vm.exc.lookup_error,
        format!("unknown encoding: {encoding}"),
    )
}

/// The code points of generalized UTF-8 text.
pub fn wtf8_code_points(b: &[u8]) -> Vec<u32> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let (cp, n) = decode_at(b, i);
        out.push(cp);
        i += n;
    }
    out
}
