//! The `_imp` module that Lib's importlib builds on, and the `_warnings` built-in it
//! loads during its set-up.
//!
//! pyrs's import system is native (crates/vm/src/import.rs); `_imp` lets importlib see
//! it: which modules are built in (the VM's native modules), how to create one, the
//! source hash of hash-based .pyc files, and the import lock (a counter: pyrs runs one
//! thread). pyrs has no frozen modules and cannot load C extension modules; the
//! functions for those answer accordingly.
//!
//! `_warnings` is the empty built-in module: Lib's warnings.py then uses its own
//! pure-Python implementation (CPython's supported fallback) for filters and output.

use std::cell::Cell;

use crate::memory::ObjRef;
use crate::objects::dict;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

thread_local! {
    /// Depth of `acquire_lock` calls not yet released.
    static IMPORT_LOCK: Cell<u64> = const { Cell::new(0) };
}

fn name_arg(vm: &Vm, args: &Args, what: &str) -> PyResult<String> {
    match args.pos().first() {
        Some(v @ Value::Obj(o)) if o.payload.as_str().is_some() => vm.str_string(v),
        Some(v) => Err(vm.type_error(format!(
            "{what}() argument must be str, not {}",
            vm.type_name(v)
        ))),
        None => Err(vm.type_error(format!("{what}() takes exactly one argument (0 given)"))),
    }
}

fn is_native(vm: &Vm, name: &str) -> bool {
    vm.native_modules.borrow().contains_key(name)
}

fn is_builtin(vm: &Vm, args: Args) -> PyResult<Value> {
    let name = name_arg(vm, &args, "is_builtin")?;
    // sys and builtins exist once and cannot be re-initialised: CPython says -1.
    Ok(Value::Int(if name == "sys" || name == "builtins" {
        -1
    } else {
        i64::from(is_native(vm, &name))
    }))
}

fn create_builtin(vm: &Vm, args: Args) -> PyResult<Value> {
    let spec =
        args.pos().first().cloned().ok_or_else(|| {
            vm.type_error("create_builtin() takes exactly one argument (0 given)")
        })?;
    let name_v = vm.get_attr_str(&spec, "name")?;
    let name = vm.str_string(&name_v)?;
    if let Some(m) = dict::get_str(&vm.modules, &vm.intern(&name)) {
        return Ok(m);
    }
    if !is_native(vm, &name) {
        let e = vm.new_exception_msg(
            &vm.exc.import_error,
            format!("no built-in module named {name}"),
        );
        vm.set_exc_attr(&e, &vm.names.name, vm.new_str(name));
        return Err(e);
    }
    crate::import::import_module(vm, &name)
}

fn exec_builtin(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(0))
}

fn false_fn(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Bool(false))
}

fn none_fn(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

fn frozen_names(vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.new_tuple(Vec::new()))
}

fn not_frozen(vm: &Vm, args: Args) -> PyResult<Value> {
    let name = name_arg(vm, &args, "get_frozen_object")?;
    let e = vm.new_exception_msg(
        &vm.exc.import_error,
        format!("No such frozen object named '{name}'"),
    );
    vm.set_exc_attr(&e, &vm.names.name, vm.new_str(name));
    Err(e)
}

fn extension_suffixes(vm: &Vm, _args: Args) -> PyResult<Value> {
    // pyrs cannot load C extension modules, so no file is one.
    Ok(vm.new_list(Vec::new()))
}

fn create_dynamic(vm: &Vm, args: Args) -> PyResult<Value> {
    let name = match args.pos().first() {
        Some(spec) => vm
            .get_attr_str(spec, "name")
            .and_then(|n| vm.str_string(&n))
            .unwrap_or_default(),
        None => String::new(),
    };
    Err(vm.new_exception_msg(
        &vm.exc.import_error,
        format!("pyrs cannot load C extension modules ({name})"),
    ))
}

fn acquire_lock(_vm: &Vm, _args: Args) -> PyResult<Value> {
    IMPORT_LOCK.with(|l| l.set(l.get() + 1));
    Ok(Value::None)
}

fn release_lock(vm: &Vm, _args: Args) -> PyResult<Value> {
    let held = IMPORT_LOCK.with(|l| l.get());
    if held == 0 {
        return Err(vm.runtime_error("not holding the import lock"));
    }
    IMPORT_LOCK.with(|l| l.set(held - 1));
    Ok(Value::None)
}

fn lock_held(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Bool(IMPORT_LOCK.with(|l| l.get()) > 0))
}

fn source_hash(vm: &Vm, args: Args) -> PyResult<Value> {
    let mut key = args.pos().first().cloned();
    let mut source = args.pos().get(1).cloned();
    for (k, v) in args.kwargs() {
        match vm.str_string(k)?.as_str() {
            "key" => key = Some(v.clone()),
            "source" => source = Some(v.clone()),
            other => {
                return Err(vm.type_error(format!(
                    "source_hash() got an unexpected keyword argument '{other}'"
                )))
            }
        }
    }
    let key =
        vm.to_index(&key.ok_or_else(|| {
            vm.type_error("source_hash() missing required argument 'key' (pos 1)")
        })?)?;
    let source = source
        .ok_or_else(|| vm.type_error("source_hash() missing required argument 'source' (pos 2)"))?;
    let bytes = crate::objects::bytes::bytes_from_value(vm, &source)?;
    Ok(vm.new_bytes(pyrs_marshal::source_hash_with_key(key, &bytes).to_vec()))
}

fn fix_co_filename(_vm: &Vm, _args: Args) -> PyResult<Value> {
    // Code objects loaded by pyrs's own importer already carry the file they came from.
    Ok(Value::None)
}

fn module(vm: &Vm, name: &str) -> ObjRef {
    vm.new_module(name)
}

fn init_imp(vm: &Vm) -> PyResult<ObjRef> {
    let m = module(vm, "_imp");
    for (name, f) in [
        ("is_builtin", is_builtin as crate::object::NativeFn),
        ("create_builtin", create_builtin),
        ("exec_builtin", exec_builtin),
        ("is_frozen", false_fn),
        ("is_frozen_package", false_fn),
        ("find_frozen", none_fn),
        ("init_frozen", none_fn),
        ("get_frozen_object", not_frozen),
        ("_frozen_module_names", frozen_names),
        ("_override_frozen_modules_for_tests", none_fn),
        ("_override_multi_interp_extensions_check", none_fn),
        ("extension_suffixes", extension_suffixes),
        ("create_dynamic", create_dynamic),
        ("exec_dynamic", exec_builtin),
        ("acquire_lock", acquire_lock),
        ("release_lock", release_lock),
        ("lock_held", lock_held),
        ("source_hash", source_hash),
        ("_fix_co_filename", fix_co_filename),
    ] {
        vm.add_module_fn(&m, name, f);
    }
    if let Some(d) = m.dict() {
        let mode = if vm.config.check_hash_based_pycs.is_empty() {
            "default".to_string()
        } else {
            vm.config.check_hash_based_pycs.clone()
        };
        dict::set_str(&d, &vm.intern("check_hash_based_pycs"), vm.new_str(mode));
    }
    Ok(m)
}

fn init_warnings(vm: &Vm) -> PyResult<ObjRef> {
    Ok(module(vm, "_warnings"))
}

/// Make `_imp` and `_warnings` importable.
pub fn register(vm: &Vm) {
    vm.register_native_module("_imp", init_imp);
    vm.register_native_module("_warnings", init_warnings);
}
