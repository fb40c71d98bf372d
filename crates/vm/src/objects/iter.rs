//! Iterator types: sequence, str, range, dict, set iterators and enumerate, zip, map,
//! filter, reversed, callable_iterator. Iterating a list or range allocates nothing per
//! step.

use std::cell::{Cell, RefCell};

use crate::memory::{ObjRef, ValueCell};
use crate::object::{Payload, ViewKind};
use crate::objects::dict;
use crate::objects::typeobj::tdata;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

pub enum IterKind {
    /// list, tuple, bytes, bytearray, or any object with `__getitem__` (seq is Null
    /// once exhausted).
    Seq {
        seq: ValueCell<Value>,
        index: Cell<usize>,
    },
    /// A reversed list.
    ReversedList {
        seq: ValueCell<Value>,
        index: Cell<isize>,
    },
    Str {
        s: ObjRef,
        pos: Cell<usize>,
    },
    /// A range of machine integers: `start`/`len` are the whole range (for
    /// `__reduce__`/`__setstate__`), `next`/`remaining` the iteration state.
    Range {
        next: Cell<i64>,
        step: i64,
        remaining: Cell<i64>,
        start: i64,
        len: i64,
    },
    /// Iteration over a range with big-integer bounds (`longrange_iterator`).
    LongRange(Box<LongRangeState>),
    /// Iteration over a dict's entries: `size` is the dict's length when iteration
    /// started (a change is an error), `remaining` how many entries are still expected
    /// (an extra one means the keys changed). Forward iteration visits positions
    /// `pos..`; reversed iteration visits positions below `pos`, downwards. `pos` is
    /// `ITER_DONE` once the iteration ended (it stays ended, whatever the dict does
    /// later, as CPython drops its reference) and `ITER_SIZE_CHANGED` once a size change
    /// was seen (every later step raises again, as CPython's sticky state). `result` is
    /// the last items tuple handed out, for reuse (`reuse_pair`).
    Dict {
        dict: ObjRef,
        pos: Cell<usize>,
        kind: ViewKind,
        size: usize,
        remaining: Cell<usize>,
        reverse: bool,
        result: ValueCell<Value>,
    },
    /// Iteration over a set's slots (`pos` and `size` as for `Dict`).
    Set {
        set: ObjRef,
        pos: Cell<usize>,
        size: usize,
    },
    /// `result` is the last pair handed out, for reuse (`reuse_pair`).
    Enumerate {
        it: Value,
        count: Cell<i64>,
        result: ValueCell<Value>,
    },
    Zip {
        iters: Vec<Value>,
        strict: bool,
    },
    /// `kept` is the idle frame of the last call of a Python `func`, run again for the
    /// next item (`RepeatedCall`).
    Map {
        func: Value,
        iters: Vec<Value>,
        kept: RefCell<Option<Box<crate::frame::Frame>>>,
    },
    /// `kept` as for `Map`.
    Filter {
        func: Value,
        it: Value,
        kept: RefCell<Option<Box<crate::frame::Frame>>>,
    },
    Callable {
        func: Value,
        sentinel: Value,
        done: Cell<bool>,
    },
}

/// The state of an iteration over a range with big-integer bounds (boxed: it would make
/// every iterator object larger).
pub struct LongRangeState {
    next: RefCell<num_bigint::BigInt>,
    step: num_bigint::BigInt,
    remaining: RefCell<num_bigint::BigInt>,
    /// The first value and the number of values: `__reduce__` and `__setstate__` speak of
    /// the index reached, as CPython 3.11's longrange_iterator does.
    start: num_bigint::BigInt,
    len: num_bigint::BigInt,
}

fn new_iter(vm: &Vm, ty: &ObjRef, k: IterKind) -> Value {
    let _ = vm;
    Value::Obj(ObjRef::new(ty, Payload::Iter(k)))
}

pub fn new_seq_iter(vm: &Vm, seq: Value) -> Value {
    new_iter(
        vm,
        &vm.types.seq_iterator,
        IterKind::Seq {
            seq: ValueCell::new(seq),
            index: Cell::new(0),
        },
    )
}

pub fn new_range_iter(vm: &Vm, start: i64, step: i64, len: i64) -> Value {
    new_iter(
        vm,
        &vm.types.range_iterator,
        IterKind::Range {
            next: Cell::new(start),
            step,
            remaining: Cell::new(len),
            start,
            len,
        },
    )
}

/// An iterator over `len` big integers from `start` by `step`.
pub fn new_long_range_iter(
    vm: &Vm,
    start: num_bigint::BigInt,
    step: num_bigint::BigInt,
    len: num_bigint::BigInt,
) -> Value {
    new_iter(
        vm,
        &vm.types.longrange_iterator,
        IterKind::LongRange(Box::new(LongRangeState {
            next: RefCell::new(start.clone()),
            step,
            remaining: RefCell::new(len.clone()),
            start,
            len,
        })),
    )
}

