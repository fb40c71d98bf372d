//! Import of built-in (native) modules through `sys.modules` and the native registry.

use crate::memory::ObjRef;
use crate::objects::{dict, str as pystr};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

pub fn import_module(vm: &Vm, name: &str) -> PyResult<Value> {
    if let Some(m) = dict::get_str(&vm.modules, &vm.intern(name)) {
        return Ok(m);
    }
    let init = vm.native_modules.borrow().get(name).copied();
    match init {
        Some(init) => {
            let m = init(vm)?;
            dict::set_str(&vm.modules, &vm.intern(name), Value::Obj(m.clone()));
            Ok(Value::Obj(m))
        }
        None => {
            let e = vm.new_exception_msg(
                &vm.exc.module_not_found_error,
                format!("No module named '{name}'"),
            );
            vm.set_exc_attr(&e, &vm.names.name, vm.new_str(name));
            Err(e)
        }
    }
}

pub fn import_name(
    vm: &Vm,
    name: &ObjRef,
    fromlist: &Value,
    _level: &Value,
    _globals: &ObjRef,
) -> PyResult<Value> {
    let full = pystr::as_rust_str(name);
    let m = import_module(vm, &full)?;
    if fromlist.is_none()
        || matches!(fromlist, Value::Obj(t) if t.payload.as_tuple().map(|t| t.is_empty()).unwrap_or(false))
    {
        if let Some(top) = full.split('.').next() {
            if top != full {
                return import_module(vm, top);
            }
        }
    }
    Ok(m)
}

pub fn import_from(vm: &Vm, m: &Value, name: &ObjRef) -> PyResult<Value> {
    match vm.get_attr_opt(m, name)? {
        Some(v) => Ok(v),
        None => {
            let mname = vm
                .get_attr_opt(m, &vm.names.__name__)?
                .map(|n| vm.str_string(&n))
                .transpose()?
                .unwrap_or_else(|| "<unknown module name>".into());
            let e = vm.new_exception_msg(
                &vm.exc.import_error,
                format!(
                    "cannot import name '{}' from '{mname}' (unknown location)",
                    pystr::as_rust_str(name)
                ),
            );
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
