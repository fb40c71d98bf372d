//! Function-like types: function, method, builtin_function_or_method, method_descriptor,
//! property, classmethod, staticmethod, code, cell, module, super, and the singletons'
//! types (NoneType, NotImplementedType, ellipsis).

use crate::memory::{ObjRef, ValueCell};
use crate::object::{Payload, PropertyData};
use crate::objects::typeobj::{self, tdata};
use crate::objects::{dict, str as pystr};
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

fn func_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a crate::object::FunctionData> {
    v.as_obj()
        .and_then(|o| o.payload.as_function())
        .ok_or_else(|| vm.type_error("expected a function"))
}

fn func_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let f = func_of(vm, &args.args[0])?;
    Ok(vm.new_str(format!(
        "<function {} at {:#x}>",
        vm.str_string(&f.qualname.get())?,
        args.args[0].id()
    )))
}

macro_rules! func_attr {
    ($get:ident, $set:ident, $field:ident) => {
        fn $get(vm: &Vm, v: &Value) -> PyResult<Value> {
            Ok(func_of(vm, v)?.$field.get())
        }
        fn $set(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
            func_of(vm, v)?.$field.set(val.unwrap_or(Value::None));
            Ok(())
        }
    };
}
func_attr!(func_get_name, func_set_name, name);
func_attr!(func_get_qualname, func_set_qualname, qualname);
func_attr!(func_get_defaults, func_set_defaults, defaults);
func_attr!(func_get_kwdefaults, func_set_kwdefaults, kwdefaults);
func_attr!(func_get_doc, func_set_doc, doc);
func_attr!(func_get_module, func_set_module, module);

fn func_get_annotations(vm: &Vm, v: &Value) -> PyResult<Value> {
    let f = func_of(vm, v)?;
    let a = f.annotations.get();
    if a.is_none() {
        let d = vm.new_dict();
        f.annotations.set(d.clone());
        return Ok(d);
    }
    Ok(a)
}
fn func_set_annotations(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    func_of(vm, v)?.annotations.set(val.unwrap_or(Value::None));
    Ok(())
}
fn func_get_code(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Obj(func_of(vm, v)?.code.get()))
}
fn func_set_code(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    let f = func_of(vm, v)?;
    match val {
        Some(Value::Obj(c)) if c.payload.as_code().is_some() => {
            let nfree = c.payload.as_code().map_or(0, |cd| cd.code.freevars.len());
            let nclosure = match &f.closure {
                Value::Obj(t) => t.payload.as_tuple().map_or(0, <[Value]>::len),
                _ => 0,
            };
            if nfree != nclosure {
                return Err(vm.value_error(format!(
                    "{}() requires a code object with {} free vars, not {}",
                    vm.str_string(&f.name.get())?,
                    nclosure,
                    nfree
                )));
            }
            f.code.set(c);
            Ok(())
        }
        Some(other) => Err(vm.type_error(format!(
            "__code__ must be set to a code object, not {}",
            vm.type_name(&other)
        ))),
        None => Err(vm.type_error("__code__ must be set to a code object")),
    }
}
fn func_get_globals(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Obj(func_of(vm, v)?.globals.clone()))
}
fn func_get_builtins(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Obj(func_of(vm, v)?.builtins.clone()))
}
fn func_get_closure(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(func_of(vm, v)?.closure.clone())
}

fn func_get(vm: &Vm, args: Args) -> PyResult<Value> {
    let (inst, _) = vm.descr_get_args(&args)?;
    if inst.is_none() {
        return Ok(args.args[0].clone());
    }
    Ok(vm.new_bound_method(args.args[0].clone(), inst))
}

// ----- method ----------------------------------------------------------------------------

fn bm_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a (Value, Value)> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::BoundMethod(b) => Ok(b),
            _ => Err(vm.type_error("expected a method")),
        },
        _ => Err(vm.type_error("expected a method")),
    }
}

/// Bound methods are equal when bound to the same object and their functions are equal
/// (CPython's method_richcompare); NotImplemented against anything else.
fn method_cmp(vm: &Vm, args: &Args) -> PyResult<Option<bool>> {
    let a = bm_of(vm, &args.args[0])?;
    let other = args.args.get(1).cloned().unwrap_or(Value::None);
    let b = match &other {
        Value::Obj(o) => match &o.payload {
            Payload::BoundMethod(b) => b,
            _ => return Ok(None),
        },
        _ => return Ok(None),
    };
    Ok(Some(a.1.is(&b.1) && vm.eq(&a.0, &b.0)?))
}

fn method_eq(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(match method_cmp(vm, &args)? {
        Some(r) => Value::Bool(r),
        None => vm.not_implemented(),
    })
}

fn method_ne(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(match method_cmp(vm, &args)? {
        Some(r) => Value::Bool(!r),
        None => vm.not_implemented(),
    })
}

/// `types.MethodType(function, instance)`.
fn method_new(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.kwargs().next().is_some() {
        return Err(vm.type_error("method() takes no keyword arguments"));
    }
    let pos = args.pos();
    if pos.len() != 3 {
        return Err(vm.type_error(format!(
            "method expected 2 arguments, got {}",
            pos.len().saturating_sub(1)
        )));
    }
    if !vm.is_callable(&pos[1]) {
        return Err(vm.type_error("first argument must be callable"));
    }
    if pos[2].is_none() {
        return Err(vm.type_error("instance must not be None"));
    }
    Ok(vm.new_bound_method(pos[1].clone(), pos[2].clone()))
}

