//! Weak references: the `_weakref` module (`ref`/`ReferenceType`, `proxy`, `ProxyType`,
//! `CallableProxyType`, `getweakrefcount`, `getweakrefs`, `_remove_dead_weakref`).
//!
//! A weak-reference object holds a `WeakPtr` to its referent (no count). The referent
//! gets the header bit `WEAKREFS` and an entry in the memory layer's side table listing
//! its weak references in CPython's order (the basic ref without callback first, then
//! the basic proxy, then the others, newest first). When the referent's count reaches
//! zero, `gc::dealloc_hook` clears them all and calls their callbacks.

use std::cell::{Cell, RefCell};

use pyrs_compiler::bytecode::{BinaryOpArg, CompareOpArg};

use crate::memory::{self, ObjRef, PyObject, ValueCell, WeakPtr};
use crate::object::{NativeData, Payload};
use crate::objects::dict;
use crate::objects::typeobj::{flags, tdata, Layout};
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WeakKind {
    Ref,
    Proxy,
    CallableProxy,
}

/// The state of a weak reference or proxy.
pub struct WeakRefData {
    pub referent: WeakPtr,
    pub callback: ValueCell<Value>,
    hash: Cell<Option<i64>>,
    /// The address of the weak-reference object itself (for unregistering).
    self_addr: Cell<usize>,
    pub kind: WeakKind,
    /// An exact `ref` or proxy without callback: shared by everyone asking for one.
    basic: bool,
}

impl NativeData for WeakRefData {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.callback.get());
    }
}

impl Drop for WeakRefData {
    fn drop(&mut self) {
        let r = self.referent.addr();
        if r != 0 {
            memory::weak_unregister(r, self.self_addr.get());
        }
    }
}

struct WeakTypes {
    reference: ObjRef,
    proxy: ObjRef,
    callable_proxy: ObjRef,
}

thread_local! {
    static TYPES: RefCell<Option<std::rc::Rc<WeakTypes>>> = const { RefCell::new(None) };
}

fn types(vm: &Vm) -> std::rc::Rc<WeakTypes> {
    if let Some(t) = TYPES.with(|t| t.borrow().clone()) {
        return t;
    }
    let t = std::rc::Rc::new(make_types(vm));
    TYPES.with(|c| *c.borrow_mut() = Some(t.clone()));
    t
}

/// The weak-reference state of a value, if it is a weak reference or proxy.
pub fn weak_data(v: &Value) -> Option<&WeakRefData> {
    match v {
        Value::Obj(o) => o.payload.native::<WeakRefData>(),
        _ => None,
    }
}

/// Whether CPython lets weak references point at this value.
pub fn is_weakrefable(vm: &Vm, v: &Value) -> bool {
    let o = match v {
        Value::Obj(o) => o,
        _ => return false,
    };
    let cls = o.class();
    // A built-in class decides alone (the loop below would stop at it): no MRO copy.
    if !tdata(cls).is_heap() {
        return static_weakrefable(vm, cls, o);
    }
    let mro = tdata(cls).mro.borrow().clone();
    let slots = vm.intern("__slots__");
    let mut adds_weak = false;
    for t in &mro {
        let td = tdata(t);
        if !td.is_heap() {
            if static_weakrefable(vm, t, o) {
                return true;
            }
            // Variable-size bases (int, tuple, bytes) cannot get a weak-reference slot.
            let var_sized = matches!(
                td.layout,
                Layout::Int | Layout::Bool | Layout::Tuple | Layout::Bytes
            );
            return adds_weak && !var_sized;
        }
        match dict::get_str_in(&td.dict, &slots) {
            None => adds_weak = true,
            Some(s) => {
                if slots_name_weakref(vm, &s) {
                    adds_weak = true;
                }
            }
        }
    }
    adds_weak
}

fn slots_name_weakref(vm: &Vm, s: &Value) -> bool {
    let wr = vm.intern("__weakref__");
    if let Value::Obj(so) = s {
        if so.payload.as_str().is_some() {
            return crate::objects::str::as_rust_str(so) == "__weakref__";
        }
    }
    match vm.collect(s) {
        Ok(items) => items
            .iter()
            .any(|x| vm.eq(x, &Value::Obj(wr.clone())).unwrap_or(false)),
        Err(_) => false,
    }
}

