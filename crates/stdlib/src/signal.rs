//! The `_signal` module (Lib's `signal.py` wraps it in enums): Python-level signal
//! handlers, which the VM runs on the main thread between bytecodes
//! (`pyrs_vm::signals`), plus alarm/setitimer, signal masks and waiting.
//!
//! Invariant: `HANDLERS[n]` is what `getsignal(n)` returns: the Python callable, the
//! int SIG_DFL (0) or SIG_IGN (1), or None when the disposition was set outside Python.
//! Whenever it is a callable, the C handler `pyrs_vm::signals::c_handler` is installed.

use std::cell::RefCell;

use pyrs_vm::memory::ObjRef;
use pyrs_vm::signals::{self, NSIG};
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::posix::{last_error, os_error};
use crate::structseq;
use crate::util::{bind, one_arg, pos_only, to_f64};

thread_local! {
    static HANDLERS: RefCell<Vec<Value>> = const { RefCell::new(Vec::new()) };
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
}

struct State {
    default_int_handler: Value,
    itimer_error: ObjRef,
    siginfo_type: ObjRef,
}

fn state<R>(f: impl FnOnce(&State) -> R) -> R {
    STATE.with(|s| {
        f(s.borrow()
            .as_ref()
            .expect("_signal state initialised in init"))
    })
}

const SIG_DFL: i64 = 0;
const SIG_IGN: i64 = 1;

fn last_errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// A signal number argument: an int in 1..NSIG, "signal number out of range" otherwise.
fn signum_arg(vm: &Vm, v: &Value) -> PyResult<i32> {
    let n = crate::util::to_i64_opt(vm, v)?;
    match n {
        Some(n) if n >= 1 && (n as usize) < NSIG => Ok(n as i32),
        _ => Err(vm.value_error("signal number out of range")),
    }
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

fn main_thread_only(vm: &Vm, fname: &str) -> PyResult<()> {
    if !signals::is_main_thread() {
        return Err(vm.value_error(format!(
            "{fname} only works in main thread of the main interpreter"
        )));
    }
    Ok(())
}

/// The handler value as an int SIG_DFL/SIG_IGN, when it is an exact int equal to one.
fn handler_int(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) if *i == SIG_DFL || *i == SIG_IGN => Some(*i),
        _ => None,
    }
}

fn current_frame(vm: &Vm) -> Value {
    match pyrs_vm::objects::dict::get_str(&vm.sys_dict, &vm.intern("_getframe")) {
        Some(f) => vm.call(&f, Args::new(&[])).unwrap_or(Value::None),
        None => Value::None,
    }
}

/// The VM's hook: run the Python handlers of the signals that arrived.
fn run_handlers(vm: &Vm, arrived: &[i32]) -> PyResult<()> {
    for (k, sig) in arrived.iter().enumerate() {
        let h = HANDLERS.with(|h| h.borrow().get(*sig as usize).cloned());
        let Some(h) = h else { continue };
        if h.is_none() || handler_int(&h).is_some() {
            continue;
        }
        let frame = current_frame(vm);
        if let Err(e) = vm.call(&h, Args::new(&[Value::Int(i64::from(*sig)), frame])) {
            signals::requeue(&arrived[k + 1..]);
            return Err(e);
        }
    }
    Ok(())
}

// ----- handlers ------------------------------------------------------------------------

fn signal_default_int_handler(vm: &Vm, args: Args) -> PyResult<Value> {
    pos_only(vm, "default_int_handler", &args, 2, 2)?;
    Err(vm.new_exception(&vm.exc.keyboard_interrupt, Vec::new()))
}

fn signal_signal(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "signal", &args, 2, 2)?;
    let sig = signum_arg(vm, &a[0])?;
    let handler = a[1].clone();
    main_thread_only(vm, "signal")?;
    let raw = match handler_int(&handler) {
        Some(SIG_IGN) => libc::SIG_IGN,
        Some(_) => libc::SIG_DFL,
        None => {
            if !vm.is_callable(&handler) {
                return Err(vm.type_error(
                    "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object",
                ));
            }
            signals::c_handler as *const () as libc::sighandler_t
        }
    };
    // Pending signals are handled before the handler changes.
    signals::check(vm)?;
    if !signals::set_disposition(sig, raw) {
        return Err(last_error(vm, None));
    }
    let old = HANDLERS.with(|h| std::mem::replace(&mut h.borrow_mut()[sig as usize], handler));
    Ok(old)
}

