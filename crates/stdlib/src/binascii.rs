//! The `binascii` module: hex, base64 and uu conversions, crc32 and crc_hqx, with
//! CPython's `binascii.Error` messages. (`a2b_qp`/`b2a_qp` are absent: `quopri`
//! falls back on its pure-Python codec.)

use std::cell::RefCell;

use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::Payload;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::util::{bind_ex, one_arg, pos_only};

thread_local! {
    static ERRORS: RefCell<Option<(ObjRef, ObjRef)>> = const { RefCell::new(None) };
}

fn error(vm: &Vm, msg: impl Into<String>) -> ObjRef {
    match ERRORS.with(|e| e.borrow().clone()) {
        Some((e, _)) => vm.new_exception_msg(&e, msg),
        None => vm.value_error(msg),
    }
}

/// A bytes-like argument.
fn bytes_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Value::Obj(o) = v {
        match &o.payload {
            Payload::Bytes(b) => return Ok(b.to_vec()),
            Payload::ByteArray(b) => return Ok(b.borrow().clone()),
            _ => {}
        }
        if let Some(a) = crate::array::bytes_of_array(v) {
            return Ok(a);
        }
    }
    Err(vm.type_error(format!(
        "a bytes-like object is required, not '{}'",
        vm.type_name(v)
    )))
}

/// An ASCII str or a bytes-like argument (the a2b_* functions).
fn ascii_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Value::Obj(o) = v {
        if let Some(s) = o.payload.as_str() {
            if !s.is_ascii() {
                return Err(vm.value_error("string argument should contain only ASCII characters"));
            }
            return Ok(s.as_bytes().to_vec());
        }
        if let Ok(b) = bytes_arg(vm, v) {
            return Ok(b);
        }
    }
    Err(vm.type_error(format!(
        "argument should be bytes, buffer or ASCII string, not '{}'",
        vm.type_name(v)
    )))
}

