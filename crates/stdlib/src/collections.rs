//! The `_collections` module: `deque` (with its iterators), `defaultdict`,
//! `_count_elements` and `_tuplegetter`. `OrderedDict` comes from Lib's pure-Python
//! fallback in `collections/__init__.py`.
//!
//! A deque is a `VecDeque` in a `RefCell` plus a `state` counter bumped by every
//! mutation, which its iterators compare against to raise "deque mutated during
//! iteration". The borrow is never held while Python code runs (comparisons, reprs).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use pyrs_compiler::bytecode::CompareOpArg;
use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::{NativeData, Payload};
use pyrs_vm::objects::dict::{self, DictTable};
use pyrs_vm::objects::typeobj::{flags, tdata, Layout};
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::util::{bind, cls_arg, native_of, one_arg, pos_only, rest, stop, this, ReprGuard};

// ----- deque -------------------------------------------------------------------------------

pub struct Deque {
    items: RefCell<VecDeque<Value>>,
    maxlen: Cell<Option<usize>>,
    /// Bumped by every mutation.
    state: Cell<u64>,
}

impl NativeData for Deque {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        if let Ok(items) = self.items.try_borrow() {
            for v in items.iter() {
                visit(v);
            }
        }
    }
}

impl Deque {
    fn new(maxlen: Option<usize>) -> Deque {
        Deque {
            items: RefCell::new(VecDeque::new()),
            maxlen: Cell::new(maxlen),
            state: Cell::new(0),
        }
    }
    fn touch(&self) {
        self.state.set(self.state.get().wrapping_add(1));
    }
    fn len(&self) -> usize {
        self.items.borrow().len()
    }
    fn get(&self, i: usize) -> Option<Value> {
        self.items.borrow().get(i).cloned()
    }
    /// append, dropping from the left when full; the dropped value is returned so
    /// that it is released after the borrow ends.
    fn push_back(&self, v: Value) -> Option<Value> {
        self.touch();
        let mut items = self.items.borrow_mut();
        if self.maxlen.get() == Some(0) {
            return Some(v);
        }
        items.push_back(v);
        if let Some(m) = self.maxlen.get() {
            if items.len() > m {
                return items.pop_front();
            }
        }
        None
    }
    fn push_front(&self, v: Value) -> Option<Value> {
        self.touch();
        let mut items = self.items.borrow_mut();
        if self.maxlen.get() == Some(0) {
            return Some(v);
        }
        items.push_front(v);
        if let Some(m) = self.maxlen.get() {
            if items.len() > m {
                return items.pop_back();
            }
        }
        None
    }
}

fn deque_of<'a>(vm: &Vm, args: &'a Args) -> PyResult<&'a Deque> {
    this(vm, args, "collections.deque")
}

thread_local! {
    static TYPES: RefCell<Option<CollTypes>> = const { RefCell::new(None) };
}

#[derive(Clone)]
struct CollTypes {
    deque_iter: ObjRef,
    deque_reviter: ObjRef,
}

fn types(vm: &Vm) -> PyResult<CollTypes> {
    TYPES
        .with(|t| t.borrow().clone())
        .ok_or_else(|| vm.runtime_error("_collections is not initialised"))
}

fn deque_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    Ok(Value::Obj(vm.new_native_object(&cls, Deque::new(None))))
}

fn parse_maxlen(vm: &Vm, v: &Option<Value>) -> PyResult<Option<usize>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => {
            if !pyrs_vm::objects::int::is_int(v)
                && vm.lookup_special(v, &vm.names.__index__).is_none()
            {
                return Err(vm.type_error("an integer is required"));
            }
            let m = crate::util::to_isize(vm, v)?;
            if m < 0 {
                return Err(vm.value_error("maxlen must be non-negative"));
            }
            Ok(Some(m as usize))
        }
    }
}

fn deque_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let a = bind(vm, "deque", &rest(&args), &["iterable", "maxlen"], 0)?;
    let maxlen = parse_maxlen(vm, &a[1])?;
    d.maxlen.set(maxlen);
    if d.len() > 0 {
        d.touch();
        let old = std::mem::take(&mut *d.items.borrow_mut());
        drop(old);
    }
    if let Some(it) = &a[0] {
        deque_extend_from(vm, d, &args.args[0], it)?;
    }
    Ok(Value::None)
}

