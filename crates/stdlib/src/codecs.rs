//! The `_codecs` module (CPython's Modules/_codecsmodule.c and Python/codecs.c): the
//! codec registry Lib's `codecs` and `encodings` build on, the error handler registry,
//! and the codec functions the `encodings` package calls. The codecs themselves and the
//! error handlers are the VM's shared core (`pyrs_vm::codecs`), which `str.encode` and
//! `bytes.decode` use too; this file adds the registry, the argument handling and the
//! codecs only `_codecs` exposes (charmap, the escape codecs, UTF-7).

use std::cell::RefCell;

use pyrs_vm::codecs::{self as core, EncodeTarget};
use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::Payload;
use pyrs_vm::objects::dict;
use pyrs_vm::objects::str::{push_code_point, PyStr};
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::io::{bind, new_str_wtf8};

thread_local! {
    static SEARCH: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
    static CACHE: RefCell<Option<ObjRef>> = const { RefCell::new(None) };
}

fn cache(vm: &Vm) -> ObjRef {
    CACHE.with(|c| {
        c.borrow_mut()
            .get_or_insert_with(|| vm.new_dict_obj())
            .clone()
    })
}

/// CPython's `normalizestring`: lower case, spaces and hyphens to underscores.
fn normalize(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

fn errors_arg(vm: &Vm, v: Option<&Value>) -> PyResult<String> {
    match v {
        None | Some(Value::None) => Ok("strict".to_string()),
        Some(v) => match v.as_obj().and_then(|o| o.payload.as_str()) {
            Some(s) => Ok(s.as_str().to_string()),
            None => Err(vm.type_error(format!(
                "argument 'errors' must be str or None, not {}",
                vm.type_name(v)
            ))),
        },
    }
}

fn str_of<'a>(vm: &Vm, fname: &str, v: &'a Value) -> PyResult<&'a PyStr> {
    v.as_obj().and_then(|o| o.payload.as_str()).ok_or_else(|| {
        vm.type_error(format!(
            "{fname}() argument 1 must be str, not {}",
            vm.type_name(v)
        ))
    })
}

fn bytes_of(vm: &Vm, fname: &str, v: &Value) -> PyResult<Vec<u8>> {
    if let Value::Obj(o) = v {
        match &o.payload {
            Payload::Bytes(b) => return Ok(b.to_vec()),
            Payload::ByteArray(b) => return Ok(b.borrow().clone()),
            _ => {}
        }
    }
    Err(vm.type_error(format!(
        "{fname}() argument 1 must be bytes-like object, not '{}'",
        vm.type_name(v)
    )))
}

fn final_arg(vm: &Vm, v: Option<&Value>) -> PyResult<bool> {
    match v {
        None => Ok(false),
        Some(v) => vm.is_true(v),
    }
}

// ----- registry -------------------------------------------------------------------------

fn register(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind(vm, "register", &args, 0, &["search_function"], 1)?;
    let f = a[0].clone().unwrap_or(Value::None);
    if !vm.is_callable(&f) {
        return Err(vm.type_error("argument must be callable"));
    }
    SEARCH.with(|s| s.borrow_mut().push(f));
    Ok(Value::None)
}

fn unregister(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind(vm, "unregister", &args, 0, &["search_function"], 1)?;
    let f = a[0].clone().unwrap_or(Value::None);
    SEARCH.with(|s| {
        let mut s = s.borrow_mut();
        if let Some(i) = s.iter().position(|x| x.is(&f)) {
            s.remove(i);
        }
    });
    dict_clear(&cache(vm));
    Ok(Value::None)
}

fn dict_clear(d: &ObjRef) {
    if let Some(t) = d.payload.as_dict() {
        let old = t.borrow_mut().clear();
        drop(old);
    }
}

/// `codecs.lookup(encoding)`.
pub fn lookup_codec(vm: &Vm, encoding: &str) -> PyResult<Value> {
    let key = vm.new_str(normalize(encoding));
    let c = cache(vm);
    if let Some(v) = dict::get(vm, &c, &key)? {
        return Ok(v);
    }
    let funcs = SEARCH.with(|s| s.borrow().clone());
    if funcs.is_empty() {
        // The encodings package registers its search function when imported.
        let _ = pyrs_vm::import::import_module(vm, "encodings");
    }
    let funcs = SEARCH.with(|s| s.borrow().clone());
    for f in funcs {
        let r = vm.call(&f, Args::new(std::slice::from_ref(&key)))?;
        if r.is_none() {
            continue;
        }
        let ok = r
            .as_obj()
            .and_then(|o| o.payload.as_tuple())
            .map(|t| t.len() == 4)
            .unwrap_or(false);
        if !ok {
            return Err(vm.type_error("codec search functions must return 4-tuples"));
        }
        dict::set(vm, &c, key, r.clone())?;
        return Ok(r);
    }
    Err(core::unknown_encoding(vm, encoding))
}

fn lookup(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind(vm, "lookup", &args, 0, &["encoding"], 1)?;
    let e = a[0].clone().unwrap_or(Value::None);
    let s = str_of(vm, "lookup", &e)?;
    lookup_codec(vm, s.as_str())
}

fn forget_codec(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind(vm, "_forget_codec", &args, 0, &["encoding"], 1)?;
    let e = a[0].clone().unwrap_or(Value::None);
    let s = str_of(vm, "_forget_codec", &e)?;
    let key = vm.new_str(normalize(s.as_str()));
    let c = cache(vm);
    dict::remove(vm, &c, &key)?;
    Ok(Value::None)
}

fn codec_call(vm: &Vm, args: Args, index: usize, fname: &str) -> PyResult<Value> {
    let a = bind(vm, fname, &args, 0, &["obj", "encoding", "errors"], 1)?;
    let obj = a[0].clone().unwrap_or(Value::None);
    let encoding = match &a[1] {
        None => "utf-8".to_string(),
        Some(v) => str_of(vm, fname, v)?.as_str().to_string(),
    };
    let errors = errors_arg(vm, a[2].as_ref())?;
    let info = lookup_codec(vm, &encoding)?;
    let f = vm.getitem(&info, &Value::Int(index as i64))?;
    let r = vm.call(&f, Args::new(&[obj, vm.new_str(errors)]))?;
    let t = r
        .as_obj()
        .and_then(|o| o.payload.as_tuple())
        .filter(|t| t.len() == 2)
        .map(|t| t[0].clone());
    t.ok_or_else(|| {
        vm.type_error(if index == 0 {
            "encoder must return a tuple (object, integer)"
        } else {
            "decoder must return a tuple (object, integer)"
        })
    })
}

