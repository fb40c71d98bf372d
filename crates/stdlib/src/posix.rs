//! The `posix` module: the operating system interface Lib's `os.py` builds `os` on.
//!
//! Paths are accepted as str (encoded UTF-8 with surrogateescape, as CPython's
//! filesystem encoding on Linux), bytes or os.PathLike; functions that return names give
//! str for str arguments and bytes for bytes arguments. Every failed system call raises
//! OSError built through `OSError(errno, strerror, filename, None, filename2)`, so that
//! the errno-chosen subclass (FileNotFoundError, ...) and CPython's message follow.
//! Path functions go through the `*at` system calls, so `dir_fd` costs nothing.

use std::cell::{Cell, RefCell};
use std::ffi::{CStr, CString};

use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::{NativeData, Payload};
use pyrs_vm::objects::dict;
use pyrs_vm::objects::str::{push_code_point, PyStr};
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::structseq;

// ----- argument parsing ------------------------------------------------------------------

/// Bind `args` to parameters `names` as Argument Clinic does: the first `npos` may be
/// given by position, the first `required` must be given; CPython's messages otherwise.
pub fn parse_args(
    vm: &Vm,
    args: &Args,
    fname: &str,
    names: &[&str],
    npos: usize,
    required: usize,
) -> PyResult<Vec<Option<Value>>> {
    let pos = args.pos();
    let nkw = args.kwnames.len();
    let maxargs = names.len();
    if pos.len() + nkw > maxargs {
        return Err(vm.type_error(format!(
            "{fname}() takes at most {maxargs} {}argument{} ({} given)",
            if pos.is_empty() { "keyword " } else { "" },
            if maxargs == 1 { "" } else { "s" },
            pos.len() + nkw
        )));
    }
    if pos.len() > npos {
        return Err(vm.type_error(if npos == 0 {
            format!("{fname}() takes no positional arguments")
        } else {
            format!(
                "{fname}() takes {} {npos} positional argument{} ({} given)",
                if required < npos {
                    "at most"
                } else {
                    "exactly"
                },
                if npos == 1 { "" } else { "s" },
                pos.len()
            )
        }));
    }
    let mut out: Vec<Option<Value>> = vec![None; names.len()];
    for (i, v) in pos.iter().enumerate() {
        out[i] = Some(v.clone());
    }
    for (k, v) in args.kwargs() {
        let key = vm.str_string(k)?;
        match names.iter().position(|n| *n == key) {
            Some(i) if out[i].is_some() => {
                return Err(vm.type_error(format!(
                    "argument for {fname}() given by name ('{key}') and position ({})",
                    i + 1
                )))
            }
            Some(i) => out[i] = Some(v.clone()),
            None => {
                return Err(vm.type_error(format!(
                    "'{key}' is an invalid keyword argument for {fname}()"
                )))
            }
        }
    }
    for (i, name) in names.iter().enumerate().take(required) {
        if out[i].is_none() {
            return Err(vm.type_error(format!(
                "{fname}() missing required argument '{name}' (pos {})",
                i + 1
            )));
        }
    }
    Ok(out)
}

/// A METH_NOARGS function's check.
fn no_args(vm: &Vm, args: &Args, fname: &str) -> PyResult<()> {
    if !args.args.is_empty() {
        return Err(vm.type_error(format!(
            "posix.{fname}() takes no arguments ({} given)",
            args.args.len()
        )));
    }
    Ok(())
}

/// A positional-only function's arguments (`f(a, b, /)`): CPython's messages.
fn positional(vm: &Vm, args: &Args, fname: &str, min: usize, max: usize) -> PyResult<Vec<Value>> {
    if args.has_kw() {
        return Err(vm.type_error(format!("{fname}() takes no keyword arguments")));
    }
    let n = args.pos().len();
    if n < min || n > max {
        return Err(vm.type_error(if min == max {
            format!(
                "{fname} expected {min} argument{}, got {n}",
                if min == 1 { "" } else { "s" }
            )
        } else if n < min {
            format!(
                "{fname} expected at least {min} argument{}, got {n}",
                if min == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "{fname} expected at most {max} argument{}, got {n}",
                if max == 1 { "" } else { "s" }
            )
        }));
    }
    Ok(args.pos().to_vec())
}

fn to_i32(vm: &Vm, v: &Value) -> PyResult<i32> {
    let i = vm.to_index(v)?;
    i32::try_from(i).map_err(|_| {
        vm.overflow_error(if i > 0 {
            "signed integer is greater than maximum"
        } else {
            "signed integer is less than minimum"
        })
    })
}

fn to_fd(vm: &Vm, v: &Value) -> PyResult<i32> {
    if let Value::Float(_) = v {
        return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
    }
    let i = vm.to_index(v)?;
    if i < 0 {
        return Err(vm.value_error("fd is less than 0"));
    }
    i32::try_from(i).map_err(|_| vm.overflow_error("fd is greater than maximum"))
}

fn opt_true(vm: &Vm, v: &Option<Value>, default: bool) -> PyResult<bool> {
    match v {
        Some(v) => vm.is_true(v),
        None => Ok(default),
    }
}

/// `dir_fd=None` or an int; AT_FDCWD for None.
fn dir_fd_arg(vm: &Vm, v: &Option<Value>) -> PyResult<i32> {
    match v {
        None | Some(Value::None) => Ok(libc::AT_FDCWD),
        Some(v) => to_fd(vm, v),
    }
}

// ----- paths ---------------------------------------------------------------------------

/// A path argument, converted (CPython's `path_t`).
pub struct PathArg {
    /// The encoded path (no NUL inside), when a path was given.
    pub path: Option<CString>,
    /// The file descriptor, when an int was given (and allowed).
    pub fd: Option<i32>,
    /// Whether the caller gave bytes (results are then bytes too).
    pub is_bytes: bool,
    /// The object as given, for OSError's filename.
    pub object: Value,
}

impl PathArg {
    fn c(&self) -> *const libc::c_char {
        self.path.as_ref().map_or(std::ptr::null(), |p| p.as_ptr())
    }
}

/// Encode a str as the filesystem does: UTF-8, lone surrogates U+DC80..U+DCFF back to
/// the bytes they escape.
pub fn fs_encode(vm: &Vm, s: &PyStr, orig: &Value) -> PyResult<Vec<u8>> {
    if !s.has_surrogates() {
        return Ok(s.as_bytes().to_vec());
    }
    let mut out = Vec::with_capacity(s.as_bytes().len());
    for (i, cp) in s.code_points().enumerate() {
        if (0xDC80..0xDD00).contains(&cp) {
            out.push((cp - 0xDC00) as u8);
        } else if (0xD800..0xE000).contains(&cp) {
            let e = vm.call(
                &Value::Obj(vm.exc.unicode_encode_error.clone()),
                Args::new(&[
                    vm.new_str("utf-8"),
                    orig.clone(),
                    Value::Int(i as i64),
                    Value::Int(i as i64 + 1),
                    vm.new_str("surrogates not allowed"),
                ]),
            )?;
            return Err(match e {
                Value::Obj(o) => o,
                _ => vm.type_error("bad UnicodeEncodeError"),
            });
        } else {
            push_code_point(&mut out, cp);
        }
    }
    Ok(out)
}

/// Decode a name from the filesystem: UTF-8, undecodable bytes as lone surrogates.
pub fn fs_decode(vm: &Vm, b: &[u8]) -> Value {
    if let Ok(s) = std::str::from_utf8(b) {
        return vm.new_str(s);
    }
    let mut out = Vec::with_capacity(b.len() + 8);
    let mut i = 0;
    while i < b.len() {
        match std::str::from_utf8(&b[i..]) {
            Ok(s) => {
                out.extend_from_slice(s.as_bytes());
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.extend_from_slice(&b[i..i + good]);
                let bad = i + good;
                let n = e.error_len().unwrap_or(b.len() - bad);
                for &byte in &b[bad..bad + n] {
                    push_code_point(&mut out, 0xDC00 + u32::from(byte));
                }
                i = bad + n;
            }
        }
    }
    vm.new_pystr(PyStr::from_wtf8(out))
}

/// A name as the caller wants it back: bytes when they passed bytes.
fn name_value(vm: &Vm, b: &[u8], as_bytes: bool) -> Value {
    if as_bytes {
        vm.new_bytes(b.to_vec())
    } else {
        fs_decode(vm, b)
    }
}

/// `os.fspath(v)`: str and bytes as they are, else `type(v).__fspath__(v)`.
pub fn fspath_value(vm: &Vm, v: &Value) -> PyResult<Option<Value>> {
    if let Value::Obj(o) = v {
        if o.payload.as_str().is_some() || matches!(o.payload, Payload::Bytes(_)) {
            return Ok(Some(v.clone()));
        }
    }
    match vm.call_special(v, &vm.names.__fspath__, &[])? {
        Some(r) => {
            let ok = matches!(&r, Value::Obj(o) if o.payload.as_str().is_some() || matches!(o.payload, Payload::Bytes(_)));
            if !ok {
                return Err(vm.type_error(format!(
                    "expected {}.__fspath__() to return str or bytes, not {}",
                    vm.type_name(v),
                    vm.type_name(&r)
                )));
            }
            Ok(Some(r))
        }
        None => Ok(None),
    }
}

/// Convert a path argument; `allow_fd` accepts an int (a file descriptor).
pub fn path_arg(
    vm: &Vm,
    v: &Value,
    fname: &str,
    argname: &str,
    allow_fd: bool,
) -> PyResult<PathArg> {
    let bad = || {
        vm.type_error(format!(
            "{fname}: {argname} should be string, bytes{} os.PathLike{}, not {}",
            if allow_fd { "," } else { " or" },
            if allow_fd { " or integer" } else { "" },
            vm.type_name(v)
        ))
    };
    if allow_fd && matches!(v, Value::Int(_) | Value::Bool(_)) {
        return Ok(PathArg {
            path: None,
            fd: Some(to_fd(vm, v)?),
            is_bytes: false,
            object: v.clone(),
        });
    }
    let p = match fspath_value(vm, v) {
        Ok(Some(p)) => p,
        Ok(None) => {
            if allow_fd && vm.isinstance(v, &vm.types.int) {
                return Ok(PathArg {
                    path: None,
                    fd: Some(to_fd(vm, v)?),
                    is_bytes: false,
                    object: v.clone(),
                });
            }
            return Err(bad());
        }
        Err(e) => return Err(e),
    };
    let (bytes, is_bytes) = match &p {
        Value::Obj(o) => match &o.payload {
            Payload::Str(s) => (fs_encode(vm, s, &p)?, false),
            Payload::Bytes(b) => (b.to_vec(), true),
            _ => return Err(bad()),
        },
        _ => return Err(bad()),
    };
    if bytes.contains(&0) {
        return Err(vm.value_error(if is_bytes {
            format!("{fname}: embedded null character in {argname}")
        } else {
            "embedded null byte".to_string()
        }));
    }
    Ok(PathArg {
        path: CString::new(bytes).ok(),
        fd: None,
        is_bytes,
        object: v.clone(),
    })
}