fn deque_extend_from(vm: &Vm, d: &Deque, this: &Value, iterable: &Value) -> PyResult<()> {
    // Extending with itself iterates over a copy.
    let items = if iterable.is(this) {
        d.items.borrow().iter().cloned().collect::<Vec<_>>()
    } else {
        vm.collect(iterable)?
    };
    for v in items {
        let dropped = d.push_back(v);
        drop(dropped);
    }
    Ok(())
}

fn deque_append(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let v = one_arg(vm, "deque.append", &rest(&args))?.clone();
    let dropped = d.push_back(v);
    drop(dropped);
    Ok(Value::None)
}

fn deque_appendleft(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let v = one_arg(vm, "deque.appendleft", &rest(&args))?.clone();
    let dropped = d.push_front(v);
    drop(dropped);
    Ok(Value::None)
}

fn deque_pop(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    pos_only(vm, "pop", &rest(&args), 0, 0)?;
    let v = d.items.borrow_mut().pop_back();
    match v {
        Some(v) => {
            d.touch();
            Ok(v)
        }
        None => Err(vm.index_error("pop from an empty deque")),
    }
}

fn deque_popleft(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    pos_only(vm, "popleft", &rest(&args), 0, 0)?;
    let v = d.items.borrow_mut().pop_front();
    match v {
        Some(v) => {
            d.touch();
            Ok(v)
        }
        None => Err(vm.index_error("pop from an empty deque")),
    }
}

fn deque_extend(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let it = one_arg(vm, "deque.extend", &rest(&args))?;
    deque_extend_from(vm, d, &args.args[0], it)?;
    Ok(Value::None)
}

fn deque_extendleft(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let it = one_arg(vm, "deque.extendleft", &rest(&args))?;
    let items = if it.is(&args.args[0]) {
        d.items.borrow().iter().cloned().collect::<Vec<_>>()
    } else {
        vm.collect(it)?
    };
    for v in items {
        let dropped = d.push_front(v);
        drop(dropped);
    }
    Ok(Value::None)
}

fn deque_clear(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    d.touch();
    let old = std::mem::take(&mut *d.items.borrow_mut());
    drop(old);
    Ok(Value::None)
}

fn deque_copy(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let this = &args.args[0];
    let cls = vm.type_of(this).clone();
    let items: Vec<Value> = d.items.borrow().iter().cloned().collect();
    let list = vm.new_list(items);
    if tdata(&cls).is_heap() {
        // A subclass: call it as CPython does, with maxlen when set.
        let clsv = Value::Obj(cls);
        return match d.maxlen.get() {
            None => vm.call1(&clsv, list),
            Some(m) => vm.call(&clsv, Args::new(&[list, Value::Int(m as i64)])),
        };
    }
    let new = Deque::new(d.maxlen.get());
    *new.items.borrow_mut() = d.items.borrow().clone();
    Ok(Value::Obj(vm.new_native_object(&cls, new)))
}

fn deque_count(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let x = one_arg(vm, "deque.count", &rest(&args))?;
    let state = d.state.get();
    let mut n = 0;
    let mut i = 0;
    while let Some(v) = d.get(i) {
        if vm.eq(&v, x)? {
            n += 1;
        }
        if d.state.get() != state {
            return Err(vm.runtime_error("deque mutated during iteration"));
        }
        i += 1;
    }
    Ok(Value::Int(n))
}

fn norm_bound(v: Option<&Value>, len: usize, vm: &Vm, default: usize) -> PyResult<usize> {
    match v {
        None => Ok(default),
        Some(v) => {
            let i = match crate::util::to_i64_opt(vm, v)? {
                Some(i) => i,
                None => {
                    let b =
                        pyrs_vm::objects::int::as_bigint(&vm.index_value(v)?).unwrap_or_default();
                    if b.sign() == num_bigint::Sign::Minus {
                        i64::MIN
                    } else {
                        i64::MAX
                    }
                }
            };
            let len = len as i64;
            let i = if i < 0 { (i + len).max(0) } else { i.min(len) };
            Ok(i as usize)
        }
    }
}

fn deque_index(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let p = pos_only(vm, "index", &rest(&args), 1, 3)?;
    let x = &p[0];
    let len = d.len();
    let start = norm_bound(p.get(1), len, vm, 0)?;
    let stop_ = norm_bound(p.get(2), len, vm, len)?;
    let state = d.state.get();
    let mut i = start;
    while i < stop_ {
        let v = match d.get(i) {
            Some(v) => v,
            None => break,
        };
        if vm.eq(&v, x)? {
            return Ok(Value::Int(i as i64));
        }
        if d.state.get() != state {
            return Err(vm.runtime_error("deque mutated during iteration"));
        }
        i += 1;
    }
    Err(vm.value_error(format!("{} is not in deque", vm.repr_string(x)?)))
}

