//! The `sys` module (minimal for now): argv, path, modules, stdout/stderr, exit,
//! recursion limit, version information, implementation.

use std::io::Write;

use crate::objects::dict;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

static FINALIZING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Interpreter shutdown has begun (`sys.is_finalizing()`).
pub fn is_finalizing() -> bool {
    FINALIZING.load(std::sync::atomic::Ordering::Relaxed)
}

/// Mark the start of interpreter shutdown.
pub fn set_finalizing() {
    FINALIZING.store(true, std::sync::atomic::Ordering::Relaxed);
}

pub fn get_sys_attr(vm: &Vm, name: &str) -> PyResult<Value> {
    dict::get_str(&vm.sys_dict, &vm.intern(name))
        .ok_or_else(|| vm.runtime_error(format!("lost sys.{name}")))
}

/// METH_NOARGS: "NAME() takes no arguments (N given)".
fn no_args(vm: &Vm, name: &str, args: &Args) -> PyResult<()> {
    if args.args.is_empty() {
        return Ok(());
    }
    if args.has_kw() && args.pos().is_empty() {
        return Err(vm.type_error(format!("{name}() takes no keyword arguments")));
    }
    Err(vm.type_error(format!(
        "sys.{name}() takes no arguments ({} given)",
        args.args.len()
    )))
}

/// At most `max` positional arguments and no keywords, as _PyArg_CheckPositional.
fn at_most(vm: &Vm, name: &str, args: &Args, max: usize) -> PyResult<()> {
    if args.has_kw() {
        return Err(vm.type_error(format!("{name}() takes no keyword arguments")));
    }
    let n = args.pos().len();
    if n > max {
        let s = if max == 1 { "" } else { "s" };
        return Err(vm.type_error(format!(
            "{name} expected at most {max} argument{s}, got {n}"
        )));
    }
    Ok(())
}

fn sys_exit(vm: &Vm, args: Args) -> PyResult<Value> {
    at_most(vm, "exit", &args, 1)?;
    let mut code: Vec<Value> = args.pos().to_vec();
    // As PyErr_SetObject: a tuple value is the exception's arguments, None none.
    match code.first() {
        Some(Value::Obj(t)) if t.class().is(&vm.types.tuple) => {
            code = t.payload.as_tuple().unwrap_or(&[]).to_vec();
        }
        Some(Value::None) => code.clear(),
        _ => {}
    }
    let e = crate::objects::exceptions::new_exception_obj(
        vm,
        &vm.exc.system_exit,
        vm.new_tuple(code.clone()),
    );
    // SystemExit.__init__'s rule: one argument is the code, several are a tuple.
    let c = match code.len() {
        0 => Value::None,
        1 => code[0].clone(),
        _ => vm.new_tuple(code.clone()),
    };
    vm.set_exc_attr(&e, &vm.names.code, c);
    Err(e)
}

fn getrecursionlimit(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, "getrecursionlimit", &args)?;
    Ok(Value::Int(vm.recursion_limit.get() as i64))
}

fn setrecursionlimit(vm: &Vm, args: Args) -> PyResult<Value> {
    let n = vm.to_index(args.pos().first().unwrap_or(&Value::None))?;
    if n < 1 {
        return Err(vm.value_error("recursion limit must be greater or equal than 1"));
    }
    vm.recursion_limit.set(n as u32);
    Ok(Value::None)
}

fn get_int_max_str_digits(vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(vm.int_max_str_digits.get() as i64))
}

fn set_int_max_str_digits(vm: &Vm, args: Args) -> PyResult<Value> {
    let mut value = args.pos().first().cloned();
    for (k, v) in args.kwargs() {
        if vm.str_string(k)? == "maxdigits" {
            value = Some(v.clone());
        } else {
            return Err(vm.type_error(format!(
                "set_int_max_str_digits() got an unexpected keyword argument '{}'",
                vm.str_string(k)?
            )));
        }
    }
    let Some(value) = value else {
        return Err(
            vm.type_error("set_int_max_str_digits() missing required argument 'maxdigits' (pos 1)")
        );
    };
    let n = vm.to_index(&value)?;
    if n != 0 && n < 640 {
        return Err(vm.value_error("maxdigits must be 0 or larger than 640"));
    }
    vm.int_max_str_digits.set(n as usize);
    Ok(Value::None)
}

fn exc_info(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, "exc_info", &args)?;
    let e = vm.exc_info.get();
    if e.is_none() {
        return Ok(vm.new_tuple(vec![Value::None, Value::None, Value::None]));
    }
    let ty = Value::Obj(vm.type_of(&e).clone());
    let tb = match &e {
        Value::Obj(o) => crate::objects::exceptions::exc_data(o)
            .map(|d| d.traceback.get())
            .unwrap_or(Value::None),
        _ => Value::None,
    };
    Ok(vm.new_tuple(vec![ty, e, tb]))
}

fn getframe(vm: &Vm, args: Args) -> PyResult<Value> {
    at_most(vm, "_getframe", &args, 1)?;
    let depth = match args.pos().first() {
        Some(v) => vm.to_index(v)?,
        None => 0,
    };
    crate::frame::getframe(vm, depth.max(0) as usize)
}

fn exception(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, "exception", &args)?;
    Ok(vm.exc_info.get())
}

fn getrefcount(_vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(match args.pos().first() {
        Some(Value::Obj(o)) => o.refcount() as i64,
        _ => 1,
    }))
}

