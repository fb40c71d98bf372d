//! The bytes and bytearray types, and the codecs str.encode/bytes.decode use.

use std::cell::RefCell;

use crate::memory::ObjRef;
use crate::object::Payload;
use crate::objects::str::PyStr;
use crate::objects::typeobj::tdata;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

/// The bytes of a bytes-like value.
pub fn bytes_from_value(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Value::Obj(o) = v {
        match &o.payload {
            Payload::Bytes(b) => return Ok(b.to_vec()),
            Payload::ByteArray(b) => return Ok(b.borrow().clone()),
            Payload::Native(_) => {
                if let Some(b) = crate::objects::memoryview::bytes_like(v) {
                    return Ok(b);
                }
            }
            _ => {}
        }
    }
    Err(vm.type_error(format!(
        "a bytes-like object is required, not '{}'",
        vm.type_name(v)
    )))
}

pub fn repr_bytes(b: &[u8], prefix: &str) -> String {
    repr_bytes_q(b, prefix, false)
}

/// bytearray's repr also escapes a single quote inside double quotes.
fn repr_bytes_q(b: &[u8], prefix: &str, esc_single: bool) -> String {
    let has_single = b.contains(&b'\'');
    let has_double = b.contains(&b'"');
    let quote = if has_single && !has_double { '"' } else { '\'' };
    let mut out = String::from(prefix);
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b'\'' if esc_single => out.push_str("\\'"),
            c if c as char == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote);
    out
}

/// `bytes.decode`: the shared codec core (`crate::codecs`).
pub fn decode(vm: &Vm, b: &[u8], encoding: &str, errors: &str) -> PyResult<Value> {
    crate::codecs::decode(vm, b, encoding, errors)
}

/// `str.encode`: the shared codec core (`crate::codecs`).
pub fn encode(vm: &Vm, orig: &Value, s: &PyStr, encoding: &str, errors: &str) -> PyResult<Value> {
    let _ = s;
    crate::codecs::encode(vm, orig, encoding, errors)
}

pub fn bytes_percent(vm: &Vm, a: &Value, b: &Value) -> PyResult<Value> {
    crate::objects::bytes_methods::bytes_percent(vm, a, b)
}

fn bytes_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = args
        .args
        .first()
        .and_then(|c| c.as_obj().cloned())
        .ok_or_else(|| vm.type_error("bytes.__new__(X): X is not a type object"))?;
    let pos = args.pos();
    let data = make_bytes(vm, pos.get(1), pos.get(2), pos.get(3), "bytes")?;
    if cls.is(&vm.types.bytes) {
        return Ok(vm.new_bytes(data));
    }
    let o = ObjRef::new(&cls, Payload::Bytes(data.into_boxed_slice()));
    if tdata(&cls).is_heap() {
        o.give_dict(|| vm.new_dict_obj());
    }
    Ok(Value::Obj(o))
}

