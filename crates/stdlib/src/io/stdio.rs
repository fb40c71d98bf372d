//! `open()`, `open_code()`, `text_encoding()`, and the standard streams: installing
//! `sys.stdin/stdout/stderr` as CPython's `create_stdio` builds them (TextIOWrapper over
//! a buffered FileIO on fds 0-2, line-buffered on a tty and for stderr, write-through
//! under -u/PYTHONUNBUFFERED, PYTHONIOENCODING honoured), `builtins.open`, and flushing
//! everything at exit.

use pyrs_vm::objects::dict;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use super::buffered::{init_buffered, Buffered};
use super::fileio::{new_fileio, FileIO};
use super::textio::init_textio;
use super::{bind, types};

/// Parsed `open()` mode.
struct Mode {
    creating: bool,
    reading: bool,
    writing: bool,
    appending: bool,
    updating: bool,
    text: bool,
    binary: bool,
}

fn parse_open_mode(vm: &Vm, mode: &str) -> PyResult<Mode> {
    let mut m = Mode {
        creating: false,
        reading: false,
        writing: false,
        appending: false,
        updating: false,
        text: false,
        binary: false,
    };
    let mut seen = String::new();
    for c in mode.chars() {
        if !"xrwa+tb".contains(c) || seen.contains(c) {
            return Err(vm.value_error(format!("invalid mode: '{mode}'")));
        }
        seen.push(c);
        match c {
            'x' => m.creating = true,
            'r' => m.reading = true,
            'w' => m.writing = true,
            'a' => m.appending = true,
            '+' => m.updating = true,
            't' => m.text = true,
            _ => m.binary = true,
        }
    }
    if m.text && m.binary {
        return Err(vm.value_error("can't have text and binary mode at once"));
    }
    let n = m.creating as u8 + m.reading as u8 + m.writing as u8 + m.appending as u8;
    if n > 1 {
        return Err(vm.value_error("must have exactly one of create/read/write/append mode"));
    }
    Ok(m)
}

/// `open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None,
/// closefd=True, opener=None)`.
pub fn io_open(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind(
        vm,
        "open",
        &args,
        0,
        &[
            "file",
            "mode",
            "buffering",
            "encoding",
            "errors",
            "newline",
            "closefd",
            "opener",
        ],
        1,
    )?;
    let file = a[0].clone().unwrap_or(Value::None);
    let mode = match &a[1] {
        None => "r".to_string(),
        Some(m) => super::str_arg(vm, "open", "mode", m)?,
    };
    let buffering = match &a[2] {
        None => -1,
        Some(v @ (Value::Int(_) | Value::Bool(_))) => vm.to_index(v)?,
        Some(v) if pyrs_vm::objects::int::is_int(v) => vm.to_index(v)?,
        Some(v) => {
            return Err(vm.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(v)
            )))
        }
    };
    let encoding = super::opt_str_arg(vm, "open", "encoding", a[3].as_ref())?;
    let errors = super::opt_str_arg(vm, "open", "errors", a[4].as_ref())?;
    let newline = super::opt_str_arg(vm, "open", "newline", a[5].as_ref())?;
    let closefd = match &a[6] {
        None => true,
        Some(v) => vm.is_true(v)?,
    };
    let opener = a[7].clone().unwrap_or(Value::None);
    open_impl(
        vm, &file, &mode, buffering, encoding, errors, newline, closefd, &opener,
    )
}