fn static_weakrefable(vm: &Vm, t: &ObjRef, o: &ObjRef) -> bool {
    let td = tdata(t);
    // A static type with a `__weakref__` descriptor of its own (ExceptionGroup, a heap
    // type in CPython) has the weak-reference slot.
    if dict::get_str_in(&td.dict, &vm.names.__weakref__).is_some() {
        return true;
    }
    // CPython 3.11's `int | str` unions (and its frames, below) have no weak-reference
    // slot.
    if t.is(&vm.types.union_type) {
        return false;
    }
    match td.layout {
        Layout::Type | Layout::Set | Layout::FrozenSet | Layout::Module | Layout::Native => {
            return true
        }
        Layout::Object | Layout::Other => {}
        _ => return false,
    }
    if t.is(&vm.types.object) {
        return false;
    }
    matches!(
        o.payload,
        Payload::Function(_)
            | Payload::Code(_)
            | Payload::Generator(_)
            | Payload::Builtin(_)
            | Payload::BoundMethod(_)
            | Payload::Type(_)
            | Payload::Module(_)
            | Payload::Native(_)
    )
}

fn cannot_weakref(vm: &Vm, v: &Value) -> ObjRef {
    vm.type_error(format!(
        "cannot create weak reference to '{}' object",
        tp_name(vm, vm.type_of(v))
    ))
}

/// Make a weak reference of class `cls` (kind `kind`) to `ob`, reusing the basic one
/// when CPython would.
fn new_weak(
    vm: &Vm,
    cls: &ObjRef,
    kind: WeakKind,
    ob: &Value,
    callback: Value,
) -> PyResult<ObjRef> {
    if !is_weakrefable(vm, ob) {
        return Err(cannot_weakref(vm, ob));
    }
    let Value::Obj(target) = ob else {
        return Err(cannot_weakref(vm, ob));
    };
    let t = types(vm);
    let exact = match kind {
        WeakKind::Ref => cls.is(&t.reference),
        _ => true,
    };
    let basic = exact && callback.is_none();
    let existing = memory::weak_list(target);
    let (basic_ref, basic_proxy) = basic_refs(&existing);
    if basic {
        let reuse = match kind {
            WeakKind::Ref => basic_ref,
            _ => basic_proxy,
        };
        if let Some(r) = reuse {
            return Ok(r.clone());
        }
    }
    drop(existing);
    let data = WeakRefData {
        referent: WeakPtr::new(target),
        callback: ValueCell::new(callback),
        hash: Cell::new(None),
        self_addr: Cell::new(0),
        kind,
        basic,
    };
    let wr = vm.new_native_object(cls, data);
    if let Some(d) = wr.payload.native::<WeakRefData>() {
        d.self_addr.set(wr.id());
    }
    memory::weak_register(target, &wr, |list: &[&PyObject]| {
        let is_basic = |o: &PyObject, k: fn(WeakKind) -> bool| {
            o.payload
                .native::<WeakRefData>()
                .is_some_and(|d| d.basic && k(d.kind))
        };
        let mut i = 0;
        let has_ref = list
            .first()
            .is_some_and(|o| is_basic(o, |k| k == WeakKind::Ref));
        if kind == WeakKind::Ref && basic {
            return 0;
        }
        if has_ref {
            i = 1;
        }
        if basic {
            // A basic proxy goes right after the basic ref.
            return i;
        }
        let has_proxy = list
            .get(i)
            .is_some_and(|o| is_basic(o, |k| k != WeakKind::Ref));
        if has_proxy {
            i += 1;
        }
        i
    });
    Ok(wr)
}

/// A weak reference (the shared basic `ref`, made if needed) to `target`, for the
/// runtime's own bookkeeping (a type's list of subclasses, as CPython's tp_subclasses).
pub fn basic_ref(vm: &Vm, target: &ObjRef) -> PyResult<ObjRef> {
    let t = types(vm);
    new_weak(
        vm,
        &t.reference,
        WeakKind::Ref,
        &Value::Obj(target.clone()),
        Value::None,
    )
}

