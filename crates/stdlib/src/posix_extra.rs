//! More of the `posix` module (added to it by `posix::init`): fork hooks
//! (`register_at_fork`, run around `fork` and `_posixsubprocess.fork_exec`), ownership
//! (`chown`/`lchown`/`fchown`), `statvfs`/`fstatvfs`, `getrandom`, `sched_getaffinity`,
//! `waitid`, and a few process calls Lib uses.

use std::cell::RefCell;

use pyrs_vm::memory::ObjRef;
use pyrs_vm::objects::dict;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::posix::{os_error, parse_args, path_arg};
use crate::structseq;

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn int_arg(vm: &Vm, v: &Value) -> PyResult<i32> {
    let i = vm.to_index(v)?;
    i32::try_from(i).map_err(|_| {
        vm.overflow_error(if i > 0 {
            "signed integer is greater than maximum"
        } else {
            "signed integer is less than minimum"
        })
    })
}

// ----- fork hooks --------------------------------------------------------------------------

#[derive(Default)]
struct ForkHooks {
    before: Vec<Value>,
    after_in_child: Vec<Value>,
    after_in_parent: Vec<Value>,
}

thread_local! {
    static HOOKS: RefCell<ForkHooks> = RefCell::new(ForkHooks::default());
    static TYPES: RefCell<Option<(ObjRef, ObjRef)>> = const { RefCell::new(None) };
}

fn posix_register_at_fork(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(
        vm,
        &args,
        "register_at_fork",
        &["before", "after_in_child", "after_in_parent"],
        0,
        0,
    )?;
    if a.iter().all(|v| v.is_none()) {
        return Err(vm.type_error("At least one argument is required."));
    }
    let names = ["before", "after_in_child", "after_in_parent"];
    for (v, name) in a.iter().zip(names) {
        if let Some(v) = v {
            if !vm.is_callable(v) {
                return Err(vm.type_error(format!(
                    "'{name}' must be callable, not {}",
                    vm.type_name(v)
                )));
            }
        }
    }
    HOOKS.with(|h| {
        let mut h = h.borrow_mut();
        if let Some(v) = &a[0] {
            h.before.push(v.clone());
        }
        if let Some(v) = &a[1] {
            h.after_in_child.push(v.clone());
        }
        if let Some(v) = &a[2] {
            h.after_in_parent.push(v.clone());
        }
    });
    Ok(Value::None)
}

fn run_hooks(vm: &Vm, hooks: Vec<Value>) {
    for f in hooks {
        if let Err(e) = vm.call(&f, Args::new(&[])) {
            pyrs_vm::gc::write_unraisable(vm, &e, None, Some(&f));
        }
    }
}

/// Before fork: the `before` hooks, last registered first.
pub fn run_before_fork(vm: &Vm) {
    let hooks: Vec<Value> = HOOKS.with(|h| h.borrow().before.iter().rev().cloned().collect());
    run_hooks(vm, hooks);
}

/// In the child after fork: the `after_in_child` hooks in registration order.
pub fn run_after_fork_child(vm: &Vm) {
    let hooks = HOOKS.with(|h| h.borrow().after_in_child.clone());
    run_hooks(vm, hooks);
}

/// In the parent after fork: the `after_in_parent` hooks in registration order.
pub fn run_after_fork_parent(vm: &Vm) {
    let hooks = HOOKS.with(|h| h.borrow().after_in_parent.clone());
    run_hooks(vm, hooks);
}

// ----- ownership --------------------------------------------------------------------------

fn id_arg(vm: &Vm, v: &Value, what: &str) -> PyResult<u32> {
    let i = vm.to_index(v)?;
    if i == -1 {
        return Ok(u32::MAX);
    }
    u32::try_from(i).map_err(|_| {
        vm.overflow_error(if i < 0 {
            format!("{what} is less than minimum")
        } else {
            format!("{what} is greater than maximum")
        })
    })
}

fn chown_common(vm: &Vm, args: Args, fname: &str, follow_default: bool) -> PyResult<Value> {
    let names: &[&str] = if fname == "chown" {
        &["path", "uid", "gid", "dir_fd", "follow_symlinks"]
    } else {
        &["path", "uid", "gid", "dir_fd"]
    };
    let a = parse_args(vm, &args, fname, names, 3, 3)?;
    let p = path_arg(
        vm,
        a[0].as_ref().unwrap_or(&Value::None),
        fname,
        "path",
        fname == "chown",
    )?;
    let uid = id_arg(vm, a[1].as_ref().unwrap_or(&Value::None), "uid")?;
    let gid = id_arg(vm, a[2].as_ref().unwrap_or(&Value::None), "gid")?;
    let dir_fd = match a.get(3).cloned().flatten() {
        None | Some(Value::None) => libc::AT_FDCWD,
        Some(v) => int_arg(vm, &v)?,
    };
    let follow = match a.get(4).cloned().flatten() {
        Some(v) => vm.is_true(&v)?,
        None => follow_default,
    };
    let r = if let Some(fd) = p.fd {
        // SAFETY: fchown on a descriptor.
        unsafe { libc::fchown(fd, uid, gid) }
    } else {
        let path = p.path.as_ref().map_or(std::ptr::null(), |c| c.as_ptr());
        let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
        // SAFETY: a NUL-terminated path.
        unsafe { libc::fchownat(dir_fd, path, uid, gid, flags) }
    };
    if r < 0 {
        return Err(os_error(vm, errno(), Some(&p.object), None));
    }
    Ok(Value::None)
}

