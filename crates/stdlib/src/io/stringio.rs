//! `StringIO`: an in-memory text stream (CPython's stringio.c).
//!
//! The text is kept as generalized UTF-8 (the str storage), so that the common use
//! (append, then `getvalue()`) copies bytes only. Invariants: `nchars` is the number of
//! code points in `buf`; `pos` is a code point index that may lie beyond the end (a
//! write there pads with NULs); `(cache_chars, cache_bytes)` is a known pair of code
//! point index and byte offset into `buf`, used to find `pos` without rescanning.

use std::cell::{Cell, RefCell};

use pyrs_vm::object::NativeData;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use super::textio::{count_chars, newlines_value, translate_newlines};
use super::{bind, new_str_wtf8, size_arg, state, this, IoTypes};

pub struct StringIO {
    buf: RefCell<Vec<u8>>,
    nchars: Cell<usize>,
    pos: Cell<usize>,
    cache: Cell<(usize, usize)>,
    closed: Cell<bool>,
    ok: Cell<bool>,
    readuniversal: Cell<bool>,
    readtranslate: Cell<bool>,
    /// Newline handling on write: a decoder is present (universal modes).
    has_decoder: Cell<bool>,
    readnl: RefCell<Option<Vec<u8>>>,
    writenl: RefCell<Option<Vec<u8>>>,
    seennl: Cell<u8>,
}

impl NativeData for StringIO {}

impl StringIO {
    /// Byte offset of code point `idx` (idx <= nchars).
    fn offset(&self, idx: usize) -> usize {
        let buf = self.buf.borrow();
        if self.nchars.get() == buf.len() {
            return idx.min(buf.len());
        }
        let (cc, cb) = self.cache.get();
        let (mut chars, mut i) = if cc <= idx && cb <= buf.len() {
            (cc, cb)
        } else {
            (0, 0)
        };
        while chars < idx && i < buf.len() {
            i += 1;
            while i < buf.len() && (buf[i] & 0xC0) == 0x80 {
                i += 1;
            }
            chars += 1;
        }
        self.cache.set((chars, i));
        i
    }

    fn write_bytes(&self, data: &[u8]) {
        let n = count_chars(data);
        let pos = self.pos.get();
        let len = self.nchars.get();
        if pos == len {
            let off = self.buf.borrow().len();
            self.buf.borrow_mut().extend_from_slice(data);
            self.cache.set((pos, off));
        } else if pos > len {
            let mut b = self.buf.borrow_mut();
            let grown = b.len() + (pos - len);
            b.resize(grown, 0);
            b.extend_from_slice(data);
            self.cache.set((0, 0));
        } else {
            let start = self.offset(pos);
            let end_char = (pos + n).min(len);
            let end = self.offset(end_char);
            self.buf
                .borrow_mut()
                .splice(start..end, data.iter().copied());
            self.cache.set((pos, start));
        }
        let total = if pos >= len {
            pos + n
        } else {
            len.max(pos + n)
        };
        self.nchars.set(total);
        self.pos.set(pos + n);
    }
}

fn get<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a StringIO> {
    let s: &StringIO = state(vm, v, "StringIO")?;
    if !s.ok.get() {
        return Err(vm.value_error("I/O operation on uninitialized object"));
    }
    Ok(s)
}

fn open<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a StringIO> {
    let s = get(vm, v)?;
    if s.closed.get() {
        return Err(vm.value_error("I/O operation on closed file"));
    }
    Ok(s)
}

fn stringio_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = match args.args.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => c.clone(),
        _ => return Err(vm.type_error("StringIO.__new__(X): X is not a type object")),
    };
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        StringIO {
            buf: RefCell::new(Vec::new()),
            nchars: Cell::new(0),
            pos: Cell::new(0),
            cache: Cell::new((0, 0)),
            closed: Cell::new(false),
            ok: Cell::new(false),
            readuniversal: Cell::new(false),
            readtranslate: Cell::new(false),
            has_decoder: Cell::new(false),
            readnl: RefCell::new(None),
            writenl: RefCell::new(None),
            seennl: Cell::new(0),
        },
    )))
}

