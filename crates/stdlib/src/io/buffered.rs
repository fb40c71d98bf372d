//! `BufferedReader`, `BufferedWriter`, `BufferedRandom` (one state, `Buffered`, with the
//! reading and writing halves enabled as the class says) and `BufferedRWPair`
//! (CPython's bufferedio.c).
//!
//! Invariants: `rbuf[rpos..]` is read-ahead data not yet returned; `wbuf` holds bytes
//! written but not yet passed to the raw stream; at most one of the two is non-empty
//! (a write first gives the read-ahead back by seeking the raw stream, a read first
//! flushes). `abs_pos` is the raw stream's position when known, -1 otherwise. When the
//! raw stream is exactly a native `FileIO`, it is driven directly (no Python calls).
//! Writers still holding data when they are freed, or when the program ends, write it
//! out (`flush_all_at_exit`).

use std::cell::{Cell, RefCell};

use pyrs_vm::memory::ValueCell;
use pyrs_vm::object::NativeData;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use super::fileio::FileIO;
use super::{bind, size_arg, state, this, IoTypes, DEFAULT_BUFFER_SIZE};

pub const READABLE: u8 = 1;
pub const WRITABLE: u8 = 2;

pub struct Buffered {
    pub raw: ValueCell<Value>,
    pub mode: Cell<u8>,
    pub ok: Cell<bool>,
    pub detached: Cell<bool>,
    pub buffer_size: Cell<usize>,
    pub rbuf: RefCell<Vec<u8>>,
    pub rpos: Cell<usize>,
    pub wbuf: RefCell<Vec<u8>>,
    pub abs_pos: Cell<i64>,
    /// Registered in the at-exit list (writers).
    registered: Cell<bool>,
}

impl NativeData for Buffered {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.raw.get());
    }
}

