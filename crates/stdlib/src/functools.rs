//! The `_functools` module: `reduce`, `cmp_to_key` (KeyWrapper) and `partial` (with
//! flattening of nested partials, its repr and pickling state). `_lru_cache_wrapper` is
//! left to Lib's pure-Python fallback.

use std::cell::RefCell;

use pyrs_compiler::bytecode::CompareOpArg;
use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::NativeData;
use pyrs_vm::objects::dict;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::util::{bind, check_positional, cls_arg, native_of, no_kwargs, rest, this, ReprGuard};

fn reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    no_kwargs(vm, "reduce", &args)?;
    let p = args.pos();
    check_positional(vm, "reduce", p.len(), 2, 3)?;
    let it = match vm.iter(&p[1]) {
        Ok(it) => it,
        Err(e) if vm.exc_matches(&e, &vm.exc.type_error) => {
            return Err(vm.type_error("reduce() arg 2 must support iteration"))
        }
        Err(e) => return Err(e),
    };
    let mut acc = p.get(2).cloned();
    while let Some(x) = vm.next(&it)? {
        acc = Some(match acc {
            None => x,
            Some(a) => vm.call(&p[0], Args::new(&[a, x]))?,
        });
    }
    acc.ok_or_else(|| vm.type_error("reduce() of empty iterable with no initial value"))
}

// ----- cmp_to_key --------------------------------------------------------------------------

struct KeyWrapper {
    cmp: Value,
    obj: Value,
}

impl NativeData for KeyWrapper {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.cmp);
        visit(&self.obj);
    }
}

thread_local! {
    static KEY_TYPE: RefCell<Option<ObjRef>> = const { RefCell::new(None) };
}

fn cmp_to_key(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind(vm, "cmp_to_key", &args, &["mycmp"], 1)?;
    let cmp = a[0].clone().unwrap_or(Value::None);
    let t = KEY_TYPE.with(|t| t.borrow().clone());
    let t = t.ok_or_else(|| vm.runtime_error("_functools is not initialised"))?;
    Ok(Value::Obj(vm.new_native_object(
        &t,
        KeyWrapper {
            cmp,
            obj: Value::None,
        },
    )))
}

fn key_call(vm: &Vm, args: Args) -> PyResult<Value> {
    let k: &KeyWrapper = this(vm, &args, "functools.KeyWrapper")?;
    let a = bind(vm, "K", &rest(&args), &["obj"], 1)?;
    let t = vm.type_of(&args.args[0]).clone();
    Ok(Value::Obj(vm.new_native_object(
        &t,
        KeyWrapper {
            cmp: k.cmp.clone(),
            obj: a[0].clone().unwrap_or(Value::None),
        },
    )))
}

fn key_compare(vm: &Vm, args: Args, op: CompareOpArg) -> PyResult<Value> {
    let k: &KeyWrapper = this(vm, &args, "functools.KeyWrapper")?;
    let other = args.args.get(1).cloned().unwrap_or(Value::None);
    let Some(o) = native_of::<KeyWrapper>(&other) else {
        return Err(vm.type_error("other argument must be K instance"));
    };
    let r = vm.call(&k.cmp, Args::new(&[k.obj.clone(), o.obj.clone()]))?;
    vm.rich_compare(&r, &Value::Int(0), op)
}

macro_rules! key_cmp {
    ($fn:ident, $op:ident) => {
        fn $fn(vm: &Vm, args: Args) -> PyResult<Value> {
            key_compare(vm, args, CompareOpArg::$op)
        }
    };
}
key_cmp!(key_lt, Lt);
key_cmp!(key_le, Le);
key_cmp!(key_eq, Eq);
key_cmp!(key_ne, Ne);
key_cmp!(key_gt, Gt);
key_cmp!(key_ge, Ge);

fn key_obj(vm: &Vm, v: &Value) -> PyResult<Value> {
    match native_of::<KeyWrapper>(v) {
        Some(k) => Ok(k.obj.clone()),
        None => Err(vm.type_error("expected a KeyWrapper")),
    }
}

// ----- partial -------------------------------------------------------------------------

struct Partial {
    func: RefCell<Value>,
    /// A tuple.
    args: RefCell<Value>,
    /// A dict.
    keywords: RefCell<Value>,
}

impl NativeData for Partial {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.func.borrow());
        visit(&self.args.borrow());
        visit(&self.keywords.borrow());
    }
}

thread_local! {
    static PARTIAL_TYPE: RefCell<Option<ObjRef>> = const { RefCell::new(None) };
}

fn partial_type(vm: &Vm) -> PyResult<ObjRef> {
    PARTIAL_TYPE
        .with(|t| t.borrow().clone())
        .ok_or_else(|| vm.runtime_error("_functools is not initialised"))
}

