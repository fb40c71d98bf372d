//! The bytecode cache as import uses it (importlib's `SourceLoader.get_code`,
//! `SourcelessFileLoader` and `_cache_bytecode`): find `__pycache__/NAME.pyrs-311.pyc`,
//! check its header against the source, run it, or compile the source and write the
//! cache atomically. The formats themselves are in `pyrs-marshal`.
//!
//! Where this differs from CPython: a cache file whose header matches but whose body is
//! truncated or damaged (bad marshal data, a code object that fails validation, or a
//! missing or wrong integrity trailer, see `pyrs_marshal::read_pyc_code`) is recompiled
//! and replaced quietly, where CPython's `_compile_bytecode` raises.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use pyrs_compiler::bytecode::CodeObject;
use pyrs_marshal::{PycError, PycSource};

use crate::memory::ObjRef;
use crate::objects::dict;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

/// How many source files the process compiled for import (read by
/// `sys._pyrs_compile_count()`, which the cache tests use to see a cache hit).
static COMPILE_COUNT: AtomicU64 = AtomicU64::new(0);

/// Note one compilation of source text.
pub fn count_compile() {
    COMPILE_COUNT.fetch_add(1, Ordering::Relaxed);
}

/// `--check-hash-based-pycs`: when hash-based .pyc files are checked against their
/// source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashCheck {
    /// Checked files are checked, unchecked ones are not.
    Default,
    Always,
    Never,
}

impl HashCheck {
    pub fn from_option(value: &str) -> HashCheck {
        match value {
            "always" => HashCheck::Always,
            "never" => HashCheck::Never,
            _ => HashCheck::Default,
        }
    }
}

/// Code for a module, and the file its cache lives in (`__cached__`).
pub struct ModuleCode {
    pub code: Arc<CodeObject>,
    pub cached: Option<String>,
}

/// What the cache may do now, from `sys` (which Python code may change at any time).
struct CacheSettings {
    tag: Option<String>,
    prefix: Option<PathBuf>,
    write: bool,
}

fn sys_value(vm: &Vm, name: &str) -> Option<Value> {
    dict::get_str(&vm.sys_dict, &vm.intern(name))
}

fn str_value(v: &Value) -> Option<String> {
    match v {
        Value::Obj(o) if o.payload.as_str().is_some() => {
            Some(crate::objects::str::as_rust_str(o).to_string())
        }
        _ => None,
    }
}

fn cache_settings(vm: &Vm) -> PyResult<CacheSettings> {
    let tag = match sys_value(vm, "implementation") {
        Some(implementation) => match vm.get_attr_opt(&implementation, &vm.intern("cache_tag"))? {
            Some(tag) => str_value(&tag),
            None => None,
        },
        None => None,
    };
    let prefix = sys_value(vm, "pycache_prefix")
        .as_ref()
        .and_then(str_value)
        .map(PathBuf::from);
    let write = match sys_value(vm, "dont_write_bytecode") {
        Some(v) => !vm.is_true(&v)?,
        None => true,
    };
    Ok(CacheSettings { tag, prefix, write })
}

/// The optimization part of cache names (`''`, `'1'`, `'2'`).
fn optimization(vm: &Vm) -> String {
    match vm.config.optimize {
        0 => String::new(),
        n => n.to_string(),
    }
}

/// `importlib.util.cache_from_source(path)` as this interpreter is set up now; None when
/// there is no cache tag (or the path has none).
pub fn cache_path(vm: &Vm, source_path: &str) -> PyResult<Option<PathBuf>> {
    let settings = cache_settings(vm)?;
    Ok(cache_path_with(vm, &settings, source_path))
}

fn cache_path_with(vm: &Vm, settings: &CacheSettings, source_path: &str) -> Option<PathBuf> {
    let tag = settings.tag.as_deref()?;
    pyrs_marshal::cache_from_source(
        Path::new(source_path),
        &optimization(vm),
        tag,
        settings.prefix.as_deref(),
    )
    .ok()
}

/// `int(os.stat(path).st_mtime)`: the float time truncated toward zero.
fn mtime_seconds(meta: &std::fs::Metadata) -> i64 {
    use std::os::unix::fs::MetadataExt;
    let seconds = meta.mtime();
    if seconds < 0 && meta.mtime_nsec() > 0 {
        seconds + 1
    } else {
        seconds
    }
}

