//! Slot wrappers: `wrapper_descriptor` (`int.__add__`, "<slot wrapper '__add__' of 'int'
//! objects>") and `method-wrapper` (`(1).__add__`, one bound to an object), CPython's
//! descriptors for the dunder methods that fill a built-in type's slots.
//!
//! A slot wrapper is a `Payload::MethodDescr` whose class is `wrapper_descriptor`, so
//! every fast path that calls native methods treats it as it treats a method descriptor;
//! only the class, the repr, the wrong-`self` message and the bound form differ. A
//! method-wrapper is a `Payload::Builtin` (bound `self`) whose class is `method-wrapper`.

use crate::memory::ObjRef;
use crate::object::{BuiltinData, MethodDescrData, NativeFn, Payload};
use crate::objects::typeobj::tdata;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

/// The dunder names CPython's type slots expose as slot wrappers, each with its text
/// signature and docstring (None for `__del__`, which has neither).
const SLOTS: &[(&str, Option<(&str, &str)>)] = &[
    ("__getattribute__", Some(("($self, name, /)", "Return getattr(self, name)."))),
    ("__setattr__", Some(("($self, name, value, /)", "Implement setattr(self, name, value)."))),
    ("__delattr__", Some(("($self, name, /)", "Implement delattr(self, name)."))),
    ("__repr__", Some(("($self, /)", "Return repr(self)."))),
    ("__hash__", Some(("($self, /)", "Return hash(self)."))),
    ("__call__", Some(("($self, /, *args, **kwargs)", "Call self as a function."))),
    ("__str__", Some(("($self, /)", "Return str(self)."))),
    ("__lt__", Some(("($self, value, /)", "Return self<value."))),
    ("__le__", Some(("($self, value, /)", "Return self<=value."))),
    ("__eq__", Some(("($self, value, /)", "Return self==value."))),
    ("__ne__", Some(("($self, value, /)", "Return self!=value."))),
    ("__gt__", Some(("($self, value, /)", "Return self>value."))),
    ("__ge__", Some(("($self, value, /)", "Return self>=value."))),
    ("__iter__", Some(("($self, /)", "Implement iter(self)."))),
    ("__next__", Some(("($self, /)", "Implement next(self)."))),
    ("__get__", Some(("($self, instance, owner=None, /)", "Return an attribute of instance, which is of type owner."))),
    ("__set__", Some(("($self, instance, value, /)", "Set an attribute of instance to value."))),
    ("__delete__", Some(("($self, instance, /)", "Delete an attribute of instance."))),
    ("__init__", Some(("($self, /, *args, **kwargs)", "Initialize self.  See help(type(self)) for accurate signature."))),
    ("__del__", None),
    ("__await__", Some(("($self, /)", "Return an iterator to be used in await expression."))),
    ("__aiter__", Some(("($self, /)", "Return an awaitable, that resolves in asynchronous iterator."))),
    ("__anext__", Some(("($self, /)", "Return a value or raise StopAsyncIteration."))),
    ("__add__", Some(("($self, value, /)", "Return self+value."))),
    ("__radd__", Some(("($self, value, /)", "Return value+self."))),
    ("__sub__", Some(("($self, value, /)", "Return self-value."))),
    ("__rsub__", Some(("($self, value, /)", "Return value-self."))),
    ("__mul__", Some(("($self, value, /)", "Return self*value."))),
    ("__rmul__", Some(("($self, value, /)", "Return value*self."))),
    ("__mod__", Some(("($self, value, /)", "Return self%value."))),
    ("__rmod__", Some(("($self, value, /)", "Return value%self."))),
    ("__divmod__", Some(("($self, value, /)", "Return divmod(self, value)."))),
    ("__rdivmod__", Some(("($self, value, /)", "Return divmod(value, self)."))),
    ("__pow__", Some(("($self, value, mod=None, /)", "Return pow(self, value, mod)."))),
    ("__rpow__", Some(("($self, value, mod=None, /)", "Return pow(value, self, mod)."))),
    ("__neg__", Some(("($self, /)", "-self"))),
    ("__pos__", Some(("($self, /)", "+self"))),
    ("__abs__", Some(("($self, /)", "abs(self)"))),
    ("__bool__", Some(("($self, /)", "True if self else False"))),
    ("__invert__", Some(("($self, /)", "~self"))),
    ("__lshift__", Some(("($self, value, /)", "Return self<<value."))),
    ("__rlshift__", Some(("($self, value, /)", "Return value<<self."))),
    ("__rshift__", Some(("($self, value, /)", "Return self>>value."))),
    ("__rrshift__", Some(("($self, value, /)", "Return value>>self."))),
    ("__and__", Some(("($self, value, /)", "Return self&value."))),
    ("__rand__", Some(("($self, value, /)", "Return value&self."))),
    ("__xor__", Some(("($self, value, /)", "Return self^value."))),
    ("__rxor__", Some(("($self, value, /)", "Return value^self."))),
    ("__or__", Some(("($self, value, /)", "Return self|value."))),
    ("__ror__", Some(("($self, value, /)", "Return value|self."))),
    ("__int__", Some(("($self, /)", "int(self)"))),
    ("__float__", Some(("($self, /)", "float(self)"))),
    ("__iadd__", Some(("($self, value, /)", "Implement self+=value."))),
    ("__isub__", Some(("($self, value, /)", "Return self-=value."))),
    ("__imul__", Some(("($self, value, /)", "Implement self*=value."))),
    ("__imod__", Some(("($self, value, /)", "Return self%=value."))),
    ("__ipow__", Some(("($self, value, /)", "Return self**=value."))),
    ("__ilshift__", Some(("($self, value, /)", "Return self<<=value."))),
    ("__irshift__", Some(("($self, value, /)", "Return self>>=value."))),
    ("__iand__", Some(("($self, value, /)", "Return self&=value."))),
    ("__ixor__", Some(("($self, value, /)", "Return self^=value."))),
    ("__ior__", Some(("($self, value, /)", "Return self|=value."))),
    ("__floordiv__", Some(("($self, value, /)", "Return self//value."))),
    ("__rfloordiv__", Some(("($self, value, /)", "Return value//self."))),
    ("__truediv__", Some(("($self, value, /)", "Return self/value."))),
    ("__rtruediv__", Some(("($self, value, /)", "Return value/self."))),
    ("__ifloordiv__", Some(("($self, value, /)", "Return self//=value."))),
    ("__itruediv__", Some(("($self, value, /)", "Return self/=value."))),
    ("__index__", Some(("($self, /)", "Return self converted to an integer, if self is suitable for use as an index into a list."))),
    ("__matmul__", Some(("($self, value, /)", "Return self@value."))),
    ("__rmatmul__", Some(("($self, value, /)", "Return value@self."))),
    ("__imatmul__", Some(("($self, value, /)", "Return self@=value."))),
    ("__len__", Some(("($self, /)", "Return len(self)."))),
    ("__getitem__", Some(("($self, key, /)", "Return self[key]."))),
    ("__setitem__", Some(("($self, key, value, /)", "Set self[key] to value."))),
    ("__delitem__", Some(("($self, key, /)", "Delete self[key]."))),
    ("__contains__", Some(("($self, key, /)", "Return key in self."))),
];