fn deque_insert(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let p = pos_only(vm, "insert", &rest(&args), 2, 2)?;
    let len = d.len();
    if Some(len) == d.maxlen.get() {
        return Err(vm.index_error("deque already at its maximum size"));
    }
    let i = crate::util::to_isize(vm, &p[0])?;
    let len_i = len as i64;
    let i = if i < 0 {
        (i + len_i).max(0)
    } else {
        i.min(len_i)
    } as usize;
    d.touch();
    d.items.borrow_mut().insert(i, p[1].clone());
    Ok(Value::None)
}

fn deque_remove(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let x = one_arg(vm, "deque.remove", &rest(&args))?;
    let state = d.state.get();
    let mut i = 0;
    while let Some(v) = d.get(i) {
        let eq = vm.eq(&v, x)?;
        if d.state.get() != state {
            return Err(vm.index_error("deque mutated during remove()."));
        }
        if eq {
            d.touch();
            let removed = d.items.borrow_mut().remove(i);
            drop(removed);
            return Ok(Value::None);
        }
        i += 1;
    }
    Err(vm.value_error(format!("{} is not in deque", vm.repr_string(x)?)))
}

fn deque_reverse(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    d.touch();
    d.items.borrow_mut().make_contiguous().reverse();
    Ok(Value::None)
}

fn deque_rotate(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let p = pos_only(vm, "rotate", &rest(&args), 0, 1)?;
    let n = match p.first() {
        Some(v) => crate::util::to_isize(vm, v)?,
        None => 1,
    };
    let len = d.len() as i64;
    if len <= 1 {
        return Ok(Value::None);
    }
    d.touch();
    let k = n.rem_euclid(len) as usize;
    d.items.borrow_mut().rotate_right(k);
    Ok(Value::None)
}

fn deque_len(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    Ok(Value::Int(d.len() as i64))
}

fn deque_bool(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    Ok(Value::Bool(d.len() > 0))
}

fn deque_index_arg(vm: &Vm, d: &Deque, key: &Value) -> PyResult<usize> {
    if !pyrs_vm::objects::int::is_int(key) && vm.lookup_special(key, &vm.names.__index__).is_none()
    {
        return Err(vm.type_error(format!(
            "sequence index must be integer, not '{}'",
            vm.type_name(key)
        )));
    }
    let len = d.len() as i64;
    let i = match crate::util::to_i64_opt(vm, key)? {
        Some(i) => i,
        None => return Err(vm.index_error("deque index out of range")),
    };
    let i = if i < 0 { i + len } else { i };
    if i < 0 || i >= len {
        return Err(vm.index_error("deque index out of range"));
    }
    Ok(i as usize)
}

fn deque_getitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let key = one_arg(vm, "deque.__getitem__", &rest(&args))?;
    let i = deque_index_arg(vm, d, key)?;
    d.get(i)
        .ok_or_else(|| vm.index_error("deque index out of range"))
}

fn deque_setitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let p = pos_only(vm, "__setitem__", &rest(&args), 2, 2)?;
    let i = deque_index_arg(vm, d, &p[0])?;
    let old = std::mem::replace(&mut d.items.borrow_mut()[i], p[1].clone());
    drop(old);
    Ok(Value::None)
}

fn deque_delitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let key = one_arg(vm, "deque.__delitem__", &rest(&args))?;
    let i = deque_index_arg(vm, d, key)?;
    d.touch();
    let old = d.items.borrow_mut().remove(i);
    drop(old);
    Ok(Value::None)
}

fn deque_contains(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let x = one_arg(vm, "deque.__contains__", &rest(&args))?;
    let state = d.state.get();
    let mut i = 0;
    while let Some(v) = d.get(i) {
        if vm.eq(&v, x)? {
            return Ok(Value::Bool(true));
        }
        if d.state.get() != state {
            return Err(vm.runtime_error("deque mutated during iteration"));
        }
        i += 1;
    }
    Ok(Value::Bool(false))
}