pub(crate) fn make_bytes(
    vm: &Vm,
    src: Option<&Value>,
    enc: Option<&Value>,
    errors: Option<&Value>,
    what: &str,
) -> PyResult<Vec<u8>> {
    let src = match src {
        None => return Ok(Vec::new()),
        Some(s) => s,
    };
    if let Value::Obj(o) = src {
        if let Payload::Str(s) = &o.payload {
            let enc = match enc {
                Some(e) => vm.str_string(e)?,
                None => return Err(vm.type_error("string argument without an encoding")),
            };
            let errors = match errors {
                Some(e) => vm.str_string(e)?,
                None => "strict".into(),
            };
            return bytes_from_value(vm, &encode(vm, src, s, &enc, &errors)?);
        }
        if enc.is_some() || errors.is_some() {
            return Err(vm.type_error(if enc.is_some() {
                "encoding without a string argument"
            } else {
                "errors without a string argument"
            }));
        }
        if let Payload::Bytes(_) | Payload::ByteArray(_) = &o.payload {
            return bytes_from_value(vm, src);
        }
        if let Some(b) = crate::objects::memoryview::bytes_like(src) {
            return Ok(b);
        }
    }
    // An int (or anything with __index__) is a count of zero bytes.
    let is_count = matches!(src, Value::Int(_) | Value::Bool(_))
        || crate::objects::int::is_int(src)
        || (!matches!(src, Value::Obj(o) if o.payload.as_str().is_some())
            && vm.lookup_special(src, &vm.names.__index__).is_some());
    if is_count {
        let n = vm.to_index(src).map_err(|e| {
            if vm.exc_matches(&e, &vm.exc.overflow_error) {
                vm.overflow_error("cannot fit 'int' into an index-sized integer")
            } else {
                e
            }
        })?;
        if n < 0 {
            return Err(vm.value_error("negative count"));
        }
        let mut out = Vec::new();
        if out.try_reserve_exact(n as usize).is_err() {
            return Err(vm.new_exception(&vm.exc.memory_error, Vec::new()));
        }
        out.resize(n as usize, 0);
        return Ok(out);
    }
    if let Some(r) = vm.call_special(src, &vm.names.__bytes__, &[])? {
        if !matches!(&r, Value::Obj(o) if matches!(o.payload, Payload::Bytes(_))) {
            return Err(vm.type_error(format!(
                "__bytes__ returned non-bytes (type {})",
                vm.type_name(&r)
            )));
        }
        return bytes_from_value(vm, &r);
    }
    let items = vm.collect(src).map_err(|e| {
        if vm.exc_matches(&e, &vm.exc.type_error) {
            vm.type_error(format!(
                "cannot convert '{}' object to {what}",
                vm.type_name(src)
            ))
        } else {
            e
        }
    })?;
    let mut out = Vec::with_capacity(items.len());
    for it in items {
        let x = vm.to_index(&it)?;
        if !(0..256).contains(&x) {
            return Err(vm.value_error("bytes must be in range(0, 256)"));
        }
        out.push(x as u8);
    }
    Ok(out)
}

fn self_bytes(vm: &Vm, args: &Args) -> PyResult<Vec<u8>> {
    bytes_from_value(vm, args.args.first().unwrap_or(&Value::None))
}

fn bytes_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = self_bytes(vm, &args)?;
    if let Some(Value::Obj(o)) = args.args.first() {
        if matches!(o.payload, Payload::ByteArray(_)) {
            let name = crate::objects::typeobj::tdata(o.class()).name();
            return Ok(vm.new_str(format!("{name}({})", repr_bytes_q(&b, "b", true))));
        }
    }
    Ok(vm.new_str(repr_bytes(&b, "b")))
}

fn bytes_decode(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = self_bytes(vm, &args)?;
    let mut enc = args.pos().get(1).cloned();
    let mut errors = args.pos().get(2).cloned();
    for (k, v) in args.kwargs() {
        match k.as_obj().map(crate::objects::str::as_rust_str).as_deref() {
            Some("encoding") => enc = Some(v.clone()),
            Some("errors") => errors = Some(v.clone()),
            _ => {}
        }
    }
    let enc = enc
        .map(|e| vm.str_string(&e))
        .transpose()?
        .unwrap_or_else(|| "utf-8".into());
    let errors = errors
        .map(|e| vm.str_string(&e))
        .transpose()?
        .unwrap_or_else(|| "strict".into());
    decode(vm, &b, &enc, &errors)
}

fn bytearray_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = args
        .args
        .first()
        .and_then(|c| c.as_obj().cloned())
        .ok_or_else(|| vm.type_error("bytearray.__new__(X): X is not a type object"))?;
    let o = ObjRef::new(&cls, Payload::ByteArray(RefCell::new(Vec::new())));
    if tdata(&cls).is_heap() {
        o.give_dict(|| vm.new_dict_obj());
    }
    Ok(Value::Obj(o))
}