thread_local! {
    /// Addresses of live writer states, flushed at exit.
    static LIVE_WRITERS: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

impl Drop for Buffered {
    fn drop(&mut self) {
        if self.registered.get() {
            let me = self as *const Buffered as usize;
            let _ = LIVE_WRITERS.try_with(|l| l.borrow_mut().retain(|&a| a != me));
        }
        self.flush_quiet();
    }
}

/// Write out every writer's buffered data (at exit, after sys.stdout/stderr flushed).
pub fn flush_all_at_exit() {
    let list = LIVE_WRITERS.with(|l| l.borrow().clone());
    for addr in list {
        // SAFETY: addresses are registered by live `Buffered` states and removed in their
        // `Drop`, so every address in the list points to a live state; only its cells are
        // touched.
        let b = unsafe { &*(addr as *const Buffered) };
        b.flush_quiet();
    }
}

impl Buffered {
    pub fn new() -> Buffered {
        Buffered {
            raw: ValueCell::new(Value::None),
            mode: Cell::new(0),
            ok: Cell::new(false),
            detached: Cell::new(false),
            buffer_size: Cell::new(DEFAULT_BUFFER_SIZE),
            rbuf: RefCell::new(Vec::new()),
            rpos: Cell::new(0),
            wbuf: RefCell::new(Vec::new()),
            abs_pos: Cell::new(-1),
            registered: Cell::new(false),
        }
    }

    /// Write buffered data to a native raw file without Python (deallocation, exit).
    fn flush_quiet(&self) {
        if let Ok(w) = self.wbuf.try_borrow() {
            if w.is_empty() {
                return;
            }
        }
        let raw = self.raw.get();
        if let Some(f) = native_raw(&raw) {
            let fd = f.fd.get();
            if fd >= 0 {
                if let Ok(mut w) = self.wbuf.try_borrow_mut() {
                    super::fileio::write_all_quiet(fd, &w);
                    w.clear();
                }
            }
        }
    }

    pub fn readable(&self) -> bool {
        self.mode.get() & READABLE != 0
    }
    pub fn writable(&self) -> bool {
        self.mode.get() & WRITABLE != 0
    }

    pub fn check_init(&self, vm: &Vm) -> PyResult<()> {
        if !self.ok.get() {
            if self.detached.get() {
                return Err(vm.value_error("raw stream has been detached"));
            }
            return Err(vm.value_error("I/O operation on uninitialized object"));
        }
        Ok(())
    }

    pub fn is_closed(&self, vm: &Vm) -> PyResult<bool> {
        let raw = self.raw.get();
        if let Some(f) = native_raw(&raw) {
            return Ok(f.fd.get() < 0);
        }
        let c = vm.get_attr_str(&raw, "closed")?;
        vm.is_true(&c)
    }

    fn check_closed(&self, vm: &Vm, msg: &str) -> PyResult<()> {
        self.check_init(vm)?;
        if self.is_closed(vm)? {
            // Read-ahead data can still be consumed after close, as in CPython.
            if self.rpos.get() < self.rbuf.borrow().len() && msg != "write to closed file" {
                return Ok(());
            }
            return Err(vm.value_error(msg.to_string()));
        }
        Ok(())
    }

    fn available(&self) -> usize {
        self.rbuf.borrow().len() - self.rpos.get()
    }

    // ----- the raw stream --------------------------------------------------------------

    fn raw_read(&self, vm: &Vm, n: usize) -> PyResult<Option<Vec<u8>>> {
        let raw = self.raw.get();
        let r = if let Some(f) = native_raw(&raw) {
            f.read_raw(vm, n)?
        } else {
            let ba = vm.call(
                &Value::Obj(vm.types.bytearray.clone()),
                Args::new(&[Value::Int(n as i64)]),
            )?;
            let got = vm.call_method(&raw, "readinto", std::slice::from_ref(&ba))?;
            if got.is_none() {
                None
            } else {
                let g = vm.to_index(&got)?;
                if g < 0 || g as usize > n {
                    return Err(vm.new_exception_msg(
                        &vm.exc.os_error,
                        format!(
                            "raw readinto() returned invalid length {g} (should have been between 0 and {n})"
                        ),
                    ));
                }
                let mut data = super::bytes_arg(vm, &ba)?;
                data.truncate(g as usize);
                Some(data)
            }
        };
        if let Some(d) = &r {
            let p = self.abs_pos.get();
            if p >= 0 {
                self.abs_pos.set(p + d.len() as i64);
            }
        }
        Ok(r)
    }

    fn raw_write(&self, vm: &Vm, data: &[u8]) -> PyResult<Option<usize>> {
        let raw = self.raw.get();
        let r = if let Some(f) = native_raw(&raw) {
            f.write_raw(vm, data)?
        } else {
            let r = vm.call_method(&raw, "write", &[vm.new_bytes(data.to_vec())])?;
            if r.is_none() {
                None
            } else {
                let n = vm.to_index(&r)?;
                if n < 0 || n as usize > data.len() {
                    return Err(vm.new_exception_msg(
                        &vm.exc.os_error,
                        format!(
                            "raw write() returned invalid length {n} (should have been between 0 and {})",
                            data.len()
                        ),
                    ));
                }
                Some(n as usize)
            }
        };
        if let Some(n) = r {
            let p = self.abs_pos.get();
            if p >= 0 {
                self.abs_pos.set(p + n as i64);
            }
        }
        Ok(r)
    }

    fn raw_seek(&self, vm: &Vm, pos: i64, whence: i32) -> PyResult<i64> {
        let raw = self.raw.get();
        let r = if let Some(f) = native_raw(&raw) {
            f.seek(vm, pos, whence)?
        } else {
            let r = vm.call_method(&raw, "seek", &[Value::Int(pos), Value::Int(whence as i64)])?;
            let n = vm.to_index(&r)?;
            if n < 0 {
                return Err(vm.new_exception_msg(
                    &vm.exc.os_error,
                    format!("Raw stream returned invalid position {n}"),
                ));
            }
            n
        };
        self.abs_pos.set(r);
        Ok(r)
    }

    fn raw_tell(&self, vm: &Vm) -> PyResult<i64> {
        let raw = self.raw.get();
        let r = if let Some(f) = native_raw(&raw) {
            f.seek(vm, 0, libc::SEEK_CUR)?
        } else {
            let r = vm.call_method(&raw, "tell", &[])?;
            let n = vm.to_index(&r)?;
            if n < 0 {
                return Err(vm.new_exception_msg(
                    &vm.exc.os_error,
                    format!("Raw stream returned invalid position {n}"),
                ));
            }
            n
        };
        self.abs_pos.set(r);
        Ok(r)
    }

    // ----- reading -----------------------------------------------------------------------

    /// Give back read-ahead data by seeking the raw stream (before writing).
    fn drop_readahead(&self, vm: &Vm) -> PyResult<()> {
        let avail = self.available();
        if avail > 0 {
            self.raw_seek(vm, -(avail as i64), 1)?;
        }
        self.rbuf.borrow_mut().clear();
        self.rpos.set(0);
        Ok(())
    }

    /// Read up to one buffer's worth from raw into the read buffer; Ok(false) on EOF or
    /// when the raw stream would block (`blocked` set).
    fn fill(&self, vm: &Vm, blocked: &mut bool) -> PyResult<bool> {
        if self.available() == 0 {
            self.rbuf.borrow_mut().clear();
            self.rpos.set(0);
        }
        match self.raw_read(vm, self.buffer_size.get())? {
            None => {
                *blocked = true;
                Ok(false)
            }
            Some(d) if d.is_empty() => Ok(false),
            Some(d) => {
                let mut rb = self.rbuf.borrow_mut();
                if self.rpos.get() > 0 {
                    let p = self.rpos.get();
                    rb.drain(..p);
                    self.rpos.set(0);
                }
                rb.extend_from_slice(&d);
                Ok(true)
            }
        }
    }

    fn take(&self, n: usize) -> Vec<u8> {
        let rb = self.rbuf.borrow();
        let p = self.rpos.get();
        let n = n.min(rb.len() - p);
        let out = rb[p..p + n].to_vec();
        self.rpos.set(p + n);
        out
    }

    pub fn read(&self, vm: &Vm, n: i64) -> PyResult<Option<Vec<u8>>> {
        self.check_closed(vm, "read of closed file")?;
        if !self.readable() {
            return Err(super::unsupported(vm, "read"));
        }
        self.flush_writes(vm)?;
        if n < 0 {
            let mut out = self.take(usize::MAX);
            let raw = self.raw.get();
            let rest = if let Some(f) = native_raw(&raw) {
                f.read_all(vm)?
            } else if super::get_attr_opt(vm, &raw, "readall")?.is_some() {
                let r = vm.call_method(&raw, "readall", &[])?;
                if r.is_none() {
                    None
                } else {
                    Some(super::bytes_arg(vm, &r)?)
                }
            } else {
                let mut acc = Vec::new();
                let mut none = false;
                loop {
                    match self.raw_read(vm, self.buffer_size.get())? {
                        None => {
                            none = acc.is_empty();
                            break;
                        }
                        Some(d) if d.is_empty() => break,
                        Some(d) => acc.extend_from_slice(&d),
                    }
                }
                if none {
                    None
                } else {
                    Some(acc)
                }
            };
            self.abs_pos.set(-1);
            return match rest {
                None if out.is_empty() => Ok(None),
                None => Ok(Some(out)),
                Some(r) => {
                    out.extend_from_slice(&r);
                    Ok(Some(out))
                }
            };
        }
        let n = n as usize;
        if self.available() >= n {
            return Ok(Some(self.take(n)));
        }
        let mut out = self.take(usize::MAX);
        let size = self.buffer_size.get();
        while out.len() < n {
            let want = n - out.len();
            if want >= size {
                // Large reads go straight to the raw stream.
                let chunk = want - want % size;
                match self.raw_read(vm, chunk)? {
                    None => {
                        if out.is_empty() {
                            return Ok(None);
                        }
                        break;
                    }
                    Some(d) if d.is_empty() => break,
                    Some(d) => out.extend_from_slice(&d),
                }
                continue;
            }
            let mut blocked = false;
            if !self.fill(vm, &mut blocked)? {
                if blocked && out.is_empty() {
                    return Ok(None);
                }
                break;
            }
            let more = self.take(n - out.len());
            out.extend_from_slice(&more);
        }
        Ok(Some(out))
    }

    pub fn read1(&self, vm: &Vm, n: i64) -> PyResult<Vec<u8>> {
        self.check_closed(vm, "read of closed file")?;
        if !self.readable() {
            return Err(super::unsupported(vm, "read1"));
        }
        let n = if n < 0 {
            self.buffer_size.get()
        } else {
            n as usize
        };
        if n == 0 {
            return Ok(Vec::new());
        }
        if self.available() > 0 {
            return Ok(self.take(n));
        }
        self.flush_writes(vm)?;
        if n > self.buffer_size.get() {
            return Ok(self.raw_read(vm, n)?.unwrap_or_default());
        }
        let mut blocked = false;
        self.fill(vm, &mut blocked)?;
        Ok(self.take(n))
    }

    pub fn peek(&self, vm: &Vm) -> PyResult<Vec<u8>> {
        self.check_closed(vm, "peek of closed file")?;
        if !self.readable() {
            return Err(super::unsupported(vm, "peek"));
        }
        self.flush_writes(vm)?;
        if self.available() == 0 {
            let mut blocked = false;
            self.fill(vm, &mut blocked)?;
        }
        let rb = self.rbuf.borrow();
        Ok(rb[self.rpos.get()..].to_vec())
    }

    pub fn readline(&self, vm: &Vm, limit: i64) -> PyResult<Vec<u8>> {
        self.check_closed(vm, "readline of closed file")?;
        if !self.readable() {
            return Err(super::unsupported(vm, "readline"));
        }
        self.flush_writes(vm)?;
        let limit = if limit < 0 {
            usize::MAX
        } else {
            limit as usize
        };
        let mut out = Vec::new();
        loop {
            {
                let rb = self.rbuf.borrow();
                let p = self.rpos.get();
                let avail = &rb[p..];
                let room = limit - out.len();
                let window = &avail[..avail.len().min(room)];
                if let Some(i) = memchr::memchr(b'\n', window) {
                    out.extend_from_slice(&window[..=i]);
                    self.rpos.set(p + i + 1);
                    return Ok(out);
                }
                out.extend_from_slice(window);
                self.rpos.set(p + window.len());
                if out.len() >= limit {
                    return Ok(out);
                }
            }
            let mut blocked = false;
            if !self.fill(vm, &mut blocked)? {
                return Ok(out);
            }
        }
    }

    // ----- writing -----------------------------------------------------------------------

    pub fn write(&self, vm: &Vm, data: &[u8]) -> PyResult<usize> {
        self.check_init(vm)?;
        if self.is_closed(vm)? {
            return Err(vm.value_error("write to closed file"));
        }
        if !self.writable() {
            return Err(super::unsupported(vm, "write"));
        }
        if self.available() > 0 || !self.rbuf.borrow().is_empty() {
            self.drop_readahead(vm)?;
        }
        let size = self.buffer_size.get();
        let pending = self.wbuf.borrow().len();
        if pending + data.len() <= size {
            self.wbuf.borrow_mut().extend_from_slice(data);
            return Ok(data.len());
        }
        self.flush_writes(vm)?;
        let mut rest = data;
        while rest.len() > size {
            match self.raw_write(vm, rest)? {
                Some(n) => rest = &rest[n..],
                None => {
                    // Would block: keep what fits and report the blocking error.
                    let keep = rest.len().min(size);
                    self.wbuf.borrow_mut().extend_from_slice(&rest[..keep]);
                    let written = data.len() - rest.len() + keep;
                    let e = vm.new_exception(
                        &vm.exc.blocking_io_error,
                        vec![
                            Value::Int(libc::EAGAIN as i64),
                            vm.new_str("write could not complete without blocking"),
                            Value::Int(written as i64),
                        ],
                    );
                    return Err(e);
                }
            }
        }
        self.wbuf.borrow_mut().extend_from_slice(rest);
        Ok(data.len())
    }

    pub fn flush_writes(&self, vm: &Vm) -> PyResult<()> {
        loop {
            let data = {
                let w = self.wbuf.borrow();
                if w.is_empty() {
                    return Ok(());
                }
                w.clone()
            };
            match self.raw_write(vm, &data)? {
                Some(n) => {
                    self.wbuf.borrow_mut().drain(..n.min(data.len()));
                }
                None => {
                    return Err(vm.new_exception(
                        &vm.exc.blocking_io_error,
                        vec![
                            Value::Int(libc::EAGAIN as i64),
                            vm.new_str("write could not complete without blocking"),
                            Value::Int(0),
                        ],
                    ))
                }
            }
        }
    }

    pub fn flush(&self, vm: &Vm) -> PyResult<()> {
        self.check_init(vm)?;
        if self.is_closed(vm)? {
            return Err(vm.value_error("flush of closed file"));
        }
        self.flush_writes(vm)?;
        if self.readable() && self.available() > 0 && self.writable() {
            self.drop_readahead(vm)?;
        }
        Ok(())
    }

    // ----- positioning -------------------------------------------------------------------

    pub fn tell(&self, vm: &Vm) -> PyResult<i64> {
        self.check_init(vm)?;
        let mut p = self.abs_pos.get();
        if p < 0 {
            p = self.raw_tell(vm)?;
        }
        let pos = p - self.available() as i64 + self.wbuf.borrow().len() as i64;
        Ok(pos.max(0))
    }

    pub fn seek(&self, vm: &Vm, pos: i64, whence: i32) -> PyResult<i64> {
        self.check_closed(vm, "seek of closed file")?;
        if !(0..=2).contains(&whence) {
            return Err(vm.value_error(format!("whence value {whence} unsupported")));
        }
        // Seeks inside the read buffer move the buffer position only.
        if whence != 2 && self.wbuf.borrow().is_empty() && self.available() > 0 {
            let cur = self.abs_pos.get();
            if cur >= 0 {
                let rlen = self.rbuf.borrow().len() as i64;
                let buf_start = cur - rlen;
                let target = if whence == 0 {
                    pos
                } else {
                    cur - self.available() as i64 + pos
                };
                if target >= buf_start && target <= cur {
                    self.rpos.set((target - buf_start) as usize);
                    return Ok(target);
                }
            }
        }
        self.flush_writes(vm)?;
        let mut pos = pos;
        if whence == 1 {
            pos -= self.available() as i64;
        }
        self.rbuf.borrow_mut().clear();
        self.rpos.set(0);
        self.raw_seek(vm, pos, whence)
    }

    pub fn truncate(&self, vm: &Vm, pos: Option<i64>) -> PyResult<Value> {
        self.check_closed(vm, "truncate of closed file")?;
        if !self.writable() {
            return Err(super::unsupported(vm, "truncate"));
        }
        let pos = match pos {
            Some(p) => p,
            None => self.tell(vm)?,
        };
        self.flush_writes(vm)?;
        if self.available() > 0 || !self.rbuf.borrow().is_empty() {
            self.drop_readahead(vm)?;
        }
        let raw = self.raw.get();
        let r = vm.call_method(&raw, "truncate", &[Value::Int(pos)])?;
        self.abs_pos.set(-1);
        Ok(r)
    }

    pub fn close(&self, vm: &Vm) -> PyResult<()> {
        self.check_init(vm)?;
        if self.is_closed(vm)? {
            return Ok(());
        }
        let r = if self.writable() {
            self.flush(vm)
        } else {
            Ok(())
        };
        let raw = self.raw.get();
        let c = vm.call_method(&raw, "close", &[]);
        self.rbuf.borrow_mut().clear();
        self.rpos.set(0);
        match (r, c) {
            (Err(e), Err(e2)) => {
                pyrs_vm::objects::exceptions::set_context(&e2, Value::Obj(e));
                Err(e2)
            }
            (Err(e), _) => Err(e),
            (_, Err(e)) => Err(e),
            _ => Ok(()),
        }
    }
}

impl Default for Buffered {
    fn default() -> Self {
        Buffered::new()
    }
}

/// The native FileIO state of a raw stream that is exactly `_io.FileIO`.
pub fn native_raw(raw: &Value) -> Option<&FileIO> {
    match raw {
        Value::Obj(o) if super::is_exact_native(raw) => o.payload.native::<FileIO>(),
        _ => None,
    }
}

/// The native state of an exact `BufferedReader/Writer/Random`.
pub fn native_buffered(v: &Value) -> Option<&Buffered> {
    match v {
        Value::Obj(o) if super::is_exact_native(v) => o.payload.native::<Buffered>(),
        _ => None,
    }
}

fn get<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a Buffered> {
    state(vm, v, "BufferedReader")
}

fn buffered_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = match args.args.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => c.clone(),
        _ => return Err(vm.type_error("Buffered.__new__(X): X is not a type object")),
    };
    Ok(Value::Obj(vm.new_native_object(&cls, Buffered::new())))
}

