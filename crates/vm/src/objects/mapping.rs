//! The dict type's methods, its views (keys/values/items) and mappingproxy.

use std::cell::RefCell;

use pyrs_compiler::bytecode::{BinaryOpArg, CompareOpArg};

use crate::memory::ObjRef;
use crate::object::{Payload, ViewKind};
use crate::objects::dict::{self, DictTable};
use crate::objects::typeobj::tdata;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

fn self_dict(vm: &Vm, args: &Args) -> PyResult<ObjRef> {
    match args.args.first() {
        Some(Value::Obj(o)) if o.payload.as_dict().is_some() => Ok(o.clone()),
        _ => Err(vm.type_error("descriptor requires a 'dict' object")),
    }
}

pub fn dict_eq(vm: &Vm, a: &ObjRef, b: &ObjRef) -> PyResult<bool> {
    let ia = dict::table(a).borrow().items();
    if ia.len() != dict::table(b).borrow().len() {
        return Ok(false);
    }
    for (k, v) in ia {
        match dict::get(vm, b, &k)? {
            Some(w) => {
                if !vm.eq(&v, &w)? {
                    return Ok(false);
                }
            }
            None => return Ok(false),
        }
    }
    Ok(true)
}

/// `d.update(other)`: a mapping (keys()) or an iterable of pairs.
pub fn dict_update_from(vm: &Vm, d: &ObjRef, other: &Value) -> PyResult<()> {
    if let Value::Obj(o) = other {
        if o.payload.as_dict().is_some() && !tdata(o.class()).is_heap() {
            let items = dict::table(o).borrow().items();
            for (k, v) in items {
                dict::set(vm, d, k, v)?;
            }
            return Ok(());
        }
    }
    if vm.get_attr_opt(other, &vm.names.keys)?.is_some() {
        let keys = vm.call_method(other, "keys", &[])?;
        for k in vm.collect(&keys)? {
            let v = vm.getitem(other, &k)?;
            dict::set(vm, d, k, v)?;
        }
        return Ok(());
    }
    let it = vm.iter(other)?;
    let mut i = 0;
    while let Some(item) = vm.next(&it)? {
        let pair = vm.collect(&item).map_err(|e| {
            if vm.exc_matches(&e, &vm.exc.type_error) {
                vm.type_error(format!(
                    "cannot convert dictionary update sequence element #{i} to a sequence"
                ))
            } else {
                e
            }
        })?;
        if pair.len() != 2 {
            return Err(vm.value_error(format!(
                "dictionary update sequence element #{i} has length {}; 2 is required",
                pair.len()
            )));
        }
        let mut p = pair.into_iter();
        let (k, v) = (
            p.next().unwrap_or(Value::None),
            p.next().unwrap_or(Value::None),
        );
        dict::set(vm, d, k, v)?;
        i += 1;
    }
    Ok(())
}

pub fn dict_or(vm: &Vm, a: &ObjRef, b: &Value) -> PyResult<Value> {
    match b {
        Value::Obj(bo) if bo.payload.as_dict().is_some() => {
            let new = vm.new_dict_obj();
            dict_update_from(vm, &new, &Value::Obj(a.clone()))?;
            dict_update_from(vm, &new, b)?;
            Ok(Value::Obj(new))
        }
        _ => Ok(vm.not_implemented()),
    }
}

fn dict_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = args
        .args
        .first()
        .and_then(|c| c.as_obj().cloned())
        .ok_or_else(|| vm.type_error("dict.__new__(X): X is not a type object"))?;
    let o = ObjRef::new(&cls, Payload::Dict(RefCell::new(DictTable::new())));
    if tdata(&cls).is_heap() {
        o.give_dict(|| vm.new_dict_obj());
    }
    Ok(Value::Obj(o))
}

fn dict_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = self_dict(vm, &args)?;
    let pos = args.pos();
    if pos.len() > 2 {
        return Err(vm.type_error(format!(
            "dict expected at most 1 argument, got {}",
            pos.len() - 1
        )));
    }
    if let Some(other) = pos.get(1) {
        dict_update_from(vm, &d, other)?;
    }
    for (k, v) in args.kwargs() {
        dict::set(vm, &d, k.clone(), v.clone())?;
    }
    Ok(Value::None)
}

