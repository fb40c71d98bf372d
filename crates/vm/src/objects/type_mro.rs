//! A class's method resolution order beyond the C3 linearization of its bases: a
//! metaclass's `mro()` override, called when the class is made and whenever its
//! `__bases__` change (CPython's mro_internal), and `__bases__` assignment itself.

use crate::memory::ObjRef;
use crate::object::Payload;
use crate::objects::typeobj::{self, lookup, tdata};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// `type.mro(cls)`: the C3 linearization of `cls`'s current bases.
pub fn c3_of(vm: &Vm, cls: &ObjRef) -> PyResult<Vec<ObjRef>> {
    let bases = tdata(cls).bases.borrow().clone();
    typeobj::c3_mro(cls, &bases).map_err(|m| vm.type_error(m))
}

/// The MRO `cls` gets: what its metaclass's `mro()` returns when the metaclass overrides
/// it (checked as CPython checks it), else C3 of its bases.
pub fn compute_mro(vm: &Vm, cls: &ObjRef) -> PyResult<Vec<ObjRef>> {
    let meta = cls.class();
    if meta.is(&vm.types.type_) {
        return c3_of(vm, cls);
    }
    let name = vm.intern("mro");
    let custom = match (lookup(meta, &name), lookup(&vm.types.type_, &name)) {
        (Some(Value::Obj(c)), Some(Value::Obj(b))) if !c.is(&b) => Value::Obj(c),
        _ => return c3_of(vm, cls),
    };
    let r = vm.call_unbound(&custom, &Value::Obj(cls.clone()), meta, &[])?;
    let items = vm.collect(&r)?;
    let solid = solid_of(cls);
    let mut mro = Vec::with_capacity(items.len());
    for item in items {
        let t = match item {
            Value::Obj(t) if t.payload.as_type().is_some() => t,
            other => {
                return Err(vm.type_error(format!(
                    "mro() returned a non-class ('{}')",
                    vm.type_name(&other)
                )))
            }
        };
        if !typeobj::is_subtype(&solid, &solid_of(&t)) {
            return Err(vm.type_error(format!(
                "mro() returned base with unsuitable layout ('{}')",
                tdata(&t).name()
            )));
        }
        mro.push(t);
    }
    Ok(mro)
}

/// The class whose instance layout `t`'s instances have: up `t`'s chain of first bases
/// past the classes that add nothing to it (no slots of their own). CPython's
/// solid_base.
fn solid_of(t: &ObjRef) -> ObjRef {
    let mut cur = t.clone();
    // Bounded, should a reentrant __bases__ assignment have made the chain a loop.
    for _ in 0..10_000 {
        let td = tdata(&cur);
        let base = td.base.borrow().clone();
        match base {
            Some(b) if td.is_heap() && tdata(&b).nslots.get() == td.nslots.get() => cur = b,
            _ => return cur,
        }
    }
    cur
}

