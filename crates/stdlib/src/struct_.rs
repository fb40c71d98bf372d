//! The `_struct` module: pack/unpack/calcsize/iter_unpack/pack_into/unpack_from and the
//! `Struct` type, with every format character, byte order and alignment of CPython 3.11
//! (x86-64 native sizes) and its `struct.error` messages.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use num_bigint::BigInt;
use num_traits::ToPrimitive;
use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::{NativeData, Payload};
use pyrs_vm::objects::int;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::util::{bind_ex, cls_arg, native_of, pos_only, rest, stop, this};

#[derive(Clone, Copy, PartialEq)]
enum Order {
    /// '@': native sizes and alignment.
    Native,
    Little,
    Big,
}

#[derive(Clone, Copy)]
struct Code {
    ch: u8,
    /// Repeat count (the length for 's' and 'p').
    count: usize,
    offset: usize,
    size: usize,
}

#[derive(Clone)]
struct Layout {
    order: Order,
    codes: Vec<Code>,
    size: usize,
    /// Number of Python values packed/unpacked.
    nitems: usize,
}

fn item_size(order: Order, ch: u8) -> Option<usize> {
    Some(match ch {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' => {
            if order == Order::Native {
                8
            } else {
                4
            }
        }
        b'q' | b'Q' | b'd' => 8,
        b'n' | b'N' | b'P' if order == Order::Native => 8,
        _ => return None,
    })
}

struct StructError(String);

fn parse(fmt: &[u8]) -> Result<Layout, StructError> {
    let (order, body) = match fmt.first() {
        Some(b'@') => (Order::Native, &fmt[1..]),
        Some(b'=') | Some(b'<') => (Order::Little, &fmt[1..]),
        Some(b'>') | Some(b'!') => (Order::Big, &fmt[1..]),
        _ => (Order::Native, fmt),
    };
    let bad = || StructError("bad char in struct format".into());
    let too_long = || StructError("total struct size too long".into());
    let mut codes = Vec::new();
    let mut size: usize = 0;
    let mut nitems = 0;
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let mut count: usize = 1;
        if c.is_ascii_digit() {
            let mut n: usize = 0;
            while i < body.len() && body[i].is_ascii_digit() {
                n = n
                    .checked_mul(10)
                    .and_then(|n| n.checked_add((body[i] - b'0') as usize))
                    .ok_or_else(too_long)?;
                i += 1;
            }
            if i >= body.len() {
                return Err(StructError(
                    "repeat count given without format specifier".into(),
                ));
            }
            count = n;
        }
        let ch = body[i];
        i += 1;
        let isz = item_size(order, ch).ok_or_else(bad)?;
        if order == Order::Native && isz > 1 {
            size = size.checked_add(isz - 1).ok_or_else(too_long)? / isz * isz;
        }
        match ch {
            b's' | b'p' => {
                codes.push(Code {
                    ch,
                    count,
                    offset: size,
                    size: count,
                });
                size = size.checked_add(count).ok_or_else(too_long)?;
                nitems += 1;
            }
            b'x' => {
                size = size.checked_add(count).ok_or_else(too_long)?;
            }
            _ => {
                let total = isz.checked_mul(count).ok_or_else(too_long)?;
                codes.push(Code {
                    ch,
                    count,
                    offset: size,
                    size: isz,
                });
                size = size.checked_add(total).ok_or_else(too_long)?;
                nitems += count;
            }
        }
        if size > isize::MAX as usize {
            return Err(too_long());
        }
    }
    Ok(Layout {
        order,
        codes,
        size,
        nitems,
    })
}

// ----- module state --------------------------------------------------------------------

thread_local! {
    static STATE: RefCell<Option<StructState>> = const { RefCell::new(None) };
}

#[derive(Clone)]
struct StructState {
    error: ObjRef,
    struct_type: ObjRef,
    iter_type: ObjRef,
}

