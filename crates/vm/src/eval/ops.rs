//! The slower halves of instructions, kept out of the eval loop's body: name look-ups,
//! function making, unpacking, raising and matching exceptions, awaitables and class
//! patterns.

use super::*;

pub(super) fn func_display_name(vm: &Vm, f: &Value) -> PyResult<String> {
    match vm.get_attr_opt(f, &vm.names.__qualname__)? {
        Some(q) => Ok(format!("{}()", vm.str_string(&q)?)),
        None => Ok(vm.type_name(f) + " object"),
    }
}

pub(super) fn dict_merge(vm: &Vm, _f: &Frame, d: &ObjRef, m: &Value, _pos: usize) -> PyResult<()> {
    let keys = match m {
        Value::Obj(o) if o.payload.as_dict().is_some() => dict::table(o).borrow().keys(),
        _ => {
            if vm.get_attr_opt(m, &vm.names.keys)?.is_none() {
                return Err(vm.type_error(format!(
                    "argument after ** must be a mapping, not {}",
                    vm.type_name(m)
                )));
            }
            let k = vm.call_method(m, "keys", &[])?;
            vm.collect(&k)?
        }
    };
    for k in keys {
        if dict::get(vm, d, &k)?.is_some() {
            return Err(vm.type_error(format!(
                "got multiple values for keyword argument '{}'",
                vm.str_string(&k)?
            )));
        }
        let v = vm.getitem(m, &k)?;
        dict::set(vm, d, k, v)?;
    }
    Ok(())
}

pub(super) fn cell_get(v: &Value) -> Value {
    match v {
        Value::Obj(c) => match &c.payload {
            Payload::Cell(cell) => cell.get(),
            _ => Value::Null,
        },
        _ => Value::Null,
    }
}

#[cold]
pub(super) fn unbound_local(vm: &Vm, cd: &CodeData, slot: usize) -> ObjRef {
    let slot_names = &cd.tables(vm).slot_names;
    let name = pystr::as_rust_str(&slot_names[slot]);
    let e = vm.new_exception_msg(
        &vm.exc.unbound_local_error,
        format!("cannot access local variable '{name}' where it is not associated with a value"),
    );
    vm.set_exc_attr(&e, &vm.names.name, Value::Obj(slot_names[slot].clone()));
    e
}

#[cold]
pub(super) fn free_var_error(vm: &Vm, cd: &CodeData, slot: usize) -> ObjRef {
    let slot_names = &cd.tables(vm).slot_names;
    let name = pystr::as_rust_str(&slot_names[slot]);
    let is_cell = cd.code.cellvars.iter().any(|c| **c == *name)
        && slot < cd.nlocalsplus - cd.code.freevars.len();
    if is_cell {
        return unbound_local(vm, cd, slot);
    }
    let e = vm.new_exception_msg(
        &vm.exc.name_error,
        format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
    );
    vm.set_exc_attr(&e, &vm.names.name, Value::Obj(slot_names[slot].clone()));
    e
}

/// The namespace dict of a module or class body when it is a plain dict (no
/// `__getitem__` of a Python subclass to call).
#[inline]
pub(super) fn plain_locals(f: &Frame) -> Option<&ObjRef> {
    match &f.locals {
        Value::Obj(d) if d.payload.as_dict().is_some() && !tdata(d.class()).is_heap() => Some(d),
        _ => None,
    }
}

/// `LoadName` through its inline cache, when that still answers: `aux` 0 means found in
/// the locals at position `index` (checked by key identity); 1 means absent from the
/// locals, which are the globals (version `version`), and found in the builtins at
/// `index`.
#[inline]
pub(super) fn load_name_cached(f: &Frame, cache: &InlineCache, name: &ObjRef) -> Option<Value> {
    let d = plain_locals(f)?;
    let t = dict::table(d).borrow();
    let ix = cache.index.get() as usize;
    if cache.aux.get() == 0 {
        return t.value_if_key_at(ix, name).cloned();
    }
    if t.version != cache.version.get() || !d.is(&f.globals) {
        return None;
    }
    let b = dict::table(&f.builtins).borrow();
    b.value_if_key_at(ix, name).cloned()
}