/// The referent of weak reference `wr`, if it is still alive.
pub fn referent(wr: &ObjRef) -> Option<ObjRef> {
    wr.payload
        .native::<WeakRefData>()
        .and_then(|d| d.referent.upgrade())
}

fn basic_refs(list: &[ObjRef]) -> (Option<&ObjRef>, Option<&ObjRef>) {
    let mut i = 0;
    let is_basic = |o: &ObjRef, want_ref: bool| {
        o.payload
            .native::<WeakRefData>()
            .is_some_and(|d| d.basic && ((d.kind == WeakKind::Ref) == want_ref))
    };
    let mut r = None;
    let mut p = None;
    if let Some(o) = list.first() {
        if is_basic(o, true) {
            r = Some(o);
            i = 1;
        }
    }
    if let Some(o) = list.get(i) {
        if is_basic(o, false) {
            p = Some(o);
        }
    }
    (r, p)
}

// ----- ref --------------------------------------------------------------------------

fn this_data<'a>(vm: &Vm, args: &'a Args) -> PyResult<&'a WeakRefData> {
    args.args
        .first()
        .and_then(weak_data)
        .ok_or_else(|| vm.type_error("descriptor requires a weakref object"))
}

fn ref_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let cls = match pos.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => c.clone(),
        _ => return Err(vm.type_error("ref.__new__(X): X is not a type object")),
    };
    let rest = &pos[1..];
    let n = rest.len() + args.kwargs().count();
    if rest.is_empty() {
        return Err(vm.type_error(format!("__new__ expected at least 1 argument, got {n}")));
    }
    if rest.len() > 2 {
        return Err(vm.type_error(format!("__new__ expected at most 2 arguments, got {n}")));
    }
    let callback = rest.get(1).cloned().unwrap_or(Value::None);
    Ok(Value::Obj(new_weak(
        vm,
        &cls,
        WeakKind::Ref,
        &rest[0],
        callback,
    )?))
}

/// `ref.__init__(ob, callback=None)`: checks its arguments (no keywords), as CPython's
/// weakref___init__; `__new__` did the work.
fn ref_init(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.has_kw() {
        return Err(vm.type_error("ref() takes no keyword arguments"));
    }
    let n = args.pos().len().saturating_sub(1);
    if n == 0 {
        return Err(vm.type_error("__init__ expected at least 1 argument, got 0"));
    }
    if n > 2 {
        return Err(vm.type_error(format!("__init__ expected at most 2 arguments, got {n}")));
    }
    Ok(Value::None)
}

fn ref_call(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = this_data(vm, &args)?;
    if args.has_kw() {
        return Err(vm.type_error("weakref() takes no keyword arguments"));
    }
    if args.pos().len() > 1 {
        return Err(vm.type_error(format!(
            "weakref expected 0 arguments, got {}",
            args.pos().len() - 1
        )));
    }
    Ok(d.referent.upgrade().map_or(Value::None, Value::Obj))
}

fn ref_callback(vm: &Vm, v: &Value) -> PyResult<Value> {
    match weak_data(v) {
        Some(d) => Ok(d.callback.get()),
        None => Err(vm.type_error("descriptor requires a weakref object")),
    }
}

fn ref_hash(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = this_data(vm, &args)?;
    if let Some(h) = d.hash.get() {
        return Ok(Value::Int(h));
    }
    match d.referent.upgrade() {
        Some(o) => {
            let h = vm.hash(&Value::Obj(o))?;
            d.hash.set(Some(h));
            Ok(Value::Int(h))
        }
        None => Err(vm.type_error("weak object has gone away")),
    }
}

fn ref_compare(vm: &Vm, args: &Args, op: CompareOpArg) -> PyResult<Value> {
    let a = &args.args[0];
    let b = args.args.get(1).cloned().unwrap_or(Value::None);
    let t = types(vm);
    let (Some(da), Some(db)) = (weak_data(a), weak_data(&b)) else {
        return Ok(vm.not_implemented());
    };
    if !vm.isinstance(&b, &t.reference) {
        return Ok(vm.not_implemented());
    }
    match (da.referent.upgrade(), db.referent.upgrade()) {
        (Some(x), Some(y)) => vm.rich_compare(&Value::Obj(x), &Value::Obj(y), op),
        _ => {
            let same = a.is(&b);
            Ok(Value::Bool(if op == CompareOpArg::Eq {
                same
            } else {
                !same
            }))
        }
    }
}

