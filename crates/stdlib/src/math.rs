//! The `math` module: CPython 3.11's functions with its results and errors
//! (`ValueError: math domain error`, `OverflowError: math range error`).
//!
//! One-argument functions follow CPython's `math_1` rule: a NaN from a non-NaN argument is
//! a domain error; an infinity from a finite argument is a range error for the functions
//! that can overflow (exp, cosh, ...) and a domain error (a pole) for the others. Where
//! Rust's own implementation differs from the C library's (acosh, asinh, atanh) or Rust has
//! none (erf, erfc), the C library that CPython calls is called directly; gamma and lgamma
//! use CPython's own Lanczos approximation so that results are bit-identical.

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use pyrs_compiler::bytecode::BinaryOpArg;
use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::Payload;
use pyrs_vm::objects::int;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::util::{bind_ex, one_arg, pos_only, to_bigint, to_f64};

/// Functions of the platform's C math library, looked up in `libm.so.6` itself: the
/// Rust runtime links its own versions of some of them (cbrt, ...), whose last bits
/// differ from the C library's that CPython calls.
mod libm {
    use std::sync::OnceLock;

    pub type F1 = extern "C" fn(f64) -> f64;

    fn lookup(name: &std::ffi::CStr) -> Option<F1> {
        // SAFETY: dlopen/dlsym with NUL-terminated names; a symbol found in libm under
        // one of these names is a C function of type double(double).
        unsafe {
            let h = libc::dlopen(c"libm.so.6".as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL);
            if h.is_null() {
                return None;
            }
            let f = libc::dlsym(h, name.as_ptr());
            if f.is_null() {
                return None;
            }
            Some(std::mem::transmute::<*mut libc::c_void, F1>(f))
        }
    }

    macro_rules! libm_fn {
        ($name:ident, $fallback:expr) => {
            pub fn $name(x: f64) -> f64 {
                static F: OnceLock<Option<F1>> = OnceLock::new();
                let cname = concat!(stringify!($name), "\0");
                let f = F.get_or_init(|| {
                    lookup(std::ffi::CStr::from_bytes_with_nul(cname.as_bytes()).ok()?)
                });
                match f {
                    Some(f) => f(x),
                    None => $fallback(x),
                }
            }
        };
    }
    libm_fn!(acosh, f64::acosh);
    libm_fn!(asinh, f64::asinh);
    libm_fn!(atanh, f64::atanh);
    libm_fn!(cbrt, f64::cbrt);
    libm_fn!(erf, super::erf_fallback);
    libm_fn!(erfc, super::erfc_fallback);
}
use libm::{acosh, asinh, atanh, cbrt, erf, erfc};

/// erf by its series and continued fraction (CPython's own fallback), for platforms
/// without a C library to ask.
fn erf_fallback(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let absx = x.abs();
    if absx < 1.5 {
        let x2 = x * x;
        let mut acc = 0.0;
        let mut fk = 25.5;
        for _ in 0..25 {
            acc = 2.0 + x2 * acc / fk;
            fk -= 1.0;
        }
        acc * x * (-x2).exp() / PI.sqrt()
    } else {
        let cf = erfc_contfrac(absx);
        if x > 0.0 {
            1.0 - cf
        } else {
            cf - 1.0
        }
    }
}

fn erfc_contfrac(x: f64) -> f64 {
    if x >= 30.0 {
        return 0.0;
    }
    let x2 = x * x;
    let mut a = 0.0;
    let mut da = 0.5;
    let mut p = 1.0;
    let mut p_last = 0.0;
    let mut q = da + x2;
    let mut q_last = 1.0;
    for _ in 0..50 {
        a += da;
        da += 2.0;
        let b = da + x2;
        let temp = p;
        p = b * p - a * p_last;
        p_last = temp;
        let temp = q;
        q = b * q - a * q_last;
        q_last = temp;
    }
    p / q * x * (-x2).exp() / PI.sqrt()
}

fn erfc_fallback(x: f64) -> f64 {
    if x.abs() < 1.5 {
        1.0 - erf_fallback(x)
    } else {
        let cf = erfc_contfrac(x.abs());
        if x > 0.0 {
            cf
        } else {
            2.0 - cf
        }
    }
}

fn domain_error(vm: &Vm) -> ObjRef {
    vm.value_error("math domain error")
}

fn range_error(vm: &Vm) -> ObjRef {
    vm.overflow_error("math range error")
}

/// CPython's `math_1`: apply `f` to the float value of the argument.
fn math_1(
    vm: &Vm,
    args: &Args,
    name: &str,
    f: fn(f64) -> f64,
    can_overflow: bool,
) -> PyResult<Value> {
    let x = match args.args {
        [x] if args.kwnames.is_empty() => to_f64(vm, x)?,
        _ => to_f64(vm, one_arg(vm, name, args)?)?,
    };
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain_error(vm));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow {
            range_error(vm)
        } else {
            domain_error(vm)
        });
    }
    Ok(Value::Float(r))
}

/// The errno that CPython's own implementations report.
#[derive(PartialEq)]
enum Errno {
    None,
    Dom,
    Range,
}