fn method_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let (f, s) = bm_of(vm, &args.args[0])?;
    // The function's __qualname__, else its __name__, else '?' (CPython's method_repr).
    let name = match vm.get_attr_opt(f, &vm.names.__qualname__)? {
        Some(n) => Some(n),
        None => vm.get_attr_opt(f, &vm.names.__name__)?,
    };
    let name = match name {
        Some(n) => vm.str_string(&n)?,
        None => "?".into(),
    };
    Ok(vm.new_str(format!("<bound method {name} of {}>", vm.repr_string(s)?)))
}
fn method_func(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(bm_of(vm, v)?.0.clone())
}
/// A bound method's `__doc__` is its function's.
fn method_doc(vm: &Vm, v: &Value) -> PyResult<Value> {
    let f = bm_of(vm, v)?.0.clone();
    vm.get_attr(&f, &vm.names.__doc__)
}
fn method_self(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(bm_of(vm, v)?.1.clone())
}
fn method_getattr(vm: &Vm, args: Args) -> PyResult<Value> {
    let (f, _) = bm_of(vm, &args.args[0])?;
    let name = crate::objects::object::attr_name(vm, args.args.get(1))?;
    match vm.generic_getattr(&args.args[0], &name) {
        Ok(v) => Ok(v),
        Err(e) if vm.exc_matches(&e, &vm.exc.attribute_error) => vm.get_attr(f, &name),
        Err(e) => Err(e),
    }
}

// ----- builtins ------------------------------------------------------------------------

fn builtin_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    match &args.args[0] {
        Value::Obj(o) => match &o.payload {
            Payload::Builtin(b) => {
                let s = match &b.self_ {
                    Value::Null => format!("<built-in function {}>", b.name),
                    Value::Obj(m) if matches!(m.payload, Payload::Module(_)) => {
                        format!("<built-in function {}>", b.name)
                    }
                    s => format!(
                        "<built-in method {} of {} object at {:#x}>",
                        b.name,
                        vm.type_name(s),
                        s.id()
                    ),
                };
                Ok(vm.new_str(s))
            }
            Payload::MethodDescr(m) | Payload::ClassMethodDescr(m) => Ok(vm.new_str(format!(
                "<method '{}' of '{}' objects>",
                m.name,
                tdata(&m.owner).name()
            ))),
            Payload::GetSet(g) => Ok(vm.new_str(format!(
                "<attribute '{}' of '{}' objects>",
                g.name,
                tdata(&g.owner).name()
            ))),
            _ => Err(vm.type_error("expected a builtin")),
        },
        _ => Err(vm.type_error("expected a builtin")),
    }
}
fn builtin_name(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Builtin(b) => Ok(vm.new_str(b.name)),
            Payload::MethodDescr(m) | Payload::ClassMethodDescr(m) => Ok(vm.new_str(m.name)),
            Payload::GetSet(g) => Ok(vm.new_str(g.name)),
            _ => Err(vm.type_error("expected a builtin")),
        },
        _ => Err(vm.type_error("expected a builtin")),
    }
}
fn builtin_qualname(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Builtin(b) => match &b.self_ {
                Value::Null => Ok(vm.new_str(b.name)),
                Value::Obj(m) if matches!(m.payload, Payload::Module(_)) => Ok(vm.new_str(b.name)),
                Value::Obj(t) if t.payload.as_type().is_some() => {
                    Ok(vm.new_str(format!("{}.{}", tdata(t).name(), b.name)))
                }
                s => Ok(vm.new_str(format!("{}.{}", vm.type_name(s), b.name))),
            },
            Payload::MethodDescr(m) | Payload::ClassMethodDescr(m) => {
                Ok(vm.new_str(format!("{}.{}", tdata(&m.owner).name(), m.name)))
            }
            _ => builtin_name(vm, v),
        },
        _ => builtin_name(vm, v),
    }
}
fn builtin_self(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Builtin(b) => Ok(if b.self_.is_null() {
                Value::None
            } else {
                b.self_.clone()
            }),
            _ => Ok(Value::None),
        },
        _ => Err(vm.type_error("expected a builtin")),
    }
}
/// `builtin_function_or_method.__reduce__` (CPython's meth_reduce): a module-level
/// function pickles as its qualified name, a bound method as `getattr(self, name)`.
fn builtin_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let Some(Value::Obj(o)) = args.args.first() else {
        return Err(vm.type_error("expected a builtin"));
    };
    let Payload::Builtin(b) = &o.payload else {
        return Err(vm.type_error("expected a builtin"));
    };
    match &b.self_ {
        Value::Null => Ok(vm.new_str(b.name)),
        Value::Obj(m) if matches!(m.payload, Payload::Module(_)) => Ok(vm.new_str(b.name)),
        s => {
            let getattr = vm.get_attr_str(&Value::Obj(vm.builtins.clone()), "getattr")?;
            Ok(vm.new_tuple(vec![
                getattr,
                vm.new_tuple(vec![s.clone(), vm.new_str(b.name)]),
            ]))
        }
    }
}
fn builtin_doc(_vm: &Vm, _v: &Value) -> PyResult<Value> {
    Ok(Value::None)
}
fn descr_objclass(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::MethodDescr(m) | Payload::ClassMethodDescr(m) => {
                Ok(Value::Obj(m.owner.clone()))
            }
            Payload::GetSet(g) => Ok(Value::Obj(g.owner.clone())),
            _ => Ok(Value::None),
        },
        _ => Err(vm.type_error("expected a descriptor")),
    }
}
fn descr_get_m(vm: &Vm, args: Args) -> PyResult<Value> {
    let (inst, ty) = vm.descr_get_args(&args)?;
    let ty = match ty {
        Value::Obj(t) if t.payload.as_type().is_some() => t,
        _ => vm.type_of(&inst).clone(),
    };
    if inst.is_none() {
        return vm.descr_get(&args.args[0], None, &ty);
    }
    vm.descr_get(&args.args[0], Some(&inst), &ty)
}
/// `getset_descriptor.__delete__(obj)`: its setter with no value.
fn getset_delete_m(vm: &Vm, args: Args) -> PyResult<Value> {
    vm.wrapper_nargs(&args, 1)?;
    getset_store_m(vm, &args.args[0], &args.args[1], None)
}

