//! The int type: small ints are `Value::Int` immediates, others heap bigints; every
//! operation returns the canonical form (an immediate whenever the value fits in i64).

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use pyrs_compiler::bytecode::BinaryOpArg;

use crate::memory::ObjRef;
use crate::object::Payload;
use crate::objects::typeobj::tdata;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

const MODULUS: u64 = (1 << 61) - 1;

pub fn from_bigint(vm: &Vm, i: BigInt) -> Value {
    match i.to_i64() {
        Some(s) => Value::Int(s),
        None => Value::Obj(ObjRef::new(&vm.types.int, Payload::Int(i))),
    }
}

/// The int value of an int (or bool, or int subclass instance) as a BigInt.
pub fn as_bigint(v: &Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::Obj(o) => match &o.payload {
            Payload::Int(i) => Some(i.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// Write the decimal digits of `m` at the end of `buf` (room for any u64, and for a sign
/// before an i64's digits); the position where they start.
#[inline]
pub fn write_decimal(buf: &mut [u8; 20], m: u64) -> usize {
    write_decimal_before(buf, 20, m)
}

/// Write the decimal digits of `m` to end just before `end` in `buf` (which has room for
/// them); the position where they start.
#[inline]
fn write_decimal_before(buf: &mut [u8], end: usize, mut m: u64) -> usize {
    // Two digits per division, from a table of the pairs "00".."99".
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";
    let mut pos = end;
    while m >= 100 {
        let d = (m % 100) as usize * 2;
        m /= 100;
        pos -= 2;
        buf[pos..pos + 2].copy_from_slice(&PAIRS[d..d + 2]);
    }
    if m >= 10 {
        let d = m as usize * 2;
        pos -= 2;
        buf[pos..pos + 2].copy_from_slice(&PAIRS[d..d + 2]);
    } else {
        pos -= 1;
        buf[pos] = b'0' + m as u8;
    }
    pos
}

/// `str(i)` of a machine int: the digits written straight into the new str (no
/// intermediate `String`).
pub fn decimal_str_obj(vm: &Vm, i: i64) -> ObjRef {
    if (0..10).contains(&i) {
        let digit = [b'0' + i as u8];
        return vm.intern(std::str::from_utf8(&digit).unwrap_or("0"));
    }
    // (A copy from a buffer on the stack read the digits' 1- and 2-byte stores back as
    // wider loads, stalling store forwarding on each.)
    let m = i.unsigned_abs();
    let neg = i < 0;
    let n = m.checked_ilog10().unwrap_or(0) as usize + 1 + neg as usize;
    crate::objects::str::new_inline_ascii_with(vm, n, |buf| {
        if n <= 8 {
            // Up to 8 characters: assembled in a register, stored as one word (hashing
            // the new str reads it back as one).
            let mut word = 0u64;
            let mut rest = m;
            let mut pos = n;
            loop {
                pos -= 1;
                word |= u64::from(b'0' + (rest % 10) as u8) << (8 * pos);
                rest /= 10;
                if rest == 0 || pos == 0 {
                    break;
                }
            }
            if neg {
                word |= u64::from(b'-');
            }
            buf[..8].copy_from_slice(&word.to_le_bytes());
            return;
        }
        write_decimal_before(buf, n, m);
        if neg {
            buf[0] = b'-';
        }
    })
}

/// The int value of an int (or bool, or int subclass instance), borrowed when it is a
/// heap int (no copy of its digits).
#[inline]
pub fn big_cow(v: &Value) -> Option<std::borrow::Cow<'_, BigInt>> {
    use std::borrow::Cow;
    match v {
        Value::Int(i) => Some(Cow::Owned(BigInt::from(*i))),
        Value::Bool(b) => Some(Cow::Owned(BigInt::from(*b as i64))),
        Value::Obj(o) => match &o.payload {
            Payload::Int(i) => Some(Cow::Borrowed(i)),
            _ => None,
        },
        _ => None,
    }
}

/// Whether the value is an int (bool and subclasses included).
pub fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_))
        || matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Int(_)))
}