// ----- errors --------------------------------------------------------------------------

fn last_errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// The C library's message for an error number.
pub fn strerror_text(errno: i32) -> String {
    let mut buf = [0 as libc::c_char; 256];
    // SAFETY: `buf` is writable for its whole length, which we pass; the XSI
    // strerror_r writes a NUL-terminated message into it.
    let r = unsafe { libc::strerror_r(errno, buf.as_mut_ptr(), buf.len()) };
    if r != 0 {
        return format!("Unknown error {errno}");
    }
    // SAFETY: strerror_r succeeded, so `buf` holds a NUL-terminated string.
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_string_lossy()
        .into_owned()
}

/// `OSError(errno, strerror[, filename[, None, filename2]])`: the subclass the error
/// number chooses, with CPython's message.
pub fn os_error(
    vm: &Vm,
    errno: i32,
    filename: Option<&Value>,
    filename2: Option<&Value>,
) -> ObjRef {
    let mut args = vec![
        Value::Int(i64::from(errno)),
        vm.new_str(strerror_text(errno)),
    ];
    if let Some(f) = filename {
        args.push(f.clone());
        if let Some(f2) = filename2 {
            args.push(Value::None);
            args.push(f2.clone());
        }
    }
    match vm.call(&Value::Obj(vm.exc.os_error.clone()), Args::new(&args)) {
        Ok(Value::Obj(e)) => e,
        Ok(_) => vm.type_error("OSError() returned a non-exception"),
        Err(e) => e,
    }
}

/// The OSError for the last failed call.
pub fn last_error(vm: &Vm, filename: Option<&Value>) -> ObjRef {
    os_error(vm, last_errno(), filename, None)
}

fn check(vm: &Vm, r: libc::c_int, path: Option<&PathArg>) -> PyResult<()> {
    if r < 0 {
        return Err(last_error(vm, path.map(|p| &p.object)));
    }
    Ok(())
}

// ----- stat --------------------------------------------------------------------------

const STAT_FIELDS: &[&str] = &[
    "st_mode",
    "st_ino",
    "st_dev",
    "st_nlink",
    "st_uid",
    "st_gid",
    "st_size",
    structseq::UNNAMED,
    structseq::UNNAMED,
    structseq::UNNAMED,
    "st_atime",
    "st_mtime",
    "st_ctime",
    "st_atime_ns",
    "st_mtime_ns",
    "st_ctime_ns",
    "st_blksize",
    "st_blocks",
    "st_rdev",
];

struct Types {
    stat_result: ObjRef,
    terminal_size: ObjRef,
    times_result: ObjRef,
    uname_result: ObjRef,
    dir_entry: ObjRef,
    scandir_iterator: ObjRef,
}

thread_local! {
    static TYPES: RefCell<Option<std::rc::Rc<Types>>> = const { RefCell::new(None) };
}

fn types(vm: &Vm) -> std::rc::Rc<Types> {
    if let Some(t) = TYPES.with(|t| t.borrow().clone()) {
        return t;
    }
    let stat_result = structseq::new_type(vm, "os", "stat_result", STAT_FIELDS, 10);
    let terminal_size = structseq::new_type(vm, "os", "terminal_size", &["columns", "lines"], 2);
    let times_result = structseq::new_type(
        vm,
        "posix",
        "times_result",
        &[
            "user",
            "system",
            "children_user",
            "children_system",
            "elapsed",
        ],
        5,
    );
    let uname_result = structseq::new_type(
        vm,
        "posix",
        "uname_result",
        &["sysname", "nodename", "release", "version", "machine"],
        5,
    );
    let dir_entry = vm.new_native_type("posix", "DirEntry", None, false, false);
    let scandir_iterator = vm.new_native_type("posix", "ScandirIterator", None, false, false);
    init_dir_entry(vm, &dir_entry);
    init_scandir_iterator(vm, &scandir_iterator);
    let t = std::rc::Rc::new(Types {
        stat_result,
        terminal_size,
        times_result,
        uname_result,
        dir_entry,
        scandir_iterator,
    });
    TYPES.with(|c| *c.borrow_mut() = Some(t.clone()));
    t
}

fn int_value(vm: &Vm, i: i128) -> Value {
    match i64::try_from(i) {
        Ok(i) => Value::Int(i),
        Err(_) => vm.new_bigint(num_bigint::BigInt::from(i)),
    }
}

/// An `os.stat_result` from a C `struct stat`.
pub fn stat_result(vm: &Vm, st: &libc::stat) -> Value {
    let t = types(vm);
    let time = |sec: i64, nsec: i64| -> (Value, Value, Value) {
        (
            Value::Int(sec),
            Value::Float(sec as f64 + nsec as f64 * 1e-9),
            int_value(vm, i128::from(sec) * 1_000_000_000 + i128::from(nsec)),
        )
    };
    let (ai, af, ans) = time(st.st_atime, st.st_atime_nsec);
    let (mi, mf, mns) = time(st.st_mtime, st.st_mtime_nsec);
    let (ci, cf, cns) = time(st.st_ctime, st.st_ctime_nsec);
    let values = vec![
        Value::Int(i64::from(st.st_mode)),
        int_value(vm, i128::from(st.st_ino)),
        int_value(vm, i128::from(st.st_dev)),
        int_value(vm, i128::from(st.st_nlink)),
        Value::Int(i64::from(st.st_uid)),
        Value::Int(i64::from(st.st_gid)),
        Value::Int(st.st_size),
        ai,
        mi,
        ci,
        af,
        mf,
        cf,
        ans,
        mns,
        cns,
        Value::Int(st.st_blksize),
        Value::Int(st.st_blocks),
        int_value(vm, i128::from(st.st_rdev)),
    ];
    structseq::new_instance(vm, &t.stat_result, values)
}

fn do_stat(vm: &Vm, p: &PathArg, dir_fd: i32, follow: bool) -> PyResult<Value> {
    // SAFETY: an all-zero `struct stat` is a valid value of that plain C struct.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    let r = if let Some(fd) = p.fd {
        // SAFETY: `st` is a valid, writable struct stat.
        unsafe { libc::fstat(fd, &mut st) }
    } else {
        let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
        // SAFETY: the path is a NUL-terminated C string; `st` is writable.
        unsafe { libc::fstatat(dir_fd, p.c(), &mut st, flags) }
    };
    check(vm, r, Some(p))?;
    Ok(stat_result(vm, &st))
}

fn posix_stat(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(
        vm,
        &args,
        "stat",
        &["path", "dir_fd", "follow_symlinks"],
        1,
        1,
    )?;
    let p = path_arg(
        vm,
        a[0].as_ref().unwrap_or(&Value::None),
        "stat",
        "path",
        true,
    )?;
    let dir_fd = dir_fd_arg(vm, &a[1])?;
    let follow = opt_true(vm, &a[2], true)?;
    do_stat(vm, &p, dir_fd, follow)
}

fn posix_lstat(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "lstat", &["path", "dir_fd"], 1, 1)?;
    let p = path_arg(
        vm,
        a[0].as_ref().unwrap_or(&Value::None),
        "lstat",
        "path",
        false,
    )?;
    let dir_fd = dir_fd_arg(vm, &a[1])?;
    do_stat(vm, &p, dir_fd, false)
}

fn posix_fstat(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "fstat", &["fd"], 1, 1)?;
    let fd = to_i32(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let p = PathArg {
        path: None,
        fd: Some(fd),
        is_bytes: false,
        object: Value::None,
    };
    // SAFETY: an all-zero `struct stat` is a valid value.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `st` is a valid, writable struct stat.
    let r = unsafe { libc::fstat(fd, &mut st) };
    if r < 0 {
        return Err(last_error(vm, None));
    }
    let _ = p;
    Ok(stat_result(vm, &st))
}

// ----- file descriptors ------------------------------------------------------------------

fn posix_open(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(
        vm,
        &args,
        "open",
        &["path", "flags", "mode", "dir_fd"],
        3,
        2,
    )?;
    let p = path_arg(
        vm,
        a[0].as_ref().unwrap_or(&Value::None),
        "open",
        "path",
        false,
    )?;
    let flags = to_i32(vm, a[1].as_ref().unwrap_or(&Value::None))?;
    let mode = match &a[2] {
        Some(m) => to_i32(vm, m)?,
        None => 0o777,
    };
    let dir_fd = dir_fd_arg(vm, &a[3])?;
    // SAFETY: the path is a NUL-terminated C string.
    let fd = unsafe { libc::openat(dir_fd, p.c(), flags | libc::O_CLOEXEC, mode as libc::c_uint) };
    check(vm, fd, Some(&p))?;
    Ok(Value::Int(i64::from(fd)))
}

fn posix_close(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "close", &["fd"], 1, 1)?;
    let fd = to_i32(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    // SAFETY: closing a descriptor number has no memory-safety preconditions.
    let r = unsafe { libc::close(fd) };
    check(vm, r, None)?;
    Ok(Value::None)
}

fn posix_closerange(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "closerange", 2, 2)?;
    let lo = to_i32(vm, &a[0])?;
    let hi = to_i32(vm, &a[1])?;
    for fd in lo.max(0)..hi {
        // SAFETY: as for close.
        unsafe { libc::close(fd) };
    }
    Ok(Value::None)
}

fn buffer_bytes(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Bytes(b) => Ok(b.to_vec()),
            Payload::ByteArray(b) => Ok(b.borrow().clone()),
            _ => pyrs_vm::objects::bytes::bytes_from_value(vm, v).map_err(|_| {
                vm.type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    vm.type_name(v)
                ))
            }),
        },
        _ => Err(vm.type_error(format!(
            "a bytes-like object is required, not '{}'",
            vm.type_name(v)
        ))),
    }
}

fn posix_read(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "read", 2, 2)?;
    let fd = to_i32(vm, &a[0])?;
    let n = vm.to_index(&a[1])?;
    if n < 0 {
        return Err(os_error(vm, libc::EINVAL, None, None));
    }
    let mut buf = vec![0u8; n as usize];
    loop {
        // SAFETY: `buf` is writable for `n` bytes.
        let r = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), buf.len()) };
        if r < 0 {
            if last_errno() == libc::EINTR {
                continue;
            }
            return Err(last_error(vm, None));
        }
        buf.truncate(r as usize);
        return Ok(vm.new_bytes(buf));
    }
}

fn posix_write(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "write", 2, 2)?;
    let fd = to_i32(vm, &a[0])?;
    let data = buffer_bytes(vm, &a[1])?;
    loop {
        // SAFETY: `data` is readable for its length.
        let r = unsafe { libc::write(fd, data.as_ptr().cast(), data.len()) };
        if r < 0 {
            if last_errno() == libc::EINTR {
                continue;
            }
            return Err(last_error(vm, None));
        }
        return Ok(Value::Int(r as i64));
    }
}

