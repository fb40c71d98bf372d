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
            _ => {}
        }
    }
    Err(vm.type_error(format!(
        "a bytes-like object is required, not '{}'",
        vm.type_name(v)
    )))
}

pub fn repr_bytes(b: &[u8], prefix: &str) -> String {
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
    let fmt = bytes_from_value(vm, a)?;
    let s = String::from_utf8_lossy(&fmt).into_owned();
    let r = crate::format::percent_format(vm, &s, b, true)?;
    Ok(vm.new_bytes(r.chars().map(|c| c as u32 as u8).collect()))
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
        o.set_dict(Some(vm.new_dict_obj()));
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
        if let Payload::Bytes(_) | Payload::ByteArray(_) = &o.payload {
            return bytes_from_value(vm, src);
        }
    }
    if let Value::Int(n) = src {
        if *n < 0 {
            return Err(vm.value_error("negative count"));
        }
        return Ok(vec![0; *n as usize]);
    }
    if let Some(r) = vm.call_special(src, &vm.names.__bytes__, &[])? {
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
            return Ok(vm.new_str(format!("bytearray({})", repr_bytes(&b, "b"))));
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

fn bytes_hex(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = self_bytes(vm, &args)?;
    Ok(vm.new_str(b.iter().map(|x| format!("{x:02x}")).collect::<String>()))
}

fn bytes_join(vm: &Vm, args: Args) -> PyResult<Value> {
    let sep = self_bytes(vm, &args)?;
    let items = vm.collect(args.args.get(1).unwrap_or(&Value::None))?;
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        out.extend(bytes_from_value(vm, it).map_err(|_| {
            vm.type_error(format!(
                "sequence item {i}: expected a bytes-like object, {} found",
                vm.type_name(it)
            ))
        })?);
    }
    Ok(vm.new_bytes(out))
}

fn bytes_fromhex(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = vm.str_string(args.args.get(1).unwrap_or(&Value::None))?;
    let digits: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = Vec::new();
    for pair in digits.chunks(2) {
        let h: String = pair.iter().collect();
        out.push(
            u8::from_str_radix(&h, 16)
                .map_err(|_| vm.value_error("non-hexadecimal number found in fromhex() arg"))?,
        );
    }
    Ok(vm.new_bytes(out))
}

fn bytes_startswith(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = self_bytes(vm, &args)?;
    let p = bytes_from_value(vm, args.args.get(1).unwrap_or(&Value::None))?;
    Ok(Value::Bool(b.starts_with(&p)))
}
fn bytes_endswith(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = self_bytes(vm, &args)?;
    let p = bytes_from_value(vm, args.args.get(1).unwrap_or(&Value::None))?;
    Ok(Value::Bool(b.ends_with(&p)))
}

fn bytes_upper(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(vm.new_bytes(self_bytes(vm, &args)?.to_ascii_uppercase()))
}
fn bytes_lower(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(vm.new_bytes(self_bytes(vm, &args)?.to_ascii_lowercase()))
}

fn bytes_find(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = self_bytes(vm, &args)?;
    let n = match args.args.get(1) {
        Some(Value::Int(i)) => vec![*i as u8],
        Some(v) => bytes_from_value(vm, v)?,
        None => return Err(vm.type_error("find() takes at least 1 argument (0 given)")),
    };
    Ok(Value::Int(
        crate::objects::str::find_bytes(&b, &n)
            .map(|i| i as i64)
            .unwrap_or(-1),
    ))
}

fn bytes_strip(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = self_bytes(vm, &args)?;
    let chars: Vec<u8> = match args.args.get(1) {
        Some(Value::None) | None => b" \t\n\r\x0b\x0c".to_vec(),
        Some(v) => bytes_from_value(vm, v)?,
    };
    let start = b.iter().position(|c| !chars.contains(c)).unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !chars.contains(c))
        .map(|i| i + 1)
        .unwrap_or(start);
    Ok(vm.new_bytes(b[start..end.max(start)].to_vec()))
}