/// The result `r` (an int) of a `__index__`/`__int__` method named `method`, as an exact
/// int: a bool or an int subclass is converted after CPython's DeprecationWarning.
pub fn exact_int_result(vm: &Vm, r: Value, method: &str) -> PyResult<Value> {
    let exact = match &r {
        Value::Int(_) => true,
        Value::Obj(o) => o.class().is(&vm.types.int),
        _ => false,
    };
    if exact {
        return Ok(r);
    }
    warn(
        vm,
        &vm.exc.deprecation_warning,
        &format!(
            "{method} returned non-int (type {}).  The ability to return an instance of a \
             strict subclass of int is deprecated, and may be removed in a future version of \
             Python.",
            vm.type_name(&r)
        ),
    )?;
    Ok(match &r {
        Value::Bool(b) => Value::Int(*b as i64),
        Value::Obj(o) => normalize_obj(vm, o),
        _ => r,
    })
}

/// The plain int value of an int-like object (strips subclass).
pub fn normalize_obj(vm: &Vm, o: &ObjRef) -> Value {
    match &o.payload {
        Payload::Int(i) => from_bigint(vm, i.clone()),
        _ => Value::Obj(o.clone()),
    }
}

#[inline]
pub fn hash_i64(i: i64) -> i64 {
    // Below the modulus in size an int is its own hash (no division).
    if i.unsigned_abs() < MODULUS {
        return if i == -1 { -2 } else { i };
    }
    let m = i.unsigned_abs() % MODULUS;
    let h = if i < 0 { -(m as i64) } else { m as i64 };
    if h == -1 {
        -2
    } else {
        h
    }
}

