//! The `_contextvars` module (PEP 567): `ContextVar`, `Token`, `Context` and
//! `copy_context()`; Lib's `contextvars` re-exports them and `decimal` keeps its current
//! context in one.
//!
//! A `Context` maps variables to values. CPython stores the mapping in an immutable HAMT;
//! here a context holds a small vector of (variable, value) pairs, compared by identity,
//! that `ContextVar.set` changes in place in the current context only (`copy()` and
//! `copy_context()` clone it, so other contexts never see the change). One current
//! context per thread; `Context.run` switches it for the duration of a call.

use std::cell::{Cell, RefCell};

use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::NativeData;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::util::{native_of, pos_only, rest, this};

// ----- state ---------------------------------------------------------------------------------

/// A context: the variables set in it (each at most once) and whether it is entered.
struct Context {
    vars: RefCell<Vec<(ObjRef, Value)>>,
    /// Set while `run` executes in this context.
    entered: Cell<bool>,
}

impl NativeData for Context {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        for (k, v) in self.vars.borrow().iter() {
            visit(&Value::Obj(k.clone()));
            visit(v);
        }
    }
}

impl Context {
    fn lookup(&self, var: &ObjRef) -> Option<Value> {
        self.vars
            .borrow()
            .iter()
            .find(|(k, _)| k.is(var))
            .map(|(_, v)| v.clone())
    }

    fn set(&self, var: &ObjRef, value: Value) {
        let mut vars = self.vars.borrow_mut();
        match vars.iter_mut().find(|(k, _)| k.is(var)) {
            Some(e) => e.1 = value,
            None => vars.push((var.clone(), value)),
        }
    }

    fn remove(&self, var: &ObjRef) {
        self.vars.borrow_mut().retain(|(k, _)| !k.is(var));
    }
}

/// A context variable: its name and default (`None`: no default).
struct ContextVar {
    name: Value,
    default: Option<Value>,
}

impl NativeData for ContextVar {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.name);
        if let Some(d) = &self.default {
            visit(d);
        }
    }
}

/// What `ContextVar.set` returns: enough to undo the change with `reset`.
struct Token {
    ctx: ObjRef,
    var: ObjRef,
    /// The variable's value before `set`; `None`: it had none (Token.MISSING).
    old: Option<Value>,
    used: Cell<bool>,
}

impl NativeData for Token {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&Value::Obj(self.ctx.clone()));
        visit(&Value::Obj(self.var.clone()));
        if let Some(o) = &self.old {
            visit(o);
        }
    }
}

/// The `Token.MISSING` marker.
struct Missing;

impl NativeData for Missing {}

#[derive(Clone)]
struct Types {
    context: ObjRef,
    var: ObjRef,
    token: ObjRef,
    missing: Value,
}

thread_local! {
    static TYPES: RefCell<Option<Types>> = const { RefCell::new(None) };
    /// The thread's current context, created on first use.
    static CURRENT: RefCell<Option<ObjRef>> = const { RefCell::new(None) };
}

fn types(vm: &Vm) -> PyResult<Types> {
    TYPES
        .with(|t| t.borrow().clone())
        .ok_or_else(|| vm.runtime_error("_contextvars module not initialised"))
}

fn new_context(vm: &Vm, vars: Vec<(ObjRef, Value)>) -> PyResult<ObjRef> {
    let t = types(vm)?;
    Ok(vm.new_native_object(
        &t.context,
        Context {
            vars: RefCell::new(vars),
            entered: Cell::new(false),
        },
    ))
}

/// The current context object (created empty the first time it is asked for).
fn current(vm: &Vm) -> PyResult<ObjRef> {
    if let Some(c) = CURRENT.with(|c| c.borrow().clone()) {
        return Ok(c);
    }
    let c = new_context(vm, Vec::new())?;
    CURRENT.with(|cur| *cur.borrow_mut() = Some(c.clone()));
    Ok(c)
}

fn ctx_of(o: &ObjRef) -> &Context {
    o.payload
        .native::<Context>()
        .expect("the current context is a Context")
}

fn addr(v: &Value) -> String {
    format!("0x{:x}", v.id())
}

// ----- ContextVar ----------------------------------------------------------------------------