/// The slot table's entry for `name`, if a type slot exposes it.
fn slot_entry(name: &str) -> Option<&'static Option<(&'static str, &'static str)>> {
    if !(name.starts_with("__") && name.ends_with("__")) {
        return None;
    }
    SLOTS.iter().find(|(n, _)| *n == name).map(|(_, e)| e)
}

/// Whether a native method `name` of `ty` is a slot wrapper in CPython: a slot's dunder,
/// unless the type defines it as an ordinary method (`list.__getitem__`,
/// `dict.__contains__`, which also serve as fast method calls in CPython).
pub fn is_slot_wrapper(vm: &Vm, ty: &ObjRef, name: &str) -> bool {
    if slot_entry(name).is_none() {
        return false;
    }
    let t = &vm.types;
    let explicit = match name {
        "__getitem__" => ty.is(&t.list) || ty.is(&t.dict),
        "__contains__" => ty.is(&t.dict) || ty.is(&t.set) || ty.is(&t.frozenset),
        _ => false,
    };
    !explicit
}

/// Whether `o` (a `Payload::MethodDescr`) is a slot wrapper.
#[inline]
pub fn is_wrapper_descr(vm: &Vm, o: &ObjRef) -> bool {
    o.class().is(&vm.types.wrapper_descriptor)
}