/// CPython's `is_error`: EDOM is a domain error; ERANGE an overflow unless the result
/// is small (an underflow, which is not an error).
fn check_errno(vm: &Vm, r: f64, e: Errno) -> PyResult<Value> {
    match e {
        Errno::None => Ok(Value::Float(r)),
        Errno::Dom => Err(domain_error(vm)),
        Errno::Range => {
            if r.abs() < 1.5 {
                Ok(Value::Float(r))
            } else {
                Err(range_error(vm))
            }
        }
    }
}

/// CPython's `math_2` checks for two-argument functions.
fn math_2_result(vm: &Vm, x: f64, y: f64, r: f64) -> PyResult<Value> {
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error(vm));
    }
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(range_error(vm));
    }
    Ok(Value::Float(r))
}

fn two_floats(vm: &Vm, args: &Args, name: &str) -> PyResult<(f64, f64)> {
    let p = pos_only(vm, name, args, 2, 2)?;
    Ok((to_f64(vm, &p[0])?, to_f64(vm, &p[1])?))
}

macro_rules! func1 {
    ($fname:ident, $pyname:expr, $f:expr, $ovf:expr) => {
        fn $fname(vm: &Vm, args: Args) -> PyResult<Value> {
            math_1(vm, &args, concat!("math.", $pyname), $f, $ovf)
        }
    };
}

func1!(math_acos, "acos", f64::acos, false);
func1!(math_acosh, "acosh", acosh, false);
func1!(math_asin, "asin", f64::asin, false);
func1!(math_asinh, "asinh", asinh, false);
func1!(math_atan, "atan", f64::atan, false);
func1!(math_atanh, "atanh", atanh, false);
func1!(math_cbrt, "cbrt", cbrt, false);
func1!(math_cos, "cos", f64::cos, false);
func1!(math_cosh, "cosh", f64::cosh, true);
func1!(math_exp, "exp", f64::exp, true);
func1!(math_exp2, "exp2", f64::exp2, true);
func1!(math_expm1, "expm1", f64::exp_m1, true);
func1!(math_fabs, "fabs", f64::abs, false);
func1!(math_sin, "sin", f64::sin, false);
func1!(math_sinh, "sinh", f64::sinh, true);
func1!(math_sqrt, "sqrt", f64::sqrt, false);
func1!(math_tan, "tan", f64::tan, false);
func1!(math_tanh, "tanh", f64::tanh, false);
func1!(math_log1p, "log1p", m_log1p, false);

fn m_log1p(x: f64) -> f64 {
    // log1p(-0.0) is -0.0 on every C library; Rust's ln_1p calls it.
    x.ln_1p()
}

fn math_erf(vm: &Vm, args: Args) -> PyResult<Value> {
    let x = to_f64(vm, one_arg(vm, "math.erf", &args)?)?;
    Ok(Value::Float(erf(x)))
}

fn math_erfc(vm: &Vm, args: Args) -> PyResult<Value> {
    let x = to_f64(vm, one_arg(vm, "math.erfc", &args)?)?;
    Ok(Value::Float(erfc(x)))
}

// ----- gamma and lgamma (CPython's Lanczos approximation) --------------------------------

#[allow(clippy::excessive_precision)]
const LANCZOS_G: f64 = 6.024_680_040_776_729_583_740_234_375;
#[allow(clippy::excessive_precision)]
const LANCZOS_G_MINUS_HALF: f64 = 5.524_680_040_776_729_583_740_234_375;
#[allow(clippy::excessive_precision)]
const LANCZOS_NUM: [f64; 13] = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
];
const LANCZOS_DEN: [f64; 13] = [
    0.0,
    39916800.0,
    120543840.0,
    150917976.0,
    105258076.0,
    45995730.0,
    13339535.0,
    2637558.0,
    357423.0,
    32670.0,
    1925.0,
    66.0,
    1.0,
];
const GAMMA_INTEGRAL: [f64; 23] = [
    1.0,
    1.0,
    2.0,
    6.0,
    24.0,
    120.0,
    720.0,
    5040.0,
    40320.0,
    362880.0,
    3628800.0,
    39916800.0,
    479001600.0,
    6227020800.0,
    87178291200.0,
    1307674368000.0,
    20922789888000.0,
    355687428096000.0,
    6402373705728000.0,
    121645100408832000.0,
    2432902008176640000.0,
    51090942171709440000.0,
    1124000727777607680000.0,
];
const PI: f64 = std::f64::consts::PI;
#[allow(clippy::excessive_precision)]
const LOGPI: f64 = 1.144729885849400174143427351353058711647;

fn lanczos_sum(x: f64) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    if x < 5.0 {
        for i in (0..13).rev() {
            num = num * x + LANCZOS_NUM[i];
            den = den * x + LANCZOS_DEN[i];
        }
    } else {
        for i in 0..13 {
            num = num / x + LANCZOS_NUM[i];
            den = den / x + LANCZOS_DEN[i];
        }
    }
    num / den
}

/// sin(pi*x), accurate for integral or near-integral finite x.
fn m_sinpi(x: f64) -> f64 {
    let y = x.abs() % 2.0;
    let n = (2.0 * y).round() as i32;
    let r = match n {
        0 => (PI * y).sin(),
        1 => (PI * (y - 0.5)).cos(),
        2 => (PI * (1.0 - y)).sin(),
        3 => -(PI * (y - 1.5)).cos(),
        _ => (PI * (y - 2.0)).sin(),
    };
    1.0f64.copysign(x) * r
}

