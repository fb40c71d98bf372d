//! The `select` module: `select()`, `poll` objects (register/modify/unregister/poll)
//! and the POLL* constants; Lib's `selectors` builds on them (PollSelector here).
//!
//! Waits retry after EINTR with the remaining time once pending signal handlers have
//! run (PEP 475), as CPython's do.

use std::cell::RefCell;
use std::time::{Duration, Instant};

use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::NativeData;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::posix::os_error;
use crate::util::{pos_only, this};

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

/// `PyObject_AsFileDescriptor`: an int, or an object with `fileno()`.
pub fn as_fd(vm: &Vm, v: &Value) -> PyResult<i32> {
    let fd = if vm.isinstance(v, &vm.types.int) {
        vm.to_index(v)?
    } else {
        match vm.get_attr_opt(v, &vm.intern("fileno"))? {
            Some(m) => {
                let r = vm.call(&m, Args::new(&[]))?;
                if !vm.isinstance(&r, &vm.types.int) {
                    return Err(vm.type_error("fileno() returned a non-integer"));
                }
                vm.to_index(&r)?
            }
            None => {
                return Err(vm.type_error("argument must be an int, or have a fileno() method."))
            }
        }
    };
    if fd < 0 {
        return Err(vm.value_error(format!(
            "file descriptor cannot be a negative integer ({fd})"
        )));
    }
    i32::try_from(fd).map_err(|_| vm.overflow_error("Python int too large to convert to C int"))
}

/// A timeout in seconds (None: wait forever), as a Duration.
fn seconds_timeout(vm: &Vm, v: &Value, msg: &str) -> PyResult<Option<Duration>> {
    if v.is_none() {
        return Ok(None);
    }
    let secs = match v {
        Value::Int(i) => *i as f64,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Float(f) => *f,
        _ if vm.isinstance(v, &vm.types.float) => pyrs_vm::objects::float::to_float(vm, v)?,
        _ if vm.isinstance(v, &vm.types.int) => vm.to_index(v)? as f64,
        _ => return Err(vm.type_error(msg.to_string())),
    };
    if secs.is_nan() {
        return Err(vm.value_error("Invalid value NaN (not a number)"));
    }
    if secs < 0.0 {
        return Err(vm.value_error("timeout must be non-negative"));
    }
    if secs > 1e12 {
        return Err(vm.overflow_error("timeout is too large"));
    }
    Ok(Some(Duration::from_secs_f64(secs)))
}

// ----- select() ---------------------------------------------------------------------------

fn fd_list(vm: &Vm, v: &Value) -> PyResult<Vec<(Value, i32)>> {
    let items = vm
        .collect(v)
        .map_err(|_| vm.type_error("arguments 1-3 must be sequences"))?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let fd = as_fd(vm, &item)?;
        if fd as usize >= libc::FD_SETSIZE {
            return Err(vm.value_error("filedescriptor out of range in select()"));
        }
        out.push((item, fd));
    }
    Ok(out)
}

fn select_select(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "select", &args, 3, 4)?;
    let timeout = match a.get(3) {
        Some(t) => seconds_timeout(vm, t, "timeout must be a float or None")?,
        None => None,
    };
    let lists = [
        fd_list(vm, &a[0])?,
        fd_list(vm, &a[1])?,
        fd_list(vm, &a[2])?,
    ];
    let deadline = timeout.map(|t| Instant::now() + t);
    loop {
        // SAFETY: zeroed fd_sets are cleared by FD_ZERO; every fd is < FD_SETSIZE.
        let mut sets: [libc::fd_set; 3] = unsafe { std::mem::zeroed() };
        let mut maxfd = -1;
        for (set, list) in sets.iter_mut().zip(&lists) {
            // SAFETY: see above.
            unsafe { libc::FD_ZERO(set) };
            for (_, fd) in list {
                // SAFETY: see above.
                unsafe { libc::FD_SET(*fd, set) };
                maxfd = maxfd.max(*fd);
            }
        }
        let mut tv;
        let tvp = match deadline {
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                tv = libc::timeval {
                    tv_sec: left.as_secs() as libc::time_t,
                    tv_usec: left.subsec_micros() as libc::suseconds_t,
                };
                &mut tv as *mut libc::timeval
            }
            None => std::ptr::null_mut(),
        };
        let [r, w, x] = &mut sets;
        // SAFETY: valid fd_set pointers and a valid or null timeval.
        let n = unsafe { libc::select(maxfd + 1, r, w, x, tvp) };
        if n < 0 {
            if errno() == libc::EINTR {
                pyrs_vm::signals::check(vm)?;
                continue;
            }
            return Err(os_error(vm, errno(), None, None));
        }
        let mut out = Vec::with_capacity(3);
        for (set, list) in sets.iter().zip(&lists) {
            let ready: Vec<Value> = list
                .iter()
                // SAFETY: `set` is an initialised fd_set; fd < FD_SETSIZE.
                .filter(|(_, fd)| unsafe { libc::FD_ISSET(*fd, set) })
                .map(|(v, _)| v.clone())
                .collect();
            out.push(vm.new_list(ready));
        }
        return Ok(vm.new_tuple(out));
    }
}

