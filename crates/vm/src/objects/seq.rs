//! Sequence operations shared by list, tuple, str, bytes, bytearray and range: indexing,
//! slicing, concatenation, repetition, comparison; plus the list, tuple, range and slice
//! types' methods.

use std::cell::RefCell;

use pyrs_compiler::bytecode::CompareOpArg;

use crate::memory::ObjRef;
use crate::object::Payload;
use crate::objects::str::PyStr;
use crate::objects::typeobj::tdata;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

/// Resolve slice bounds for a sequence of length `len` (CPython's PySlice_AdjustIndices).
pub fn slice_indices(vm: &Vm, s: &[Value; 3], len: i64) -> PyResult<(i64, i64, i64, i64)> {
    slice_indices_at(vm, s, || len)
}

/// `slice_indices` for a sequence whose length `len` gives once the bounds'
/// `__index__` methods ran (they may resize it), as CPython unpacks a slice before it
/// adjusts the bounds to the length.
pub fn slice_indices_at(
    vm: &Vm,
    s: &[Value; 3],
    len: impl FnOnce() -> i64,
) -> PyResult<(i64, i64, i64, i64)> {
    let step = match &s[2] {
        Value::None => 1,
        v => vm.to_index(v).or_else(|e| {
            if vm.exc_matches(&e, &vm.exc.overflow_error) {
                Ok(
                    if crate::objects::int::as_bigint(v)
                        .map(|b| b.sign() == num_bigint::Sign::Minus)
                        .unwrap_or(false)
                    {
                        -i64::MAX
                    } else {
                        i64::MAX
                    },
                )
            } else {
                Err(slice_index_error(vm, e))
            }
        })?,
    };
    if step == 0 {
        return Err(vm.value_error("slice step cannot be zero"));
    }
    let unpack = |v: &Value| -> PyResult<Option<i64>> {
        match v {
            Value::None => Ok(None),
            v => match vm.to_index(v) {
                Ok(i) => Ok(Some(i)),
                Err(e) if vm.exc_matches(&e, &vm.exc.overflow_error) => Ok(Some(
                    if crate::objects::int::as_bigint(v)
                        .map(|b| b.sign() == num_bigint::Sign::Minus)
                        .unwrap_or(false)
                    {
                        i64::MIN / 2
                    } else {
                        i64::MAX / 2
                    },
                )),
                Err(e) => Err(slice_index_error(vm, e)),
            },
        }
    };
    let (start, stop) = (unpack(&s[0])?, unpack(&s[1])?);
    let len = len();
    let clamp = |v: Option<i64>, default: i64| -> PyResult<i64> {
        match v {
            None => Ok(default),
            Some(i) => Ok(if i < 0 {
                let j = i + len;
                if j < 0 {
                    if step < 0 {
                        -1
                    } else {
                        0
                    }
                } else {
                    j
                }
            } else if i >= len {
                if step < 0 {
                    len - 1
                } else {
                    len
                }
            } else {
                i
            }),
        }
    };
    let (start, stop) = if step < 0 {
        (clamp(start, len - 1)?, clamp(stop, -1)?)
    } else {
        (clamp(start, 0)?, clamp(stop, len)?)
    };
    let n = if step < 0 {
        if stop < start {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        }
    } else if start < stop {
        (stop - start - 1) / step + 1
    } else {
        0
    };
    Ok((start, stop, step, n))
}

fn slice_index_error(vm: &Vm, e: ObjRef) -> ObjRef {
    if vm.exc_matches(&e, &vm.exc.type_error) {
        return vm.type_error("slice indices must be integers or None or have an __index__ method");
    }
    e
}

fn seq_name(o: &ObjRef) -> &'static str {
    match &o.payload {
        Payload::List(_) => "list",
        Payload::Tuple(_) => "tuple",
        Payload::Str(_) => "string",
        Payload::Bytes(_) => "index",
        Payload::ByteArray(_) => "bytearray",
        Payload::Range(_) => "range object",
        _ => "sequence",
    }
}

/// The position `key` names in `o`, whose length `len` gives once `key.__index__` ran
/// (it may resize a list or bytearray).
fn index_of(vm: &Vm, o: &ObjRef, key: &Value, len: impl FnOnce() -> usize) -> PyResult<usize> {
    let i = match key {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        _ => match vm.to_index(key) {
            Ok(i) => i,
            Err(e)
                if vm.exc_matches(&e, &vm.exc.type_error)
                    && vm.lookup_special(key, &vm.names.__index__).is_none() =>
            {
                let what = match &o.payload {
                    Payload::Str(_) => "string",
                    Payload::List(_) => "list",
                    Payload::Tuple(_) => "tuple",
                    Payload::Range(_) => "range",
                    Payload::Bytes(_) => "byte",
                    _ => "sequence",
                };
                let sfx = if matches!(o.payload, Payload::Range(_)) {
                    ""
                } else {
                    "s"
                };
                let _ = sfx;
                if matches!(o.payload, Payload::Str(_)) {
                    return Err(vm.type_error(format!(
                        "string indices must be integers, not '{}'",
                        vm.type_name(key)
                    )));
                }
                return Err(vm.type_error(format!(
                    "{what} indices must be integers or slices, not {}",
                    vm.type_name(key)
                )));
            }
            Err(e) if vm.exc_matches(&e, &vm.exc.overflow_error) => {
                return Err(vm.index_error(format!(
                    "cannot fit '{}' into an index-sized integer",
                    vm.type_name(key)
                )))
            }
            Err(e) => return Err(e),
        },
    };
    let len = len();
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        return Err(vm.index_error(match &o.payload {
            Payload::Bytes(_) => "index out of range".to_string(),
            _ => format!("{} index out of range", seq_name(o)),
        }));
    }
    Ok(j as usize)
}

