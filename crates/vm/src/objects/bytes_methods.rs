//! The methods bytes and bytearray share (one implementation on `&[u8]`, the
//! result type chosen by the receiver), the bytearray mutators, and bytes `%`.

use std::cell::RefCell;

use crate::memory::ObjRef;
use crate::object::Payload;
use crate::objects::bytes::bytes_from_value;
use crate::objects::str::{as_rust_str, find_bytes};
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

const SPACE: &[u8] = b" \t\n\r\x0b\x0c";

fn is_ba(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(o.payload, Payload::ByteArray(_)))
}

pub fn new_bytearray(vm: &Vm, b: Vec<u8>) -> Value {
    Value::Obj(ObjRef::new(
        &vm.types.bytearray,
        Payload::ByteArray(RefCell::new(b)),
    ))
}

/// A result of the receiver's kind: bytearray for bytearrays, else bytes.
fn out(vm: &Vm, ba: bool, b: Vec<u8>) -> Value {
    if ba {
        new_bytearray(vm, b)
    } else {
        vm.new_bytes(b)
    }
}

/// The bytes-like data of a value, or None.
fn try_bytes(v: &Value) -> Option<Vec<u8>> {
    if let Value::Obj(o) = v {
        match &o.payload {
            Payload::Bytes(b) => return Some(b.to_vec()),
            Payload::ByteArray(b) => return Some(b.borrow().clone()),
            Payload::Native(_) => return crate::objects::memoryview::bytes_like(v),
            _ => {}
        }
    }
    None
}

/// Receiver, positional and keyword arguments merged into `names` slots.
struct A {
    me: Vec<u8>,
    ba: bool,
    a: Vec<Option<Value>>,
}

/// How a method reports argument errors (CPython's several calling conventions).
#[derive(Clone, Copy, PartialEq)]
enum Sig {
    /// stringlib find-style: `find() takes at least 1 argument (0 given)`.
    Find,
    /// positional-only clinic: `center expected at least 1 argument, got 0`.
    Pos,
    /// METH_O: `bytes.zfill() takes exactly one argument (0 given)`.
    One,
    /// METH_NOARGS: `bytes.upper() takes no arguments (1 given)`.
    NoArgs,
    /// clinic with keywords: `split() takes at most 2 arguments (3 given)`.
    Kw,
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn parse(vm: &Vm, args: &Args, name: &str, names: &[&str], min: usize) -> PyResult<A> {
    let sig = match (names.len(), min) {
        (0, _) => Sig::NoArgs,
        _ => Sig::Kw,
    };
    parse_sig(vm, args, name, names, min, sig)
}

fn parse_sig(
    vm: &Vm,
    args: &Args,
    name: &str,
    names: &[&str],
    min: usize,
    sig: Sig,
) -> PyResult<A> {
    let me_v = args.args.first().cloned().unwrap_or(Value::None);
    let me = bytes_from_value(vm, &me_v)?;
    let ba = is_ba(&me_v);
    let tname = if ba { "bytearray" } else { "bytes" };
    let pos = &args.pos()[1.min(args.pos().len())..];
    let max = names.len();
    let n = pos.len();
    if args.has_kw() && sig != Sig::Kw {
        return Err(vm.type_error(if sig == Sig::Find {
            format!("{name}() takes no keyword arguments")
        } else {
            format!("{tname}.{name}() takes no keyword arguments")
        }));
    }
    if n > max || (n < min && sig != Sig::Kw) {
        return Err(vm.type_error(match sig {
            Sig::NoArgs => format!("{tname}.{name}() takes no arguments ({n} given)"),
            Sig::One => format!("{tname}.{name}() takes exactly one argument ({n} given)"),
            Sig::Pos if min == max => {
                format!("{name} expected {max} argument{}, got {n}", plural(max))
            }
            Sig::Pos if n > max => format!(
                "{name} expected at most {max} argument{}, got {n}",
                plural(max)
            ),
            Sig::Pos => format!(
                "{name} expected at least {min} argument{}, got {n}",
                plural(min)
            ),
            _ if n > max => format!(
                "{name}() takes at most {max} argument{} ({n} given)",
                plural(max)
            ),
            _ => format!(
                "{name}() takes at least {min} argument{} ({n} given)",
                plural(min)
            ),
        }));
    }
    if n < min {
        return Err(vm.type_error(format!(
            "{name}() takes at least {min} positional argument{} ({n} given)",
            plural(min)
        )));
    }
    let mut a: Vec<Option<Value>> = vec![None; max];
    for (i, v) in pos.iter().enumerate() {
        a[i] = Some(v.clone());
    }
    for (k, v) in args.kwargs() {
        let k = k.as_obj().map(as_rust_str).unwrap_or_default();
        match names.iter().position(|nm| *nm == k).filter(|&i| i >= min) {
            Some(i) => {
                if a[i].is_some() {
                    return Err(vm.type_error(format!(
                        "argument for {name}() given by name ('{k}') and position ({})",
                        i + 1
                    )));
                }
                a[i] = Some(v.clone())
            }
            None => {
                return Err(
                    vm.type_error(format!("'{k}' is an invalid keyword argument for {name}()"))
                )
            }
        }
    }
    Ok(A { me, ba, a })
}

fn slice_index(vm: &Vm, v: &Option<Value>, dflt: i64) -> PyResult<i64> {
    let v = match v {
        None | Some(Value::None) => return Ok(dflt),
        Some(Value::Int(i)) => return Ok(*i),
        Some(Value::Bool(b)) => return Ok(*b as i64),
        Some(v) => v,
    };
    let is_int = matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Int(_)));
    if !is_int && vm.lookup_special(v, &vm.names.__index__).is_none() {
        return Err(
            vm.type_error("slice indices must be integers or None or have an __index__ method")
        );
    }
    let i = vm.index_value(v)?;
    if let Value::Int(i) = i {
        return Ok(i);
    }
    // Out of the machine range: clamp as CPython's _PyEval_SliceIndex does.
    Ok(match crate::objects::int::as_bigint(&i) {
        Some(b) if b.sign() == num_bigint::Sign::Minus => i64::MIN / 2,
        _ => i64::MAX / 2,
    })
}