fn posix_lseek(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "lseek", 3, 3)?;
    let fd = to_i32(vm, &a[0])?;
    let pos = vm.to_index(&a[1])?;
    let how = to_i32(vm, &a[2])?;
    // SAFETY: lseek has no memory-safety preconditions.
    let r = unsafe { libc::lseek(fd, pos, how) };
    if r < 0 {
        return Err(last_error(vm, None));
    }
    Ok(Value::Int(r))
}

fn posix_dup(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "dup", 1, 1)?;
    let fd = to_i32(vm, &a[0])?;
    // SAFETY: fcntl(F_DUPFD_CLOEXEC) has no memory-safety preconditions.
    let r = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    check(vm, r, None)?;
    Ok(Value::Int(i64::from(r)))
}

fn posix_dup2(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "dup2", &["fd", "fd2", "inheritable"], 3, 2)?;
    let fd = to_i32(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let fd2 = to_i32(vm, a[1].as_ref().unwrap_or(&Value::None))?;
    let inheritable = opt_true(vm, &a[2], true)?;
    // SAFETY: dup2/dup3 have no memory-safety preconditions.
    let r = unsafe {
        if inheritable || fd == fd2 {
            libc::dup2(fd, fd2)
        } else {
            libc::dup3(fd, fd2, libc::O_CLOEXEC)
        }
    };
    check(vm, r, None)?;
    Ok(Value::Int(i64::from(r)))
}

fn posix_pipe(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "pipe")?;
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: `fds` has room for the two descriptors pipe2 writes.
    let r = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    check(vm, r, None)?;
    Ok(vm.new_tuple(vec![
        Value::Int(i64::from(fds[0])),
        Value::Int(i64::from(fds[1])),
    ]))
}

fn posix_pipe2(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "pipe2", 1, 1)?;
    let flags = to_i32(vm, &a[0])?;
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: `fds` has room for the two descriptors pipe2 writes.
    let r = unsafe { libc::pipe2(fds.as_mut_ptr(), flags) };
    check(vm, r, None)?;
    Ok(vm.new_tuple(vec![
        Value::Int(i64::from(fds[0])),
        Value::Int(i64::from(fds[1])),
    ]))
}

fn fd_flag(vm: &Vm, fd: i32, get: libc::c_int) -> PyResult<libc::c_int> {
    // SAFETY: fcntl with a get command has no memory-safety preconditions.
    let r = unsafe { libc::fcntl(fd, get) };
    check(vm, r, None)?;
    Ok(r)
}

fn posix_get_inheritable(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "get_inheritable", 1, 1)?;
    let fd = to_i32(vm, &a[0])?;
    let f = fd_flag(vm, fd, libc::F_GETFD)?;
    Ok(Value::Bool(f & libc::FD_CLOEXEC == 0))
}

fn posix_set_inheritable(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "set_inheritable", 2, 2)?;
    let fd = to_i32(vm, &a[0])?;
    let inheritable = vm.is_true(&a[1])?;
    let f = fd_flag(vm, fd, libc::F_GETFD)?;
    let nf = if inheritable {
        f & !libc::FD_CLOEXEC
    } else {
        f | libc::FD_CLOEXEC
    };
    // SAFETY: fcntl(F_SETFD) has no memory-safety preconditions.
    let r = unsafe { libc::fcntl(fd, libc::F_SETFD, nf) };
    check(vm, r, None)?;
    Ok(Value::None)
}

fn posix_get_blocking(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "get_blocking", 1, 1)?;
    let fd = to_i32(vm, &a[0])?;
    let f = fd_flag(vm, fd, libc::F_GETFL)?;
    Ok(Value::Bool(f & libc::O_NONBLOCK == 0))
}

fn posix_set_blocking(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "set_blocking", 2, 2)?;
    let fd = to_i32(vm, &a[0])?;
    let blocking = vm.is_true(&a[1])?;
    let f = fd_flag(vm, fd, libc::F_GETFL)?;
    let nf = if blocking {
        f & !libc::O_NONBLOCK
    } else {
        f | libc::O_NONBLOCK
    };
    // SAFETY: fcntl(F_SETFL) has no memory-safety preconditions.
    let r = unsafe { libc::fcntl(fd, libc::F_SETFL, nf) };
    check(vm, r, None)?;
    Ok(Value::None)
}

fn posix_isatty(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "isatty", 1, 1)?;
    let fd = to_i32(vm, &a[0])?;
    // SAFETY: isatty has no memory-safety preconditions.
    Ok(Value::Bool(unsafe { libc::isatty(fd) } == 1))
}

fn posix_device_encoding(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "device_encoding", &["fd"], 1, 1)?;
    let fd = to_i32(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    // SAFETY: isatty has no memory-safety preconditions.
    if unsafe { libc::isatty(fd) } == 1 {
        return Ok(vm.new_str("UTF-8"));
    }
    Ok(Value::None)
}

fn posix_ftruncate(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "ftruncate", 2, 2)?;
    let fd = to_i32(vm, &a[0])?;
    let len = vm.to_index(&a[1])?;
    // SAFETY: ftruncate has no memory-safety preconditions.
    let r = unsafe { libc::ftruncate(fd, len) };
    check(vm, r, None)?;
    Ok(Value::None)
}

fn posix_fsync(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "fsync", &["fd"], 1, 1)?;
    let v = a[0].clone().unwrap_or(Value::None);
    let fd = match &v {
        Value::Int(_) | Value::Bool(_) => to_i32(vm, &v)?,
        _ => to_i32(vm, &vm.call_method(&v, "fileno", &[])?)?,
    };
    // SAFETY: fsync has no memory-safety preconditions.
    let r = unsafe { libc::fsync(fd) };
    check(vm, r, None)?;
    Ok(Value::None)
}

// ----- directories and names ---------------------------------------------------------------

fn getcwd_bytes(vm: &Vm) -> PyResult<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    match std::env::current_dir() {
        Ok(p) => Ok(p.as_os_str().as_bytes().to_vec()),
        Err(e) => Err(os_error(vm, e.raw_os_error().unwrap_or(0), None, None)),
    }
}

fn posix_getcwd(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "getcwd")?;
    Ok(fs_decode(vm, &getcwd_bytes(vm)?))
}

fn posix_getcwdb(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "getcwdb")?;
    Ok(vm.new_bytes(getcwd_bytes(vm)?))
}

fn posix_chdir(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "chdir", &["path"], 1, 1)?;
    let p = path_arg(
        vm,
        a[0].as_ref().unwrap_or(&Value::None),
        "chdir",
        "path",
        true,
    )?;
    // SAFETY: the path is a NUL-terminated C string.
    let r = unsafe {
        match p.fd {
            Some(fd) => libc::fchdir(fd),
            None => libc::chdir(p.c()),
        }
    };
    check(vm, r, Some(&p))?;
    Ok(Value::None)
}

/// Read every entry name of an open directory stream (without `.` and `..`), with its
/// d_type and inode; the stream is closed.
fn read_dir_entries(dir: *mut libc::DIR) -> Result<Vec<(Vec<u8>, u8, u64)>, i32> {
    let mut out = Vec::new();
    loop {
        // SAFETY: errno is thread-local; writing it is always allowed.
        unsafe { *libc::__errno_location() = 0 };
        // SAFETY: `dir` is an open directory stream owned by this function.
        let ent = unsafe { libc::readdir(dir) };
        if ent.is_null() {
            let e = last_errno();
            // SAFETY: closing the stream we own.
            unsafe { libc::closedir(dir) };
            if e != 0 {
                return Err(e);
            }
            return Ok(out);
        }
        // SAFETY: readdir returned a valid entry whose d_name is NUL-terminated.
        let (name, d_type, ino) = unsafe {
            let e = &*ent;
            (
                CStr::from_ptr(e.d_name.as_ptr()).to_bytes().to_vec(),
                e.d_type,
                e.d_ino,
            )
        };
        if name == b"." || name == b".." {
            continue;
        }
        out.push((name, d_type, ino));
    }
}

/// Open a directory stream for a path argument (a path, a descriptor, or None: '.').
fn open_dir(vm: &Vm, p: &PathArg) -> PyResult<*mut libc::DIR> {
    let dir = match p.fd {
        Some(fd) => {
            // SAFETY: dup has no memory-safety preconditions.
            let d = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
            if d < 0 {
                return Err(last_error(vm, Some(&p.object)));
            }
            // SAFETY: `d` is a descriptor we own; fdopendir takes it over.
            let dir = unsafe { libc::fdopendir(d) };
            if dir.is_null() {
                let e = last_errno();
                // SAFETY: closing the descriptor we own.
                unsafe { libc::close(d) };
                return Err(os_error(vm, e, Some(&p.object), None));
            }
            // Start from the beginning, as CPython does for a descriptor.
            // SAFETY: `dir` is a valid stream.
            unsafe { libc::rewinddir(dir) };
            dir
        }
        // SAFETY: the path is a NUL-terminated C string.
        None => unsafe { libc::opendir(p.c()) },
    };
    if dir.is_null() {
        return Err(last_error(vm, Some(&p.object)));
    }
    Ok(dir)
}

fn optional_path(vm: &Vm, v: &Option<Value>, fname: &str) -> PyResult<PathArg> {
    match v {
        None | Some(Value::None) => Ok(PathArg {
            path: CString::new(".").ok(),
            fd: None,
            is_bytes: false,
            object: vm.new_str("."),
        }),
        Some(v) => path_arg(vm, v, fname, "path", true),
    }
}

fn posix_listdir(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "listdir", &["path"], 1, 0)?;
    let p = optional_path(vm, &a[0], "listdir")?;
    let dir = open_dir(vm, &p)?;
    let entries = read_dir_entries(dir).map_err(|e| os_error(vm, e, Some(&p.object), None))?;
    Ok(vm.new_list(
        entries
            .iter()
            .map(|(n, _, _)| name_value(vm, n, p.is_bytes))
            .collect(),
    ))
}

fn posix_mkdir(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "mkdir", &["path", "mode", "dir_fd"], 2, 1)?;
    let p = path_arg(
        vm,
        a[0].as_ref().unwrap_or(&Value::None),
        "mkdir",
        "path",
        false,
    )?;
    let mode = match &a[1] {
        Some(m) => to_i32(vm, m)?,
        None => 0o777,
    };
    let dir_fd = dir_fd_arg(vm, &a[2])?;
    // SAFETY: the path is a NUL-terminated C string.
    let r = unsafe { libc::mkdirat(dir_fd, p.c(), mode as libc::mode_t) };
    check(vm, r, Some(&p))?;
    Ok(Value::None)
}

fn unlink_at(vm: &Vm, args: Args, fname: &str, flags: libc::c_int) -> PyResult<Value> {
    let a = parse_args(vm, &args, fname, &["path", "dir_fd"], 1, 1)?;
    let p = path_arg(
        vm,
        a[0].as_ref().unwrap_or(&Value::None),
        fname,
        "path",
        false,
    )?;
    let dir_fd = dir_fd_arg(vm, &a[1])?;
    // SAFETY: the path is a NUL-terminated C string.
    let r = unsafe { libc::unlinkat(dir_fd, p.c(), flags) };
    check(vm, r, Some(&p))?;
    Ok(Value::None)
}