fn ref_eq(vm: &Vm, args: Args) -> PyResult<Value> {
    ref_compare(vm, &args, CompareOpArg::Eq)
}

fn ref_ne(vm: &Vm, args: Args) -> PyResult<Value> {
    ref_compare(vm, &args, CompareOpArg::Ne)
}

/// `tp_name` as CPython prints it: `module.Name` for static types of other modules.
fn tp_name(vm: &Vm, ty: &ObjRef) -> String {
    let td = tdata(ty);
    if td.is_heap() {
        return td.name();
    }
    match dict::get_str_in(&td.dict, &vm.names.__module__) {
        Some(Value::Obj(m)) if m.payload.as_str().is_some() => {
            let m = crate::objects::str::as_rust_str(&m);
            if m == "builtins" {
                td.name()
            } else {
                format!("{m}.{}", td.name())
            }
        }
        _ => td.name(),
    }
}

fn ref_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let me = &args.args[0];
    let d = this_data(vm, &args)?;
    let addr = me.id();
    let s = match d.referent.upgrade() {
        None => format!("<weakref at {addr:#x}; dead>"),
        Some(o) => {
            let ov = Value::Obj(o.clone());
            // `__name__` is looked up on the type (CPython's _PyObject_LookupSpecial,
            // gh-99184): an instance's own __getattr__ is not consulted.
            let name = match crate::objects::typeobj::lookup(o.class(), &vm.names.__name__) {
                Some(desc) => {
                    let n = match vm.call_special(
                        &desc,
                        &vm.intern("__get__"),
                        &[ov.clone(), Value::Obj(o.class().clone())],
                    ) {
                        Ok(Some(v)) => v,
                        Ok(None) => desc,
                        Err(e) => return Err(e),
                    };
                    match &n {
                        Value::Obj(s) if s.payload.as_str().is_some() => Some(vm.repr_string(&n)?),
                        _ => None,
                    }
                }
                None => None,
            };
            let tn = tp_name(vm, o.class());
            match name {
                Some(n) => format!(
                    "<weakref at {addr:#x}; to '{tn}' at {:#x} ({})>",
                    o.id(),
                    n.trim_matches('\'')
                ),
                None => format!("<weakref at {addr:#x}; to '{tn}' at {:#x}>", o.id()),
            }
        }
    };
    Ok(vm.new_str(s))
}

fn class_getitem(vm: &Vm, args: Args) -> PyResult<Value> {
    crate::objects::genericalias::class_getitem(vm, args)
}

// ----- proxy ------------------------------------------------------------------------

fn dead_error(vm: &Vm) -> ObjRef {
    vm.new_exception_msg(
        &vm.exc.reference_error,
        "weakly-referenced object no longer exists",
    )
}

/// The referent behind a proxy (a ReferenceError when it died); other values as they are.
fn unwrap(vm: &Vm, v: &Value) -> PyResult<Value> {
    match weak_data(v) {
        Some(d) if d.kind != WeakKind::Ref => match d.referent.upgrade() {
            Some(o) => Ok(Value::Obj(o)),
            None => Err(dead_error(vm)),
        },
        _ => Ok(v.clone()),
    }
}

fn proxy_fn(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    if pos.is_empty() || pos.len() > 2 {
        return Err(vm.type_error(format!(
            "proxy expected {} arguments, got {}",
            if pos.is_empty() {
                "at least 1"
            } else {
                "at most 2"
            },
            pos.len()
        )));
    }
    let t = types(vm);
    let ob = &pos[0];
    let callback = pos.get(1).cloned().unwrap_or(Value::None);
    let (cls, kind) = if vm.is_callable(ob) {
        (t.callable_proxy.clone(), WeakKind::CallableProxy)
    } else {
        (t.proxy.clone(), WeakKind::Proxy)
    };
    Ok(Value::Obj(new_weak(vm, &cls, kind, ob, callback)?))
}

