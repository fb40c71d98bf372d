//! The range type. Ranges whose bounds and length fit in i64 keep them as machine
//! integers (the common case, iterated without allocation); any other range keeps
//! big integers (`range(1 << 1000)`), as CPython's longrange does, with the same
//! results and the same `OverflowError` where a length must fit in a C ssize_t.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::memory::ObjRef;
use crate::object::{Payload, RangeData};
use crate::objects::int;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

/// The bounds of a range that does not fit in machine integers.
pub struct BigRange {
    pub start: BigInt,
    pub stop: BigInt,
    pub step: BigInt,
    pub len: BigInt,
}

fn length(start: &BigInt, stop: &BigInt, step: &BigInt) -> BigInt {
    if step.is_positive() && start < stop {
        (stop - start - 1u32).div_floor(step) + 1u32
    } else if step.is_negative() && start > stop {
        (start - stop - 1u32).div_floor(&-step) + 1u32
    } else {
        BigInt::zero()
    }
}

/// A range with machine-integer bounds.
pub fn new_range(vm: &Vm, start: i64, stop: i64, step: i64) -> Value {
    small_range(vm, start, stop, step)
        .unwrap_or_else(|| new_range_big(vm, start.into(), stop.into(), step.into()))
}

/// The range of machine-integer bounds (`step` is not zero) in its machine-integer form,
/// with the length computed in 128-bit arithmetic instead of big integers; None when the
/// length does not fit in i64 or the step is i64::MIN (the big form keeps those).
fn small_range(vm: &Vm, start: i64, stop: i64, step: i64) -> Option<Value> {
    if step == i64::MIN {
        return None;
    }
    let (lo, hi, step_abs) = if step > 0 {
        (start as i128, stop as i128, step as i128)
    } else {
        (stop as i128, start as i128, -(step as i128))
    };
    let len = if lo < hi {
        (hi - lo - 1) / step_abs + 1
    } else {
        0
    };
    let len = i64::try_from(len).ok()?;
    let data = RangeData {
        start,
        stop,
        step,
        len,
        big: None,
    };
    Some(Value::Obj(ObjRef::new(
        &vm.types.range,
        Payload::Range(data),
    )))
}

/// A range of any bounds (`step` is not zero).
pub fn new_range_big(vm: &Vm, start: BigInt, stop: BigInt, step: BigInt) -> Value {
    let len = length(&start, &stop, &step);
    let small = (start.to_i64(), stop.to_i64(), step.to_i64(), len.to_i64());
    let data = match small {
        (Some(start), Some(stop), Some(step), Some(len)) if step != i64::MIN => RangeData {
            start,
            stop,
            step,
            len,
            big: None,
        },
        _ => RangeData {
            start: 0,
            stop: 0,
            step: 1,
            len: 0,
            big: Some(Box::new(BigRange {
                start,
                stop,
                step,
                len,
            })),
        },
    };
    Value::Obj(ObjRef::new(&vm.types.range, Payload::Range(data)))
}

/// (start, stop, step, len) as big integers, whatever the representation.
pub fn bounds(r: &RangeData) -> (BigInt, BigInt, BigInt, BigInt) {
    match &r.big {
        Some(b) => (
            b.start.clone(),
            b.stop.clone(),
            b.step.clone(),
            b.len.clone(),
        ),
        None => (r.start.into(), r.stop.into(), r.step.into(), r.len.into()),
    }
}

/// The length as `len()` gives it: an OverflowError past the C ssize_t range.
pub fn range_len(vm: &Vm, r: &RangeData) -> PyResult<usize> {
    match &r.big {
        None => Ok(r.len as usize),
        Some(b) => b
            .len
            .to_i64()
            .map(|n| n as usize)
            .ok_or_else(|| vm.overflow_error("Python int too large to convert to C ssize_t")),
    }
}

/// Whether the range is empty.
pub fn is_empty(r: &RangeData) -> bool {
    match &r.big {
        None => r.len == 0,
        Some(b) => b.len.is_zero(),
    }
}