/// Which of the three classes `v` is an instance of.
fn class_mode(vm: &Vm, v: &Value) -> u8 {
    let t = super::types(vm);
    if vm.isinstance(v, &t.buffered_random) {
        READABLE | WRITABLE
    } else if vm.isinstance(v, &t.buffered_writer) {
        WRITABLE
    } else {
        READABLE
    }
}

fn class_name(mode: u8) -> &'static str {
    match mode {
        READABLE => "BufferedReader",
        WRITABLE => "BufferedWriter",
        _ => "BufferedRandom",
    }
}

/// `__init__(raw, buffer_size=DEFAULT_BUFFER_SIZE)`, shared by the three classes.
pub fn init_buffered(vm: &Vm, s: &Value, raw: Value, size: Option<&Value>) -> PyResult<()> {
    let b = get(vm, s)?;
    let mode = class_mode(vm, s);
    b.ok.set(false);
    b.detached.set(false);
    if mode & READABLE != 0 {
        let r = vm.call_method(&raw, "readable", &[])?;
        if !vm.is_true(&r)? {
            return Err(super::unsupported(vm, "File or stream is not readable."));
        }
    }
    if mode & WRITABLE != 0 {
        let r = vm.call_method(&raw, "writable", &[])?;
        if !vm.is_true(&r)? {
            return Err(super::unsupported(vm, "File or stream is not writable."));
        }
    }
    if mode == READABLE | WRITABLE {
        let r = vm.call_method(&raw, "seekable", &[])?;
        if !vm.is_true(&r)? {
            return Err(super::unsupported(vm, "File or stream is not seekable."));
        }
    }
    let size = match size {
        None | Some(Value::None) => DEFAULT_BUFFER_SIZE as i64,
        Some(v) => vm.to_index(v)?,
    };
    if size <= 0 {
        return Err(vm.value_error("buffer size must be strictly positive"));
    }
    b.buffer_size.set(size as usize);
    b.raw.set(raw);
    b.mode.set(mode);
    b.rbuf.borrow_mut().clear();
    b.rpos.set(0);
    b.wbuf.borrow_mut().clear();
    b.abs_pos.set(-1);
    if native_raw(&b.raw.get()).is_some() {
        let _ = b.raw_tell(vm);
    }
    if mode & WRITABLE != 0 && !b.registered.get() {
        b.registered.set(true);
        let addr = b as *const Buffered as usize;
        LIVE_WRITERS.with(|l| l.borrow_mut().push(addr));
    }
    b.ok.set(true);
    Ok(())
}

