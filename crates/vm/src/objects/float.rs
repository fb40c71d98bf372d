//! The float type (immediate `Value::Float`; heap only for subclass instances) and the
//! complex type.

use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};
use pyrs_compiler::bytecode::{BinaryOpArg, CompareOpArg};

use crate::memory::ObjRef;
use crate::object::Payload;
use crate::objects::int;
use crate::objects::typeobj::tdata;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

/// `repr(float)`: the shortest string that round-trips, formatted as CPython's 'r' mode.
pub fn repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let s = format!("{:e}", f);
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (neg, mant) = match mant.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mant),
    };
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(&digits);
        } else {
            let point = exp as usize + 1;
            if digits.len() <= point {
                out.push_str(&digits);
                for _ in 0..(point - digits.len()) {
                    out.push('0');
                }
                out.push_str(".0");
            } else {
                out.push_str(&digits[..point]);
                out.push('.');
                out.push_str(&digits[point..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.abs()));
    }
    out
}

/// CPython's hash of a float (equal to the int hash for integral values).
pub fn hash_float(f: f64, v: &Value) -> i64 {
    if f.is_nan() {
        return v.id() >> 4;
    }
    if f.is_infinite() {
        return if f > 0.0 { 314159 } else { -314159 };
    }
    const P: u64 = (1 << 61) - 1;
    let (mut m, mut e) = frexp(f);
    let mut sign = 1i64;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & P) | (x >> (61 - 28));
        m *= 268435456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= P {
            x -= P;
        }
    }
    let e = if e >= 0 {
        e % 61
    } else {
        61 - 1 - ((-1 - e) % 61)
    };
    x = ((x << e) & P) | (x >> (61 - e));
    let r = (x as i64) * sign;
    if r == -1 {
        -2
    } else {
        r
    }
}

fn frexp(f: f64) -> (f64, i32) {
    if f == 0.0 || !f.is_finite() {
        return (f, 0);
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        let (m, e) = frexp(f * 2f64.powi(64));
        return (m, e - 64);
    }
    let e = exp - 1022;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, e)
}

/// `i <op> f` decided exactly (an int of any size against a float, as CPython does).
pub fn compare_bigint_float(i: &BigInt, f: f64, op: CompareOpArg) -> bool {
    use std::cmp::Ordering;
    let ord = if f.is_nan() {
        None
    } else if f.is_infinite() {
        Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        })
    } else {
        let whole = f.trunc();
        let fi: BigInt = num_traits::FromPrimitive::from_f64(whole).unwrap_or_default();
        Some(match i.cmp(&fi) {
            Ordering::Equal => 0.0f64.partial_cmp(&(f - whole)).unwrap_or(Ordering::Equal),
            o => o,
        })
    };
    ordering_matches(ord, op)
}

fn ordering_matches(ord: Option<std::cmp::Ordering>, op: CompareOpArg) -> bool {
    use std::cmp::Ordering;
    match (ord, op) {
        (None, CompareOpArg::Ne) => true,
        (None, _) => false,
        (Some(o), CompareOpArg::Lt) => o == Ordering::Less,
        (Some(o), CompareOpArg::Le) => o != Ordering::Greater,
        (Some(o), CompareOpArg::Eq) => o == Ordering::Equal,
        (Some(o), CompareOpArg::Ne) => o != Ordering::Equal,
        (Some(o), CompareOpArg::Gt) => o == Ordering::Greater,
        (Some(o), CompareOpArg::Ge) => o != Ordering::Less,
    }
}

pub fn compare_int_float(i: i64, f: f64, op: CompareOpArg) -> bool {
    use std::cmp::Ordering;
    let ord = if f.is_nan() {
        None
    } else if (i as f64) != f {
        (i as f64).partial_cmp(&f)
    } else if f.abs() < 9.0e15 {
        Some(Ordering::Equal)
    } else {
        // Large magnitudes: compare exactly through BigInt.
        let fi = BigInt::from(i);
        let ff: BigInt = num_traits::FromPrimitive::from_f64(f).unwrap_or_default();
        Some(fi.cmp(&ff))
    };
    match (ord, op) {
        (None, CompareOpArg::Ne) => true,
        (None, _) => false,
        (Some(o), CompareOpArg::Lt) => o == Ordering::Less,
        (Some(o), CompareOpArg::Le) => o != Ordering::Greater,
        (Some(o), CompareOpArg::Eq) => o == Ordering::Equal,
        (Some(o), CompareOpArg::Ne) => o != Ordering::Equal,
        (Some(o), CompareOpArg::Gt) => o == Ordering::Greater,
        (Some(o), CompareOpArg::Ge) => o != Ordering::Less,
    }
}