fn encode(vm: &Vm, args: Args) -> PyResult<Value> {
    codec_call(vm, args, 0, "encode")
}

fn decode(vm: &Vm, args: Args) -> PyResult<Value> {
    codec_call(vm, args, 1, "decode")
}

// ----- error handlers -------------------------------------------------------------------

fn register_error(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind(vm, "register_error", &args, 0, &["errors", "handler"], 2)?;
    let name = a[0].clone().unwrap_or(Value::None);
    let name = str_of(vm, "register_error", &name)?.as_str().to_string();
    let h = a[1].clone().unwrap_or(Value::None);
    if !vm.is_callable(&h) {
        return Err(vm.type_error("handler must be callable"));
    }
    core::register_error(&name, h);
    Ok(Value::None)
}

fn lookup_error(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind(vm, "lookup_error", &args, 0, &["name"], 1)?;
    let name = a[0].clone().unwrap_or(Value::None);
    let name = str_of(vm, "lookup_error", &name)?.as_str().to_string();
    if let Some(h) = core::registered_error(&name) {
        return Ok(h);
    }
    let f: pyrs_vm::object::NativeFn = match name.as_str() {
        "strict" => strict_errors,
        "ignore" => ignore_errors,
        "replace" => replace_errors,
        "backslashreplace" => backslashreplace_errors,
        "xmlcharrefreplace" => xmlcharrefreplace_errors,
        "namereplace" => namereplace_errors,
        "surrogateescape" => surrogateescape_errors,
        "surrogatepass" => surrogatepass_errors,
        _ => {
            return Err(vm.new_exception_msg(
                &vm.exc.lookup_error,
                format!("unknown error handler name '{name}'"),
            ))
        }
    };
    let names = [
        ("strict", "strict_errors"),
        ("ignore", "ignore_errors"),
        ("replace", "replace_errors"),
        ("backslashreplace", "backslashreplace_errors"),
        ("xmlcharrefreplace", "xmlcharrefreplace_errors"),
        ("namereplace", "namereplace_errors"),
        ("surrogateescape", "surrogateescape_errors"),
        ("surrogatepass", "surrogatepass_errors"),
    ];
    let fname = names
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .unwrap_or("strict_errors");
    Ok(vm.new_builtin(fname, f, Value::Null))
}

/// What a handler receives: the exception, its kind, its object, start and end.
struct ErrInfo {
    exc: Value,
    kind: u8, // 0 decode, 1 encode, 2 translate
    object: Value,
    start: usize,
    end: usize,
}

fn err_info(vm: &Vm, args: &Args) -> PyResult<ErrInfo> {
    let exc = args.pos().first().cloned().unwrap_or(Value::None);
    let kind = if vm.isinstance(&exc, &vm.exc.unicode_decode_error) {
        0
    } else if vm.isinstance(&exc, &vm.exc.unicode_encode_error) {
        1
    } else if vm.isinstance(&exc, &vm.exc.unicode_translate_error) {
        2
    } else {
        return Err(vm.type_error(format!(
            "don't know how to handle {} in error callback",
            vm.type_name(&exc)
        )));
    };
    let object = vm.get_attr_str(&exc, "object")?;
    let start = vm.to_index(&vm.get_attr_str(&exc, "start")?)?.max(0) as usize;
    let end = vm.to_index(&vm.get_attr_str(&exc, "end")?)?.max(0) as usize;
    Ok(ErrInfo {
        exc,
        kind,
        object,
        start,
        end,
    })
}

fn cant_handle(vm: &Vm, e: &ErrInfo) -> PyResult<Value> {
    Err(vm.type_error(format!(
        "don't know how to handle {} in error callback",
        vm.type_name(&e.exc)
    )))
}

fn strict_errors(vm: &Vm, args: Args) -> PyResult<Value> {
    let exc = args.pos().first().cloned().unwrap_or(Value::None);
    match &exc {
        Value::Obj(o) if vm.isinstance(&exc, &vm.exc.base_exception) => Err(o.clone()),
        _ => Err(vm.type_error("codec must pass exception instance")),
    }
}

fn ignore_errors(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = err_info(vm, &args)?;
    Ok(vm.new_tuple(vec![vm.new_str(""), Value::Int(e.end as i64)]))
}

fn str_cps(v: &Value) -> Vec<u32> {
    v.as_obj()
        .and_then(|o| o.payload.as_str())
        .map(|s| s.code_points().collect())
        .unwrap_or_default()
}

fn obj_bytes(v: &Value) -> Vec<u8> {
    match v.as_obj().map(|o| &o.payload) {
        Some(Payload::Bytes(b)) => b.to_vec(),
        Some(Payload::ByteArray(b)) => b.borrow().clone(),
        _ => Vec::new(),
    }
}

fn replace_errors(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = err_info(vm, &args)?;
    let n = e.end.saturating_sub(e.start);
    let s = match e.kind {
        1 => "?".repeat(n),
        0 => "\u{FFFD}".to_string(),
        _ => "\u{FFFD}".repeat(n),
    };
    Ok(vm.new_tuple(vec![vm.new_str(s), Value::Int(e.end as i64)]))
}

fn backslashreplace_errors(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = err_info(vm, &args)?;
    let mut out = String::new();
    if e.kind == 0 {
        let b = obj_bytes(&e.object);
        for &x in b.get(e.start..e.end.min(b.len())).unwrap_or(&[]) {
            out.push_str(&format!("\\x{x:02x}"));
        }
    } else {
        let cps = str_cps(&e.object);
        for &cp in cps.get(e.start..e.end.min(cps.len())).unwrap_or(&[]) {
            out.push_str(&if cp <= 0xff {
                format!("\\x{cp:02x}")
            } else if cp <= 0xffff {
                format!("\\u{cp:04x}")
            } else {
                format!("\\U{cp:08x}")
            });
        }
    }
    Ok(vm.new_tuple(vec![vm.new_str(out), Value::Int(e.end as i64)]))
}