pub fn new_reversed_list(vm: &Vm, list: Value, len: usize) -> Value {
    new_iter(
        vm,
        &vm.types.list_reverseiterator,
        IterKind::ReversedList {
            seq: ValueCell::new(list),
            index: Cell::new(len as isize - 1),
        },
    )
}

/// `iter(o)` for built-in payloads.
pub fn native_iter(vm: &Vm, o: &ObjRef) -> Option<Value> {
    let v = Value::Obj(o.clone());
    Some(match &o.payload {
        Payload::List(_) => new_iter(
            vm,
            &vm.types.list_iterator,
            IterKind::Seq {
                seq: ValueCell::new(v),
                index: Cell::new(0),
            },
        ),
        Payload::Tuple(_) => new_iter(
            vm,
            &vm.types.tuple_iterator,
            IterKind::Seq {
                seq: ValueCell::new(v),
                index: Cell::new(0),
            },
        ),
        Payload::Bytes(_) | Payload::ByteArray(_) => new_iter(
            vm,
            &vm.types.bytes_iterator,
            IterKind::Seq {
                seq: ValueCell::new(v),
                index: Cell::new(0),
            },
        ),
        Payload::Str(_) => new_iter(
            vm,
            &vm.types.str_iterator,
            IterKind::Str {
                s: o.clone(),
                pos: Cell::new(0),
            },
        ),
        Payload::Range(r) => crate::objects::range::range_iter(vm, r),
        Payload::Dict(d) => {
            let size = d.borrow().len();
            new_iter(
                vm,
                &vm.types.dict_keyiterator,
                IterKind::Dict {
                    dict: o.clone(),
                    pos: Cell::new(0),
                    kind: ViewKind::Keys,
                    size,
                    remaining: Cell::new(size),
                    reverse: false,
                    result: ValueCell::new(Value::Null),
                },
            )
        }
        Payload::DictView(dv) => {
            let size = dict::table(&dv.0).borrow().len();
            let ty = match dv.1 {
                ViewKind::Keys => &vm.types.dict_keyiterator,
                ViewKind::Values => &vm.types.dict_valueiterator,
                ViewKind::Items => &vm.types.dict_itemiterator,
            };
            new_iter(
                vm,
                ty,
                IterKind::Dict {
                    dict: dv.0.clone(),
                    pos: Cell::new(0),
                    kind: dv.1,
                    size,
                    remaining: Cell::new(size),
                    reverse: false,
                    result: ValueCell::new(Value::Null),
                },
            )
        }
        Payload::Set(s) => {
            let size = s.borrow().len();
            new_iter(
                vm,
                &vm.types.set_iterator,
                IterKind::Set {
                    set: o.clone(),
                    pos: Cell::new(0),
                    size,
                },
            )
        }
        Payload::Iter(_) => v,
        Payload::MappingProxy(_) => {
            let t = crate::objects::mapping::proxy_mapping(vm, &Value::Obj(o.clone())).ok()?;
            return vm.iter(&t).ok();
        }
        _ => return None,
    })
}

/// The pair `(a, b)` an iterator hands out: its last result tuple rewritten in place when
/// nothing else holds it any more (the caller unpacked and dropped it), as CPython's
/// dict-items and enumerate iterators reuse theirs; else a new tuple, kept for reuse when
/// the iterator holds none. The old items are released after the tuple holds the new.
fn reuse_pair(vm: &Vm, result: &ValueCell<Value>, a: Value, b: Value) -> Value {
    let mut held = result.replace(Value::Null);
    if let Value::Obj(t) = &mut held {
        if let Some([x, y]) = t.unique_tuple_items() {
            let old = (std::mem::replace(x, a), std::mem::replace(y, b));
            let out = held.clone();
            result.set(held);
            drop(old);
            return out;
        }
    }
    let fresh = vm.new_pair(a, b);
    result.set(if held.is_null() { fresh.clone() } else { held });
    fresh
}

/// What `reuse_pair` leaves in `result` for a step whose pair is unpacked at once, with
/// no tuple handed out (the eval loop's `for k, v in d.items()`): the kept tuple
/// rewritten to `(k, v)` when nobody else holds it, a new one when there is none yet.
/// The references CPython's kept tuple holds stay as observable (`sys.getrefcount`, the
/// old items living until the next step).
pub fn keep_pair(vm: &Vm, result: &ValueCell<Value>, k: &Value, v: &Value) {
    let mut held = result.replace(Value::Null);
    if let Value::Obj(t) = &mut held {
        let old = t.unique_tuple_items().and_then(|items| match items {
            [x, y] => Some((
                std::mem::replace(x, k.clone()),
                std::mem::replace(y, v.clone()),
            )),
            _ => None,
        });
        result.set(held);
        drop(old);
        return;
    }
    result.set(vm.new_pair(k.clone(), v.clone()));
}

