//! `FileIO`: raw, unbuffered access to a file descriptor (CPython's fileio.c).
//!
//! Invariants: `fd` is -1 once closed (or before `__init__` ran); the descriptor is
//! closed when the object goes away if `closefd` is set. The file's `name` lives in the
//! instance dict, as in CPython.

use std::cell::Cell;

use pyrs_vm::object::{NativeData, Payload};
use pyrs_vm::objects::dict;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use super::{bind, last_errno, os_error, size_arg, state, this, unsupported, IoTypes};

pub struct FileIO {
    pub fd: Cell<i32>,
    pub closefd: Cell<bool>,
    pub readable: Cell<bool>,
    pub writable: Cell<bool>,
    pub appending: Cell<bool>,
    pub created: Cell<bool>,
    /// -1 unknown, 0 no, 1 yes.
    pub seekable: Cell<i8>,
    pub blksize: Cell<i64>,
}

impl NativeData for FileIO {}

impl Drop for FileIO {
    fn drop(&mut self) {
        let fd = self.fd.get();
        if fd >= 0 && self.closefd.get() {
            // SAFETY: closing a descriptor this object owns; no memory is involved.
            unsafe {
                libc::close(fd);
            }
        }
    }
}

impl FileIO {
    pub fn new() -> FileIO {
        FileIO {
            fd: Cell::new(-1),
            closefd: Cell::new(true),
            readable: Cell::new(false),
            writable: Cell::new(false),
            appending: Cell::new(false),
            created: Cell::new(false),
            seekable: Cell::new(-1),
            blksize: Cell::new(super::DEFAULT_BUFFER_SIZE as i64),
        }
    }

