//! `types.GenericAlias` (`list[int]`, PEP 585) and `types.UnionType` (`int | str`,
//! PEP 604): the parameterised and union forms of built-in types that Lib's `types` and
//! `typing` modules build on.

use crate::object::NativeData;
use crate::objects::typeobj::tdata;
use crate::objects::{str as pystr, typeobj};
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

/// `origin[args]`.
pub struct AliasData {
    pub origin: Value,
    /// Always a tuple.
    pub args: Value,
}

impl NativeData for AliasData {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.origin);
        visit(&self.args);
    }
}

/// `X | Y | ...`, flattened and without duplicates.
pub struct UnionData {
    /// Always a tuple of at least two members.
    pub args: Value,
}

impl NativeData for UnionData {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.args);
    }
}

fn alias_of(v: &Value) -> Option<&AliasData> {
    match v {
        Value::Obj(o) => o.payload.native::<AliasData>(),
        _ => None,
    }
}

fn union_of(v: &Value) -> Option<&UnionData> {
    match v {
        Value::Obj(o) => o.payload.native::<UnionData>(),
        _ => None,
    }
}

fn tuple_items(v: &Value) -> Vec<Value> {
    match v {
        Value::Obj(o) => o
            .payload
            .as_tuple()
            .map(<[Value]>::to_vec)
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn is_type(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if o.payload.as_type().is_some())
}

/// A new `origin[args]` (a non-tuple `args` is one argument).
pub fn new_generic_alias(vm: &Vm, origin: Value, args: Value) -> Value {
    let args = match &args {
        Value::Obj(o) if o.payload.as_tuple().is_some() => args,
        _ => vm.new_tuple(vec![args]),
    };
    Value::Obj(vm.new_native_object(&vm.types.generic_alias, AliasData { origin, args }))
}

/// The `__class_getitem__` of the built-in generic classes (list, dict, tuple, type ...).
pub fn class_getitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = args.args.first().cloned().unwrap_or(Value::None);
    let item = args.args.get(1).cloned().unwrap_or(Value::None);
    Ok(new_generic_alias(vm, cls, item))
}

fn ga_new(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.has_kw() {
        return Err(vm.type_error("GenericAlias() takes no keyword arguments"));
    }
    let p = args.pos();
    if p.len() != 3 {
        return Err(vm.type_error(format!(
            "GenericAlias expected 2 arguments, got {}",
            p.len().saturating_sub(1)
        )));
    }
    let cls = match &p[0] {
        Value::Obj(c) if c.payload.as_type().is_some() => c.clone(),
        _ => return Err(vm.type_error("GenericAlias.__new__(X): X is not a type object")),
    };
    let args = match &p[2] {
        Value::Obj(o) if o.payload.as_tuple().is_some() => p[2].clone(),
        other => vm.new_tuple(vec![other.clone()]),
    };
    let data = AliasData {
        origin: p[1].clone(),
        args,
    };
    Ok(Value::Obj(vm.new_native_object(&cls, data)))
}

/// How an argument shows inside `list[...]` or `X | Y`: classes by (module-qualified)
/// name, `...` for Ellipsis, other objects by repr.
fn repr_item(vm: &Vm, v: &Value) -> PyResult<String> {
    if let Value::Obj(o) = v {
        if o.is(&vm.ellipsis) {
            return Ok("...".into());
        }
        if o.is(&vm.types.none) {
            return Ok("None".into());
        }
        if alias_of(v).is_none() && o.payload.as_type().is_some() {
            let qual = tdata(o).qualname.borrow().clone();
            return Ok(match crate::objects::object::type_module_name(vm, o) {
                Some(m) if m != "builtins" => format!("{m}.{qual}"),
                _ => qual,
            });
        }
    }
    vm.repr_string(v)
}

fn ga_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = alias_of(&args.args[0]).ok_or_else(|| vm.type_error("expected a GenericAlias"))?;
    let items = tuple_items(&a.args);
    let inner = if items.is_empty() {
        "()".to_string()
    } else {
        let parts: PyResult<Vec<String>> = items.iter().map(|x| repr_item(vm, x)).collect();
        parts?.join(", ")
    };
    Ok(vm.new_str(format!("{}[{inner}]", repr_item(vm, &a.origin)?)))
}