fn posix_rmdir(vm: &Vm, args: Args) -> PyResult<Value> {
    unlink_at(vm, args, "rmdir", libc::AT_REMOVEDIR)
}

fn posix_unlink(vm: &Vm, args: Args) -> PyResult<Value> {
    unlink_at(vm, args, "unlink", 0)
}

fn posix_remove(vm: &Vm, args: Args) -> PyResult<Value> {
    unlink_at(vm, args, "remove", 0)
}

fn rename_common(vm: &Vm, args: Args, fname: &str) -> PyResult<Value> {
    let a = parse_args(
        vm,
        &args,
        fname,
        &["src", "dst", "src_dir_fd", "dst_dir_fd"],
        2,
        2,
    )?;
    let src = path_arg(
        vm,
        a[0].as_ref().unwrap_or(&Value::None),
        fname,
        "src",
        false,
    )?;
    let dst = path_arg(
        vm,
        a[1].as_ref().unwrap_or(&Value::None),
        fname,
        "dst",
        false,
    )?;
    let sfd = dir_fd_arg(vm, &a[2])?;
    let dfd = dir_fd_arg(vm, &a[3])?;
    // SAFETY: both paths are NUL-terminated C strings.
    let r = unsafe { libc::renameat(sfd, src.c(), dfd, dst.c()) };
    if r < 0 {
        return Err(os_error(
            vm,
            last_errno(),
            Some(&src.object),
            Some(&dst.object),
        ));
    }
    Ok(Value::None)
}

fn posix_rename(vm: &Vm, args: Args) -> PyResult<Value> {
    rename_common(vm, args, "rename")
}

fn posix_replace(vm: &Vm, args: Args) -> PyResult<Value> {
    rename_common(vm, args, "replace")
}

fn posix_link(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(
        vm,
        &args,
        "link",
        &["src", "dst", "src_dir_fd", "dst_dir_fd", "follow_symlinks"],
        2,
        2,
    )?;
    let src = path_arg(
        vm,
        a[0].as_ref().unwrap_or(&Value::None),
        "link",
        "src",
        false,
    )?;
    let dst = path_arg(
        vm,
        a[1].as_ref().unwrap_or(&Value::None),
        "link",
        "dst",
        false,
    )?;
    let sfd = dir_fd_arg(vm, &a[2])?;
    let dfd = dir_fd_arg(vm, &a[3])?;
    let follow = opt_true(vm, &a[4], true)?;
    let flags = if follow { libc::AT_SYMLINK_FOLLOW } else { 0 };
    // SAFETY: both paths are NUL-terminated C strings.
    let r = unsafe { libc::linkat(sfd, src.c(), dfd, dst.c(), flags) };
    if r < 0 {
        return Err(os_error(
            vm,
            last_errno(),
            Some(&src.object),
            Some(&dst.object),
        ));
    }
    Ok(Value::None)
}

fn posix_symlink(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(
        vm,
        &args,
        "symlink",
        &["src", "dst", "target_is_directory", "dir_fd"],
        3,
        2,
    )?;
    let src = path_arg(
        vm,
        a[0].as_ref().unwrap_or(&Value::None),
        "symlink",
        "src",
        false,
    )?;
    let dst = path_arg(
        vm,
        a[1].as_ref().unwrap_or(&Value::None),
        "symlink",
        "dst",
        false,
    )?;
    let dfd = dir_fd_arg(vm, &a[3])?;
    // SAFETY: both paths are NUL-terminated C strings.
    let r = unsafe { libc::symlinkat(src.c(), dfd, dst.c()) };
    if r < 0 {
        return Err(os_error(
            vm,
            last_errno(),
            Some(&src.object),
            Some(&dst.object),
        ));
    }
    Ok(Value::None)
}

fn posix_readlink(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "readlink", &["path", "dir_fd"], 1, 1)?;
    let p = path_arg(
        vm,
        a[0].as_ref().unwrap_or(&Value::None),
        "readlink",
        "path",
        false,
    )?;
    let dir_fd = dir_fd_arg(vm, &a[1])?;
    let mut buf = vec![0u8; 4096];
    loop {
        // SAFETY: `buf` is writable for its length; the path is a C string.
        let n = unsafe { libc::readlinkat(dir_fd, p.c(), buf.as_mut_ptr().cast(), buf.len()) };
        if n < 0 {
            return Err(last_error(vm, Some(&p.object)));
        }
        let n = n as usize;
        if n < buf.len() {
            buf.truncate(n);
            return Ok(name_value(vm, &buf, p.is_bytes));
        }
        let len = buf.len() * 2;
        buf.resize(len, 0);
    }
}

fn posix_chmod(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(
        vm,
        &args,
        "chmod",
        &["path", "mode", "dir_fd", "follow_symlinks"],
        2,
        2,
    )?;
    let p = path_arg(
        vm,
        a[0].as_ref().unwrap_or(&Value::None),
        "chmod",
        "path",
        true,
    )?;
    let mode = to_i32(vm, a[1].as_ref().unwrap_or(&Value::None))? as libc::mode_t;
    let dir_fd = dir_fd_arg(vm, &a[2])?;
    let follow = opt_true(vm, &a[3], true)?;
    if !follow {
        return Err(vm.not_implemented_error("chmod: follow_symlinks unavailable on this platform"));
    }
    // SAFETY: the path is a NUL-terminated C string.
    let r = unsafe {
        match p.fd {
            Some(fd) => libc::fchmod(fd, mode),
            None => libc::fchmodat(dir_fd, p.c(), mode, 0),
        }
    };
    check(vm, r, Some(&p))?;
    Ok(Value::None)
}

fn posix_fchmod(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "fchmod", &["fd", "mode"], 2, 2)?;
    let fd = to_i32(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let mode = to_i32(vm, a[1].as_ref().unwrap_or(&Value::None))? as libc::mode_t;
    // SAFETY: fchmod has no memory-safety preconditions.
    let r = unsafe { libc::fchmod(fd, mode) };
    check(vm, r, None)?;
    Ok(Value::None)
}

fn posix_access(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(
        vm,
        &args,
        "access",
        &["path", "mode", "dir_fd", "effective_ids", "follow_symlinks"],
        2,
        2,
    )?;
    let p = path_arg(
        vm,
        a[0].as_ref().unwrap_or(&Value::None),
        "access",
        "path",
        false,
    )?;
    let mode = to_i32(vm, a[1].as_ref().unwrap_or(&Value::None))?;
    let dir_fd = dir_fd_arg(vm, &a[2])?;
    let mut flags = 0;
    if opt_true(vm, &a[3], false)? {
        flags |= libc::AT_EACCESS;
    }
    if !opt_true(vm, &a[4], true)? {
        flags |= libc::AT_SYMLINK_NOFOLLOW;
    }
    // SAFETY: the path is a NUL-terminated C string.
    let r = unsafe { libc::faccessat(dir_fd, p.c(), mode, flags) };
    Ok(Value::Bool(r == 0))
}

/// A time argument of utime: seconds (int or float) to a timespec.
fn to_timespec(vm: &Vm, v: &Value) -> PyResult<libc::timespec> {
    let f = match v {
        Value::Int(i) => {
            return Ok(libc::timespec {
                tv_sec: *i,
                tv_nsec: 0,
            })
        }
        _ => pyrs_vm::objects::float::to_float(vm, v)?,
    };
    let sec = f.floor();
    let mut nsec = ((f - sec) * 1e9).round() as i64;
    let mut sec = sec as i64;
    if nsec >= 1_000_000_000 {
        sec += 1;
        nsec -= 1_000_000_000;
    }
    Ok(libc::timespec {
        tv_sec: sec,
        tv_nsec: nsec,
    })
}

fn ns_to_timespec(vm: &Vm, v: &Value) -> PyResult<libc::timespec> {
    let ns = vm.to_index(v)?;
    Ok(libc::timespec {
        tv_sec: ns.div_euclid(1_000_000_000),
        tv_nsec: ns.rem_euclid(1_000_000_000),
    })
}

fn posix_utime(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(
        vm,
        &args,
        "utime",
        &["path", "times", "ns", "dir_fd", "follow_symlinks"],
        2,
        1,
    )?;
    let p = path_arg(
        vm,
        a[0].as_ref().unwrap_or(&Value::None),
        "utime",
        "path",
        true,
    )?;
    let times = a[1].clone().filter(|v| !v.is_none());
    let ns = a[2].clone();
    let dir_fd = dir_fd_arg(vm, &a[3])?;
    let follow = opt_true(vm, &a[4], true)?;
    if times.is_some() && ns.is_some() {
        return Err(vm.value_error("utime: you may specify either 'times' or 'ns' but not both"));
    }
    let pair = |v: &Value, what: &str| -> PyResult<(Value, Value)> {
        match v.as_obj().and_then(|o| o.payload.as_tuple()) {
            Some(t) if t.len() == 2 => Ok((t[0].clone(), t[1].clone())),
            _ => Err(vm.type_error(if what == "ns" {
                "utime: 'ns' must be a tuple of two ints".to_string()
            } else {
                format!("utime: '{what}' must be either a tuple of two ints or None")
            })),
        }
    };
    let ts: Option<[libc::timespec; 2]> = if let Some(t) = &times {
        let (x, y) = pair(t, "times")?;
        Some([to_timespec(vm, &x)?, to_timespec(vm, &y)?])
    } else if let Some(n) = &ns {
        let (x, y) = pair(n, "ns")?;
        Some([ns_to_timespec(vm, &x)?, ns_to_timespec(vm, &y)?])
    } else {
        None
    };
    let tsp = ts.as_ref().map_or(std::ptr::null(), |t| t.as_ptr());
    let flags = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
    // SAFETY: `tsp` is null or points at two timespecs; the path is a C string.
    let r = unsafe {
        match p.fd {
            Some(fd) => libc::futimens(fd, tsp),
            None => libc::utimensat(dir_fd, p.c(), tsp, flags),
        }
    };
    check(vm, r, Some(&p))?;
    Ok(Value::None)
}

fn posix_truncate(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "truncate", &["path", "length"], 2, 2)?;
    let p = path_arg(
        vm,
        a[0].as_ref().unwrap_or(&Value::None),
        "truncate",
        "path",
        true,
    )?;
    let len = vm.to_index(a[1].as_ref().unwrap_or(&Value::None))?;
    // SAFETY: the path is a NUL-terminated C string.
    let r = unsafe {
        match p.fd {
            Some(fd) => libc::ftruncate(fd, len),
            None => libc::truncate(p.c(), len),
        }
    };
    check(vm, r, Some(&p))?;
    Ok(Value::None)
}