pub fn float_mod(x: f64, y: f64) -> f64 {
    let mut m = x % y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    m
}

pub fn float_floordiv(x: f64, y: f64) -> f64 {
    let m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 && ((y < 0.0) != (m < 0.0)) {
        div -= 1.0;
    }
    if div != 0.0 {
        let fl = div.floor();
        if div - fl > 0.5 {
            fl + 1.0
        } else {
            fl
        }
    } else {
        0.0f64.copysign(x / y)
    }
}

/// Float arithmetic; `None` for operators floats do not support.
pub fn float_binop(vm: &Vm, x: f64, y: f64, op: BinaryOpArg) -> Option<PyResult<Value>> {
    use BinaryOpArg::*;
    Some(Ok(Value::Float(match op {
        Add => x + y,
        Subtract => x - y,
        Multiply => x * y,
        TrueDivide => {
            if y == 0.0 {
                return Some(Err(vm.zero_division("float division by zero")));
            }
            x / y
        }
        FloorDivide => {
            if y == 0.0 {
                return Some(Err(vm.zero_division("float floor division by zero")));
            }
            float_floordiv(x, y)
        }
        Remainder => {
            if y == 0.0 {
                return Some(Err(vm.zero_division("float modulo")));
            }
            float_mod(x, y)
        }
        Power => return Some(float_pow(vm, x, y)),
        _ => return None,
    })))
}

pub fn float_pow(vm: &Vm, x: f64, y: f64) -> PyResult<Value> {
    if x == 0.0 && y < 0.0 {
        return Err(vm.zero_division("0.0 cannot be raised to a negative power"));
    }
    if x < 0.0 && y.is_finite() && y != y.floor() {
        // A negative base to a fractional power gives a complex result.
        return complex_pow(vm, (x, 0.0), (y, 0.0));
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(vm.new_exception(
            &vm.exc.overflow_error,
            vec![Value::Int(34), vm.new_str("Numerical result out of range")],
        ));
    }
    Ok(Value::Float(r))
}

/// The float value of an int or float (for mixed arithmetic).
pub fn as_f64(vm: &Vm, v: &Value) -> Option<PyResult<f64>> {
    match v {
        Value::Float(f) => Some(Ok(*f)),
        Value::Int(i) => Some(Ok(*i as f64)),
        Value::Bool(b) => Some(Ok(*b as i64 as f64)),
        Value::Obj(o) => match &o.payload {
            Payload::Float(f) => Some(Ok(*f)),
            Payload::Int(i) => Some(int::big_to_f64(vm, i)),
            _ => None,
        },
        _ => None,
    }
}

/// float op other for values that may be heap floats/ints.
pub fn float_binop_values(vm: &Vm, a: &Value, b: &Value, op: BinaryOpArg) -> PyResult<Value> {
    let x = match as_f64(vm, a) {
        Some(r) => r?,
        None => return Ok(vm.not_implemented()),
    };
    let y = match as_f64(vm, b) {
        Some(r) => r?,
        None => return Ok(vm.not_implemented()),
    };
    match float_binop(vm, x, y, op) {
        Some(r) => r,
        None => Ok(vm.not_implemented()),
    }
}