/// Names a GenericAlias answers itself; every other attribute comes from its origin.
const OWN_ATTRIBUTES: &[&str] = &[
    "__class__",
    "__origin__",
    "__args__",
    "__unpacked__",
    "__parameters__",
    "__typing_unpacked_tuple_args__",
    "__mro_entries__",
    "__reduce_ex__",
    "__reduce__",
    "__copy__",
    "__deepcopy__",
];

fn ga_getattribute(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let name = args.args.get(1).cloned().unwrap_or(Value::None);
    let name_obj = match &name {
        Value::Obj(o) if o.payload.as_str().is_some() => vm.intern_obj(o),
        _ => return Err(vm.type_error("attribute name must be string")),
    };
    let text = pystr::as_rust_str(&name_obj);
    let a = alias_of(this).ok_or_else(|| vm.type_error("expected a GenericAlias"))?;
    if OWN_ATTRIBUTES.contains(&text.as_str()) || !text.starts_with("__") {
        if !OWN_ATTRIBUTES.contains(&text.as_str()) {
            return vm.get_attr(&a.origin, &name_obj);
        }
        return vm.generic_getattr(this, &name_obj);
    }
    // Dunder names the alias type defines itself stay its own; the rest go to the origin.
    if typeobj::lookup(&vm.types.generic_alias, &name_obj).is_some() {
        return vm.generic_getattr(this, &name_obj);
    }
    vm.get_attr(&a.origin, &name_obj)
}

fn ga_origin(vm: &Vm, v: &Value) -> PyResult<Value> {
    alias_of(v)
        .map(|a| a.origin.clone())
        .ok_or_else(|| vm.type_error("expected a GenericAlias"))
}

fn ga_args(vm: &Vm, v: &Value) -> PyResult<Value> {
    alias_of(v)
        .map(|a| a.args.clone())
        .ok_or_else(|| vm.type_error("expected a GenericAlias"))
}

fn ga_unpacked(_vm: &Vm, _v: &Value) -> PyResult<Value> {
    Ok(Value::Bool(false))
}

/// The type variables among `args` (and inside nested aliases), in first-seen order.
fn collect_parameters(vm: &Vm, args: &[Value]) -> PyResult<Value> {
    let mut params: Vec<Value> = Vec::new();
    let subst = vm.intern("__typing_subst__");
    let parameters = vm.intern("__parameters__");
    for a in args {
        if is_type(a) {
            continue;
        }
        if vm.get_attr_opt(a, &subst)?.is_some() {
            if !contains(vm, &params, a)? {
                params.push(a.clone());
            }
            continue;
        }
        if let Some(p) = vm.get_attr_opt(a, &parameters)? {
            for x in tuple_items(&p) {
                if !contains(vm, &params, &x)? {
                    params.push(x);
                }
            }
        }
    }
    Ok(vm.new_tuple(params))
}