fn deque_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let this = &args.args[0];
    let Some(_guard) = ReprGuard::enter(this) else {
        return Ok(vm.new_str("[...]"));
    };
    let items: Vec<Value> = d.items.borrow().iter().cloned().collect();
    let mut parts = Vec::with_capacity(items.len());
    for v in &items {
        parts.push(vm.repr_string(v)?);
    }
    let name = vm.type_name(this);
    let body = format!("[{}]", parts.join(", "));
    Ok(vm.new_str(match d.maxlen.get() {
        None => format!("{name}({body})"),
        Some(m) => format!("{name}({body}, maxlen={m})"),
    }))
}

fn deque_maxlen(vm: &Vm, v: &Value) -> PyResult<Value> {
    match native_of::<Deque>(v) {
        Some(d) => Ok(match d.maxlen.get() {
            None => Value::None,
            Some(m) => Value::Int(m as i64),
        }),
        None => Err(vm.type_error("descriptor 'maxlen' requires a 'collections.deque' object")),
    }
}

fn deque_compare(vm: &Vm, args: Args, op: CompareOpArg) -> PyResult<Value> {
    let a = deque_of(vm, &args)?;
    let other = args.args.get(1).cloned().unwrap_or(Value::None);
    let Some(b) = native_of::<Deque>(&other) else {
        return Ok(vm.not_implemented());
    };
    let x: Vec<Value> = a.items.borrow().iter().cloned().collect();
    let y: Vec<Value> = b.items.borrow().iter().cloned().collect();
    pyrs_vm::objects::seq::compare_seqs(vm, &x, &y, op)
}

fn deque_eq(vm: &Vm, args: Args) -> PyResult<Value> {
    deque_compare(vm, args, CompareOpArg::Eq)
}
fn deque_ne(vm: &Vm, args: Args) -> PyResult<Value> {
    deque_compare(vm, args, CompareOpArg::Ne)
}
fn deque_lt(vm: &Vm, args: Args) -> PyResult<Value> {
    deque_compare(vm, args, CompareOpArg::Lt)
}
fn deque_le(vm: &Vm, args: Args) -> PyResult<Value> {
    deque_compare(vm, args, CompareOpArg::Le)
}
fn deque_gt(vm: &Vm, args: Args) -> PyResult<Value> {
    deque_compare(vm, args, CompareOpArg::Gt)
}
fn deque_ge(vm: &Vm, args: Args) -> PyResult<Value> {
    deque_compare(vm, args, CompareOpArg::Ge)
}

fn deque_add(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let other = args.args.get(1).cloned().unwrap_or(Value::None);
    let Some(o) = native_of::<Deque>(&other) else {
        return Err(vm.type_error(format!(
            "can only concatenate deque (not \"{}\") to deque",
            vm.type_name(&other)
        )));
    };
    let new = Deque::new(d.maxlen.get());
    let items: Vec<Value> = d
        .items
        .borrow()
        .iter()
        .chain(o.items.borrow().iter())
        .cloned()
        .collect();
    for v in items {
        drop(new.push_back(v));
    }
    let cls = vm.type_of(&args.args[0]).clone();
    Ok(Value::Obj(vm.new_native_object(&cls, new)))
}

fn deque_iadd(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let other = args.args.get(1).cloned().unwrap_or(Value::None);
    deque_extend_from(vm, d, &args.args[0], &other)?;
    Ok(args.args[0].clone())
}

fn repeat_count(vm: &Vm, v: &Value) -> PyResult<Option<i64>> {
    if !pyrs_vm::objects::int::is_int(v) && vm.lookup_special(v, &vm.names.__index__).is_none() {
        return Ok(None);
    }
    Ok(Some(crate::util::to_isize(vm, v)?))
}

fn deque_mul(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let other = args.args.get(1).cloned().unwrap_or(Value::None);
    let Some(n) = repeat_count(vm, &other)? else {
        return Ok(vm.not_implemented());
    };
    let new = Deque::new(d.maxlen.get());
    let items: Vec<Value> = d.items.borrow().iter().cloned().collect();
    for _ in 0..n.max(0) {
        for v in &items {
            drop(new.push_back(v.clone()));
        }
        if let Some(m) = d.maxlen.get() {
            if new.len() >= m && n > 2 * (m as i64 + 1) {
                // Later rounds only cycle through the same tail.
                continue;
            }
        }
    }
    let cls = vm.type_of(&args.args[0]).clone();
    Ok(Value::Obj(vm.new_native_object(&cls, new)))
}

