//! Struct sequences (CPython's `PyStructSequence`): tuple subclasses whose items also
//! have names, such as `os.stat_result`, `time.struct_time`, `sys.flags`.
//!
//! Any native module can build one: `new_type(vm, "os", "stat_result", FIELDS, 10)` gives
//! the type, `new_instance(vm, &ty, values)` an instance (one value per field, in order).
//!
//! Invariants: the first `n_sequence` fields are the tuple's items (the instance's
//! `Payload::Tuple`, so len, indexing, comparison and hashing are the tuple's); the
//! remaining ("hidden") fields live in the instance's `__dict__` under their names.
//! A field named `UNNAMED` is visible by index only (the integer times of `stat_result`).
//! Named visible fields are read through properties bound to their index.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::memory::{ObjRef, ValueCell};
use crate::object::{Payload, PropertyData};
use crate::objects::dict;
use crate::objects::typeobj::Layout;
use crate::value::Value;
use crate::vm::{new_static_type, Args, PyResult, Vm};

/// The name of a field that has no name (CPython's `PyStructSequence_UnnamedField`).
pub const UNNAMED: &str = "unnamed field";

/// What a struct sequence type knows about its fields.
struct Spec {
    /// `module.name`, as repr and error messages show it.
    full_name: String,
    fields: Vec<&'static str>,
    n_sequence: usize,
    /// False for types Python code cannot instantiate (`sys.flags`...): see `disable_new`.
    instantiable: std::cell::Cell<bool>,
}

impl Spec {
    /// The named fields (CPython's `tp_members`), in order.
    fn members(&self) -> Vec<&'static str> {
        self.fields
            .iter()
            .copied()
            .filter(|f| *f != UNNAMED)
            .collect()
    }
    fn n_unnamed(&self) -> usize {
        self.fields.iter().filter(|f| **f == UNNAMED).count()
    }
}

thread_local! {
    /// Struct sequence types by the address of their (immortal) type object.
    static SPECS: RefCell<HashMap<usize, Rc<Spec>>> = RefCell::new(HashMap::new());
}

fn spec_of(ty: &ObjRef) -> Option<Rc<Spec>> {
    SPECS.with(|s| s.borrow().get(&ty.id()).cloned())
}

/// The spec of the struct sequence type of `v` (or of a type in its MRO).
fn spec_for_value(vm: &Vm, v: &Value) -> PyResult<(ObjRef, Rc<Spec>)> {
    let ty = vm.type_of(v);
    let mro = ty
        .payload
        .as_type()
        .map(|t| t.mro.borrow().clone())
        .unwrap_or_default();
    for t in mro {
        if let Some(s) = spec_of(&t) {
            return Ok((t, s));
        }
    }
    Err(vm.type_error(format!(
        "descriptor requires a struct sequence, not '{}'",
        vm.type_name(v)
    )))
}