    pub fn mode_string(&self) -> &'static str {
        if self.created.get() {
            if self.readable.get() {
                "xb+"
            } else {
                "xb"
            }
        } else if self.appending.get() {
            if self.readable.get() {
                "ab+"
            } else {
                "ab"
            }
        } else if self.readable.get() {
            if self.writable.get() {
                "rb+"
            } else {
                "rb"
            }
        } else {
            "wb"
        }
    }

    fn check_open(&self, vm: &Vm) -> PyResult<i32> {
        let fd = self.fd.get();
        if fd < 0 {
            return Err(vm.value_error("I/O operation on closed file"));
        }
        Ok(fd)
    }

    fn check_readable(&self, vm: &Vm) -> PyResult<i32> {
        let fd = self.check_open(vm)?;
        if !self.readable.get() {
            return Err(unsupported(vm, "File not open for reading"));
        }
        Ok(fd)
    }

    fn check_writable(&self, vm: &Vm) -> PyResult<i32> {
        let fd = self.check_open(vm)?;
        if !self.writable.get() {
            return Err(unsupported(vm, "File not open for writing"));
        }
        Ok(fd)
    }

    /// One `read(2)` of up to `n` bytes; `Ok(None)` when it would block.
    pub fn read_raw(&self, vm: &Vm, n: usize) -> PyResult<Option<Vec<u8>>> {
        let fd = self.check_readable(vm)?;
        let mut buf = vec![0u8; n];
        let got = sys_read(vm, fd, &mut buf)?;
        Ok(got.map(|g| {
            buf.truncate(g);
            buf
        }))
    }

    /// Read into `buf`; `Ok(None)` when it would block.
    pub fn read_into(&self, vm: &Vm, buf: &mut [u8]) -> PyResult<Option<usize>> {
        let fd = self.check_readable(vm)?;
        sys_read(vm, fd, buf)
    }

    /// Everything up to the end of the file.
    pub fn read_all(&self, vm: &Vm) -> PyResult<Option<Vec<u8>>> {
        let fd = self.check_readable(vm)?;
        let mut size_hint = 0usize;
        // SAFETY: fstat fills a plain struct we own.
        unsafe {
            let mut st: libc::stat = std::mem::zeroed();
            if libc::fstat(fd, &mut st) == 0 {
                let end = st.st_size as i64;
                let pos = libc::lseek(fd, 0, libc::SEEK_CUR);
                if end > 0 && pos >= 0 && end >= pos {
                    size_hint = (end - pos) as usize + 1;
                }
            }
        }
        let mut out: Vec<u8> = Vec::with_capacity(size_hint.max(super::DEFAULT_BUFFER_SIZE));
        loop {
            if out.len() == out.capacity() {
                out.reserve(out.len().max(super::DEFAULT_BUFFER_SIZE));
            }
            let len = out.len();
            let cap = out.capacity();
            out.resize(cap, 0);
            match sys_read(vm, fd, &mut out[len..]) {
                Ok(Some(0)) => {
                    out.truncate(len);
                    break;
                }
                Ok(Some(n)) => out.truncate(len + n),
                Ok(None) => {
                    out.truncate(len);
                    if len == 0 {
                        return Ok(None);
                    }
                    break;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(Some(out))
    }

    /// One `write(2)`; `Ok(None)` when it would block.
    pub fn write_raw(&self, vm: &Vm, data: &[u8]) -> PyResult<Option<usize>> {
        let fd = self.check_writable(vm)?;
        sys_write(vm, fd, data)
    }

    pub fn seek(&self, vm: &Vm, pos: i64, whence: i32) -> PyResult<i64> {
        let fd = self.check_open(vm)?;
        // SAFETY: lseek on a descriptor; no memory involved.
        let r = unsafe { libc::lseek(fd, pos, whence) };
        if r < 0 {
            return Err(os_error(vm, last_errno(), None));
        }
        self.seekable.set(1);
        Ok(r)
    }

    pub fn is_seekable(&self, vm: &Vm) -> PyResult<bool> {
        let fd = self.check_open(vm)?;
        if self.seekable.get() < 0 {
            // SAFETY: lseek on a descriptor; no memory involved.
            let r = unsafe { libc::lseek(fd, 0, libc::SEEK_CUR) };
            self.seekable.set(if r < 0 { 0 } else { 1 });
        }
        Ok(self.seekable.get() == 1)
    }

    pub fn close_fd(&self, vm: &Vm) -> PyResult<()> {
        let fd = self.fd.replace(-1);
        if fd >= 0 && self.closefd.get() {
            // SAFETY: closing a descriptor this object owned.
            let r = unsafe { libc::close(fd) };
            if r < 0 {
                return Err(os_error(vm, last_errno(), None));
            }
        }
        Ok(())
    }
}

impl Default for FileIO {
    fn default() -> Self {
        FileIO::new()
    }
}

/// `read(2)` with EINTR retried; `Ok(None)` on EAGAIN.
pub fn sys_read(vm: &Vm, fd: i32, buf: &mut [u8]) -> PyResult<Option<usize>> {
    loop {
        // SAFETY: `buf` is a valid writable region of `buf.len()` bytes.
        let r = unsafe { libc::read(fd, buf.as_mut_ptr() as *mut libc::c_void, buf.len()) };
        if r >= 0 {
            return Ok(Some(r as usize));
        }
        let e = last_errno();
        if e == libc::EINTR {
            continue;
        }
        if e == libc::EAGAIN {
            return Ok(None);
        }
        return Err(os_error(vm, e, None));
    }
}

/// `write(2)` with EINTR retried; `Ok(None)` on EAGAIN.
pub fn sys_write(vm: &Vm, fd: i32, data: &[u8]) -> PyResult<Option<usize>> {
    loop {
        // SAFETY: `data` is a valid readable region of `data.len()` bytes.
        let r = unsafe { libc::write(fd, data.as_ptr() as *const libc::c_void, data.len()) };
        if r >= 0 {
            return Ok(Some(r as usize));
        }
        let e = last_errno();
        if e == libc::EINTR {
            continue;
        }
        if e == libc::EAGAIN {
            return Ok(None);
        }
        return Err(os_error(vm, e, None));
    }
}

/// Write all of `data` to `fd` (for flushing at exit and on deallocation); errors are
/// ignored, as CPython ignores them in those places.
pub fn write_all_quiet(fd: i32, mut data: &[u8]) {
    while !data.is_empty() {
        // SAFETY: `data` is a valid readable region.
        let r = unsafe { libc::write(fd, data.as_ptr() as *const libc::c_void, data.len()) };
        if r < 0 {
            if last_errno() == libc::EINTR {
                continue;
            }
            return;
        }
        data = &data[r as usize..];
    }
}

fn fileio_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = match args.args.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => c.clone(),
        _ => return Err(vm.type_error("FileIO.__new__(X): X is not a type object")),
    };
    Ok(Value::Obj(vm.new_native_object(&cls, FileIO::new())))
}

