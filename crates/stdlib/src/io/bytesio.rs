//! `BytesIO`: an in-memory binary stream (CPython's bytesio.c).
//!
//! Invariants: `pos` may lie beyond `buf.len()` (after a seek); a write there pads the
//! gap with zero bytes.

use std::cell::{Cell, RefCell};

use pyrs_vm::object::NativeData;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use super::{bind, size_arg, state, this, IoTypes};

pub struct BytesIO {
    buf: RefCell<Vec<u8>>,
    pos: Cell<usize>,
    closed: Cell<bool>,
}

impl NativeData for BytesIO {
    fn buffer(&self) -> Option<&dyn pyrs_vm::objects::memoryview::BufferSource> {
        Some(self)
    }
}

/// `getbuffer()` views share the BytesIO's bytes (writes through the view change it).
impl pyrs_vm::objects::memoryview::BufferSource for BytesIO {
    fn with_bytes(&self, f: &mut dyn FnMut(&[u8])) {
        f(&self.buf.borrow());
    }
    fn with_bytes_mut(&self, f: &mut dyn FnMut(&mut [u8])) {
        f(&mut self.buf.borrow_mut());
    }
    fn readonly(&self) -> bool {
        false
    }
}

fn get<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a BytesIO> {
    state(vm, v, "BytesIO")
}

fn open<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a BytesIO> {
    let b = get(vm, v)?;
    if b.closed.get() {
        return Err(vm.value_error("I/O operation on closed file."));
    }
    Ok(b)
}

fn bytesio_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = match args.args.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => c.clone(),
        _ => return Err(vm.type_error("BytesIO.__new__(X): X is not a type object")),
    };
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        BytesIO {
            buf: RefCell::new(Vec::new()),
            pos: Cell::new(0),
            closed: Cell::new(false),
        },
    )))
}

fn bytesio_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = get(vm, s)?;
    let a = bind(vm, "BytesIO", &args, 1, &["initial_bytes"], 0)?;
    let data = match &a[0] {
        None | Some(Value::None) => Vec::new(),
        Some(v) => super::bytes_arg(vm, v)?,
    };
    *b.buf.borrow_mut() = data;
    b.pos.set(0);
    Ok(Value::None)
}

impl BytesIO {
    fn read(&self, n: i64) -> Vec<u8> {
        let buf = self.buf.borrow();
        let p = self.pos.get().min(buf.len());
        let avail = buf.len() - p;
        let n = if n < 0 {
            avail
        } else {
            (n as usize).min(avail)
        };
        self.pos.set(p + n);
        buf[p..p + n].to_vec()
    }

    fn readline(&self, limit: i64) -> Vec<u8> {
        let buf = self.buf.borrow();
        let p = self.pos.get().min(buf.len());
        let rest = &buf[p..];
        let mut n = match memchr::memchr(b'\n', rest) {
            Some(i) => i + 1,
            None => rest.len(),
        };
        if limit >= 0 {
            n = n.min(limit as usize);
        }
        self.pos.set(p + n);
        rest[..n].to_vec()
    }

    fn write(&self, data: &[u8]) -> usize {
        let mut buf = self.buf.borrow_mut();
        let p = self.pos.get();
        if p > buf.len() {
            buf.resize(p, 0);
        }
        let end = p + data.len();
        if end > buf.len() {
            buf.resize(end, 0);
        }
        buf[p..end].copy_from_slice(data);
        self.pos.set(end);
        data.len()
    }
}

fn bytesio_read(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = open(vm, s)?;
    let a = bind(vm, "read", &args, 1, &["size"], 0)?;
    let n = size_arg(vm, a[0].as_ref())?;
    Ok(vm.new_bytes(b.read(n)))
}

fn bytesio_readline(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = open(vm, s)?;
    let a = bind(vm, "readline", &args, 1, &["size"], 0)?;
    let n = size_arg(vm, a[0].as_ref())?;
    Ok(vm.new_bytes(b.readline(n)))
}

fn bytesio_readlines(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = open(vm, s)?;
    let a = bind(vm, "readlines", &args, 1, &["size"], 0)?;
    let hint = size_arg(vm, a[0].as_ref())?;
    let mut out = Vec::new();
    let mut total = 0i64;
    loop {
        let line = b.readline(-1);
        if line.is_empty() {
            break;
        }
        total += line.len() as i64;
        out.push(vm.new_bytes(line));
        if hint > 0 && total >= hint {
            break;
        }
    }
    Ok(vm.new_list(out))
}

fn bytesio_readinto(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = open(vm, s)?;
    let a = bind(vm, "readinto", &args, 1, &["buffer"], 1)?;
    let buf = a[0].clone().unwrap_or(Value::None);
    let n = super::buffer_len(vm, &buf)?;
    let data = b.read(n as i64);
    Ok(Value::Int(super::fill_buffer(vm, &buf, &data)? as i64))
}