fn m_tgamma(x: f64) -> (f64, Errno) {
    if !x.is_finite() {
        if x.is_nan() || x > 0.0 {
            return (x, Errno::None);
        }
        return (f64::NAN, Errno::Dom);
    }
    if x == 0.0 {
        return (f64::INFINITY.copysign(x), Errno::Dom);
    }
    if x == x.floor() {
        if x < 0.0 {
            return (f64::NAN, Errno::Dom);
        }
        if x <= 23.0 {
            return (GAMMA_INTEGRAL[x as usize - 1], Errno::None);
        }
    }
    let absx = x.abs();
    if absx < 1e-20 {
        let r = 1.0 / x;
        return (
            r,
            if r.is_infinite() {
                Errno::Range
            } else {
                Errno::None
            },
        );
    }
    if absx > 200.0 {
        if x < 0.0 {
            return (0.0 / m_sinpi(x), Errno::None);
        }
        return (f64::INFINITY, Errno::Range);
    }
    let y = absx + LANCZOS_G_MINUS_HALF;
    let z = if absx > LANCZOS_G_MINUS_HALF {
        let q = y - absx;
        q - LANCZOS_G_MINUS_HALF
    } else {
        let q = y - LANCZOS_G_MINUS_HALF;
        q - absx
    };
    let z = z * LANCZOS_G / y;
    let mut r;
    if x < 0.0 {
        r = -PI / m_sinpi(absx) / absx * y.exp() / lanczos_sum(absx);
        r -= z * r;
        if absx < 140.0 {
            r /= y.powf(absx - 0.5);
        } else {
            let sqrtpow = y.powf(absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
    } else {
        r = lanczos_sum(absx) / y.exp();
        r += z * r;
        if absx < 140.0 {
            r *= y.powf(absx - 0.5);
        } else {
            let sqrtpow = y.powf(absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
    }
    (
        r,
        if r.is_infinite() {
            Errno::Range
        } else {
            Errno::None
        },
    )
}

fn m_lgamma(x: f64) -> (f64, Errno) {
    if !x.is_finite() {
        if x.is_nan() {
            return (x, Errno::None);
        }
        return (f64::INFINITY, Errno::None);
    }
    if x == x.floor() && x <= 2.0 {
        if x <= 0.0 {
            return (f64::INFINITY, Errno::Dom);
        }
        return (0.0, Errno::None);
    }
    let absx = x.abs();
    if absx < 1e-20 {
        return (-absx.ln(), Errno::None);
    }
    let mut r = lanczos_sum(absx).ln() - LANCZOS_G;
    r += (absx - 0.5) * ((absx + LANCZOS_G - 0.5).ln() - 1.0);
    if x < 0.0 {
        r = LOGPI - m_sinpi(absx).abs().ln() - absx.ln() - r;
    }
    (
        r,
        if r.is_infinite() {
            Errno::Range
        } else {
            Errno::None
        },
    )
}

fn math_gamma(vm: &Vm, args: Args) -> PyResult<Value> {
    let x = to_f64(vm, one_arg(vm, "math.gamma", &args)?)?;
    let (r, e) = m_tgamma(x);
    check_errno(vm, r, e)
}

fn math_lgamma(vm: &Vm, args: Args) -> PyResult<Value> {
    let x = to_f64(vm, one_arg(vm, "math.lgamma", &args)?)?;
    let (r, e) = m_lgamma(x);
    check_errno(vm, r, e)
}

// ----- two-argument float functions ------------------------------------------------------

fn math_atan2(vm: &Vm, args: Args) -> PyResult<Value> {
    let (y, x) = two_floats(vm, &args, "atan2")?;
    math_2_result(vm, y, x, y.atan2(x))
}

fn math_copysign(vm: &Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &args, "copysign")?;
    math_2_result(vm, x, y, x.copysign(y))
}

fn math_fmod(vm: &Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &args, "fmod")?;
    if y.is_infinite() && x.is_finite() {
        return Ok(Value::Float(x));
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error(vm));
    }
    Ok(Value::Float(r))
}

fn m_remainder(x: f64, y: f64) -> f64 {
    if x.is_finite() && y.is_finite() {
        if y == 0.0 {
            return f64::NAN;
        }
        let absx = x.abs();
        let absy = y.abs();
        let m = absx % absy;
        let c = absy - m;
        let r = if m < c {
            m
        } else if m > c {
            -c
        } else {
            m - 2.0 * ((0.5 * (absx - m)) % absy)
        };
        return 1.0f64.copysign(x) * r;
    }
    if x.is_nan() {
        return x;
    }
    if y.is_nan() {
        return y;
    }
    if x.is_infinite() {
        return f64::NAN;
    }
    x
}

fn math_remainder(vm: &Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &args, "remainder")?;
    math_2_result(vm, x, y, m_remainder(x, y))
}