/// `descr.__get__(inst)` of a slot wrapper: a method-wrapper bound to `inst`.
pub fn bind(vm: &Vm, m: &MethodDescrData, inst: Value) -> Value {
    Value::Obj(ObjRef::new(
        &vm.types.method_wrapper,
        Payload::Builtin(BuiltinData {
            name: m.name,
            func: m.func,
            self_: inst,
            doc: None,
            new_of: None,
        }),
    ))
}

/// The error of calling a slot wrapper with a wrong `self` (or none), as CPython's
/// wrapperdescr_call words it.
#[cold]
pub fn self_error(vm: &Vm, m: &MethodDescrData, got: Option<&Value>) -> ObjRef {
    let owner = tdata(&m.owner).name();
    match got {
        Some(s) => vm.type_error(format!(
            "descriptor '{}' requires a '{}' object but received a '{}'",
            m.name,
            owner,
            vm.type_name(s)
        )),
        None => vm.type_error(format!(
            "descriptor '{}' of '{}' object needs an argument",
            m.name, owner
        )),
    }
}

// ----- wrapper_descriptor ----------------------------------------------------------------

fn descr_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a MethodDescrData> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::MethodDescr(m) => Ok(m),
            _ => Err(vm.type_error("expected a slot wrapper")),
        },
        _ => Err(vm.type_error("expected a slot wrapper")),
    }
}

fn wrapper_descr_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let m = descr_of(vm, &args.args[0])?;
    Ok(vm.new_str(format!(
        "<slot wrapper '{}' of '{}' objects>",
        m.name,
        tdata(&m.owner).name()
    )))
}

fn wrapper_descr_name(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(vm.new_str(descr_of(vm, v)?.name))
}

fn wrapper_descr_qualname(vm: &Vm, v: &Value) -> PyResult<Value> {
    let m = descr_of(vm, v)?;
    Ok(vm.new_str(format!("{}.{}", tdata(&m.owner).qualname.borrow(), m.name)))
}

fn wrapper_descr_objclass(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Obj(descr_of(vm, v)?.owner.clone()))
}

fn slot_doc(vm: &Vm, name: &str) -> Value {
    match slot_entry(name) {
        Some(Some((_, doc))) => vm.new_str(*doc),
        _ => Value::None,
    }
}

fn slot_text_signature(vm: &Vm, name: &str) -> Value {
    match slot_entry(name) {
        Some(Some((sig, _))) => vm.new_str(*sig),
        _ => Value::None,
    }
}

fn wrapper_descr_doc(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(slot_doc(vm, descr_of(vm, v)?.name))
}

fn wrapper_descr_text_signature(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(slot_text_signature(vm, descr_of(vm, v)?.name))
}

/// `descr.__reduce__()`: `getattr(objclass, name)`, as CPython's descr_reduce.
fn wrapper_descr_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let m = descr_of(vm, &args.args[0])?;
    getattr_reduce(vm, Value::Obj(m.owner.clone()), m.name)
}

fn getattr_reduce(vm: &Vm, target: Value, name: &str) -> PyResult<Value> {
    let getattr = vm.get_attr_str(&Value::Obj(vm.builtins.clone()), "getattr")?;
    Ok(vm.new_tuple(vec![getattr, vm.new_tuple(vec![target, vm.new_str(name)])]))
}

// ----- method-wrapper ----------------------------------------------------------------------

