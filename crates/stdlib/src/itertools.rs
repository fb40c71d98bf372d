//! The `itertools` module: every iterator type of CPython 3.11's, with its reprs and
//! argument errors. Each type keeps its state in a `RefCell` inside `Payload::Native`.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use pyrs_compiler::bytecode::BinaryOpArg;
use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::{NativeData, NativeFn};
use pyrs_vm::objects::int;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::util::{bind, bind_ex, check_positional, cls_arg, native_of, no_kwargs, stop, this};

fn visit_all<'a>(vals: impl IntoIterator<Item = &'a Value>, visit: &mut dyn FnMut(&Value)) {
    for v in vals {
        visit(v);
    }
}

fn iter_self(_vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(args.args[0].clone())
}

/// Make a type of this module with `__new__`, `__iter__`, `__next__`.
fn make_type(vm: &Vm, m: &ObjRef, name: &str, new: NativeFn, next: NativeFn) -> ObjRef {
    let t = vm.new_native_type("itertools", name, None, true, false);
    vm.add_static(&t, "__new__", new);
    vm.add_method(&t, "__iter__", iter_self);
    vm.add_method(&t, "__next__", next);
    if let Some(d) = m.dict() {
        pyrs_vm::objects::dict::set_str(&d, &vm.intern(name), Value::Obj(t.clone()));
    }
    t
}

fn call_args<'a>(args: &'a Args<'a>) -> Args<'a> {
    crate::util::rest(args)
}

/// The arguments of a `__new__` whose type refuses keywords, as CPython's
/// `type->tp_init == X_type.tp_init && !_PyArg_NoKeywords(...)`: a subclass that defines
/// its own `__init__` may take keywords (they go to its `__init__`).
fn args_no_kw<'a>(vm: &Vm, name: &str, cls: &ObjRef, args: &'a Args<'a>) -> PyResult<Args<'a>> {
    let rest = crate::util::rest(args);
    if rest.has_kw() {
        let own_init = pyrs_vm::objects::typeobj::lookup(cls, &vm.names.__init__);
        let object_init = pyrs_vm::objects::typeobj::lookup(&vm.types.object, &vm.names.__init__);
        let overridden = match (&own_init, &object_init) {
            (Some(a), Some(b)) => !a.is(b),
            _ => false,
        };
        if !overridden {
            return Err(vm.type_error(format!("{name}() takes no keyword arguments")));
        }
        return Ok(Args::new(rest.pos()));
    }
    Ok(rest)
}

// ----- count -------------------------------------------------------------------------------

struct Count {
    /// Fast mode while both are small ints.
    cur: RefCell<Value>,
    step: Value,
}

impl NativeData for Count {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.cur.borrow());
        visit(&self.step);
    }
}

fn is_number(vm: &Vm, v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Float(_) | Value::Bool(_))
        || int::is_int(v)
        || vm.lookup_special(v, &vm.names.__index__).is_some()
        || vm.lookup_special(v, &vm.names.__float__).is_some()
        || vm.lookup_special(v, &vm.intern("__add__")).is_some()
            && !matches!(v, Value::Obj(o) if o.payload.as_str().is_some() || o.payload.as_list().is_some() || o.payload.as_tuple().is_some())
}

fn count_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let a = bind(vm, "count", &call_args(&args), &["start", "step"], 0)?;
    let start = a[0].clone().unwrap_or(Value::Int(0));
    let step = a[1].clone().unwrap_or(Value::Int(1));
    if !is_number(vm, &start) || !is_number(vm, &step) {
        return Err(vm.type_error("a number is required"));
    }
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        Count {
            cur: RefCell::new(start),
            step,
        },
    )))
}

fn count_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let c: &Count = this(vm, &args, "count")?;
    let cur = c.cur.borrow().clone();
    let next = match (&cur, &c.step) {
        (Value::Int(a), Value::Int(b)) => match a.checked_add(*b) {
            Some(n) => Value::Int(n),
            None => vm.binary_op(&cur, &c.step, BinaryOpArg::Add)?,
        },
        _ => vm.binary_op(&cur, &c.step, BinaryOpArg::Add)?,
    };
    *c.cur.borrow_mut() = next;
    Ok(cur)
}

fn count_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let c: &Count = this(vm, &args, "count")?;
    let name = vm.type_name(&args.args[0]);
    let cur = vm.repr_string(&c.cur.borrow())?;
    let step_is_one = matches!(c.step, Value::Int(1));
    if step_is_one {
        return Ok(vm.new_str(format!("{name}({cur})")));
    }
    Ok(vm.new_str(format!("{name}({cur}, {})", vm.repr_string(&c.step)?)))
}

// ----- cycle -------------------------------------------------------------------------------

struct Cycle {
    it: RefCell<Option<Value>>,
    /// A list object, shared with copies made through __reduce__ (as CPython's).
    saved: RefCell<Value>,
    index: std::cell::Cell<usize>,
    /// Items from `it` are already in `saved` (a cycle restored by __setstate__).
    firstpass: std::cell::Cell<bool>,
}

impl NativeData for Cycle {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        if let Some(i) = &*self.it.borrow() {
            visit(i);
        }
        visit(&self.saved.borrow());
    }
}

fn cycle_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let rest = args_no_kw(vm, "cycle", &cls, &args)?;
    check_positional(vm, "cycle", rest.pos().len(), 1, 1)?;
    let it = vm.iter(&rest.pos()[0])?;
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        Cycle {
            it: RefCell::new(Some(it)),
            saved: RefCell::new(vm.new_list(Vec::new())),
            index: std::cell::Cell::new(0),
            firstpass: std::cell::Cell::new(false),
        },
    )))
}

fn cycle_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let c: &Cycle = this(vm, &args, "cycle")?;
    let it = c.it.borrow().clone();
    if let Some(it) = it {
        if let Some(v) = vm.next(&it)? {
            if !c.firstpass.get() {
                if let Some(l) = c.saved.borrow().as_obj().and_then(|o| o.payload.as_list()) {
                    l.borrow_mut().push(v.clone());
                }
            }
            return Ok(v);
        }
        *c.it.borrow_mut() = None;
    }
    let saved_obj = c.saved.borrow().clone();
    let Some(list) = saved_obj.as_obj().and_then(|o| o.payload.as_list()) else {
        return Err(stop(vm));
    };
    let saved = list.borrow();
    if saved.is_empty() {
        return Err(stop(vm));
    }
    let i = c.index.get();
    let Some(v) = saved.get(i).cloned() else {
        c.index.set(0);
        return Err(stop(vm));
    };
    c.index.set(if i + 1 >= saved.len() { 0 } else { i + 1 });
    Ok(v)
}

// ----- repeat ------------------------------------------------------------------------------

struct Repeat {
    obj: Value,
    /// None: forever.
    times: std::cell::Cell<Option<i64>>,
}

impl NativeData for Repeat {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.obj);
    }
}

fn repeat_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let a = bind(vm, "repeat", &call_args(&args), &["object", "times"], 1)?;
    let obj = a[0].clone().unwrap_or(Value::None);
    let times = match &a[1] {
        None => None,
        Some(t) => Some(crate::util::to_isize(vm, t)?.max(0)),
    };
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        Repeat {
            obj,
            times: std::cell::Cell::new(times),
        },
    )))
}