/// A new struct sequence type `module.name` with `fields`, the first `n_sequence` of
/// which are the tuple's items.
pub fn new_type(
    vm: &Vm,
    module: &str,
    name: &str,
    fields: &[&'static str],
    n_sequence: usize,
) -> ObjRef {
    let n_sequence = n_sequence.min(fields.len());
    let ty = new_static_type(
        &vm.types.type_,
        name,
        Some(&vm.types.tuple),
        Layout::Tuple,
        false,
    );
    vm.keep_native_type(&ty);
    let spec = Rc::new(Spec {
        // Types CPython names without a module (tp_name "asyncgen_hooks") show bare.
        full_name: if module == "builtins" {
            name.to_string()
        } else {
            format!("{module}.{name}")
        },
        fields: fields.to_vec(),
        n_sequence,
        instantiable: std::cell::Cell::new(true),
    });
    vm.set_type_attr(&ty, "__module__", vm.new_str(module));
    vm.set_type_attr(&ty, "__doc__", Value::None);
    vm.set_type_attr(&ty, "n_sequence_fields", Value::Int(n_sequence as i64));
    vm.set_type_attr(&ty, "n_fields", Value::Int(fields.len() as i64));
    vm.set_type_attr(&ty, "n_unnamed_fields", Value::Int(spec.n_unnamed() as i64));
    let match_args: Vec<Value> = fields[..n_sequence]
        .iter()
        .filter(|f| **f != UNNAMED)
        .map(|f| vm.new_str(*f))
        .collect();
    vm.set_type_attr(&ty, "__match_args__", vm.new_tuple(match_args));
    for (i, f) in fields[..n_sequence].iter().enumerate() {
        if *f == UNNAMED {
            continue;
        }
        let getter = vm.new_builtin(f, field_get, Value::Int(i as i64));
        let prop = ObjRef::new(
            &vm.types.property,
            Payload::Property(Box::new(PropertyData {
                fget: getter,
                fset: Value::None,
                fdel: Value::None,
                doc: ValueCell::new(Value::None),
                name: ValueCell::new(vm.new_str(*f)),
            })),
        );
        vm.set_type_attr(&ty, f, Value::Obj(prop));
    }
    vm.add_static(&ty, "__new__", structseq_new);
    vm.add_method(&ty, "__repr__", structseq_repr);
    vm.add_method(&ty, "__reduce__", structseq_reduce);
    SPECS.with(|s| s.borrow_mut().insert(ty.id(), spec));
    ty
}

/// Make `ty` (a struct sequence type) impossible to instantiate from Python, as
/// `sys.flags` and `sys.version_info` are.
/// (The type keeps its `__new__`, which refuses: replacing the immortal function in the
/// type's dict would leave it unreferenced.)
pub fn disable_new(ty: &ObjRef) {
    if let Some(spec) = spec_of(ty) {
        spec.instantiable.set(false);
    }
}

/// CPython's error for a call of a type `disable_new` made uninstantiable.
fn cannot_create(vm: &Vm, cls: &ObjRef) -> ObjRef {
    let name = spec_of(cls)
        .map(|s| s.full_name.clone())
        .unwrap_or_else(|| "struct sequence".to_string());
    vm.type_error(format!("cannot create '{name}' instances"))
}

/// A new instance of the struct sequence type `ty` from one value per field (missing
/// trailing values are None).
pub fn new_instance(vm: &Vm, ty: &ObjRef, mut values: Vec<Value>) -> Value {
    let spec = match spec_of(ty) {
        Some(s) => s,
        None => return vm.new_tuple(values),
    };
    values.resize(spec.fields.len(), Value::None);
    let hidden = values.split_off(spec.n_sequence);
    let o = ObjRef::new(ty, Payload::Tuple(values.into()));
    if !hidden.is_empty() {
        let d = vm.new_dict_obj();
        for (name, v) in spec.fields[spec.n_sequence..].iter().zip(hidden) {
            if *name != UNNAMED {
                dict::set_str(&d, &vm.intern(name), v);
            }
        }
        o.set_dict(Some(d));
    }
    Value::Obj(o)
}

/// The property getter of visible field number `args[0]`.
fn field_get(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let index = match pos.first() {
        Some(Value::Int(i)) => *i as usize,
        _ => return Err(vm.type_error("bad struct sequence field")),
    };
    match pos.get(1) {
        Some(Value::Obj(o)) => match o.payload.as_tuple() {
            Some(items) if index < items.len() => Ok(items[index].clone()),
            _ => Err(vm.type_error("bad struct sequence instance")),
        },
        _ => Err(vm.type_error("bad struct sequence instance")),
    }
}

/// `T(sequence, dict=None)`
fn structseq_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let cls = match pos.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => c.clone(),
        _ => return Err(vm.type_error("structseq.__new__(X): X is not a type object")),
    };
    let spec = cls
        .payload
        .as_type()
        .map(|t| t.mro.borrow().clone())
        .unwrap_or_default()
        .iter()
        .find_map(spec_of)
        .ok_or_else(|| vm.type_error("not a struct sequence type"))?;
    if !spec.instantiable.get() {
        return Err(cannot_create(vm, &cls));
    }
    let mut sequence: Option<Value> = pos.get(1).cloned();
    let mut mapping: Option<Value> = pos.get(2).cloned();
    if pos.len() > 3 {
        return Err(vm.type_error(format!(
            "structseq() takes at most 2 arguments ({} given)",
            args.args.len() - 1
        )));
    }
    for (k, v) in args.kwargs() {
        match vm.str_string(k)?.as_str() {
            "sequence" if sequence.is_none() => sequence = Some(v.clone()),
            "dict" if mapping.is_none() => mapping = Some(v.clone()),
            other => {
                return Err(vm.type_error(format!(
                    "'{other}' is an invalid keyword argument for structseq()"
                )))
            }
        }
    }
    let sequence = sequence
        .ok_or_else(|| vm.type_error("structseq() missing required argument 'sequence' (pos 1)"))?;
    let items = match &sequence {
        Value::Obj(o) if o.payload.as_tuple().is_some() || o.payload.as_list().is_some() => {
            vm.collect(&sequence)?
        }
        _ => {
            let it = vm.iter(&sequence).map_err(|e| {
                if vm.exc_matches(&e, &vm.exc.type_error) {
                    vm.type_error("constructor requires a sequence")
                } else {
                    e
                }
            })?;
            vm.collect(&it)?
        }
    };
    let mapping = match mapping {
        Some(Value::None) | None => None,
        Some(m @ Value::Obj(_)) if m.as_obj().and_then(|o| o.payload.as_dict()).is_some() => {
            Some(m)
        }
        Some(_) => {
            return Err(vm.type_error(format!(
                "{}() takes a dict as second arg, if any",
                spec.full_name
            )))
        }
    };
    let len = items.len();
    let min = spec.n_sequence;
    let max = spec.fields.len();
    if len < min {
        return Err(vm.type_error(if min == max {
            format!(
                "{}() takes a {}-sequence ({}-sequence given)",
                spec.full_name, min, len
            )
        } else {
            format!(
                "{}() takes an at least {}-sequence ({}-sequence given)",
                spec.full_name, min, len
            )
        }));
    }
    if len > max {
        return Err(vm.type_error(if min == max {
            format!(
                "{}() takes a {}-sequence ({}-sequence given)",
                spec.full_name, min, len
            )
        } else {
            format!(
                "{}() takes an at most {}-sequence ({}-sequence given)",
                spec.full_name, max, len
            )
        }));
    }
    let members = spec.members();
    let n_unnamed = spec.n_unnamed();
    let mut values = items;
    for i in len..max {
        let v = match (&mapping, members.get(i - n_unnamed)) {
            (Some(m), Some(name)) => {
                let key = vm.new_str(*name);
                match m.as_obj() {
                    Some(d) => dict::get(vm, d, &key)?.unwrap_or(Value::None),
                    None => Value::None,
                }
            }
            _ => Value::None,
        };
        values.push(v);
    }
    // Hidden fields are stored under the member names CPython gives them.
    let hidden = values.split_off(min);
    let o = ObjRef::new(&cls, Payload::Tuple(values.into()));
    if !hidden.is_empty() {
        let d = vm.new_dict_obj();
        for (i, v) in hidden.into_iter().enumerate() {
            if let Some(name) = members.get(min + i - n_unnamed) {
                dict::set_str(&d, &vm.intern(name), v);
            }
        }
        o.set_dict(Some(d));
    }
    Ok(Value::Obj(o))
}

