//! The `atexit` module: functions to call when the interpreter exits, last registered
//! first. The interpreter calls `_run_exitfuncs` at exit (after the main program, also
//! after an uncaught exception or SystemExit); a failing callback is reported as
//! "Exception ignored in atexit callback: <func>" and the others still run.

use std::cell::RefCell;

use pyrs_vm::memory::ObjRef;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

/// One registration: the function, its positional arguments, its keyword arguments.
struct Callback {
    func: Value,
    args: Vec<Value>,
    kwargs: Vec<(Value, Value)>,
}

thread_local! {
    /// Registered callbacks in registration order; an unregistered slot becomes None
    /// (so `_ncallbacks`, like CPython 3.11's, counts slots until `_clear` or a run).
    static CALLBACKS: RefCell<Vec<Option<Callback>>> = const { RefCell::new(Vec::new()) };
}

fn atexit_register(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    if pos.is_empty() {
        return Err(vm.type_error("register() takes at least 1 argument (0 given)"));
    }
    let func = pos[0].clone();
    if !vm.is_callable(&func) {
        return Err(vm.type_error("the first argument must be callable"));
    }
    let cb = Callback {
        func: func.clone(),
        args: pos[1..].to_vec(),
        kwargs: args.kwargs().map(|(k, v)| (k.clone(), v.clone())).collect(),
    };
    CALLBACKS.with(|c| c.borrow_mut().push(Some(cb)));
    Ok(func)
}

fn atexit_unregister(vm: &Vm, args: Args) -> PyResult<Value> {
    let func = crate::util::one_arg(vm, "atexit.unregister", &args)?.clone();
    // Compare with == (which may run Python code): take the functions out first.
    let funcs: Vec<(usize, Value)> = CALLBACKS.with(|c| {
        c.borrow()
            .iter()
            .enumerate()
            .filter_map(|(i, cb)| cb.as_ref().map(|cb| (i, cb.func.clone())))
            .collect()
    });
    for (i, f) in funcs {
        if vm.eq(&f, &func)? {
            let removed = CALLBACKS.with(|c| c.borrow_mut().get_mut(i).and_then(Option::take));
            drop(removed);
        }
    }
    Ok(Value::None)
}

/// Call every callback, last registered first, and forget them.
pub fn run_exitfuncs(vm: &Vm) {
    loop {
        let cb = CALLBACKS.with(|c| {
            let mut c = c.borrow_mut();
            loop {
                match c.pop() {
                    Some(Some(cb)) => return Some(cb),
                    Some(None) => continue,
                    None => return None,
                }
            }
        });
        let Some(cb) = cb else { break };
        let mut argv = cb.args.clone();
        let mut names = Vec::with_capacity(cb.kwargs.len());
        for (k, v) in &cb.kwargs {
            names.push(k.clone());
            argv.push(v.clone());
        }
        if let Err(e) = vm.call(&cb.func, Args::with_kw(&argv, &names)) {
            pyrs_vm::gc::write_unraisable(
                vm,
                &e,
                Some("Exception ignored in atexit callback"),
                Some(&cb.func),
            );
        }
    }
    CALLBACKS.with(|c| c.borrow_mut().clear());
}

fn atexit_run_exitfuncs(vm: &Vm, args: Args) -> PyResult<Value> {
    crate::util::pos_only(vm, "_run_exitfuncs", &args, 0, 0)?;
    run_exitfuncs(vm);
    Ok(Value::None)
}

fn atexit_clear(vm: &Vm, args: Args) -> PyResult<Value> {
    crate::util::pos_only(vm, "_clear", &args, 0, 0)?;
    let old = CALLBACKS.with(|c| std::mem::take(&mut *c.borrow_mut()));
    drop(old);
    Ok(Value::None)
}

fn atexit_ncallbacks(vm: &Vm, args: Args) -> PyResult<Value> {
    crate::util::pos_only(vm, "_ncallbacks", &args, 0, 0)?;
    Ok(Value::Int(CALLBACKS.with(|c| c.borrow().len()) as i64))
}

/// The exit hook the interpreter calls.
fn exit_hook(vm: &Vm) {
    run_exitfuncs(vm);
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("atexit");
    vm.add_module_fn(&m, "register", atexit_register);
    vm.add_module_fn(&m, "unregister", atexit_unregister);
    vm.add_module_fn(&m, "_run_exitfuncs", atexit_run_exitfuncs);
    vm.add_module_fn(&m, "_clear", atexit_clear);
    vm.add_module_fn(&m, "_ncallbacks", atexit_ncallbacks);
    pyrs_vm::interpreter::set_exit_hook(exit_hook);
    Ok(m)
}