/// `LoadName` when its cache did not answer: the look-up, recording where the name was
/// found for the next time.
#[inline(never)]
pub(super) fn load_name_fill(
    vm: &Vm,
    f: &Frame,
    cache: &InlineCache,
    name: &ObjRef,
) -> PyResult<Value> {
    if let Some(d) = plain_locals(f) {
        let t = dict::table(d).borrow();
        if let Some(ix) = t.find_str(name) {
            cache.aux.set(0);
            cache.index.set(ix as u32);
            return Ok(t.value_at(ix));
        }
        if d.is(&f.globals) {
            let b = dict::table(&f.builtins).borrow();
            if let Some(ix) = b.find_str(name) {
                cache.aux.set(1);
                cache.version.set(t.version);
                cache.index.set(ix as u32);
                return Ok(b.value_at(ix));
            }
        }
    }
    load_name(vm, f, name)
}

pub(super) fn load_name(vm: &Vm, f: &Frame, name: &ObjRef) -> PyResult<Value> {
    match &f.locals {
        Value::Obj(d) if d.payload.as_dict().is_some() && !tdata(d.class()).is_heap() => {
            if let Some(v) = dict::get_str(d, name) {
                return Ok(v);
            }
        }
        Value::Null => {}
        l => match vm.getitem(l, &Value::Obj(name.clone())) {
            Ok(v) => return Ok(v),
            Err(e) if vm.exc_matches(&e, &vm.exc.key_error) => {}
            Err(e) => return Err(e),
        },
    }
    if let Some(v) = dict::get_str(&f.globals, name) {
        return Ok(v);
    }
    if let Some(v) = dict::get_str(&f.builtins, name) {
        return Ok(v);
    }
    Err(vm.name_error(name))
}

/// The method `name` of `obj` when it can be called unbound (`LoadMethod` fast path).
pub(super) fn load_method(vm: &Vm, obj: &Value, name: &ObjRef) -> Option<Value> {
    let ty = vm.type_of(obj);
    let td = tdata(ty);
    if td.flags.get() & (crate::objects::typeobj::flags::HAS_GETATTRIBUTE) != 0 {
        return None;
    }
    if let Value::Obj(o) = obj {
        if matches!(
            o.payload,
            Payload::Type(_) | Payload::Module(_) | Payload::Super(_)
        ) {
            return None;
        }
    }
    let m = lookup(ty, name)?;
    let is_method = matches!(&m, Value::Obj(mo) if matches!(mo.payload, Payload::Function(_) | Payload::MethodDescr(_)));
    if !is_method {
        return None;
    }
    if let Value::Obj(o) = obj {
        if let Some(d) = o.dict_for_read() {
            if dict::get_str(&d, name).is_some() {
                return None;
            }
        }
    }
    Some(m)
}