/// `func(arg)` for map and filter: a plain Python function runs again in the frame its
/// last call left idle in `kept` (taken out while it runs, so a nested step of the same
/// iterator makes its own).
fn call_kept(
    vm: &Vm,
    func: &Value,
    kept: &RefCell<Option<Box<crate::frame::Frame>>>,
    arg: &Value,
) -> PyResult<Value> {
    let mut call = crate::repeated_call::RepeatedCall::with_frame(vm, func, kept.take());
    let r = call.call1(arg);
    let old = kept.replace(call.into_frame());
    drop(old);
    r
}

/// The next item, or None when exhausted.
/// `pos` of a dict or set iterator that has ended.
const ITER_DONE: usize = usize::MAX;
/// `pos` of a dict or set iterator that saw its container change size.
const ITER_SIZE_CHANGED: usize = usize::MAX - 1;

pub fn iter_next(vm: &Vm, k: &IterKind) -> PyResult<Option<Value>> {
    match k {
        IterKind::Seq { seq, index } => {
            let s = seq.get();
            let o = match &s {
                Value::Obj(o) => o,
                _ => return Ok(None),
            };
            let i = index.get();
            let r = match &o.payload {
                Payload::List(l) => l.borrow().get(i).cloned(),
                Payload::Tuple(t) => t.get(i).cloned(),
                Payload::Bytes(b) => b.get(i).map(|x| Value::Int(*x as i64)),
                Payload::ByteArray(b) => b.borrow().get(i).map(|x| Value::Int(*x as i64)),
                _ => match vm.getitem(&s, &Value::Int(i as i64)) {
                    Ok(v) => Some(v),
                    Err(e)
                        if vm.exc_matches(&e, &vm.exc.index_error)
                            || vm.exc_matches(&e, &vm.exc.stop_iteration) =>
                    {
                        None
                    }
                    Err(e) => return Err(e),
                },
            };
            match r {
                Some(v) => {
                    index.set(i + 1);
                    Ok(Some(v))
                }
                None => {
                    seq.set(Value::Null);
                    Ok(None)
                }
            }
        }
        IterKind::ReversedList { seq, index } => {
            let i = index.get();
            if i < 0 {
                return Ok(None);
            }
            let s = seq.get();
            let r = match &s {
                Value::Obj(o) => match &o.payload {
                    Payload::List(l) => l.borrow().get(i as usize).cloned(),
                    _ => vm.getitem(&s, &Value::Int(i as i64)).ok(),
                },
                _ => None,
            };
            match r {
                Some(v) => {
                    index.set(i - 1);
                    Ok(Some(v))
                }
                None => {
                    index.set(-1);
                    Ok(None)
                }
            }
        }
        IterKind::Str { s, pos } => {
            let st = match &s.payload {
                Payload::Str(st) => st,
                _ => return Ok(None),
            };
            let p = pos.get();
            let b = st.as_bytes();
            if p >= b.len() {
                return Ok(None);
            }
            let (cp, n) = crate::objects::str::decode_at(b, p);
            pos.set(p + n);
            Ok(Some(crate::objects::seq::str_from_cp(vm, cp)))
        }
        IterKind::Range {
            next,
            step,
            remaining,
            ..
        } => Ok(range_step(next, *step, remaining).map(Value::Int)),
        IterKind::LongRange(lr) => {
            let LongRangeState {
                next,
                step,
                remaining,
                ..
            } = &**lr;
            if !num_traits::Signed::is_positive(&*remaining.borrow()) {
                return Ok(None);
            }
            *remaining.borrow_mut() -= 1u32;
            let v = next.borrow().clone();
            *next.borrow_mut() += step;
            Ok(Some(vm.new_bigint(v)))
        }
        IterKind::Dict {
            dict: d,
            pos,
            kind,
            size,
            remaining,
            reverse,
            result,
        } => {
            let p0 = pos.get();
            if p0 == ITER_DONE {
                return Ok(None);
            }
            let t = dict::table(d).borrow();
            if p0 == ITER_SIZE_CHANGED || t.len() != *size {
                drop(t);
                pos.set(ITER_SIZE_CHANGED);
                remaining.set(0);
                return Err(vm.runtime_error("dictionary changed size during iteration"));
            }
            let found = if *reverse {
                let mut p = pos.get().min(t.positions());
                let mut hit = None;
                while p > 0 {
                    p -= 1;
                    if let Some(e) = t.entry_at(p) {
                        hit = Some((p, e));
                        break;
                    }
                }
                pos.set(p);
                hit
            } else {
                t.next_live(pos.get())
            };
            let Some((p, e)) = found else {
                pos.set(ITER_DONE);
                return Ok(None);
            };
            if remaining.get() == 0 {
                // An entry the iteration did not expect: same size, other keys.
                drop(t);
                pos.set(ITER_DONE);
                return Err(vm.runtime_error("dictionary keys changed during iteration"));
            }
            remaining.set(remaining.get() - 1);
            pos.set(if *reverse { p } else { p + 1 });
            // Only what the view gives is cloned.
            let r = match kind {
                ViewKind::Keys => e.key.clone(),
                ViewKind::Values => e.value.clone(),
                ViewKind::Items => {
                    let (k, v) = (e.key.clone(), e.value.clone());
                    drop(t);
                    return Ok(Some(reuse_pair(vm, result, k, v)));
                }
            };
            drop(t);
            Ok(Some(r))
        }
        IterKind::Set { set, pos, size } => {
            let t = match crate::objects::set::set_table(set) {
                Some(t) => t.borrow(),
                None => return Ok(None),
            };
            let mut p = pos.get();
            if p == ITER_DONE {
                return Ok(None);
            }
            if p == ITER_SIZE_CHANGED || t.len() != *size {
                drop(t);
                pos.set(ITER_SIZE_CHANGED);
                return Err(vm.runtime_error("Set changed size during iteration"));
            }
            while p < t.positions() {
                if let Some(s) = t.slot_at(p) {
                    pos.set(p + 1);
                    return Ok(Some(s.key.clone()));
                }
                p += 1;
            }
            pos.set(ITER_DONE);
            Ok(None)
        }
        IterKind::Enumerate { it, count, result } => match vm.next(it)? {
            Some(v) => {
                let c = count.get();
                count.set(c + 1);
                Ok(Some(reuse_pair(vm, result, Value::Int(c), v)))
            }
            None => Ok(None),
        },
        IterKind::Zip { iters, strict } => {
            if iters.is_empty() {
                return Ok(None);
            }
            let mut items = Vec::with_capacity(iters.len());
            for (i, it) in iters.iter().enumerate() {
                match vm.next(it)? {
                    Some(v) => items.push(v),
                    None => {
                        if *strict {
                            if i > 0 {
                                let plural = if i == 1 { " " } else { "s 1-" };
                                return Err(vm.value_error(format!(
                                    "zip() argument {} is shorter than argument{plural}{}",
                                    i + 1,
                                    i
                                )));
                            }
                            for (j, other) in iters.iter().enumerate().skip(1) {
                                if vm.next(other)?.is_some() {
                                    let plural = if j == 1 { " " } else { "s 1-" };
                                    return Err(vm.value_error(format!(
                                        "zip() argument {} is longer than argument{plural}{}",
                                        j + 1,
                                        j
                                    )));
                                }
                            }
                        }
                        return Ok(None);
                    }
                }
            }
            Ok(Some(vm.new_tuple(items)))
        }
        IterKind::Map { func, iters, kept } => {
            if let [it] = &iters[..] {
                let Some(v) = vm.next(it)? else {
                    return Ok(None);
                };
                return Ok(Some(call_kept(vm, func, kept, &v)?));
            }
            let mut items = Vec::with_capacity(iters.len());
            for it in iters {
                match vm.next(it)? {
                    Some(v) => items.push(v),
                    None => return Ok(None),
                }
            }
            Ok(Some(vm.call(func, Args::new(&items))?))
        }
        IterKind::Filter { func, it, kept } => loop {
            let v = match vm.next(it)? {
                Some(v) => v,
                None => return Ok(None),
            };
            let keep = if func.is_none() || matches!(func, Value::Obj(o) if o.is(&vm.types.bool_)) {
                vm.is_true(&v)?
            } else {
                let r = call_kept(vm, func, kept, &v)?;
                vm.is_true(&r)?
            };
            if keep {
                return Ok(Some(v));
            }
        },
        IterKind::Callable {
            func,
            sentinel,
            done,
        } => {
            if done.get() {
                return Ok(None);
            }
            let v = match vm.call0(func) {
                Ok(v) => v,
                Err(e) if vm.exc_matches(&e, &vm.exc.stop_iteration) => {
                    done.set(true);
                    return Ok(None);
                }
                Err(e) => return Err(e),
            };
            if vm.eq(&v, sentinel)? {
                done.set(true);
                return Ok(None);
            }
            Ok(Some(v))
        }
    }
}