fn partial_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let r = rest(&args);
    let pos = r.pos();
    if pos.is_empty() {
        return Err(vm.type_error("type 'partial' takes at least one argument"));
    }
    let mut func = pos[0].clone();
    let mut pargs: Vec<Value> = Vec::new();
    let kw = vm.new_dict_obj();
    // A plain partial of a plain partial is flattened (as CPython, when no __dict__).
    let ptype = partial_type(vm)?;
    if let Value::Obj(fo) = &func {
        if fo.class().is(&ptype) {
            if let Some(inner) = native_of::<Partial>(&func) {
                let empty_dict = fo
                    .dict()
                    .map(|d| dict::table(&d).borrow().is_empty())
                    .unwrap_or(true);
                if empty_dict {
                    pargs = vm.collect(&inner.args.borrow())?;
                    let ikw = inner.keywords.borrow().clone();
                    if let Value::Obj(ikwo) = &ikw {
                        let items = dict::table(ikwo).borrow().items();
                        for (k, v) in items {
                            dict::set(vm, &kw, k, v)?;
                        }
                    }
                    let f2 = inner.func.borrow().clone();
                    func = f2;
                }
            }
        }
    }
    if !vm.is_callable(&func) {
        return Err(vm.type_error("the first argument must be callable"));
    }
    pargs.extend_from_slice(&pos[1..]);
    for (k, v) in r.kwargs() {
        dict::set(vm, &kw, k.clone(), v.clone())?;
    }
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        Partial {
            func: RefCell::new(func),
            args: RefCell::new(vm.new_tuple(pargs)),
            keywords: RefCell::new(Value::Obj(kw)),
        },
    )))
}

fn partial_of<'a>(vm: &Vm, args: &'a Args) -> PyResult<&'a Partial> {
    this(vm, args, "functools.partial")
}

fn partial_call(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = partial_of(vm, &args)?;
    let r = rest(&args);
    let func = p.func.borrow().clone();
    let stored = p.args.borrow().clone();
    let mut all: Vec<Value> = stored
        .as_obj()
        .and_then(|o| o.payload.as_tuple().map(|t| t.to_vec()))
        .unwrap_or_default();
    all.extend_from_slice(r.pos());
    let kw = p.keywords.borrow().clone();
    let stored_kw: Vec<(Value, Value)> = match &kw {
        Value::Obj(o) => dict::table(o).borrow().items(),
        _ => vec![],
    };
    if stored_kw
        .iter()
        .any(|(k, _)| !matches!(k, Value::Obj(o) if o.payload.as_str().is_some()))
    {
        return Err(vm.type_error("keywords must be strings"));
    }
    if stored_kw.is_empty() {
        all.extend(r.kwargs().map(|(_, v)| v.clone()));
        return vm.call(&func, Args::with_kw(&all, r.kwnames));
    }
    // Merge: the call's keywords override the stored ones.
    let mut names: Vec<Value> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    for (k, v) in stored_kw {
        let overridden = r.kwargs().any(|(ck, _)| vm.eq(ck, &k).unwrap_or(false));
        if !overridden {
            names.push(k);
            values.push(v);
        }
    }
    for (k, v) in r.kwargs() {
        names.push(k.clone());
        values.push(v.clone());
    }
    all.extend(values);
    vm.call(&func, Args::with_kw(&all, &names))
}

fn partial_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = partial_of(vm, &args)?;
    let this_v = &args.args[0];
    let ty = vm.type_of(this_v).clone();
    let name = if ty.is(&partial_type(vm)?) {
        "functools.partial".to_string()
    } else {
        vm.type_name(this_v)
    };
    let Some(_guard) = ReprGuard::enter(this_v) else {
        return Ok(vm.new_str("..."));
    };
    let mut parts = vec![vm.repr_string(&p.func.borrow())?];
    let a = p.args.borrow().clone();
    for v in vm.collect(&a)? {
        parts.push(vm.repr_string(&v)?);
    }
    let kw = p.keywords.borrow().clone();
    if let Value::Obj(o) = &kw {
        // A snapshot: str() of a key may change the dict.
        let items = dict::table(o).borrow().items();
        for (k, v) in items {
            let key = pyrs_vm::objects::str::as_rust_str(&vm.str(&k)?);
            parts.push(format!("{key}={}", vm.repr_string(&v)?));
        }
    }
    Ok(vm.new_str(format!("{name}({})", parts.join(", "))))
}

fn partial_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = partial_of(vm, &args)?;
    let this_v = &args.args[0];
    let cls = Value::Obj(vm.type_of(this_v).clone());
    let d = match this_v.as_obj().and_then(|o| o.dict()) {
        Some(d) if !dict::table(&d).borrow().is_empty() => Value::Obj(d),
        _ => Value::None,
    };
    let func = p.func.borrow().clone();
    Ok(vm.new_tuple(vec![
        cls,
        vm.new_tuple(vec![func.clone()]),
        vm.new_tuple(vec![
            func,
            p.args.borrow().clone(),
            p.keywords.borrow().clone(),
            d,
        ]),
    ]))
}