fn posix_chown(vm: &Vm, args: Args) -> PyResult<Value> {
    chown_common(vm, args, "chown", true)
}

fn posix_lchown(vm: &Vm, args: Args) -> PyResult<Value> {
    chown_common(vm, args, "lchown", false)
}

fn posix_fchown(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "fchown", &["fd", "uid", "gid"], 3, 3)?;
    let fd = int_arg(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let uid = id_arg(vm, a[1].as_ref().unwrap_or(&Value::None), "uid")?;
    let gid = id_arg(vm, a[2].as_ref().unwrap_or(&Value::None), "gid")?;
    // SAFETY: fchown on a descriptor.
    if unsafe { libc::fchown(fd, uid, gid) } < 0 {
        return Err(os_error(vm, errno(), None, None));
    }
    Ok(Value::None)
}

// ----- statvfs ------------------------------------------------------------------------------

fn types(vm: &Vm) -> (ObjRef, ObjRef) {
    if let Some(t) = TYPES.with(|t| t.borrow().clone()) {
        return t;
    }
    let statvfs = structseq::new_type(
        vm,
        "os",
        "statvfs_result",
        &[
            "f_bsize",
            "f_frsize",
            "f_blocks",
            "f_bfree",
            "f_bavail",
            "f_files",
            "f_ffree",
            "f_favail",
            "f_flag",
            "f_namemax",
            "f_fsid",
        ],
        10,
    );
    let waitid = structseq::new_type(
        vm,
        "posix",
        "waitid_result",
        &["si_pid", "si_uid", "si_signo", "si_status", "si_code"],
        5,
    );
    let t = (statvfs, waitid);
    TYPES.with(|c| *c.borrow_mut() = Some(t.clone()));
    t
}

fn statvfs_value(vm: &Vm, st: &libc::statvfs) -> Value {
    let u = |x: u64| match i64::try_from(x) {
        Ok(i) => Value::Int(i),
        Err(_) => vm.new_bigint(num_bigint::BigInt::from(x)),
    };
    let values = vec![
        u(st.f_bsize),
        u(st.f_frsize),
        u(st.f_blocks),
        u(st.f_bfree),
        u(st.f_bavail),
        u(st.f_files),
        u(st.f_ffree),
        u(st.f_favail),
        u(st.f_flag),
        u(st.f_namemax),
        u(st.f_fsid),
    ];
    structseq::new_instance(vm, &types(vm).0, values)
}

fn posix_statvfs(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "statvfs", &["path"], 1, 1)?;
    let p = path_arg(
        vm,
        a[0].as_ref().unwrap_or(&Value::None),
        "statvfs",
        "path",
        true,
    )?;
    // SAFETY: a zeroed statvfs is a valid plain C struct.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    let r = if let Some(fd) = p.fd {
        // SAFETY: `st` is writable.
        unsafe { libc::fstatvfs(fd, &mut st) }
    } else {
        let path = p.path.as_ref().map_or(std::ptr::null(), |c| c.as_ptr());
        // SAFETY: a NUL-terminated path; `st` is writable.
        unsafe { libc::statvfs(path, &mut st) }
    };
    if r < 0 {
        return Err(os_error(vm, errno(), Some(&p.object), None));
    }
    Ok(statvfs_value(vm, &st))
}

fn posix_fstatvfs(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = crate::util::pos_only(vm, "fstatvfs", &args, 1, 1)?;
    let fd = int_arg(vm, &a[0])?;
    // SAFETY: a zeroed statvfs is a valid plain C struct.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is writable.
    if unsafe { libc::fstatvfs(fd, &mut st) } < 0 {
        return Err(os_error(vm, errno(), None, None));
    }
    Ok(statvfs_value(vm, &st))
}

// ----- randomness, CPUs, waiting --------------------------------------------------------------

fn posix_getrandom(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "getrandom", &["size", "flags"], 2, 1)?;
    let size = crate::util::to_isize(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let flags = match &a[1] {
        Some(v) => int_arg(vm, v)?,
        None => 0,
    };
    if size < 0 {
        return Err(os_error(vm, libc::EINVAL, None, None));
    }
    let mut buf = vec![0u8; size as usize];
    loop {
        // SAFETY: `buf` is writable for its length.
        let n = unsafe { libc::getrandom(buf.as_mut_ptr().cast(), buf.len(), flags as u32) };
        if n < 0 {
            if errno() == libc::EINTR {
                pyrs_vm::signals::check(vm)?;
                continue;
            }
            return Err(os_error(vm, errno(), None, None));
        }
        buf.truncate(n as usize);
        return Ok(vm.new_bytes(buf));
    }
}