fn referent_of(vm: &Vm, args: &Args) -> PyResult<Value> {
    unwrap(vm, &args.args[0])
}

fn arg1(args: &Args) -> Value {
    args.args.get(1).cloned().unwrap_or(Value::None)
}

fn name_arg(vm: &Vm, args: &Args) -> PyResult<ObjRef> {
    match args.args.get(1) {
        Some(Value::Obj(s)) if s.payload.as_str().is_some() => Ok(vm.intern_obj(s)),
        Some(v) => Err(vm.type_error(format!(
            "attribute name must be string, not '{}'",
            vm.type_name(v)
        ))),
        None => Err(vm.type_error("expected 1 argument")),
    }
}

fn proxy_getattribute(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = referent_of(vm, &args)?;
    let name = name_arg(vm, &args)?;
    vm.get_attr(&o, &name)
}

fn proxy_setattr(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = referent_of(vm, &args)?;
    let name = name_arg(vm, &args)?;
    vm.set_attr(&o, &name, args.args.get(2).cloned().unwrap_or(Value::None))?;
    Ok(Value::None)
}

fn proxy_delattr(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = referent_of(vm, &args)?;
    let name = name_arg(vm, &args)?;
    vm.del_attr(&o, &name)?;
    Ok(Value::None)
}

fn proxy_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let me = &args.args[0];
    let d = this_data(vm, &args)?;
    let s = match d.referent.upgrade() {
        Some(o) => format!(
            "<weakproxy at {:#x} to {} at {:#x}>",
            me.id(),
            tp_name(vm, o.class()),
            o.id()
        ),
        None => format!("<weakproxy at {:#x}; dead>", me.id()),
    };
    Ok(vm.new_str(s))
}

fn proxy_str(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = referent_of(vm, &args)?;
    Ok(Value::Obj(vm.str(&o)?))
}

fn proxy_call(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = referent_of(vm, &args)?;
    let rest = &args.args[1..];
    vm.call(&o, Args::with_kw(rest, args.kwnames))
}

fn proxy_bool(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = referent_of(vm, &args)?;
    Ok(Value::Bool(vm.is_true(&o)?))
}

fn proxy_len(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = referent_of(vm, &args)?;
    Ok(Value::Int(vm.len(&o)? as i64))
}

fn proxy_getitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = referent_of(vm, &args)?;
    vm.getitem(&o, &unwrap(vm, &arg1(&args))?)
}

fn proxy_setitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = referent_of(vm, &args)?;
    let v = args.args.get(2).cloned().unwrap_or(Value::None);
    vm.setitem(&o, &unwrap(vm, &arg1(&args))?, unwrap(vm, &v)?)?;
    Ok(Value::None)
}

fn proxy_delitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = referent_of(vm, &args)?;
    vm.delitem(&o, &unwrap(vm, &arg1(&args))?)?;
    Ok(Value::None)
}

fn proxy_contains(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = referent_of(vm, &args)?;
    Ok(Value::Bool(vm.contains(&o, &unwrap(vm, &arg1(&args))?)?))
}

fn proxy_iter(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = referent_of(vm, &args)?;
    vm.iter(&o)
}

fn proxy_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = referent_of(vm, &args)?;
    if vm.lookup_special(&o, &vm.names.__next__).is_none() {
        return Err(vm.type_error(format!(
            "Weakref proxy referenced a non-iterator '{}' object",
            vm.type_name(&o)
        )));
    }
    match vm.next(&o)? {
        Some(v) => Ok(v),
        None => Err(vm.stop_iteration(None)),
    }
}

fn call_builtin(vm: &Vm, name: &str, args: &[Value]) -> PyResult<Value> {
    let f = dict::get_str(&vm.builtins_dict, &vm.intern(name))
        .ok_or_else(|| vm.runtime_error(format!("builtin {name} is missing")))?;
    vm.call(&f, Args::new(args))
}

macro_rules! proxy_unary {
    ($($f:ident => $e:expr;)*) => {
        $(
            fn $f(vm: &Vm, args: Args) -> PyResult<Value> {
                let o = referent_of(vm, &args)?;
                #[allow(clippy::redundant_closure_call)]
                ($e)(vm, &o)
            }
        )*
    };
}