/// `float(x)` for one argument.
pub fn to_float(vm: &Vm, x: &Value) -> PyResult<f64> {
    match x {
        Value::Float(f) => return Ok(*f),
        Value::Int(i) => return Ok(*i as f64),
        Value::Bool(b) => return Ok(*b as i64 as f64),
        _ => {}
    }
    if let Value::Obj(o) = x {
        match &o.payload {
            Payload::Str(s) => return parse_float(vm, s.as_str(), x),
            Payload::Bytes(b) => return parse_float(vm, &String::from_utf8_lossy(b), x),
            Payload::ByteArray(b) => {
                let text = String::from_utf8_lossy(&b.borrow()).into_owned();
                return parse_float(vm, &text, x);
            }
            Payload::Float(f) if !tdata(o.class()).is_heap() => return Ok(*f),
            Payload::Int(i) if !tdata(o.class()).is_heap() => return int::big_to_f64(vm, i),
            _ => {}
        }
    }
    if let Some(r) = vm.call_special(x, &vm.names.__float__, &[])? {
        return match r {
            Value::Float(f) => Ok(f),
            Value::Obj(ref o) if matches!(o.payload, Payload::Float(_)) => match o.payload {
                Payload::Float(f) => Ok(f),
                _ => Ok(0.0),
            },
            _ => Err(vm.type_error(format!(
                "{}.__float__ returned non-float (type {})",
                vm.type_name(x),
                vm.type_name(&r)
            ))),
        };
    }
    if vm.lookup_special(x, &vm.names.__index__).is_some() {
        let i = vm.index_value(x)?;
        return match as_f64(vm, &i) {
            Some(r) => r,
            None => Ok(0.0),
        };
    }
    if let Value::Obj(o) = x {
        match &o.payload {
            Payload::Float(f) => return Ok(*f),
            Payload::Int(i) => return int::big_to_f64(vm, i),
            _ => {}
        }
    }
    // Any other buffer (memoryview, array...) parses as its bytes.
    if let Some(b) = crate::objects::memoryview::bytes_like(x) {
        return parse_float(vm, &String::from_utf8_lossy(&b), x);
    }
    Err(vm.type_error(format!(
        "float() argument must be a string or a real number, not '{}'",
        vm.type_name(x)
    )))
}

pub fn parse_float_str(s: &str) -> Option<f64> {
    // Unicode decimal digits count as their ASCII forms, as in CPython.
    let converted: String;
    let s = if s.is_ascii() {
        s
    } else {
        converted = s
            .chars()
            .map(|c| match crate::objects::str::decimal_value(c) {
                Some(d) => char::from_digit(d, 10).unwrap_or(c),
                None if c.is_whitespace() => ' ',
                None => c,
            })
            .collect();
        &converted
    };
    let t = s.trim();
    // An underscore must sit between two digits.
    let b = t.as_bytes();
    for (i, &ch) in b.iter().enumerate() {
        if ch == b'_'
            && !(i > 0
                && b[i - 1].is_ascii_digit()
                && b.get(i + 1).is_some_and(|n| n.is_ascii_digit()))
        {
            return None;
        }
    }
    let t: String = t.chars().filter(|c| *c != '_').collect();
    let lower = t.to_ascii_lowercase();
    let body = lower.trim_start_matches(['+', '-']);
    let neg = lower.starts_with('-');
    let v = match body {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => {
            if body.is_empty()
                || !body
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-'))
            {
                return None;
            }
            return lower.parse::<f64>().ok();
        }
    };
    Some(if neg { -v } else { v })
}

fn parse_float(vm: &Vm, s: &str, orig: &Value) -> PyResult<f64> {
    parse_float_str(s).ok_or_else(|| {
        let r = vm.repr_string(orig).unwrap_or_default();
        vm.value_error(format!("could not convert string to float: {r}"))
    })
}

fn float_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let cls = match pos.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => c.clone(),
        _ => return Err(vm.type_error("float.__new__(X): X is not a type object")),
    };
    if args.has_kw() {
        return Err(vm.type_error("float() takes no keyword arguments"));
    }
    if pos.len() > 2 {
        return Err(vm.type_error(format!(
            "float expected at most 1 argument, got {}",
            pos.len() - 1
        )));
    }
    let f = match pos.get(1) {
        Some(x) => to_float(vm, x)?,
        None => 0.0,
    };
    if cls.is(&vm.types.float) {
        return Ok(Value::Float(f));
    }
    let o = ObjRef::new(&cls, Payload::Float(f));
    if tdata(&cls).is_heap() {
        o.give_dict(|| vm.new_dict_obj());
    }
    Ok(Value::Obj(o))
}

fn self_f64(vm: &Vm, args: &Args) -> PyResult<f64> {
    match args.pos().first().and_then(|v| as_f64(vm, v)) {
        Some(r) => r,
        None => Err(vm.type_error("descriptor requires a 'float' object")),
    }
}