fn iter_self(_vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(args.args[0].clone())
}

fn iter_next_m(vm: &Vm, args: Args) -> PyResult<Value> {
    if let Value::Obj(o) = &args.args[0] {
        if let Payload::Iter(k) = &o.payload {
            return match iter_next(vm, k)? {
                Some(v) => Ok(v),
                None => Err(vm.stop_iteration(None)),
            };
        }
    }
    Err(vm.type_error("expected an iterator"))
}

fn length_hint(vm: &Vm, args: Args) -> PyResult<Value> {
    if let Value::Obj(o) = &args.args[0] {
        if let Payload::Iter(k) = &o.payload {
            return Ok(Value::Int(match k {
                IterKind::Range { remaining, .. } => remaining.get().max(0),
                IterKind::LongRange(lr) => {
                    return Ok(vm.new_bigint(lr.remaining.borrow().clone()));
                }
                IterKind::Seq { seq, index } => match seq.get() {
                    Value::Obj(s) => {
                        (vm.len(&Value::Obj(s)).unwrap_or(0) as i64 - index.get() as i64).max(0)
                    }
                    _ => 0,
                },
                IterKind::ReversedList { index, .. } => (index.get() + 1).max(0) as i64,
                IterKind::Str { s, pos } => {
                    let st = s.payload.as_str().map(|x| x.as_bytes()).unwrap_or(&[]);
                    st.get(pos.get()..)
                        .map_or(0, |rest| rest.iter().filter(|&&c| c & 0xC0 != 0x80).count())
                        as i64
                }
                IterKind::Set { set, pos, size } => {
                    match crate::objects::set::set_table(set) {
                        Some(t) if t.borrow().len() == *size && pos.get() < usize::MAX / 2 => {
                            // Count the live slots still ahead of the position.
                            let t = t.borrow();
                            (pos.get()..t.positions())
                                .filter(|&p| t.slot_at(p).is_some())
                                .count() as i64
                        }
                        _ => 0,
                    }
                }
                IterKind::Dict {
                    dict,
                    size,
                    remaining,
                    ..
                } if dict::table(dict).borrow().len() == *size => remaining.get() as i64,
                _ => 0,
            }));
        }
    }
    Ok(Value::Int(0))
}

