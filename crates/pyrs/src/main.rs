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
#[global_allocator]
static ALLOCATOR: pyrs_vm::pool::PoolAlloc = pyrs_vm::pool::PoolAlloc;

/// Stack size of the thread that parses, compiles and runs the program: deep but legal
/// source and recursion must meet Python's own limits, never the OS thread's stack.
pub const MAIN_STACK_BYTES: usize = 256 << 20;

fn main() -> ExitCode {
    let worker = std::thread::Builder::new()
        .name("pyrs-main".into())
        .stack_size(MAIN_STACK_BYTES)
        .spawn(real_main);
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

fn real_main() -> ExitCode {
    let mut args = std::env::args_os().map(|a| a.to_string_lossy().into_owned());
    let prog = args.next().unwrap_or_else(|| "pyrs".to_string());
    let args: Vec<String> = args.collect();
    let env = |name: &str| std::env::var(name).ok();
    let status = match cli::parse(&args, &env) {
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
    };
    ExitCode::from(status)
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