/// Translate newlines of text being written, as the stream's settings say.
fn prepare_write(s: &StringIO, text: &[u8]) -> Vec<u8> {
    let mut data = if s.has_decoder.get() {
        let mut pcr = false;
        let mut seen = s.seennl.get();
        let out = translate_newlines(text, true, s.readtranslate.get(), &mut pcr, &mut seen);
        s.seennl.set(seen);
        out
    } else {
        text.to_vec()
    };
    if let Some(nl) = &*s.writenl.borrow() {
        if memchr::memchr(b'\n', &data).is_some() {
            let mut out = Vec::with_capacity(data.len() + 8);
            for &c in &data {
                if c == b'\n' {
                    out.extend_from_slice(nl);
                } else {
                    out.push(c);
                }
            }
            data = out;
        }
    }
    data
}

fn stringio_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let this_v = this(vm, &args)?;
    let s: &StringIO = state(vm, this_v, "StringIO")?;
    let a = bind(vm, "StringIO", &args, 1, &["initial_value", "newline"], 0)?;
    let newline: Option<String> = match &a[1] {
        None => Some("\n".to_string()),
        Some(Value::None) => None,
        Some(v) => match v.as_obj().and_then(|o| o.payload.as_str()) {
            Some(p) => Some(p.as_str().to_string()),
            None => {
                return Err(vm.type_error(format!(
                    "newline must be str or None, not {}",
                    vm.type_name(v)
                )))
            }
        },
    };
    if let Some(nl) = &newline {
        if !matches!(nl.as_str(), "" | "\n" | "\r" | "\r\n") {
            return Err(vm.value_error(format!(
                "illegal newline value: {}",
                vm.repr_string(&vm.new_str(nl.clone()))?
            )));
        }
    }
    let initial = match &a[0] {
        None | Some(Value::None) => None,
        Some(v) => match v.as_obj().and_then(|o| o.payload.as_str()) {
            Some(p) => Some(p.as_bytes().to_vec()),
            None => {
                return Err(vm.type_error(format!(
                    "initial_value must be str or None, not {}",
                    vm.type_name(v)
                )))
            }
        },
    };
    let nl = newline.as_deref();
    s.readuniversal.set(matches!(nl, None | Some("")));
    s.readtranslate.set(nl.is_none());
    s.has_decoder.set(matches!(nl, None | Some("")));
    *s.readnl.borrow_mut() = nl.filter(|n| !n.is_empty()).map(|n| n.as_bytes().to_vec());
    *s.writenl.borrow_mut() = match nl {
        Some("\r") | Some("\r\n") => Some(nl.unwrap_or("").as_bytes().to_vec()),
        _ => None,
    };
    s.buf.borrow_mut().clear();
    s.nchars.set(0);
    s.pos.set(0);
    s.cache.set((0, 0));
    s.seennl.set(0);
    s.closed.set(false);
    s.ok.set(true);
    if let Some(init) = initial {
        let data = prepare_write(s, &init);
        s.write_bytes(&data);
        s.pos.set(0);
    }
    Ok(Value::None)
}

fn stringio_write(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = this(vm, &args)?;
    let s = open(vm, v)?;
    let a = bind(vm, "write", &args, 1, &["s"], 1)?;
    let arg = a[0].clone().unwrap_or(Value::None);
    let p = match arg.as_obj().and_then(|o| o.payload.as_str()) {
        Some(p) => p,
        None => {
            return Err(vm.type_error(format!(
                "string argument expected, got '{}'",
                vm.type_name(&arg)
            )))
        }
    };
    let n = p.char_len();
    if n > 0 {
        let data = prepare_write(s, p.as_bytes());
        s.write_bytes(&data);
    }
    Ok(Value::Int(n as i64))
}