fn buffered_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let name = class_name(class_mode(vm, s));
    let a = bind(vm, name, &args, 1, &["raw", "buffer_size"], 1)?;
    init_buffered(vm, s, a[0].clone().unwrap_or(Value::None), a[1].as_ref())?;
    Ok(Value::None)
}

fn buffered_read(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = get(vm, s)?;
    let a = bind(vm, "read", &args, 1, &["size"], 0)?;
    let n = size_arg(vm, a[0].as_ref())?;
    if n < -1 {
        return Err(vm.value_error("read length must be non-negative or -1"));
    }
    Ok(b.read(vm, n)?
        .map(|d| vm.new_bytes(d))
        .unwrap_or(Value::None))
}

fn buffered_read1(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = get(vm, s)?;
    let a = bind(vm, "read1", &args, 1, &["size"], 0)?;
    let n = size_arg(vm, a[0].as_ref())?;
    Ok(vm.new_bytes(b.read1(vm, n)?))
}

fn buffered_peek(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = get(vm, s)?;
    let _ = bind(vm, "peek", &args, 1, &["size"], 0)?;
    Ok(vm.new_bytes(b.peek(vm)?))
}

fn buffered_readline(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = get(vm, s)?;
    let a = bind(vm, "readline", &args, 1, &["size"], 0)?;
    let n = size_arg(vm, a[0].as_ref())?;
    Ok(vm.new_bytes(b.readline(vm, n)?))
}