fn as_slice(key: &Value) -> Option<&[Value; 3]> {
    match key {
        Value::Obj(k) => match &k.payload {
            Payload::Slice(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

pub fn seq_getitem(vm: &Vm, o: &ObjRef, key: &Value) -> PyResult<Value> {
    if let Some(s) = as_slice(key) {
        return seq_getslice(vm, o, s);
    }
    match &o.payload {
        Payload::List(l) => {
            let i = index_of(vm, o, key, || l.borrow().len())?;
            Ok(l.borrow()[i].clone())
        }
        Payload::Tuple(t) => Ok(t[index_of(vm, o, key, || t.len())?].clone()),
        Payload::Str(s) => {
            let i = index_of(vm, o, key, || s.char_len())?;
            let cp = s.code_point_at(i);
            Ok(str_from_cp(vm, cp))
        }
        Payload::Bytes(b) => Ok(Value::Int(b[index_of(vm, o, key, || b.len())?] as i64)),
        Payload::ByteArray(b) => {
            let i = index_of(vm, o, key, || b.borrow().len())?;
            Ok(Value::Int(b.borrow()[i] as i64))
        }
        Payload::Range(r) => crate::objects::range::range_item(vm, r, key),
        _ => Err(vm.type_error("not a sequence")),
    }
}

pub fn str_from_cp(vm: &Vm, cp: u32) -> Value {
    if cp < 128 {
        let c = [cp as u8];
        return Value::Obj(vm.intern(std::str::from_utf8(&c).unwrap_or("")));
    }
    vm.new_pystr(PyStr::from_code_points(&[cp]))
}

fn pick<T: Clone>(items: &[T], start: i64, step: i64, n: i64) -> Vec<T> {
    if step == 1 && n > 0 {
        // A contiguous run: one bounds check, then a plain copy.
        if let Some(run) = items.get(start as usize..(start + n) as usize) {
            return run.to_vec();
        }
    }
    let mut out = Vec::with_capacity(n.max(0) as usize);
    let mut i = start;
    for _ in 0..n {
        out.push(items[i as usize].clone());
        i = i.wrapping_add(step);
    }
    out
}

/// `o[s]` for a sequence `o` and slice bounds `s` (also what the eval loop's BuildSlice +
/// BinarySubscr give an exact list or tuple, no slice object made).
pub fn seq_getslice(vm: &Vm, o: &ObjRef, s: &[Value; 3]) -> PyResult<Value> {
    match &o.payload {
        Payload::List(l) => {
            let (start, _, step, n) = slice_indices_at(vm, s, || l.borrow().len() as i64)?;
            let items = pick(&l.borrow(), start, step, n);
            Ok(vm.new_list(items))
        }
        Payload::Tuple(t) => {
            let (start, _, step, n) = slice_indices(vm, s, t.len() as i64)?;
            if step == 1 && n == t.len() as i64 && o.class().is(&vm.types.tuple) {
                return Ok(Value::Obj(o.clone()));
            }
            Ok(vm.new_tuple(pick(t, start, step, n)))
        }
        Payload::Str(st) => {
            let (start, _, step, n) = slice_indices(vm, s, st.char_len() as i64)?;
            let b = st.as_bytes();
            if st.is_ascii() {
                if step == 1 {
                    let from = start.max(0) as usize;
                    let to = (from + n.max(0) as usize).min(b.len());
                    return Ok(crate::objects::str::new_ascii(vm, &b[from.min(to)..to]));
                }
                let bytes = pick(b, start, step, n);
                return Ok(crate::objects::str::new_ascii(vm, &bytes));
            }
            if step == -1 && n == st.char_len() as i64 && !st.has_surrogates() {
                // The whole text reversed: each character's bytes, read front to back,
                // land whole at the mirrored position.
                let len = b.len();
                let mut out = vec![0u8; len];
                let mut i = 0;
                while i < len {
                    let c = b[i];
                    if c < 0x80 {
                        out[len - 1 - i] = c;
                        i += 1;
                        continue;
                    }
                    let l = if c < 0xE0 {
                        2
                    } else if c < 0xF0 {
                        3
                    } else {
                        4
                    };
                    let l = l.min(len - i);
                    out[len - i - l..len - i].copy_from_slice(&b[i..i + l]);
                    i += l;
                }
                return Ok(vm.new_pystr(PyStr::from_utf8_known(out, st.char_len(), false)));
            }
            // Where each character starts (and the end): the picked characters' bytes
            // are copied whole.
            let mut starts: Vec<usize> = Vec::with_capacity(st.char_len() + 1);
            starts.extend(
                b.iter()
                    .enumerate()
                    .filter(|&(_, &c)| (c as i8) >= -0x40)
                    .map(|(i, _)| i),
            );
            starts.push(b.len());
            let mut out = Vec::with_capacity(if step == 1 { b.len() } else { n as usize * 2 });
            let mut k = start;
            for _ in 0..n {
                let (Some(&from), Some(&to)) = (starts.get(k as usize), starts.get(k as usize + 1))
                else {
                    break;
                };
                match &b[from..to] {
                    [x] => out.push(*x),
                    [x, y] => {
                        out.push(*x);
                        out.push(*y);
                    }
                    piece => out.extend_from_slice(piece),
                }
                k += step;
            }
            if st.has_surrogates() {
                return Ok(vm.new_pystr(PyStr::from_wtf8(out)));
            }
            Ok(vm.new_pystr(PyStr::from_utf8_vec(out)))
        }
        Payload::Bytes(b) => {
            let (start, _, step, n) = slice_indices(vm, s, b.len() as i64)?;
            Ok(vm.new_bytes(pick(b, start, step, n)))
        }
        Payload::ByteArray(b) => {
            let (start, _, step, n) = slice_indices_at(vm, s, || b.borrow().len() as i64)?;
            let v = pick(&b.borrow(), start, step, n);
            Ok(Value::Obj(ObjRef::new(
                &vm.types.bytearray,
                Payload::ByteArray(RefCell::new(v)),
            )))
        }
        Payload::Range(r) => crate::objects::range::range_slice(vm, r, s),
        _ => Err(vm.type_error("not a sequence")),
    }
}

/// `o[s] = value` (`None`: `del o[s]`) for a list `o` and slice bounds `s` (also what
/// the eval loop's BuildSlice + StoreSubscr give an exact list, no slice object made).
pub fn list_setslice(
    vm: &Vm,
    o: &ObjRef,
    l: &RefCell<Vec<Value>>,
    s: &[Value; 3],
    value: Option<Value>,
) -> PyResult<()> {
    let items = match &value {
        Some(v) => Some(if matches!(v, Value::Obj(vo) if vo.is(o)) {
            l.borrow().clone()
        } else {
            vm.collect(v).map_err(|e| {
                if vm.exc_matches(&e, &vm.exc.type_error) && vm.iter(v).is_err() {
                    let extended = !matches!(&s[2], Value::None) && !matches!(&s[2], Value::Int(1));
                    vm.type_error(if extended {
                        "must assign iterable to extended slice"
                    } else {
                        "can only assign an iterable"
                    })
                } else {
                    e
                }
            })?
        }),
        None => None,
    };
    let (start, stop, step, n) = slice_indices_at(vm, s, || l.borrow().len() as i64)?;
    list_assign_slice(vm, l, start, stop, step, n, items)
}

pub fn seq_setitem(vm: &Vm, o: &ObjRef, key: &Value, value: Option<Value>) -> PyResult<()> {
    if let Some(s) = as_slice(key) {
        return match &o.payload {
            Payload::List(l) => list_setslice(vm, o, l, s, value),
            Payload::ByteArray(b) => {
                let items: Option<Vec<Value>> = match &value {
                    Some(v) => Some(
                        bytearray_slice_source(vm, v)?
                            .into_iter()
                            .map(|x| Value::Int(x as i64))
                            .collect(),
                    ),
                    None => None,
                };
                let (start, stop, step, n) = slice_indices_at(vm, s, || b.borrow().len() as i64)?;
                let mut tmp = RefCell::new(
                    b.borrow()
                        .iter()
                        .map(|&x| Value::Int(x as i64))
                        .collect::<Vec<_>>(),
                );
                if let Some(items) = &items {
                    if step != 1 && items.len() as i64 != n {
                        return Err(vm.value_error(format!(
                            "attempt to assign bytes of size {} to extended slice of size {n}",
                            items.len()
                        )));
                    }
                }
                list_assign_slice(vm, &tmp, start, stop, step, n, items)?;
                if tmp.get_mut().len() != b.borrow().len() {
                    crate::objects::memoryview::check_resizable(vm, &Value::Obj(o.clone()))?;
                }
                *b.borrow_mut() = tmp
                    .get_mut()
                    .iter()
                    .map(|v| if let Value::Int(i) = v { *i as u8 } else { 0 })
                    .collect();
                Ok(())
            }
            _ => Err(vm.type_error("object does not support slice assignment")),
        };
    }
    match &o.payload {
        Payload::List(l) => {
            let i = index_of(vm, o, key, || l.borrow().len()).map_err(|e| {
                if vm.exc_matches(&e, &vm.exc.index_error) {
                    vm.index_error("list assignment index out of range")
                } else {
                    e
                }
            })?;
            let old = match value {
                Some(v) => std::mem::replace(&mut l.borrow_mut()[i], v),
                None => l.borrow_mut().remove(i),
            };
            drop(old);
            Ok(())
        }
        Payload::ByteArray(b) => {
            // The value is converted before the bounds check (GH-91153): its __index__
            // may resize the bytearray.
            let byte = match &value {
                Some(v) => {
                    let x = vm.to_index(v)?;
                    if !(0..256).contains(&x) {
                        return Err(vm.value_error("byte must be in range(0, 256)"));
                    }
                    Some(x as u8)
                }
                None => None,
            };
            let i = index_of(vm, o, key, || b.borrow().len())?;
            if i >= b.borrow().len() {
                return Err(vm.index_error("bytearray index out of range"));
            }
            match byte {
                Some(x) => {
                    b.borrow_mut()[i] = x;
                }
                None => {
                    crate::objects::memoryview::check_resizable(vm, &Value::Obj(o.clone()))?;
                    b.borrow_mut().remove(i);
                }
            }
            Ok(())
        }
        _ => Err(vm.type_error("object does not support item assignment")),
    }
}

fn list_assign_slice(
    vm: &Vm,
    l: &RefCell<Vec<Value>>,
    start: i64,
    stop: i64,
    step: i64,
    n: i64,
    items: Option<Vec<Value>>,
) -> PyResult<()> {
    match items {
        None => {
            let mut v = l.borrow_mut();
            let mut removed = Vec::new();
            if step == 1 {
                if n > 0 {
                    removed.extend(v.drain(start as usize..(start + n) as usize));
                }
            } else {
                let mut idx: Vec<i64> = (0..n).map(|k| start + k * step).collect();
                idx.sort_unstable();
                for i in idx.into_iter().rev() {
                    removed.push(v.remove(i as usize));
                }
            }
            drop(v);
            // CPython releases removed items from the last to the first (for an
            // extended slice: in increasing index order, as `removed` holds them reversed).
            while let Some(x) = removed.pop() {
                drop(x);
            }
            Ok(())
        }
        Some(items) => {
            if step == 1 {
                let mut v = l.borrow_mut();
                let stop = stop.max(start) as usize;
                let mut items = items;
                if let Some(run) = v.get_mut(start as usize..stop) {
                    if run.len() == items.len() {
                        // As many items as replaced: swapped in place, the old ones end up
                        // in `items`, released from the last to the first.
                        run.swap_with_slice(&mut items);
                        drop(v);
                        while let Some(x) = items.pop() {
                            drop(x);
                        }
                        return Ok(());
                    }
                }
                let mut old: Vec<Value> = v.splice(start as usize..stop, items).collect();
                drop(v);
                // Released from the last to the first, as CPython's list_ass_slice.
                while let Some(x) = old.pop() {
                    drop(x);
                }
                Ok(())
            } else {
                if items.len() as i64 != n {
                    return Err(vm.value_error(format!(
                        "attempt to assign sequence of size {} to extended slice of size {n}",
                        items.len()
                    )));
                }
                let mut v = l.borrow_mut();
                let mut old = Vec::new();
                for (k, it) in items.into_iter().enumerate() {
                    let i = (start + k as i64 * step) as usize;
                    old.push(std::mem::replace(&mut v[i], it));
                }
                drop(v);
                drop(old);
                Ok(())
            }
        }
    }
}

pub fn seq_contains(vm: &Vm, o: &ObjRef, item: &Value) -> PyResult<bool> {
    match &o.payload {
        Payload::List(l) => {
            let mut i = 0;
            loop {
                let x = match l.borrow().get(i) {
                    Some(x) => x.clone(),
                    None => return Ok(false),
                };
                if vm.eq(&x, item)? {
                    return Ok(true);
                }
                i += 1;
            }
        }
        Payload::Tuple(t) => {
            for x in t.iter() {
                if vm.eq(x, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Payload::Str(s) => match item {
            Value::Obj(io) => match &io.payload {
                Payload::Str(sub) => {
                    Ok(crate::objects::str::find_bytes(s.as_bytes(), sub.as_bytes()).is_some())
                }
                _ => Err(vm.type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    vm.type_name(item)
                ))),
            },
            _ => Err(vm.type_error(format!(
                "'in <string>' requires string as left operand, not {}",
                vm.type_name(item)
            ))),
        },
        Payload::Bytes(_) | Payload::ByteArray(_) => {
            let hay = crate::objects::bytes::bytes_from_value(vm, &Value::Obj(o.clone()))?;
            match item {
                Value::Int(_) | Value::Bool(_) => {
                    let i = match item {
                        Value::Bool(b) => *b as i64,
                        Value::Int(i) => *i,
                        _ => 0,
                    };
                    if !(0..256).contains(&i) {
                        return Err(vm.value_error("byte must be in range(0, 256)"));
                    }
                    Ok(hay.contains(&(i as u8)))
                }
                _ => {
                    let needle = crate::objects::bytes::bytes_from_value(vm, item)?;
                    Ok(crate::objects::str::find_bytes(&hay, &needle).is_some())
                }
            }
        }
        Payload::Range(r) => crate::objects::range::range_contains(vm, r, item),
        _ => Ok(false),
    }
}

pub fn seq_concat(vm: &Vm, a: &ObjRef, b: &Value) -> PyResult<Value> {
    let bo = match b {
        Value::Obj(o) => o,
        _ => return Ok(vm.not_implemented()),
    };
    match (&a.payload, &bo.payload) {
        (Payload::Str(x), Payload::Str(y)) => Ok(vm.new_pystr(PyStr::concat(x, y))),
        (Payload::List(x), Payload::List(y)) => {
            let mut v = x.borrow().clone();
            v.extend(y.borrow().iter().cloned());
            Ok(vm.new_list(v))
        }
        (Payload::Tuple(x), Payload::Tuple(y)) => {
            let mut v = x.to_vec();
            v.extend(y.iter().cloned());
            Ok(vm.new_tuple(v))
        }
        (Payload::Bytes(_) | Payload::ByteArray(_), _) => {
            let mut x = crate::objects::bytes::bytes_from_value(vm, &Value::Obj(a.clone()))?;
            let y = match crate::objects::bytes::bytes_from_value(vm, b) {
                Ok(y) => y,
                Err(_) => return Ok(vm.not_implemented()),
            };
            x.extend(y);
            if matches!(a.payload, Payload::ByteArray(_)) {
                return Ok(Value::Obj(ObjRef::new(
                    &vm.types.bytearray,
                    Payload::ByteArray(RefCell::new(x)),
                )));
            }
            Ok(vm.new_bytes(x))
        }
        _ => Ok(vm.not_implemented()),
    }
}

/// The bytes a bytearray slice assignment stores: a buffer's bytes or an iterable of
/// ints in range(256) (numbers and str are refused, as in CPython).
fn bytearray_slice_source(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(b) = crate::objects::memoryview::bytes_like(v) {
        return Ok(b);
    }
    let number = crate::objects::int::is_int(v)
        || matches!(v, Value::Float(_))
        || matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Str(_) | Payload::Float(_) | Payload::Complex(..)))
        || vm.lookup_special(v, &vm.names.__index__).is_some();
    if number {
        return Err(
            vm.type_error("can assign only bytes, buffers, or iterables of ints in range(0, 256)")
        );
    }
    crate::objects::bytes::make_bytes(vm, Some(v), None, None, "bytearray")
}

pub fn seq_repeat(vm: &Vm, a: &ObjRef, n: &Value) -> PyResult<Value> {
    let n = match vm.to_index(n) {
        Ok(n) => n.max(0) as usize,
        Err(e) if vm.exc_matches(&e, &vm.exc.overflow_error) => {
            return Err(vm.overflow_error("cannot fit 'int' into an index-sized integer"))
        }
        Err(e) => return Err(e),
    };
    // str and bytes refuse a length past the ssize_t range as CPython does.
    let too_long = |len: usize, what: &str| -> PyResult<()> {
        if len.checked_mul(n).is_none_or(|t| t > isize::MAX as usize) {
            return Err(vm.overflow_error(what.to_string()));
        }
        Ok(())
    };
    match &a.payload {
        Payload::Str(s) => {
            too_long(s.char_len(), "repeated string is too long")?;
            let out = repeat_items(vm, s.as_bytes(), n)?;
            Ok(vm.new_pystr(PyStr::from_wtf8(out)))
        }
        Payload::List(l) => {
            let base = l.borrow().clone();
            Ok(vm.new_list(repeat_items(vm, &base, n)?))
        }
        Payload::Tuple(t) => Ok(vm.new_tuple(repeat_items(vm, t, n)?)),
        Payload::Bytes(b) => {
            too_long(b.len(), "repeated bytes are too long")?;
            Ok(vm.new_bytes(repeat_items(vm, b, n)?))
        }
        Payload::ByteArray(b) => {
            let base = b.borrow().clone();
            let v = repeat_items(vm, &base, n)?;
            Ok(Value::Obj(ObjRef::new(
                &vm.types.bytearray,
                Payload::ByteArray(RefCell::new(v)),
            )))
        }
        _ => Ok(vm.not_implemented()),
    }
}

/// `items * n` as a new vector; MemoryError when it cannot be allocated (never an
/// allocation abort).
pub fn repeat_items<T: Clone>(vm: &Vm, items: &[T], n: usize) -> PyResult<Vec<T>> {
    let total = items
        .len()
        .checked_mul(n)
        .filter(|t| {
            t.checked_mul(std::mem::size_of::<T>().max(1))
                .is_some_and(|b| b <= isize::MAX as usize)
        })
        .ok_or_else(|| vm.new_exception(&vm.exc.memory_error, Vec::new()))?;
    let mut out: Vec<T> = Vec::new();
    if out.try_reserve_exact(total).is_err() {
        return Err(vm.new_exception(&vm.exc.memory_error, Vec::new()));
    }
    for _ in 0..n {
        out.extend_from_slice(items);
    }
    Ok(out)
}

/// Lexicographic comparison of two sequences, as CPython's list/tuple richcompare.
pub fn compare_seqs(vm: &Vm, x: &[Value], y: &[Value], op: CompareOpArg) -> PyResult<Value> {
    if x.len() != y.len() && matches!(op, CompareOpArg::Eq | CompareOpArg::Ne) {
        return Ok(Value::Bool(op == CompareOpArg::Ne));
    }
    let n = x.len().min(y.len());
    for i in 0..n {
        if !vm.eq(&x[i], &y[i])? {
            return match op {
                CompareOpArg::Eq => Ok(Value::Bool(false)),
                CompareOpArg::Ne => Ok(Value::Bool(true)),
                _ => vm.rich_compare(&x[i], &y[i], op),
            };
        }
    }
    Ok(Value::Bool(crate::objects::object::cmp_ord(
        x.len().cmp(&y.len()),
        op,
    )))
}

/// Lexicographic comparison of two lists read live, as CPython's list richcompare: an
/// `__eq__` that resizes either list ends the scan where the shorter one now ends.
pub fn compare_lists(
    vm: &Vm,
    x: &RefCell<Vec<Value>>,
    y: &RefCell<Vec<Value>>,
    op: CompareOpArg,
) -> PyResult<Value> {
    let item_pair = |i: usize| -> Option<(Value, Value)> {
        Some((x.borrow().get(i)?.clone(), y.borrow().get(i)?.clone()))
    };
    if x.borrow().len() != y.borrow().len() && matches!(op, CompareOpArg::Eq | CompareOpArg::Ne) {
        return Ok(Value::Bool(op == CompareOpArg::Ne));
    }
    let mut i = 0;
    while let Some((a, b)) = item_pair(i) {
        if !vm.eq(&a, &b)? {
            break;
        }
        i += 1;
    }
    match (op, item_pair(i)) {
        (_, None) => Ok(Value::Bool(crate::objects::object::cmp_ord(
            x.borrow().len().cmp(&y.borrow().len()),
            op,
        ))),
        (CompareOpArg::Eq, Some(_)) => Ok(Value::Bool(false)),
        (CompareOpArg::Ne, Some(_)) => Ok(Value::Bool(true)),
        (_, Some((a, b))) => vm.rich_compare(&a, &b, op),
    }
}

// ----- list methods ------------------------------------------------------------------

fn self_list<'a>(vm: &Vm, args: &'a Args) -> PyResult<&'a RefCell<Vec<Value>>> {
    match args.args.first() {
        Some(Value::Obj(o)) => o
            .payload
            .as_list()
            .ok_or_else(|| vm.type_error("descriptor requires a 'list' object")),
        _ => Err(vm.type_error("descriptor requires a 'list' object")),
    }
}

fn nargs(vm: &Vm, args: &Args, name: &str, min: usize, max: usize) -> PyResult<()> {
    if args.has_kw() {
        return Err(vm.type_error(format!("{name}() takes no keyword arguments")));
    }
    let n = args.args.len() - 1;
    if n < min || n > max {
        if min == max {
            if min == 0 {
                return Err(vm.type_error(format!("{name}() takes no arguments ({n} given)")));
            }
            if min == 1 {
                return Err(
                    vm.type_error(format!("{name}() takes exactly one argument ({n} given)"))
                );
            }
            return Err(vm.type_error(format!("{name} expected {min} arguments, got {n}")));
        }
        if n < min {
            return Err(vm.type_error(format!(
                "{name} expected at least {min} argument{}, got {n}",
                if min == 1 { "" } else { "s" }
            )));
        }
        return Err(vm.type_error(format!(
            "{name} expected at most {max} argument{}, got {n}",
            if max == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

fn list_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = args
        .args
        .first()
        .and_then(|c| c.as_obj().cloned())
        .ok_or_else(|| vm.type_error("list.__new__(X): X is not a type object"))?;
    let o = ObjRef::new(&cls, Payload::List(RefCell::new(Vec::new())));
    if tdata(&cls).is_heap() {
        o.give_dict(|| vm.new_dict_obj());
    }
    Ok(Value::Obj(o))
}

fn list_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let l = self_list(vm, &args)?;
    if args.has_kw() {
        return Err(vm.type_error("list() takes no keyword arguments"));
    }
    if args.args.len() > 2 {
        return Err(vm.type_error(format!(
            "list expected at most 1 argument, got {}",
            args.args.len() - 1
        )));
    }
    let items = match args.args.get(1) {
        Some(v) => vm.collect(v)?,
        None => Vec::new(),
    };
    let old = std::mem::replace(&mut *l.borrow_mut(), items);
    drop(old);
    Ok(Value::None)
}

fn list_append(vm: &Vm, args: Args) -> PyResult<Value> {
    nargs(vm, &args, "list.append", 1, 1)?;
    crate::memory::list_push(
        &mut self_list(vm, &args)?.borrow_mut(),
        args.args[1].clone(),
    );
    Ok(Value::None)
}

fn list_extend(vm: &Vm, args: Args) -> PyResult<Value> {
    nargs(vm, &args, "list.extend", 1, 1)?;
    let l = self_list(vm, &args)?;
    let items = vm.collect(&args.args[1])?;
    l.borrow_mut().extend(items);
    Ok(Value::None)
}

fn list_pop(vm: &Vm, args: Args) -> PyResult<Value> {
    nargs(vm, &args, "pop", 0, 1)?;
    let l = self_list(vm, &args)?;
    let i = match args.args.get(1) {
        Some(v) => vm.to_index(v)?,
        None => -1,
    };
    let len = l.borrow().len() as i64;
    if len == 0 {
        return Err(vm.index_error("pop from empty list"));
    }
    let j = if i < 0 { i + len } else { i };
    if j < 0 || j >= len {
        return Err(vm.index_error("pop index out of range"));
    }
    let v = l.borrow_mut().remove(j as usize);
    Ok(v)
}

fn list_insert(vm: &Vm, args: Args) -> PyResult<Value> {
    nargs(vm, &args, "insert", 2, 2)?;
    let l = self_list(vm, &args)?;
    // The length after `__index__` ran (it may resize the list).
    let i = vm.to_index(&args.args[1])?;
    let mut items = l.borrow_mut();
    let len = items.len() as i64;
    let j = if i < 0 { (i + len).max(0) } else { i.min(len) };
    items.insert(j as usize, args.args[2].clone());
    Ok(Value::None)
}

fn list_find(
    vm: &Vm,
    l: &RefCell<Vec<Value>>,
    x: &Value,
    start: usize,
    stop: usize,
) -> PyResult<Option<usize>> {
    let mut i = start;
    loop {
        {
            // Items compared without Python code, under one borrow.
            let items = l.borrow();
            while i < stop {
                let Some(item) = items.get(i) else {
                    return Ok(None);
                };
                if item.is(x) {
                    return Ok(Some(i));
                }
                match crate::protocols::fast_compare(item, x, CompareOpArg::Eq) {
                    Some(true) => return Ok(Some(i)),
                    Some(false) => i += 1,
                    None => break,
                }
            }
        }
        if i >= stop {
            return Ok(None);
        }
        let item = match l.borrow().get(i) {
            Some(v) => v.clone(),
            None => return Ok(None),
        };
        if vm.eq(&item, x)? {
            return Ok(Some(i));
        }
        i += 1;
    }
}

fn list_remove(vm: &Vm, args: Args) -> PyResult<Value> {
    nargs(vm, &args, "list.remove", 1, 1)?;
    let l = self_list(vm, &args)?;
    match list_find(vm, l, &args.args[1], 0, usize::MAX)? {
        Some(i) => {
            let old = l.borrow_mut().remove(i);
            drop(old);
            Ok(Value::None)
        }
        None => Err(vm.value_error("list.remove(x): x not in list")),
    }
}

fn bound_arg(vm: &Vm, v: Option<&Value>, len: usize, default: usize) -> PyResult<usize> {
    match v {
        None | Some(Value::None) => Ok(default),
        Some(v) => {
            let i = vm.to_index(v)?;
            Ok(if i < 0 {
                (i + len as i64).max(0) as usize
            } else {
                (i as usize).min(len)
            })
        }
    }
}

fn list_index(vm: &Vm, args: Args) -> PyResult<Value> {
    nargs(vm, &args, "index", 1, 3)?;
    let l = self_list(vm, &args)?;
    let len = l.borrow().len();
    let start = bound_arg(vm, args.args.get(2), len, 0)?;
    let stop = bound_arg(vm, args.args.get(3), len, len)?;
    match list_find(vm, l, &args.args[1], start, stop)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => Err(vm.value_error(format!("{} is not in list", vm.repr_string(&args.args[1])?))),
    }
}

fn list_count(vm: &Vm, args: Args) -> PyResult<Value> {
    nargs(vm, &args, "list.count", 1, 1)?;
    let l = self_list(vm, &args)?;
    let needle = &args.args[1];
    let mut n = 0;
    let mut i = 0;
    // By index over the live list, as CPython (`__eq__` may change it).
    loop {
        {
            // Items compared without Python code, under one borrow.
            let items = l.borrow();
            while let Some(x) = items.get(i) {
                if x.is(needle) {
                    n += 1;
                } else {
                    match crate::protocols::fast_compare(x, needle, CompareOpArg::Eq) {
                        Some(true) => n += 1,
                        Some(false) => {}
                        None => break,
                    }
                }
                i += 1;
            }
        }
        let item = match l.borrow().get(i) {
            Some(v) => v.clone(),
            None => return Ok(Value::Int(n)),
        };
        if vm.eq(&item, needle)? {
            n += 1;
        }
        i += 1;
    }
}

fn list_clear(vm: &Vm, args: Args) -> PyResult<Value> {
    let old = std::mem::take(&mut *self_list(vm, &args)?.borrow_mut());
    drop(old);
    Ok(Value::None)
}

fn list_copy(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(vm.new_list(self_list(vm, &args)?.borrow().clone()))
}

fn list_reverse(vm: &Vm, args: Args) -> PyResult<Value> {
    self_list(vm, &args)?.borrow_mut().reverse();
    Ok(Value::None)
}

/// `list.sort(*, key=None, reverse=False)`.
pub(crate) fn list_sort(vm: &Vm, args: Args) -> PyResult<Value> {
    let l = self_list(vm, &args)?;
    if args.pos().len() > 1 {
        return Err(vm.type_error("sort() takes no positional arguments"));
    }
    let mut key = Value::None;
    let mut reverse = false;
    for (k, v) in args.kwargs() {
        match k.as_obj().map(crate::objects::str::as_rust_str).as_deref() {
            Some("key") => key = v.clone(),
            Some("reverse") => reverse = vm.is_true(v)?,
            Some(other) => {
                return Err(vm.type_error(format!(
                    "'{other}' is an invalid keyword argument for sort()"
                )))
            }
            None => {}
        }
    }
    let items = std::mem::take(&mut *l.borrow_mut());
    let r = sort_values(vm, items, &key, reverse);
    match r {
        Ok(sorted) => {
            let modified = !l.borrow().is_empty();
            *l.borrow_mut() = sorted;
            if modified {
                return Err(vm.value_error("list modified during sort"));
            }
            Ok(Value::None)
        }
        Err((e, items)) => {
            *l.borrow_mut() = items;
            Err(e)
        }
    }
}

/// Stable sort with Python comparisons; on error returns the items (order unspecified).
pub fn sort_values(
    vm: &Vm,
    mut items: Vec<Value>,
    key: &Value,
    reverse: bool,
) -> Result<Vec<Value>, (ObjRef, Vec<Value>)> {
    let keys: Vec<Value> = if key.is_none() {
        // Items all of one built-in type compare without Python calls (as CPython's
        // unsafe_*_compare): a total order, so a stable library sort is safe.
        if let Some(kind) = fast_kind(vm, &items) {
            sort_fast_plain(&mut items, kind, reverse);
            return Ok(items);
        }
        items.clone()
    } else {
        let mut ks = Vec::with_capacity(items.len());
        let mut key_call = crate::repeated_call::RepeatedCall::new(vm, key);
        for it in &items {
            match key_call.call1(it) {
                Ok(k) => ks.push(k),
                Err(e) => return Err((e, items)),
            }
        }
        if let Some(kind) = fast_kind(vm, &ks) {
            sort_fast_keyed(&mut items, ks, kind, reverse);
            return Ok(items);
        }
        ks
    };
    let mut idx: Vec<usize> = (0..items.len()).collect();
    // CPython sorts in reverse by reversing, sorting and reversing again (equal items
    // keep their order either way).
    if reverse {
        idx.reverse();
    }
    let mut lt = |a: usize, b: usize| vm.compare_bool(&keys[a], &keys[b], CompareOpArg::Lt);
    if let Err(e) = timsort(&mut idx, &mut lt) {
        return Err((e, items));
    }
    if reverse {
        idx.reverse();
    }
    let mut slots: Vec<Option<Value>> = items.into_iter().map(Some).collect();
    Ok(idx
        .into_iter()
        .map(|i| slots[i].take().unwrap_or(Value::None))
        .collect())
}

/// Sort keys that compare natively: every one an int that fits a machine word (or a
/// bool), every one a non-nan float, or every one an exact str.
#[derive(Clone, Copy)]
enum FastKind {
    Int,
    Float,
    Str,
}

fn fast_kind(vm: &Vm, keys: &[Value]) -> Option<FastKind> {
    let kind = match keys.first()? {
        Value::Int(_) | Value::Bool(_) => FastKind::Int,
        Value::Float(_) => FastKind::Float,
        Value::Obj(_) => FastKind::Str,
        _ => return None,
    };
    let str_t = &vm.types.str_;
    let all = match kind {
        FastKind::Int => keys
            .iter()
            .all(|k| matches!(k, Value::Int(_) | Value::Bool(_))),
        FastKind::Float => keys
            .iter()
            .all(|k| matches!(k, Value::Float(f) if !f.is_nan())),
        FastKind::Str => keys.iter().all(|k| {
            matches!(k, Value::Obj(o) if o.class().is(str_t) && matches!(o.payload, Payload::Str(_)))
        }),
    };
    all.then_some(kind)
}

#[inline]
fn int_key(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        _ => 0,
    }
}

#[inline]
fn float_key(v: &Value) -> f64 {
    match v {
        Value::Float(f) => *f,
        _ => 0.0,
    }
}

/// The bytes of a str value (WTF-8 bytes order as code points do).
#[inline]
fn str_key_bytes(v: &Value) -> &[u8] {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Str(s) => s.as_bytes(),
            _ => &[],
        },
        _ => &[],
    }
}