proxy_unary! {
    proxy_neg => |vm: &Vm, o: &Value| vm.unary_negative(o);
    proxy_pos => |vm: &Vm, o: &Value| vm.unary_positive(o);
    proxy_invert => |vm: &Vm, o: &Value| vm.unary_invert(o);
    proxy_abs => |vm: &Vm, o: &Value| vm.abs(o);
    proxy_index => |vm: &Vm, o: &Value| vm.index_value(o);
    proxy_int => |vm: &Vm, o: &Value| vm.call(&Value::Obj(vm.types.int.clone()), Args::new(std::slice::from_ref(o)));
    proxy_float => |vm: &Vm, o: &Value| vm.call(&Value::Obj(vm.types.float.clone()), Args::new(std::slice::from_ref(o)));
    proxy_bytes => |vm: &Vm, o: &Value| call_builtin(vm, "bytes", std::slice::from_ref(o));
    proxy_reversed => |vm: &Vm, o: &Value| call_builtin(vm, "reversed", std::slice::from_ref(o));
}

fn proxy_divmod(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = referent_of(vm, &args)?;
    let b = unwrap(vm, &arg1(&args))?;
    call_builtin(vm, "divmod", &[a, b])
}

fn proxy_rdivmod(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = referent_of(vm, &args)?;
    let b = unwrap(vm, &arg1(&args))?;
    call_builtin(vm, "divmod", &[b, a])
}

fn proxy_compare(vm: &Vm, args: &Args, op: CompareOpArg) -> PyResult<Value> {
    let a = referent_of(vm, args)?;
    let b = unwrap(vm, &arg1(args))?;
    vm.rich_compare(&a, &b, op)
}

macro_rules! proxy_cmp {
    ($($f:ident => $op:ident;)*) => {
        $(
            fn $f(vm: &Vm, args: Args) -> PyResult<Value> {
                proxy_compare(vm, &args, CompareOpArg::$op)
            }
        )*
    };
}

proxy_cmp! {
    proxy_lt => Lt;
    proxy_le => Le;
    proxy_eq => Eq;
    proxy_ne => Ne;
    proxy_gt => Gt;
    proxy_ge => Ge;
}

macro_rules! proxy_binops {
    ($($f:ident, $rf:ident, $iff:ident => $op:ident;)*) => {
        $(
            fn $f(vm: &Vm, args: Args) -> PyResult<Value> {
                let a = referent_of(vm, &args)?;
                let b = unwrap(vm, &arg1(&args))?;
                vm.binary_op(&a, &b, BinaryOpArg::$op)
            }
            fn $rf(vm: &Vm, args: Args) -> PyResult<Value> {
                let a = referent_of(vm, &args)?;
                let b = unwrap(vm, &arg1(&args))?;
                vm.binary_op(&b, &a, BinaryOpArg::$op)
            }
            fn $iff(vm: &Vm, args: Args) -> PyResult<Value> {
                let a = referent_of(vm, &args)?;
                let b = unwrap(vm, &arg1(&args))?;
                vm.inplace_op(&a, &b, BinaryOpArg::$op)
            }
        )*
    };
}

proxy_binops! {
    p_add, p_radd, p_iadd => Add;
    p_sub, p_rsub, p_isub => Subtract;
    p_mul, p_rmul, p_imul => Multiply;
    p_mod, p_rmod, p_imod => Remainder;
    p_pow, p_rpow, p_ipow => Power;
    p_lshift, p_rlshift, p_ilshift => Lshift;
    p_rshift, p_rrshift, p_irshift => Rshift;
    p_and, p_rand, p_iand => And;
    p_xor, p_rxor, p_ixor => Xor;
    p_or, p_ror, p_ior => Or;
    p_floordiv, p_rfloordiv, p_ifloordiv => FloorDivide;
    p_truediv, p_rtruediv, p_itruediv => TrueDivide;
    p_matmul, p_rmatmul, p_imatmul => MatrixMultiply;
}

fn no_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let name = match args.args.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => tp_name(vm, c),
        _ => "weakref.ProxyType".into(),
    };
    Err(vm.type_error(format!("cannot create '{name}' instances")))
}

