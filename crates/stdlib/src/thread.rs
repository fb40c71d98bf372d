//! The `_thread` module, for a pyrs that does not run threads yet: locks, re-entrant
//! locks, thread identity and `_local` work as they do in a single-threaded CPython
//! program; starting a thread, or blocking forever on a lock no other thread could
//! release, raises a RuntimeError that says threads are not built yet (the GIL and
//! real threads are their own issue).

use std::cell::Cell;
use std::time::Duration;

use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::NativeData;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::util::{bind, cls_arg, this};

/// `_thread.lock`.
struct Lock {
    locked: Cell<bool>,
}

impl NativeData for Lock {}

/// `_thread.RLock`: an owner (this thread, once acquired) and a recursion count.
struct RLock {
    count: Cell<u64>,
}

impl NativeData for RLock {}

fn not_built(vm: &Vm, what: &str) -> ObjRef {
    vm.runtime_error(format!("pyrs: {what}: threads are not built yet"))
}

/// The (blocking, timeout) arguments of `acquire`, checked as CPython checks them.
fn acquire_args(vm: &Vm, args: &Args, name: &str) -> PyResult<(bool, f64)> {
    let p = bind(
        vm,
        name,
        &crate::util::rest(args),
        &["blocking", "timeout"],
        0,
    )?;
    let blocking = match &p[0] {
        Some(v) => vm.is_true(v)?,
        None => true,
    };
    let timeout = match &p[1] {
        Some(v) => crate::util::to_f64(vm, v)?,
        None => -1.0,
    };
    if !blocking && timeout != -1.0 {
        return Err(vm.value_error("can't specify a timeout for a non-blocking call"));
    }
    if timeout < 0.0 && timeout != -1.0 {
        return Err(vm.value_error("timeout value must be a non-negative number"));
    }
    Ok((blocking, timeout))
}

/// Wait for a lock held by this (only) thread: nothing can release it.
fn wait_held(vm: &Vm, blocking: bool, timeout: f64) -> PyResult<Value> {
    if !blocking {
        return Ok(Value::Bool(false));
    }
    if timeout >= 0.0 {
        std::thread::sleep(Duration::from_secs_f64(timeout.min(1e9)));
        return Ok(Value::Bool(false));
    }
    Err(not_built(
        vm,
        "acquiring a held lock would wait forever for another thread",
    ))
}

fn lock_type(vm: &Vm) -> PyResult<ObjRef> {
    let m = pyrs_vm::import::import_module(vm, "_thread")?;
    match vm.get_attr_str(&m, "LockType")? {
        Value::Obj(t) => Ok(t),
        _ => Err(vm.runtime_error("_thread.LockType is missing")),
    }
}

fn allocate_lock(vm: &Vm, _args: Args) -> PyResult<Value> {
    let t = lock_type(vm)?;
    Ok(Value::Obj(vm.new_native_object(
        &t,
        Lock {
            locked: Cell::new(false),
        },
    )))
}

fn lock_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        Lock {
            locked: Cell::new(false),
        },
    )))
}

fn lock_acquire(vm: &Vm, args: Args) -> PyResult<Value> {
    let (blocking, timeout) = acquire_args(vm, &args, "acquire")?;
    let l: &Lock = this(vm, &args, "_thread.lock")?;
    if !l.locked.get() {
        l.locked.set(true);
        return Ok(Value::Bool(true));
    }
    wait_held(vm, blocking, timeout)
}

fn lock_release(vm: &Vm, args: Args) -> PyResult<Value> {
    let l: &Lock = this(vm, &args, "_thread.lock")?;
    if !l.locked.get() {
        return Err(vm.runtime_error("release unlocked lock"));
    }
    l.locked.set(false);
    Ok(Value::None)
}

fn lock_exit(vm: &Vm, args: Args) -> PyResult<Value> {
    lock_release(vm, Args::new(&args.args[..1]))
}

fn lock_locked(vm: &Vm, args: Args) -> PyResult<Value> {
    let l: &Lock = this(vm, &args, "_thread.lock")?;
    Ok(Value::Bool(l.locked.get()))
}

fn lock_at_fork_reinit(vm: &Vm, args: Args) -> PyResult<Value> {
    let l: &Lock = this(vm, &args, "_thread.lock")?;
    l.locked.set(false);
    Ok(Value::None)
}

fn lock_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let l: &Lock = this(vm, &args, "_thread.lock")?;
    let id = match &args.args[0] {
        Value::Obj(o) => o.id(),
        _ => 0,
    };
    let state = if l.locked.get() { "locked" } else { "unlocked" };
    Ok(vm.new_str(format!("<{state} _thread.lock object at {id:#x}>")))
}

fn rlock_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        RLock {
            count: Cell::new(0),
        },
    )))
}

fn rlock_acquire(vm: &Vm, args: Args) -> PyResult<Value> {
    acquire_args(vm, &args, "acquire")?;
    let r: &RLock = this(vm, &args, "_thread.RLock")?;
    // Only this thread exists, so it owns the lock whenever it is held.
    r.count.set(r.count.get() + 1);
    Ok(Value::Bool(true))
}

fn rlock_release(vm: &Vm, args: Args) -> PyResult<Value> {
    let r: &RLock = this(vm, &args, "_thread.RLock")?;
    if r.count.get() == 0 {
        return Err(vm.runtime_error("cannot release un-acquired lock"));
    }
    r.count.set(r.count.get() - 1);
    Ok(Value::None)
}