fn state(vm: &Vm) -> PyResult<StructState> {
    STATE
        .with(|s| s.borrow().clone())
        .ok_or_else(|| vm.runtime_error("_struct is not initialised"))
}

fn error(vm: &Vm, msg: impl Into<String>) -> ObjRef {
    match state(vm) {
        Ok(s) => vm.new_exception_msg(&s.error, msg),
        Err(e) => e,
    }
}

thread_local! {
    static CACHE: RefCell<HashMap<Vec<u8>, Value>> = RefCell::new(HashMap::new());
}

// ----- the Struct type ---------------------------------------------------------------------

struct StructObj {
    layout: RefCell<Layout>,
    format: RefCell<Value>,
}

impl NativeData for StructObj {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.format.borrow());
    }
}

fn format_bytes(vm: &Vm, f: &Value) -> PyResult<Vec<u8>> {
    if let Value::Obj(o) = f {
        match &o.payload {
            Payload::Str(s) => return Ok(s.as_bytes().to_vec()),
            Payload::Bytes(b) => return Ok(b.to_vec()),
            _ => {}
        }
    }
    Err(vm.type_error(format!(
        "Struct() argument 1 must be a str or bytes object, not {}",
        vm.type_name(f)
    )))
}

fn new_struct(vm: &Vm, cls: &ObjRef, fmt: &Value) -> PyResult<Value> {
    let bytes = format_bytes(vm, fmt)?;
    let layout = parse(&bytes).map_err(|e| error(vm, e.0))?;
    let format = vm.new_str(String::from_utf8_lossy(&bytes).into_owned());
    Ok(Value::Obj(vm.new_native_object(
        cls,
        StructObj {
            layout: RefCell::new(layout),
            format: RefCell::new(format),
        },
    )))
}

/// The cached Struct for a format (as `_struct`'s module functions use).
fn cached_struct(vm: &Vm, fmt: &Value) -> PyResult<Value> {
    let key = format_bytes(vm, fmt)?;
    let mut key_tagged = key.clone();
    key_tagged.push(matches!(fmt, Value::Obj(o) if o.payload.as_str().is_some()) as u8);
    if let Some(s) = CACHE.with(|c| c.borrow().get(&key_tagged).cloned()) {
        return Ok(s);
    }
    let st = state(vm)?;
    let s = new_struct(vm, &st.struct_type, fmt)?;
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= 100 {
            c.clear();
        }
        c.insert(key_tagged, s.clone());
    });
    Ok(s)
}

fn struct_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let a = bind_ex(vm, "Struct", &rest(&args), &["format"], 1, 0, 1)?;
    new_struct(vm, &cls, a[0].as_ref().unwrap_or(&Value::None))
}

fn struct_init(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

fn struct_of<'a>(vm: &Vm, args: &'a Args) -> PyResult<&'a StructObj> {
    this(vm, args, "_struct.Struct")
}

// ----- packing -----------------------------------------------------------------------------

fn get_int(vm: &Vm, v: &Value) -> PyResult<BigInt> {
    if let Some(b) = int::as_bigint(v) {
        return Ok(b);
    }
    if vm.lookup_special(v, &vm.names.__index__).is_some() {
        let i = vm.index_value(v)?;
        return Ok(int::as_bigint(&i).unwrap_or_default());
    }
    Err(error(vm, "required argument is not an integer"))
}

fn range_error(vm: &Vm, ch: u8, size: usize, signed: bool) -> ObjRef {
    let bits = size * 8;
    if signed {
        let max = (1i128 << (bits - 1)) - 1;
        let min = -(1i128 << (bits - 1));
        error(
            vm,
            format!("'{}' format requires {min} <= number <= {max}", ch as char),
        )
    } else {
        let max = (1u128 << bits) - 1;
        error(
            vm,
            format!("'{}' format requires 0 <= number <= {max}", ch as char),
        )
    }
}

