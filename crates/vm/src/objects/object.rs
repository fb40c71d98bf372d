//! The object and type types: instance creation, class creation (`type.__new__`), the
//! default dunders, and the native dispatch of the protocols for built-in payloads.

use std::cell::{Cell, RefCell};

use pyrs_compiler::bytecode::{BinaryOpArg, CompareOpArg, Opcode};

use crate::memory::ObjRef;
use crate::object::{NativeFn, Payload};
use crate::objects::dict::{self, DictTable};
use crate::objects::typeobj::{self, flags, lookup, tdata, Layout, TypeData};
use crate::objects::{float, int, seq, set as pyset, str as pystr};
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

// ----- instance and class creation ---------------------------------------------------

/// `cls(*args, **kwargs)`
pub fn type_call(vm: &Vm, cls: &ObjRef, args: Args) -> PyResult<Value> {
    let meta = cls.class();
    if !meta.is(&vm.types.type_) && tdata(meta).is_heap() {
        if let Some(c) = lookup(meta, &vm.names.__call__) {
            let is_native =
                matches!(&c, Value::Obj(o) if matches!(o.payload, Payload::MethodDescr(_)));
            if !is_native {
                let mut v = Vec::with_capacity(args.args.len() + 1);
                v.push(Value::Obj(cls.clone()));
                v.extend_from_slice(args.args);
                return vm.call(&c, Args::with_kw(&v, args.kwnames));
            }
        }
    }
    type_call_default(vm, cls, args)
}

fn type_call_default(vm: &Vm, cls: &ObjRef, args: Args) -> PyResult<Value> {
    if cls.is(&vm.types.type_) && !args.has_kw() {
        match args.args {
            [a] => return Ok(Value::Obj(vm.type_of(a).clone())),
            // `type(name, bases, ns)` (every class statement without a metaclass):
            // type.__new__ directly; type.__init__ has nothing to do when the class it
            // made is a plain `type` instance.
            [a, b, c] => {
                let argv = [Value::Obj(cls.clone()), a.clone(), b.clone(), c.clone()];
                let obj = type_new(vm, Args::new(&argv))?;
                if vm.type_of(&obj).is(cls) {
                    return Ok(obj);
                }
                return init_new_object(vm, cls, obj, args, false);
            }
            _ => {}
        }
    }
    if cls.is(&vm.types.str_) && args.args.len() == 1 && args.kwnames.is_empty() {
        // `str(x)`: str.__new__ is `x.__str__()`, and object.__init__ accepts the
        // argument (str overrides __new__); only a str subclass result is initialised.
        let r = vm.str(&args.args[0])?;
        if r.class().is(&vm.types.str_) {
            return Ok(Value::Obj(r));
        }
        return init_new_object(vm, cls, Value::Obj(r), args, false);
    }
    if let ([x], true) = (args.args, args.kwnames.is_empty()) {
        if let Some(r) = builtin_container_from(vm, cls, x) {
            return r;
        }
    }
    let new = match lookup(cls, &vm.names.__new__) {
        Some(n) => n,
        None => {
            return Err(vm.type_error(format!("cannot create '{}' instances", tdata(cls).name())))
        }
    };
    // `(cls, *args)`: on the stack for the usual few arguments.
    let mut small: [Value; 4] = Default::default();
    let mut big: Vec<Value>;
    let v: &[Value] = if args.args.len() < small.len() {
        small[0] = Value::Obj(cls.clone());
        small[1..=args.args.len()].clone_from_slice(args.args);
        &small[..=args.args.len()]
    } else {
        big = Vec::with_capacity(args.args.len() + 1);
        big.push(Value::Obj(cls.clone()));
        big.extend_from_slice(args.args);
        &big
    };
    let new_is_object =
        matches!((&new, &vm.object_new.get()), (Value::Obj(a), Value::Obj(b)) if a.is(b));
    // CPython's slot_tp_new: `getattr(cls, '__new__')`, so a classmethod binds to the
    // class (a function or built-in stays as it is).
    let new = match &new {
        Value::Obj(o) => match &o.payload {
            Payload::StaticMethod(f) => f.get(),
            Payload::Function(_) | Payload::Builtin(_) => new.clone(),
            _ => vm.descr_get(&new, None, cls)?,
        },
        _ => new,
    };
    let obj = vm.call(&new, Args::with_kw(v, args.kwnames))?;
    init_new_object(vm, cls, obj, args, new_is_object)
}

/// `list(x)`, `tuple(x)` and `set(x)` for exactly those classes, built straight from the
/// iterable: what their `__new__` and `__init__` do together, without looking either up
/// or calling them (None: another class).
fn builtin_container_from(vm: &Vm, cls: &ObjRef, x: &Value) -> Option<PyResult<Value>> {
    if cls.is(&vm.types.list) {
        return Some(vm.collect(x).map(|items| vm.new_list(items)));
    }
    if cls.is(&vm.types.tuple) {
        if let Value::Obj(o) = x {
            if o.class().is(&vm.types.tuple) {
                return Some(Ok(x.clone()));
            }
        }
        return Some(vm.collect(x).map(|items| vm.new_tuple(items)));
    }
    if cls.is(&vm.types.set) {
        let s = ObjRef::new(
            &vm.types.set,
            Payload::Set(std::cell::RefCell::new(Default::default())),
        );
        if let Payload::Set(t) = &s.payload {
            if let Err(e) = crate::objects::set::update_from(vm, t, x) {
                return Some(Err(e));
            }
        }
        return Some(Ok(Value::Obj(s)));
    }
    None
}

/// The second half of `type.__call__`: `obj` came from `cls.__new__` (`new_is_object`
/// when that was object's); an instance of `cls` is initialised by its type's
/// `__init__` with the call's arguments.
fn init_new_object(
    vm: &Vm,
    cls: &ObjRef,
    obj: Value,
    args: Args,
    new_is_object: bool,
) -> PyResult<Value> {
    if !vm.isinstance(&obj, cls) {
        return Ok(obj);
    }
    let ty = vm.type_of(&obj).clone();
    if let Some(init) = lookup(&ty, &vm.names.__init__) {
        if let Value::Obj(io) = &init {
            if let Value::Obj(oi) = &vm.object_init.get() {
                // object.__init__ complains about arguments only when __new__ is
                // object's too (CPython's object_init): nothing to call otherwise.
                if io.is(oi) && (args.args.is_empty() || (ty.is(cls) && !new_is_object)) {
                    return Ok(obj);
                }
            }
        }
        let r = match &init {
            Value::Obj(io)
                if matches!(io.payload, Payload::Function(_) | Payload::MethodDescr(_)) =>
            {
                // `(obj, *args)`: on the stack for the usual few arguments.
                let mut small: [Value; 4] = Default::default();
                let mut big: Vec<Value>;
                let v: &[Value] = if args.args.len() < small.len() {
                    small[0] = obj.clone();
                    small[1..=args.args.len()].clone_from_slice(args.args);
                    &small[..=args.args.len()]
                } else {
                    big = Vec::with_capacity(args.args.len() + 1);
                    big.push(obj.clone());
                    big.extend_from_slice(args.args);
                    &big
                };
                vm.call(&init, Args::with_kw(v, args.kwnames))?
            }
            _ => {
                let bound = vm.descr_get(&init, Some(&obj), &ty)?;
                vm.call(&bound, args)?
            }
        };
        if !r.is_none() {
            return Err(vm.type_error(format!(
                "__init__() should return None, not '{}'",
                vm.type_name(&r)
            )));
        }
    }
    Ok(obj)
}

fn type_call_m(vm: &Vm, args: Args) -> PyResult<Value> {
    match args.args.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => {
            type_call_default(vm, c, Args::with_kw(&args.args[1..], args.kwnames))
        }
        _ => Err(vm.type_error("descriptor '__call__' requires a 'type' object")),
    }
}

/// Allocate a plain instance of `cls` (object.__new__).
pub fn new_instance(vm: &Vm, cls: &ObjRef) -> ObjRef {
    let nslots = tdata(cls).nslots.get();
    let payload = if nslots > 0 {
        Payload::Slots(
            (0..nslots)
                .map(|_| crate::memory::ValueCell::new(Value::Null))
                .collect(),
        )
    } else {
        Payload::Object
    };
    let td = tdata(cls);
    // (Only under an entered VM, which making the dict later needs.)
    if nslots == 0 && td.has_flag(flags::HAS_DICT) && crate::memory::with_vm(|_| ()).is_some() {
        // The attributes live in the instance, one cell per position of the class's
        // shared keys (as many as it has now, at least the cells the object holds
        // anyway); a dict object is made from them when something asks for `__dict__`.
        let keys = td.shared_keys.get_or_init(dict::SharedKeys::new);
        let known = match keys.len() {
            0 => expected_attributes(vm, cls),
            n => n,
        };
        let n = known.max(crate::object::SLOTS_INLINE);
        let cells = (0..n)
            .map(|_| crate::memory::ValueCell::new(Value::Null))
            .collect();
        let o = ObjRef::new(cls, Payload::Slots(cells));
        o.set_hdr_flag(crate::memory::hdr::INLINE_VALUES);
        return o;
    }
    let o = ObjRef::new(cls, payload);
    if td.has_flag(flags::HAS_DICT) {
        // The instance dict starts split over the class's shared keys (PEP 412).
        let keys = td.shared_keys.get_or_init(dict::SharedKeys::new).clone();
        let d = ObjRef::new(
            &vm.types.dict,
            Payload::Dict(RefCell::new(DictTable::new_split(keys))),
        );
        o.set_dict(Some(d));
    }
    o
}

/// Most attributes an instance of `cls` gets before its class's shared keys know them
/// (the first instances): the distinct names `__init__` methods along the MRO store as
/// `self.name = ...`, at most `MAX_EXPECTED_ATTRS`. Counted once per class.
fn expected_attributes(vm: &Vm, cls: &ObjRef) -> usize {
    let td = tdata(cls);
    if let Some(n) = td.expected_attrs.get().checked_sub(1) {
        return n as usize;
    }
    let mut names: Vec<&str> = Vec::new();
    let mro = td.mro.borrow().clone();
    let mut codes = Vec::new();
    for c in &mro {
        let init = dict::get_str_in(&tdata(c).dict, &vm.names.__init__);
        if let Some(Value::Obj(init)) = init {
            if let Payload::Function(f) = &init.payload {
                codes.push(f.code.get());
            }
        }
    }
    for code in &codes {
        let Payload::Code(cd) = &code.payload else {
            continue;
        };
        let co = &cd.code;
        if co.argcount == 0 {
            continue;
        }
        for pair in co.instructions.windows(2) {
            let (load, store) = (pair[0], pair[1]);
            let stores_to_self = load.op_byte() == Opcode::LoadFast as u8
                && load.arg() == 0
                && store.op_byte() == Opcode::StoreAttr as u8;
            if let (true, Some(name)) = (stores_to_self, co.names.get(store.arg() as usize)) {
                if !names.contains(&&**name) {
                    names.push(name);
                }
            }
        }
    }
    let n = names.len().min(MAX_EXPECTED_ATTRS);
    td.expected_attrs.set(n as u32 + 1);
    n
}

/// The most inline attribute cells a first instance is given from `expected_attributes`
/// (CPython 3.11 shares at most 30 keys between instances).
const MAX_EXPECTED_ATTRS: usize = 30;

/// The instance dict of an object whose attributes are inline (see
/// `memory::hdr::INLINE_VALUES`): a split table over its class's shared keys, the values
/// moved out of the object's cells. None when it cannot be made (no VM entered).
pub fn make_inline_dict(o: &ObjRef) -> Option<ObjRef> {
    let keys = tdata(o.class()).shared_keys.get()?.clone();
    let Payload::Slots(cells) = &o.payload else {
        return None;
    };
    let dict_type = crate::memory::with_vm(|vm| vm.types.dict.clone())?;
    let values: Vec<Value> = cells.iter().map(|c| c.replace(Value::Null)).collect();
    let table = DictTable::from_split_values(keys, values);
    Some(ObjRef::new(&dict_type, Payload::Dict(RefCell::new(table))))
}

/// The inline attribute at shared position `ix` when that position is `name` (the eval
/// loop's cached attribute loads).
#[inline(always)]
pub fn inline_value_at(o: &ObjRef, ix: usize, name: &ObjRef) -> Option<Value> {
    let Payload::Slots(cells) = &o.payload else {
        return None;
    };
    let cell = cells.get(ix)?;
    if cell.is_null() || !tdata(o.class()).shared_keys.get()?.key_is(ix, name) {
        return None;
    }
    Some(cell.get())
}

/// The inline attribute at shared position `ix` of an object with inline values, when
/// set (the caller knows the position names the attribute it wants).
#[inline(always)]
pub fn inline_value_at_position(o: &ObjRef, ix: usize) -> Option<Value> {
    let Payload::Slots(cells) = &o.payload else {
        return None;
    };
    let v = cells.get(ix)?.get();
    (!v.is_null()).then_some(v)
}