/// start/end normalised as str does; None when start is past the end.
fn range(vm: &Vm, len: usize, s: &Option<Value>, e: &Option<Value>) -> PyResult<(usize, usize)> {
    let len = len as i64;
    let fix = |x: i64| {
        if x < 0 {
            (x + len).max(0)
        } else {
            x
        }
    };
    let s = fix(slice_index(vm, s, 0)?);
    let e = fix(slice_index(vm, e, len)?).min(len);
    Ok((s as usize, e as usize))
}

/// A sub-sequence argument: an int in range(256) or bytes-like.
fn sub_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = try_bytes(v) {
        return Ok(b);
    }
    match v {
        Value::Int(_) | Value::Bool(_) => {}
        Value::Obj(_) if vm.isinstance(v, &vm.types.int) => {}
        _ => {
            return Err(vm.type_error(format!(
                "argument should be integer or bytes-like object, not '{}'",
                vm.type_name(v)
            )))
        }
    }
    let i = vm
        .to_index(v)
        .map_err(|_| vm.value_error("byte must be in range(0, 256)"))?;
    if !(0..256).contains(&i) {
        return Err(vm.value_error("byte must be in range(0, 256)"));
    }
    Ok(vec![i as u8])
}

fn rfind_bytes(hay: &[u8], n: &[u8]) -> Option<usize> {
    if n.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - n.len())
        .rev()
        .find(|&i| &hay[i..i + n.len()] == n)
}

fn find_impl(vm: &Vm, args: &Args, name: &str, rev: bool) -> PyResult<Option<usize>> {
    let a = parse_sig(vm, args, name, &["sub", "start", "end"], 1, Sig::Find)?;
    let sub = sub_arg(vm, a.a[0].as_ref().unwrap())?;
    let (s, e) = range(vm, a.me.len(), &a.a[1], &a.a[2])?;
    if s > a.me.len() || (e < s + sub.len()) {
        return Ok(None);
    }
    let hay = &a.me[s..e];
    let r = if rev {
        rfind_bytes(hay, &sub)
    } else {
        find_bytes(hay, &sub)
    };
    Ok(r.map(|i| i + s))
}

fn b_find(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(
        find_impl(vm, &args, "find", false)?.map_or(-1, |i| i as i64),
    ))
}
fn b_rfind(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(
        find_impl(vm, &args, "rfind", true)?.map_or(-1, |i| i as i64),
    ))
}
fn b_index(vm: &Vm, args: Args) -> PyResult<Value> {
    match find_impl(vm, &args, "index", false)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => Err(vm.value_error("subsection not found")),
    }
}
fn b_rindex(vm: &Vm, args: Args) -> PyResult<Value> {
    match find_impl(vm, &args, "rindex", true)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => Err(vm.value_error("subsection not found")),
    }
}

fn b_count(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_sig(vm, &args, "count", &["sub", "start", "end"], 1, Sig::Find)?;
    let sub = sub_arg(vm, a.a[0].as_ref().unwrap())?;
    let (s, e) = range(vm, a.me.len(), &a.a[1], &a.a[2])?;
    if s > a.me.len() || e < s {
        return Ok(Value::Int(0));
    }
    let hay = &a.me[s..e];
    if sub.is_empty() {
        return Ok(Value::Int(hay.len() as i64 + 1));
    }
    let mut n = 0;
    let mut i = 0;
    while let Some(j) = find_bytes(&hay[i..], &sub) {
        n += 1;
        i += j + sub.len();
    }
    Ok(Value::Int(n))
}