/// The setter of `type.__bases__`: CPython's checks, then the class and every subclass
/// get their MRO again (all put back as they were if one of those fails).
pub fn set_bases(vm: &Vm, v: &Value, value: Option<Value>) -> PyResult<()> {
    let Value::Obj(cls) = v else {
        return Err(vm.type_error("descriptor '__bases__' needs a type"));
    };
    let td = tdata(cls);
    let name = td.name();
    if !td.is_heap() {
        return Err(vm.type_error(format!(
            "cannot set '__bases__' attribute of immutable type '{name}'"
        )));
    }
    let Some(value) = value else {
        return Err(vm.type_error(format!(
            "cannot delete '__bases__' attribute of immutable type '{name}'"
        )));
    };
    let new_bases: Vec<Value> = match &value {
        Value::Obj(t) => match t.payload.as_tuple() {
            Some(items) => items.to_vec(),
            None => return Err(not_a_tuple(vm, &name, &value)),
        },
        _ => return Err(not_a_tuple(vm, &name, &value)),
    };
    if new_bases.is_empty() {
        return Err(vm.type_error(format!(
            "can only assign non-empty tuple to {name}.__bases__, not ()"
        )));
    }
    let mut bases = Vec::with_capacity(new_bases.len());
    for b in new_bases {
        let t = match b {
            Value::Obj(t) if t.payload.as_type().is_some() => t,
            other => {
                return Err(vm.type_error(format!(
                    "{name}.__bases__ must be tuple of classes, not '{}'",
                    vm.type_name(&other)
                )))
            }
        };
        // Through the MRO, and through the chain of first bases (set before a
        // reentrant mro() call may have updated the MRO).
        if typeobj::is_subtype(&t, cls) || base_chain_has(&t, cls) {
            return Err(vm.type_error("a __bases__ item causes an inheritance cycle"));
        }
        bases.push(t);
    }
    let old_base = td.base.borrow().clone();
    if let Some(old) = &old_base {
        check_compatible(vm, old, &bases[0])?;
    }
    let old_bases = td.bases.replace(bases.clone());
    *td.base.borrow_mut() = Some(bases[0].clone());
    let mut done: Vec<(ObjRef, Vec<ObjRef>)> = Vec::new();
    let r = remake_mros(vm, cls, &mut done);
    // A metaclass's mro() may have assigned __bases__ again meanwhile: that assignment
    // stands, and this one leaves the bases and subclass lists to it.
    let replaced = !same_classes(&td.bases.borrow(), &bases);
    if let Err(e) = r {
        for (c, mro) in done.into_iter().rev() {
            *tdata(&c).mro.borrow_mut() = mro;
        }
        if !replaced {
            *td.bases.borrow_mut() = old_bases;
            *td.base.borrow_mut() = old_base;
        }
        return Err(e);
    }
    if replaced {
        crate::objects::object::type_modified(vm, cls);
        return Ok(());
    }
    // The class leaves its old bases' subclass lists and joins its new ones'.
    for b in &old_bases {
        tdata(b)
            .subclasses
            .borrow_mut()
            .retain(|w| !crate::objects::weakref::referent(w).is_some_and(|c| c.is(cls)));
    }
    crate::objects::object::add_to_subclass_lists(vm, cls, &bases)?;
    for (c, _) in &done {
        crate::objects::type_cache::changed(c);
    }
    crate::objects::object::type_modified(vm, cls);
    Ok(())
}

/// Whether `cls` is on the chain of first bases that starts at `t` (CPython's
/// type_is_subtype_base_chain); bounded, should a reentrant assignment have made a loop.
fn base_chain_has(t: &ObjRef, cls: &ObjRef) -> bool {
    let mut cur = Some(t.clone());
    for _ in 0..10_000 {
        match cur {
            Some(c) if c.is(cls) => return true,
            Some(c) => cur = tdata(&c).base.borrow().clone(),
            None => return false,
        }
    }
    true
}

/// Whether two lists hold the same classes in the same order.
fn same_classes(a: &[ObjRef], b: &[ObjRef]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.is(y))
}

fn not_a_tuple(vm: &Vm, name: &str, value: &Value) -> crate::memory::ObjRef {
    vm.type_error(format!(
        "can only assign tuple to {name}.__bases__, not {}",
        vm.type_name(value)
    ))
}

/// Whether instances laid out for `old` (the class's first base) fit `new`, as CPython's
/// compatible_for_assignment decides.
fn check_compatible(vm: &Vm, old: &ObjRef, new: &ObjRef) -> PyResult<()> {
    let (o, n) = (tdata(old), tdata(new));
    let what = if o.is_heap() != n.is_heap() {
        "deallocator"
    } else if !crate::objects::object::same_instance_layout(o, n) {
        "object layout"
    } else {
        return Ok(());
    };
    Err(vm.type_error(format!(
        "__bases__ assignment: '{}' {what} differs from '{}'",
        n.name(),
        o.name()
    )))
}

/// Give `cls` and then each of its subclasses its MRO again, noting each old one in
/// `done` (to put back on failure).
fn remake_mros(vm: &Vm, cls: &ObjRef, done: &mut Vec<(ObjRef, Vec<ObjRef>)>) -> PyResult<()> {
    let mro = compute_mro(vm, cls)?;
    let old = tdata(cls).mro.replace(mro);
    done.push((cls.clone(), old));
    for sub in crate::objects::object::live_subclasses(cls) {
        if !matches!(sub.payload, Payload::Type(_)) || done.iter().any(|(c, _)| c.is(&sub)) {
            continue;
        }
        remake_mros(vm, &sub, done)?;
    }
    Ok(())
}