pub(super) fn make_function(
    vm: &Vm,
    f: &Frame,
    code: ObjRef,
    defaults: Value,
    kwdefaults: Value,
    annotations: Value,
    closure: Value,
) -> Value {
    let cd = code_data(&code);
    let doc = match &cd.first_str {
        Some(v @ Value::Obj(s))
            if s.payload.as_str().is_some() && cd.code.flags & 0x0400_0000 == 0 =>
        {
            v.clone()
        }
        _ => Value::None,
    };
    let module = dict::get_str(&f.globals, &vm.names.__name__).unwrap_or(Value::None);
    let annotations = match &annotations {
        Value::Obj(t) if t.payload.as_tuple().is_some() => {
            let d = vm.new_dict_obj();
            if let Some(items) = t.payload.as_tuple() {
                for pair in items.chunks(2) {
                    if pair.len() == 2 {
                        let _ = dict::set(vm, &d, pair[0].clone(), pair[1].clone());
                    }
                }
            }
            Value::Obj(d)
        }
        _ => annotations,
    };
    let fd = FunctionData {
        name: ValueCell::new(Value::Obj(cd.name.clone())),
        qualname: ValueCell::new(Value::Obj(cd.qualname.clone())),
        code: ValueCell::new(code.clone()),
        globals: f.globals.clone(),
        builtins: f.builtins.clone(),
        defaults: ValueCell::new(defaults),
        kwdefaults: ValueCell::new(kwdefaults),
        closure,
        annotations: ValueCell::new(annotations),
        doc: ValueCell::new(doc),
        module: ValueCell::new(module),
    };
    // The function's `__dict__` is made on first use (most functions never get one).
    let o = ObjRef::new(&vm.types.function, Payload::Function(Box::new(fd)));
    Value::Obj(o)
}

pub(super) fn unpack(
    vm: &Vm,
    s: &Value,
    before: usize,
    after: Option<usize>,
) -> PyResult<Vec<Value>> {
    // Exact tuples and lists only: a subclass may define its own __iter__.
    let items = match s {
        Value::Obj(o) => match &o.payload {
            Payload::Tuple(t) if o.class().is(&vm.types.tuple) => t.to_vec(),
            Payload::List(l) if o.class().is(&vm.types.list) => l.borrow().clone(),
            _ => collect_unpack(vm, s)?,
        },
        _ => collect_unpack(vm, s)?,
    };
    match after {
        None => {
            if items.len() != before {
                if items.len() > before {
                    return Err(
                        vm.value_error(format!("too many values to unpack (expected {before})"))
                    );
                }
                return Err(vm.value_error(format!(
                    "not enough values to unpack (expected {before}, got {})",
                    items.len()
                )));
            }
            Ok(items)
        }
        Some(after) => {
            if items.len() < before + after {
                return Err(vm.value_error(format!(
                    "not enough values to unpack (expected at least {}, got {})",
                    before + after,
                    items.len()
                )));
            }
            let mut out = Vec::with_capacity(before + after + 1);
            out.extend_from_slice(&items[..before]);
            out.push(vm.new_list(items[before..items.len() - after].to_vec()));
            out.extend_from_slice(&items[items.len() - after..]);
            Ok(out)
        }
    }
}

pub(super) fn collect_unpack(vm: &Vm, s: &Value) -> PyResult<Vec<Value>> {
    match vm.collect(s) {
        Ok(v) => Ok(v),
        Err(e)
            if vm.exc_matches(&e, &vm.exc.type_error)
                && vm.lookup_special(s, &vm.names.__iter__).is_none()
                && vm.lookup_special(s, &vm.names.__getitem__).is_none() =>
        {
            Err(vm.type_error(format!(
                "cannot unpack non-iterable {} object",
                vm.type_name(s)
            )))
        }
        Err(e) => Err(e),
    }
}

/// `isinstance(exc, ty)` for an `except` clause (ty a class or tuple of classes
/// deriving from BaseException, else TypeError).
pub fn exc_matches_value(vm: &Vm, exc: &Value, ty: &Value) -> PyResult<bool> {
    exc_match(vm, exc, ty)
}

/// The checks of CPython's `check_except_star_type_valid`.
pub(super) fn check_except_star_type(vm: &Vm, ty: &Value) -> PyResult<()> {
    let items: Vec<Value> = match ty {
        Value::Obj(t) if t.payload.as_tuple().is_some() => {
            t.payload.as_tuple().map(|x| x.to_vec()).unwrap_or_default()
        }
        _ => vec![ty.clone()],
    };
    for it in &items {
        match it {
            Value::Obj(to)
                if to.payload.as_type().is_some()
                    && crate::objects::typeobj::is_subtype(to, &vm.exc.base_exception) =>
            {
                if crate::objects::typeobj::is_subtype(to, &vm.exc.base_exception_group) {
                    return Err(vm.type_error(
                        "catching ExceptionGroup with except* is not allowed. Use except instead.",
                    ));
                }
            }
            _ => {
                return Err(vm.type_error(
                    "catching classes that do not inherit from BaseException is not allowed",
                ))
            }
        }
    }
    Ok(())
}