fn contains_int(r: &RangeData, i: &BigInt) -> bool {
    if r.big.is_none() {
        if let Some(i) = i.to_i64() {
            return contains_i64(r, i);
        }
    }
    let (start, stop, step, len) = bounds(r);
    if len.is_zero() {
        return false;
    }
    let inside = if step.is_positive() {
        *i >= start && *i < stop
    } else {
        *i <= start && *i > stop
    };
    inside && ((i - &start) % &step).is_zero()
}

/// `i in r` for a machine integer and a machine range.
pub fn contains_i64(r: &RangeData, i: i64) -> bool {
    if r.big.is_some() {
        return contains_int(r, &i.into());
    }
    if r.len == 0 {
        return false;
    }
    if r.step > 0 {
        i >= r.start && i < r.stop && (i - r.start) % r.step == 0
    } else {
        i <= r.start && i > r.stop && (r.start - i) % (-r.step) == 0
    }
}

/// `item in r`: arithmetic for ints (and bools), element-wise equality otherwise.
pub fn range_contains(vm: &Vm, r: &RangeData, item: &Value) -> PyResult<bool> {
    if let (Value::Int(_) | Value::Bool(_), Some(i)) = (item, int::as_bigint(item)) {
        return Ok(contains_int(r, &i));
    }
    if let Value::Obj(o) = item {
        if o.class().is(&vm.types.int) || o.class().is(&vm.types.bool_) {
            if let Some(i) = int::as_bigint(item) {
                return Ok(contains_int(r, &i));
            }
        }
    }
    let it = range_iter(vm, r);
    while let Some(x) = vm.next(&it)? {
        if vm.eq(&x, item)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The element at index `i` (already known to be in range).
fn element(r: &RangeData, i: &BigInt) -> BigInt {
    let (start, _, step, _) = bounds(r);
    start + step * i
}

/// `r[key]` for an index (slices go through `range_slice`).
pub fn range_item(vm: &Vm, r: &RangeData, key: &Value) -> PyResult<Value> {
    let i = match int::as_bigint(&vm.index_value(key).map_err(|e| {
        if vm.exc_matches(&e, &vm.exc.type_error) {
            vm.type_error(format!(
                "range indices must be integers or slices, not {}",
                vm.type_name(key)
            ))
        } else {
            e
        }
    })?) {
        Some(i) => i,
        None => return Err(vm.type_error("range indices must be integers or slices")),
    };
    let (_, _, _, len) = bounds(r);
    let i = if i.is_negative() { i + &len } else { i };
    if i.is_negative() || i >= len {
        return Err(vm.index_error("range object index out of range"));
    }
    Ok(vm.new_bigint(element(r, &i)))
}

/// The `slice.indices()` computation over big integers: (start, stop, step).
fn slice_bounds(vm: &Vm, s: &[Value; 3], len: &BigInt) -> PyResult<(BigInt, BigInt, BigInt)> {
    let as_int = |v: &Value| -> PyResult<BigInt> {
        let iv = vm.index_value(v).map_err(|e| {
            if vm.exc_matches(&e, &vm.exc.type_error) {
                vm.type_error("slice indices must be integers or None or have an __index__ method")
            } else {
                e
            }
        })?;
        Ok(int::as_bigint(&iv).unwrap_or_default())
    };
    let step = match &s[2] {
        Value::None => BigInt::one(),
        v => as_int(v)?,
    };
    if step.is_zero() {
        return Err(vm.value_error("slice step cannot be zero"));
    }
    let neg = step.is_negative();
    let (lower, upper) = if neg {
        (BigInt::from(-1), len - 1u32)
    } else {
        (BigInt::zero(), len.clone())
    };
    let adjust = |v: &Value, default: &BigInt| -> PyResult<BigInt> {
        match v {
            Value::None => Ok(default.clone()),
            v => {
                let mut x = as_int(v)?;
                if x.is_negative() {
                    x += len;
                    if x < lower {
                        x = lower.clone();
                    }
                } else if x > upper {
                    x = upper.clone();
                }
                Ok(x)
            }
        }
    };
    let start = adjust(&s[0], if neg { &upper } else { &lower })?;
    let stop = adjust(&s[1], if neg { &lower } else { &upper })?;
    Ok((start, stop, step))
}

/// `r[a:b:c]`: another range.
pub fn range_slice(vm: &Vm, r: &RangeData, s: &[Value; 3]) -> PyResult<Value> {
    let (start, _, step, len) = bounds(r);
    let (i, j, k) = slice_bounds(vm, s, &len)?;
    let new_start = &start + &step * &i;
    let new_stop = &start + &step * &j;
    let new_step = step * k;
    Ok(new_range_big(vm, new_start, new_stop, new_step))
}

/// Equality as CPython defines it: same length, then same first element, then (for
/// two or more elements) same step.
pub fn range_eq(x: &RangeData, y: &RangeData) -> bool {
    if x.big.is_none() && y.big.is_none() {
        return x.len == y.len
            && (x.len == 0 || (x.start == y.start && (x.len == 1 || x.step == y.step)));
    }
    let (xs, _, xk, xl) = bounds(x);
    let (ys, _, yk, yl) = bounds(y);
    xl == yl && (xl.is_zero() || (xs == ys && (xl.is_one() || xk == yk)))
}

/// The values hashed for a range: (len, start, step) with None where CPython puts it.
pub fn hash_key(vm: &Vm, r: &RangeData) -> [Value; 3] {
    let (start, _, step, len) = bounds(r);
    if len.is_zero() {
        [Value::Int(0), Value::None, Value::None]
    } else if len.is_one() {
        [Value::Int(1), vm.new_bigint(start), Value::None]
    } else {
        [
            vm.new_bigint(len),
            vm.new_bigint(start),
            vm.new_bigint(step),
        ]
    }
}

/// `iter(r)`: a range_iterator, or a longrange_iterator for big ranges.
pub fn range_iter(vm: &Vm, r: &RangeData) -> Value {
    match &r.big {
        None => crate::objects::iter::new_range_iter(vm, r.start, r.step, r.len),
        Some(b) => crate::objects::iter::new_long_range_iter(
            vm,
            b.start.clone(),
            b.step.clone(),
            b.len.clone(),
        ),
    }
}

fn range_arg(vm: &Vm, v: &Value) -> PyResult<BigInt> {
    let i = vm.index_value(v)?;
    Ok(int::as_bigint(&i).unwrap_or_default())
}

fn range_new(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.has_kw() {
        return Err(vm.type_error("range() takes no keyword arguments"));
    }
    let a = &args.args[1..];
    let small = match a {
        [Value::Int(stop)] => Some((0, *stop, 1)),
        [Value::Int(start), Value::Int(stop)] => Some((*start, *stop, 1)),
        [Value::Int(start), Value::Int(stop), Value::Int(step)] if *step != 0 => {
            Some((*start, *stop, *step))
        }
        _ => None,
    };
    if let Some((start, stop, step)) = small {
        return Ok(new_range(vm, start, stop, step));
    }
    let (start, stop, step) = match a.len() {
        1 => (BigInt::zero(), range_arg(vm, &a[0])?, BigInt::one()),
        2 => (range_arg(vm, &a[0])?, range_arg(vm, &a[1])?, BigInt::one()),
        3 => (
            range_arg(vm, &a[0])?,
            range_arg(vm, &a[1])?,
            range_arg(vm, &a[2])?,
        ),
        0 => return Err(vm.type_error("range expected at least 1 argument, got 0")),
        n => return Err(vm.type_error(format!("range expected at most 3 arguments, got {n}"))),
    };
    if step.is_zero() {
        return Err(vm.value_error("range() arg 3 must not be zero"));
    }
    Ok(new_range_big(vm, start, stop, step))
}

fn self_range<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a RangeData> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Range(r) => Ok(r),
            _ => Err(vm.type_error("descriptor requires a 'range' object")),
        },
        _ => Err(vm.type_error("descriptor requires a 'range' object")),
    }
}