fn affix_impl(vm: &Vm, args: &Args, name: &str, end: bool) -> PyResult<Value> {
    let a = parse_sig(vm, args, name, &["prefix", "start", "end"], 1, Sig::Find)?;
    let (s, e) = range(vm, a.me.len(), &a.a[1], &a.a[2])?;
    let p = a.a[0].clone().unwrap();
    let cands: Vec<Value> = if try_bytes(&p).is_some() {
        vec![p.clone()]
    } else if let Some(t) = p
        .as_obj()
        .and_then(|o| o.payload.as_tuple().map(|t| t.to_vec()))
    {
        t
    } else {
        return Err(vm.type_error(format!(
            "{name} first arg must be bytes or a tuple of bytes, not {}",
            vm.type_name(&p)
        )));
    };
    for c in &cands {
        let c = bytes_arg(vm, c)?;
        if s > a.me.len() || e < s {
            continue;
        }
        let hay = &a.me[s..e];
        if if end {
            hay.ends_with(&c)
        } else {
            hay.starts_with(&c)
        } {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}
fn b_startswith(vm: &Vm, args: Args) -> PyResult<Value> {
    affix_impl(vm, &args, "startswith", false)
}
fn b_endswith(vm: &Vm, args: Args) -> PyResult<Value> {
    affix_impl(vm, &args, "endswith", true)
}

fn map_bytes(vm: &Vm, args: &Args, name: &str, f: impl Fn(&[u8]) -> Vec<u8>) -> PyResult<Value> {
    let a = parse(vm, args, name, &[], 0)?;
    Ok(out(vm, a.ba, f(&a.me)))
}
fn b_lower(vm: &Vm, args: Args) -> PyResult<Value> {
    map_bytes(vm, &args, "lower", |b| b.to_ascii_lowercase())
}
fn b_upper(vm: &Vm, args: Args) -> PyResult<Value> {
    map_bytes(vm, &args, "upper", |b| b.to_ascii_uppercase())
}
fn b_swapcase(vm: &Vm, args: Args) -> PyResult<Value> {
    map_bytes(vm, &args, "swapcase", |b| {
        b.iter()
            .map(|&c| {
                if c.is_ascii_lowercase() {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    })
}
fn b_capitalize(vm: &Vm, args: Args) -> PyResult<Value> {
    map_bytes(vm, &args, "capitalize", |b| {
        b.iter()
            .enumerate()
            .map(|(i, &c)| {
                if i == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    })
}
fn b_title(vm: &Vm, args: Args) -> PyResult<Value> {
    map_bytes(vm, &args, "title", |b| {
        let mut prev = false;
        b.iter()
            .map(|&c| {
                let r = if prev {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                };
                prev = c.is_ascii_alphabetic();
                r
            })
            .collect()
    })
}

fn pred(vm: &Vm, args: &Args, name: &str, f: impl Fn(&[u8]) -> bool) -> PyResult<Value> {
    let a = parse(vm, args, name, &[], 0)?;
    Ok(Value::Bool(f(&a.me)))
}
fn b_isalnum(vm: &Vm, args: Args) -> PyResult<Value> {
    pred(vm, &args, "isalnum", |b| {
        !b.is_empty() && b.iter().all(|c| c.is_ascii_alphanumeric())
    })
}
fn b_isalpha(vm: &Vm, args: Args) -> PyResult<Value> {
    pred(vm, &args, "isalpha", |b| {
        !b.is_empty() && b.iter().all(|c| c.is_ascii_alphabetic())
    })
}
fn b_isascii(vm: &Vm, args: Args) -> PyResult<Value> {
    pred(vm, &args, "isascii", |b| b.is_ascii())
}
fn b_isdigit(vm: &Vm, args: Args) -> PyResult<Value> {
    pred(vm, &args, "isdigit", |b| {
        !b.is_empty() && b.iter().all(|c| c.is_ascii_digit())
    })
}
fn b_isspace(vm: &Vm, args: Args) -> PyResult<Value> {
    pred(vm, &args, "isspace", |b| {
        !b.is_empty() && b.iter().all(|c| SPACE.contains(c))
    })
}
fn b_islower(vm: &Vm, args: Args) -> PyResult<Value> {
    pred(vm, &args, "islower", |b| {
        b.iter().any(|c| c.is_ascii_lowercase()) && !b.iter().any(|c| c.is_ascii_uppercase())
    })
}
fn b_isupper(vm: &Vm, args: Args) -> PyResult<Value> {
    pred(vm, &args, "isupper", |b| {
        b.iter().any(|c| c.is_ascii_uppercase()) && !b.iter().any(|c| c.is_ascii_lowercase())
    })
}
fn b_istitle(vm: &Vm, args: Args) -> PyResult<Value> {
    pred(vm, &args, "istitle", |b| {
        let mut cased = false;
        let mut prev = false;
        for &c in b {
            if c.is_ascii_uppercase() {
                if prev {
                    return false;
                }
                prev = true;
                cased = true;
            } else if c.is_ascii_lowercase() {
                if !prev {
                    return false;
                }
                prev = true;
                cased = true;
            } else {
                prev = false;
            }
        }
        cased
    })
}

fn fill_arg(vm: &Vm, name: &str, v: &Option<Value>) -> PyResult<u8> {
    match v {
        None => Ok(b' '),
        Some(v) => match try_bytes(v) {
            Some(b) if b.len() == 1 => Ok(b[0]),
            _ => Err(vm.type_error(format!(
                "{name}() argument 2 must be a byte string of length 1, not {}",
                vm.type_name(v)
            ))),
        },
    }
}

fn pad_impl(vm: &Vm, args: &Args, name: &str, which: u8) -> PyResult<Value> {
    let a = parse_sig(vm, args, name, &["width", "fillchar"], 1, Sig::Pos)?;
    let w = vm.to_index(a.a[0].as_ref().unwrap())?;
    let fill = fill_arg(vm, name, &a.a[1])?;
    let len = a.me.len() as i64;
    if w <= len {
        return Ok(out(vm, a.ba, a.me));
    }
    let marg = w - len;
    let left = match which {
        b'l' => 0,
        b'r' => marg,
        _ => marg / 2 + (marg & w & 1),
    };
    let mut r = vec![fill; left as usize];
    r.extend_from_slice(&a.me);
    r.resize(w as usize, fill);
    Ok(out(vm, a.ba, r))
}
fn b_center(vm: &Vm, args: Args) -> PyResult<Value> {
    pad_impl(vm, &args, "center", b'c')
}
fn b_ljust(vm: &Vm, args: Args) -> PyResult<Value> {
    pad_impl(vm, &args, "ljust", b'l')
}
fn b_rjust(vm: &Vm, args: Args) -> PyResult<Value> {
    pad_impl(vm, &args, "rjust", b'r')
}
fn b_zfill(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_sig(vm, &args, "zfill", &["width"], 1, Sig::One)?;
    let w = vm.to_index(a.a[0].as_ref().unwrap())?;
    let len = a.me.len() as i64;
    if w <= len {
        return Ok(out(vm, a.ba, a.me));
    }
    let fill = (w - len) as usize;
    let mut r = vec![b'0'; fill];
    r.extend_from_slice(&a.me);
    if matches!(r.get(fill), Some(b'+') | Some(b'-')) {
        r[0] = r[fill];
        r[fill] = b'0';
    }
    Ok(out(vm, a.ba, r))
}

fn b_expandtabs(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse(vm, &args, "expandtabs", &["tabsize"], 0)?;
    let ts = match &a.a[0] {
        None => 8,
        Some(v) => vm.to_index(v)?,
    };
    if ts > i32::MAX as i64 || ts < i32::MIN as i64 {
        return Err(vm.overflow_error("Python int too large to convert to C int"));
    }
    let mut r = Vec::new();
    let mut col: i64 = 0;
    for &c in &a.me {
        match c {
            b'\t' => {
                if ts > 0 {
                    let n = ts - col % ts;
                    r.extend(std::iter::repeat_n(b' ', n as usize));
                    col += n;
                }
            }
            b'\n' | b'\r' => {
                r.push(c);
                col = 0;
            }
            _ => {
                r.push(c);
                col += 1;
            }
        }
    }
    Ok(out(vm, a.ba, r))
}

fn strip_impl(vm: &Vm, args: &Args, name: &str, l: bool, r: bool) -> PyResult<Value> {
    let a = parse_sig(vm, args, name, &["bytes"], 0, Sig::Pos)?;
    let chars: Vec<u8> = match &a.a[0] {
        None | Some(Value::None) => SPACE.to_vec(),
        Some(v) => try_bytes(v).ok_or_else(|| {
            vm.type_error(format!(
                "a bytes-like object is required, not '{}'",
                vm.type_name(v)
            ))
        })?,
    };
    let b = &a.me;
    let mut s = 0;
    let mut e = b.len();
    if l {
        while s < e && chars.contains(&b[s]) {
            s += 1;
        }
    }
    if r {
        while e > s && chars.contains(&b[e - 1]) {
            e -= 1;
        }
    }
    Ok(out(vm, a.ba, b[s..e].to_vec()))
}
fn b_strip(vm: &Vm, args: Args) -> PyResult<Value> {
    strip_impl(vm, &args, "strip", true, true)
}
fn b_lstrip(vm: &Vm, args: Args) -> PyResult<Value> {
    strip_impl(vm, &args, "lstrip", true, false)
}
fn b_rstrip(vm: &Vm, args: Args) -> PyResult<Value> {
    strip_impl(vm, &args, "rstrip", false, true)
}

fn bytes_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    try_bytes(v).ok_or_else(|| {
        vm.type_error(format!(
            "a bytes-like object is required, not '{}'",
            vm.type_name(v)
        ))
    })
}

fn part_impl(vm: &Vm, args: &Args, name: &str, rev: bool) -> PyResult<Value> {
    let a = parse_sig(vm, args, name, &["sep"], 1, Sig::One)?;
    let sep = bytes_arg(vm, a.a[0].as_ref().unwrap())?;
    if sep.is_empty() {
        return Err(vm.value_error("empty separator"));
    }
    let b = &a.me;
    let found = if rev {
        rfind_bytes(b, &sep)
    } else {
        find_bytes(b, &sep)
    };
    let parts = match found {
        Some(i) => vec![b[..i].to_vec(), sep.clone(), b[i + sep.len()..].to_vec()],
        None if rev => vec![Vec::new(), Vec::new(), b.clone()],
        None => vec![b.clone(), Vec::new(), Vec::new()],
    };
    let me = args.args[0].clone();
    let items = parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            // CPython hands back the receiver itself when it is an exact bytes.
            let whole = (!rev && i == 0 || rev && i == 2) && found.is_none();
            if whole && !a.ba && matches!(&me, Value::Obj(o) if o.class().is(&vm.types.bytes)) {
                me.clone()
            } else {
                out(vm, a.ba, p)
            }
        })
        .collect();
    Ok(vm.new_tuple(items))
}
fn b_partition(vm: &Vm, args: Args) -> PyResult<Value> {
    part_impl(vm, &args, "partition", false)
}
fn b_rpartition(vm: &Vm, args: Args) -> PyResult<Value> {
    part_impl(vm, &args, "rpartition", true)
}

fn b_removeprefix(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_sig(vm, &args, "removeprefix", &["prefix"], 1, Sig::One)?;
    let p = bytes_arg(vm, a.a[0].as_ref().unwrap())?;
    let r = a.me.strip_prefix(&p[..]).unwrap_or(&a.me).to_vec();
    Ok(out(vm, a.ba, r))
}
fn b_removesuffix(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_sig(vm, &args, "removesuffix", &["suffix"], 1, Sig::One)?;
    let p = bytes_arg(vm, a.a[0].as_ref().unwrap())?;
    let r = a.me.strip_suffix(&p[..]).unwrap_or(&a.me).to_vec();
    Ok(out(vm, a.ba, r))
}

fn split_impl(vm: &Vm, args: &Args, name: &str, rev: bool) -> PyResult<Value> {
    let a = parse(vm, args, name, &["sep", "maxsplit"], 0)?;
    let max = match &a.a[1] {
        None => -1,
        Some(v) => vm.to_index(v)?,
    };
    let max = if max < 0 { usize::MAX } else { max as usize };
    let b = &a.me;
    let mut parts: Vec<Vec<u8>> = Vec::new();
    match &a.a[0] {
        None | Some(Value::None) => {
            if !rev {
                let mut i = 0;
                loop {
                    while i < b.len() && SPACE.contains(&b[i]) {
                        i += 1;
                    }
                    if i == b.len() {
                        break;
                    }
                    if parts.len() == max {
                        parts.push(b[i..].to_vec());
                        break;
                    }
                    let s = i;
                    while i < b.len() && !SPACE.contains(&b[i]) {
                        i += 1;
                    }
                    parts.push(b[s..i].to_vec());
                }
            } else {
                let mut e = b.len();
                loop {
                    while e > 0 && SPACE.contains(&b[e - 1]) {
                        e -= 1;
                    }
                    if e == 0 {
                        break;
                    }
                    if parts.len() == max {
                        parts.push(b[..e].to_vec());
                        break;
                    }
                    let end = e;
                    while e > 0 && !SPACE.contains(&b[e - 1]) {
                        e -= 1;
                    }
                    parts.push(b[e..end].to_vec());
                }
                parts.reverse();
            }
        }
        Some(sep) => {
            let sep = bytes_arg(vm, sep)?;
            if sep.is_empty() {
                return Err(vm.value_error("empty separator"));
            }
            if !rev {
                let mut rest = &b[..];
                while parts.len() < max {
                    match find_bytes(rest, &sep) {
                        Some(i) => {
                            parts.push(rest[..i].to_vec());
                            rest = &rest[i + sep.len()..];
                        }
                        None => break,
                    }
                }
                parts.push(rest.to_vec());
            } else {
                let mut rest = &b[..];
                while parts.len() < max {
                    match rfind_bytes(rest, &sep) {
                        Some(i) => {
                            parts.push(rest[i + sep.len()..].to_vec());
                            rest = &rest[..i];
                        }
                        None => break,
                    }
                }
                parts.push(rest.to_vec());
                parts.reverse();
            }
        }
    }
    Ok(vm.new_list(parts.into_iter().map(|p| out(vm, a.ba, p)).collect()))
}
fn b_split(vm: &Vm, args: Args) -> PyResult<Value> {
    split_impl(vm, &args, "split", false)
}
fn b_rsplit(vm: &Vm, args: Args) -> PyResult<Value> {
    split_impl(vm, &args, "rsplit", true)
}

fn b_splitlines(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse(vm, &args, "splitlines", &["keepends"], 0)?;
    let keep = match &a.a[0] {
        None => false,
        Some(v) => vm.to_index(v)? != 0,
    };
    let b = &a.me;
    let mut parts = Vec::new();
    let mut i = 0;
    let mut s = 0;
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            let mut e = i + 1;
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                e += 1;
            }
            parts.push(b[s..if keep { e } else { i }].to_vec());
            i = e;
            s = e;
        } else {
            i += 1;
        }
    }
    if s < b.len() {
        parts.push(b[s..].to_vec());
    }
    Ok(vm.new_list(parts.into_iter().map(|p| out(vm, a.ba, p)).collect()))
}

fn b_replace(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_sig(vm, &args, "replace", &["old", "new", "count"], 2, Sig::Pos)?;
    let old = bytes_arg(vm, a.a[0].as_ref().unwrap())?;
    let new = bytes_arg(vm, a.a[1].as_ref().unwrap())?;
    let count = match &a.a[2] {
        None => -1,
        Some(v) => vm.to_index(v)?,
    };
    let mut left = if count < 0 {
        usize::MAX
    } else {
        count as usize
    };
    let b = &a.me;
    let mut r = Vec::new();
    if old.is_empty() {
        for (i, &c) in b.iter().enumerate() {
            if left > 0 {
                r.extend_from_slice(&new);
                left -= 1;
            } else {
                r.extend_from_slice(&b[i..]);
                return Ok(out(vm, a.ba, r));
            }
            r.push(c);
        }
        if left > 0 {
            r.extend_from_slice(&new);
        }
        return Ok(out(vm, a.ba, r));
    }
    let mut rest = &b[..];
    while left > 0 {
        match find_bytes(rest, &old) {
            Some(i) => {
                r.extend_from_slice(&rest[..i]);
                r.extend_from_slice(&new);
                rest = &rest[i + old.len()..];
                left -= 1;
            }
            None => break,
        }
    }
    r.extend_from_slice(rest);
    Ok(out(vm, a.ba, r))
}

fn b_join(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_sig(vm, &args, "join", &["iterable_of_bytes"], 1, Sig::One)?;
    let items = vm.collect(a.a[0].as_ref().unwrap()).map_err(|e| {
        if vm.exc_matches(&e, &vm.exc.type_error) {
            vm.type_error("can only join an iterable")
        } else {
            e
        }
    })?;
    let mut r = Vec::new();
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            r.extend_from_slice(&a.me);
        }
        r.extend(try_bytes(it).ok_or_else(|| {
            vm.type_error(format!(
                "sequence item {i}: expected a bytes-like object, {} found",
                vm.type_name(it)
            ))
        })?);
    }
    Ok(out(vm, a.ba, r))
}

