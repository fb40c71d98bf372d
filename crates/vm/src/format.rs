//! `format()` and format specs, `str.format`, and `%`-formatting.

use std::fmt::Write as _;

use crate::memory::ObjRef;
use crate::objects::{float, int};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

#[derive(Clone, Copy)]
struct Spec {
    fill: char,
    align: Option<char>,
    sign: char,
    /// The `0` flag gave the alignment (`=` for numbers, left for strings).
    zero_align: bool,
    /// `z`: a negative zero (after rounding) is formatted as positive.
    z: bool,
    alt: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
}

/// `tyname` names the formatted value's type for the error message (called only then).
fn parse_spec(vm: &Vm, s: &str, tyname: &dyn Fn() -> String) -> PyResult<Spec> {
    // The spec's characters: on the stack when short (the usual case).
    let mut short = ['\0'; 16];
    let long: Vec<char>;
    let c: &[char] = if s.len() <= short.len() {
        let mut n = 0;
        for ch in s.chars() {
            short[n] = ch;
            n += 1;
        }
        &short[..n]
    } else {
        long = s.chars().collect();
        &long
    };
    let mut i = 0;
    let mut sp = Spec {
        fill: ' ',
        align: None,
        sign: '-',
        zero_align: false,
        z: false,
        alt: false,
        zero: false,
        width: 0,
        grouping: None,
        precision: None,
        ty: None,
    };
    if c.len() >= 2 && matches!(c[1], '<' | '>' | '^' | '=') {
        sp.fill = c[0];
        sp.align = Some(c[1]);
        i = 2;
    } else if !c.is_empty() && matches!(c[0], '<' | '>' | '^' | '=') {
        sp.align = Some(c[0]);
        i = 1;
    }
    if i < c.len() && matches!(c[i], '+' | '-' | ' ') {
        sp.sign = c[i];
        i += 1;
    }
    if i < c.len() && c[i] == 'z' {
        sp.z = true;
        i += 1;
    }
    if i < c.len() && c[i] == '#' {
        sp.alt = true;
        i += 1;
    }
    if i < c.len() && c[i] == '0' {
        sp.zero = true;
        i += 1;
    }
    sp.width = parse_count(vm, c, &mut i)?.unwrap_or(0);
    // A width that cannot be allocated is a MemoryError, not an allocation abort.
    if sp.width > 1 << 20 {
        let mut probe = String::new();
        if probe.try_reserve(sp.width.saturating_mul(4)).is_err() {
            return Err(vm.new_exception(&vm.exc.memory_error, Vec::new()));
        }
    }
    if i < c.len() && matches!(c[i], ',' | '_') {
        sp.grouping = Some(c[i]);
        i += 1;
        if i < c.len() && matches!(c[i], ',' | '_') {
            return Err(vm.value_error(if c[i] == c[i - 1] {
                "Cannot specify ',' with ','."
            } else {
                "Cannot specify both ',' and '_'."
            }));
        }
    }
    if i < c.len() && c[i] == '.' {
        i += 1;
        match parse_count(vm, c, &mut i)? {
            Some(p) if p > i32::MAX as usize => {
                return Err(vm.value_error("precision too big"));
            }
            Some(p) => sp.precision = Some(p),
            None => return Err(vm.value_error("Format specifier missing precision")),
        }
    }
    if i < c.len() {
        sp.ty = Some(c[i]);
        i += 1;
    }
    if i < c.len() {
        return Err(vm.value_error(format!(
            "Invalid format specifier '{s}' for object of type '{}'",
            tyname()
        )));
    }
    if sp.zero && sp.align.is_none() {
        sp.fill = '0';
        sp.align = Some('=');
        sp.zero_align = true;
    }
    Ok(sp)
}

/// A width or precision: Unicode decimal digits, as CPython reads them.
fn parse_count(vm: &Vm, c: &[char], i: &mut usize) -> PyResult<Option<usize>> {
    let mut n: Option<usize> = None;
    while let Some(d) = c
        .get(*i)
        .and_then(|&ch| crate::unicode::decimal_value(ch as u32))
    {
        n = Some(
            n.unwrap_or(0)
                .checked_mul(10)
                .and_then(|v| v.checked_add(d as usize))
                .filter(|&v| v <= isize::MAX as usize)
                .ok_or_else(|| vm.value_error("Too many decimal digits in format string"))?,
        );
        *i += 1;
    }
    Ok(n)
}

fn group(digits: &str, sep: char, every: usize) -> String {
    let mut out: Vec<char> = Vec::new();
    for (n, ch) in digits.chars().rev().enumerate() {
        if n > 0 && n % every == 0 {
            out.push(sep);
        }
        out.push(ch);
    }
    out.into_iter().rev().collect()
}

fn pad(sp: &Spec, sign: &str, body: &str, default_align: char) -> String {
    let len = if sp.width == 0 {
        0
    } else {
        sign.chars().count() + body.chars().count()
    };
    let n = sp.width.saturating_sub(len);
    let mut out = String::with_capacity(sign.len() + body.len() + n * sp.fill.len_utf8());
    let fill = |out: &mut String, k: usize| push_fill(out, sp.fill, k);
    if n == 0 {
        out.push_str(sign);
        out.push_str(body);
        return out;
    }
    match sp.align.unwrap_or(default_align) {
        '<' => {
            out.push_str(sign);
            out.push_str(body);
            fill(&mut out, n);
        }
        '^' => {
            fill(&mut out, n / 2);
            out.push_str(sign);
            out.push_str(body);
            fill(&mut out, n - n / 2);
        }
        '=' => {
            out.push_str(sign);
            fill(&mut out, n);
            out.push_str(body);
        }
        _ => {
            fill(&mut out, n);
            out.push_str(sign);
            out.push_str(body);
        }
    }
    out
}

/// `pad` for an owned body: given back as it is when nothing is added (no copy).
fn pad_owned(sp: &Spec, sign: &str, body: String, default_align: char) -> String {
    if sign.is_empty() && (sp.width == 0 || body.len() >= sp.width && body.is_ascii()) {
        return body;
    }
    pad(sp, sign, &body, default_align)
}

/// Append `k` copies of `c` (runs of spaces and zeros a slice at a time).
fn push_fill(out: &mut String, c: char, mut k: usize) {
    const SPACES: &str = "                                ";
    const ZEROS: &str = "00000000000000000000000000000000";
    let run = match c {
        ' ' => SPACES,
        '0' => ZEROS,
        _ => {
            out.extend(std::iter::repeat_n(c, k));
            return;
        }
    };
    while k > 0 {
        let n = k.min(run.len());
        out.push_str(&run[..n]);
        k -= n;
    }
}

/// The decimal digits of `m`, without the formatting machinery.
fn u64_decimal(m: u64) -> String {
    let mut buf = [0u8; 20];
    let pos = crate::objects::int::write_decimal(&mut buf, m);
    buf[pos..].iter().map(|&b| b as char).collect()
}