fn var_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = rest(&args);
    if a.pos().len() > 1 {
        return Err(vm.type_error(format!(
            "ContextVar() takes at most 1 positional argument ({} given)",
            a.pos().len()
        )));
    }
    // `name` positional only, `default` keyword only.
    let b = crate::util::bind_ex(vm, "ContextVar", &a, &["name", "default"], 1, 1, 1)?;
    let name = b[0].clone().unwrap_or(Value::None);
    if !vm.isinstance(&name, &vm.types.str_) {
        return Err(vm.type_error("context variable name must be a str"));
    }
    let t = types(vm)?;
    Ok(Value::Obj(vm.new_native_object(
        &t.var,
        ContextVar {
            name,
            default: b[1].clone(),
        },
    )))
}

fn var_self(vm: &Vm, args: &Args) -> PyResult<ObjRef> {
    this::<ContextVar>(vm, args, "_contextvars.ContextVar")?;
    Ok(args.args[0].as_obj().cloned().expect("checked by this()"))
}

fn var_get(vm: &Vm, args: Args) -> PyResult<Value> {
    let var = var_self(vm, &args)?;
    let v = this::<ContextVar>(vm, &args, "_contextvars.ContextVar")?;
    let a = pos_only(vm, "get", &rest(&args), 0, 1)?;
    let ctx = current(vm)?;
    if let Some(val) = ctx_of(&ctx).lookup(&var) {
        return Ok(val);
    }
    if let Some(d) = a.first() {
        return Ok(d.clone());
    }
    if let Some(d) = &v.default {
        return Ok(d.clone());
    }
    Err(vm.new_exception(&vm.exc.lookup_error, vec![Value::Obj(var)]))
}

fn var_set(vm: &Vm, args: Args) -> PyResult<Value> {
    let var = var_self(vm, &args)?;
    let a = crate::util::one_arg(vm, "set", &rest(&args))?;
    let ctx = current(vm)?;
    let c = ctx_of(&ctx);
    let old = c.lookup(&var);
    c.set(&var, a.clone());
    let t = types(vm)?;
    Ok(Value::Obj(vm.new_native_object(
        &t.token,
        Token {
            ctx,
            var,
            old,
            used: Cell::new(false),
        },
    )))
}

fn var_reset(vm: &Vm, args: Args) -> PyResult<Value> {
    let var = var_self(vm, &args)?;
    let a = crate::util::one_arg(vm, "reset", &rest(&args))?;
    let tok = match native_of::<Token>(a) {
        Some(t) => t,
        None => {
            return Err(vm.type_error(format!(
                "expected an instance of Token, got {}",
                vm.repr_string(a)?
            )))
        }
    };
    if tok.used.get() {
        let r = vm.repr_string(a)?;
        return Err(vm.runtime_error(format!("{r} has already been used once")));
    }
    if !tok.var.is(&var) {
        let r = vm.repr_string(a)?;
        return Err(vm.value_error(format!("{r} was created by a different ContextVar")));
    }
    let ctx = current(vm)?;
    if !tok.ctx.is(&ctx) {
        let r = vm.repr_string(a)?;
        return Err(vm.value_error(format!("{r} was created in a different Context")));
    }
    tok.used.set(true);
    match &tok.old {
        Some(o) => ctx_of(&ctx).set(&var, o.clone()),
        None => ctx_of(&ctx).remove(&var),
    }
    Ok(Value::None)
}

fn var_name(vm: &Vm, v: &Value) -> PyResult<Value> {
    match native_of::<ContextVar>(v) {
        Some(c) => Ok(c.name.clone()),
        None => Err(vm.type_error("expected a ContextVar")),
    }
}

fn var_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = this::<ContextVar>(vm, &args, "_contextvars.ContextVar")?;
    let mut s = format!("<ContextVar name={}", vm.repr_string(&v.name)?);
    if let Some(d) = &v.default {
        s.push_str(&format!(" default={}", vm.repr_string(d)?));
    }
    s.push_str(&format!(" at {}>", addr(&args.args[0])));
    Ok(vm.new_str(s))
}

fn var_hash(vm: &Vm, args: Args) -> PyResult<Value> {
    this::<ContextVar>(vm, &args, "_contextvars.ContextVar")?;
    // Identity hash, as object's (the variable is compared by identity).
    let id = args.args[0].id();
    Ok(Value::Int(id.rotate_right(4)))
}

fn class_getitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = args.args.first().cloned().unwrap_or(Value::None);
    let item = args.args.get(1).cloned().unwrap_or(Value::None);
    let types_mod = pyrs_vm::import::import_module(vm, "types")?;
    let ga = vm.get_attr_str(&types_mod, "GenericAlias")?;
    vm.call(&ga, Args::new(&[cls, item]))
}