/// Replace the set inline attribute at shared position `ix` of an object with inline
/// values, giving back the old value (to be dropped by the caller, outside any borrow);
/// gives `value` back when that position is unset or out of range.
#[inline(always)]
pub fn replace_inline_value(o: &ObjRef, ix: usize, value: Value) -> Result<Value, Value> {
    let Payload::Slots(cells) = &o.payload else {
        return Err(value);
    };
    match cells.get(ix) {
        Some(cell) if !cell.is_null() => Ok(cell.replace(value)),
        _ => Err(value),
    }
}

/// The shared position of the inline attribute `name`, when the object has it.
pub fn inline_position(o: &ObjRef, name: &ObjRef) -> Option<usize> {
    let Payload::Slots(cells) = &o.payload else {
        return None;
    };
    let ix = tdata(o.class()).shared_keys.get()?.position(name)?;
    if cells.get(ix)?.is_null() {
        return None;
    }
    Some(ix)
}

/// Store the inline attribute `name` (`hint`: its position as last cached), returning its
/// position; gives the value back when it cannot stay inline (a new key out of insertion
/// order, no cell for its position, not an exact str): the caller then stores through
/// the dict, which `dict()` makes.
pub fn inline_store(o: &ObjRef, hint: usize, name: &ObjRef, value: Value) -> Result<usize, Value> {
    let Payload::Slots(cells) = &o.payload else {
        return Err(value);
    };
    let Some(keys) = tdata(o.class()).shared_keys.get() else {
        return Err(value);
    };
    let ix = if keys.key_is(hint, name) {
        hint
    } else {
        match keys.position_or_add(name) {
            Some(ix) => ix,
            None => return Err(value),
        }
    };
    let Some(cell) = cells.get(ix) else {
        return Err(value);
    };
    if cell.is_null() && cells[ix + 1..].iter().any(|c| !c.is_null()) {
        // A new key must come after the present ones.
        return Err(value);
    }
    cell.set(value);
    Ok(ix)
}

/// Store a new inline attribute at shared position `ix` (the caller knows that position
/// names it: a cached store for instances of the class's current version); gives the
/// value back when it cannot stay inline (no cell for it, or a later key already set,
/// which would put the new key out of insertion order).
#[inline]
pub fn inline_store_new_at(o: &ObjRef, ix: usize, value: Value) -> Result<(), Value> {
    let Payload::Slots(cells) = &o.payload else {
        return Err(value);
    };
    match cells.get(ix..).and_then(|c| c.split_first()) {
        Some((cell, later)) if later.iter().all(|c| c.is_null()) => {
            let old = cell.replace(value);
            // Null unless the caller's cell was set meanwhile; dropped outside the cell.
            drop(old);
            Ok(())
        }
        _ => Err(value),
    }
}

fn is_object_slot(cls: &ObjRef, name: &ObjRef, object_fn: &Value) -> bool {
    matches!((lookup(cls, name), object_fn), (Some(Value::Obj(a)), Value::Obj(b)) if a.is(b))
}

fn object_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = match args.pos().first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => c.clone(),
        Some(v) => {
            return Err(vm.type_error(format!(
                "object.__new__(X): X is not a type object ({})",
                vm.type_name(v)
            )))
        }
        None => return Err(vm.type_error("object.__new__(): not enough arguments")),
    };
    if args.args.len() > 1 {
        let new_is_object = is_object_slot(&cls, &vm.names.__new__, &vm.object_new.get());
        let init_is_object = is_object_slot(&cls, &vm.names.__init__, &vm.object_init.get());
        if !new_is_object {
            return Err(vm.type_error(
                "object.__new__() takes exactly one argument (the type to instantiate)",
            ));
        }
        if init_is_object {
            return Err(vm.type_error(format!("{}() takes no arguments", tdata(&cls).name())));
        }
    }
    if tdata(&cls).layout != Layout::Object {
        return Err(vm.type_error(format!(
            "object.__new__({}) is not safe, use {}.__new__()",
            tdata(&cls).name(),
            tdata(&cls).name()
        )));
    }
    if tdata(&cls).has_flag(flags::ABSTRACT) {
        let abs = lookup(&cls, &vm.names.__abstractmethods__).unwrap_or(Value::None);
        let mut names: Vec<String> = vm
            .collect(&abs)
            .unwrap_or_default()
            .iter()
            .map(|n| vm.str_string(n).unwrap_or_default())
            .collect();
        names.sort();
        return Err(vm.type_error(format!(
            "Can't instantiate abstract class {} with abstract method{} {}",
            tdata(&cls).name(),
            if names.len() == 1 { "" } else { "s" },
            names.join(", ")
        )));
    }
    if !tdata(&cls).is_heap() && !cls.is(&vm.types.object) {
        return Err(vm.type_error(format!("cannot create '{}' instances", tdata(&cls).name())));
    }
    Ok(Value::Obj(new_instance(vm, &cls)))
}

fn object_init(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.args.len() > 1 {
        let this = &args.args[0];
        let cls = vm.type_of(this).clone();
        let init_is_object = is_object_slot(&cls, &vm.names.__init__, &vm.object_init.get());
        let new_is_object = is_object_slot(&cls, &vm.names.__new__, &vm.object_new.get());
        if !init_is_object {
            return Err(vm.type_error(
                "object.__init__() takes exactly one argument (the instance to initialize)",
            ));
        }
        if new_is_object {
            return Err(vm.type_error(format!(
                "{}.__init__() takes exactly one argument (the instance to initialize)",
                tdata(&cls).name()
            )));
        }
    }
    Ok(Value::None)
}

pub fn type_module_name(vm: &Vm, ty: &ObjRef) -> Option<String> {
    // Heap types always have `__module__`; static types of native modules set it.
    match dict::get_str_in(&tdata(ty).dict, &vm.names.__module__) {
        Some(Value::Obj(m)) if m.payload.as_str().is_some() => Some(pystr::as_rust_str(&m)),
        _ => None,
    }
}

fn object_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let ty = vm.type_of(this);
    let qual = tdata(ty).qualname.borrow().clone();
    let name = match type_module_name(vm, ty) {
        Some(m) if m != "builtins" => format!("{m}.{qual}"),
        _ => qual,
    };
    Ok(vm.new_str(format!("<{name} object at {:#x}>", this.id())))
}

fn object_str(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Obj(vm.repr(&args.args[0])?))
}

fn object_eq(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.args.len() != 2 {
        return Err(vm.type_error("expected 1 argument"));
    }
    if args.args[0].is(&args.args[1]) {
        return Ok(Value::Bool(true));
    }
    Ok(vm.not_implemented())
}

fn object_ne(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.args.len() != 2 {
        return Err(vm.type_error("expected 1 argument"));
    }
    let (a, b) = (&args.args[0], &args.args[1]);
    let r = match vm.call_special(a, &vm.names.__eq__, std::slice::from_ref(b))? {
        Some(r) => r,
        None => vm.not_implemented(),
    };
    if vm.is_not_implemented(&r) {
        return Ok(r);
    }
    Ok(Value::Bool(!vm.is_true(&r)?))
}

fn object_cmp_ni(vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.not_implemented())
}

fn object_hash(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(vm.hash(&args.args[0])?))
}

pub fn pointer_hash(v: &Value) -> i64 {
    let id = v.id() as u64;
    let h = id.rotate_right(4) as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `object`'s `__getattribute__`, `__setattr__` and `__delattr__` functions, for built-in
/// types that list the generic ones in their own `__dict__` (BaseException).
pub fn generic_attr_fns() -> (NativeFn, NativeFn, NativeFn) {
    (object_getattribute, object_setattr, object_delattr)
}

fn object_getattribute(vm: &Vm, args: Args) -> PyResult<Value> {
    let name = attr_name(vm, args.args.get(1))?;
    vm.generic_getattr(&args.args[0], &name)
}

fn object_setattr(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.args.len() != 3 {
        return Err(vm.type_error("expected 2 arguments"));
    }
    let name = attr_name(vm, args.args.get(1))?;
    vm.generic_setattr(&args.args[0], &name, Some(args.args[2].clone()))?;
    Ok(Value::None)
}

fn object_delattr(vm: &Vm, args: Args) -> PyResult<Value> {
    let name = attr_name(vm, args.args.get(1))?;
    vm.generic_setattr(&args.args[0], &name, None)?;
    Ok(Value::None)
}

pub fn attr_name(vm: &Vm, v: Option<&Value>) -> PyResult<ObjRef> {
    match v {
        Some(Value::Obj(o)) if o.payload.as_str().is_some() => Ok(vm.intern_obj(o)),
        Some(v) => Err(vm.type_error(format!(
            "attribute name must be string, not '{}'",
            vm.type_name(v)
        ))),
        None => Err(vm.type_error("expected an attribute name")),
    }
}

fn object_get_class(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Obj(vm.type_of(v).clone()))
}

/// Whether instances of two classes are laid out alike (built-in layout, slots, dict),
/// so that an instance can change class (`__class__` and `__bases__` assignment).
pub(crate) fn same_instance_layout(a: &TypeData, b: &TypeData) -> bool {
    a.layout == b.layout
        && a.nslots.get() == b.nslots.get()
        && a.has_flag(flags::HAS_DICT) == b.has_flag(flags::HAS_DICT)
}

fn object_set_class(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    let new = match val {
        Some(Value::Obj(t)) if t.payload.as_type().is_some() => t,
        Some(x) => {
            return Err(vm.type_error(format!(
                "__class__ must be set to a class, not '{}' object",
                vm.type_name(&x)
            )))
        }
        None => return Err(vm.type_error("can't delete __class__ attribute")),
    };
    match v {
        Value::Obj(o) if tdata(o.class()).is_heap() && tdata(&new).is_heap() => {
            if !same_instance_layout(tdata(o.class()), tdata(&new)) {
                return Err(vm.type_error(format!(
                    "__class__ assignment: '{}' object layout differs from '{}'",
                    tdata(&new).name(),
                    tdata(o.class()).name()
                )));
            }
            o.set_class(&new);
            Ok(())
        }
        _ => Err(vm.type_error(
            "__class__ assignment only supported for mutable types or ModuleType subclasses",
        )),
    }
}

fn object_get_dict(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v.as_obj().and_then(|o| o.dict()) {
        Some(d) => Ok(Value::Obj(d)),
        None => Err(vm.new_exception_msg(
            &vm.exc.attribute_error,
            format!("'{}' object has no attribute '__dict__'", vm.type_name(v)),
        )),
    }
}

/// `__weakref__` of an instance: its first weak reference, or None.
fn object_get_weakref(_vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(match v {
        Value::Obj(o) => crate::memory::weak_list(o)
            .into_iter()
            .next()
            .map_or(Value::None, Value::Obj),
        _ => Value::None,
    })
}

/// The `__dict__` and `__weakref__` descriptors a class gets in its own namespace when it
/// is the first in its hierarchy to give instances a dict or weak references.
/// Give `cls` the `__dict__` and/or `__weakref__` descriptors of its instances (unless
/// its own dict has them already).
pub(crate) fn add_instance_descriptors(vm: &Vm, cls: &ObjRef, add_dict: bool, add_weakref: bool) {
    let add = |key: &ObjRef,
               name: &'static str,
               get: crate::object::GetterFn,
               set: Option<crate::object::SetterFn>| {
        if dict::get_str_in(&tdata(cls).dict, key).is_some() {
            return;
        }
        let g = ObjRef::new(
            &vm.types.getset_descriptor,
            Payload::GetSet(Box::new(crate::object::GetSetData {
                name,
                get,
                set,
                owner: cls.clone(),
            })),
        );
        dict::set_str_in(&tdata(cls).dict, key, Value::Obj(g));
    };
    if add_dict {
        add(
            &vm.names.__dict__,
            "__dict__",
            object_get_dict,
            Some(object_set_dict),
        );
    }
    if add_weakref {
        add(
            &vm.names.__weakref__,
            "__weakref__",
            object_get_weakref,
            None,
        );
    }
}

/// `obj.__dict__` for instances of built-in types that have one but no descriptor of
/// their own (functions, modules, exceptions, native-module objects).
pub fn instance_dict_attr(vm: &Vm, v: &Value) -> PyResult<Value> {
    object_get_dict(vm, v)
}

/// `obj.__dict__ = d` for instances with a `__dict__` (a dict only); `del obj.__dict__`
/// leaves an instance of a plain class a new empty one (CPython drops it and makes one
/// on next use).
pub(crate) fn object_set_dict(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    match (v, val) {
        (Value::Obj(o), Some(Value::Obj(d))) if d.payload.as_dict().is_some() && o.has_dict() => {
            o.set_dict(Some(d));
            Ok(())
        }
        // Only instances of plain classes (an exception's `__dict__` stays).
        (Value::Obj(o), None) if o.has_dict() && tdata(o.class()).layout == Layout::Object => {
            o.set_dict(Some(vm.new_dict_obj()));
            Ok(())
        }
        (_, Some(x)) => Err(vm.type_error(format!(
            "__dict__ must be set to a dictionary, not a '{}'",
            vm.type_name(&x)
        ))),
        _ => Err(vm.type_error("cannot delete __dict__")),
    }
}