fn buffered_readinto_generic(vm: &Vm, args: Args, one: bool) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = get(vm, s)?;
    let name = if one { "readinto1" } else { "readinto" };
    let a = bind(vm, name, &args, 1, &["buffer"], 1)?;
    let buf = a[0].clone().unwrap_or(Value::None);
    let n = super::buffer_len(vm, &buf)?;
    let data = if one {
        b.read1(vm, n as i64)?
    } else {
        match b.read(vm, n as i64)? {
            Some(d) => d,
            None => return Ok(Value::None),
        }
    };
    Ok(Value::Int(super::fill_buffer(vm, &buf, &data)? as i64))
}

fn buffered_readinto(vm: &Vm, args: Args) -> PyResult<Value> {
    buffered_readinto_generic(vm, args, false)
}

fn buffered_readinto1(vm: &Vm, args: Args) -> PyResult<Value> {
    buffered_readinto_generic(vm, args, true)
}

fn buffered_write(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = get(vm, s)?;
    let a = bind(vm, "write", &args, 1, &["buffer"], 1)?;
    let data = super::bytes_arg(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    Ok(Value::Int(b.write(vm, &data)? as i64))
}

fn buffered_flush(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = get(vm, this(vm, &args)?)?;
    b.flush(vm)?;
    Ok(Value::None)
}

fn buffered_seek(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = get(vm, s)?;
    let a = bind(vm, "seek", &args, 1, &["target", "whence"], 1)?;
    let t = a[0].clone().unwrap_or(Value::None);
    if !pyrs_vm::objects::int::is_int(&t) && vm.lookup_special(&t, &vm.names.__index__).is_none() {
        return Err(vm.type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name(&t)
        )));
    }
    let pos = vm.to_index(&t)?;
    let whence = match &a[1] {
        None => 0,
        Some(w) => vm.to_index(w)? as i32,
    };
    Ok(Value::Int(b.seek(vm, pos, whence)?))
}