fn get<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a FileIO> {
    state(vm, v, "FileIO")
}

/// Parse a FileIO mode: (readable, writable, appending, created, flags).
fn parse_mode(vm: &Vm, mode: &str) -> PyResult<(bool, bool, bool, bool, i32)> {
    let (mut r, mut w, mut a, mut x, mut plus) = (false, false, false, false, false);
    let mut rwa = false;
    let bad = || vm.value_error(format!("invalid mode: {mode}"));
    let one = || {
        vm.value_error(
            "Must have exactly one of create/read/write/append mode and at most one plus",
        )
    };
    for c in mode.chars() {
        match c {
            'x' | 'r' | 'w' | 'a' => {
                if rwa {
                    return Err(one());
                }
                rwa = true;
                match c {
                    'x' => x = true,
                    'r' => r = true,
                    'w' => w = true,
                    _ => a = true,
                }
            }
            '+' => {
                if plus {
                    return Err(one());
                }
                plus = true;
            }
            'b' => {}
            _ => return Err(bad()),
        }
    }
    if !rwa {
        return Err(one());
    }
    let mut flags;
    let (readable, writable);
    if x {
        flags = libc::O_EXCL | libc::O_CREAT;
        readable = plus;
        writable = true;
    } else if r {
        flags = 0;
        readable = true;
        writable = plus;
    } else if w {
        flags = libc::O_CREAT | libc::O_TRUNC;
        readable = plus;
        writable = true;
    } else {
        flags = libc::O_APPEND | libc::O_CREAT;
        readable = plus;
        writable = true;
    }
    if readable && writable {
        flags |= libc::O_RDWR;
    } else if readable {
        flags |= libc::O_RDONLY;
    } else {
        flags |= libc::O_WRONLY;
    }
    flags |= libc::O_CLOEXEC;
    Ok((readable, writable, a, x, flags))
}

/// The file system path of a `file` argument: str, bytes or os.PathLike.
pub fn fspath(vm: &Vm, v: &Value) -> PyResult<Option<(Vec<u8>, Value)>> {
    if let Value::Obj(o) = v {
        match &o.payload {
            Payload::Str(s) => {
                let b = pyrs_vm::codecs::utf8_encode(vm, v, s, "surrogateescape")?;
                return Ok(Some((b, v.clone())));
            }
            Payload::Bytes(b) => return Ok(Some((b.to_vec(), v.clone()))),
            _ => {}
        }
        if let Some(f) = vm.lookup_special(v, &vm.names.__fspath__) {
            let p = vm.call_unbound(&f, v, vm.type_of(v), &[])?;
            return match fspath(vm, &p)? {
                Some((b, _)) => Ok(Some((b, v.clone()))),
                None => Err(vm.type_error(format!(
                    "expected {}.__fspath__() to return str or bytes, not {}",
                    vm.type_name(v),
                    vm.type_name(&p)
                ))),
            };
        }
    }
    Ok(None)
}