fn deque_imul(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let other = args.args.get(1).cloned().unwrap_or(Value::None);
    let Some(n) = repeat_count(vm, &other)? else {
        return Ok(vm.not_implemented());
    };
    let items: Vec<Value> = d.items.borrow().iter().cloned().collect();
    if n <= 0 {
        d.touch();
        let old = std::mem::take(&mut *d.items.borrow_mut());
        drop(old);
    } else {
        for _ in 1..n {
            for v in &items {
                drop(d.push_back(v.clone()));
            }
        }
    }
    Ok(args.args[0].clone())
}

fn deque_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    let this = &args.args[0];
    let cls = Value::Obj(vm.type_of(this).clone());
    let items: Vec<Value> = d.items.borrow().iter().cloned().collect();
    let state = match this.as_obj().and_then(|o| o.dict()) {
        Some(dd) if !dict::table(&dd).borrow().is_empty() => Value::Obj(dd),
        _ => Value::None,
    };
    let ctor_args = match d.maxlen.get() {
        None => vm.new_tuple(vec![]),
        Some(m) => vm.new_tuple(vec![vm.new_tuple(vec![]), Value::Int(m as i64)]),
    };
    let it = vm.iter(&vm.new_list(items))?;
    Ok(vm.new_tuple(vec![cls, ctor_args, state, it]))
}

fn class_getitem(_vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(args.args[0].clone())
}

// ----- deque iterators -----------------------------------------------------------------

struct DequeIter {
    deque: Value,
    index: Cell<usize>,
    state: u64,
    reverse: bool,
    /// Items left (for __length_hint__ and the reverse position).
    left: Cell<usize>,
}

impl NativeData for DequeIter {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.deque);
    }
}

fn new_deque_iter(vm: &Vm, this: &Value, d: &Deque, reverse: bool) -> PyResult<Value> {
    let t = types(vm)?;
    let ty = if reverse {
        t.deque_reviter
    } else {
        t.deque_iter
    };
    let len = d.len();
    Ok(Value::Obj(vm.new_native_object(
        &ty,
        DequeIter {
            deque: this.clone(),
            index: Cell::new(0),
            state: d.state.get(),
            reverse,
            left: Cell::new(len),
        },
    )))
}

fn deque_iter(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    new_deque_iter(vm, &args.args[0], d, false)
}

fn deque_reversed(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = deque_of(vm, &args)?;
    new_deque_iter(vm, &args.args[0], d, true)
}

fn dequeiter_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let it: &DequeIter = this(vm, &args, "_collections._deque_iterator")?;
    let Some(d) = native_of::<Deque>(&it.deque) else {
        return Err(stop(vm));
    };
    if d.state.get() != it.state {
        it.left.set(0);
        return Err(vm.runtime_error("deque mutated during iteration"));
    }
    if it.left.get() == 0 {
        return Err(stop(vm));
    }
    let i = it.index.get();
    let len = d.len();
    let pos = if it.reverse { len - 1 - i } else { i };
    let v = d.get(pos).ok_or_else(|| stop(vm))?;
    it.index.set(i + 1);
    it.left.set(it.left.get() - 1);
    Ok(v)
}

fn dequeiter_length_hint(vm: &Vm, args: Args) -> PyResult<Value> {
    let it: &DequeIter = this(vm, &args, "_collections._deque_iterator")?;
    Ok(Value::Int(it.left.get() as i64))
}

fn dequeiter_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let p = pos_only(vm, "_deque_iterator", &rest(&args), 1, 2)?;
    let Some(d) = native_of::<Deque>(&p[0]) else {
        return Err(vm.type_error(format!(
            "_deque_iterator() argument 1 must be collections.deque, not {}",
            vm.type_name(&p[0])
        )));
    };
    let reverse = tdata(&cls).name() == "_deque_reverse_iterator";
    let it = new_deque_iter(vm, &p[0], d, reverse)?;
    if let (Some(n), Some(i)) = (p.get(1), native_of::<DequeIter>(&it)) {
        let n = crate::util::to_isize(vm, n)?.max(0) as usize;
        for _ in 0..n.min(d.len()) {
            i.index.set(i.index.get() + 1);
            i.left.set(i.left.get() - 1);
        }
    }
    Ok(it)
}

// ----- defaultdict ---------------------------------------------------------------------

const FACTORY_KEY: &str = "default_factory";

fn dd_factory(vm: &Vm, o: &Value) -> Value {
    o.as_obj()
        .and_then(|o| o.dict())
        .and_then(|d| dict::get_str(&d, &vm.intern(FACTORY_KEY)))
        .unwrap_or(Value::None)
}