fn signal_getsignal(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "getsignal", &args)?;
    let sig = signum_arg(vm, a)?;
    Ok(HANDLERS.with(|h| h.borrow()[sig as usize].clone()))
}

fn signal_raise_signal(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "raise_signal", &args)?;
    let sig = signum_arg(vm, a)?;
    // SAFETY: raise has no memory-safety preconditions.
    let r = unsafe { libc::raise(sig) };
    if r != 0 {
        return Err(last_error(vm, None));
    }
    signals::check(vm)?;
    Ok(Value::None)
}

fn signal_strsignal(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "strsignal", &args)?;
    let sig = signum_arg(vm, a)?;
    // SAFETY: strsignal returns a pointer to a NUL-terminated string (or null), valid
    // until the next call; we copy it at once.
    let p = unsafe { libc::strsignal(sig) };
    if p.is_null() {
        return Ok(Value::None);
    }
    // SAFETY: non-null and NUL-terminated.
    let s = unsafe { std::ffi::CStr::from_ptr(p) }
        .to_string_lossy()
        .into_owned();
    if s.contains("Unknown signal") {
        return Ok(Value::None);
    }
    Ok(vm.new_str(s))
}

fn signal_siginterrupt(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "siginterrupt", &args, 2, 2)?;
    let sig = signum_arg(vm, &a[0])?;
    let flag = int_arg(vm, &a[1])?;
    // SAFETY: querying and updating a disposition through valid sigaction structs.
    let r = unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(sig, std::ptr::null(), &mut sa) != 0 {
            -1
        } else {
            if flag != 0 {
                sa.sa_flags &= !libc::SA_RESTART;
            } else {
                sa.sa_flags |= libc::SA_RESTART;
            }
            libc::sigaction(sig, &sa, std::ptr::null_mut())
        }
    };
    if r != 0 {
        return Err(last_error(vm, None));
    }
    Ok(Value::None)
}

fn signal_set_wakeup_fd(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind(
        vm,
        "set_wakeup_fd",
        &args,
        &["fd", "warn_on_full_buffer"],
        1,
    )?;
    if args.pos().len() > 1 {
        return Err(vm.type_error(format!(
            "set_wakeup_fd() takes exactly 1 positional argument ({} given)",
            args.pos().len()
        )));
    }
    let fd = int_arg(vm, a[0].as_ref().unwrap_or(&Value::Int(-1)))?;
    main_thread_only(vm, "set_wakeup_fd")?;
    if fd != -1 {
        // SAFETY: fstat into a zeroed struct; fcntl F_GETFL has no pointer arguments.
        let flags = unsafe {
            let mut st: libc::stat = std::mem::zeroed();
            if libc::fstat(fd, &mut st) != 0 {
                return Err(last_error(vm, None));
            }
            libc::fcntl(fd, libc::F_GETFL)
        };
        if flags < 0 {
            return Err(last_error(vm, None));
        }
        if flags & libc::O_NONBLOCK == 0 {
            return Err(vm.value_error(format!("the fd {fd} must be in non-blocking mode")));
        }
    }
    let old = signals::WAKEUP_FD.swap(fd, std::sync::atomic::Ordering::SeqCst);
    Ok(Value::Int(i64::from(old)))
}

// ----- timers ----------------------------------------------------------------------------

fn signal_alarm(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "alarm", &args)?;
    let secs = int_arg(vm, a)?;
    // SAFETY: alarm has no preconditions.
    let r = unsafe { libc::alarm(secs as libc::c_uint) };
    Ok(Value::Int(i64::from(r)))
}