fn cls_of(vm: &Vm, args: &Args) -> PyResult<ObjRef> {
    match args.args.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => Ok(c.clone()),
        _ => Err(vm.type_error("expected a type")),
    }
}

fn make(vm: &Vm, cls: &ObjRef, k: IterKind) -> Value {
    let o = ObjRef::new(cls, Payload::Iter(k));
    if tdata(cls).is_heap() {
        o.give_dict(|| vm.new_dict_obj());
    }
    Value::Obj(o)
}

fn enumerate_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_of(vm, &args)?;
    let pos = args.pos();
    let given = pos.len().saturating_sub(1) + args.kwargs().count();
    if given > 2 {
        return Err(vm.type_error(format!(
            "enumerate() takes at most 2 arguments ({given} given)"
        )));
    }
    let mut iterable = pos.get(1).cloned();
    let mut start = pos.get(2).cloned();
    for (k, v) in args.kwargs() {
        match k.as_obj().map(crate::objects::str::as_rust_str).as_deref() {
            Some("iterable") if iterable.is_some() => {
                return Err(
                    vm.type_error("'iterable' is an invalid keyword argument for enumerate()")
                )
            }
            Some("start") if start.is_some() => {
                return Err(vm.type_error(
                    "argument for enumerate() given by name ('start') and position (2)",
                ))
            }
            Some("iterable") => iterable = Some(v.clone()),
            Some("start") => start = Some(v.clone()),
            Some(o) => {
                return Err(vm.type_error(format!(
                    "'{o}' is an invalid keyword argument for enumerate()"
                )))
            }
            None => {}
        }
    }
    let iterable = iterable
        .ok_or_else(|| vm.type_error("enumerate() missing required argument 'iterable'"))?;
    let it = vm.iter(&iterable)?;
    let start = match start {
        Some(s) => vm.to_index(&s)?,
        None => 0,
    };
    Ok(make(
        vm,
        &cls,
        IterKind::Enumerate {
            it,
            count: Cell::new(start),
            result: ValueCell::new(Value::Null),
        },
    ))
}

fn zip_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_of(vm, &args)?;
    let mut strict = false;
    for (k, v) in args.kwargs() {
        match k.as_obj().map(crate::objects::str::as_rust_str).as_deref() {
            Some("strict") => strict = vm.is_true(v)?,
            Some(o) => {
                return Err(vm.type_error(format!("zip() got an unexpected keyword argument '{o}'")))
            }
            None => {}
        }
    }
    let mut iters = Vec::new();
    for (i, a) in args.pos()[1..].iter().enumerate() {
        let _ = i;
        iters.push(vm.iter(a)?);
    }
    Ok(make(vm, &cls, IterKind::Zip { iters, strict }))
}

fn map_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_of(vm, &args)?;
    let pos = args.pos();
    if pos.len() < 3 {
        return Err(vm.type_error("map() must have at least two arguments."));
    }
    let mut iters = Vec::new();
    for a in &pos[2..] {
        iters.push(vm.iter(a)?);
    }
    Ok(make(
        vm,
        &cls,
        IterKind::Map {
            func: pos[1].clone(),
            iters,
            kept: RefCell::new(None),
        },
    ))
}