fn b_translate(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse(vm, &args, "translate", &["table", "delete"], 1)?;
    let table = match a.a[0].as_ref().unwrap() {
        Value::None => None,
        v => {
            let t = bytes_arg(vm, v)?;
            if t.len() != 256 {
                return Err(vm.value_error("translation table must be 256 characters long"));
            }
            Some(t)
        }
    };
    let del = match &a.a[1] {
        None => Vec::new(),
        Some(v) => bytes_arg(vm, v)?,
    };
    let r =
        a.me.iter()
            .filter(|c| !del.contains(c))
            .map(|&c| table.as_ref().map_or(c, |t| t[c as usize]))
            .collect();
    Ok(out(vm, a.ba, r))
}

fn b_maketrans(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    if pos.len() != 2 || args.has_kw() {
        return Err(vm.type_error(format!(
            "maketrans expected 2 arguments, got {}",
            args.args.len()
        )));
    }
    let f = bytes_arg(vm, &pos[0])?;
    let t = bytes_arg(vm, &pos[1])?;
    if f.len() != t.len() {
        return Err(vm.value_error("maketrans arguments must have same length"));
    }
    let mut table: Vec<u8> = (0..=255).collect();
    for (x, y) in f.iter().zip(t.iter()) {
        table[*x as usize] = *y;
    }
    Ok(vm.new_bytes(table))
}