fn contains(vm: &Vm, items: &[Value], x: &Value) -> PyResult<bool> {
    for i in items {
        if vm.eq(i, x)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn ga_parameters(vm: &Vm, v: &Value) -> PyResult<Value> {
    let a = alias_of(v).ok_or_else(|| vm.type_error("expected a GenericAlias"))?;
    collect_parameters(vm, &tuple_items(&a.args))
}

/// `alias[...]`: substitute the alias's type variables, positionally.
fn ga_getitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let a = alias_of(this).ok_or_else(|| vm.type_error("expected a GenericAlias"))?;
    let params = tuple_items(&ga_parameters(vm, this)?);
    if params.is_empty() {
        return Err(vm.type_error(format!("{} is not a generic class", vm.repr_string(this)?)));
    }
    let item = args.args.get(1).cloned().unwrap_or(Value::None);
    let items = match &item {
        Value::Obj(o) if o.payload.as_tuple().is_some() => tuple_items(&item),
        _ => vec![item],
    };
    if items.len() != params.len() {
        return Err(vm.type_error(format!(
            "Too {} arguments for {}; actual {}, expected {}",
            if items.len() > params.len() {
                "many"
            } else {
                "few"
            },
            vm.repr_string(this)?,
            items.len(),
            params.len()
        )));
    }
    let substitute = |x: &Value| -> PyResult<Value> {
        for (p, r) in params.iter().zip(&items) {
            if vm.eq(p, x)? {
                return Ok(r.clone());
            }
        }
        if !is_type(x) {
            if let Some(sub) = vm.get_attr_opt(x, &vm.intern("__parameters__"))? {
                let sub_params = tuple_items(&sub);
                if !sub_params.is_empty() {
                    let mut picked = Vec::new();
                    for sp in &sub_params {
                        let mut v = sp.clone();
                        for (p, r) in params.iter().zip(&items) {
                            if vm.eq(p, sp)? {
                                v = r.clone();
                            }
                        }
                        picked.push(v);
                    }
                    let key = if picked.len() == 1 {
                        picked.pop().unwrap_or(Value::None)
                    } else {
                        vm.new_tuple(picked)
                    };
                    return vm.getitem(x, &key);
                }
            }
        }
        Ok(x.clone())
    };
    let new_args: PyResult<Vec<Value>> = tuple_items(&a.args).iter().map(substitute).collect();
    Ok(new_generic_alias(
        vm,
        a.origin.clone(),
        vm.new_tuple(new_args?),
    ))
}

fn ga_mro_entries(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = alias_of(&args.args[0]).ok_or_else(|| vm.type_error("expected a GenericAlias"))?;
    Ok(vm.new_tuple(vec![a.origin.clone()]))
}

fn ga_call(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = args.args[0].clone();
    let a = alias_of(&this).ok_or_else(|| vm.type_error("expected a GenericAlias"))?;
    let origin = a.origin.clone();
    let rest = &args.args[1..];
    let r = vm.call(&origin, Args::with_kw(rest, args.kwnames))?;
    // The instance remembers its parameterised class when it can.
    match vm.set_attr(&r, &vm.intern("__orig_class__"), this) {
        Err(e)
            if vm.exc_matches(&e, &vm.exc.attribute_error)
                || vm.exc_matches(&e, &vm.exc.type_error) => {}
        Err(e) => return Err(e),
        Ok(()) => {}
    }
    Ok(r)
}

fn ga_eq(vm: &Vm, args: Args) -> PyResult<Value> {
    let (Some(a), Some(b)) = (alias_of(&args.args[0]), args.args.get(1).and_then(alias_of)) else {
        return Ok(vm.not_implemented());
    };
    Ok(Value::Bool(
        vm.eq(&a.origin, &b.origin)? && vm.eq(&a.args, &b.args)?,
    ))
}

fn ga_ne(vm: &Vm, args: Args) -> PyResult<Value> {
    match ga_eq(vm, args)? {
        Value::Bool(b) => Ok(Value::Bool(!b)),
        other => Ok(other),
    }
}

fn ga_hash(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = alias_of(&args.args[0]).ok_or_else(|| vm.type_error("expected a GenericAlias"))?;
    Ok(Value::Int(vm.hash(&a.origin)? ^ vm.hash(&a.args)?))
}

fn ga_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = alias_of(&args.args[0]).ok_or_else(|| vm.type_error("expected a GenericAlias"))?;
    Ok(vm.new_tuple(vec![
        Value::Obj(vm.types.generic_alias.clone()),
        vm.new_tuple(vec![a.origin.clone(), a.args.clone()]),
    ]))
}

fn no_instancecheck(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(vm.type_error("isinstance() argument 2 cannot be a parameterized generic"))
}

fn no_subclasscheck(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(vm.type_error("issubclass() argument 2 cannot be a parameterized generic"))
}

// ----- unions ------------------------------------------------------------------------

/// Whether `X | Y` may build a union from `v`.
fn unionable(v: &Value) -> bool {
    matches!(v, Value::None) || is_type(v) || alias_of(v).is_some() || union_of(v).is_some()
}