fn xmlcharrefreplace_errors(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = err_info(vm, &args)?;
    if e.kind != 1 {
        return cant_handle(vm, &e);
    }
    let cps = str_cps(&e.object);
    let out: String = cps
        .get(e.start..e.end.min(cps.len()))
        .unwrap_or(&[])
        .iter()
        .map(|cp| format!("&#{cp};"))
        .collect();
    Ok(vm.new_tuple(vec![vm.new_str(out), Value::Int(e.end as i64)]))
}

fn namereplace_errors(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = err_info(vm, &args)?;
    if e.kind != 1 {
        return cant_handle(vm, &e);
    }
    let cps = str_cps(&e.object);
    let mut out = String::new();
    for &cp in cps.get(e.start..e.end.min(cps.len())).unwrap_or(&[]) {
        let s = PyStr::from_code_points(&[cp]);
        let mut tmp = Vec::new();
        let r = core::encode_error(
            vm,
            "ascii",
            "namereplace",
            &vm.new_pystr(s),
            &[cp],
            0,
            1,
            "",
            EncodeTarget::Bytes(128),
            &mut tmp,
        );
        if r.is_ok() {
            out.push_str(&String::from_utf8_lossy(&tmp));
        }
    }
    Ok(vm.new_tuple(vec![vm.new_str(out), Value::Int(e.end as i64)]))
}

fn surrogateescape_errors(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = err_info(vm, &args)?;
    match e.kind {
        0 => {
            let b = obj_bytes(&e.object);
            let mut out = Vec::new();
            let mut consumed = e.start;
            for &x in b
                .get(e.start..e.end.min(b.len()))
                .unwrap_or(&[])
                .iter()
                .take(4)
            {
                if x < 128 {
                    break;
                }
                push_code_point(&mut out, 0xDC00 + x as u32);
                consumed += 1;
            }
            if consumed == e.start {
                return strict_errors(vm, args);
            }
            Ok(vm.new_tuple(vec![new_str_wtf8(vm, out), Value::Int(consumed as i64)]))
        }
        1 => {
            let cps = str_cps(&e.object);
            let mut out = Vec::new();
            for &cp in cps.get(e.start..e.end.min(cps.len())).unwrap_or(&[]) {
                if !(0xDC80..0xDD00).contains(&cp) {
                    return strict_errors(vm, args);
                }
                out.push((cp - 0xDC00) as u8);
            }
            Ok(vm.new_tuple(vec![vm.new_bytes(out), Value::Int(e.end as i64)]))
        }
        _ => cant_handle(vm, &e),
    }
}

fn surrogatepass_errors(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = err_info(vm, &args)?;
    let enc = vm
        .get_attr_str(&e.exc, "encoding")
        .ok()
        .and_then(|v| {
            v.as_obj()
                .and_then(|o| o.payload.as_str())
                .map(|s| s.as_str().to_string())
        })
        .unwrap_or_default();
    let enc = core::normalize_encoding(&enc);
    match e.kind {
        1 => {
            let cps = str_cps(&e.object);
            let mut out = Vec::new();
            for &cp in cps.get(e.start..e.end.min(cps.len())).unwrap_or(&[]) {
                if !(0xD800..0xE000).contains(&cp) {
                    return strict_errors(vm, args);
                }
                match enc.as_str() {
                    "utf-8" | "utf8" => push_code_point(&mut out, cp),
                    "utf-16-le" | "utf-16" => out.extend_from_slice(&(cp as u16).to_le_bytes()),
                    "utf-16-be" => out.extend_from_slice(&(cp as u16).to_be_bytes()),
                    "utf-32-le" | "utf-32" => out.extend_from_slice(&cp.to_le_bytes()),
                    "utf-32-be" => out.extend_from_slice(&cp.to_be_bytes()),
                    _ => return strict_errors(vm, args),
                }
            }
            Ok(vm.new_tuple(vec![vm.new_bytes(out), Value::Int(e.end as i64)]))
        }
        0 => {
            let b = obj_bytes(&e.object);
            let s = e.start;
            if matches!(enc.as_str(), "utf-8" | "utf8")
                && s + 2 < b.len()
                && b[s] == 0xED
                && (0xA0..0xC0).contains(&b[s + 1])
                && (0x80..0xC0).contains(&b[s + 2])
            {
                let cp = ((b[s] as u32 & 0x0F) << 12)
                    | ((b[s + 1] as u32 & 0x3F) << 6)
                    | (b[s + 2] as u32 & 0x3F);
                let mut out = Vec::new();
                push_code_point(&mut out, cp);
                return Ok(vm.new_tuple(vec![new_str_wtf8(vm, out), Value::Int(s as i64 + 3)]));
            }
            strict_errors(vm, args)
        }
        _ => cant_handle(vm, &e),
    }
}

// ----- the built-in codec functions -------------------------------------------------------

fn pair(vm: &Vm, a: Value, n: usize) -> Value {
    vm.new_tuple(vec![a, Value::Int(n as i64)])
}

fn enc_args(vm: &Vm, args: &Args, fname: &str) -> PyResult<(Value, String)> {
    let a = bind(vm, fname, args, 0, &["str", "errors"], 1)?;
    let s = a[0].clone().unwrap_or(Value::None);
    str_of(vm, fname, &s)?;
    Ok((s, errors_arg(vm, a[1].as_ref())?))
}

fn dec_args(vm: &Vm, args: &Args, fname: &str) -> PyResult<(Vec<u8>, String, bool)> {
    let a = bind(vm, fname, args, 0, &["data", "errors", "final"], 1)?;
    let d = bytes_of(vm, fname, a[0].as_ref().unwrap_or(&Value::None))?;
    Ok((
        d,
        errors_arg(vm, a[1].as_ref())?,
        final_arg(vm, a[2].as_ref())?,
    ))
}