fn math_pow(vm: &Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &args, "pow")?;
    let r;
    let mut err = Errno::None;
    if !x.is_finite() || !y.is_finite() {
        r = if x.is_nan() {
            if y == 0.0 {
                1.0
            } else {
                x
            }
        } else if y.is_nan() {
            if x == 1.0 {
                1.0
            } else {
                y
            }
        } else if x.is_infinite() {
            let odd_y = y.is_finite() && (y.abs() % 2.0) == 1.0;
            if y > 0.0 {
                if odd_y {
                    x
                } else {
                    x.abs()
                }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                0.0f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0
        } else if y > 0.0 && x.abs() > 1.0 {
            y
        } else if y < 0.0 && x.abs() < 1.0 {
            -y
        } else {
            0.0
        };
    } else {
        r = x.powf(y);
        if r.is_nan() {
            err = Errno::Dom;
        } else if r.is_infinite() {
            err = if x == 0.0 { Errno::Dom } else { Errno::Range };
        }
    }
    check_errno(vm, r, err)
}

fn math_degrees(vm: &Vm, args: Args) -> PyResult<Value> {
    let x = to_f64(vm, one_arg(vm, "math.degrees", &args)?)?;
    Ok(Value::Float(x * (180.0 / PI)))
}

fn math_radians(vm: &Vm, args: Args) -> PyResult<Value> {
    let x = to_f64(vm, one_arg(vm, "math.radians", &args)?)?;
    Ok(Value::Float(x * (PI / 180.0)))
}

fn math_isfinite(vm: &Vm, args: Args) -> PyResult<Value> {
    let x = to_f64(vm, one_arg(vm, "math.isfinite", &args)?)?;
    Ok(Value::Bool(x.is_finite()))
}

fn math_isnan(vm: &Vm, args: Args) -> PyResult<Value> {
    let x = to_f64(vm, one_arg(vm, "math.isnan", &args)?)?;
    Ok(Value::Bool(x.is_nan()))
}

fn math_isinf(vm: &Vm, args: Args) -> PyResult<Value> {
    let x = to_f64(vm, one_arg(vm, "math.isinf", &args)?)?;
    Ok(Value::Bool(x.is_infinite()))
}

fn math_isclose(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind_ex(
        vm,
        "isclose",
        &args,
        &["a", "b", "rel_tol", "abs_tol"],
        2,
        0,
        2,
    )?;
    let x = to_f64(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let y = to_f64(vm, a[1].as_ref().unwrap_or(&Value::None))?;
    let rel_tol = match &a[2] {
        Some(v) => to_f64(vm, v)?,
        None => 1e-9,
    };
    let abs_tol = match &a[3] {
        Some(v) => to_f64(vm, v)?,
        None => 0.0,
    };
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(vm.value_error("tolerances must be non-negative"));
    }
    if x == y {
        return Ok(Value::Bool(true));
    }
    if x.is_infinite() || y.is_infinite() {
        return Ok(Value::Bool(false));
    }
    let diff = (y - x).abs();
    Ok(Value::Bool(
        diff <= (rel_tol * y).abs() || diff <= (rel_tol * x).abs() || diff <= abs_tol,
    ))
}

// ----- rounding to integers ------------------------------------------------------------

fn float_to_int(vm: &Vm, f: f64) -> PyResult<Value> {
    int::float_to_int(vm, f)
}

fn is_exact_float(v: &Value) -> bool {
    matches!(v, Value::Float(_))
}

fn round_with(
    vm: &Vm,
    args: Args,
    name: &str,
    dunder: &ObjRef,
    f: fn(f64) -> f64,
) -> PyResult<Value> {
    let x = one_arg(vm, name, &args)?;
    if is_exact_float(x) {
        return float_to_int(vm, f(to_f64(vm, x)?));
    }
    if let Some(r) = vm.call_special(x, dunder, &[])? {
        return Ok(r);
    }
    let f64v = to_f64(vm, x)?;
    float_to_int(vm, f(f64v))
}

fn math_floor(vm: &Vm, args: Args) -> PyResult<Value> {
    round_with(vm, args, "math.floor", &vm.names.__floor__, f64::floor)
}

fn math_ceil(vm: &Vm, args: Args) -> PyResult<Value> {
    round_with(vm, args, "math.ceil", &vm.names.__ceil__, f64::ceil)
}

fn math_trunc(vm: &Vm, args: Args) -> PyResult<Value> {
    let x = one_arg(vm, "math.trunc", &args)?;
    if let Value::Float(f) = x {
        return float_to_int(vm, f.trunc());
    }
    match vm.call_special(x, &vm.names.__trunc__, &[])? {
        Some(r) => Ok(r),
        None => Err(vm.type_error(format!(
            "type {} doesn't define __trunc__ method",
            vm.type_name(x)
        ))),
    }
}

// ----- float decomposition -------------------------------------------------------------

/// C's frexp: (m, e) with x = m * 2**e and 0.5 <= |m| < 1 (x finite and non-zero).
pub fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(x * f64::from_bits(0x4350_0000_0000_0000)); // 2**54
        return (m, e - 54);
    }
    let e = exp - 1022;
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, e)
}