// ----- poll objects --------------------------------------------------------------------------

/// A `select.poll` object: the registered descriptors and their event masks, in
/// registration order (poll(2) reports in that order).
struct Poll {
    fds: RefCell<Vec<(i32, i16)>>,
    polling: std::cell::Cell<bool>,
}

impl NativeData for Poll {}

fn event_mask(vm: &Vm, v: &Value) -> PyResult<i16> {
    let i = vm.to_index(v)?;
    if i < 0 {
        return Err(vm.overflow_error("can't convert negative int to unsigned"));
    }
    if i > 0xFFFF {
        return Err(vm.overflow_error("Python int too large for C unsigned short"));
    }
    Ok(i as u16 as i16)
}

fn poll_register(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = this::<Poll>(vm, &args, "select.poll")?;
    let a = pos_only(vm, "register", &crate::util::rest(&args), 1, 2)?;
    let fd = as_fd(vm, &a[0])?;
    let mask = match a.get(1) {
        Some(m) => event_mask(vm, m)?,
        None => libc::POLLIN | libc::POLLPRI | libc::POLLOUT,
    };
    let mut fds = p.fds.borrow_mut();
    match fds.iter_mut().find(|(f, _)| *f == fd) {
        Some(e) => e.1 = mask,
        None => fds.push((fd, mask)),
    }
    Ok(Value::None)
}

fn poll_modify(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = this::<Poll>(vm, &args, "select.poll")?;
    let a = pos_only(vm, "modify", &crate::util::rest(&args), 2, 2)?;
    let fd = as_fd(vm, &a[0])?;
    let mask = event_mask(vm, &a[1])?;
    let mut fds = p.fds.borrow_mut();
    match fds.iter_mut().find(|(f, _)| *f == fd) {
        Some(e) => e.1 = mask,
        None => return Err(os_error(vm, libc::ENOENT, None, None)),
    }
    Ok(Value::None)
}

fn poll_unregister(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = this::<Poll>(vm, &args, "select.poll")?;
    let a = pos_only(vm, "unregister", &crate::util::rest(&args), 1, 1)?;
    let fd = as_fd(vm, &a[0])?;
    let mut fds = p.fds.borrow_mut();
    match fds.iter().position(|(f, _)| *f == fd) {
        Some(i) => {
            fds.remove(i);
        }
        None => return Err(vm.key_error(a[0].clone())),
    }
    Ok(Value::None)
}

/// A poll timeout in milliseconds (None or negative: forever), rounded up.
fn ms_timeout(vm: &Vm, v: Option<&Value>) -> PyResult<Option<Duration>> {
    let v = match v {
        None => return Ok(None),
        Some(v) if v.is_none() => return Ok(None),
        Some(v) => v,
    };
    let ms = match v {
        Value::Int(i) => *i as f64,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Float(f) => *f,
        _ if vm.isinstance(v, &vm.types.float) => pyrs_vm::objects::float::to_float(vm, v)?,
        _ if vm.isinstance(v, &vm.types.int) => vm.to_index(v)? as f64,
        _ => return Err(vm.type_error("timeout must be an integer or None")),
    };
    if ms.is_nan() {
        return Err(vm.value_error("Invalid value NaN (not a number)"));
    }
    if ms < 0.0 {
        return Ok(None);
    }
    if ms > i32::MAX as f64 {
        return Err(vm.overflow_error("Python int too large to convert to C int"));
    }
    Ok(Some(Duration::from_millis(ms.ceil() as u64)))
}

