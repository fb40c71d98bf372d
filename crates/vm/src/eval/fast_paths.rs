//! Fast paths of the eval loop: arithmetic on immediate ints and floats, iteration and
//! subscripts of exact built-in containers, taken before the general protocols.

use super::*;
use crate::object::ViewKind;

/// `x OP y` for two small ints when the result is a small int or float computed exactly
/// as the general path would (None: take the general path). `arg` is a `BinaryOpArg`;
/// in-place variants behave as the plain ones on immutable ints.
#[inline(always)]
pub(super) fn int_binop_fast(x: i64, y: i64, arg: u32) -> Option<Value> {
    let op = if arg >= 13 { arg - 13 } else { arg };
    match op {
        0 => x.checked_add(y).map(Value::Int),
        10 => x.checked_sub(y).map(Value::Int),
        5 => x.checked_mul(y).map(Value::Int),
        1 => Some(Value::Int(x & y)),
        7 => Some(Value::Int(x | y)),
        12 => Some(Value::Int(x ^ y)),
        2 if y != 0 && !(x == i64::MIN && y == -1) => {
            Some(Value::Int(num_integer::Integer::div_floor(&x, &y)))
        }
        6 if y != 0 && y != -1 => Some(Value::Int(num_integer::Integer::mod_floor(&x, &y))),
        9 if y >= 0 => Some(Value::Int(if y >= 64 {
            if x < 0 {
                -1
            } else {
                0
            }
        } else {
            x >> y
        })),
        3 if (0..63).contains(&y) => {
            let r = x << y;
            if r >> y == x {
                Some(Value::Int(r))
            } else {
                None
            }
        }
        11 if y != 0 && x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) => {
            Some(Value::Float(x as f64 / y as f64))
        }
        _ => None,
    }
}

/// `x OP y` for floats, for the operators that cannot fail (None: general path).
#[inline(always)]
pub(super) fn float_binop_fast(x: f64, y: f64, arg: u32) -> Option<Value> {
    let op = if arg >= 13 { arg - 13 } else { arg };
    match op {
        0 => Some(Value::Float(x + y)),
        10 => Some(Value::Float(x - y)),
        5 => Some(Value::Float(x * y)),
        11 if y != 0.0 => Some(Value::Float(x / y)),
        _ => None,
    }
}

/// The next item of a range or list iterator, without dispatch (None: general path).
#[inline(always)]
pub(super) fn for_iter_fast(it: &Value) -> Option<Option<Value>> {
    let k = match it {
        Value::Obj(o) => match &o.payload {
            Payload::Iter(k) => k,
            _ => return None,
        },
        _ => return None,
    };
    match k {
        crate::objects::iter::IterKind::Range {
            next,
            step,
            remaining,
            ..
        } => Some(crate::objects::iter::range_step(next, *step, remaining).map(Value::Int)),
        crate::objects::iter::IterKind::Seq { seq, index } => {
            let s = seq.get();
            let Value::Obj(so) = &s else {
                return None;
            };
            match &so.payload {
                Payload::List(l) => {
                    let i = index.get();
                    let item = l.borrow().get(i).cloned();
                    match item {
                        Some(v) => {
                            index.set(i + 1);
                            Some(Some(v))
                        }
                        None => None,
                    }
                }
                _ => None,
            }
        }
        crate::objects::iter::IterKind::Dict {
            kind: kind @ (ViewKind::Keys | ViewKind::Values),
            ..
        } => dict_iter_step(k, |e| match kind {
            ViewKind::Keys => e.key.clone(),
            _ => e.value.clone(),
        })
        .map(Some),
        _ => None,
    }
}

/// The next entry of a forward dict iterator in its ordinary state, made into an item by
/// `pick` (None: the general path, `iter_next`, takes the step; it also reports a dict
/// that changed and ends the iteration). An iterator that ended or saw a change keeps
/// its position at a sentinel past every entry, where `next_live` finds nothing.
#[inline(always)]
fn dict_iter_step<R>(
    k: &crate::objects::iter::IterKind,
    pick: impl FnOnce(crate::objects::dict::EntryRef<'_>) -> R,
) -> Option<R> {
    let crate::objects::iter::IterKind::Dict {
        dict: d,
        pos,
        size,
        remaining,
        reverse: false,
        ..
    } = k
    else {
        return None;
    };
    let t = dict::table(d).try_borrow().ok()?;
    let left = remaining.get();
    if left == 0 || t.len() != *size {
        return None;
    }
    let (p, e) = t.next_live(pos.get())?;
    let item = pick(e);
    pos.set(p + 1);
    remaining.set(left - 1);
    Some(item)
}

/// `FOR_ITER` over a dict's items followed by `UNPACK_SEQUENCE 2` (`for k, v in
/// d.items()`): the key and the value, with no items tuple between them (None: the
/// iterator is something else, or the next instruction does not unpack a pair).
#[inline(always)]
pub(super) fn dict_items_for_unpack(
    vm: &Vm,
    it: &Value,
    instrs: &[Instruction],
    pc: usize,
) -> Option<[Value; 2]> {
    let Value::Obj(o) = it else {
        return None;
    };
    let Payload::Iter(
        k @ crate::objects::iter::IterKind::Dict {
            kind: ViewKind::Items,
            result,
            ..
        },
    ) = &o.payload
    else {
        return None;
    };
    let next = instrs.get(pc)?;
    if next.op_byte() != op::UNPACK_SEQUENCE || next.arg() != 2 {
        return None;
    }
    let pair = dict_iter_step(k, |e| [e.key.clone(), e.value.clone()])?;
    crate::objects::iter::keep_pair(vm, result, &pair[0], &pair[1]);
    Some(pair)
}

/// `container[key]` for an exact list or tuple and an int index in range (None: general
/// path).
#[inline]
pub(super) fn subscr_fast(vm: &Vm, c: &Value, k: &Value) -> Option<Value> {
    let (Value::Obj(o), Value::Int(i)) = (c, k) else {
        return None;
    };
    let i = *i;
    match &o.payload {
        Payload::List(l) if o.class().is(&vm.types.list) => {
            let l = l.borrow();
            let ix = if i < 0 { i + l.len() as i64 } else { i };
            if ix < 0 {
                return None;
            }
            l.get(ix as usize).cloned()
        }
        Payload::Tuple(t) if o.class().is(&vm.types.tuple) => {
            let ix = if i < 0 { i + t.len() as i64 } else { i };
            if ix < 0 {
                return None;
            }
            t.get(ix as usize).cloned()
        }
        _ => None,
    }
}

/// `container[key] = value` for an exact list and an int index in range (gives the value
/// back when the general path must run).
#[inline]
pub(super) fn store_subscr_fast(vm: &Vm, c: &Value, k: &Value, v: Value) -> Option<Value> {
    let (Value::Obj(o), Value::Int(i)) = (c, k) else {
        return Some(v);
    };
    match &o.payload {
        Payload::List(l) if o.class().is(&vm.types.list) => {
            let old = {
                let mut l = l.borrow_mut();
                let ix = if *i < 0 { *i + l.len() as i64 } else { *i };
                if ix < 0 || ix as usize >= l.len() {
                    return Some(v);
                }
                std::mem::replace(&mut l[ix as usize], v)
            };
            // Released after the list is (its destructor may run code).
            drop(old);
            None
        }
        _ => Some(v),
    }
}