fn b_hex(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse(vm, &args, "hex", &["sep", "bytes_per_sep"], 0)?;
    let digits: Vec<String> = a.me.iter().map(|x| format!("{x:02x}")).collect();
    let sep = match &a.a[0] {
        None => return Ok(vm.new_str(digits.concat())),
        Some(v) => {
            let s: Vec<u8> = match v {
                Value::Obj(o) if matches!(o.payload, Payload::Str(_)) => {
                    let s = as_rust_str(o);
                    if s.chars().count() == 1 && !s.is_ascii() {
                        return Err(vm.value_error("sep must be ASCII."));
                    }
                    s.into_bytes()
                }
                _ => try_bytes(v).ok_or_else(|| {
                    vm.type_error(format!("object of type '{}' has no len()", vm.type_name(v)))
                })?,
            };
            if s.len() != 1 {
                return Err(vm.value_error("sep must be length 1."));
            }
            if !s[0].is_ascii() {
                return Err(vm.value_error("sep must be ASCII."));
            }
            s[0] as char
        }
    };
    let per = match &a.a[1] {
        None => 1,
        Some(v) => vm.to_index(v).map_err(|e| {
            if vm.exc_matches(&e, &vm.exc.overflow_error) {
                vm.overflow_error("Python int too large to convert to C int")
            } else {
                e
            }
        })?,
    };
    if per > i32::MAX as i64 || per < i32::MIN as i64 {
        return Err(vm.overflow_error("Python int too large to convert to C int"));
    }
    if per == 0 || digits.is_empty() {
        return Ok(vm.new_str(digits.concat()));
    }
    let n = per.unsigned_abs() as usize;
    let len = digits.len();
    let mut r = String::new();
    for (i, d) in digits.iter().enumerate() {
        if i > 0 {
            let boundary = if per > 0 {
                (len - i).is_multiple_of(n)
            } else {
                i % n == 0
            };
            if boundary {
                r.push(sep);
            }
        }
        r.push_str(d);
    }
    Ok(vm.new_str(r))
}