fn hexlify_impl(vm: &Vm, args: &Args, fname: &str) -> PyResult<Value> {
    let a = bind_ex(vm, fname, args, &["data", "sep", "bytes_per_sep"], 1, 0, 3)?;
    let data = bytes_arg(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let hex: Vec<u8> = data
        .iter()
        .flat_map(|b| {
            let h = b"0123456789abcdef";
            [h[(b >> 4) as usize], h[(b & 15) as usize]]
        })
        .collect();
    let sep = match &a[1] {
        None | Some(Value::None) => None,
        Some(v) => {
            let s = match v {
                Value::Obj(o) if o.payload.as_str().is_some() => o
                    .payload
                    .as_str()
                    .map(|s| s.as_bytes().to_vec())
                    .unwrap_or_default(),
                _ => bytes_arg(vm, v)?,
            };
            if s.len() != 1 {
                return Err(vm.value_error("sep must be length 1."));
            }
            if !s[0].is_ascii() {
                return Err(vm.value_error("sep must be ASCII."));
            }
            Some(s[0])
        }
    };
    let per = match &a[2] {
        Some(v) => crate::util::to_isize(vm, v)?,
        None => 1,
    };
    let Some(sep) = sep else {
        return Ok(vm.new_bytes(hex));
    };
    if per == 0 || data.is_empty() {
        return Ok(vm.new_bytes(hex));
    }
    let n = per.unsigned_abs() as usize;
    let groups: Vec<&[u8]> = if per > 0 {
        // Groups counted from the right.
        let mut out = Vec::new();
        let len = data.len();
        let first = len % n;
        if first > 0 {
            out.push(&hex[..first * 2]);
        }
        let mut i = first;
        while i < len {
            out.push(&hex[i * 2..(i + n) * 2]);
            i += n;
        }
        out
    } else {
        hex.chunks(n * 2).collect()
    };
    Ok(vm.new_bytes(groups.join(&sep)))
}

fn hexlify(vm: &Vm, args: Args) -> PyResult<Value> {
    hexlify_impl(vm, &args, "hexlify")
}

fn b2a_hex(vm: &Vm, args: Args) -> PyResult<Value> {
    hexlify_impl(vm, &args, "b2a_hex")
}

fn unhexlify(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = one_arg(vm, "unhexlify", &args)?;
    let s = ascii_arg(vm, v)?;
    if s.len() % 2 != 0 {
        return Err(error(vm, "Odd-length string"));
    }
    let mut out = Vec::with_capacity(s.len() / 2);
    for pair in s.chunks(2) {
        let hi = (pair[0] as char).to_digit(16);
        let lo = (pair[1] as char).to_digit(16);
        match (hi, lo) {
            (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
            _ => return Err(error(vm, "Non-hexadecimal digit found")),
        }
    }
    Ok(vm.new_bytes(out))
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

fn a2b_base64(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind_ex(vm, "a2b_base64", &args, &["data", "strict_mode"], 1, 1, 1)?;
    let data = ascii_arg(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let strict = match &a[1] {
        Some(v) => vm.is_true(v)?,
        None => false,
    };
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    let mut quad_pos = 0;
    let mut leftchar: u32 = 0;
    let mut pads = 0;
    let mut padding_started = false;
    let mut data_chars = 0usize;
    if strict && data.first() == Some(&b'=') {
        return Err(error(vm, "Leading padding not allowed"));
    }
    let mut i = 0;
    let mut done = false;
    while i < data.len() {
        let c = data[i];
        if c == b'=' {
            padding_started = true;
            if quad_pos >= 2 {
                pads += 1;
                if quad_pos + pads >= 4 {
                    if strict && i + 1 < data.len() {
                        return Err(error(vm, "Excess data after padding"));
                    }
                    done = true;
                    break;
                }
            }
            i += 1;
            continue;
        }
        let Some(v) = b64_value(c) else {
            if strict {
                return Err(error(vm, "Only base64 data is allowed"));
            }
            i += 1;
            continue;
        };
        if strict && padding_started {
            return Err(error(vm, "Discontinuous padding not allowed"));
        }
        pads = 0;
        data_chars += 1;
        let v = v as u32;
        match quad_pos {
            0 => {
                quad_pos = 1;
                leftchar = v;
            }
            1 => {
                quad_pos = 2;
                out.push(((leftchar << 2) | (v >> 4)) as u8);
                leftchar = v & 0x0f;
            }
            2 => {
                quad_pos = 3;
                out.push(((leftchar << 4) | (v >> 2)) as u8);
                leftchar = v & 0x03;
            }
            _ => {
                quad_pos = 0;
                out.push(((leftchar << 6) | v) as u8);
                leftchar = 0;
            }
        }
        i += 1;
    }
    if !done && quad_pos != 0 {
        if quad_pos == 1 {
            return Err(error(
                vm,
                format!(
                    "Invalid base64-encoded string: number of data characters ({data_chars}) cannot be 1 more than a multiple of 4"
                ),
            ));
        }
        return Err(error(vm, "Incorrect padding"));
    }
    Ok(vm.new_bytes(out))
}

fn b2a_base64(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind_ex(vm, "b2a_base64", &args, &["data", "newline"], 1, 1, 1)?;
    let data = bytes_arg(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let newline = match &a[1] {
        Some(v) => vm.is_true(v)?,
        None => true,
    };
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4 + 1);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = ((b[0] as u32) << 16) | ((b[1] as u32) << 8) | b[2] as u32;
        out.push(B64[(n >> 18) as usize & 63]);
        out.push(B64[(n >> 12) as usize & 63]);
        out.push(if chunk.len() > 1 {
            B64[(n >> 6) as usize & 63]
        } else {
            b'='
        });
        out.push(if chunk.len() > 2 {
            B64[n as usize & 63]
        } else {
            b'='
        });
    }
    if newline {
        out.push(b'\n');
    }
    Ok(vm.new_bytes(out))
}

fn crc32_table() -> &'static [u32; 256] {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [0u32; 256];
        for (i, e) in t.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *e = c;
        }
        t
    })
}