fn stringio_getvalue(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = open(vm, this(vm, &args)?)?;
    let b = s.buf.borrow().clone();
    Ok(new_str_wtf8(vm, b))
}

fn stringio_read(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = this(vm, &args)?;
    let s = open(vm, v)?;
    let a = bind(vm, "read", &args, 1, &["size"], 0)?;
    let n = size_arg(vm, a[0].as_ref())?;
    let pos = s.pos.get();
    let len = s.nchars.get();
    if pos >= len {
        return Ok(vm.new_str(""));
    }
    let end = if n < 0 {
        len
    } else {
        (pos + n as usize).min(len)
    };
    let start_b = s.offset(pos);
    let end_b = s.offset(end);
    s.pos.set(end);
    let out = s.buf.borrow()[start_b..end_b].to_vec();
    Ok(new_str_wtf8(vm, out))
}

fn readline_bytes(s: &StringIO, limit: i64) -> Vec<u8> {
    let pos = s.pos.get();
    let len = s.nchars.get();
    if pos >= len {
        return Vec::new();
    }
    let start = s.offset(pos);
    let buf = s.buf.borrow();
    let rest = &buf[start..];
    let end = if s.readtranslate.get() {
        memchr::memchr(b'\n', rest).map(|i| i + 1)
    } else if s.readuniversal.get() {
        memchr::memchr2(b'\n', b'\r', rest).map(|i| {
            if rest[i] == b'\r' && i + 1 < rest.len() && rest[i + 1] == b'\n' {
                i + 2
            } else {
                i + 1
            }
        })
    } else {
        let nl = s.readnl.borrow();
        let nl = nl.as_deref().unwrap_or(b"\n");
        memchr::memmem::find(rest, nl).map(|i| i + nl.len())
    };
    let mut take = end.unwrap_or(rest.len());
    if limit >= 0 {
        let lim = super::textio::char_offset(rest, limit as usize);
        take = take.min(lim);
    }
    let out = rest[..take].to_vec();
    drop(buf);
    let n = count_chars(&out);
    s.pos.set(pos + n);
    s.cache.set((pos + n, start + take));
    out
}

fn stringio_readline(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = this(vm, &args)?;
    let s = open(vm, v)?;
    let a = bind(vm, "readline", &args, 1, &["size"], 0)?;
    let n = size_arg(vm, a[0].as_ref())?;
    Ok(new_str_wtf8(vm, readline_bytes(s, n)))
}

fn stringio_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = this(vm, &args)?;
    let s = open(vm, v)?;
    // A subclass may override readline.
    let line = if super::is_exact_native(v) {
        new_str_wtf8(vm, readline_bytes(s, -1))
    } else {
        let l = vm.call_method(v, "readline", &[])?;
        if l.as_obj().and_then(|o| o.payload.as_str()).is_none() {
            return Err(vm.new_exception_msg(
                &vm.exc.os_error,
                format!(
                    "readline() should have returned a str object, not '{}'",
                    vm.type_name(&l)
                ),
            ));
        }
        l
    };
    if vm.len(&line)? == 0 {
        return Err(vm.stop_iteration(None));
    }
    Ok(line)
}

fn stringio_seek(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = this(vm, &args)?;
    let s = open(vm, v)?;
    let a = bind(vm, "seek", &args, 1, &["pos", "whence"], 1)?;
    let pos = vm.to_index(a[0].as_ref().unwrap_or(&Value::None))?;
    let whence = match &a[1] {
        None => 0,
        Some(w) => vm.to_index(w)?,
    };
    if !(0..=2).contains(&whence) {
        return Err(vm.value_error(format!("Invalid whence ({whence}, should be 0, 1 or 2)")));
    }
    if pos < 0 && whence == 0 {
        return Err(vm.value_error(format!("Negative seek position {pos}")));
    }
    if whence != 0 && pos != 0 {
        return Err(vm.new_exception_msg(&vm.exc.os_error, "Can't do nonzero cur-relative seeks"));
    }
    let newpos = match whence {
        1 => s.pos.get(),
        2 => s.nchars.get(),
        _ => pos as usize,
    };
    s.pos.set(newpos);
    Ok(Value::Int(newpos as i64))
}