fn b_fromhex(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = args.args.first().cloned().unwrap_or(Value::None);
    let pos = args.pos();
    if pos.len() != 2 || args.has_kw() {
        return Err(vm.type_error(format!(
            "fromhex() takes exactly one argument ({} given)",
            args.args.len().saturating_sub(1)
        )));
    }
    let s = match &pos[1] {
        Value::Obj(o) if matches!(o.payload, Payload::Str(_)) => as_rust_str(o),
        v => {
            return Err(vm.type_error(format!(
                "fromhex() argument must be str, not {}",
                vm.type_name(v)
            )))
        }
    };
    let cs: Vec<char> = s.chars().collect();
    let hexv = |c: Option<&char>| c.and_then(|c| c.to_digit(16).filter(|_| c.is_ascii()));
    let mut r = Vec::new();
    let mut i = 0;
    let err = |i: usize| {
        vm.value_error(format!(
            "non-hexadecimal number found in fromhex() arg at position {i}"
        ))
    };
    loop {
        while i < cs.len() && " \t\n\r\x0b\x0c".contains(cs[i]) {
            i += 1;
        }
        if i >= cs.len() {
            break;
        }
        let hi = hexv(cs.get(i)).ok_or_else(|| err(i))?;
        let lo = hexv(cs.get(i + 1)).ok_or_else(|| err(i + 1))?;
        r.push((hi * 16 + lo) as u8);
        i += 2;
    }
    match &cls {
        Value::Obj(c) if c.is(&vm.types.bytes) => Ok(vm.new_bytes(r)),
        Value::Obj(c) if c.is(&vm.types.bytearray) => Ok(new_bytearray(vm, r)),
        _ => {
            let b = vm.new_bytes(r);
            vm.call(&cls, Args::new(&[b]))
        }
    }
}

// ---- bytearray mutators ----

/// BufferError when the receiving bytearray has live memoryviews (it cannot resize).
fn ba_resizable(vm: &Vm, args: &Args) -> PyResult<()> {
    crate::objects::memoryview::check_resizable(vm, args.args.first().unwrap_or(&Value::None))
}

fn ba_of<'a>(vm: &Vm, args: &'a Args) -> PyResult<&'a RefCell<Vec<u8>>> {
    if let Some(Value::Obj(o)) = args.args.first() {
        if let Payload::ByteArray(b) = &o.payload {
            return Ok(b);
        }
    }
    Err(vm.type_error("descriptor requires a 'bytearray' object"))
}

fn nargs(vm: &Vm, args: &Args, name: &str, min: usize, max: usize) -> PyResult<Vec<Value>> {
    if args.has_kw() {
        return Err(vm.type_error(format!("bytearray.{name}() takes no keyword arguments")));
    }
    let p = &args.args[1.min(args.args.len())..];
    let n = p.len();
    if n < min || n > max {
        let msg = if min == max && max == 0 {
            format!("bytearray.{name}() takes no arguments ({n} given)")
        } else if min == max {
            format!(
                "{name} expected {min} argument{}, got {n}",
                if min == 1 { "" } else { "s" }
            )
        } else if n < min {
            format!(
                "{name} expected at least {min} argument{}, got {n}",
                if min == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "{name} expected at most {max} argument{}, got {n}",
                if max == 1 { "" } else { "s" }
            )
        };
        return Err(vm.type_error(msg));
    }
    Ok(p.to_vec())
}

fn byte_value(vm: &Vm, v: &Value) -> PyResult<u8> {
    let x = vm.to_index(v)?;
    if !(0..256).contains(&x) {
        return Err(vm.value_error("byte must be in range(0, 256)"));
    }
    Ok(x as u8)
}

fn ba_clear(vm: &Vm, args: Args) -> PyResult<Value> {
    nargs(vm, &args, "clear", 0, 0)?;
    ba_resizable(vm, &args)?;
    ba_of(vm, &args)?.borrow_mut().clear();
    Ok(Value::None)
}
fn ba_copy(vm: &Vm, args: Args) -> PyResult<Value> {
    nargs(vm, &args, "copy", 0, 0)?;
    let v = ba_of(vm, &args)?.borrow().clone();
    Ok(new_bytearray(vm, v))
}
fn ba_reverse(vm: &Vm, args: Args) -> PyResult<Value> {
    nargs(vm, &args, "reverse", 0, 0)?;
    ba_of(vm, &args)?.borrow_mut().reverse();
    Ok(Value::None)
}
fn ba_insert(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = nargs(vm, &args, "insert", 2, 2)?;
    let b = ba_of(vm, &args)?;
    let i = vm.to_index(&p[0])?;
    let x = byte_value(vm, &p[1])?;
    ba_resizable(vm, &args)?;
    let mut v = b.borrow_mut();
    let len = v.len() as i64;
    let i = if i < 0 { (i + len).max(0) } else { i.min(len) };
    v.insert(i as usize, x);
    Ok(Value::None)
}
fn ba_pop(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = nargs(vm, &args, "pop", 0, 1)?;
    let b = ba_of(vm, &args)?;
    let i = match p.first() {
        Some(v) => vm.to_index(v)?,
        None => -1,
    };
    ba_resizable(vm, &args)?;
    let mut v = b.borrow_mut();
    if v.is_empty() {
        return Err(vm.index_error("pop from empty bytearray"));
    }
    let len = v.len() as i64;
    let j = if i < 0 { i + len } else { i };
    if j < 0 || j >= len {
        return Err(vm.index_error("pop index out of range"));
    }
    Ok(Value::Int(v.remove(j as usize) as i64))
}
fn ba_remove(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = nargs(vm, &args, "remove", 1, 1)?;
    let b = ba_of(vm, &args)?;
    let x = byte_value(vm, &p[0])?;
    ba_resizable(vm, &args)?;
    let mut v = b.borrow_mut();
    match v.iter().position(|&c| c == x) {
        Some(i) => {
            v.remove(i);
            Ok(Value::None)
        }
        None => Err(vm.value_error("value not found in bytearray")),
    }
}
fn ba_append(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = nargs(vm, &args, "append", 1, 1)?;
    let b = ba_of(vm, &args)?;
    let x = byte_value(vm, &p[0])?;
    ba_resizable(vm, &args)?;
    b.borrow_mut().push(x);
    Ok(Value::None)
}

