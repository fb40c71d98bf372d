//! The builtins module: built-in functions and the names of the built-in types.

use pyrs_compiler::bytecode::{BinaryOpArg, CompareOpArg};

use crate::object::Payload;
use crate::objects::typeobj::{is_subtype, tdata};
use crate::objects::{dict, str as pystr};
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

fn kw<'a>(args: &Args<'a>, name: &str) -> Option<&'a Value> {
    args.kwargs()
        .find(|(k, _)| k.as_obj().map(pystr::as_rust_str).as_deref() == Some(name))
        .map(|(_, v)| v)
}

/// Reject keyword arguments a builtin does not take, with CPython's message.
fn check_keywords(vm: &Vm, args: &Args, name: &str, allowed: &[&str]) -> PyResult<()> {
    for (k, _) in args.kwargs() {
        let k = vm.str_string(k)?;
        if !allowed.contains(&k.as_str()) {
            return Err(vm.type_error(format!("'{k}' is an invalid keyword argument for {name}()")));
        }
    }
    Ok(())
}

/// print()'s `sep` and `end`: None or a str.
fn str_or_none(vm: &Vm, v: Option<&Value>, name: &str, default: &str) -> PyResult<String> {
    match v {
        None | Some(Value::None) => Ok(default.to_string()),
        Some(s @ Value::Obj(o)) if o.payload.as_str().is_some() => vm.str_string(s),
        Some(other) => Err(vm.type_error(format!(
            "{name} must be None or a string, not {}",
            vm.type_name(other)
        ))),
    }
}

fn print(vm: &Vm, args: Args) -> PyResult<Value> {
    check_keywords(vm, &args, "print", &["sep", "end", "file", "flush"])?;
    let sep = str_or_none(vm, kw(&args, "sep"), "sep", " ")?;
    let end = str_or_none(vm, kw(&args, "end"), "end", "\n")?;
    let file = match kw(&args, "file") {
        None | Some(Value::None) => crate::sys::get_sys_attr(vm, "stdout")?,
        Some(f) => f.clone(),
    };
    let mut out = String::new();
    for (i, a) in args.pos().iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        out.push_str(&vm.str_string(a)?);
    }
    out.push_str(&end);
    vm.call_method(&file, "write", &[vm.new_str(out)])?;
    if let Some(f) = kw(&args, "flush") {
        if vm.is_true(f)? {
            vm.call_method(&file, "flush", &[])?;
        }
    }
    Ok(Value::None)
}

fn one(vm: &Vm, args: &Args, name: &str) -> PyResult<Value> {
    if args.has_kw() {
        return Err(vm.type_error(format!("{name}() takes no keyword arguments")));
    }
    if args.pos().len() != 1 {
        return Err(vm.type_error(format!(
            "{name}() takes exactly one argument ({} given)",
            args.pos().len()
        )));
    }
    Ok(args.pos()[0].clone())
}

fn len(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = one(vm, &args, "len")?;
    Ok(Value::Int(vm.len(&v)? as i64))
}

fn repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = one(vm, &args, "repr")?;
    Ok(Value::Obj(vm.repr(&v)?))
}

fn ascii(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = one(vm, &args, "ascii")?;
    Ok(vm.new_str(pystr::ascii_escape(&vm.repr_string(&v)?)))
}