pub fn format_int_value(vm: &Vm, v: &Value, spec: &str) -> PyResult<String> {
    if let Value::Int(n) = v {
        if spec.is_empty() {
            return Ok(n.to_string());
        }
    }
    let sp = parse_spec(vm, spec, &|| vm.type_name(v))?;
    let ty = sp.ty.unwrap_or('d');
    if let Value::Int(n) = v {
        // A machine int: its digits without a bigint.
        if sp.precision.is_none() && !sp.z && matches!(ty, 'd' | 'x' | 'X' | 'o' | 'b') {
            let m = n.unsigned_abs();
            let (digits, prefix) = match ty {
                'd' => (u64_decimal(m), ""),
                'x' => (format!("{m:x}"), "0x"),
                'X' => (format!("{m:X}"), "0X"),
                'o' => (format!("{m:o}"), "0o"),
                _ => (format!("{m:b}"), "0b"),
            };
            return Ok(int_digits_padded(&sp, ty, *n < 0, digits, prefix));
        }
    }
    let i = int::as_bigint(v).unwrap_or_default();
    if spec.is_empty() {
        return int::decimal_string(vm, &i);
    }
    if matches!(ty, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') {
        return format_float(vm, int::big_to_f64(vm, &i)?, spec);
    }
    if sp.precision.is_some() && matches!(ty, 'd' | 'n' | 'x' | 'X' | 'o' | 'b' | 'c') {
        return Err(vm.value_error("Precision not allowed in integer format specifier"));
    }
    if sp.z && matches!(ty, 'd' | 'n' | 'x' | 'X' | 'o' | 'b' | 'c') {
        return Err(
            vm.value_error("Negative zero coercion (z) not allowed in integer format specifier")
        );
    }
    if ty == 'c' && sp.sign != '-' {
        return Err(vm.value_error("Sign not allowed with integer format specifier 'c'"));
    }
    if ty == 'c' && sp.alt {
        return Err(
            vm.value_error("Alternate form (#) not allowed with integer format specifier 'c'")
        );
    }
    let neg = i.sign() == num_bigint::Sign::Minus;
    let mag = i.magnitude();
    let (digits, prefix) = match ty {
        'd' | 'n' => (
            int::decimal_string(vm, &num_bigint::BigInt::from(mag.clone()))?,
            "",
        ),
        'x' => (mag.to_str_radix(16), "0x"),
        'X' => (mag.to_str_radix(16).to_uppercase(), "0X"),
        'o' => (mag.to_str_radix(8), "0o"),
        'b' => (mag.to_str_radix(2), "0b"),
        'c' => {
            let x = num_traits::ToPrimitive::to_i64(&i)
                .ok_or_else(|| vm.overflow_error("Python int too large to convert to C long"))?;
            let c = u32::try_from(x)
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(|| vm.overflow_error("%c arg not in range(0x110000)"))?;
            return Ok(pad(&sp, "", &c.to_string(), '<'));
        }
        _ => {
            return Err(vm.value_error(format!(
                "Unknown format code '{ty}' for object of type '{}'",
                vm.type_name(v)
            )))
        }
    };
    Ok(int_digits_padded(&sp, ty, neg, digits, prefix))
}

/// An int's digits (of its magnitude) with the sign, prefix, grouping and padding of `sp`.
fn int_digits_padded(sp: &Spec, ty: char, neg: bool, digits: String, prefix: &str) -> String {
    let every = if matches!(ty, 'd' | 'n') { 3 } else { 4 };
    let sign_len = usize::from(neg || sp.sign != '-') + if sp.alt { prefix.len() } else { 0 };
    let digits = match sp.grouping {
        Some(g) if sp.fill == '0' && sp.align == Some('=') => {
            zero_pad_grouped(&digits, g, every, sp.width.saturating_sub(sign_len))
        }
        Some(g) => group(&digits, g, every),
        None => digits,
    };
    let sign = if neg {
        "-"
    } else if sp.sign == '+' {
        "+"
    } else if sp.sign == ' ' {
        " "
    } else {
        ""
    };
    if sp.width == 0 && sign.is_empty() && !sp.alt {
        return digits;
    }
    if !sp.alt {
        return pad(sp, sign, &digits, '>');
    }
    let sign = format!("{sign}{prefix}");
    pad(sp, &sign, &digits, '>')
}

pub fn format_float(vm: &Vm, f: f64, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        return Ok(float::repr(f));
    }
    let sp = parse_spec(vm, spec, &|| "float".into())?;
    if !matches!(
        sp.ty,
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%')
    ) {
        return Err(vm.value_error(format!(
            "Unknown format code '{}' for object of type 'float'",
            sp.ty.unwrap_or(' ')
        )));
    }
    if sp.ty == Some('n') && sp.grouping.is_some() {
        return Err(vm.value_error(format!(
            "Cannot specify '{}' with 'n'.",
            sp.grouping.unwrap_or(',')
        )));
    }
    let neg = f.is_sign_negative() && !f.is_nan();
    let mut body = float_body(f.abs(), &sp);
    if matches!(sp.ty, Some('F' | 'E' | 'G')) {
        body = body.to_uppercase();
    }
    // `z` drops the sign of a value that rounds to zero (not of -inf).
    let neg = neg && (!sp.z || f.is_infinite() || body.bytes().any(|c| matches!(c, b'1'..=b'9')));
    let sign = if neg {
        "-"
    } else if sp.sign == '+' {
        "+"
    } else if sp.sign == ' ' {
        " "
    } else {
        ""
    };
    if let Some(g) = sp.grouping {
        if f.is_finite() {
            let split = body
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(body.len());
            let (int_part, rest) = body.split_at(split);
            let zero_fill = sp.fill == '0' && sp.align == Some('=');
            let target = if zero_fill {
                sp.width.saturating_sub(sign.len() + rest.chars().count())
            } else {
                0
            };
            body = zero_pad_grouped(int_part, g, 3, target) + rest;
            return Ok(pad(&sp, sign, &body, '>'));
        }
    }
    Ok(pad_owned(&sp, sign, body, '>'))
}