/// `getset_descriptor.__set__(obj, value)`.
fn getset_set_m(vm: &Vm, args: Args) -> PyResult<Value> {
    vm.wrapper_unpack(&args, 2, 2)?;
    getset_store_m(vm, &args.args[0], &args.args[1], Some(args.args[2].clone()))
}

fn getset_store_m(vm: &Vm, descr: &Value, obj: &Value, value: Option<Value>) -> PyResult<Value> {
    if let Value::Obj(o) = descr {
        if let Payload::GetSet(g) = &o.payload {
            vm.getset_store(g, obj, value)?;
            return Ok(Value::None);
        }
    }
    Err(vm.type_error("expected a getset descriptor"))
}

// ----- property ------------------------------------------------------------------------

fn prop_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a PropertyData> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Property(p) => Ok(p),
            _ => Err(vm.type_error("expected a property")),
        },
        _ => Err(vm.type_error("expected a property")),
    }
}

fn new_property(
    vm: &Vm,
    cls: &ObjRef,
    fget: Value,
    fset: Value,
    fdel: Value,
    doc: Value,
) -> PyResult<Value> {
    // Without a doc, the getter's docstring is used (and followed by getter()).
    let getter_doc = doc.is_none() && !fget.is_none();
    let doc = if getter_doc {
        vm.get_attr_opt(&fget, &vm.names.__doc__)?
            .unwrap_or(Value::None)
    } else {
        doc
    };
    let o = ObjRef::new(
        cls,
        Payload::Property(Box::new(PropertyData {
            fget,
            fset,
            fdel,
            doc: ValueCell::new(doc.clone()),
            name: ValueCell::new(Value::None),
        })),
    );
    if tdata(cls).is_heap() {
        // A subclass keeps the doc in the instance dict, where it shadows the
        // subclass's own docstring (CPython sets the attribute).
        let d = vm.new_dict_obj();
        dict::set_str(&d, &vm.names.__doc__, doc);
        o.set_dict(Some(d));
    }
    GETTER_DOC.with(|g| {
        if getter_doc {
            g.borrow_mut().insert(o.id());
        } else {
            g.borrow_mut().remove(&o.id());
        }
    });
    Ok(Value::Obj(o))
}

thread_local! {
    /// Properties whose doc came from their getter (ids), as CPython's getter_doc flag.
    static GETTER_DOC: std::cell::RefCell<std::collections::HashSet<usize>> =
        std::cell::RefCell::new(std::collections::HashSet::new());
}

fn property_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = args
        .args
        .first()
        .and_then(|c| c.as_obj().cloned())
        .ok_or_else(|| vm.type_error("property.__new__(X): X is not a type"))?;
    let pos = args.pos();
    let mut a = [Value::None, Value::None, Value::None, Value::None];
    for (i, v) in pos[1..].iter().enumerate().take(4) {
        a[i] = v.clone();
    }
    for (k, v) in args.kwargs() {
        match k.as_obj().map(pystr::as_rust_str).as_deref() {
            Some("fget") => a[0] = v.clone(),
            Some("fset") => a[1] = v.clone(),
            Some("fdel") => a[2] = v.clone(),
            Some("doc") => a[3] = v.clone(),
            Some(o) => {
                return Err(vm.type_error(format!(
                    "property() got an unexpected keyword argument '{o}'"
                )))
            }
            None => {}
        }
    }
    let [g, s, d, doc] = a;
    new_property(vm, &cls, g, s, d, doc)
}