fn b_bytes(vm: &Vm, args: Args) -> PyResult<Value> {
    let me = args.args.first().cloned().unwrap_or(Value::None);
    parse_sig(vm, &args, "__bytes__", &[], 0, Sig::NoArgs)?;
    if matches!(&me, Value::Obj(o) if o.class().is(&vm.types.bytes)) {
        return Ok(me);
    }
    Ok(vm.new_bytes(bytes_from_value(vm, &me)?))
}
fn b_getnewargs(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_sig(vm, &args, "__getnewargs__", &[], 0, Sig::NoArgs)?;
    Ok(vm.new_tuple(vec![vm.new_bytes(a.me)]))
}
fn ba_alloc(vm: &Vm, args: Args) -> PyResult<Value> {
    nargs(vm, &args, "__alloc__", 0, 0)?;
    let n = ba_of(vm, &args)?.borrow().len();
    Ok(Value::Int(if n == 0 { 0 } else { n as i64 + 1 }))
}
fn ba_imul(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = nargs(vm, &args, "__imul__", 1, 1)?;
    let b = ba_of(vm, &args)?;
    let indexable = matches!(p[0], Value::Int(_) | Value::Bool(_))
        || vm.lookup_special(&p[0], &vm.names.__index__).is_some();
    if !indexable {
        // Let `a *= x` report the operator's own TypeError.
        return Ok(vm.not_implemented());
    }
    let n = vm.to_index(&p[0])?;
    if n != 1 && !b.borrow().is_empty() {
        ba_resizable(vm, &args)?;
    }
    {
        let mut v = b.borrow_mut();
        if n <= 0 {
            v.clear();
        } else {
            let one = v.clone();
            let total = one
                .len()
                .checked_mul(n as usize)
                .filter(|&t| t <= isize::MAX as usize)
                .ok_or_else(|| vm.new_exception_msg(&vm.exc.memory_error, ""))?;
            v.reserve(total - one.len());
            for _ in 1..n {
                v.extend_from_slice(&one);
            }
        }
    }
    Ok(args.args[0].clone())
}

// ---- bytes % args ----