fn object_format(vm: &Vm, args: Args) -> PyResult<Value> {
    let spec = args
        .args
        .get(1)
        .map(|s| vm.str_string(s))
        .transpose()?
        .unwrap_or_default();
    if !spec.is_empty() {
        return Err(vm.type_error(format!(
            "unsupported format string passed to {}.__format__",
            vm.type_name(&args.args[0])
        )));
    }
    Ok(Value::Obj(vm.str(&args.args[0])?))
}

fn object_dir(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let mut names: Vec<Value> = Vec::new();
    let d = vm.new_dict_obj();
    if let Some(od) = this.as_obj().and_then(|o| o.dict_for_read()) {
        for k in dict::table(&od).borrow().keys() {
            names.push(k);
        }
    }
    for cls in tdata(vm.type_of(this)).mro.borrow().iter() {
        names.extend(tdata(cls).dict.borrow().keys());
    }
    for n in names {
        dict::set(vm, &d, n, Value::None)?;
    }
    let keys = dict::table(&d).borrow().keys();
    Ok(vm.new_list(keys))
}

fn object_init_subclass(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.has_kw() {
        let name = match args.args.first() {
            Some(Value::Obj(c)) if c.payload.as_type().is_some() => tdata(c).name(),
            _ => "object".into(),
        };
        return Err(vm.type_error(format!(
            "{name}.__init_subclass__() takes no keyword arguments"
        )));
    }
    Ok(Value::None)
}

fn object_subclasshook(vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.not_implemented())
}

/// `object.__sizeof__`: CPython's basic (and item) size for the built-in layouts; for
/// instances of classes, the object header plus one word per slot.
fn object_sizeof(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = args.args.first().unwrap_or(&Value::None);
    let size = match this {
        Value::Float(_) => 24,
        Value::Obj(o) => match &o.payload {
            Payload::Float(_) => 24,
            Payload::Complex(..) => 32,
            Payload::Bytes(b) => 33 + b.len(),
            Payload::ByteArray(b) => {
                let n = b.borrow().len();
                56 + if n == 0 { 0 } else { n + 1 }
            }
            Payload::Tuple(t) => 24 + 8 * t.len(),
            Payload::Range(_) => 48,
            _ => {
                let td = tdata(o.class());
                let dict = if td.has_flag(flags::HAS_DICT) { 8 } else { 0 };
                16 + dict + 8 * td.nslots.get()
            }
        },
        _ => 16,
    };
    let _ = vm;
    Ok(Value::Int(size as i64))
}

/// `object.__reduce_ex__(protocol)`: a type's own `__reduce__` if it overrides it;
/// copyreg's protocol 0/1 form; otherwise CPython's reduce_newobj: `copyreg.__newobj__`
/// (or `__newobj_ex__`) with `__getnewargs(_ex)__`, the state from `__getstate__`, and
/// the items of lists and dicts.
fn object_reduce_ex(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    if args.has_kw() {
        return Err(vm.type_error("object.__reduce_ex__() takes no keyword arguments"));
    }
    let protocol = match args.args {
        [_, p] => vm.to_index(p)?,
        _ => {
            return Err(vm.type_error(format!(
                "object.__reduce_ex__() takes exactly one argument ({} given)",
                args.args.len() - 1
            )))
        }
    };
    let ty = vm.type_of(this).clone();
    if let Some(reduce) = lookup(&ty, &vm.intern("__reduce__")) {
        let is_object_reduce = matches!(&reduce, Value::Obj(r) if matches!(&r.payload, Payload::MethodDescr(m) if m.owner.is(&vm.types.object)));
        if !is_object_reduce {
            let bound = vm.get_attr_str(this, "__reduce__")?;
            return vm.call0(&bound);
        }
    }
    object_reduce(vm, this, protocol)
}

fn object_reduce_m(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.args.len() != 1 || args.has_kw() {
        return Err(vm.type_error(format!(
            "object.__reduce__() takes no arguments ({} given)",
            args.args.len() - 1
        )));
    }
    object_reduce(vm, &args.args[0], 0)
}

fn object_reduce(vm: &Vm, this: &Value, protocol: i64) -> PyResult<Value> {
    let copyreg = crate::import::import_module(vm, "copyreg")?;
    if protocol < 2 {
        let f = vm.get_attr_str(&copyreg, "_reduce_ex")?;
        return vm.call(&f, Args::new(&[this.clone(), Value::Int(protocol)]));
    }
    let cls = Value::Obj(vm.type_of(this).clone());
    let (newargs, kwargs) =
        if let Some(f) = vm.get_attr_opt(this, &vm.intern("__getnewargs_ex__"))? {
            let r = vm.call0(&f)?;
            let items = match &r {
                Value::Obj(o) if o.payload.as_tuple().is_some_and(|t| t.len() == 2) => {
                    vm.collect(&r)?
                }
                _ => {
                    return Err(vm.type_error(format!(
                        "__getnewargs_ex__ should return a tuple of length 2, not '{}'",
                        vm.type_name(&r)
                    )))
                }
            };
            (items[0].clone(), Some(items[1].clone()))
        } else if let Some(f) = vm.get_attr_opt(this, &vm.intern("__getnewargs__"))? {
            let r = vm.call0(&f)?;
            if !matches!(&r, Value::Obj(o) if o.payload.as_tuple().is_some()) {
                return Err(vm.type_error(format!(
                    "__getnewargs__ should return a tuple, not '{}'",
                    vm.type_name(&r)
                )));
            }
            (r, None)
        } else {
            (vm.new_tuple(Vec::new()), None)
        };
    let state = match vm.get_attr_opt(this, &vm.intern("__getstate__"))? {
        Some(f) => vm.call0(&f)?,
        None => default_state(vm, this)?,
    };
    let (func, fargs) = match kwargs {
        Some(kw) if vm.is_true(&kw)? => (
            vm.get_attr_str(&copyreg, "__newobj_ex__")?,
            vm.new_tuple(vec![cls, newargs, kw]),
        ),
        _ => {
            let mut a = vec![cls];
            a.extend(vm.collect(&newargs)?);
            (vm.get_attr_str(&copyreg, "__newobj__")?, vm.new_tuple(a))
        }
    };
    let is_list = matches!(this, Value::Obj(o) if o.payload.as_list().is_some());
    let is_dict = matches!(this, Value::Obj(o) if o.payload.as_dict().is_some());
    let listitems = if is_list { vm.iter(this)? } else { Value::None };
    let dictitems = if is_dict {
        let items = vm.call_method(this, "items", &[])?;
        vm.iter(&items)?
    } else {
        Value::None
    };
    Ok(vm.new_tuple(vec![func, fargs, state, listitems, dictitems]))
}

/// `object.__getstate__()`: the instance dict (None when empty), with the slot values
/// as a second dict when the class has `__slots__`.
fn default_state(vm: &Vm, this: &Value) -> PyResult<Value> {
    let dict_state = match this.as_obj().and_then(|o| o.dict_for_read()) {
        Some(d) if !dict::table(&d).borrow().is_empty() => Value::Obj(d),
        _ => Value::None,
    };
    let mut slots = Vec::new();
    for cls in tdata(vm.type_of(this)).mro.borrow().iter() {
        for (k, v) in tdata(cls).dict.borrow().items() {
            if let Value::Obj(m) = &v {
                if let Payload::Member(md) = &m.payload {
                    if md.kind != crate::object::MemberKind::Slot {
                        continue;
                    }
                    if let Ok(val) = member_get(vm, md, this) {
                        slots.push((k.clone(), val));
                    }
                }
            }
        }
    }
    if slots.is_empty() {
        return Ok(dict_state);
    }
    let sd = vm.new_dict_obj();
    for (k, v) in slots {
        dict::set(vm, &sd, k, v)?;
    }
    Ok(vm.new_tuple(vec![dict_state, Value::Obj(sd)]))
}

fn object_getstate(vm: &Vm, args: Args) -> PyResult<Value> {
    default_state(vm, &args.args[0])
}

// ----- type's methods ----------------------------------------------------------------

fn self_type<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a ObjRef> {
    match v {
        Value::Obj(o) if o.payload.as_type().is_some() => Ok(o),
        _ => Err(vm.type_error(format!(
            "descriptor requires a 'type' object but received '{}'",
            vm.type_name(v)
        ))),
    }
}

fn type_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let t = self_type(vm, &args.args[0])?;
    let qual = tdata(t).qualname.borrow().clone();
    Ok(vm.new_str(match type_module_name(vm, t) {
        Some(m) if m != "builtins" => format!("<class '{m}.{qual}'>"),
        _ => format!("<class '{qual}'>"),
    }))
}

fn type_get_name(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(vm.new_str(tdata(self_type(vm, v)?).name()))
}
fn type_set_name(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    let t = self_type(vm, v)?;
    if !tdata(t).is_heap() {
        return Err(vm.type_error(format!(
            "cannot set '__name__' attribute of immutable type '{}'",
            tdata(t).name()
        )));
    }
    match val {
        Some(Value::Obj(s)) if s.payload.as_str().is_some() => {
            *tdata(t).name.borrow_mut() = pystr::as_rust_str(&s);
            Ok(())
        }
        _ => Err(vm.type_error("can only assign string to __name__")),
    }
}
fn type_get_qualname(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(vm.new_str(tdata(self_type(vm, v)?).qualname.borrow().clone()))
}
fn type_set_qualname(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    let t = self_type(vm, v)?;
    match val {
        Some(Value::Obj(s)) if s.payload.as_str().is_some() => {
            *tdata(t).qualname.borrow_mut() = pystr::as_rust_str(&s);
            Ok(())
        }
        _ => Err(vm.type_error("can only assign string to __qualname__")),
    }
}
fn type_get_module(vm: &Vm, v: &Value) -> PyResult<Value> {
    let t = self_type(vm, v)?;
    // Heap types and the static types of native modules keep it in their namespace.
    if let Some(m) = dict::get_str_in(&tdata(t).dict, &vm.names.__module__) {
        // A static type's own `__module__` descriptor (for its instances, as
        // builtin_function_or_method's) is not the type's module.
        if tdata(t).is_heap() || m.as_obj().is_some_and(|o| o.payload.as_str().is_some()) {
            return Ok(m);
        }
    }
    Ok(vm.new_str("builtins"))
}
fn type_set_module(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    let t = self_type(vm, v)?;
    dict::set_str_in(
        &tdata(t).dict,
        &vm.names.__module__,
        val.unwrap_or(Value::None),
    );
    crate::objects::type_cache::changed(t);
    Ok(())
}
fn type_get_doc(vm: &Vm, v: &Value) -> PyResult<Value> {
    let t = self_type(vm, v)?;
    match dict::get_str_in(&tdata(t).dict, &vm.names.__doc__) {
        Some(d) => vm.descr_get(&d, None, t),
        None => Ok(Value::None),
    }
}
fn type_set_doc(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    let t = self_type(vm, v)?;
    if !tdata(t).is_heap() {
        return Err(vm.type_error(format!(
            "cannot set '__doc__' attribute of immutable type '{}'",
            tdata(t).name()
        )));
    }
    dict::set_str_in(
        &tdata(t).dict,
        &vm.names.__doc__,
        val.unwrap_or(Value::None),
    );
    crate::objects::type_cache::changed(t);
    Ok(())
}
/// `cls.__annotations__`: the class's own dict entry; a heap class without one gets a new
/// empty dict (stored, as in CPython 3.10+); built-in types have none.
fn type_get_annotations(vm: &Vm, v: &Value) -> PyResult<Value> {
    let t = self_type(vm, v)?;
    let name = &vm.names.__annotations__;
    if let Some(a) = dict::get_str_in(&tdata(t).dict, name) {
        return vm.descr_get(&a, None, t);
    }
    if !tdata(t).is_heap() {
        return Err(vm.new_exception_msg(
            &vm.exc.attribute_error,
            format!(
                "type object '{}' has no attribute '__annotations__'",
                tdata(t).name()
            ),
        ));
    }
    let d = Value::Obj(vm.new_dict_obj());
    dict::set_str_in(&tdata(t).dict, name, d.clone());
    crate::objects::type_cache::changed(t);
    Ok(d)
}
fn type_set_annotations(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    let t = self_type(vm, v)?;
    if !tdata(t).is_heap() {
        return Err(vm.type_error(format!(
            "cannot set '__annotations__' attribute of immutable type '{}'",
            tdata(t).name()
        )));
    }
    match val {
        Some(a) => {
            dict::set_str_in(&tdata(t).dict, &vm.names.__annotations__, a);
        }
        None => {
            if dict::remove_str_in(&tdata(t).dict, &vm.names.__annotations__).is_none() {
                return Err(vm.new_exception_msg(&vm.exc.attribute_error, "__annotations__"));
            }
        }
    }
    type_modified(vm, t);
    Ok(())
}
fn type_get_bases(vm: &Vm, v: &Value) -> PyResult<Value> {
    let t = self_type(vm, v)?;
    Ok(vm.new_tuple(
        tdata(t)
            .bases
            .borrow()
            .iter()
            .cloned()
            .map(Value::Obj)
            .collect(),
    ))
}
fn type_get_base(vm: &Vm, v: &Value) -> PyResult<Value> {
    let t = self_type(vm, v)?;
    Ok(tdata(t)
        .base
        .borrow()
        .clone()
        .map(Value::Obj)
        .unwrap_or(Value::None))
}
fn type_get_mro(vm: &Vm, v: &Value) -> PyResult<Value> {
    let t = self_type(vm, v)?;
    // Empty while a metaclass's mro() runs for a class being made (CPython's NULL
    // tp_mro).
    if tdata(t).mro.borrow().is_empty() {
        return Ok(Value::None);
    }
    Ok(vm.new_tuple(
        tdata(t)
            .mro
            .borrow()
            .iter()
            .cloned()
            .map(Value::Obj)
            .collect(),
    ))
}
/// `type.__flags__`: CPython's `tp_flags` bits that Python code reads (copyreg's
/// `_HEAPTYPE` test, inspect's `TPFLAGS_IS_ABSTRACT`, the fast-subclass bits), computed
/// from what pyrs knows of the type.
fn type_get_flags(vm: &Vm, v: &Value) -> PyResult<Value> {
    const IMMUTABLETYPE: i64 = 1 << 8;
    const HEAPTYPE: i64 = 1 << 9;
    const BASETYPE: i64 = 1 << 10;
    const READY: i64 = 1 << 12;
    const HAVE_GC: i64 = 1 << 14;
    const HAVE_VERSION_TAG: i64 = 1 << 18;
    const IS_ABSTRACT: i64 = 1 << 20;
    let t = self_type(vm, v)?;
    let td = tdata(t);
    let mut f = READY | HAVE_VERSION_TAG;
    f |= if td.is_heap() {
        HEAPTYPE | HAVE_GC
    } else {
        IMMUTABLETYPE
    };
    if td.has_flag(flags::BASETYPE) {
        f |= BASETYPE;
    }
    if td.has_flag(flags::ABSTRACT) {
        f |= IS_ABSTRACT;
    }
    let subclass_bits = [
        (&vm.types.int, 24),
        (&vm.types.list, 25),
        (&vm.types.tuple, 26),
        (&vm.types.bytes, 27),
        (&vm.types.str_, 28),
        (&vm.types.dict, 29),
        (&vm.exc.base_exception, 30),
        (&vm.types.type_, 31),
    ];
    for (base, bit) in subclass_bits {
        if crate::objects::typeobj::is_subtype(t, base) {
            f |= 1 << bit;
        }
    }
    Ok(Value::Int(f))
}