fn property_init(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

fn prop_copy(vm: &Vm, args: &Args, which: usize) -> PyResult<Value> {
    let p = prop_of(vm, &args.args[0])?;
    let f = args.args.get(1).cloned().unwrap_or(Value::None);
    let (mut g, mut s, mut d) = (p.fget.clone(), p.fset.clone(), p.fdel.clone());
    match which {
        0 => g = f,
        1 => s = f,
        _ => d = f,
    }
    let cls = vm.type_of(&args.args[0]).clone();
    let from_getter = match &args.args[0] {
        Value::Obj(o) => GETTER_DOC.with(|gd| gd.borrow().contains(&o.id())),
        _ => false,
    };
    // A doc taken from the old getter is taken again from the new one.
    let doc = if from_getter && which == 0 {
        Value::None
    } else {
        vm.get_attr_opt(&args.args[0], &vm.names.__doc__)?
            .unwrap_or(Value::None)
    };
    let r = if tdata(&cls).is_heap() {
        vm.call(&Value::Obj(cls.clone()), Args::new(&[g, s, d, doc]))?
    } else {
        new_property(vm, &cls, g, s, d, doc)?
    };
    if let Ok(np) = prop_of(vm, &r) {
        np.name.set(p.name.get());
    }
    Ok(r)
}
fn property_getter(vm: &Vm, args: Args) -> PyResult<Value> {
    prop_copy(vm, &args, 0)
}
fn property_setter(vm: &Vm, args: Args) -> PyResult<Value> {
    prop_copy(vm, &args, 1)
}
fn property_deleter(vm: &Vm, args: Args) -> PyResult<Value> {
    prop_copy(vm, &args, 2)
}
fn property_set_name(vm: &Vm, args: Args) -> PyResult<Value> {
    prop_of(vm, &args.args[0])?
        .name
        .set(args.args.get(2).cloned().unwrap_or(Value::None));
    Ok(Value::None)
}
fn property_fget(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(prop_of(vm, v)?.fget.clone())
}
fn property_fset(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(prop_of(vm, v)?.fset.clone())
}
fn property_fdel(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(prop_of(vm, v)?.fdel.clone())
}
fn property_doc(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(prop_of(vm, v)?.doc.get())
}
fn property_set_doc(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    prop_of(vm, v)?.doc.set(val.unwrap_or(Value::None));
    Ok(())
}
fn property_isabstract(vm: &Vm, v: &Value) -> PyResult<Value> {
    let p = prop_of(vm, v)?;
    for f in [&p.fget, &p.fset, &p.fdel] {
        if let Some(a) = vm.get_attr_opt(f, &vm.names.__isabstractmethod__)? {
            if vm.is_true(&a)? {
                return Ok(Value::Bool(true));
            }
        }
    }
    Ok(Value::Bool(false))
}
fn property_get_m(vm: &Vm, args: Args) -> PyResult<Value> {
    let (inst, _) = vm.descr_get_args(&args)?;
    let ty = vm.type_of(&inst).clone();
    if inst.is_none() {
        return Ok(args.args[0].clone());
    }
    vm.descr_get(&args.args[0], Some(&inst), &ty)
}
/// `property.__delete__(obj)`: the deleter, or CPython's error when there is none.
fn property_delete_m(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = prop_of(vm, &args.args[0])?;
    vm.wrapper_nargs(&args, 1)?;
    vm.property_store(p, &args.args[1], None)?;
    Ok(Value::None)
}

fn property_set_m(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = prop_of(vm, &args.args[0])?;
    vm.wrapper_unpack(&args, 2, 2)?;
    if p.fset.is_none() || p.fset.is_null() {
        let msg = vm.property_error(&p.name.get(), &args.args[1], "setter")?;
        return Err(vm.new_exception_msg(&vm.exc.attribute_error, msg));
    }
    vm.call(&p.fset, Args::new(&args.args[1..3]))?;
    Ok(Value::None)
}

// ----- classmethod / staticmethod ------------------------------------------------------

fn wrapper_new(vm: &Vm, args: Args, static_: bool) -> PyResult<Value> {
    let cls = args
        .args
        .first()
        .and_then(|c| c.as_obj().cloned())
        .ok_or_else(|| vm.type_error("expected a type"))?;
    let f = args.pos().get(1).cloned().ok_or_else(|| {
        vm.type_error(format!(
            "{} expected 1 argument, got 0",
            if static_ {
                "staticmethod"
            } else {
                "classmethod"
            }
        ))
    })?;
    let payload = if static_ {
        Payload::StaticMethod(ValueCell::new(f.clone()))
    } else {
        Payload::ClassMethod(ValueCell::new(f.clone()))
    };
    let o = ObjRef::new(&cls, payload);
    let d = vm.new_dict_obj();
    // As CPython 3.11's functools_wraps in cm_init/sm_init: the wrapped callable's
    // names, doc and annotations are copied into the instance dict.
    for name in [
        "__module__",
        "__name__",
        "__qualname__",
        "__doc__",
        "__annotations__",
    ] {
        if let Some(v) = vm.get_attr_opt(&f, &vm.intern(name))? {
            dict::set_str(&d, &vm.intern(name), v);
        }
    }
    o.set_dict(Some(d));
    Ok(Value::Obj(o))
}
fn classmethod_new(vm: &Vm, args: Args) -> PyResult<Value> {
    wrapper_new(vm, args, false)
}
fn staticmethod_new(vm: &Vm, args: Args) -> PyResult<Value> {
    wrapper_new(vm, args, true)
}
fn wrapper_init(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}
fn wrapped_func(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::ClassMethod(f) | Payload::StaticMethod(f) => Ok(f.get()),
            _ => Err(vm.type_error("expected classmethod or staticmethod")),
        },
        _ => Err(vm.type_error("expected classmethod or staticmethod")),
    }
}
fn wrapped_isabstract(vm: &Vm, v: &Value) -> PyResult<Value> {
    let f = wrapped_func(vm, v)?;
    Ok(vm
        .get_attr_opt(&f, &vm.names.__isabstractmethod__)?
        .unwrap_or(Value::Bool(false)))
}
fn wrapper_get_m(vm: &Vm, args: Args) -> PyResult<Value> {
    let (inst, ty) = vm.descr_get_args(&args)?;
    let ty = match ty {
        Value::Obj(t) if t.payload.as_type().is_some() => t,
        _ => vm.type_of(&inst).clone(),
    };
    vm.descr_get(
        &args.args[0],
        if inst.is_none() { None } else { Some(&inst) },
        &ty,
    )
}
fn staticmethod_call(vm: &Vm, args: Args) -> PyResult<Value> {
    let f = wrapped_func(vm, &args.args[0])?;
    vm.call(&f, Args::with_kw(&args.args[1..], args.kwnames))
}