fn posix_sched_getaffinity(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = crate::util::pos_only(vm, "sched_getaffinity", &args, 1, 1)?;
    let pid = int_arg(vm, &a[0])?;
    // SAFETY: a zeroed cpu_set_t is the empty set.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    // SAFETY: `set` is writable for its size.
    let r =
        unsafe { libc::sched_getaffinity(pid, std::mem::size_of::<libc::cpu_set_t>(), &mut set) };
    if r < 0 {
        return Err(os_error(vm, errno(), None, None));
    }
    let mut cpus = Vec::new();
    for cpu in 0..libc::CPU_SETSIZE as usize {
        // SAFETY: `set` is an initialised cpu_set_t.
        if unsafe { libc::CPU_ISSET(cpu, &set) } {
            cpus.push(Value::Int(cpu as i64));
        }
    }
    vm.call(
        &Value::Obj(vm.types.set.clone()),
        Args::new(&[vm.new_list(cpus)]),
    )
}

fn posix_waitid(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = crate::util::pos_only(vm, "waitid", &args, 3, 3)?;
    let idtype = int_arg(vm, &a[0])?;
    let id = vm.to_index(&a[1])?;
    let options = int_arg(vm, &a[2])?;
    loop {
        // SAFETY: a zeroed siginfo_t is valid and writable.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: `info` is writable.
        let r = unsafe {
            libc::waitid(
                idtype as libc::idtype_t,
                id as libc::id_t,
                &mut info,
                options,
            )
        };
        if r < 0 {
            if errno() == libc::EINTR {
                pyrs_vm::signals::check(vm)?;
                continue;
            }
            return Err(os_error(vm, errno(), None, None));
        }
        // SAFETY: waitid filled the SIGCHLD fields of `info` (or left it zeroed).
        let (pid, uid, status) = unsafe { (info.si_pid(), info.si_uid(), info.si_status()) };
        if pid == 0 {
            return Ok(Value::None);
        }
        return Ok(structseq::new_instance(
            vm,
            &types(vm).1,
            vec![
                Value::Int(i64::from(pid)),
                Value::Int(i64::from(uid)),
                Value::Int(i64::from(info.si_signo)),
                Value::Int(i64::from(status)),
                Value::Int(i64::from(info.si_code)),
            ],
        ));
    }
}

fn posix_setpgid(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = crate::util::pos_only(vm, "setpgid", &args, 2, 2)?;
    let pid = int_arg(vm, &a[0])?;
    let pgrp = int_arg(vm, &a[1])?;
    // SAFETY: no pointer arguments.
    if unsafe { libc::setpgid(pid, pgrp) } < 0 {
        return Err(os_error(vm, errno(), None, None));
    }
    Ok(Value::None)
}

fn posix_sched_yield(vm: &Vm, args: Args) -> PyResult<Value> {
    crate::util::pos_only(vm, "sched_yield", &args, 0, 0)?;
    // SAFETY: no preconditions.
    unsafe { libc::sched_yield() };
    Ok(Value::None)
}

fn posix_nice(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = crate::util::pos_only(vm, "nice", &args, 1, 1)?;
    let inc = int_arg(vm, &a[0])?;
    // SAFETY: errno is reset to tell -1 results from errors, as CPython does.
    unsafe { *libc::__errno_location() = 0 };
    // SAFETY: no pointer arguments.
    let r = unsafe { libc::nice(inc) };
    if r == -1 && errno() != 0 {
        return Err(os_error(vm, errno(), None, None));
    }
    Ok(Value::Int(i64::from(r)))
}

/// Add these functions (and the struct sequence types) to the `posix` module.
pub fn add_to(vm: &Vm, m: &ObjRef) -> PyResult<()> {
    let fns: &[(&'static str, pyrs_vm::object::NativeFn)] = &[
        ("register_at_fork", posix_register_at_fork),
        ("chown", posix_chown),
        ("lchown", posix_lchown),
        ("fchown", posix_fchown),
        ("statvfs", posix_statvfs),
        ("fstatvfs", posix_fstatvfs),
        ("getrandom", posix_getrandom),
        ("sched_getaffinity", posix_sched_getaffinity),
        ("waitid", posix_waitid),
        ("setpgid", posix_setpgid),
        ("sched_yield", posix_sched_yield),
        ("nice", posix_nice),
    ];
    for (name, f) in fns {
        vm.add_module_fn(m, name, *f);
    }
    let (statvfs, waitid) = types(vm);
    let d = m
        .dict()
        .ok_or_else(|| vm.type_error("module without a namespace"))?;
    dict::set_str(&d, &vm.intern("statvfs_result"), Value::Obj(statvfs));
    dict::set_str(&d, &vm.intern("waitid_result"), Value::Obj(waitid));
    if let Some(have) = dict::get_str(&d, &vm.intern("_have_functions")) {
        for name in [
            "HAVE_FCHOWN",
            "HAVE_FCHOWNAT",
            "HAVE_LCHOWN",
            "HAVE_FSTATVFS",
        ] {
            vm.call_method(&have, "append", &[vm.new_str(name)])?;
        }
    }
    Ok(())
}