fn bytesio_write(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = open(vm, s)?;
    let a = bind(vm, "write", &args, 1, &["b"], 1)?;
    let data = super::bytes_arg(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    Ok(Value::Int(b.write(&data) as i64))
}

fn bytesio_writelines(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = open(vm, s)?;
    let a = bind(vm, "writelines", &args, 1, &["lines"], 1)?;
    let it = vm.iter(a[0].as_ref().unwrap_or(&Value::None))?;
    while let Some(line) = vm.next(&it)? {
        let data = super::bytes_arg(vm, &line)?;
        b.write(&data);
    }
    Ok(Value::None)
}

fn bytesio_getvalue(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = open(vm, s)?;
    let v = b.buf.borrow().clone();
    Ok(vm.new_bytes(v))
}

fn bytesio_getbuffer(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = args.args.first().cloned().unwrap_or(Value::None);
    pyrs_vm::objects::memoryview::new_memoryview(vm, &this)
}

fn bytesio_seek(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = open(vm, s)?;
    let a = bind(vm, "seek", &args, 1, &["pos", "whence"], 1)?;
    let pos = vm.to_index(a[0].as_ref().unwrap_or(&Value::None))?;
    let whence = match &a[1] {
        None => 0,
        Some(w) => vm.to_index(w)?,
    };
    let newpos = match whence {
        0 => {
            if pos < 0 {
                return Err(vm.value_error(format!("negative seek value {pos}")));
            }
            pos
        }
        1 => (b.pos.get() as i64 + pos).max(0),
        2 => (b.buf.borrow().len() as i64 + pos).max(0),
        w => return Err(vm.value_error(format!("invalid whence ({w}, should be 0, 1 or 2)"))),
    };
    b.pos.set(newpos as usize);
    Ok(Value::Int(newpos))
}

fn bytesio_tell(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = open(vm, this(vm, &args)?)?;
    Ok(Value::Int(b.pos.get() as i64))
}

fn bytesio_truncate(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = open(vm, s)?;
    let a = bind(vm, "truncate", &args, 1, &["size"], 0)?;
    let size = match &a[0] {
        None | Some(Value::None) => b.pos.get() as i64,
        Some(v) => vm.to_index(v)?,
    };
    if size < 0 {
        return Err(vm.value_error(format!("negative size value {size}")));
    }
    let mut buf = b.buf.borrow_mut();
    if (size as usize) < buf.len() {
        buf.truncate(size as usize);
    }
    Ok(Value::Int(size))
}

fn bytesio_true(vm: &Vm, args: Args) -> PyResult<Value> {
    open(vm, this(vm, &args)?)?;
    Ok(Value::Bool(true))
}

fn bytesio_false(vm: &Vm, args: Args) -> PyResult<Value> {
    open(vm, this(vm, &args)?)?;
    Ok(Value::Bool(false))
}

fn bytesio_flush(vm: &Vm, args: Args) -> PyResult<Value> {
    open(vm, this(vm, &args)?)?;
    Ok(Value::None)
}

fn bytesio_close(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = get(vm, this(vm, &args)?)?;
    b.closed.set(true);
    b.buf.borrow_mut().clear();
    Ok(Value::None)
}

fn bytesio_closed(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Bool(get(vm, v)?.closed.get()))
}

fn bytesio_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = open(vm, this(vm, &args)?)?;
    let line = b.readline(-1);
    if line.is_empty() {
        return Err(vm.stop_iteration(None));
    }
    Ok(vm.new_bytes(line))
}

fn bytesio_getstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = open(vm, s)?;
    let d = s
        .as_obj()
        .and_then(|o| o.dict())
        .map(Value::Obj)
        .unwrap_or(Value::None);
    let v = b.buf.borrow().clone();
    Ok(vm.new_tuple(vec![vm.new_bytes(v), Value::Int(b.pos.get() as i64), d]))
}

pub fn init(vm: &Vm, t: &IoTypes) {
    let c = &t.bytesio;
    vm.add_static(c, "__new__", bytesio_new);
    vm.add_method(c, "__init__", bytesio_init);
    vm.add_method(c, "read", bytesio_read);
    vm.add_method(c, "read1", bytesio_read);
    vm.add_method(c, "readline", bytesio_readline);
    vm.add_method(c, "readlines", bytesio_readlines);
    vm.add_method(c, "readinto", bytesio_readinto);
    vm.add_method(c, "readinto1", bytesio_readinto);
    vm.add_method(c, "write", bytesio_write);
    vm.add_method(c, "writelines", bytesio_writelines);
    vm.add_method(c, "getvalue", bytesio_getvalue);
    vm.add_method(c, "getbuffer", bytesio_getbuffer);
    vm.add_method(c, "seek", bytesio_seek);
    vm.add_method(c, "tell", bytesio_tell);
    vm.add_method(c, "truncate", bytesio_truncate);
    vm.add_method(c, "readable", bytesio_true);
    vm.add_method(c, "writable", bytesio_true);
    vm.add_method(c, "seekable", bytesio_true);
    vm.add_method(c, "isatty", bytesio_false);
    vm.add_method(c, "flush", bytesio_flush);
    vm.add_method(c, "close", bytesio_close);
    vm.add_method(c, "__next__", bytesio_next);
    vm.add_method(c, "__getstate__", bytesio_getstate);
    vm.add_getset(c, "closed", bytesio_closed, None);
}
