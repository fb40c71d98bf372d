//! The `_imp` module that Lib's importlib builds on, and the `_warnings` built-in it
//! loads during its set-up.
//!
//! pyrs's import system is native (crates/vm/src/import.rs); `_imp` lets importlib see
//! it: which modules are built in (the VM's native modules), how to create one, the
//! source hash of hash-based .pyc files, and the import lock (a counter: pyrs runs one
//! thread). pyrs has no frozen modules and cannot load C extension modules; the
//! functions for those answer accordingly.
//!
//! `_warnings` is CPython's accelerator of warnings.py: filters, registries, `warn` and
//! `warn_explicit` natively, the output through warnings.py.

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

// ----- _warnings ---------------------------------------------------------------------
//
// CPython's C accelerator of warnings.py (Python/_warnings.c): the filters list with the
// default filters, the once-registry, the default action, and `warn`/`warn_explicit`,
// which match filters and keep registries natively and leave the output to warnings.py
// (`_showwarnmsg`, `WarningMessage`). Without it warnings.py falls back on its own
// implementation, whose default filter for `__main__` is a regular expression: every
// program that imported warnings also imported `re` (and enum, functools, collections).
// As in CPython, warnings.py's own `filters`, `defaultaction` and `onceregistry` are the
// ones used whenever the module is loaded (they are these objects unless replaced).

thread_local! {
    /// `filters_version`: bumped by `_filters_mutated`; registries remember the version
    /// they were filled under and are cleared when it changed.
    static FILTERS_VERSION: Cell<i64> = const { Cell::new(0) };
    /// The module's own filters, once-registry and default action (used while warnings.py
    /// is not loaded).
    static WARNINGS_STATE: std::cell::RefCell<Option<[Value; 3]>> = const { std::cell::RefCell::new(None) };
}

fn warnings_state(index: usize) -> Value {
    WARNINGS_STATE.with(|s| {
        s.borrow()
            .as_ref()
            .map(|st| st[index].clone())
            .unwrap_or(Value::None)
    })
}

fn set_warnings_state(index: usize, v: Value) {
    WARNINGS_STATE.with(|s| {
        if let Some(st) = s.borrow_mut().as_mut() {
            st[index] = v;
        }
    })
}

/// An attribute of the warnings module: from `sys.modules`, or imported when asked to
/// (and the interpreter is not finalizing); None when the module or attribute is missing.
fn warnings_attr(vm: &Vm, name: &str, try_import: bool) -> PyResult<Option<Value>> {
    let module = if try_import && !crate::sys::is_finalizing() {
        match crate::import::import_module(vm, "warnings") {
            Ok(m) => m,
            Err(e) if vm.exc_matches(&e, &vm.exc.import_error) => return Ok(None),
            Err(e) => return Err(e),
        }
    } else {
        match dict::get_str(&vm.modules, &vm.intern("warnings")) {
            Some(m) => m,
            None => return Ok(None),
        }
    };
    vm.get_attr_opt(&module, &vm.intern(name))
}

fn is_str_exact(vm: &Vm, v: &Value) -> bool {
    matches!(v, Value::Obj(o) if o.class().is(&vm.types.str_))
}

fn is_dict(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if o.payload.as_dict().is_some())
}

fn type_of_name(vm: &Vm, v: &Value) -> String {
    vm.type_name(v).to_string()
}

/// `check_matched`: None matches anything, a plain str (the built-in default filters)
/// must equal the text, anything else is a compiled pattern whose `match` decides.
fn check_matched(vm: &Vm, pattern: &Value, arg: &Value) -> PyResult<bool> {
    if pattern.is_none() {
        return Ok(true);
    }
    if is_str_exact(vm, pattern) {
        let Value::Obj(a) = arg else {
            return Err(vm.type_error(format!("Can't compare str and {}", type_of_name(vm, arg))));
        };
        if a.payload.as_str().is_none() {
            return Err(vm.type_error(format!("Can't compare str and {}", type_of_name(vm, arg))));
        }
        return Ok(vm.str_string(pattern)? == vm.str_string(arg)?);
    }
    let r = vm.call_method(pattern, "match", std::slice::from_ref(arg))?;
    vm.is_true(&r)
}