fn fileio_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let f = get(vm, s)?;
    let a = bind(
        vm,
        "FileIO",
        &args,
        1,
        &["file", "mode", "closefd", "opener"],
        1,
    )?;
    let file = a[0].clone().unwrap_or(Value::None);
    let mode = match &a[1] {
        None => "r".to_string(),
        Some(m) => super::str_arg(vm, "FileIO", "mode", m)?,
    };
    let closefd = match &a[2] {
        None => true,
        Some(v) => vm.is_true(v)?,
    };
    let opener = a[3].clone().unwrap_or(Value::None);
    if f.fd.get() >= 0 {
        // Re-initialisation: close the old descriptor first, as CPython does.
        if f.closefd.get() {
            f.close_fd(vm)?;
        } else {
            f.fd.set(-1);
        }
    }
    let mut fd = -1i32;
    let mut path: Option<(Vec<u8>, Value)> = None;
    if pyrs_vm::objects::int::is_int(&file) {
        let n = vm.to_index(&file)?;
        if n < 0 {
            return Err(vm.value_error("negative file descriptor"));
        }
        fd = i32::try_from(n).map_err(|_| vm.overflow_error("fd is greater than maximum"))?;
    } else {
        path = fspath(vm, &file)?;
        if path.is_none() {
            return Err(vm.type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                vm.type_name(&file)
            )));
        }
    }
    let (readable, writable, appending, created, flags) = parse_mode(vm, &mode)?;
    f.readable.set(readable);
    f.writable.set(writable);
    f.appending.set(appending);
    f.created.set(created);
    f.seekable.set(-1);
    if let Some((p, _)) = &path {
        if !closefd {
            return Err(vm.value_error("Cannot use closefd=False with file name"));
        }
        if opener.is_none() {
            if p.contains(&0) {
                return Err(vm.value_error("embedded null byte"));
            }
            let c = std::ffi::CString::new(p.clone())
                .map_err(|_| vm.value_error("embedded null byte"))?;
            loop {
                // SAFETY: `c` is a NUL-terminated path.
                let r = unsafe { libc::open(c.as_ptr(), flags, 0o666 as libc::c_uint) };
                if r >= 0 {
                    fd = r;
                    break;
                }
                let e = last_errno();
                if e == libc::EINTR {
                    continue;
                }
                return Err(os_error(vm, e, Some(&file)));
            }
        } else {
            let r = vm.call(
                &opener,
                Args::new(&[file.clone(), Value::Int(flags as i64)]),
            )?;
            if !pyrs_vm::objects::int::is_int(&r) {
                return Err(vm.type_error("expected integer from opener"));
            }
            let n = vm.to_index(&r)?;
            if n < 0 {
                return Err(vm.value_error(format!("opener returned {n}")));
            }
            fd = n as i32;
        }
        f.closefd.set(true);
    } else {
        f.closefd.set(closefd);
    }
    f.fd.set(fd);
    // A directory cannot be opened as a file; remember the block size.
    // SAFETY: fstat fills a plain struct we own.
    let st = unsafe {
        let mut st: libc::stat = std::mem::zeroed();
        if libc::fstat(fd, &mut st) == 0 {
            Some(st)
        } else {
            None
        }
    };
    match st {
        Some(st) => {
            if st.st_mode & libc::S_IFMT == libc::S_IFDIR {
                let e = os_error(vm, libc::EISDIR, path.as_ref().map(|_| &file));
                let _ = f.close_fd(vm);
                return Err(e);
            }
            if st.st_blksize > 1 {
                f.blksize.set(st.st_blksize);
            }
        }
        None => {
            let e = last_errno();
            if e == libc::EBADF {
                f.fd.set(-1);
                return Err(os_error(vm, e, None));
            }
        }
    }
    if let Some(d) = s.as_obj().and_then(|o| o.dict()) {
        dict::set_str(&d, &vm.intern("name"), file.clone());
    }
    if appending {
        // SAFETY: lseek on our descriptor.
        unsafe {
            libc::lseek(fd, 0, libc::SEEK_END);
        }
    }
    Ok(Value::None)
}

