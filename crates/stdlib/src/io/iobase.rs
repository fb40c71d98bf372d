//! `_IOBase`, `_RawIOBase`, `_BufferedIOBase`, `_TextIOBase`: the abstract bases of
//! the I/O hierarchy. Their methods are written against Python-level calls (`self.read`,
//! `self.closed`) so that they serve Python subclasses (Lib's `io.py` builds its ABCs on
//! them) as CPython's iobase.c does. The closed flag of a plain `_IOBase` lives in the
//! instance dict as `__IOBase_closed`, as in CPython.

use pyrs_vm::object::NativeData;
use pyrs_vm::objects::dict;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use super::{bind, size_arg, this, unsupported, IoTypes, DEFAULT_BUFFER_SIZE};

/// The (empty) native state of instances of the abstract bases and their Python
/// subclasses.
pub struct IOBaseData;
impl NativeData for IOBaseData {}

fn iobase_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = match args.args.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => c.clone(),
        _ => return Err(vm.type_error("_IOBase.__new__(X): X is not a type object")),
    };
    Ok(Value::Obj(vm.new_native_object(&cls, IOBaseData)))
}

const CLOSED_ATTR: &str = "__IOBase_closed";

/// The `__IOBase_closed` flag of a generic instance.
fn iobase_is_closed(vm: &Vm, v: &Value) -> bool {
    v.as_obj()
        .and_then(|o| o.dict())
        .and_then(|d| dict::get_str(&d, &vm.intern(CLOSED_ATTR)))
        .map(|x| matches!(x, Value::Bool(true)))
        .unwrap_or(false)
}

/// `self.closed`, through Python (subclasses override it).
pub fn is_closed(vm: &Vm, v: &Value) -> PyResult<bool> {
    let c = vm.get_attr_str(v, "closed")?;
    vm.is_true(&c)
}

/// Raise ValueError if `self.closed`.
pub fn check_closed(vm: &Vm, v: &Value) -> PyResult<()> {
    if is_closed(vm, v)? {
        return Err(vm.value_error("I/O operation on closed file."));
    }
    Ok(())
}

fn check_bool_method(vm: &Vm, v: &Value, method: &str, msg: &str) -> PyResult<()> {
    let r = vm.call_method(v, method, &[])?;
    if !vm.is_true(&r)? {
        return Err(unsupported(vm, msg));
    }
    Ok(())
}

fn closed_get(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Bool(iobase_is_closed(vm, v)))
}

fn iobase_unsupported_seek(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(unsupported(vm, "seek"))
}

fn iobase_tell(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    vm.call_method(s, "seek", &[Value::Int(0), Value::Int(1)])
}

fn iobase_truncate(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(unsupported(vm, "truncate"))
}

fn iobase_flush(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    if iobase_is_closed(vm, s) {
        return Err(vm.value_error("I/O operation on closed file."));
    }
    Ok(Value::None)
}

fn iobase_close(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    if iobase_is_closed(vm, s) {
        return Ok(Value::None);
    }
    let r = vm.call_method(s, "flush", &[]);
    vm.set_attr(s, &vm.intern(CLOSED_ATTR), Value::Bool(true))?;
    r.map(|_| Value::None)
}

fn false_method(vm: &Vm, args: Args) -> PyResult<Value> {
    let _ = this(vm, &args)?;
    Ok(Value::Bool(false))
}

fn iobase_check_closed(vm: &Vm, args: Args) -> PyResult<Value> {
    check_closed(vm, this(vm, &args)?)?;
    Ok(Value::None)
}

fn iobase_check_seekable(vm: &Vm, args: Args) -> PyResult<Value> {
    check_bool_method(
        vm,
        this(vm, &args)?,
        "seekable",
        "File or stream is not seekable.",
    )?;
    Ok(Value::Bool(true))
}

fn iobase_check_readable(vm: &Vm, args: Args) -> PyResult<Value> {
    check_bool_method(
        vm,
        this(vm, &args)?,
        "readable",
        "File or stream is not readable.",
    )?;
    Ok(Value::Bool(true))
}

fn iobase_check_writable(vm: &Vm, args: Args) -> PyResult<Value> {
    check_bool_method(
        vm,
        this(vm, &args)?,
        "writable",
        "File or stream is not writable.",
    )?;
    Ok(Value::Bool(true))
}

fn iobase_fileno(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(unsupported(vm, "fileno"))
}

fn iobase_isatty(vm: &Vm, args: Args) -> PyResult<Value> {
    check_closed(vm, this(vm, &args)?)?;
    Ok(Value::Bool(false))
}

fn iobase_enter(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    check_closed(vm, s)?;
    Ok(s.clone())
}