fn repeat_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let r: &Repeat = this(vm, &args, "repeat")?;
    match r.times.get() {
        None => Ok(r.obj.clone()),
        Some(0) => Err(stop(vm)),
        Some(n) => {
            r.times.set(Some(n - 1));
            Ok(r.obj.clone())
        }
    }
}

fn repeat_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let r: &Repeat = this(vm, &args, "repeat")?;
    let name = vm.type_name(&args.args[0]);
    let o = vm.repr_string(&r.obj)?;
    Ok(vm.new_str(match r.times.get() {
        None => format!("{name}({o})"),
        Some(n) => format!("{name}({o}, {n})"),
    }))
}

fn repeat_length_hint(vm: &Vm, args: Args) -> PyResult<Value> {
    let r: &Repeat = this(vm, &args, "repeat")?;
    match r.times.get() {
        None => Err(vm.type_error("len() of unsized object")),
        Some(n) => Ok(Value::Int(n)),
    }
}

// ----- accumulate ----------------------------------------------------------------------

struct Accumulate {
    it: Value,
    func: Value,
    total: RefCell<Option<Value>>,
    initial: RefCell<Option<Value>>,
}

impl NativeData for Accumulate {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.it);
        visit(&self.func);
        if let Some(t) = &*self.total.borrow() {
            visit(t);
        }
        if let Some(t) = &*self.initial.borrow() {
            visit(t);
        }
    }
}

fn accumulate_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let a = bind_ex(
        vm,
        "accumulate",
        &call_args(&args),
        &["iterable", "func", "initial"],
        1,
        0,
        2,
    )?;
    let it = vm.iter(a[0].as_ref().unwrap_or(&Value::None))?;
    let func = a[1].clone().unwrap_or(Value::None);
    let initial = match &a[2] {
        Some(Value::None) | None => None,
        Some(v) => Some(v.clone()),
    };
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        Accumulate {
            it,
            func,
            total: RefCell::new(None),
            initial: RefCell::new(initial),
        },
    )))
}

fn accumulate_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let a: &Accumulate = this(vm, &args, "accumulate")?;
    if let Some(init) = a.initial.borrow_mut().take() {
        *a.total.borrow_mut() = Some(init.clone());
        return Ok(init);
    }
    let v = match vm.next(&a.it)? {
        Some(v) => v,
        None => return Err(stop(vm)),
    };
    let total = a.total.borrow().clone();
    let new = match total {
        None => v,
        Some(t) => {
            if a.func.is_none() {
                vm.binary_op(&t, &v, BinaryOpArg::Add)?
            } else {
                vm.call(&a.func, Args::new(&[t, v]))?
            }
        }
    };
    *a.total.borrow_mut() = Some(new.clone());
    Ok(new)
}

// ----- chain ---------------------------------------------------------------------------

struct Chain {
    /// The iterator of iterables.
    source: RefCell<Option<Value>>,
    active: RefCell<Option<Value>>,
}

impl NativeData for Chain {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        if let Some(s) = &*self.source.borrow() {
            visit(s);
        }
        if let Some(s) = &*self.active.borrow() {
            visit(s);
        }
    }
}

fn chain_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let rest = args_no_kw(vm, "chain", &cls, &args)?;
    let source = vm.iter(&vm.new_tuple(rest.pos().to_vec()))?;
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        Chain {
            source: RefCell::new(Some(source)),
            active: RefCell::new(None),
        },
    )))
}

fn chain_from_iterable(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let rest = call_args(&args);
    no_kwargs(vm, "from_iterable", &rest)?;
    if rest.pos().len() != 1 {
        return Err(vm.type_error(format!(
            "chain.from_iterable() takes exactly one argument ({} given)",
            rest.pos().len()
        )));
    }
    let source = vm.iter(&rest.pos()[0])?;
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        Chain {
            source: RefCell::new(Some(source)),
            active: RefCell::new(None),
        },
    )))
}

fn chain_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let c: &Chain = this(vm, &args, "chain")?;
    loop {
        let active = c.active.borrow().clone();
        if let Some(a) = active {
            if let Some(v) = vm.next(&a)? {
                return Ok(v);
            }
            *c.active.borrow_mut() = None;
        }
        let source = c.source.borrow().clone();
        let Some(src) = source else {
            return Err(stop(vm));
        };
        match vm.next(&src)? {
            Some(iterable) => {
                let it = match vm.iter(&iterable) {
                    Ok(it) => it,
                    Err(e) => {
                        *c.source.borrow_mut() = None;
                        return Err(e);
                    }
                };
                *c.active.borrow_mut() = Some(it);
            }
            None => {
                *c.source.borrow_mut() = None;
                return Err(stop(vm));
            }
        }
    }
}

// ----- compress, dropwhile, takewhile, filterfalse, starmap ------------------------------

struct Compress {
    data: Value,
    selectors: Value,
}

impl NativeData for Compress {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.data);
        visit(&self.selectors);
    }
}

fn compress_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let a = bind(vm, "compress", &call_args(&args), &["data", "selectors"], 2)?;
    let data = vm.iter(a[0].as_ref().unwrap_or(&Value::None))?;
    let selectors = vm.iter(a[1].as_ref().unwrap_or(&Value::None))?;
    Ok(Value::Obj(
        vm.new_native_object(&cls, Compress { data, selectors }),
    ))
}

fn compress_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let c: &Compress = this(vm, &args, "compress")?;
    loop {
        let d = match vm.next(&c.data)? {
            Some(d) => d,
            None => return Err(stop(vm)),
        };
        let s = match vm.next(&c.selectors)? {
            Some(s) => s,
            None => return Err(stop(vm)),
        };
        if vm.is_true(&s)? {
            return Ok(d);
        }
    }
}

/// dropwhile / takewhile / filterfalse / starmap: a function and an iterator.
struct PredIter {
    func: Value,
    it: Value,
    /// dropwhile: whether dropping ended; takewhile: whether it stopped.
    flag: std::cell::Cell<bool>,
}

impl NativeData for PredIter {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.func);
        visit(&self.it);
    }
}

fn pred_new(vm: &Vm, args: Args, name: &str) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let rest = args_no_kw(vm, name, &cls, &args)?;
    check_positional(vm, name, rest.pos().len(), 2, 2)?;
    let func = rest.pos()[0].clone();
    let it = vm.iter(&rest.pos()[1])?;
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        PredIter {
            func,
            it,
            flag: std::cell::Cell::new(false),
        },
    )))
}

fn dropwhile_new(vm: &Vm, args: Args) -> PyResult<Value> {
    pred_new(vm, args, "dropwhile")
}
fn takewhile_new(vm: &Vm, args: Args) -> PyResult<Value> {
    pred_new(vm, args, "takewhile")
}
fn filterfalse_new(vm: &Vm, args: Args) -> PyResult<Value> {
    pred_new(vm, args, "filterfalse")
}
fn starmap_new(vm: &Vm, args: Args) -> PyResult<Value> {
    pred_new(vm, args, "starmap")
}

fn dropwhile_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let p: &PredIter = this(vm, &args, "dropwhile")?;
    loop {
        let v = match vm.next(&p.it)? {
            Some(v) => v,
            None => return Err(stop(vm)),
        };
        if p.flag.get() {
            return Ok(v);
        }
        let r = vm.call1(&p.func, v.clone())?;
        if !vm.is_true(&r)? {
            p.flag.set(true);
            return Ok(v);
        }
    }
}