fn float_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(vm.new_str(repr(self_f64(vm, &args)?)))
}

fn float_is_integer(vm: &Vm, args: Args) -> PyResult<Value> {
    let f = self_f64(vm, &args)?;
    Ok(Value::Bool(f.is_finite() && f == f.floor()))
}

fn float_int(vm: &Vm, args: Args) -> PyResult<Value> {
    int::float_to_int(vm, self_f64(vm, &args)?)
}

fn float_float(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Float(self_f64(vm, &args)?))
}

fn float_floor(vm: &Vm, args: Args) -> PyResult<Value> {
    int::float_to_int(vm, self_f64(vm, &args)?.floor())
}

fn float_ceil(vm: &Vm, args: Args) -> PyResult<Value> {
    int::float_to_int(vm, self_f64(vm, &args)?.ceil())
}

/// Round half to even at `nd` decimal digits, as CPython's float.__round__ (through the
/// correctly rounded decimal string).
pub fn round_float(f: f64, nd: i64) -> f64 {
    if !f.is_finite() || f == 0.0 {
        return f;
    }
    if nd > 22 {
        return f;
    }
    if nd < -308 {
        return 0.0f64.copysign(f);
    }
    if nd >= 0 {
        let s = format!("{:.*}", nd as usize, f);
        let r: f64 = s.parse().unwrap_or(f);
        // `format!` rounds half to even on the exact binary value, as CPython does.
        return r;
    }
    let p = 10f64.powi((-nd) as i32);
    let y = f / p;
    let mut z = y.round();
    if (y - z).abs() == 0.5 {
        z = 2.0 * (y / 2.0).round();
    }
    let r = z * p;
    if r.is_finite() {
        r
    } else {
        f
    }
}

fn float_round(vm: &Vm, args: Args) -> PyResult<Value> {
    let f = self_f64(vm, &args)?;
    match args.pos().get(1) {
        None | Some(Value::None) => {
            let mut r = f.round();
            if (f - f.trunc()).abs() == 0.5 {
                r = 2.0 * (f / 2.0).round();
            }
            int::float_to_int(vm, r)
        }
        Some(n) => {
            let nd = vm.to_index(n)?;
            Ok(Value::Float(round_float(f, nd)))
        }
    }
}

fn float_as_integer_ratio(vm: &Vm, args: Args) -> PyResult<Value> {
    let f = self_f64(vm, &args)?;
    if f.is_infinite() {
        return Err(vm.overflow_error("cannot convert Infinity to integer ratio"));
    }
    if f.is_nan() {
        return Err(vm.value_error("cannot convert NaN to integer ratio"));
    }
    let (m, e) = frexp(f);
    let mut m = m;
    let mut e = e;
    for _ in 0..300 {
        if m == m.floor() {
            break;
        }
        m *= 2.0;
        e -= 1;
    }
    let mut num: BigInt = num_traits::FromPrimitive::from_f64(m).unwrap_or_default();
    let mut den = BigInt::from(1);
    if e > 0 {
        num <<= e as usize;
    } else {
        den <<= (-e) as usize;
    }
    let g = num_integer::Integer::gcd(&num, &den);
    if !g.is_zero() {
        num /= &g;
        den /= &g;
    }
    Ok(vm.new_tuple(vec![int::from_bigint(vm, num), int::from_bigint(vm, den)]))
}

fn float_hex(vm: &Vm, args: Args) -> PyResult<Value> {
    let f = self_f64(vm, &args)?;
    if !f.is_finite() {
        return Ok(vm.new_str(repr(f)));
    }
    if f == 0.0 {
        return Ok(vm.new_str(if f.is_sign_negative() {
            "-0x0.0p+0"
        } else {
            "0x0.0p+0"
        }));
    }
    let bits = f.to_bits();
    let sign = if f < 0.0 { "-" } else { "" };
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = bits & ((1 << 52) - 1);
    let (lead, e) = if exp == 0 {
        (0, -1022)
    } else {
        (1, exp - 1023)
    };
    let hex = format!("{:013x}", mant);
    Ok(vm.new_str(format!(
        "{sign}0x{lead}.{hex}p{}{}",
        if e >= 0 { "+" } else { "-" },
        e.abs()
    )))
}

fn float_conjugate(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Float(self_f64(vm, &args)?))
}