fn dd_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let o = ObjRef::new(&cls, Payload::Dict(RefCell::new(DictTable::new())));
    // The factory lives in the instance namespace (the layout has no slot of its own).
    o.set_dict(Some(vm.new_dict_obj()));
    Ok(Value::Obj(o))
}

fn dd_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let pos = &args.pos()[1..];
    let (factory, rest_pos) = match pos.first() {
        Some(f) => (f.clone(), &pos[1..]),
        None => (Value::None, pos),
    };
    if !factory.is_none() && !vm.is_callable(&factory) {
        return Err(vm.type_error("first argument must be callable or None"));
    }
    if let Some(d) = this.as_obj().and_then(|o| o.dict()) {
        dict::set_str(&d, &vm.intern(FACTORY_KEY), factory);
    }
    // dict.__init__(self, *rest, **kwargs)
    let init = vm.get_attr(&Value::Obj(vm.types.dict.clone()), &vm.names.__init__)?;
    let mut v = vec![this.clone()];
    v.extend_from_slice(rest_pos);
    v.extend_from_slice(&args.args[args.args.len() - args.kwnames.len()..]);
    vm.call(&init, Args::with_kw(&v, args.kwnames))?;
    Ok(Value::None)
}

fn dd_missing(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let key = one_arg(vm, "__missing__", &rest(&args))?;
    let factory = dd_factory(vm, this);
    if factory.is_none() {
        return Err(vm.key_error(key.clone()));
    }
    let v = vm.call0(&factory)?;
    vm.setitem(this, key, v.clone())?;
    Ok(v)
}

fn dd_get_factory(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(dd_factory(vm, v))
}

fn dd_set_factory(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    if let Some(d) = v.as_obj().and_then(|o| o.dict()) {
        dict::set_str(&d, &vm.intern(FACTORY_KEY), val.unwrap_or(Value::None));
    }
    Ok(())
}

fn dd_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let factory = dd_factory(vm, this);
    let frepr = if factory.is_none() {
        "None".to_string()
    } else {
        match ReprGuard::enter(&factory) {
            Some(_g) => vm.repr_string(&factory)?,
            None => "...".to_string(),
        }
    };
    let dict_repr = vm.get_attr(&Value::Obj(vm.types.dict.clone()), &vm.names.__repr__)?;
    let body = vm.call1(&dict_repr, this.clone())?;
    Ok(vm.new_str(format!(
        "{}({frepr}, {})",
        vm.type_name(this),
        vm.str_string(&body)?
    )))
}

fn dd_copy(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let cls = Value::Obj(vm.type_of(this).clone());
    vm.call(&cls, Args::new(&[dd_factory(vm, this), this.clone()]))
}

fn dd_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let cls = Value::Obj(vm.type_of(this).clone());
    let factory = dd_factory(vm, this);
    let ctor = if factory.is_none() {
        vm.new_tuple(vec![])
    } else {
        vm.new_tuple(vec![factory])
    };
    let items = vm.call_method(this, "items", &[])?;
    let it = vm.iter(&items)?;
    Ok(vm.new_tuple(vec![cls, ctor, Value::None, Value::None, it]))
}

fn dd_or(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let other = args.args.get(1).cloned().unwrap_or(Value::None);
    if !vm.isinstance(&other, &vm.types.dict) {
        return Ok(vm.not_implemented());
    }
    let new = dd_copy(vm, Args::new(std::slice::from_ref(this)))?;
    vm.call_method(&new, "update", &[other])?;
    Ok(new)
}

fn dd_ror(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let other = args.args.get(1).cloned().unwrap_or(Value::None);
    if !vm.isinstance(&other, &vm.types.dict) {
        return Ok(vm.not_implemented());
    }
    let cls = Value::Obj(vm.type_of(this).clone());
    let new = vm.call(&cls, Args::new(&[dd_factory(vm, this), other]))?;
    vm.call_method(&new, "update", std::slice::from_ref(this))?;
    Ok(new)
}

// ----- _count_elements, _tuplegetter -----------------------------------------------------

