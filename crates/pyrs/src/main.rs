//! The `pyrs` command: CPython 3.11's command line in front of the pyrs interpreter.

mod cli;
mod help;
mod paths;
mod repl;
mod run;

use std::io::Write;
use std::process::ExitCode;

/// The pooled small-object allocator (pymalloc's design; `PYTHONMALLOC=malloc` turns
/// it off at start-up).
///
/// Measured on 15 pyperformance programs (bench/run.py, 3 runs, CPU time, 2026-12-01):
/// geometric mean of time against CPython 3.11 — pool 2.84, system malloc 2.85, mimalloc
/// 0.1.52 2.79 (within noise of each other); peak RSS — the pool lowest on every
/// program (float 31.8 MiB, malloc 34.7, mimalloc 71.9; small programs 11 MiB, malloc
/// 11.3, mimalloc 20-22). So the pool is the default; `--features mimalloc` builds
/// mimalloc in for comparison.
#[cfg(not(feature = "mimalloc"))]
#[global_allocator]
static ALLOCATOR: pyrs_vm::pool::PoolAlloc = pyrs_vm::pool::PoolAlloc;

/// With the `mimalloc` feature: the pooled allocator, or mimalloc for every request
/// when `PYTHONMALLOC=mimalloc` is set at start-up.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: choice::ChosenAlloc = choice::ChosenAlloc;

#[cfg(feature = "mimalloc")]
mod choice {
    use std::alloc::{GlobalAlloc, Layout};
    use std::sync::atomic::{AtomicU8, Ordering};

    use mimalloc::MiMalloc;
    use pyrs_vm::pool::PoolAlloc;

    /// 0: not decided yet; 1: the pooled allocator; 2: mimalloc.
    static MODE: AtomicU8 = AtomicU8::new(0);

    #[inline]
    fn use_mimalloc() -> bool {
        match MODE.load(Ordering::Relaxed) {
            1 => false,
            2 => true,
            _ => {
                // SAFETY: getenv with a NUL-terminated name; it does not allocate, and
                // the result is read at once.
                let v = unsafe { libc::getenv(c"PYTHONMALLOC".as_ptr()) };
                // SAFETY: a non-null getenv result is a NUL-terminated C string.
                let mi = !v.is_null()
                    && unsafe { std::ffi::CStr::from_ptr(v) }.to_bytes() == b"mimalloc";
                let mode = if mi { 2 } else { 1 };
                // The first caller decides; later callers read the same answer.
                match MODE.compare_exchange(0, mode, Ordering::Relaxed, Ordering::Relaxed) {
                    Ok(_) => mi,
                    Err(m) => m == 2,
                }
            }
        }
    }

    pub struct ChosenAlloc;

    // SAFETY: the choice is made before the first allocation and never changes, so every
    // block is freed or resized by the allocator that made it.
    unsafe impl GlobalAlloc for ChosenAlloc {
        #[inline]
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            if use_mimalloc() {
                MiMalloc.alloc(layout)
            } else {
                PoolAlloc.alloc(layout)
            }
        }
        #[inline]
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            if use_mimalloc() {
                MiMalloc.dealloc(ptr, layout)
            } else {
                PoolAlloc.dealloc(ptr, layout)
            }
        }
        #[inline]
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            if use_mimalloc() {
                MiMalloc.alloc_zeroed(layout)
            } else {
                PoolAlloc.alloc_zeroed(layout)
            }
        }
        #[inline]
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            if use_mimalloc() {
                MiMalloc.realloc(ptr, layout, new_size)
            } else {
                PoolAlloc.realloc(ptr, layout, new_size)
            }
        }
    }
}

/// Stack size of the thread that parses, compiles and runs the program: deep but legal
/// source and recursion must meet Python's own limits, never the OS thread's stack.
pub const MAIN_STACK_BYTES: usize = 256 << 20;

fn main() -> ExitCode {
    let worker = std::thread::Builder::new()
        .name("pyrs-main".into())
        .stack_size(MAIN_STACK_BYTES)
        .spawn(|| -> ExitCode {
            pyrs_vm::pool::enable_thread_cache();
            let status = real_main();
            pyrs_vm::pool::disable_thread_cache();
            // The process ends from this thread, as CPython's main thread ends it: the
            // interpreter's thread-locals (hooks, type tables) are not torn down first,
            // so what they hold stays reachable to the end (valgrind's leak check sees
            // it as such). `exit` flushes Rust's stdout as a return from main would.
            std::process::exit(i32::from(status))
        });
    // Signals go to the interpreter thread, as in CPython's one-thread process.
    pyrs_vm::signals::block_signals_in_this_thread();
    match worker.map(|handle| handle.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("pyrs: internal error: the main thread failed");
            ExitCode::from(1)
        }
    }
}

fn real_main() -> u8 {
    let mut args = std::env::args_os().map(|a| a.to_string_lossy().into_owned());
    let prog = args.next().unwrap_or_else(|| "pyrs".to_string());
    let args: Vec<String> = args.collect();
    let env = |name: &str| std::env::var(name).ok();
    match cli::parse(&args, &env) {
        Err(err) => {
            let mut stderr = std::io::stderr().lock();
            let _ = write!(
                stderr,
                "{err}\n{}Try `python -h' for more information.\n",
                cli::usage_line(&prog)
            );
            2
        }
        Ok(cli::Action::Help) => print_text(&help::help(&prog)),
        Ok(cli::Action::HelpEnv) => print_text(&help::help_env()),
        Ok(cli::Action::HelpXOptions) => print_text(&help::help_xoptions()),
        Ok(cli::Action::HelpAll) => print_text(&help::help_all(&prog)),
        Ok(cli::Action::Version(level)) => print_text(&format!("{}\n", help::version(level))),
        Ok(cli::Action::Run(opts)) => run::run(&prog, &opts),
    }
}

/// Print `text` on stdout; exit status 0, or 120 when stdout is closed, as CPython.
fn print_text(text: &str) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Ok(()) => 0,
        Err(_) => 120,
    }
}