fn float_real(vm: &Vm, v: &Value) -> PyResult<Value> {
    match as_f64(vm, v) {
        Some(r) => Ok(Value::Float(r?)),
        None => Ok(Value::Float(0.0)),
    }
}
fn float_imag(_vm: &Vm, _v: &Value) -> PyResult<Value> {
    Ok(Value::Float(0.0))
}

fn float_format(vm: &Vm, args: Args) -> PyResult<Value> {
    let f = self_f64(vm, &args)?;
    let spec = args
        .pos()
        .get(1)
        .map(|s| vm.str_string(s))
        .transpose()?
        .unwrap_or_default();
    Ok(vm.new_str(crate::format::format_float(vm, f, &spec)?))
}

fn float_getnewargs(vm: &Vm, args: Args) -> PyResult<Value> {
    let f = self_f64(vm, &args)?;
    Ok(vm.new_tuple(vec![Value::Float(f)]))
}

fn float_getformat(vm: &Vm, args: Args) -> PyResult<Value> {
    let kind = match args.pos().last() {
        Some(v @ Value::Obj(o)) if o.payload.as_str().is_some() => vm.str_string(v)?,
        Some(v) => {
            return Err(vm.type_error(format!(
                "__getformat__() argument must be str, not {}",
                vm.type_name(v)
            )))
        }
        None => return Err(vm.type_error("__getformat__() takes exactly one argument (0 given)")),
    };
    if kind != "double" && kind != "float" {
        return Err(vm.value_error("__getformat__() argument 1 must be 'double' or 'float'"));
    }
    Ok(vm.new_str("IEEE, little-endian"))
}

/// `float.fromhex(s)`: exact parsing of C99 hexadecimal floats, rounded half to even.
fn float_fromhex(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = args.pos().first().cloned().unwrap_or(Value::None);
    let text = match args.pos().get(1) {
        Some(v) => vm.str_string(v)?,
        None => return Err(vm.type_error("fromhex() takes exactly one argument (0 given)")),
    };
    let f = parse_hex_float(&text).map_err(|overflow| {
        if overflow {
            vm.overflow_error("hexadecimal value too large to represent as a float")
        } else {
            vm.value_error("invalid hexadecimal floating-point string")
        }
    })?;
    match &cls {
        Value::Obj(c) if c.is(&vm.types.float) => Ok(Value::Float(f)),
        _ => vm.call1(&cls, Value::Float(f)),
    }
}

