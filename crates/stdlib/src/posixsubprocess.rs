//! The `_posixsubprocess` module: `fork_exec`, the fork-and-exec step of Lib's
//! `subprocess.Popen` on POSIX, with CPython 3.11's argument list.
//!
//! Everything the child needs (C strings, descriptor lists) is prepared before `fork`;
//! the child only makes system calls (and runs `preexec_fn` when one is given). A child
//! that fails before or at exec writes "ExceptionName:hexerrno:message" to the error
//! pipe and exits with status 255, as CPython's child does; the parent
//! (`subprocess.py`) reads the pipe and raises.

use std::ffi::CString;

use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::Payload;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::posix::{fs_encode, fspath_value};

/// `PyUnicode_FSConverter`: str (filesystem-encoded), bytes or os.PathLike as a C string.
pub fn fs_converter(vm: &Vm, v: &Value) -> PyResult<CString> {
    let p = fspath_value(vm, v)?.ok_or_else(|| {
        vm.type_error(format!(
            "expected str, bytes or os.PathLike object, not {}",
            vm.type_name(v)
        ))
    })?;
    let bytes = match &p {
        Value::Obj(o) => match &o.payload {
            Payload::Str(s) => fs_encode(vm, s, &p)?,
            Payload::Bytes(b) => b.to_vec(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    CString::new(bytes).map_err(|_| vm.value_error("embedded null byte"))
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

/// An optional uid/gid: None, or an int that fits.
fn id_arg(vm: &Vm, v: &Value) -> PyResult<Option<u32>> {
    if v.is_none() {
        return Ok(None);
    }
    let i = vm.to_index(v)?;
    u32::try_from(i)
        .map(Some)
        .map_err(|_| vm.overflow_error("uid/gid out of range"))
}

/// A list of C strings from a sequence (argv, executable_list, env).
fn cstring_seq(vm: &Vm, v: &Value, what: &str) -> PyResult<Vec<CString>> {
    let ok = matches!(v, Value::Obj(o) if o.payload.as_tuple().is_some() || o.payload.as_list().is_some());
    if !ok {
        return Err(vm.type_error(format!("{what} must be a tuple")));
    }
    let items = vm.collect(v)?;
    items.iter().map(|i| fs_converter(vm, i)).collect()
}

/// A NULL-terminated array of pointers into `strings` (which must outlive it).
fn ptr_array(strings: &[CString]) -> Vec<*const libc::c_char> {
    let mut v: Vec<*const libc::c_char> = strings.iter().map(|s| s.as_ptr()).collect();
    v.push(std::ptr::null());
    v
}

/// What the child does, prepared in the parent.
struct ChildPlan {
    argv: Vec<CString>,
    executables: Vec<CString>,
    env: Option<Vec<CString>>,
    cwd: Option<CString>,
    close_fds: bool,
    fds_to_keep: Vec<i32>,
    p2cread: i32,
    p2cwrite: i32,
    c2pread: i32,
    c2pwrite: i32,
    errread: i32,
    errwrite: i32,
    errpipe_read: i32,
    errpipe_write: i32,
    restore_signals: bool,
    call_setsid: bool,
    pgid_to_set: i32,
    gid: Option<u32>,
    extra_groups: Option<Vec<libc::gid_t>>,
    uid: Option<u32>,
    child_umask: i32,
    preexec_fn: Value,
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn write_all(fd: i32, b: &[u8]) {
    let mut off = 0;
    while off < b.len() {
        // SAFETY: writes from a valid slice.
        let r = unsafe { libc::write(fd, b[off..].as_ptr().cast(), b.len() - off) };
        if r <= 0 {
            if r < 0 && errno() == libc::EINTR {
                continue;
            }
            return;
        }
        off += r as usize;
    }
}

fn set_inheritable(fd: i32, inheritable: bool) -> Result<(), i32> {
    // SAFETY: fcntl on an int descriptor, no pointers.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFD);
        if flags < 0 {
            return Err(errno());
        }
        let new = if inheritable {
            flags & !libc::FD_CLOEXEC
        } else {
            flags | libc::FD_CLOEXEC
        };
        if new != flags && libc::fcntl(fd, libc::F_SETFD, new) < 0 {
            return Err(errno());
        }
    }
    Ok(())
}

/// Close every descriptor >= 3 not in `keep` (sorted).
fn close_open_fds(keep: &[i32]) {
    let mut start: u32 = 3;
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &k in keep {
        if k < 0 || (k as u32) < start {
            continue;
        }
        if k as u32 > start {
            ranges.push((start, k as u32 - 1));
        }
        start = k as u32 + 1;
    }
    ranges.push((start, u32::MAX));
    for (lo, hi) in ranges {
        // SAFETY: close_range has no pointer arguments; failure is handled below.
        let r = unsafe { libc::syscall(libc::SYS_close_range, lo, hi, 0) };
        if r != 0 {
            // Old kernels: close one by one up to the descriptor limit.
            // SAFETY: sysconf has no preconditions.
            let max = unsafe { libc::sysconf(libc::_SC_OPEN_MAX) };
            let max = if max < 0 { 1024 } else { max as u32 };
            for fd in lo..hi.min(max) {
                // SAFETY: closing a descriptor number; EBADF is harmless.
                unsafe { libc::close(fd as i32) };
            }
        }
    }
}

/// The child's work after fork. Never returns.
fn child_exec(vm: &Vm, plan: &ChildPlan) -> ! {
    let err = |saved: i32, reached_exec_stage: bool, msg: &str| {
        if saved != 0 {
            let s = format!(
                "OSError:{:x}:{}",
                saved,
                if reached_exec_stage { "" } else { "noexec" }
            );
            write_all(plan.errpipe_write, s.as_bytes());
        } else {
            write_all(plan.errpipe_write, b"SubprocessError:0:");
            write_all(plan.errpipe_write, msg.as_bytes());
        }
        // SAFETY: ends the child at once, without running Rust or Python clean-ups.
        unsafe { libc::_exit(255) }
    };
    macro_rules! posix_call {
        ($e:expr) => {
            // SAFETY: plain system calls on descriptors and prepared C strings.
            if unsafe { $e } < 0 {
                err(errno(), false, "");
            }
        };
    }
    // The descriptors to keep are made inheritable, except the error pipe.
    for &fd in &plan.fds_to_keep {
        if fd != plan.errpipe_write {
            if let Err(e) = set_inheritable(fd, true) {
                err(e, false, "");
            }
        }
    }
    // Close the parent's ends of the pipes.
    for fd in [plan.p2cwrite, plan.c2pread, plan.errread] {
        if fd != -1 {
            posix_call!(libc::close(fd));
        }
    }
    posix_call!(libc::close(plan.errpipe_read));
    // Standard descriptors: dup out of the way so that later dup2s do not clobber them.
    let mut c2pwrite = plan.c2pwrite;
    if c2pwrite == 0 {
        // SAFETY: dup of a descriptor.
        c2pwrite = unsafe { libc::dup(c2pwrite) };
        if c2pwrite < 0 {
            err(errno(), false, "");
        }
        let _ = set_inheritable(c2pwrite, false);
    }
    let mut errwrite = plan.errwrite;
    while errwrite == 0 || errwrite == 1 {
        // SAFETY: dup of a descriptor.
        errwrite = unsafe { libc::dup(errwrite) };
        if errwrite < 0 {
            err(errno(), false, "");
        }
        let _ = set_inheritable(errwrite, false);
    }
    for (fd, target) in [(plan.p2cread, 0), (c2pwrite, 1), (errwrite, 2)] {
        if fd == target {
            if let Err(e) = set_inheritable(fd, true) {
                err(e, false, "");
            }
        } else if fd != -1 {
            posix_call!(libc::dup2(fd, target));
        }
    }
    if let Some(cwd) = &plan.cwd {
        posix_call!(libc::chdir(cwd.as_ptr()));
    }
    if plan.child_umask >= 0 {
        // SAFETY: umask has no preconditions.
        unsafe { libc::umask(plan.child_umask as libc::mode_t) };
    }
    if plan.restore_signals {
        pyrs_vm::signals::set_disposition(libc::SIGPIPE, libc::SIG_DFL);
        pyrs_vm::signals::set_disposition(libc::SIGXFSZ, libc::SIG_DFL);
    }
    if plan.call_setsid {
        posix_call!(libc::setsid());
    }
    if plan.pgid_to_set >= 0 {
        posix_call!(libc::setpgid(0, plan.pgid_to_set));
    }
    if let Some(groups) = &plan.extra_groups {
        posix_call!(libc::setgroups(groups.len(), groups.as_ptr()));
    }
    if let Some(gid) = plan.gid {
        posix_call!(libc::setregid(gid, gid));
    }
    if let Some(uid) = plan.uid {
        posix_call!(libc::setreuid(uid, uid));
    }
    if !plan.preexec_fn.is_none() && vm.call(&plan.preexec_fn, Args::new(&[])).is_err() {
        err(0, true, "Exception occurred in preexec_fn.");
    }
    if plan.close_fds {
        close_open_fds(&plan.fds_to_keep);
    }
    // exec each candidate; remember the first error that is not "not found".
    let argv = ptr_array(&plan.argv);
    let envp = plan.env.as_ref().map(|e| ptr_array(e));
    let mut saved = 0;
    for exe in &plan.executables {
        // SAFETY: NULL-terminated arrays of valid C strings that outlive the call.
        unsafe {
            match &envp {
                Some(envp) => libc::execve(exe.as_ptr(), argv.as_ptr(), envp.as_ptr()),
                None => libc::execv(exe.as_ptr(), argv.as_ptr()),
            };
        }
        let e = errno();
        if e != libc::ENOENT && e != libc::ENOTDIR && saved == 0 {
            saved = e;
        }
    }
    if saved == 0 {
        saved = errno();
    }
    err(saved, true, "")
}

fn fork_exec(vm: &Vm, args: Args) -> PyResult<Value> {
    crate::util::no_kwargs(vm, "fork_exec", &args)?;
    if args.pos().len() != 23 {
        return Err(vm.type_error(format!(
            "fork_exec() takes exactly 23 arguments ({} given)",
            args.pos().len()
        )));
    }
    let a = args.pos();
    // The C-typed arguments first (PyArg_ParseTuple's order), then CPython's checks.
    let close_fds = vm.is_true(&a[2])?;
    let keep_tuple = match &a[3] {
        Value::Obj(o) if o.payload.as_tuple().is_some() => o.clone(),
        v => {
            return Err(vm.type_error(format!(
                "fork_exec() argument 4 must be tuple, not {}",
                vm.type_name(v)
            )))
        }
    };
    let fd = |i: usize| int_arg(vm, &a[i]);
    let (p2cread, p2cwrite, c2pread, c2pwrite) = (fd(6)?, fd(7)?, fd(8)?, fd(9)?);
    let (errread, errwrite, errpipe_read, errpipe_write) = (fd(10)?, fd(11)?, fd(12)?, fd(13)?);
    let restore_signals = vm.is_true(&a[14])?;
    let call_setsid = vm.is_true(&a[15])?;
    let pgid_to_set = int_arg(vm, &a[16])?;
    let child_umask = int_arg(vm, &a[20])?;
    let preexec_fn = a[21].clone();
    if close_fds && errpipe_write < 3 {
        return Err(vm.value_error("errpipe_write must be >= 3"));
    }
    let mut fds_to_keep = Vec::new();
    let mut prev = -1i64;
    for v in keep_tuple.payload.as_tuple().unwrap_or(&[]) {
        let fd = match v {
            Value::Int(i) if *i >= 0 && *i > prev && *i <= i64::from(i32::MAX) => *i,
            _ => return Err(vm.value_error("bad value(s) in fds_to_keep")),
        };
        prev = fd;
        fds_to_keep.push(fd as i32);
    }
    let argv = if a[0].is_none() {
        Vec::new()
    } else {
        cstring_seq(vm, &a[0], "argv")?
    };
    let executables = cstring_seq(vm, &a[1], "executable_list")?;
    let cwd = if a[4].is_none() {
        None
    } else {
        Some(fs_converter(vm, &a[4])?)
    };
    let env = if a[5].is_none() {
        None
    } else {
        Some(cstring_seq(vm, &a[5], "env")?)
    };
    let gid = id_arg(vm, &a[17])?;
    let extra_groups = if a[18].is_none() {
        None
    } else {
        let ok = matches!(&a[18], Value::Obj(o) if o.payload.as_list().is_some());
        if !ok {
            return Err(vm.type_error("setgroups argument must be a list"));
        }
        let mut gs = Vec::new();
        for g in vm.collect(&a[18])? {
            gs.push(id_arg(vm, &g)?.unwrap_or(0));
        }
        Some(gs)
    };
    let uid = id_arg(vm, &a[19])?;
    let plan = ChildPlan {
        argv,
        executables,
        env,
        cwd,
        close_fds,
        fds_to_keep,
        p2cread,
        p2cwrite,
        c2pread,
        c2pwrite,
        errread,
        errwrite,
        errpipe_read,
        errpipe_write,
        restore_signals,
        call_setsid,
        pgid_to_set,
        gid,
        extra_groups,
        uid,
        child_umask,
        preexec_fn,
    };
    let with_preexec = !plan.preexec_fn.is_none();
    if with_preexec {
        crate::posix_extra::run_before_fork(vm);
    }
    // SAFETY: the VM runs Python on this thread only; the child makes system calls on
    // prepared data (and runs preexec_fn on this same thread's state), then execs or
    // exits.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        if with_preexec {
            crate::posix_extra::run_after_fork_child(vm);
        }
        child_exec(vm, &plan);
    }
    let e = errno();
    if with_preexec {
        crate::posix_extra::run_after_fork_parent(vm);
    }
    if pid < 0 {
        return Err(crate::posix::os_error(vm, e, None, None));
    }
    Ok(Value::Int(i64::from(pid)))
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_posixsubprocess");
    vm.add_module_fn(&m, "fork_exec", fork_exec);
    Ok(m)
}