fn signal_pause(vm: &Vm, args: Args) -> PyResult<Value> {
    pos_only(vm, "pause", &args, 0, 0)?;
    // SAFETY: pause has no preconditions; it returns when a signal is caught.
    unsafe { libc::pause() };
    signals::check(vm)?;
    Ok(Value::None)
}

fn timeval_from(vm: &Vm, v: &Value) -> PyResult<libc::timeval> {
    let f = to_f64(vm, v)?;
    if !f.is_finite() || f < 0.0 && f.abs() > 1e18 {
        return Err(vm.overflow_error("timestamp out of range for platform time_t"));
    }
    let mut sec = f.floor();
    let mut usec = ((f - sec) * 1e6).round();
    if usec >= 1e6 {
        sec += 1.0;
        usec -= 1e6;
    }
    Ok(libc::timeval {
        tv_sec: sec as libc::time_t,
        tv_usec: usec as libc::suseconds_t,
    })
}

fn itimer_tuple(vm: &Vm, it: &libc::itimerval) -> Value {
    let f = |t: &libc::timeval| Value::Float(t.tv_sec as f64 + t.tv_usec as f64 * 1e-6);
    vm.new_tuple(vec![f(&it.it_value), f(&it.it_interval)])
}

fn itimer_error(vm: &Vm) -> ObjRef {
    let errno = last_errno();
    let cls = state(|s| s.itimer_error.clone());
    let args = [
        Value::Int(i64::from(errno)),
        vm.new_str(crate::posix::strerror_text(errno)),
    ];
    match vm.call(&Value::Obj(cls), Args::new(&args)) {
        Ok(Value::Obj(e)) => e,
        Ok(_) => os_error(vm, errno, None, None),
        Err(e) => e,
    }
}

fn signal_setitimer(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "setitimer", &args, 2, 3)?;
    let which = int_arg(vm, &a[0])?;
    let value = timeval_from(vm, &a[1])?;
    let interval = match a.get(2) {
        Some(v) => timeval_from(vm, v)?,
        None => libc::timeval {
            tv_sec: 0,
            tv_usec: 0,
        },
    };
    let new = libc::itimerval {
        it_interval: interval,
        it_value: value,
    };
    // SAFETY: a zeroed itimerval is valid; both pointers are to valid structs.
    let mut old: libc::itimerval = unsafe { std::mem::zeroed() };
    // SAFETY: see above.
    let r = unsafe { libc::setitimer(which, &new, &mut old) };
    if r != 0 {
        return Err(itimer_error(vm));
    }
    Ok(itimer_tuple(vm, &old))
}

fn signal_getitimer(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "getitimer", &args)?;
    let which = int_arg(vm, a)?;
    // SAFETY: a zeroed itimerval is valid and writable.
    let mut cur: libc::itimerval = unsafe { std::mem::zeroed() };
    // SAFETY: see above.
    let r = unsafe { libc::getitimer(which, &mut cur) };
    if r != 0 {
        return Err(itimer_error(vm));
    }
    Ok(itimer_tuple(vm, &cur))
}

// ----- signal sets -----------------------------------------------------------------------

fn empty_sigset() -> libc::sigset_t {
    // SAFETY: sigemptyset initialises the zeroed set.
    unsafe {
        let mut s: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut s);
        s
    }
}

/// An iterable of signal numbers as a sigset_t (CPython's `_Py_Sigset_Converter`).
fn sigset_arg(vm: &Vm, v: &Value) -> PyResult<libc::sigset_t> {
    let mut set = empty_sigset();
    for item in vm.collect(v)? {
        let n = crate::util::to_i64_opt(vm, &item)?.unwrap_or(i64::MAX);
        if n < 1 || n as usize >= NSIG {
            return Err(vm.value_error(format!("signal number {n} out of range [1; {}]", NSIG - 1)));
        }
        // SAFETY: `set` is initialised; n is a valid signal number.
        unsafe { libc::sigaddset(&mut set, n as i32) };
    }
    Ok(set)
}