fn poll_poll(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = this::<Poll>(vm, &args, "select.poll")?;
    let a = pos_only(vm, "poll", &crate::util::rest(&args), 0, 1)?;
    let timeout = ms_timeout(vm, a.first())?;
    if p.polling.get() {
        return Err(vm.runtime_error("concurrent poll() invocation"));
    }
    let mut pfds: Vec<libc::pollfd> = p
        .fds
        .borrow()
        .iter()
        .map(|(fd, ev)| libc::pollfd {
            fd: *fd,
            events: *ev,
            revents: 0,
        })
        .collect();
    let deadline = timeout.map(|t| Instant::now() + t);
    p.polling.set(true);
    let r = loop {
        let ms = match deadline {
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                let ms = left.as_millis() + u128::from(left.subsec_nanos() % 1_000_000 != 0);
                ms.min(i32::MAX as u128) as i32
            }
            None => -1,
        };
        // SAFETY: `pfds` is a valid array of its length.
        let n = unsafe { libc::poll(pfds.as_mut_ptr(), pfds.len() as libc::nfds_t, ms) };
        if n < 0 {
            if errno() == libc::EINTR {
                if let Err(e) = pyrs_vm::signals::check(vm) {
                    break Err(e);
                }
                continue;
            }
            break Err(os_error(vm, errno(), None, None));
        }
        break Ok(());
    };
    p.polling.set(false);
    r?;
    let out: Vec<Value> = pfds
        .iter()
        .filter(|f| f.revents != 0)
        .map(|f| {
            vm.new_tuple(vec![
                Value::Int(i64::from(f.fd)),
                Value::Int(i64::from(f.revents as u16)),
            ])
        })
        .collect();
    Ok(vm.new_list(out))
}

fn poll_new(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(vm.type_error("cannot create 'select.poll' instances"))
}

fn select_poll(vm: &Vm, args: Args) -> PyResult<Value> {
    pos_only(vm, "poll", &args, 0, 0)?;
    let ty = POLL_TYPE.with(|t| t.borrow().clone());
    let ty = ty.ok_or_else(|| vm.runtime_error("select module not initialised"))?;
    Ok(Value::Obj(vm.new_native_object(
        &ty,
        Poll {
            fds: RefCell::new(Vec::new()),
            polling: std::cell::Cell::new(false),
        },
    )))
}

thread_local! {
    static POLL_TYPE: RefCell<Option<ObjRef>> = const { RefCell::new(None) };
}

// ----- the module --------------------------------------------------------------------------

const CONSTANTS: &[(&str, i64)] = &[
    ("POLLIN", libc::POLLIN as i64),
    ("POLLPRI", libc::POLLPRI as i64),
    ("POLLOUT", libc::POLLOUT as i64),
    ("POLLERR", libc::POLLERR as i64),
    ("POLLHUP", libc::POLLHUP as i64),
    ("POLLNVAL", libc::POLLNVAL as i64),
    ("POLLRDNORM", libc::POLLRDNORM as i64),
    ("POLLRDBAND", libc::POLLRDBAND as i64),
    ("POLLWRNORM", libc::POLLWRNORM as i64),
    ("POLLWRBAND", libc::POLLWRBAND as i64),
    ("POLLMSG", 0x400),
    ("POLLRDHUP", libc::POLLRDHUP as i64),
    ("PIPE_BUF", libc::PIPE_BUF as i64),
];

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("select");
    let d = m
        .dict()
        .ok_or_else(|| vm.type_error("module without a namespace"))?;
    let set = |k: &str, v: Value| pyrs_vm::objects::dict::set_str(&d, &vm.intern(k), v);
    vm.add_module_fn(&m, "select", select_select);
    vm.add_module_fn(&m, "poll", select_poll);
    set("error", Value::Obj(vm.exc.os_error.clone()));
    for (name, v) in CONSTANTS {
        set(name, Value::Int(*v));
    }
    let poll = vm.new_native_type("select", "poll", None, false, false);
    vm.add_static(&poll, "__new__", poll_new);
    vm.add_method(&poll, "register", poll_register);
    vm.add_method(&poll, "modify", poll_modify);
    vm.add_method(&poll, "unregister", poll_unregister);
    vm.add_method(&poll, "poll", poll_poll);
    POLL_TYPE.with(|t| *t.borrow_mut() = Some(poll));
    Ok(m)
}