fn buffered_tell(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = get(vm, this(vm, &args)?)?;
    Ok(Value::Int(b.tell(vm)?))
}

fn buffered_truncate(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = get(vm, s)?;
    let a = bind(vm, "truncate", &args, 1, &["pos"], 0)?;
    let pos = match &a[0] {
        None | Some(Value::None) => None,
        Some(v) => Some(vm.to_index(v)?),
    };
    b.truncate(vm, pos)
}

fn buffered_close(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = get(vm, this(vm, &args)?)?;
    b.close(vm)?;
    Ok(Value::None)
}

fn buffered_detach(vm: &Vm, args: Args) -> PyResult<Value> {
    let b = get(vm, this(vm, &args)?)?;
    b.check_init(vm)?;
    if b.writable() {
        b.flush(vm)?;
    }
    let raw = b.raw.replace(Value::None);
    b.ok.set(false);
    b.detached.set(true);
    Ok(raw)
}

fn delegate(vm: &Vm, args: Args, name: &str) -> PyResult<Value> {
    let b = get(vm, this(vm, &args)?)?;
    b.check_init(vm)?;
    let raw = b.raw.get();
    vm.call_method(&raw, name, &[])
}

fn buffered_seekable(vm: &Vm, args: Args) -> PyResult<Value> {
    delegate(vm, args, "seekable")
}
fn buffered_readable(vm: &Vm, args: Args) -> PyResult<Value> {
    delegate(vm, args, "readable")
}
fn buffered_writable(vm: &Vm, args: Args) -> PyResult<Value> {
    delegate(vm, args, "writable")
}
fn buffered_fileno(vm: &Vm, args: Args) -> PyResult<Value> {
    delegate(vm, args, "fileno")
}
fn buffered_isatty(vm: &Vm, args: Args) -> PyResult<Value> {
    delegate(vm, args, "isatty")
}