#[allow(clippy::too_many_arguments)]
fn open_impl(
    vm: &Vm,
    file: &Value,
    mode: &str,
    mut buffering: i64,
    encoding: Option<String>,
    errors: Option<String>,
    newline: Option<String>,
    closefd: bool,
    opener: &Value,
) -> PyResult<Value> {
    let m = parse_open_mode(vm, mode)?;
    if m.binary && encoding.is_some() {
        return Err(vm.value_error("binary mode doesn't take an encoding argument"));
    }
    if m.binary && errors.is_some() {
        return Err(vm.value_error("binary mode doesn't take an errors argument"));
    }
    if m.binary && newline.is_some() {
        return Err(vm.value_error("binary mode doesn't take a newline argument"));
    }
    if m.binary && buffering == 1 {
        warn_runtime(
            vm,
            "line buffering (buffering=1) isn't supported in binary mode, the default buffer size will be used",
        )?;
    }
    let mut rawmode = String::new();
    if m.creating {
        rawmode.push('x');
    }
    if m.reading {
        rawmode.push('r');
    }
    if m.writing {
        rawmode.push('w');
    }
    if m.appending {
        rawmode.push('a');
    }
    if m.updating {
        rawmode.push('+');
    }
    let raw = new_fileio(vm, file, &rawmode, closefd, opener)?;
    let result = (|| -> PyResult<Value> {
        let fio = raw
            .as_obj()
            .and_then(|o| o.payload.native::<FileIO>())
            .ok_or_else(|| vm.runtime_error("lost FileIO state"))?;
        let mut line_buffering = false;
        if buffering == 1 || buffering < 0 {
            // SAFETY: isatty on a descriptor.
            let tty = unsafe { libc::isatty(fio.fd.get()) } == 1;
            if buffering == 1 || tty {
                buffering = -1;
                line_buffering = true;
            }
        }
        if buffering < 0 {
            buffering = fio.blksize.get();
            if buffering <= 1 {
                buffering = super::DEFAULT_BUFFER_SIZE as i64;
            }
        }
        if buffering == 0 {
            if m.binary {
                return Ok(raw.clone());
            }
            return Err(vm.value_error("can't have unbuffered text I/O"));
        }
        let t = types(vm);
        let cls = if m.updating {
            &t.buffered_random
        } else if m.creating || m.writing || m.appending {
            &t.buffered_writer
        } else {
            &t.buffered_reader
        };
        let buffer = Value::Obj(vm.new_native_object(cls, Buffered::new()));
        init_buffered(vm, &buffer, raw.clone(), Some(&Value::Int(buffering)))?;
        if m.binary {
            return Ok(buffer);
        }
        let text = new_textio(vm)?;
        init_textio(
            vm,
            &text,
            buffer,
            encoding.clone(),
            errors.clone(),
            newline.clone(),
            line_buffering,
            false,
        )?;
        if let Some(d) = text.as_obj().and_then(|o| o.dict()) {
            dict::set_str(&d, &vm.intern("mode"), vm.new_str(mode));
        }
        Ok(text)
    })();
    if result.is_err() {
        if let Some(f) = raw.as_obj().and_then(|o| o.payload.native::<FileIO>()) {
            let _ = f.close_fd(vm);
        }
    }
    result
}

fn new_textio(vm: &Vm) -> PyResult<Value> {
    let t = types(vm);
    super::textio::textio_new(vm, Args::new(&[Value::Obj(t.textiowrapper.clone())]))
}

fn warn_runtime(vm: &Vm, msg: &str) -> PyResult<()> {
    if let Ok(w) = pyrs_vm::import::import_module(vm, "warnings") {
        if let Ok(f) = vm.get_attr_str(&w, "warn") {
            vm.call(
                &f,
                Args::new(&[
                    vm.new_str(msg),
                    Value::Obj(vm.exc.runtime_warning.clone()),
                    Value::Int(2),
                ]),
            )?;
        }
    }
    Ok(())
}

/// `open_code(path)`: the file opened for reading as bytes.
pub fn io_open_code(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind(vm, "open_code", &args, 0, &["path"], 1)?;
    let p = a[0].clone().unwrap_or(Value::None);
    if p.as_obj().and_then(|o| o.payload.as_str()).is_none() {
        return Err(vm.type_error(format!(
            "open_code() argument 'path' must be str, not {}",
            vm.type_name(&p)
        )));
    }
    open_impl(vm, &p, "rb", -1, None, None, None, true, &Value::None)
}

/// `text_encoding(encoding, stacklevel=2)`: "locale" for None.
pub fn io_text_encoding(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind(
        vm,
        "text_encoding",
        &args,
        0,
        &["encoding", "stacklevel"],
        1,
    )?;
    match &a[0] {
        Some(Value::None) | None => Ok(vm.new_str("locale")),
        Some(v) => Ok(v.clone()),
    }
}

// ----- the standard streams -----------------------------------------------------------------

/// The encoding and error handler of the standard streams (PYTHONIOENCODING, else
/// UTF-8 with surrogateescape in the C/POSIX/C.UTF-8 locales, strict otherwise).
fn stdio_encoding(vm: &Vm) -> (String, String, bool) {
    let env = if vm.config.ignore_environment {
        None
    } else {
        std::env::var("PYTHONIOENCODING")
            .ok()
            .filter(|s| !s.is_empty())
    };
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "C".to_string());
    let c_locale = matches!(
        locale.as_str(),
        "C" | "POSIX" | "C.UTF-8" | "C.utf8" | "C.utf-8"
    );
    let default_errors = if c_locale {
        "surrogateescape"
    } else {
        "strict"
    };
    match env {
        Some(e) => {
            let (enc, err) = match e.split_once(':') {
                Some((a, b)) => (a.to_string(), Some(b.to_string())),
                None => (e.clone(), None),
            };
            let enc_given = !enc.is_empty();
            let enc = if enc_given {
                canonical_name(&enc)
            } else {
                "utf-8".into()
            };
            let err = match err.filter(|x| !x.is_empty()) {
                Some(x) => x,
                None if enc_given => "strict".to_string(),
                None => default_errors.to_string(),
            };
            (enc, err, true)
        }
        None => ("utf-8".to_string(), default_errors.to_string(), false),
    }
}