fn count_elements(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = pos_only(vm, "_count_elements", &args, 2, 2)?;
    let mapping = &p[0];
    let it = vm.iter(&p[1])?;
    let exact_dict = matches!(mapping, Value::Obj(o) if o.class().is(&vm.types.dict));
    let get = if exact_dict {
        None
    } else {
        Some(vm.get_attr(mapping, &vm.intern("get"))?)
    };
    let one = Value::Int(1);
    while let Some(elem) = vm.next(&it)? {
        let old = match &get {
            None => match mapping {
                Value::Obj(o) => dict::get(vm, o, &elem)?,
                _ => None,
            },
            Some(g) => Some(vm.call(g, Args::new(&[elem.clone(), Value::Int(0)]))?),
        };
        let new = match old {
            None => one.clone(),
            Some(o) => vm.binary_op(&o, &one, pyrs_compiler::bytecode::BinaryOpArg::Add)?,
        };
        vm.setitem(mapping, &elem, new)?;
    }
    Ok(Value::None)
}

struct TupleGetter {
    index: usize,
    /// Writable, as CPython's member is (namedtuple sets field docs after creation).
    doc: std::cell::RefCell<Value>,
}

impl NativeData for TupleGetter {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.doc.borrow());
    }
}

fn tuplegetter_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let p = pos_only(vm, "_tuplegetter", &rest(&args), 2, 2)?;
    let index = crate::util::to_isize(vm, &p[0])?;
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        TupleGetter {
            index: index.max(0) as usize,
            doc: std::cell::RefCell::new(p[1].clone()),
        },
    )))
}

fn tuplegetter_get(vm: &Vm, args: Args) -> PyResult<Value> {
    let tg: &TupleGetter = this(vm, &args, "_collections._tuplegetter")?;
    let (obj, _) = vm.descr_get_args(&args)?;
    if obj.is_none() {
        return Ok(args.args[0].clone());
    }
    match &obj {
        Value::Obj(o) => match o.payload.as_tuple() {
            Some(items) => items
                .get(tg.index)
                .cloned()
                .ok_or_else(|| vm.index_error("tuple index out of range")),
            None => Err(vm.type_error(format!(
                "descriptor for index '{}' for tuple subclasses doesn't apply to '{}' object",
                tg.index,
                vm.type_name(&obj)
            ))),
        },
        _ => Err(vm.type_error(format!(
            "descriptor for index '{}' for tuple subclasses doesn't apply to '{}' object",
            tg.index,
            vm.type_name(&obj)
        ))),
    }
}

fn tuplegetter_set(vm: &Vm, args: Args) -> PyResult<Value> {
    let _tg: &TupleGetter = this(vm, &args, "_collections._tuplegetter")?;
    vm.wrapper_unpack(&args, 2, 2)?;
    Err(vm.new_exception_msg(&vm.exc.attribute_error, "can't set attribute"))
}

fn tuplegetter_delete(vm: &Vm, args: Args) -> PyResult<Value> {
    let _tg: &TupleGetter = this(vm, &args, "_collections._tuplegetter")?;
    vm.wrapper_nargs(&args, 1)?;
    Err(vm.new_exception_msg(&vm.exc.attribute_error, "can't delete attribute"))
}

fn tuplegetter_doc(vm: &Vm, v: &Value) -> PyResult<Value> {
    match native_of::<TupleGetter>(v) {
        Some(t) => Ok(t.doc.borrow().clone()),
        None => Err(vm.type_error("expected _tuplegetter")),
    }
}

fn tuplegetter_set_doc(vm: &Vm, v: &Value, new: Option<Value>) -> PyResult<()> {
    match native_of::<TupleGetter>(v) {
        Some(t) => {
            *t.doc.borrow_mut() = new.unwrap_or(Value::None);
            Ok(())
        }
        None => Err(vm.type_error("expected _tuplegetter")),
    }
}

fn tuplegetter_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let tg: &TupleGetter = this(vm, &args, "_collections._tuplegetter")?;
    let cls = Value::Obj(vm.type_of(&args.args[0]).clone());
    Ok(vm.new_tuple(vec![
        cls,
        vm.new_tuple(vec![Value::Int(tg.index as i64), tg.doc.borrow().clone()]),
    ]))
}