fn type_get_dict(vm: &Vm, v: &Value) -> PyResult<Value> {
    let t = self_type(vm, v)?;
    Ok(Value::Obj(ObjRef::new(
        &vm.types.mappingproxy,
        Payload::MappingProxy(Value::Obj(t.clone())),
    )))
}
fn type_get_abstract(vm: &Vm, v: &Value) -> PyResult<Value> {
    let t = self_type(vm, v)?;
    match dict::get_str_in(&tdata(t).dict, &vm.names.__abstractmethods__) {
        Some(a) if !t.is(&vm.types.type_) => Ok(a),
        _ => Err(vm.attribute_error(
            v,
            &vm.names.__abstractmethods__,
            "__abstractmethods__".into(),
        )),
    }
}
fn type_set_abstract(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    let t = self_type(vm, v)?;
    let is_abstract = match &val {
        Some(x) => vm.is_true(x)?,
        None => false,
    };
    match val {
        Some(x) => {
            dict::set_str_in(&tdata(t).dict, &vm.names.__abstractmethods__, x);
        }
        None => {
            if dict::remove_str_in(&tdata(t).dict, &vm.names.__abstractmethods__).is_none() {
                return Err(vm.attribute_error(
                    v,
                    &vm.names.__abstractmethods__,
                    "__abstractmethods__".into(),
                ));
            }
        }
    }
    let f = tdata(t).flags.get();
    tdata(t).flags.set(if is_abstract {
        f | flags::ABSTRACT
    } else {
        f & !flags::ABSTRACT
    });
    type_modified(vm, t);
    Ok(())
}

fn type_mro(vm: &Vm, args: Args) -> PyResult<Value> {
    let t = self_type(vm, &args.args[0])?;
    let mro = crate::objects::type_mro::c3_of(vm, t)?;
    Ok(vm.new_list(mro.into_iter().map(Value::Obj).collect()))
}

fn type_subclasses(vm: &Vm, args: Args) -> PyResult<Value> {
    let t = self_type(vm, &args.args[0])?;
    Ok(vm.new_list(live_subclasses(t).into_iter().map(Value::Obj).collect()))
}

/// The subclasses of `t` still alive (its list holds weak references to them).
/// Enter `cls` in the subclass lists of `bases`. Bases list their subclasses through weak
/// references (CPython's tp_subclasses), so a class can die while its bases live.
pub(crate) fn add_to_subclass_lists(vm: &Vm, cls: &ObjRef, bases: &[ObjRef]) -> PyResult<()> {
    let wr = crate::objects::weakref::basic_ref(vm, cls)?;
    for b in bases {
        let mut subs = tdata(b).subclasses.borrow_mut();
        // Dead entries go when the list reaches a power of two (amortized O(1) per class;
        // pruning at every new class made N subclasses of one base cost O(N^2), and
        // `object` has thousands). Readers skip dead entries.
        if subs.len() >= 16 && subs.len().is_power_of_two() {
            subs.retain(|w| crate::objects::weakref::referent(w).is_some());
        }
        subs.push(wr.clone());
    }
    Ok(())
}

pub fn live_subclasses(t: &ObjRef) -> Vec<ObjRef> {
    tdata(t)
        .subclasses
        .borrow()
        .iter()
        .filter_map(crate::objects::weakref::referent)
        .collect()
}

fn type_instancecheck(vm: &Vm, args: Args) -> PyResult<Value> {
    let t = self_type(vm, &args.args[0])?;
    let x = args.args.get(1).cloned().unwrap_or(Value::None);
    if vm.isinstance(&x, t) {
        return Ok(Value::Bool(true));
    }
    if let Some(Value::Obj(co)) = vm.get_attr_opt(&x, &vm.names.__class__)? {
        if co.payload.as_type().is_some() && !co.is(vm.type_of(&x)) {
            return Ok(Value::Bool(typeobj::is_subtype(&co, t)));
        }
    }
    Ok(Value::Bool(false))
}

fn type_subclasscheck(vm: &Vm, args: Args) -> PyResult<Value> {
    let t = self_type(vm, &args.args[0])?;
    match args.args.get(1) {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => {
            Ok(Value::Bool(typeobj::is_subtype(c, t)))
        }
        _ => Err(vm.type_error("issubclass() arg 1 must be a class")),
    }
}

fn type_prepare(vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.new_dict())
}

fn type_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let n = args.pos().len();
    if n != 2 && n != 4 {
        return Err(vm.type_error("type.__init__() takes 1 or 3 arguments"));
    }
    Ok(Value::None)
}

fn type_dir(vm: &Vm, args: Args) -> PyResult<Value> {
    let t = self_type(vm, &args.args[0])?;
    let d = vm.new_dict_obj();
    for cls in tdata(t).mro.borrow().iter() {
        for k in tdata(cls).dict.borrow().keys() {
            dict::set(vm, &d, k, Value::None)?;
        }
    }
    let keys = dict::table(&d).borrow().keys();
    Ok(vm.new_list(keys))
}

/// `type.__new__(meta, name, bases, namespace, **kwargs)`: create a class.
fn type_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let meta = match pos.first() {
        Some(Value::Obj(m)) if m.payload.as_type().is_some() => m.clone(),
        _ => return Err(vm.type_error("type.__new__(X): X is not a type object")),
    };
    if pos.len() == 2 && meta.is(&vm.types.type_) {
        return Ok(Value::Obj(vm.type_of(&pos[1]).clone()));
    }
    if pos.len() != 4 {
        return Err(vm.type_error("type() takes 1 or 3 arguments"));
    }
    let name = match &pos[1] {
        Value::Obj(s) if s.payload.as_str().is_some() => pystr::as_rust_str(s),
        v => {
            return Err(vm.type_error(format!(
                "type.__new__() argument 1 must be str, not {}",
                vm.type_name(v)
            )))
        }
    };
    let bases: Vec<Value> = match &pos[2] {
        Value::Obj(t) if t.payload.as_tuple().is_some() => {
            t.payload.as_tuple().map(|t| t.to_vec()).unwrap_or_default()
        }
        v => {
            return Err(vm.type_error(format!(
                "type.__new__() argument 2 must be tuple, not {}",
                vm.type_name(v)
            )))
        }
    };
    let ns = match &pos[3] {
        Value::Obj(d) if d.payload.as_dict().is_some() => d.clone(),
        v => {
            return Err(vm.type_error(format!(
                "type.__new__() argument 3 must be dict, not {}",
                vm.type_name(v)
            )))
        }
    };
    // As CPython's type_new: when a base's metaclass is more derived than `meta` and has
    // its own __new__ (`type('E', (SomeEnum,), ns, boundary=...)`), that __new__ makes
    // the class (and consumes its keyword arguments).
    let mut winner = meta.clone();
    for b in &bases {
        let bt = vm.type_of(b).clone();
        if typeobj::is_subtype(&winner, &bt) {
            continue;
        }
        if typeobj::is_subtype(&bt, &winner) {
            winner = bt;
        }
    }
    if !winner.is(&meta) {
        let new_name = vm.intern("__new__");
        let own_new = lookup(&winner, &new_name);
        let type_new_fn = lookup(&vm.types.type_, &new_name);
        let same = match (&own_new, &type_new_fn) {
            (Some(Value::Obj(a)), Some(Value::Obj(b))) => a.is(b),
            _ => true,
        };
        if !same {
            if let Some(f) = own_new {
                let f = match &f {
                    Value::Obj(fo) if matches!(fo.payload, Payload::StaticMethod(_)) => {
                        vm.descr_get(&f, None, &winner)?
                    }
                    _ => f,
                };
                let mut argv = vec![Value::Obj(winner.clone())];
                argv.extend(pos[1..].iter().cloned());
                let kwnames = args.kwnames;
                argv.extend(args.args[pos.len()..].iter().cloned());
                return vm.call(&f, Args::with_kw(&argv, kwnames));
            }
        }
    }
    let kwargs: Vec<(Value, Value)> = args.kwargs().map(|(k, v)| (k.clone(), v.clone())).collect();
    let cls = create_class(vm, &meta, &name, bases, &ns)?;
    init_new_class(vm, &cls, &kwargs)?;
    Ok(Value::Obj(cls))
}