/// `format(complex, spec)`: both parts with the float presentation; without a type
/// the result looks like `repr` (in parentheses, real part left out when it is +0).
pub fn format_complex(vm: &Vm, re: f64, im: f64, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        return Ok(float::complex_repr(re, im));
    }
    let sp = parse_spec(vm, spec, &|| "complex".into())?;
    if sp.zero_align || (sp.zero && sp.fill == '0') {
        return Err(vm.value_error("Zero padding is not allowed in complex format specifier"));
    }
    if sp.align == Some('=') {
        return Err(vm.value_error("'=' alignment flag is not allowed in complex format specifier"));
    }
    if !matches!(sp.ty, None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n')) {
        return Err(vm.value_error(format!(
            "Unknown format code '{}' for object of type 'complex'",
            sp.ty.unwrap_or(' ')
        )));
    }
    let (skip_re, parens) = match sp.ty {
        None => {
            let skip = re == 0.0 && re.is_sign_positive();
            (skip, !skip)
        }
        Some(_) => (false, false),
    };
    let part_spec = Spec {
        fill: ' ',
        align: None,
        sign: '-',
        zero_align: false,
        z: sp.z,
        alt: sp.alt,
        zero: false,
        width: 0,
        grouping: sp.grouping,
        precision: sp.precision,
        ty: match (sp.ty, sp.precision) {
            (None, Some(_)) => Some('g'),
            (t, _) => t,
        },
    };
    let body = |x: f64| {
        if sp.ty.is_none() && sp.precision.is_none() {
            // Omitted type: like str(self), each part as repr without a trailing '.0'.
            let r = float::repr(x.abs());
            return r.strip_suffix(".0").map(str::to_string).unwrap_or(r);
        }
        let mut b = float_body(x.abs(), &part_spec);
        if matches!(sp.ty, Some('F' | 'E' | 'G')) {
            b = b.to_uppercase();
        }
        if let Some(g) = sp.grouping {
            let split = b.find(|c: char| !c.is_ascii_digit()).unwrap_or(b.len());
            let (i, rest) = b.split_at(split);
            b = group(i, g, 3) + rest;
        }
        b
    };
    let neg = |x: f64| x.is_sign_negative() && !x.is_nan();
    let mut out = String::new();
    if parens {
        out.push('(');
    }
    if !skip_re {
        out.push_str(if neg(re) {
            "-"
        } else if sp.sign == '+' {
            "+"
        } else if sp.sign == ' ' {
            " "
        } else {
            ""
        });
        out.push_str(&body(re));
    }
    out.push_str(if neg(im) {
        "-"
    } else if !skip_re || sp.sign == '+' {
        "+"
    } else if sp.sign == ' ' {
        " "
    } else {
        ""
    });
    out.push_str(&body(im));
    out.push('j');
    if parens {
        out.push(')');
    }
    let whole = Spec { sign: '-', ..sp };
    Ok(pad(&whole, "", &out, '>'))
}

/// Group `digits` with `sep` every `every` digits; when `target` is larger than the
/// result, lead with zeros (grouped too) until it is reached, as CPython's `0` flag does.
fn zero_pad_grouped(digits: &str, sep: char, every: usize, target: usize) -> String {
    let mut d = digits.to_string();
    let mut out = group(&d, sep, every);
    while out.chars().count() < target {
        d.insert(0, '0');
        out = group(&d, sep, every);
    }
    out
}

/// The digits of a non-negative float for a format spec (no sign, no padding).
fn float_body(a: f64, sp: &Spec) -> String {
    let percent = sp.ty == Some('%');
    if !a.is_finite() {
        let s = if a.is_nan() { "nan" } else { "inf" };
        return if percent { format!("{s}%") } else { s.into() };
    }
    let prec = sp.precision.unwrap_or(6);
    match sp.ty {
        Some('f' | 'F') => with_point(fixed_digits(a, prec), sp.alt && prec == 0),
        Some('%') => with_point(fixed_digits(a * 100.0, prec), sp.alt && prec == 0) + "%",
        Some('e' | 'E') => exp_format(a, prec, sp.alt),
        Some('g' | 'G' | 'n') => general(a, prec.max(1), sp.alt, false),
        _ => match sp.precision {
            None => float::repr(a),
            Some(p) => general(a, p.max(1), sp.alt, true),
        },
    }
}

/// Every digit a double has: its exact decimal expansion ends within 1100 places after
/// the point and 770 significant digits, so longer precisions only add zeros (and Rust's
/// formatter takes at most 65535).
const EXACT_DIGITS: usize = 1100;

/// `format!("{:.*}", prec, a)` for any precision.
fn fixed_digits(a: f64, prec: usize) -> String {
    let mut s = String::with_capacity(24);
    if push_fixed_exact(&mut s, a, prec) {
        return s;
    }
    if prec <= EXACT_DIGITS {
        return format!("{:.*}", prec, a);
    }
    let mut s = format!("{:.*}", EXACT_DIGITS, a);
    s.extend(std::iter::repeat_n('0', prec - EXACT_DIGITS));
    s
}

/// Append `format!("{:.*}", prec, a)` for a finite non-negative `a` when the rounded
/// value `a * 10**prec` fits 127 bits (the usual small precisions): the exact binary value
/// scaled in integers and rounded half-to-even, as the exact formatter would; false (and
/// nothing appended) otherwise.
pub fn push_fixed_exact(out: &mut String, a: f64, prec: usize) -> bool {
    const POW10: [u128; 23] = {
        let mut t = [1u128; 23];
        let mut i = 1;
        while i < 23 {
            t[i] = t[i - 1] * 10;
            i += 1;
        }
        t
    };
    if !(a.is_finite() && a >= 0.0) || prec >= POW10.len() {
        return false;
    }
    // a = m * 2**e exactly.
    let bits = a.to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (m, e) = if exp_bits == 0 {
        (frac, -1074i64)
    } else {
        (frac | (1u64 << 52), exp_bits - 1075)
    };
    let Some(scaled) = (m as u128).checked_mul(POW10[prec]) else {
        return false;
    };
    let n: u128 = if e >= 0 {
        if e >= 127 || scaled.leading_zeros() as i64 <= e {
            return false;
        }
        scaled << e
    } else {
        let k = (-e) as u32;
        if k >= 128 {
            // scaled < 2**127 <= half of 2**k: rounds to zero.
            0
        } else {
            let q = scaled >> k;
            let r = scaled & ((1u128 << k) - 1);
            let half = 1u128 << (k - 1);
            if r > half || (r == half && q & 1 == 1) {
                q + 1
            } else {
                q
            }
        }
    };
    let mut buf = [0u8; 40];
    let digits = decimal_u128(n, &mut buf);
    if prec == 0 {
        out.push_str(digits);
        return true;
    }
    if digits.len() <= prec {
        out.push('0');
        out.push('.');
        out.extend(std::iter::repeat_n('0', prec - digits.len()));
        out.push_str(digits);
    } else {
        let (int_part, frac_part) = digits.split_at(digits.len() - prec);
        out.push_str(int_part);
        out.push('.');
        out.push_str(frac_part);
    }
    true
}