fn iobase_exit(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    vm.call_method(s, "close", &[])
}

fn iobase_iter(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    check_closed(vm, s)?;
    Ok(s.clone())
}

fn iobase_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let line = vm.call_method(s, "readline", &[])?;
    if vm.len(&line)? == 0 {
        return Err(vm.stop_iteration(None));
    }
    Ok(line)
}

/// `_IOBase.readline(size=-1)`: byte by byte through `peek`/`read`.
fn iobase_readline(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let a = bind(vm, "readline", &args, 1, &["size"], 0)?;
    let limit = size_arg(vm, a[0].as_ref())?;
    let peek = super::get_attr_opt(vm, s, "peek")?;
    let mut res: Vec<u8> = Vec::new();
    while limit < 0 || (res.len() as i64) < limit {
        let mut nreadahead = 1usize;
        if let Some(p) = &peek {
            let ahead = vm.call(p, Args::new(&[Value::Int(1)]))?;
            let ahead = super::bytes_arg(vm, &ahead).map_err(|_| {
                vm.new_exception_msg(
                    &vm.exc.os_error,
                    format!(
                        "peek() should have returned a bytes object, not '{}'",
                        vm.type_name(&ahead)
                    ),
                )
            })?;
            if !ahead.is_empty() {
                let mut n = 0;
                let max = if limit >= 0 {
                    (limit as usize - res.len()).min(ahead.len())
                } else {
                    ahead.len()
                };
                while n < max {
                    n += 1;
                    if ahead[n - 1] == b'\n' {
                        break;
                    }
                }
                nreadahead = n;
            }
        }
        let b = vm.call_method(s, "read", &[Value::Int(nreadahead as i64)])?;
        if b.is_none() {
            break;
        }
        let b = super::bytes_arg(vm, &b).map_err(|_| {
            vm.new_exception_msg(
                &vm.exc.os_error,
                format!(
                    "read() should have returned a bytes object, not '{}'",
                    vm.type_name(&b)
                ),
            )
        })?;
        if b.is_empty() {
            break;
        }
        res.extend_from_slice(&b);
        if res.last() == Some(&b'\n') {
            break;
        }
    }
    Ok(vm.new_bytes(res))
}

fn iobase_readlines(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let a = bind(vm, "readlines", &args, 1, &["hint"], 0)?;
    let hint = size_arg(vm, a[0].as_ref())?;
    let mut lines = Vec::new();
    let mut total = 0i64;
    let it = vm.iter(s)?;
    while let Some(line) = vm.next(&it)? {
        total += vm.len(&line)? as i64;
        lines.push(line);
        if hint > 0 && total >= hint {
            break;
        }
    }
    Ok(vm.new_list(lines))
}

fn iobase_writelines(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let a = bind(vm, "writelines", &args, 1, &["lines"], 1)?;
    check_closed(vm, s)?;
    let it = vm.iter(a[0].as_ref().unwrap_or(&Value::None))?;
    let w = vm.get_attr_str(s, "write")?;
    while let Some(line) = vm.next(&it)? {
        vm.call(&w, Args::new(&[line]))?;
    }
    Ok(Value::None)
}

// ----- _RawIOBase ------------------------------------------------------------------------

/// `_RawIOBase.read(size=-1)`: `readall()` or `readinto` a bytearray.
fn rawiobase_read(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let a = bind(vm, "read", &args, 1, &["size"], 0)?;
    let n = size_arg(vm, a[0].as_ref())?;
    if n < 0 {
        return vm.call_method(s, "readall", &[]);
    }
    let ba = vm.call(
        &Value::Obj(vm.types.bytearray.clone()),
        Args::new(&[Value::Int(n)]),
    )?;
    let r = vm.call_method(s, "readinto", std::slice::from_ref(&ba))?;
    if r.is_none() {
        return Ok(Value::None);
    }
    let got = vm.to_index(&r)? as usize;
    let mut data = super::bytes_arg(vm, &ba)?;
    data.truncate(got);
    Ok(vm.new_bytes(data))
}

fn rawiobase_readall(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let mut out = Vec::new();
    loop {
        let data = vm.call_method(s, "read", &[Value::Int(DEFAULT_BUFFER_SIZE as i64)])?;
        if data.is_none() {
            if out.is_empty() {
                return Ok(Value::None);
            }
            break;
        }
        let b =
            super::bytes_arg(vm, &data).map_err(|_| vm.type_error("read() should return bytes"))?;
        if b.is_empty() {
            break;
        }
        out.extend_from_slice(&b);
    }
    Ok(vm.new_bytes(out))
}