fn posix_fspath(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "fspath", &["path"], 1, 1)?;
    let v = a[0].clone().unwrap_or(Value::None);
    match fspath_value(vm, &v)? {
        Some(p) => Ok(p),
        None => Err(vm.type_error(format!(
            "expected str, bytes or os.PathLike object, not {}",
            vm.type_name(&v)
        ))),
    }
}

fn posix_strerror(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "strerror", 1, 1)?;
    let code = to_i32(vm, &a[0])?;
    Ok(vm.new_str(strerror_text(code)))
}

fn posix_umask(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "umask", 1, 1)?;
    let mask = to_i32(vm, &a[0])?;
    // SAFETY: umask has no memory-safety preconditions.
    let old = unsafe { libc::umask(mask as libc::mode_t) };
    Ok(Value::Int(i64::from(old)))
}

// ----- DirEntry and scandir ----------------------------------------------------------------

/// One entry of a directory listing (`os.DirEntry`): its name, full path, the type the
/// directory told (d_type) and the stat results once asked for.
struct DirEntry {
    name: Vec<u8>,
    path: Vec<u8>,
    is_bytes: bool,
    d_type: u8,
    ino: u64,
    /// The descriptor listed, when scandir was given one (then `path` is the name).
    dir_fd: Option<i32>,
    stat: RefCell<Option<Value>>,
    lstat: RefCell<Option<Value>>,
}

impl NativeData for DirEntry {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        if let Some(v) = self.stat.borrow().as_ref() {
            visit(v);
        }
        if let Some(v) = self.lstat.borrow().as_ref() {
            visit(v);
        }
    }
}

fn entry<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a DirEntry> {
    v.as_obj()
        .and_then(|o| o.payload.native::<DirEntry>())
        .ok_or_else(|| vm.type_error("descriptor requires a 'posix.DirEntry' object"))
}

fn entry_self<'a>(vm: &Vm, args: &Args<'a>) -> PyResult<&'a DirEntry> {
    match args.args.first() {
        Some(v) => entry(vm, v),
        None => Err(vm.type_error("DirEntry method needs an argument")),
    }
}

fn dir_entry_name(vm: &Vm, this: &Value) -> PyResult<Value> {
    let e = entry(vm, this)?;
    Ok(name_value(vm, &e.name, e.is_bytes))
}

fn dir_entry_path(vm: &Vm, this: &Value) -> PyResult<Value> {
    let e = entry(vm, this)?;
    Ok(name_value(vm, &e.path, e.is_bytes))
}

fn dir_entry_fetch_stat(vm: &Vm, e: &DirEntry, follow: bool) -> PyResult<Value> {
    let slot = if follow { &e.stat } else { &e.lstat };
    if let Some(v) = slot.borrow().as_ref() {
        return Ok(v.clone());
    }
    let p = PathArg {
        path: CString::new(e.path.clone()).ok(),
        fd: None,
        is_bytes: e.is_bytes,
        object: name_value(vm, &e.path, e.is_bytes),
    };
    let v = do_stat(vm, &p, e.dir_fd.unwrap_or(libc::AT_FDCWD), follow)?;
    *slot.borrow_mut() = Some(v.clone());
    Ok(v)
}

fn dir_entry_stat(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = entry_self(vm, &args)?;
    let rest = Args::with_kw(&args.args[1..], args.kwnames);
    let a = parse_args(vm, &rest, "stat", &["follow_symlinks"], 0, 0)?;
    let follow = opt_true(vm, &a[0], true)?;
    if follow && (e.d_type == libc::DT_LNK || e.d_type == libc::DT_UNKNOWN) {
        return dir_entry_fetch_stat(vm, e, true);
    }
    // Not following, or known not to be a symlink: lstat's result serves both.
    let v = dir_entry_fetch_stat(vm, e, false)?;
    if follow {
        *e.stat.borrow_mut() = Some(v.clone());
    }
    Ok(v)
}

fn st_mode_of(vm: &Vm, st: &Value) -> PyResult<u32> {
    match st.as_obj().and_then(|o| o.payload.as_tuple()) {
        Some(t) if !t.is_empty() => Ok(vm.to_index(&t[0])? as u32),
        _ => Err(vm.type_error("bad stat result")),
    }
}

/// `is_dir`/`is_file`: from d_type when it is known and no symlink needs following.
fn dir_entry_test(vm: &Vm, args: Args, fname: &str, want: u32) -> PyResult<Value> {
    let e = entry_self(vm, &args)?;
    let rest = Args::with_kw(&args.args[1..], args.kwnames);
    let a = parse_args(vm, &rest, fname, &["follow_symlinks"], 0, 0)?;
    let follow = opt_true(vm, &a[0], true)?;
    let is_link = e.d_type == libc::DT_LNK;
    if e.d_type != libc::DT_UNKNOWN && !(follow && is_link) {
        let t = match want {
            libc::S_IFDIR => libc::DT_DIR,
            _ => libc::DT_REG,
        };
        return Ok(Value::Bool(e.d_type == t));
    }
    match dir_entry_fetch_stat(vm, e, follow) {
        Ok(st) => Ok(Value::Bool(st_mode_of(vm, &st)? & libc::S_IFMT == want)),
        Err(err) if vm.exc_matches(&err, &vm.exc.file_not_found_error) => Ok(Value::Bool(false)),
        Err(err) => Err(err),
    }
}

fn dir_entry_is_dir(vm: &Vm, args: Args) -> PyResult<Value> {
    dir_entry_test(vm, args, "is_dir", libc::S_IFDIR)
}

fn dir_entry_is_file(vm: &Vm, args: Args) -> PyResult<Value> {
    dir_entry_test(vm, args, "is_file", libc::S_IFREG)
}

fn dir_entry_is_symlink(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = entry_self(vm, &args)?;
    if args.args.len() > 1 {
        return Err(vm.type_error(format!(
            "posix.DirEntry.is_symlink() takes no arguments ({} given)",
            args.args.len() - 1
        )));
    }
    if e.d_type != libc::DT_UNKNOWN {
        return Ok(Value::Bool(e.d_type == libc::DT_LNK));
    }
    match dir_entry_fetch_stat(vm, e, false) {
        Ok(st) => Ok(Value::Bool(
            st_mode_of(vm, &st)? & libc::S_IFMT == libc::S_IFLNK,
        )),
        Err(err) if vm.exc_matches(&err, &vm.exc.file_not_found_error) => Ok(Value::Bool(false)),
        Err(err) => Err(err),
    }
}

fn dir_entry_inode(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = entry_self(vm, &args)?;
    Ok(int_value(vm, i128::from(e.ino)))
}

fn dir_entry_fspath(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = entry_self(vm, &args)?;
    Ok(name_value(vm, &e.path, e.is_bytes))
}

fn dir_entry_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = entry_self(vm, &args)?;
    let name = name_value(vm, &e.name, e.is_bytes);
    Ok(vm.new_str(format!("<DirEntry {}>", vm.repr_string(&name)?)))
}

fn dir_entry_new(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(vm.type_error("cannot create 'posix.DirEntry' instances"))
}

fn class_getitem(vm: &Vm, args: Args) -> PyResult<Value> {
    // `os.DirEntry[str]`: a types.GenericAlias when that type is reachable.
    let cls = args.args.first().cloned().unwrap_or(Value::None);
    let item = args.args.get(1).cloned().unwrap_or(Value::None);
    let types_mod = pyrs_vm::import::import_module(vm, "types")?;
    let ga = vm.get_attr_str(&types_mod, "GenericAlias")?;
    vm.call(&ga, Args::new(&[cls, item]))
}

fn init_dir_entry(vm: &Vm, t: &ObjRef) {
    vm.add_static(t, "__new__", dir_entry_new);
    vm.add_getset(t, "name", dir_entry_name, None);
    vm.add_getset(t, "path", dir_entry_path, None);
    vm.add_method(t, "stat", dir_entry_stat);
    vm.add_method(t, "is_dir", dir_entry_is_dir);
    vm.add_method(t, "is_file", dir_entry_is_file);
    vm.add_method(t, "is_symlink", dir_entry_is_symlink);
    vm.add_method(t, "inode", dir_entry_inode);
    vm.add_method(t, "__fspath__", dir_entry_fspath);
    vm.add_method(t, "__repr__", dir_entry_repr);
    vm.add_classmethod(t, "__class_getitem__", class_getitem);
}

/// The iterator `scandir` returns: the entries were read when it was created (so the
/// directory stream is never left open), handed out one by one.
struct ScandirIterator {
    entries: RefCell<std::vec::IntoIter<(Vec<u8>, u8, u64)>>,
    /// The directory prefix for `DirEntry.path` (with a trailing '/'), or empty.
    prefix: Vec<u8>,
    is_bytes: bool,
    dir_fd: Option<i32>,
    closed: Cell<bool>,
}

impl NativeData for ScandirIterator {}

fn scandir_self<'a>(vm: &Vm, args: &Args<'a>) -> PyResult<&'a ScandirIterator> {
    args.args
        .first()
        .and_then(|v| v.as_obj())
        .and_then(|o| o.payload.native::<ScandirIterator>())
        .ok_or_else(|| vm.type_error("descriptor requires a 'posix.ScandirIterator' object"))
}

fn scandir_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let it = scandir_self(vm, &args)?;
    if it.closed.get() {
        return Err(vm.stop_iteration(None));
    }
    let next = it.entries.borrow_mut().next();
    match next {
        Some((name, d_type, ino)) => {
            let mut path = it.prefix.clone();
            path.extend_from_slice(&name);
            let e = DirEntry {
                name,
                path,
                is_bytes: it.is_bytes,
                d_type,
                ino,
                dir_fd: it.dir_fd,
                stat: RefCell::new(None),
                lstat: RefCell::new(None),
            };
            Ok(Value::Obj(vm.new_native_object(&types(vm).dir_entry, e)))
        }
        None => {
            it.closed.set(true);
            Err(vm.stop_iteration(None))
        }
    }
}

fn scandir_iter(_vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(args.args.first().cloned().unwrap_or(Value::None))
}

fn scandir_close(vm: &Vm, args: Args) -> PyResult<Value> {
    let it = scandir_self(vm, &args)?;
    it.closed.set(true);
    Ok(Value::None)
}

fn scandir_exit(vm: &Vm, args: Args) -> PyResult<Value> {
    scandir_close(vm, Args::new(&args.args[..1.min(args.args.len())]))?;
    Ok(Value::None)
}

fn scandir_new(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(vm.type_error("cannot create 'posix.ScandirIterator' instances"))
}

fn init_scandir_iterator(vm: &Vm, t: &ObjRef) {
    vm.add_static(t, "__new__", scandir_new);
    vm.add_method(t, "__iter__", scandir_iter);
    vm.add_method(t, "__next__", scandir_next);
    vm.add_method(t, "close", scandir_close);
    vm.add_method(t, "__enter__", scandir_iter);
    vm.add_method(t, "__exit__", scandir_exit);
}

