//! The `_io` module (CPython's Modules/_io): the I/O class hierarchy that Lib's `io.py`
//! re-exports, written natively because every program's file and console traffic goes
//! through it.
//!
//! Files: `iobase.rs` (`_IOBase`, `_RawIOBase`, `_BufferedIOBase`, `_TextIOBase`: the
//! generic methods, written against Python-level calls so that Python subclasses work),
//! `fileio.rs` (`FileIO`, raw unbuffered access to a file descriptor), `buffered.rs`
//! (`BufferedReader`, `BufferedWriter`, `BufferedRandom`, `BufferedRWPair`), `textio.rs`
//! (`TextIOWrapper`, `IncrementalNewlineDecoder`), `bytesio.rs`, `stringio.rs`, and
//! `stdio.rs` (`sys.stdin/stdout/stderr`, `open` in builtins, flushing at exit).
//!
//! Layers talk to each other natively when the object below is exactly one of ours
//! (`TextIOWrapper` over a native `BufferedWriter` over a native `FileIO` never goes
//! through Python calls); anything else (Python subclasses, user objects) is called
//! through its Python methods, as CPython does.

pub mod buffered;
pub mod bytesio;
pub mod fileio;
pub mod iobase;
pub mod stdio;
pub mod stringio;
pub mod textio;

use std::cell::OnceCell;

use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::Payload;
use pyrs_vm::objects::str as pystr;
use pyrs_vm::objects::typeobj::tdata;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

pub const DEFAULT_BUFFER_SIZE: usize = 8192;

/// The types of the module, created once per thread (the VM is single-threaded under
/// the GIL) so that `sys.stdout` and `import _io` agree on them.
pub struct IoTypes {
    pub module: ObjRef,
    pub iobase: ObjRef,
    pub rawiobase: ObjRef,
    pub bufferediobase: ObjRef,
    pub textiobase: ObjRef,
    pub fileio: ObjRef,
    pub bytesio: ObjRef,
    pub stringio: ObjRef,
    pub buffered_reader: ObjRef,
    pub buffered_writer: ObjRef,
    pub buffered_random: ObjRef,
    pub buffered_rwpair: ObjRef,
    pub textiowrapper: ObjRef,
    pub newline_decoder: ObjRef,
    pub unsupported_operation: ObjRef,
}

thread_local! {
    static TYPES: OnceCell<&'static IoTypes> = const { OnceCell::new() };
}

/// The module's types (building the module if needed).
pub fn types(vm: &Vm) -> &'static IoTypes {
    if let Some(t) = TYPES.with(|t| t.get().copied()) {
        return t;
    }
    let t: &'static IoTypes = Box::leak(Box::new(build(vm)));
    TYPES.with(|c| {
        let _ = c.set(t);
    });
    t
}

/// `import _io`.
pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    Ok(types(vm).module.clone())
}