/// C's ldexp: x * 2**e with one rounding.
pub fn ldexp(x: f64, e: i64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let e = e.clamp(-2200, 2200) as i32;
    let (m, me) = frexp(x);
    let total = me + e;
    if total > 1024 {
        return f64::INFINITY.copysign(x);
    }
    if total >= -1021 {
        // Normal result: exact.
        return m * 2f64.powi(total);
    }
    // Subnormal result: scale in two steps so that only the last one rounds.
    let r = m * 2f64.powi(total + 1074);
    r * f64::from_bits(1) // 2**-1074
}

fn math_frexp(vm: &Vm, args: Args) -> PyResult<Value> {
    let x = to_f64(vm, one_arg(vm, "math.frexp", &args)?)?;
    let (m, e) = frexp(x);
    Ok(vm.new_tuple(vec![Value::Float(m), Value::Int(e as i64)]))
}

fn math_ldexp(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = pos_only(vm, "ldexp", &args, 2, 2)?;
    let x = to_f64(vm, &p[0])?;
    if !int::is_int(&p[1]) {
        return Err(vm.type_error("Expected an int as second argument to ldexp."));
    }
    let e = int::as_bigint(&p[1]).unwrap_or_default();
    let e = match e.to_i64() {
        Some(e) => e,
        None => {
            if e.is_negative() {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            }
        }
    };
    if x == 0.0 || !x.is_finite() {
        return Ok(Value::Float(x));
    }
    let r = ldexp(x, e);
    if r.is_infinite() {
        return Err(range_error(vm));
    }
    Ok(Value::Float(r))
}

fn math_modf(vm: &Vm, args: Args) -> PyResult<Value> {
    let x = to_f64(vm, one_arg(vm, "math.modf", &args)?)?;
    if x.is_infinite() {
        return Ok(vm.new_tuple(vec![Value::Float(0.0f64.copysign(x)), Value::Float(x)]));
    }
    let i = x.trunc();
    let f = (x - i).copysign(x);
    Ok(vm.new_tuple(vec![Value::Float(f), Value::Float(i)]))
}

fn math_nextafter(vm: &Vm, args: Args) -> PyResult<Value> {
    let (x, y) = two_floats(vm, &args, "nextafter")?;
    Ok(Value::Float(nextafter(x, y)))
}

pub fn nextafter(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return x + y;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(y);
    }
    let bits = x.to_bits();
    let up = (y > x) == (x > 0.0);
    f64::from_bits(if up { bits + 1 } else { bits - 1 })
}

fn math_ulp(vm: &Vm, args: Args) -> PyResult<Value> {
    let x = to_f64(vm, one_arg(vm, "math.ulp", &args)?)?;
    if x.is_nan() {
        return Ok(Value::Float(x));
    }
    let x = x.abs();
    if x.is_infinite() {
        return Ok(Value::Float(x));
    }
    let x2 = nextafter(x, f64::INFINITY);
    if x2.is_infinite() {
        let x2 = nextafter(x, -f64::INFINITY);
        return Ok(Value::Float(x - x2));
    }
    Ok(Value::Float(x2 - x))
}

// ----- sums and norms ------------------------------------------------------------------