pub fn create_class(
    vm: &Vm,
    meta: &ObjRef,
    name: &str,
    bases: Vec<Value>,
    ns: &ObjRef,
) -> PyResult<ObjRef> {
    let mut base_types: Vec<ObjRef> = Vec::new();
    // The metaclass check comes first, over the bases' own types (as CPython's
    // _PyType_CalculateMetaclass), so a non-class base is reported as a conflict.
    for b in &bases {
        let bt = vm.type_of(b);
        if !typeobj::is_subtype(meta, bt) && !typeobj::is_subtype(bt, meta) {
            return Err(vm.type_error(
                "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
            ));
        }
    }
    for b in &bases {
        match b {
            Value::Obj(t) if t.payload.as_type().is_some() => base_types.push(t.clone()),
            _ => return Err(vm.type_error("bases must be types")),
        }
    }
    if base_types.is_empty() {
        base_types.push(vm.types.object.clone());
    }
    // The most derived metaclass.
    let mut winner = meta.clone();
    for b in &base_types {
        let bm = b.class();
        if typeobj::is_subtype(&winner, bm) {
            continue;
        }
        if typeobj::is_subtype(bm, &winner) {
            winner = bm.clone();
            continue;
        }
        return Err(vm.type_error(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
        ));
    }
    let mut layout = Layout::Object;
    let mut solid: ObjRef = base_types[0].clone();
    for b in &base_types {
        let bt = tdata(b);
        if !bt.has_flag(flags::BASETYPE) {
            return Err(vm.type_error(format!(
                "type '{}' is not an acceptable base type",
                bt.name()
            )));
        }
        let bl = if bt.layout == Layout::Bool {
            Layout::Int
        } else {
            bt.layout
        };
        if bl != Layout::Object {
            if layout != Layout::Object && layout != bl {
                return Err(vm.type_error("multiple bases have instance lay-out conflict"));
            }
            if layout == Layout::Object {
                solid = b.clone();
            }
            layout = bl;
        }
    }
    let _ = solid;
    // __slots__: which names instances store in slots, and whether they keep a __dict__.
    let slots = slot_names(vm, ns, name)?;
    let base_has_dict = base_types
        .iter()
        .any(|b| tdata(b).has_flag(flags::HAS_DICT));
    let base_nslots = base_types
        .iter()
        .map(|b| tdata(b).nslots.get())
        .max()
        .unwrap_or(0);
    // Bases with slots must share one slot layout: the classes that introduced their
    // slots have to lie on a single inheritance chain (CPython's solid base rule).
    let slot_bases: Vec<ObjRef> = base_types
        .iter()
        .filter(|b| tdata(b).nslots.get() > 0)
        .map(slot_layout_owner)
        .collect();
    for a in &slot_bases {
        for b in &slot_bases {
            if !typeobj::is_subtype(a, b) && !typeobj::is_subtype(b, a) {
                return Err(vm.type_error("multiple bases have instance lay-out conflict"));
            }
        }
    }
    let mut class_flags = flags::HEAPTYPE | flags::BASETYPE | flags::HAS_DICT;
    if let Some(names) = &slots {
        if !names.is_empty() && matches!(layout, Layout::Int | Layout::Tuple | Layout::Bytes) {
            return Err(vm.type_error(format!(
                "nonempty __slots__ not supported for subtype of '{}'",
                tdata(&solid_base(&base_types)).name()
            )));
        }
        let wants_dict = names.iter().any(|n| n == "__dict__");
        if wants_dict && base_has_dict {
            return Err(vm.type_error("__dict__ slot disallowed: we already got one"));
        }
        if !wants_dict && !base_has_dict && layout == Layout::Object {
            class_flags &= !flags::HAS_DICT;
        }
    }
    // Copy the namespace (room for it and the entries added below: __dict__,
    // __weakref__, __module__, __doc__).
    let table = DictTable::with_capacity(dict::table(ns).borrow().len() + 4);
    let td = TypeData {
        name: RefCell::new(name.to_string()),
        qualname: RefCell::new(name.to_string()),
        bases: RefCell::new(base_types.clone()),
        mro: RefCell::new(Vec::new()),
        base: RefCell::new(Some(base_types[0].clone())),
        dict: RefCell::new(table),
        layout,
        flags: Cell::new(class_flags),
        version: Cell::new(crate::objects::dict::next_version()),
        subclasses: RefCell::new(Vec::new()),
        nslots: Cell::new(base_nslots),
        shared_keys: Default::default(),
        expected_attrs: Cell::new(0),
    };
    let cls = ObjRef::new(&winner, Payload::Type(Box::new(td)));
    let mro = typeobj::c3_mro(&cls, &base_types).map_err(|m| vm.type_error(m))?;
    *tdata(&cls).mro.borrow_mut() = mro;
    // The namespace is read in place: nothing below runs Python code or changes it.
    let ns_table = dict::table(ns).borrow();
    let mut classcell = None;
    for entry in ns_table.iter() {
        let v = entry.value.clone();
        let kname = match &entry.key {
            Value::Obj(s) if s.payload.as_str().is_some() => {
                crate::objects::code::intern_name(vm, s)
            }
            _ => continue,
        };
        if kname.is(&vm.names.__qualname__) {
            match &v {
                Value::Obj(s) if s.payload.as_str().is_some() => {
                    *tdata(&cls).qualname.borrow_mut() = pystr::as_rust_str(s);
                }
                _ => {
                    return Err(vm.type_error(format!(
                        "type __qualname__ must be a str, not {}",
                        vm.type_name(&v)
                    )))
                }
            }
            continue;
        }
        if kname.is(&vm.names.__classcell__) {
            classcell = Some(v);
            continue;
        }
        let v = if (kname.is(&vm.names.__new__))
            && matches!(&v, Value::Obj(f) if f.payload.as_function().is_some())
        {
            Value::Obj(ObjRef::new(
                &vm.types.staticmethod,
                Payload::StaticMethod(crate::memory::ValueCell::new(v)),
            ))
        } else if (kname.is(&vm.names.__init_subclass__) || kname.is(&vm.names.__class_getitem__))
            && matches!(&v, Value::Obj(f) if f.payload.as_function().is_some())
        {
            Value::Obj(ObjRef::new(
                &vm.types.classmethod,
                Payload::ClassMethod(crate::memory::ValueCell::new(v)),
            ))
        } else {
            v
        };
        dict::set_str_in(&tdata(&cls).dict, &kname, v);
    }
    drop(ns_table);
    if let Some(names) = &slots {
        let mut index = base_nslots;
        for n in names {
            if n == "__dict__" || n == "__weakref__" {
                continue;
            }
            let key = vm.intern(n);
            if dict::get_str_in(&tdata(&cls).dict, &key).is_some() {
                return Err(
                    vm.value_error(format!("'{n}' in __slots__ conflicts with class variable"))
                );
            }
            // Instances of exception classes keep their slots after the fields of
            // their built-in type.
            let in_cells = matches!(layout, Layout::Object | Layout::Exception);
            let slot = in_cells.then(|| {
                index += 1;
                index - 1
            });
            let member = ObjRef::new(
                &vm.types.member_descriptor,
                Payload::Member(Box::new(crate::object::MemberData {
                    name: key.clone(),
                    owner: cls.clone(),
                    index: slot,
                    kind: crate::object::MemberKind::Slot,
                })),
            );
            dict::set_str_in(&tdata(&cls).dict, &key, Value::Obj(member));
        }
        tdata(&cls).nslots.set(index);
    }
    {
        let has_dict = tdata(&cls).has_flag(flags::HAS_DICT);
        let weak_in_slots = slots.as_ref().map(|n| n.iter().any(|x| x == "__weakref__"));
        // (ExceptionGroup, a static type here, is a heap type with __weakref__ in
        // CPython.)
        let base_weak = base_types
            .iter()
            .any(|b| tdata(b).is_heap() || lookup(b, &vm.names.__weakref__).is_some());
        let add_weakref = match weak_in_slots {
            Some(w) => w && !base_weak,
            None => !base_weak && matches!(layout, Layout::Object | Layout::Exception),
        };
        // Types, exceptions and modules have their own __dict__ already; types and
        // modules their weak-reference list (exceptions have none: a subclass adds it).
        let layout_has_dict = matches!(layout, Layout::Type | Layout::Exception | Layout::Module);
        add_instance_descriptors(
            vm,
            &cls,
            has_dict && !base_has_dict && !layout_has_dict,
            add_weakref && !matches!(layout, Layout::Type | Layout::Module),
        );
    }
    let own = &tdata(&cls).dict;
    if dict::get_str_in(own, &vm.names.__module__).is_none() {
        if let Some(g) = vm.frame_stack.borrow().last().map(|f| f.globals().clone()) {
            if let Some(n) = dict::get_str(&g, &vm.names.__name__) {
                dict::set_str_in(own, &vm.names.__module__, n);
            }
        }
    }
    if dict::get_str_in(own, &vm.names.__doc__).is_none() {
        dict::set_str_in(own, &vm.names.__doc__, Value::None);
    }
    if dict::get_str_in(own, &vm.names.__eq__).is_some()
        && dict::get_str_in(own, &vm.names.__hash__).is_none()
    {
        dict::set_str_in(own, &vm.names.__hash__, Value::None);
    }
    // A metaclass overriding mro() has the last word on the MRO, called once the
    // namespace is in place (as CPython's type_ready does).
    if !cls.class().is(&vm.types.type_) {
        let c3 = tdata(&cls).mro.take();
        match crate::objects::type_mro::compute_mro(vm, &cls) {
            Ok(mro) => *tdata(&cls).mro.borrow_mut() = mro,
            Err(e) => {
                *tdata(&cls).mro.borrow_mut() = c3;
                return Err(e);
            }
        }
    }
    // The writes above went straight to the namespace: no look-up cached while the class
    // was being built may outlive them.
    crate::objects::type_cache::changed(&cls);
    add_to_subclass_lists(vm, &cls, &base_types)?;
    update_flags(vm, &cls);
    if let Some(cell) = classcell {
        if let Value::Obj(c) = &cell {
            match &c.payload {
                Payload::Cell(content) => content.set(Value::Obj(cls.clone())),
                _ => {
                    return Err(vm.type_error(format!(
                        "__classcell__ must be a nonlocal cell, not {}",
                        vm.type_name(&cell)
                    )))
                }
            }
        }
    }
    Ok(cls)
}

/// The class along `ty`'s MRO that added the last of its slots.
fn slot_layout_owner(ty: &ObjRef) -> ObjRef {
    let n = tdata(ty).nslots.get();
    let mut owner = ty.clone();
    for c in tdata(ty).mro.borrow().iter() {
        if tdata(c).nslots.get() == n {
            owner = c.clone();
        } else {
            break;
        }
    }
    owner
}

/// The first base with a built-in layout (for error messages).
fn solid_base(bases: &[ObjRef]) -> ObjRef {
    bases
        .iter()
        .find(|b| tdata(b).layout != Layout::Object)
        .unwrap_or(&bases[0])
        .clone()
}

/// The names a class body's `__slots__` declares (private names mangled), or None when
/// it has none; CPython's errors for bad entries.
fn slot_names(vm: &Vm, ns: &ObjRef, class_name: &str) -> PyResult<Option<Vec<String>>> {
    let Some(spec) = dict::get_str(ns, &vm.names.__slots__) else {
        return Ok(None);
    };
    let items = match &spec {
        Value::Obj(o) if o.payload.as_str().is_some() => vec![spec.clone()],
        _ => vm.collect(&spec)?,
    };
    let mut names: Vec<String> = Vec::new();
    for item in &items {
        let text = match item {
            Value::Obj(o) if o.payload.as_str().is_some() => pystr::as_rust_str(o),
            _ => {
                return Err(vm.type_error(format!(
                    "__slots__ items must be strings, not '{}'",
                    vm.type_name(item)
                )))
            }
        };
        let cps: Vec<u32> = text.chars().map(|c| c as u32).collect();
        if !crate::unicode::str_is_identifier(&cps) {
            return Err(vm.type_error("__slots__ must be identifiers"));
        }
        let mangled = if text.starts_with("__") && !text.ends_with("__") {
            let stripped = class_name.trim_start_matches('_');
            if stripped.is_empty() {
                text
            } else {
                format!("_{stripped}{text}")
            }
        } else {
            text
        };
        if (mangled == "__dict__" || mangled == "__weakref__") && names.contains(&mangled) {
            return Err(vm.type_error(format!(
                "{} slot disallowed: either we already got one, or __itemsize__ != 0",
                mangled
            )));
        }
        // A name given twice declares one slot (CPython accepts the repeat).
        if !names.contains(&mangled) {
            names.push(mangled);
        }
    }
    Ok(Some(names))
}

/// Read, write or delete (`value` None) a `__slots__` member of an instance.
pub fn member_get(vm: &Vm, m: &crate::object::MemberData, obj: &Value) -> PyResult<Value> {
    check_member_owner(vm, m, obj)?;
    if m.kind != crate::object::MemberKind::Slot {
        return crate::objects::exceptions::field_get(vm, m, obj);
    }
    let missing = || vm.no_attribute(obj, &m.name);
    match (m.index, obj) {
        (Some(i), Value::Obj(o)) => match &o.payload {
            Payload::Slots(cells) => match cells.get(i).map(|c| c.get()) {
                Some(Value::Null) | None => Err(missing()),
                Some(v) => Ok(v),
            },
            Payload::Exception(e) => match e.fields.get(i).map(|c| c.get()) {
                Some(Value::Null) | None => Err(missing()),
                Some(v) => Ok(v),
            },
            _ => Err(missing()),
        },
        (None, Value::Obj(o)) => o
            .dict_for_read()
            .and_then(|d| dict::get_str(&d, &m.name))
            .ok_or_else(missing),
        _ => Err(missing()),
    }
}