fn build(vm: &Vm) -> IoTypes {
    let module = vm.new_module("_io");
    let m = "_io";
    let iobase = vm.new_native_type(m, "_IOBase", None, true, true);
    let rawiobase = vm.new_native_type(m, "_RawIOBase", Some(&iobase), true, true);
    let bufferediobase = vm.new_native_type(m, "_BufferedIOBase", Some(&iobase), true, true);
    let textiobase = vm.new_native_type(m, "_TextIOBase", Some(&iobase), true, true);
    let fileio = vm.new_native_type(m, "FileIO", Some(&rawiobase), true, true);
    let bytesio = vm.new_native_type(m, "BytesIO", Some(&bufferediobase), true, true);
    let stringio = vm.new_native_type(m, "StringIO", Some(&textiobase), true, true);
    let buffered_reader =
        vm.new_native_type(m, "BufferedReader", Some(&bufferediobase), true, true);
    let buffered_writer =
        vm.new_native_type(m, "BufferedWriter", Some(&bufferediobase), true, true);
    let buffered_random =
        vm.new_native_type(m, "BufferedRandom", Some(&bufferediobase), true, true);
    let buffered_rwpair =
        vm.new_native_type(m, "BufferedRWPair", Some(&bufferediobase), true, true);
    let textiowrapper = vm.new_native_type(m, "TextIOWrapper", Some(&textiobase), true, true);
    let newline_decoder = vm.new_native_type(m, "IncrementalNewlineDecoder", None, true, false);
    let unsupported_operation = make_unsupported_operation(vm);
    let t = IoTypes {
        module,
        iobase,
        rawiobase,
        bufferediobase,
        textiobase,
        fileio,
        bytesio,
        stringio,
        buffered_reader,
        buffered_writer,
        buffered_random,
        buffered_rwpair,
        textiowrapper,
        newline_decoder,
        unsupported_operation,
    };
    iobase::init(vm, &t);
    fileio::init(vm, &t);
    buffered::init(vm, &t);
    bytesio::init(vm, &t);
    stringio::init(vm, &t);
    textio::init(vm, &t);
    let md = t.module.dict().expect("module dict");
    let set = |k: &str, v: Value| pyrs_vm::objects::dict::set_str(&md, &vm.intern(k), v);
    for (name, ty) in [
        ("_IOBase", &t.iobase),
        ("_RawIOBase", &t.rawiobase),
        ("_BufferedIOBase", &t.bufferediobase),
        ("_TextIOBase", &t.textiobase),
        ("FileIO", &t.fileio),
        ("BytesIO", &t.bytesio),
        ("StringIO", &t.stringio),
        ("BufferedReader", &t.buffered_reader),
        ("BufferedWriter", &t.buffered_writer),
        ("BufferedRandom", &t.buffered_random),
        ("BufferedRWPair", &t.buffered_rwpair),
        ("TextIOWrapper", &t.textiowrapper),
        ("IncrementalNewlineDecoder", &t.newline_decoder),
        ("UnsupportedOperation", &t.unsupported_operation),
    ] {
        set(name, Value::Obj(ty.clone()));
    }
    set(
        "BlockingIOError",
        Value::Obj(vm.exc.blocking_io_error.clone()),
    );
    set(
        "DEFAULT_BUFFER_SIZE",
        Value::Int(DEFAULT_BUFFER_SIZE as i64),
    );
    vm.add_module_fn(&t.module, "open", stdio::io_open);
    vm.add_module_fn(&t.module, "open_code", stdio::io_open_code);
    vm.add_module_fn(&t.module, "text_encoding", stdio::io_text_encoding);
    t
}

/// `class UnsupportedOperation(OSError, ValueError)`.
fn make_unsupported_operation(vm: &Vm) -> ObjRef {
    let ns = vm.new_dict_obj();
    pyrs_vm::objects::dict::set_str(&ns, &vm.intern("__module__"), vm.new_str("io"));
    let cls = pyrs_vm::objects::object::create_class(
        vm,
        &vm.types.type_,
        "UnsupportedOperation",
        vec![
            Value::Obj(vm.exc.os_error.clone()),
            Value::Obj(vm.exc.value_error.clone()),
        ],
        &ns,
    );
    match cls {
        Ok(c) => c,
        // Should the VM refuse the two bases, OSError alone keeps `except OSError`
        // working.
        Err(_) => vm.exc.os_error.clone(),
    }
}

// ----- errors --------------------------------------------------------------------------

/// `UnsupportedOperation(msg)`.
#[cold]
pub fn unsupported(vm: &Vm, msg: impl Into<String>) -> ObjRef {
    vm.new_exception_msg(&types(vm).unsupported_operation, msg)
}