fn filter_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_of(vm, &args)?;
    let pos = args.pos();
    if pos.len() != 3 {
        return Err(vm.type_error(format!(
            "filter expected 2 arguments, got {}",
            pos.len() - 1
        )));
    }
    let it = vm.iter(&pos[2])?;
    Ok(make(
        vm,
        &cls,
        IterKind::Filter {
            func: pos[1].clone(),
            it,
            kept: RefCell::new(None),
        },
    ))
}

fn reversed_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let exact = matches!(pos.first(), Some(Value::Obj(c)) if c.is(&vm.types.reversed));
    if exact && args.has_kw() {
        return Err(vm.type_error("reversed() takes no keyword arguments"));
    }
    if pos.len() != 2 {
        return Err(vm.type_error(format!(
            "reversed expected 1 argument, got {}",
            pos.len() - 1
        )));
    }
    let seq = &pos[1];
    if let Some(r) = vm.call_special(seq, &vm.names.__reversed__, &[])? {
        return Ok(r);
    }
    if vm.lookup_special(seq, &vm.names.__getitem__).is_none()
        || matches!(seq, Value::Obj(o) if o.payload.as_dict().is_some())
    {
        return Err(vm.type_error(format!("'{}' object is not reversible", vm.type_name(seq))));
    }
    let n = vm.len(seq)?;
    Ok(new_iter(
        vm,
        &vm.types.reversed,
        IterKind::ReversedList {
            seq: ValueCell::new(seq.clone()),
            index: Cell::new(n as isize - 1),
        },
    ))
}

/// `reversed(d)` for a dict or one of its views: a dict_reverse*iterator.
pub fn new_reversed_dict_iter(vm: &Vm, d: &ObjRef, kind: ViewKind) -> Value {
    let t = dict::table(d).borrow();
    let (size, end) = (t.len(), t.positions());
    drop(t);
    let ty = match kind {
        ViewKind::Keys => &vm.types.dict_reversekeyiterator,
        ViewKind::Values => &vm.types.dict_reversevalueiterator,
        ViewKind::Items => &vm.types.dict_reverseitemiterator,
    };
    new_iter(
        vm,
        ty,
        IterKind::Dict {
            dict: d.clone(),
            pos: Cell::new(end),
            kind,
            size,
            remaining: Cell::new(size),
            reverse: true,
            result: ValueCell::new(Value::Null),
        },
    )
}

pub fn new_callable_iter(vm: &Vm, func: Value, sentinel: Value) -> Value {
    new_iter(
        vm,
        &vm.types.callable_iterator,
        IterKind::Callable {
            func,
            sentinel,
            done: Cell::new(false),
        },
    )
}

fn builtin(vm: &Vm, name: &str) -> Value {
    dict::get_str_in(dict::table(&vm.builtins_dict), &vm.intern(name)).unwrap_or(Value::None)
}

/// The items an iterator has left, without consuming it (dict and set iterators reduce
/// to a list of them, as CPython's do).
fn remaining_items(vm: &Vm, k: &IterKind) -> PyResult<Vec<Value>> {
    let mut out = Vec::new();
    match k {
        IterKind::Dict {
            dict: d,
            pos,
            kind,
            size,
            remaining,
            reverse,
            ..
        } => {
            let copy = IterKind::Dict {
                dict: d.clone(),
                pos: Cell::new(pos.get()),
                kind: *kind,
                size: *size,
                remaining: Cell::new(remaining.get()),
                reverse: *reverse,
                result: ValueCell::new(Value::Null),
            };
            while let Some(v) = iter_next(vm, &copy)? {
                out.push(v);
            }
        }
        IterKind::Set { set, pos, size } => {
            let copy = IterKind::Set {
                set: set.clone(),
                pos: Cell::new(pos.get()),
                size: *size,
            };
            while let Some(v) = iter_next(vm, &copy)? {
                out.push(v);
            }
        }
        _ => {}
    }
    Ok(out)
}