fn takewhile_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let p: &PredIter = this(vm, &args, "takewhile")?;
    if p.flag.get() {
        return Err(stop(vm));
    }
    let v = match vm.next(&p.it)? {
        Some(v) => v,
        None => return Err(stop(vm)),
    };
    let r = vm.call1(&p.func, v.clone())?;
    if vm.is_true(&r)? {
        return Ok(v);
    }
    p.flag.set(true);
    Err(stop(vm))
}

fn filterfalse_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let p: &PredIter = this(vm, &args, "filterfalse")?;
    loop {
        let v = match vm.next(&p.it)? {
            Some(v) => v,
            None => return Err(stop(vm)),
        };
        let ok = if p.func.is_none() {
            vm.is_true(&v)?
        } else {
            let r = vm.call1(&p.func, v.clone())?;
            vm.is_true(&r)?
        };
        if !ok {
            return Ok(v);
        }
    }
}

fn starmap_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let p: &PredIter = this(vm, &args, "starmap")?;
    let v = match vm.next(&p.it)? {
        Some(v) => v,
        None => return Err(stop(vm)),
    };
    let items = vm.collect(&v)?;
    vm.call(&p.func, Args::new(&items))
}

// ----- groupby -------------------------------------------------------------------------

struct GroupBy {
    it: Value,
    keyfunc: Value,
    tgtkey: RefCell<Option<Value>>,
    currkey: RefCell<Option<Value>>,
    currvalue: RefCell<Option<Value>>,
    /// Identity of the grouper currently allowed to advance.
    currgrouper: std::cell::Cell<usize>,
}

impl NativeData for GroupBy {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.it);
        visit(&self.keyfunc);
        for c in [&self.tgtkey, &self.currkey, &self.currvalue] {
            if let Some(v) = &*c.borrow() {
                visit(v);
            }
        }
    }
}

struct Grouper {
    parent: Value,
    tgtkey: Value,
}

impl NativeData for Grouper {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.parent);
        visit(&self.tgtkey);
    }
}

thread_local! {
    static GROUPER_TYPE: RefCell<Option<ObjRef>> = const { RefCell::new(None) };
}

fn groupby_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let a = bind(vm, "groupby", &call_args(&args), &["iterable", "key"], 1)?;
    let it = vm.iter(a[0].as_ref().unwrap_or(&Value::None))?;
    let keyfunc = a[1].clone().unwrap_or(Value::None);
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        GroupBy {
            it,
            keyfunc,
            tgtkey: RefCell::new(None),
            currkey: RefCell::new(None),
            currvalue: RefCell::new(None),
            currgrouper: std::cell::Cell::new(0),
        },
    )))
}

/// Advance the underlying iterator: false when exhausted.
fn groupby_step(vm: &Vm, g: &GroupBy) -> PyResult<bool> {
    let v = match vm.next(&g.it)? {
        Some(v) => v,
        None => return Ok(false),
    };
    let k = if g.keyfunc.is_none() {
        v.clone()
    } else {
        vm.call1(&g.keyfunc, v.clone())?
    };
    *g.currvalue.borrow_mut() = Some(v);
    *g.currkey.borrow_mut() = Some(k);
    Ok(true)
}

fn groupby_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let g: &GroupBy = this(vm, &args, "groupby")?;
    g.currgrouper.set(0);
    loop {
        let currkey = g.currkey.borrow().clone();
        match currkey {
            None => {
                if !groupby_step(vm, g)? {
                    return Err(stop(vm));
                }
            }
            Some(ck) => {
                let tgt = g.tgtkey.borrow().clone();
                match tgt {
                    None => break,
                    Some(t) => {
                        if !vm.eq(&t, &ck)? {
                            break;
                        }
                        if !groupby_step(vm, g)? {
                            return Err(stop(vm));
                        }
                    }
                }
            }
        }
    }
    let ck = g.currkey.borrow().clone().unwrap_or(Value::None);
    *g.tgtkey.borrow_mut() = Some(ck.clone());
    let ty = GROUPER_TYPE.with(|t| t.borrow().clone());
    let ty = ty.ok_or_else(|| vm.runtime_error("itertools._grouper type missing"))?;
    let grouper = vm.new_native_object(
        &ty,
        Grouper {
            parent: args.args[0].clone(),
            tgtkey: ck.clone(),
        },
    );
    g.currgrouper.set(grouper.id());
    Ok(vm.new_tuple(vec![ck, Value::Obj(grouper)]))
}

fn grouper_new(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(vm.type_error("cannot create 'itertools._grouper' instances"))
}

fn grouper_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let gr: &Grouper = this(vm, &args, "_grouper")?;
    let g: &GroupBy = match native_of(&gr.parent) {
        Some(g) => g,
        None => return Err(stop(vm)),
    };
    let me = args.args[0].id() as usize;
    if g.currgrouper.get() != me {
        return Err(stop(vm));
    }
    if g.currvalue.borrow().is_none() && !groupby_step(vm, g)? {
        return Err(stop(vm));
    }
    let ck = g.currkey.borrow().clone().unwrap_or(Value::None);
    if !vm.eq(&gr.tgtkey, &ck)? {
        return Err(stop(vm));
    }
    let v = g.currvalue.borrow_mut().take().unwrap_or(Value::None);
    *g.currkey.borrow_mut() = None;
    Ok(v)
}

// ----- islice --------------------------------------------------------------------------

struct ISlice {
    it: RefCell<Option<Value>>,
    next: std::cell::Cell<i64>,
    /// -1: no stop.
    stop: i64,
    step: i64,
    cnt: std::cell::Cell<i64>,
}

impl NativeData for ISlice {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        if let Some(i) = &*self.it.borrow() {
            visit(i);
        }
    }
}

fn islice_index(vm: &Vm, v: &Value, msg: &str) -> PyResult<Option<i64>> {
    if v.is_none() {
        return Ok(None);
    }
    let bad = || vm.value_error(msg.to_string());
    if vm.lookup_special(v, &vm.names.__index__).is_none() && !int::is_int(v) {
        return Err(bad());
    }
    match crate::util::to_i64_opt(vm, v) {
        Ok(Some(i)) if i >= 0 => Ok(Some(i)),
        Ok(Some(_)) => Err(bad()),
        Ok(None) => {
            let b = int::as_bigint(&vm.index_value(v)?).unwrap_or_default();
            if b.sign() == num_bigint::Sign::Minus {
                Err(bad())
            } else {
                Ok(Some(i64::MAX))
            }
        }
        Err(e) => Err(e),
    }
}