/// The text of an errno, as `strerror` gives it.
pub fn strerror(errno: i32) -> String {
    let text = std::io::Error::from_raw_os_error(errno).to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// `OSError(errno, strerror[, filename])`, as the subclass the errno selects.
#[cold]
pub fn os_error(vm: &Vm, errno: i32, filename: Option<&Value>) -> ObjRef {
    let mut args = vec![Value::Int(errno as i64), vm.new_str(strerror(errno))];
    if let Some(f) = filename {
        args.push(f.clone());
    }
    let ty = Value::Obj(vm.exc.os_error.clone());
    match vm.call(&ty, Args::new(&args)) {
        Ok(Value::Obj(e)) => e,
        Ok(_) => vm.new_exception_msg(&vm.exc.os_error, strerror(errno)),
        Err(e) => e,
    }
}

/// The errno of the last failed system call.
pub fn last_errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

#[cold]
pub fn closed_error(vm: &Vm, msg: &str) -> ObjRef {
    vm.value_error(msg.to_string())
}

// ----- arguments -------------------------------------------------------------------------

/// Bind the arguments of a call to `names` (keywords allowed for every name), after
/// skipping `skip` leading positional arguments (the `self` of methods). `min` names are
/// required. CPython's messages for the argument-clinic functions.
pub fn bind(
    vm: &Vm,
    fname: &str,
    args: &Args,
    skip: usize,
    names: &[&str],
    min: usize,
) -> PyResult<Vec<Option<Value>>> {
    let pos = &args.pos()[skip.min(args.pos().len())..];
    let mut out: Vec<Option<Value>> = vec![None; names.len()];
    if pos.len() > names.len() {
        let (kind, n) = if min == names.len() {
            ("exactly", names.len())
        } else {
            ("at most", names.len())
        };
        let s = if n == 1 { "" } else { "s" };
        return Err(vm.type_error(format!(
            "{fname}() takes {kind} {n} argument{s} ({} given)",
            pos.len()
        )));
    }
    for (i, v) in pos.iter().enumerate() {
        out[i] = Some(v.clone());
    }
    for (k, v) in args.kwargs() {
        let key = k.as_obj().map(pystr::as_rust_str).unwrap_or_default();
        match names.iter().position(|n| *n == key) {
            Some(i) => {
                if out[i].is_some() {
                    return Err(vm.type_error(format!(
                        "argument for {fname}() given by name ('{key}') and position ({})",
                        i + 1
                    )));
                }
                out[i] = Some(v.clone());
            }
            None => {
                return Err(vm.type_error(format!(
                    "'{key}' is an invalid keyword argument for {fname}()"
                )))
            }
        }
    }
    for (i, name) in names.iter().enumerate().take(min) {
        if out[i].is_none() {
            return Err(vm.type_error(format!(
                "{fname}() missing required argument '{name}' (pos {})",
                i + 1
            )));
        }
    }
    Ok(out)
}

/// A method's `self`.
pub fn this<'a>(vm: &Vm, args: &Args<'a>) -> PyResult<&'a Value> {
    args.args
        .first()
        .ok_or_else(|| vm.type_error("descriptor needs an argument"))
}

/// The native state `T` of a method's `self`.
pub fn state<'a, T: pyrs_vm::object::NativeData>(
    vm: &Vm,
    v: &'a Value,
    tyname: &str,
) -> PyResult<&'a T> {
    v.as_obj()
        .and_then(|o| o.payload.native::<T>())
        .ok_or_else(|| {
            vm.type_error(format!(
                "descriptor requires a '_io.{tyname}' object but received a '{}'",
                vm.type_name(v)
            ))
        })
}

/// Whether `v` is an instance of a class defined natively (not a Python subclass), so
/// that its Python methods cannot have been overridden.
pub fn is_exact_native(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Native(_)) && !tdata(o.class()).is_heap())
}

/// An optional size argument: None or missing is -1; otherwise an index.
pub fn size_arg(vm: &Vm, v: Option<&Value>) -> PyResult<i64> {
    match v {
        None | Some(Value::None) => Ok(-1),
        Some(v @ Value::Int(_)) | Some(v @ Value::Bool(_)) => vm.to_index(v),
        Some(v) => {
            if vm.lookup_special(v, &vm.names.__index__).is_some()
                || pyrs_vm::objects::int::is_int(v)
            {
                vm.to_index(v)
            } else {
                Err(vm.type_error(format!(
                    "argument should be integer or None, not '{}'",
                    vm.type_name(v)
                )))
            }
        }
    }
}

