//! Constant folding as CPython 3.11's AST optimizer does it (Python/ast_opt.c): unary and
//! binary operations on constants and tuples of constants become one constant, within
//! CPython's size limits (128-bit ints, 4096-character strings, 256-item tuples), and an
//! operation that would raise is left for run time.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use pyrs_parser::ast::{Constant, Expr, ExprContext, ExprKind, IntValue, Operator, UnaryOp};
use pyrs_parser::wtf8::Wtf8Buf;

const MAX_INT_SIZE: u64 = 128; // bits
const MAX_COLLECTION_SIZE: usize = 256;
const MAX_STR_SIZE: usize = 4096;
const MAX_TOTAL_ITEMS: usize = 1024;

/// The constant an expression folds to, if it does.
pub fn fold_expr(e: &Expr) -> Option<Constant> {
    match &e.kind {
        ExprKind::Constant { value, .. } => Some(value.clone()),
        ExprKind::UnaryOp { op, operand } => fold_unary(*op, &fold_expr(operand)?),
        ExprKind::BinOp { left, op, right } => {
            let l = fold_expr(left)?;
            let r = fold_expr(right)?;
            fold_binary(&l, *op, &r)
        }
        ExprKind::Tuple { elts, ctx } if *ctx == ExprContext::Load => {
            let mut items = Vec::with_capacity(elts.len());
            for x in elts {
                if matches!(x.kind, ExprKind::Starred { .. }) {
                    return None;
                }
                items.push(fold_expr(x)?);
            }
            Some(Constant::Tuple(items))
        }
        _ => None,
    }
}

fn int_of(c: &Constant) -> Option<BigInt> {
    match c {
        Constant::Bool(b) => Some(BigInt::from(*b as i64)),
        Constant::Int(IntValue::Small(i)) => Some(BigInt::from(*i)),
        Constant::Int(IntValue::Big(b)) => Some((**b).clone()),
        _ => None,
    }
}

fn make_int(v: BigInt) -> Constant {
    match v.to_i64() {
        Some(i) => Constant::Int(IntValue::Small(i)),
        None => Constant::Int(IntValue::Big(Box::new(v))),
    }
}

/// An int or float as f64 (ints only when exactly representable, as the conversion of
/// huge ints would need CPython's rounding).
fn float_of(c: &Constant) -> Option<f64> {
    match c {
        Constant::Float(f) => Some(*f),
        _ => {
            let i = int_of(c)?;
            let f = i.to_f64()?;
            if f.abs() < 9007199254740992.0 {
                Some(f)
            } else {
                None
            }
        }
    }
}

fn complex_of(c: &Constant) -> Option<(f64, f64)> {
    match c {
        Constant::Complex { real, imag } => Some((*real, *imag)),
        _ => float_of(c).map(|f| (f, 0.0)),
    }
}

/// Whether `e` is a constant that is always true (`while True:`, `while 1:`): such a
/// test is compiled to no instruction.
pub fn always_true(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Constant { value, .. } if truthy(value) == Some(true))
}

fn truthy(c: &Constant) -> Option<bool> {
    Some(match c {
        Constant::None => false,
        Constant::Bool(b) => *b,
        Constant::Ellipsis => true,
        Constant::Int(IntValue::Small(i)) => *i != 0,
        Constant::Int(IntValue::Big(b)) => !b.is_zero(),
        Constant::Float(f) => *f != 0.0,
        Constant::Complex { real, imag } => *real != 0.0 || *imag != 0.0,
        Constant::Str(s) => !s.as_bytes().is_empty(),
        Constant::Bytes(b) => !b.is_empty(),
        Constant::Tuple(t) => !t.is_empty(),
        Constant::FrozenSet(t) => !t.is_empty(),
    })
}

fn fold_unary(op: UnaryOp, v: &Constant) -> Option<Constant> {
    match op {
        UnaryOp::Not => Some(Constant::Bool(!truthy(v)?)),
        UnaryOp::Invert => Some(make_int(-(int_of(v)?) - 1)),
        UnaryOp::USub => match v {
            Constant::Float(f) => Some(Constant::Float(-f)),
            Constant::Complex { real, imag } => Some(Constant::Complex {
                real: -real,
                imag: -imag,
            }),
            _ => Some(make_int(-(int_of(v)?))),
        },
        UnaryOp::UAdd => match v {
            Constant::Float(_) | Constant::Complex { .. } => Some(v.clone()),
            _ => Some(make_int(int_of(v)?)),
        },
    }
}

fn bits(i: &BigInt) -> u64 {
    i.bits()
}

/// Total items of a constant, nested collections included (CPython's check_complexity).
fn complexity(c: &Constant, limit: usize) -> Option<usize> {
    let mut total = 0usize;
    if let Constant::Tuple(items) | Constant::FrozenSet(items) = c {
        for it in items {
            total += 1;
            if total > limit {
                return None;
            }
            total += complexity(it, limit - total)?;
            if total > limit {
                return None;
            }
        }
    }
    Some(total)
}

fn repeat_count(n: &BigInt, size: usize, max: usize) -> Option<usize> {
    let n = n.to_i64()?;
    if size == 0 {
        return Some(0);
    }
    if n < 0 || n as usize > max / size {
        return None;
    }
    Some(n as usize)
}