fn range_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let (start, stop, step, _) = bounds(self_range(vm, &args.args[0])?);
    Ok(vm.new_str(if step.is_one() {
        format!("range({start}, {stop})")
    } else {
        format!("range({start}, {stop}, {step})")
    }))
}

fn range_start(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(vm.new_bigint(bounds(self_range(vm, v)?).0))
}
fn range_stop(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(vm.new_bigint(bounds(self_range(vm, v)?).1))
}
fn range_step(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(vm.new_bigint(bounds(self_range(vm, v)?).2))
}

fn is_exact_int(vm: &Vm, v: &Value) -> bool {
    match v {
        Value::Int(_) | Value::Bool(_) => true,
        Value::Obj(o) => o.class().is(&vm.types.int) || o.class().is(&vm.types.bool_),
        _ => false,
    }
}

fn range_index(vm: &Vm, args: Args) -> PyResult<Value> {
    let r = self_range(vm, &args.args[0])?;
    let item = args.args.get(1).cloned().unwrap_or(Value::None);
    if is_exact_int(vm, &item) {
        let i = int::as_bigint(&item).unwrap_or_default();
        if contains_int(r, &i) {
            let (start, _, step, _) = bounds(r);
            return Ok(vm.new_bigint((i - start) / step));
        }
    } else {
        let it = range_iter(vm, r);
        let mut k: i64 = 0;
        while let Some(x) = vm.next(&it)? {
            if vm.eq(&x, &item)? {
                return Ok(Value::Int(k));
            }
            k += 1;
        }
    }
    Err(vm.value_error(format!("{} is not in range", vm.repr_string(&item)?)))
}