fn islice_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let rest = args_no_kw(vm, "islice", &cls, &args)?;
    let p = rest.pos();
    check_positional(vm, "islice", p.len(), 2, 4)?;
    const STOP_MSG: &str =
        "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    const IDX_MSG: &str = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    let (start, stop_, step);
    if p.len() == 2 {
        start = 0;
        stop_ = islice_index(vm, &p[1], STOP_MSG)?.unwrap_or(-1);
        step = 1;
    } else {
        start = islice_index(vm, &p[1], IDX_MSG)?.unwrap_or(0);
        stop_ = islice_index(vm, &p[2], STOP_MSG)?.unwrap_or(-1);
        step = if p.len() == 4 {
            match &p[3] {
                Value::None => 1,
                v => {
                    let s = match crate::util::to_i64_opt(vm, v) {
                        Ok(Some(s)) => s,
                        Ok(None) => i64::MAX,
                        Err(_) => 0,
                    };
                    if s <= 0 {
                        return Err(
                            vm.value_error("Step for islice() must be a positive integer or None.")
                        );
                    }
                    s
                }
            }
        } else {
            1
        };
    }
    let it = vm.iter(&p[0])?;
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        ISlice {
            it: RefCell::new(Some(it)),
            next: std::cell::Cell::new(start),
            stop: stop_,
            step,
            cnt: std::cell::Cell::new(0),
        },
    )))
}

fn islice_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let s: &ISlice = this(vm, &args, "islice")?;
    let it = match s.it.borrow().clone() {
        Some(it) => it,
        None => return Err(stop(vm)),
    };
    let stop_at = s.stop;
    while s.cnt.get() < s.next.get() {
        match vm.next(&it)? {
            Some(_) => s.cnt.set(s.cnt.get() + 1),
            None => {
                *s.it.borrow_mut() = None;
                return Err(stop(vm));
            }
        }
    }
    if stop_at != -1 && s.cnt.get() >= stop_at {
        *s.it.borrow_mut() = None;
        return Err(stop(vm));
    }
    let v = match vm.next(&it)? {
        Some(v) => v,
        None => {
            *s.it.borrow_mut() = None;
            return Err(stop(vm));
        }
    };
    s.cnt.set(s.cnt.get() + 1);
    let old = s.next.get();
    let mut n = old.saturating_add(s.step);
    if n < old || (stop_at != -1 && n > stop_at) {
        n = stop_at;
    }
    s.next.set(n);
    Ok(v)
}

// ----- pairwise --------------------------------------------------------------------------

struct Pairwise {
    it: RefCell<Option<Value>>,
    old: RefCell<Option<Value>>,
}

impl NativeData for Pairwise {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        if let Some(i) = &*self.it.borrow() {
            visit(i);
        }
        if let Some(i) = &*self.old.borrow() {
            visit(i);
        }
    }
}

fn pairwise_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let rest = call_args(&args);
    no_kwargs(vm, "pairwise", &rest)?;
    check_positional(vm, "pairwise", rest.pos().len(), 1, 1)?;
    let it = vm.iter(&rest.pos()[0])?;
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        Pairwise {
            it: RefCell::new(Some(it)),
            old: RefCell::new(None),
        },
    )))
}

fn pairwise_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let p: &Pairwise = this(vm, &args, "pairwise")?;
    let it = match p.it.borrow().clone() {
        Some(it) => it,
        None => return Err(stop(vm)),
    };
    let old = p.old.borrow().clone();
    let old = match old {
        Some(o) => o,
        None => match vm.next(&it)? {
            Some(o) => {
                *p.old.borrow_mut() = Some(o.clone());
                o
            }
            None => {
                *p.it.borrow_mut() = None;
                return Err(stop(vm));
            }
        },
    };
    match vm.next(&it)? {
        Some(new) => {
            *p.old.borrow_mut() = Some(new.clone());
            Ok(vm.new_tuple(vec![old, new]))
        }
        None => {
            *p.it.borrow_mut() = None;
            *p.old.borrow_mut() = None;
            Err(stop(vm))
        }
    }
}

// ----- tee -----------------------------------------------------------------------------

/// The buffer shared by the iterators of one `tee`: values read from `it` that some
/// iterator has not seen yet, `base` being the index of `buf[0]`.
struct TeeShared {
    it: Value,
    buf: VecDeque<Value>,
    base: u64,
    /// Position of each live tee iterator, for trimming the buffer.
    positions: Vec<(usize, u64)>,
}

struct Tee {
    shared: Rc<RefCell<TeeShared>>,
    pos: std::cell::Cell<u64>,
    key: usize,
}

impl NativeData for Tee {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        if let Ok(s) = self.shared.try_borrow() {
            visit(&s.it);
            visit_all(s.buf.iter(), visit);
        }
    }
}

impl Drop for Tee {
    fn drop(&mut self) {
        if let Ok(mut s) = self.shared.try_borrow_mut() {
            s.positions.retain(|(k, _)| *k != self.key);
        }
    }
}

thread_local! {
    static TEE_TYPE: RefCell<Option<ObjRef>> = const { RefCell::new(None) };
    static TEE_KEY: std::cell::Cell<usize> = const { std::cell::Cell::new(1) };
}

fn new_tee(vm: &Vm, shared: &Rc<RefCell<TeeShared>>, pos: u64) -> PyResult<Value> {
    let ty = TEE_TYPE.with(|t| t.borrow().clone());
    let ty = ty.ok_or_else(|| vm.runtime_error("itertools._tee type missing"))?;
    let key = TEE_KEY.with(|k| {
        let v = k.get();
        k.set(v + 1);
        v
    });
    shared.borrow_mut().positions.push((key, pos));
    Ok(Value::Obj(vm.new_native_object(
        &ty,
        Tee {
            shared: shared.clone(),
            pos: std::cell::Cell::new(pos),
            key,
        },
    )))
}

fn tee_fn(vm: &Vm, args: Args) -> PyResult<Value> {
    no_kwargs(vm, "tee", &args)?;
    let p = args.pos();
    check_positional(vm, "tee", p.len(), 1, 2)?;
    let n = if p.len() == 2 {
        crate::util::to_isize(vm, &p[1])?
    } else {
        2
    };
    if n < 0 {
        return Err(vm.value_error("n must be >= 0"));
    }
    if n == 0 {
        return Ok(vm.new_tuple(vec![]));
    }
    let it = vm.iter(&p[0])?;
    // A tee of a tee shares its buffer (as CPython's __copy__ does).
    let mut out = Vec::with_capacity(n as usize);
    if let Some(t) = native_of::<Tee>(&it) {
        let shared = t.shared.clone();
        let pos = t.pos.get();
        out.push(it.clone());
        for _ in 1..n {
            out.push(new_tee(vm, &shared, pos)?);
        }
        return Ok(vm.new_tuple(out));
    }
    let shared = Rc::new(RefCell::new(TeeShared {
        it,
        buf: VecDeque::new(),
        base: 0,
        positions: Vec::new(),
    }));
    for _ in 0..n {
        out.push(new_tee(vm, &shared, 0)?);
    }
    Ok(vm.new_tuple(out))
}

fn tee_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let t: &Tee = this(vm, &args, "_tee")?;
    let pos = t.pos.get();
    let (base, len, it) = {
        let s = t.shared.borrow();
        (s.base, s.buf.len() as u64, s.it.clone())
    };
    let v = if pos < base + len {
        t.shared.borrow().buf[(pos - base) as usize].clone()
    } else {
        match vm.next(&it)? {
            Some(v) => {
                t.shared.borrow_mut().buf.push_back(v.clone());
                v
            }
            None => return Err(stop(vm)),
        }
    };
    t.pos.set(pos + 1);
    let mut s = t.shared.borrow_mut();
    let key = t.key;
    for p in s.positions.iter_mut() {
        if p.0 == key {
            p.1 = pos + 1;
        }
    }
    let min = s.positions.iter().map(|p| p.1).min().unwrap_or(pos + 1);
    while s.base < min && !s.buf.is_empty() {
        s.buf.pop_front();
        s.base += 1;
    }
    Ok(v)
}