fn sigset_to_set(vm: &Vm, set: &libc::sigset_t) -> PyResult<Value> {
    let mut items = Vec::new();
    for sig in 1..NSIG as i32 {
        // SAFETY: `set` is an initialised sigset.
        if unsafe { libc::sigismember(set, sig) } == 1 {
            items.push(Value::Int(i64::from(sig)));
        }
    }
    let list = vm.new_list(items);
    vm.call(&Value::Obj(vm.types.set.clone()), Args::new(&[list]))
}

fn signal_valid_signals(vm: &Vm, args: Args) -> PyResult<Value> {
    pos_only(vm, "valid_signals", &args, 0, 0)?;
    // SAFETY: sigfillset initialises the zeroed set.
    let set = unsafe {
        let mut s: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut s);
        s
    };
    sigset_to_set(vm, &set)
}

fn signal_pthread_sigmask(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "pthread_sigmask", &args, 2, 2)?;
    let how = int_arg(vm, &a[0])?;
    let mask = sigset_arg(vm, &a[1])?;
    let mut old = empty_sigset();
    // SAFETY: valid sigset pointers.
    let err = unsafe { libc::pthread_sigmask(how, &mask, &mut old) };
    if err != 0 {
        return Err(os_error(vm, err, None, None));
    }
    // Signals unblocked now may have arrived meanwhile.
    signals::check(vm)?;
    sigset_to_set(vm, &old)
}

fn signal_sigpending(vm: &Vm, args: Args) -> PyResult<Value> {
    pos_only(vm, "sigpending", &args, 0, 0)?;
    let mut set = empty_sigset();
    // SAFETY: `set` is writable.
    if unsafe { libc::sigpending(&mut set) } != 0 {
        return Err(last_error(vm, None));
    }
    sigset_to_set(vm, &set)
}

fn signal_sigwait(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "sigwait", &args)?;
    let set = sigset_arg(vm, a)?;
    let mut sig: libc::c_int = 0;
    // SAFETY: valid pointers.
    let err = unsafe { libc::sigwait(&set, &mut sig) };
    if err != 0 {
        return Err(os_error(vm, err, None, None));
    }
    Ok(Value::Int(i64::from(sig)))
}

fn siginfo_value(vm: &Vm, info: &libc::siginfo_t) -> Value {
    // SAFETY: the union fields read are those the kernel fills for the signal sources
    // sigwaitinfo reports; unused ones read as zero.
    let (pid, uid, status) = unsafe { (info.si_pid(), info.si_uid(), info.si_status()) };
    let ty = state(|s| s.siginfo_type.clone());
    structseq::new_instance(
        vm,
        &ty,
        vec![
            Value::Int(i64::from(info.si_signo)),
            Value::Int(i64::from(info.si_code)),
            Value::Int(i64::from(info.si_errno)),
            Value::Int(i64::from(pid)),
            Value::Int(i64::from(uid)),
            Value::Int(i64::from(status)),
            Value::Int(0),
        ],
    )
}

fn signal_sigwaitinfo(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "sigwaitinfo", &args)?;
    let set = sigset_arg(vm, a)?;
    loop {
        // SAFETY: a zeroed siginfo_t is valid and writable.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        // SAFETY: valid pointers.
        let r = unsafe { libc::sigwaitinfo(&set, &mut info) };
        if r < 0 {
            if last_errno() == libc::EINTR {
                signals::check(vm)?;
                continue;
            }
            return Err(last_error(vm, None));
        }
        return Ok(siginfo_value(vm, &info));
    }
}

fn signal_sigtimedwait(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "sigtimedwait", &args, 2, 2)?;
    let set = sigset_arg(vm, &a[0])?;
    let t = to_f64(vm, &a[1])?;
    if t < 0.0 {
        return Err(vm.value_error("timeout must be non-negative"));
    }
    let ts = libc::timespec {
        tv_sec: t.floor() as libc::time_t,
        tv_nsec: ((t - t.floor()) * 1e9) as libc::c_long,
    };
    // SAFETY: a zeroed siginfo_t is valid and writable.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    // SAFETY: valid pointers.
    let r = unsafe { libc::sigtimedwait(&set, &mut info, &ts) };
    if r < 0 {
        if last_errno() == libc::EAGAIN {
            return Ok(Value::None);
        }
        return Err(last_error(vm, None));
    }
    Ok(siginfo_value(vm, &info))
}