pub fn bytes_percent(vm: &Vm, fmt_v: &Value, args: &Value) -> PyResult<Value> {
    let fmt = bytes_from_value(vm, fmt_v)?;
    let ba = is_ba(fmt_v);
    let items: Vec<Value> = match args {
        Value::Obj(o) if o.payload.as_tuple().is_some() => {
            o.payload.as_tuple().map(|t| t.to_vec()).unwrap_or_default()
        }
        _ => vec![args.clone()],
    };
    let is_map = matches!(args, Value::Obj(o) if o.payload.as_tuple().is_none()
        && try_bytes(args).is_none()
        && !matches!(o.payload, Payload::Str(_))
        && vm.lookup_special(args, &vm.names.__getitem__).is_some());
    let mut idx = 0;
    let mut used_map = false;
    let mut r: Vec<u8> = Vec::new();
    let mut i = 0;
    let next = |idx: &mut usize| -> PyResult<Value> {
        if is_map
            && items.len() == 1
            && matches!(args, Value::Obj(o) if o.payload.as_tuple().is_none())
        {
            *idx += 1;
            return Ok(args.clone());
        }
        let v = items
            .get(*idx)
            .cloned()
            .ok_or_else(|| vm.type_error("not enough arguments for format string"))?;
        *idx += 1;
        Ok(v)
    };
    while i < fmt.len() {
        let c = fmt[i];
        if c != b'%' {
            r.push(c);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let mut arg: Option<Value> = None;
        if fmt.get(i) == Some(&b'(') {
            let mut depth = 1;
            let ks = i + 1;
            i += 1;
            while i < fmt.len() && depth > 0 {
                if fmt[i] == b'(' {
                    depth += 1;
                } else if fmt[i] == b')' {
                    depth -= 1;
                }
                i += 1;
            }
            if depth > 0 {
                return Err(vm.value_error("incomplete format key"));
            }
            if !is_map {
                return Err(vm.type_error("format requires a mapping"));
            }
            let key = vm.new_bytes(fmt[ks..i - 1].to_vec());
            arg = Some(vm.getitem(args, &key)?);
            used_map = true;
        }
        let mut flags = String::new();
        while let Some(&f) = fmt.get(i) {
            if b"-+ #0".contains(&f) {
                flags.push(f as char);
                i += 1;
            } else {
                break;
            }
        }
        let mut width = String::new();
        if fmt.get(i) == Some(&b'*') {
            i += 1;
            let w = next(&mut idx)?;
            if !matches!(w, Value::Int(_) | Value::Bool(_)) {
                return Err(vm.type_error("* wants int"));
            }
            let w = vm.to_index(&w)?;
            // A width no bytes object can have is a MemoryError, as CPython.
            if w.unsigned_abs() >= (isize::MAX as u64) / 4 {
                return Err(vm.new_exception(&vm.exc.memory_error, Vec::new()));
            }
            if w < 0 {
                flags.push('-');
            }
            width = w.abs().to_string();
        } else {
            while let Some(&d) = fmt.get(i).filter(|d| d.is_ascii_digit()) {
                width.push(d as char);
                i += 1;
            }
        }
        let mut prec: Option<String> = None;
        if fmt.get(i) == Some(&b'.') {
            i += 1;
            let mut p = String::new();
            if fmt.get(i) == Some(&b'*') {
                i += 1;
                let w = next(&mut idx)?;
                if !matches!(w, Value::Int(_) | Value::Bool(_)) {
                    return Err(vm.type_error("* wants int"));
                }
                let n = vm.to_index(&w)?;
                // The precision is a C int.
                if n > i64::from(i32::MAX) {
                    return Err(vm.overflow_error("Python int too large to convert to C int"));
                }
                p = n.max(0).to_string();
            } else {
                while let Some(&d) = fmt.get(i).filter(|d| d.is_ascii_digit()) {
                    p.push(d as char);
                    i += 1;
                }
            }
            prec = Some(p);
        }
        while matches!(fmt.get(i), Some(b'h' | b'l' | b'L')) {
            i += 1;
        }
        let conv = match fmt.get(i) {
            Some(&c) => c,
            None => return Err(vm.value_error("incomplete format")),
        };
        i += 1;
        if conv == b'%' {
            r.push(b'%');
            continue;
        }
        let arg = match arg {
            Some(a) => a,
            None => next(&mut idx)?,
        };
        let body: Vec<u8> = match conv {
            b's' | b'b' => {
                let mut b = if let Some(b) = try_bytes(&arg) {
                    b
                } else if let Some(x) = vm.call_special(&arg, &vm.names.__bytes__, &[])? {
                    bytes_arg(vm, &x)?
                } else {
                    return Err(vm.type_error(format!(
                        "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
                        vm.type_name(&arg)
                    )));
                };
                if let Some(p) = &prec {
                    b.truncate(p.parse().unwrap_or(0));
                }
                b
            }
            b'r' | b'a' => {
                let s = as_rust_str(&vm.repr(&arg)?);
                let mut b = crate::objects::str::ascii_escape(&s).into_bytes();
                if let Some(p) = &prec {
                    b.truncate(p.parse().unwrap_or(0));
                }
                b
            }
            b'c' => {
                if let Some(b) = try_bytes(&arg) {
                    if b.len() != 1 {
                        return Err(
                            vm.type_error("%c requires an integer in range(256) or a single byte")
                        );
                    }
                    b
                } else {
                    let x = match &arg {
                        Value::Int(_) | Value::Bool(_) => vm.to_index(&arg).ok(),
                        Value::Obj(_) if vm.isinstance(&arg, &vm.types.int) => {
                            vm.to_index(&arg).ok()
                        }
                        _ => {
                            return Err(vm.type_error(
                                "%c requires an integer in range(256) or a single byte",
                            ))
                        }
                    };
                    match x {
                        Some(x) if (0..256).contains(&x) => vec![x as u8],
                        _ => {
                            return Err(vm.overflow_error("%c arg not in range(256)"));
                        }
                    }
                }
            }
            b'd' | b'i' | b'u' | b'o' | b'x' | b'X' | b'e' | b'E' | b'f' | b'F' | b'g' | b'G' => {
                let conv = if matches!(conv, b'i' | b'u') {
                    b'd'
                } else {
                    conv
                };
                if b"eEfFgG".contains(&conv)
                    && !matches!(arg, Value::Int(_) | Value::Bool(_) | Value::Float(_))
                    && !vm.isinstance(&arg, &vm.types.int)
                    && !vm.isinstance(&arg, &vm.types.float)
                    && vm.lookup_special(&arg, &vm.names.__float__).is_none()
                    && vm.lookup_special(&arg, &vm.names.__index__).is_none()
                {
                    return Err(vm.type_error(format!(
                        "float argument required, not {}",
                        vm.type_name(&arg)
                    )));
                }
                let spec = format!(
                    "%{flags}{width}{}{}",
                    prec.as_ref().map(|p| format!(".{p}")).unwrap_or_default(),
                    conv as char
                );
                let t = vm.new_tuple(vec![arg]);
                let s = crate::format::percent_format(vm, &spec, &t, true)?;
                r.extend(s.bytes());
                continue;
            }
            c => {
                return Err(vm.value_error(format!(
                    "unsupported format character '{}' (0x{:x}) at index {}",
                    c as char,
                    c,
                    i - 1
                )))
            }
        };
        let _ = start;
        let w: usize = width.parse().unwrap_or(0);
        if body.len() < w {
            if flags.contains('-') {
                r.extend_from_slice(&body);
                r.extend(std::iter::repeat_n(b' ', w - body.len()));
            } else {
                r.extend(std::iter::repeat_n(b' ', w - body.len()));
                r.extend_from_slice(&body);
            }
        } else {
            r.extend_from_slice(&body);
        }
    }
    if !is_map && !used_map && idx < items.len() {
        return Err(vm.type_error("not all arguments converted during bytes formatting"));
    }
    Ok(out(vm, ba, r))
}

pub fn init(vm: &Vm) {
    for t in [&vm.types.bytes, &vm.types.bytearray] {
        vm.add_method(t, "find", b_find);
        vm.add_method(t, "rfind", b_rfind);
        vm.add_method(t, "index", b_index);
        vm.add_method(t, "rindex", b_rindex);
        vm.add_method(t, "count", b_count);
        vm.add_method(t, "startswith", b_startswith);
        vm.add_method(t, "endswith", b_endswith);
        vm.add_method(t, "lower", b_lower);
        vm.add_method(t, "upper", b_upper);
        vm.add_method(t, "swapcase", b_swapcase);
        vm.add_method(t, "capitalize", b_capitalize);
        vm.add_method(t, "title", b_title);
        vm.add_method(t, "isalnum", b_isalnum);
        vm.add_method(t, "isalpha", b_isalpha);
        vm.add_method(t, "isascii", b_isascii);
        vm.add_method(t, "isdigit", b_isdigit);
        vm.add_method(t, "isspace", b_isspace);
        vm.add_method(t, "islower", b_islower);
        vm.add_method(t, "isupper", b_isupper);
        vm.add_method(t, "istitle", b_istitle);
        vm.add_method(t, "center", b_center);
        vm.add_method(t, "ljust", b_ljust);
        vm.add_method(t, "rjust", b_rjust);
        vm.add_method(t, "zfill", b_zfill);
        vm.add_method(t, "expandtabs", b_expandtabs);
        vm.add_method(t, "strip", b_strip);
        vm.add_method(t, "lstrip", b_lstrip);
        vm.add_method(t, "rstrip", b_rstrip);
        vm.add_method(t, "partition", b_partition);
        vm.add_method(t, "rpartition", b_rpartition);
        vm.add_method(t, "removeprefix", b_removeprefix);
        vm.add_method(t, "removesuffix", b_removesuffix);
        vm.add_method(t, "split", b_split);
        vm.add_method(t, "rsplit", b_rsplit);
        vm.add_method(t, "splitlines", b_splitlines);
        vm.add_method(t, "replace", b_replace);
        vm.add_method(t, "join", b_join);
        vm.add_method(t, "translate", b_translate);
        vm.add_method(t, "hex", b_hex);
        vm.add_static(t, "maketrans", b_maketrans);
        vm.add_classmethod(t, "fromhex", b_fromhex);
    }
    let ba = &vm.types.bytearray;
    vm.add_method(ba, "append", ba_append);
    vm.add_method(ba, "clear", ba_clear);
    vm.add_method(ba, "copy", ba_copy);
    vm.add_method(ba, "insert", ba_insert);
    vm.add_method(ba, "pop", ba_pop);
    vm.add_method(ba, "remove", ba_remove);
    vm.add_method(ba, "reverse", ba_reverse);
    vm.add_method(ba, "__alloc__", ba_alloc);
    vm.add_method(ba, "__imul__", ba_imul);
    vm.add_method(&vm.types.bytes, "__bytes__", b_bytes);
    vm.add_method(&vm.types.bytes, "__getnewargs__", b_getnewargs);
}