/// The first 8 bytes of a str as a big-endian number: most comparisons end on it.
#[inline]
fn str_key_head(v: &Value) -> u64 {
    let b = str_key_bytes(v);
    let mut head = [0u8; 8];
    let n = b.len().min(8);
    head[..n].copy_from_slice(&b[..n]);
    u64::from_be_bytes(head)
}

/// Stable sort by `cmp`, descending when `reverse` (equal items keep their order, as
/// CPython's reverse-sort-reverse gives).
fn sort_by_dir<T>(v: &mut [T], reverse: bool, cmp: impl Fn(&T, &T) -> std::cmp::Ordering) {
    if reverse {
        v.sort_by(|a, b| cmp(b, a));
    } else {
        v.sort_by(cmp);
    }
}

/// Sort items that are their own keys (`fast_kind` said which kind).
fn sort_fast_plain(items: &mut Vec<Value>, kind: FastKind, reverse: bool) {
    match kind {
        FastKind::Int => sort_by_dir(items, reverse, |a, b| int_key(a).cmp(&int_key(b))),
        FastKind::Float => sort_by_dir(items, reverse, |a, b| {
            float_key(a)
                .partial_cmp(&float_key(b))
                .unwrap_or(std::cmp::Ordering::Equal)
        }),
        FastKind::Str => {
            // (head, item) pairs: contiguous heads, the bytes read only on a tie.
            let mut pairs: Vec<(u64, Value)> =
                items.drain(..).map(|v| (str_key_head(&v), v)).collect();
            sort_by_dir(&mut pairs, reverse, |a, b| {
                a.0.cmp(&b.0)
                    .then_with(|| str_key_bytes(&a.1).cmp(str_key_bytes(&b.1)))
            });
            items.extend(pairs.into_iter().map(|p| p.1));
        }
    }
}