fn issubclass(vm: &Vm, c: &Value, cls: &Value) -> PyResult<bool> {
    let f = vm.get_attr_str(&Value::Obj(vm.builtins.clone()), "issubclass")?;
    let r = vm.call(&f, Args::new(&[c.clone(), cls.clone()]))?;
    vm.is_true(&r)
}

/// `get_filter`: the action of the first matching filter (and the filter), else the
/// default action (and None).
fn get_filter(
    vm: &Vm,
    category: &Value,
    text: &Value,
    lineno: i64,
    module: &Value,
) -> PyResult<(Value, Value)> {
    let filters = match warnings_attr(vm, "filters", false)? {
        Some(f) => {
            set_warnings_state(0, f.clone());
            f
        }
        None => warnings_state(0),
    };
    let Value::Obj(list) = &filters else {
        return Err(vm.value_error("_warnings.filters must be a list"));
    };
    let Some(items) = list.payload.as_list() else {
        return Err(vm.value_error("_warnings.filters must be a list"));
    };
    // The list may change while it is searched (a pattern's match is Python code).
    let mut i = 0;
    loop {
        let item = match items.borrow().get(i) {
            Some(item) => item.clone(),
            None => break,
        };
        let fields = match &item {
            Value::Obj(t) => t.payload.as_tuple().filter(|t| t.len() == 5),
            _ => None,
        };
        let Some(fields) = fields else {
            return Err(vm.value_error(format!("_warnings.filters item {i} isn't a 5-tuple")));
        };
        let (action, msg, cat, mod_, ln) =
            (&fields[0], &fields[1], &fields[2], &fields[3], &fields[4]);
        if !matches!(action, Value::Obj(a) if a.payload.as_str().is_some()) {
            return Err(vm.type_error(format!(
                "action must be a string, not '{}'",
                type_of_name(vm, action)
            )));
        }
        let good_msg = check_matched(vm, msg, text)?;
        let good_mod = check_matched(vm, mod_, module)?;
        let is_subclass = issubclass(vm, category, cat)?;
        let ln = vm.to_index(ln)?;
        if good_msg && is_subclass && good_mod && (ln == 0 || lineno == ln) {
            return Ok((action.clone(), item.clone()));
        }
        i += 1;
    }
    let action = match warnings_attr(vm, "defaultaction", false)? {
        Some(a) => {
            if !matches!(&a, Value::Obj(o) if o.payload.as_str().is_some()) {
                return Err(vm.type_error(format!(
                    "_warnings.defaultaction must be a string, not '{}'",
                    type_of_name(vm, &a)
                )));
            }
            set_warnings_state(2, a.clone());
            a
        }
        None => warnings_state(2),
    };
    Ok((action, Value::None))
}

/// `already_warned`: whether `registry` (filled under the current filters) has `key`;
/// records it when `should_set`.
fn already_warned(vm: &Vm, registry: &Value, key: Value, should_set: bool) -> PyResult<bool> {
    let Value::Obj(reg) = registry else {
        return Ok(false);
    };
    let version = FILTERS_VERSION.with(|v| v.get());
    let version_key = vm.new_str("version");
    let current = dict::get(vm, reg, &version_key)?;
    let same = matches!(current, Some(Value::Int(v)) if v == version);
    if !same {
        vm.call_method(registry, "clear", &[])?;
        dict::set(vm, reg, version_key, Value::Int(version))?;
    } else if let Some(seen) = dict::get(vm, reg, &key)? {
        if vm.is_true(&seen)? {
            return Ok(true);
        }
    }
    if should_set {
        dict::set(vm, reg, key, Value::Bool(true))?;
    }
    Ok(false)
}

fn update_registry(vm: &Vm, registry: &Value, text: &Value, category: &Value) -> PyResult<bool> {
    let key = vm.new_tuple(vec![text.clone(), category.clone()]);
    already_warned(vm, registry, key, true)
}

fn once_registry(vm: &Vm) -> PyResult<Value> {
    match warnings_attr(vm, "onceregistry", false)? {
        Some(r) => {
            if !is_dict(&r) {
                return Err(vm.type_error(format!(
                    "_warnings.onceregistry must be a dict, not '{}'",
                    type_of_name(vm, &r)
                )));
            }
            set_warnings_state(1, r.clone());
            Ok(r)
        }
        None => Ok(warnings_state(1)),
    }
}