fn tee_copy(vm: &Vm, args: Args) -> PyResult<Value> {
    let t: &Tee = this(vm, &args, "_tee")?;
    new_tee(vm, &t.shared, t.pos.get())
}

fn tee_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let rest = call_args(&args);
    check_positional(vm, "_tee", rest.pos().len(), 1, 1)?;
    let it = vm.iter(&rest.pos()[0])?;
    if let Some(t) = native_of::<Tee>(&it) {
        return new_tee(vm, &t.shared, t.pos.get());
    }
    let shared = Rc::new(RefCell::new(TeeShared {
        it,
        buf: VecDeque::new(),
        base: 0,
        positions: Vec::new(),
    }));
    new_tee(vm, &shared, 0)
}

// ----- zip_longest ---------------------------------------------------------------------

struct ZipLongest {
    its: RefCell<Vec<Option<Value>>>,
    active: std::cell::Cell<usize>,
    fill: RefCell<Value>,
}

impl NativeData for ZipLongest {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        for v in self.its.borrow().iter().flatten() {
            visit(v);
        }
        visit(&self.fill.borrow());
    }
}

fn zip_longest_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let rest = call_args(&args);
    let mut fill = Value::None;
    for (k, v) in rest.kwargs() {
        if crate::util::kw_name(k) == "fillvalue" {
            fill = v.clone();
        } else {
            return Err(vm.type_error("zip_longest() got an unexpected keyword argument"));
        }
    }
    let mut its = Vec::new();
    for a in rest.pos() {
        its.push(Some(vm.iter(a)?));
    }
    let n = its.len();
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        ZipLongest {
            its: RefCell::new(its),
            active: std::cell::Cell::new(n),
            fill: RefCell::new(fill),
        },
    )))
}

fn zip_longest_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let z: &ZipLongest = this(vm, &args, "zip_longest")?;
    let n = z.its.borrow().len();
    if n == 0 || z.active.get() == 0 {
        return Err(stop(vm));
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let it = z.its.borrow()[i].clone();
        match it {
            None => out.push(z.fill.borrow().clone()),
            Some(it) => match vm.next(&it)? {
                Some(v) => out.push(v),
                None => {
                    z.active.set(z.active.get() - 1);
                    if z.active.get() == 0 {
                        return Err(stop(vm));
                    }
                    z.its.borrow_mut()[i] = None;
                    out.push(z.fill.borrow().clone());
                }
            },
        }
    }
    Ok(vm.new_tuple(out))
}

// ----- combinatorics ---------------------------------------------------------------------

/// product / permutations / combinations / combinations_with_replacement: a pool of
/// values and index vectors.
struct Combinatoric {
    pools: Vec<Vec<Value>>,
    indices: RefCell<Vec<usize>>,
    cycles: RefCell<Vec<usize>>,
    r: usize,
    first: std::cell::Cell<bool>,
    stopped: std::cell::Cell<bool>,
}

impl NativeData for Combinatoric {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        for p in &self.pools {
            visit_all(p.iter(), visit);
        }
    }
}

fn new_comb(
    vm: &Vm,
    cls: &ObjRef,
    pools: Vec<Vec<Value>>,
    r: usize,
    indices: Vec<usize>,
    cycles: Vec<usize>,
    stopped: bool,
) -> Value {
    Value::Obj(vm.new_native_object(
        cls,
        Combinatoric {
            pools,
            indices: RefCell::new(indices),
            cycles: RefCell::new(cycles),
            r,
            first: std::cell::Cell::new(true),
            stopped: std::cell::Cell::new(stopped),
        },
    ))
}

fn product_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let rest = call_args(&args);
    let mut repeat = 1i64;
    for (k, v) in rest.kwargs() {
        let k = crate::util::kw_name(k);
        if k == "repeat" {
            repeat = crate::util::to_isize(vm, v)?;
        } else {
            return Err(vm.type_error(format!(
                "'{k}' is an invalid keyword argument for product()"
            )));
        }
    }
    if repeat < 0 {
        return Err(vm.value_error("repeat argument cannot be negative"));
    }
    let mut base = Vec::new();
    for a in rest.pos() {
        base.push(vm.collect(a)?);
    }
    let mut pools = Vec::new();
    if !base.is_empty() {
        for _ in 0..repeat {
            pools.extend(base.iter().cloned());
        }
    }
    let n = pools.len();
    let stopped = pools.iter().any(|p| p.is_empty());
    Ok(new_comb(vm, &cls, pools, n, vec![0; n], vec![], stopped))
}

fn product_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let c: &Combinatoric = this(vm, &args, "product")?;
    if c.stopped.get() {
        return Err(stop(vm));
    }
    let mut idx = c.indices.borrow_mut();
    if c.first.get() {
        c.first.set(false);
    } else {
        let mut i = c.pools.len();
        loop {
            if i == 0 {
                c.stopped.set(true);
                return Err(stop(vm));
            }
            i -= 1;
            idx[i] += 1;
            if idx[i] < c.pools[i].len() {
                break;
            }
            idx[i] = 0;
        }
    }
    let out: Vec<Value> = idx
        .iter()
        .enumerate()
        .map(|(i, &j)| c.pools[i][j].clone())
        .collect();
    Ok(vm.new_tuple(out))
}

fn r_arg(vm: &Vm, v: &Value) -> PyResult<i64> {
    if !int::is_int(v) && vm.lookup_special(v, &vm.names.__index__).is_none() {
        return Err(vm.type_error("Expected int as r"));
    }
    let r = crate::util::to_isize(vm, v)?;
    if r < 0 {
        return Err(vm.value_error("r must be non-negative"));
    }
    Ok(r)
}

fn permutations_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let a = bind(vm, "permutations", &call_args(&args), &["iterable", "r"], 1)?;
    let pool = vm.collect(a[0].as_ref().unwrap_or(&Value::None))?;
    let n = pool.len();
    let r = match &a[1] {
        None | Some(Value::None) => n,
        Some(v) => r_arg(vm, v)? as usize,
    };
    let indices: Vec<usize> = (0..n).collect();
    let cycles: Vec<usize> = (0..r.min(n)).map(|i| n - i).collect();
    Ok(new_comb(vm, &cls, vec![pool], r, indices, cycles, r > n))
}

fn permutations_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let c: &Combinatoric = this(vm, &args, "permutations")?;
    if c.stopped.get() {
        return Err(stop(vm));
    }
    let pool = &c.pools[0];
    let n = pool.len();
    let r = c.r;
    let mut idx = c.indices.borrow_mut();
    let mut cyc = c.cycles.borrow_mut();
    if c.first.get() {
        c.first.set(false);
    } else {
        if n == 0 {
            c.stopped.set(true);
            return Err(stop(vm));
        }
        let mut i = r;
        loop {
            if i == 0 {
                c.stopped.set(true);
                return Err(stop(vm));
            }
            i -= 1;
            cyc[i] -= 1;
            if cyc[i] == 0 {
                let x = idx.remove(i);
                idx.push(x);
                cyc[i] = n - i;
            } else {
                let j = cyc[i];
                idx.swap(i, n - j);
                break;
            }
        }
    }
    let out: Vec<Value> = idx[..r].iter().map(|&j| pool[j].clone()).collect();
    Ok(vm.new_tuple(out))
}