fn dict_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = self_dict(vm, &args)?;
    let items = dict::table(&d).borrow().items();
    if items.is_empty() {
        return Ok(vm.new_str("{}"));
    }
    if !crate::objects::seq::repr_enter(d.id()) {
        return Ok(vm.new_str("{...}"));
    }
    let r = (|| {
        let mut s = String::from("{");
        for (i, (k, v)) in items.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            s.push_str(&vm.repr_string(k)?);
            s.push_str(": ");
            s.push_str(&vm.repr_string(v)?);
        }
        s.push('}');
        Ok(s)
    })();
    crate::objects::seq::repr_leave(d.id());
    Ok(vm.new_str(r?))
}

/// `d[key]` honouring `__missing__` of dict subclasses.
pub fn dict_getitem(vm: &Vm, d: &ObjRef, key: &Value) -> PyResult<Value> {
    match dict::get(vm, d, key)? {
        Some(v) => Ok(v),
        None => {
            if !d.class().is(&vm.types.dict) {
                let dv = Value::Obj(d.clone());
                if let Some(r) =
                    vm.call_special(&dv, &vm.names.__missing__, std::slice::from_ref(key))?
                {
                    return Ok(r);
                }
            }
            Err(vm.key_error(key.clone()))
        }
    }
}

fn dict_getitem_m(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = self_dict(vm, &args)?;
    dict_getitem(vm, &d, args.args.get(1).unwrap_or(&Value::None))
}

fn dict_get(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = self_dict(vm, &args)?;
    if args.args.len() < 2 || args.args.len() > 3 {
        return Err(vm.type_error(format!(
            "get expected at least 1 argument, got {}",
            args.args.len() - 1
        )));
    }
    Ok(dict::get(vm, &d, &args.args[1])?
        .unwrap_or_else(|| args.args.get(2).cloned().unwrap_or(Value::None)))
}

fn dict_setdefault(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = self_dict(vm, &args)?;
    let key = args.args.get(1).cloned().unwrap_or(Value::None);
    if let Some(v) = dict::get(vm, &d, &key)? {
        return Ok(v);
    }
    let def = args.args.get(2).cloned().unwrap_or(Value::None);
    dict::set(vm, &d, key, def.clone())?;
    Ok(def)
}

fn dict_pop(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = self_dict(vm, &args)?;
    let key = args
        .args
        .get(1)
        .cloned()
        .ok_or_else(|| vm.type_error("pop expected at least 1 argument, got 0"))?;
    match dict::remove(vm, &d, &key)? {
        Some(v) => Ok(v),
        None => match args.args.get(2) {
            Some(def) => Ok(def.clone()),
            None => Err(vm.key_error(key)),
        },
    }
}

fn dict_popitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = self_dict(vm, &args)?;
    let t = dict::table(&d);
    let pos = t.borrow().last_position();
    match pos {
        Some(p) => {
            let e = t.borrow_mut().remove_at(p);
            Ok(vm.new_pair(e.key, e.value))
        }
        None => Err(vm.new_exception_msg(&vm.exc.key_error, "popitem(): dictionary is empty")),
    }
}

fn new_view(vm: &Vm, d: ObjRef, kind: ViewKind) -> Value {
    let ty = match kind {
        ViewKind::Keys => &vm.types.dict_keys,
        ViewKind::Values => &vm.types.dict_values,
        ViewKind::Items => &vm.types.dict_items,
    };
    Value::Obj(ObjRef::new(ty, Payload::DictView((d, kind))))
}

fn dict_keys(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(new_view(vm, self_dict(vm, &args)?, ViewKind::Keys))
}
fn dict_values(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(new_view(vm, self_dict(vm, &args)?, ViewKind::Values))
}
fn dict_items(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(new_view(vm, self_dict(vm, &args)?, ViewKind::Items))
}

fn dict_update(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = self_dict(vm, &args)?;
    if let Some(other) = args.pos().get(1) {
        dict_update_from(vm, &d, other)?;
    }
    for (k, v) in args.kwargs() {
        dict::set(vm, &d, k.clone(), v.clone())?;
    }
    Ok(Value::None)
}

fn dict_clear(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = self_dict(vm, &args)?;
    let old = dict::table(&d).borrow_mut().clear();
    drop(old);
    Ok(Value::None)
}

fn dict_copy(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = self_dict(vm, &args)?;
    let new = vm.new_dict_obj();
    let entries: Vec<(i64, Value, Value)> = dict::table(&d)
        .borrow()
        .iter()
        .map(|e| (e.hash, e.key.clone(), e.value.clone()))
        .collect();
    for (h, k, v) in entries {
        dict::table(&new).borrow_mut().push_new(h, k, v);
    }
    Ok(Value::Obj(new))
}