pub fn hash_big(i: &BigInt) -> i64 {
    let m = (i.magnitude() % BigInt::from(MODULUS).magnitude())
        .to_u64()
        .unwrap_or(0);
    let h = if i.is_negative() {
        -(m as i64)
    } else {
        m as i64
    };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// i64 operations that overflowed or need care (division by zero, powers, shifts).
#[cold]
pub fn int_binop_slow(vm: &Vm, x: i64, y: i64, op: BinaryOpArg) -> PyResult<Value> {
    big_binop(vm, &BigInt::from(x), &BigInt::from(y), op)
}

pub fn big_to_f64(vm: &Vm, i: &BigInt) -> PyResult<f64> {
    match i.to_f64() {
        Some(f) if f.is_finite() => Ok(f),
        _ => Err(vm.overflow_error("int too large to convert to float")),
    }
}

/// `(m >> s)` when it is below 2**128 (the caller knows it is), from at most three of
/// `m`'s 64-bit digits.
fn top_bits(m: &num_bigint::BigUint, s: u64) -> u128 {
    let skip = usize::try_from(s / 64).unwrap_or(usize::MAX);
    let o = (s % 64) as u32;
    let mut d = m.iter_u64_digits().skip(skip);
    let lo = d.next().unwrap_or(0);
    let mid = d.next().unwrap_or(0);
    let hi = d.next().unwrap_or(0);
    let mut r = (((mid as u128) << 64) | lo as u128) >> o;
    if o > 0 {
        r |= (hi as u128) << (128 - o);
    }
    r
}

/// Floor division with remainder of big ints. A quotient of at most 32 bits with both
/// operands non-negative (pidigits' `divmod(n, d)`) is estimated from the leading 64
/// bits of the divisor and corrected: one multiply-subtract instead of a general
/// division; other cases go to the library.
pub fn div_mod_floor_big(a: &BigInt, b: &BigInt) -> (BigInt, BigInt) {
    let (bb, ab) = (b.bits(), a.bits());
    if b.sign() == Sign::Plus && a.sign() != Sign::Minus && bb > 64 && ab <= bb + 32 {
        let (am, bm) = (a.magnitude(), b.magnitude());
        let s = bb - 64;
        let bt = top_bits(bm, s);
        let at = top_bits(am, s);
        // q_est <= a // b: a >= at * 2**s and b < (bt + 1) * 2**s.
        let mut q = (at / (bt + 1)) as u64;
        let prod = bm * q;
        if prod <= *am {
            let mut r = am - prod;
            let mut fixes = 0;
            while r >= *bm && fixes < 4 {
                r -= bm;
                q += 1;
                fixes += 1;
            }
            if r < *bm {
                return (BigInt::from(q), BigInt::from(r));
            }
        }
    }
    a.div_mod_floor(b)
}

pub fn big_binop(vm: &Vm, a: &BigInt, b: &BigInt, op: BinaryOpArg) -> PyResult<Value> {
    use BinaryOpArg::*;
    Ok(match op {
        Add => from_bigint(vm, a + b),
        Subtract => from_bigint(vm, a - b),
        Multiply => from_bigint(vm, a * b),
        And => from_bigint(vm, a & b),
        Or => from_bigint(vm, a | b),
        Xor => from_bigint(vm, a ^ b),
        FloorDivide => {
            if b.is_zero() {
                return Err(vm.zero_division("integer division or modulo by zero"));
            }
            from_bigint(vm, div_mod_floor_big(a, b).0)
        }
        Remainder => {
            if b.is_zero() {
                return Err(vm.zero_division("integer modulo by zero"));
            }
            from_bigint(vm, div_mod_floor_big(a, b).1)
        }
        TrueDivide => {
            if b.is_zero() {
                return Err(vm.zero_division("division by zero"));
            }
            Value::Float(true_divide(vm, a, b)?)
        }
        Power => {
            if b.is_negative() {
                let fa = big_to_f64(vm, a)?;
                if fa == 0.0 {
                    return Err(vm.zero_division("0.0 cannot be raised to a negative power"));
                }
                let fb = big_to_f64(vm, b)?;
                return Ok(Value::Float(fa.powf(fb)));
            }
            match b.to_u32() {
                Some(e) => from_bigint(vm, num_traits::pow::Pow::pow(a, e)),
                None => {
                    if a.is_zero() || a.is_one() {
                        from_bigint(vm, a.clone())
                    } else if *a == BigInt::from(-1) {
                        from_bigint(
                            vm,
                            if b.is_even() {
                                BigInt::one()
                            } else {
                                a.clone()
                            },
                        )
                    } else {
                        return Err(vm.new_exception_msg(&vm.exc.memory_error, ""));
                    }
                }
            }
        }
        Lshift => {
            if b.is_negative() {
                return Err(vm.value_error("negative shift count"));
            }
            match b.to_usize() {
                Some(n) if n < (1 << 32) => from_bigint(vm, a << n),
                _ => {
                    if a.is_zero() {
                        Value::Int(0)
                    } else {
                        return Err(vm.overflow_error("too many digits in integer"));
                    }
                }
            }
        }
        Rshift => {
            if b.is_negative() {
                return Err(vm.value_error("negative shift count"));
            }
            match b.to_usize() {
                Some(n) => from_bigint(vm, a >> n),
                None => Value::Int(if a.is_negative() { -1 } else { 0 }),
            }
        }
        _ => vm.not_implemented(),
    })
}

fn true_divide(vm: &Vm, a: &BigInt, b: &BigInt) -> PyResult<f64> {
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64()) {
        if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) {
            return Ok(x as f64 / y as f64);
        }
    }
    // Scale so the quotient keeps 64 significant bits, then round once.
    let shift = a.bits() as i64 - b.bits() as i64 - 64;
    let (n, d) = if shift > 0 {
        (a.clone(), b << shift as usize)
    } else {
        (a << (-shift) as usize, b.clone())
    };
    let q = n / d;
    let f = q.to_f64().unwrap_or(f64::INFINITY) * 2f64.powi(shift as i32);
    if !f.is_finite() {
        return Err(vm.overflow_error("integer division result too large for a float"));
    }
    Ok(f)
}

/// `int op other` for an int and any value: NotImplemented unless both are ints.
pub fn int_binop(vm: &Vm, a: &Value, b: &Value, op: BinaryOpArg) -> PyResult<Value> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => match crate::protocols::fast_binop(vm, a, b, op) {
            Some(r) => r,
            None => int_binop_slow(vm, *x, *y, op),
        },
        _ => match (big_cow(a), big_cow(b)) {
            (Some(x), Some(y)) => {
                if let (Some(xs), Some(ys)) = (x.to_i64(), y.to_i64()) {
                    if let Some(r) =
                        crate::protocols::fast_binop(vm, &Value::Int(xs), &Value::Int(ys), op)
                    {
                        return r;
                    }
                }
                big_binop(vm, &x, &y, op)
            }
            _ => Ok(vm.not_implemented()),
        },
    }
}