fn encode_with(vm: &Vm, args: Args, fname: &str, codec: core::Builtin) -> PyResult<Value> {
    let (s, errors) = enc_args(vm, &args, fname)?;
    let p = str_of(vm, fname, &s)?;
    let out = core::encode_builtin(vm, codec, &s, p, &errors)?;
    Ok(pair(vm, vm.new_bytes(out), p.char_len()))
}

fn utf_8_encode(vm: &Vm, args: Args) -> PyResult<Value> {
    encode_with(vm, args, "utf_8_encode", core::Builtin::Utf8)
}
fn latin_1_encode(vm: &Vm, args: Args) -> PyResult<Value> {
    encode_with(vm, args, "latin_1_encode", core::Builtin::Latin1)
}
fn ascii_encode(vm: &Vm, args: Args) -> PyResult<Value> {
    encode_with(vm, args, "ascii_encode", core::Builtin::Ascii)
}
fn utf_16_le_encode(vm: &Vm, args: Args) -> PyResult<Value> {
    encode_with(vm, args, "utf_16_le_encode", core::Builtin::Utf16Le)
}
fn utf_16_be_encode(vm: &Vm, args: Args) -> PyResult<Value> {
    encode_with(vm, args, "utf_16_be_encode", core::Builtin::Utf16Be)
}
fn utf_32_le_encode(vm: &Vm, args: Args) -> PyResult<Value> {
    encode_with(vm, args, "utf_32_le_encode", core::Builtin::Utf32Le)
}
fn utf_32_be_encode(vm: &Vm, args: Args) -> PyResult<Value> {
    encode_with(vm, args, "utf_32_be_encode", core::Builtin::Utf32Be)
}

fn utf_x_encode(vm: &Vm, args: Args, fname: &str, wide: bool) -> PyResult<Value> {
    let a = bind(vm, fname, &args, 0, &["str", "errors", "byteorder"], 1)?;
    let s = a[0].clone().unwrap_or(Value::None);
    let p = str_of(vm, fname, &s)?;
    let errors = errors_arg(vm, a[1].as_ref())?;
    let bo = match &a[2] {
        None => 0,
        Some(v) => vm.to_index(v)?.signum() as i32,
    };
    let out = if wide {
        core::utf32_encode(vm, &s, p, &errors, bo)?
    } else {
        core::utf16_encode(vm, &s, p, &errors, bo)?
    };
    Ok(pair(vm, vm.new_bytes(out), p.char_len()))
}

fn utf_16_encode(vm: &Vm, args: Args) -> PyResult<Value> {
    utf_x_encode(vm, args, "utf_16_encode", false)
}
fn utf_32_encode(vm: &Vm, args: Args) -> PyResult<Value> {
    utf_x_encode(vm, args, "utf_32_encode", true)
}

fn utf_8_decode(vm: &Vm, args: Args) -> PyResult<Value> {
    let (d, errors, final_) = dec_args(vm, &args, "utf_8_decode")?;
    let (text, used) = core::utf8_decode(vm, &d, &errors, final_)?;
    Ok(pair(vm, new_str_wtf8(vm, text), used))
}

fn latin_1_decode(vm: &Vm, args: Args) -> PyResult<Value> {
    let (d, _, _) = dec_args(vm, &args, "latin_1_decode")?;
    Ok(pair(vm, new_str_wtf8(vm, core::latin1_decode(&d)), d.len()))
}

fn ascii_decode(vm: &Vm, args: Args) -> PyResult<Value> {
    let (d, errors, _) = dec_args(vm, &args, "ascii_decode")?;
    let t = core::ascii_decode(vm, &d, &errors)?;
    Ok(pair(vm, new_str_wtf8(vm, t), d.len()))
}

fn utf_x_decode(vm: &Vm, args: Args, fname: &str, wide: bool, bo: i32) -> PyResult<Value> {
    let (d, errors, final_) = dec_args(vm, &args, fname)?;
    let (t, used, _) = if wide {
        core::utf32_decode(vm, &d, &errors, bo, final_)?
    } else {
        core::utf16_decode(vm, &d, &errors, bo, final_)?
    };
    Ok(pair(vm, new_str_wtf8(vm, t), used))
}

fn utf_16_decode(vm: &Vm, args: Args) -> PyResult<Value> {
    utf_x_decode(vm, args, "utf_16_decode", false, 0)
}
fn utf_16_le_decode(vm: &Vm, args: Args) -> PyResult<Value> {
    utf_x_decode(vm, args, "utf_16_le_decode", false, -1)
}
fn utf_16_be_decode(vm: &Vm, args: Args) -> PyResult<Value> {
    utf_x_decode(vm, args, "utf_16_be_decode", false, 1)
}
fn utf_32_decode(vm: &Vm, args: Args) -> PyResult<Value> {
    utf_x_decode(vm, args, "utf_32_decode", true, 0)
}
fn utf_32_le_decode(vm: &Vm, args: Args) -> PyResult<Value> {
    utf_x_decode(vm, args, "utf_32_le_decode", true, -1)
}
fn utf_32_be_decode(vm: &Vm, args: Args) -> PyResult<Value> {
    utf_x_decode(vm, args, "utf_32_be_decode", true, 1)
}

fn utf_x_ex_decode(vm: &Vm, args: Args, fname: &str, wide: bool) -> PyResult<Value> {
    let a = bind(
        vm,
        fname,
        &args,
        0,
        &["data", "errors", "byteorder", "final"],
        1,
    )?;
    let d = bytes_of(vm, fname, a[0].as_ref().unwrap_or(&Value::None))?;
    let errors = errors_arg(vm, a[1].as_ref())?;
    let bo = match &a[2] {
        None => 0,
        Some(v) => vm.to_index(v)?.signum() as i32,
    };
    let final_ = final_arg(vm, a[3].as_ref())?;
    let (t, used, found) = if wide {
        core::utf32_decode(vm, &d, &errors, bo, final_)?
    } else {
        core::utf16_decode(vm, &d, &errors, bo, final_)?
    };
    Ok(vm.new_tuple(vec![
        new_str_wtf8(vm, t),
        Value::Int(used as i64),
        Value::Int(found as i64),
    ]))
}