fn buffered_raw(vm: &Vm, v: &Value) -> PyResult<Value> {
    let b = get(vm, v)?;
    b.check_init(vm)?;
    Ok(b.raw.get())
}

fn buffered_closed(vm: &Vm, v: &Value) -> PyResult<Value> {
    let b = get(vm, v)?;
    b.check_init(vm)?;
    Ok(Value::Bool(b.is_closed(vm)?))
}

fn buffered_name(vm: &Vm, v: &Value) -> PyResult<Value> {
    let b = get(vm, v)?;
    b.check_init(vm)?;
    vm.get_attr_str(&b.raw.get(), "name")
}

fn buffered_mode(vm: &Vm, v: &Value) -> PyResult<Value> {
    let b = get(vm, v)?;
    b.check_init(vm)?;
    vm.get_attr_str(&b.raw.get(), "mode")
}

fn buffered_size(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(get(vm, v)?.buffer_size.get() as i64))
}

fn buffered_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let tn = super::repr_type_name(vm, s);
    match super::get_attr_opt(vm, s, "name") {
        Ok(Some(n)) => Ok(vm.new_str(format!("<{tn} name={}>", vm.repr_string(&n)?))),
        Ok(None) => Ok(vm.new_str(format!("<{tn}>"))),
        Err(e) if vm.exc_matches(&e, &vm.exc.value_error) => Ok(vm.new_str(format!("<{tn}>"))),
        Err(e) => Err(e),
    }
}

fn buffered_getstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    Err(vm.type_error(format!(
        "cannot pickle '{}' object",
        super::repr_type_name(vm, s)
    )))
}

fn buffered_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let b = get(vm, s)?;
    let line = b.readline(vm, -1)?;
    if line.is_empty() {
        return Err(vm.stop_iteration(None));
    }
    Ok(vm.new_bytes(line))
}

// ----- BufferedRWPair ----------------------------------------------------------------

pub struct RWPair {
    reader: ValueCell<Value>,
    writer: ValueCell<Value>,
}

impl NativeData for RWPair {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.reader.get());
        visit(&self.writer.get());
    }
}

fn rwpair_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = match args.args.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => c.clone(),
        _ => return Err(vm.type_error("BufferedRWPair.__new__(X): X is not a type object")),
    };
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        RWPair {
            reader: ValueCell::new(Value::None),
            writer: ValueCell::new(Value::None),
        },
    )))
}

fn rwpair_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let p: &RWPair = state(vm, s, "BufferedRWPair")?;
    let a = bind(
        vm,
        "BufferedRWPair",
        &args,
        1,
        &["reader", "writer", "buffer_size"],
        2,
    )?;
    let t = super::types(vm);
    let size = a[2]
        .clone()
        .unwrap_or(Value::Int(DEFAULT_BUFFER_SIZE as i64));
    let r = Value::Obj(vm.new_native_object(&t.buffered_reader, Buffered::new()));
    init_buffered(vm, &r, a[0].clone().unwrap_or(Value::None), Some(&size))?;
    let w = Value::Obj(vm.new_native_object(&t.buffered_writer, Buffered::new()));
    init_buffered(vm, &w, a[1].clone().unwrap_or(Value::None), Some(&size))?;
    p.reader.set(r);
    p.writer.set(w);
    Ok(Value::None)
}

fn rwpair_call(vm: &Vm, args: Args, reader: bool, name: &str) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let p: &RWPair = state(vm, s, "BufferedRWPair")?;
    let target = if reader {
        p.reader.get()
    } else {
        p.writer.get()
    };
    if target.is_none() {
        return Err(vm.value_error("I/O operation on uninitialized object"));
    }
    let m = vm.get_attr_str(&target, name)?;
    vm.call(&m, Args::with_kw(&args.args[1..], args.kwnames))
}