pub fn int_repr_big(i: &BigInt) -> String {
    i.to_string()
}

/// The decimal string of an int, refused past `sys.get_int_max_str_digits()` digits
/// with CPython's error (a quick bound on the bit length first, so that a huge number
/// is not converted just to be refused).
pub fn decimal_string(vm: &Vm, i: &BigInt) -> PyResult<String> {
    let limit = vm.int_max_str_digits.get();
    let too_long = || {
        vm.value_error(format!(
            "Exceeds the limit ({limit} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
        ))
    };
    if limit > 0 && i.bits() as f64 * std::f64::consts::LOG10_2 > limit as f64 + 1.0 {
        return Err(too_long());
    }
    let s = i.to_string();
    let digits = s.len() - usize::from(s.starts_with('-'));
    if limit > 0 && digits > limit {
        return Err(too_long());
    }
    Ok(s)
}

/// CPython's check before parsing a long string of digits in a base that is not a
/// power of two.
fn check_parse_digits(vm: &Vm, s: &str, base: u32) -> PyResult<()> {
    let limit = vm.int_max_str_digits.get();
    if limit == 0 || base.is_power_of_two() && base != 0 {
        return Ok(());
    }
    let digits = s.chars().filter(|c| c.is_alphanumeric()).count();
    if digits > limit {
        return Err(vm.value_error(format!(
            "Exceeds the limit ({limit} digits) for integer string conversion: value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"
        )));
    }
    Ok(())
}

/// The `byteorder` argument of to_bytes/from_bytes as a Rust string (a str is required).
fn byteorder_str(vm: &Vm, o: &Value, fname: &str) -> PyResult<String> {
    if !matches!(o, Value::Obj(ob) if matches!(ob.payload, Payload::Str(_))) {
        return Err(vm.type_error(format!(
            "{fname}() argument 'byteorder' must be str, not {}",
            vm.type_name(o)
        )));
    }
    vm.str_string(o)
}

/// Issue a warning through the `warnings` module (so filters apply and an "error" filter
/// raises), attributed to the calling Python code (stacklevel 1).
pub fn warn(vm: &Vm, category: &ObjRef, msg: &str) -> PyResult<()> {
    let warnings = crate::import::import_module(vm, "warnings")?;
    let f = vm.get_attr_str(&warnings, "warn")?;
    vm.call(
        &f,
        Args::new(&[vm.new_str(msg), Value::Obj(category.clone())]),
    )?;
    Ok(())
}

/// Parse an int literal string as `int(s, base)` does.
pub fn parse_int(s: &str, base: u32) -> Option<BigInt> {
    let t = s.trim_matches(|c: char| c.is_whitespace());
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let mut base = base;
    let mut t = t;
    let lower = t.to_ascii_lowercase();
    let prefixed = |p: &str| lower.starts_with(p);
    if base == 0 {
        let radix = if prefixed("0x") {
            16
        } else if prefixed("0o") {
            8
        } else if prefixed("0b") {
            2
        } else {
            0
        };
        if radix != 0 {
            base = radix;
            t = &t[2..];
            // One underscore may separate the prefix from the digits ('0x_1f').
            if let Some(r) = t.strip_prefix('_') {
                t = r;
            }
        } else {
            base = 10;
            if t.len() > 1 && t.starts_with('0') && t.chars().any(|c| c != '0' && c != '_') {
                return None;
            }
        }
    } else if (base == 16 && prefixed("0x"))
        || (base == 8 && prefixed("0o"))
        || (base == 2 && prefixed("0b"))
    {
        t = &t[2..];
        if let Some(r) = t.strip_prefix('_') {
            t = r;
        }
    }
    if t.is_empty() || t.starts_with('_') || t.ends_with('_') || t.contains("__") {
        return None;
    }
    let digits: String = t
        .chars()
        .filter(|&c| c != '_')
        .map(|c| {
            crate::objects::str::decimal_value(c)
                .and_then(|d| char::from_digit(d, 10))
                .unwrap_or(c)
        })
        .collect();
    let v = BigInt::parse_bytes(digits.as_bytes(), base)?;
    Some(if neg { -v } else { v })
}