// ----- code, cell, module -----------------------------------------------------------------

fn cell_contents(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Cell(c) => {
                let x = c.get();
                if x.is_null() {
                    return Err(vm.value_error("Cell is empty"));
                }
                Ok(x)
            }
            _ => Err(vm.type_error("expected a cell")),
        },
        _ => Err(vm.type_error("expected a cell")),
    }
}
fn cell_set_contents(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Cell(c) => {
                c.set(val.unwrap_or(Value::Null));
                Ok(())
            }
            _ => Err(vm.type_error("expected a cell")),
        },
        _ => Err(vm.type_error("expected a cell")),
    }
}

/// `module.__new__(cls, *args, **kwargs)`: an instance of `cls` with an empty namespace
/// (`module.__init__` fills it in).
fn module_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = match args.args.first() {
        Some(Value::Obj(c))
            if c.payload.as_type().is_some() && typeobj::is_subtype(c, &vm.types.module) =>
        {
            c.clone()
        }
        _ => return Err(vm.type_error("module.__new__(X): X is not a subtype of module")),
    };
    let m = ObjRef::new(
        &cls,
        Payload::Module(Box::new(crate::object::ModuleData {
            name: String::new(),
        })),
    );
    m.set_dict(Some(vm.new_dict_obj()));
    Ok(Value::Obj(m))
}

/// `module.__init__(self, name, doc=None)`: sets `__name__`, `__doc__`, and None for
/// `__package__`, `__loader__` and `__spec__`.
fn module_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let mut name = pos.get(1).cloned();
    let mut doc = pos.get(2).cloned();
    if pos.len() > 3 {
        return Err(vm.type_error(format!(
            "module() takes at most 2 arguments ({} given)",
            pos.len() - 1
        )));
    }
    for (k, v) in args.kwargs() {
        match k.as_obj().map(pystr::as_rust_str).as_deref() {
            Some("name") if name.is_none() => name = Some(v.clone()),
            Some("doc") if doc.is_none() => doc = Some(v.clone()),
            Some(other @ ("name" | "doc")) => {
                return Err(vm.type_error(format!(
                    "argument for module() given by name ('{other}') and position"
                )))
            }
            other => {
                return Err(vm.type_error(format!(
                    "module() got an unexpected keyword argument '{}'",
                    other.unwrap_or_default()
                )))
            }
        }
    }
    let Some(name) = name else {
        return Err(vm.type_error("module() missing required argument 'name' (pos 1)"));
    };
    if !vm.isinstance(&name, &vm.types.str_) {
        return Err(vm.type_error(format!(
            "module() argument 'name' must be str, not {}",
            vm.type_name(&name)
        )));
    }
    let Some(Value::Obj(m)) = args.args.first() else {
        return Err(vm.type_error("descriptor '__init__' needs an argument"));
    };
    let d = match m.dict() {
        Some(d) => d,
        None => {
            let d = vm.new_dict_obj();
            m.set_dict(Some(d.clone()));
            d
        }
    };
    dict::set_str(&d, &vm.names.__name__, name);
    dict::set_str(&d, &vm.names.__doc__, doc.unwrap_or(Value::None));
    dict::set_str(&d, &vm.names.__package__, Value::None);
    dict::set_str(&d, &vm.names.__loader__, Value::None);
    dict::set_str(&d, &vm.names.__spec__, Value::None);
    Ok(Value::None)
}

/// `repr(module)`, as CPython's importlib `_module_repr`: from the spec when there is
/// one, else from `__name__` ('?' without) and `__file__`, else the loader; modules pyrs
/// made natively without a file are `(built-in)`.
fn module_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let m = &args.args[0];
    let native = matches!(m, Value::Obj(o) if matches!(&o.payload, Payload::Module(md) if !md.name.is_empty()));
    let spec = vm
        .get_attr_opt(m, &vm.names.__spec__)?
        .unwrap_or(Value::None);
    if !spec.is_none() {
        if let Some(r) = module_repr_from_spec(vm, &spec)? {
            return Ok(r);
        }
    }
    let name = match vm.get_attr_opt(m, &vm.names.__name__)? {
        Some(n) => vm.repr_string(&n)?,
        None => "'?'".into(),
    };
    let loader = vm
        .get_attr_opt(m, &vm.names.__loader__)?
        .unwrap_or(Value::None);
    match vm.get_attr_opt(m, &vm.names.__file__)? {
        Some(f) if !(native && f.is_none()) => {
            Ok(vm.new_str(format!("<module {name} from {}>", vm.repr_string(&f)?)))
        }
        _ if native => Ok(vm.new_str(format!("<module {name} (built-in)>"))),
        _ if loader.is_none() => Ok(vm.new_str(format!("<module {name}>"))),
        _ => Ok(vm.new_str(format!("<module {name} ({})>", vm.repr_string(&loader)?))),
    }
}