fn partial_setstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = partial_of(vm, &args)?;
    let st = args.args.get(1).cloned().unwrap_or(Value::None);
    let items = match &st {
        Value::Obj(o) if o.payload.as_tuple().is_some() => {
            o.payload.as_tuple().map(|t| t.to_vec()).unwrap_or_default()
        }
        _ => return Err(vm.type_error("argument to __setstate__ must be a tuple")),
    };
    if items.len() != 4 {
        return Err(vm.type_error(format!("expected 4 items in state, got {}", items.len())));
    }
    if !vm.is_callable(&items[0])
        || !vm.isinstance(&items[1], &vm.types.tuple)
        || (!items[2].is_none() && !vm.isinstance(&items[2], &vm.types.dict))
    {
        return Err(vm.type_error("invalid partial state"));
    }
    if !items[3].is_none() && !vm.isinstance(&items[3], &vm.types.dict) {
        return Err(vm.type_error("invalid partial state"));
    }
    // As CPython: an exact tuple and an exact dict are kept as they are, others copied.
    let fargs = match &items[1] {
        Value::Obj(t) if t.class().is(&vm.types.tuple) => items[1].clone(),
        other => vm.new_tuple(vm.collect(other)?),
    };
    let kw = match &items[2] {
        Value::None => vm.new_dict(),
        Value::Obj(d) if d.class().is(&vm.types.dict) => items[2].clone(),
        Value::Obj(d) => {
            let copy = vm.new_dict_obj();
            let entries = dict::table(d).borrow().items();
            for (k, v) in entries {
                dict::set(vm, &copy, k, v)?;
            }
            Value::Obj(copy)
        }
        other => other.clone(),
    };
    *p.func.borrow_mut() = items[0].clone();
    *p.args.borrow_mut() = fargs;
    *p.keywords.borrow_mut() = kw;
    // The instance dict is replaced (emptied for None).
    if let Some(o) = args.args[0].as_obj() {
        let d = match &items[3] {
            Value::Obj(d) => d.clone(),
            _ => vm.new_dict_obj(),
        };
        o.set_dict(Some(d));
    }
    Ok(Value::None)
}

/// `partial.__dict__`: may be replaced by a dict, never deleted.
fn partial_dict(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v.as_obj().and_then(|o| o.dict()) {
        Some(d) => Ok(Value::Obj(d)),
        None => Err(vm.type_error("expected a partial")),
    }
}
fn partial_set_dict(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    match val {
        None => Err(vm.type_error("cannot delete __dict__")),
        Some(Value::Obj(d)) if d.payload.as_dict().is_some() => {
            if let Some(o) = v.as_obj() {
                o.set_dict(Some(d));
            }
            Ok(())
        }
        Some(v) => Err(vm.type_error(format!(
            "__dict__ must be set to a dictionary, not a '{}'",
            vm.type_name(&v)
        ))),
    }
}

fn partial_func(vm: &Vm, v: &Value) -> PyResult<Value> {
    match native_of::<Partial>(v) {
        Some(p) => Ok(p.func.borrow().clone()),
        None => Err(vm.type_error("expected a partial")),
    }
}
fn partial_args(vm: &Vm, v: &Value) -> PyResult<Value> {
    match native_of::<Partial>(v) {
        Some(p) => Ok(p.args.borrow().clone()),
        None => Err(vm.type_error("expected a partial")),
    }
}
fn partial_keywords(vm: &Vm, v: &Value) -> PyResult<Value> {
    match native_of::<Partial>(v) {
        Some(p) => Ok(p.keywords.borrow().clone()),
        None => Err(vm.type_error("expected a partial")),
    }
}

fn class_getitem(_vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(args.args[0].clone())
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_functools");
    vm.add_module_fn(&m, "reduce", reduce);
    vm.add_module_fn(&m, "cmp_to_key", cmp_to_key);

    let k = vm.new_native_type("functools", "KeyWrapper", None, false, false);
    vm.add_method(&k, "__call__", key_call);
    vm.add_method(&k, "__lt__", key_lt);
    vm.add_method(&k, "__le__", key_le);
    vm.add_method(&k, "__eq__", key_eq);
    vm.add_method(&k, "__ne__", key_ne);
    vm.add_method(&k, "__gt__", key_gt);
    vm.add_method(&k, "__ge__", key_ge);
    vm.add_getset(&k, "obj", key_obj, None);
    vm.set_type_attr(&k, "__hash__", Value::None);
    KEY_TYPE.with(|t| *t.borrow_mut() = Some(k));

    let p = vm.new_native_type("functools", "partial", None, true, true);
    vm.add_static(&p, "__new__", partial_new);
    vm.add_method(&p, "__call__", partial_call);
    vm.add_method(&p, "__repr__", partial_repr);
    vm.add_method(&p, "__reduce__", partial_reduce);
    vm.add_method(&p, "__setstate__", partial_setstate);
    vm.add_classmethod(&p, "__class_getitem__", class_getitem);
    vm.add_getset(&p, "func", partial_func, None);
    vm.add_getset(&p, "args", partial_args, None);
    vm.add_getset(&p, "keywords", partial_keywords, None);
    vm.add_getset(&p, "__dict__", partial_dict, Some(partial_set_dict));
    if let Some(d) = m.dict() {
        dict::set_str(&d, &vm.intern("partial"), Value::Obj(p.clone()));
    }
    PARTIAL_TYPE.with(|t| *t.borrow_mut() = Some(p));
    Ok(m)
}