pub fn crc32_update(crc: u32, data: &[u8]) -> u32 {
    let t = crc32_table();
    let mut c = !crc;
    for &b in data {
        c = t[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

fn unsigned_arg(vm: &Vm, v: &Value, bits: u32) -> PyResult<u64> {
    let b = crate::util::to_bigint(vm, v)?;
    let m: num_bigint::BigInt = num_bigint::BigInt::from(1u64) << bits;
    let r = ((b % &m) + &m) % &m;
    Ok(num_traits::ToPrimitive::to_u64(&r).unwrap_or(0))
}

fn crc32(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = pos_only(vm, "crc32", &args, 1, 2)?;
    let data = bytes_arg(vm, &p[0])?;
    let crc = match p.get(1) {
        Some(v) => unsigned_arg(vm, v, 32)? as u32,
        None => 0,
    };
    Ok(Value::Int(crc32_update(crc, &data) as i64))
}

fn crc_hqx(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = pos_only(vm, "crc_hqx", &args, 2, 2)?;
    let data = bytes_arg(vm, &p[0])?;
    let mut crc = unsigned_arg(vm, &p[1], 16)? as u16;
    for &b in &data {
        crc ^= (b as u16) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    Ok(Value::Int(crc as i64))
}

fn b2a_uu(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind_ex(vm, "b2a_uu", &args, &["data", "backtick"], 1, 1, 1)?;
    let data = bytes_arg(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let backtick = match &a[1] {
        Some(v) => vm.is_true(v)?,
        None => false,
    };
    if data.len() > 45 {
        return Err(error(vm, "At most 45 bytes at once"));
    }
    let enc = |v: u8| -> u8 {
        if backtick && v == 0 {
            b'`'
        } else {
            b' ' + v
        }
    };
    let mut out = vec![enc(data.len() as u8)];
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        out.push(enc(b[0] >> 2));
        out.push(enc(((b[0] << 4) | (b[1] >> 4)) & 0x3f));
        out.push(enc(((b[1] << 2) | (b[2] >> 6)) & 0x3f));
        out.push(enc(b[2] & 0x3f));
    }
    out.push(b'\n');
    Ok(vm.new_bytes(out))
}

fn a2b_uu(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = one_arg(vm, "a2b_uu", &args)?;
    let data = ascii_arg(vm, v)?;
    if data.is_empty() {
        return Ok(vm.new_bytes(vec![0; 32]));
    }
    let len = ((data[0].wrapping_sub(b' ')) & 0x3f) as usize;
    let mut out = Vec::with_capacity(len);
    let mut bits: u32 = 0;
    let mut nbits = 0;
    let mut i = 1;
    while out.len() < len {
        let c = if i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
            let c = data[i];
            if !(b' '..=b' ' + 64).contains(&c) {
                return Err(error(vm, "Illegal char"));
            }
            (c.wrapping_sub(b' ')) & 0x3f
        } else {
            0
        };
        i += 1;
        bits = (bits << 6) | c as u32;
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            out.push((bits >> nbits) as u8);
            bits &= (1 << nbits) - 1;
        }
    }
    while i < data.len() {
        let c = data[i];
        if c != b' ' && c != b' ' + 64 && c != b'\n' && c != b'\r' {
            return Err(error(vm, "Trailing garbage"));
        }
        i += 1;
    }
    Ok(vm.new_bytes(out))
}

fn new_exc_class(vm: &Vm, name: &str, base: &ObjRef) -> PyResult<ObjRef> {
    let ns = vm.new_dict();
    if let Value::Obj(nso) = &ns {
        pyrs_vm::objects::dict::set_str(nso, &vm.names.__module__, vm.new_str("binascii"));
    }
    let c = vm.call(
        &Value::Obj(vm.types.type_.clone()),
        Args::new(&[
            vm.new_str(name),
            vm.new_tuple(vec![Value::Obj(base.clone())]),
            ns,
        ]),
    )?;
    c.as_obj().cloned().ok_or_else(|| vm.type_error("class"))
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("binascii");
    let d = m.dict().expect("module dict");
    let err = new_exc_class(vm, "Error", &vm.exc.value_error)?;
    let inc = new_exc_class(vm, "Incomplete", &vm.exc.exception)?;
    pyrs_vm::objects::dict::set_str(&d, &vm.intern("Error"), Value::Obj(err.clone()));
    pyrs_vm::objects::dict::set_str(&d, &vm.intern("Incomplete"), Value::Obj(inc.clone()));
    ERRORS.with(|e| *e.borrow_mut() = Some((err, inc)));
    let fns: &[(&'static str, pyrs_vm::object::NativeFn)] = &[
        ("hexlify", hexlify),
        ("b2a_hex", b2a_hex),
        ("unhexlify", unhexlify),
        ("a2b_hex", unhexlify),
        ("a2b_base64", a2b_base64),
        ("b2a_base64", b2a_base64),
        ("crc32", crc32),
        ("crc_hqx", crc_hqx),
        ("a2b_uu", a2b_uu),
        ("b2a_uu", b2a_uu),
    ];
    for (n, f) in fns {
        vm.add_module_fn(&m, n, *f);
    }
    Ok(m)
}