fn utf_16_ex_decode(vm: &Vm, args: Args) -> PyResult<Value> {
    utf_x_ex_decode(vm, args, "utf_16_ex_decode", false)
}
fn utf_32_ex_decode(vm: &Vm, args: Args) -> PyResult<Value> {
    utf_x_ex_decode(vm, args, "utf_32_ex_decode", true)
}

// ----- charmap ----------------------------------------------------------------------------

fn charmap_decode(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind(
        vm,
        "charmap_decode",
        &args,
        0,
        &["data", "errors", "mapping"],
        1,
    )?;
    let d = bytes_of(vm, "charmap_decode", a[0].as_ref().unwrap_or(&Value::None))?;
    let errors = errors_arg(vm, a[1].as_ref())?;
    let mapping = a[2].clone().unwrap_or(Value::None);
    if mapping.is_none() {
        return Ok(pair(vm, new_str_wtf8(vm, core::latin1_decode(&d)), d.len()));
    }
    let table: Option<Vec<u32>> = mapping
        .as_obj()
        .and_then(|o| o.payload.as_str())
        .map(|s| s.code_points().collect());
    let mut out = Vec::with_capacity(d.len());
    let mut i = 0;
    while i < d.len() {
        let b = d[i];
        let mapped: Option<Vec<u32>> = match &table {
            Some(t) => t
                .get(b as usize)
                .filter(|&&c| c != 0xFFFE)
                .map(|&c| vec![c]),
            None => match vm.getitem(&mapping, &Value::Int(b as i64)) {
                Ok(Value::None) => None,
                Ok(v) => {
                    if let Some(s) = v.as_obj().and_then(|o| o.payload.as_str()) {
                        let cps: Vec<u32> = s.code_points().collect();
                        if cps == [0xFFFE] {
                            None
                        } else {
                            Some(cps)
                        }
                    } else if pyrs_vm::objects::int::is_int(&v) {
                        let n = vm.to_index(&v)?;
                        if !(0..=0x10FFFF).contains(&n) {
                            return Err(
                                vm.type_error("character mapping must be in range(0x110000)")
                            );
                        }
                        if n == 0xFFFE {
                            None
                        } else {
                            Some(vec![n as u32])
                        }
                    } else {
                        return Err(
                            vm.type_error("character mapping must return integer, None or str")
                        );
                    }
                }
                Err(e) if vm.exc_matches(&e, &vm.exc.lookup_error) => None,
                Err(e) => return Err(e),
            },
        };
        match mapped {
            Some(cps) => {
                for c in cps {
                    push_code_point(&mut out, c);
                }
                i += 1;
            }
            None => {
                i = core::decode_error(
                    vm,
                    "charmap",
                    &errors,
                    &d,
                    i,
                    i + 1,
                    "character maps to <undefined>",
                    &mut out,
                )?;
            }
        }
    }
    Ok(pair(vm, new_str_wtf8(vm, out), d.len()))
}