/// The decimal digits of `n`, written at the end of `buf` (u64 arithmetic while the
/// value fits one).
fn decimal_u128(mut n: u128, buf: &mut [u8; 40]) -> &str {
    let mut i = buf.len();
    while n > u64::MAX as u128 {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    let mut n = n as u64;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or("0")
}

/// `format!("{:.*e}", prec, a)` for any precision.
fn exp_digits(a: f64, prec: usize) -> String {
    if prec <= EXACT_DIGITS {
        return format!("{:.*e}", prec, a);
    }
    let s = format!("{:.*e}", EXACT_DIGITS, a);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    format!("{m}{}e{e}", "0".repeat(prec - EXACT_DIGITS))
}

/// The mantissa (`d.ddd`, `prec` digits after the point, no point when `prec` is 0) and
/// the decimal exponent of a finite non-negative `a` rounded half-to-even to `prec + 1`
/// significant digits, as `format!("{:.*e}", prec, a)` gives them.
fn exp_parts(a: f64, prec: usize) -> (String, i32) {
    let mut m = String::with_capacity(prec + 8);
    if let Some(e) = push_exp_exact(&mut m, a, prec) {
        return (m, e);
    }
    let s = exp_digits(a, prec);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    (m.to_string(), e.parse().unwrap_or(0))
}

/// Powers of ten that fit a u128 (10**0 ..= 10**38).
const POW10_128: [u128; 39] = {
    let mut t = [1u128; 39];
    let mut i = 1;
    while i < 39 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// `a / 10**k` for `a = m * 2**e`, rounded half-to-even, with the truncated quotient's
/// check first: `None` when the numbers do not fit 128 bits; `Some(Err(q))` with the
/// truncated quotient when it is out of `[lo, hi)` (so the caller picks another `k`).
fn scaled_round(m: u64, e: i64, k: i64, lo: u128, hi: u128) -> Option<Result<u128, u128>> {
    // a / 10**k = num / den exactly, both fitting u128.
    let (num, den_pow10, shift) = if k <= 0 {
        let p = *POW10_128.get(usize::try_from(-k).ok()?)?;
        ((m as u128).checked_mul(p)?, 1u128, e)
    } else {
        (m as u128, *POW10_128.get(usize::try_from(k).ok()?)?, e)
    };
    let (num, den) = if shift >= 0 {
        if shift >= 128 || num.leading_zeros() as i64 <= shift {
            return None;
        }
        (num << shift, den_pow10)
    } else {
        let s = -shift;
        if s >= 128 || den_pow10.leading_zeros() as i64 <= s {
            return None;
        }
        (num, den_pow10 << s)
    };
    let q = num / den;
    if q < lo || q >= hi {
        return Some(Err(q));
    }
    let r = num % den;
    let rest = den - r;
    Some(Ok(if r > rest || (r == rest && q & 1 == 1) {
        q + 1
    } else {
        q
    }))
}

/// Append the mantissa of `format!("{:.*e}", prec, a)` for a finite non-negative `a` and
/// give its exponent, computed exactly in 128-bit integers when the numbers fit (the
/// usual precisions and magnitudes); `None`, with nothing appended, otherwise.
fn push_exp_exact(out: &mut String, a: f64, prec: usize) -> Option<i32> {
    if !(a.is_finite() && a >= 0.0) || prec > 17 {
        return None;
    }
    if a == 0.0 {
        out.push('0');
        if prec > 0 {
            out.push('.');
            out.extend(std::iter::repeat_n('0', prec));
        }
        return Some(0);
    }
    let bits = a.to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (m, e) = if exp_bits == 0 {
        (frac, -1074i64)
    } else {
        (frac | (1u64 << 52), exp_bits - 1075)
    };
    let lo = POW10_128[prec];
    let hi = POW10_128[prec + 1];
    // The decimal exponent, estimated then corrected by the truncated quotient.
    let mut dexp = a.log10().floor() as i64;
    let mut tries = 0;
    let mut q = loop {
        match scaled_round(m, e, dexp - prec as i64, lo, hi)? {
            Ok(q) => break q,
            Err(t) => {
                tries += 1;
                if tries > 2 {
                    return None;
                }
                dexp += if t >= hi { 1 } else { -1 };
            }
        }
    };
    if q == hi {
        // Rounded up to the next power of ten: 9.99e+XX -> 1.00e+XX+1.
        q = lo;
        dexp += 1;
    }
    let mut buf = [0u8; 40];
    let digits = decimal_u128(q, &mut buf);
    let (first, rest) = digits.split_at(1);
    out.push_str(first);
    if prec > 0 {
        out.push('.');
        out.push_str(rest);
    }
    i32::try_from(dexp).ok()
}

fn with_point(mut s: String, add: bool) -> String {
    if add {
        s.push('.');
    }
    s
}

/// `d.ddde+XX` with `prec` digits after the point (a point kept alone under `#`).
fn exp_format(a: f64, prec: usize, alt: bool) -> String {
    let (mut m, e) = exp_parts(a, prec);
    if alt && prec == 0 {
        m.push('.');
    }
    push_exponent(&mut m, e);
    m
}

/// Append `e+XX` / `e-XX` (at least two digits).
fn push_exponent(out: &mut String, e: i32) {
    out.push('e');
    out.push(if e < 0 { '-' } else { '+' });
    let mut buf = [0u8; 40];
    let digits = decimal_u128(u128::from(e.unsigned_abs()), &mut buf);
    if digits.len() < 2 {
        out.push('0');
    }
    out.push_str(digits);
}

/// The `g` presentation with `prec` significant digits. `add_dot_0` is the form used
/// when no type is given: fixed notation keeps one digit after the point and switches
/// to exponent notation one digit earlier.
fn general(a: f64, prec: usize, alt: bool, add_dot_0: bool) -> String {
    let (m, exp) = exp_parts(a, prec - 1);
    let m = m.as_str();
    let decpt = if a == 0.0 { 1 } else { exp + 1 };
    let limit = if add_dot_0 {
        prec as i32 - 1
    } else {
        prec as i32
    };
    if decpt <= -4 || decpt > limit {
        let mut m = m.to_string();
        if alt {
            if !m.contains('.') {
                m.push('.');
            }
        } else {
            m = strip_zeros(&m);
        }
        push_exponent(&mut m, exp);
        return m;
    }
    let decimals = (prec as i32 - decpt).max(0) as usize;
    let mut out = fixed_digits(a, decimals);
    if alt {
        if !out.contains('.') {
            out.push('.');
        }
    } else {
        out = strip_zeros(&out);
        if add_dot_0 && !out.contains('.') {
            out.push_str(".0");
        }
    }
    out
}

fn strip_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

pub fn format_str(vm: &Vm, s: &str, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        return Ok(s.to_string());
    }
    let mut sp = parse_spec(vm, spec, &|| "str".into())?;
    if sp.zero_align {
        sp.align = Some('<');
    }
    if let Some(t) = sp.ty {
        if t != 's' {
            return Err(vm.value_error(format!(
                "Unknown format code '{t}' for object of type 'str'"
            )));
        }
    }
    if sp.sign == ' ' {
        return Err(vm.value_error("Space not allowed in string format specifier"));
    }
    if sp.sign != '-' {
        return Err(vm.value_error("Sign not allowed in string format specifier"));
    }
    if sp.z {
        return Err(
            vm.value_error("Negative zero coercion (z) not allowed in string format specifier")
        );
    }
    if sp.alt {
        return Err(vm.value_error("Alternate form (#) not allowed in string format specifier"));
    }
    if sp.align == Some('=') {
        return Err(vm.value_error("'=' alignment not allowed in string format specifier"));
    }
    if let Some(g) = sp.grouping {
        return Err(vm.value_error(format!("Cannot specify '{g}' with 's'.")));
    }
    let body: String = match sp.precision {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    };
    Ok(pad_owned(&sp, "", body, '<'))
}

/// `format(v, spec)` for exact ints, floats and strs (without surrogates) done here
/// directly, as their `__format__` would; None for other values.
fn format_fast(vm: &Vm, v: &Value, spec: &str) -> Option<PyResult<String>> {
    match v {
        Value::Int(_) => Some(format_int_value(vm, v, spec)),
        Value::Float(f) => Some(format_float(vm, *f, spec)),
        Value::Obj(o) if o.class().is(&vm.types.str_) => {
            let s = o.payload.as_str()?;
            if !s.is_ascii() && std::str::from_utf8(s.as_bytes()).is_err() {
                return None;
            }
            Some(format_str(vm, s.as_str(), spec))
        }
        _ => None,
    }
}

/// `format(value, spec)` through `__format__`.
pub fn format_value(vm: &Vm, v: &Value, spec: Option<&Value>) -> PyResult<Value> {
    if let Some(Value::Obj(so)) = spec {
        if let Some(sp) = so.payload.as_str() {
            if !sp.is_ascii() {
                // Fill characters may be anything: leave non-ASCII specs to __format__.
            } else if let Some(r) = format_fast(vm, v, sp.as_str()) {
                return Ok(vm.new_str(r?));
            }
        }
    }
    if spec.is_none() {
        if let Value::Obj(o) = v {
            if o.class().is(&vm.types.str_) {
                return Ok(v.clone());
            }
        }
        if let Value::Int(i) = v {
            return Ok(vm.new_str(i.to_string()));
        }
    }
    let spec_v = spec.cloned().unwrap_or_else(|| vm.new_str(""));
    let r = match vm.call_special(v, &vm.names.__format__, &[spec_v])? {
        Some(r) => r,
        None => return Err(vm.type_error("object has no __format__")),
    };
    match &r {
        Value::Obj(o) if o.payload.as_str().is_some() => Ok(r),
        _ => Err(vm.type_error(format!(
            "__format__ must return a str, not {}",
            vm.type_name(&r)
        ))),
    }
}

/// `str.format`
pub fn str_format(
    vm: &Vm,
    s: &str,
    pos: &[Value],
    kw: &[(String, Value)],
    map: Option<&Value>,
) -> PyResult<String> {
    let mut numbering = Numbering::Unset;
    format_markup(vm, s, pos, kw, map, &mut numbering, 2)
}

/// Whether the fields of a format string are numbered automatically (`{}`) or by hand
/// (`{0}`): mixing them is an error.
#[derive(PartialEq)]
enum Numbering {
    Unset,
    Auto(usize),
    Manual,
}

fn format_markup(
    vm: &Vm,
    s: &str,
    pos: &[Value],
    kw: &[(String, Value)],
    map: Option<&Value>,
    numbering: &mut Numbering,
    depth: u32,
) -> PyResult<String> {
    if depth == 0 {
        return Err(vm.value_error("Max string recursion exceeded"));
    }
    // Parsed on the bytes: every character of the markup is ASCII, so each position the
    // parser stops at is a character boundary; literal text is copied a run at a time.
    let chars = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == b'}' {
            if chars.get(i + 1) == Some(&b'}') {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(vm.value_error("Single '}' encountered in format string"));
        }
        if c != b'{' {
            let run = chars[i..]
                .iter()
                .position(|&b| b == b'{' || b == b'}')
                .unwrap_or(chars.len() - i);
            out.push_str(&s[i..i + run]);
            i += run;
            continue;
        }
        if chars.get(i + 1) == Some(&b'{') {
            out.push('{');
            i += 2;
            continue;
        }
        if i + 1 == chars.len() {
            return Err(vm.value_error("Single '{' encountered in format string"));
        }
        // Parse the field as CPython's parse_field does: the name runs to '!', ':' or '}'
        // (a '[' skips to its ']'), then an optional conversion, then a spec running to
        // the '}' that balances the opening '{'.
        let mut k = i + 1;
        let mut last = b'\0';
        while k < chars.len() {
            last = chars[k];
            k += 1;
            match last {
                b'{' => return Err(vm.value_error("unexpected '{' in field name")),
                b'[' => {
                    while k < chars.len() && chars[k] != b']' {
                        k += 1;
                    }
                }
                b'}' | b':' | b'!' => break,
                _ => {}
            }
        }
        let name_end = if matches!(last, b'}' | b':' | b'!') {
            k - 1
        } else {
            k
        };
        let name: &str = &s[i + 1..name_end];
        let mut conversion = None;
        let mut spec: &str = "";
        if last == b'!' || last == b':' {
            let mut spec_follows = true;
            if last == b'!' {
                let Some(conv) = s[k..].chars().next() else {
                    return Err(
                        vm.value_error("end of string while looking for conversion specifier")
                    );
                };
                conversion = Some(conv);
                k += conv.len_utf8();
                if k < chars.len() {
                    let c = chars[k];
                    if c == b'}' {
                        k += 1;
                        spec_follows = false;
                    } else if c != b':' {
                        return Err(vm.value_error("expected ':' after conversion specifier"));
                    } else {
                        k += 1;
                    }
                }
            }
            if spec_follows {
                let start = k;
                let mut level = 1;
                loop {
                    if k >= chars.len() {
                        return Err(vm.value_error("unmatched '{' in format spec"));
                    }
                    let c = chars[k];
                    k += 1;
                    if c == b'{' {
                        level += 1;
                    } else if c == b'}' {
                        level -= 1;
                        if level == 0 {
                            break;
                        }
                    }
                }
                spec = &s[start..k - 1];
            }
        } else if last != b'}' {
            return Err(vm.value_error("expected '}' before end of string"));
        }
        i = k;
        let v = field_value(vm, name, pos, kw, map, numbering)?;
        let v = match conversion {
            None => v,
            Some('r') => Value::Obj(vm.repr(&v)?),
            Some('s') => Value::Obj(vm.str(&v)?),
            Some('a') => vm.new_str(crate::objects::str::ascii_escape(&vm.repr_string(&v)?)),
            Some(c) if (' '..'\u{7f}').contains(&c) && c != ' ' => {
                return Err(vm.value_error(format!("Unknown conversion specifier {c}")))
            }
            Some(c) => {
                return Err(
                    vm.value_error(format!("Unknown conversion specifier \\x{:x}", c as u32))
                )
            }
        };
        let nested;
        let spec = if spec.contains('{') {
            nested = format_markup(vm, spec, pos, kw, map, numbering, depth - 1)?;
            nested.as_str()
        } else {
            spec
        };
        if spec.is_ascii() {
            if let Some(r) = format_fast(vm, &v, spec) {
                out.push_str(&r?);
                continue;
            }
        }
        let r = format_value(vm, &v, Some(&vm.new_str(spec)))?;
        out.push_str(&vm.str_string(&r)?);
    }
    Ok(out)
}

/// The object a replacement field names: `0`, `name`, or empty (the next positional
/// argument), then `.attr` and `[key]` parts.
fn field_value(
    vm: &Vm,
    name: &str,
    pos: &[Value],
    kw: &[(String, Value)],
    map: Option<&Value>,
    numbering: &mut Numbering,
) -> PyResult<Value> {
    let first_end = name.find(['.', '[']).unwrap_or(name.len());
    let head = &name[..first_end];
    let positional = |n: usize| {
        if map.is_some() {
            return Err(vm.value_error("Format string contains positional fields"));
        }
        pos.get(n).cloned().ok_or_else(|| {
            vm.index_error(format!(
                "Replacement index {n} out of range for positional args tuple"
            ))
        })
    };
    let mut v = if head.is_empty() {
        let n =
            match numbering {
                Numbering::Manual => return Err(vm.value_error(
                    "cannot switch from manual field specification to automatic field numbering",
                )),
                Numbering::Unset => 0,
                Numbering::Auto(n) => *n,
            };
        *numbering = Numbering::Auto(n + 1);
        positional(n)?
    } else if head.bytes().all(|b| b.is_ascii_digit()) {
        if let Numbering::Auto(_) = numbering {
            return Err(vm.value_error(
                "cannot switch from automatic field numbering to manual field specification",
            ));
        }
        *numbering = Numbering::Manual;
        match head.parse::<usize>() {
            Ok(n) => positional(n)?,
            Err(_) => return Err(vm.value_error("Too many decimal digits in format string")),
        }
    } else if let Some(m) = map {
        vm.getitem(m, &vm.new_str(head))?
    } else {
        kw.iter()
            .find(|(k, _)| k == head)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| vm.key_error(vm.new_str(head)))?
    };
    let mut rest = &name[first_end..];
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end == 0 {
                return Err(vm.value_error("Empty attribute in format string"));
            }
            v = vm.get_attr(&v, &vm.intern(&r[..end]))?;
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let end = r
                .find(']')
                .ok_or_else(|| vm.value_error("Missing ']' in format string"))?;
            let key = &r[..end];
            if key.is_empty() {
                return Err(vm.value_error("Empty attribute in format string"));
            }
            let k = if key.bytes().all(|b| b.is_ascii_digit()) {
                key.parse::<i64>()
                    .map(Value::Int)
                    .unwrap_or_else(|_| vm.new_str(key))
            } else {
                vm.new_str(key)
            };
            v = vm.getitem(&v, &k)?;
            rest = &r[end + 1..];
            if !rest.is_empty() && !rest.starts_with(['.', '[']) {
                return Err(
                    vm.value_error("Only '.' or '[' may follow ']' in format field specifier")
                );
            }
        } else {
            return Err(vm.value_error("Only '.' or '[' may follow ']' in format field specifier"));
        }
    }
    Ok(v)
}