thread_local! {
    /// Functions run when the program ends, after the standard streams were flushed
    /// (the `_io` module writes out what open files still buffer).
    static EXIT_HOOKS: std::cell::RefCell<Vec<fn(&Vm)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Run `f` when the program ends (see `finalize_io`).
pub fn register_exit_hook(f: fn(&Vm)) {
    EXIT_HOOKS.with(|h| h.borrow_mut().push(f));
}

/// Flush `sys.stderr` and `sys.stdout` through their Python `flush`, ignoring errors
/// (before a traceback is printed, and at exit).
pub fn flush_std_streams(vm: &Vm) {
    for name in ["stderr", "stdout"] {
        if let Some(s) = dict::get_str(&vm.sys_dict, &vm.intern(name)) {
            if !s.is_none() {
                let _ = vm.call_method(&s, "flush", &[]);
            }
        }
    }
}

/// The end of the program: flush the standard streams, then run the exit hooks.
pub fn finalize_io(vm: &Vm) {
    flush_std_streams(vm);
    let hooks = EXIT_HOOKS.with(|h| h.borrow().clone());
    for f in hooks {
        f(vm);
    }
    let _ = std::io::stdout().flush();
}

/// A minimal writable stream over the process's stdout/stderr.
fn stream_write(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let s = args.args.get(1).cloned().unwrap_or(Value::None);
    let text = match &s {
        Value::Obj(o) if o.payload.as_str().is_some() => o
            .payload
            .as_str()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        _ => {
            return Err(vm.type_error(format!(
                "write() argument must be str, not {}",
                vm.type_name(&s)
            )))
        }
    };
    let fd = vm.get_attr_str(this, "_fd")?;
    let r = if matches!(fd, Value::Int(2)) {
        std::io::stderr().write_all(text.as_bytes())
    } else {
        std::io::stdout().write_all(text.as_bytes())
    };
    if r.is_err() {
        return Err(vm.new_exception_msg(&vm.exc.os_error, "write failed"));
    }
    Ok(Value::Int(text.chars().count() as i64))
}

fn stream_flush(_vm: &Vm, _args: Args) -> PyResult<Value> {
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    Ok(Value::None)
}

fn displayhook(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.args.len() != 1 || args.has_kw() {
        return Err(vm.type_error(format!(
            "sys.displayhook() takes exactly one argument ({} given)",
            args.args.len()
        )));
    }
    let v = args.pos().first().cloned().unwrap_or(Value::None);
    if v.is_none() {
        return Ok(Value::None);
    }
    let r = vm.repr_string(&v)?;
    let out = get_sys_attr(vm, "stdout")?;
    vm.call_method(&out, "write", &[vm.new_str(format!("{r}\n"))])?;
    dict::set_str(&vm.builtins_dict, &vm.intern("_"), v);
    Ok(Value::None)
}

pub fn init(vm: &Vm) {
    let sys = vm.sys.clone();
    let d = vm.sys_dict.clone();
    let set = |k: &str, v: Value| dict::set_str(&d, &vm.intern(k), v);
    set("__name__", vm.new_str("sys"));
    set(
        "argv",
        vm.new_list(
            vm.config
                .argv
                .iter()
                .map(|a| vm.new_str(a.clone()))
                .collect(),
        ),
    );
    let mut path: Vec<Value> = Vec::new();
    if let Some(p0) = &vm.config.path0 {
        path.push(vm.new_str(p0.clone()));
    }
    path.extend(
        vm.config
            .module_search_paths
            .iter()
            .map(|p| vm.new_str(p.clone())),
    );
    set("path", vm.new_list(path));
    set("modules", Value::Obj(vm.modules.clone()));
    set("version", vm.new_str("3.11.7 (pyrs)"));
    set(
        "version_info",
        vm.new_tuple(vec![
            Value::Int(3),
            Value::Int(11),
            Value::Int(7),
            vm.new_str("final"),
            Value::Int(0),
        ]),
    );
    set("hexversion", Value::Int(0x030b07f0));
    set("platform", vm.new_str("linux"));
    set("byteorder", vm.new_str("little"));
    set("maxsize", Value::Int(i64::MAX));
    set("maxunicode", Value::Int(0x10ffff));
    set("executable", vm.new_str(vm.config.executable.clone()));
    set(
        "dont_write_bytecode",
        Value::Bool(vm.config.dont_write_bytecode),
    );
    set(
        "warnoptions",
        vm.new_list(
            vm.config
                .warnoptions
                .iter()
                .map(|a| vm.new_str(a.clone()))
                .collect(),
        ),
    );
    set(
        "builtin_module_names",
        vm.new_tuple(vec![vm.new_str("builtins"), vm.new_str("sys")]),
    );
    let implementation = vm.new_module("implementation");
    if let Some(id) = implementation.dict() {
        dict::set_str(&id, &vm.intern("name"), vm.new_str("pyrs"));
        dict::set_str(&id, &vm.intern("cache_tag"), vm.new_str("pyrs-311"));
        dict::set_str(
            &id,
            &vm.intern("version"),
            vm.new_tuple(vec![
                Value::Int(3),
                Value::Int(11),
                Value::Int(7),
                vm.new_str("final"),
                Value::Int(0),
            ]),
        );
    }
    set("implementation", Value::Obj(implementation));
    // Minimal text streams until _io exists.
    let stream_type = crate::objects::object::create_class(
        vm,
        &vm.types.type_,
        "TextIOWrapper",
        vec![Value::Obj(vm.types.object.clone())],
        &vm.new_dict_obj(),
    );
    if let Ok(st) = stream_type {
        vm.add_method(&st, "write", stream_write);
        vm.add_method(&st, "flush", stream_flush);
        for (name, fd) in [("stdout", 1), ("stderr", 2), ("stdin", 0)] {
            let s = crate::objects::object::new_instance(vm, &st);
            if let Some(sd) = s.dict() {
                dict::set_str(&sd, &vm.intern("_fd"), Value::Int(fd));
            }
            set(name, Value::Obj(s.clone()));
            set(&format!("__{name}__"), Value::Obj(s));
        }
    }
    vm.add_module_fn(&sys, "exit", sys_exit);
    vm.add_module_fn(&sys, "getrecursionlimit", getrecursionlimit);
    vm.add_module_fn(&sys, "setrecursionlimit", setrecursionlimit);
    vm.add_module_fn(&sys, "exc_info", exc_info);
    vm.add_module_fn(&sys, "gettrace", crate::trace::gettrace);
    vm.add_module_fn(&sys, "getprofile", crate::trace::getprofile);
    vm.add_module_fn(&sys, "settrace", crate::trace::settrace);
    vm.add_module_fn(&sys, "setprofile", crate::trace::setprofile);
    vm.add_module_fn(&sys, "get_int_max_str_digits", get_int_max_str_digits);
    vm.add_module_fn(&sys, "set_int_max_str_digits", set_int_max_str_digits);
    // -X int_max_str_digits=N, else PYTHONINTMAXSTRDIGITS.
    let from_x = vm.config.xoptions.iter().find_map(|x| {
        x.strip_prefix("int_max_str_digits=")
            .and_then(|n| n.parse::<usize>().ok())
    });
    let from_env = (!vm.config.ignore_environment)
        .then(|| std::env::var("PYTHONINTMAXSTRDIGITS").ok())
        .flatten()
        .and_then(|n| n.parse::<usize>().ok());
    if let Some(n) = from_x.or(from_env) {
        vm.int_max_str_digits.set(n);
    }
    vm.add_module_fn(&sys, "exception", exception);
    vm.add_module_fn(&sys, "_getframe", getframe);
    vm.add_module_fn(&sys, "excepthook", crate::traceback::sys_excepthook);
    if let Some(h) = dict::get_str(&vm.sys_dict, &vm.intern("excepthook")) {
        dict::set_str(&vm.sys_dict, &vm.intern("__excepthook__"), h);
    }
    vm.add_module_fn(&sys, "getrefcount", getrefcount);
    vm.add_module_fn(&sys, "displayhook", displayhook);
    if let (Some(d), Some(hook)) = (
        sys.dict(),
        sys.dict()
            .and_then(|d| dict::get_str(&d, &vm.intern("displayhook"))),
    ) {
        dict::set_str(&d, &vm.intern("__displayhook__"), hook);
    }
    crate::pyc::init_sys(vm);
    init_platform(vm);
    dict::set_str(&vm.modules, &vm.intern("sys"), Value::Obj(sys));
    dict::set_str(
        &vm.modules,
        &vm.intern("builtins"),
        Value::Obj(vm.builtins.clone()),
    );
}

// ----- platform, start-up and interpreter information (CPython's sysmodule.c) -----------

thread_local! {
    static SIMPLE_NAMESPACE: std::cell::RefCell<Option<crate::memory::ObjRef>> =
        const { std::cell::RefCell::new(None) };
    static SWITCH_INTERVAL: std::cell::Cell<f64> = const { std::cell::Cell::new(0.005) };
}

/// `types.SimpleNamespace` (CPython's `_PyNamespace_Type`): attributes given as keyword
/// arguments, a `namespace(a=1, ...)` repr, equality by attributes.
pub fn simple_namespace_type(vm: &Vm) -> PyResult<Value> {
    if let Some(t) = SIMPLE_NAMESPACE.with(|t| t.borrow().clone()) {
        return Ok(Value::Obj(t));
    }
    let t = crate::vm::new_static_type(
        &vm.types.type_,
        "SimpleNamespace",
        Some(&vm.types.object),
        crate::objects::typeobj::Layout::Object,
        true,
    );
    {
        let td = crate::objects::typeobj::tdata(&t);
        td.flags
            .set(td.flags.get() | crate::objects::typeobj::flags::HAS_DICT);
    }
    vm.set_type_attr(&t, "__module__", vm.new_str("types"));
    vm.add_static(&t, "__new__", namespace_new);
    vm.add_method(&t, "__init__", namespace_init);
    vm.add_method(&t, "__repr__", namespace_repr);
    vm.add_method(&t, "__eq__", namespace_eq);
    vm.add_method(&t, "__reduce__", namespace_reduce);
    vm.set_type_attr(&t, "__hash__", Value::None);
    SIMPLE_NAMESPACE.with(|c| *c.borrow_mut() = Some(t.clone()));
    Ok(Value::Obj(t))
}

/// A new `types.SimpleNamespace` with the given attributes.
pub fn new_namespace(vm: &Vm, attrs: &[(&str, Value)]) -> PyResult<Value> {
    let ty = simple_namespace_type(vm)?;
    let ns = vm.call(&ty, Args::new(&[]))?;
    for (k, v) in attrs {
        vm.set_attr(&ns, &vm.intern(k), v.clone())?;
    }
    Ok(ns)
}

fn namespace_dict(vm: &Vm, v: &Value) -> PyResult<crate::memory::ObjRef> {
    v.as_obj()
        .and_then(|o| o.dict())
        .ok_or_else(|| vm.type_error("namespace without a __dict__"))
}

fn namespace_new(vm: &Vm, args: Args) -> PyResult<Value> {
    match args.args.first() {
        Some(Value::Obj(cls)) if cls.payload.as_type().is_some() => {
            Ok(Value::Obj(crate::objects::object::new_instance(vm, cls)))
        }
        _ => Err(vm.type_error("SimpleNamespace.__new__(X): X is not a type object")),
    }
}

fn namespace_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    if pos.len() > 1 {
        return Err(vm.type_error("no positional arguments expected"));
    }
    let d = namespace_dict(vm, &args.args[0])?;
    for (k, v) in args.kwargs() {
        dict::set(vm, &d, k.clone(), v.clone())?;
    }
    Ok(Value::None)
}