/// Sort items by keys computed for them (`fast_kind` said which kind).
fn sort_fast_keyed(items: &mut Vec<Value>, keys: Vec<Value>, kind: FastKind, reverse: bool) {
    match kind {
        FastKind::Int => {
            let mut pairs: Vec<(i64, Value)> =
                keys.iter().map(int_key).zip(items.drain(..)).collect();
            sort_by_dir(&mut pairs, reverse, |a, b| a.0.cmp(&b.0));
            items.extend(pairs.into_iter().map(|p| p.1));
        }
        FastKind::Float => {
            let mut pairs: Vec<(f64, Value)> =
                keys.iter().map(float_key).zip(items.drain(..)).collect();
            sort_by_dir(&mut pairs, reverse, |a, b| {
                a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal)
            });
            items.extend(pairs.into_iter().map(|p| p.1));
        }
        FastKind::Str => {
            let mut triples: Vec<(u64, Value, Value)> = keys
                .into_iter()
                .zip(items.drain(..))
                .map(|(k, v)| (str_key_head(&k), k, v))
                .collect();
            sort_by_dir(&mut triples, reverse, |a, b| {
                a.0.cmp(&b.0)
                    .then_with(|| str_key_bytes(&a.1).cmp(str_key_bytes(&b.1)))
            });
            items.extend(triples.into_iter().map(|t| t.2));
        }
    }
}