/// `a | b` for classes, None, aliases and unions: a `types.UnionType`, or the one member
/// left after removing duplicates; NotImplemented for anything else.
pub fn union_or(vm: &Vm, a: &Value, b: &Value) -> PyResult<Value> {
    if !unionable(a) || !unionable(b) {
        return Ok(vm.not_implemented());
    }
    let mut members: Vec<Value> = Vec::new();
    for side in [a, b] {
        let parts = match union_of(side) {
            Some(u) => tuple_items(&u.args),
            None => vec![side.clone()],
        };
        for p in parts {
            let p = match p {
                Value::None => Value::Obj(vm.types.none.clone()),
                other => other,
            };
            let mut dup = false;
            for m in &members {
                let same = match (m, &p) {
                    (Value::Obj(x), Value::Obj(y)) if is_type(m) || is_type(&p) => x.is(y),
                    _ => vm.eq(m, &p)?,
                };
                if same {
                    dup = true;
                    break;
                }
            }
            if !dup {
                members.push(p);
            }
        }
    }
    if members.len() == 1 {
        return Ok(members.pop().unwrap_or(Value::None));
    }
    let args = vm.new_tuple(members);
    Ok(Value::Obj(vm.new_native_object(
        &vm.types.union_type,
        UnionData { args },
    )))
}

fn or_method(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = args.args.get(1).cloned().unwrap_or(Value::None);
    union_or(vm, &args.args[0], &b)
}

fn ror_method(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = args.args.get(1).cloned().unwrap_or(Value::None);
    union_or(vm, &b, &args.args[0])
}

fn union_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let u = union_of(&args.args[0]).ok_or_else(|| vm.type_error("expected a UnionType"))?;
    let parts: PyResult<Vec<String>> = tuple_items(&u.args)
        .iter()
        .map(|x| repr_item(vm, x))
        .collect();
    Ok(vm.new_str(parts?.join(" | ")))
}

fn union_args(vm: &Vm, v: &Value) -> PyResult<Value> {
    union_of(v)
        .map(|u| u.args.clone())
        .ok_or_else(|| vm.type_error("expected a UnionType"))
}

fn union_parameters(vm: &Vm, v: &Value) -> PyResult<Value> {
    let u = union_of(v).ok_or_else(|| vm.type_error("expected a UnionType"))?;
    collect_parameters(vm, &tuple_items(&u.args))
}

fn members_as_set(vm: &Vm, u: &UnionData) -> PyResult<Value> {
    vm.call1(&Value::Obj(vm.types.frozenset.clone()), u.args.clone())
}

fn union_eq(vm: &Vm, args: Args) -> PyResult<Value> {
    let (Some(a), Some(b)) = (union_of(&args.args[0]), args.args.get(1).and_then(union_of)) else {
        return Ok(vm.not_implemented());
    };
    Ok(Value::Bool(
        vm.eq(&members_as_set(vm, a)?, &members_as_set(vm, b)?)?,
    ))
}

fn union_ne(vm: &Vm, args: Args) -> PyResult<Value> {
    match union_eq(vm, args)? {
        Value::Bool(b) => Ok(Value::Bool(!b)),
        other => Ok(other),
    }
}

fn union_hash(vm: &Vm, args: Args) -> PyResult<Value> {
    let u = union_of(&args.args[0]).ok_or_else(|| vm.type_error("expected a UnionType"))?;
    Ok(Value::Int(vm.hash(&members_as_set(vm, u)?)?))
}