/// `bytearray.__reduce_ex__(protocol=0, /)` (and `__reduce__`, protocol 2): the type,
/// the contents as latin-1 text with its encoding below protocol 3 (else as bytes), and
/// the instance dict or None, as CPython's bytearray reduces.
fn bytearray_reduce_ex(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.has_kw() {
        return Err(vm.type_error("__reduce_ex__() takes no keyword arguments"));
    }
    let pos = args.pos();
    let this = match pos.first() {
        Some(Value::Obj(o)) if matches!(o.payload, Payload::ByteArray(_)) => o,
        _ => return Err(vm.type_error("descriptor requires a 'bytearray' object")),
    };
    if pos.len() > 2 {
        return Err(vm.type_error(format!(
            "__reduce_ex__ expected at most 1 argument, got {}",
            pos.len() - 1
        )));
    }
    let proto = match pos.get(1) {
        Some(v) => vm.to_index(v)?,
        None => 0,
    };
    bytearray_reduce_common(vm, this, proto)
}

/// `bytearray.__reduce__()`: the protocol 2 form of `__reduce_ex__`.
fn bytearray_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.has_kw() || args.pos().len() != 1 {
        return Err(vm.type_error("__reduce__() takes no arguments"));
    }
    match args.pos().first() {
        Some(Value::Obj(o)) if matches!(o.payload, Payload::ByteArray(_)) => {
            bytearray_reduce_common(vm, o, 2)
        }
        _ => Err(vm.type_error("descriptor requires a 'bytearray' object")),
    }
}

fn bytearray_reduce_common(vm: &Vm, this: &ObjRef, proto: i64) -> PyResult<Value> {
    let data = match &this.payload {
        Payload::ByteArray(b) => b.borrow().clone(),
        _ => Vec::new(),
    };
    let args = if proto < 3 {
        let text: String = data.iter().map(|&b| b as char).collect();
        vec![vm.new_str(text), vm.new_str("latin-1")]
    } else {
        vec![vm.new_bytes(data)]
    };
    let state = this.dict().map(Value::Obj).unwrap_or(Value::None);
    Ok(vm.new_tuple(vec![
        Value::Obj(this.class().clone()),
        vm.new_tuple(args),
        state,
    ]))
}

fn bytearray_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let data = make_bytes(vm, pos.get(1), pos.get(2), pos.get(3), "bytearray")?;
    if let Some(Value::Obj(o)) = pos.first() {
        if let Payload::ByteArray(b) = &o.payload {
            *b.borrow_mut() = data;
        }
    }
    Ok(Value::None)
}

fn bytearray_extend(vm: &Vm, args: Args) -> PyResult<Value> {
    let src = args.args.get(1).unwrap_or(&Value::None);
    // Only buffers and iterables extend: an int is not a count here.
    let is_buffer = crate::objects::memoryview::bytes_like(src).is_some();
    if !is_buffer
        && !matches!(src, Value::Obj(o) if o.payload.as_str().is_some())
        && vm.lookup_special(src, &vm.names.__iter__).is_none()
        && vm.lookup_special(src, &vm.names.__getitem__).is_none()
    {
        return Err(vm.type_error(format!("can't extend bytearray with {}", vm.type_name(src))));
    }
    let data = if matches!(src, Value::Obj(o) if o.payload.as_str().is_some()) {
        return Err(vm.type_error("'str' object cannot be interpreted as an integer"));
    } else {
        make_bytes(vm, Some(src), None, None, "bytearray")?
    };
    if let Some(Value::Obj(o)) = args.args.first() {
        if let Payload::ByteArray(b) = &o.payload {
            if !data.is_empty() {
                crate::objects::memoryview::check_resizable(vm, &args.args[0])?;
            }
            b.borrow_mut().extend(data);
        }
    }
    Ok(Value::None)
}

pub fn init(vm: &Vm) {
    for t in [&vm.types.bytes, &vm.types.bytearray] {
        vm.add_method(t, "__repr__", bytes_repr);
        vm.add_method(t, "decode", bytes_decode);
    }
    vm.add_static(&vm.types.bytes, "__new__", bytes_new);
    vm.add_static(&vm.types.bytearray, "__new__", bytearray_new);
    vm.add_method(&vm.types.bytearray, "__init__", bytearray_init);
    vm.add_method(&vm.types.bytearray, "extend", bytearray_extend);
    vm.add_method(&vm.types.bytearray, "__reduce_ex__", bytearray_reduce_ex);
    vm.add_method(&vm.types.bytearray, "__reduce__", bytearray_reduce);
    crate::objects::bytes_methods::init(vm);
}