fn range_count(vm: &Vm, args: Args) -> PyResult<Value> {
    let r = self_range(vm, &args.args[0])?;
    let item = args.args.get(1).cloned().unwrap_or(Value::None);
    if is_exact_int(vm, &item) {
        let i = int::as_bigint(&item).unwrap_or_default();
        return Ok(Value::Int(contains_int(r, &i) as i64));
    }
    // Other values count by equality, item by item (3.0 counts as 3).
    let it = range_iter(vm, r);
    let mut n = 0;
    while let Some(x) = vm.next(&it)? {
        if vm.eq(&x, &item)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn range_reversed(vm: &Vm, args: Args) -> PyResult<Value> {
    let r = self_range(vm, &args.args[0])?;
    match &r.big {
        None if r.len == 0 => Ok(crate::objects::iter::new_range_iter(vm, 0, 1, 0)),
        None => {
            // The last element may not fit when start/step are near the limits.
            let last = r.start as i128 + (r.len as i128 - 1) * r.step as i128;
            match i64::try_from(last) {
                Ok(last) if r.step != i64::MIN => Ok(crate::objects::iter::new_range_iter(
                    vm, last, -r.step, r.len,
                )),
                _ => {
                    let (start, _, step, len) = bounds(r);
                    let last = &start + &step * (&len - 1u32);
                    Ok(crate::objects::iter::new_long_range_iter(
                        vm, last, -step, len,
                    ))
                }
            }
        }
        Some(b) => {
            if b.len.is_zero() {
                return Ok(crate::objects::iter::new_range_iter(vm, 0, 1, 0));
            }
            let last = &b.start + &b.step * (&b.len - 1u32);
            Ok(crate::objects::iter::new_long_range_iter(
                vm,
                last,
                -b.step.clone(),
                b.len.clone(),
            ))
        }
    }
}

fn range_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let r = self_range(vm, &args.args[0])?;
    let (start, stop, step, _) = bounds(r);
    Ok(vm.new_tuple(vec![
        Value::Obj(vm.types.range.clone()),
        vm.new_tuple(vec![
            vm.new_bigint(start),
            vm.new_bigint(stop),
            vm.new_bigint(step),
        ]),
    ]))
}

/// Install the range type's methods.
pub fn init(vm: &Vm) {
    let r = &vm.types.range;
    vm.add_static(r, "__new__", range_new);
    vm.add_method(r, "__repr__", range_repr);
    vm.add_method(r, "index", range_index);
    vm.add_method(r, "count", range_count);
    vm.add_method(r, "__reversed__", range_reversed);
    vm.add_method(r, "__reduce__", range_reduce);
    vm.add_getset(r, "start", range_start, None);
    vm.add_getset(r, "stop", range_stop, None);
    vm.add_getset(r, "step", range_step, None);
}