/// Store into (or, with `value` None, clear) a `__slots__` member of an instance.
pub fn member_set(
    vm: &Vm,
    m: &crate::object::MemberData,
    obj: &Value,
    value: Option<Value>,
) -> PyResult<()> {
    check_member_owner(vm, m, obj)?;
    if m.kind != crate::object::MemberKind::Slot {
        return crate::objects::exceptions::field_set(vm, m, obj, value);
    }
    match (m.index, obj) {
        (Some(i), Value::Obj(o)) => match match &o.payload {
            Payload::Slots(cells) => Some(&cells[..]),
            Payload::Exception(e) => Some(&e.fields[..]),
            _ => None,
        } {
            Some(cells) if i < cells.len() => {
                match value {
                    Some(v) => cells[i].set(v),
                    None => {
                        if matches!(cells[i].get(), Value::Null) {
                            // CPython names just the slot here.
                            return Err(vm.attribute_error(
                                obj,
                                &m.name,
                                pystr::as_rust_str(&m.name),
                            ));
                        }
                        cells[i].set(Value::Null);
                    }
                }
                Ok(())
            }
            _ => Err(vm.no_attribute(obj, &m.name)),
        },
        (None, Value::Obj(o)) => {
            let d = o.dict().ok_or_else(|| vm.no_attribute(obj, &m.name))?;
            match value {
                Some(v) => dict::set_str(&d, &m.name, v),
                None => {
                    if dict::remove_str(&d, &m.name).is_none() {
                        return Err(vm.no_attribute(obj, &m.name));
                    }
                }
            }
            Ok(())
        }
        _ => Err(vm.no_attribute(obj, &m.name)),
    }
}

fn check_member_owner(vm: &Vm, m: &crate::object::MemberData, obj: &Value) -> PyResult<()> {
    if vm.isinstance(obj, &m.owner) {
        return Ok(());
    }
    Err(vm.type_error(format!(
        "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
        pystr::as_rust_str(&m.name),
        tdata(&m.owner).name(),
        vm.type_name(obj)
    )))
}

fn member_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    match args.args.first() {
        Some(Value::Obj(o)) => match &o.payload {
            Payload::Member(m) => Ok(vm.new_str(format!(
                "<member '{}' of '{}' objects>",
                pystr::as_rust_str(&m.name),
                tdata(&m.owner).name()
            ))),
            _ => Err(vm.type_error("expected a member descriptor")),
        },
        _ => Err(vm.type_error("expected a member descriptor")),
    }
}

/// `__set_name__` and `__init_subclass__` for a new class.
pub fn init_new_class(vm: &Vm, cls: &ObjRef, kwargs: &[(Value, Value)]) -> PyResult<()> {
    // A snapshot of the entries that may have a __set_name__ (values of static types
    // known to have none are left out: static types do not change).
    let items: Vec<(Value, Value)> = tdata(cls)
        .dict
        .borrow()
        .iter()
        .filter(|e| {
            let td = tdata(vm.type_of(e.value));
            td.is_heap() || !td.has_flag(flags::NO_SET_NAME)
        })
        .map(|e| (e.key.clone(), e.value.clone()))
        .collect();
    let clsv = Value::Obj(cls.clone());
    for (k, v) in items {
        if let Some(f) = set_name_hook(vm, vm.type_of(&v)) {
            vm.call_unbound(&f, &v, vm.type_of(&v), &[clsv.clone(), k.clone()])?;
        }
    }
    let found = {
        let mro = tdata(cls).mro.borrow();
        mro.iter().skip(1).find_map(|base| {
            dict::get_str_in(&tdata(base).dict, &vm.names.__init_subclass__)
                .map(|f| (f, base.clone()))
        })
    };
    if let Some((f, base)) = found {
        // object.__init_subclass__ without keyword arguments does nothing (object is
        // immutable, so the one found in its dict is the built-in one).
        if kwargs.is_empty() && base.is(&vm.types.object) {
            return Ok(());
        }
        let bound = vm.descr_get(&f, None, cls)?;
        let bound = match &f {
            Value::Obj(fo) if fo.payload.as_function().is_some() => {
                vm.new_bound_method(f.clone(), clsv.clone())
            }
            _ => bound,
        };
        let mut argv: Vec<Value> = Vec::new();
        let mut names: Vec<Value> = Vec::new();
        for (k, v) in kwargs {
            argv.push(v.clone());
            names.push(k.clone());
        }
        vm.call(&bound, Args::with_kw(&argv, &names))?;
    }
    Ok(())
}

/// The `__set_name__` of values of type `ty`, if any. Static types (functions, strs,
/// ints, ...) are looked at once and remembered when they have none.
fn set_name_hook(vm: &Vm, ty: &ObjRef) -> Option<Value> {
    let td = tdata(ty);
    if td.is_heap() {
        return lookup(ty, &vm.names.__set_name__);
    }
    let f = td.flags.get();
    if f & flags::NO_SET_NAME != 0 {
        return None;
    }
    let hook = lookup(ty, &vm.names.__set_name__);
    if hook.is_none() {
        td.flags.set(f | flags::NO_SET_NAME);
    }
    hook
}

fn is_py_hook(v: &Value) -> bool {
    match v {
        Value::Obj(o) => !matches!(o.payload, Payload::MethodDescr(_) | Payload::GetSet(_)),
        _ => true,
    }
}

/// The hook flags of `cls` found by searching its MRO.
fn hook_flags_by_lookup(vm: &Vm, cls: &ObjRef) -> u32 {
    let n = &vm.names;
    let found = |name: &ObjRef| lookup(cls, name).is_some();
    let py = |name: &ObjRef| lookup(cls, name).is_some_and(|v| is_py_hook(&v));
    let mut f = 0;
    if found(&n.__del__) {
        f |= flags::HAS_DEL;
    }
    if py(&n.__getattribute__) {
        f |= flags::HAS_GETATTRIBUTE;
    }
    if found(&n.__getattr__) {
        f |= flags::HAS_GETATTR;
    }
    if py(&n.__setattr__) || py(&n.__delattr__) {
        f |= flags::HAS_SETATTR;
    }
    if found(&n.__get__) {
        f |= flags::HAS_GET;
    }
    if found(&n.__set__) || found(&n.__delete__) {
        f |= flags::HAS_SET;
    }
    f
}

/// The hook flags a class inherits from `base` for the names it does not define: a
/// heap type's own flags (kept up to date by `update_flags`), or for a static type
/// (which does not change after start-up) its MRO's answer, computed once.
fn base_hook_flags(vm: &Vm, base: &ObjRef) -> u32 {
    let td = tdata(base);
    let f = td.flags.get();
    if td.is_heap() {
        return f & flags::HOOKS;
    }
    if f & flags::STATIC_HOOKS_KNOWN != 0 {
        return (f >> flags::STATIC_HOOKS_SHIFT) & flags::HOOKS;
    }
    let h = hook_flags_by_lookup(vm, base);
    td.flags
        .set(f | flags::STATIC_HOOKS_KNOWN | (h << flags::STATIC_HOOKS_SHIFT));
    h
}

/// Recompute the cached hook flags of a class (and its subclasses).
pub fn update_flags(vm: &Vm, cls: &ObjRef) {
    let td = tdata(cls);
    // With one base (whose MRO follows the class in its own), a hook the class does not
    // define itself is the base's; otherwise the MRO is searched.
    let single_base = {
        let bases = td.bases.borrow();
        match bases.as_slice() {
            [b] if td.is_heap() && td.mro.borrow().get(1).is_some_and(|m| m.is(b)) => {
                Some(b.clone())
            }
            _ => None,
        }
    };
    let hooks = match single_base {
        Some(b) => {
            let inherited = base_hook_flags(vm, &b);
            let n = &vm.names;
            let own = |name: &ObjRef| dict::get_str_in(&td.dict, name);
            let mut h = 0;
            // (flag, names, whether only Python-level definitions count)
            let rules: [(u32, &[&ObjRef], bool); 6] = [
                (flags::HAS_DEL, &[&n.__del__], false),
                (flags::HAS_GETATTRIBUTE, &[&n.__getattribute__], true),
                (flags::HAS_GETATTR, &[&n.__getattr__], false),
                (flags::HAS_SETATTR, &[&n.__setattr__, &n.__delattr__], true),
                (flags::HAS_GET, &[&n.__get__], false),
                (flags::HAS_SET, &[&n.__set__, &n.__delete__], false),
            ];
            for (bit, names, py_only) in rules {
                let test = |v: &Value| !py_only || is_py_hook(v);
                let mut defined_here = false;
                let mut hit = false;
                for name in names {
                    if let Some(v) = own(name) {
                        defined_here = true;
                        hit |= test(&v);
                    }
                }
                let set = if hit {
                    true
                } else if !defined_here {
                    inherited & bit != 0
                } else {
                    // Defined here without counting: the names this class leaves to
                    // its bases decide.
                    names
                        .iter()
                        .any(|name| lookup(cls, name).is_some_and(|v| test(&v)))
                };
                if set {
                    h |= bit;
                }
            }
            h
        }
        None => hook_flags_by_lookup(vm, cls),
    };
    td.flags.set((td.flags.get() & !flags::HOOKS) | hooks);
    td.version.set(crate::objects::dict::next_version());
}

pub fn type_modified(vm: &Vm, cls: &ObjRef) {
    // A worklist, each class once: subclass lists can form a cycle while a metaclass's
    // mro() reassigns __bases__ reentrantly.
    let mut seen = std::collections::HashSet::new();
    let mut todo = vec![cls.clone()];
    while let Some(c) = todo.pop() {
        if !seen.insert(c.id()) {
            continue;
        }
        update_flags(vm, &c);
        todo.extend(live_subclasses(&c));
    }
}

// ----- native protocol dispatch ------------------------------------------------------

pub fn native_hash(vm: &Vm, v: &Value, o: &ObjRef) -> PyResult<i64> {
    match &o.payload {
        Payload::Str(s) => Ok(s.hash()),
        Payload::Int(i) => Ok(int::hash_big(i)),
        Payload::Float(f) => Ok(float::hash_float(*f, v)),
        Payload::Bytes(b) => Ok(pystr::hash_bytes(b)),
        Payload::Tuple(items) => tuple_hash(vm, items),
        Payload::Set(s)
            if o.class().is(&vm.types.frozenset)
                || tdata(o.class()).layout == Layout::FrozenSet =>
        {
            let hashes: Vec<i64> = s.borrow().iter().map(|slot| slot.hash).collect();
            Ok(frozenset_hash(&hashes))
        }
        Payload::Complex(a, b) => {
            let h = float::hash_float(*a, &Value::Float(*a))
                .wrapping_add(1000003i64.wrapping_mul(float::hash_float(*b, &Value::Float(*b))));
            Ok(if h == -1 { -2 } else { h })
        }
        Payload::List(_)
        | Payload::Dict(_)
        | Payload::Set(_)
        | Payload::ByteArray(_)
        | Payload::Slice(_) => Err(vm.unhashable(v)),
        // As CPython: equal ranges hash alike (empty ones, and one-item ones whatever
        // their step).
        Payload::Range(r) => tuple_hash(vm, &crate::objects::range::hash_key(vm, r)),
        Payload::MappingProxy(_) => vm.hash(&crate::objects::mapping::proxy_mapping(vm, v)?),
        Payload::BoundMethod(bm) => Ok(pointer_hash(&bm.1) ^ vm.hash(&bm.0)?),
        // Bound built-in methods and method-wrappers hash by their `self` and function
        // (CPython's meth_hash, wrapper_hash), as they compare.
        Payload::Builtin(b) => {
            let h = pointer_hash(&b.self_) ^ (b.func as usize as i64);
            Ok(if h == -1 { -2 } else { h })
        }
        Payload::Code(_) => crate::objects::code::code_hash_value(vm, v),
        _ => Ok(pointer_hash(v)),
    }
}

pub fn tuple_hash(vm: &Vm, items: &[Value]) -> PyResult<i64> {
    const P1: u64 = 11400714785074694791;
    const P2: u64 = 14029467366897019727;
    const P5: u64 = 2870177450012600261;
    let mut acc: u64 = P5;
    for it in items {
        let lane = vm.hash(it)? as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add((items.len() as u64) ^ (P5 ^ 3527539));
    if acc == u64::MAX {
        return Ok(1546275796);
    }
    Ok(acc as i64)
}

fn frozenset_hash(hashes: &[i64]) -> i64 {
    fn shuffle(h: u64) -> u64 {
        ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167)
    }
    let mut hash: u64 = 0;
    for &h in hashes {
        hash ^= shuffle(h as u64);
    }
    // CPython also xors in the shuffled hashes of empty slots (hash 0) and dummies (-1);
    // only the final mixing is reproduced here.
    hash ^= ((hashes.len() as u64) + 1).wrapping_mul(1927868237);
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash.wrapping_mul(69069).wrapping_add(907133923);
    let h = hash as i64;
    if h == -1 {
        590923713
    } else {
        h
    }
}

