//! Signal delivery: the C-level handler records which signals arrived; the eval loop
//! calls `check` at safe points (loop back-edges, frame entry) and runs the Python-level
//! handlers there, on the main thread, as CPython's `PyErr_CheckSignals` does.
//!
//! The C handler only touches atomics and `write(2)` (async-signal-safe). The table of
//! Python handlers lives in the `_signal` module, which installs itself as the hook;
//! without it, a tripped SIGINT raises KeyboardInterrupt (CPython's default handler).

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::OnceLock;

use crate::vm::{PyResult, Vm};

/// Signal numbers are below this (Linux's `_NSIG`).
pub const NSIG: usize = 65;

/// Set by the C handler when any signal has arrived and not yet been handled.
pub static PENDING: AtomicBool = AtomicBool::new(false);

/// One flag per signal number: arrived and not yet handled.
static TRIPPED: [AtomicBool; NSIG] = [const { AtomicBool::new(false) }; NSIG];

/// `signal.set_wakeup_fd`: the descriptor the C handler writes each signal number to
/// (-1: none), and whether to warn on a full pipe (not reported here).
pub static WAKEUP_FD: AtomicI32 = AtomicI32::new(-1);

static MAIN_THREAD: OnceLock<std::thread::ThreadId> = OnceLock::new();

/// The `_signal` module's runner of Python-level handlers: given the signals that
/// arrived, it calls their handlers.
pub type Hook = fn(&Vm, &[i32]) -> PyResult<()>;

thread_local! {
    static HOOK: std::cell::Cell<Option<Hook>> = const { std::cell::Cell::new(None) };
}

/// Install the runner of Python-level handlers (the `_signal` module does this).
pub fn set_hook(hook: Hook) {
    HOOK.with(|h| h.set(Some(hook)));
}

/// Remember the main thread: Python handlers run only there.
pub fn init_main_thread() {
    let _ = MAIN_THREAD.set(std::thread::current().id());
}

/// Whether the current thread is the main thread.
pub fn is_main_thread() -> bool {
    match MAIN_THREAD.get() {
        Some(id) => *id == std::thread::current().id(),
        None => true,
    }
}

/// The C-level handler: record the signal, wake the wakeup fd.
pub extern "C" fn c_handler(sig: libc::c_int) {
    // SAFETY: errno is saved and restored around the handler's write, as CPython does;
    // everything else here is atomics and write(2), which are async-signal-safe.
    let saved = unsafe { *libc::__errno_location() };
    if let Ok(i) = usize::try_from(sig) {
        if i < NSIG {
            TRIPPED[i].store(true, Ordering::SeqCst);
        }
    }
    PENDING.store(true, Ordering::SeqCst);
    let fd = WAKEUP_FD.load(Ordering::SeqCst);
    if fd >= 0 {
        let byte = sig as u8;
        // SAFETY: writes one byte from a local; failure is ignored.
        unsafe {
            libc::write(fd, (&byte as *const u8).cast(), 1);
        }
    }
    // SAFETY: see above.
    unsafe { *libc::__errno_location() = saved };
}

/// Install `c_handler` for `sig` (no SA_RESTART, so blocking calls see EINTR and can
/// check signals, as CPython's `PyOS_setsig`). Returns false on failure (errno set).
pub fn install_c_handler(sig: i32) -> bool {
    set_disposition(sig, c_handler as *const () as libc::sighandler_t)
}

/// Set `sig`'s disposition to a raw handler value (SIG_DFL, SIG_IGN or a function).
pub fn set_disposition(sig: i32, handler: libc::sighandler_t) -> bool {
    // SAFETY: a zeroed sigaction is a valid plain C struct; we fill the fields we use and
    // pass valid pointers to sigaction.
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = handler;
        sa.sa_flags = libc::SA_ONSTACK;
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(sig, &sa, std::ptr::null_mut()) == 0
    }
}

/// At start-up, as CPython: SIGINT raises KeyboardInterrupt (only if SIGINT is not
/// ignored), SIGPIPE and SIGXFSZ are ignored.
pub fn install_default_handlers() {
    init_main_thread();
    // SAFETY: querying the current disposition into a zeroed struct.
    let current = unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(libc::SIGINT, std::ptr::null(), &mut old);
        old.sa_sigaction
    };
    if current == libc::SIG_DFL {
        install_c_handler(libc::SIGINT);
    }
    set_disposition(libc::SIGPIPE, libc::SIG_IGN);
    set_disposition(libc::SIGXFSZ, libc::SIG_IGN);
}

/// Mark `sig` as arrived (what the C handler does), for `raise_signal` and tests.
pub fn trip(sig: i32) {
    if let Ok(i) = usize::try_from(sig) {
        if i < NSIG {
            TRIPPED[i].store(true, Ordering::SeqCst);
            PENDING.store(true, Ordering::SeqCst);
        }
    }
}

/// Run the handlers of the signals that arrived (`PyErr_CheckSignals`): cheap when none did.
#[inline]
pub fn check(vm: &Vm) -> PyResult<()> {
    if PENDING.load(Ordering::Relaxed) {
        run_pending(vm)
    } else {
        Ok(())
    }
}

#[cold]
fn run_pending(vm: &Vm) -> PyResult<()> {
    if !is_main_thread() {
        return Ok(());
    }
    PENDING.store(false, Ordering::SeqCst);
    let mut arrived = Vec::new();
    for (i, t) in TRIPPED.iter().enumerate().skip(1) {
        if t.swap(false, Ordering::SeqCst) {
            arrived.push(i as i32);
        }
    }
    if arrived.is_empty() {
        return Ok(());
    }
    match HOOK.with(|h| h.get()) {
        Some(hook) => hook(vm, &arrived),
        None => {
            if arrived.contains(&libc::SIGINT) {
                Err(vm.new_exception(&vm.exc.keyboard_interrupt, Vec::new()))
            } else {
                Ok(())
            }
        }
    }
}

/// Put back signals whose handlers did not run because an earlier one raised.
pub fn requeue(sigs: &[i32]) {
    for s in sigs {
        trip(*s);
    }
}

/// Block every signal in the calling thread, so that signals go to the thread running
/// Python (the `pyrs` binary's launcher thread calls this once the interpreter thread
/// is started: `pause()` and `kill(getpid(), sig)` then behave as in a one-thread
/// process).
pub fn block_signals_in_this_thread() {
    // SAFETY: sigfillset initialises the zeroed set; pthread_sigmask reads it.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut set);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}