fn posix_scandir(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "scandir", &["path"], 1, 0)?;
    let given = matches!(&a[0], Some(v) if !v.is_none());
    let p = optional_path(vm, &a[0], "scandir")?;
    let dir = open_dir(vm, &p)?;
    let entries = read_dir_entries(dir).map_err(|e| os_error(vm, e, Some(&p.object), None))?;
    let prefix = match (&p.path, p.fd) {
        (_, Some(_)) => Vec::new(),
        (Some(path), None) => {
            let mut b = if given {
                path.as_bytes().to_vec()
            } else {
                b".".to_vec()
            };
            if !b.ends_with(b"/") {
                b.push(b'/');
            }
            b
        }
        (None, None) => Vec::new(),
    };
    let it = ScandirIterator {
        entries: RefCell::new(entries.into_iter()),
        prefix,
        is_bytes: p.is_bytes,
        dir_fd: p.fd,
        closed: Cell::new(false),
    };
    Ok(Value::Obj(
        vm.new_native_object(&types(vm).scandir_iterator, it),
    ))
}

// ----- environment -----------------------------------------------------------------------

fn environ_dict(vm: &Vm) -> PyResult<Value> {
    use std::os::unix::ffi::OsStrExt;
    let d = vm.new_dict_obj();
    for (k, v) in std::env::vars_os() {
        dict::set(
            vm,
            &d,
            vm.new_bytes(k.as_bytes().to_vec()),
            vm.new_bytes(v.as_bytes().to_vec()),
        )?;
    }
    Ok(Value::Obj(d))
}

fn env_bytes(vm: &Vm, v: &Value, what: &str) -> PyResult<Vec<u8>> {
    let b = match v {
        Value::Obj(o) => match &o.payload {
            Payload::Str(s) => fs_encode(vm, s, v)?,
            Payload::Bytes(b) => b.to_vec(),
            _ => {
                return Err(vm.type_error(format!(
                    "expected str, bytes or os.PathLike object, not {}",
                    vm.type_name(v)
                )))
            }
        },
        _ => {
            return Err(vm.type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                vm.type_name(v)
            )))
        }
    };
    if b.contains(&0) {
        return Err(vm.value_error("embedded null byte"));
    }
    let _ = what;
    Ok(b)
}

fn posix_putenv(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "putenv", 2, 2)?;
    let k = env_bytes(vm, &a[0], "name")?;
    let v = env_bytes(vm, &a[1], "value")?;
    if k.is_empty() || k.contains(&b'=') {
        return Err(vm.value_error("illegal environment variable name"));
    }
    let (kc, vc) = match (CString::new(k), CString::new(v)) {
        (Ok(k), Ok(v)) => (k, v),
        _ => return Err(vm.value_error("embedded null byte")),
    };
    // SAFETY: both are NUL-terminated; setenv copies them. pyrs runs Python code on one
    // thread at a time, so no other thread reads the environment concurrently.
    let r = unsafe { libc::setenv(kc.as_ptr(), vc.as_ptr(), 1) };
    check(vm, r, None)?;
    Ok(Value::None)
}

fn posix_unsetenv(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "unsetenv", 1, 1)?;
    let k = env_bytes(vm, &a[0], "name")?;
    if k.is_empty() || k.contains(&b'=') {
        return Err(vm.value_error("illegal environment variable name"));
    }
    let kc = CString::new(k).map_err(|_| vm.value_error("embedded null byte"))?;
    // SAFETY: as for setenv.
    let r = unsafe { libc::unsetenv(kc.as_ptr()) };
    check(vm, r, None)?;
    Ok(Value::None)
}

// ----- processes ------------------------------------------------------------------------

macro_rules! id_getter {
    ($fn_name:ident, $py:expr, $call:expr) => {
        fn $fn_name(vm: &Vm, args: Args) -> PyResult<Value> {
            no_args(vm, &args, $py)?;
            // SAFETY: these identity queries have no preconditions.
            Ok(Value::Int(i64::from(unsafe { $call })))
        }
    };
}

id_getter!(posix_getpid, "getpid", libc::getpid());
id_getter!(posix_getppid, "getppid", libc::getppid());
id_getter!(posix_getuid, "getuid", libc::getuid());
id_getter!(posix_geteuid, "geteuid", libc::geteuid());
id_getter!(posix_getgid, "getgid", libc::getgid());
id_getter!(posix_getegid, "getegid", libc::getegid());
id_getter!(posix_getpgrp, "getpgrp", libc::getpgrp());

fn posix_getpgid(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "getpgid", 1, 1)?;
    let pid = to_i32(vm, &a[0])?;
    // SAFETY: no preconditions.
    let r = unsafe { libc::getpgid(pid) };
    check(vm, r, None)?;
    Ok(Value::Int(i64::from(r)))
}

fn posix_getsid(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "getsid", 1, 1)?;
    let pid = to_i32(vm, &a[0])?;
    // SAFETY: no preconditions.
    let r = unsafe { libc::getsid(pid) };
    check(vm, r, None)?;
    Ok(Value::Int(i64::from(r)))
}

fn posix_setsid(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "setsid")?;
    // SAFETY: no preconditions.
    let r = unsafe { libc::setsid() };
    check(vm, r, None)?;
    Ok(Value::None)
}

fn posix_getgroups(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "getgroups")?;
    // SAFETY: a zero-size query writes nothing.
    let n = unsafe { libc::getgroups(0, std::ptr::null_mut()) };
    check(vm, n, None)?;
    let mut groups = vec![0 as libc::gid_t; n as usize];
    // SAFETY: `groups` has room for `n` entries.
    let n = unsafe { libc::getgroups(n, groups.as_mut_ptr()) };
    check(vm, n, None)?;
    groups.truncate(n as usize);
    Ok(vm.new_list(
        groups
            .into_iter()
            .map(|g| Value::Int(i64::from(g)))
            .collect(),
    ))
}

fn posix_getlogin(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "getlogin")?;
    // SAFETY: getlogin returns null or a static NUL-terminated string.
    let p = unsafe { libc::getlogin() };
    if p.is_null() {
        return Err(last_error(vm, None));
    }
    // SAFETY: non-null, NUL-terminated.
    let b = unsafe { CStr::from_ptr(p) }.to_bytes().to_vec();
    Ok(fs_decode(vm, &b))
}

fn posix_kill(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "kill", 2, 2)?;
    let pid = to_i32(vm, &a[0])?;
    let sig = to_i32(vm, &a[1])?;
    // SAFETY: kill has no memory-safety preconditions.
    let r = unsafe { libc::kill(pid, sig) };
    check(vm, r, None)?;
    Ok(Value::None)
}

fn posix_killpg(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "killpg", 2, 2)?;
    let pgid = to_i32(vm, &a[0])?;
    let sig = to_i32(vm, &a[1])?;
    // SAFETY: killpg has no memory-safety preconditions.
    let r = unsafe { libc::killpg(pgid, sig) };
    check(vm, r, None)?;
    Ok(Value::None)
}

fn posix_fork(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "fork")?;
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    crate::posix_extra::run_before_fork(vm);
    // SAFETY: pyrs runs Python on one thread; the child continues with this thread's
    // state only, as CPython's fork does.
    let pid = unsafe { libc::fork() };
    let e = std::io::Error::last_os_error();
    if pid == 0 {
        crate::posix_extra::run_after_fork_child(vm);
    } else {
        crate::posix_extra::run_after_fork_parent(vm);
    }
    if pid < 0 {
        return Err(os_error(vm, e.raw_os_error().unwrap_or(0), None, None));
    }
    Ok(Value::Int(i64::from(pid)))
}

/// The argument vector of exec*: a non-empty list or tuple of paths.
fn exec_argv(vm: &Vm, v: &Value, fname: &str) -> PyResult<Vec<CString>> {
    let ok = matches!(v, Value::Obj(o) if o.payload.as_tuple().is_some() || o.payload.as_list().is_some());
    if !ok {
        return Err(vm.type_error(format!("{fname}() arg 2 must be a tuple or list")));
    }
    let items = vm.collect(v)?;
    if items.is_empty() {
        return Err(vm.value_error(format!("{fname}() arg 2 must not be empty")));
    }
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        let p = path_arg(vm, item, fname, "args", false)?;
        out.push(p.path.unwrap_or_default());
    }
    if out[0].as_bytes().is_empty() {
        return Err(vm.value_error(format!("{fname}() arg 2 first element cannot be empty")));
    }
    Ok(out)
}

fn exec_env(vm: &Vm, env: &Value) -> PyResult<Vec<CString>> {
    let keys = vm.collect(&vm.call_method(env, "keys", &[])?)?;
    let mut out = Vec::with_capacity(keys.len());
    for k in keys {
        let v = vm.getitem(env, &k)?;
        let mut kb = env_bytes(vm, &fspath_value(vm, &k)?.unwrap_or(k.clone()), "key")?;
        let vb = env_bytes(vm, &fspath_value(vm, &v)?.unwrap_or(v.clone()), "value")?;
        if kb.is_empty() || kb[1..].contains(&b'=') {
            return Err(vm.value_error("illegal environment variable name"));
        }
        kb.push(b'=');
        kb.extend_from_slice(&vb);
        out.push(CString::new(kb).map_err(|_| vm.value_error("embedded null byte"))?);
    }
    Ok(out)
}

fn posix_execv(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "execv", 2, 2)?;
    let p = path_arg(vm, &a[0], "execv", "path", false)?;
    let argv = exec_argv(vm, &a[1], "execv")?;
    let mut ptrs: Vec<*const libc::c_char> = argv.iter().map(|c| c.as_ptr()).collect();
    ptrs.push(std::ptr::null());
    // SAFETY: the path and every argument are NUL-terminated; the vector ends in null.
    unsafe { libc::execv(p.c(), ptrs.as_ptr()) };
    Err(last_error(vm, None))
}

fn posix_execve(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "execve", &["path", "argv", "env"], 3, 3)?;
    let p = path_arg(
        vm,
        a[0].as_ref().unwrap_or(&Value::None),
        "execve",
        "path",
        true,
    )?;
    let argv = exec_argv(vm, a[1].as_ref().unwrap_or(&Value::None), "execve")?;
    let env = exec_env(vm, a[2].as_ref().unwrap_or(&Value::None))?;
    let mut ptrs: Vec<*const libc::c_char> = argv.iter().map(|c| c.as_ptr()).collect();
    ptrs.push(std::ptr::null());
    let mut envp: Vec<*const libc::c_char> = env.iter().map(|c| c.as_ptr()).collect();
    envp.push(std::ptr::null());
    // SAFETY: all strings are NUL-terminated and both vectors end in null.
    unsafe {
        match p.fd {
            Some(fd) => libc::fexecve(fd, ptrs.as_ptr(), envp.as_ptr()),
            None => libc::execve(p.c(), ptrs.as_ptr(), envp.as_ptr()),
        }
    };
    Err(last_error(vm, None))
}

fn posix_exit(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "_exit", &["status"], 1, 1)?;
    let status = to_i32(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    // SAFETY: _exit ends the process without running anything else.
    unsafe { libc::_exit(status) }
}