fn dict_fromkeys(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = args.args.first().cloned().unwrap_or(Value::None);
    let n = args.pos().len().saturating_sub(1);
    if !(1..=2).contains(&n) {
        return Err(vm.type_error(if n == 0 {
            "fromkeys expected at least 1 argument, got 0".to_string()
        } else {
            format!("fromkeys expected at most 2 arguments, got {n}")
        }));
    }
    let keys = vm.collect(args.args.get(1).unwrap_or(&Value::None))?;
    let value = args.args.get(2).cloned().unwrap_or(Value::None);
    let d = vm.call0(&cls)?;
    for k in keys {
        vm.setitem(&d, &k, value.clone())?;
    }
    Ok(d)
}

fn dict_reversed(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = self_dict(vm, &args)?;
    Ok(crate::objects::iter::new_reversed_dict_iter(
        vm,
        &d,
        ViewKind::Keys,
    ))
}

// ----- views -------------------------------------------------------------------------

fn view_of(v: &Value) -> Option<(ObjRef, ViewKind)> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::DictView(dv) => Some((dv.0.clone(), dv.1)),
            _ => None,
        },
        _ => None,
    }
}

pub fn view_items(vm: &Vm, d: &ObjRef, kind: ViewKind) -> Vec<Value> {
    let t = dict::table(d).borrow();
    match kind {
        ViewKind::Keys => t.keys(),
        ViewKind::Values => t.values(),
        ViewKind::Items => t
            .items()
            .into_iter()
            .map(|(k, v)| vm.new_pair(k, v))
            .collect(),
    }
}

pub fn view_contains(vm: &Vm, o: &ObjRef, item: &Value) -> PyResult<bool> {
    let (d, kind) = match view_of(&Value::Obj(o.clone())) {
        Some(x) => x,
        None => return Ok(false),
    };
    match kind {
        ViewKind::Keys => Ok(dict::get(vm, &d, item)?.is_some()),
        ViewKind::Items => {
            let pair = match item {
                Value::Obj(t) => match t.payload.as_tuple() {
                    Some(p) if p.len() == 2 => p.to_vec(),
                    _ => return Ok(false),
                },
                _ => return Ok(false),
            };
            match dict::get(vm, &d, &pair[0])? {
                Some(v) => vm.eq(&v, &pair[1]),
                None => Ok(false),
            }
        }
        ViewKind::Values => {
            for v in view_items(vm, &d, kind) {
                if vm.eq(&v, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
    }
}

fn view_as_set(vm: &Vm, v: &Value) -> PyResult<ObjRef> {
    let s = vm.call1(&Value::Obj(vm.types.set.clone()), v.clone())?;
    match s {
        Value::Obj(o) => Ok(o),
        _ => Err(vm.type_error("expected a set")),
    }
}

pub fn view_binop(vm: &Vm, a: &Value, b: &Value, op: BinaryOpArg) -> PyResult<Value> {
    // Only keys and items views are set-like; values views have no set operators.
    let setlike = |v: &Value| matches!(view_of(v), Some((_, ViewKind::Keys | ViewKind::Items)));
    if !setlike(a) && !setlike(b) {
        return Ok(vm.not_implemented());
    }
    if matches!(view_of(a), Some((_, ViewKind::Values)))
        || matches!(view_of(b), Some((_, ViewKind::Values)))
    {
        return Ok(vm.not_implemented());
    }
    // As CPython: a new set from the left operand (a non-iterable raises), updated in
    // place by the right one, iterated as given (no presizing, so the order is CPython's).
    let sa = Value::Obj(view_as_set(vm, a)?);
    let method = match op {
        BinaryOpArg::And => "intersection_update",
        BinaryOpArg::Or => "update",
        BinaryOpArg::Subtract => "difference_update",
        _ => "symmetric_difference_update",
    };
    if op == BinaryOpArg::And {
        // dictviews_and: the items of the other operand that are in this one.
        let sb = match b {
            Value::Obj(o) if matches!(o.payload, Payload::Set(_)) => b.clone(),
            _ => Value::Obj(view_as_set(vm, b)?),
        };
        let Value::Obj(sa) = &sa else {
            return Ok(vm.not_implemented());
        };
        return crate::objects::set::set_binop(vm, sa, &sb, op);
    }
    vm.call_method(&sa, method, std::slice::from_ref(b))?;
    Ok(sa)
}

pub fn view_compare(vm: &Vm, a: &Value, b: &Value, op: CompareOpArg) -> PyResult<Value> {
    let (Some((_, ka)), Some(_)) = (view_of(a), view_of(b).or_else(|| view_of(a))) else {
        return Ok(vm.not_implemented());
    };
    if ka == ViewKind::Values {
        return Ok(vm.not_implemented());
    }
    let is_setlike = |v: &Value| {
        matches!(view_of(v), Some((_, ViewKind::Keys | ViewKind::Items)))
            || matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Set(_)))
    };
    if !is_setlike(a) || !is_setlike(b) {
        return Ok(vm.not_implemented());
    }
    let sa = view_as_set(vm, a)?;
    let sb = view_as_set(vm, b)?;
    crate::objects::set::set_compare(vm, &sa, &sb, op)
}

fn proxy_str(vm: &Vm, args: Args) -> PyResult<Value> {
    let target = proxy_target(vm, &args.args[0])?;
    Ok(Value::Obj(vm.str(&target)?))
}

fn view_reversed(vm: &Vm, args: Args) -> PyResult<Value> {
    let (d, kind) = view_of(&args.args[0]).ok_or_else(|| vm.type_error("expected a dict view"))?;
    Ok(crate::objects::iter::new_reversed_dict_iter(vm, &d, kind))
}

fn view_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let (d, kind) = view_of(&args.args[0]).ok_or_else(|| vm.type_error("expected a dict view"))?;
    let items = view_items(vm, &d, kind);
    let name = vm.type_name(&args.args[0]);
    Ok(vm.new_str(format!(
        "{name}({})",
        crate::objects::seq::repr_items(vm, &items, "[", "]")?
    )))
}