/// Rich comparison for built-in payloads (NotImplemented when unsupported).
pub fn native_compare(vm: &Vm, a: &Value, b: &Value, op: CompareOpArg) -> PyResult<Value> {
    if let Some(r) = crate::protocols::fast_compare(a, b, op) {
        return Ok(Value::Bool(r));
    }
    let (ao, bo) = match (a, b) {
        (Value::Obj(x), Value::Obj(y)) => (Some(x), Some(y)),
        (Value::Obj(x), _) => (Some(x), None),
        (_, Value::Obj(y)) => (None, Some(y)),
        _ => (None, None),
    };
    // Bound methods: the same object and equal functions (CPython's method_richcompare).
    if let (Some(x), Some(y)) = (ao, bo) {
        if let (Payload::BoundMethod(p), Payload::BoundMethod(q)) = (&x.payload, &y.payload) {
            if matches!(op, CompareOpArg::Eq | CompareOpArg::Ne) {
                let eq = p.1.is(&q.1) && vm.eq(&p.0, &q.0)?;
                return Ok(Value::Bool(eq == (op == CompareOpArg::Eq)));
            }
        }
        // Built-in methods and method-wrappers: the same self and the same function
        // (CPython's meth_richcompare, wrapper_richcompare).
        if let (Payload::Builtin(p), Payload::Builtin(q)) = (&x.payload, &y.payload) {
            if matches!(op, CompareOpArg::Eq | CompareOpArg::Ne) && x.class().is(y.class()) {
                let eq = p.self_.is(&q.self_) && p.func as usize == q.func as usize;
                return Ok(Value::Bool(eq == (op == CompareOpArg::Eq)));
            }
        }
    }
    // Numbers (heap ints, float subclasses, complex).
    if int::is_int(a) && int::is_int(b) {
        if let (Some(x), Some(y)) = (int::big_cow(a), int::big_cow(b)) {
            return Ok(Value::Bool(cmp_ord(x.cmp(&y), op)));
        }
    }
    let is_num = |v: &Value| {
        int::is_int(v)
            || matches!(v, Value::Float(_))
            || matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Float(_)))
    };
    if is_num(a) && is_num(b) {
        // An int against a float compares exactly, whatever the int's size.
        if let (Some(i), Some(Ok(f))) = (int::as_bigint(a), float::as_f64(vm, b)) {
            return Ok(Value::Bool(float::compare_bigint_float(&i, f, op)));
        }
        if let (Some(Ok(f)), Some(i)) = (float::as_f64(vm, a), int::as_bigint(b)) {
            return Ok(Value::Bool(float::compare_bigint_float(
                &i,
                f,
                crate::protocols::swap_cmp(op),
            )));
        }
        let x = float::as_f64(vm, a).transpose().ok().flatten();
        let y = float::as_f64(vm, b).transpose().ok().flatten();
        if let (Some(x), Some(y)) = (x, y) {
            return Ok(Value::Bool(match x.partial_cmp(&y) {
                Some(o) => cmp_ord(o, op),
                None => op == CompareOpArg::Ne,
            }));
        }
        return Ok(Value::Bool(op == CompareOpArg::Ne));
    }
    let is_complex =
        |v: &Value| matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Complex(..)));
    if (is_complex(a) || is_complex(b))
        && (is_num(a) || is_complex(a))
        && (is_num(b) || is_complex(b))
    {
        if !matches!(op, CompareOpArg::Eq | CompareOpArg::Ne) {
            return Ok(vm.not_implemented());
        }
        let x = float::as_complex(vm, a).transpose()?;
        let y = float::as_complex(vm, b).transpose()?;
        let eq = x == y;
        return Ok(Value::Bool(if op == CompareOpArg::Eq { eq } else { !eq }));
    }
    let (Some(ao), Some(bo)) = (ao, bo) else {
        return Ok(vm.not_implemented());
    };
    match (&ao.payload, &bo.payload) {
        (Payload::Str(s), Payload::Str(t)) => {
            Ok(Value::Bool(cmp_ord(s.as_bytes().cmp(t.as_bytes()), op)))
        }
        (Payload::Bytes(_) | Payload::ByteArray(_), Payload::Bytes(_) | Payload::ByteArray(_)) => {
            let x = crate::objects::bytes::bytes_from_value(vm, a)?;
            let y = crate::objects::bytes::bytes_from_value(vm, b)?;
            Ok(Value::Bool(cmp_ord(x.cmp(&y), op)))
        }
        (Payload::Tuple(x), Payload::Tuple(y)) => seq::compare_seqs(vm, x, y, op),
        (Payload::List(x), Payload::List(y)) => seq::compare_lists(vm, x, y, op),
        (Payload::Dict(_), Payload::Dict(_)) => {
            if !matches!(op, CompareOpArg::Eq | CompareOpArg::Ne) {
                return Ok(vm.not_implemented());
            }
            let eq = crate::objects::mapping::dict_eq(vm, ao, bo)?;
            Ok(Value::Bool(if op == CompareOpArg::Eq { eq } else { !eq }))
        }
        (Payload::Set(_), Payload::Set(_)) => pyset::set_compare(vm, ao, bo, op),
        // A mappingproxy compares as the mapping it shows.
        (Payload::MappingProxy(_), _) => {
            let t = crate::objects::mapping::proxy_mapping(vm, a)?;
            vm.rich_compare(&t, b, op)
        }
        (_, Payload::MappingProxy(_)) => {
            let t = crate::objects::mapping::proxy_mapping(vm, b)?;
            vm.rich_compare(a, &t, op)
        }
        (Payload::DictView(_), _) | (_, Payload::DictView(_)) => {
            crate::objects::mapping::view_compare(vm, a, b, op)
        }
        (Payload::Range(x), Payload::Range(y)) => {
            if !matches!(op, CompareOpArg::Eq | CompareOpArg::Ne) {
                return Ok(vm.not_implemented());
            }
            let eq = crate::objects::range::range_eq(x, y);
            Ok(Value::Bool(if op == CompareOpArg::Eq { eq } else { !eq }))
        }
        (Payload::Slice(x), Payload::Slice(y)) => seq::compare_seqs(vm, &x[..], &y[..], op),
        (Payload::Code(_), Payload::Code(_)) => {
            crate::objects::code::code_richcompare(vm, a, b, op)
        }
        _ => match op {
            CompareOpArg::Eq if a.is(b) => Ok(Value::Bool(true)),
            CompareOpArg::Ne if a.is(b) => Ok(Value::Bool(false)),
            _ => Ok(vm.not_implemented()),
        },
    }
}

pub fn cmp_ord(o: std::cmp::Ordering, op: CompareOpArg) -> bool {
    use std::cmp::Ordering::*;
    match op {
        CompareOpArg::Lt => o == Less,
        CompareOpArg::Le => o != Greater,
        CompareOpArg::Eq => o == Equal,
        CompareOpArg::Ne => o != Equal,
        CompareOpArg::Gt => o == Greater,
        CompareOpArg::Ge => o != Less,
    }
}

/// Whether a built-in type implements a binary operator.
pub fn native_supports(layout: Layout, ty: &ObjRef, op: BinaryOpArg) -> bool {
    use BinaryOpArg::*;
    match layout {
        Layout::Int | Layout::Bool => op != MatrixMultiply,
        Layout::Float => matches!(
            op,
            Add | Subtract | Multiply | TrueDivide | FloorDivide | Remainder | Power
        ),
        Layout::Complex => matches!(op, Add | Subtract | Multiply | TrueDivide | Power),
        Layout::Str | Layout::Bytes | Layout::ByteArray => matches!(op, Add | Multiply | Remainder),
        Layout::List | Layout::Tuple => matches!(op, Add | Multiply),
        Layout::Set | Layout::FrozenSet => matches!(op, And | Or | Xor | Subtract),
        Layout::Dict | Layout::Type => op == Or,
        _ => {
            let n = tdata(ty).name.borrow().clone();
            ((n == "dict_keys" || n == "dict_items") && matches!(op, And | Or | Xor | Subtract))
                || (n == "mappingproxy" && op == Or)
        }
    }
}

/// A binary operator on built-in payloads (NotImplemented when they do not apply).
/// Whether `o` is a built-in sequence that `*` repeats.
fn is_repeatable(o: &ObjRef) -> bool {
    matches!(
        o.payload,
        Payload::Str(_)
            | Payload::List(_)
            | Payload::Tuple(_)
            | Payload::Bytes(_)
            | Payload::ByteArray(_)
    )
}

/// Whether the type of `v` defines `__index__` (CPython's nb_index slot).
fn has_index(vm: &Vm, v: &Value) -> bool {
    match v {
        Value::Obj(o) => typeobj::lookup(o.class(), &vm.names.__index__).is_some(),
        _ => int::is_int(v),
    }
}

pub fn native_binop(vm: &Vm, a: &Value, b: &Value, op: BinaryOpArg) -> PyResult<Value> {
    use BinaryOpArg::*;
    // `int | str`, `int | None`: types.UnionType (PEP 604).
    let is_type = |v: &Value| matches!(v, Value::Obj(o) if o.payload.as_type().is_some());
    if op == Or && (is_type(a) || is_type(b)) {
        return crate::objects::genericalias::union_or(vm, a, b);
    }
    // bool's own &, | and ^ keep the result a bool.
    if let (Value::Bool(x), Value::Bool(y), And | Or | Xor) = (a, b, op) {
        return Ok(Value::Bool(match op {
            And => x & y,
            Or => x | y,
            _ => x ^ y,
        }));
    }
    if int::is_int(a) && int::is_int(b) {
        return int::int_binop(vm, a, b, op);
    }
    let is_real = |v: &Value| {
        int::is_int(v)
            || matches!(v, Value::Float(_))
            || matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Float(_)))
    };
    if is_real(a) && is_real(b) {
        return float::float_binop_values(vm, a, b, op);
    }
    let is_cx = |v: &Value| matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Complex(..)));
    if (is_cx(a) || is_cx(b)) && (is_real(a) || is_cx(a)) && (is_real(b) || is_cx(b)) {
        return float::complex_binop(vm, a, b, op);
    }
    let (Value::Obj(ao), bv) = (a, b) else {
        // int * sequence
        if op == Multiply && int::is_int(a) {
            if let Value::Obj(bo) = b {
                return seq::seq_repeat(vm, bo, a);
            }
        }
        // `5 | d.keys()`: the view's reflected operator (it raises for non-iterables).
        if let Value::Obj(bo) = b {
            if matches!(bo.payload, Payload::DictView(_)) && matches!(op, And | Or | Xor | Subtract)
            {
                return crate::objects::mapping::view_binop(vm, a, b, op);
            }
        }
        return Ok(vm.not_implemented());
    };
    match (&ao.payload, op) {
        (Payload::Str(_), Remainder) => crate::format::percent_format_str(vm, ao, bv),
        (Payload::Bytes(_) | Payload::ByteArray(_), Remainder) => {
            crate::objects::bytes::bytes_percent(vm, a, bv)
        }
        (_, Multiply) if int::is_int(bv) => seq::seq_repeat(vm, ao, bv),
        (_, Multiply) => match bv {
            Value::Obj(bo) if int::is_int(a) => seq::seq_repeat(vm, bo, a),
            // A sequence times any object with __index__ repeats (CPython's sq_repeat).
            _ if is_repeatable(ao) && has_index(vm, bv) => seq::seq_repeat(vm, ao, bv),
            Value::Obj(bo) if is_repeatable(bo) && has_index(vm, a) => seq::seq_repeat(vm, bo, a),
            _ => Ok(vm.not_implemented()),
        },
        (_, Add) => seq::seq_concat(vm, ao, bv),
        (Payload::Set(_), And | Or | Xor | Subtract) if matches!(bv, Value::Obj(bo) if matches!(bo.payload, Payload::DictView(_))) => {
            crate::objects::mapping::view_binop(vm, a, bv, op)
        }
        (Payload::Set(_), And | Or | Xor | Subtract) => pyset::set_binop(vm, ao, bv, op),
        (Payload::DictView(_), And | Or | Xor | Subtract) => {
            crate::objects::mapping::view_binop(vm, a, bv, op)
        }
        (Payload::Dict(_), Or) if !is_proxy(bv) => crate::objects::mapping::dict_or(vm, ao, bv),
        (Payload::MappingProxy(_), Or) => {
            let t = crate::objects::mapping::proxy_mapping(vm, a)?;
            let other = if is_proxy(bv) {
                crate::objects::mapping::proxy_mapping(vm, bv)?
            } else {
                bv.clone()
            };
            vm.binary_op(&t, &other, Or)
        }
        (_, Or) if is_proxy(bv) => {
            let t = crate::objects::mapping::proxy_mapping(vm, bv)?;
            vm.binary_op(a, &t, Or)
        }
        _ => {
            if let (Value::Obj(bo), And | Or | Xor | Subtract) = (bv, op) {
                if matches!(bo.payload, Payload::DictView(_)) {
                    return crate::objects::mapping::view_binop(vm, a, bv, op);
                }
            }
            Ok(vm.not_implemented())
        }
    }
}

fn is_proxy(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(o.payload, Payload::MappingProxy(_)))
}