// ----- timsort ---------------------------------------------------------------------------
//
// CPython 3.11's listsort (Objects/listobject.c, Objects/listsort.txt) over a slice of
// positions, making the same comparisons in the same order, so that even inconsistent
// comparisons (nan, odd `__lt__`) give CPython's order: natural runs (strictly
// descending ones reversed) extended to `minrun` by binary insertion, merged where
// powersort says, with galloping merges.

const MIN_GALLOP: usize = 7;

type LessThan<'a> = dyn FnMut(usize, usize) -> Result<bool, ObjRef> + 'a;

/// A pending run: start, length and powersort power.
#[derive(Clone, Copy)]
struct Run {
    base: usize,
    len: usize,
    power: u32,
}

fn merge_compute_minrun(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

fn powerloop(s1: usize, n1: usize, n2: usize, n: usize) -> u32 {
    let mut result = 0;
    let mut a = 2 * s1 + n1;
    let mut b = a + n1 + n2;
    loop {
        result += 1;
        if a >= n {
            a -= n;
            b -= n;
        } else if b >= n {
            break;
        }
        a <<= 1;
        b <<= 1;
    }
    result
}

/// Length of the run starting at `lo` (within `lo..hi`), and whether it strictly descends.
fn count_run(
    a: &[usize],
    lo: usize,
    hi: usize,
    lt: &mut LessThan,
) -> Result<(usize, bool), ObjRef> {
    if lo + 1 == hi {
        return Ok((1, false));
    }
    let mut n = 2;
    let mut p = lo + 2;
    if lt(a[lo + 1], a[lo])? {
        while p < hi && lt(a[p], a[p - 1])? {
            p += 1;
            n += 1;
        }
        Ok((n, true))
    } else {
        while p < hi && !lt(a[p], a[p - 1])? {
            p += 1;
            n += 1;
        }
        Ok((n, false))
    }
}

/// Binary insertion sort of `a[lo..hi]`, whose prefix `lo..start` is sorted.
fn binarysort(
    a: &mut [usize],
    lo: usize,
    hi: usize,
    mut start: usize,
    lt: &mut LessThan,
) -> Result<(), ObjRef> {
    if lo == start {
        start += 1;
    }
    while start < hi {
        let pivot = a[start];
        let (mut l, mut r) = (lo, start);
        loop {
            let p = l + ((r - l) >> 1);
            if lt(pivot, a[p])? {
                r = p;
            } else {
                l = p + 1;
            }
            if l >= r {
                break;
            }
        }
        a.copy_within(l..start, l + 1);
        a[l] = pivot;
        start += 1;
    }
    Ok(())
}

/// The leftmost place for `key` in the sorted `s[..n]`, searching from `hint`.
fn gallop_left(
    key: usize,
    s: &[usize],
    n: usize,
    hint: usize,
    lt: &mut LessThan,
) -> Result<usize, ObjRef> {
    let h = hint as isize;
    let (mut lastofs, mut ofs): (isize, isize) = (0, 1);
    if lt(s[hint], key)? {
        let maxofs = (n - hint) as isize;
        while ofs < maxofs {
            if lt(s[(h + ofs) as usize], key)? {
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            } else {
                break;
            }
        }
        ofs = ofs.min(maxofs);
        lastofs += h;
        ofs += h;
    } else {
        let maxofs = h + 1;
        while ofs < maxofs {
            if lt(s[(h - ofs) as usize], key)? {
                break;
            }
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        ofs = ofs.min(maxofs);
        let k = lastofs;
        lastofs = h - ofs;
        ofs = h - k;
    }
    lastofs += 1;
    while lastofs < ofs {
        let m = lastofs + ((ofs - lastofs) >> 1);
        if lt(s[m as usize], key)? {
            lastofs = m + 1;
        } else {
            ofs = m;
        }
    }
    Ok(ofs as usize)
}

/// The rightmost place for `key` in the sorted `s[..n]`, searching from `hint`.
fn gallop_right(
    key: usize,
    s: &[usize],
    n: usize,
    hint: usize,
    lt: &mut LessThan,
) -> Result<usize, ObjRef> {
    let h = hint as isize;
    let (mut lastofs, mut ofs): (isize, isize) = (0, 1);
    if lt(key, s[hint])? {
        let maxofs = h + 1;
        while ofs < maxofs {
            if lt(key, s[(h - ofs) as usize])? {
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            } else {
                break;
            }
        }
        ofs = ofs.min(maxofs);
        let k = lastofs;
        lastofs = h - ofs;
        ofs = h - k;
    } else {
        let maxofs = (n - hint) as isize;
        while ofs < maxofs {
            if lt(key, s[(h + ofs) as usize])? {
                break;
            }
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        ofs = ofs.min(maxofs);
        lastofs += h;
        ofs += h;
    }
    lastofs += 1;
    while lastofs < ofs {
        let m = lastofs + ((ofs - lastofs) >> 1);
        if lt(key, s[m as usize])? {
            ofs = m;
        } else {
            lastofs = m + 1;
        }
    }
    Ok(ofs as usize)
}

struct MergeState {
    min_gallop: usize,
    pending: Vec<Run>,
    tmp: Vec<usize>,
}

impl MergeState {
    /// Merge the adjacent sorted runs `a[pa..pa+na]` and `a[pb..pb+nb]` (na <= nb),
    /// copying the first into temporary space.
    fn merge_lo(
        &mut self,
        a: &mut [usize],
        pa: usize,
        mut na: usize,
        pb: usize,
        mut nb: usize,
        lt: &mut LessThan,
    ) -> Result<(), ObjRef> {
        self.tmp.clear();
        self.tmp.extend_from_slice(&a[pa..pa + na]);
        let tmp = std::mem::take(&mut self.tmp);
        let r = self.merge_lo_inner(a, &tmp, pa, &mut na, pb, &mut nb, lt);
        self.tmp = tmp;
        r
    }

    #[allow(clippy::too_many_arguments)]
    fn merge_lo_inner(
        &mut self,
        a: &mut [usize],
        t: &[usize],
        pa: usize,
        na: &mut usize,
        pb: usize,
        nb: &mut usize,
        lt: &mut LessThan,
    ) -> Result<(), ObjRef> {
        let mut dest = pa;
        let mut sa = 0; // in t
        let mut sb = pb; // in a
                         // On every exit the rest of the temporary run goes to dest.
        macro_rules! finish_a {
            () => {{
                a[dest..dest + *na].copy_from_slice(&t[sa..sa + *na]);
                return Ok(());
            }};
        }
        macro_rules! copy_b {
            () => {{
                // na == 1: the last element of the first run ends the merge.
                a.copy_within(sb..sb + *nb, dest);
                a[dest + *nb] = t[sa];
                return Ok(());
            }};
        }
        a[dest] = a[sb];
        dest += 1;
        sb += 1;
        *nb -= 1;
        if *nb == 0 {
            finish_a!();
        }
        if *na == 1 {
            copy_b!();
        }
        let mut min_gallop = self.min_gallop;
        loop {
            let mut acount = 0usize;
            let mut bcount = 0usize;
            loop {
                let r = lt(a[sb], t[sa]);
                let k = match r {
                    Ok(k) => k,
                    Err(e) => {
                        a[dest..dest + *na].copy_from_slice(&t[sa..sa + *na]);
                        return Err(e);
                    }
                };
                if k {
                    a[dest] = a[sb];
                    dest += 1;
                    sb += 1;
                    bcount += 1;
                    acount = 0;
                    *nb -= 1;
                    if *nb == 0 {
                        finish_a!();
                    }
                    if bcount >= min_gallop {
                        break;
                    }
                } else {
                    a[dest] = t[sa];
                    dest += 1;
                    sa += 1;
                    acount += 1;
                    bcount = 0;
                    *na -= 1;
                    if *na == 1 {
                        copy_b!();
                    }
                    if acount >= min_gallop {
                        break;
                    }
                }
            }
            min_gallop += 1;
            loop {
                min_gallop -= (min_gallop > 1) as usize;
                self.min_gallop = min_gallop;
                let k = gallop_right(a[sb], &t[sa..], *na, 0, lt)?;
                acount = k;
                if k > 0 {
                    a[dest..dest + k].copy_from_slice(&t[sa..sa + k]);
                    dest += k;
                    sa += k;
                    *na -= k;
                    if *na == 1 {
                        copy_b!();
                    }
                    if *na == 0 {
                        return Ok(());
                    }
                }
                a[dest] = a[sb];
                dest += 1;
                sb += 1;
                *nb -= 1;
                if *nb == 0 {
                    finish_a!();
                }
                let k = gallop_left(t[sa], &a[sb..], *nb, 0, lt)?;
                bcount = k;
                if k > 0 {
                    a.copy_within(sb..sb + k, dest);
                    dest += k;
                    sb += k;
                    *nb -= k;
                    if *nb == 0 {
                        finish_a!();
                    }
                }
                a[dest] = t[sa];
                dest += 1;
                sa += 1;
                *na -= 1;
                if *na == 1 {
                    copy_b!();
                }
                if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                    break;
                }
            }
            min_gallop += 1;
            self.min_gallop = min_gallop;
        }
    }

    /// Merge the adjacent sorted runs `a[pa..pa+na]` and `a[pb..pb+nb]` (na > nb), from
    /// the right, copying the second into temporary space.
    fn merge_hi(
        &mut self,
        a: &mut [usize],
        pa: usize,
        mut na: usize,
        pb: usize,
        mut nb: usize,
        lt: &mut LessThan,
    ) -> Result<(), ObjRef> {
        self.tmp.clear();
        self.tmp.extend_from_slice(&a[pb..pb + nb]);
        let tmp = std::mem::take(&mut self.tmp);
        let r = self.merge_hi_inner(a, &tmp, pa, &mut na, pb, &mut nb, lt);
        self.tmp = tmp;
        r
    }

    #[allow(clippy::too_many_arguments)]
    fn merge_hi_inner(
        &mut self,
        a: &mut [usize],
        t: &[usize],
        pa: usize,
        na: &mut usize,
        pb: usize,
        nb: &mut usize,
        lt: &mut LessThan,
    ) -> Result<(), ObjRef> {
        // Positions are "one past" to stay unsigned: dest, sa and sb point just after the
        // element they name (dest in a, sa in a, sb in t).
        let mut dest = pb + *nb; // one past the last slot
        let mut sa = pa + *na; // one past the last of the first run
        let mut sb = *nb; // one past the last of t
                          // On every exit the rest of t (its first nb items) goes just before dest.
        macro_rules! finish_b {
            () => {{
                a[dest - *nb..dest].copy_from_slice(&t[..*nb]);
                return Ok(());
            }};
        }
        macro_rules! copy_a {
            () => {{
                // nb == 1: the first element of the second run starts the merge.
                a.copy_within(sa - *na..sa, dest - *na);
                dest -= *na;
                a[dest - 1] = t[sb - 1];
                return Ok(());
            }};
        }
        a[dest - 1] = a[sa - 1];
        dest -= 1;
        sa -= 1;
        *na -= 1;
        if *na == 0 {
            finish_b!();
        }
        if *nb == 1 {
            copy_a!();
        }
        let mut min_gallop = self.min_gallop;
        loop {
            let mut acount = 0usize;
            let mut bcount = 0usize;
            loop {
                let k = match lt(t[sb - 1], a[sa - 1]) {
                    Ok(k) => k,
                    Err(e) => {
                        a[dest - *nb..dest].copy_from_slice(&t[..*nb]);
                        return Err(e);
                    }
                };
                if k {
                    a[dest - 1] = a[sa - 1];
                    dest -= 1;
                    sa -= 1;
                    acount += 1;
                    bcount = 0;
                    *na -= 1;
                    if *na == 0 {
                        finish_b!();
                    }
                    if acount >= min_gallop {
                        break;
                    }
                } else {
                    a[dest - 1] = t[sb - 1];
                    dest -= 1;
                    sb -= 1;
                    bcount += 1;
                    acount = 0;
                    *nb -= 1;
                    if *nb == 1 {
                        copy_a!();
                    }
                    if bcount >= min_gallop {
                        break;
                    }
                }
            }
            min_gallop += 1;
            loop {
                min_gallop -= (min_gallop > 1) as usize;
                self.min_gallop = min_gallop;
                let k = gallop_right(t[sb - 1], &a[pa..], *na, *na - 1, lt)?;
                let k = *na - k;
                acount = k;
                if k > 0 {
                    a.copy_within(sa - k..sa, dest - k);
                    dest -= k;
                    sa -= k;
                    *na -= k;
                    if *na == 0 {
                        finish_b!();
                    }
                }
                a[dest - 1] = t[sb - 1];
                dest -= 1;
                sb -= 1;
                *nb -= 1;
                if *nb == 1 {
                    copy_a!();
                }
                let k = gallop_left(a[sa - 1], t, *nb, *nb - 1, lt)?;
                let k = *nb - k;
                bcount = k;
                if k > 0 {
                    a[dest - k..dest].copy_from_slice(&t[sb - k..sb]);
                    dest -= k;
                    sb -= k;
                    *nb -= k;
                    if *nb == 1 {
                        copy_a!();
                    }
                    if *nb == 0 {
                        return Ok(());
                    }
                }
                a[dest - 1] = a[sa - 1];
                dest -= 1;
                sa -= 1;
                *na -= 1;
                if *na == 0 {
                    finish_b!();
                }
                if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                    break;
                }
            }
            min_gallop += 1;
            self.min_gallop = min_gallop;
        }
    }

    /// Merge pending runs `i` and `i + 1`.
    fn merge_at(&mut self, a: &mut [usize], i: usize, lt: &mut LessThan) -> Result<(), ObjRef> {
        let (pa, mut na) = (self.pending[i].base, self.pending[i].len);
        let (pb, mut nb) = (self.pending[i + 1].base, self.pending[i + 1].len);
        self.pending[i].len = na + nb;
        if i + 3 == self.pending.len() {
            self.pending[i + 1] = self.pending[i + 2];
        }
        self.pending.pop();
        let k = gallop_right(a[pb], &a[pa..], na, 0, lt)?;
        let pa = pa + k;
        na -= k;
        if na == 0 {
            return Ok(());
        }
        nb = gallop_left(a[pa + na - 1], &a[pb..], nb, nb - 1, lt)?;
        if nb == 0 {
            return Ok(());
        }
        if na <= nb {
            self.merge_lo(a, pa, na, pb, nb, lt)
        } else {
            self.merge_hi(a, pa, na, pb, nb, lt)
        }
    }
}

/// Sort `a` stably by `lt` as CPython's list.sort does.
fn timsort(a: &mut [usize], lt: &mut LessThan) -> Result<(), ObjRef> {
    let n = a.len();
    if n < 2 {
        return Ok(());
    }
    let mut ms = MergeState {
        min_gallop: MIN_GALLOP,
        pending: Vec::new(),
        tmp: Vec::new(),
    };
    let minrun = merge_compute_minrun(n);
    let mut lo = 0;
    let mut nremaining = n;
    while nremaining > 0 {
        let (mut run, descending) = count_run(a, lo, lo + nremaining, lt)?;
        if descending {
            a[lo..lo + run].reverse();
        }
        if run < minrun {
            let force = nremaining.min(minrun);
            binarysort(a, lo, lo + force, lo + run, lt)?;
            run = force;
        }
        // found_new_run: merge while the run below has a higher power.
        if let Some(last) = ms.pending.last().copied() {
            let power = powerloop(last.base, last.len, run, n);
            while ms.pending.len() > 1 && ms.pending[ms.pending.len() - 2].power > power {
                let i = ms.pending.len() - 2;
                ms.merge_at(a, i, lt)?;
            }
            let top = ms.pending.len() - 1;
            ms.pending[top].power = power;
        }
        ms.pending.push(Run {
            base: lo,
            len: run,
            power: 0,
        });
        lo += run;
        nremaining -= run;
    }
    while ms.pending.len() > 1 {
        let mut i = ms.pending.len() - 2;
        if i > 0 && ms.pending[i - 1].len < ms.pending[i + 1].len {
            i -= 1;
        }
        ms.merge_at(a, i, lt)?;
    }
    Ok(())
}

pub fn repr_items(vm: &Vm, items: &[Value], open: &str, close: &str) -> PyResult<String> {
    let mut s = String::from(open);
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            s.push_str(", ");
        }
        s.push_str(&vm.repr_string(x)?);
    }
    s.push_str(close);
    Ok(s)
}