fn posix_abort(_vm: &Vm, _args: Args) -> PyResult<Value> {
    std::process::abort()
}

fn posix_waitpid(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "waitpid", 2, 2)?;
    let pid = to_i32(vm, &a[0])?;
    let options = to_i32(vm, &a[1])?;
    let mut status: libc::c_int = 0;
    loop {
        // SAFETY: `status` is writable.
        let r = unsafe { libc::waitpid(pid, &mut status, options) };
        if r < 0 {
            if last_errno() == libc::EINTR {
                continue;
            }
            return Err(last_error(vm, None));
        }
        return Ok(vm.new_tuple(vec![
            Value::Int(i64::from(r)),
            Value::Int(i64::from(status)),
        ]));
    }
}

fn posix_wait(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "wait")?;
    let mut status: libc::c_int = 0;
    loop {
        // SAFETY: `status` is writable.
        let r = unsafe { libc::wait(&mut status) };
        if r < 0 {
            if last_errno() == libc::EINTR {
                continue;
            }
            return Err(last_error(vm, None));
        }
        return Ok(vm.new_tuple(vec![
            Value::Int(i64::from(r)),
            Value::Int(i64::from(status)),
        ]));
    }
}

fn posix_waitstatus_to_exitcode(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "waitstatus_to_exitcode", &["status"], 1, 1)?;
    let status = to_i32(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    if libc::WIFEXITED(status) {
        return Ok(Value::Int(i64::from(libc::WEXITSTATUS(status))));
    }
    if libc::WIFSIGNALED(status) {
        return Ok(Value::Int(-i64::from(libc::WTERMSIG(status))));
    }
    Err(vm.value_error(format!("invalid wait status: {status}")))
}

macro_rules! wait_macro {
    ($fn_name:ident, $py:expr, $e:expr, bool) => {
        fn $fn_name(vm: &Vm, args: Args) -> PyResult<Value> {
            let a = parse_args(vm, &args, $py, &["status"], 1, 1)?;
            let s = to_i32(vm, a[0].as_ref().unwrap_or(&Value::None))?;
            let f: fn(libc::c_int) -> bool = $e;
            Ok(Value::Bool(f(s)))
        }
    };
    ($fn_name:ident, $py:expr, $e:expr, int) => {
        fn $fn_name(vm: &Vm, args: Args) -> PyResult<Value> {
            let a = parse_args(vm, &args, $py, &["status"], 1, 1)?;
            let s = to_i32(vm, a[0].as_ref().unwrap_or(&Value::None))?;
            let f: fn(libc::c_int) -> libc::c_int = $e;
            Ok(Value::Int(i64::from(f(s))))
        }
    };
}

wait_macro!(posix_wifexited, "WIFEXITED", |s| libc::WIFEXITED(s), bool);
wait_macro!(
    posix_wifsignaled,
    "WIFSIGNALED",
    |s| libc::WIFSIGNALED(s),
    bool
);
wait_macro!(
    posix_wifstopped,
    "WIFSTOPPED",
    |s| libc::WIFSTOPPED(s),
    bool
);
wait_macro!(
    posix_wifcontinued,
    "WIFCONTINUED",
    |s| libc::WIFCONTINUED(s),
    bool
);
wait_macro!(posix_wcoredump, "WCOREDUMP", |s| libc::WCOREDUMP(s), bool);
wait_macro!(
    posix_wexitstatus,
    "WEXITSTATUS",
    |s| libc::WEXITSTATUS(s),
    int
);
wait_macro!(posix_wtermsig, "WTERMSIG", |s| libc::WTERMSIG(s), int);
wait_macro!(posix_wstopsig, "WSTOPSIG", |s| libc::WSTOPSIG(s), int);

fn posix_system(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "system", &["command"], 1, 1)?;
    let p = path_arg(
        vm,
        a[0].as_ref().unwrap_or(&Value::None),
        "system",
        "command",
        false,
    )?;
    use std::io::Write;
    let _ = std::io::stdout().flush();
    // SAFETY: the command is a NUL-terminated C string.
    let r = unsafe { libc::system(p.c()) };
    Ok(Value::Int(i64::from(r)))
}

// ----- system information -------------------------------------------------------------------

fn posix_urandom(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "urandom", 1, 1)?;
    let n = vm.to_index(&a[0])?;
    if n < 0 {
        return Err(vm.value_error("negative argument not allowed"));
    }
    let mut buf = vec![0u8; n as usize];
    let mut filled = 0;
    while filled < buf.len() {
        // SAFETY: the rest of `buf` is writable.
        let r =
            unsafe { libc::getrandom(buf[filled..].as_mut_ptr().cast(), buf.len() - filled, 0) };
        if r < 0 {
            if last_errno() == libc::EINTR {
                continue;
            }
            return Err(last_error(vm, None));
        }
        filled += r as usize;
    }
    Ok(vm.new_bytes(buf))
}

fn posix_cpu_count(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "cpu_count")?;
    // SAFETY: sysconf has no preconditions.
    let n = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
    Ok(if n < 1 { Value::None } else { Value::Int(n) })
}

fn c_field(b: &[libc::c_char]) -> Vec<u8> {
    b.iter()
        .take_while(|c| **c != 0)
        .map(|c| *c as u8)
        .collect()
}

fn posix_uname(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "uname")?;
    // SAFETY: an all-zero utsname is valid; uname fills it.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: `u` is writable.
    let r = unsafe { libc::uname(&mut u) };
    check(vm, r, None)?;
    let f = |b: &[libc::c_char]| fs_decode(vm, &c_field(b));
    let values = vec![
        f(&u.sysname),
        f(&u.nodename),
        f(&u.release),
        f(&u.version),
        f(&u.machine),
    ];
    Ok(structseq::new_instance(vm, &types(vm).uname_result, values))
}

fn posix_times(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "times")?;
    // SAFETY: an all-zero tms is valid; times fills it.
    let mut t: libc::tms = unsafe { std::mem::zeroed() };
    // SAFETY: `t` is writable.
    let c = unsafe { libc::times(&mut t) };
    if c == (-1i64) as libc::clock_t {
        return Err(last_error(vm, None));
    }
    // SAFETY: sysconf has no preconditions.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let values = vec![
        Value::Float(t.tms_utime as f64 / ticks),
        Value::Float(t.tms_stime as f64 / ticks),
        Value::Float(t.tms_cutime as f64 / ticks),
        Value::Float(t.tms_cstime as f64 / ticks),
        Value::Float(c as f64 / ticks),
    ];
    Ok(structseq::new_instance(vm, &types(vm).times_result, values))
}

fn posix_get_terminal_size(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "get_terminal_size", 0, 1)?;
    let fd = match a.first() {
        Some(v) => to_i32(vm, v)?,
        None => 1,
    };
    // SAFETY: an all-zero winsize is valid; the ioctl fills it.
    let mut w: libc::winsize = unsafe { std::mem::zeroed() };
    // SAFETY: TIOCGWINSZ writes one winsize into `w`.
    let r = unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut w) };
    check(vm, r, None)?;
    Ok(structseq::new_instance(
        vm,
        &types(vm).terminal_size,
        vec![
            Value::Int(i64::from(w.ws_col)),
            Value::Int(i64::from(w.ws_row)),
        ],
    ))
}

fn posix_sysconf(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = positional(vm, &args, "sysconf", 1, 1)?;
    let name = match &a[0] {
        Value::Obj(o) if o.payload.as_str().is_some() => {
            let s = vm.str_string(&a[0])?;
            match SYSCONF_NAMES.iter().find(|(n, _)| *n == s) {
                Some((_, v)) => *v,
                None => return Err(vm.value_error("unrecognized configuration name")),
            }
        }
        v => to_i32(vm, v)?,
    };
    // SAFETY: errno is thread-local.
    unsafe { *libc::__errno_location() = 0 };
    // SAFETY: sysconf has no preconditions.
    let r = unsafe { libc::sysconf(name) };
    if r == -1 && last_errno() != 0 {
        return Err(last_error(vm, None));
    }
    Ok(Value::Int(r))
}

const SYSCONF_NAMES: &[(&str, libc::c_int)] = &[
    ("SC_ARG_MAX", libc::_SC_ARG_MAX),
    ("SC_CHILD_MAX", libc::_SC_CHILD_MAX),
    ("SC_CLK_TCK", libc::_SC_CLK_TCK),
    ("SC_NGROUPS_MAX", libc::_SC_NGROUPS_MAX),
    ("SC_OPEN_MAX", libc::_SC_OPEN_MAX),
    ("SC_PAGESIZE", libc::_SC_PAGESIZE),
    ("SC_PAGE_SIZE", libc::_SC_PAGESIZE),
    ("SC_NPROCESSORS_CONF", libc::_SC_NPROCESSORS_CONF),
    ("SC_NPROCESSORS_ONLN", libc::_SC_NPROCESSORS_ONLN),
    ("SC_PHYS_PAGES", libc::_SC_PHYS_PAGES),
    ("SC_MINSIGSTKSZ", 249),
];

fn posix_getloadavg(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "getloadavg")?;
    let mut l = [0f64; 3];
    // SAFETY: `l` has room for the three averages.
    let r = unsafe { libc::getloadavg(l.as_mut_ptr(), 3) };
    if r != 3 {
        return Err(vm.new_exception_msg(&vm.exc.os_error, "Load averages are unobtainable"));
    }
    Ok(vm.new_tuple(l.iter().map(|f| Value::Float(*f)).collect()))
}

// ----- the module --------------------------------------------------------------------------

/// Which `*at`/`f*` variants exist, for os.py's supports_dir_fd & co.
const HAVE_FUNCTIONS: &[&str] = &[
    "HAVE_FACCESSAT",
    "HAVE_FCHDIR",
    "HAVE_FCHMOD",
    "HAVE_FCHMODAT",
    "HAVE_FEXECVE",
    "HAVE_FDOPENDIR",
    "HAVE_FSTATAT",
    "HAVE_FTRUNCATE",
    "HAVE_FUTIMENS",
    "HAVE_LINKAT",
    "HAVE_LSTAT",
    "HAVE_MKDIRAT",
    "HAVE_OPENAT",
    "HAVE_READLINKAT",
    "HAVE_RENAMEAT",
    "HAVE_SYMLINKAT",
    "HAVE_UNLINKAT",
    "HAVE_UTIMENSAT",
];