fn math_fsum(vm: &Vm, args: Args) -> PyResult<Value> {
    let seq = one_arg(vm, "math.fsum", &args)?;
    let it = vm.iter(seq)?;
    let mut p: Vec<f64> = Vec::new();
    let mut special_sum = 0.0f64;
    let mut inf_sum = 0.0f64;
    while let Some(item) = vm.next(&it)? {
        let mut x = to_f64(vm, &item)?;
        let xsave = x;
        let mut i = 0;
        for j in 0..p.len() {
            let mut y = p[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let yr = hi - x;
            let lo = y - yr;
            if lo != 0.0 {
                p[i] = lo;
                i += 1;
            }
            x = hi;
        }
        p.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                if xsave.is_finite() {
                    return Err(vm.overflow_error("intermediate overflow in fsum"));
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                p.clear();
            } else {
                p.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(vm.value_error("-inf + inf in fsum"));
        }
        return Ok(Value::Float(special_sum));
    }
    let mut hi = 0.0f64;
    let mut n = p.len();
    if n > 0 {
        n -= 1;
        hi = p[n];
        let mut lo = 0.0f64;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = p[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(Value::Float(hi))
}

/// CPython's accurate Euclidean norm of non-negative finite values (`vector_norm`).
fn vector_norm(vec: &[f64], max: f64, found_nan: bool) -> f64 {
    const T27: f64 = 134217729.0;
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || vec.len() <= 1 {
        return max;
    }
    let (_, max_e) = frexp(max);
    let (mut csum, mut frac1, mut frac2, mut frac3) = (1.0f64, 0.0f64, 0.0f64, 0.0f64);
    if max_e >= -1023 {
        let scale = ldexp(1.0, -(max_e as i64));
        for &v in vec {
            let x = v * scale;
            let t = x * T27;
            let hi = t - (t - x);
            let lo = x - hi;
            let x = hi * hi;
            let old = csum;
            csum += x;
            frac1 += (old - csum) + x;
            let x = 2.0 * hi * lo;
            let old = csum;
            csum += x;
            frac2 += (old - csum) + x;
            frac3 += lo * lo;
        }
        let h = (csum - 1.0 + (frac1 + frac2 + frac3)).sqrt();
        let x = h;
        let t = x * T27;
        let hi = t - (t - x);
        let lo = x - hi;
        let x = -hi * hi;
        let old = csum;
        csum += x;
        frac1 += (old - csum) + x;
        let x = -2.0 * hi * lo;
        let old = csum;
        csum += x;
        frac2 += (old - csum) + x;
        let x = -lo * lo;
        let old = csum;
        csum += x;
        frac3 += (old - csum) + x;
        let x = csum - 1.0 + (frac1 + frac2 + frac3);
        return (h + x / (2.0 * h)) / scale;
    }
    for &v in vec {
        let x = v / max;
        let x = x * x;
        let old = csum;
        csum += x;
        frac1 += (old - csum) + x;
    }
    max * (csum - 1.0 + frac1).sqrt()
}

fn math_hypot(vm: &Vm, args: Args) -> PyResult<Value> {
    crate::util::no_kwargs(vm, "hypot", &args)?;
    let mut coords = Vec::with_capacity(args.pos().len());
    let mut max = 0.0f64;
    let mut found_nan = false;
    for a in args.pos() {
        let x = to_f64(vm, a)?.abs();
        found_nan |= x.is_nan();
        if x > max {
            max = x;
        }
        coords.push(x);
    }
    Ok(Value::Float(vector_norm(&coords, max, found_nan)))
}

fn math_dist(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = pos_only(vm, "dist", &args, 2, 2)?;
    let is_tuple = |v: &Value| vm.isinstance(v, &vm.types.tuple);
    let pp = if is_tuple(&p[0]) {
        vm.collect(&p[0])?
    } else {
        vm.collect(&vm.to_tuple(&p[0])?)?
    };
    let qq = if is_tuple(&p[1]) {
        vm.collect(&p[1])?
    } else {
        vm.collect(&vm.to_tuple(&p[1])?)?
    };
    if pp.len() != qq.len() {
        return Err(vm.value_error("both points must have the same number of dimensions"));
    }
    let mut diffs = Vec::with_capacity(pp.len());
    let mut max = 0.0f64;
    let mut found_nan = false;
    for (a, b) in pp.iter().zip(qq.iter()) {
        let x = (to_f64(vm, a)? - to_f64(vm, b)?).abs();
        found_nan |= x.is_nan();
        if x > max {
            max = x;
        }
        diffs.push(x);
    }
    Ok(Value::Float(vector_norm(&diffs, max, found_nan)))
}

fn math_prod(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind_ex(vm, "prod", &args, &["iterable", "start"], 1, 1, 1)?;
    let iterable = a[0].clone().unwrap_or(Value::None);
    let mut result = a[1].clone().unwrap_or(Value::Int(1));
    let it = vm.iter(&iterable)?;
    while let Some(item) = vm.next(&it)? {
        result = match (&result, &item) {
            (Value::Int(x), Value::Int(y)) => match x.checked_mul(*y) {
                Some(r) => Value::Int(r),
                None => vm.binary_op(&result, &item, BinaryOpArg::Multiply)?,
            },
            (Value::Float(x), Value::Float(y)) => Value::Float(x * y),
            _ => vm.binary_op(&result, &item, BinaryOpArg::Multiply)?,
        };
    }
    Ok(result)
}

// ----- logarithms --------------------------------------------------------------------------

fn m_log(x: f64) -> f64 {
    if x.is_finite() {
        if x > 0.0 {
            x.ln()
        } else if x == 0.0 {
            f64::NEG_INFINITY
        } else {
            f64::NAN
        }
    } else if x.is_nan() || x > 0.0 {
        x
    } else {
        f64::NAN
    }
}

fn m_log2(x: f64) -> f64 {
    if x.is_finite() {
        if x > 0.0 {
            x.log2()
        } else if x == 0.0 {
            f64::NEG_INFINITY
        } else {
            f64::NAN
        }
    } else if x.is_nan() || x > 0.0 {
        x
    } else {
        f64::NAN
    }
}

fn m_log10(x: f64) -> f64 {
    if x.is_finite() {
        if x > 0.0 {
            x.log10()
        } else if x == 0.0 {
            f64::NEG_INFINITY
        } else {
            f64::NAN
        }
    } else if x.is_nan() || x > 0.0 {
        x
    } else {
        f64::NAN
    }
}

/// A positive BigInt as (m, e) with n ~= m * 2**e, 0.5 <= m < 1, m correctly rounded.
fn big_frexp(n: &BigInt) -> (f64, i64) {
    let bits = n.bits() as i64;
    if bits <= 1000 {
        let f = n.to_f64().unwrap_or(f64::INFINITY);
        let (m, e) = frexp(f);
        return (m, e as i64);
    }
    // Keep 55 bits with a sticky bit so that the conversion rounds correctly.
    let shift = (bits - 55) as u64;
    let top: BigInt = n >> shift;
    let mut top = top.to_u64().unwrap_or(0);
    let low_mask: BigInt = (BigInt::one() << shift) - 1;
    if !(n & low_mask).is_zero() {
        top |= 1;
    }
    let f = top as f64; // < 2**55, rounds once
    let (m, e) = frexp(f);
    (m, e as i64 + shift as i64)
}

/// CPython's `loghelper`: ints of any size, then floats through `math_1` rules.
fn loghelper(vm: &Vm, arg: &Value, f: fn(f64) -> f64) -> PyResult<f64> {
    if int::is_int(arg) {
        let n = int::as_bigint(arg).unwrap_or_default();
        if n.sign() != Sign::Plus {
            return Err(domain_error(vm));
        }
        match n.to_f64() {
            Some(x) if x.is_finite() => return Ok(f(x)),
            _ => {
                let (m, e) = big_frexp(&n);
                return Ok(f(m) + f(2.0) * e as f64);
            }
        }
    }
    let x = to_f64(vm, arg)?;
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain_error(vm));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(domain_error(vm));
    }
    Ok(r)
}

fn math_log(vm: &Vm, args: Args) -> PyResult<Value> {
    crate::util::no_kwargs(vm, "log", &args)?;
    let p = args.pos();
    if p.is_empty() || p.len() > 2 {
        return Err(vm.type_error("math.log requires 1 to 2 arguments"));
    }
    let num = loghelper(vm, &p[0], m_log)?;
    if p.len() == 2 {
        let den = loghelper(vm, &p[1], m_log)?;
        if den == 0.0 {
            return Err(vm.zero_division("float division by zero"));
        }
        return Ok(Value::Float(num / den));
    }
    Ok(Value::Float(num))
}

fn math_log2(vm: &Vm, args: Args) -> PyResult<Value> {
    let x = one_arg(vm, "math.log2", &args)?;
    Ok(Value::Float(loghelper(vm, x, m_log2)?))
}

fn math_log10(vm: &Vm, args: Args) -> PyResult<Value> {
    let x = one_arg(vm, "math.log10", &args)?;
    Ok(Value::Float(loghelper(vm, x, m_log10)?))
}

// ----- integer functions -----------------------------------------------------------------

fn math_gcd(vm: &Vm, args: Args) -> PyResult<Value> {
    crate::util::no_kwargs(vm, "gcd", &args)?;
    let p = args.pos();
    if p.is_empty() {
        return Ok(Value::Int(0));
    }
    if p.len() == 1 {
        let a = to_bigint(vm, &p[0])?;
        return Ok(vm.new_bigint(a.abs()));
    }
    let mut g = to_bigint(vm, &p[0])?.abs();
    for v in &p[1..] {
        let x = to_bigint(vm, v)?;
        if !g.is_one() {
            g = g.gcd(&x);
        }
    }
    Ok(vm.new_bigint(g))
}

fn math_lcm(vm: &Vm, args: Args) -> PyResult<Value> {
    crate::util::no_kwargs(vm, "lcm", &args)?;
    let p = args.pos();
    if p.is_empty() {
        return Ok(Value::Int(1));
    }
    let mut l = to_bigint(vm, &p[0])?.abs();
    for v in &p[1..] {
        let x = to_bigint(vm, v)?;
        if l.is_zero() {
            continue;
        }
        if x.is_zero() {
            l = BigInt::zero();
            continue;
        }
        l = l.lcm(&x);
    }
    Ok(vm.new_bigint(l))
}

fn math_isqrt(vm: &Vm, args: Args) -> PyResult<Value> {
    let n = to_bigint(vm, one_arg(vm, "math.isqrt", &args)?)?;
    if n.is_negative() {
        return Err(vm.value_error("isqrt() argument must be nonnegative"));
    }
    Ok(vm.new_bigint(n.sqrt()))
}

/// The product of the odd numbers in [lo, hi) (lo, hi odd), by halves.
fn odd_product(lo: u64, hi: u64) -> BigInt {
    let n = (hi - lo) / 2;
    if n <= 8 {
        let mut acc = BigInt::one();
        let mut j = lo;
        while j < hi {
            acc *= j;
            j += 2;
        }
        return acc;
    }
    let mid = (lo + n) | 1;
    odd_product(lo, mid) * odd_product(mid, hi)
}

pub fn factorial_u64(n: u64) -> BigInt {
    if n < 21 {
        let mut r: u64 = 1;
        for i in 2..=n {
            r *= i;
        }
        return BigInt::from(r);
    }
    // n! = 2**(n - popcount(n)) * prod over i of odd numbers in (n>>(i+1), n>>i].
    let mut inner = BigInt::one();
    let mut outer = BigInt::one();
    let mut upper = 3u64;
    let bl = 64 - n.leading_zeros() as i64;
    let mut i = bl - 2;
    while i >= 0 {
        let v = n >> i;
        if v > 2 {
            let lower = upper;
            upper = (v + 1) | 1;
            inner *= odd_product(lower, upper);
            outer *= &inner;
        }
        i -= 1;
    }
    outer << (n - n.count_ones() as u64)
}

fn math_factorial(vm: &Vm, args: Args) -> PyResult<Value> {
    let arg = one_arg(vm, "math.factorial", &args)?;
    let n = to_bigint(vm, arg)?;
    if n.is_negative() {
        return Err(vm.value_error("factorial() not defined for negative values"));
    }
    let n = match n.to_i64() {
        Some(n) => n as u64,
        None => {
            return Err(vm.overflow_error(format!(
                "factorial() argument should not exceed {}",
                i64::MAX
            )))
        }
    };
    Ok(vm.new_bigint(factorial_u64(n)))
}

/// The product n * (n-1) * ... * (n-k+1), by halves.
fn falling(n: &BigInt, k: u64) -> BigInt {
    if k == 0 {
        return BigInt::one();
    }
    if k == 1 {
        return n.clone();
    }
    let j = k / 2;
    let a = falling(n, j);
    let b = falling(&(n - BigInt::from(j)), k - j);
    a * b
}

fn comb_big(n: &BigInt, k: u64) -> BigInt {
    // C(n, k) = falling(n, k) / k!
    falling(n, k) / factorial_u64(k)
}

fn math_comb(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = pos_only(vm, "comb", &args, 2, 2)?;
    let n = to_bigint(vm, &p[0])?;
    let k = to_bigint(vm, &p[1])?;
    if n.is_negative() {
        return Err(vm.value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(vm.value_error("k must be a non-negative integer"));
    }
    if k > n {
        return Ok(Value::Int(0));
    }
    let nk: BigInt = &n - &k;
    let k = if nk < k { nk } else { k };
    let k = match k.to_u64() {
        Some(k) if k <= i64::MAX as u64 => k,
        _ => return Err(vm.overflow_error(format!("min(n - k, k) must not exceed {}", i64::MAX))),
    };
    Ok(vm.new_bigint(comb_big(&n, k)))
}

fn math_perm(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = pos_only(vm, "perm", &args, 1, 2)?;
    let n = to_bigint(vm, &p[0])?;
    if p.len() == 1 || p[1].is_none() {
        if n.is_negative() {
            return Err(vm.value_error("factorial() not defined for negative values"));
        }
        let n = match n.to_i64() {
            Some(n) => n as u64,
            None => {
                return Err(vm.overflow_error(format!(
                    "factorial() argument should not exceed {}",
                    i64::MAX
                )))
            }
        };
        return Ok(vm.new_bigint(factorial_u64(n)));
    }
    let k = to_bigint(vm, &p[1])?;
    if n.is_negative() {
        return Err(vm.value_error("n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(vm.value_error("k must be a non-negative integer"));
    }
    if k > n {
        return Ok(Value::Int(0));
    }
    let k = match k.to_u64() {
        Some(k) if k <= i64::MAX as u64 => k,
        _ => return Err(vm.overflow_error(format!("k must not exceed {}", i64::MAX))),
    };
    Ok(vm.new_bigint(falling(&n, k)))
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("math");
    let fns: &[(&'static str, pyrs_vm::object::NativeFn)] = &[
        ("acos", math_acos),
        ("acosh", math_acosh),
        ("asin", math_asin),
        ("asinh", math_asinh),
        ("atan", math_atan),
        ("atan2", math_atan2),
        ("atanh", math_atanh),
        ("cbrt", math_cbrt),
        ("ceil", math_ceil),
        ("comb", math_comb),
        ("copysign", math_copysign),
        ("cos", math_cos),
        ("cosh", math_cosh),
        ("degrees", math_degrees),
        ("dist", math_dist),
        ("erf", math_erf),
        ("erfc", math_erfc),
        ("exp", math_exp),
        ("exp2", math_exp2),
        ("expm1", math_expm1),
        ("fabs", math_fabs),
        ("factorial", math_factorial),
        ("floor", math_floor),
        ("fmod", math_fmod),
        ("frexp", math_frexp),
        ("fsum", math_fsum),
        ("gamma", math_gamma),
        ("gcd", math_gcd),
        ("hypot", math_hypot),
        ("isclose", math_isclose),
        ("isfinite", math_isfinite),
        ("isinf", math_isinf),
        ("isnan", math_isnan),
        ("isqrt", math_isqrt),
        ("lcm", math_lcm),
        ("ldexp", math_ldexp),
        ("lgamma", math_lgamma),
        ("log", math_log),
        ("log10", math_log10),
        ("log1p", math_log1p),
        ("log2", math_log2),
        ("modf", math_modf),
        ("nextafter", math_nextafter),
        ("perm", math_perm),
        ("pow", math_pow),
        ("prod", math_prod),
        ("radians", math_radians),
        ("remainder", math_remainder),
        ("sin", math_sin),
        ("sinh", math_sinh),
        ("sqrt", math_sqrt),
        ("tan", math_tan),
        ("tanh", math_tanh),
        ("trunc", math_trunc),
        ("ulp", math_ulp),
    ];
    for (name, f) in fns {
        vm.add_module_fn(&m, name, *f);
    }
    let d = m.dict().expect("module dict");
    let set = |name: &str, v: Value| {
        pyrs_vm::objects::dict::set_str(&d, &vm.intern(name), v);
    };
    set("pi", Value::Float(PI));
    set("e", Value::Float(std::f64::consts::E));
    set("tau", Value::Float(std::f64::consts::TAU));
    set("inf", Value::Float(f64::INFINITY));
    set("nan", Value::Float(f64::NAN));
    let _ = Payload::Object;
    Ok(m)
}