/// CPython's `_module_repr_from_spec` (None when the spec lacks the attributes).
fn module_repr_from_spec(vm: &Vm, spec: &Value) -> PyResult<Option<Value>> {
    let get = |n: &str| vm.get_attr_opt(spec, &vm.intern(n));
    let (Some(name), Some(origin), Some(loader)) = (get("name")?, get("origin")?, get("loader")?)
    else {
        return Ok(None);
    };
    let name = if name.is_none() {
        "'?'".to_string()
    } else {
        vm.repr_string(&name)?
    };
    if origin.is_none() {
        return Ok(Some(if loader.is_none() {
            vm.new_str(format!("<module {name}>"))
        } else {
            vm.new_str(format!("<module {name} ({})>", vm.repr_string(&loader)?))
        }));
    }
    let has_location = match get("has_location")? {
        Some(h) => vm.is_true(&h)?,
        None => false,
    };
    Ok(Some(if has_location {
        vm.new_str(format!("<module {name} from {}>", vm.repr_string(&origin)?))
    } else {
        vm.new_str(format!("<module {name} ({})>", vm.str_string(&origin)?))
    }))
}

/// `module.__dir__()`: the namespace's `__dir__()` if it defines one, else its keys
/// (`self.__dict__` must be a dict).
fn module_dir(vm: &Vm, args: Args) -> PyResult<Value> {
    let m = &args.args[0];
    let d = vm.get_attr(m, &vm.names.__dict__)?;
    match &d {
        Value::Obj(o) if o.payload.as_dict().is_some() => {
            if let Some(f) = dict::get_str(o, &vm.names.__dir__) {
                return vm.call0(&f);
            }
            Ok(vm.new_list(dict::table(o).borrow().keys()))
        }
        _ => Err(vm.type_error("<module>.__dict__ is not a dictionary")),
    }
}

fn none_repr(vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.new_str("None"))
}
fn none_bool(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Bool(false))
}
fn ni_bool(vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Bool(vm.not_implemented_bool()?))
}
fn ni_repr(vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.new_str("NotImplemented"))
}
fn ellipsis_repr(vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.new_str("Ellipsis"))
}

// ----- super -----------------------------------------------------------------------------

fn super_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    // super's own __init__ refuses keywords (a subclass's __init__ may take them).
    if args.has_kw() && matches!(pos.first(), Some(Value::Obj(c)) if c.is(&vm.types.super_)) {
        return Err(vm.type_error("super() takes no keyword arguments"));
    }
    let (ty, obj) = match pos.len() {
        1 => crate::eval::super_zero_args(vm)?,
        2 | 3 => (pos[1].clone(), pos.get(2).cloned().unwrap_or(Value::None)),
        _ => return Err(vm.type_error("super() takes at most 2 arguments")),
    };
    let ty = match ty {
        Value::Obj(t) if t.payload.as_type().is_some() => t,
        v => {
            return Err(vm.type_error(format!(
                "super() argument 1 must be a type, not {}",
                vm.type_name(&v)
            )))
        }
    };
    let obj_type = if obj.is_none() {
        ty.clone()
    } else {
        match &obj {
            Value::Obj(o) if o.payload.as_type().is_some() && typeobj::is_subtype(o, &ty) => {
                o.clone()
            }
            _ => {
                let t = vm.type_of(&obj).clone();
                if !typeobj::is_subtype(&t, &ty) {
                    return Err(vm.type_error(
                        "super(type, obj): obj must be an instance or subtype of type",
                    ));
                }
                t
            }
        }
    };
    // An instance of the class called: `super` or a subclass of it.
    let cls = match pos.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => c.clone(),
        _ => vm.types.super_.clone(),
    };
    let o = ObjRef::new(&cls, Payload::Super((ty, obj, obj_type)));
    if tdata(&cls).has_flag(typeobj::flags::HAS_DICT) {
        o.give_dict(|| vm.new_dict_obj());
    }
    Ok(Value::Obj(o))
}

/// Give a function its `__dict__` if it has none yet (functions get one on first use:
/// setting an attribute or asking for `__dict__`).
pub fn ensure_function_dict(vm: &Vm, o: &ObjRef) {
    if matches!(o.payload, Payload::Function(_)) && !o.has_dict() {
        o.set_dict(Some(vm.new_dict_obj()));
    }
}

/// `func.__dict__` (made on first request).
fn func_get_dict(vm: &Vm, v: &Value) -> PyResult<Value> {
    let o = match v {
        Value::Obj(o) if matches!(o.payload, Payload::Function(_)) => o,
        _ => {
            return Err(vm.type_error(format!(
                "descriptor '__dict__' for 'function' objects doesn't apply to a '{}' object",
                vm.type_name(v)
            )))
        }
    };
    ensure_function_dict(vm, o);
    Ok(o.dict().map_or(Value::None, Value::Obj))
}