fn int_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let cls = match pos.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => c.clone(),
        _ => return Err(vm.type_error("int.__new__(X): X is not a type object")),
    };
    if crate::objects::typeobj::is_subtype(&cls, &vm.types.bool_) {
        return Err(vm.type_error(format!(
            "int.__new__({}) is not safe, use {}.__new__()",
            tdata(&cls).name(),
            tdata(&cls).name()
        )));
    }
    let x = pos.get(1).cloned();
    let mut base = pos.get(2).cloned();
    for (k, v) in args.kwargs() {
        match k.as_obj().map(crate::objects::str::as_rust_str).as_deref() {
            Some("base") => base = Some(v.clone()),
            Some(other) => {
                return Err(vm.type_error(format!(
                    "'{other}' is an invalid keyword argument for int()"
                )))
            }
            None => {}
        }
    }
    if pos.len() > 3 {
        return Err(vm.type_error(format!(
            "int() takes at most 2 arguments ({} given)",
            pos.len() - 1
        )));
    }
    let value = match (x, base) {
        (None, None) => Value::Int(0),
        (None, Some(_)) => return Err(vm.type_error("int() missing string argument")),
        (Some(x), None) => to_int(vm, &x)?,
        (Some(x), Some(b)) => {
            let b = vm.to_index(&b)?;
            if b != 0 && !(2..=36).contains(&b) {
                return Err(vm.value_error("int() base must be >= 2 and <= 36, or 0"));
            }
            let s = match &x {
                Value::Obj(o) => match &o.payload {
                    Payload::Str(s) => s.as_str().to_string(),
                    Payload::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
                    Payload::ByteArray(b) => String::from_utf8_lossy(&b.borrow()).into_owned(),
                    _ => {
                        return Err(
                            vm.type_error("int() can't convert non-string with explicit base")
                        )
                    }
                },
                _ => return Err(vm.type_error("int() can't convert non-string with explicit base")),
            };
            check_parse_digits(vm, &s, b as u32)?;
            match parse_int(&s, b as u32) {
                Some(i) => from_bigint(vm, i),
                None => {
                    return Err(vm.value_error(format!(
                        "invalid literal for int() with base {b}: {}",
                        vm.repr_string(&x)?
                    )))
                }
            }
        }
    };
    if cls.is(&vm.types.int) {
        return Ok(value);
    }
    let big = as_bigint(&value).unwrap_or_default();
    let o = ObjRef::new(&cls, Payload::Int(big));
    if tdata(&cls).is_heap() {
        o.give_dict(|| vm.new_dict_obj());
    }
    Ok(Value::Obj(o))
}

/// `int(x)` for one argument.
pub fn to_int(vm: &Vm, x: &Value) -> PyResult<Value> {
    match x {
        Value::Int(_) => return Ok(x.clone()),
        Value::Bool(b) => return Ok(Value::Int(*b as i64)),
        Value::Float(f) => return float_to_int(vm, *f),
        _ => {}
    }
    if let Value::Obj(o) = x {
        match &o.payload {
            Payload::Int(i) if !tdata(o.class()).is_heap() => {
                return Ok(from_bigint(vm, i.clone()))
            }
            Payload::Str(s) => {
                check_parse_digits(vm, s.as_str(), 10)?;
                return match parse_int(s.as_str(), 10) {
                    Some(i) => Ok(from_bigint(vm, i)),
                    None => Err(vm.value_error(format!(
                        "invalid literal for int() with base 10: {}",
                        vm.repr_string(x)?
                    ))),
                };
            }
            Payload::Bytes(_) | Payload::ByteArray(_) => {
                let text = match &o.payload {
                    Payload::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
                    Payload::ByteArray(b) => String::from_utf8_lossy(&b.borrow()).into_owned(),
                    _ => String::new(),
                };
                check_parse_digits(vm, &text, 10)?;
                return match parse_int(&text, 10) {
                    Some(i) => Ok(from_bigint(vm, i)),
                    None => Err(vm.value_error(format!(
                        "invalid literal for int() with base 10: {}",
                        vm.repr_string(x)?
                    ))),
                };
            }
            _ => {}
        }
    }
    if let Some(r) = vm.call_special(x, &vm.names.__int__, &[])? {
        if !is_int(&r) {
            return Err(vm.type_error(format!(
                "__int__ returned non-int (type {})",
                vm.type_name(&r)
            )));
        }
        return exact_int_result(vm, r, "__int__");
    }
    if vm.lookup_special(x, &vm.names.__index__).is_some() {
        return vm.index_value(x);
    }
    if vm.lookup_special(x, &vm.names.__trunc__).is_some() {
        warn(
            vm,
            &vm.exc.deprecation_warning,
            "The delegation of int() to __trunc__ is deprecated.",
        )?;
        if let Some(r) = vm.call_special(x, &vm.names.__trunc__, &[])? {
            // As CPython 3.11's PyNumber_Long: an int, or something with __index__;
            // anything else is refused (no second round of conversions, which could
            // recurse forever).
            if is_int(&r) {
                return Ok(match &r {
                    Value::Obj(o) => normalize_obj(vm, o),
                    Value::Bool(b) => Value::Int(i64::from(*b)),
                    _ => r,
                });
            }
            if vm.lookup_special(&r, &vm.names.__index__).is_some() {
                return vm.index_value(&r);
            }
            return Err(vm.type_error(format!(
                "__trunc__ returned non-Integral (type {})",
                vm.type_name(&r)
            )));
        }
    }
    if let Value::Obj(o) = x {
        if let Payload::Float(f) = &o.payload {
            return float_to_int(vm, *f);
        }
    }
    Err(vm.type_error(format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        vm.type_name(x)
    )))
}