// ----- Token ---------------------------------------------------------------------------------

fn token_new(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(vm.runtime_error("Tokens can only be created by ContextVars"))
}

fn token_var(vm: &Vm, v: &Value) -> PyResult<Value> {
    match native_of::<Token>(v) {
        Some(t) => Ok(Value::Obj(t.var.clone())),
        None => Err(vm.type_error("expected a Token")),
    }
}

fn token_old_value(vm: &Vm, v: &Value) -> PyResult<Value> {
    match native_of::<Token>(v) {
        Some(t) => match &t.old {
            Some(o) => Ok(o.clone()),
            None => Ok(types(vm)?.missing),
        },
        None => Err(vm.type_error("expected a Token")),
    }
}

fn token_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let t = this::<Token>(vm, &args, "_contextvars.Token")?;
    let used = if t.used.get() { " used" } else { "" };
    let var = vm.repr_string(&Value::Obj(t.var.clone()))?;
    Ok(vm.new_str(format!(
        "<Token{used} var={var} at {}>",
        addr(&args.args[0])
    )))
}

fn missing_repr(vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.new_str("<Token.MISSING>"))
}

// ----- Context -------------------------------------------------------------------------------

fn context_new(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.args.len() > 1 {
        return Err(vm.type_error("Context() does not accept any arguments"));
    }
    Ok(Value::Obj(new_context(vm, Vec::new())?))
}

fn ctx_this<'a>(vm: &Vm, args: &'a Args) -> PyResult<&'a Context> {
    this::<Context>(vm, args, "_contextvars.Context")
}

/// A key that must be a ContextVar: "a ContextVar key was expected, got 1".
fn var_key(vm: &Vm, k: &Value) -> PyResult<ObjRef> {
    match k {
        Value::Obj(o) if o.payload.native::<ContextVar>().is_some() => Ok(o.clone()),
        _ => Err(vm.type_error(format!(
            "a ContextVar key was expected, got {}",
            vm.repr_string(k)?
        ))),
    }
}

fn context_getitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = ctx_this(vm, &args)?;
    let a = pos_only(vm, "__getitem__", &rest(&args), 1, 1)?;
    let var = var_key(vm, &a[0])?;
    c.lookup(&var).ok_or_else(|| vm.key_error(a[0].clone()))
}

fn context_get(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = ctx_this(vm, &args)?;
    let a = pos_only(vm, "get", &rest(&args), 1, 2)?;
    let var = var_key(vm, &a[0])?;
    Ok(c.lookup(&var)
        .unwrap_or_else(|| a.get(1).cloned().unwrap_or(Value::None)))
}

fn context_contains(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = ctx_this(vm, &args)?;
    let a = pos_only(vm, "__contains__", &rest(&args), 1, 1)?;
    let var = var_key(vm, &a[0])?;
    Ok(Value::Bool(c.lookup(&var).is_some()))
}

fn context_len(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = ctx_this(vm, &args)?;
    Ok(Value::Int(c.vars.borrow().len() as i64))
}

fn context_keys_list(vm: &Vm, args: &Args) -> PyResult<Vec<Value>> {
    let c = ctx_this(vm, args)?;
    Ok(c.vars
        .borrow()
        .iter()
        .map(|(k, _)| Value::Obj(k.clone()))
        .collect())
}

fn context_iter(vm: &Vm, args: Args) -> PyResult<Value> {
    let keys = context_keys_list(vm, &args)?;
    vm.iter(&vm.new_list(keys))
}

fn context_keys(vm: &Vm, args: Args) -> PyResult<Value> {
    let keys = context_keys_list(vm, &args)?;
    Ok(vm.new_list(keys))
}

fn context_values(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = ctx_this(vm, &args)?;
    let vals = c.vars.borrow().iter().map(|(_, v)| v.clone()).collect();
    Ok(vm.new_list(vals))
}

fn context_items(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = ctx_this(vm, &args)?;
    let items = c
        .vars
        .borrow()
        .iter()
        .map(|(k, v)| vm.new_tuple(vec![Value::Obj(k.clone()), v.clone()]))
        .collect();
    Ok(vm.new_list(items))
}

fn context_copy(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = ctx_this(vm, &args)?;
    let vars = c.vars.borrow().clone();
    Ok(Value::Obj(new_context(vm, vars)?))
}