/// `__reduce__` of the built-in iterators: how to rebuild one at its current position.
fn iter_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let me = &args.args[0];
    let Value::Obj(o) = me else {
        return Err(vm.type_error("expected an iterator"));
    };
    let Payload::Iter(k) = &o.payload else {
        return Err(vm.type_error("expected an iterator"));
    };
    let iter_fn = builtin(vm, "iter");
    let t = |items: Vec<Value>| vm.new_tuple(items);
    let cls = Value::Obj(o.class().clone());
    Ok(match k {
        IterKind::Seq { seq, index } => match seq.get() {
            Value::Null => {
                let empty = if o.class().is(&vm.types.list_iterator) {
                    vm.new_list(Vec::new())
                } else {
                    t(Vec::new())
                };
                t(vec![iter_fn, t(vec![empty])])
            }
            s => t(vec![iter_fn, t(vec![s]), Value::Int(index.get() as i64)]),
        },
        IterKind::Str { s, pos } => {
            let st = s.payload.as_str().map(|x| x.as_bytes()).unwrap_or(&[]);
            if pos.get() >= st.len() {
                t(vec![iter_fn, t(vec![vm.new_str("")])])
            } else {
                let index = st[..pos.get()]
                    .iter()
                    .filter(|&&c| c & 0xC0 != 0x80)
                    .count();
                t(vec![
                    iter_fn,
                    t(vec![Value::Obj(s.clone())]),
                    Value::Int(index as i64),
                ])
            }
        }
        IterKind::ReversedList { seq, index } => {
            let list_rev = o.class().is(&vm.types.list_reverseiterator);
            match seq.get() {
                Value::Obj(s) if index.get() >= 0 => {
                    let f = if list_rev {
                        builtin(vm, "reversed")
                    } else {
                        cls
                    };
                    t(vec![
                        f,
                        t(vec![Value::Obj(s)]),
                        Value::Int(index.get() as i64),
                    ])
                }
                _ if list_rev => t(vec![iter_fn, t(vec![vm.new_list(Vec::new())])]),
                _ => t(vec![cls, t(vec![t(Vec::new())])]),
            }
        }
        IterKind::Range {
            step,
            remaining,
            start,
            len,
            ..
        } => {
            let stop = *start as i128 + *len as i128 * *step as i128;
            let r = crate::objects::range::new_range_big(
                vm,
                (*start).into(),
                stop.into(),
                (*step).into(),
            );
            let index = len - remaining.get().max(0);
            t(vec![iter_fn, t(vec![r]), Value::Int(index)])
        }
        IterKind::Dict { .. } | IterKind::Set { .. } => {
            let items = remaining_items(vm, k)?;
            t(vec![iter_fn, t(vec![vm.new_list(items)])])
        }
        IterKind::Enumerate { it, count, .. } => {
            t(vec![cls, t(vec![it.clone(), Value::Int(count.get())])])
        }
        IterKind::Zip { iters, strict } => {
            let mut v = vec![cls, t(iters.clone())];
            if *strict {
                v.push(Value::Bool(true));
            }
            t(v)
        }
        IterKind::Map { func, iters, .. } => {
            let mut a = vec![func.clone()];
            a.extend(iters.iter().cloned());
            t(vec![cls, t(a)])
        }
        IterKind::Filter { func, it, .. } => t(vec![cls, t(vec![func.clone(), it.clone()])]),
        IterKind::Callable {
            func,
            sentinel,
            done,
        } => {
            if done.get() {
                t(vec![iter_fn, t(vec![t(Vec::new())])])
            } else {
                t(vec![iter_fn, t(vec![func.clone(), sentinel.clone()])])
            }
        }
        _ => return Err(vm.type_error(format!("cannot pickle '{}' object", vm.type_name(me)))),
    })
}

/// `__setstate__` of the position-based iterators: move to item `state`.
fn long_range_state<'a>(vm: &Vm, me: Option<&'a Value>) -> PyResult<&'a LongRangeState> {
    match me {
        Some(Value::Obj(o)) => match &o.payload {
            Payload::Iter(IterKind::LongRange(lr)) => Ok(lr),
            _ => Err(vm.type_error("expected a longrange_iterator")),
        },
        _ => Err(vm.type_error("expected a longrange_iterator")),
    }
}

/// longrange_iterator's `__reduce__`: `iter(range(start, start + len * step, step))` and
/// the index reached (CPython 3.11's longrangeiter_reduce).
fn longrange_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let lr = long_range_state(vm, args.args.first())?;
    let stop = &lr.start + &lr.len * &lr.step;
    let r = crate::objects::range::new_range_big(vm, lr.start.clone(), stop, lr.step.clone());
    let index = &lr.len - &*lr.remaining.borrow();
    Ok(vm.new_tuple(vec![
        builtin(vm, "iter"),
        vm.new_tuple(vec![r]),
        vm.new_bigint(index),
    ]))
}

/// longrange_iterator's `__setstate__`: go to the given index, clipped to `0..=len`
/// (compared with `<` as CPython's longrangeiter_setstate does, so that a state that is
/// not a number raises the comparison's TypeError).
fn longrange_setstate(vm: &Vm, args: Args) -> PyResult<Value> {
    use num_traits::Signed;
    let lr = long_range_state(vm, args.args.first())?;
    let Some(state) = args.args.get(1) else {
        return Err(vm.type_error("__setstate__ expected 1 argument"));
    };
    let index = match crate::objects::int::as_bigint(state) {
        Some(i) if i.is_negative() => num_bigint::BigInt::from(0),
        Some(i) if i > lr.len => lr.len.clone(),
        Some(i) => i,
        None => {
            vm.rich_compare(
                state,
                &Value::Int(0),
                pyrs_compiler::bytecode::CompareOpArg::Lt,
            )?;
            return Err(vm.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(state)
            )));
        }
    };
    *lr.next.borrow_mut() = &lr.start + &index * &lr.step;
    *lr.remaining.borrow_mut() = &lr.len - &index;
    Ok(Value::None)
}

