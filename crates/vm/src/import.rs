//! The import system: `sys.modules`, the registry of native modules, then `.py` source
//! files (through the bytecode cache, `pyc.rs`) and legacy `.pyc` files without source
//! (modules and packages) found on `sys.path` or a package's `__path__`, with relative
//! imports resolved from `__package__`/`__name__`.

use crate::memory::ObjRef;
use crate::objects::typeobj::lookup;
use crate::objects::{dict, str as pystr};
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

pub fn import_module(vm: &Vm, name: &str) -> PyResult<Value> {
    if let Some(m) = dict::get_str(&vm.modules, &vm.intern(name)) {
        return Ok(m);
    }
    let init = vm.native_modules.borrow().get(name).copied();
    if let Some(init) = init {
        let m = init(vm)?;
        dict::set_str(&vm.modules, &vm.intern(name), Value::Obj(m.clone()));
        if IMPORTLIB_READY.with(|r| r.get()) {
            attach_spec(vm, name, &Value::Obj(m.clone()))?;
        }
        return Ok(Value::Obj(m));
    }
    // A submodule is searched for in its parent package's `__path__`.
    let (search, parent) = match name.rsplit_once('.') {
        Some((parent_name, _)) => {
            let parent = import_module(vm, parent_name)?;
            if let Some(m) = dict::get_str(&vm.modules, &vm.intern(name)) {
                return Ok(m);
            }
            match vm.get_attr_opt(&parent, &vm.intern("__path__"))? {
                Some(p) => (string_list(vm, &p)?, Some(parent)),
                None => {
                    let e = vm.new_exception_msg(
                        &vm.exc.module_not_found_error,
                        format!("No module named '{name}'; '{parent_name}' is not a package"),
                    );
                    vm.set_exc_attr(&e, &vm.names.name, vm.new_str(name));
                    return Err(e);
                }
            }
        }
        None => {
            let path = dict::get_str(&vm.sys_dict, &vm.intern("path")).unwrap_or(Value::None);
            (string_list(vm, &path)?, None)
        }
    };
    let last = name.rsplit('.').next().unwrap_or(name);
    for dir in search {
        let Some(found) = find_in_directory(&dir, last) else {
            continue;
        };
        let m = load_module(vm, name, &found)?;
        if name == "importlib._bootstrap_external" {
            crate::pyc::fix_bootstrap_external(vm, &m)?;
        }
        if name == "importlib" {
            install_importlib_finders(vm, &m)?;
        }
        if let Some(parent) = parent {
            vm.set_attr(&parent, &vm.intern(last), m.clone())?;
        }
        return Ok(m);
    }
    let e = vm.new_exception_msg(
        &vm.exc.module_not_found_error,
        format!("No module named '{name}'"),
    );
    vm.set_exc_attr(&e, &vm.names.name, vm.new_str(name));
    Err(e)
}

/// The source file that `-m name` runs: `name.py`, or `name/__main__.py` for a package,
/// searched as an import would (parent packages are imported first).
pub fn find_main_module(vm: &Vm, name: &str) -> PyResult<Option<String>> {
    let search = match name.rsplit_once('.') {
        Some((parent_name, _)) => {
            let parent = import_module(vm, parent_name)?;
            match vm.get_attr_opt(&parent, &vm.intern("__path__"))? {
                Some(p) => string_list(vm, &p)?,
                None => return Ok(None),
            }
        }
        None => {
            let path = dict::get_str(&vm.sys_dict, &vm.intern("path")).unwrap_or(Value::None);
            string_list(vm, &path)?
        }
    };
    let last = name.rsplit('.').next().unwrap_or(name);
    for dir in search {
        let base = if dir.is_empty() { ".".to_string() } else { dir };
        let package_main = format!("{base}/{last}/__main__.py");
        let module_file = format!("{base}/{last}.py");
        if std::path::Path::new(&format!("{base}/{last}/__init__.py")).is_file() {
            if std::path::Path::new(&package_main).is_file() {
                import_module(vm, name)?;
                return Ok(Some(package_main));
            }
            return Ok(None);
        }
        if std::path::Path::new(&module_file).is_file() {
            return Ok(Some(module_file));
        }
    }
    Ok(None)
}