fn namespace_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let ty = vm.type_of(this).clone();
    let name = if SIMPLE_NAMESPACE.with(|t| t.borrow().as_ref().is_some_and(|t| t.is(&ty))) {
        "namespace".to_string()
    } else {
        crate::objects::typeobj::tdata(&ty).name()
    };
    let id = match this {
        Value::Obj(o) => o.id(),
        _ => 0,
    };
    if !crate::objects::seq::repr_enter(id) {
        return Ok(vm.new_str(format!("{name}(...)")));
    }
    let d = namespace_dict(vm, this)?;
    let items = dict::table(&d).borrow().items();
    let mut parts = Vec::new();
    let mut result = Ok(());
    for (k, v) in items {
        match (vm.str_string(&k), vm.repr_string(&v)) {
            (Ok(k), Ok(v)) => parts.push(format!("{k}={v}")),
            (Err(e), _) | (_, Err(e)) => {
                result = Err(e);
                break;
            }
        }
    }
    crate::objects::seq::repr_leave(id);
    result?;
    Ok(vm.new_str(format!("{name}({})", parts.join(", "))))
}

fn namespace_eq(vm: &Vm, args: Args) -> PyResult<Value> {
    vm.wrapper_nargs(&args, 1)?;
    let (a, b) = (&args.args[0], &args.args[1]);
    let ty = simple_namespace_type(vm)?;
    let is_ns = |v: &Value| matches!(&ty, Value::Obj(t) if vm.isinstance(v, t));
    if !is_ns(a) || !is_ns(b) {
        return Ok(vm.not_implemented());
    }
    let da = Value::Obj(namespace_dict(vm, a)?);
    let db = Value::Obj(namespace_dict(vm, b)?);
    Ok(Value::Bool(vm.eq(&da, &db)?))
}