fn stringio_tell(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = open(vm, this(vm, &args)?)?;
    Ok(Value::Int(s.pos.get() as i64))
}

fn stringio_truncate(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = this(vm, &args)?;
    let s = open(vm, v)?;
    let a = bind(vm, "truncate", &args, 1, &["pos"], 0)?;
    let size = match &a[0] {
        None | Some(Value::None) => s.pos.get() as i64,
        Some(x) => vm.to_index(x)?,
    };
    if size < 0 {
        return Err(vm.value_error(format!("Negative size value {size}")));
    }
    let size = size as usize;
    if size < s.nchars.get() {
        let off = s.offset(size);
        s.buf.borrow_mut().truncate(off);
        s.nchars.set(size);
        s.cache.set((0, 0));
    }
    Ok(Value::Int(size as i64))
}

fn stringio_true(vm: &Vm, args: Args) -> PyResult<Value> {
    open(vm, this(vm, &args)?)?;
    Ok(Value::Bool(true))
}

fn stringio_close(vm: &Vm, args: Args) -> PyResult<Value> {
    let s: &StringIO = state(vm, this(vm, &args)?, "StringIO")?;
    s.closed.set(true);
    s.buf.borrow_mut().clear();
    Ok(Value::None)
}

fn stringio_closed(vm: &Vm, v: &Value) -> PyResult<Value> {
    let s = get(vm, v)?;
    Ok(Value::Bool(s.closed.get()))
}

fn stringio_line_buffering(vm: &Vm, v: &Value) -> PyResult<Value> {
    open(vm, v)?;
    Ok(Value::Bool(false))
}

fn stringio_newlines(vm: &Vm, v: &Value) -> PyResult<Value> {
    let s = open(vm, v)?;
    if !s.has_decoder.get() {
        return Ok(Value::None);
    }
    Ok(newlines_value(vm, s.seennl.get()))
}

fn stringio_getstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = this(vm, &args)?;
    let s = open(vm, v)?;
    let value = new_str_wtf8(vm, s.buf.borrow().clone());
    let nl = match (&*s.readnl.borrow(), s.readtranslate.get()) {
        (_, true) => Value::None,
        (None, false) => vm.new_str(""),
        (Some(n), false) => new_str_wtf8(vm, n.clone()),
    };
    let d = v
        .as_obj()
        .and_then(|o| o.dict())
        .map(Value::Obj)
        .unwrap_or(Value::None);
    Ok(vm.new_tuple(vec![value, nl, Value::Int(s.pos.get() as i64), d]))
}

pub fn init(vm: &Vm, t: &IoTypes) {
    let c = &t.stringio;
    vm.add_static(c, "__new__", stringio_new);
    vm.add_method(c, "__init__", stringio_init);
    vm.add_method(c, "write", stringio_write);
    vm.add_method(c, "getvalue", stringio_getvalue);
    vm.add_method(c, "read", stringio_read);
    vm.add_method(c, "readline", stringio_readline);
    vm.add_method(c, "__next__", stringio_next);
    vm.add_method(c, "seek", stringio_seek);
    vm.add_method(c, "tell", stringio_tell);
    vm.add_method(c, "truncate", stringio_truncate);
    vm.add_method(c, "readable", stringio_true);
    vm.add_method(c, "writable", stringio_true);
    vm.add_method(c, "seekable", stringio_true);
    vm.add_method(c, "close", stringio_close);
    vm.add_method(c, "__getstate__", stringio_getstate);
    vm.add_getset(c, "closed", stringio_closed, None);
    vm.add_getset(c, "line_buffering", stringio_line_buffering, None);
    vm.add_getset(c, "newlines", stringio_newlines, None);
}