fn not_implemented(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(vm.not_implemented_error(String::new()))
}

// ----- _BufferedIOBase -------------------------------------------------------------------

fn bufferediobase_read(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(unsupported(vm, "read"))
}
fn bufferediobase_read1(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(unsupported(vm, "read1"))
}
fn bufferediobase_write(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(unsupported(vm, "write"))
}
fn bufferediobase_detach(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(unsupported(vm, "detach"))
}

fn bufferediobase_readinto_generic(vm: &Vm, args: Args, method: &str) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let a = bind(vm, method, &args, 1, &["buffer"], 1)?;
    let buf = a[0].clone().unwrap_or(Value::None);
    let n = super::buffer_len(vm, &buf)?;
    let name = if method == "readinto1" {
        "read1"
    } else {
        "read"
    };
    let data = vm.call_method(s, name, &[Value::Int(n as i64)])?;
    let data = super::bytes_arg(vm, &data)
        .map_err(|_| vm.type_error(format!("{name}() should return bytes")))?;
    if data.len() > n {
        return Err(vm.value_error(format!(
            "{name}() returned too much data: {n} bytes requested, {} returned",
            data.len()
        )));
    }
    Ok(Value::Int(super::fill_buffer(vm, &buf, &data)? as i64))
}

fn bufferediobase_readinto(vm: &Vm, args: Args) -> PyResult<Value> {
    bufferediobase_readinto_generic(vm, args, "readinto")
}
fn bufferediobase_readinto1(vm: &Vm, args: Args) -> PyResult<Value> {
    bufferediobase_readinto_generic(vm, args, "readinto1")
}

// ----- _TextIOBase -----------------------------------------------------------------------

fn textiobase_detach(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(unsupported(vm, "detach"))
}
fn textiobase_read(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(unsupported(vm, "read"))
}
fn textiobase_readline(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(unsupported(vm, "readline"))
}
fn textiobase_write(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(unsupported(vm, "write"))
}
fn none_get(_vm: &Vm, _v: &Value) -> PyResult<Value> {
    Ok(Value::None)
}

pub fn init(vm: &Vm, t: &IoTypes) {
    let b = &t.iobase;
    vm.add_static(b, "__new__", iobase_new);
    vm.add_getset(b, "closed", closed_get, None);
    vm.add_method(b, "seek", iobase_unsupported_seek);
    vm.add_method(b, "tell", iobase_tell);
    vm.add_method(b, "truncate", iobase_truncate);
    vm.add_method(b, "flush", iobase_flush);
    vm.add_method(b, "close", iobase_close);
    vm.add_method(b, "seekable", false_method);
    vm.add_method(b, "readable", false_method);
    vm.add_method(b, "writable", false_method);
    vm.add_method(b, "_checkClosed", iobase_check_closed);
    vm.add_method(b, "_checkSeekable", iobase_check_seekable);
    vm.add_method(b, "_checkReadable", iobase_check_readable);
    vm.add_method(b, "_checkWritable", iobase_check_writable);
    vm.add_method(b, "fileno", iobase_fileno);
    vm.add_method(b, "isatty", iobase_isatty);
    vm.add_method(b, "__enter__", iobase_enter);
    vm.add_method(b, "__exit__", iobase_exit);
    vm.add_method(b, "__iter__", iobase_iter);
    vm.add_method(b, "__next__", iobase_next);
    vm.add_method(b, "readline", iobase_readline);
    vm.add_method(b, "readlines", iobase_readlines);
    vm.add_method(b, "writelines", iobase_writelines);

    let r = &t.rawiobase;
    vm.add_method(r, "read", rawiobase_read);
    vm.add_method(r, "readall", rawiobase_readall);
    vm.add_method(r, "readinto", not_implemented);
    vm.add_method(r, "write", not_implemented);

    let bb = &t.bufferediobase;
    vm.add_method(bb, "read", bufferediobase_read);
    vm.add_method(bb, "read1", bufferediobase_read1);
    vm.add_method(bb, "write", bufferediobase_write);
    vm.add_method(bb, "detach", bufferediobase_detach);
    vm.add_method(bb, "readinto", bufferediobase_readinto);
    vm.add_method(bb, "readinto1", bufferediobase_readinto1);

    let tb = &t.textiobase;
    vm.add_method(tb, "detach", textiobase_detach);
    vm.add_method(tb, "read", textiobase_read);
    vm.add_method(tb, "readline", textiobase_readline);
    vm.add_method(tb, "write", textiobase_write);
    vm.add_getset(tb, "encoding", none_get, None);
    vm.add_getset(tb, "newlines", none_get, None);
    vm.add_getset(tb, "errors", none_get, None);
}