fn namespace_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = &args.args[0];
    let d = namespace_dict(vm, this)?;
    Ok(vm.new_tuple(vec![
        Value::Obj(vm.type_of(this).clone()),
        Value::Obj(vm.empty_tuple.clone()),
        Value::Obj(d),
    ]))
}

fn getfilesystemencoding(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, "getfilesystemencoding", &args)?;
    Ok(vm.new_str("utf-8"))
}

fn getfilesystemencodeerrors(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, "getfilesystemencodeerrors", &args)?;
    Ok(vm.new_str("surrogateescape"))
}

fn getdefaultencoding(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, "getdefaultencoding", &args)?;
    Ok(vm.new_str("utf-8"))
}

fn getswitchinterval(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, "getswitchinterval", &args)?;
    Ok(Value::Float(SWITCH_INTERVAL.with(|s| s.get())))
}

fn setswitchinterval(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = args.pos().first().ok_or_else(|| {
        vm.type_error("setswitchinterval() missing required argument 'interval' (pos 1)")
    })?;
    // PyFloat_AsDouble: numbers only (a str is not parsed).
    let numeric = matches!(v, Value::Int(_) | Value::Bool(_) | Value::Float(_))
        || vm.lookup_special(v, &vm.names.__float__).is_some()
        || vm.lookup_special(v, &vm.names.__index__).is_some();
    if !numeric {
        return Err(vm.type_error(format!("must be real number, not {}", vm.type_name(v))));
    }
    let f = crate::objects::float::to_float(vm, v)?;
    if f <= 0.0 {
        return Err(vm.value_error("switch interval must be strictly positive"));
    }
    SWITCH_INTERVAL.with(|s| s.set(f));
    Ok(Value::None)
}

fn sys_intern(vm: &Vm, args: Args) -> PyResult<Value> {
    match args.pos() {
        [Value::Obj(o)] if o.class().is(&vm.types.str_) => Ok(Value::Obj(vm.intern_obj(o))),
        [v] => Err(vm.type_error(format!(
            "intern() argument must be str, not {}",
            vm.type_name(v)
        ))),
        a => Err(vm.type_error(format!("intern expected 1 argument, got {}", a.len()))),
    }
}