fn setup_proxy_type(vm: &Vm, t: &ObjRef, callable: bool) {
    let methods: &[(&'static str, crate::object::NativeFn)] = &[
        ("__new__", no_new),
        ("__repr__", proxy_repr),
        ("__str__", proxy_str),
        ("__getattribute__", proxy_getattribute),
        ("__setattr__", proxy_setattr),
        ("__delattr__", proxy_delattr),
        ("__lt__", proxy_lt),
        ("__le__", proxy_le),
        ("__eq__", proxy_eq),
        ("__ne__", proxy_ne),
        ("__gt__", proxy_gt),
        ("__ge__", proxy_ge),
        ("__iter__", proxy_iter),
        ("__next__", proxy_next),
        ("__neg__", proxy_neg),
        ("__pos__", proxy_pos),
        ("__abs__", proxy_abs),
        ("__bool__", proxy_bool),
        ("__invert__", proxy_invert),
        ("__int__", proxy_int),
        ("__float__", proxy_float),
        ("__index__", proxy_index),
        ("__len__", proxy_len),
        ("__getitem__", proxy_getitem),
        ("__setitem__", proxy_setitem),
        ("__delitem__", proxy_delitem),
        ("__contains__", proxy_contains),
        ("__bytes__", proxy_bytes),
        ("__reversed__", proxy_reversed),
        ("__divmod__", proxy_divmod),
        ("__rdivmod__", proxy_rdivmod),
        ("__add__", p_add),
        ("__radd__", p_radd),
        ("__iadd__", p_iadd),
        ("__sub__", p_sub),
        ("__rsub__", p_rsub),
        ("__isub__", p_isub),
        ("__mul__", p_mul),
        ("__rmul__", p_rmul),
        ("__imul__", p_imul),
        ("__mod__", p_mod),
        ("__rmod__", p_rmod),
        ("__imod__", p_imod),
        ("__pow__", p_pow),
        ("__rpow__", p_rpow),
        ("__ipow__", p_ipow),
        ("__lshift__", p_lshift),
        ("__rlshift__", p_rlshift),
        ("__ilshift__", p_ilshift),
        ("__rshift__", p_rshift),
        ("__rrshift__", p_rrshift),
        ("__irshift__", p_irshift),
        ("__and__", p_and),
        ("__rand__", p_rand),
        ("__iand__", p_iand),
        ("__xor__", p_xor),
        ("__rxor__", p_rxor),
        ("__ixor__", p_ixor),
        ("__or__", p_or),
        ("__ror__", p_ror),
        ("__ior__", p_ior),
        ("__floordiv__", p_floordiv),
        ("__rfloordiv__", p_rfloordiv),
        ("__ifloordiv__", p_ifloordiv),
        ("__truediv__", p_truediv),
        ("__rtruediv__", p_rtruediv),
        ("__itruediv__", p_itruediv),
        ("__matmul__", p_matmul),
        ("__rmatmul__", p_rmatmul),
        ("__imatmul__", p_imatmul),
    ];
    for (name, f) in methods {
        if *name == "__new__" {
            vm.add_static(t, name, *f);
        } else {
            vm.add_method(t, name, *f);
        }
    }
    if callable {
        vm.add_method(t, "__call__", proxy_call);
    }
    vm.set_type_attr(t, "__hash__", Value::None);
    let td = tdata(t);
    td.flags
        .set(td.flags.get() | flags::HAS_GETATTRIBUTE | flags::HAS_SETATTR);
}

fn make_types(vm: &Vm) -> WeakTypes {
    let reference = vm.new_native_type("weakref", "ReferenceType", None, true, false);
    vm.add_static(&reference, "__new__", ref_new);
    vm.add_method(&reference, "__init__", ref_init);
    vm.add_method(&reference, "__call__", ref_call);
    vm.add_method(&reference, "__hash__", ref_hash);
    vm.add_method(&reference, "__eq__", ref_eq);
    vm.add_method(&reference, "__ne__", ref_ne);
    vm.add_method(&reference, "__repr__", ref_repr);
    vm.add_classmethod(&reference, "__class_getitem__", class_getitem);
    vm.add_getset(&reference, "__callback__", ref_callback, None);
    let proxy = vm.new_native_type("weakref", "ProxyType", None, false, false);
    setup_proxy_type(vm, &proxy, false);
    let callable_proxy = vm.new_native_type("weakref", "CallableProxyType", None, false, false);
    setup_proxy_type(vm, &callable_proxy, true);
    WeakTypes {
        reference,
        proxy,
        callable_proxy,
    }
}

// ----- module functions ---------------------------------------------------------------

fn getweakrefcount(vm: &Vm, args: Args) -> PyResult<Value> {
    let [ob] = args.pos() else {
        return Err(vm.type_error(format!(
            "getweakrefcount() takes exactly one argument ({} given)",
            args.pos().len()
        )));
    };
    Ok(Value::Int(match ob {
        Value::Obj(o) => memory::weak_list(o).len() as i64,
        _ => 0,
    }))
}

fn getweakrefs(vm: &Vm, args: Args) -> PyResult<Value> {
    let [ob] = args.pos() else {
        return Err(vm.type_error(format!(
            "getweakrefs() takes exactly one argument ({} given)",
            args.pos().len()
        )));
    };
    let list = match ob {
        Value::Obj(o) => memory::weak_list(o).into_iter().map(Value::Obj).collect(),
        _ => Vec::new(),
    };
    Ok(vm.new_list(list))
}

fn remove_dead_weakref(vm: &Vm, args: Args) -> PyResult<Value> {
    let [d, key] = args.pos() else {
        return Err(vm.type_error(format!(
            "_remove_dead_weakref expected 2 arguments, got {}",
            args.pos().len()
        )));
    };
    let Value::Obj(dobj) = d else {
        return Err(vm.type_error("_remove_dead_weakref() argument 1 must be dict"));
    };
    if dobj.payload.as_dict().is_none() {
        return Err(vm.type_error(format!(
            "_remove_dead_weakref() argument 1 must be dict, not {}",
            vm.type_name(d)
        )));
    }
    let v = match vm.getitem(d, key) {
        Ok(v) => v,
        Err(e) if vm.exc_matches(&e, &vm.exc.key_error) => return Ok(Value::None),
        Err(e) => return Err(e),
    };
    match weak_data(&v) {
        None => Err(vm.type_error("not a weakref")),
        Some(wd) => {
            if wd.referent.addr() == 0 {
                match vm.delitem(d, key) {
                    Ok(()) => {}
                    Err(e) if vm.exc_matches(&e, &vm.exc.key_error) => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(Value::None)
        }
    }
}

/// Build the `_weakref` module.
pub fn init_module(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_weakref");
    let t = types(vm);
    let d = m
        .dict()
        .ok_or_else(|| vm.runtime_error("module without dict"))?;
    for (name, v) in [
        ("ref", &t.reference),
        ("ReferenceType", &t.reference),
        ("ProxyType", &t.proxy),
        ("CallableProxyType", &t.callable_proxy),
    ] {
        dict::set_str(&d, &vm.intern(name), Value::Obj(v.clone()));
    }
    vm.add_module_fn(&m, "proxy", proxy_fn);
    vm.add_module_fn(&m, "getweakrefcount", getweakrefcount);
    vm.add_module_fn(&m, "getweakrefs", getweakrefs);
    vm.add_module_fn(&m, "_remove_dead_weakref", remove_dead_weakref);
    Ok(m)
}

/// Called by the referent's dealloc hook: clear every weak reference to `obj` and
/// return the (weak reference, callback) pairs to call, in list order.
pub fn clear_weakrefs(obj: &ObjRef) -> Vec<(ObjRef, Value)> {
    let live = memory::weak_take(obj, |wr| {
        if let Some(d) = wr.payload.native::<WeakRefData>() {
            d.referent.clear();
        }
    });
    let mut calls = Vec::new();
    for wr in live {
        if let Some(d) = wr.payload.native::<WeakRefData>() {
            let cb = d.callback.replace(Value::None);
            if !cb.is_none() {
                calls.push((wr.clone(), cb));
            }
        }
    }
    calls
}