fn view_mapping(vm: &Vm, v: &Value) -> PyResult<Value> {
    let (d, _) = view_of(v).ok_or_else(|| vm.type_error("expected a dict view"))?;
    Ok(Value::Obj(ObjRef::new(
        &vm.types.mappingproxy,
        Payload::MappingProxy(Value::Obj(d)),
    )))
}

fn view_isdisjoint(vm: &Vm, args: Args) -> PyResult<Value> {
    for x in vm.collect(args.args.get(1).unwrap_or(&Value::None))? {
        if vm.contains(&args.args[0], &x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn proxy_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    match &args.args[0] {
        Value::Obj(o) => match &o.payload {
            Payload::MappingProxy(m) => {
                let inner = match m {
                    Value::Obj(t) if t.payload.as_type().is_some() => {
                        let d = vm.new_dict_obj();
                        for (k, v) in tdata(t).dict.borrow().items() {
                            dict::set(vm, &d, k, v)?;
                        }
                        vm.repr_string(&Value::Obj(d))?
                    }
                    _ => vm.repr_string(m)?,
                };
                Ok(vm.new_str(format!("mappingproxy({inner})")))
            }
            _ => Err(vm.type_error("expected mappingproxy")),
        },
        _ => Err(vm.type_error("expected mappingproxy")),
    }
}

/// `types.MappingProxyType(mapping)`: a read-only view of any mapping.
fn proxy_new(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.has_kw() {
        return Err(vm.type_error("mappingproxy() takes no keyword arguments"));
    }
    let p = args.pos();
    if p.len() != 2 {
        return Err(vm.type_error(format!(
            "mappingproxy() takes exactly one argument ({} given)",
            p.len().saturating_sub(1)
        )));
    }
    let m = p[1].clone();
    let is_mapping = match &m {
        Value::Obj(o) => {
            o.payload.as_dict().is_some()
                || matches!(o.payload, Payload::MappingProxy(_))
                || (o.payload.as_tuple().is_none()
                    && o.payload.as_list().is_none()
                    && vm.lookup_special(&m, &vm.intern("__getitem__")).is_some()
                    && vm.lookup_special(&m, &vm.intern("keys")).is_some())
        }
        _ => false,
    };
    if !is_mapping {
        return Err(vm.type_error(format!(
            "mappingproxy() argument must be a mapping, not {}",
            vm.type_name(&m)
        )));
    }
    Ok(Value::Obj(ObjRef::new(
        &vm.types.mappingproxy,
        Payload::MappingProxy(m),
    )))
}

/// The mapping a mappingproxy shows (the class namespace itself for a class's
/// `__dict__`, as a dict copy).
pub fn proxy_mapping(vm: &Vm, v: &Value) -> PyResult<Value> {
    proxy_target(vm, v)
}

fn proxy_reversed(vm: &Vm, args: Args) -> PyResult<Value> {
    let t = proxy_target(vm, &args.args[0])?;
    vm.call1(
        &vm.get_attr_str(&Value::Obj(vm.builtins.clone()), "reversed")?,
        t,
    )
}

fn proxy_hash(vm: &Vm, args: Args) -> PyResult<Value> {
    let t = proxy_target(vm, &args.args[0])?;
    Ok(Value::Int(vm.hash(&t)?))
}

fn proxy_ior(vm: &Vm, args: Args) -> PyResult<Value> {
    Err(vm.type_error(format!(
        "'|=' is not supported by {}; use '|' instead",
        vm.type_name(&args.args[0])
    )))
}

fn proxy_target(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::MappingProxy(m) => match m {
                Value::Obj(t) if t.payload.as_type().is_some() => {
                    let d = vm.new_dict_obj();
                    for (k, v) in tdata(t).dict.borrow().items() {
                        dict::set(vm, &d, k, v)?;
                    }
                    Ok(Value::Obj(d))
                }
                _ => Ok(m.clone()),
            },
            _ => Err(vm.type_error("expected mappingproxy")),
        },
        _ => Err(vm.type_error("expected mappingproxy")),
    }
}