/// `func.__dict__ = value` (and `del func.__dict__`).
fn func_set_dict(vm: &Vm, v: &Value, value: Option<Value>) -> PyResult<()> {
    let o = match v {
        Value::Obj(o) if matches!(o.payload, Payload::Function(_)) => o,
        _ => {
            return Err(vm.type_error(format!(
                "descriptor '__dict__' for 'function' objects doesn't apply to a '{}' object",
                vm.type_name(v)
            )))
        }
    };
    match value {
        Some(Value::Obj(d)) if d.payload.as_dict().is_some() => {
            o.set_dict(Some(d));
            Ok(())
        }
        Some(v) => Err(vm.type_error(format!(
            "__dict__ must be set to a dictionary, not a '{}'",
            vm.type_name(&v)
        ))),
        None => Err(vm.type_error("cannot delete __dict__")),
    }
}

/// `super_obj.name` (the attribute look-up of super objects).
pub fn super_getattr(vm: &Vm, sup: &Value, name: &ObjRef) -> PyResult<Value> {
    let (ty, obj, obj_type) = match sup {
        Value::Obj(o) => match &o.payload {
            Payload::Super(s) => (s.0.clone(), s.1.clone(), s.2.clone()),
            _ => return Err(vm.type_error("expected super")),
        },
        _ => return Err(vm.type_error("expected super")),
    };
    let is_class = name.is(&vm.names.__class__)
        || name
            .payload
            .as_str()
            .is_some_and(|s| s.as_bytes() == b"__class__");
    // An unbound super (`super(C)`) looks nothing up along an MRO.
    if !is_class && !obj.is_none() {
        let mro = tdata(&obj_type).mro.borrow().clone();
        let start = mro
            .iter()
            .position(|c| c.is(&ty))
            .map(|i| i + 1)
            .unwrap_or(mro.len());
        for cls in &mro[start..] {
            if let Some(v) = dict::get_str_in(&tdata(cls).dict, name) {
                let inst =
                    if obj.is_none() || obj.as_obj().map(|o| o.is(&obj_type)).unwrap_or(false) {
                        None
                    } else {
                        Some(&obj)
                    };
                return vm.descr_get(&v, inst, &obj_type);
            }
        }
    }
    vm.generic_getattr(sup, name)
}

/// `super_obj.__get__(obj, type=None)`: an unbound super (`super(C)`, stored as a class
/// attribute) binds to `obj`; a bound one, or access through the class, gives itself
/// (CPython's super_descr_get).
fn super_get(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let obj = args.args.get(1).cloned().unwrap_or(Value::None);
    let (ty, bound) = match this {
        Value::Obj(o) => match &o.payload {
            Payload::Super(s) => (s.0.clone(), !s.1.is_none()),
            _ => return Err(vm.type_error("expected super")),
        },
        _ => return Err(vm.type_error("expected super")),
    };
    if obj.is_none() || bound {
        return Ok(this.clone());
    }
    let cls = vm.type_of(this).clone();
    if !cls.is(&vm.types.super_) {
        return vm.call(&Value::Obj(cls), Args::new(&[Value::Obj(ty), obj]));
    }
    super_new(
        vm,
        Args::new(&[Value::Obj(vm.types.super_.clone()), Value::Obj(ty), obj]),
    )
}

fn super_getattribute(vm: &Vm, args: Args) -> PyResult<Value> {
    let name = crate::objects::object::attr_name(vm, args.args.get(1))?;
    super_getattr(vm, &args.args[0], &name)
}

fn super_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    match &args.args[0] {
        Value::Obj(o) => match &o.payload {
            Payload::Super(s) if s.1.is_none() => {
                Ok(vm.new_str(format!("<super: <class '{}'>, NULL>", tdata(&s.0).name(),)))
            }
            Payload::Super(s) => Ok(vm.new_str(format!(
                "<super: <class '{}'>, <{} object>>",
                tdata(&s.0).name(),
                tdata(&s.2).name()
            ))),
            _ => Err(vm.type_error("expected super")),
        },
        _ => Err(vm.type_error("expected super")),
    }
}

/// `__call__(*args, **kwargs)` of functions, methods and built-in functions: the call
/// itself (CPython's tp_call slot wrapper).
fn call_self(vm: &Vm, args: Args) -> PyResult<Value> {
    match args.args.split_first() {
        Some((f, rest)) => vm.call(f, Args::with_kw(rest, args.kwnames)),
        None => Err(vm.type_error("descriptor '__call__' needs an argument")),
    }
}