fn combinations_new_impl(vm: &Vm, args: Args, name: &str, repl: bool) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let a = bind(vm, name, &call_args(&args), &["iterable", "r"], 2)?;
    let pool = vm.collect(a[0].as_ref().unwrap_or(&Value::None))?;
    let r = r_arg(vm, a[1].as_ref().unwrap_or(&Value::None))? as usize;
    let n = pool.len();
    let (indices, stopped) = if repl {
        (vec![0; r], n == 0 && r > 0)
    } else {
        ((0..r).collect(), r > n)
    };
    Ok(new_comb(vm, &cls, vec![pool], r, indices, vec![], stopped))
}

fn combinations_new(vm: &Vm, args: Args) -> PyResult<Value> {
    combinations_new_impl(vm, args, "combinations", false)
}

fn cwr_new(vm: &Vm, args: Args) -> PyResult<Value> {
    combinations_new_impl(vm, args, "combinations_with_replacement", true)
}

fn combinations_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let c: &Combinatoric = this(vm, &args, "combinations")?;
    if c.stopped.get() {
        return Err(stop(vm));
    }
    let pool = &c.pools[0];
    let n = pool.len();
    let r = c.r;
    let mut idx = c.indices.borrow_mut();
    if c.first.get() {
        c.first.set(false);
    } else {
        let mut i = r;
        loop {
            if i == 0 {
                c.stopped.set(true);
                return Err(stop(vm));
            }
            i -= 1;
            if idx[i] != i + n - r {
                break;
            }
        }
        idx[i] += 1;
        for j in i + 1..r {
            idx[j] = idx[j - 1] + 1;
        }
    }
    let out: Vec<Value> = idx.iter().map(|&j| pool[j].clone()).collect();
    Ok(vm.new_tuple(out))
}

fn cwr_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let c: &Combinatoric = this(vm, &args, "combinations_with_replacement")?;
    if c.stopped.get() {
        return Err(stop(vm));
    }
    let pool = &c.pools[0];
    let n = pool.len();
    let r = c.r;
    let mut idx = c.indices.borrow_mut();
    if c.first.get() {
        c.first.set(false);
    } else {
        let mut i = r;
        loop {
            if i == 0 {
                c.stopped.set(true);
                return Err(stop(vm));
            }
            i -= 1;
            if idx[i] != n - 1 {
                break;
            }
        }
        let v = idx[i] + 1;
        for j in i..r {
            idx[j] = v;
        }
    }
    let out: Vec<Value> = idx.iter().map(|&j| pool[j].clone()).collect();
    Ok(vm.new_tuple(out))
}

fn length_hint_unused(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

// ----- pickling (CPython 3.11's __reduce__/__setstate__) ------------------------------

fn cls_of(args: &Args) -> Value {
    match args.args.first() {
        Some(Value::Obj(o)) => Value::Obj(o.class().clone()),
        _ => Value::None,
    }
}

fn state_arg<'a>(vm: &Vm, args: &'a Args) -> PyResult<&'a Value> {
    args.args
        .get(1)
        .ok_or_else(|| vm.type_error("__setstate__ expected 1 argument, got 0"))
}

fn count_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let c: &Count = this(vm, &args, "count")?;
    let cur = c.cur.borrow().clone();
    let a = if matches!(c.step, Value::Int(1)) {
        vm.new_tuple(vec![cur])
    } else {
        vm.new_tuple(vec![cur, c.step.clone()])
    };
    Ok(vm.new_tuple(vec![cls_of(&args), a]))
}

fn repeat_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let r: &Repeat = this(vm, &args, "repeat")?;
    let a = match r.times.get() {
        Some(n) => vm.new_tuple(vec![r.obj.clone(), Value::Int(n)]),
        None => vm.new_tuple(vec![r.obj.clone()]),
    };
    Ok(vm.new_tuple(vec![cls_of(&args), a]))
}

fn cycle_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let c: &Cycle = this(vm, &args, "cycle")?;
    let saved = c.saved.borrow().clone();
    let it = c.it.borrow().clone();
    match it {
        None => {
            let it = vm.iter(&saved)?;
            if c.index.get() != 0 {
                vm.call_method(&it, "__setstate__", &[Value::Int(c.index.get() as i64)])?;
            }
            Ok(vm.new_tuple(vec![
                cls_of(&args),
                vm.new_tuple(vec![it]),
                vm.new_tuple(vec![saved, Value::Bool(true)]),
            ]))
        }
        Some(it) => Ok(vm.new_tuple(vec![
            cls_of(&args),
            vm.new_tuple(vec![it]),
            vm.new_tuple(vec![saved, Value::Bool(c.firstpass.get())]),
        ])),
    }
}

fn cycle_setstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let c: &Cycle = this(vm, &args, "cycle")?;
    let st = state_arg(vm, &args)?;
    let items = match st {
        Value::Obj(t) if t.payload.as_tuple().is_some() => {
            t.payload.as_tuple().unwrap_or(&[]).to_vec()
        }
        _ => return Err(vm.type_error("state is not a tuple")),
    };
    if items.len() != 2 {
        return Err(vm.type_error(format!(
            "function takes exactly 2 arguments ({} given)",
            items.len()
        )));
    }
    let saved = match &items[0] {
        Value::Obj(l) if l.payload.as_list().is_some() => items[0].clone(),
        other => {
            return Err(vm.type_error(format!(
                "argument 1 must be list, not {}",
                vm.type_name(other)
            )))
        }
    };
    let firstpass = crate::util::to_isize(vm, &items[1])? != 0;
    *c.saved.borrow_mut() = saved;
    c.firstpass.set(firstpass);
    c.index.set(0);
    Ok(Value::None)
}

fn accumulate_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let a: &Accumulate = this(vm, &args, "accumulate")?;
    let cls = cls_of(&args);
    let m = pyrs_vm::import::import_module(vm, "itertools")?;
    let chain = vm.get_attr_str(&m, "chain")?;
    if let Some(init) = a.initial.borrow().clone() {
        let it = vm.call(&chain, Args::new(&[vm.new_tuple(vec![init]), a.it.clone()]))?;
        return Ok(vm.new_tuple(vec![
            cls,
            vm.new_tuple(vec![it, a.func.clone()]),
            Value::None,
        ]));
    }
    let total = a.total.borrow().clone();
    if let Some(Value::None) = total {
        // A None total cannot be restored through __setstate__ (None is no state):
        // accumulate over chain((None,), it) with its first item skipped.
        let islice = vm.get_attr_str(&m, "islice")?;
        let it = vm.call(
            &chain,
            Args::new(&[vm.new_tuple(vec![Value::None]), a.it.clone()]),
        )?;
        let acc = vm.call(&cls, Args::new(&[it, a.func.clone()]))?;
        return Ok(vm.new_tuple(vec![
            islice,
            vm.new_tuple(vec![acc, Value::Int(1), Value::None]),
        ]));
    }
    Ok(vm.new_tuple(vec![
        cls,
        vm.new_tuple(vec![a.it.clone(), a.func.clone()]),
        total.unwrap_or(Value::None),
    ]))
}