fn fileio_read(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let f = get(vm, s)?;
    let a = bind(vm, "read", &args, 1, &["size"], 0)?;
    let n = size_arg(vm, a[0].as_ref())?;
    if n < 0 {
        return Ok(f
            .read_all(vm)?
            .map(|b| vm.new_bytes(b))
            .unwrap_or(Value::None));
    }
    Ok(f.read_raw(vm, n as usize)?
        .map(|b| vm.new_bytes(b))
        .unwrap_or(Value::None))
}

fn fileio_readall(vm: &Vm, args: Args) -> PyResult<Value> {
    let f = get(vm, this(vm, &args)?)?;
    Ok(f.read_all(vm)?
        .map(|b| vm.new_bytes(b))
        .unwrap_or(Value::None))
}

fn fileio_readinto(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let f = get(vm, s)?;
    let a = bind(vm, "readinto", &args, 1, &["buffer"], 1)?;
    let buf = a[0].clone().unwrap_or(Value::None);
    let n = super::buffer_len(vm, &buf)?;
    match f.read_raw(vm, n)? {
        Some(data) => Ok(Value::Int(super::fill_buffer(vm, &buf, &data)? as i64)),
        None => Ok(Value::None),
    }
}

fn fileio_write(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let f = get(vm, s)?;
    let a = bind(vm, "write", &args, 1, &["b"], 1)?;
    let data = super::bytes_arg(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    Ok(f.write_raw(vm, &data)?
        .map(|n| Value::Int(n as i64))
        .unwrap_or(Value::None))
}

fn fileio_seek(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let f = get(vm, s)?;
    let a = bind(vm, "seek", &args, 1, &["pos", "whence"], 1)?;
    let posv = a[0].clone().unwrap_or(Value::None);
    if let Value::Float(_) = posv {
        return Err(vm.type_error("an integer is required"));
    }
    let pos = vm.to_index(&posv)?;
    let whence = match &a[1] {
        None => 0,
        Some(w) => vm.to_index(w)? as i32,
    };
    f.check_open(vm)?;
    Ok(Value::Int(f.seek(vm, pos, whence)?))
}

fn fileio_tell(vm: &Vm, args: Args) -> PyResult<Value> {
    let f = get(vm, this(vm, &args)?)?;
    Ok(Value::Int(f.seek(vm, 0, libc::SEEK_CUR)?))
}

fn fileio_truncate(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let f = get(vm, s)?;
    let a = bind(vm, "truncate", &args, 1, &["size"], 0)?;
    let fd = f.check_writable(vm)?;
    let size = match &a[0] {
        None | Some(Value::None) => f.seek(vm, 0, libc::SEEK_CUR)?,
        Some(v) => vm.to_index(v)?,
    };
    // SAFETY: ftruncate on our descriptor.
    let r = unsafe { libc::ftruncate(fd, size) };
    if r < 0 {
        return Err(os_error(vm, last_errno(), None));
    }
    Ok(Value::Int(size))
}

fn fileio_close(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let f = get(vm, s)?;
    if f.fd.get() < 0 {
        return Ok(Value::None);
    }
    f.close_fd(vm)?;
    Ok(Value::None)
}

fn fileio_seekable(vm: &Vm, args: Args) -> PyResult<Value> {
    let f = get(vm, this(vm, &args)?)?;
    Ok(Value::Bool(f.is_seekable(vm)?))
}

fn fileio_readable(vm: &Vm, args: Args) -> PyResult<Value> {
    let f = get(vm, this(vm, &args)?)?;
    f.check_open(vm)?;
    Ok(Value::Bool(f.readable.get()))
}

fn fileio_writable(vm: &Vm, args: Args) -> PyResult<Value> {
    let f = get(vm, this(vm, &args)?)?;
    f.check_open(vm)?;
    Ok(Value::Bool(f.writable.get()))
}

fn fileio_fileno(vm: &Vm, args: Args) -> PyResult<Value> {
    let f = get(vm, this(vm, &args)?)?;
    Ok(Value::Int(f.check_open(vm)? as i64))
}

fn fileio_isatty(vm: &Vm, args: Args) -> PyResult<Value> {
    let f = get(vm, this(vm, &args)?)?;
    let fd = f.check_open(vm)?;
    // SAFETY: isatty on a descriptor.
    Ok(Value::Bool(unsafe { libc::isatty(fd) } == 1))
}

fn fileio_closed(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Bool(get(vm, v)?.fd.get() < 0))
}

