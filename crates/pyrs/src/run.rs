//! Running what the command line asked for: a script, `-c`, `-m`, standard input, or the
//! `-X dump-ast` debugging aid.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use crate::cli::{self, Options, Program};

/// Run the program described by `opts`; returns the process exit status.
pub fn run(prog: &str, opts: &Options) -> u8 {
    if cli::xoption(opts, "dump-ast").is_some() {
        return dump_ast(prog, opts);
    }
    match &opts.program {
        Program::Command(code) => run_source(opts, code.as_bytes(), "<string>"),
        Program::Script(path) => match read_script(prog, path) {
            Ok((bytes, filename)) if is_pyc_file(path, &bytes) => {
                let mut interpreter = new_interpreter(opts, &filename);
                let status = interpreter.run_pyc(&bytes, &filename);
                after_program(interpreter, opts, status)
            }
            Ok((bytes, filename)) => run_source(opts, &bytes, &filename),
            Err(status) => status,
        },
        Program::Module(name) => {
            let mut interpreter = new_interpreter(opts, "<module>");
            let status = interpreter.run_module(name, prog);
            after_program(interpreter, opts, status)
        }
        Program::Stdin => {
            let stdin = std::io::stdin();
            if stdin.is_terminal() || opts.inspect {
                let mut interpreter = new_interpreter(opts, "<stdin>");
                let startup = (!opts.ignore_environment)
                    .then(|| std::env::var("PYTHONSTARTUP").ok())
                    .flatten()
                    .filter(|p| !p.is_empty());
                let status = crate::repl::run(&mut interpreter, !opts.quiet, startup);
                return status.clamp(0, 255) as u8;
            }
            let mut bytes = Vec::new();
            if let Err(err) = stdin.lock().read_to_end(&mut bytes) {
                eprintln!("{prog}: can't read standard input: {err}");
                return 1;
            }
            run_source(opts, &bytes, "<stdin>")
        }
    }
}

/// After the program: the interactive prompt under `-i`, then shutdown; the exit status.
fn after_program(mut interpreter: pyrs_vm::Interpreter, opts: &Options, status: i32) -> u8 {
    let status = if opts.inspect {
        crate::repl::run(&mut interpreter, false, None)
    } else {
        status
    };
    keep_until_exit(interpreter);
    status.clamp(0, 255) as u8
}

/// The finished interpreter (`Interpreter::finish` ran: atexit, `__main__`, streams)
/// is not torn down: the process ends next, and its objects stay reachable, as the
/// memory layer's tests keep theirs, so that a leak checker's "definitely lost" names
/// only objects nothing refers to (leaked counts), not the whole heap at exit.
fn keep_until_exit(interpreter: pyrs_vm::Interpreter) {
    static KEPT: std::sync::atomic::AtomicPtr<pyrs_vm::Interpreter> =
        std::sync::atomic::AtomicPtr::new(std::ptr::null_mut());
    let kept = Box::into_raw(Box::new(interpreter));
    KEPT.store(kept, std::sync::atomic::Ordering::Relaxed);
    // Seen as read: an optimised build otherwise drops the store to a static nothing
    // loads, and the whole heap shows as lost.
    std::hint::black_box(&KEPT);
}

/// An interpreter with the native modules of `crates/stdlib` importable, keeping
/// `__main__` alive after the program under `-i`.
fn new_interpreter(opts: &Options, filename: &str) -> pyrs_vm::Interpreter {
    let mut interpreter = pyrs_vm::Interpreter::new(vm_config(opts, filename));
    interpreter.set_inspect(opts.inspect);
    interpreter.vm().set_native_stack(crate::MAIN_STACK_BYTES);
    pyrs_stdlib::register(interpreter.vm());
    pyrs_vm::sys::set_builtin_module_names(interpreter.vm());
    // The site module runs at start-up unless -S (or -I's no-site) said otherwise.
    let vm = interpreter.vm();
    if let Err(e) = pyrs_vm::memory::with_vm_entered(vm, || pyrs_vm::sys::import_site(vm)) {
        let _ = std::io::stdout().flush();
        eprintln!("Fatal Python error: init_import_site: Failed to import the site module");
        eprintln!("Python runtime state: initialized");
        eprint!("{}", pyrs_vm::traceback::format_exception(vm, &e));
        std::process::exit(1);
    }
    interpreter
}