/// `repr(T(...))`: `module.name(field=value, ...)` over the visible items, named as
/// CPython names them (by position in the named-member list).
fn structseq_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = args
        .pos()
        .first()
        .cloned()
        .ok_or_else(|| vm.type_error("__repr__ needs an argument"))?;
    let (_, spec) = spec_for_value(vm, &this)?;
    let items: Vec<Value> = this
        .as_obj()
        .and_then(|o| o.payload.as_tuple())
        .map(|t| t.to_vec())
        .unwrap_or_default();
    let members = spec.members();
    let mut out = format!("{}(", spec.full_name);
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(members.get(i).copied().unwrap_or("?"));
        out.push('=');
        out.push_str(&vm.repr_string(v)?);
    }
    out.push(')');
    Ok(vm.new_str(out))
}

/// `T.__reduce__()`: `(T, (visible items, {hidden name: value}))`.
fn structseq_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = args
        .pos()
        .first()
        .cloned()
        .ok_or_else(|| vm.type_error("__reduce__ needs an argument"))?;
    let (_, spec) = spec_for_value(vm, &this)?;
    let o = this
        .as_obj()
        .cloned()
        .ok_or_else(|| vm.type_error("bad struct sequence"))?;
    let items = o.payload.as_tuple().map(|t| t.to_vec()).unwrap_or_default();
    let d = vm.new_dict_obj();
    let members = spec.members();
    let n_unnamed = spec.n_unnamed();
    let inst_dict = o.dict();
    for i in items.len()..spec.fields.len() {
        if let Some(name) = members.get(i - n_unnamed) {
            let key = vm.intern(name);
            let v = inst_dict
                .as_ref()
                .and_then(|id| dict::get_str(id, &key))
                .unwrap_or(Value::None);
            dict::set_str(&d, &key, v);
        }
    }
    Ok(vm.new_tuple(vec![
        Value::Obj(o.class().clone()),
        vm.new_tuple(vec![vm.new_tuple(items), Value::Obj(d)]),
    ]))
}