macro_rules! rw_method {
    ($f:ident, $reader:expr, $name:expr) => {
        fn $f(vm: &Vm, args: Args) -> PyResult<Value> {
            rwpair_call(vm, args, $reader, $name)
        }
    };
}
rw_method!(rwpair_read, true, "read");
rw_method!(rwpair_peek, true, "peek");
rw_method!(rwpair_read1, true, "read1");
rw_method!(rwpair_readinto, true, "readinto");
rw_method!(rwpair_readinto1, true, "readinto1");
rw_method!(rwpair_readline, true, "readline");
rw_method!(rwpair_write, false, "write");
rw_method!(rwpair_flush, false, "flush");
rw_method!(rwpair_readable, true, "readable");
rw_method!(rwpair_writable, false, "writable");

fn rwpair_close(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let p: &RWPair = state(vm, s, "BufferedRWPair")?;
    let r1 = vm.call_method(&p.writer.get(), "close", &[]);
    let r2 = vm.call_method(&p.reader.get(), "close", &[]);
    r1?;
    r2
}

fn rwpair_closed(vm: &Vm, v: &Value) -> PyResult<Value> {
    let p: &RWPair = state(vm, v, "BufferedRWPair")?;
    vm.get_attr_str(&p.writer.get(), "closed")
}

fn rwpair_isatty(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let p: &RWPair = state(vm, s, "BufferedRWPair")?;
    let w = vm.call_method(&p.writer.get(), "isatty", &[])?;
    if vm.is_true(&w)? {
        return Ok(w);
    }
    vm.call_method(&p.reader.get(), "isatty", &[])
}

pub fn init(vm: &Vm, t: &IoTypes) {
    for c in [&t.buffered_reader, &t.buffered_writer, &t.buffered_random] {
        vm.add_static(c, "__new__", buffered_new);
        vm.add_method(c, "__init__", buffered_init);
        vm.add_method(c, "flush", buffered_flush);
        vm.add_method(c, "seek", buffered_seek);
        vm.add_method(c, "tell", buffered_tell);
        vm.add_method(c, "truncate", buffered_truncate);
        vm.add_method(c, "close", buffered_close);
        vm.add_method(c, "detach", buffered_detach);
        vm.add_method(c, "seekable", buffered_seekable);
        vm.add_method(c, "readable", buffered_readable);
        vm.add_method(c, "writable", buffered_writable);
        vm.add_method(c, "fileno", buffered_fileno);
        vm.add_method(c, "isatty", buffered_isatty);
        vm.add_method(c, "__repr__", buffered_repr);
        vm.add_method(c, "__getstate__", buffered_getstate);
        vm.add_getset(c, "raw", buffered_raw, None);
        vm.add_getset(c, "closed", buffered_closed, None);
        vm.add_getset(c, "name", buffered_name, None);
        vm.add_getset(c, "mode", buffered_mode, None);
        vm.add_getset(c, "buffer_size", buffered_size, None);
    }
    for c in [&t.buffered_reader, &t.buffered_random] {
        vm.add_method(c, "read", buffered_read);
        vm.add_method(c, "read1", buffered_read1);
        vm.add_method(c, "peek", buffered_peek);
        vm.add_method(c, "readline", buffered_readline);
        vm.add_method(c, "readinto", buffered_readinto);
        vm.add_method(c, "readinto1", buffered_readinto1);
        vm.add_method(c, "__next__", buffered_next);
    }
    for c in [&t.buffered_writer, &t.buffered_random] {
        vm.add_method(c, "write", buffered_write);
    }
    let p = &t.buffered_rwpair;
    vm.add_static(p, "__new__", rwpair_new);
    vm.add_method(p, "__init__", rwpair_init);
    vm.add_method(p, "read", rwpair_read);
    vm.add_method(p, "peek", rwpair_peek);
    vm.add_method(p, "read1", rwpair_read1);
    vm.add_method(p, "readinto", rwpair_readinto);
    vm.add_method(p, "readinto1", rwpair_readinto1);
    vm.add_method(p, "readline", rwpair_readline);
    vm.add_method(p, "write", rwpair_write);
    vm.add_method(p, "flush", rwpair_flush);
    vm.add_method(p, "readable", rwpair_readable);
    vm.add_method(p, "writable", rwpair_writable);
    vm.add_method(p, "isatty", rwpair_isatty);
    vm.add_method(p, "close", rwpair_close);
    vm.add_getset(p, "closed", rwpair_closed, None);
}