pub(super) fn exc_match(vm: &Vm, exc: &Value, ty: &Value) -> PyResult<bool> {
    let check = |t: &Value| -> PyResult<bool> {
        match t {
            Value::Obj(to)
                if to.payload.as_type().is_some()
                    && crate::objects::typeobj::is_subtype(to, &vm.exc.base_exception) =>
            {
                Ok(vm.isinstance(exc, to))
            }
            _ => Err(vm.type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    };
    if let Value::Obj(t) = ty {
        if let Some(items) = t.payload.as_tuple() {
            for it in items {
                if check(it)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
    }
    check(ty)
}

pub(super) fn make_exception(vm: &Vm, v: Value) -> PyResult<ObjRef> {
    match &v {
        Value::Obj(o) if o.payload.as_type().is_some() => {
            if !crate::objects::typeobj::is_subtype(o, &vm.exc.base_exception) {
                return Err(vm.type_error("exceptions must derive from BaseException"));
            }
            let inst = vm.call0(&v)?;
            match inst {
                Value::Obj(e) if e.payload.as_exception().is_some() => Ok(e),
                other => Err(vm.type_error(format!(
                    "calling {} should have returned an instance of BaseException, not {}",
                    vm.repr_string(&v)?,
                    vm.type_name(&other)
                ))),
            }
        }
        Value::Obj(o) if o.payload.as_exception().is_some() => Ok(o.clone()),
        _ => Err(vm.type_error("exceptions must derive from BaseException")),
    }
}

pub(super) fn do_raise(vm: &Vm, f: &mut Frame, arg: u32) -> (ObjRef, bool) {
    if arg == 0 {
        return match vm.exc_info.get() {
            Value::Obj(e) => (e, true),
            _ => (vm.runtime_error("No active exception to reraise"), false),
        };
    }
    let cause = if arg == 2 {
        Some(f.slots.pop().unwrap_or(Value::Null))
    } else {
        None
    };
    let exc = f.slots.pop().unwrap_or(Value::Null);
    let e = match make_exception(vm, exc) {
        Ok(e) => e,
        Err(e) => return (e, false),
    };
    if let Some(c) = cause {
        let cause_v = match &c {
            Value::None => Value::None,
            Value::Obj(o) if o.payload.as_type().is_some() => match make_exception(vm, c.clone()) {
                Ok(ce) => Value::Obj(ce),
                Err(err) => return (err, false),
            },
            Value::Obj(o) if o.payload.as_exception().is_some() => c.clone(),
            _ => {
                return (
                    vm.type_error("exception causes must derive from BaseException"),
                    false,
                )
            }
        };
        if let Some(d) = exceptions::exc_data(&e) {
            d.cause.set(cause_v);
            d.suppress_context.set(true);
        }
    }
    let ctx = vm.exc_info.get();
    if let Value::Obj(c) = &ctx {
        if !c.is(&e) {
            exceptions::set_context(&e, ctx.clone());
        }
    }
    (e, false)
}

pub(super) fn get_awaitable(vm: &Vm, v: Value) -> PyResult<Value> {
    if let Value::Obj(o) = &v {
        if let Payload::Generator(g) = &o.payload {
            // Coroutines, and generators from `types.coroutine` (CO_ITERABLE_COROUTINE).
            let iterable_coro = || {
                g.code
                    .payload
                    .as_code()
                    .is_some_and(|c| c.code.flags & 0x100 != 0)
            };
            if g.kind == GenKind::Coroutine || iterable_coro() {
                return Ok(v);
            }
        }
    }
    match vm.call_special(&v, &vm.names.__await__, &[])? {
        Some(it) => Ok(it),
        None => Err(vm.type_error(format!(
            "object {} can't be used in 'await' expression",
            vm.type_name(&v)
        ))),
    }
}

pub(super) fn match_class(
    vm: &Vm,
    subject: &Value,
    cls: &Value,
    names: &Value,
    npos: usize,
) -> PyResult<Value> {
    let cls_t = match cls {
        Value::Obj(c) if c.payload.as_type().is_some() => c.clone(),
        _ => return Err(vm.type_error("called match pattern must be a class")),
    };
    if !vm.isinstance(subject, &cls_t) {
        return Ok(Value::None);
    }
    let mut out = Vec::new();
    let mut seen: Vec<crate::memory::ObjRef> = Vec::new();
    if npos > 0 {
        let match_args = vm.get_attr_opt(cls, &vm.intern("__match_args__"))?;
        match match_args {
            Some(ma) => {
                let is_tuple = matches!(&ma, Value::Obj(o) if o.payload.as_tuple().is_some());
                if !is_tuple {
                    return Err(vm.type_error(format!(
                        "{}.__match_args__ must be a tuple (got {})",
                        tdata(&cls_t).name(),
                        vm.type_name(&ma)
                    )));
                }
                let ma = vm.collect(&ma)?;
                if npos > ma.len() {
                    return Err(vm.type_error(format!(
                        "{}() accepts {} positional sub-pattern{} ({npos} given)",
                        tdata(&cls_t).name(),
                        ma.len(),
                        if ma.len() == 1 { "" } else { "s" }
                    )));
                }
                for n in &ma[..npos] {
                    if !matches!(n, Value::Obj(o) if o.payload.as_str().is_some()) {
                        return Err(vm.type_error(format!(
                            "__match_args__ elements must be strings (got {})",
                            vm.type_name(n)
                        )));
                    }
                    match class_pattern_attr(vm, &cls_t, &mut seen, subject, n)? {
                        Some(v) => out.push(v),
                        None => return Ok(Value::None),
                    }
                }
            }
            None => {
                let l = tdata(&cls_t).layout;
                use crate::objects::typeobj::Layout::*;
                if npos == 1
                    && matches!(
                        l,
                        Int | Bool
                            | Float
                            | Str
                            | Bytes
                            | ByteArray
                            | Tuple
                            | List
                            | Dict
                            | Set
                            | FrozenSet
                    )
                {
                    out.push(subject.clone());
                } else {
                    return Err(vm.type_error(format!(
                        "{}() accepts 0 positional sub-patterns ({npos} given)",
                        tdata(&cls_t).name()
                    )));
                }
            }
        }
    }
    for n in vm.collect(names)? {
        match class_pattern_attr(vm, &cls_t, &mut seen, subject, &n)? {
            Some(v) => out.push(v),
            None => return Ok(Value::None),
        }
    }
    Ok(vm.new_tuple(out))
}

/// One attribute of a class pattern (named by `__match_args__` or by keyword): CPython's
/// TypeError when the pattern names it twice, else the subject's attribute (None: the
/// subject lacks it, so the pattern fails). `seen` collects the names used so far.
fn class_pattern_attr(
    vm: &Vm,
    cls_t: &ObjRef,
    seen: &mut Vec<ObjRef>,
    subject: &Value,
    n: &Value,
) -> PyResult<Option<Value>> {
    let name = crate::objects::object::attr_name(vm, Some(n))?;
    if seen
        .iter()
        .any(|s| pystr::as_rust_str(s) == pystr::as_rust_str(&name))
    {
        return Err(vm.type_error(format!(
            "{}() got multiple sub-patterns for attribute {}",
            tdata(cls_t).name(),
            vm.repr_string(n)?
        )));
    }
    seen.push(name.clone());
    vm.get_attr_opt(subject, &name)
}
