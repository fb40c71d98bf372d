//! Object finalization and the cycle collector.
//!
//! `dealloc_hook` runs when an object's count reaches zero and it has weak references or
//! a `__del__`: the finalizer first (once per object, PEP 442; it may resurrect the
//! object), then the weak references are cleared and their callbacks called, as
//! CPython's `subtype_dealloc` does.

use crate::memory::{self, hdr, ObjRef, PyObject};
use crate::objects::dict;
use crate::objects::typeobj::{lookup, tdata};
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

/// Whether freeing `o` must first run `dealloc_hook`.
#[inline]
pub fn needs_dealloc_hook(o: &PyObject) -> bool {
    let f = o.hdr_flags();
    if f & hdr::WEAKREFS != 0 {
        return true;
    }
    f & hdr::FINALIZED == 0 && tdata(o.class_of()).is_heap() && has_del(o)
}

fn has_del(o: &PyObject) -> bool {
    memory::with_vm(|vm| lookup(o.class_of(), &vm.names.__del__).is_some()).unwrap_or(false)
}

/// Called with the object resurrected (count 1): run `__del__`, then clear weak
/// references and call their callbacks unless `__del__` resurrected it.
pub fn dealloc_hook(obj: &ObjRef) {
    let ran = memory::with_vm(|vm| {
        if !finalize(vm, obj) {
            return;
        }
        let calls = crate::objects::weakref::clear_weakrefs(obj);
        run_callbacks(vm, calls);
    });
    if ran.is_none() {
        // No interpreter to run Python code: clear the weak references silently.
        drop(crate::objects::weakref::clear_weakrefs(obj));
    }
}

/// Run `__del__` once (PEP 442). False when the object was resurrected.
fn finalize(vm: &Vm, obj: &ObjRef) -> bool {
    if obj.hdr_flags() & hdr::FINALIZED != 0 || !tdata(obj.class()).is_heap() {
        return true;
    }
    let Some(del) = lookup(obj.class(), &vm.names.__del__) else {
        return true;
    };
    obj.set_hdr_flag(hdr::FINALIZED);
    let saved = vm.exc_info.get();
    let r = vm.call_unbound(&del, &Value::Obj(obj.clone()), obj.class(), &[]);
    if let Err(e) = r {
        write_unraisable(vm, &e, None, Some(&del));
    }
    vm.exc_info.set(saved);
    obj.refcount() <= 1
}

fn run_callbacks(vm: &Vm, calls: Vec<(ObjRef, Value)>) {
    if calls.is_empty() {
        return;
    }
    let saved = vm.exc_info.get();
    for (wr, cb) in calls {
        if let Err(e) = vm.call(&cb, Args::new(&[Value::Obj(wr)])) {
            write_unraisable(vm, &e, None, Some(&cb));
        }
    }
    vm.exc_info.set(saved);
}

/// Hook for the cycle collector's bookkeeping when an object is freed.
#[inline]
pub fn untrack_on_free(_o: &PyObject) {}

// ----- unraisable exceptions ------------------------------------------------------------

/// Report an exception that cannot be raised (in `__del__`, a weakref callback, ...):
/// through `sys.unraisablehook`, whose default prints
/// "Exception ignored in: <obj repr>" and the traceback to `sys.stderr`.
pub fn write_unraisable(vm: &Vm, e: &ObjRef, msg: Option<&str>, obj: Option<&Value>) {
    let hook = dict::get_str(&vm.sys_dict, &vm.intern("unraisablehook"));
    let default = dict::get_str(&vm.sys_dict, &vm.intern("__unraisablehook__"));
    let is_default = match (&hook, &default) {
        (Some(h), Some(d)) => h.is(d),
        (None, _) => true,
        _ => false,
    };
    if !is_default {
        if let Some(h) = hook {
            let args = unraisable_args(vm, e, msg, obj);
            if let Err(e2) = vm.call(&h, Args::new(&[args])) {
                default_unraisable(
                    vm,
                    &e2,
                    Some("Exception ignored in sys.unraisablehook"),
                    Some(&h),
                );
            }
            return;
        }
    }
    default_unraisable(vm, e, msg, obj);
}