fn fold_multiply(l: &Constant, r: &Constant) -> Option<Constant> {
    if let (Some(a), Some(b)) = (int_of(l), int_of(r)) {
        if !a.is_zero() && !b.is_zero() && bits(&a) + bits(&b) > MAX_INT_SIZE {
            return None;
        }
        return Some(make_int(a * b));
    }
    let (n, seq) = match (int_of(l), int_of(r)) {
        (Some(n), None) => (n, r),
        (None, Some(n)) => (n, l),
        _ => return fold_float_op(l, Operator::Mult, r),
    };
    match seq {
        Constant::Str(s) => {
            let len = s.code_points().count();
            let k = repeat_count(&n, len, MAX_STR_SIZE)?;
            let mut out = Wtf8Buf::new();
            for _ in 0..k {
                out.push_wtf8(s);
            }
            Some(Constant::Str(out))
        }
        Constant::Bytes(b) => {
            let k = repeat_count(&n, b.len(), MAX_STR_SIZE)?;
            Some(Constant::Bytes(b.repeat(k)))
        }
        Constant::Tuple(items) => {
            let k = repeat_count(&n, items.len(), MAX_COLLECTION_SIZE)?;
            if k > 0 && !items.is_empty() {
                complexity(seq, MAX_TOTAL_ITEMS / k)?;
            }
            let mut out = Vec::with_capacity(items.len() * k);
            for _ in 0..k {
                out.extend(items.iter().cloned());
            }
            Some(Constant::Tuple(out))
        }
        _ => fold_float_op(l, Operator::Mult, r),
    }
}

/// Float and complex arithmetic (int operands converted when exact).
fn fold_float_op(l: &Constant, op: Operator, r: &Constant) -> Option<Constant> {
    let is_complex = matches!(l, Constant::Complex { .. }) || matches!(r, Constant::Complex { .. });
    if is_complex {
        let (a, b) = complex_of(l)?;
        let (c, d) = complex_of(r)?;
        let (real, imag) = match op {
            Operator::Add => (a + c, b + d),
            Operator::Sub => (a - c, b - d),
            Operator::Mult => (a * c - b * d, a * d + b * c),
            _ => return None,
        };
        return Some(Constant::Complex { real, imag });
    }
    if !matches!(l, Constant::Float(_)) && !matches!(r, Constant::Float(_)) {
        return None;
    }
    let a = float_of(l)?;
    let b = float_of(r)?;
    let v = match op {
        Operator::Add => a + b,
        Operator::Sub => a - b,
        Operator::Mult => a * b,
        Operator::Div if b != 0.0 => a / b,
        _ => return None,
    };
    Some(Constant::Float(v))
}

fn fold_binary(l: &Constant, op: Operator, r: &Constant) -> Option<Constant> {
    // Bitwise operations on two bools give a bool.
    if let (Constant::Bool(a), Constant::Bool(b)) = (l, r) {
        match op {
            Operator::BitAnd => return Some(Constant::Bool(*a & *b)),
            Operator::BitOr => return Some(Constant::Bool(*a | *b)),
            Operator::BitXor => return Some(Constant::Bool(*a ^ *b)),
            _ => {}
        }
    }
    if op == Operator::Mult {
        return fold_multiply(l, r);
    }
    if let (Some(a), Some(b)) = (int_of(l), int_of(r)) {
        return match op {
            Operator::Add => Some(make_int(a + b)),
            Operator::Sub => Some(make_int(a - b)),
            Operator::BitAnd => Some(make_int(a & b)),
            Operator::BitOr => Some(make_int(a | b)),
            Operator::BitXor => Some(make_int(a ^ b)),
            Operator::FloorDiv | Operator::Mod => {
                if b.is_zero() {
                    return None;
                }
                let q = num_integer::Integer::div_floor(&a, &b);
                if op == Operator::FloorDiv {
                    Some(make_int(q))
                } else {
                    Some(make_int(a - q * b))
                }
            }
            Operator::Div => {
                if b.is_zero() {
                    return None;
                }
                let (x, y) = (float_of(l)?, float_of(r)?);
                Some(Constant::Float(x / y))
            }
            Operator::Pow => {
                if b.is_negative() {
                    return None;
                }
                let e = b.to_u64()?;
                if !a.is_zero() && e > 0 && bits(&a) > MAX_INT_SIZE / e {
                    return None;
                }
                let e = u32::try_from(e).ok()?;
                Some(make_int(num_traits::pow::Pow::pow(a, e)))
            }
            Operator::LShift => {
                if b.is_negative() {
                    return None;
                }
                let w = b.to_u64()?;
                if !a.is_zero() && (w > MAX_INT_SIZE || bits(&a) > MAX_INT_SIZE - w) {
                    return None;
                }
                Some(make_int(a << (w as usize)))
            }
            Operator::RShift => {
                if b.is_negative() {
                    return None;
                }
                let w = b.to_u64().unwrap_or(u64::MAX).min(1 << 20);
                Some(make_int(a >> (w as usize)))
            }
            Operator::MatMult | Operator::Mult => None,
        };
    }
    match (l, op, r) {
        (Constant::Str(a), Operator::Add, Constant::Str(b)) => {
            let mut out = a.clone();
            out.push_wtf8(b);
            Some(Constant::Str(out))
        }
        (Constant::Bytes(a), Operator::Add, Constant::Bytes(b)) => {
            let mut out = a.clone();
            out.extend_from_slice(b);
            Some(Constant::Bytes(out))
        }
        (Constant::Tuple(a), Operator::Add, Constant::Tuple(b)) => {
            let mut out = a.clone();
            out.extend(b.iter().cloned());
            Some(Constant::Tuple(out))
        }
        _ => fold_float_op(l, op, r),
    }
}