fn iter_setstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let (Some(Value::Obj(o)), Some(state)) = (args.args.first(), args.args.get(1)) else {
        return Err(vm.type_error("__setstate__ expected 1 argument"));
    };
    let n = vm.to_index(state)?;
    let Payload::Iter(k) = &o.payload else {
        return Err(vm.type_error("expected an iterator"));
    };
    match k {
        IterKind::Seq { seq, index } => {
            if !matches!(seq.get(), Value::Null) {
                index.set(n.max(0) as usize);
            }
        }
        IterKind::Str { s, pos } => {
            let st = s.payload.as_str().map(|x| x.as_bytes()).unwrap_or(&[]);
            let mut p = 0;
            let mut i = 0;
            while i < n && p < st.len() {
                p += crate::objects::str::decode_at(st, p).1;
                i += 1;
            }
            pos.set(p);
        }
        IterKind::ReversedList { seq, index } => {
            if let Value::Obj(s) = seq.get() {
                let len = vm.len(&Value::Obj(s))? as i64;
                index.set(n.clamp(-1, len - 1) as isize);
            }
        }
        IterKind::Range {
            next,
            step,
            remaining,
            start,
            len,
        } => {
            let i = n.clamp(0, *len);
            next.set(start.wrapping_add(i.wrapping_mul(*step)));
            remaining.set(len - i);
        }
        IterKind::Enumerate { count, .. } => count.set(n),
        _ => {
            return Err(vm.type_error(format!(
                "'{}' object has no __setstate__",
                vm.type_name(&args.args[0])
            )))
        }
    }
    Ok(Value::None)
}

pub fn init(vm: &Vm) {
    let t = &vm.types;
    for ty in [
        &t.list_iterator,
        &t.list_reverseiterator,
        &t.tuple_iterator,
        &t.str_iterator,
        &t.bytes_iterator,
        &t.range_iterator,
        &t.dict_keyiterator,
        &t.dict_valueiterator,
        &t.dict_itemiterator,
        &t.dict_reversekeyiterator,
        &t.dict_reversevalueiterator,
        &t.dict_reverseitemiterator,
        &t.set_iterator,
        &t.seq_iterator,
        &t.callable_iterator,
        &t.enumerate,
        &t.zip,
        &t.map,
        &t.filter,
        &t.reversed,
    ] {
        vm.add_method(ty, "__iter__", iter_self);
        vm.add_method(ty, "__next__", iter_next_m);
        vm.add_method(ty, "__reduce__", iter_reduce);
        // callable_iterator, enumerate, zip, map and filter have no length hint.
        let hinted = ![
            &t.callable_iterator,
            &t.enumerate,
            &t.zip,
            &t.map,
            &t.filter,
        ]
        .iter()
        .any(|x| x.is(ty));
        if hinted {
            vm.add_method(ty, "__length_hint__", length_hint);
        }
    }
    for ty in [
        &t.list_iterator,
        &t.list_reverseiterator,
        &t.tuple_iterator,
        &t.str_iterator,
        &t.bytes_iterator,
        &t.range_iterator,
        &t.seq_iterator,
        &t.reversed,
    ] {
        vm.add_method(ty, "__setstate__", iter_setstate);
    }
    vm.add_method(&t.longrange_iterator, "__iter__", iter_self);
    vm.add_method(&t.longrange_iterator, "__next__", iter_next_m);
    vm.add_method(&t.longrange_iterator, "__length_hint__", length_hint);
    vm.add_method(&t.longrange_iterator, "__reduce__", longrange_reduce);
    vm.add_method(&t.longrange_iterator, "__setstate__", longrange_setstate);
    vm.add_static(&t.enumerate, "__new__", enumerate_new);
    vm.add_static(&t.zip, "__new__", zip_new);
    vm.add_static(&t.map, "__new__", map_new);
    vm.add_static(&t.filter, "__new__", filter_new);
    vm.add_static(&t.reversed, "__new__", reversed_new);
}

/// One step of a machine-int range iterator (`IterKind::Range`'s cells): the next value,
/// None once it is exhausted. Shared by `next()` and the eval loop's `FOR_ITER`.
#[inline(always)]
pub(crate) fn range_step(next: &Cell<i64>, step: i64, remaining: &Cell<i64>) -> Option<i64> {
    let r = remaining.get();
    if r <= 0 {
        return None;
    }
    remaining.set(r - 1);
    let v = next.get();
    next.set(v.wrapping_add(step));
    Some(v)
}