fn accumulate_setstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let a: &Accumulate = this(vm, &args, "accumulate")?;
    *a.total.borrow_mut() = Some(state_arg(vm, &args)?.clone());
    Ok(Value::None)
}

fn chain_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let c: &Chain = this(vm, &args, "chain")?;
    let cls = cls_of(&args);
    let source = c.source.borrow().clone();
    let active = c.active.borrow().clone();
    Ok(match (source, active) {
        (Some(s), Some(a)) => {
            vm.new_tuple(vec![cls, vm.new_tuple(vec![]), vm.new_tuple(vec![s, a])])
        }
        (Some(s), None) => vm.new_tuple(vec![cls, vm.new_tuple(vec![]), vm.new_tuple(vec![s])]),
        _ => vm.new_tuple(vec![cls, vm.new_tuple(vec![])]),
    })
}

fn is_iterator(vm: &Vm, v: &Value) -> bool {
    vm.lookup_special(v, &vm.intern("__next__")).is_some()
}

fn chain_setstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let c: &Chain = this(vm, &args, "chain")?;
    let items = match state_arg(vm, &args)? {
        Value::Obj(t) if t.payload.as_tuple().is_some() => {
            t.payload.as_tuple().unwrap_or(&[]).to_vec()
        }
        _ => return Err(vm.type_error("state is not a tuple")),
    };
    if items.is_empty() || items.len() > 2 {
        return Err(vm.type_error(format!(
            "function takes at least 1 argument ({} given)",
            items.len()
        )));
    }
    if !is_iterator(vm, &items[0]) || (items.len() == 2 && !is_iterator(vm, &items[1])) {
        return Err(vm.type_error("Arguments must be iterators."));
    }
    *c.source.borrow_mut() = Some(items[0].clone());
    *c.active.borrow_mut() = items.get(1).cloned();
    Ok(Value::None)
}

fn compress_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let c: &Compress = this(vm, &args, "compress")?;
    Ok(vm.new_tuple(vec![
        cls_of(&args),
        vm.new_tuple(vec![c.data.clone(), c.selectors.clone()]),
    ]))
}

/// dropwhile/takewhile: (type, (func, it), flag); filterfalse/starmap: (type, (func, it)).
fn pred_reduce_flag(vm: &Vm, args: Args) -> PyResult<Value> {
    let p: &PredIter = this(vm, &args, "iterator")?;
    Ok(vm.new_tuple(vec![
        cls_of(&args),
        vm.new_tuple(vec![p.func.clone(), p.it.clone()]),
        Value::Int(i64::from(p.flag.get())),
    ]))
}

fn pred_setstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let p: &PredIter = this(vm, &args, "iterator")?;
    let st = state_arg(vm, &args)?.clone();
    p.flag.set(vm.is_true(&st)?);
    Ok(Value::None)
}

fn pred_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let p: &PredIter = this(vm, &args, "iterator")?;
    Ok(vm.new_tuple(vec![
        cls_of(&args),
        vm.new_tuple(vec![p.func.clone(), p.it.clone()]),
    ]))
}

fn islice_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let s: &ISlice = this(vm, &args, "islice")?;
    let cls = cls_of(&args);
    let it = s.it.borrow().clone();
    match it {
        None => {
            let empty = vm.iter(&vm.new_list(vec![]))?;
            Ok(vm.new_tuple(vec![
                cls,
                vm.new_tuple(vec![empty, Value::Int(0)]),
                Value::Int(0),
            ]))
        }
        Some(it) => {
            let stop_v = if s.stop == -1 {
                Value::None
            } else {
                Value::Int(s.stop)
            };
            Ok(vm.new_tuple(vec![
                cls,
                vm.new_tuple(vec![
                    it,
                    Value::Int(s.next.get()),
                    stop_v,
                    Value::Int(s.step),
                ]),
                Value::Int(s.cnt.get()),
            ]))
        }
    }
}

fn islice_setstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let s: &ISlice = this(vm, &args, "islice")?;
    let cnt = crate::util::to_isize(vm, state_arg(vm, &args)?)?;
    s.cnt.set(cnt);
    Ok(Value::None)
}

fn zip_longest_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let z: &ZipLongest = this(vm, &args, "zip_longest")?;
    let its: Vec<Value> = z
        .its
        .borrow()
        .iter()
        .map(|i| i.clone().unwrap_or_else(|| vm.new_tuple(vec![])))
        .collect();
    let fill = z.fill.borrow().clone();
    Ok(vm.new_tuple(vec![cls_of(&args), vm.new_tuple(its), fill]))
}

fn zip_longest_setstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let z: &ZipLongest = this(vm, &args, "zip_longest")?;
    *z.fill.borrow_mut() = state_arg(vm, &args)?.clone();
    Ok(Value::None)
}

fn comb_of<'a>(vm: &Vm, args: &'a Args) -> PyResult<&'a Combinatoric> {
    this(vm, args, "iterator")
}

fn pool_tuple(vm: &Vm, pool: &[Value]) -> Value {
    vm.new_tuple(pool.to_vec())
}

fn index_tuple(vm: &Vm, idx: &[usize]) -> Value {
    vm.new_tuple(idx.iter().map(|&i| Value::Int(i as i64)).collect())
}

/// The indices of a combinatoric __setstate__: a tuple of `n` ints.
fn state_indices(vm: &Vm, st: &Value, n: usize) -> PyResult<Vec<i64>> {
    match st {
        Value::Obj(t) if t.payload.as_tuple().is_some_and(|t| t.len() == n) => t
            .payload
            .as_tuple()
            .unwrap_or(&[])
            .iter()
            .map(|v| crate::util::to_isize(vm, v))
            .collect(),
        _ => Err(vm.value_error("invalid arguments")),
    }
}

fn product_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = comb_of(vm, &args)?;
    let cls = cls_of(&args);
    if c.stopped.get() {
        return Ok(vm.new_tuple(vec![cls, vm.new_tuple(vec![vm.new_tuple(vec![])])]));
    }
    let pools = vm.new_tuple(c.pools.iter().map(|p| pool_tuple(vm, p)).collect());
    if c.first.get() {
        return Ok(vm.new_tuple(vec![cls, pools]));
    }
    let idx = index_tuple(vm, &c.indices.borrow());
    Ok(vm.new_tuple(vec![cls, pools, idx]))
}

fn product_setstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = comb_of(vm, &args)?;
    let st = state_indices(vm, state_arg(vm, &args)?, c.pools.len())?;
    let mut idx = Vec::with_capacity(st.len());
    for (i, index) in st.into_iter().enumerate() {
        let size = c.pools[i].len() as i64;
        if size == 0 {
            c.stopped.set(true);
            return Ok(Value::None);
        }
        idx.push(index.min(size - 1).max(0) as usize);
    }
    *c.indices.borrow_mut() = idx;
    c.first.set(false);
    Ok(Value::None)
}