/// Compile source bytes read from `path` (decoding them per PEP 263).
pub fn compile_source_bytes(vm: &Vm, bytes: &[u8], path: &str) -> PyResult<Arc<CodeObject>> {
    let source = match pyrs_parser::source::decode(bytes) {
        Ok(s) => s,
        Err(err) => {
            return Err(crate::interpreter::syntax_error_object(
                vm,
                &err.to_syntax_error(),
                path,
            ))
        }
    };
    count_compile();
    match pyrs_compiler::compile_source(
        &source,
        path,
        pyrs_compiler::Mode::Exec,
        vm.config.optimize,
    ) {
        Ok(code) => Ok(code),
        Err(err) => Err(crate::interpreter::syntax_error_object(vm, &err, path)),
    }
}

/// A code object read from a .pyc body, checked and renamed to `source_path` as
/// `_imp._fix_co_filename` does.
fn code_from_pyc(data: &[u8], source_path: &str) -> Result<Arc<CodeObject>, PycError> {
    let code = pyrs_marshal::read_pyc_code(data, true)?;
    Ok(pyrs_marshal::fix_co_filename(&code, source_path))
}

/// `SourceLoader.get_code` for the source file `source_path` of module `fullname`: the
/// cached code when the cache matches the source, else the compiled source (written to
/// the cache when allowed). `source_meta` is the source's status when the caller has
/// just taken it (else it is taken here).
pub fn source_module_code(
    vm: &Vm,
    fullname: &str,
    source_path: &str,
    source_meta: Option<&std::fs::Metadata>,
) -> PyResult<ModuleCode> {
    let _ = fullname;
    let settings = cache_settings(vm)?;
    let bytecode_path = cache_path_with(vm, &settings, source_path);
    let cached = bytecode_path
        .as_ref()
        .map(|p| p.to_string_lossy().into_owned());
    let mut source_mtime = None;
    let mut source_bytes: Option<Vec<u8>> = None;
    let mut hash_based = None;
    if let Some(bytecode_path) = &bytecode_path {
        let meta = match source_meta {
            Some(meta) => Ok(meta.clone()),
            None => std::fs::metadata(source_path),
        };
        if let Ok(meta) = meta {
            source_mtime = Some(mtime_seconds(&meta));
            let found = with_read_buffer(bytecode_path, |data| {
                let check = check_cached(vm, data, source_path, &meta, &mut source_bytes);
                hash_based = check.hash_based;
                if check.usable {
                    code_from_pyc(data, source_path).ok()
                } else {
                    None
                }
            });
            if let Some(code) = found.flatten() {
                return Ok(ModuleCode { code, cached });
            }
        }
    }
    let source_bytes = match source_bytes {
        Some(bytes) => bytes,
        None => std::fs::read(source_path).map_err(|err| os_error(vm, &err, source_path))?,
    };
    let code = compile_source_bytes(vm, &source_bytes, source_path)?;
    if let (true, Some(bytecode_path), Some(mtime)) = (settings.write, &bytecode_path, source_mtime)
    {
        let data = match hash_based {
            Some(check_source) => pyrs_marshal::write_pyc_hash(
                &code,
                pyrs_marshal::source_hash(&source_bytes),
                check_source,
            ),
            None => pyrs_marshal::write_pyc(&code, mtime, source_bytes.len() as u64),
        };
        if let Ok(data) = data {
            cache_bytecode(source_path, bytecode_path, &data);
        }
    }
    Ok(ModuleCode { code, cached })
}