/// A str argument's text, or a TypeError naming the function and argument.
pub fn str_arg(vm: &Vm, fname: &str, arg: &str, v: &Value) -> PyResult<String> {
    match v.as_obj().and_then(|o| o.payload.as_str()) {
        Some(s) => Ok(s.as_str().to_string()),
        None => Err(vm.type_error(format!(
            "{fname}() argument '{arg}' must be str, not {}",
            vm.type_name(v)
        ))),
    }
}

/// An optional str argument (None allowed).
pub fn opt_str_arg(vm: &Vm, fname: &str, arg: &str, v: Option<&Value>) -> PyResult<Option<String>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => match v.as_obj().and_then(|o| o.payload.as_str()) {
            Some(s) => Ok(Some(s.as_str().to_string())),
            None => Err(vm.type_error(format!(
                "{fname}() argument '{arg}' must be str or None, not {}",
                vm.type_name(v)
            ))),
        },
    }
}

/// The bytes of a bytes-like argument (bytes, bytearray, memoryview, native buffers).
pub fn bytes_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    pyrs_vm::objects::bytes::bytes_from_value(vm, v)
}

/// Copy `data` into a writable buffer argument (`readinto`); the count copied.
pub fn fill_buffer(vm: &Vm, buf: &Value, data: &[u8]) -> PyResult<usize> {
    if let Some(n) = pyrs_vm::objects::memoryview::write_prefix(buf, data) {
        return Ok(n);
    }
    if let Value::Obj(o) = buf {
        if let Payload::ByteArray(b) = &o.payload {
            let mut b = b.borrow_mut();
            let n = data.len().min(b.len());
            b[..n].copy_from_slice(&data[..n]);
            return Ok(n);
        }
        if matches!(o.payload, Payload::Bytes(_)) {
            return Err(vm.type_error(
                "readinto() argument must be read-write bytes-like object, not bytes",
            ));
        }
    }
    Err(vm.type_error(format!(
        "readinto() argument must be read-write bytes-like object, not {}",
        vm.type_name(buf)
    )))
}

/// The length of a writable buffer argument.
pub fn buffer_len(vm: &Vm, buf: &Value) -> PyResult<usize> {
    if let Some(n) = pyrs_vm::objects::memoryview::writable_len(buf) {
        return Ok(n);
    }
    if let Value::Obj(o) = buf {
        if let Payload::ByteArray(b) = &o.payload {
            return Ok(b.borrow().len());
        }
    }
    Err(vm.type_error(format!(
        "readinto() argument must be read-write bytes-like object, not {}",
        vm.type_name(buf)
    )))
}

/// The name a repr uses for the class of `v`: `_io.FileIO` for ours, the bare name for
/// Python subclasses (CPython's `tp_name`).
pub fn repr_type_name(vm: &Vm, v: &Value) -> String {
    let t = vm.type_of(v);
    let name = tdata(t).name();
    if tdata(t).is_heap() {
        name
    } else {
        format!("_io.{name}")
    }
}

/// Get an attribute, None when it is missing (AttributeError swallowed).
pub fn get_attr_opt(vm: &Vm, v: &Value, name: &str) -> PyResult<Option<Value>> {
    match vm.get_attr_str(v, name) {
        Ok(x) => Ok(Some(x)),
        Err(e) if vm.exc_matches(&e, &vm.exc.attribute_error) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A new str from generalized UTF-8.
pub fn new_str_wtf8(vm: &Vm, b: Vec<u8>) -> Value {
    if b.is_empty() {
        return vm.new_str("");
    }
    vm.new_pystr(pystr::PyStr::from_wtf8(b))
}