fn context_eq(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = ctx_this(vm, &args)?;
    let other = match args.args.get(1).and_then(native_of::<Context>) {
        Some(o) => o,
        None => return Ok(vm.not_implemented()),
    };
    let mine = c.vars.borrow().clone();
    if mine.len() != other.vars.borrow().len() {
        return Ok(Value::Bool(false));
    }
    for (k, v) in mine {
        match other.lookup(&k) {
            Some(ov) => {
                if !vm.eq(&v, &ov)? {
                    return Ok(Value::Bool(false));
                }
            }
            None => return Ok(Value::Bool(false)),
        }
    }
    Ok(Value::Bool(true))
}

fn context_run(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = ctx_this(vm, &args)?;
    let me = args.args[0].as_obj().cloned().expect("checked by this()");
    let npos = args.pos().len();
    if npos < 2 {
        return Err(vm.type_error("run() missing 1 required positional argument"));
    }
    if c.entered.get() {
        let r = vm.repr_string(&args.args[0])?;
        return Err(vm.runtime_error(format!("cannot enter context: {r} is already entered")));
    }
    let prev = current(vm)?;
    c.entered.set(true);
    CURRENT.with(|cur| *cur.borrow_mut() = Some(me));
    let func = args.args[1].clone();
    let r = vm.call(&func, Args::with_kw(&args.args[2..], args.kwnames));
    CURRENT.with(|cur| *cur.borrow_mut() = Some(prev));
    c.entered.set(false);
    r
}

fn copy_context(vm: &Vm, args: Args) -> PyResult<Value> {
    pos_only(vm, "copy_context", &args, 0, 0)?;
    let cur = current(vm)?;
    let vars = ctx_of(&cur).vars.borrow().clone();
    Ok(Value::Obj(new_context(vm, vars)?))
}

// ----- the module ----------------------------------------------------------------------------

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_contextvars");
    let d = m
        .dict()
        .ok_or_else(|| vm.type_error("module without a namespace"))?;
    let set = |k: &str, v: Value| pyrs_vm::objects::dict::set_str(&d, &vm.intern(k), v);

    let existing = TYPES.with(|t| t.borrow().clone());
    let t = match existing {
        Some(t) => t,
        None => {
            let var = vm.new_native_type("_contextvars", "ContextVar", None, false, false);
            vm.add_static(&var, "__new__", var_new);
            vm.add_method(&var, "get", var_get);
            vm.add_method(&var, "set", var_set);
            vm.add_method(&var, "reset", var_reset);
            vm.add_method(&var, "__repr__", var_repr);
            vm.add_method(&var, "__hash__", var_hash);
            vm.add_getset(&var, "name", var_name, None);
            vm.add_classmethod(&var, "__class_getitem__", class_getitem);

            let token = vm.new_native_type("_contextvars", "Token", None, false, false);
            vm.add_static(&token, "__new__", token_new);
            vm.add_method(&token, "__repr__", token_repr);
            vm.add_getset(&token, "var", token_var, None);
            vm.add_getset(&token, "old_value", token_old_value, None);
            vm.add_classmethod(&token, "__class_getitem__", class_getitem);
            let mty = vm.new_native_type("_contextvars", "Token.MISSING", None, false, false);
            vm.add_method(&mty, "__repr__", missing_repr);
            let missing = Value::Obj(vm.new_native_object(&mty, Missing));
            vm.set_type_attr(&token, "MISSING", missing.clone());

            let context = vm.new_native_type("_contextvars", "Context", None, false, false);
            vm.add_static(&context, "__new__", context_new);
            vm.add_method(&context, "__getitem__", context_getitem);
            vm.add_method(&context, "__contains__", context_contains);
            vm.add_method(&context, "__len__", context_len);
            vm.add_method(&context, "__iter__", context_iter);
            vm.add_method(&context, "__eq__", context_eq);
            vm.add_method(&context, "get", context_get);
            vm.add_method(&context, "keys", context_keys);
            vm.add_method(&context, "values", context_values);
            vm.add_method(&context, "items", context_items);
            vm.add_method(&context, "copy", context_copy);
            vm.add_method(&context, "run", context_run);
            vm.set_type_attr(&context, "__hash__", Value::None);
            let t = Types {
                context,
                var,
                token,
                missing,
            };
            TYPES.with(|slot| *slot.borrow_mut() = Some(t.clone()));
            t
        }
    };
    set("ContextVar", Value::Obj(t.var.clone()));
    set("Token", Value::Obj(t.token.clone()));
    set("Context", Value::Obj(t.context.clone()));
    vm.add_module_fn(&m, "copy_context", copy_context);
    Ok(m)
}