const INT_CONSTANTS: &[(&str, i64)] = &[
    ("F_OK", libc::F_OK as i64),
    ("R_OK", libc::R_OK as i64),
    ("W_OK", libc::W_OK as i64),
    ("X_OK", libc::X_OK as i64),
    ("O_RDONLY", libc::O_RDONLY as i64),
    ("O_WRONLY", libc::O_WRONLY as i64),
    ("O_RDWR", libc::O_RDWR as i64),
    ("O_APPEND", libc::O_APPEND as i64),
    ("O_CREAT", libc::O_CREAT as i64),
    ("O_EXCL", libc::O_EXCL as i64),
    ("O_TRUNC", libc::O_TRUNC as i64),
    ("O_NONBLOCK", libc::O_NONBLOCK as i64),
    ("O_NDELAY", libc::O_NDELAY as i64),
    ("O_DSYNC", libc::O_DSYNC as i64),
    ("O_SYNC", libc::O_SYNC as i64),
    ("O_FSYNC", libc::O_FSYNC as i64),
    ("O_RSYNC", libc::O_RSYNC as i64),
    ("O_NOCTTY", libc::O_NOCTTY as i64),
    ("O_CLOEXEC", libc::O_CLOEXEC as i64),
    ("O_DIRECTORY", libc::O_DIRECTORY as i64),
    ("O_NOFOLLOW", libc::O_NOFOLLOW as i64),
    ("O_ACCMODE", libc::O_ACCMODE as i64),
    ("O_ASYNC", libc::O_ASYNC as i64),
    ("O_DIRECT", libc::O_DIRECT as i64),
    ("O_LARGEFILE", 0),
    ("O_NOATIME", libc::O_NOATIME as i64),
    ("O_PATH", libc::O_PATH as i64),
    ("O_TMPFILE", libc::O_TMPFILE as i64),
    ("WNOHANG", libc::WNOHANG as i64),
    ("WUNTRACED", libc::WUNTRACED as i64),
    ("WCONTINUED", libc::WCONTINUED as i64),
    ("WEXITED", libc::WEXITED as i64),
    ("WSTOPPED", libc::WSTOPPED as i64),
    ("WNOWAIT", libc::WNOWAIT as i64),
    ("P_PID", libc::P_PID as i64),
    ("P_PGID", libc::P_PGID as i64),
    ("P_ALL", libc::P_ALL as i64),
    ("P_PIDFD", 3),
    ("CLD_EXITED", libc::CLD_EXITED as i64),
    ("CLD_KILLED", libc::CLD_KILLED as i64),
    ("CLD_DUMPED", libc::CLD_DUMPED as i64),
    ("CLD_TRAPPED", libc::CLD_TRAPPED as i64),
    ("CLD_STOPPED", libc::CLD_STOPPED as i64),
    ("CLD_CONTINUED", libc::CLD_CONTINUED as i64),
    ("EX_OK", 0),
    ("EX_USAGE", 64),
    ("EX_DATAERR", 65),
    ("EX_NOINPUT", 66),
    ("EX_NOUSER", 67),
    ("EX_NOHOST", 68),
    ("EX_UNAVAILABLE", 69),
    ("EX_SOFTWARE", 70),
    ("EX_OSERR", 71),
    ("EX_OSFILE", 72),
    ("EX_CANTCREAT", 73),
    ("EX_IOERR", 74),
    ("EX_TEMPFAIL", 75),
    ("EX_PROTOCOL", 76),
    ("EX_NOPERM", 77),
    ("EX_CONFIG", 78),
    ("F_LOCK", libc::F_LOCK as i64),
    ("F_TLOCK", libc::F_TLOCK as i64),
    ("F_ULOCK", libc::F_ULOCK as i64),
    ("F_TEST", libc::F_TEST as i64),
    ("SEEK_DATA", libc::SEEK_DATA as i64),
    ("SEEK_HOLE", libc::SEEK_HOLE as i64),
    ("PRIO_PROCESS", libc::PRIO_PROCESS as i64),
    ("PRIO_PGRP", libc::PRIO_PGRP as i64),
    ("PRIO_USER", libc::PRIO_USER as i64),
    ("SCHED_OTHER", libc::SCHED_OTHER as i64),
    ("SCHED_FIFO", libc::SCHED_FIFO as i64),
    ("SCHED_RR", libc::SCHED_RR as i64),
    ("SCHED_BATCH", libc::SCHED_BATCH as i64),
    ("SCHED_IDLE", libc::SCHED_IDLE as i64),
    ("SCHED_RESET_ON_FORK", libc::SCHED_RESET_ON_FORK as i64),
    ("RTLD_LAZY", libc::RTLD_LAZY as i64),
    ("RTLD_NOW", libc::RTLD_NOW as i64),
    ("RTLD_GLOBAL", libc::RTLD_GLOBAL as i64),
    ("RTLD_LOCAL", libc::RTLD_LOCAL as i64),
    ("RTLD_NODELETE", libc::RTLD_NODELETE as i64),
    ("RTLD_NOLOAD", libc::RTLD_NOLOAD as i64),
    ("RTLD_DEEPBIND", libc::RTLD_DEEPBIND as i64),
    ("NGROUPS_MAX", 65536),
    ("TMP_MAX", 238328),
    ("GRND_NONBLOCK", libc::GRND_NONBLOCK as i64),
    ("GRND_RANDOM", libc::GRND_RANDOM as i64),
    ("ST_RDONLY", libc::ST_RDONLY as i64),
    ("ST_NOSUID", libc::ST_NOSUID as i64),
    ("ST_NODEV", libc::ST_NODEV as i64),
    ("ST_NOEXEC", libc::ST_NOEXEC as i64),
    ("ST_SYNCHRONOUS", libc::ST_SYNCHRONOUS as i64),
    ("ST_MANDLOCK", libc::ST_MANDLOCK as i64),
    ("ST_WRITE", libc::ST_WRITE as i64),
    ("ST_APPEND", libc::ST_APPEND as i64),
    ("ST_NOATIME", libc::ST_NOATIME as i64),
    ("ST_NODIRATIME", libc::ST_NODIRATIME as i64),
    ("ST_RELATIME", libc::ST_RELATIME as i64),
    ("POSIX_FADV_NORMAL", libc::POSIX_FADV_NORMAL as i64),
    ("POSIX_FADV_RANDOM", libc::POSIX_FADV_RANDOM as i64),
    ("POSIX_FADV_SEQUENTIAL", libc::POSIX_FADV_SEQUENTIAL as i64),
    ("POSIX_FADV_WILLNEED", libc::POSIX_FADV_WILLNEED as i64),
    ("POSIX_FADV_DONTNEED", libc::POSIX_FADV_DONTNEED as i64),
    ("POSIX_FADV_NOREUSE", libc::POSIX_FADV_NOREUSE as i64),
];

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("posix");
    let d = m
        .dict()
        .ok_or_else(|| vm.type_error("module without a namespace"))?;
    let set = |k: &str, v: Value| dict::set_str(&d, &vm.intern(k), v);
    let t = types(vm);
    set("stat_result", Value::Obj(t.stat_result.clone()));
    set("terminal_size", Value::Obj(t.terminal_size.clone()));
    set("times_result", Value::Obj(t.times_result.clone()));
    set("uname_result", Value::Obj(t.uname_result.clone()));
    set("DirEntry", Value::Obj(t.dir_entry.clone()));
    set("error", Value::Obj(vm.exc.os_error.clone()));
    set("environ", environ_dict(vm)?);
    set(
        "_have_functions",
        vm.new_list(HAVE_FUNCTIONS.iter().map(|s| vm.new_str(*s)).collect()),
    );
    for (name, value) in INT_CONSTANTS {
        set(name, Value::Int(*value));
    }
    let fns: &[(&'static str, pyrs_vm::object::NativeFn)] = &[
        ("stat", posix_stat),
        ("lstat", posix_lstat),
        ("fstat", posix_fstat),
        ("open", posix_open),
        ("close", posix_close),
        ("closerange", posix_closerange),
        ("read", posix_read),
        ("write", posix_write),
        ("lseek", posix_lseek),
        ("dup", posix_dup),
        ("dup2", posix_dup2),
        ("pipe", posix_pipe),
        ("pipe2", posix_pipe2),
        ("get_inheritable", posix_get_inheritable),
        ("set_inheritable", posix_set_inheritable),
        ("get_blocking", posix_get_blocking),
        ("set_blocking", posix_set_blocking),
        ("isatty", posix_isatty),
        ("device_encoding", posix_device_encoding),
        ("ftruncate", posix_ftruncate),
        ("truncate", posix_truncate),
        ("fsync", posix_fsync),
        ("getcwd", posix_getcwd),
        ("getcwdb", posix_getcwdb),
        ("chdir", posix_chdir),
        ("listdir", posix_listdir),
        ("scandir", posix_scandir),
        ("mkdir", posix_mkdir),
        ("rmdir", posix_rmdir),
        ("unlink", posix_unlink),
        ("remove", posix_remove),
        ("rename", posix_rename),
        ("replace", posix_replace),
        ("link", posix_link),
        ("symlink", posix_symlink),
        ("readlink", posix_readlink),
        ("chmod", posix_chmod),
        ("fchmod", posix_fchmod),
        ("access", posix_access),
        ("utime", posix_utime),
        ("fspath", posix_fspath),
        ("strerror", posix_strerror),
        ("umask", posix_umask),
        ("putenv", posix_putenv),
        ("unsetenv", posix_unsetenv),
        ("getpid", posix_getpid),
        ("getppid", posix_getppid),
        ("getuid", posix_getuid),
        ("geteuid", posix_geteuid),
        ("getgid", posix_getgid),
        ("getegid", posix_getegid),
        ("getpgrp", posix_getpgrp),
        ("getpgid", posix_getpgid),
        ("getsid", posix_getsid),
        ("setsid", posix_setsid),
        ("getgroups", posix_getgroups),
        ("getlogin", posix_getlogin),
        ("kill", posix_kill),
        ("killpg", posix_killpg),
        ("fork", posix_fork),
        ("execv", posix_execv),
        ("execve", posix_execve),
        ("_exit", posix_exit),
        ("abort", posix_abort),
        ("waitpid", posix_waitpid),
        ("wait", posix_wait),
        ("waitstatus_to_exitcode", posix_waitstatus_to_exitcode),
        ("WIFEXITED", posix_wifexited),
        ("WIFSIGNALED", posix_wifsignaled),
        ("WIFSTOPPED", posix_wifstopped),
        ("WIFCONTINUED", posix_wifcontinued),
        ("WCOREDUMP", posix_wcoredump),
        ("WEXITSTATUS", posix_wexitstatus),
        ("WTERMSIG", posix_wtermsig),
        ("WSTOPSIG", posix_wstopsig),
        ("system", posix_system),
        ("urandom", posix_urandom),
        ("cpu_count", posix_cpu_count),
        ("uname", posix_uname),
        ("times", posix_times),
        ("get_terminal_size", posix_get_terminal_size),
        ("sysconf", posix_sysconf),
        ("getloadavg", posix_getloadavg),
    ];
    for (name, f) in fns {
        vm.add_module_fn(&m, name, *f);
    }
    crate::posix_extra::add_to(vm, &m)?;
    let names = vm.new_dict_obj();
    for (name, v) in SYSCONF_NAMES {
        dict::set(vm, &names, vm.new_str(*name), Value::Int(i64::from(*v)))?;
    }
    set("sysconf_names", Value::Obj(names));
    Ok(m)
}
