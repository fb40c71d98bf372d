//! The public face of the VM for the command line: create an interpreter, run a program,
//! get the process exit status.

use std::io::Write;
use std::sync::Arc;

use pyrs_compiler::bytecode::CodeObject;

use crate::config::Config;
use crate::memory::ObjRef;
use crate::objects::dict;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

thread_local! {
    /// Set when the program ended with an uncaught KeyboardInterrupt.
    static UNHANDLED_KEYBOARD_INTERRUPT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// End the process as CPython does after an uncaught KeyboardInterrupt: by SIGINT with
/// the default action, so that the shell sees status 130 (and a parent, death by signal).
fn exit_sigint() {
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // SAFETY: plain libc calls with constant arguments; SIG_DFL for SIGINT then raising
    // it ends the process (no Rust state is touched afterwards).
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
        libc::raise(libc::SIGINT);
    }
}

thread_local! {
    /// Called at exit, after the main program (the `atexit` module's callbacks).
    static EXIT_HOOK: std::cell::Cell<Option<fn(&Vm)>> = const { std::cell::Cell::new(None) };
}

/// Install the function the interpreter calls at exit, before the streams are flushed
/// (`atexit` does, when imported).
pub fn set_exit_hook(hook: fn(&Vm)) {
    EXIT_HOOK.with(|h| h.set(Some(hook)));
}

pub struct Interpreter {
    vm: Vm,
    /// The script run as `__main__` (its `__file__`), if it came from a file.
    main_file: Option<String>,
    /// `-i`: after the program, `__main__` stays alive for the interactive prompt, and
    /// an uncaught exception (even SystemExit) is printed instead of ending the process.
    inspect: bool,
    /// `__main__`'s namespace, once made.
    main_globals: Option<ObjRef>,
    /// `-m NAME`: the package `__main__` belongs to (its `__package__`), so that its
    /// relative imports work.
    main_package: Option<String>,
}

/// What a statement typed at the interactive prompt led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptOutcome {
    /// Ran (or printed its exception); the prompt goes on.
    Continue,
    /// SystemExit: the session ends with this status.
    Exit(i32),
}

/// Compile source text with the compiler crate (`exec`, `eval` or `single` mode); a
/// syntax error becomes the Python exception CPython raises, with its attributes.
pub fn compile_string(vm: &Vm, source: &str, filename: &str, mode: &str) -> PyResult<ObjRef> {
    let mode = match mode {
        "eval" => pyrs_compiler::Mode::Eval,
        "single" => pyrs_compiler::Mode::Single,
        _ => pyrs_compiler::Mode::Exec,
    };
    pyrs_parser::warnings::clear();
    let r = pyrs_compiler::compile_source(source, filename, mode, vm.config.optimize);
    crate::builtins::emit_compile_warnings(vm, filename)?;
    match r {
        Ok(code) => Ok(crate::eval::new_code_object(vm, code)),
        Err(err) => Err(syntax_error_object(vm, &err, filename)),
    }
}

/// The Python exception for a parser or compiler error.
pub fn syntax_error_object(vm: &Vm, err: &pyrs_parser::SyntaxError, filename: &str) -> ObjRef {
    use pyrs_parser::SyntaxErrorKind;
    let ty = match err.kind {
        SyntaxErrorKind::SyntaxError => &vm.exc.syntax_error,
        SyntaxErrorKind::IndentationError => &vm.exc.indentation_error,
        SyntaxErrorKind::TabError => &vm.exc.tab_error,
        SyntaxErrorKind::MemoryError => return vm.new_exception(&vm.exc.memory_error, Vec::new()),
        SyntaxErrorKind::RecursionError => {
            return vm.new_exception_msg(&vm.exc.recursion_error, err.msg.clone())
        }
    };
    let text = err.text.clone().map_or(Value::None, |t| vm.new_str(t));
    let details = vm.new_tuple(vec![
        vm.new_str(filename),
        Value::Int(i64::from(err.lineno)),
        Value::Int(i64::from(err.offset)),
        text.clone(),
        Value::Int(i64::from(err.end_lineno)),
        Value::Int(i64::from(err.end_offset)),
    ]);
    let e = vm.new_exception(ty, vec![vm.new_str(err.msg.clone()), details]);
    vm.set_exc_attr(&e, &vm.names.msg, vm.new_str(err.msg.clone()));
    vm.set_exc_attr(&e, &vm.names.filename, vm.new_str(filename));
    vm.set_exc_attr(&e, &vm.names.lineno, Value::Int(i64::from(err.lineno)));
    vm.set_exc_attr(&e, &vm.names.offset, Value::Int(i64::from(err.offset)));
    vm.set_exc_attr(&e, &vm.names.text, text);
    vm.set_exc_attr(
        &e,
        &vm.names.end_lineno,
        Value::Int(i64::from(err.end_lineno)),
    );
    vm.set_exc_attr(
        &e,
        &vm.names.end_offset,
        Value::Int(i64::from(err.end_offset)),
    );
    e
}