// ----- module ----------------------------------------------------------------------------

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_collections");
    let d = m.dict().expect("module dict");
    let set = |name: &str, v: Value| dict::set_str(&d, &vm.intern(name), v);

    let dq = vm.new_native_type("collections", "deque", None, true, false);
    vm.add_static(&dq, "__new__", deque_new);
    let methods: &[(&'static str, pyrs_vm::object::NativeFn)] = &[
        ("__init__", deque_init),
        ("append", deque_append),
        ("appendleft", deque_appendleft),
        ("pop", deque_pop),
        ("popleft", deque_popleft),
        ("extend", deque_extend),
        ("extendleft", deque_extendleft),
        ("clear", deque_clear),
        ("copy", deque_copy),
        ("__copy__", deque_copy),
        ("count", deque_count),
        ("index", deque_index),
        ("insert", deque_insert),
        ("remove", deque_remove),
        ("reverse", deque_reverse),
        ("rotate", deque_rotate),
        ("__len__", deque_len),
        ("__bool__", deque_bool),
        ("__getitem__", deque_getitem),
        ("__setitem__", deque_setitem),
        ("__delitem__", deque_delitem),
        ("__contains__", deque_contains),
        ("__iter__", deque_iter),
        ("__reversed__", deque_reversed),
        ("__repr__", deque_repr),
        ("__eq__", deque_eq),
        ("__ne__", deque_ne),
        ("__lt__", deque_lt),
        ("__le__", deque_le),
        ("__gt__", deque_gt),
        ("__ge__", deque_ge),
        ("__add__", deque_add),
        ("__iadd__", deque_iadd),
        ("__mul__", deque_mul),
        ("__rmul__", deque_mul),
        ("__imul__", deque_imul),
        ("__reduce__", deque_reduce),
    ];
    for (name, f) in methods {
        vm.add_method(&dq, name, *f);
    }
    vm.add_classmethod(&dq, "__class_getitem__", class_getitem);
    vm.add_getset(&dq, "maxlen", deque_maxlen, None);
    vm.set_type_attr(&dq, "__hash__", Value::None);
    set("deque", Value::Obj(dq.clone()));

    let mk_iter = |name: &str| {
        let t = vm.new_native_type("_collections", name, None, false, false);
        vm.add_static(&t, "__new__", dequeiter_new);
        vm.add_method(&t, "__iter__", |_vm, a| Ok(a.args[0].clone()));
        vm.add_method(&t, "__next__", dequeiter_next);
        vm.add_method(&t, "__length_hint__", dequeiter_length_hint);
        set(name, Value::Obj(t.clone()));
        t
    };
    let deque_iter_t = mk_iter("_deque_iterator");
    let deque_reviter_t = mk_iter("_deque_reverse_iterator");

    let dd = pyrs_vm::vm::new_static_type(
        &vm.types.type_,
        "defaultdict",
        Some(&vm.types.dict),
        Layout::Dict,
        true,
    );
    vm.set_type_attr(&dd, "__module__", vm.new_str("collections"));
    {
        let td = tdata(&dd);
        td.flags.set(td.flags.get() | flags::NATIVE_MODULE);
    }
    vm.add_static(&dd, "__new__", dd_new);
    vm.add_method(&dd, "__init__", dd_init);
    vm.add_method(&dd, "__missing__", dd_missing);
    vm.add_method(&dd, "__repr__", dd_repr);
    vm.add_method(&dd, "copy", dd_copy);
    vm.add_method(&dd, "__copy__", dd_copy);
    vm.add_method(&dd, "__reduce__", dd_reduce);
    vm.add_method(&dd, "__or__", dd_or);
    vm.add_method(&dd, "__ror__", dd_ror);
    vm.add_getset(&dd, "default_factory", dd_get_factory, Some(dd_set_factory));
    set("defaultdict", Value::Obj(dd));

    let tg = vm.new_native_type("_collections", "_tuplegetter", None, false, false);
    vm.add_static(&tg, "__new__", tuplegetter_new);
    vm.add_method(&tg, "__get__", tuplegetter_get);
    vm.add_method(&tg, "__set__", tuplegetter_set);
    vm.add_method(&tg, "__delete__", tuplegetter_delete);
    vm.add_method(&tg, "__reduce__", tuplegetter_reduce);
    vm.add_getset(&tg, "__doc__", tuplegetter_doc, Some(tuplegetter_set_doc));
    {
        let td = tdata(&tg);
        td.flags
            .set(td.flags.get() | flags::HAS_GET | flags::HAS_SET);
    }
    set("_tuplegetter", Value::Obj(tg.clone()));

    vm.add_module_fn(&m, "_count_elements", count_elements);
    TYPES.with(|t| {
        *t.borrow_mut() = Some(CollTypes {
            deque_iter: deque_iter_t,
            deque_reviter: deque_reviter_t,
        })
    });
    Ok(m)
}