fn union_check(vm: &Vm, args: Args, instance: bool) -> PyResult<Value> {
    let u = union_of(&args.args[0]).ok_or_else(|| vm.type_error("expected a UnionType"))?;
    let x = args.args.get(1).cloned().unwrap_or(Value::None);
    let members = tuple_items(&u.args);
    if members.iter().any(|m| alias_of(m).is_some()) {
        return Err(vm.type_error(if instance {
            "isinstance() argument 2 cannot be a parameterized generic"
        } else {
            "issubclass() argument 2 cannot be a parameterized generic"
        }));
    }
    let f = vm.get_attr_str(
        &Value::Obj(vm.builtins.clone()),
        if instance { "isinstance" } else { "issubclass" },
    )?;
    for m in members {
        let r = vm.call(&f, Args::new(&[x.clone(), m]))?;
        if vm.is_true(&r)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn union_instancecheck(vm: &Vm, args: Args) -> PyResult<Value> {
    union_check(vm, args, true)
}

fn union_subclasscheck(vm: &Vm, args: Args) -> PyResult<Value> {
    union_check(vm, args, false)
}

fn union_getitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let u = union_of(this).ok_or_else(|| vm.type_error("expected a UnionType"))?;
    if tuple_items(&union_parameters(vm, this)?).is_empty() {
        return Err(vm.type_error(format!(
            "There are no type variables left in {}",
            vm.repr_string(this)?
        )));
    }
    // Substitute through an alias over the members, then rebuild the union.
    let alias = new_generic_alias(vm, Value::None, u.args.clone());
    let key = args.args.get(1).cloned().unwrap_or(Value::None);
    let substituted = vm.getitem(&alias, &key)?;
    let members = alias_of(&substituted)
        .map(|a| tuple_items(&a.args))
        .unwrap_or_default();
    let mut acc = members.first().cloned().unwrap_or(Value::None);
    for m in &members[1..] {
        acc = vm.binary_op(&acc, m, pyrs_compiler::bytecode::BinaryOpArg::Or)?;
    }
    Ok(acc)
}

/// Install the methods of `types.GenericAlias`, `types.UnionType` and `type.__or__`.
pub fn init(vm: &Vm) {
    let ga = &vm.types.generic_alias;
    vm.set_type_attr(ga, "__module__", vm.new_str("types"));
    vm.add_static(ga, "__new__", ga_new);
    vm.add_method(ga, "__repr__", ga_repr);
    vm.add_method(ga, "__getattribute__", ga_getattribute);
    vm.add_method(ga, "__getitem__", ga_getitem);
    vm.add_method(ga, "__mro_entries__", ga_mro_entries);
    vm.add_method(ga, "__call__", ga_call);
    vm.add_method(ga, "__eq__", ga_eq);
    vm.add_method(ga, "__ne__", ga_ne);
    vm.add_method(ga, "__hash__", ga_hash);
    vm.add_method(ga, "__reduce__", ga_reduce);
    vm.add_method(ga, "__or__", or_method);
    vm.add_method(ga, "__ror__", ror_method);
    vm.add_method(ga, "__instancecheck__", no_instancecheck);
    vm.add_method(ga, "__subclasscheck__", no_subclasscheck);
    vm.add_getset(ga, "__origin__", ga_origin, None);
    vm.add_getset(ga, "__args__", ga_args, None);
    vm.add_getset(ga, "__parameters__", ga_parameters, None);
    vm.add_getset(ga, "__unpacked__", ga_unpacked, None);
    let td = tdata(ga);
    td.flags
        .set(td.flags.get() | typeobj::flags::NATIVE_MODULE | typeobj::flags::HAS_GETATTRIBUTE);

    let un = &vm.types.union_type;
    vm.set_type_attr(un, "__module__", vm.new_str("types"));
    vm.add_method(un, "__repr__", union_repr);
    vm.add_method(un, "__eq__", union_eq);
    vm.add_method(un, "__ne__", union_ne);
    vm.add_method(un, "__hash__", union_hash);
    vm.add_method(un, "__or__", or_method);
    vm.add_method(un, "__ror__", ror_method);
    vm.add_method(un, "__instancecheck__", union_instancecheck);
    vm.add_method(un, "__subclasscheck__", union_subclasscheck);
    vm.add_method(un, "__getitem__", union_getitem);
    vm.add_getset(un, "__args__", union_args, None);
    vm.add_getset(un, "__parameters__", union_parameters, None);
    let td = tdata(un);
    td.flags.set(td.flags.get() | typeobj::flags::NATIVE_MODULE);

    vm.add_method(&vm.types.type_, "__or__", or_method);
    vm.add_method(&vm.types.type_, "__ror__", ror_method);
    for t in [
        &vm.types.list,
        &vm.types.dict,
        &vm.types.tuple,
        &vm.types.set,
        &vm.types.frozenset,
        &vm.types.type_,
        &vm.types.enumerate,
        &vm.types.dict_keys,
        &vm.types.dict_values,
        &vm.types.dict_items,
        &vm.types.mappingproxy,
    ] {
        vm.add_classmethod(t, "__class_getitem__", class_getitem);
    }
}