fn fileio_closefd(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Bool(get(vm, v)?.closefd.get()))
}

fn fileio_mode(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(vm.new_str(get(vm, v)?.mode_string()))
}

fn fileio_blksize(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(get(vm, v)?.blksize.get()))
}

fn fileio_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    let f = get(vm, s)?;
    let tn = super::repr_type_name(vm, s);
    if f.fd.get() < 0 {
        return Ok(vm.new_str(format!("<{tn} [closed]>")));
    }
    let closefd = if f.closefd.get() { "True" } else { "False" };
    let mode = f.mode_string();
    match super::get_attr_opt(vm, s, "name")? {
        Some(name) => {
            vm.enter_recursion(" while getting the repr of an object")?;
            let r = vm.repr_string(&name);
            vm.leave_recursion();
            let r = r.map_err(|e| {
                if vm.exc_matches(&e, &vm.exc.recursion_error) {
                    vm.runtime_error(format!("reentrant call inside {tn}.__repr__"))
                } else {
                    e
                }
            })?;
            Ok(vm.new_str(format!("<{tn} name={r} mode='{mode}' closefd={closefd}>")))
        }
        None => Ok(vm.new_str(format!(
            "<{tn} fd={} mode='{mode}' closefd={closefd}>",
            f.fd.get()
        ))),
    }
}

fn fileio_getstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = this(vm, &args)?;
    Err(vm.type_error(format!(
        "cannot pickle '{}' object",
        super::repr_type_name(vm, s)
    )))
}

fn fileio_dealloc_warn(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

pub fn init(vm: &Vm, t: &IoTypes) {
    let c = &t.fileio;
    vm.add_static(c, "__new__", fileio_new);
    vm.add_method(c, "__init__", fileio_init);
    vm.add_method(c, "read", fileio_read);
    vm.add_method(c, "readall", fileio_readall);
    vm.add_method(c, "readinto", fileio_readinto);
    vm.add_method(c, "write", fileio_write);
    vm.add_method(c, "seek", fileio_seek);
    vm.add_method(c, "tell", fileio_tell);
    vm.add_method(c, "truncate", fileio_truncate);
    vm.add_method(c, "close", fileio_close);
    vm.add_method(c, "seekable", fileio_seekable);
    vm.add_method(c, "readable", fileio_readable);
    vm.add_method(c, "writable", fileio_writable);
    vm.add_method(c, "fileno", fileio_fileno);
    vm.add_method(c, "isatty", fileio_isatty);
    vm.add_method(c, "__repr__", fileio_repr);
    vm.add_method(c, "__getstate__", fileio_getstate);
    vm.add_method(c, "_dealloc_warn", fileio_dealloc_warn);
    vm.add_getset(c, "closed", fileio_closed, None);
    vm.add_getset(c, "closefd", fileio_closefd, None);
    vm.add_getset(c, "mode", fileio_mode, None);
    vm.add_getset(c, "_blksize", fileio_blksize, None);
}

/// Open `fd`/path as a native FileIO, as `open()` does (no Python dispatch).
pub fn new_fileio(
    vm: &Vm,
    file: &Value,
    mode: &str,
    closefd: bool,
    opener: &Value,
) -> PyResult<Value> {
    let t = super::types(vm);
    let obj = Value::Obj(vm.new_native_object(&t.fileio, FileIO::new()));
    let args = [
        obj.clone(),
        file.clone(),
        vm.new_str(mode),
        Value::Bool(closefd),
        opener.clone(),
    ];
    fileio_init(vm, Args::new(&args))?;
    Ok(obj)
}