fn signal_pthread_kill(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "pthread_kill", &args, 2, 2)?;
    let tid = crate::util::to_bigint(vm, &a[0])?;
    let tid: libc::pthread_t = num_traits::ToPrimitive::to_u64(&tid)
        .ok_or_else(|| vm.overflow_error("Python int too large to convert to C unsigned long"))?;
    let sig = int_arg(vm, &a[1])?;
    // SAFETY: pthread_kill with an unknown id reports ESRCH (glibc checks the id).
    let err = unsafe { libc::pthread_kill(tid, sig) };
    if err != 0 {
        return Err(os_error(vm, err, None, None));
    }
    signals::check(vm)?;
    Ok(Value::None)
}

/// A new exception class `module.name(base)`, made as `type(name, (base,), ns)`.
pub(crate) fn new_exc_class(vm: &Vm, module: &str, name: &str, base: &ObjRef) -> PyResult<ObjRef> {
    let ns = vm.new_dict();
    if let Value::Obj(nso) = &ns {
        pyrs_vm::objects::dict::set_str(nso, &vm.names.__module__, vm.new_str(module));
    }
    let c = vm.call(
        &Value::Obj(vm.types.type_.clone()),
        Args::new(&[
            vm.new_str(name),
            vm.new_tuple(vec![Value::Obj(base.clone())]),
            ns,
        ]),
    )?;
    c.as_obj()
        .cloned()
        .ok_or_else(|| vm.type_error("type() did not return a class"))
}

// ----- the module --------------------------------------------------------------------------