thread_local! {
    /// The buffer cache files are read into, kept from one import to the next (a fresh
    /// allocation of a whole file per import costs more than reading it). Its bytes are
    /// initialized (zeros at first): files are read into it directly.
    static READ_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Read `file` to its end into `buffer` (grown as needed; its length is its capacity):
/// the number of bytes read. Unlike `read_to_end`, this asks the system for no size
/// hint (an `fstat` and an `lseek` per file).
fn read_into(file: &mut std::fs::File, buffer: &mut Vec<u8>) -> std::io::Result<usize> {
    use std::io::Read;
    let mut filled = 0;
    loop {
        if filled == buffer.len() {
            let grown = (buffer.len() * 2).max(64 * 1024);
            buffer.resize(grown, 0);
        }
        match file.read(&mut buffer[filled..]) {
            Ok(0) => return Ok(filled),
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Call `f` with the contents of the file at `path` (None when it cannot be read).
fn with_read_buffer<T>(path: &Path, f: impl FnOnce(&[u8]) -> T) -> Option<T> {
    let mut file = std::fs::File::open(path).ok()?;
    // A nested import (none happens while `f` runs, but be safe) gets a buffer of its own.
    let mut buffer = READ_BUFFER
        .with(|b| b.try_borrow_mut().map(|mut b| std::mem::take(&mut *b)))
        .unwrap_or_default();
    let result = match read_into(&mut file, &mut buffer) {
        Ok(n) => Some(f(&buffer[..n])),
        Err(_) => None,
    };
    drop(file);
    // Keep a buffer of ordinary size for the next import.
    if buffer.len() <= 1 << 20 {
        READ_BUFFER.with(|b| {
            if let Ok(mut b) = b.try_borrow_mut() {
                *b = buffer;
            }
        });
    }
    result
}

/// What a cache file's header says.
struct CacheCheck {
    /// The header is valid and matches the source (as far as it is checked).
    usable: bool,
    /// `Some(check_source)` for a hash-based file (rewritten hash-based when stale).
    hash_based: Option<bool>,
}

/// `_classify_pyc` then `_validate_hash_pyc` or `_validate_timestamp_pyc`; reads the
/// source into `source_bytes` when it hashes it.
fn check_cached(
    vm: &Vm,
    data: &[u8],
    source_path: &str,
    meta: &std::fs::Metadata,
    source_bytes: &mut Option<Vec<u8>>,
) -> CacheCheck {
    let Ok(header) = pyrs_marshal::read_pyc_header(data) else {
        return CacheCheck {
            usable: false,
            hash_based: None,
        };
    };
    match header.source {
        PycSource::Hash { check_source, .. } => {
            let hash_based = Some(check_source);
            let mode = HashCheck::from_option(&vm.config.check_hash_based_pycs);
            let check = mode != HashCheck::Never && (check_source || mode == HashCheck::Always);
            if !check {
                return CacheCheck {
                    usable: true,
                    hash_based,
                };
            }
            let Ok(bytes) = std::fs::read(source_path) else {
                return CacheCheck {
                    usable: false,
                    hash_based,
                };
            };
            let hash = pyrs_marshal::source_hash(&bytes);
            *source_bytes = Some(bytes);
            CacheCheck {
                usable: pyrs_marshal::validate_hash(&header, hash).is_ok(),
                hash_based,
            }
        }
        PycSource::Timestamp { .. } => CacheCheck {
            usable: pyrs_marshal::validate_timestamp(
                &header,
                mtime_seconds(meta),
                Some(meta.len()),
            )
            .is_ok(),
            hash_based: None,
        },
    }
}

/// `SourceFileLoader._cache_bytecode`: create the missing directories, then write the file
/// atomically with the source's permission bits (plus owner write). Any failure (a
/// read-only directory, a full disk) just means no cache.
fn cache_bytecode(source_path: &str, bytecode_path: &Path, data: &[u8]) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(source_path)
        .map(|m| m.permissions().mode())
        .unwrap_or(0o666)
        | 0o200;
    if let Some(parent) = bytecode_path.parent() {
        if !parent.as_os_str().is_empty() && !parent.is_dir() {
            // Create each missing directory in turn, as `set_data` does.
            let mut missing = Vec::new();
            let mut dir = parent;
            while !dir.as_os_str().is_empty() && !dir.is_dir() {
                missing.push(dir);
                match dir.parent() {
                    Some(p) => dir = p,
                    None => break,
                }
            }
            for dir in missing.into_iter().rev() {
                match std::fs::create_dir(dir) {
                    Ok(()) => {}
                    Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {}
                    Err(_) => return,
                }
            }
        }
    }
    let _ = write_atomic(bytecode_path, data, mode & 0o666);
}

/// `_write_atomic`: write to a temporary file beside `path` (created exclusively), then
/// rename it over `path`, so that a reader sees the old file or the whole new one.
pub fn write_atomic(path: &Path, data: &[u8], mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    static UNIQUE: AtomicU64 = AtomicU64::new(0);
    let mut temp = path.as_os_str().to_owned();
    temp.push(format!(
        ".{}.{}",
        std::process::id(),
        UNIQUE.fetch_add(1, Ordering::Relaxed)
    ));
    let temp = PathBuf::from(temp);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(&temp)?;
    let written = file.write_all(data).and_then(|_| file.flush());
    drop(file);
    let result = written.and_then(|_| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// `SourcelessFileLoader.get_code`: a legacy `NAME.pyc` without its source. Errors are
/// importlib's (bad magic number, truncated header, bad marshal data).
pub fn sourceless_module_code(vm: &Vm, fullname: &str, pyc_path: &str) -> PyResult<ModuleCode> {
    let data = std::fs::read(pyc_path).map_err(|err| os_error(vm, &err, pyc_path))?;
    match pyrs_marshal::read_pyc(&data) {
        Ok((_, code)) => Ok(ModuleCode {
            code,
            cached: Some(pyc_path.to_string()),
        }),
        Err(err) => Err(pyc_error(vm, &err, fullname, pyc_path)),
    }
}

/// The Python exception importlib raises for an unusable .pyc.
pub fn pyc_error(vm: &Vm, err: &PycError, name: &str, path: &str) -> ObjRef {
    let msg = err.message(name, path);
    let ty = match err.exception_name() {
        "EOFError" => &vm.exc.eof_error,
        "ValueError" => &vm.exc.value_error,
        "TypeError" => &vm.exc.type_error,
        _ => &vm.exc.import_error,
    };
    let e = vm.new_exception_msg(ty, msg);
    if ty.is(&vm.exc.import_error) {
        vm.set_exc_attr(&e, &vm.names.name, vm.new_str(name));
        vm.set_exc_attr(&e, &vm.intern("path"), vm.new_str(path));
    }
    e
}

/// An `OSError` (or the subclass its errno selects) for a file that could not be read.
pub fn os_error(vm: &Vm, err: &std::io::Error, path: &str) -> ObjRef {
    let errno = err.raw_os_error().unwrap_or(0);
    let text = err.to_string();
    let text = match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    let args = [
        Value::Int(i64::from(errno)),
        vm.new_str(text),
        vm.new_str(path),
    ];
    match vm.call(&Value::Obj(vm.exc.os_error.clone()), Args::new(&args)) {
        Ok(Value::Obj(e)) => e,
        Ok(_) => vm.new_exception_msg(&vm.exc.os_error, format!("cannot read {path}")),
        Err(e) => e,
    }
}

fn compile_count(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(COMPILE_COUNT.load(Ordering::Relaxed) as i64))
}

/// The attributes of `sys` that belong to the cache: `pycache_prefix` and the
/// `_pyrs_compile_count()` probe (`dont_write_bytecode` is set with the other flags).
pub fn init_sys(vm: &Vm) {
    let prefix = match &vm.config.pycache_prefix {
        Some(p) => vm.new_str(p.clone()),
        None => Value::None,
    };
    dict::set_str(&vm.sys_dict, &vm.intern("pycache_prefix"), prefix);
    vm.add_module_fn(&vm.sys, "_pyrs_compile_count", compile_count);
    vm.register_native_module("marshal", crate::marshal::init);
    // `_imp` itself is crate::imp.
}

// ----- _imp and importlib's bytecode functions ---------------------------------------
//
// CPython's `importlib._bootstrap_external` (pure Python, from Lib) hard-codes CPython's
// magic number and writes .pyc files with it. pyrs lets Lib's importlib run as it is and
// fixes the module up right after it is executed (`fix_bootstrap_external`, called by
// import): `MAGIC_NUMBER` and `_RAW_MAGIC_NUMBER` become pyrs's, and the two functions
// that build .pyc data become native ones that write what pyrs's own cache writes
// (header, code, integrity trailer). `cache_from_source`/`source_from_cache` need no
// change: they follow `sys.implementation.cache_tag` and `sys.pycache_prefix`.
// `importlib.util` copies `MAGIC_NUMBER` when it is imported, after the fix-up.

/// The bytes of a bytes-like argument.
fn bytes_arg(vm: &Vm, v: Option<&Value>, what: &str) -> PyResult<Vec<u8>> {
    if let Some(Value::Obj(o)) = v {
        match &o.payload {
            crate::object::Payload::Bytes(b) => return Ok(b.to_vec()),
            crate::object::Payload::ByteArray(b) => return Ok(b.borrow().clone()),
            _ => {}
        }
    }
    Err(vm.type_error(format!(
        "{what}: a bytes-like object is required, not '{}'",
        v.map(|v| vm.type_name(v))
            .unwrap_or_else(|| "NoneType".into())
    )))
}

/// The compiler's code object behind a code value.
fn code_arg(vm: &Vm, v: Option<&Value>) -> PyResult<Arc<CodeObject>> {
    match v {
        Some(Value::Obj(o)) => match &o.payload {
            crate::object::Payload::Code(cd) => Ok(cd.code.clone()),
            _ => Err(vm.type_error("expected a code object")),
        },
        _ => Err(vm.type_error("expected a code object")),
    }
}

fn pyc_value(vm: &Vm, data: Result<Vec<u8>, pyrs_marshal::MarshalError>) -> PyResult<Value> {
    match data {
        Ok(data) => Ok(vm.new_bytes(data)),
        Err(e) => Err(crate::marshal::marshal_error(vm, &e)),
    }
}

/// `_pack_uint32`'s view of a number: `int(x)` (py_compile passes `st_mtime`, a float),
/// modulo 2**32 when written.
fn uint32_arg(vm: &Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Float(f) if f.is_finite() => Ok(f.trunc() as i64),
        _ => {
            let i = vm.call1(&Value::Obj(vm.types.int.clone()), v.clone())?;
            match i {
                Value::Int(i) => Ok(i),
                other => {
                    let masked = vm.call_method(&other, "__and__", &[Value::Int(0xFFFF_FFFF)])?;
                    vm.to_index(&masked)
                }
            }
        }
    }
}

/// `_code_to_timestamp_pyc(code, mtime=0, source_size=0)`, pyrs's file.
fn native_code_to_timestamp_pyc(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let code = code_arg(vm, pos.first())?;
    let mtime = match pos.get(1) {
        Some(v) => uint32_arg(vm, v)?,
        None => 0,
    };
    let size = match pos.get(2) {
        Some(v) => uint32_arg(vm, v)?,
        None => 0,
    };
    pyc_value(vm, pyrs_marshal::write_pyc(&code, mtime, size as u64))
}

/// `_code_to_hash_pyc(code, source_hash, checked=True)`, pyrs's file.
fn native_code_to_hash_pyc(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let code = code_arg(vm, pos.first())?;
    let hash = bytes_arg(vm, pos.get(1), "_code_to_hash_pyc()")?;
    let hash: [u8; 8] = hash
        .try_into()
        .map_err(|_| vm.value_error("source hash must be 8 bytes"))?;
    let checked = match pos.get(2) {
        Some(v) => vm.is_true(v)?,
        None => true,
    };
    pyc_value(vm, pyrs_marshal::write_pyc_hash(&code, hash, checked))
}

/// Called by import once `importlib._bootstrap_external` has been executed: give it
/// pyrs's magic number and .pyc writers (see the comment above `imp_init`).
pub fn fix_bootstrap_external(vm: &Vm, module: &Value) -> PyResult<()> {
    let set = |name: &str, v: Value| vm.set_attr(module, &vm.intern(name), v);
    set(
        "MAGIC_NUMBER",
        vm.new_bytes(pyrs_marshal::MAGIC_NUMBER.to_vec()),
    )?;
    set(
        "_RAW_MAGIC_NUMBER",
        Value::Int(i64::from(pyrs_marshal::RAW_MAGIC_NUMBER)),
    )?;
    set(
        "_code_to_timestamp_pyc",
        vm.new_builtin(
            "_code_to_timestamp_pyc",
            native_code_to_timestamp_pyc,
            Value::Null,
        ),
    )?;
    set(
        "_code_to_hash_pyc",
        vm.new_builtin("_code_to_hash_pyc", native_code_to_hash_pyc, Value::Null),
    )?;
    Ok(())
}