impl Interpreter {
    pub fn new(config: Config) -> Self {
        crate::signals::install_default_handlers();
        Interpreter {
            vm: Vm::new(config),
            main_file: None,
            main_package: None,
            inspect: false,
            main_globals: None,
        }
    }

    /// `-i`: keep `__main__` alive after the program for the interactive prompt; the
    /// caller then runs the prompt and calls [`Interpreter::finish`].
    pub fn set_inspect(&mut self, on: bool) {
        self.inspect = on;
    }

    /// Compile one statement typed at the prompt (`single` mode, so expression values go
    /// to `sys.displayhook`) and run it in `__main__`. Exceptions are printed through
    /// `sys.excepthook` and kept in `sys.last_type`/`last_value`/`last_traceback`.
    pub fn run_prompt_statement(&mut self, source: &str, filename: &str) -> PromptOutcome {
        let Some(globals) = self.main_namespace() else {
            return PromptOutcome::Exit(1);
        };
        let vm = &self.vm;
        let r = crate::memory::with_vm_entered(vm, || {
            let code = compile_string(vm, source, filename, "single")?;
            crate::eval::run_code_in(vm, &code, &globals, None)
        });
        match r {
            Ok(_) => {
                crate::sys::flush_std_streams(vm);
                PromptOutcome::Continue
            }
            Err(e) if vm.exc_matches(&e, &vm.exc.system_exit) => {
                PromptOutcome::Exit(self.report(e))
            }
            Err(e) => {
                self.remember_last_exception(&e);
                crate::memory::with_vm_entered(&self.vm, || self.report(e));
                UNHANDLED_KEYBOARD_INTERRUPT.with(|f| f.set(false));
                PromptOutcome::Continue
            }
        }
    }

    /// Run the file named by PYTHONSTARTUP before the first prompt, as CPython does; its
    /// errors are printed and the session goes on.
    pub fn run_startup_file(&mut self, path: &str) {
        let Ok(bytes) = std::fs::read(path) else {
            return;
        };
        let Some(globals) = self.main_namespace() else {
            return;
        };
        let source = String::from_utf8_lossy(&bytes).into_owned();
        let vm = &self.vm;
        let r = crate::memory::with_vm_entered(vm, || {
            let code = compile_string(vm, &source, path, "exec")?;
            crate::eval::run_code_in(vm, &code, &globals, None)
        });
        if let Err(e) = r {
            self.report(e);
        }
    }

    /// Call `sys.__interactivehook__` if site installed one (CPython does before the
    /// first prompt); its errors are printed.
    pub fn run_interactive_hook(&mut self) {
        let vm = &self.vm;
        let Some(hook) = dict::get_str(&vm.sys_dict, &vm.intern("__interactivehook__")) else {
            return;
        };
        if let Err(e) =
            crate::memory::with_vm_entered(vm, || vm.call(&hook, crate::vm::Args::new(&[])))
        {
            crate::sys::flush_std_streams(vm);
            eprintln!("Failed calling sys.__interactivehook__");
            crate::memory::with_vm_entered(vm, || crate::traceback::report_uncaught(vm, &e));
        }
    }

    /// The prompt strings: `str(sys.ps1)` or `str(sys.ps2)`, which the session sets to
    /// `'>>> '` and `'... '` unless the user already did.
    pub fn prompt(&mut self, continuation: bool) -> String {
        let vm = &self.vm;
        let (name, default) = if continuation {
            ("ps2", "... ")
        } else {
            ("ps1", ">>> ")
        };
        let key = vm.intern(name);
        let value = match dict::get_str(&vm.sys_dict, &key) {
            Some(v) => v,
            None => {
                let v = vm.new_str(default);
                dict::set_str(&vm.sys_dict, &key, v.clone());
                v
            }
        };
        crate::memory::with_vm_entered(vm, || vm.str(&value))
            .map(|s| crate::objects::str::as_rust_str(&s).to_string())
            .unwrap_or_default()
    }