/// The name CPython's codec registry reports for common encodings.
fn canonical_name(enc: &str) -> String {
    match pyrs_vm::codecs::Builtin::lookup(enc) {
        Some(pyrs_vm::codecs::Builtin::Utf8) => "utf-8".into(),
        Some(pyrs_vm::codecs::Builtin::Latin1) => "iso8859-1".into(),
        Some(pyrs_vm::codecs::Builtin::Ascii) => "ascii".into(),
        Some(b) => b.name().into(),
        None => enc.to_string(),
    }
}

fn create_stdio(vm: &Vm, fd: i32, write: bool, name: &str, errors: &str) -> PyResult<Value> {
    // A closed descriptor gives None, as in CPython.
    // SAFETY: fstat fills a struct we own.
    let valid = unsafe {
        let mut st: libc::stat = std::mem::zeroed();
        libc::fstat(fd, &mut st) == 0
    };
    if !valid {
        return Ok(Value::None);
    }
    let (encoding, _, _) = stdio_encoding(vm);
    let buffered_stdio = !vm.config.unbuffered;
    let raw = new_fileio(
        vm,
        &Value::Int(fd as i64),
        if write { "wb" } else { "rb" },
        false,
        &Value::None,
    )?;
    let fio = raw
        .as_obj()
        .and_then(|o| o.payload.native::<FileIO>())
        .ok_or_else(|| vm.runtime_error("lost FileIO state"))?;
    if let Some(d) = raw.as_obj().and_then(|o| o.dict()) {
        dict::set_str(&d, &vm.intern("name"), vm.new_str(name));
    }
    // SAFETY: isatty on a descriptor.
    let isatty = unsafe { libc::isatty(fd) } == 1;
    let buf = if !buffered_stdio && write {
        raw.clone()
    } else {
        let t = types(vm);
        let cls = if write {
            &t.buffered_writer
        } else {
            &t.buffered_reader
        };
        let b = Value::Obj(vm.new_native_object(cls, Buffered::new()));
        let size = fio.blksize.get().max(1);
        init_buffered(vm, &b, raw.clone(), Some(&Value::Int(size)))?;
        b
    };
    let line_buffering = buffered_stdio && (isatty || fd == 2);
    let text = new_textio(vm)?;
    init_textio(
        vm,
        &text,
        buf,
        Some(encoding),
        Some(errors.to_string()),
        Some("\n".to_string()),
        line_buffering,
        !buffered_stdio,
    )?;
    if let Some(d) = text.as_obj().and_then(|o| o.dict()) {
        dict::set_str(
            &d,
            &vm.intern("mode"),
            vm.new_str(if write { "w" } else { "r" }),
        );
    }
    Ok(text)
}

/// Install `_io`'s pieces into a fresh VM: `builtins.open`, `sys.std*`, the exit flush.
pub fn install(vm: &Vm) -> PyResult<()> {
    let t = types(vm);
    dict::set_str(&vm.modules, &vm.intern("_io"), Value::Obj(t.module.clone()));
    if let Some(d) = t.module.dict() {
        if let Some(open) = dict::get_str(&d, &vm.intern("open")) {
            dict::set_str(&vm.builtins_dict, &vm.intern("open"), open);
        }
    }
    let (_, errors, _) = stdio_encoding(vm);
    let streams = [
        ("stdin", 0, false, "<stdin>", errors.clone()),
        ("stdout", 1, true, "<stdout>", errors.clone()),
        (
            "stderr",
            2,
            true,
            "<stderr>",
            "backslashreplace".to_string(),
        ),
    ];
    for (attr, fd, write, name, err) in streams {
        let s = create_stdio(vm, fd, write, name, &err)?;
        dict::set_str(&vm.sys_dict, &vm.intern(attr), s.clone());
        dict::set_str(&vm.sys_dict, &vm.intern(&format!("__{attr}__")), s);
    }
    pyrs_vm::sys::register_exit_hook(at_exit);
    Ok(())
}

/// At exit (after sys.stdout and sys.stderr were flushed): write out what every live
/// text wrapper and buffered writer still holds, as their deallocation would.
fn at_exit(_vm: &Vm) {
    super::textio::flush_all_at_exit();
    super::buffered::flush_all_at_exit();
}