thread_local! {
    static REPR_STACK: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// Guard against infinite recursion in reprs of self-containing containers.
pub fn repr_enter(id: usize) -> bool {
    REPR_STACK.with(|s| {
        let mut s = s.borrow_mut();
        if s.contains(&id) {
            false
        } else {
            s.push(id);
            true
        }
    })
}

pub fn repr_leave(id: usize) {
    REPR_STACK.with(|s| {
        let mut s = s.borrow_mut();
        if let Some(p) = s.iter().rposition(|&x| x == id) {
            s.remove(p);
        }
    })
}

fn list_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = &args.args[0];
    let items = self_list(vm, &args)?.borrow().clone();
    if items.is_empty() {
        return Ok(vm.new_str("[]"));
    }
    if !repr_enter(o.id() as usize) {
        return Ok(vm.new_str("[...]"));
    }
    let r = repr_items(vm, &items, "[", "]");
    repr_leave(o.id() as usize);
    Ok(vm.new_str(r?))
}

fn list_reversed(vm: &Vm, args: Args) -> PyResult<Value> {
    let l = self_list(vm, &args)?;
    let n = l.borrow().len();
    Ok(crate::objects::iter::new_reversed_list(
        vm,
        args.args[0].clone(),
        n,
    ))
}

fn list_sizeof(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(
        40 + 8 * self_list(vm, &args)?.borrow().capacity() as i64,
    ))
}