/// In-place operators that mutate built-in containers.
pub fn native_inplace(vm: &Vm, o: &ObjRef, b: &Value, op: BinaryOpArg) -> Option<PyResult<Value>> {
    use BinaryOpArg::*;
    match (&o.payload, op) {
        (Payload::List(l), Add) => {
            let items = match vm.collect(b) {
                Ok(i) => i,
                Err(e) => return Some(Err(e)),
            };
            l.borrow_mut().extend(items);
            Some(Ok(Value::Obj(o.clone())))
        }
        (Payload::List(l), Multiply) => {
            let n = match vm.to_index(b) {
                Ok(n) => n,
                Err(e) => return Some(Err(e)),
            };
            if n <= 0 {
                let old = std::mem::take(&mut *l.borrow_mut());
                drop(old);
            } else {
                let base = l.borrow().clone();
                match seq::repeat_items(vm, &base, n as usize) {
                    Ok(v) => *l.borrow_mut() = v,
                    Err(e) => return Some(Err(e)),
                }
            }
            Some(Ok(Value::Obj(o.clone())))
        }
        (Payload::ByteArray(ba), Add) => {
            let items = match crate::objects::bytes::bytes_from_value(vm, b) {
                Ok(i) => i,
                Err(e) => return Some(Err(e)),
            };
            if !items.is_empty() {
                let me = Value::Obj(o.clone());
                if let Err(e) = crate::objects::memoryview::check_resizable(vm, &me) {
                    return Some(Err(e));
                }
            }
            ba.borrow_mut().extend(items);
            Some(Ok(Value::Obj(o.clone())))
        }
        (Payload::Set(_), And | Or | Xor | Subtract)
            if tdata(o.class()).layout == Layout::Set
                && matches!(b, Value::Obj(bo) if matches!(bo.payload, Payload::Set(_))) =>
        {
            Some(pyset::set_inplace(vm, o, b, op))
        }
        (Payload::Dict(_), Or) => {
            Some(crate::objects::mapping::dict_update_from(vm, o, b).map(|_| Value::Obj(o.clone())))
        }
        _ => None,
    }
}

pub fn native_unary(vm: &Vm, o: &ObjRef, name: &ObjRef) -> Option<PyResult<Value>> {
    let n = pystr::as_rust_str(name);
    match &o.payload {
        Payload::Int(i) => Some(Ok(match n.as_str() {
            "__neg__" => int::from_bigint(vm, -i.clone()),
            "__pos__" => int::from_bigint(vm, i.clone()),
            "__invert__" => int::from_bigint(vm, !i.clone()),
            "__abs__" => int::from_bigint(vm, num_traits::Signed::abs(i)),
            _ => return None,
        })),
        Payload::Float(f) => Some(Ok(match n.as_str() {
            "__neg__" => Value::Float(-f),
            "__pos__" => Value::Float(*f),
            "__abs__" => Value::Float(f.abs()),
            _ => return None,
        })),
        Payload::Complex(a, b) => Some(Ok(match n.as_str() {
            "__neg__" => float::new_complex(vm, -a, -b),
            "__pos__" => float::new_complex(vm, *a, *b),
            "__abs__" => Value::Float(a.hypot(*b)),
            _ => return None,
        })),
        _ => None,
    }
}

pub fn native_getitem(vm: &Vm, o: &ObjRef, key: &Value) -> Option<PyResult<Value>> {
    match &o.payload {
        Payload::List(_)
        | Payload::Tuple(_)
        | Payload::Str(_)
        | Payload::Bytes(_)
        | Payload::ByteArray(_)
        | Payload::Range(_) => Some(seq::seq_getitem(vm, o, key)),
        Payload::Dict(_) if !o.class().is(&vm.types.dict) => {
            // Static dict subclasses (collections.defaultdict) may define `__missing__`.
            Some(crate::objects::mapping::dict_getitem(vm, o, key))
        }
        Payload::Dict(_) => Some(match dict::get(vm, o, key) {
            Ok(Some(v)) => Ok(v),
            Ok(None) => Err(vm.key_error(key.clone())),
            Err(e) => Err(e),
        }),
        Payload::MappingProxy(m) => Some(match m {
            Value::Obj(t) if t.payload.as_type().is_some() => {
                let name = match key {
                    Value::Obj(s) if s.payload.as_str().is_some() => vm.intern_obj(s),
                    _ => return Some(Err(vm.key_error(key.clone()))),
                };
                dict::get_str_in(&tdata(t).dict, &name).ok_or_else(|| vm.key_error(key.clone()))
            }
            _ => vm.getitem(m, key),
        }),
        _ => None,
    }
}

pub fn native_setitem(
    vm: &Vm,
    o: &ObjRef,
    key: &Value,
    value: Option<Value>,
) -> Option<PyResult<()>> {
    match &o.payload {
        Payload::List(_) | Payload::ByteArray(_) => Some(seq::seq_setitem(vm, o, key, value)),
        Payload::Dict(_) => Some(match value {
            Some(v) => dict::set(vm, o, key.clone(), v),
            None => match dict::remove(vm, o, key) {
                Ok(Some(_)) => Ok(()),
                Ok(None) => Err(vm.key_error(key.clone())),
                Err(e) => Err(e),
            },
        }),
        _ => None,
    }
}

pub fn native_contains(vm: &Vm, o: &ObjRef, item: &Value) -> Option<PyResult<bool>> {
    match &o.payload {
        Payload::Dict(_) => Some(dict::get(vm, o, item).map(|r| r.is_some())),
        Payload::Set(s) => Some(match item {
            Value::Obj(io)
                if matches!(io.payload, Payload::Set(_)) && !io.class().is(&vm.types.frozenset) =>
            {
                // A set is looked up as the equal frozenset.
                let fs = pyset::frozen_copy(vm, io);
                pyset::contains(vm, s, &fs)
            }
            _ => pyset::contains(vm, s, item),
        }),
        Payload::List(_)
        | Payload::Tuple(_)
        | Payload::Str(_)
        | Payload::Bytes(_)
        | Payload::ByteArray(_)
        | Payload::Range(_) => Some(seq::seq_contains(vm, o, item)),
        Payload::DictView(_) => Some(crate::objects::mapping::view_contains(vm, o, item)),
        Payload::MappingProxy(m) => Some(match m {
            Value::Obj(t) if t.payload.as_type().is_some() => Ok(match item {
                Value::Obj(s) if s.payload.as_str().is_some() => {
                    dict::get_str_in(&tdata(t).dict, &vm.intern_obj(s)).is_some()
                }
                _ => false,
            }),
            _ => vm.contains(m, item),
        }),
        _ => None,
    }
}

/// `NoneType()`, `type(...)()` and `type(NotImplemented)()`: the singleton, no arguments.
fn singleton_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = args.args.first().cloned().unwrap_or(Value::None);
    let name = match &cls {
        Value::Obj(c) if c.payload.as_type().is_some() => tdata(c).name(),
        _ => String::new(),
    };
    if args.args.len() > 1 || args.has_kw() {
        return Err(vm.type_error(format!("{name} takes no arguments")));
    }
    Ok(match &cls {
        Value::Obj(c) if c.is(&vm.types.ellipsis) => Value::Obj(vm.ellipsis.clone()),
        Value::Obj(c) if c.is(&vm.types.not_implemented) => vm.not_implemented(),
        _ => Value::None,
    })
}

/// The member descriptor `args[0]` refers to.
fn member_of<'a>(vm: &Vm, args: &'a Args) -> PyResult<&'a crate::object::MemberData> {
    member_data(vm, args.args.first().unwrap_or(&Value::Null))
}

/// The member descriptor `v` is (TypeError for anything else).
fn member_data<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a crate::object::MemberData> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Member(m) => Ok(m),
            _ => Err(vm.type_error("expected a member descriptor")),
        },
        _ => Err(vm.type_error("expected a member descriptor")),
    }
}

/// `member.__get__(obj, type=None)`: the descriptor itself for None.
fn member_get_m(vm: &Vm, args: Args) -> PyResult<Value> {
    let m = member_of(vm, &args)?;
    let (inst, _) = vm.descr_get_args(&args)?;
    if inst.is_none() {
        return Ok(args.args[0].clone());
    }
    member_get(vm, m, &inst)
}

/// `member.__set__(obj, value)`.
fn member_set_m(vm: &Vm, args: Args) -> PyResult<Value> {
    let m = member_of(vm, &args)?;
    vm.wrapper_unpack(&args, 2, 2)?;
    member_set(vm, m, &args.args[1], Some(args.args[2].clone()))?;
    Ok(Value::None)
}

/// `member.__delete__(obj)`.
fn member_delete_m(vm: &Vm, args: Args) -> PyResult<Value> {
    let m = member_of(vm, &args)?;
    vm.wrapper_nargs(&args, 1)?;
    member_set(vm, m, &args.args[1], None)?;
    Ok(Value::None)
}

/// `member.__objclass__`.
fn member_objclass(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Obj(member_data(vm, v)?.owner.clone()))
}

/// `member.__name__`.
fn member_name(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Obj(member_data(vm, v)?.name.clone()))
}

pub fn init(vm: &Vm) {
    let md = &vm.types.member_descriptor;
    vm.add_method(md, "__repr__", member_repr);
    vm.add_method(md, "__get__", member_get_m);
    vm.add_method(md, "__set__", member_set_m);
    vm.add_method(md, "__delete__", member_delete_m);
    vm.add_getset(md, "__objclass__", member_objclass, None);
    vm.add_getset(md, "__name__", member_name, None);
    for t in [
        &vm.types.none,
        &vm.types.ellipsis,
        &vm.types.not_implemented,
    ] {
        vm.add_static(t, "__new__", singleton_new);
    }
    let o = &vm.types.object;
    vm.add_static(o, "__new__", object_new);
    vm.add_method(o, "__init__", object_init);
    if let Some(on) = dict::get_str_in(&tdata(o).dict, &vm.names.__new__) {
        vm.object_new.set(on);
    }
    if let Some(oi) = dict::get_str_in(&tdata(o).dict, &vm.names.__init__) {
        vm.object_init.set(oi);
    }
    vm.add_method(o, "__repr__", object_repr);
    vm.add_method(o, "__str__", object_str);
    vm.add_method(o, "__eq__", object_eq);
    vm.add_method(o, "__ne__", object_ne);
    vm.add_method(o, "__lt__", object_cmp_ni);
    vm.add_method(o, "__le__", object_cmp_ni);
    vm.add_method(o, "__gt__", object_cmp_ni);
    vm.add_method(o, "__ge__", object_cmp_ni);
    vm.add_method(o, "__hash__", object_hash);
    vm.add_method(o, "__getattribute__", object_getattribute);
    vm.add_method(o, "__setattr__", object_setattr);
    vm.add_method(o, "__delattr__", object_delattr);
    vm.add_method(o, "__format__", object_format);
    vm.add_method(o, "__dir__", object_dir);
    vm.add_method(o, "__sizeof__", object_sizeof);
    vm.add_method(o, "__reduce_ex__", object_reduce_ex);
    vm.add_method(o, "__reduce__", object_reduce_m);
    vm.add_method(o, "__getstate__", object_getstate);
    vm.add_classmethod(o, "__init_subclass__", object_init_subclass);
    vm.add_classmethod(o, "__subclasshook__", object_subclasshook);
    vm.add_getset(o, "__class__", object_get_class, Some(object_set_class));
    vm.set_type_attr(
        o,
        "__doc__",
        vm.new_str(
            "The base class of the class hierarchy.\n\nWhen called, it accepts no arguments \
             and returns a new featureless\ninstance that has no instance attributes and \
             cannot be given any.\n",
        ),
    );

    let t = &vm.types.type_;
    vm.add_static(t, "__new__", type_new);
    vm.add_method(t, "__init__", type_init);
    vm.add_method(t, "__call__", type_call_m);
    vm.add_method(t, "__repr__", type_repr);
    vm.add_method(t, "mro", type_mro);
    vm.add_method(t, "__subclasses__", type_subclasses);
    vm.add_method(t, "__instancecheck__", type_instancecheck);
    vm.add_method(t, "__subclasscheck__", type_subclasscheck);
    vm.add_method(t, "__dir__", type_dir);
    vm.add_classmethod(t, "__prepare__", type_prepare);
    vm.add_getset(t, "__name__", type_get_name, Some(type_set_name));
    vm.add_getset(
        t,
        "__qualname__",
        type_get_qualname,
        Some(type_set_qualname),
    );
    vm.add_getset(t, "__module__", type_get_module, Some(type_set_module));
    vm.add_getset(t, "__doc__", type_get_doc, Some(type_set_doc));
    vm.add_getset(
        t,
        "__annotations__",
        type_get_annotations,
        Some(type_set_annotations),
    );
    vm.add_getset(
        t,
        "__bases__",
        type_get_bases,
        Some(crate::objects::type_mro::set_bases),
    );
    vm.add_getset(t, "__base__", type_get_base, None);
    vm.add_getset(t, "__mro__", type_get_mro, None);
    vm.add_getset(t, "__flags__", type_get_flags, None);
    vm.add_getset(t, "__dict__", type_get_dict, None);
    vm.add_getset(
        t,
        "__abstractmethods__",
        type_get_abstract,
        Some(type_set_abstract),
    );
}