fn bytes_split(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = self_bytes(vm, &args)?;
    let parts: Vec<Value> = match args.args.get(1) {
        None | Some(Value::None) => b
            .split(|c| c.is_ascii_whitespace())
            .filter(|p| !p.is_empty())
            .map(|p| vm.new_bytes(p.to_vec()))
            .collect(),
        Some(sep) => {
            let sep = bytes_from_value(vm, sep)?;
            if sep.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            let mut out = Vec::new();
            let mut rest = &b[..];
            while let Some(i) = crate::objects::str::find_bytes(rest, &sep) {
                out.push(vm.new_bytes(rest[..i].to_vec()));
                rest = &rest[i + sep.len()..];
            }
            out.push(vm.new_bytes(rest.to_vec()));
            out
        }
    };
    Ok(vm.new_list(parts))
}

fn bytes_replace(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = self_bytes(vm, &args)?;
    let old = bytes_from_value(vm, args.args.get(1).unwrap_or(&Value::None))?;
    let new = bytes_from_value(vm, args.args.get(2).unwrap_or(&Value::None))?;
    if old.is_empty() {
        return Ok(vm.new_bytes(b));
    }
    let mut out = Vec::new();
    let mut rest = &b[..];
    while let Some(i) = crate::objects::str::find_bytes(rest, &old) {
        out.extend_from_slice(&rest[..i]);
        out.extend_from_slice(&new);
        rest = &rest[i + old.len()..];
    }
    out.extend_from_slice(rest);
    Ok(vm.new_bytes(out))
}

fn bytearray_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = args
        .args
        .first()
        .and_then(|c| c.as_obj().cloned())
        .ok_or_else(|| vm.type_error("bytearray.__new__(X): X is not a type object"))?;
    let o = ObjRef::new(&cls, Payload::ByteArray(RefCell::new(Vec::new())));
    if tdata(&cls).is_heap() {
        o.set_dict(Some(vm.new_dict_obj()));
    }
    Ok(Value::Obj(o))
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

fn bytearray_append(vm: &Vm, args: Args) -> PyResult<Value> {
    let x = vm.to_index(args.args.get(1).unwrap_or(&Value::None))?;
    if !(0..256).contains(&x) {
        return Err(vm.value_error("byte must be in range(0, 256)"));
    }
    if let Some(Value::Obj(o)) = args.args.first() {
        if let Payload::ByteArray(b) = &o.payload {
            b.borrow_mut().push(x as u8);
        }
    }
    Ok(Value::None)
}

fn bytearray_extend(vm: &Vm, args: Args) -> PyResult<Value> {
    let data = make_bytes(vm, args.args.get(1), None, None, "bytearray")?;
    if let Some(Value::Obj(o)) = args.args.first() {
        if let Payload::ByteArray(b) = &o.payload {
            b.borrow_mut().extend(data);
        }
    }
    Ok(Value::None)
}

pub fn init(vm: &Vm) {
    for t in [&vm.types.bytes, &vm.types.bytearray] {
        vm.add_method(t, "__repr__", bytes_repr);
        vm.add_method(t, "decode", bytes_decode);
        vm.add_method(t, "hex", bytes_hex);
        vm.add_method(t, "join", bytes_join);
        vm.add_method(t, "startswith", bytes_startswith);
        vm.add_method(t, "endswith", bytes_endswith);
        vm.add_method(t, "upper", bytes_upper);
        vm.add_method(t, "lower", bytes_lower);
        vm.add_method(t, "find", bytes_find);
        vm.add_method(t, "strip", bytes_strip);
        vm.add_method(t, "split", bytes_split);
        vm.add_method(t, "replace", bytes_replace);
        vm.add_classmethod(t, "fromhex", bytes_fromhex);
    }
    vm.add_static(&vm.types.bytes, "__new__", bytes_new);
    vm.add_static(&vm.types.bytearray, "__new__", bytearray_new);
    vm.add_method(&vm.types.bytearray, "__init__", bytearray_init);
    vm.add_method(&vm.types.bytearray, "append", bytearray_append);
    vm.add_method(&vm.types.bytearray, "extend", bytearray_extend);
}