const SIGNALS: &[(&str, i32)] = &[
    ("SIGHUP", libc::SIGHUP),
    ("SIGINT", libc::SIGINT),
    ("SIGQUIT", libc::SIGQUIT),
    ("SIGILL", libc::SIGILL),
    ("SIGTRAP", libc::SIGTRAP),
    ("SIGABRT", libc::SIGABRT),
    ("SIGIOT", libc::SIGIOT),
    ("SIGBUS", libc::SIGBUS),
    ("SIGFPE", libc::SIGFPE),
    ("SIGKILL", libc::SIGKILL),
    ("SIGUSR1", libc::SIGUSR1),
    ("SIGSEGV", libc::SIGSEGV),
    ("SIGUSR2", libc::SIGUSR2),
    ("SIGPIPE", libc::SIGPIPE),
    ("SIGALRM", libc::SIGALRM),
    ("SIGTERM", libc::SIGTERM),
    ("SIGSTKFLT", libc::SIGSTKFLT),
    ("SIGCHLD", libc::SIGCHLD),
    ("SIGCLD", libc::SIGCHLD),
    ("SIGCONT", libc::SIGCONT),
    ("SIGSTOP", libc::SIGSTOP),
    ("SIGTSTP", libc::SIGTSTP),
    ("SIGTTIN", libc::SIGTTIN),
    ("SIGTTOU", libc::SIGTTOU),
    ("SIGURG", libc::SIGURG),
    ("SIGXCPU", libc::SIGXCPU),
    ("SIGXFSZ", libc::SIGXFSZ),
    ("SIGVTALRM", libc::SIGVTALRM),
    ("SIGPROF", libc::SIGPROF),
    ("SIGWINCH", libc::SIGWINCH),
    ("SIGIO", libc::SIGIO),
    ("SIGPOLL", libc::SIGPOLL),
    ("SIGPWR", libc::SIGPWR),
    ("SIGSYS", libc::SIGSYS),
    ("SIG_BLOCK", libc::SIG_BLOCK),
    ("SIG_UNBLOCK", libc::SIG_UNBLOCK),
    ("SIG_SETMASK", libc::SIG_SETMASK),
    ("ITIMER_REAL", libc::ITIMER_REAL),
    ("ITIMER_VIRTUAL", libc::ITIMER_VIRTUAL),
    ("ITIMER_PROF", libc::ITIMER_PROF),
];

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_signal");
    let d = m
        .dict()
        .ok_or_else(|| vm.type_error("module without a namespace"))?;
    let set = |k: &str, v: Value| pyrs_vm::objects::dict::set_str(&d, &vm.intern(k), v);
    let fns: &[(&'static str, pyrs_vm::object::NativeFn)] = &[
        ("signal", signal_signal),
        ("getsignal", signal_getsignal),
        ("raise_signal", signal_raise_signal),
        ("strsignal", signal_strsignal),
        ("siginterrupt", signal_siginterrupt),
        ("set_wakeup_fd", signal_set_wakeup_fd),
        ("alarm", signal_alarm),
        ("pause", signal_pause),
        ("setitimer", signal_setitimer),
        ("getitimer", signal_getitimer),
        ("valid_signals", signal_valid_signals),
        ("pthread_sigmask", signal_pthread_sigmask),
        ("pthread_kill", signal_pthread_kill),
        ("sigpending", signal_sigpending),
        ("sigwait", signal_sigwait),
        ("sigwaitinfo", signal_sigwaitinfo),
        ("sigtimedwait", signal_sigtimedwait),
    ];
    for (name, f) in fns {
        vm.add_module_fn(&m, name, *f);
    }
    vm.add_module_fn(&m, "default_int_handler", signal_default_int_handler);
    let default_int_handler =
        pyrs_vm::objects::dict::get_str(&d, &vm.intern("default_int_handler"))
            .unwrap_or(Value::None);
    for (name, v) in SIGNALS {
        set(name, Value::Int(i64::from(*v)));
    }
    set("SIGRTMIN", Value::Int(i64::from(libc::SIGRTMIN())));
    set("SIGRTMAX", Value::Int(i64::from(libc::SIGRTMAX())));
    set("NSIG", Value::Int(NSIG as i64));
    set("SIG_DFL", Value::Int(SIG_DFL));
    set("SIG_IGN", Value::Int(SIG_IGN));

    let itimer_error = new_exc_class(vm, "signal", "itimer_error", &vm.exc.os_error)?;
    set("ItimerError", Value::Obj(itimer_error.clone()));
    let siginfo_type = structseq::new_type(
        vm,
        "signal",
        "struct_siginfo",
        &[
            "si_signo",
            "si_code",
            "si_errno",
            "si_pid",
            "si_uid",
            "si_status",
            "si_band",
        ],
        7,
    );
    set("struct_siginfo", Value::Obj(siginfo_type.clone()));

    // The table starts from the dispositions in place now.
    let mut table = vec![Value::None; NSIG];
    let c_handler = signals::c_handler as *const () as libc::sighandler_t;
    for (sig, slot) in table.iter_mut().enumerate().skip(1) {
        // SAFETY: querying a disposition into a zeroed struct.
        let (ok, h) = unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            let r = libc::sigaction(sig as i32, std::ptr::null(), &mut old);
            (r == 0, old.sa_sigaction)
        };
        if !ok {
            continue;
        }
        *slot = if h == libc::SIG_DFL {
            Value::Int(SIG_DFL)
        } else if h == libc::SIG_IGN {
            Value::Int(SIG_IGN)
        } else if h == c_handler && sig as i32 == libc::SIGINT {
            default_int_handler.clone()
        } else {
            Value::None
        };
    }
    HANDLERS.with(|h| *h.borrow_mut() = table);
    STATE.with(|s| {
        *s.borrow_mut() = Some(State {
            default_int_handler,
            itimer_error,
            siginfo_type,
        })
    });
    signals::set_hook(run_handlers);
    Ok(m)
}

/// The Python-level handler table is kept by the module; for `_posixsubprocess`:
/// whether Python code set any handler (unused for now, kept for restore_signals).
pub fn default_int_handler() -> Option<Value> {
    STATE.with(|s| s.borrow().as_ref().map(|s| s.default_int_handler.clone()))
}