/// Parse a hexadecimal float; Err(true) on overflow, Err(false) when malformed.
fn parse_hex_float(text: &str) -> Result<f64, bool> {
    let t = text.trim();
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = t.to_ascii_lowercase();
    let signed = |v: f64| if neg { -v } else { v };
    if lower == "inf" || lower == "infinity" {
        return Ok(signed(f64::INFINITY));
    }
    if lower == "nan" {
        return Ok(signed(f64::NAN));
    }
    let body = lower.strip_prefix("0x").unwrap_or(&lower);
    let (mant_text, exp_text) = match body.split_once('p') {
        Some((m, e)) => (m, Some(e)),
        None => (body, None),
    };
    let (int_digits, frac_digits) = match mant_text.split_once('.') {
        Some((i, f)) => (i, f),
        None => (mant_text, ""),
    };
    if int_digits.is_empty() && frac_digits.is_empty() {
        return Err(false);
    }
    let mut mant = BigInt::from(0);
    for c in int_digits.chars().chain(frac_digits.chars()) {
        let d = c.to_digit(16).ok_or(false)?;
        mant = mant * 16 + d;
    }
    let mut exp2: i64 = -4 * frac_digits.len() as i64;
    if let Some(e) = exp_text {
        let digits = e.trim_start_matches(['+', '-']);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(false);
        }
        // Exponents beyond any representable value saturate.
        let v: i64 = digits.parse().unwrap_or(i64::MAX / 4).min(i64::MAX / 4);
        exp2 += if e.starts_with('-') { -v } else { v };
    }
    if mant.sign() == num_bigint::Sign::NoSign {
        return Ok(signed(0.0));
    }
    let nbits = mant.bits() as i64;
    let top = nbits + exp2; // the value lies in [2**(top-1), 2**top)
    if top > 1024 {
        return Err(true);
    }
    // Below half the smallest subnormal the value rounds to zero.
    if top < -1075 {
        return Ok(signed(0.0));
    }
    let lsb = (top - 53).max(-1074);
    let shift = lsb - exp2;
    let rounded: u64 = if shift > 0 {
        let q: BigInt = &mant >> shift as usize;
        let rem: BigInt = &mant - (&q << shift as usize);
        let half = BigInt::from(1) << (shift as usize - 1);
        let q64: u64 = num_traits::ToPrimitive::to_u64(&q).unwrap_or(0);
        if rem > half || (rem == half && q64 & 1 == 1) {
            q64 + 1
        } else {
            q64
        }
    } else {
        num_traits::ToPrimitive::to_u64(&(&mant << (-shift) as usize)).unwrap_or(0)
    };
    let scale = if lsb >= -1022 {
        f64::from_bits(((lsb + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (lsb + 1074))
    };
    let v = rounded as f64 * scale;
    if v.is_infinite() {
        return Err(true);
    }
    Ok(signed(v))
}

// ----- complex ------------------------------------------------------------------------

pub fn new_complex(vm: &Vm, re: f64, im: f64) -> Value {
    Value::Obj(ObjRef::new(&vm.types.complex, Payload::Complex(re, im)))
}

pub fn as_complex(vm: &Vm, v: &Value) -> Option<PyResult<(f64, f64)>> {
    if let Value::Obj(o) = v {
        if let Payload::Complex(a, b) = &o.payload {
            return Some(Ok((*a, *b)));
        }
    }
    as_f64(vm, v).map(|r| r.map(|f| (f, 0.0)))
}

fn cmul(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// Complex division with CPython's scaling (Smith's method).
fn cdiv(vm: &Vm, a: (f64, f64), b: (f64, f64)) -> PyResult<(f64, f64)> {
    let (abs_br, abs_bi) = (b.0.abs(), b.1.abs());
    if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return Err(vm.zero_division("complex division by zero"));
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Ok(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_bi >= abs_br {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Ok(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        Ok((f64::NAN, f64::NAN))
    }
}

fn complex_pow(vm: &Vm, a: (f64, f64), b: (f64, f64)) -> PyResult<Value> {
    if b.0 == 0.0 && b.1 == 0.0 {
        return Ok(new_complex(vm, 1.0, 0.0));
    }
    if a.0 == 0.0 && a.1 == 0.0 {
        if b.1 != 0.0 || b.0 < 0.0 {
            return Err(vm.zero_division("0.0 to a negative or complex power"));
        }
        return Ok(new_complex(vm, 0.0, 0.0));
    }
    // Small integral exponents multiply out, as CPython does, for exact results.
    if b.1 == 0.0 && b.0 == b.0.trunc() && b.0.abs() <= 100.0 {
        let n = b.0 as i64;
        let mut result = (1.0, 0.0);
        let mut base = a;
        let mut e = n.unsigned_abs();
        while e > 0 {
            if e & 1 == 1 {
                result = cmul(result, base);
            }
            base = cmul(base, base);
            e >>= 1;
        }
        if n < 0 {
            result = cdiv(vm, (1.0, 0.0), result)?;
        }
        return Ok(new_complex(vm, result.0, result.1));
    }
    let vabs = a.0.hypot(a.1);
    let mut len = vabs.powf(b.0);
    let at = a.1.atan2(a.0);
    let mut phase = at * b.0;
    if b.1 != 0.0 {
        len /= (at * b.1).exp();
        phase += b.1 * vabs.ln();
    }
    Ok(new_complex(vm, len * phase.cos(), len * phase.sin()))
}

pub fn complex_binop(vm: &Vm, a: &Value, b: &Value, op: BinaryOpArg) -> PyResult<Value> {
    use BinaryOpArg::*;
    let x = match as_complex(vm, a) {
        Some(r) => r?,
        None => return Ok(vm.not_implemented()),
    };
    let y = match as_complex(vm, b) {
        Some(r) => r?,
        None => return Ok(vm.not_implemented()),
    };
    let (re, im) = match op {
        Add => (x.0 + y.0, x.1 + y.1),
        Subtract => (x.0 - y.0, x.1 - y.1),
        Multiply => (x.0 * y.0 - x.1 * y.1, x.0 * y.1 + x.1 * y.0),
        TrueDivide => {
            if y.0 == 0.0 && y.1 == 0.0 {
                return Err(vm.zero_division("complex division by zero"));
            }
            cdiv(vm, x, y)?
        }
        Power => return complex_pow(vm, x, y),
        _ => return Ok(vm.not_implemented()),
    };
    Ok(new_complex(vm, re, im))
}

pub fn complex_repr(re: f64, im: f64) -> String {
    let fmt = |f: f64| {
        let r = repr(f);
        r.strip_suffix(".0").map(str::to_string).unwrap_or(r)
    };
    if re == 0.0 && re.is_sign_positive() {
        format!("{}j", fmt(im))
    } else {
        let sign = if im.is_sign_negative() && !im.is_nan() {
            "-"
        } else {
            "+"
        };
        format!("({}{}{}j)", fmt(re), sign, fmt(im.abs()))
    }
}

fn complex_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let cls = pos.first().and_then(|c| c.as_obj().cloned());
    let mut real = pos.get(1).cloned();
    let mut imag = pos.get(2).cloned();
    for (k, v) in args.kwargs() {
        match k.as_obj().map(crate::objects::str::as_rust_str).as_deref() {
            Some("real") => real = Some(v.clone()),
            Some("imag") => imag = Some(v.clone()),
            _ => return Err(vm.type_error("complex() got an unexpected keyword argument")),
        }
    }
    let (mut re, mut im) = (0.0, 0.0);
    let not_a_number = |v: &Value, which: &str| {
        vm.type_error(format!(
            "complex() {which} argument must be a string or a number, not '{}'",
            vm.type_name(v)
        ))
    };
    if let Some(r) = &real {
        let numeric = matches!(r, Value::Obj(o) if o.payload.as_str().is_some())
            || as_complex(vm, r).is_some()
            || vm.lookup_special(r, &vm.names.__complex__).is_some()
            || vm.lookup_special(r, &vm.names.__float__).is_some()
            || vm.lookup_special(r, &vm.names.__index__).is_some();
        if !numeric {
            return Err(not_a_number(r, "first"));
        }
    }
    if let Some(i) = &imag {
        if matches!(i, Value::Obj(o) if o.payload.as_str().is_some()) {
            return Err(vm.type_error("complex() second arg can't be a string"));
        }
    }
    if let Some(r) = &real {
        if let Value::Obj(o) = r {
            if let Payload::Str(s) = &o.payload {
                if imag.is_some() {
                    return Err(
                        vm.type_error("complex() can't take second arg if first is a string")
                    );
                }
                let malformed = || vm.value_error("complex() arg is a malformed string");
                let space = |c: char| crate::unicode::is_space(c as u32);
                let mut t = s.as_str().trim_matches(space);
                if let Some(inner) = t.strip_prefix('(') {
                    t = inner
                        .strip_suffix(')')
                        .ok_or_else(malformed)?
                        .trim_matches(space);
                }
                if t.is_empty() || t.chars().any(space) || t.contains(['(', ')']) {
                    return Err(malformed());
                }
                let parsed = parse_complex(t).ok_or_else(malformed)?;
                return Ok(new_complex(vm, parsed.0, parsed.1));
            }
        }
        match as_complex(vm, r) {
            Some(c) => {
                let c = c?;
                re = c.0;
                im = c.1;
            }
            None => {
                if let Some(c) = vm.call_special(r, &vm.names.__complex__, &[])? {
                    match &c {
                        Value::Obj(o) if matches!(o.payload, Payload::Complex(..)) => {
                            if let Payload::Complex(a, b) = o.payload {
                                re = a;
                                im = b;
                            }
                        }
                        _ => {
                            return Err(vm.type_error(format!(
                                "__complex__ returned non-complex (type {})",
                                vm.type_name(&c)
                            )))
                        }
                    }
                } else {
                    re = to_float(vm, r)?;
                }
            }
        }
    }
    if let Some(i) = &imag {
        let c = match as_complex(vm, i) {
            Some(c) => c?,
            None => (to_float(vm, i)?, 0.0),
        };
        // As CPython: the parts are combined only where one is complex, so that
        // complex(0.0, -0.0) keeps its negative zero.
        re -= c.1;
        im = if im == 0.0 && im.is_sign_positive() {
            c.0
        } else {
            im + c.0
        };
    }
    let v = new_complex(vm, re, im);
    match cls {
        Some(c) if !c.is(&vm.types.complex) => {
            Ok(Value::Obj(ObjRef::new(&c, Payload::Complex(re, im))))
        }
        _ => Ok(v),
    }
}

fn parse_complex(s: &str) -> Option<(f64, f64)> {
    if let Some(body) = s.strip_suffix(['j', 'J']) {
        // Find the split between real and imaginary parts.
        let bytes = body.as_bytes();
        let mut split = None;
        for i in (1..bytes.len()).rev() {
            if (bytes[i] == b'+' || bytes[i] == b'-') && !matches!(bytes[i - 1], b'e' | b'E') {
                split = Some(i);
                break;
            }
        }
        let (re, im) = match split {
            Some(i) => (parse_float_str(&body[..i])?, &body[i..]),
            None => (0.0, body),
        };
        let im = match im {
            "" | "+" => 1.0,
            "-" => -1.0,
            _ => parse_float_str(im)?,
        };
        Some((re, im))
    } else {
        Some((parse_float_str(s)?, 0.0))
    }
}

fn self_complex(vm: &Vm, v: &Value) -> PyResult<(f64, f64)> {
    match as_complex(vm, v) {
        Some(r) => r,
        None => Err(vm.type_error("descriptor requires a 'complex' object")),
    }
}

fn complex_format(vm: &Vm, args: Args) -> PyResult<Value> {
    let (re, im) = self_complex(vm, &args.pos()[0])?;
    let spec = match args.pos().get(1) {
        Some(s) => vm.str_string(s)?,
        None => String::new(),
    };
    Ok(vm.new_str(crate::format::format_complex(vm, re, im, &spec)?))
}

fn complex_repr_m(vm: &Vm, args: Args) -> PyResult<Value> {
    let (a, b) = self_complex(vm, &args.pos()[0])?;
    Ok(vm.new_str(complex_repr(a, b)))
}
fn complex_real(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Float(self_complex(vm, v)?.0))
}
fn complex_imag(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Float(self_complex(vm, v)?.1))
}
fn complex_conjugate(vm: &Vm, args: Args) -> PyResult<Value> {
    let (a, b) = self_complex(vm, &args.pos()[0])?;
    Ok(new_complex(vm, a, -b))
}
/// The float methods as registered: each checks its argument count, then runs.
mod checked {
    use super::*;
    use crate::objects::str::{arity_checked, Arity};
    arity_checked! {
        is_integer = float_is_integer, Arity::None;
        as_integer_ratio = float_as_integer_ratio, Arity::None;
        hex = float_hex, Arity::None;
    }
}

pub fn init(vm: &Vm) {
    let t = &vm.types.float;
    vm.add_static(t, "__new__", float_new);
    vm.add_method(t, "__repr__", float_repr);
    vm.add_method(t, "is_integer", checked::is_integer);
    vm.add_method(t, "__int__", float_int);
    vm.add_method(t, "__trunc__", float_int);
    vm.add_method(t, "__float__", float_float);
    vm.add_method(t, "__floor__", float_floor);
    vm.add_method(t, "__ceil__", float_ceil);
    vm.add_method(t, "__round__", float_round);
    vm.add_method(t, "as_integer_ratio", checked::as_integer_ratio);
    vm.add_method(t, "hex", checked::hex);
    vm.add_classmethod(t, "fromhex", float_fromhex);
    vm.add_method(t, "conjugate", float_conjugate);
    vm.add_method(t, "__format__", float_format);
    vm.add_method(t, "__getnewargs__", float_getnewargs);
    vm.add_classmethod(t, "__getformat__", float_getformat);
    vm.add_getset(t, "real", float_real, None);
    vm.add_getset(t, "imag", float_imag, None);
    let c = &vm.types.complex;
    vm.add_static(c, "__new__", complex_new);
    vm.add_method(c, "__repr__", complex_repr_m);
    vm.add_method(c, "__format__", complex_format);
    vm.add_method(c, "conjugate", complex_conjugate);
    vm.add_getset(c, "real", complex_real, None);
    vm.add_getset(c, "imag", complex_imag, None);
    let _ = BigInt::zero().to_f64();
}