/// `sys.getsizeof`: CPython's sizes for the common built-in types (so programs that
/// print them agree), `__sizeof__` plus the GC header otherwise.
fn getsizeof(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let v = pos
        .first()
        .ok_or_else(|| vm.type_error("getsizeof() missing required argument 'object' (pos 1)"))?;
    let size: i64 = match v {
        Value::None => 16,
        Value::Bool(_) => 28,
        Value::Int(0) => 28,
        Value::Int(i) => {
            let bits = 64 - i.unsigned_abs().leading_zeros() as i64;
            24 + 4 * ((bits + 29) / 30)
        }
        Value::Float(_) => 24,
        Value::Null => 16,
        Value::Obj(o) => match &o.payload {
            crate::object::Payload::Str(s) => {
                let max = s.code_points().max().unwrap_or(0);
                let n = s.char_len() as i64;
                if max < 0x80 {
                    48 + n + 1
                } else if max < 0x100 {
                    72 + n + 1
                } else if max < 0x10000 {
                    72 + 2 * (n + 1)
                } else {
                    72 + 4 * (n + 1)
                }
            }
            crate::object::Payload::Bytes(b) => 33 + b.len() as i64,
            crate::object::Payload::Tuple(t) => 40 + 8 * t.len() as i64,
            crate::object::Payload::List(l) => 56 + 8 * l.borrow().capacity() as i64,
            crate::object::Payload::Float(_) => 24,
            _ => match vm.call_special(v, &vm.intern("__sizeof__"), &[])? {
                Some(n) => vm.to_index(&n)? + 16,
                None => {
                    return Err(vm.type_error(format!(
                        "Type {} doesn't define __sizeof__",
                        vm.type_name(v)
                    )))
                }
            },
        },
    };
    Ok(Value::Int(size))
}