/// Whether `%`-formatting takes its values by key: a mapping that is not a tuple or str.
fn is_mapping_arg(vm: &Vm, args: &Value) -> bool {
    match args {
        Value::Obj(o) => {
            o.payload.as_tuple().is_none()
                && o.payload.as_str().is_none()
                && (o.payload.as_dict().is_some()
                    || vm.lookup_special(args, &vm.intern("__getitem__")).is_some())
        }
        _ => false,
    }
}

/// The int argument a `*` width or precision takes from the arguments.
fn star_arg(vm: &Vm, items: &[Value], idx: &mut usize) -> PyResult<i64> {
    let v = items
        .get(*idx)
        .cloned()
        .ok_or_else(|| vm.type_error("not enough arguments for format string"))?;
    *idx += 1;
    match v {
        Value::Int(n) => Ok(n),
        Value::Bool(b) => Ok(b as i64),
        _ => Err(vm.type_error("* wants int")),
    }
}

/// An integer conversion with a precision (`%.3d`, `%#.4x`): at least `prec` digits,
/// then the prefix and sign, then padding to `width` (zeros with the `0` flag).
#[allow(clippy::too_many_arguments)]
fn int_with_precision(
    vm: &Vm,
    v: &Value,
    conv: char,
    prec: &str,
    alt: &str,
    sign: &str,
    flags: &str,
    width: &str,
) -> PyResult<String> {
    let digits_spec = match conv {
        'd' => "d",
        'x' => "x",
        'X' => "X",
        _ => "o",
    };
    let text = format_int_value(vm, v, digits_spec)?;
    let (neg, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d.to_string()),
        None => (false, text),
    };
    let prec: usize = prec.parse().unwrap_or(0);
    let mut body = String::new();
    if digits.len() < prec {
        body.push_str(&"0".repeat(prec - digits.len()));
    }
    body.push_str(&digits);
    let prefix = match (alt, conv) {
        ("#", 'x') => "0x",
        ("#", 'X') => "0X",
        ("#", 'o') => "0o",
        _ => "",
    };
    let sign = if neg { "-" } else { sign };
    let w: usize = width.parse().unwrap_or(0);
    let n = sign.len() + prefix.len() + body.chars().count();
    let fill = w.saturating_sub(n);
    Ok(if flags.contains('-') {
        format!("{sign}{prefix}{body}{}", " ".repeat(fill))
    } else if flags.contains('0') {
        format!("{sign}{prefix}{}{body}", "0".repeat(fill))
    } else {
        format!("{}{sign}{prefix}{body}", " ".repeat(fill))
    })
}