/// `show_warning`: the output when warnings.py cannot be had.
fn show_warning_fallback(
    vm: &Vm,
    filename: &Value,
    lineno: i64,
    text: &Value,
    category: &Value,
    sourceline: Option<&Value>,
) -> PyResult<()> {
    let name = vm.get_attr_str(category, "__name__")?;
    let mut out = format!(
        "{}:{lineno}: {}: {}\n",
        vm.str_string(&Value::Obj(vm.str(filename)?))?,
        vm.str_string(&Value::Obj(vm.str(&name)?))?,
        vm.str_string(&Value::Obj(vm.str(text)?))?
    );
    match sourceline {
        Some(line) => {
            out.push_str(&vm.str_string(&Value::Obj(vm.str(line)?))?);
            out.push('\n');
        }
        None => {
            let file = vm.str_string(filename).unwrap_or_default();
            if let Ok(source) = std::fs::read_to_string(&file) {
                if let Some(line) = usize::try_from(lineno)
                    .ok()
                    .and_then(|n| n.checked_sub(1))
                    .and_then(|n| source.lines().nth(n))
                {
                    out.push_str("  ");
                    out.push_str(line.trim_start_matches([' ', '\t', '\x0c']));
                    out.push('\n');
                }
            }
        }
    }
    let stderr = crate::sys::get_sys_attr(vm, "stderr")?;
    vm.call_method(&stderr, "write", &[vm.new_str(out)])?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn call_show_warning(
    vm: &Vm,
    category: &Value,
    text: &Value,
    message: &Value,
    filename: &Value,
    lineno: i64,
    sourceline: Option<&Value>,
    source: Option<&Value>,
) -> PyResult<()> {
    let Some(show) = warnings_attr(vm, "_showwarnmsg", source.is_some())? else {
        return show_warning_fallback(vm, filename, lineno, text, category, sourceline);
    };
    if !vm.is_callable(&show) {
        return Err(vm.type_error("warnings._showwarnmsg() must be set to a callable"));
    }
    let Some(cls) = warnings_attr(vm, "WarningMessage", false)? else {
        return Err(vm.new_exception_msg(
            &vm.exc.runtime_error,
            "unable to get warnings.WarningMessage",
        ));
    };
    let msg = vm.call(
        &cls,
        Args::new(&[
            message.clone(),
            category.clone(),
            filename.clone(),
            Value::Int(lineno),
            Value::None,
            Value::None,
            source.cloned().unwrap_or(Value::None),
        ]),
    )?;
    vm.call1(&show, msg)?;
    Ok(())
}

/// `warn_explicit` (the C function): `module` None means "ignore" (late in shutdown),
/// missing means "from the file name".
#[allow(clippy::too_many_arguments)]
fn do_warn_explicit(
    vm: &Vm,
    category: &Value,
    message: &Value,
    filename: &Value,
    lineno: i64,
    module: Option<&Value>,
    registry: Option<&Value>,
    sourceline: Option<&Value>,
    source: Option<&Value>,
) -> PyResult<Value> {
    if module.is_some_and(Value::is_none) {
        return Ok(Value::None);
    }
    let registry = registry.filter(|r| !r.is_none());
    if let Some(r) = registry {
        if !is_dict(r) {
            return Err(vm.type_error("'registry' must be a dict or None"));
        }
    }
    let module = match module {
        Some(m) => m.clone(),
        None => {
            let f = vm.str_string(filename)?;
            if f.is_empty() {
                vm.new_str("<unknown>")
            } else {
                vm.new_str(f.strip_suffix(".py").unwrap_or(&f))
            }
        }
    };
    let warning = Value::Obj(vm.exc.warning.clone());
    let (text, category, message) = if crate::builtins::isinstance_check(vm, message, &warning)? {
        let text = Value::Obj(vm.str(message)?);
        let category = Value::Obj(vm.type_of(message).clone());
        (text, category, message.clone())
    } else {
        let instance = vm.call1(category, message.clone())?;
        (message.clone(), category.clone(), instance)
    };
    let source = source.filter(|s| !s.is_none());
    let key = vm.new_tuple(vec![text.clone(), category.clone(), Value::Int(lineno)]);
    if let Some(r) = registry {
        if already_warned(vm, r, key.clone(), false)? {
            return Ok(Value::None);
        }
    }
    let (action, item) = get_filter(vm, &category, &text, lineno, &module)?;
    let action_name = vm.str_string(&action)?;
    if action_name == "error" {
        return match message {
            Value::Obj(e) if vm.isinstance(&message, &vm.exc.base_exception) => Err(e),
            _ => Err(vm.type_error("exceptions must derive from BaseException")),
        };
    }
    if action_name == "ignore" {
        return Ok(Value::None);
    }
    let mut warned = false;
    if action_name != "always" {
        if let Some(Value::Obj(r)) = registry {
            dict::set(vm, r, key, Value::Bool(true))?;
        }
        match action_name.as_str() {
            "once" => {
                let reg = match registry {
                    Some(r) => r.clone(),
                    None => once_registry(vm)?,
                };
                warned = update_registry(vm, &reg, &text, &category)?;
            }
            "module" => {
                if let Some(r) = registry {
                    warned = update_registry(vm, r, &text, &category)?;
                }
            }
            "default" => {}
            _ => {
                return Err(vm.new_exception_msg(
                    &vm.exc.runtime_error,
                    format!(
                        "Unrecognized action ({}) in warnings.filters:\n {}",
                        vm.repr_string(&action)?,
                        vm.repr_string(&item)?
                    ),
                ))
            }
        }
    }
    if !warned {
        call_show_warning(
            vm, &category, &text, &message, filename, lineno, sourceline, source,
        )?;
    }
    Ok(Value::None)
}

/// Whether a frame runs importlib's bootstrap (skipped when counting stack levels).
fn is_internal_frame(vm: &Vm, frame: &Value) -> PyResult<bool> {
    if frame.is_none() {
        return Ok(false);
    }
    let code = vm.get_attr_str(frame, "f_code")?;
    let filename = vm.get_attr_str(&code, "co_filename")?;
    let Value::Obj(f) = &filename else {
        return Ok(false);
    };
    if f.payload.as_str().is_none() {
        return Ok(false);
    }
    let f = crate::objects::str::as_rust_str(f);
    Ok(f.contains("importlib") && f.contains("_bootstrap"))
}

fn frame_back(vm: &Vm, frame: &Value) -> PyResult<Value> {
    vm.get_attr_str(frame, "f_back")
}

/// `setup_context`: the file name, line, module name and registry of the code
/// `stacklevel` frames up.
fn setup_context(vm: &Vm, stacklevel: i64) -> PyResult<(Value, i64, Value, Value)> {
    let getframe = crate::sys::get_sys_attr(vm, "_getframe")?;
    let mut f = match vm.call(&getframe, Args::new(&[Value::Int(0)])) {
        Ok(f) => f,
        Err(e) if vm.exc_matches(&e, &vm.exc.value_error) => Value::None,
        Err(e) => return Err(e),
    };
    let mut level = stacklevel;
    if stacklevel <= 0 || is_internal_frame(vm, &f)? {
        loop {
            level -= 1;
            if level <= 0 || f.is_none() {
                break;
            }
            f = frame_back(vm, &f)?;
        }
    } else {
        loop {
            level -= 1;
            if level <= 0 || f.is_none() {
                break;
            }
            loop {
                f = frame_back(vm, &f)?;
                if f.is_none() || !is_internal_frame(vm, &f)? {
                    break;
                }
            }
        }
    }
    let (globals, filename, lineno) = if f.is_none() {
        (Value::Obj(vm.sys_dict.clone()), vm.new_str("sys"), 1)
    } else {
        let globals = vm.get_attr_str(&f, "f_globals")?;
        let code = vm.get_attr_str(&f, "f_code")?;
        let filename = vm.get_attr_str(&code, "co_filename")?;
        let lineno = match vm.get_attr_str(&f, "f_lineno")? {
            Value::Int(n) => n,
            _ => 0,
        };
        (globals, filename, lineno)
    };
    let Value::Obj(g) = &globals else {
        return Err(vm.type_error("frame globals must be a dict"));
    };
    let registry_key = vm.new_str("__warningregistry__");
    let registry = match dict::get(vm, g, &registry_key)? {
        Some(r) => r,
        None => {
            let r = vm.new_dict();
            dict::set(vm, g, registry_key, r.clone())?;
            r
        }
    };
    let module = match dict::get(vm, g, &vm.new_str("__name__"))? {
        Some(m) if m.is_none() || matches!(&m, Value::Obj(o) if o.payload.as_str().is_some()) => m,
        _ => vm.new_str("<string>"),
    };
    Ok((filename, lineno, module, registry))
}

/// Positional and keyword arguments by name, in order (`names`); the first `required`
/// must be given.
fn bind_args(
    vm: &Vm,
    args: &Args,
    fname: &str,
    names: &[&str],
    required: usize,
) -> PyResult<Vec<Option<Value>>> {
    let pos = args.pos();
    if pos.len() > names.len() {
        return Err(vm.type_error(format!(
            "{fname}() takes at most {} arguments ({} given)",
            names.len(),
            pos.len()
        )));
    }
    let mut out: Vec<Option<Value>> = vec![None; names.len()];
    for (slot, v) in out.iter_mut().zip(pos) {
        *slot = Some(v.clone());
    }
    for (k, v) in args.kwargs() {
        let k = vm.str_string(k)?;
        match names.iter().position(|n| *n == k) {
            Some(i) if out[i].is_none() => out[i] = Some(v.clone()),
            Some(i) => {
                return Err(vm.type_error(format!(
                    "argument for {fname}() given by name ('{k}') and position ({})",
                    i + 1
                )))
            }
            None => {
                return Err(vm.type_error(format!(
                    "'{k}' is an invalid keyword argument for {fname}()"
                )))
            }
        }
    }
    for (i, name) in names.iter().enumerate().take(required) {
        if out[i].is_none() {
            return Err(vm.type_error(format!(
                "{fname}() missing required argument '{name}' (pos {})",
                i + 1
            )));
        }
    }
    Ok(out)
}

/// `warn(message, category=None, stacklevel=1, source=None)`.
fn warnings_warn(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind_args(
        vm,
        &args,
        "warn",
        &["message", "category", "stacklevel", "source"],
        1,
    )?;
    let message = a[0].clone().unwrap_or(Value::None);
    let warning = Value::Obj(vm.exc.warning.clone());
    let category = if crate::builtins::isinstance_check(vm, &message, &warning)? {
        Value::Obj(vm.type_of(&message).clone())
    } else {
        match &a[1] {
            None => Value::Obj(vm.exc.user_warning.clone()),
            Some(c) if c.is_none() => Value::Obj(vm.exc.user_warning.clone()),
            Some(c) => c.clone(),
        }
    };
    let valid = matches!(&category, Value::Obj(c) if c.payload.as_type().is_some())
        && issubclass(vm, &category, &warning).unwrap_or(false);
    if !valid {
        return Err(vm.type_error(format!(
            "category must be a Warning subclass, not '{}'",
            type_of_name(vm, &category)
        )));
    }
    let stacklevel = match &a[2] {
        Some(v) => vm.to_index(v)?,
        None => 1,
    };
    let (filename, lineno, module, registry) = setup_context(vm, stacklevel)?;
    do_warn_explicit(
        vm,
        &category,
        &message,
        &filename,
        lineno,
        Some(&module),
        Some(&registry),
        None,
        a[3].as_ref(),
    )
}

/// `get_source_line`: line `lineno` of the module's source, from its loader.
fn source_line(vm: &Vm, globals: &ObjRef, lineno: i64) -> PyResult<Option<Value>> {
    let Some(loader) = dict::get(vm, globals, &vm.new_str("__loader__"))? else {
        return Ok(None);
    };
    let Some(name) = dict::get(vm, globals, &vm.new_str("__name__"))? else {
        return Ok(None);
    };
    let Some(get_source) = vm.get_attr_opt(&loader, &vm.intern("get_source"))? else {
        return Ok(None);
    };
    let source = vm.call1(&get_source, name)?;
    if source.is_none() {
        return Ok(None);
    }
    let lines = vm.call_method(&source, "splitlines", &[])?;
    let lines = vm.collect(&lines)?;
    // PyList_GetItem: an index out of range is an IndexError.
    let index = lineno - 1;
    match usize::try_from(index).ok().and_then(|i| lines.get(i)) {
        Some(line) => Ok(Some(line.clone())),
        None => Err(vm.new_exception_msg(&vm.exc.index_error, "list index out of range")),
    }
}

/// `warn_explicit(message, category, filename, lineno, module=None, registry=None,
/// module_globals=None, source=None)`.
fn warnings_warn_explicit(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind_args(
        vm,
        &args,
        "warn_explicit",
        &[
            "message",
            "category",
            "filename",
            "lineno",
            "module",
            "registry",
            "module_globals",
            "source",
        ],
        4,
    )?;
    let arg = |i: usize| a[i].clone().unwrap_or(Value::None);
    let filename = arg(2);
    if !matches!(&filename, Value::Obj(o) if o.payload.as_str().is_some()) {
        return Err(vm.type_error(format!(
            "warn_explicit() argument 3 must be str, not {}",
            type_of_name(vm, &filename)
        )));
    }
    let lineno = vm.to_index(&arg(3))?;
    let lineno = i64::from(i32::try_from(lineno).map_err(|_| {
        vm.new_exception_msg(
            &vm.exc.overflow_error,
            if lineno > 0 {
                "signed integer is greater than maximum"
            } else {
                "signed integer is less than minimum"
            },
        )
    })?);
    let mut sourceline = None;
    if let Some(g) = a[6].as_ref().filter(|g| !g.is_none()) {
        let Value::Obj(globals) = g else {
            unreachable!("not None")
        };
        if globals.payload.as_dict().is_none() {
            return Err(vm.type_error(format!(
                "module_globals must be a dict, not '{}'",
                type_of_name(vm, g)
            )));
        }
        sourceline = source_line(vm, globals, lineno)?;
    }
    do_warn_explicit(
        vm,
        &arg(1),
        &arg(0),
        &filename,
        lineno,
        a[4].as_ref(),
        a[5].as_ref(),
        sourceline.as_ref(),
        a[7].as_ref(),
    )
}

fn warnings_filters_mutated(_vm: &Vm, _args: Args) -> PyResult<Value> {
    FILTERS_VERSION.with(|v| v.set(v.get() + 1));
    Ok(Value::None)
}

fn init_warnings(vm: &Vm) -> PyResult<ObjRef> {
    let m = module(vm, "_warnings");
    // CPython's default filters (a release build): DeprecationWarning shown in __main__,
    // ignored elsewhere, with PendingDeprecationWarning, ImportWarning, ResourceWarning.
    let filter = |action: &str, category: &ObjRef, module: Option<&str>| {
        vm.new_tuple(vec![
            Value::Obj(vm.intern(action)),
            Value::None,
            Value::Obj(category.clone()),
            module.map_or(Value::None, |m| Value::Obj(vm.intern(m))),
            Value::Int(0),
        ])
    };
    let filters = vm.new_list(vec![
        filter("default", &vm.exc.deprecation_warning, Some("__main__")),
        filter("ignore", &vm.exc.deprecation_warning, None),
        filter("ignore", &vm.exc.pending_deprecation_warning, None),
        filter("ignore", &vm.exc.import_warning, None),
        filter("ignore", &vm.exc.resource_warning, None),
    ]);
    let once = vm.new_dict();
    let default_action = vm.new_str("default");
    WARNINGS_STATE
        .with(|s| *s.borrow_mut() = Some([filters.clone(), once.clone(), default_action.clone()]));
    FILTERS_VERSION.with(|v| v.set(0));
    if let Some(d) = m.dict() {
        dict::set_str(&d, &vm.intern("filters"), filters);
        dict::set_str(&d, &vm.intern("_onceregistry"), once);
        dict::set_str(&d, &vm.intern("_defaultaction"), default_action);
    }
    for (name, f) in [
        ("warn", warnings_warn as crate::object::NativeFn),
        ("warn_explicit", warnings_warn_explicit),
        ("_filters_mutated", warnings_filters_mutated),
    ] {
        vm.add_module_fn(&m, name, f);
    }
    Ok(m)
}

/// Make `_imp` and `_warnings` importable.
pub fn register(vm: &Vm) {
    vm.register_native_module("_imp", init_imp);
    vm.register_native_module("_warnings", init_warnings);
}