pub fn init(vm: &Vm) {
    let t = &vm.types;
    let f = &t.function;
    vm.add_method(f, "__repr__", func_repr);
    vm.add_method(f, "__get__", func_get);
    for callable in [f, &t.method, &t.builtin_function, &t.method_descriptor] {
        vm.add_method(callable, "__call__", call_self);
    }
    vm.add_getset(f, "__name__", func_get_name, Some(func_set_name));
    vm.add_getset(f, "__dict__", func_get_dict, Some(func_set_dict));
    vm.add_getset(
        f,
        "__qualname__",
        func_get_qualname,
        Some(func_set_qualname),
    );
    vm.add_getset(
        f,
        "__defaults__",
        func_get_defaults,
        Some(func_set_defaults),
    );
    vm.add_getset(
        f,
        "__kwdefaults__",
        func_get_kwdefaults,
        Some(func_set_kwdefaults),
    );
    vm.add_getset(f, "__doc__", func_get_doc, Some(func_set_doc));
    vm.add_getset(f, "__module__", func_get_module, Some(func_set_module));
    vm.add_getset(
        f,
        "__annotations__",
        func_get_annotations,
        Some(func_set_annotations),
    );
    vm.add_getset(f, "__code__", func_get_code, Some(func_set_code));
    vm.add_getset(f, "__globals__", func_get_globals, None);
    vm.add_getset(f, "__builtins__", func_get_builtins, None);
    vm.add_getset(f, "__closure__", func_get_closure, None);
    let m = &t.method;
    vm.add_static(m, "__new__", method_new);
    vm.add_method(m, "__eq__", method_eq);
    vm.add_method(m, "__ne__", method_ne);
    vm.add_method(m, "__repr__", method_repr);
    vm.add_method(m, "__getattribute__", method_getattr);
    vm.add_getset(m, "__func__", method_func, None);
    vm.add_getset(m, "__self__", method_self, None);
    vm.add_getset(m, "__doc__", method_doc, None);
    for b in [
        &t.builtin_function,
        &t.method_descriptor,
        &t.classmethod_descriptor,
        &t.getset_descriptor,
    ] {
        vm.add_method(b, "__repr__", builtin_repr);
        vm.add_getset(b, "__name__", builtin_name, None);
        vm.add_getset(b, "__qualname__", builtin_qualname, None);
        vm.add_getset(b, "__doc__", builtin_doc, None);
    }
    vm.add_getset(&t.builtin_function, "__self__", builtin_self, None);
    vm.add_method(&t.builtin_function, "__reduce__", builtin_reduce);
    vm.add_method(&t.builtin_function, "__reduce_ex__", builtin_reduce);
    for b in [
        &t.method_descriptor,
        &t.classmethod_descriptor,
        &t.getset_descriptor,
    ] {
        vm.add_getset(b, "__objclass__", descr_objclass, None);
        vm.add_method(b, "__get__", descr_get_m);
    }
    crate::objects::slot_wrapper::init(vm, call_self, descr_get_m);
    vm.add_method(&t.getset_descriptor, "__set__", getset_set_m);
    vm.add_method(&t.getset_descriptor, "__delete__", getset_delete_m);
    let p = &t.property;
    vm.add_static(p, "__new__", property_new);
    vm.add_method(p, "__init__", property_init);
    vm.add_method(p, "getter", property_getter);
    vm.add_method(p, "setter", property_setter);
    vm.add_method(p, "deleter", property_deleter);
    vm.add_method(p, "__set_name__", property_set_name);
    vm.add_method(p, "__get__", property_get_m);
    vm.add_method(p, "__set__", property_set_m);
    vm.add_method(p, "__delete__", property_delete_m);
    vm.add_getset(p, "fget", property_fget, None);
    vm.add_getset(p, "fset", property_fset, None);
    vm.add_getset(p, "fdel", property_fdel, None);
    vm.add_getset(p, "__doc__", property_doc, Some(property_set_doc));
    vm.add_getset(p, "__isabstractmethod__", property_isabstract, None);
    vm.add_static(&t.classmethod, "__new__", classmethod_new);
    vm.add_static(&t.staticmethod, "__new__", staticmethod_new);
    for w in [&t.classmethod, &t.staticmethod] {
        vm.add_method(w, "__init__", wrapper_init);
        vm.add_method(w, "__get__", wrapper_get_m);
        vm.add_getset(w, "__func__", wrapped_func, None);
        vm.add_getset(w, "__wrapped__", wrapped_func, None);
        vm.add_getset(w, "__isabstractmethod__", wrapped_isabstract, None);
    }
    vm.add_method(&t.staticmethod, "__call__", staticmethod_call);
    crate::objects::code::init(vm);
    crate::frame::init(vm);
    crate::traceback::init(vm);
    vm.add_getset(
        &t.cell,
        "cell_contents",
        cell_contents,
        Some(cell_set_contents),
    );
    let md = &t.module;
    vm.add_static(md, "__new__", module_new);
    vm.add_method(md, "__init__", module_init);
    vm.add_method(md, "__repr__", module_repr);
    vm.add_method(md, "__dir__", module_dir);
    vm.add_method(&t.none, "__repr__", none_repr);
    vm.add_method(&t.none, "__bool__", none_bool);
    vm.add_method(&t.not_implemented, "__repr__", ni_repr);
    vm.add_method(&t.not_implemented, "__bool__", ni_bool);
    vm.add_method(&t.ellipsis, "__repr__", ellipsis_repr);
    let s = &t.super_;
    vm.add_static(s, "__new__", super_new);
    vm.add_method(s, "__init__", wrapper_init);
    vm.add_method(s, "__getattribute__", super_getattribute);
    vm.add_method(s, "__get__", super_get);
    vm.add_method(s, "__repr__", super_repr);
    crate::objects::object::update_flags(vm, s);
}