pub fn percent_format_str(vm: &Vm, fmt: &ObjRef, args: &Value) -> PyResult<Value> {
    let s = match fmt.payload.as_str() {
        Some(s) => s.as_bytes(),
        None => b"",
    };
    let out = percent_format_wtf8(vm, s, args)?;
    Ok(vm.new_pystr(crate::objects::str::PyStr::from_wtf8(out)))
}

/// The result of `%`-formatting as generalized UTF-8 (lone surrogates kept).
#[derive(Default)]
struct Wtf8Out(Vec<u8>);

impl Wtf8Out {
    fn push_str(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }
    fn push(&mut self, c: char) {
        let mut b = [0u8; 4];
        self.push_str(c.encode_utf8(&mut b));
    }
    fn extend(&mut self, chars: impl Iterator<Item = char>) {
        for c in chars {
            self.push(c);
        }
    }
}

impl std::fmt::Write for Wtf8Out {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

/// The number of code points in generalized UTF-8 bytes.
fn wtf8_chars(b: &[u8]) -> usize {
    b.iter().filter(|&&x| (x & 0xC0) != 0x80).count()
}

/// The first `n` code points of generalized UTF-8 bytes.
fn wtf8_prefix(b: &[u8], n: usize) -> &[u8] {
    let mut seen = 0;
    for (i, &x) in b.iter().enumerate() {
        if (x & 0xC0) != 0x80 {
            if seen == n {
                return &b[..i];
            }
            seen += 1;
        }
    }
    b
}

/// `fmt % args` with a `str` result (numbers and text without lone surrogates; bytes
/// formatting uses it for one numeric conversion at a time).
pub fn percent_format(vm: &Vm, fmt: &str, args: &Value, _bytes: bool) -> PyResult<String> {
    let out = percent_format_wtf8(vm, fmt.as_bytes(), args)?;
    Ok(match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// `fmt % args` on the generalized UTF-8 bytes of `fmt`: the directives are ASCII, so
/// the text between them is copied as it is (lone surrogates included), and so are the
/// strs that `%s` inserts.
fn percent_format_wtf8(vm: &Vm, fmt: &[u8], args: &Value) -> PyResult<Vec<u8>> {
    // The arguments: a tuple's items in place, else the one value.
    let single = [args.clone()];
    let items: &[Value] = match args {
        Value::Obj(o) => o.payload.as_tuple().unwrap_or(&single),
        _ => &single,
    };
    let is_map = matches!(args, Value::Obj(o) if o.payload.as_dict().is_some());
    let mut idx = 0;
    let mut out = Wtf8Out(Vec::with_capacity(fmt.len() + 16));
    let chars = fmt;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != b'%' {
            let run = chars[i..]
                .iter()
                .position(|&c| c == b'%')
                .unwrap_or(chars.len() - i);
            out.0.extend_from_slice(&chars[i..i + run]);
            i += run;
            continue;
        }
        i += 1;
        let mut key_val = None;
        if chars.get(i) == Some(&b'(') && !is_mapping_arg(vm, args) {
            return Err(vm.type_error("format requires a mapping"));
        }
        if chars.get(i) == Some(&b'(') {
            let end = chars[i..]
                .iter()
                .position(|&c| c == b')')
                .map(|p| p + i)
                .ok_or_else(|| vm.value_error("incomplete format key"))?;
            let key = crate::objects::str::PyStr::from_wtf8(chars[i + 1..end].to_vec());
            key_val = Some(vm.getitem(args, &vm.new_pystr(key))?);
            // As in CPython, a keyed value replaces the argument list: a later
            // conversion without a key finds no argument left.
            idx = usize::MAX;
            i = end + 1;
        }
        let mut flags = String::new();
        while i < chars.len() && matches!(chars[i], b'-' | b'+' | b' ' | b'#' | b'0') {
            flags.push(chars[i] as char);
            i += 1;
        }
        let mut width = String::new();
        if chars.get(i) == Some(&b'*') {
            i += 1;
            let w = star_arg(vm, items, &mut idx)?;
            // CPython sizes the result from the width first: a width no string can
            // have is a MemoryError.
            if w.unsigned_abs() >= (isize::MAX as u64) / 4 {
                return Err(vm.new_exception(&vm.exc.memory_error, Vec::new()));
            }
            if w < 0 {
                flags.push('-');
            }
            width = w.unsigned_abs().to_string();
        } else {
            while i < chars.len() && chars[i].is_ascii_digit() {
                width.push(chars[i] as char);
                i += 1;
            }
        }
        let mut prec = None;
        if chars.get(i) == Some(&b'.') {
            i += 1;
            let mut p = String::new();
            if chars.get(i) == Some(&b'*') {
                i += 1;
                let n = star_arg(vm, items, &mut idx)?;
                // The precision is a C int.
                if n > i64::from(i32::MAX) {
                    return Err(vm.overflow_error("Python int too large to convert to C int"));
                }
                p = n.max(0).to_string();
            } else {
                while i < chars.len() && chars[i].is_ascii_digit() {
                    p.push(chars[i] as char);
                    i += 1;
                }
            }
            prec = Some(p);
        }
        if i >= chars.len() {
            return Err(vm.value_error("incomplete format"));
        }
        let conv_at = i;
        let (conv, conv_len) = crate::objects::str::decode_at(chars, i);
        let conv = char::from_u32(conv).unwrap_or('\u{FFFD}');
        i += conv_len;
        if conv == '%' {
            out.push('%');
            continue;
        }
        let v = match key_val {
            Some(v) => v,
            None => {
                let v = items
                    .get(idx)
                    .cloned()
                    .ok_or_else(|| vm.type_error("not enough arguments for format string"))?;
                idx = idx.saturating_add(1);
                v
            }
        };
        if let ('d' | 'i' | 'u', Value::Int(n), None) = (conv, &v, &prec) {
            // A machine int with flags and a width, written straight into the result.
            let w: usize = if width.is_empty() {
                0
            } else {
                width.parse().unwrap_or(usize::MAX)
            };
            if w <= 1 << 16 {
                let sign = if *n < 0 {
                    "-"
                } else if flags.contains('+') {
                    "+"
                } else if flags.contains(' ') {
                    " "
                } else {
                    ""
                };
                let mut buf = [0u8; 20];
                let pos = crate::objects::int::write_decimal(&mut buf, n.unsigned_abs());
                let digits = std::str::from_utf8(&buf[pos..]).unwrap_or("0");
                let fill = w.saturating_sub(sign.len() + digits.len());
                if flags.contains('-') {
                    out.push_str(sign);
                    out.push_str(digits);
                    out.extend(std::iter::repeat_n(' ', fill));
                } else if flags.contains('0') {
                    out.push_str(sign);
                    out.extend(std::iter::repeat_n('0', fill));
                    out.push_str(digits);
                } else {
                    out.extend(std::iter::repeat_n(' ', fill));
                    out.push_str(sign);
                    out.push_str(digits);
                }
                continue;
            }
        }
        if flags.is_empty() && width.is_empty() {
            // The common plain conversions, written straight into the result.
            match (conv, &v) {
                ('s', Value::Obj(o)) if prec.is_none() && o.class().is(&vm.types.str_) => {
                    if let Some(ps) = o.payload.as_str() {
                        out.0.extend_from_slice(ps.as_bytes());
                        continue;
                    }
                }
                ('f' | 'F', Value::Float(f)) if f.is_finite() => {
                    let p = match prec.as_deref() {
                        None => Some(6),
                        Some("") => Some(0),
                        Some(p) => p.parse::<usize>().ok().filter(|&n| n <= EXACT_DIGITS),
                    };
                    if let Some(p) = p {
                        if f.is_sign_negative() {
                            out.push('-');
                        }
                        let mut digits = String::new();
                        if !push_fixed_exact(&mut digits, f.abs(), p) {
                            let _ = write!(digits, "{:.*}", p, f.abs());
                        }
                        out.push_str(&digits);
                        continue;
                    }
                }
                _ => {}
            }
        }
        let align = if flags.contains('-') { "<" } else { ">" };
        let zero = flags.contains('0') && !flags.contains('-');
        let sign = if flags.contains('+') {
            "+"
        } else if flags.contains(' ') {
            " "
        } else {
            ""
        };
        let mut spec = String::new();
        // A str inserted by `%s` or `%c`, as its own bytes.
        let mut text: Option<Vec<u8>> = None;
        let body = match conv {
            's' => {
                let so = vm.str(&v)?;
                text = so.payload.as_str().map(|s| s.as_bytes().to_vec());
                String::new()
            }
            'r' => vm.repr_string(&v)?,
            'a' => crate::objects::str::ascii_escape(&vm.repr_string(&v)?),
            'd' | 'i' | 'u'
                if flags.is_empty()
                    && width.is_empty()
                    && prec.is_none()
                    && matches!(v, Value::Int(_)) =>
            {
                // The common plain `%d` of a machine int.
                if let Value::Int(n) = v {
                    let _ = write!(out, "{n}");
                }
                continue;
            }
            'd' | 'i' | 'u' => {
                let iv = if int::is_int(&v) {
                    v.clone()
                } else if let Value::Float(fl) = v {
                    int::float_to_int(vm, fl)?
                } else {
                    return Err(vm.type_error(format!(
                        "%{conv} format: a real number is required, not {}",
                        vm.type_name(&v)
                    )));
                };
                if let Some(p) = &prec {
                    spec = "prec".into();
                    int_with_precision(vm, &iv, 'd', p, "", sign, &flags, &width)?
                } else {
                    let left = if align == "<" { "<" } else { "" };
                    spec = format!("{left}{sign}{}{width}", if zero { "0" } else { "" });
                    format_int_value(vm, &iv, &(spec.clone() + "d"))?
                }
            }
            'x' | 'X' | 'o' => {
                if !int::is_int(&v) && vm.lookup_special(&v, &vm.names.__index__).is_none() {
                    return Err(vm.type_error(format!(
                        "%{conv} format: an integer is required, not {}",
                        vm.type_name(&v)
                    )));
                }
                let alt = if flags.contains('#') { "#" } else { "" };
                if let Some(p) = &prec {
                    spec = "prec".into();
                    let iv = vm.index_value(&v)?;
                    int_with_precision(vm, &iv, conv, p, alt, sign, &flags, &width)?
                } else {
                    let left = if align == "<" { "<" } else { "" };
                    spec = format!(
                        "{left}{sign}{alt}{}{width}{conv}",
                        if zero { "0" } else { "" }
                    );
                    format_int_value(vm, &vm.index_value(&v)?, &spec)?
                }
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let real = float::as_f64(vm, &v).is_some()
                    || vm.lookup_special(&v, &vm.names.__float__).is_some()
                    || vm.lookup_special(&v, &vm.names.__index__).is_some();
                if !real {
                    return Err(
                        vm.type_error(format!("must be real number, not {}", vm.type_name(&v)))
                    );
                }
                let fl = float::to_float(vm, &v)?;
                let p = prec
                    .clone()
                    .map(|p| format!(".{}", if p.is_empty() { "0".into() } else { p }))
                    .unwrap_or_else(|| ".6".into());
                let alt = if flags.contains('#') { "#" } else { "" };
                let left = if align == "<" { "<" } else { "" };
                spec = format!(
                    "{left}{sign}{alt}{}{width}{p}{conv}",
                    if zero { "0" } else { "" }
                );
                format_float(vm, fl, &spec)?
            }
            'c' => match &v {
                Value::Obj(o) if o.payload.as_str().is_some() => {
                    if o.payload.as_str().map(|s| s.char_len()) != Some(1) {
                        return Err(vm.type_error("%c requires int or char"));
                    }
                    text = o.payload.as_str().map(|s| s.as_bytes().to_vec());
                    String::new()
                }
                _ if int::is_int(&v) => {
                    let cp = int::as_bigint(&v)
                        .and_then(|b| num_traits::ToPrimitive::to_u32(&b))
                        .and_then(char::from_u32)
                        .ok_or_else(|| vm.overflow_error("%c arg not in range(0x110000)"))?;
                    cp.to_string()
                }
                _ => return Err(vm.type_error("%c requires int or char")),
            },
            _ => {
                return Err(vm.value_error(format!(
                    "unsupported format character '{}' (0x{:x}) at index {}",
                    if (31..=126).contains(&(conv as u32)) {
                        conv
                    } else {
                        '?'
                    },
                    conv as u32,
                    wtf8_chars(&chars[..conv_at])
                )))
            }
        };
        if !spec.is_empty() {
            out.push_str(&body);
            continue;
        }
        let body: Vec<u8> = text.unwrap_or_else(|| body.into_bytes());
        let body = match (&prec, conv) {
            (Some(p), 's' | 'r' | 'a') => wtf8_prefix(&body, p.parse().unwrap_or(usize::MAX)),
            _ => &body[..],
        };
        let w: usize = width.parse().unwrap_or(0);
        let n = wtf8_chars(body);
        if n < w {
            let padding = " ".repeat(w - n);
            if align == "<" {
                out.0.extend_from_slice(body);
                out.push_str(&padding);
            } else {
                out.push_str(&padding);
                out.0.extend_from_slice(body);
            }
        } else {
            out.0.extend_from_slice(body);
        }
    }
    if idx < items.len() && !is_map && !is_mapping_arg(vm, args) {
        return Err(vm.type_error("not all arguments converted during string formatting"));
    }
    Ok(out.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bit patterns spread over every exponent, plus hand-picked halfway and edge cases.
    fn samples() -> Vec<f64> {
        let mut v = vec![
            0.0,
            5e-324,
            1e-310,
            0.125,
            0.375,
            2.5,
            9.5,
            0.5,
            1.0,
            9.999_999,
            99.5,
            1e22,
            1e23,
            123456.0,
            1.7976931348623157e308,
            2.2250738585072014e-308,
            0.1,
            0.3,
            1.5e-7,
            8.5,
            4115.5,
            12345.678,
            1e16,
            9.995,
            999_999.5,
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let f = f64::from_bits(x & 0x7fff_ffff_ffff_ffff);
            if f.is_finite() {
                v.push(f);
            }
            // Short decimals (the formatted values people write), halfway cases included.
            v.push((x % 2_000_000) as f64 / [1.0, 8.0, 100.0, 1000.0][(x >> 60) as usize & 3]);
        }
        v
    }

    #[test]
    fn exp_exact_matches_the_formatter() {
        for a in samples() {
            for prec in 0..=17 {
                let mut m = String::new();
                if let Some(e) = push_exp_exact(&mut m, a, prec) {
                    assert_eq!(
                        format!("{m}e{e}"),
                        format!("{:.*e}", prec, a),
                        "{a:e} {prec}"
                    );
                }
            }
        }
    }

    #[test]
    fn fixed_exact_matches_the_formatter() {
        for a in samples() {
            for prec in 0..=22 {
                let mut s = String::new();
                if push_fixed_exact(&mut s, a, prec) {
                    assert_eq!(s, format!("{:.*}", prec, a), "{a:e} {prec}");
                }
            }
        }
    }

    #[test]
    fn decimal_u128_digits() {
        let mut buf = [0u8; 40];
        for n in [
            0u128,
            7,
            10,
            u64::MAX as u128,
            u64::MAX as u128 + 1,
            u128::MAX,
        ] {
            assert_eq!(decimal_u128(n, &mut buf), n.to_string());
        }
    }
}