// ----- tuple -------------------------------------------------------------------------

fn tuple_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = args
        .args
        .first()
        .and_then(|c| c.as_obj().cloned())
        .ok_or_else(|| vm.type_error("tuple.__new__(X): X is not a type object"))?;
    if args.has_kw() {
        return Err(vm.type_error("tuple() takes no keyword arguments"));
    }
    if args.args.len() > 2 {
        return Err(vm.type_error(format!(
            "tuple expected at most 1 argument, got {}",
            args.args.len() - 1
        )));
    }
    let items = match args.args.get(1) {
        Some(v) => {
            if cls.is(&vm.types.tuple) {
                return vm.to_tuple(v);
            }
            vm.collect(v)?
        }
        None => Vec::new(),
    };
    if cls.is(&vm.types.tuple) {
        return Ok(vm.new_tuple(items));
    }
    let o = ObjRef::new(&cls, Payload::Tuple(items.into()));
    if tdata(&cls).is_heap() {
        o.give_dict(|| vm.new_dict_obj());
    }
    Ok(Value::Obj(o))
}

fn self_tuple<'a>(vm: &Vm, args: &'a Args) -> PyResult<&'a [Value]> {
    match args.args.first() {
        Some(Value::Obj(o)) => o
            .payload
            .as_tuple()
            .ok_or_else(|| vm.type_error("descriptor requires a 'tuple' object")),
        _ => Err(vm.type_error("descriptor requires a 'tuple' object")),
    }
}