/// The integer to store for an integer code, as its two's complement low bytes.
fn pack_int(vm: &Vm, order: Order, ch: u8, size: usize, v: &Value) -> PyResult<u64> {
    let x = get_int(vm, v)?;
    let out_of_range = || error(vm, "argument out of range");
    match ch {
        b'b' => {
            let i = x.to_i64().unwrap_or(i64::MAX);
            if !(-128..=127).contains(&i) {
                return Err(error(vm, "byte format requires -128 <= number <= 127"));
            }
            Ok(i as u64)
        }
        b'B' => {
            let i = x.to_i64().unwrap_or(i64::MAX);
            if !(0..=255).contains(&i) {
                return Err(error(vm, "ubyte format requires 0 <= number <= 255"));
            }
            Ok(i as u64)
        }
        b'h' => {
            let i = x.to_i64().unwrap_or(i64::MAX);
            if !(-32768..=32767).contains(&i) {
                return Err(error(vm, "short format requires -32768 <= number <= 32767"));
            }
            Ok(i as u64)
        }
        b'H' => {
            let i = x.to_i64().unwrap_or(i64::MAX);
            if !(0..=65535).contains(&i) {
                return Err(error(vm, "ushort format requires 0 <= number <= 65535"));
            }
            Ok(i as u64)
        }
        b'P' => {
            if let Some(i) = x.to_i64() {
                return Ok(i as u64);
            }
            x.to_u64().ok_or_else(out_of_range)
        }
        b'i' | b'l' | b'q' | b'n' => {
            let i = x.to_i64().ok_or_else(out_of_range)?;
            if size == 4 && (i < i32::MIN as i64 || i > i32::MAX as i64) {
                return Err(range_error(vm, ch, 4, true));
            }
            let _ = order;
            Ok(i as u64)
        }
        _ => {
            // I L Q N
            if x.sign() == num_bigint::Sign::Minus {
                return Err(out_of_range());
            }
            let u = x.to_u64().ok_or_else(out_of_range)?;
            if size == 4 && u > u32::MAX as u64 {
                return Err(range_error(vm, ch, 4, false));
            }
            Ok(u)
        }
    }
}

fn put_uint(buf: &mut [u8], order: Order, size: usize, u: u64) {
    let le = u.to_le_bytes();
    match order {
        Order::Big => {
            for k in 0..size {
                buf[k] = le[size - 1 - k];
            }
        }
        _ => buf[..size].copy_from_slice(&le[..size]),
    }
}

fn get_uint(buf: &[u8], order: Order, size: usize) -> u64 {
    let mut le = [0u8; 8];
    match order {
        Order::Big => {
            for k in 0..size {
                le[k] = buf[size - 1 - k];
            }
        }
        _ => le[..size].copy_from_slice(&buf[..size]),
    }
    u64::from_le_bytes(le)
}

fn get_float(vm: &Vm, v: &Value) -> PyResult<f64> {
    match crate::util::to_f64(vm, v) {
        Ok(f) => Ok(f),
        Err(_) => Err(error(vm, "required argument is not a float")),
    }
}

/// IEEE half precision with round-half-even (CPython's PyFloat_Pack2).
fn pack_half(vm: &Vm, x: f64) -> PyResult<u16> {
    let sign: u16 = if x.is_sign_negative() { 1 } else { 0 };
    let (e, bits): (i32, u32);
    if x.is_nan() {
        return Ok((sign << 15) | 0x7e00);
    }
    if x.is_infinite() {
        return Ok((sign << 15) | 0x7c00);
    }
    if x == 0.0 {
        return Ok(sign << 15);
    }
    let (f, ex) = crate::math::frexp(x.abs());
    let mut f = f * 2.0;
    let mut ex = ex - 1;
    if ex >= 16 {
        return Err(vm.overflow_error("float too large to pack with e format"));
    } else if ex < -25 {
        f = 0.0;
        ex = 0;
    } else if ex < -14 {
        f = crate::math::ldexp(f, (14 + ex) as i64);
        ex = 0;
    } else {
        ex += 15;
        f -= 1.0;
    }
    f *= 1024.0;
    let mut b = f as u32;
    let rest = f - b as f64;
    let mut ex2 = ex;
    if rest > 0.5 || (rest == 0.5 && b % 2 == 1) {
        b += 1;
        if b == 1024 {
            b = 0;
            ex2 += 1;
            if ex2 == 31 {
                return Err(vm.overflow_error("float too large to pack with e format"));
            }
        }
    }
    e = ex2;
    bits = b;
    Ok((sign << 15) | ((e as u16) << 10) | bits as u16)
}