pub fn isinstance_check(vm: &Vm, v: &Value, cls: &Value) -> PyResult<bool> {
    match cls {
        Value::Obj(c) if c.payload.as_type().is_some() => {
            if vm.isinstance(v, c) {
                return Ok(true);
            }
            if tdata(c.class()).is_heap() {
                if let Some(r) =
                    vm.call_special(cls, &vm.names.__instancecheck__, std::slice::from_ref(v))?
                {
                    return vm.is_true(&r);
                }
            }
            Ok(false)
        }
        Value::Obj(t) if t.payload.as_tuple().is_some() => {
            for c in t.payload.as_tuple().unwrap_or(&[]) {
                if isinstance_check(vm, v, c)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => {
            match vm.call_special(cls, &vm.names.__instancecheck__, std::slice::from_ref(v))? {
                Some(r) => vm.is_true(&r),
                None => {
                    // Objects with a __bases__ tuple act as classes (CPython's
                    // abstract_issubclass), through the instance's __class__.
                    if abstract_bases(vm, cls)?.is_none() {
                        return Err(vm.type_error(
                            "isinstance() arg 2 must be a type, a tuple of types, or a union",
                        ));
                    }
                    match vm.get_attr_opt(v, &vm.names.__class__)? {
                        Some(icls) => abstract_issubclass(vm, &icls, cls),
                        None => Ok(false),
                    }
                }
            }
        }
    }
}

/// The `__bases__` tuple of an object that acts as a class, if it has one.
fn abstract_bases(vm: &Vm, v: &Value) -> PyResult<Option<Value>> {
    match vm.get_attr_opt(v, &vm.intern("__bases__")) {
        Ok(Some(b @ Value::Obj(_))) if matches!(&b, Value::Obj(o) if o.payload.as_tuple().is_some()) => {
            Ok(Some(b))
        }
        Ok(_) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Whether `derived` reaches `cls` through `__bases__` (CPython's abstract_issubclass).
fn abstract_issubclass(vm: &Vm, derived: &Value, cls: &Value) -> PyResult<bool> {
    if derived.is(cls) {
        return Ok(true);
    }
    let Some(bases) = abstract_bases(vm, derived)? else {
        return Ok(false);
    };
    vm.enter_recursion(" in __subclasscheck__")?;
    let mut found = Ok(false);
    for b in vm.collect(&bases)? {
        match abstract_issubclass(vm, &b, cls) {
            Ok(false) => {}
            other => {
                found = other;
                break;
            }
        }
    }
    vm.leave_recursion();
    found
}

fn isinstance(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = args.pos();
    if p.len() != 2 {
        return Err(vm.type_error(format!("isinstance expected 2 arguments, got {}", p.len())));
    }
    Ok(Value::Bool(isinstance_check(vm, &p[0], &p[1])?))
}

fn issubclass_check(vm: &Vm, c: &Value, cls: &Value) -> PyResult<bool> {
    match cls {
        Value::Obj(t) if t.payload.as_tuple().is_some() => {
            for x in t.payload.as_tuple().unwrap_or(&[]) {
                if issubclass_check(vm, c, x)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Value::Obj(k) if k.payload.as_type().is_some() => {
            if tdata(k.class()).is_heap() {
                if let Some(r) =
                    vm.call_special(cls, &vm.names.__subclasscheck__, std::slice::from_ref(c))?
                {
                    return vm.is_true(&r);
                }
            }
            match c {
                Value::Obj(co) if co.payload.as_type().is_some() => Ok(is_subtype(co, k)),
                _ if abstract_bases(vm, c)?.is_some() => abstract_issubclass(vm, c, cls),
                _ => Err(vm.type_error("issubclass() arg 1 must be a class")),
            }
        }
        _ => match vm.call_special(cls, &vm.names.__subclasscheck__, std::slice::from_ref(c))? {
            Some(r) => vm.is_true(&r),
            None => {
                if abstract_bases(vm, c)?.is_none() {
                    return Err(vm.type_error("issubclass() arg 1 must be a class"));
                }
                if abstract_bases(vm, cls)?.is_none() {
                    return Err(vm.type_error(
                        "issubclass() arg 2 must be a class, a tuple of classes, or a union",
                    ));
                }
                abstract_issubclass(vm, c, cls)
            }
        },
    }
}

fn issubclass(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = args.pos();
    if p.len() != 2 {
        return Err(vm.type_error(format!("issubclass expected 2 arguments, got {}", p.len())));
    }
    Ok(Value::Bool(issubclass_check(vm, &p[0], &p[1])?))
}

fn build_class(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = args.pos();
    if p.len() < 2 {
        return Err(vm.type_error("__build_class__: not enough arguments"));
    }
    let func = p[0].clone();
    let name = p[1].clone();
    let mut bases: Vec<Value> = Vec::new();
    let mut resolved = false;
    for b in &p[2..] {
        if !matches!(b, Value::Obj(o) if o.payload.as_type().is_some()) {
            if let Some(me) = vm.get_attr_opt(b, &vm.names.__mro_entries__)? {
                let r = vm.call1(&me, vm.new_tuple(p[2..].to_vec()))?;
                if !matches!(&r, Value::Obj(t) if t.payload.as_tuple().is_some()) {
                    return Err(vm.type_error("__mro_entries__ must return a tuple"));
                }
                bases.extend(vm.collect(&r)?);
                resolved = true;
                continue;
            }
        }
        bases.push(b.clone());
    }
    let mut meta: Option<Value> = None;
    let mut kwn: Vec<Value> = Vec::new();
    let mut kwv: Vec<Value> = Vec::new();
    for (k, v) in args.kwargs() {
        if k.as_obj().map(pystr::as_rust_str).as_deref() == Some("metaclass") {
            meta = Some(v.clone());
        } else {
            kwn.push(k.clone());
            kwv.push(v.clone());
        }
    }
    let meta = match meta {
        Some(m) => m,
        None => match bases.first() {
            Some(b) => Value::Obj(vm.type_of(b).clone()),
            None => Value::Obj(vm.types.type_.clone()),
        },
    };
    let meta = match &meta {
        Value::Obj(m) if m.payload.as_type().is_some() => {
            // CPython's _PyType_CalculateMetaclass: the most derived of the metaclass
            // and the bases' types, which must form a chain.
            let mut winner = m.clone();
            for b in &bases {
                let bt = vm.type_of(b);
                if is_subtype(&winner, bt) {
                    continue;
                }
                if is_subtype(bt, &winner) {
                    winner = bt.clone();
                    continue;
                }
                return Err(vm.type_error(
                    "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
                ));
            }
            Value::Obj(winner)
        }
        _ => meta,
    };
    let bases_t = vm.new_tuple(bases.clone());
    let ns = match vm.get_attr_opt(&meta, &vm.names.__prepare__)? {
        Some(prep) => {
            let mut a = vec![name.clone(), bases_t.clone()];
            a.extend(kwv.iter().cloned());
            vm.call(&prep, Args::with_kw(&a, &kwn))?
        }
        None => vm.new_dict(),
    };
    let f = match &func {
        Value::Obj(o) if o.payload.as_function().is_some() => o.clone(),
        _ => return Err(vm.type_error("__build_class__: func must be a function")),
    };
    let fd = f
        .payload
        .as_function()
        .ok_or_else(|| vm.type_error("bad function"))?;
    let fcode = fd.code.get();
    let cd = fcode
        .payload
        .as_code()
        .ok_or_else(|| vm.type_error("bad code"))?;
    let frame = crate::frame::Frame::new(
        fcode.clone(),
        fd.globals.clone(),
        fd.builtins.clone(),
        ns.clone(),
        Some(f.clone()),
        cd.nlocalsplus,
        cd.code.stacksize as usize,
    );
    let (_exit, _f) = crate::eval::resume_frame_fresh(vm, Box::new(frame))?;
    // Bases replaced through __mro_entries__ are remembered for typing (PEP 560).
    if resolved {
        vm.setitem(
            &ns,
            &vm.new_str("__orig_bases__"),
            vm.new_tuple(p[2..].to_vec()),
        )?;
    }
    let mut a = vec![name, bases_t, ns];
    a.extend(kwv);
    vm.call(&meta, Args::with_kw(&a, &kwn))
}

fn iter(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = args.pos();
    match p.len() {
        1 => vm.iter(&p[0]),
        2 if !vm.is_callable(&p[0]) => Err(vm.type_error("iter(v, w): v must be callable")),
        2 => Ok(crate::objects::iter::new_callable_iter(
            vm,
            p[0].clone(),
            p[1].clone(),
        )),
        n => Err(vm.type_error(format!("iter expected at most 2 arguments, got {n}"))),
    }
}

fn next(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = args.pos();
    if p.is_empty() {
        return Err(vm.type_error("next expected at least 1 argument, got 0"));
    }
    if vm.lookup_special(&p[0], &vm.names.__next__).is_none()
        && !matches!(&p[0], Value::Obj(o) if matches!(o.payload, crate::object::Payload::Iter(_)))
    {
        return Err(vm.type_error(format!(
            "'{}' object is not an iterator",
            vm.type_name(&p[0])
        )));
    }
    match &p[0] {
        Value::Obj(o) if matches!(o.payload, crate::object::Payload::Generator(_)) => {
            match crate::objects::generator::gen_send_ex(vm, o, Value::None, None)? {
                Ok(v) => Ok(v),
                Err(r) => match p.get(1) {
                    Some(d) => Ok(d.clone()),
                    None => Err(vm.stop_iteration(if r.is_none() { None } else { Some(r) })),
                },
            }
        }
        _ => match vm.next(&p[0])? {
            Some(v) => Ok(v),
            None => match p.get(1) {
                Some(d) => Ok(d.clone()),
                None => Err(vm.stop_iteration(None)),
            },
        },
    }
}

fn getattr(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = args.pos();
    if p.len() < 2 || p.len() > 3 {
        return Err(vm.type_error(format!(
            "getattr expected at least 2 arguments, got {}",
            p.len()
        )));
    }
    let name = crate::objects::object::attr_name(vm, Some(&p[1]))?;
    match p.get(2) {
        Some(d) => Ok(vm.get_attr_opt(&p[0], &name)?.unwrap_or_else(|| d.clone())),
        None => vm.get_attr(&p[0], &name),
    }
}

fn setattr(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = args.pos();
    if p.len() != 3 {
        return Err(vm.type_error(format!("setattr expected 3 arguments, got {}", p.len())));
    }
    let name = crate::objects::object::attr_name(vm, Some(&p[1]))?;
    vm.set_attr(&p[0], &name, p[2].clone())?;
    Ok(Value::None)
}

fn delattr(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = args.pos();
    if p.len() != 2 {
        return Err(vm.type_error(format!("delattr expected 2 arguments, got {}", p.len())));
    }
    let name = crate::objects::object::attr_name(vm, Some(&p[1]))?;
    vm.del_attr(&p[0], &name)?;
    Ok(Value::None)
}

fn hasattr(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = args.pos();
    if p.len() != 2 {
        return Err(vm.type_error(format!("hasattr expected 2 arguments, got {}", p.len())));
    }
    let name = crate::objects::object::attr_name(vm, Some(&p[1]))?;
    Ok(Value::Bool(vm.get_attr_opt(&p[0], &name)?.is_some()))
}

fn id(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(one(vm, &args, "id")?.id()))
}

fn hash(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(vm.hash(&one(vm, &args, "hash")?)?))
}

fn abs(vm: &Vm, args: Args) -> PyResult<Value> {
    vm.abs(&one(vm, &args, "abs")?)
}

fn callable(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Bool(vm.is_callable(&one(vm, &args, "callable")?)))
}

fn minmax(vm: &Vm, args: Args, op: CompareOpArg, name: &str) -> PyResult<Value> {
    check_keywords(vm, &args, name, &["key", "default"])?;
    let p = args.pos();
    let key = kw(&args, "key").cloned().unwrap_or(Value::None);
    let default = kw(&args, "default").cloned();
    let items = if p.len() == 1 {
        vm.collect(&p[0])?
    } else if p.is_empty() {
        return Err(vm.type_error(format!("{name} expected at least 1 argument, got 0")));
    } else {
        if default.is_some() {
            return Err(vm.type_error(format!(
                "Cannot specify a default for {name}() with multiple positional arguments"
            )));
        }
        p.to_vec()
    };
    let mut best: Option<(Value, Value)> = None;
    let mut key_call = crate::repeated_call::RepeatedCall::new(vm, &key);
    for it in items {
        let k = if key.is_none() {
            it.clone()
        } else {
            key_call.call1(&it)?
        };
        best = match best {
            None => Some((k, it)),
            Some((bk, bv)) => {
                if vm.compare_bool(&k, &bk, op)? {
                    Some((k, it))
                } else {
                    Some((bk, bv))
                }
            }
        };
    }
    match best {
        Some((_, v)) => Ok(v),
        None => default.ok_or_else(|| vm.value_error(format!("{name}() arg is an empty sequence"))),
    }
}

fn min(vm: &Vm, args: Args) -> PyResult<Value> {
    minmax(vm, args, CompareOpArg::Lt, "min")
}
fn max(vm: &Vm, args: Args) -> PyResult<Value> {
    minmax(vm, args, CompareOpArg::Gt, "max")
}

fn sum(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = args.pos();
    if p.is_empty() {
        return Err(vm.type_error("sum() takes at least 1 positional argument (0 given)"));
    }
    let mut acc = p
        .get(1)
        .cloned()
        .or_else(|| kw(&args, "start").cloned())
        .unwrap_or(Value::Int(0));
    if let Value::Obj(o) = &acc {
        match &o.payload {
            Payload::Str(_) => {
                return Err(vm.type_error("sum() can't sum strings [use ''.join(seq) instead]"))
            }
            Payload::Bytes(_) => {
                return Err(vm.type_error("sum() can't sum bytes [use b''.join(seq) instead]"))
            }
            Payload::ByteArray(_) => {
                return Err(vm.type_error("sum() can't sum bytearray [use b''.join(seq) instead]"))
            }
            _ => {}
        }
    }
    let it = vm.iter(&p[0])?;
    while let Some(x) = vm.next(&it)? {
        // Machine ints and floats added here (the result the operator gives), the rest
        // and overflows through it.
        acc = match (&acc, &x) {
            (Value::Int(a), Value::Int(b)) => match a.checked_add(*b) {
                Some(n) => Value::Int(n),
                None => vm.binary_op(&acc, &x, BinaryOpArg::Add)?,
            },
            (Value::Float(a), Value::Float(b)) => Value::Float(a + b),
            _ => vm.binary_op(&acc, &x, BinaryOpArg::Add)?,
        };
    }
    Ok(acc)
}

fn sorted(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = args.pos();
    if p.len() != 1 {
        return Err(vm.type_error(format!("sorted expected 1 argument, got {}", p.len())));
    }
    let items = vm.collect(&p[0])?;
    let l = vm.new_list(items);
    let mut names = Vec::new();
    let mut vals = vec![l.clone()];
    for (k, v) in args.kwargs() {
        names.push(k.clone());
        vals.push(v.clone());
    }
    // The new list is an exact list: list.sort itself, not a look-up.
    crate::objects::seq::list_sort(vm, Args::with_kw(&vals, &names))?;
    Ok(l)
}

fn chr_(vm: &Vm, args: Args) -> PyResult<Value> {
    let i = vm.to_index(&one(vm, &args, "chr")?)?;
    if !(0..=0x10ffff).contains(&i) {
        return Err(vm.value_error("chr() arg not in range(0x110000)"));
    }
    Ok(crate::objects::seq::str_from_cp(vm, i as u32))
}

fn ord(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = one(vm, &args, "ord")?;
    if let Value::Obj(o) = &v {
        match &o.payload {
            crate::object::Payload::Str(s) => {
                if s.char_len() != 1 {
                    return Err(vm.type_error(format!(
                        "ord() expected a character, but string of length {} found",
                        s.char_len()
                    )));
                }
                return Ok(Value::Int(s.code_point_at(0) as i64));
            }
            crate::object::Payload::Bytes(b) => {
                if b.len() != 1 {
                    return Err(vm.type_error(format!(
                        "ord() expected a character, but string of length {} found",
                        b.len()
                    )));
                }
                return Ok(Value::Int(b[0] as i64));
            }
            _ => {}
        }
    }
    Err(vm.type_error(format!(
        "ord() expected string of length 1, but {} found",
        vm.type_name(&v)
    )))
}

fn any(vm: &Vm, args: Args) -> PyResult<Value> {
    let it = vm.iter(&one(vm, &args, "any")?)?;
    while let Some(x) = vm.next(&it)? {
        if vm.is_true(&x)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn all(vm: &Vm, args: Args) -> PyResult<Value> {
    let it = vm.iter(&one(vm, &args, "all")?)?;
    while let Some(x) = vm.next(&it)? {
        if !vm.is_true(&x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn divmod(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = args.pos();
    if p.len() != 2 {
        return Err(vm.type_error(format!("divmod expected 2 arguments, got {}", p.len())));
    }
    let numeric = |v: &Value| {
        crate::objects::int::is_int(v)
            || matches!(v, Value::Float(_))
            || matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Float(_)))
    };
    let exact = |v: &Value| matches!(v, Value::Int(_) | Value::Float(_) | Value::Bool(_));
    if exact(&p[0]) && exact(&p[1]) {
        return crate::objects::divmod_numbers(vm, &p[0], &p[1]);
    }
    // The binary protocol: a.__divmod__(b), then b.__rdivmod__(a).
    let (a, b) = (&p[0], &p[1]);
    let ta = vm.type_of(a).clone();
    let tb = vm.type_of(b).clone();
    let right_first = !ta.is(&tb) && crate::objects::typeobj::is_subtype(&tb, &ta);
    let try_left = || -> PyResult<Option<Value>> {
        match vm.call_special(a, &vm.intern("__divmod__"), std::slice::from_ref(b))? {
            Some(r) if !vm.is_not_implemented(&r) => Ok(Some(r)),
            _ => Ok(None),
        }
    };
    let try_right = || -> PyResult<Option<Value>> {
        if ta.is(&tb) {
            return Ok(None);
        }
        match vm.call_special(b, &vm.intern("__rdivmod__"), std::slice::from_ref(a))? {
            Some(r) if !vm.is_not_implemented(&r) => Ok(Some(r)),
            _ => Ok(None),
        }
    };
    let first = if right_first {
        try_right()?
    } else {
        try_left()?
    };
    if let Some(r) = first {
        return Ok(r);
    }
    let second = if right_first {
        try_left()?
    } else {
        try_right()?
    };
    if let Some(r) = second {
        return Ok(r);
    }
    if numeric(a) && numeric(b) {
        return crate::objects::divmod_numbers(vm, a, b);
    }
    Err(vm.type_error(format!(
        "unsupported operand type(s) for divmod(): '{}' and '{}'",
        vm.type_name(a),
        vm.type_name(b)
    )))
}

fn pow(vm: &Vm, args: Args) -> PyResult<Value> {
    check_keywords(vm, &args, "pow", &["base", "exp", "mod"])?;
    let mut all: Vec<Value> = args.pos().to_vec();
    for (i, name) in ["base", "exp", "mod"].iter().enumerate() {
        if let Some(v) = kw(&args, name) {
            if all.len() > i {
                return Err(vm.type_error(format!(
                    "argument for pow() given by name ('{name}') and position ({})",
                    i + 1
                )));
            }
            while all.len() < i {
                all.push(Value::None);
            }
            all.push(v.clone());
        }
    }
    if all.is_empty() {
        return Err(vm.type_error("pow() missing required argument 'base' (pos 1)"));
    }
    if all.len() == 1 {
        return Err(vm.type_error("pow() missing required argument 'exp' (pos 2)"));
    }
    if all.len() == 3 && matches!(all[2], Value::None) {
        all.pop();
    }
    let p = &all[..];
    match p.len() {
        2 => vm.binary_op(&p[0], &p[1], BinaryOpArg::Power),
        3 => {
            let (b, e, m) = (
                crate::objects::int::as_bigint(&p[0]),
                crate::objects::int::as_bigint(&p[1]),
                crate::objects::int::as_bigint(&p[2]),
            );
            match (b, e, m) {
                (Some(b), Some(e), Some(m)) => {
                    if num_traits::Zero::is_zero(&m) {
                        return Err(vm.value_error("pow() 3rd argument cannot be 0"));
                    }
                    let (b, e) = if e.sign() == num_bigint::Sign::Minus {
                        // A negative exponent raises the modular inverse of the base.
                        match mod_inverse(&b, &m) {
                            Some(inv) => (inv, -e),
                            None => {
                                return Err(
                                    vm.value_error("base is not invertible for the given modulus")
                                )
                            }
                        }
                    } else {
                        (b, e)
                    };
                    let r = b.modpow(&e, &m);
                    let r = if r.sign() != m.sign() && !num_traits::Zero::is_zero(&r) {
                        r + &m
                    } else {
                        r
                    };
                    Ok(vm.new_bigint(r))
                }
                _ => Err(vm.type_error(
                    "pow() 3rd argument not allowed unless all arguments are integers",
                )),
            }
        }
        n => Err(vm.type_error(format!("pow expected 2 arguments, got {n}"))),
    }
}

/// The inverse of `b` modulo `m` (extended Euclid), in `0..|m|`, if gcd(b, m) is 1.
fn mod_inverse(b: &num_bigint::BigInt, m: &num_bigint::BigInt) -> Option<num_bigint::BigInt> {
    use num_bigint::BigInt;
    use num_traits::{One, Signed, Zero};
    let modulus = m.abs();
    let (mut old_r, mut r) = (((b % &modulus) + &modulus) % &modulus, modulus.clone());
    let (mut old_s, mut s) = (BigInt::one(), BigInt::zero());
    while !r.is_zero() {
        let q = &old_r / &r;
        let next_r = &old_r - &q * &r;
        old_r = std::mem::replace(&mut r, next_r);
        let next_s = &old_s - &q * &s;
        old_s = std::mem::replace(&mut s, next_s);
    }
    if !old_r.is_one() {
        return None;
    }
    Some(((old_s % &modulus) + &modulus) % &modulus)
}

fn round(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = args.pos();
    if p.len() > 2 {
        return Err(vm.type_error(format!(
            "round() takes at most 2 arguments ({} given)",
            p.len()
        )));
    }
    for (k, _) in args.kwargs() {
        let k = vm.str_string(k)?;
        let pos = match k.as_str() {
            "number" => 0,
            "ndigits" => 1,
            _ => {
                return Err(
                    vm.type_error(format!("round() got an unexpected keyword argument '{k}'"))
                )
            }
        };
        if pos < p.len() {
            return Err(vm.type_error(format!(
                "argument for round() given by name ('{k}') and position ({})",
                pos + 1
            )));
        }
    }
    let nd = p.get(1).cloned().or_else(|| kw(&args, "ndigits").cloned());
    let v = p
        .first()
        .or_else(|| kw(&args, "number"))
        .ok_or_else(|| vm.type_error("round() missing required argument 'number' (pos 1)"))?;
    let extra: Vec<Value> = nd.into_iter().filter(|x| !x.is_none()).collect();
    match vm.call_special(v, &vm.names.__round__, &extra)? {
        Some(r) => Ok(r),
        None => Err(vm.type_error(format!(
            "type {} doesn't define __round__ method",
            vm.type_name(v)
        ))),
    }
}

fn radix(vm: &Vm, args: Args, spec: &str, name: &str) -> PyResult<Value> {
    let v = vm.index_value(&one(vm, &args, name)?)?;
    Ok(vm.new_str(crate::format::format_int_value(vm, &v, spec)?))
}
fn hex(vm: &Vm, args: Args) -> PyResult<Value> {
    radix(vm, args, "#x", "hex")
}
fn oct(vm: &Vm, args: Args) -> PyResult<Value> {
    radix(vm, args, "#o", "oct")
}
fn bin(vm: &Vm, args: Args) -> PyResult<Value> {
    radix(vm, args, "#b", "bin")
}

fn format(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = args.pos();
    let v = p
        .first()
        .ok_or_else(|| vm.type_error("format expected at least 1 argument, got 0"))?;
    let spec = p.get(1).cloned().unwrap_or_else(|| vm.new_str(""));
    if !matches!(&spec, Value::Obj(o) if o.payload.as_str().is_some()) {
        return Err(vm.type_error(format!(
            "format() argument 2 must be str, not {}",
            vm.type_name(&spec)
        )));
    }
    crate::format::format_value(vm, v, Some(&spec))
}

fn globals(vm: &Vm, _args: Args) -> PyResult<Value> {
    match vm.frame_stack.borrow().last() {
        Some(f) => Ok(Value::Obj(f.globals().clone())),
        None => Ok(vm.new_dict()),
    }
}

fn locals(vm: &Vm, _args: Args) -> PyResult<Value> {
    crate::frame::current_locals(vm)
}

fn vars(vm: &Vm, args: Args) -> PyResult<Value> {
    match args.pos().first() {
        None => locals(vm, args),
        Some(v) => vm
            .get_attr(v, &vm.names.__dict__)
            .map_err(|_| vm.type_error("vars() argument must have __dict__ attribute")),
    }
}

fn dir(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.has_kw() {
        return Err(vm.type_error("dir() takes no keyword arguments"));
    }
    if args.pos().len() > 1 {
        return Err(vm.type_error(format!(
            "dir expected at most 1 argument, got {}",
            args.pos().len()
        )));
    }
    let r = match args.pos().first() {
        None => {
            let l = locals(vm, args)?;
            let keys = vm.call_method(&l, "keys", &[])?;
            vm.new_list(vm.collect(&keys)?)
        }
        Some(v) => {
            let d = vm
                .call_special(v, &vm.names.__dir__, &[])?
                .unwrap_or_else(|| vm.new_list(vec![]));
            vm.new_list(vm.collect(&d)?)
        }
    };
    let m =
        crate::objects::typeobj::lookup(&vm.types.list, &vm.intern("sort")).unwrap_or(Value::None);
    vm.call(&m, Args::new(std::slice::from_ref(&r)))?;
    Ok(r)
}

/// `__import__(name, globals=None, locals=None, fromlist=(), level=0)`: what the
/// import statement does (the top-level package for `a.b` without a fromlist).
fn import(vm: &Vm, args: Args) -> PyResult<Value> {
    let names = ["name", "globals", "locals", "fromlist", "level"];
    let mut vals: Vec<Option<Value>> = args.pos().iter().cloned().map(Some).collect();
    if vals.len() > names.len() {
        return Err(vm.type_error(format!(
            "__import__() takes at most 5 arguments ({} given)",
            vals.len()
        )));
    }
    vals.resize(names.len(), None);
    for (k, v) in args.kwargs() {
        let k = vm.str_string(k)?;
        match names.iter().position(|n| *n == k) {
            Some(i) if vals[i].is_some() => {
                return Err(vm.type_error(format!(
                    "argument for __import__() given by name ('{k}') and position ({})",
                    i + 1
                )))
            }
            Some(i) => vals[i] = Some(v.clone()),
            None => {
                return Err(vm.type_error(format!(
                    "__import__() got an unexpected keyword argument '{k}'"
                )))
            }
        }
    }
    let name = vals[0]
        .clone()
        .ok_or_else(|| vm.type_error("__import__() missing required argument 'name' (pos 1)"))?;
    let name_obj = match &name {
        Value::Obj(o) if o.payload.as_str().is_some() => vm.intern_obj(o),
        other => {
            return Err(vm.type_error(format!(
                "module name must be str, not {}",
                vm.type_name(other)
            )))
        }
    };
    let level = vals[4].clone().unwrap_or(Value::Int(0));
    let level_n = vm.to_index(&level)?;
    if level_n < 0 {
        return Err(vm.value_error("level must be >= 0"));
    }
    if level_n == 0 && pystr::as_rust_str(&name_obj).is_empty() {
        return Err(vm.value_error("Empty module name"));
    }
    let globals = match &vals[1] {
        Some(Value::Obj(g)) if g.payload.as_dict().is_some() => g.clone(),
        _ => vm.new_dict_obj(),
    };
    let fromlist = vals[3].clone().unwrap_or(Value::None);
    let fromlist = if vm.is_true(&fromlist)? {
        vm.new_tuple(vm.collect(&fromlist)?)
    } else {
        Value::None
    };
    crate::import::import_name(vm, &name_obj, &fromlist, &Value::Int(level_n), &globals)
}

fn input(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.has_kw() {
        return Err(vm.type_error("input() takes no keyword arguments"));
    }
    if args.pos().len() > 1 {
        return Err(vm.type_error(format!(
            "input expected at most 1 argument, got {}",
            args.pos().len()
        )));
    }
    // As CPython's builtin_input (not interactive): flush stderr, write the prompt,
    // flush stdout; a failing flush is ignored.
    let out = crate::sys::get_sys_attr(vm, "stdout")
        .ok()
        .filter(|o| !o.is_none())
        .ok_or_else(|| vm.runtime_error("input(): lost sys.stdout"))?;
    if let Ok(err) = crate::sys::get_sys_attr(vm, "stderr") {
        if !err.is_none() {
            let saved = vm.exc_info.get();
            let _ = vm.call_method(&err, "flush", &[]);
            vm.exc_info.set(saved);
        }
    }
    if let Some(p) = args.pos().first() {
        vm.call_method(&out, "write", &[Value::Obj(vm.str(p)?)])?;
    }
    {
        let saved = vm.exc_info.get();
        let _ = vm.call_method(&out, "flush", &[]);
        vm.exc_info.set(saved);
    }
    // Read through sys.stdin (CPython's builtin_input without a tty), so that input()
    // and sys.stdin share one buffer.
    let stdin = crate::sys::get_sys_attr(vm, "stdin")?;
    if stdin.is_none() {
        return Err(vm.runtime_error("input(): lost sys.stdin"));
    }
    let line = vm.call_method(&stdin, "readline", &[])?;
    let text = match line.as_obj().and_then(|o| o.payload.as_str()) {
        Some(s) => s.as_bytes().to_vec(),
        None => return Err(vm.type_error("object.readline() returned non-string")),
    };
    if text.is_empty() {
        return Err(vm.new_exception_msg(&vm.exc.eof_error, "EOF when reading a line"));
    }
    let body = text.strip_suffix(b"\n").unwrap_or(&text).to_vec();
    Ok(vm.new_pystr(crate::objects::str::PyStr::from_wtf8(body)))
}

/// `exec(source, globals=None, locals=None, *, closure=None)` and
/// `eval(source, globals=None, locals=None)`, as CPython's builtin_exec_impl and
/// builtin_eval_impl: without globals they run in the caller's globals and locals.
fn exec_eval(vm: &Vm, args: Args, mode: &str) -> PyResult<Value> {
    let is_exec = mode == "exec";
    let names: &[&str] = if is_exec {
        &["source", "globals", "locals", "closure"]
    } else {
        &["source", "globals", "locals"]
    };
    let p = args.pos();
    if p.len() > 3 {
        return Err(vm.type_error(format!(
            "{mode} expected at most 3 arguments, got {}",
            p.len()
        )));
    }
    let mut vals: Vec<Option<Value>> = vec![None; names.len()];
    for (i, v) in p.iter().enumerate() {
        vals[i] = Some(v.clone());
    }
    for (k, v) in args.kwargs() {
        let k = vm.str_string(k)?;
        // source is positional-only; globals and locals may be given by keyword.
        match names.iter().position(|n| *n == k) {
            Some(i) if i > 0 => {
                if vals[i].is_some() {
                    return Err(vm.type_error(format!(
                        "argument for {mode}() given by name ('{k}') and position ({})",
                        i + 1
                    )));
                }
                vals[i] = Some(v.clone());
            }
            _ => {
                return Err(
                    vm.type_error(format!("{mode}() got an unexpected keyword argument '{k}'"))
                )
            }
        }
    }
    let src = vals[0].clone().ok_or_else(|| {
        vm.type_error(format!(
            "{mode}() missing required argument 'source' (pos 1)"
        ))
    })?;
    let globals_arg = vals[1].clone().filter(|v| !v.is_none());
    let locals_arg = vals[2].clone().filter(|v| !v.is_none());
    let closure = vals.get(3).cloned().flatten().filter(|v| !v.is_none());
    let is_dict = |v: &Value| matches!(v, Value::Obj(o) if o.payload.as_dict().is_some());
    let is_mapping =
        |v: &Value| is_dict(v) || vm.lookup_special(v, &vm.intern("__getitem__")).is_some();
    if let Some(g) = &globals_arg {
        if !is_dict(g) {
            return Err(vm.type_error(if is_exec {
                format!("exec() globals must be a dict, not {}", vm.type_name(g))
            } else if is_mapping(g) {
                "globals must be a real dict; try eval(expr, {}, mapping)".to_string()
            } else {
                "globals must be a dict".to_string()
            }));
        }
    }
    if let Some(l) = &locals_arg {
        if !is_mapping(l) {
            return Err(vm.type_error(if is_exec {
                format!("locals must be a mapping or None, not {}", vm.type_name(l))
            } else {
                "locals must be a mapping".to_string()
            }));
        }
    }
    let (globals, locals) = match globals_arg {
        Some(Value::Obj(g)) => {
            let l = locals_arg.unwrap_or_else(|| Value::Obj(g.clone()));
            (g, l)
        }
        _ => {
            let g = match vm.frame_stack.borrow().last() {
                Some(f) => f.globals().clone(),
                None => vm.new_dict_obj(),
            };
            let l = match locals_arg {
                Some(l) => l,
                None => crate::frame::current_locals(vm)?,
            };
            (g, l)
        }
    };
    if crate::objects::dict::get_str(&globals, &vm.names.__builtins__).is_none() {
        crate::objects::dict::set_str(
            &globals,
            &vm.names.__builtins__,
            Value::Obj(vm.builtins.clone()),
        );
    }
    let code = match &src {
        Value::Obj(o) if o.payload.as_code().is_some() => {
            let nfree = o.payload.as_code().map_or(0, |c| c.code.freevars.len());
            if !is_exec {
                if nfree > 0 {
                    return Err(vm.type_error(
                        "code object passed to eval() may not contain free variables",
                    ));
                }
            } else if nfree == 0 {
                if closure.is_some() {
                    return Err(vm.type_error("cannot use a closure with this code object"));
                }
            } else {
                let ok = match &closure {
                    Some(Value::Obj(t)) if t.class().is(&vm.types.tuple) => {
                        t.payload.as_tuple().is_some_and(|items| {
                            items.len() == nfree
                                && items.iter().all(|c| {
                                    matches!(c, Value::Obj(c) if matches!(c.payload, Payload::Cell(_)))
                                })
                        })
                    }
                    _ => false,
                };
                if !ok {
                    return Err(vm.type_error(format!(
                        "code object requires a closure of exactly length {nfree}"
                    )));
                }
                // Run it as a function made of the code, the globals and the closure
                // (the code of a function uses its fast locals, not `locals`).
                let Some(cd) = o.payload.as_code() else {
                    return Err(vm.type_error("expected a code object"));
                };
                let module = crate::objects::dict::get_str(&globals, &vm.names.__name__)
                    .unwrap_or(Value::None);
                let fd = crate::object::FunctionData {
                    name: crate::memory::ValueCell::new(Value::Obj(cd.name.clone())),
                    qualname: crate::memory::ValueCell::new(Value::Obj(cd.qualname.clone())),
                    code: crate::memory::ValueCell::new(o.clone()),
                    globals: globals.clone(),
                    builtins: vm.builtins_dict.clone(),
                    defaults: crate::memory::ValueCell::new(Value::None),
                    kwdefaults: crate::memory::ValueCell::new(Value::None),
                    closure: closure.clone().unwrap_or(Value::None),
                    annotations: crate::memory::ValueCell::new(Value::None),
                    doc: crate::memory::ValueCell::new(Value::None),
                    module: crate::memory::ValueCell::new(module),
                };
                let f = Value::Obj(crate::memory::ObjRef::new(
                    &vm.types.function,
                    Payload::Function(Box::new(fd)),
                ));
                vm.call(&f, Args::new(&[]))?;
                return Ok(Value::None);
            }
            o.clone()
        }
        _ => {
            if closure.is_some() {
                return Err(vm.type_error("closure can only be used when source is a code object"));
            }
            let bad = || {
                vm.type_error(format!(
                    "{mode}() arg 1 must be a string, bytes or code object"
                ))
            };
            let text = match &src {
                Value::Obj(o) if o.payload.as_str().is_some() => {
                    crate::objects::str::as_rust_str(o)
                }
                Value::Obj(o) => {
                    let bytes = match &o.payload {
                        Payload::Bytes(b) => b.to_vec(),
                        Payload::ByteArray(b) => b.borrow().clone(),
                        _ => return Err(bad()),
                    };
                    pyrs_parser::source::decode(&bytes).map_err(|e| {
                        crate::interpreter::syntax_error_object(
                            vm,
                            &e.to_syntax_error(),
                            "<string>",
                        )
                    })?
                }
                _ => return Err(bad()),
            };
            if text.contains('\0') {
                let msg = "source code string cannot contain null bytes";
                let e = vm.new_exception_msg(&vm.exc.syntax_error, msg);
                vm.set_exc_attr(&e, &vm.names.msg, vm.new_str(msg));
                return Err(e);
            }
            let text = if is_exec {
                text
            } else {
                text.trim_start_matches([' ', '\t']).to_string()
            };
            crate::interpreter::compile_string(vm, &text, "<string>", mode)?
        }
    };
    let r = crate::eval::run_code_in(vm, &code, &globals, Some(locals))?;
    Ok(if is_exec { Value::None } else { r })
}

fn exec(vm: &Vm, args: Args) -> PyResult<Value> {
    exec_eval(vm, args, "exec")
}
fn eval(vm: &Vm, args: Args) -> PyResult<Value> {
    exec_eval(vm, args, "eval")
}

/// `compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1)`: source
/// text or an AST object to a code object, or source to an AST with `ast.PyCF_ONLY_AST`
/// (in `ast_objects.rs`).
fn compile(vm: &Vm, args: Args) -> PyResult<Value> {
    crate::ast_objects::builtin_compile(vm, args)
}

/// Report the warnings the parser and compiler recorded (`pyrs_parser::warnings`)
/// through `warnings.warn_explicit`, as CPython's PyErr_WarnExplicitObject calls; a
/// warning that a filter turns into an error becomes the SyntaxError it describes.
pub fn emit_compile_warnings(vm: &Vm, filename: &str) -> PyResult<()> {
    emit_warnings(vm, pyrs_parser::warnings::take(), filename)
}

/// Report warnings taken from the parser and compiler (see `emit_compile_warnings`).
pub fn emit_warnings(
    vm: &Vm,
    pending: Vec<pyrs_parser::warnings::CompileWarning>,
    filename: &str,
) -> PyResult<()> {
    if pending.is_empty() {
        return Ok(());
    }
    let warnings = crate::import::import_module(vm, "warnings")?;
    let warn_explicit = vm.get_attr_str(&warnings, "warn_explicit")?;
    for w in pending {
        let category = match w.category {
            pyrs_parser::warnings::Category::SyntaxWarning => &vm.exc.syntax_warning,
            pyrs_parser::warnings::Category::DeprecationWarning => &vm.exc.deprecation_warning,
        };
        let args = [
            vm.new_str(w.error.msg.clone()),
            Value::Obj(category.clone()),
            vm.new_str(filename),
            Value::Int(i64::from(w.error.lineno)),
        ];
        if let Err(e) = vm.call(&warn_explicit, Args::new(&args)) {
            if vm.exc_matches(&e, category) {
                return Err(crate::interpreter::syntax_error_object(
                    vm, &w.error, filename,
                ));
            }
            return Err(e);
        }
    }
    Ok(())
}

/// CPython's Py_TPFLAGS_SEQUENCE and Py_TPFLAGS_MAPPING, which `match` tests.
pub const COLLECTION_SEQUENCE: u8 = 1;
pub const COLLECTION_MAPPING: u8 = 2;

/// Whether `match` treats `v` as a sequence or a mapping (CPython's collection flags of
/// its type): the first class of the MRO that is a built-in sequence or mapping type,
/// has `__abc_tpflags__` in its namespace (collections.abc's ABCs) or was registered
/// with one of those ABCs decides; 0 when none is.
pub fn collection_kind(vm: &Vm, v: &Value) -> PyResult<u8> {
    let ty = vm.type_of(v).clone();
    let t = &vm.types;
    let mro: Vec<crate::memory::ObjRef> = tdata(&ty).mro.borrow().clone();
    let abcs: Vec<(Value, u8)> = match dict::get_str(&vm.modules, &vm.intern("collections.abc")) {
        Some(m) => {
            let mut out = Vec::new();
            for (name, kind) in [
                ("Sequence", COLLECTION_SEQUENCE),
                ("MutableSequence", COLLECTION_SEQUENCE),
                ("Mapping", COLLECTION_MAPPING),
                ("MutableMapping", COLLECTION_MAPPING),
            ] {
                if let Ok(a) = vm.get_attr_str(&m, name) {
                    if let Ok(r) = vm.get_attr_str(&a, "_abc_registry") {
                        out.push((r, kind));
                    }
                }
            }
            out
        }
        None => Vec::new(),
    };
    for c in &mro {
        if c.is(&t.list) || c.is(&t.tuple) || c.is(&t.range) || c.is(&t.memoryview) {
            return Ok(COLLECTION_SEQUENCE);
        }
        if c.is(&t.dict) || c.is(&t.mappingproxy) {
            return Ok(COLLECTION_MAPPING);
        }
        let td = tdata(c);
        if !td.is_heap() {
            let name = td.name.borrow().clone();
            let module = dict::get_str_in(&td.dict, &vm.names.__module__)
                .and_then(|m| m.as_obj().map(pystr::as_rust_str))
                .unwrap_or_default();
            if (module == "collections" && name == "deque")
                || (module == "array" && name == "array")
            {
                return Ok(COLLECTION_SEQUENCE);
            }
            continue;
        }
        if let Some(f) = dict::get_str_in(&td.dict, &vm.intern("__abc_tpflags__")) {
            let f = vm.to_index(&f).unwrap_or(0);
            if f & (1 << 5) != 0 {
                return Ok(COLLECTION_SEQUENCE);
            }
            if f & (1 << 6) != 0 {
                return Ok(COLLECTION_MAPPING);
            }
        }
        let cv = Value::Obj(c.clone());
        for (registry, kind) in &abcs {
            if vm.is_true(&vm.call_method(
                registry,
                "__contains__",
                std::slice::from_ref(&cv),
            )?)? {
                return Ok(*kind);
            }
        }
    }
    Ok(0)
}

/// `breakpoint(*args, **kws)`: calls `sys.breakpointhook(*args, **kws)`.
fn breakpoint(vm: &Vm, args: Args) -> PyResult<Value> {
    let hook = crate::sys::get_sys_attr(vm, "breakpointhook")
        .map_err(|_| vm.runtime_error("lost sys.breakpointhook"))?;
    vm.call(&hook, args)
}

/// `types.CellType(contents=<empty>)`, as CPython's cell_new.
fn cell_new(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.kwargs().next().is_some() {
        return Err(vm.type_error("cell() takes no keyword arguments"));
    }
    let p = args.pos();
    // p[0] is the class.
    if p.len() > 2 {
        return Err(vm.type_error(format!(
            "cell expected at most 1 argument, got {}",
            p.len() - 1
        )));
    }
    let v = p.get(1).cloned().unwrap_or(Value::Null);
    Ok(Value::Obj(crate::memory::ObjRef::new(
        &vm.types.cell,
        Payload::Cell(crate::memory::ValueCell::new(v)),
    )))
}

/// `builtin_function_or_method.__module__`: the name of the module a module-level
/// function belongs to (CPython's m_module), found as the module of `sys.modules` that
/// holds this very function; None for methods bound to other objects.
fn builtin_module(vm: &Vm, v: &Value) -> PyResult<Value> {
    let (o, b) = match v {
        Value::Obj(o) => match &o.payload {
            Payload::Builtin(b) => (o, b),
            _ => return Err(vm.type_error("expected a builtin function")),
        },
        _ => return Err(vm.type_error("expected a builtin function")),
    };
    if let Value::Obj(m) = &b.self_ {
        if matches!(m.payload, Payload::Module(_)) {
            return Ok(m
                .dict()
                .and_then(|d| dict::get_str(&d, &vm.names.__name__))
                .unwrap_or(Value::None));
        }
    }
    if !b.self_.is_null() {
        return Ok(Value::None);
    }
    let name = vm.intern(b.name);
    let holds = |m: &Value| -> Option<Value> {
        let d = match m {
            Value::Obj(m) if matches!(m.payload, Payload::Module(_)) => m.dict()?,
            _ => return None,
        };
        match dict::get_str(&d, &name) {
            Some(Value::Obj(f)) if f.is(o) => dict::get_str(&d, &vm.names.__name__),
            _ => None,
        }
    };
    if let Some(n) = holds(&Value::Obj(vm.builtins.clone())) {
        return Ok(n);
    }
    let modules: Vec<Value> = vm
        .modules
        .payload
        .as_dict()
        .map(|t| t.borrow().items().into_iter().map(|(_, m)| m).collect())
        .unwrap_or_default();
    for m in &modules {
        if let Some(n) = holds(m) {
            return Ok(n);
        }
    }
    Ok(Value::None)
}

pub fn init(vm: &Vm) {
    let b = &vm.builtins;
    vm.add_static(&vm.types.cell, "__new__", cell_new);
    vm.add_getset(
        &vm.types.builtin_function,
        "__module__",
        builtin_module,
        None,
    );
    let funcs: &[(&'static str, crate::object::NativeFn)] = &[
        ("print", print),
        ("len", len),
        ("repr", repr),
        ("ascii", ascii),
        ("isinstance", isinstance),
        ("issubclass", issubclass),
        ("__build_class__", build_class),
        ("iter", iter),
        ("next", next),
        ("getattr", getattr),
        ("setattr", setattr),
        ("delattr", delattr),
        ("hasattr", hasattr),
        ("id", id),
        ("hash", hash),
        ("abs", abs),
        ("callable", callable),
        ("min", min),
        ("max", max),
        ("sum", sum),
        ("sorted", sorted),
        ("chr", chr_),
        ("ord", ord),
        ("any", any),
        ("all", all),
        ("divmod", divmod),
        ("pow", pow),
        ("round", round),
        ("hex", hex),
        ("oct", oct),
        ("bin", bin),
        ("format", format),
        ("globals", globals),
        ("locals", locals),
        ("vars", vars),
        ("dir", dir),
        ("__import__", import),
        ("input", input),
        ("exec", exec),
        ("eval", eval),
        ("breakpoint", breakpoint),
        ("compile", compile),
    ];
    for (name, f) in funcs {
        vm.add_module_fn(b, name, *f);
    }
    let d = &vm.builtins_dict;
    let t = &vm.types;
    for (name, ty) in [
        ("object", &t.object),
        ("type", &t.type_),
        ("int", &t.int),
        ("bool", &t.bool_),
        ("float", &t.float),
        ("complex", &t.complex),
        ("str", &t.str_),
        ("bytes", &t.bytes),
        ("bytearray", &t.bytearray),
        ("memoryview", &t.memoryview),
        ("tuple", &t.tuple),
        ("list", &t.list),
        ("dict", &t.dict),
        ("set", &t.set),
        ("frozenset", &t.frozenset),
        ("range", &t.range),
        ("slice", &t.slice),
        ("property", &t.property),
        ("classmethod", &t.classmethod),
        ("staticmethod", &t.staticmethod),
        ("super", &t.super_),
        ("enumerate", &t.enumerate),
        ("zip", &t.zip),
        ("map", &t.map),
        ("filter", &t.filter),
        ("reversed", &t.reversed),
    ] {
        dict::set_str(d, &vm.intern(name), Value::Obj(ty.clone()));
    }
    for e in vm.exc.all() {
        dict::set_str(d, &vm.intern(&tdata(e).name()), Value::Obj(e.clone()));
    }
    dict::set_str(
        d,
        &vm.intern("EnvironmentError"),
        Value::Obj(vm.exc.os_error.clone()),
    );
    dict::set_str(
        d,
        &vm.intern("IOError"),
        Value::Obj(vm.exc.os_error.clone()),
    );
    dict::set_str(d, &vm.intern("None"), Value::None);
    dict::set_str(d, &vm.intern("True"), Value::Bool(true));
    dict::set_str(d, &vm.intern("False"), Value::Bool(false));
    dict::set_str(d, &vm.intern("Ellipsis"), Value::Obj(vm.ellipsis.clone()));
    dict::set_str(
        d,
        &vm.intern("NotImplemented"),
        Value::Obj(vm.not_implemented.clone()),
    );
    dict::set_str(d, &vm.intern("__name__"), vm.new_str("builtins"));
    dict::set_str(
        d,
        &vm.intern("__debug__"),
        Value::Bool(vm.config.optimize == 0),
    );
}