/// A module file found on the search path.
struct FoundModule {
    /// `__file__`: the source, or a legacy .pyc without source.
    file: String,
    sourceless: bool,
    /// The package directory (`__path__`), for a package's `__init__`.
    package_dir: Option<String>,
    /// The file's status, taken when it was found (`path_stats` needs no second look).
    meta: std::fs::Metadata,
}

/// The directory a search path entry stands for, as `FileFinder` makes it: the current
/// directory for '' and '.', relative entries joined to it.
fn search_directory(entry: &str) -> String {
    if entry.is_empty() || entry == "." || !entry.starts_with('/') {
        let cwd = std::env::current_dir()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|_| ".".to_string());
        if entry.is_empty() || entry == "." {
            return cwd;
        }
        return format!("{}/{}", cwd.trim_end_matches('/'), entry);
    }
    entry.to_string()
}

thread_local! {
    /// Set once Lib's importlib is loaded and its finders installed.
    static IMPORTLIB_READY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Once Lib's importlib has loaded, its finders join `sys.meta_path` and
/// `sys.path_hooks` (as CPython installs them at start-up), so that code importing
/// through importlib (`import_module`, `find_spec`, test.support's fresh imports) finds
/// what pyrs's own import finds. pyrs's import statement keeps its native path.
fn install_importlib_finders(vm: &Vm, importlib: &Value) -> PyResult<()> {
    // Only Lib's real importlib (a stand-in package may lack the machinery).
    let (Some(bootstrap), Some(external)) = (
        vm.get_attr_opt(importlib, &vm.intern("_bootstrap"))?,
        vm.get_attr_opt(importlib, &vm.intern("_bootstrap_external"))?,
    ) else {
        return Ok(());
    };
    if vm
        .get_attr_opt(&external, &vm.intern("_install"))?
        .is_none()
    {
        return Ok(());
    }
    let meta_path = crate::sys::get_sys_attr(vm, "meta_path")?;
    for finder in ["BuiltinImporter", "FrozenImporter"] {
        let f = vm.get_attr_str(&bootstrap, finder)?;
        vm.call_method(&meta_path, "append", &[f])?;
    }
    let install = vm.get_attr_str(&external, "_install")?;
    vm.call1(&install, bootstrap)?;
    IMPORTLIB_READY.with(|r| r.set(true));
    // Modules imported before importlib get their specs now.
    let items = dict::table(&vm.modules).borrow().items();
    for (k, m) in items {
        let name = vm.str_string(&k)?;
        let spec = vm.get_attr_opt(&m, &vm.names.__spec__)?;
        if matches!(spec, None | Some(Value::None)) && name != "__main__" {
            attach_spec(vm, &name, &m)?;
        }
    }
    Ok(())
}

/// Give a module a `ModuleSpec` and `__loader__`: a file's comes from
/// `spec_from_file_location` (with the package's search path), a native module's from
/// `BuiltinImporter`.
fn attach_spec(vm: &Vm, name: &str, module: &Value) -> PyResult<()> {
    let Some(external) = dict::get_str(&vm.modules, &vm.intern("importlib._bootstrap_external"))
    else {
        return Ok(());
    };
    let Some(bootstrap) = dict::get_str(&vm.modules, &vm.intern("importlib._bootstrap")) else {
        return Ok(());
    };
    let file = vm.get_attr_opt(module, &vm.intern("__file__"))?;
    let spec = match file {
        Some(Value::Obj(f)) if f.payload.as_str().is_some() && file_spec_is_plain(&f) => {
            let path = vm.get_attr_opt(module, &vm.intern("__path__"))?;
            file_spec(vm, &bootstrap, &external, name, &f, path)?
        }
        Some(f @ Value::Obj(_)) => {
            let from_file = vm.get_attr_str(&external, "spec_from_file_location")?;
            let path = vm.get_attr_opt(module, &vm.intern("__path__"))?;
            let mut args = vec![vm.new_str(name), f];
            let mut names = Vec::new();
            if let Some(p) = path {
                args.push(p);
                names.push(vm.new_str("submodule_search_locations"));
            }
            vm.call(&from_file, Args::with_kw(&args, &names))?
        }
        _ => {
            if !vm.native_modules.borrow().contains_key(name) && name != "sys" && name != "builtins"
            {
                return Ok(());
            }
            let spec_class = vm.get_attr_str(&bootstrap, "ModuleSpec")?;
            let importer = vm.get_attr_str(&bootstrap, "BuiltinImporter")?;
            vm.call(
                &spec_class,
                Args::with_kw(
                    &[vm.new_str(name), importer, vm.new_str("built-in")],
                    &[vm.new_str("origin")],
                ),
            )?
        }
    };
    if spec.is_none() {
        return Ok(());
    }
    if let Some(cached) = vm.get_attr_opt(module, &vm.intern("__cached__"))? {
        if !cached.is_none() {
            let _ = vm.set_attr(&spec, &vm.intern("cached"), cached);
        }
    }
    let loader = vm.get_attr_str(&spec, "loader")?;
    vm.set_attr(module, &vm.names.__spec__, spec)?;
    vm.set_attr(module, &vm.names.__loader__, loader)?;
    Ok(())
}

/// Whether `spec_from_file_location` would take the location of `file` as it is and pick
/// a source or sourceless loader for it (an absolute `.py` or `.pyc` path), so that
/// [`file_spec`] can build the spec itself.
fn file_spec_is_plain(file: &ObjRef) -> bool {
    let path = pystr::as_rust_str(file);
    path.starts_with('/') && (path.ends_with(".py") || path.ends_with(".pyc"))
}

/// What `spec_from_file_location(name, file[, submodule_search_locations=path])` returns
/// for an absolute `.py` or `.pyc` file, built with two calls (the loader class and
/// `ModuleSpec`) instead of the whole Python function, which costs more than the rest of
/// an import from the cache: `ModuleSpec(name, loader, origin=file)` with
/// `_set_fileattr`, the loader `SourceFileLoader` or `SourcelessFileLoader`, and the
/// package's search locations (the given list; for a module that is an `__init__`
/// without one, its directory, as `loader.is_package` decides).
fn file_spec(
    vm: &Vm,
    bootstrap: &Value,
    external: &Value,
    name: &str,
    file: &ObjRef,
    path: Option<Value>,
) -> PyResult<Value> {
    let location = pystr::as_rust_str(file).to_string();
    let loader_class = if location.ends_with(".py") {
        "SourceFileLoader"
    } else {
        "SourcelessFileLoader"
    };
    let loader_class = vm.get_attr_str(external, loader_class)?;
    let name_value = vm.new_str(name);
    let loader = vm.call(
        &loader_class,
        Args::new(&[name_value.clone(), Value::Obj(file.clone())]),
    )?;
    let spec_class = vm.get_attr_str(bootstrap, "ModuleSpec")?;
    let spec = vm.call(
        &spec_class,
        Args::with_kw(
            &[name_value, loader, Value::Obj(file.clone())],
            &[vm.new_str("origin")],
        ),
    )?;
    vm.set_attr(&spec, &vm.intern("_set_fileattr"), Value::Bool(true))?;
    let (dirname, base) = location.rsplit_once('/').unwrap_or(("", &location));
    let locations = match path {
        Some(p) => Some(p),
        None => {
            // `SourceFileLoader.is_package`: the file is an `__init__` and the module's
            // own name is not.
            let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
            let tail = name.rsplit('.').next().unwrap_or(name);
            (stem == "__init__" && tail != "__init__").then(|| vm.new_list(Vec::new()))
        }
    };
    if let Some(locations) = locations {
        let submodule_search_locations = vm.intern("submodule_search_locations");
        vm.set_attr(&spec, &submodule_search_locations, locations.clone())?;
        // An empty list gets the file's directory.
        let empty = match &locations {
            Value::Obj(l) if l.payload.as_list().is_some() => vm.len(&locations)? == 0,
            _ => false,
        };
        if empty {
            vm.call_method(&locations, "append", &[vm.new_str(dirname)])?;
        }
    }
    Ok(spec)
}

/// `FileFinder.find_spec` for `.py` and `.pyc`: a package directory with `__init__.py` or
/// `__init__.pyc` first, then `NAME.py`, then a legacy `NAME.pyc`.
fn find_in_directory(entry: &str, last: &str) -> Option<FoundModule> {
    let base = search_directory(entry);
    let base = base.trim_end_matches('/');
    let package_dir = format!("{base}/{last}");
    let regular_file = |path: &str| std::fs::metadata(path).ok().filter(|m| m.is_file());
    if std::path::Path::new(&package_dir).is_dir() {
        for (suffix, sourceless) in [(".py", false), (".pyc", true)] {
            let init = format!("{package_dir}/__init__{suffix}");
            if let Some(meta) = regular_file(&init) {
                return Some(FoundModule {
                    file: init,
                    sourceless,
                    package_dir: Some(package_dir),
                    meta,
                });
            }
        }
    }
    for (suffix, sourceless) in [(".py", false), (".pyc", true)] {
        let file = format!("{base}/{last}{suffix}");
        if let Some(meta) = regular_file(&file) {
            return Some(FoundModule {
                file,
                sourceless,
                package_dir: None,
                meta,
            });
        }
    }
    None
}

/// The strings of a list (such as `sys.path`), skipping other items as CPython does.
fn string_list(vm: &Vm, v: &Value) -> PyResult<Vec<String>> {
    if v.is_none() {
        return Ok(Vec::new());
    }
    let items = vm.collect(v)?;
    Ok(items
        .iter()
        .filter_map(|i| match i {
            Value::Obj(o) if o.payload.as_str().is_some() => {
                Some(pystr::as_rust_str(o).to_string())
            }
            _ => None,
        })
        .collect())
}

/// Execute a module file as module `name` (registered in `sys.modules` first, so that
/// circular imports see the partial module; removed again if executing it fails). Its
/// code comes through the bytecode cache (see `pyc.rs`).
fn load_module(vm: &Vm, name: &str, found: &FoundModule) -> PyResult<Value> {
    let file = found.file.as_str();
    let module_code = if found.sourceless {
        crate::pyc::sourceless_module_code(vm, name, file)?
    } else {
        crate::pyc::source_module_code(vm, name, file, Some(&found.meta))?
    };
    let module = vm.new_module(name);
    let globals = module
        .dict()
        .ok_or_else(|| vm.type_error("module without a namespace"))?;
    let package = match &found.package_dir {
        Some(dir) => {
            dict::set_str(
                &globals,
                &vm.intern("__path__"),
                vm.new_list(vec![vm.new_str(dir.clone())]),
            );
            name.to_string()
        }
        None => name
            .rsplit_once('.')
            .map(|(p, _)| p.to_string())
            .unwrap_or_default(),
    };
    dict::set_str(&globals, &vm.names.__package__, vm.new_str(package));
    dict::set_str(&globals, &vm.intern("__file__"), vm.new_str(file));
    let cached = match &module_code.cached {
        Some(path) => vm.new_str(path.clone()),
        None => Value::None,
    };
    dict::set_str(&globals, &vm.intern("__cached__"), cached);
    dict::set_str(
        &globals,
        &vm.names.__builtins__,
        Value::Obj(vm.builtins.clone()),
    );
    dict::set_str(&vm.modules, &vm.intern(name), Value::Obj(module.clone()));
    // With importlib loaded, modules get their __spec__ and __loader__ as CPython's.
    if IMPORTLIB_READY.with(|r| r.get()) {
        attach_spec(vm, name, &Value::Obj(module.clone()))?;
    }
    let code_obj = crate::eval::new_code_object(vm, module_code.code);
    // While the body runs the spec says so (`_initializing`), as importlib's
    // `_load_unlocked`: circular-import errors mention it.
    let spec = match module.dict() {
        Some(d) => dict::get_str(&d, &vm.names.__spec__).filter(|s| !s.is_none()),
        None => None,
    };
    let initializing = vm.intern("_initializing");
    if let Some(spec) = &spec {
        let _ = vm.set_attr(spec, &initializing, Value::Bool(true));
    }
    INITIALIZING.with(|i| i.borrow_mut().push(name.to_string()));
    let r = crate::eval::run_code_in(vm, &code_obj, &globals, None);
    INITIALIZING.with(|i| i.borrow_mut().pop());
    if let Some(spec) = &spec {
        let _ = vm.set_attr(spec, &initializing, Value::Bool(false));
    }
    if let Err(e) = r {
        let _ = dict::remove_str(&vm.modules, &vm.intern(name));
        return Err(e);
    }
    // The module may have replaced itself in sys.modules.
    Ok(dict::get_str(&vm.modules, &vm.intern(name)).unwrap_or(Value::Obj(module)))
}

/// The absolute name of a relative import (`level` leading dots) made from `globals`.
fn resolve_name(vm: &Vm, name: &str, level: usize, globals: &ObjRef) -> PyResult<String> {
    let package = match dict::get_str(globals, &vm.names.__package__) {
        Some(Value::Obj(p)) if p.payload.as_str().is_some() => pystr::as_rust_str(&p).to_string(),
        _ => {
            let module_name = dict::get_str(globals, &vm.names.__name__)
                .map(|n| vm.str_string(&n))
                .transpose()?
                .unwrap_or_default();
            if dict::get_str(globals, &vm.intern("__path__")).is_some() {
                module_name
            } else {
                module_name
                    .rsplit_once('.')
                    .map(|(p, _)| p.to_string())
                    .unwrap_or_default()
            }
        }
    };
    if package.is_empty() {
        return Err(vm.new_exception_msg(
            &vm.exc.import_error,
            "attempted relative import with no known parent package",
        ));
    }
    let mut parts: Vec<&str> = package.split('.').collect();
    if level > parts.len() {
        return Err(vm.new_exception_msg(
            &vm.exc.import_error,
            "attempted relative import beyond top-level package",
        ));
    }
    parts.truncate(parts.len() + 1 - level);
    let base = parts.join(".");
    Ok(if name.is_empty() {
        base
    } else {
        format!("{base}.{name}")
    })
}

pub fn import_name(
    vm: &Vm,
    name: &ObjRef,
    fromlist: &Value,
    level: &Value,
    globals: &ObjRef,
) -> PyResult<Value> {
    let given = pystr::as_rust_str(name).to_string();
    let level = match level {
        Value::Int(i) if *i > 0 => *i as usize,
        _ => 0,
    };
    let full = if level > 0 {
        resolve_name(vm, &given, level, globals)?
    } else {
        given.clone()
    };
    let m = import_module(vm, &full)?;
    let empty_fromlist = fromlist.is_none()
        || matches!(fromlist, Value::Obj(t) if t.payload.as_tuple().map(|t| t.is_empty()).unwrap_or(false));
    if empty_fromlist {
        // `import a.b.c` binds `a`.
        if level == 0 {
            if let Some(top) = full.split('.').next() {
                if top != full {
                    return import_module(vm, top);
                }
            }
        }
        return Ok(m);
    }
    // `from package import submodule`: import submodules not yet attributes.
    if module_attr_opt(vm, &m, &vm.intern("__path__"))?.is_some() {
        for item in vm.collect(fromlist)? {
            let item_name = vm.str_string(&item)?;
            if item_name == "*" {
                continue;
            }
            if module_attr_opt(vm, &m, &vm.intern(&item_name))?.is_none() {
                match import_module(vm, &format!("{full}.{item_name}")) {
                    Ok(_) => {}
                    Err(e) if vm.exc_matches(&e, &vm.exc.module_not_found_error) => {}
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(m)
}

/// `vm.get_attr_opt(m, name)` for the checks of `from package import name`: on a plain
/// module (no `__getattr__`, a name the module type does not define) the module's dict
/// answers, without making the AttributeError of a missing attribute (a package's
/// submodules are missing until imported).
fn module_attr_opt(vm: &Vm, m: &Value, name: &ObjRef) -> PyResult<Option<Value>> {
    if let Value::Obj(o) = m {
        if o.class().is(&vm.types.module) && lookup(o.class(), name).is_none() {
            if let Some(d) = o.dict() {
                if let Some(v) = dict::get_str(&d, name) {
                    return Ok(Some(v));
                }
                if dict::get_str(&d, &vm.names.__getattr__).is_none() {
                    return Ok(None);
                }
            }
        }
    }
    vm.get_attr_opt(m, name)
}

thread_local! {
    /// Names of the modules whose bodies are running (partially initialized).
    static INITIALIZING: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Whether module `name` (its `__spec__`, when it has one) is still running its body:
/// the native importer is running it (before importlib is loaded modules have no spec to
/// say so), or the spec's `_initializing` is true (CPython's
/// `_PyModuleSpec_IsInitializing`; errors count as false).
pub fn module_initializing(vm: &Vm, name: &str, spec: Option<Value>) -> bool {
    if INITIALIZING.with(|i| i.borrow().iter().any(|n| n == name)) {
        return true;
    }
    match spec {
        Some(spec) if !spec.is_none() => {
            match vm.get_attr_opt(&spec, &vm.intern("_initializing")) {
                Ok(Some(v)) => vm.is_true(&v).unwrap_or(false),
                _ => false,
            }
        }
        _ => false,
    }
}

pub fn import_from(vm: &Vm, m: &Value, name: &ObjRef) -> PyResult<Value> {
    match vm.get_attr_opt(m, name)? {
        Some(v) => Ok(v),
        None => {
            let pkgname = vm.get_attr_opt(m, &vm.names.__name__)?;
            // A circular relative import: the submodule is in sys.modules before it is
            // bound on its package (CPython's fallback, issue #17636).
            if let Some(Value::Obj(p)) = &pkgname {
                if p.payload.as_str().is_some() {
                    let full = format!("{}.{}", pystr::as_rust_str(p), pystr::as_rust_str(name));
                    if let Some(sub) = dict::get_str(&vm.modules, &vm.intern(&full)) {
                        return Ok(sub);
                    }
                }
            }
            let mname = pkgname
                .map(|n| vm.str_string(&n))
                .transpose()?
                .unwrap_or_else(|| "<unknown module name>".into());
            let location = match vm.get_attr_opt(m, &vm.intern("__file__"))? {
                Some(f) if !f.is_none() => vm.str_string(&f)?,
                _ => "unknown location".to_string(),
            };
            let spec = vm.get_attr_opt(m, &vm.intern("__spec__")).ok().flatten();
            let initializing = module_initializing(vm, &mname, spec);
            let what = if initializing && location != "unknown location" {
                format!(
                    "partially initialized module '{mname}' (most likely due to a circular import)"
                )
            } else {
                format!("'{mname}'")
            };
            let e = vm.new_exception_msg(
                &vm.exc.import_error,
                format!(
                    "cannot import name '{}' from {what} ({location})",
                    pystr::as_rust_str(name)
                ),
            );
            vm.set_exc_attr(&e, &vm.names.name, vm.new_str(mname));
            Err(e)
        }
    }
}

pub fn import_star(vm: &Vm, m: &Value, locals: &Value) -> PyResult<()> {
    let d = match m.as_obj().and_then(|o| o.dict()) {
        Some(d) => d,
        None => return Ok(()),
    };
    let names: Vec<Value> = match dict::get_str(&d, &vm.names.__all__) {
        Some(all) => vm.collect(&all)?,
        None => dict::table(&d)
            .borrow()
            .keys()
            .into_iter()
            .filter(|k| {
                !k.as_obj()
                    .map(pystr::as_rust_str)
                    .unwrap_or_default()
                    .starts_with('_')
            })
            .collect(),
    };
    for n in names {
        let name = crate::objects::object::attr_name(vm, Some(&n))?;
        let v = vm.get_attr(m, &name)?;
        vm.setitem(locals, &n, v)?;
    }
    Ok(())
}