pub fn float_to_int(vm: &Vm, f: f64) -> PyResult<Value> {
    if f.is_nan() {
        return Err(vm.value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(vm.overflow_error("cannot convert float infinity to integer"));
    }
    let t = f.trunc();
    if t.abs() < 9.2e18 {
        return Ok(Value::Int(t as i64));
    }
    Ok(from_bigint(vm, num_bigint::BigInt::from_f64_exact(t)))
}

trait FromF64Exact {
    fn from_f64_exact(f: f64) -> BigInt;
}
impl FromF64Exact for BigInt {
    fn from_f64_exact(f: f64) -> BigInt {
        num_traits::FromPrimitive::from_f64(f).unwrap_or_default()
    }
}

fn self_int(vm: &Vm, args: &Args) -> PyResult<BigInt> {
    args.pos()
        .first()
        .and_then(as_bigint)
        .ok_or_else(|| vm.type_error("descriptor requires an 'int' object"))
}

fn int_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let i = self_int(vm, &args)?;
    if let Some(Value::Bool(b)) = args.pos().first() {
        return Ok(vm.new_str(if *b { "True" } else { "False" }));
    }
    Ok(vm.new_str(decimal_string(vm, &i)?))
}

fn int_bit_length(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(self_int(vm, &args)?.bits() as i64))
}

fn int_bit_count(vm: &Vm, args: Args) -> PyResult<Value> {
    let i = self_int(vm, &args)?;
    Ok(Value::Int(i.magnitude().count_ones() as i64))
}

fn int_index(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(from_bigint(vm, self_int(vm, &args)?))
}

fn int_float(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Float(big_to_f64(vm, &self_int(vm, &args)?)?))
}

fn int_conjugate(vm: &Vm, args: Args) -> PyResult<Value> {
    int_index(vm, args)
}

fn get_real(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(from_bigint(vm, as_bigint(v).unwrap_or_default()))
}
fn get_imag(_vm: &Vm, _v: &Value) -> PyResult<Value> {
    Ok(Value::Int(0))
}
fn get_one(_vm: &Vm, _v: &Value) -> PyResult<Value> {
    Ok(Value::Int(1))
}

fn int_round(vm: &Vm, args: Args) -> PyResult<Value> {
    let i = self_int(vm, &args)?;
    let nd = match args.pos().get(1) {
        None | Some(Value::None) => return Ok(from_bigint(vm, i)),
        Some(n) => vm.to_index(n)?,
    };
    if nd >= 0 {
        return Ok(from_bigint(vm, i));
    }
    let p = num_traits::pow::Pow::pow(&BigInt::from(10), (-nd) as u32);
    let (q, r) = i.div_mod_floor(&p);
    let twice = &r * 2;
    let q = if twice > p || (twice == p && q.is_odd()) {
        q + 1
    } else {
        q
    };
    Ok(from_bigint(vm, q * p))
}

