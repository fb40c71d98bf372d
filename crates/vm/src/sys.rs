//! The `sys` module (minimal for now): argv, path, modules, stdout/stderr, exit,
//! recursion limit, version information, implementation.

use std::io::Write;

use crate::objects::dict;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

pub fn get_sys_attr(vm: &Vm, name: &str) -> PyResult<Value> {
    dict::get_str(&vm.sys_dict, &vm.intern(name))
        .ok_or_else(|| vm.runtime_error(format!("lost sys.{name}")))
}

fn sys_exit(vm: &Vm, args: Args) -> PyResult<Value> {
    let code: Vec<Value> = args.pos().to_vec();
    Err(crate::objects::exceptions::new_exception_obj(
        vm,
        &vm.exc.system_exit,
        vm.new_tuple(code.clone()),
    ))
    .or_else(|e: crate::memory::ObjRef| {
        vm.set_exc_attr(
            &e,
            &vm.names.code,
            code.first().cloned().unwrap_or(Value::None),
        );
        Err(e)
    })
}

fn getrecursionlimit(vm: &Vm, _args: Args) -> PyResult<Value> {
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

fn exc_info(vm: &Vm, _args: Args) -> PyResult<Value> {
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

fn exception(vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.exc_info.get())
}

fn getrefcount(_vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(match args.pos().first() {
        Some(Value::Obj(o)) => o.refcount() as i64,
        _ => 1,
    }))
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
    vm.add_module_fn(&sys, "exception", exception);
    vm.add_module_fn(&sys, "getrefcount", getrefcount);
    vm.add_module_fn(&sys, "displayhook", displayhook);
    crate::pyc::init_sys(vm);
    dict::set_str(&vm.modules, &vm.intern("sys"), Value::Obj(sys));
    dict::set_str(
        &vm.modules,
        &vm.intern("builtins"),
        Value::Obj(vm.builtins.clone()),
    );
}