fn audit(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

/// The CPython 3.11 standard library's module names (`sys.stdlib_module_names`).
const STDLIB_MODULE_NAMES: &[&str] = &[
    "__future__",
    "_abc",
    "_aix_support",
    "_ast",
    "_asyncio",
    "_bisect",
    "_blake2",
    "_bootsubprocess",
    "_bz2",
    "_codecs",
    "_codecs_cn",
    "_codecs_hk",
    "_codecs_iso2022",
    "_codecs_jp",
    "_codecs_kr",
    "_codecs_tw",
    "_collections",
    "_collections_abc",
    "_compat_pickle",
    "_compression",
    "_contextvars",
    "_crypt",
    "_csv",
    "_ctypes",
    "_curses",
    "_curses_panel",
    "_datetime",
    "_dbm",
    "_decimal",
    "_elementtree",
    "_frozen_importlib",
    "_frozen_importlib_external",
    "_functools",
    "_gdbm",
    "_hashlib",
    "_heapq",
    "_imp",
    "_io",
    "_json",
    "_locale",
    "_lsprof",
    "_lzma",
    "_markupbase",
    "_md5",
    "_msi",
    "_multibytecodec",
    "_multiprocessing",
    "_opcode",
    "_operator",
    "_osx_support",
    "_overlapped",
    "_pickle",
    "_posixshmem",
    "_posixsubprocess",
    "_py_abc",
    "_pydecimal",
    "_pyio",
    "_queue",
    "_random",
    "_scproxy",
    "_sha1",
    "_sha256",
    "_sha3",
    "_sha512",
    "_signal",
    "_sitebuiltins",
    "_socket",
    "_sqlite3",
    "_sre",
    "_ssl",
    "_stat",
    "_statistics",
    "_string",
    "_strptime",
    "_struct",
    "_symtable",
    "_thread",
    "_threading_local",
    "_tkinter",
    "_tokenize",
    "_tracemalloc",
    "_typing",
    "_uuid",
    "_warnings",
    "_weakref",
    "_weakrefset",
    "_winapi",
    "_zoneinfo",
    "abc",
    "aifc",
    "antigravity",
    "argparse",
    "array",
    "ast",
    "asynchat",
    "asyncio",
    "asyncore",
    "atexit",
    "audioop",
    "base64",
    "bdb",
    "binascii",
    "bisect",
    "builtins",
    "bz2",
    "cProfile",
    "calendar",
    "cgi",
    "cgitb",
    "chunk",
    "cmath",
    "cmd",
    "code",
    "codecs",
    "codeop",
    "collections",
    "colorsys",
    "compileall",
    "concurrent",
    "configparser",
    "contextlib",
    "contextvars",
    "copy",
    "copyreg",
    "crypt",
    "csv",
    "ctypes",
    "curses",
    "dataclasses",
    "datetime",
    "dbm",
    "decimal",
    "difflib",
    "dis",
    "distutils",
    "doctest",
    "email",
    "encodings",
    "ensurepip",
    "enum",
    "errno",
    "faulthandler",
    "fcntl",
    "filecmp",
    "fileinput",
    "fnmatch",
    "fractions",
    "ftplib",
    "functools",
    "gc",
    "genericpath",
    "getopt",
    "getpass",
    "gettext",
    "glob",
    "graphlib",
    "grp",
    "gzip",
    "hashlib",
    "heapq",
    "hmac",
    "html",
    "http",
    "idlelib",
    "imaplib",
    "imghdr",
    "imp",
    "importlib",
    "inspect",
    "io",
    "ipaddress",
    "itertools",
    "json",
    "keyword",
    "lib2to3",
    "linecache",
    "locale",
    "logging",
    "lzma",
    "mailbox",
    "mailcap",
    "marshal",
    "math",
    "mimetypes",
    "mmap",
    "modulefinder",
    "msilib",
    "msvcrt",
    "multiprocessing",
    "netrc",
    "nis",
    "nntplib",
    "nt",
    "ntpath",
    "nturl2path",
    "numbers",
    "opcode",
    "operator",
    "optparse",
    "os",
    "ossaudiodev",
    "pathlib",
    "pdb",
    "pickle",
    "pickletools",
    "pipes",
    "pkgutil",
    "platform",
    "plistlib",
    "poplib",
    "posix",
    "posixpath",
    "pprint",
    "profile",
    "pstats",
    "pty",
    "pwd",
    "py_compile",
    "pyclbr",
    "pydoc",
    "pydoc_data",
    "pyexpat",
    "queue",
    "quopri",
    "random",
    "re",
    "readline",
    "reprlib",
    "resource",
    "rlcompleter",
    "runpy",
    "sched",
    "secrets",
    "select",
    "selectors",
    "shelve",
    "shlex",
    "shutil",
    "signal",
    "site",
    "smtpd",
    "smtplib",
    "sndhdr",
    "socket",
    "socketserver",
    "spwd",
    "sqlite3",
    "sre_compile",
    "sre_constants",
    "sre_parse",
    "ssl",
    "stat",
    "statistics",
    "string",
    "stringprep",
    "struct",
    "subprocess",
    "sunau",
    "symtable",
    "sys",
    "sysconfig",
    "syslog",
    "tabnanny",
    "tarfile",
    "telnetlib",
    "tempfile",
    "termios",
    "textwrap",
    "this",
    "threading",
    "time",
    "timeit",
    "tkinter",
    "token",
    "tokenize",
    "tomllib",
    "trace",
    "traceback",
    "tracemalloc",
    "tty",
    "turtle",
    "turtledemo",
    "types",
    "typing",
    "unicodedata",
    "unittest",
    "urllib",
    "uu",
    "uuid",
    "venv",
    "warnings",
    "wave",
    "weakref",
    "webbrowser",
    "winreg",
    "winsound",
    "wsgiref",
    "xdrlib",
    "xml",
    "xmlrpc",
    "zipapp",
    "zipfile",
    "zipimport",
    "zlib",
    "zoneinfo",
];

/// The prefix of the standard library in use: `<prefix>/lib/python3.11`'s `<prefix>`.
fn stdlib_prefix(vm: &Vm) -> String {
    for p in &vm.config.module_search_paths {
        let path = std::path::Path::new(p);
        if path.join("os.py").is_file() {
            if let Some(prefix) = path.parent().and_then(|l| l.parent()) {
                return prefix.to_string_lossy().into_owned();
            }
        }
    }
    String::new()
}

/// sys attributes that describe the platform, the interpreter and how it was started.
fn init_platform(vm: &Vm) {
    use crate::structseq;
    let d = vm.sys_dict.clone();
    let sys = vm.sys.clone();
    let set = |k: &str, v: Value| dict::set_str(&d, &vm.intern(k), v);
    let c = &vm.config;
    let int = |b: bool| Value::Int(i64::from(b));
    let flags_type = structseq::new_type(
        vm,
        "sys",
        "flags",
        &[
            "debug",
            "inspect",
            "interactive",
            "optimize",
            "dont_write_bytecode",
            "no_user_site",
            "no_site",
            "ignore_environment",
            "verbose",
            "bytes_warning",
            "quiet",
            "hash_randomization",
            "isolated",
            "dev_mode",
            "utf8_mode",
            "warn_default_encoding",
            "safe_path",
            "int_max_str_digits",
        ],
        18,
    );
    structseq::disable_new(&flags_type);
    let env = |k: &str| {
        if c.ignore_environment {
            None
        } else {
            std::env::var(k).ok().filter(|v| !v.is_empty())
        }
    };
    let xopt = |name: &str| {
        c.xoptions
            .iter()
            .any(|x| x == name || x.starts_with(&format!("{name}=")))
    };
    let hash_randomization = env("PYTHONHASHSEED").as_deref() != Some("0");
    let utf8_mode = xopt("utf8") || env("PYTHONUTF8").is_some_and(|v| v == "1");
    let dev_mode = xopt("dev") || env("PYTHONDEVMODE").is_some();
    let flags = structseq::new_instance(
        vm,
        &flags_type,
        vec![
            Value::Int(0),
            int(c.inspect),
            Value::Int(0),
            Value::Int(i64::from(c.optimize)),
            int(c.dont_write_bytecode),
            int(c.no_user_site),
            int(c.no_site),
            int(c.ignore_environment),
            Value::Int(i64::from(c.verbose)),
            Value::Int(i64::from(c.bytes_warning)),
            int(c.quiet),
            int(hash_randomization),
            int(c.isolated),
            Value::Bool(dev_mode),
            int(utf8_mode),
            Value::Int(0),
            Value::Bool(c.safe_path),
            Value::Int(-1),
        ],
    );
    set("flags", flags);
    let float_info_type = structseq::new_type(
        vm,
        "sys",
        "float_info",
        &[
            "max",
            "max_exp",
            "max_10_exp",
            "min",
            "min_exp",
            "min_10_exp",
            "dig",
            "mant_dig",
            "epsilon",
            "radix",
            "rounds",
        ],
        11,
    );
    set(
        "float_info",
        structseq::new_instance(
            vm,
            &float_info_type,
            vec![
                Value::Float(f64::MAX),
                Value::Int(i64::from(f64::MAX_EXP)),
                Value::Int(i64::from(f64::MAX_10_EXP)),
                Value::Float(f64::MIN_POSITIVE),
                Value::Int(i64::from(f64::MIN_EXP)),
                Value::Int(i64::from(f64::MIN_10_EXP)),
                Value::Int(i64::from(f64::DIGITS)),
                Value::Int(i64::from(f64::MANTISSA_DIGITS)),
                Value::Float(f64::EPSILON),
                Value::Int(i64::from(f64::RADIX)),
                Value::Int(1),
            ],
        ),
    );
    let int_info_type = structseq::new_type(
        vm,
        "sys",
        "int_info",
        &[
            "bits_per_digit",
            "sizeof_digit",
            "default_max_str_digits",
            "str_digits_check_threshold",
        ],
        4,
    );
    set(
        "int_info",
        structseq::new_instance(
            vm,
            &int_info_type,
            vec![
                Value::Int(30),
                Value::Int(4),
                Value::Int(4300),
                Value::Int(640),
            ],
        ),
    );
    let hash_info_type = structseq::new_type(
        vm,
        "sys",
        "hash_info",
        &[
            "width",
            "modulus",
            "inf",
            "nan",
            "imag",
            "algorithm",
            "hash_bits",
            "seed_bits",
            "cutoff",
        ],
        9,
    );
    set(
        "hash_info",
        structseq::new_instance(
            vm,
            &hash_info_type,
            vec![
                Value::Int(64),
                Value::Int((1i64 << 61) - 1),
                Value::Int(314159),
                Value::Int(0),
                Value::Int(1000003),
                vm.new_str("siphash13"),
                Value::Int(64),
                Value::Int(128),
                Value::Int(0),
            ],
        ),
    );
    let thread_info_type =
        structseq::new_type(vm, "sys", "thread_info", &["name", "lock", "version"], 3);
    set(
        "thread_info",
        structseq::new_instance(
            vm,
            &thread_info_type,
            vec![vm.new_str("pthread"), vm.new_str("semaphore"), Value::None],
        ),
    );
    let version_info_type = structseq::new_type(
        vm,
        "sys",
        "version_info",
        &["major", "minor", "micro", "releaselevel", "serial"],
        5,
    );
    structseq::disable_new(&version_info_type);
    let version_info = structseq::new_instance(
        vm,
        &version_info_type,
        vec![
            Value::Int(3),
            Value::Int(11),
            Value::Int(7),
            vm.new_str("final"),
            Value::Int(0),
        ],
    );
    set("version_info", version_info.clone());
    let prefix = stdlib_prefix(vm);
    for k in ["prefix", "exec_prefix", "base_prefix", "base_exec_prefix"] {
        set(k, vm.new_str(prefix.clone()));
    }
    set("platlibdir", vm.new_str("lib"));
    set("_base_executable", vm.new_str(c.executable.clone()));
    set("abiflags", vm.new_str(""));
    set(
        "_git",
        vm.new_tuple(vec![vm.new_str("pyrs"), vm.new_str(""), vm.new_str("")]),
    );
    set("_framework", vm.new_str(""));
    set("api_version", Value::Int(1013));
    set("float_repr_style", vm.new_str("short"));
    set(
        "copyright",
        vm.new_str("Copyright (c) 2001-2023 Python Software Foundation.\nAll Rights Reserved.\n\nCopyright (c) 2000 BeOpen.com.\nAll Rights Reserved.\n\nCopyright (c) 1995-2001 Corporation for National Research Initiatives.\nAll Rights Reserved.\n\nCopyright (c) 1991-1995 Stichting Mathematisch Centrum, Amsterdam.\nAll Rights Reserved."),
    );
    let xoptions = vm.new_dict_obj();
    for x in &c.xoptions {
        let (k, v) = match x.split_once('=') {
            Some((k, v)) => (k, vm.new_str(v)),
            None => (x.as_str(), Value::Bool(true)),
        };
        let _ = dict::set(vm, &xoptions, vm.new_str(k), v);
    }
    set("_xoptions", Value::Obj(xoptions));
    set(
        "orig_argv",
        vm.new_list(
            std::env::args_os()
                .map(|a| vm.new_str(a.to_string_lossy().into_owned()))
                .collect(),
        ),
    );
    let names: Vec<Value> = STDLIB_MODULE_NAMES.iter().map(|n| vm.new_str(*n)).collect();
    if let Ok(fs) = vm.call(
        &Value::Obj(vm.types.frozenset.clone()),
        Args::new(&[vm.new_tuple(names)]),
    ) {
        set("stdlib_module_names", fs);
    }
    if let Ok(ns) = new_namespace(
        vm,
        &[
            ("name", vm.new_str("pyrs")),
            ("cache_tag", vm.new_str("pyrs-311")),
            ("version", version_info),
            ("hexversion", Value::Int(0x030b07f0)),
            ("_multiarch", vm.new_str("x86_64-linux-gnu")),
        ],
    ) {
        set("implementation", ns);
    }
    // The import machinery is native; these stay empty for code that inspects them.
    set("meta_path", vm.new_list(Vec::new()));
    set("path_hooks", vm.new_list(Vec::new()));
    set("path_importer_cache", vm.new_dict());
    vm.add_module_fn(&sys, "getfilesystemencoding", getfilesystemencoding);
    vm.add_module_fn(&sys, "getfilesystemencodeerrors", getfilesystemencodeerrors);
    vm.add_module_fn(&sys, "getdefaultencoding", getdefaultencoding);
    vm.add_module_fn(&sys, "getswitchinterval", getswitchinterval);
    vm.add_module_fn(&sys, "setswitchinterval", setswitchinterval);
    vm.add_module_fn(&sys, "intern", sys_intern);
    vm.add_module_fn(&sys, "getsizeof", getsizeof);
    vm.add_module_fn(&sys, "audit", audit);
    vm.add_module_fn(&sys, "call_tracing", call_tracing);
    vm.add_module_fn(&sys, "breakpointhook", breakpointhook);
    if let Some(h) = dict::get_str(&vm.sys_dict, &vm.intern("breakpointhook")) {
        set("__breakpointhook__", h);
    }
    // Where the pure-Python standard library was found (CPython's sys._stdlib_dir).
    let stdlib = vm
        .config
        .module_search_paths
        .iter()
        .find(|p| std::path::Path::new(p).join("os.py").is_file())
        .cloned();
    set("_stdlib_dir", stdlib.map_or(Value::None, |p| vm.new_str(p)));
}

/// `sys.breakpointhook(*args, **kws)` (also `sys.__breakpointhook__`), as CPython's: the
/// callable named by $PYTHONBREAKPOINT (read at each call; `pdb.set_trace` when unset or
/// empty, nothing for "0"), with a RuntimeWarning when it cannot be imported.
fn breakpointhook(vm: &Vm, args: Args) -> PyResult<Value> {
    let env = if vm.config.ignore_environment {
        None
    } else {
        std::env::var("PYTHONBREAKPOINT").ok()
    };
    let envar = match env.as_deref() {
        None | Some("") => "pdb.set_trace".to_string(),
        Some("0") => return Ok(Value::None),
        Some(e) => e.to_string(),
    };
    let warn = || -> PyResult<Value> {
        let warnings = crate::import::import_module(vm, "warnings")?;
        let msg = vm.new_str(format!(
            "Ignoring unimportable $PYTHONBREAKPOINT: \"{envar}\""
        ));
        vm.call_method(
            &warnings,
            "warn",
            &[msg, Value::Obj(vm.exc.runtime_warning.clone())],
        )?;
        Ok(Value::None)
    };
    let (module, attr) = match envar.rfind('.') {
        None => ("builtins".to_string(), envar.clone()),
        Some(0) => return warn(),
        Some(i) => (envar[..i].to_string(), envar[i + 1..].to_string()),
    };
    let imported = crate::import::import_module(vm, &module);
    let m = match imported {
        Ok(m) => m,
        Err(e)
            if vm.exc_matches(&e, &vm.exc.import_error)
                || vm.exc_matches(&e, &vm.exc.value_error) =>
        {
            return warn()
        }
        Err(e) => return Err(e),
    };
    let hook = match vm.get_attr_str(&m, &attr) {
        Ok(h) => h,
        Err(e) if vm.exc_matches(&e, &vm.exc.attribute_error) => return warn(),
        Err(e) => return Err(e),
    };
    vm.call(&hook, args)
}

/// `sys.call_tracing(func, args)`: `func(*args)` (there is no tracing to suspend).
fn call_tracing(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.has_kw() {
        return Err(vm.type_error("call_tracing() takes no keyword arguments"));
    }
    let p = args.pos();
    if p.len() != 2 {
        return Err(vm.type_error(format!(
            "call_tracing expected 2 arguments, got {}",
            p.len()
        )));
    }
    let items = match &p[1] {
        Value::Obj(o) if o.payload.as_tuple().is_some() => {
            o.payload.as_tuple().unwrap_or(&[]).to_vec()
        }
        other => {
            return Err(vm.type_error(format!(
                "call_tracing() argument 2 must be tuple, not {}",
                vm.type_name(other)
            )))
        }
    };
    vm.call(&p[0], Args::new(&items))
}

/// `sys.builtin_module_names`, once every native module is registered (os.py looks for
/// 'posix' there).
pub fn set_builtin_module_names(vm: &Vm) {
    let mut names: Vec<String> = vm.native_modules.borrow().keys().cloned().collect();
    names.push("builtins".into());
    names.push("sys".into());
    names.sort();
    names.dedup();
    dict::set_str(
        &vm.sys_dict,
        &vm.intern("builtin_module_names"),
        vm.new_tuple(names.into_iter().map(|n| vm.new_str(n)).collect()),
    );
}

/// `import site` unless -S (CPython's `init_import_site`). As in CPython, site runs
/// before `sys.path[0]` (the script's directory, or '' for -c) is in place, so that site
/// does not make it absolute; it is put back in front afterwards.
pub fn import_site(vm: &Vm) -> PyResult<()> {
    if vm.config.no_site {
        return Ok(());
    }
    let path = get_sys_attr(vm, "path")?;
    let path0 = match (
        &vm.config.path0,
        path.as_obj().and_then(|o| o.payload.as_list()),
    ) {
        (Some(p0), Some(list)) => {
            let first = list.borrow().first().cloned();
            match first {
                Some(v) if vm.str_string(&v).ok().as_deref() == Some(p0.as_str()) => {
                    list.borrow_mut().remove(0);
                    Some(v)
                }
                _ => None,
            }
        }
        _ => None,
    };
    let result = crate::import::import_module(vm, "site").map(|_| ());
    if let Some(p0) = path0 {
        let path = get_sys_attr(vm, "path")?;
        vm.call_method(&path, "insert", &[Value::Int(0), p0])?;
    }
    result
}