fn proxy_keys(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = proxy_target(vm, &args.args[0])?;
    vm.call_method(&d, "keys", &[])
}
fn proxy_values(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = proxy_target(vm, &args.args[0])?;
    vm.call_method(&d, "values", &[])
}
fn proxy_items(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = proxy_target(vm, &args.args[0])?;
    vm.call_method(&d, "items", &[])
}
fn proxy_get(vm: &Vm, args: Args) -> PyResult<Value> {
    let d = proxy_target(vm, &args.args[0])?;
    vm.call_method(&d, "get", &args.args[1..])
}
fn proxy_copy(vm: &Vm, args: Args) -> PyResult<Value> {
    proxy_target(vm, &args.args[0])
}

/// The dict methods as registered: each checks its argument count, then runs.
mod checked {
    use super::*;
    use crate::objects::str::{arity_checked, Arity};
    arity_checked! {
        clear = dict_clear, Arity::None;
        copy = dict_copy, Arity::None;
        get = dict_get, Arity::Clinic(1, 2);
        items = dict_items, Arity::None;
        keys = dict_keys, Arity::None;
        pop = dict_pop, Arity::Clinic(1, 2);
        popitem = dict_popitem, Arity::None;
        setdefault = dict_setdefault, Arity::Clinic(1, 2);
        update = dict_update, Arity::Clinic(0, 1);
        values = dict_values, Arity::None;
    }
}

pub fn init(vm: &Vm) {
    let t = &vm.types.dict;
    vm.add_static(t, "__new__", dict_new);
    vm.add_method(t, "__init__", dict_init);
    vm.add_method(t, "__repr__", dict_repr);
    vm.add_method(t, "__getitem__", dict_getitem_m);
    vm.add_method(t, "get", checked::get);
    vm.add_method(t, "setdefault", checked::setdefault);
    vm.add_method(t, "pop", checked::pop);
    vm.add_method(t, "popitem", checked::popitem);
    vm.add_method(t, "keys", checked::keys);
    vm.add_method(t, "values", checked::values);
    vm.add_method(t, "items", checked::items);
    vm.add_method(t, "update", checked::update);
    vm.add_method(t, "clear", checked::clear);
    vm.add_method(t, "copy", checked::copy);
    vm.add_method(t, "__reversed__", dict_reversed);
    vm.add_classmethod(t, "fromkeys", dict_fromkeys);
    for v in [
        &vm.types.dict_keys,
        &vm.types.dict_values,
        &vm.types.dict_items,
    ] {
        vm.add_method(v, "__repr__", view_repr);
        vm.add_getset(v, "mapping", view_mapping, None);
    }
    vm.add_method(&vm.types.dict_keys, "isdisjoint", view_isdisjoint);
    for v in [
        &vm.types.dict_keys,
        &vm.types.dict_values,
        &vm.types.dict_items,
    ] {
        vm.add_method(v, "__reversed__", view_reversed);
    }
    vm.add_method(&vm.types.dict_items, "isdisjoint", view_isdisjoint);
    let p = &vm.types.mappingproxy;
    vm.add_static(p, "__new__", proxy_new);
    vm.add_method(p, "__repr__", proxy_repr);
    vm.add_method(p, "__str__", proxy_str);
    vm.add_method(p, "__reversed__", proxy_reversed);
    vm.add_method(p, "__hash__", proxy_hash);
    vm.add_method(p, "__ior__", proxy_ior);
    vm.add_method(p, "keys", proxy_keys);
    vm.add_method(p, "values", proxy_values);
    vm.add_method(p, "items", proxy_items);
    vm.add_method(p, "get", proxy_get);
    vm.add_method(p, "copy", proxy_copy);
}