fn int_to_bytes(vm: &Vm, args: Args) -> PyResult<Value> {
    let i = self_int(vm, &args)?;
    let pos = args.pos();
    let mut length = pos.get(1).cloned();
    let mut order = pos.get(2).cloned();
    let mut signed = false;
    for (k, v) in args.kwargs() {
        match k.as_obj().map(crate::objects::str::as_rust_str).as_deref() {
            Some("length") => length = Some(v.clone()),
            Some("byteorder") => order = Some(v.clone()),
            Some("signed") => signed = vm.is_true(v)?,
            _ => return Err(vm.type_error("to_bytes() got an unexpected keyword argument")),
        }
    }
    let length = match length {
        Some(l) => vm.to_index(&l)?,
        None => 1,
    };
    if length < 0 {
        return Err(vm.value_error("length argument must be non-negative"));
    }
    let little = match order {
        None => false,
        Some(o) => match byteorder_str(vm, &o, "to_bytes")?.as_str() {
            "little" => true,
            "big" => false,
            _ => return Err(vm.value_error("byteorder must be either 'little' or 'big'")),
        },
    };
    if !signed && i.is_negative() {
        return Err(vm.overflow_error("can't convert negative int to unsigned"));
    }
    let mut bytes = if signed {
        i.to_signed_bytes_le()
    } else {
        i.to_bytes_le().1
    };
    if i.is_zero() {
        bytes.clear();
    }
    let fill = if signed && i.is_negative() { 0xff } else { 0 };
    if bytes.len() > length as usize {
        // to_signed_bytes_le may carry one redundant sign byte.
        return Err(vm.overflow_error("int too big to convert"));
    }
    bytes.resize(length as usize, fill);
    if !little {
        bytes.reverse();
    }
    Ok(vm.new_bytes(bytes))
}

fn int_from_bytes(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let cls = pos.first().cloned().unwrap_or(Value::None);
    let mut data = pos.get(1).cloned();
    let mut order = pos.get(2).cloned();
    let mut signed = false;
    for (k, v) in args.kwargs() {
        match k.as_obj().map(crate::objects::str::as_rust_str).as_deref() {
            Some("bytes") => data = Some(v.clone()),
            Some("byteorder") => order = Some(v.clone()),
            Some("signed") => signed = vm.is_true(v)?,
            _ => return Err(vm.type_error("from_bytes() got an unexpected keyword argument")),
        }
    }
    let data = data
        .ok_or_else(|| vm.type_error("from_bytes() missing required argument 'bytes' (pos 1)"))?;
    // Anything bytes() accepts (an iterable of ints too), but not a str.
    let mut bytes = match crate::objects::bytes::bytes_from_value(vm, &data) {
        Ok(b) => b,
        Err(_) if !matches!(&data, Value::Obj(o) if o.payload.as_str().is_some()) => {
            crate::objects::bytes::make_bytes(vm, Some(&data), None, None, "bytes")?
        }
        Err(_) => {
            return Err(vm.type_error(format!(
                "cannot convert '{}' object to bytes",
                vm.type_name(&data)
            )))
        }
    };
    let little = match order {
        None => false,
        Some(o) => match byteorder_str(vm, &o, "from_bytes")?.as_str() {
            "little" => true,
            "big" => false,
            _ => return Err(vm.value_error("byteorder must be either 'little' or 'big'")),
        },
    };
    if !little {
        bytes.reverse();
    }
    let i = if signed {
        BigInt::from_signed_bytes_le(&bytes)
    } else {
        BigInt::from_bytes_le(Sign::Plus, &bytes)
    };
    let v = from_bigint(vm, i);
    match &cls {
        Value::Obj(c) if c.is(&vm.types.int) => Ok(v),
        _ => vm.call1(&cls, v),
    }
}

fn int_as_integer_ratio(vm: &Vm, args: Args) -> PyResult<Value> {
    let i = self_int(vm, &args)?;
    Ok(vm.new_tuple(vec![from_bigint(vm, i), Value::Int(1)]))
}