    fn remember_last_exception(&self, e: &ObjRef) {
        let vm = &self.vm;
        let tb = crate::objects::exceptions::exc_data(e).map_or(Value::None, |d| d.traceback.get());
        for (name, value) in [
            ("last_type", Value::Obj(e.class().clone())),
            ("last_value", Value::Obj(e.clone())),
            ("last_traceback", tb),
        ] {
            dict::set_str(&vm.sys_dict, &vm.intern(name), value);
        }
    }

    pub fn vm(&self) -> &Vm {
        &self.vm
    }

    /// Run a main program from source; returns the exit status.
    pub fn run_source(&mut self, source: &str, filename: &str) -> i32 {
        self.vm
            .sources
            .borrow_mut()
            .insert(filename.to_string(), source.to_string());
        match compile_string(&self.vm, source, filename, "exec") {
            Ok(code) => self.run_code_obj(&code),
            Err(e) => self.report(e),
        }
    }

    /// `-m name`: run a module's source as `__main__`; returns the exit status, or
    /// prints CPython's "No module named" message (status 1).
    pub fn run_module(&mut self, name: &str, prog: &str) -> i32 {
        let file = match crate::import::find_main_module(&self.vm, name) {
            Ok(Some(file)) => file,
            Ok(None) => {
                eprintln!("{prog}: No module named {name}");
                return 1;
            }
            Err(e) => return self.report(e),
        };
        let source = match std::fs::read(&file)
            .ok()
            .and_then(|b| pyrs_parser::source::decode(&b).ok())
        {
            Some(s) => s,
            None => {
                eprintln!("{prog}: can't read {file}");
                return 1;
            }
        };
        // sys.argv[0] is the module's file, as runpy sets it.
        if let Some(argv) =
            crate::objects::dict::get_str(&self.vm.sys_dict, &self.vm.intern("argv"))
        {
            let _ = self
                .vm
                .setitem(&argv, &Value::Int(0), self.vm.new_str(file.clone()));
        }
        self.vm
            .sources
            .borrow_mut()
            .insert(file.clone(), source.clone());
        match pyrs_compiler::compile_source(
            &source,
            &file,
            pyrs_compiler::Mode::Exec,
            self.vm.config.optimize,
        ) {
            Ok(code) => {
                // As runpy: a package's __main__ belongs to the package, a module to
                // its parent package.
                let package = if file.ends_with("__main__.py") && !name.ends_with("__main__") {
                    name.to_string()
                } else {
                    name.rsplit_once('.')
                        .map_or(String::new(), |(p, _)| p.to_string())
                };
                self.main_package = Some(package);
                self.run_code(code)
            }
            Err(err) => {
                let e = syntax_error_object(&self.vm, &err, &file);
                self.report(e)
            }
        }
    }

    /// Run a compiled .pyc file (its bytes) as the main program, as CPython's
    /// `run_pyc_file`: the header's magic number must be pyrs's (the rest of the header
    /// is not checked), the body a code object. `filename` is `__file__`.
    pub fn run_pyc(&mut self, data: &[u8], filename: &str) -> i32 {
        let vm = &self.vm;
        let eof = || vm.new_exception_msg(&vm.exc.eof_error, "EOF read where not expected");
        // A file shorter than the magic number has a bad one, as CPython sees it.
        if data.len() < 4 || data[..4] != pyrs_marshal::MAGIC_NUMBER {
            let e = vm.new_exception_msg(&vm.exc.runtime_error, "Bad magic number in .pyc file");
            return self.report(e);
        }
        if data.len() < pyrs_marshal::HEADER_LEN {
            return self.report(eof());
        }
        match pyrs_marshal::read_pyc_code(data, false) {
            Ok(code) => {
                self.main_file = Some(filename.to_string());
                let c = crate::eval::new_code_object(&self.vm, code);
                self.run_code_obj(&c)
            }
            Err(_) => {
                let e = vm.new_exception_msg(&vm.exc.runtime_error, "Bad code object in .pyc file");
                self.report(e)
            }
        }
    }