fn wrapper_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a BuiltinData> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Builtin(b) => Ok(b),
            _ => Err(vm.type_error("expected a method-wrapper")),
        },
        _ => Err(vm.type_error("expected a method-wrapper")),
    }
}

/// The class whose slot wrapper `b` was bound from: the first class of `type(self)`'s
/// MRO holding a slot wrapper of that name and function.
fn wrapper_owner(vm: &Vm, b: &BuiltinData) -> ObjRef {
    let ty = vm.type_of(&b.self_).clone();
    let name = vm.intern(b.name);
    let mro = tdata(&ty).mro.borrow().clone();
    for cls in &mro {
        if let Some(Value::Obj(d)) = crate::objects::dict::get_str_in(&tdata(cls).dict, &name) {
            if let Payload::MethodDescr(m) = &d.payload {
                if m.func as usize == b.func as usize {
                    return m.owner.clone();
                }
            }
        }
    }
    ty
}

fn method_wrapper_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = wrapper_of(vm, &args.args[0])?;
    Ok(vm.new_str(format!(
        "<method-wrapper '{}' of {} object at {:#x}>",
        b.name,
        vm.type_name(&b.self_),
        b.self_.id()
    )))
}

fn method_wrapper_name(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(vm.new_str(wrapper_of(vm, v)?.name))
}

fn method_wrapper_qualname(vm: &Vm, v: &Value) -> PyResult<Value> {
    let b = wrapper_of(vm, v)?;
    let owner = wrapper_owner(vm, b);
    let q = tdata(&owner).qualname.borrow().clone();
    Ok(vm.new_str(format!("{q}.{}", b.name)))
}

fn method_wrapper_self(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(wrapper_of(vm, v)?.self_.clone())
}

fn method_wrapper_objclass(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Obj(wrapper_owner(vm, wrapper_of(vm, v)?)))
}

fn method_wrapper_doc(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(slot_doc(vm, wrapper_of(vm, v)?.name))
}

fn method_wrapper_text_signature(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(slot_text_signature(vm, wrapper_of(vm, v)?.name))
}

/// `mw.__reduce__()`: `getattr(self, name)`, as CPython's wrapper_reduce.
fn method_wrapper_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = wrapper_of(vm, &args.args[0])?;
    getattr_reduce(vm, b.self_.clone(), b.name)
}

/// Give `wrapper_descriptor` and `method-wrapper` their methods and attributes.
pub fn init(vm: &Vm, call_self: NativeFn, descr_get: NativeFn) {
    let t = &vm.types;
    let wd = &t.wrapper_descriptor;
    vm.add_method(wd, "__repr__", wrapper_descr_repr);
    vm.add_method(wd, "__get__", descr_get);
    vm.add_method(wd, "__call__", call_self);
    vm.add_method(wd, "__reduce__", wrapper_descr_reduce);
    vm.add_getset(wd, "__name__", wrapper_descr_name, None);
    vm.add_getset(wd, "__qualname__", wrapper_descr_qualname, None);
    vm.add_getset(wd, "__objclass__", wrapper_descr_objclass, None);
    vm.add_getset(wd, "__doc__", wrapper_descr_doc, None);
    vm.add_getset(wd, "__text_signature__", wrapper_descr_text_signature, None);
    let mw = &t.method_wrapper;
    vm.add_method(mw, "__repr__", method_wrapper_repr);
    vm.add_method(mw, "__call__", call_self);
    vm.add_method(mw, "__reduce__", method_wrapper_reduce);
    vm.add_getset(mw, "__name__", method_wrapper_name, None);
    vm.add_getset(mw, "__qualname__", method_wrapper_qualname, None);
    vm.add_getset(mw, "__self__", method_wrapper_self, None);
    vm.add_getset(mw, "__objclass__", method_wrapper_objclass, None);
    vm.add_getset(mw, "__doc__", method_wrapper_doc, None);
    vm.add_getset(
        mw,
        "__text_signature__",
        method_wrapper_text_signature,
        None,
    );
}