fn int_getnewargs(vm: &Vm, args: Args) -> PyResult<Value> {
    let i = self_int(vm, &args)?;
    Ok(vm.new_tuple(vec![from_bigint(vm, i)]))
}

fn int_format(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    // An empty spec is str(self) (True formats as 'True').
    if pos
        .get(1)
        .is_some_and(|s| vm.str_string(s).is_ok_and(|s| s.is_empty()))
    {
        return Ok(Value::Obj(vm.str(&pos[0])?));
    }
    let spec = pos
        .get(1)
        .map(|s| vm.str_string(s))
        .transpose()?
        .unwrap_or_default();
    crate::format::format_int_value(vm, &pos[0], &spec).map(|s| vm.new_str(s))
}

fn int_sizeof(vm: &Vm, args: Args) -> PyResult<Value> {
    let i = self_int(vm, &args)?;
    let digits = (i.bits() as i64 + 29) / 30;
    Ok(Value::Int(24 + 4 * digits.max(1)))
}

fn bool_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    if args.has_kw() {
        return Err(vm.type_error("bool() takes no keyword arguments"));
    }
    if pos.len() > 2 {
        return Err(vm.type_error(format!(
            "bool expected at most 1 argument, got {}",
            pos.len() - 1
        )));
    }
    match pos.get(1) {
        Some(v) => Ok(Value::Bool(vm.is_true(v)?)),
        None => Ok(Value::Bool(false)),
    }
}

/// The int methods as registered: each checks its argument count, then runs.
mod checked {
    use super::*;
    use crate::objects::str::{arity_checked, Arity};
    arity_checked! {
        bit_length = int_bit_length, Arity::None;
        bit_count = int_bit_count, Arity::None;
        conjugate = int_conjugate, Arity::None;
        as_integer_ratio = int_as_integer_ratio, Arity::None;
    }
}

pub fn init(vm: &Vm) {
    let t = &vm.types.int;
    vm.add_static(t, "__new__", int_new);
    vm.add_method(t, "__repr__", int_repr);
    vm.add_method(t, "bit_length", checked::bit_length);
    vm.add_method(t, "bit_count", checked::bit_count);
    vm.add_method(t, "__index__", int_index);
    vm.add_method(t, "__int__", int_index);
    vm.add_method(t, "__float__", int_float);
    vm.add_method(t, "__trunc__", int_index);
    vm.add_method(t, "__floor__", int_index);
    vm.add_method(t, "__ceil__", int_index);
    vm.add_method(t, "__round__", int_round);
    vm.add_method(t, "conjugate", checked::conjugate);
    vm.add_method(t, "to_bytes", int_to_bytes);
    vm.add_classmethod(t, "from_bytes", int_from_bytes);
    vm.add_method(t, "as_integer_ratio", checked::as_integer_ratio);
    vm.add_method(t, "__getnewargs__", int_getnewargs);
    vm.add_method(t, "__format__", int_format);
    vm.add_method(t, "__sizeof__", int_sizeof);
    vm.add_getset(t, "real", get_real, None);
    vm.add_getset(t, "imag", get_imag, None);
    vm.add_getset(t, "numerator", get_real, None);
    vm.add_getset(t, "denominator", get_one, None);
    let b = &vm.types.bool_;
    vm.add_static(b, "__new__", bool_new);
    vm.add_method(b, "__repr__", int_repr);
}

#[cfg(test)]
mod div_tests {
    use super::*;

    #[test]
    fn small_quotient_division_matches_the_library() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..3000 {
            let bits = 65 + next() % 400;
            let mut b = BigInt::from(1u8) << bits;
            b += (BigInt::from(next()) * BigInt::from(next())) << (bits / 2);
            let extra = 1 + next() % 40;
            let q0 = BigInt::from(next() >> (64 - extra.min(63)));
            let r0 = BigInt::from(next()) << (bits - 60);
            for a in [
                &b * &q0 + &r0,
                &b * &q0,
                &b * &q0 - 1,
                b.clone() - 1,
                BigInt::from(0),
            ] {
                for (p, d) in [(&a, &b), (&a, &(-&b)), (&(-&a), &b)] {
                    assert_eq!(div_mod_floor_big(p, d), p.div_mod_floor(d), "{p} {d}");
                }
            }
        }
    }
}