    /// Report the warnings that compiling the main program raised through the `warnings`
    /// module before it runs, as CPython's compiler does (so `-W` filters apply); when a
    /// filter makes one an error, that SyntaxError is printed and its exit status
    /// returned.
    pub fn emit_compile_warnings(
        &mut self,
        pending: Vec<pyrs_parser::warnings::CompileWarning>,
        filename: &str,
    ) -> Option<i32> {
        if pending.is_empty() {
            return None;
        }
        let vm = &self.vm;
        let r = crate::memory::with_vm_entered(vm, || {
            crate::builtins::emit_warnings(vm, pending, filename)
        });
        let e = r.err()?;
        let status = crate::memory::with_vm_entered(vm, || self.report(e));
        Some(self.finish(status))
    }

    /// Run a compiled main program; returns the exit status.
    pub fn run_code(&mut self, code: Arc<CodeObject>) -> i32 {
        self.main_file = (!code.filename.starts_with('<')).then(|| code.filename.to_string());
        let c = crate::eval::new_code_object(&self.vm, code);
        self.run_code_obj(&c)
    }

    /// `__main__`'s namespace, made (and registered in `sys.modules`) on first use.
    fn main_namespace(&mut self) -> Option<ObjRef> {
        if let Some(g) = &self.main_globals {
            return Some(g.clone());
        }
        let vm = &self.vm;
        let main = vm.new_module("__main__");
        let globals = main.dict()?;
        dict::set_str(
            &globals,
            &vm.names.__builtins__,
            Value::Obj(vm.builtins.clone()),
        );
        if let Some(file) = &self.main_file {
            dict::set_str(&globals, &vm.intern("__file__"), vm.new_str(file.clone()));
            dict::set_str(&globals, &vm.intern("__cached__"), Value::None);
        }
        if let Some(package) = &self.main_package {
            dict::set_str(
                &globals,
                &vm.intern("__package__"),
                vm.new_str(package.clone()),
            );
        }
        dict::set_str(
            &vm.modules,
            &vm.intern("__main__"),
            Value::Obj(main.clone()),
        );
        self.main_globals = Some(globals.clone());
        Some(globals)
    }

    fn run_code_obj(&mut self, code: &ObjRef) -> i32 {
        let Some(globals) = self.main_namespace() else {
            return 1;
        };
        let vm = &self.vm;
        let r = crate::memory::with_vm_entered(vm, || {
            crate::eval::run_code_in(vm, code, &globals, None)
        });
        let status = match r {
            Ok(_) => 0,
            Err(e) if self.inspect => {
                // Under -i even SystemExit is printed, and the prompt follows.
                self.remember_last_exception(&e);
                crate::sys::flush_std_streams(vm);
                crate::memory::with_vm_entered(vm, || {
                    crate::traceback::print_exception_via_hook(vm, &e)
                });
                1
            }
            Err(e) => self.report(e),
        };
        if self.inspect {
            return status;
        }
        self.finish(status)
    }

    /// End the session: atexit callbacks, `__main__`'s objects, the standard streams;
    /// returns `status` (or ends the process after an uncaught KeyboardInterrupt).
    pub fn finish(&mut self, status: i32) -> i32 {
        let vm = &self.vm;
        if let Some(hook) = EXIT_HOOK.with(|h| h.get()) {
            crate::memory::with_vm_entered(vm, || hook(vm));
        }
        crate::sys::set_finalizing();
        // __main__'s globals go first, so their __del__ methods still see the streams.
        if let Some(globals) = self.main_globals.take() {
            crate::memory::with_vm_entered(vm, || crate::gc::finalize_main(vm, &globals));
        }
        crate::sys::finalize_io(vm);
        if UNHANDLED_KEYBOARD_INTERRUPT.with(|f| f.get()) {
            exit_sigint();
        }
        status
    }

    /// Print an uncaught exception (or handle SystemExit); the exit status.
    fn report(&self, e: ObjRef) -> i32 {
        let vm = &self.vm;
        crate::sys::flush_std_streams(vm);
        let _ = std::io::stdout().flush();
        if vm.exc_matches(&e, &vm.exc.keyboard_interrupt) {
            UNHANDLED_KEYBOARD_INTERRUPT.with(|f| f.set(true));
        }
        crate::traceback::report_uncaught(vm, &e)
    }
}