fn charmap_encode(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind(
        vm,
        "charmap_encode",
        &args,
        0,
        &["str", "errors", "mapping"],
        1,
    )?;
    let s = a[0].clone().unwrap_or(Value::None);
    let p = str_of(vm, "charmap_encode", &s)?;
    let errors = errors_arg(vm, a[1].as_ref())?;
    let mapping = a[2].clone().unwrap_or(Value::None);
    if mapping.is_none() {
        let out = core::charlimit_encode(vm, &s, p, &errors, 256)?;
        return Ok(pair(vm, vm.new_bytes(out), p.char_len()));
    }
    let cps: Vec<u32> = p.code_points().collect();
    let map_one = |cp: u32| -> PyResult<Option<Vec<u8>>> {
        match vm.getitem(&mapping, &Value::Int(cp as i64)) {
            Ok(Value::None) => Ok(None),
            Ok(v) => {
                if pyrs_vm::objects::int::is_int(&v) {
                    let n = vm.to_index(&v)?;
                    if !(0..256).contains(&n) {
                        return Err(vm.type_error("character mapping must be in range(256)"));
                    }
                    Ok(Some(vec![n as u8]))
                } else if let Some(Payload::Bytes(b)) = v.as_obj().map(|o| &o.payload) {
                    Ok(Some(b.to_vec()))
                } else {
                    Err(vm.type_error(
                        "character mapping must return integer, bytes or None, not str",
                    ))
                }
            }
            Err(e) if vm.exc_matches(&e, &vm.exc.lookup_error) => Ok(None),
            Err(e) => Err(e),
        }
    };
    let mut out = Vec::with_capacity(cps.len());
    let mut i = 0;
    while i < cps.len() {
        if let Some(b) = map_one(cps[i])? {
            out.extend_from_slice(&b);
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < cps.len() && map_one(cps[end])?.is_none() {
            end += 1;
        }
        // Replacement text goes through the map too (CPython's charmap_encoding_error).
        let mut repl = Vec::new();
        let next = core::encode_error(
            vm,
            "charmap",
            &errors,
            &s,
            &cps,
            i,
            end,
            "character maps to <undefined>",
            EncodeTarget::Bytes(128),
            &mut repl,
        )?;
        for c in repl {
            match map_one(c as u32)? {
                Some(b) => out.extend_from_slice(&b),
                None => {
                    let exc = vm.new_exception(
                        &vm.exc.unicode_encode_error,
                        vec![
                            vm.new_str("charmap"),
                            s.clone(),
                            Value::Int(i as i64),
                            Value::Int(end as i64),
                            vm.new_str("character maps to <undefined>"),
                        ],
                    );
                    return Err(core::unicode_error(
                        vm,
                        &vm.exc.unicode_encode_error,
                        pyrs_vm::objects::exceptions::args_of(&exc),
                    )?);
                }
            }
        }
        i = next;
    }
    Ok(pair(vm, vm.new_bytes(out), p.char_len()))
}

fn charmap_build(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind(vm, "charmap_build", &args, 0, &["map"], 1)?;
    let s = a[0].clone().unwrap_or(Value::None);
    let p = str_of(vm, "charmap_build", &s)?;
    let d = vm.new_dict_obj();
    for (i, cp) in p.code_points().enumerate() {
        dict::set(vm, &d, Value::Int(cp as i64), Value::Int(i as i64))?;
    }
    Ok(Value::Obj(d))
}

// ----- escape codecs ------------------------------------------------------------------------

fn hexval(c: u8) -> Option<u32> {
    (c as char).to_digit(16)
}

/// Decode backslash escapes. `raw`: only \u and \U are escapes (raw_unicode_escape).
fn unicode_escape_decode_impl(
    vm: &Vm,
    d: &[u8],
    errors: &str,
    raw: bool,
    final_: bool,
) -> PyResult<(Vec<u8>, usize)> {
    let name = if raw {
        "rawunicodeescape"
    } else {
        "unicodeescape"
    };
    let mut out = Vec::with_capacity(d.len());
    let mut i = 0;
    while i < d.len() {
        let c = d[i];
        if c != b'\\' {
            push_code_point(&mut out, c as u32);
            i += 1;
            continue;
        }
        let start = i;
        if i + 1 >= d.len() {
            if !final_ {
                return Ok((out, start));
            }
            if raw {
                out.push(b'\\');
                i += 1;
                continue;
            }
            i = core::decode_error(
                vm,
                name,
                errors,
                d,
                start,
                d.len(),
                "\\ at end of string",
                &mut out,
            )?;
            continue;
        }
        let e = d[i + 1];
        if raw && e == b'\\' {
            // An escaped backslash: a following 'u' is not an escape.
            out.extend_from_slice(b"\\\\");
            i += 2;
            continue;
        }
        if raw && e != b'u' && e != b'U' {
            out.push(b'\\');
            i += 1;
            continue;
        }
        i += 2;
        let simple = match e {
            b'\n' => Some(None),
            b'\\' => Some(Some(b'\\')),
            b'\'' => Some(Some(b'\'')),
            b'"' => Some(Some(b'"')),
            b'b' => Some(Some(8)),
            b'f' => Some(Some(12)),
            b't' => Some(Some(b'\t')),
            b'n' => Some(Some(b'\n')),
            b'r' => Some(Some(b'\r')),
            b'v' => Some(Some(11)),
            b'a' => Some(Some(7)),
            _ => None,
        };
        if let Some(s) = simple {
            if let Some(b) = s {
                out.push(b);
            }
            continue;
        }
        match e {
            b'0'..=b'7' => {
                let mut v = (e - b'0') as u32;
                let mut k = 0;
                while k < 2 && i < d.len() && (b'0'..=b'7').contains(&d[i]) {
                    v = v * 8 + (d[i] - b'0') as u32;
                    i += 1;
                    k += 1;
                }
                push_code_point(&mut out, v);
            }
            b'x' | b'u' | b'U' => {
                let (n, what) = match e {
                    b'x' => (2, "truncated \\xXX escape"),
                    b'u' => (4, "truncated \\uXXXX escape"),
                    _ => (8, "truncated \\UXXXXXXXX escape"),
                };
                let mut v = 0u32;
                let mut k = 0;
                while k < n && i + k < d.len() {
                    match hexval(d[i + k]) {
                        Some(h) => v = v * 16 + h,
                        None => break,
                    }
                    k += 1;
                }
                if k < n {
                    if !final_ && i + k >= d.len() {
                        return Ok((out, start));
                    }
                    i = core::decode_error(vm, name, errors, d, start, i + k, what, &mut out)?;
                    continue;
                }
                i += n;
                if v > 0x10FFFF {
                    i = core::decode_error(
                        vm,
                        name,
                        errors,
                        d,
                        start,
                        i,
                        if raw {
                            "\\Uxxxxxxxx out of range"
                        } else {
                            "illegal Unicode character"
                        },
                        &mut out,
                    )?;
                    continue;
                }
                push_code_point(&mut out, v);
            }
            b'N' => {
                let ok = i < d.len() && d[i] == b'{';
                let close = if ok {
                    d[i..].iter().position(|&c| c == b'}').map(|p| i + p)
                } else {
                    None
                };
                let found = close.and_then(|c| {
                    let name_s = std::str::from_utf8(&d[i + 1..c]).ok()?;
                    lookup_char_name(name_s).map(|cp| (cp, c))
                });
                match found {
                    Some((cp, c)) => {
                        push_code_point(&mut out, cp);
                        i = c + 1;
                    }
                    None => {
                        let end = close.map(|c| c + 1).unwrap_or(d.len());
                        i = core::decode_error(
                            vm,
                            name,
                            errors,
                            d,
                            start,
                            end,
                            "malformed \\N character escape",
                            &mut out,
                        )?;
                    }
                }
            }
            other => {
                // Unknown escapes are kept as written.
                out.push(b'\\');
                push_code_point(&mut out, other as u32);
            }
        }
    }
    Ok((out, d.len()))
}

fn lookup_char_name(name: &str) -> Option<u32> {
    core::lookup_char_name(name)
}

fn unicode_escape_encode_impl(cps: &[u32], raw: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(cps.len());
    for &cp in cps {
        if raw {
            if cp < 0x100 {
                out.push(cp as u8);
            } else if cp < 0x10000 {
                out.extend_from_slice(format!("\\u{cp:04x}").as_bytes());
            } else {
                out.extend_from_slice(format!("\\U{cp:08x}").as_bytes());
            }
            continue;
        }
        match cp {
            0x5C => out.extend_from_slice(b"\\\\"),
            0x09 => out.extend_from_slice(b"\\t"),
            0x0A => out.extend_from_slice(b"\\n"),
            0x0D => out.extend_from_slice(b"\\r"),
            0x20..=0x7E => out.push(cp as u8),
            c if c < 0x100 => out.extend_from_slice(format!("\\x{c:02x}").as_bytes()),
            c if c < 0x10000 => out.extend_from_slice(format!("\\u{c:04x}").as_bytes()),
            c => out.extend_from_slice(format!("\\U{c:08x}").as_bytes()),
        }
    }
    out
}

fn unicode_escape_encode(vm: &Vm, args: Args) -> PyResult<Value> {
    let (s, _) = enc_args(vm, &args, "unicode_escape_encode")?;
    let cps = str_cps(&s);
    Ok(pair(
        vm,
        vm.new_bytes(unicode_escape_encode_impl(&cps, false)),
        cps.len(),
    ))
}

fn raw_unicode_escape_encode(vm: &Vm, args: Args) -> PyResult<Value> {
    let (s, _) = enc_args(vm, &args, "raw_unicode_escape_encode")?;
    let cps = str_cps(&s);
    Ok(pair(
        vm,
        vm.new_bytes(unicode_escape_encode_impl(&cps, true)),
        cps.len(),
    ))
}

fn escape_dec_args(vm: &Vm, args: &Args, fname: &str) -> PyResult<(Vec<u8>, String, bool)> {
    let a = bind(vm, fname, args, 0, &["data", "errors", "final"], 1)?;
    let v = a[0].clone().unwrap_or(Value::None);
    let d = match v.as_obj().and_then(|o| o.payload.as_str()) {
        Some(s) => s.as_bytes().to_vec(),
        None => bytes_of(vm, fname, &v)?,
    };
    let final_ = match &a[2] {
        None => true,
        Some(f) => vm.is_true(f)?,
    };
    Ok((d, errors_arg(vm, a[1].as_ref())?, final_))
}

fn unicode_escape_decode(vm: &Vm, args: Args) -> PyResult<Value> {
    let (d, errors, final_) = escape_dec_args(vm, &args, "unicode_escape_decode")?;
    let (t, used) = unicode_escape_decode_impl(vm, &d, &errors, false, final_)?;
    Ok(pair(vm, new_str_wtf8(vm, t), used))
}

fn raw_unicode_escape_decode(vm: &Vm, args: Args) -> PyResult<Value> {
    let (d, errors, final_) = escape_dec_args(vm, &args, "raw_unicode_escape_decode")?;
    let (t, used) = unicode_escape_decode_impl(vm, &d, &errors, true, final_)?;
    Ok(pair(vm, new_str_wtf8(vm, t), used))
}

fn escape_encode(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind(vm, "escape_encode", &args, 0, &["data", "errors"], 1)?;
    let v = a[0].clone().unwrap_or(Value::None);
    let d = match v.as_obj().map(|o| &o.payload) {
        Some(Payload::Bytes(b)) => b.to_vec(),
        _ => {
            return Err(vm.type_error(format!(
                "escape_encode() argument 1 must be bytes, not {}",
                vm.type_name(&v)
            )))
        }
    };
    let mut out = Vec::with_capacity(d.len());
    for &c in &d {
        match c {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\'' => out.extend_from_slice(b"\\'"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            0x20..=0x7E => out.push(c),
            _ => out.extend_from_slice(format!("\\x{c:02x}").as_bytes()),
        }
    }
    Ok(pair(vm, vm.new_bytes(out), d.len()))
}

fn escape_decode(vm: &Vm, args: Args) -> PyResult<Value> {
    let (d, errors, _) = escape_dec_args(vm, &args, "escape_decode")?;
    let mut out = Vec::with_capacity(d.len());
    let mut i = 0;
    while i < d.len() {
        if d[i] != b'\\' {
            out.push(d[i]);
            i += 1;
            continue;
        }
        if i + 1 >= d.len() {
            return Err(vm.value_error("Trailing \\ in string"));
        }
        let e = d[i + 1];
        i += 2;
        match e {
            b'\n' => {}
            b'\\' => out.push(b'\\'),
            b'\'' => out.push(b'\''),
            b'"' => out.push(b'"'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b't' => out.push(b'\t'),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b'v' => out.push(11),
            b'a' => out.push(7),
            b'0'..=b'7' => {
                let mut v = (e - b'0') as u32;
                let mut k = 0;
                while k < 2 && i < d.len() && (b'0'..=b'7').contains(&d[i]) {
                    v = v * 8 + (d[i] - b'0') as u32;
                    i += 1;
                    k += 1;
                }
                out.push(v as u8);
            }
            b'x' => {
                let h = (i + 1 < d.len())
                    .then(|| hexval(d[i]).zip(hexval(d[i + 1])))
                    .flatten();
                match h {
                    Some((a, b)) => {
                        out.push((a * 16 + b) as u8);
                        i += 2;
                    }
                    None => match errors.as_str() {
                        "strict" => {
                            return Err(
                                vm.value_error(format!("invalid \\x escape at position {}", i - 2))
                            )
                        }
                        "replace" | "ignore" => {
                            if errors == "replace" {
                                out.push(b'?');
                            }
                            // CPython skips one hex digit after the bad \x.
                            if i < d.len() && hexval(d[i]).is_some() {
                                i += 1;
                            }
                        }
                        other => {
                            return Err(vm.value_error(format!(
                                "decoding error; unknown error handling code: {other}"
                            )))
                        }
                    },
                }
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Ok(pair(vm, vm.new_bytes(out), d.len()))
}

// ----- UTF-7 ---------------------------------------------------------------------------------

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64val(c: u8) -> Option<u32> {
    B64.iter().position(|&x| x == c).map(|p| p as u32)
}

/// Characters UTF-7 writes directly (RFC 2152 Set D, Set O except '+' and '\\', and
/// whitespace), as CPython's encoder chooses them.
fn utf7_direct(c: u32) -> bool {
    c < 128
        && c != b'+' as u32
        && c != b'\\' as u32
        && (c == b' ' as u32
            || c == b'\t' as u32
            || c == b'\r' as u32
            || c == b'\n' as u32
            || (0x21..0x7E).contains(&c))
}

fn utf_7_encode(vm: &Vm, args: Args) -> PyResult<Value> {
    let (s, _) = enc_args(vm, &args, "utf_7_encode")?;
    let cps = str_cps(&s);
    let mut out = Vec::new();
    let mut in_b64 = false;
    let mut bits = 0u32;
    let mut nbits = 0u32;
    for &cp in &cps {
        if utf7_direct(cp) {
            if in_b64 {
                if nbits > 0 {
                    out.push(B64[((bits << (6 - nbits)) & 0x3F) as usize]);
                }
                if b64val(cp as u8).is_some() || cp == b'-' as u32 {
                    out.push(b'-');
                }
                in_b64 = false;
                bits = 0;
                nbits = 0;
            }
            out.push(cp as u8);
            continue;
        }
        if cp == b'+' as u32 && !in_b64 {
            out.extend_from_slice(b"+-");
            continue;
        }
        if !in_b64 {
            out.push(b'+');
            in_b64 = true;
        }
        let units: Vec<u32> = if cp >= 0x10000 {
            let c = cp - 0x10000;
            vec![0xD800 | (c >> 10), 0xDC00 | (c & 0x3FF)]
        } else {
            vec![cp]
        };
        for u in units {
            bits = (bits << 16) | u;
            nbits += 16;
            while nbits >= 6 {
                nbits -= 6;
                out.push(B64[((bits >> nbits) & 0x3F) as usize]);
            }
            bits &= (1 << nbits) - 1;
        }
    }
    if in_b64 {
        if nbits > 0 {
            out.push(B64[((bits << (6 - nbits)) & 0x3F) as usize]);
        }
        out.push(b'-');
    }
    Ok(pair(vm, vm.new_bytes(out), cps.len()))
}

fn utf_7_decode(vm: &Vm, args: Args) -> PyResult<Value> {
    let (d, errors, final_) = dec_args(vm, &args, "utf_7_decode")?;
    let mut out = Vec::new();
    let mut i = 0;
    let mut consumed = 0;
    while i < d.len() {
        let c = d[i];
        if c != b'+' {
            if c >= 128 {
                i = core::decode_error(
                    vm,
                    "utf-7",
                    &errors,
                    &d,
                    i,
                    i + 1,
                    "unexpected special character",
                    &mut out,
                )?;
            } else {
                out.push(c);
                i += 1;
            }
            consumed = i;
            continue;
        }
        let start = i;
        i += 1;
        if i < d.len() && d[i] == b'-' {
            out.push(b'+');
            i += 1;
            consumed = i;
            continue;
        }
        let mut bits = 0u32;
        let mut nbits = 0u32;
        let mut high: Option<u32> = None;
        let mut units = Vec::new();
        while i < d.len() {
            match b64val(d[i]) {
                Some(v) => {
                    bits = (bits << 6) | v;
                    nbits += 6;
                    if nbits >= 16 {
                        nbits -= 16;
                        units.push((bits >> nbits) & 0xFFFF);
                        bits &= (1 << nbits) - 1;
                    }
                    i += 1;
                }
                None => break,
            }
        }
        let terminated = i < d.len();
        if !terminated && !final_ {
            return Ok(pair(vm, new_str_wtf8(vm, out), consumed));
        }
        if terminated && d[i] == b'-' {
            i += 1;
        }
        for u in units {
            match high.take() {
                Some(h) if (0xDC00..0xE000).contains(&u) => {
                    push_code_point(&mut out, 0x10000 + ((h - 0xD800) << 10) + (u - 0xDC00));
                }
                Some(h) => {
                    push_code_point(&mut out, h);
                    if (0xD800..0xDC00).contains(&u) {
                        high = Some(u);
                    } else {
                        push_code_point(&mut out, u);
                    }
                }
                None => {
                    if (0xD800..0xDC00).contains(&u) {
                        high = Some(u);
                    } else {
                        push_code_point(&mut out, u);
                    }
                }
            }
        }
        if let Some(h) = high {
            push_code_point(&mut out, h);
        }
        if nbits >= 6 || (bits != 0) {
            i = core::decode_error(
                vm,
                "utf-7",
                &errors,
                &d,
                start,
                i,
                "partial character in shift sequence",
                &mut out,
            )?;
        }
        consumed = i;
    }
    Ok(pair(vm, new_str_wtf8(vm, out), consumed))
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_codecs");
    let fns: &[(&'static str, pyrs_vm::object::NativeFn)] = &[
        ("register", register),
        ("unregister", unregister),
        ("lookup", lookup),
        ("_forget_codec", forget_codec),
        ("encode", encode),
        ("decode", decode),
        ("register_error", register_error),
        ("lookup_error", lookup_error),
        ("utf_8_encode", utf_8_encode),
        ("utf_8_decode", utf_8_decode),
        ("latin_1_encode", latin_1_encode),
        ("latin_1_decode", latin_1_decode),
        ("ascii_encode", ascii_encode),
        ("ascii_decode", ascii_decode),
        ("utf_16_encode", utf_16_encode),
        ("utf_16_le_encode", utf_16_le_encode),
        ("utf_16_be_encode", utf_16_be_encode),
        ("utf_16_decode", utf_16_decode),
        ("utf_16_le_decode", utf_16_le_decode),
        ("utf_16_be_decode", utf_16_be_decode),
        ("utf_16_ex_decode", utf_16_ex_decode),
        ("utf_32_encode", utf_32_encode),
        ("utf_32_le_encode", utf_32_le_encode),
        ("utf_32_be_encode", utf_32_be_encode),
        ("utf_32_decode", utf_32_decode),
        ("utf_32_le_decode", utf_32_le_decode),
        ("utf_32_be_decode", utf_32_be_decode),
        ("utf_32_ex_decode", utf_32_ex_decode),
        ("charmap_decode", charmap_decode),
        ("charmap_encode", charmap_encode),
        ("charmap_build", charmap_build),
        ("unicode_escape_encode", unicode_escape_encode),
        ("unicode_escape_decode", unicode_escape_decode),
        ("raw_unicode_escape_encode", raw_unicode_escape_encode),
        ("raw_unicode_escape_decode", raw_unicode_escape_decode),
        ("escape_encode", escape_encode),
        ("escape_decode", escape_decode),
        ("utf_7_encode", utf_7_encode),
        ("utf_7_decode", utf_7_decode),
    ];
    for (name, f) in fns {
        vm.add_module_fn(&m, name, *f);
    }
    Ok(m)
}