/// combinations / combinations_with_replacement / permutations.
fn comb_reduce_impl(vm: &Vm, args: Args, is_perm: bool) -> PyResult<Value> {
    let c = comb_of(vm, &args)?;
    let cls = cls_of(&args);
    let r = Value::Int(c.r as i64);
    if c.first.get() {
        return Ok(vm.new_tuple(vec![
            cls,
            vm.new_tuple(vec![pool_tuple(vm, &c.pools[0]), r]),
        ]));
    }
    if c.stopped.get() {
        return Ok(vm.new_tuple(vec![cls, vm.new_tuple(vec![vm.new_tuple(vec![]), r])]));
    }
    let a = vm.new_tuple(vec![pool_tuple(vm, &c.pools[0]), r]);
    let idx = c.indices.borrow().clone();
    let state = if is_perm {
        vm.new_tuple(vec![
            index_tuple(vm, &idx),
            index_tuple(vm, &c.cycles.borrow()),
        ])
    } else {
        index_tuple(vm, &idx)
    };
    Ok(vm.new_tuple(vec![cls, a, state]))
}

fn comb_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    comb_reduce_impl(vm, args, false)
}

fn perm_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    comb_reduce_impl(vm, args, true)
}

fn combinations_setstate_impl(vm: &Vm, args: Args, repl: bool) -> PyResult<Value> {
    let c = comb_of(vm, &args)?;
    let n = c.pools[0].len() as i64;
    let r = c.r as i64;
    let st = state_indices(vm, state_arg(vm, &args)?, c.r)?;
    let idx: Vec<usize> = st
        .into_iter()
        .enumerate()
        .map(|(i, index)| {
            let max = if repl { n } else { i as i64 + n - r };
            index.min(max).max(0) as usize
        })
        .collect();
    if idx.iter().any(|&i| i >= c.pools[0].len()) {
        return Err(vm.value_error("invalid arguments"));
    }
    *c.indices.borrow_mut() = idx;
    c.first.set(false);
    Ok(Value::None)
}

fn combinations_setstate(vm: &Vm, args: Args) -> PyResult<Value> {
    combinations_setstate_impl(vm, args, false)
}

fn cwr_setstate(vm: &Vm, args: Args) -> PyResult<Value> {
    combinations_setstate_impl(vm, args, true)
}

fn permutations_setstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = comb_of(vm, &args)?;
    let n = c.pools[0].len();
    let parts = match state_arg(vm, &args)? {
        Value::Obj(t) if t.payload.as_tuple().is_some_and(|t| t.len() == 2) => {
            t.payload.as_tuple().unwrap_or(&[]).to_vec()
        }
        Value::Obj(t) if t.payload.as_tuple().is_some() => {
            return Err(vm.type_error("function takes exactly 2 arguments"))
        }
        _ => return Err(vm.type_error("state is not a tuple")),
    };
    let indices = state_indices(vm, &parts[0], n)?;
    let cycles = state_indices(vm, &parts[1], c.r)?;
    // Clamped as CPython clamps them (max before min, so no panic on empty ranges).
    *c.indices.borrow_mut() = indices
        .into_iter()
        .map(|i| i.min(n as i64 - 1).max(0) as usize)
        .collect();
    *c.cycles.borrow_mut() = cycles
        .into_iter()
        .enumerate()
        .map(|(i, x)| x.min(n as i64 - i as i64).max(1) as usize)
        .collect();
    c.first.set(false);
    Ok(Value::None)
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("itertools");
    let t = make_type(vm, &m, "count", count_new, count_next);
    vm.add_method(&t, "__repr__", count_repr);
    vm.add_method(&t, "__reduce__", count_reduce);
    let t = make_type(vm, &m, "cycle", cycle_new, cycle_next);
    vm.add_method(&t, "__reduce__", cycle_reduce);
    vm.add_method(&t, "__setstate__", cycle_setstate);
    let t = make_type(vm, &m, "repeat", repeat_new, repeat_next);
    vm.add_method(&t, "__repr__", repeat_repr);
    vm.add_method(&t, "__length_hint__", repeat_length_hint);
    vm.add_method(&t, "__reduce__", repeat_reduce);
    let t = make_type(vm, &m, "accumulate", accumulate_new, accumulate_next);
    vm.add_method(&t, "__reduce__", accumulate_reduce);
    vm.add_method(&t, "__setstate__", accumulate_setstate);
    let t = make_type(vm, &m, "chain", chain_new, chain_next);
    vm.add_classmethod(&t, "from_iterable", chain_from_iterable);
    vm.add_method(&t, "__reduce__", chain_reduce);
    vm.add_method(&t, "__setstate__", chain_setstate);
    let t = make_type(vm, &m, "compress", compress_new, compress_next);
    vm.add_method(&t, "__reduce__", compress_reduce);
    for (name, new, next) in [
        (
            "dropwhile",
            dropwhile_new as NativeFn,
            dropwhile_next as NativeFn,
        ),
        ("takewhile", takewhile_new, takewhile_next),
    ] {
        let t = make_type(vm, &m, name, new, next);
        vm.add_method(&t, "__reduce__", pred_reduce_flag);
        vm.add_method(&t, "__setstate__", pred_setstate);
    }
    let t = make_type(vm, &m, "filterfalse", filterfalse_new, filterfalse_next);
    vm.add_method(&t, "__reduce__", pred_reduce);
    let t = make_type(vm, &m, "starmap", starmap_new, starmap_next);
    vm.add_method(&t, "__reduce__", pred_reduce);
    make_type(vm, &m, "groupby", groupby_new, groupby_next);
    let g = make_type(vm, &m, "_grouper", grouper_new, grouper_next);
    GROUPER_TYPE.with(|t| *t.borrow_mut() = Some(g));
    let t = make_type(vm, &m, "islice", islice_new, islice_next);
    vm.add_method(&t, "__reduce__", islice_reduce);
    vm.add_method(&t, "__setstate__", islice_setstate);
    make_type(vm, &m, "pairwise", pairwise_new, pairwise_next);
    let t = make_type(vm, &m, "_tee", tee_new, tee_next);
    vm.add_method(&t, "__copy__", tee_copy);
    TEE_TYPE.with(|x| *x.borrow_mut() = Some(t));
    vm.add_module_fn(&m, "tee", tee_fn);
    let t = make_type(vm, &m, "zip_longest", zip_longest_new, zip_longest_next);
    vm.add_method(&t, "__reduce__", zip_longest_reduce);
    vm.add_method(&t, "__setstate__", zip_longest_setstate);
    let t = make_type(vm, &m, "product", product_new, product_next);
    vm.add_method(&t, "__reduce__", product_reduce);
    vm.add_method(&t, "__setstate__", product_setstate);
    let t = make_type(vm, &m, "permutations", permutations_new, permutations_next);
    vm.add_method(&t, "__reduce__", perm_reduce);
    vm.add_method(&t, "__setstate__", permutations_setstate);
    let t = make_type(vm, &m, "combinations", combinations_new, combinations_next);
    vm.add_method(&t, "__reduce__", comb_reduce);
    vm.add_method(&t, "__setstate__", combinations_setstate);
    let t = make_type(vm, &m, "combinations_with_replacement", cwr_new, cwr_next);
    vm.add_method(&t, "__reduce__", comb_reduce);
    vm.add_method(&t, "__setstate__", cwr_setstate);
    let _ = length_hint_unused;
    Ok(m)
}