fn unraisable_args(vm: &Vm, e: &ObjRef, msg: Option<&str>, obj: Option<&Value>) -> Value {
    let ns = vm.new_native_object(&unraisable_type(vm), UnraisableArgs);
    if let Some(d) = ns.dict() {
        let set = |k: &str, v: Value| dict::set_str(&d, &vm.intern(k), v);
        set("exc_type", Value::Obj(e.class().clone()));
        set("exc_value", Value::Obj(e.clone()));
        let tb = e
            .payload
            .as_exception()
            .map_or(Value::None, |x| x.traceback.get());
        set("exc_traceback", tb);
        set("err_msg", msg.map_or(Value::None, |m| vm.new_str(m)));
        set("object", obj.cloned().unwrap_or(Value::None));
    }
    Value::Obj(ns)
}

struct UnraisableArgs;
impl crate::object::NativeData for UnraisableArgs {}

thread_local! {
    static UNRAISABLE_TYPE: std::cell::RefCell<Option<ObjRef>> = const { std::cell::RefCell::new(None) };
}

fn unraisable_type(vm: &Vm) -> ObjRef {
    if let Some(t) = UNRAISABLE_TYPE.with(|t| t.borrow().clone()) {
        return t;
    }
    let t = vm.new_native_type("builtins", "UnraisableHookArgs", None, false, true);
    UNRAISABLE_TYPE.with(|c| *c.borrow_mut() = Some(t.clone()));
    t
}

fn write_stderr(vm: &Vm, text: &str) {
    use std::io::Write;
    if let Some(err) = dict::get_str(&vm.sys_dict, &vm.intern("stderr")) {
        if !err.is_none() && vm.call_method(&err, "write", &[vm.new_str(text)]).is_ok() {
            let _ = vm.call_method(&err, "flush", &[]);
            return;
        }
    }
    let _ = std::io::stderr().write_all(text.as_bytes());
}

fn default_unraisable(vm: &Vm, e: &ObjRef, msg: Option<&str>, obj: Option<&Value>) {
    let _ = std::io::Write::flush(&mut std::io::stdout());
    let mut out = String::new();
    let msg = msg.unwrap_or("Exception ignored in");
    match obj {
        Some(o) => {
            let r = vm
                .repr_string(o)
                .unwrap_or_else(|_| "<object repr() failed>".to_string());
            out.push_str(&format!("{msg}: {r}\n"));
        }
        None => {
            out.push_str(msg);
            out.push('\n');
        }
    }
    out.push_str(&crate::traceback::format_exception(vm, e));
    write_stderr(vm, &out);
}

fn sys_unraisablehook(vm: &Vm, args: Args) -> PyResult<Value> {
    let Some(a) = args.pos().first() else {
        return Err(vm.type_error("unraisablehook expected 1 argument"));
    };
    let get = |k: &str| {
        vm.get_attr_opt(a, &vm.intern(k))
            .ok()
            .flatten()
            .unwrap_or(Value::None)
    };
    let exc = get("exc_value");
    let msg = get("err_msg");
    let obj = get("object");
    let msg = match &msg {
        Value::Obj(s) if s.payload.as_str().is_some() => Some(crate::objects::str::as_rust_str(s)),
        _ => None,
    };
    let obj = if obj.is_none() { None } else { Some(obj) };
    if let Value::Obj(e) = exc {
        if e.payload.as_exception().is_some() {
            default_unraisable(vm, &e, msg.as_deref(), obj.as_ref());
        }
    }
    Ok(Value::None)
}

/// Register the `_weakref` and `gc` modules and `sys.unraisablehook`.
pub fn init(vm: &Vm) {
    vm.register_native_module("_weakref", crate::objects::weakref::init_module);
    let hook = vm.new_builtin("unraisablehook", sys_unraisablehook, Value::Null);
    dict::set_str(&vm.sys_dict, &vm.intern("unraisablehook"), hook.clone());
    dict::set_str(&vm.sys_dict, &vm.intern("__unraisablehook__"), hook);
}