/// Read a script file. The file name used in tracebacks is the absolute path, as CPython
/// 3.11 makes it. Errors print CPython's message and give exit status 2.
fn read_script(prog: &str, path: &str) -> Result<(Vec<u8>, String), u8> {
    let absolute = absolute_path(path);
    if Path::new(path).is_dir() {
        eprintln!("{prog}: can't find '__main__' module in '{path}'");
        return Err(1);
    }
    match std::fs::read(path) {
        Ok(bytes) => Ok((bytes, absolute)),
        Err(err) => {
            let errno = err.raw_os_error().unwrap_or(0);
            eprintln!(
                "{prog}: can't open file '{absolute}': [Errno {errno}] {}",
                strerror(&err)
            );
            Err(2)
        }
    }
}

/// CPython's `maybe_pyc_file`: a script is compiled bytecode when its name ends in `.pyc`
/// or it starts with the first two bytes of the magic number.
fn is_pyc_file(path: &str, bytes: &[u8]) -> bool {
    path.ends_with(".pyc") || bytes.starts_with(&pyrs_marshal::MAGIC_NUMBER[..2])
}

/// `os.path.abspath`: join with the current directory and normalise `.`/`..` lexically.
fn absolute_path(path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        match std::env::current_dir() {
            Ok(cwd) => format!("{}/{}", cwd.to_string_lossy(), path),
            Err(_) => path.to_string(),
        }
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The C library's message for an I/O error, without Rust's " (os error N)" suffix.
fn strerror(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Parse and compile source, then hand it to the virtual machine.
fn run_source(opts: &Options, bytes: &[u8], filename: &str) -> u8 {
    let (source, module) = match parse_program(bytes, filename, &opts.warnoptions) {
        Ok(parsed) => parsed,
        Err(status) => return status,
    };
    pyrs_parser::warnings::clear();
    let code = match pyrs_compiler::compile(
        &module,
        &source,
        filename,
        pyrs_compiler::Mode::Exec,
        opts.optimize,
    ) {
        Ok(code) => code,
        Err(err) => return report_syntax_error(&err, filename),
    };
    // The compiler's warnings ("is" with a literal...) go through the warnings module
    // once there is an interpreter (start-up compiles other code meanwhile).
    let compile_warnings = pyrs_parser::warnings::take();
    let mut interpreter = new_interpreter(opts, filename);
    interpreter
        .vm()
        .sources
        .borrow_mut()
        .insert(filename.to_string(), source);
    if let Some(status) = interpreter.emit_compile_warnings(compile_warnings, filename) {
        keep_until_exit(interpreter);
        return status.clamp(0, 255) as u8;
    }
    let status = interpreter.run_code(code);
    after_program(interpreter, opts, status)
}

/// The VM's configuration from the command line, the environment and the stdlib search.
fn vm_config(opts: &Options, filename: &str) -> pyrs_vm::Config {
    let env = |name: &str| std::env::var(name).ok();
    let exe = std::env::current_exe().ok();
    let stdlib = crate::paths::find_stdlib(opts, &env, exe.as_deref());
    let mut search = crate::paths::initial_sys_path(opts, &env, stdlib.found.as_deref());
    let path0 = if opts.safe_path || search.is_empty() {
        None
    } else {
        Some(search.remove(0))
    };
    let _ = filename;
    // `-X pycache_prefix=DIR` wins over PYTHONPYCACHEPREFIX; empty values mean none.
    let pycache_prefix = match cli::xoption(opts, "pycache_prefix") {
        Some(dir) => Some(dir.to_string()),
        None if opts.ignore_environment => None,
        None => env("PYTHONPYCACHEPREFIX"),
    }
    .filter(|dir| !dir.is_empty());
    pyrs_vm::Config {
        argv: opts.argv.clone(),
        no_site: opts.no_site,
        no_user_site: opts.no_user_site,
        safe_path: opts.safe_path,
        bytes_warning: opts.bytes_warning,
        ignore_environment: opts.ignore_environment,
        isolated: opts.isolated,
        unbuffered: opts.unbuffered,
        optimize: opts.optimize,
        dont_write_bytecode: opts.dont_write_bytecode,
        check_hash_based_pycs: opts.check_hash_based_pycs.clone(),
        pycache_prefix,
        warnoptions: opts.warnoptions.clone(),
        xoptions: opts.xoptions.clone(),
        verbose: opts.verbose,
        quiet: opts.quiet,
        inspect: opts.inspect,
        path0,
        module_search_paths: search,
        executable: exe
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

/// Decode and parse a program; on failure print CPython's report and give the status.
/// Undecodable scripts are reported as CPython reports them for files, without a
/// `File` line.
fn parse_program(
    bytes: &[u8],
    filename: &str,
    warnoptions: &[String],
) -> Result<(String, pyrs_parser::ast::Mod), u8> {
    let source = match pyrs_parser::source::decode(bytes) {
        Ok(source) => source,
        Err(err) => {
            let _ = std::io::stdout().flush();
            eprintln!("SyntaxError: {}", err.script_message(filename));
            return Err(1);
        }
    };
    let (result, warnings) = pyrs_parser::parse_module_with_warnings(&source, filename);
    for warning in warnings {
        match syntax_warning_action(warnoptions) {
            WarningAction::Ignore => {}
            WarningAction::Error => return Err(report_syntax_error(&warning, filename)),
            WarningAction::Show => {
                let line = warning.text.as_deref().unwrap_or("").trim();
                eprintln!(
                    "{filename}:{}: SyntaxWarning: {}\n  {line}",
                    warning.lineno, warning.msg
                );
            }
        }
    }
    match result {
        Ok(module) => Ok((source, module)),
        Err(err) => Err(report_syntax_error(&err, filename)),
    }
}

/// What the `-W` options say about SyntaxWarnings raised while compiling.
enum WarningAction {
    Show,
    Ignore,
    Error,
}

/// The last `-W action[:message[:category...]]` that applies to SyntaxWarning wins, as
/// in the warnings module's filter list; the default shows it.
fn syntax_warning_action(warnoptions: &[String]) -> WarningAction {
    let mut action = WarningAction::Show;
    for option in warnoptions {
        let mut fields = option.split(':');
        let act = fields.next().unwrap_or("");
        let message = fields.next().unwrap_or("");
        let category = fields.next().unwrap_or("").trim();
        let applies = message.is_empty()
            && matches!(
                category,
                "" | "SyntaxWarning" | "Warning" | "builtins.SyntaxWarning"
            );
        if !applies {
            continue;
        }
        match act {
            "ignore" | "i" => action = WarningAction::Ignore,
            "error" | "e" => action = WarningAction::Error,
            "" => {}
            _ => action = WarningAction::Show,
        }
    }
    action
}

/// Print a syntax error as CPython prints an uncaught one; exit status 1.
fn report_syntax_error(err: &pyrs_parser::SyntaxError, filename: &str) -> u8 {
    let _ = std::io::stdout().flush();
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(err.render(filename).as_bytes());
    1
}

/// `-X dump-ast FILE`: print the AST as CPython's `ast.dump(..., include_attributes=True)`.
fn dump_ast(prog: &str, opts: &Options) -> u8 {
    let (bytes, filename) = match &opts.program {
        Program::Script(path) => match read_script(prog, path) {
            Ok(read) => read,
            Err(status) => return status,
        },
        Program::Command(code) => (code.as_bytes().to_vec(), "<string>".to_string()),
        _ => {
            eprintln!("{prog}: -X dump-ast needs a script file or -c");
            return 2;
        }
    };
    match parse_program(&bytes, &filename, &opts.warnoptions) {
        Ok((_, module)) => {
            let mut text = pyrs_parser::dump::dump(&module);
            text.push('\n');
            crate::print_text(&text)
        }
        Err(status) => status,
    }
}

/// glibc: one malloc arena for the whole process, set before `main` runs. The
/// interpreter runs on a thread of its own (for its big stack), and a thread's own arena
/// grows by an `mprotect` call each time its top is reached, which cost a sixth of the
/// time of importing a large module tree from the bytecode cache (`bench/pyc_import.py`);
/// the main arena grows with `brk` and a top pad instead.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod single_malloc_arena {
    extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }

    /// `M_ARENA_MAX` of glibc's malloc.h.
    const M_ARENA_MAX: i32 = -8;

    extern "C" fn set_arena_max() {
        // SAFETY: mallopt only changes malloc's tuning parameters; it runs here before
        // main, while the process has a single thread.
        unsafe {
            mallopt(M_ARENA_MAX, 1);
        }
    }

    #[used]
    #[link_section = ".init_array"]
    static SET_ARENA_MAX: extern "C" fn() = set_arena_max;
}