fn unpack_half(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let e = ((h >> 10) & 0x1f) as i32;
    let f = (h & 0x3ff) as f64;
    if e == 0x1f {
        if f == 0.0 {
            return sign * f64::INFINITY;
        }
        return if sign < 0.0 { -f64::NAN } else { f64::NAN };
    }
    let x = if e == 0 {
        f / 1024.0 * 2f64.powi(-14)
    } else {
        (1.0 + f / 1024.0) * 2f64.powi(e - 15)
    };
    sign * x
}

fn pack_into_buf(vm: &Vm, layout: &Layout, buf: &mut [u8], values: &[Value]) -> PyResult<()> {
    if values.len() != layout.nitems {
        return Err(error(
            vm,
            format!(
                "pack expected {} items for packing (got {})",
                layout.nitems,
                values.len()
            ),
        ));
    }
    let order = layout.order;
    let mut vi = 0;
    for code in &layout.codes {
        match code.ch {
            b's' | b'p' => {
                let v = &values[vi];
                vi += 1;
                let data = match v {
                    Value::Obj(o) => match &o.payload {
                        Payload::Bytes(b) => b.to_vec(),
                        Payload::ByteArray(b) => b.borrow().clone(),
                        _ => {
                            return Err(error(
                                vm,
                                format!(
                                    "argument for '{}' must be a bytes object",
                                    code.ch as char
                                ),
                            ))
                        }
                    },
                    _ => {
                        return Err(error(
                            vm,
                            format!("argument for '{}' must be a bytes object", code.ch as char),
                        ))
                    }
                };
                let dst = &mut buf[code.offset..code.offset + code.count];
                if code.ch == b's' {
                    let n = data.len().min(code.count);
                    dst[..n].copy_from_slice(&data[..n]);
                } else if code.count > 0 {
                    let n = data.len().min(code.count - 1).min(255);
                    dst[1..1 + n].copy_from_slice(&data[..n]);
                    dst[0] = n as u8;
                }
            }
            _ => {
                for k in 0..code.count {
                    let v = &values[vi];
                    vi += 1;
                    let off = code.offset + k * code.size;
                    let dst = &mut buf[off..off + code.size];
                    match code.ch {
                        b'c' => {
                            let b = match v {
                                Value::Obj(o) => match &o.payload {
                                    Payload::Bytes(b) if b.len() == 1 => b[0],
                                    _ => {
                                        return Err(error(
                                            vm,
                                            "char format requires a bytes object of length 1",
                                        ))
                                    }
                                },
                                _ => {
                                    return Err(error(
                                        vm,
                                        "char format requires a bytes object of length 1",
                                    ))
                                }
                            };
                            dst[0] = b;
                        }
                        b'?' => dst[0] = vm.is_true(v)? as u8,
                        b'e' => {
                            let h = pack_half(vm, get_float(vm, v)?)?;
                            put_uint(dst, order, 2, h as u64);
                        }
                        b'f' => {
                            let x = get_float(vm, v)?;
                            let f = x as f32;
                            if order != Order::Native && f.is_infinite() && x.is_finite() {
                                return Err(
                                    vm.overflow_error("float too large to pack with f format")
                                );
                            }
                            put_uint(dst, order, 4, f.to_bits() as u64);
                        }
                        b'd' => {
                            let x = get_float(vm, v)?;
                            put_uint(dst, order, 8, x.to_bits());
                        }
                        _ => {
                            let u = pack_int(vm, order, code.ch, code.size, v)?;
                            put_uint(dst, order, code.size, u);
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

fn unpack_buf(vm: &Vm, layout: &Layout, buf: &[u8]) -> PyResult<Value> {
    let order = layout.order;
    let mut out = Vec::with_capacity(layout.nitems);
    for code in &layout.codes {
        match code.ch {
            b's' => out.push(vm.new_bytes(buf[code.offset..code.offset + code.count].to_vec())),
            b'p' => {
                if code.count == 0 {
                    out.push(vm.new_bytes(vec![]));
                } else {
                    let n = (buf[code.offset] as usize).min(code.count - 1);
                    out.push(vm.new_bytes(buf[code.offset + 1..code.offset + 1 + n].to_vec()));
                }
            }
            _ => {
                for k in 0..code.count {
                    let off = code.offset + k * code.size;
                    let src = &buf[off..off + code.size];
                    let u = get_uint(src, order, code.size);
                    let v = match code.ch {
                        b'c' => vm.new_bytes(vec![src[0]]),
                        b'?' => Value::Bool(src[0] != 0),
                        b'e' => Value::Float(unpack_half(u as u16)),
                        b'f' => Value::Float(f32::from_bits(u as u32) as f64),
                        b'd' => Value::Float(f64::from_bits(u)),
                        b'b' | b'h' | b'i' | b'l' | b'q' | b'n' => {
                            let shift = 64 - 8 * code.size as u32;
                            Value::Int(((u << shift) as i64) >> shift)
                        }
                        _ => {
                            if u <= i64::MAX as u64 {
                                Value::Int(u as i64)
                            } else {
                                vm.new_bigint(BigInt::from(u))
                            }
                        }
                    };
                    out.push(v);
                }
            }
        }
    }
    Ok(vm.new_tuple(out))
}

/// The bytes of a readable buffer argument.
fn read_buffer(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
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

fn s_pack(vm: &Vm, st: &StructObj, values: &[Value]) -> PyResult<Value> {
    let layout = st.layout.borrow().clone();
    let mut buf = vec![0u8; layout.size];
    pack_into_buf(vm, &layout, &mut buf, values)?;
    Ok(vm.new_bytes(buf))
}

fn s_unpack(vm: &Vm, st: &StructObj, buffer: &Value) -> PyResult<Value> {
    let layout = st.layout.borrow().clone();
    let data = read_buffer(vm, buffer)?;
    if data.len() != layout.size {
        return Err(error(
            vm,
            format!("unpack requires a buffer of {} bytes", layout.size),
        ));
    }
    unpack_buf(vm, &layout, &data)
}

fn s_unpack_from(
    vm: &Vm,
    st: &StructObj,
    buffer: &Value,
    offset: Option<&Value>,
) -> PyResult<Value> {
    let layout = st.layout.borrow().clone();
    let data = read_buffer(vm, buffer)?;
    let mut off = match offset {
        Some(v) => crate::util::to_isize(vm, v)?,
        None => 0,
    };
    let len = data.len() as i64;
    if off < 0 {
        if off + len < 0 {
            return Err(error(
                vm,
                format!("offset {off} out of range for {len}-byte buffer"),
            ));
        }
        off += len;
    }
    if len - off < layout.size as i64 {
        if off > len {
            return Err(error(
                vm,
                format!("offset {off} out of range for {len}-byte buffer"),
            ));
        }
        return Err(error(
            vm,
            format!(
                "unpack_from requires a buffer of at least {} bytes for unpacking {} bytes at offset {off} (actual buffer size is {len})",
                layout.size as i64 + off,
                layout.size
            ),
        ));
    }
    let off = off as usize;
    unpack_buf(vm, &layout, &data[off..off + layout.size])
}

fn s_pack_into(
    vm: &Vm,
    st: &StructObj,
    buffer: &Value,
    offset: &Value,
    values: &[Value],
) -> PyResult<Value> {
    let layout = st.layout.borrow().clone();
    let ba = match buffer {
        Value::Obj(o) => match &o.payload {
            Payload::ByteArray(b) => Some(b),
            _ => None,
        },
        _ => None,
    };
    let is_array = crate::array::bytes_of_array(buffer).is_some();
    if ba.is_none() && !is_array {
        if let Value::Obj(o) = buffer {
            if let Payload::Bytes(_) = &o.payload {
                return Err(
                    vm.type_error("argument must be read-write bytes-like object, not bytes")
                );
            }
        }
        return Err(vm.type_error(format!(
            "argument must be read-write bytes-like object, not {}",
            vm.type_name(buffer)
        )));
    }
    if values.len() != layout.nitems {
        return Err(error(
            vm,
            format!(
                "pack expected {} items for packing (got {})",
                layout.nitems,
                values.len()
            ),
        ));
    }
    let len = match ba {
        Some(b) => b.borrow().len() as i64,
        None => crate::array::bytes_of_array(buffer)
            .map(|b| b.len())
            .unwrap_or(0) as i64,
    };
    let mut off = crate::util::to_isize(vm, offset)?;
    if off < 0 {
        if off + len < 0 {
            return Err(error(
                vm,
                format!("offset {off} out of range for {len}-byte buffer"),
            ));
        }
        off += len;
    }
    if len - off < layout.size as i64 {
        if off > len {
            return Err(error(
                vm,
                format!("offset {off} out of range for {len}-byte buffer"),
            ));
        }
        return Err(error(
            vm,
            format!(
                "pack_into requires a buffer of at least {} bytes for packing {} bytes at offset {off} (actual buffer size is {len})",
                layout.size as i64 + off,
                layout.size
            ),
        ));
    }
    let mut tmp = vec![0u8; layout.size];
    pack_into_buf(vm, &layout, &mut tmp, values)?;
    let off = off as usize;
    match ba {
        Some(b) => b.borrow_mut()[off..off + layout.size].copy_from_slice(&tmp),
        None => crate::array::write_array_bytes(buffer, off, &tmp),
    }
    Ok(Value::None)
}

struct UnpackIter {
    layout: Layout,
    data: Vec<u8>,
    pos: Cell<usize>,
}

impl NativeData for UnpackIter {}

fn s_iter_unpack(vm: &Vm, st: &StructObj, buffer: &Value) -> PyResult<Value> {
    let layout = st.layout.borrow().clone();
    if layout.size == 0 {
        return Err(error(
            vm,
            "cannot iteratively unpack with a struct of length 0",
        ));
    }
    let data = read_buffer(vm, buffer)?;
    if data.len() % layout.size != 0 {
        return Err(error(
            vm,
            format!(
                "iterative unpacking requires a buffer of a multiple of {} bytes",
                layout.size
            ),
        ));
    }
    let t = state(vm)?.iter_type;
    Ok(Value::Obj(vm.new_native_object(
        &t,
        UnpackIter {
            layout,
            data,
            pos: Cell::new(0),
        },
    )))
}

fn unpack_iter_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let it: &UnpackIter = this(vm, &args, "_struct.unpack_iterator")?;
    let p = it.pos.get();
    if p + it.layout.size > it.data.len() {
        return Err(stop(vm));
    }
    it.pos.set(p + it.layout.size);
    unpack_buf(vm, &it.layout, &it.data[p..p + it.layout.size])
}

fn unpack_iter_len(vm: &Vm, args: Args) -> PyResult<Value> {
    let it: &UnpackIter = this(vm, &args, "_struct.unpack_iterator")?;
    Ok(Value::Int(
        ((it.data.len() - it.pos.get()) / it.layout.size) as i64,
    ))
}

// ----- Struct methods ------------------------------------------------------------------

fn struct_pack(vm: &Vm, args: Args) -> PyResult<Value> {
    let st = struct_of(vm, &args)?;
    crate::util::no_kwargs(vm, "pack", &rest(&args))?;
    s_pack(vm, st, &args.args[1..])
}

fn struct_unpack(vm: &Vm, args: Args) -> PyResult<Value> {
    let st = struct_of(vm, &args)?;
    let p = pos_only(vm, "unpack", &rest(&args), 1, 1)?;
    s_unpack(vm, st, &p[0])
}

fn struct_unpack_from(vm: &Vm, args: Args) -> PyResult<Value> {
    let st = struct_of(vm, &args)?;
    let a = bind_ex(
        vm,
        "unpack_from",
        &rest(&args),
        &["buffer", "offset"],
        1,
        0,
        2,
    )?;
    s_unpack_from(vm, st, a[0].as_ref().unwrap_or(&Value::None), a[1].as_ref())
}

fn struct_pack_into(vm: &Vm, args: Args) -> PyResult<Value> {
    let st = struct_of(vm, &args)?;
    let r = rest(&args);
    crate::util::no_kwargs(vm, "pack_into", &r)?;
    let p = r.pos();
    if p.len() < 2 {
        if p.is_empty() {
            return Err(error(vm, "pack_into expected buffer argument"));
        }
        return Err(error(vm, "pack_into expected offset argument"));
    }
    s_pack_into(vm, st, &p[0], &p[1], &p[2..])
}

fn struct_iter_unpack(vm: &Vm, args: Args) -> PyResult<Value> {
    let st = struct_of(vm, &args)?;
    let p = pos_only(vm, "iter_unpack", &rest(&args), 1, 1)?;
    s_iter_unpack(vm, st, &p[0])
}

fn struct_format(vm: &Vm, v: &Value) -> PyResult<Value> {
    match native_of::<StructObj>(v) {
        Some(s) => Ok(s.format.borrow().clone()),
        None => Err(vm.type_error("expected a Struct")),
    }
}

fn struct_size(vm: &Vm, v: &Value) -> PyResult<Value> {
    match native_of::<StructObj>(v) {
        Some(s) => Ok(Value::Int(s.layout.borrow().size as i64)),
        None => Err(vm.type_error("expected a Struct")),
    }
}

fn struct_sizeof(vm: &Vm, args: Args) -> PyResult<Value> {
    let st = struct_of(vm, &args)?;
    Ok(Value::Int(
        (40 + 32 * (st.layout.borrow().codes.len() + 1)) as i64,
    ))
}

// ----- module functions ------------------------------------------------------------------

fn with_struct<T>(vm: &Vm, fmt: &Value, f: impl FnOnce(&StructObj) -> PyResult<T>) -> PyResult<T> {
    let s = cached_struct(vm, fmt)?;
    let st = native_of::<StructObj>(&s).ok_or_else(|| vm.type_error("bad Struct"))?;
    f(st)
}

fn m_pack(vm: &Vm, args: Args) -> PyResult<Value> {
    crate::util::no_kwargs(vm, "pack", &args)?;
    let p = args.pos();
    if p.is_empty() {
        return Err(vm.type_error("missing format argument"));
    }
    with_struct(vm, &p[0], |st| s_pack(vm, st, &p[1..]))
}

fn m_unpack(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = pos_only(vm, "unpack", &args, 2, 2)?;
    with_struct(vm, &p[0], |st| s_unpack(vm, st, &p[1]))
}

fn m_unpack_from(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind_ex(
        vm,
        "unpack_from",
        &args,
        &["format", "buffer", "offset"],
        2,
        1,
        3,
    )?;
    let fmt = a[0].clone().unwrap_or(Value::None);
    with_struct(vm, &fmt, |st| {
        s_unpack_from(vm, st, a[1].as_ref().unwrap_or(&Value::None), a[2].as_ref())
    })
}

fn m_pack_into(vm: &Vm, args: Args) -> PyResult<Value> {
    crate::util::no_kwargs(vm, "pack_into", &args)?;
    let p = args.pos();
    if p.len() < 3 {
        if p.is_empty() {
            return Err(vm.type_error("missing format argument"));
        }
        if p.len() == 1 {
            return Err(error(vm, "pack_into expected buffer argument"));
        }
        return Err(error(vm, "pack_into expected offset argument"));
    }
    with_struct(vm, &p[0], |st| s_pack_into(vm, st, &p[1], &p[2], &p[3..]))
}

fn m_iter_unpack(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = pos_only(vm, "iter_unpack", &args, 2, 2)?;
    with_struct(vm, &p[0], |st| s_iter_unpack(vm, st, &p[1]))
}

fn m_calcsize(vm: &Vm, args: Args) -> PyResult<Value> {
    let f = crate::util::one_arg(vm, "_struct.calcsize", &args)?;
    with_struct(vm, f, |st| Ok(Value::Int(st.layout.borrow().size as i64)))
}

fn m_clearcache(_vm: &Vm, _args: Args) -> PyResult<Value> {
    CACHE.with(|c| c.borrow_mut().clear());
    Ok(Value::None)
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_struct");
    let d = m.dict().expect("module dict");
    let set = |name: &str, v: Value| pyrs_vm::objects::dict::set_str(&d, &vm.intern(name), v);
    // struct.error: a plain Exception subclass from module 'struct'.
    let ns = vm.new_dict();
    if let Value::Obj(nso) = &ns {
        pyrs_vm::objects::dict::set_str(nso, &vm.names.__module__, vm.new_str("struct"));
    }
    let err = vm.call(
        &Value::Obj(vm.types.type_.clone()),
        Args::new(&[
            vm.new_str("error"),
            vm.new_tuple(vec![Value::Obj(vm.exc.exception.clone())]),
            ns,
        ]),
    )?;
    let err_obj = err
        .as_obj()
        .cloned()
        .ok_or_else(|| vm.type_error("error"))?;
    set("error", err);

    let st = vm.new_native_type("_struct", "Struct", None, true, false);
    vm.add_static(&st, "__new__", struct_new);
    vm.add_method(&st, "__init__", struct_init);
    vm.add_method(&st, "pack", struct_pack);
    vm.add_method(&st, "unpack", struct_unpack);
    vm.add_method(&st, "unpack_from", struct_unpack_from);
    vm.add_method(&st, "pack_into", struct_pack_into);
    vm.add_method(&st, "iter_unpack", struct_iter_unpack);
    vm.add_method(&st, "__sizeof__", struct_sizeof);
    vm.add_getset(&st, "format", struct_format, None);
    vm.add_getset(&st, "size", struct_size, None);
    set("Struct", Value::Obj(st.clone()));

    let it = vm.new_native_type("_struct", "unpack_iterator", None, false, false);
    vm.add_method(&it, "__iter__", |_vm, a| Ok(a.args[0].clone()));
    vm.add_method(&it, "__next__", unpack_iter_next);
    vm.add_method(&it, "__length_hint__", unpack_iter_len);

    vm.add_module_fn(&m, "pack", m_pack);
    vm.add_module_fn(&m, "unpack", m_unpack);
    vm.add_module_fn(&m, "unpack_from", m_unpack_from);
    vm.add_module_fn(&m, "pack_into", m_pack_into);
    vm.add_module_fn(&m, "iter_unpack", m_iter_unpack);
    vm.add_module_fn(&m, "calcsize", m_calcsize);
    vm.add_module_fn(&m, "_clearcache", m_clearcache);
    set(
        "__doc__",
        vm.new_str("Functions to convert between Python values and C structs."),
    );
    STATE.with(|s| {
        *s.borrow_mut() = Some(StructState {
            error: err_obj,
            struct_type: st,
            iter_type: it,
        })
    });
    CACHE.with(|c| c.borrow_mut().clear());
    Ok(m)
}