fn rlock_exit(vm: &Vm, args: Args) -> PyResult<Value> {
    rlock_release(vm, Args::new(&args.args[..1]))
}

fn rlock_is_owned(vm: &Vm, args: Args) -> PyResult<Value> {
    let r: &RLock = this(vm, &args, "_thread.RLock")?;
    Ok(Value::Bool(r.count.get() > 0))
}

fn rlock_release_save(vm: &Vm, args: Args) -> PyResult<Value> {
    let r: &RLock = this(vm, &args, "_thread.RLock")?;
    if r.count.get() == 0 {
        return Err(vm.runtime_error("cannot release un-acquired lock"));
    }
    let n = r.count.replace(0);
    Ok(vm.new_tuple(vec![Value::Int(n as i64), Value::Int(get_ident_value())]))
}

fn rlock_acquire_restore(vm: &Vm, args: Args) -> PyResult<Value> {
    let r: &RLock = this(vm, &args, "_thread.RLock")?;
    let state = args.args.get(1).cloned().unwrap_or(Value::None);
    let items = vm.collect(&state)?;
    let n = match items.first() {
        Some(Value::Int(n)) => *n as u64,
        _ => 1,
    };
    r.count.set(n);
    Ok(Value::None)
}

fn rlock_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let r: &RLock = this(vm, &args, "_thread.RLock")?;
    let id = match &args.args[0] {
        Value::Obj(o) => o.id(),
        _ => 0,
    };
    let n = r.count.get();
    let (state, owner) = if n > 0 {
        ("locked", get_ident_value())
    } else {
        ("unlocked", 0)
    };
    let name = vm.type_name(&args.args[0]);
    Ok(vm.new_str(format!(
        "<{state} _thread.{name} object owner={owner} count={n} at {id:#x}>"
    )))
}

/// This thread's identifier (the same number for the life of the process).
fn get_ident_value() -> i64 {
    (std::process::id() as i64) << 16 | 1
}

fn get_ident(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(get_ident_value()))
}

fn get_native_id(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(std::process::id() as i64))
}

fn count(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(0))
}

fn start_new_thread(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(not_built(vm, "_thread.start_new_thread"))
}

fn interrupt_main(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(not_built(vm, "_thread.interrupt_main"))
}

fn stack_size(vm: &Vm, args: Args) -> PyResult<Value> {
    match args.pos().first() {
        None => Ok(Value::Int(0)),
        Some(v) => {
            let n = crate::util::to_isize(vm, v)?;
            if n != 0 && n < 32768 {
                return Err(vm.value_error("size not valid: 32768 bytes"));
            }
            Ok(Value::Int(0))
        }
    }
}

fn set_sentinel(vm: &Vm, _args: Args) -> PyResult<Value> {
    allocate_lock(vm, Args::new(&[]))
}

fn local_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let o = pyrs_vm::objects::object::new_instance(vm, &cls);
    if o.dict().is_none() {
        o.set_dict(Some(vm.new_dict_obj()));
    }
    Ok(Value::Obj(o))
}

/// Build the module.
pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_thread");
    let lock = vm.new_native_type("_thread", "lock", None, false, false);
    vm.add_static(&lock, "__new__", lock_new);
    for (name, f) in [
        ("acquire", lock_acquire as pyrs_vm::object::NativeFn),
        ("acquire_lock", lock_acquire),
        ("__enter__", lock_acquire),
        ("release", lock_release),
        ("release_lock", lock_release),
        ("__exit__", lock_exit),
        ("locked", lock_locked),
        ("locked_lock", lock_locked),
        ("_at_fork_reinit", lock_at_fork_reinit),
        ("__repr__", lock_repr),
    ] {
        vm.add_method(&lock, name, f);
    }
    let rlock = vm.new_native_type("_thread", "RLock", None, true, false);
    vm.add_static(&rlock, "__new__", rlock_new);
    for (name, f) in [
        ("acquire", rlock_acquire as pyrs_vm::object::NativeFn),
        ("__enter__", rlock_acquire),
        ("release", rlock_release),
        ("__exit__", rlock_exit),
        ("_is_owned", rlock_is_owned),
        ("_release_save", rlock_release_save),
        ("_acquire_restore", rlock_acquire_restore),
        ("__repr__", rlock_repr),
    ] {
        vm.add_method(&rlock, name, f);
    }
    let local = vm.new_native_type("_thread", "_local", None, true, true);
    vm.add_static(&local, "__new__", local_new);
    let d = m
        .dict()
        .ok_or_else(|| vm.runtime_error("module without a dict"))?;
    let set = |name: &str, v: Value| pyrs_vm::objects::dict::set_str(&d, &vm.intern(name), v);
    set("LockType", Value::Obj(lock.clone()));
    set("lock", Value::Obj(lock));
    set("RLock", Value::Obj(rlock));
    set("_local", Value::Obj(local));
    set("error", Value::Obj(vm.exc.runtime_error.clone()));
    set("TIMEOUT_MAX", Value::Float(9223372036.0));
    for (name, f) in [
        ("allocate_lock", allocate_lock as pyrs_vm::object::NativeFn),
        ("allocate", allocate_lock),
        ("get_ident", get_ident),
        ("get_native_id", get_native_id),
        ("_count", count),
        ("start_new_thread", start_new_thread),
        ("start_new", start_new_thread),
        ("interrupt_main", interrupt_main),
        ("stack_size", stack_size),
        ("_set_sentinel", set_sentinel),
    ] {
        vm.add_module_fn(&m, name, f);
    }
    Ok(m)
}