fn tuple_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let items = self_tuple(vm, &args)?.to_vec();
    if items.len() == 1 {
        return Ok(vm.new_str(format!("({},)", vm.repr_string(&items[0])?)));
    }
    let o = &args.args[0];
    if !repr_enter(o.id() as usize) {
        return Ok(vm.new_str("(...)"));
    }
    let r = repr_items(vm, &items, "(", ")");
    repr_leave(o.id() as usize);
    Ok(vm.new_str(r?))
}

fn tuple_index(vm: &Vm, args: Args) -> PyResult<Value> {
    nargs(vm, &args, "index", 1, 3)?;
    let t = self_tuple(vm, &args)?;
    let start = bound_arg(vm, args.args.get(2), t.len(), 0)?;
    let stop = bound_arg(vm, args.args.get(3), t.len(), t.len())?;
    for (i, x) in t.iter().enumerate().take(stop).skip(start) {
        if vm.eq(x, &args.args[1])? {
            return Ok(Value::Int(i as i64));
        }
    }
    Err(vm.value_error("tuple.index(x): x not in tuple"))
}

fn tuple_count(vm: &Vm, args: Args) -> PyResult<Value> {
    nargs(vm, &args, "tuple.count", 1, 1)?;
    let t = self_tuple(vm, &args)?;
    let mut n = 0;
    for x in t {
        if vm.eq(x, &args.args[1])? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn tuple_getnewargs(vm: &Vm, args: Args) -> PyResult<Value> {
    let t = self_tuple(vm, &args)?.to_vec();
    Ok(vm.new_tuple(vec![vm.new_tuple(t)]))
}

// ----- slice -------------------------------------------------------------------------

fn slice_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = &args.args[1..];
    let (start, stop, step) = match a.len() {
        1 => (Value::None, a[0].clone(), Value::None),
        2 => (a[0].clone(), a[1].clone(), Value::None),
        3 => (a[0].clone(), a[1].clone(), a[2].clone()),
        0 => return Err(vm.type_error("slice expected at least 1 argument, got 0")),
        n => return Err(vm.type_error(format!("slice expected at most 3 arguments, got {n}"))),
    };
    Ok(new_slice(vm, start, stop, step))
}

pub fn new_slice(vm: &Vm, start: Value, stop: Value, step: Value) -> Value {
    Value::Obj(ObjRef::new(
        &vm.types.slice,
        Payload::Slice([start, stop, step]),
    ))
}

fn self_slice<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a [Value; 3]> {
    as_slice(v).ok_or_else(|| vm.type_error("descriptor requires a 'slice' object"))
}

fn slice_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_slice(vm, &args.args[0])?;
    Ok(vm.new_str(format!(
        "slice({}, {}, {})",
        vm.repr_string(&s[0])?,
        vm.repr_string(&s[1])?,
        vm.repr_string(&s[2])?
    )))
}
fn slice_start(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(self_slice(vm, v)?[0].clone())
}
fn slice_stop(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(self_slice(vm, v)?[1].clone())
}
fn slice_step(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(self_slice(vm, v)?[2].clone())
}
fn slice_indices_m(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = self_slice(vm, &args.args[0])?;
    let len = vm.to_index(args.args.get(1).unwrap_or(&Value::None))?;
    if len < 0 {
        return Err(vm.value_error("length should not be negative"));
    }
    let (a, b, c, _) = slice_indices(vm, s, len)?;
    Ok(vm.new_tuple(vec![Value::Int(a), Value::Int(b), Value::Int(c)]))
}

/// The list methods as registered: each checks its argument count, then runs.
mod checked {
    use super::*;
    use crate::objects::str::{arity_checked, Arity};
    arity_checked! {
        append = list_append, Arity::One;
        clear = list_clear, Arity::None;
        copy = list_copy, Arity::None;
        count = list_count, Arity::One;
        extend = list_extend, Arity::One;
        index = list_index, Arity::Clinic(1, 3);
        pop = list_pop, Arity::Clinic(0, 1);
        remove = list_remove, Arity::One;
        reverse = list_reverse, Arity::None;
    }
}

pub fn init(vm: &Vm) {
    let l = &vm.types.list;
    vm.add_static(l, "__new__", list_new);
    vm.add_method(l, "__init__", list_init);
    vm.add_method(l, "append", checked::append);
    vm.add_method(l, "extend", checked::extend);
    vm.add_method(l, "pop", checked::pop);
    vm.add_method(l, "insert", list_insert);
    vm.add_method(l, "remove", checked::remove);
    vm.add_method(l, "index", checked::index);
    vm.add_method(l, "count", checked::count);
    vm.add_method(l, "clear", checked::clear);
    vm.add_method(l, "copy", checked::copy);
    vm.add_method(l, "reverse", checked::reverse);
    vm.add_method(l, "sort", list_sort);
    vm.add_method(l, "__repr__", list_repr);
    vm.add_method(l, "__reversed__", list_reversed);
    vm.add_method(l, "__sizeof__", list_sizeof);
    vm.set_type_attr(l, "__hash__", Value::None);
    let t = &vm.types.tuple;
    vm.add_static(t, "__new__", tuple_new);
    vm.add_method(t, "__repr__", tuple_repr);
    vm.add_method(t, "index", tuple_index);
    vm.add_method(t, "count", tuple_count);
    vm.add_method(t, "__getnewargs__", tuple_getnewargs);
    crate::objects::range::init(vm);
    let s = &vm.types.slice;
    vm.add_static(s, "__new__", slice_new);
    vm.add_method(s, "__repr__", slice_repr);
    vm.add_method(s, "indices", slice_indices_m);
    vm.add_getset(s, "start", slice_start, None);
    vm.add_getset(s, "stop", slice_stop, None);
    vm.add_getset(s, "step", slice_step, None);
    vm.set_type_attr(s, "__hash__", Value::None);
}
