//! The `_socket` module: the socket type over the C library's BSD sockets (AF_INET,
//! AF_INET6 and AF_UNIX addresses), name resolution (getaddrinfo, gethostbyname, ...),
//! address conversions (inet_aton/ntoa/pton/ntop), byte-order helpers and the module's
//! constants and exceptions. Lib's `socket.py` subclasses the type and adds makefile(),
//! enums and the higher-level helpers.
//!
//! Timeouts follow CPython: a socket's timeout is None (blocking: the descriptor is in
//! blocking mode), 0.0 (non-blocking) or positive (the descriptor is non-blocking and
//! every operation first waits with poll(2) for at most that long, raising
//! `TimeoutError("timed out")`). Calls interrupted by a signal retry once the pending
//! handlers have run (PEP 475). Blocking calls block the whole interpreter (no GIL yet).

use std::cell::Cell;
use std::ffi::{CStr, CString};
use std::time::{Duration, Instant};

use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::{NativeData, Payload};
use pyrs_vm::objects::memoryview::bytes_like;
use pyrs_vm::objects::str as pystr;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::posix::os_error;
use crate::socket_consts::CONSTANTS;
use crate::util::{bind, native_of, one_arg, pos_only, rest, this, to_i64_opt};

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn last_error(vm: &Vm) -> ObjRef {
    os_error(vm, errno(), None, None)
}

// ----- the socket object ---------------------------------------------------------------------

/// A socket: its descriptor (-1 once closed or detached), family, kind and protocol, and
/// its timeout in seconds (negative: None, blocking). The descriptor is in non-blocking
/// mode exactly when `timeout >= 0`. Dropping the object closes the descriptor.
struct Sock {
    fd: Cell<i32>,
    family: Cell<i32>,
    kind: Cell<i32>,
    proto: Cell<i32>,
    timeout: Cell<f64>,
}

impl NativeData for Sock {}

impl Drop for Sock {
    fn drop(&mut self) {
        let fd = self.fd.replace(-1);
        if fd >= 0 {
            // SAFETY: the socket owns `fd`; nothing else closes it.
            unsafe { libc::close(fd) };
        }
    }
}

thread_local! {
    /// `setdefaulttimeout`: the timeout of new sockets (negative: None).
    static DEFAULT_TIMEOUT: Cell<f64> = const { Cell::new(-1.0) };
    static TYPES: std::cell::RefCell<Option<Types>> = const { std::cell::RefCell::new(None) };
}

#[derive(Clone)]
struct Types {
    socket: ObjRef,
    herror: ObjRef,
    gaierror: ObjRef,
}

fn types(vm: &Vm) -> PyResult<Types> {
    TYPES
        .with(|t| t.borrow().clone())
        .ok_or_else(|| vm.runtime_error("_socket module not initialised"))
}

fn sock<'a>(vm: &Vm, args: &'a Args) -> PyResult<&'a Sock> {
    this::<Sock>(vm, args, "_socket.socket")
}

fn set_nonblocking(vm: &Vm, fd: i32, nonblocking: bool) -> PyResult<()> {
    // SAFETY: fcntl on a descriptor number; failures are reported through errno.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 {
        return Err(last_error(vm));
    }
    let new = if nonblocking {
        flags | libc::O_NONBLOCK
    } else {
        flags & !libc::O_NONBLOCK
    };
    if new != flags {
        // SAFETY: as above.
        if unsafe { libc::fcntl(fd, libc::F_SETFL, new) } < 0 {
            return Err(last_error(vm));
        }
    }
    Ok(())
}

fn timeout_error(vm: &Vm) -> ObjRef {
    vm.new_exception_msg(&vm.exc.timeout_error, "timed out")
}

/// Wait until `fd` is readable (or writable) for at most `left`; false on timeout.
fn wait_fd(vm: &Vm, fd: i32, writing: bool, left: Duration) -> PyResult<bool> {
    let mut p = libc::pollfd {
        fd,
        events: if writing { libc::POLLOUT } else { libc::POLLIN },
        revents: 0,
    };
    let ms = left.as_millis() + u128::from(!left.subsec_nanos().is_multiple_of(1_000_000));
    let ms = ms.min(i32::MAX as u128) as i32;
    // SAFETY: one valid pollfd.
    let n = unsafe { libc::poll(&mut p, 1, ms) };
    if n < 0 {
        let e = errno();
        if e == libc::EINTR {
            pyrs_vm::signals::check(vm)?;
            return Ok(true);
        }
        return Err(os_error(vm, e, None, None));
    }
    Ok(n > 0)
}

/// `sock_call`: run `f` (a system call returning a negative number on failure) honouring
/// the socket's timeout; retries after EINTR and, with a timeout, after EWOULDBLOCK.
/// `Err(None)` in the inner result means the timeout expired.
fn sock_call_raw(
    vm: &Vm,
    s: &Sock,
    writing: bool,
    f: impl FnMut(i32) -> isize,
) -> PyResult<Result<isize, Option<i32>>> {
    sock_call_until(vm, s, writing, timeout_deadline(s), f)
}

/// When an operation starting now times out (None: never).
fn timeout_deadline(s: &Sock) -> Option<Instant> {
    let timeout = s.timeout.get();
    (timeout > 0.0).then(|| Instant::now() + Duration::from_secs_f64(timeout))
}

/// `sock_call_raw` with an explicit deadline (sendall's covers the whole call).
fn sock_call_until(
    vm: &Vm,
    s: &Sock,
    writing: bool,
    deadline: Option<Instant>,
    mut f: impl FnMut(i32) -> isize,
) -> PyResult<Result<isize, Option<i32>>> {
    loop {
        if let (Some(d), true) = (deadline, s.fd.get() >= 0) {
            let left = d.saturating_duration_since(Instant::now());
            if left.is_zero() || !wait_fd(vm, s.fd.get(), writing, left)? {
                return Ok(Err(None));
            }
        }
        let r = f(s.fd.get());
        if r >= 0 {
            return Ok(Ok(r));
        }
        let e = errno();
        if e == libc::EINTR {
            pyrs_vm::signals::check(vm)?;
            continue;
        }
        if deadline.is_some() && (e == libc::EWOULDBLOCK || e == libc::EAGAIN) {
            continue;
        }
        return Ok(Err(Some(e)));
    }
}

fn sock_call(vm: &Vm, s: &Sock, writing: bool, f: impl FnMut(i32) -> isize) -> PyResult<isize> {
    match sock_call_raw(vm, s, writing, f)? {
        Ok(n) => Ok(n),
        Err(None) => Err(timeout_error(vm)),
        Err(Some(e)) => Err(os_error(vm, e, None, None)),
    }
}

/// `socket.__new__`: an unopened socket; `__init__` opens it.
fn socket_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = crate::util::cls_arg(vm, &args)?;
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        Sock {
            fd: Cell::new(-1),
            family: Cell::new(libc::AF_INET),
            kind: Cell::new(libc::SOCK_STREAM),
            proto: Cell::new(0),
            timeout: Cell::new(-1.0),
        },
    )))
}

fn int_arg(vm: &Vm, v: &Option<Value>, dflt: i64) -> PyResult<i64> {
    match v {
        None => Ok(dflt),
        Some(v) => {
            if let Value::Float(_) = v {
                return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
            }
            match to_i64_opt(vm, v)? {
                Some(i) => Ok(i),
                None => Err(vm.overflow_error("Python int too large to convert to C long")),
            }
        }
    }
}

fn c_int(vm: &Vm, i: i64) -> PyResult<i32> {
    i32::try_from(i).map_err(|_| {
        vm.overflow_error(if i < 0 {
            "signed integer is less than minimum"
        } else {
            "signed integer is greater than maximum"
        })
    })
}

fn getsockopt_int(fd: i32, opt: i32) -> Result<i32, i32> {
    let mut v: libc::c_int = 0;
    let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
    // SAFETY: `v` and `len` are valid for the call.
    let r = unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            opt,
            &mut v as *mut libc::c_int as *mut libc::c_void,
            &mut len,
        )
    };
    if r < 0 {
        Err(errno())
    } else {
        Ok(v)
    }
}

/// Fill in a socket's fields once it has a descriptor: kind without the creation flags,
/// the default timeout (or 0.0 for SOCK_NONBLOCK).
fn init_sock(vm: &Vm, s: &Sock, fd: i32, family: i32, kind: i32, proto: i32) -> PyResult<()> {
    s.fd.set(fd);
    s.family.set(family);
    s.kind
        .set(kind & !(libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC));
    s.proto.set(proto);
    if kind & libc::SOCK_NONBLOCK != 0 {
        s.timeout.set(0.0);
    } else {
        let d = DEFAULT_TIMEOUT.with(Cell::get);
        s.timeout.set(d);
        if d >= 0.0 {
            set_nonblocking(vm, fd, true)?;
        }
    }
    Ok(())
}

fn socket_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let a = bind(
        vm,
        "socket",
        &rest(&args),
        &["family", "type", "proto", "fileno"],
        0,
    )?;
    let mut family = int_arg(vm, &a[0], -1)?;
    let mut kind = int_arg(vm, &a[1], -1)?;
    let mut proto = int_arg(vm, &a[2], -1)?;
    let fileno = a[3].clone().filter(|v| !v.is_none());
    let fd = match fileno {
        Some(f) => {
            if let Value::Float(_) = f {
                return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
            }
            let fd = vm.to_index(&f)?;
            if fd < 0 {
                return Err(vm.value_error("negative file descriptor"));
            }
            let fd = c_int(vm, fd)?;
            for (slot, opt) in [
                (&mut family, libc::SO_DOMAIN),
                (&mut kind, libc::SO_TYPE),
                (&mut proto, libc::SO_PROTOCOL),
            ] {
                if *slot == -1 {
                    *slot = i64::from(
                        getsockopt_int(fd, opt).map_err(|e| os_error(vm, e, None, None))?,
                    );
                }
            }
            fd
        }
        None => {
            if family == -1 {
                family = i64::from(libc::AF_INET);
            }
            if kind == -1 {
                kind = i64::from(libc::SOCK_STREAM);
            }
            if proto == -1 {
                proto = 0;
            }
            let (f, k, p) = (c_int(vm, family)?, c_int(vm, kind)?, c_int(vm, proto)?);
            // SAFETY: plain system call.
            let fd = unsafe { libc::socket(f, k | libc::SOCK_CLOEXEC, p) };
            if fd < 0 {
                return Err(last_error(vm));
            }
            fd
        }
    };
    let old = s.fd.replace(-1);
    if old >= 0 && old != fd {
        // SAFETY: the socket owned `old`.
        unsafe { libc::close(old) };
    }
    init_sock(
        vm,
        s,
        fd,
        c_int(vm, family)?,
        c_int(vm, kind)?,
        c_int(vm, proto)?,
    )?;
    Ok(Value::None)
}

/// A new `_socket.socket` around `fd` (socketpair).
fn new_socket_obj(vm: &Vm, fd: i32, family: i32, kind: i32, proto: i32) -> PyResult<Value> {
    let t = types(vm)?;
    let o = vm.new_native_object(
        &t.socket,
        Sock {
            fd: Cell::new(-1),
            family: Cell::new(family),
            kind: Cell::new(kind),
            proto: Cell::new(proto),
            timeout: Cell::new(-1.0),
        },
    );
    let s = o.payload.native::<Sock>().expect("a socket");
    s.fd.set(fd);
    init_sock(vm, s, fd, family, kind, proto)?;
    Ok(Value::Obj(o))
}

// ----- addresses -----------------------------------------------------------------------------

/// A socket address in C form.
struct SockAddr {
    storage: libc::sockaddr_storage,
    len: libc::socklen_t,
}

impl SockAddr {
    fn empty() -> SockAddr {
        SockAddr {
            // SAFETY: sockaddr_storage is plain data; all zeroes is a valid value.
            storage: unsafe { std::mem::zeroed() },
            len: std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t,
        }
    }

    fn ptr(&self) -> *const libc::sockaddr {
        &self.storage as *const libc::sockaddr_storage as *const libc::sockaddr
    }

    fn mut_ptr(&mut self) -> *mut libc::sockaddr {
        &mut self.storage as *mut libc::sockaddr_storage as *mut libc::sockaddr
    }
}

fn gai_error(vm: &Vm, code: i32) -> PyResult<ObjRef> {
    if code == libc::EAI_SYSTEM {
        return Ok(last_error(vm));
    }
    // SAFETY: gai_strerror returns a static NUL-terminated string.
    let msg = unsafe { CStr::from_ptr(libc::gai_strerror(code)) }
        .to_string_lossy()
        .into_owned();
    let t = types(vm)?;
    new_oserror_sub(vm, &t.gaierror, i64::from(code), msg)
}

/// An instance of an OSError subclass built as `cls(errno, strerror)` (so that errno,
/// strerror and str() are OSError's).
fn new_oserror_sub(vm: &Vm, cls: &ObjRef, code: i64, msg: String) -> PyResult<ObjRef> {
    let e = vm.call(
        &Value::Obj(cls.clone()),
        Args::new(&[Value::Int(code), vm.new_str(msg)]),
    )?;
    e.as_obj()
        .cloned()
        .ok_or_else(|| vm.type_error("exceptions must derive from BaseException"))
}

/// The bytes of a host name argument: str (IDNA-encoded when not ASCII), bytes or
/// bytearray.
fn host_bytes(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Value::Obj(o) = v {
        match &o.payload {
            Payload::Bytes(b) => return Ok(b.to_vec()),
            Payload::ByteArray(b) => return Ok(b.borrow().clone()),
            _ => {}
        }
        if vm.isinstance(v, &vm.types.str_) {
            let s = pystr::as_rust_str(o);
            if s.is_ascii() {
                return Ok(s.into_bytes());
            }
            let e = vm.call_method(v, "encode", &[vm.new_str("idna")])?;
            if let Some(b) = bytes_like(&e) {
                return Ok(b);
            }
        }
    }
    Err(vm.type_error(format!(
        "str, bytes or bytearray expected, not {}",
        vm.type_name(v)
    )))
}

/// A str as the filesystem encodes it (UTF-8, surrogateescape).
fn str_fs_encode(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Str(s) => crate::posix::fs_encode(vm, s, v),
            _ => Err(vm.type_error("expected str")),
        },
        _ => Err(vm.type_error("expected str")),
    }
}

fn cstring(vm: &Vm, b: Vec<u8>) -> PyResult<CString> {
    CString::new(b).map_err(|_| vm.value_error("embedded null character"))
}

/// Run getaddrinfo and hand each result to `each`; gaierror on failure.
fn with_addrinfo(
    vm: &Vm,
    host: Option<&CStr>,
    port: Option<&CStr>,
    hints: &libc::addrinfo,
    mut each: impl FnMut(&libc::addrinfo) -> PyResult<()>,
) -> PyResult<()> {
    let mut res: *mut libc::addrinfo = std::ptr::null_mut();
    // SAFETY: valid C strings or null, a valid hints struct, an out pointer.
    let r = unsafe {
        libc::getaddrinfo(
            host.map_or(std::ptr::null(), CStr::as_ptr),
            port.map_or(std::ptr::null(), CStr::as_ptr),
            hints,
            &mut res,
        )
    };
    if r != 0 {
        return Err(gai_error(vm, r)?);
    }
    let mut out = Ok(());
    let mut p = res;
    while !p.is_null() {
        // SAFETY: `p` walks the list getaddrinfo returned, freed below.
        let ai = unsafe { &*p };
        if let Err(e) = each(ai) {
            out = Err(e);
            break;
        }
        p = ai.ai_next;
    }
    // SAFETY: `res` came from a successful getaddrinfo.
    unsafe { libc::freeaddrinfo(res) };
    out
}

fn zeroed_hints() -> libc::addrinfo {
    // SAFETY: addrinfo is plain data; zero is "no hints".
    unsafe { std::mem::zeroed() }
}

/// `setipaddr`: resolve a host name for `family` into `addr` (port left 0).
fn setipaddr(vm: &Vm, name: &[u8], family: i32) -> PyResult<SockAddr> {
    let mut out = SockAddr::empty();
    if name.is_empty() {
        // The wildcard address: resolve with AI_PASSIVE.
        let mut hints = zeroed_hints();
        hints.ai_family = family;
        hints.ai_socktype = libc::SOCK_DGRAM;
        hints.ai_flags = libc::AI_PASSIVE;
        let port = CString::new("0").expect("no NUL");
        let mut found = false;
        with_addrinfo(vm, None, Some(&port), &hints, |ai| {
            if !found {
                copy_ai(&mut out, ai);
                found = true;
            }
            Ok(())
        })?;
        return Ok(out);
    }
    if name == b"<broadcast>" || name == b"255.255.255.255" {
        if family != libc::AF_INET && family != libc::AF_UNSPEC {
            return Err(os_error(vm, libc::EAFNOSUPPORT, None, None));
        }
        // SAFETY: storage is large enough for a sockaddr_in.
        let sin = unsafe { &mut *(out.mut_ptr() as *mut libc::sockaddr_in) };
        sin.sin_family = libc::AF_INET as libc::sa_family_t;
        sin.sin_addr.s_addr = libc::INADDR_BROADCAST.to_be();
        out.len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
        return Ok(out);
    }
    let c = cstring(vm, name.to_vec())?;
    let mut hints = zeroed_hints();
    hints.ai_family = family;
    let mut found = false;
    with_addrinfo(vm, Some(&c), None, &hints, |ai| {
        if !found {
            copy_ai(&mut out, ai);
            found = true;
        }
        Ok(())
    })?;
    Ok(out)
}

fn copy_ai(out: &mut SockAddr, ai: &libc::addrinfo) {
    let n = (ai.ai_addrlen as usize).min(std::mem::size_of::<libc::sockaddr_storage>());
    // SAFETY: ai_addr points to ai_addrlen bytes; the storage holds at least n bytes.
    unsafe {
        std::ptr::copy_nonoverlapping(ai.ai_addr as *const u8, out.mut_ptr() as *mut u8, n);
    }
    out.len = n as libc::socklen_t;
}

fn port_arg(vm: &Vm, v: &Value, caller: &str) -> PyResult<u16> {
    if let Value::Float(_) = v {
        return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
    }
    let p = vm.to_index(v).map_err(|e| {
        if vm.exc_matches(&e, &vm.exc.overflow_error) {
            vm.overflow_error(format!("{caller}(): port must be 0-65535."))
        } else {
            e
        }
    })?;
    u16::try_from(p).map_err(|_| vm.overflow_error(format!("{caller}(): port must be 0-65535.")))
}

fn tuple_items(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Tuple(t) => Some(t.to_vec()),
            _ => None,
        },
        _ => None,
    }
}

/// `getsockaddrarg`: a Python address for a socket of `family` in C form.
fn sockaddr_arg(vm: &Vm, family: i32, addr: &Value, caller: &str) -> PyResult<SockAddr> {
    let mut out = SockAddr::empty();
    match family {
        libc::AF_UNIX => {
            let path = if vm.isinstance(addr, &vm.types.str_) {
                str_fs_encode(vm, addr)?
            } else {
                bytes_like(addr).ok_or_else(|| {
                    vm.type_error(format!(
                        "a bytes-like object is required, not '{}'",
                        vm.type_name(addr)
                    ))
                })?
            };
            // SAFETY: storage is large enough for a sockaddr_un.
            let sun = unsafe { &mut *(out.mut_ptr() as *mut libc::sockaddr_un) };
            // Abstract names (leading NUL) may fill sun_path; paths need room for a NUL.
            let abstract_name = path.first() == Some(&0);
            if path.len() > sun.sun_path.len()
                || (!abstract_name && path.len() >= sun.sun_path.len())
            {
                return Err(vm.new_exception_msg(&vm.exc.os_error, "AF_UNIX path too long"));
            }
            sun.sun_family = libc::AF_UNIX as libc::sa_family_t;
            for (d, b) in sun.sun_path.iter_mut().zip(&path) {
                *d = *b as libc::c_char;
            }
            // An empty path asks for autobind (an abstract name chosen by the kernel).
            let base = std::mem::size_of::<libc::sa_family_t>();
            out.len = (base + path.len()) as libc::socklen_t;
            Ok(out)
        }
        libc::AF_INET => {
            let items = tuple_items(addr).ok_or_else(|| {
                vm.type_error(format!(
                    "{caller}(): AF_INET address must be tuple, not {}",
                    vm.type_name(addr)
                ))
            })?;
            if items.len() != 2 {
                return Err(vm.type_error("AF_INET address must be a pair (host, port)"));
            }
            let host = host_bytes(vm, &items[0])?;
            let port = port_arg(vm, &items[1], caller)?;
            let resolved = setipaddr(vm, &host, libc::AF_INET)?;
            out = resolved;
            // SAFETY: an AF_INET result is a sockaddr_in.
            let sin = unsafe { &mut *(out.mut_ptr() as *mut libc::sockaddr_in) };
            sin.sin_port = port.to_be();
            out.len = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
            Ok(out)
        }
        libc::AF_INET6 => {
            let items = tuple_items(addr).ok_or_else(|| {
                vm.type_error(format!(
                    "{caller}(): AF_INET6 address must be tuple, not {}",
                    vm.type_name(addr)
                ))
            })?;
            if !(2..=4).contains(&items.len()) {
                return Err(vm.type_error(
                    "AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])",
                ));
            }
            let host = host_bytes(vm, &items[0])?;
            let port = port_arg(vm, &items[1], caller)?;
            let flowinfo = match items.get(2) {
                Some(v) => {
                    let f = vm.to_index(v)?;
                    if !(0..=0xfffff).contains(&f) {
                        return Err(
                            vm.overflow_error(format!("{caller}(): flowinfo must be 0-1048575."))
                        );
                    }
                    f as u32
                }
                None => 0,
            };
            let scope = match items.get(3) {
                Some(v) => u32::try_from(vm.to_index(v)?)
                    .map_err(|_| vm.overflow_error("scope id out of range"))?,
                None => 0,
            };
            out = setipaddr(vm, &host, libc::AF_INET6)?;
            // SAFETY: an AF_INET6 result is a sockaddr_in6.
            let sin6 = unsafe { &mut *(out.mut_ptr() as *mut libc::sockaddr_in6) };
            sin6.sin6_port = port.to_be();
            sin6.sin6_flowinfo = flowinfo.to_be();
            sin6.sin6_scope_id = scope;
            out.len = std::mem::size_of::<libc::sockaddr_in6>() as libc::socklen_t;
            Ok(out)
        }
        _ => Err(vm.new_exception_msg(&vm.exc.os_error, format!("{caller}(): bad family"))),
    }
}

fn ipv4_string(a: &libc::in_addr) -> String {
    std::net::Ipv4Addr::from(u32::from_be(a.s_addr)).to_string()
}

fn ipv6_string(a: &libc::in6_addr) -> String {
    ipv6_text(a.s6_addr)
}

/// An IPv6 address as glibc's inet_ntop writes it: RFC 5952 text, except that
/// IPv4-compatible addresses (::a.b.c.d, deprecated) keep their dotted tail.
fn ipv6_text(b: [u8; 16]) -> String {
    if b[..12].iter().all(|x| *x == 0) && (b[12] != 0 || b[13] != 0) {
        return format!("::{}.{}.{}.{}", b[12], b[13], b[14], b[15]);
    }
    std::net::Ipv6Addr::from(b).to_string()
}

/// `makesockaddr`: a C address as a Python value.
fn sockaddr_value(vm: &Vm, addr: &SockAddr) -> Value {
    if addr.len == 0 {
        return Value::None;
    }
    match i32::from(addr.storage.ss_family) {
        libc::AF_INET => {
            // SAFETY: the family says the storage holds a sockaddr_in.
            let sin = unsafe { &*(addr.ptr() as *const libc::sockaddr_in) };
            vm.new_tuple(vec![
                vm.new_str(ipv4_string(&sin.sin_addr)),
                Value::Int(i64::from(u16::from_be(sin.sin_port))),
            ])
        }
        libc::AF_INET6 => {
            // SAFETY: the family says the storage holds a sockaddr_in6.
            let sin6 = unsafe { &*(addr.ptr() as *const libc::sockaddr_in6) };
            vm.new_tuple(vec![
                vm.new_str(ipv6_string(&sin6.sin6_addr)),
                Value::Int(i64::from(u16::from_be(sin6.sin6_port))),
                Value::Int(i64::from(u32::from_be(sin6.sin6_flowinfo))),
                Value::Int(i64::from(sin6.sin6_scope_id)),
            ])
        }
        libc::AF_UNIX => {
            // SAFETY: the family says the storage holds a sockaddr_un.
            let sun = unsafe { &*(addr.ptr() as *const libc::sockaddr_un) };
            let base = std::mem::size_of::<libc::sa_family_t>();
            let n = (addr.len as usize)
                .saturating_sub(base)
                .min(sun.sun_path.len());
            let raw: Vec<u8> = sun.sun_path[..n].iter().map(|c| *c as u8).collect();
            if raw.first() == Some(&0) {
                return vm.new_bytes(raw);
            }
            let end = raw.iter().position(|b| *b == 0).unwrap_or(raw.len());
            crate::posix::fs_decode(vm, &raw[..end])
        }
        f => vm.new_tuple(vec![Value::Int(i64::from(f)), vm.new_bytes(Vec::new())]),
    }
}

// ----- socket methods ------------------------------------------------------------------------

fn socket_bind(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let a = one_arg(vm, "bind", &rest(&args))?;
    let addr = sockaddr_arg(vm, s.family.get(), a, "bind")?;
    // SAFETY: a valid address of its length.
    if unsafe { libc::bind(s.fd.get(), addr.ptr(), addr.len) } < 0 {
        return Err(last_error(vm));
    }
    Ok(Value::None)
}

fn socket_listen(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let a = pos_only(vm, "listen", &rest(&args), 0, 1)?;
    let backlog = match a.first() {
        Some(v) => c_int(vm, vm.to_index(v)?)?.max(0),
        None => libc::SOMAXCONN.min(128),
    };
    // SAFETY: plain system call.
    if unsafe { libc::listen(s.fd.get(), backlog) } < 0 {
        return Err(last_error(vm));
    }
    Ok(Value::None)
}

fn socket_accept(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    pos_only(vm, "_accept", &rest(&args), 0, 0)?;
    let mut addr = SockAddr::empty();
    let fd = sock_call(vm, s, false, |fd| {
        addr.len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        // SAFETY: a valid address buffer and length.
        unsafe { libc::accept4(fd, addr.mut_ptr(), &mut addr.len, libc::SOCK_CLOEXEC) as isize }
    })?;
    let a = sockaddr_value(vm, &addr);
    Ok(vm.new_tuple(vec![Value::Int(fd as i64), a]))
}

/// `internal_connect`: Ok(0) or the error number (timeouts: EWOULDBLOCK, or raised).
fn do_connect(vm: &Vm, s: &Sock, addr: &SockAddr, raise: bool) -> PyResult<i32> {
    let fd = s.fd.get();
    // SAFETY: a valid address of its length.
    let mut r = unsafe { libc::connect(fd, addr.ptr(), addr.len) };
    let mut e = if r < 0 { errno() } else { 0 };
    if r < 0 && e == libc::EINTR {
        pyrs_vm::signals::check(vm)?;
        // The connection goes on in the background: wait for it as for EINPROGRESS.
        if s.timeout.get() == 0.0 {
            return if raise {
                Err(os_error(vm, e, None, None))
            } else {
                Ok(e)
            };
        }
        e = libc::EINPROGRESS;
    }
    let timeout = s.timeout.get();
    if r < 0 && e == libc::EINPROGRESS && timeout != 0.0 {
        let deadline = (timeout > 0.0).then(|| Instant::now() + Duration::from_secs_f64(timeout));
        loop {
            let left = match deadline {
                Some(d) => d.saturating_duration_since(Instant::now()),
                None => Duration::from_secs(u64::from(u32::MAX)),
            };
            if left.is_zero() || !wait_fd(vm, fd, true, left)? {
                if raise {
                    return Err(timeout_error(vm));
                }
                return Ok(libc::EWOULDBLOCK);
            }
            // Ready (or interrupted and retried): the outcome is SO_ERROR.
            let mut p = libc::pollfd {
                fd,
                events: libc::POLLOUT,
                revents: 0,
            };
            // SAFETY: one valid pollfd.
            if unsafe { libc::poll(&mut p, 1, 0) } == 0 {
                continue;
            }
            break;
        }
        match getsockopt_int(fd, libc::SO_ERROR) {
            Ok(0) => {
                r = 0;
                e = 0;
            }
            Ok(err) => e = err,
            Err(err) => e = err,
        }
    }
    if r < 0 || e != 0 {
        if raise {
            return Err(os_error(vm, e, None, None));
        }
        return Ok(e);
    }
    Ok(0)
}

fn socket_connect(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let a = one_arg(vm, "connect", &rest(&args))?;
    let addr = sockaddr_arg(vm, s.family.get(), a, "connect")?;
    do_connect(vm, s, &addr, true)?;
    Ok(Value::None)
}

fn socket_connect_ex(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let a = one_arg(vm, "connect_ex", &rest(&args))?;
    let addr = sockaddr_arg(vm, s.family.get(), a, "connect_ex")?;
    Ok(Value::Int(i64::from(do_connect(vm, s, &addr, false)?)))
}

fn socket_close(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let fd = s.fd.replace(-1);
    if fd >= 0 {
        // SAFETY: the socket owned `fd`.
        if unsafe { libc::close(fd) } < 0 {
            let e = errno();
            if e != libc::ECONNRESET {
                return Err(os_error(vm, e, None, None));
            }
        }
    }
    Ok(Value::None)
}

/// `__del__` (CPython's finalizer): an open socket warns `ResourceWarning("unclosed
/// <repr>")` and is closed.
fn socket_del(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    if s.fd.get() < 0 {
        return Ok(Value::None);
    }
    let this = args.args[0].clone();
    let warned = (|| -> PyResult<()> {
        let r = vm.repr_string(&this)?;
        let warnings = pyrs_vm::import::import_module(vm, "warnings")?;
        let warn = vm.get_attr_str(&warnings, "warn")?;
        // No `source=`: Lib's pure-Python warn_explicit passes it on as the file to
        // write to (CPython always uses its C `_warnings`, which does not).
        vm.call(
            &warn,
            Args::new(&[
                vm.new_str(format!("unclosed {r}")),
                Value::Obj(vm.exc.resource_warning.clone()),
                Value::Int(1),
            ]),
        )?;
        Ok(())
    })();
    let fd = s.fd.replace(-1);
    if fd >= 0 {
        // SAFETY: the socket owned `fd`.
        unsafe { libc::close(fd) };
    }
    warned?;
    Ok(Value::None)
}

fn socket_detach(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    Ok(Value::Int(i64::from(s.fd.replace(-1))))
}

fn socket_fileno(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    Ok(Value::Int(i64::from(s.fd.get())))
}

fn sock_name(vm: &Vm, args: &Args, peer: bool) -> PyResult<Value> {
    let s = sock(vm, args)?;
    let mut addr = SockAddr::empty();
    // SAFETY: a valid address buffer and length.
    let r = unsafe {
        if peer {
            libc::getpeername(s.fd.get(), addr.mut_ptr(), &mut addr.len)
        } else {
            libc::getsockname(s.fd.get(), addr.mut_ptr(), &mut addr.len)
        }
    };
    if r < 0 {
        return Err(last_error(vm));
    }
    if addr.len == 0 && s.family.get() == libc::AF_UNIX {
        return Ok(vm.new_str(""));
    }
    Ok(sockaddr_value(vm, &addr))
}

fn socket_getsockname(vm: &Vm, args: Args) -> PyResult<Value> {
    sock_name(vm, &args, false)
}

fn socket_getpeername(vm: &Vm, args: Args) -> PyResult<Value> {
    sock_name(vm, &args, true)
}

fn socket_getsockopt(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let a = pos_only(vm, "getsockopt", &rest(&args), 2, 3)?;
    let level = c_int(vm, vm.to_index(&a[0])?)?;
    let opt = c_int(vm, vm.to_index(&a[1])?)?;
    let buflen = match a.get(2) {
        Some(v) => vm.to_index(v)?,
        None => 0,
    };
    if buflen == 0 {
        let mut v: libc::c_int = 0;
        let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
        // SAFETY: `v` and `len` are valid.
        let r = unsafe {
            libc::getsockopt(
                s.fd.get(),
                level,
                opt,
                &mut v as *mut libc::c_int as *mut libc::c_void,
                &mut len,
            )
        };
        if r < 0 {
            return Err(last_error(vm));
        }
        return Ok(Value::Int(i64::from(v)));
    }
    if !(1..=1024).contains(&buflen) {
        return Err(vm.new_exception_msg(&vm.exc.os_error, "getsockopt buflen out of range"));
    }
    let mut buf = vec![0u8; buflen as usize];
    let mut len = buflen as libc::socklen_t;
    // SAFETY: `buf` holds `len` bytes.
    let r = unsafe {
        libc::getsockopt(
            s.fd.get(),
            level,
            opt,
            buf.as_mut_ptr() as *mut libc::c_void,
            &mut len,
        )
    };
    if r < 0 {
        return Err(last_error(vm));
    }
    buf.truncate(len as usize);
    Ok(vm.new_bytes(buf))
}

fn socket_setsockopt(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let a = pos_only(vm, "setsockopt", &rest(&args), 3, 4)?;
    let level = c_int(vm, vm.to_index(&a[0])?)?;
    let opt = c_int(vm, vm.to_index(&a[1])?)?;
    let r = if a.len() == 4 {
        if !a[2].is_none() {
            return Err(vm.type_error("setsockopt() argument 3 must be NoneType"));
        }
        let optlen = vm.to_index(&a[3])?;
        let optlen = u32::try_from(optlen)
            .map_err(|_| vm.overflow_error("Python int too large to convert to C unsigned int"))?;
        // SAFETY: a NULL option value with a length, as setsockopt(2) allows.
        unsafe { libc::setsockopt(s.fd.get(), level, opt, std::ptr::null(), optlen) }
    } else if pyrs_vm::objects::int::is_int(&a[2]) || matches!(a[2], Value::Bool(_)) {
        let v = c_int(vm, vm.to_index(&a[2])?)?;
        // SAFETY: `v` is a valid c_int.
        unsafe {
            libc::setsockopt(
                s.fd.get(),
                level,
                opt,
                &v as *const libc::c_int as *const libc::c_void,
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        }
    } else {
        let b = bytes_like(&a[2]).ok_or_else(|| {
            vm.type_error(format!(
                "a bytes-like object is required, not '{}'",
                vm.type_name(&a[2])
            ))
        })?;
        // SAFETY: `b` holds its length in bytes.
        unsafe {
            libc::setsockopt(
                s.fd.get(),
                level,
                opt,
                b.as_ptr() as *const libc::c_void,
                b.len() as libc::socklen_t,
            )
        }
    };
    if r < 0 {
        return Err(last_error(vm));
    }
    Ok(Value::None)
}

fn bufsize_arg(vm: &Vm, v: &Value, what: &str) -> PyResult<usize> {
    let n = vm.to_index(v)?;
    if n < 0 {
        return Err(vm.value_error(format!("negative buffersize in {what}")));
    }
    Ok(n as usize)
}

fn flags_arg(vm: &Vm, v: Option<&Value>) -> PyResult<i32> {
    match v {
        Some(v) => c_int(vm, vm.to_index(v)?),
        None => Ok(0),
    }
}

fn do_recv(vm: &Vm, s: &Sock, n: usize, flags: i32) -> PyResult<Vec<u8>> {
    let mut buf = vec![0u8; n];
    let got = sock_call(vm, s, false, |fd| {
        // SAFETY: `buf` holds `n` bytes.
        unsafe { libc::recv(fd, buf.as_mut_ptr() as *mut libc::c_void, n, flags) as isize }
    })?;
    buf.truncate(got as usize);
    Ok(buf)
}

fn do_recvfrom(vm: &Vm, s: &Sock, n: usize, flags: i32) -> PyResult<(Vec<u8>, Value)> {
    let mut buf = vec![0u8; n];
    let mut addr = SockAddr::empty();
    let got = sock_call(vm, s, false, |fd| {
        addr.len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        // SAFETY: `buf` holds `n` bytes; a valid address buffer and length.
        unsafe {
            libc::recvfrom(
                fd,
                buf.as_mut_ptr() as *mut libc::c_void,
                n,
                flags,
                addr.mut_ptr(),
                &mut addr.len,
            ) as isize
        }
    })?;
    buf.truncate(got as usize);
    Ok((buf, sockaddr_value(vm, &addr)))
}

fn socket_recv(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let a = pos_only(vm, "recv", &rest(&args), 1, 2)?;
    let n = bufsize_arg(vm, &a[0], "recv")?;
    let flags = flags_arg(vm, a.get(1))?;
    Ok(vm.new_bytes(do_recv(vm, s, n, flags)?))
}

fn socket_recvfrom(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let a = pos_only(vm, "recvfrom", &rest(&args), 1, 2)?;
    let n = bufsize_arg(vm, &a[0], "recvfrom")?;
    let flags = flags_arg(vm, a.get(1))?;
    let (data, addr) = do_recvfrom(vm, s, n, flags)?;
    Ok(vm.new_tuple(vec![vm.new_bytes(data), addr]))
}

/// A writable buffer argument as a byte-format memoryview (or the bytearray itself) and
/// its length in bytes.
fn writable_buffer(vm: &Vm, buf: &Value, fname: &str) -> PyResult<(Value, usize)> {
    if let Value::Obj(o) = buf {
        if let Payload::ByteArray(b) = &o.payload {
            return Ok((buf.clone(), b.borrow().len()));
        }
    }
    let bad = || {
        vm.type_error(format!(
            "{fname}() argument 'buffer' must be read-write bytes-like object, not {}",
            vm.type_name(buf)
        ))
    };
    if bytes_like(buf).is_none() {
        return Err(bad());
    }
    let mv = vm.call(
        &Value::Obj(vm.types.memoryview.clone()),
        Args::new(std::slice::from_ref(buf)),
    )?;
    if vm.is_true(&vm.get_attr_str(&mv, "readonly")?)? {
        return Err(bad());
    }
    let mv = vm.call_method(&mv, "cast", &[vm.new_str("B")])?;
    let n = vm.len(&mv)?;
    Ok((mv, n))
}

fn fill(vm: &Vm, target: &Value, data: &[u8]) -> PyResult<()> {
    if let Value::Obj(o) = target {
        if let Payload::ByteArray(b) = &o.payload {
            let mut b = b.borrow_mut();
            let n = data.len().min(b.len());
            b[..n].copy_from_slice(&data[..n]);
            return Ok(());
        }
    }
    let sl = pyrs_vm::objects::seq::new_slice(
        vm,
        Value::Int(0),
        Value::Int(data.len() as i64),
        Value::None,
    );
    vm.setitem(target, &sl, vm.new_bytes(data.to_vec()))
}

fn into_args(vm: &Vm, args: &Args, fname: &str) -> PyResult<(Value, usize, i32)> {
    let a = bind(vm, fname, &rest(args), &["buffer", "nbytes", "flags"], 1)?;
    let buf = a[0].clone().unwrap_or(Value::None);
    let (target, len) = writable_buffer(vm, &buf, fname)?;
    let mut n = match &a[1] {
        Some(v) => {
            let n = vm.to_index(v)?;
            if n < 0 {
                return Err(vm.value_error(format!("negative buffersize in {fname}")));
            }
            n as usize
        }
        None => 0,
    };
    if n == 0 {
        n = len;
    } else if n > len {
        return Err(vm.value_error("buffer too small for requested bytes"));
    }
    let flags = flags_arg(vm, a[2].as_ref())?;
    Ok((target, n, flags))
}

fn socket_recv_into(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let (target, n, flags) = into_args(vm, &args, "recv_into")?;
    let data = do_recv(vm, s, n, flags)?;
    fill(vm, &target, &data)?;
    Ok(Value::Int(data.len() as i64))
}

fn socket_recvfrom_into(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let (target, n, flags) = into_args(vm, &args, "recvfrom_into")?;
    let (data, addr) = do_recvfrom(vm, s, n, flags)?;
    fill(vm, &target, &data)?;
    Ok(vm.new_tuple(vec![Value::Int(data.len() as i64), addr]))
}

fn data_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    bytes_like(v).ok_or_else(|| {
        vm.type_error(format!(
            "a bytes-like object is required, not '{}'",
            vm.type_name(v)
        ))
    })
}

fn do_send(vm: &Vm, s: &Sock, data: &[u8], flags: i32) -> PyResult<usize> {
    let n = sock_call(vm, s, true, |fd| {
        // SAFETY: `data` holds its length in bytes.
        unsafe {
            libc::send(
                fd,
                data.as_ptr() as *const libc::c_void,
                data.len(),
                flags | libc::MSG_NOSIGNAL,
            ) as isize
        }
    })?;
    Ok(n as usize)
}

fn socket_send(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let a = pos_only(vm, "send", &rest(&args), 1, 2)?;
    let data = data_arg(vm, &a[0])?;
    let flags = flags_arg(vm, a.get(1))?;
    Ok(Value::Int(do_send(vm, s, &data, flags)? as i64))
}

fn socket_sendall(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let a = pos_only(vm, "sendall", &rest(&args), 1, 2)?;
    let data = data_arg(vm, &a[0])?;
    let flags = flags_arg(vm, a.get(1))?;
    // The timeout covers the whole call, not each send(2).
    let deadline = timeout_deadline(s);
    let mut off = 0;
    while off < data.len() {
        let rest = &data[off..];
        let r = sock_call_until(vm, s, true, deadline, |fd| {
            // SAFETY: `rest` holds its length in bytes.
            unsafe {
                libc::send(
                    fd,
                    rest.as_ptr() as *const libc::c_void,
                    rest.len(),
                    flags | libc::MSG_NOSIGNAL,
                ) as isize
            }
        })?;
        match r {
            Ok(n) => off += n as usize,
            Err(None) => return Err(timeout_error(vm)),
            Err(Some(e)) => return Err(os_error(vm, e, None, None)),
        }
        pyrs_vm::signals::check(vm)?;
    }
    Ok(Value::None)
}

fn socket_sendto(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let r = rest(&args);
    crate::util::no_kwargs(vm, "sendto", &r)?;
    let p = r.pos();
    let (data, flags, addr) = match p.len() {
        2 => (&p[0], None, &p[1]),
        3 => (&p[0], Some(&p[1]), &p[2]),
        n => return Err(vm.type_error(format!("sendto() takes 2 or 3 arguments ({n} given)"))),
    };
    let data = data_arg(vm, data)?;
    let flags = flags_arg(vm, flags)?;
    let addr = sockaddr_arg(vm, s.family.get(), addr, "sendto")?;
    let n = sock_call(vm, s, true, |fd| {
        // SAFETY: `data` holds its length in bytes; a valid address of its length.
        unsafe {
            libc::sendto(
                fd,
                data.as_ptr() as *const libc::c_void,
                data.len(),
                flags | libc::MSG_NOSIGNAL,
                addr.ptr(),
                addr.len,
            ) as isize
        }
    })?;
    Ok(Value::Int(n as i64))
}

/// A control-message buffer: u64 words so that `cmsghdr`s inside are aligned.
fn control_buffer(bytes: usize) -> Vec<u64> {
    vec![0u64; bytes.div_ceil(8)]
}

fn socket_sendmsg(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let a = pos_only(vm, "sendmsg", &rest(&args), 1, 4)?;
    let mut bufs = Vec::new();
    for b in vm.collect(&a[0])? {
        bufs.push(data_arg(vm, &b)?);
    }
    let mut anc: Vec<(i32, i32, Vec<u8>)> = Vec::new();
    if let Some(v) = a.get(1) {
        for item in vm.collect(v)? {
            let t = match tuple_items(&item) {
                Some(t) if t.len() == 3 => t,
                _ => {
                    return Err(vm.type_error(format!(
                        "[sendmsg() ancillary data items]() argument must be sequence of length 3, not {}",
                        vm.type_name(&item)
                    )))
                }
            };
            anc.push((
                c_int(vm, vm.to_index(&t[0])?)?,
                c_int(vm, vm.to_index(&t[1])?)?,
                data_arg(vm, &t[2])?,
            ));
        }
    }
    let flags = flags_arg(vm, a.get(2))?;
    let addr = match a.get(3) {
        Some(v) if !v.is_none() => Some(sockaddr_arg(vm, s.family.get(), v, "sendmsg")?),
        _ => None,
    };
    let mut space = 0usize;
    for (_, _, d) in &anc {
        let len = u32::try_from(d.len())
            .map_err(|_| vm.new_exception_msg(&vm.exc.os_error, "ancillary data item too large"))?;
        // SAFETY: CMSG_SPACE is arithmetic.
        space += unsafe { libc::CMSG_SPACE(len) } as usize;
    }
    let mut control = control_buffer(space);
    let mut iov: Vec<libc::iovec> = bufs
        .iter()
        .map(|b| libc::iovec {
            iov_base: b.as_ptr() as *mut libc::c_void,
            iov_len: b.len(),
        })
        .collect();
    // SAFETY: msghdr is plain data; zero is an empty message.
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_iov = iov.as_mut_ptr();
    msg.msg_iovlen = iov.len() as _;
    if let Some(ad) = &addr {
        msg.msg_name = ad.ptr() as *mut libc::c_void;
        msg.msg_namelen = ad.len;
    }
    if space > 0 {
        msg.msg_control = control.as_mut_ptr() as *mut libc::c_void;
        msg.msg_controllen = space as _;
        // SAFETY: the control buffer holds CMSG_SPACE of every item, so each header
        // and its data fit; CMSG_NXTHDR walks within msg_controllen.
        unsafe {
            let mut c = libc::CMSG_FIRSTHDR(&msg);
            for (level, kind, d) in &anc {
                if c.is_null() {
                    break;
                }
                (*c).cmsg_level = *level;
                (*c).cmsg_type = *kind;
                (*c).cmsg_len = libc::CMSG_LEN(d.len() as u32) as _;
                std::ptr::copy_nonoverlapping(d.as_ptr(), libc::CMSG_DATA(c), d.len());
                c = libc::CMSG_NXTHDR(&msg, c);
            }
        }
    }
    let n = sock_call(vm, s, true, |fd| {
        // SAFETY: `msg` points at live buffers for the duration of the call.
        unsafe { libc::sendmsg(fd, &msg, flags | libc::MSG_NOSIGNAL) as isize }
    })?;
    Ok(Value::Int(n as i64))
}

/// recvmsg(2) into one buffer of `n` bytes: data, ancillary items, flags, address.
fn do_recvmsg(
    vm: &Vm,
    s: &Sock,
    n: usize,
    ancbufsize: usize,
    flags: i32,
) -> PyResult<(Vec<u8>, Value, i32, Value)> {
    let mut buf = vec![0u8; n];
    let mut control = control_buffer(ancbufsize);
    let mut addr = SockAddr::empty();
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr() as *mut libc::c_void,
        iov_len: n,
    };
    // SAFETY: msghdr is plain data; zero is an empty message.
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    let got = sock_call(vm, s, false, |fd| {
        msg.msg_name = addr.mut_ptr() as *mut libc::c_void;
        msg.msg_namelen = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        msg.msg_iov = &mut iov;
        msg.msg_iovlen = 1;
        msg.msg_control = if ancbufsize > 0 {
            control.as_mut_ptr() as *mut libc::c_void
        } else {
            std::ptr::null_mut()
        };
        msg.msg_controllen = ancbufsize as _;
        msg.msg_flags = 0;
        // SAFETY: `msg` points at live buffers of the sizes it gives.
        unsafe { libc::recvmsg(fd, &mut msg, flags) as isize }
    })?;
    buf.truncate(got as usize);
    addr.len = msg.msg_namelen;
    let mut items = Vec::new();
    if ancbufsize > 0 && msg.msg_controllen > 0 {
        let base = control.as_ptr() as usize;
        let end = base + (msg.msg_controllen as usize).min(ancbufsize);
        // SAFETY: the kernel filled `msg_controllen` bytes of the control buffer with
        // cmsghdrs; every read below is bounded by `end`.
        unsafe {
            let mut c = libc::CMSG_FIRSTHDR(&msg);
            while !c.is_null() && (c as usize) + std::mem::size_of::<libc::cmsghdr>() <= end {
                let data = libc::CMSG_DATA(c);
                let len = ((*c).cmsg_len as usize)
                    .saturating_sub(libc::CMSG_LEN(0) as usize)
                    .min(end.saturating_sub(data as usize));
                let bytes = std::slice::from_raw_parts(data, len).to_vec();
                items.push(vm.new_tuple(vec![
                    Value::Int(i64::from((*c).cmsg_level)),
                    Value::Int(i64::from((*c).cmsg_type)),
                    vm.new_bytes(bytes),
                ]));
                c = libc::CMSG_NXTHDR(&msg, c);
            }
        }
    }
    let address = sockaddr_value(vm, &addr);
    Ok((buf, vm.new_list(items), msg.msg_flags, address))
}

fn recvmsg_sizes(vm: &Vm, a: &[Value], fname: &str) -> PyResult<(usize, i32)> {
    let anc = match a.get(1) {
        Some(v) => {
            let n = vm.to_index(v)?;
            if n < 0 {
                return Err(vm.value_error(format!("negative buffer size in {fname}()")));
            }
            n as usize
        }
        None => 0,
    };
    Ok((anc, flags_arg(vm, a.get(2))?))
}

fn socket_recvmsg(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let a = pos_only(vm, "recvmsg", &rest(&args), 1, 3)?;
    let n = vm.to_index(&a[0])?;
    if n < 0 {
        return Err(vm.value_error("negative buffer size in recvmsg()"));
    }
    let (anc, flags) = recvmsg_sizes(vm, a, "recvmsg")?;
    let (data, items, mflags, addr) = do_recvmsg(vm, s, n as usize, anc, flags)?;
    Ok(vm.new_tuple(vec![
        vm.new_bytes(data),
        items,
        Value::Int(i64::from(mflags)),
        addr,
    ]))
}

fn socket_recvmsg_into(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let a = pos_only(vm, "recvmsg_into", &rest(&args), 1, 3)?;
    let mut targets = Vec::new();
    let mut total = 0usize;
    for b in vm.collect(&a[0])? {
        let (t, n) = writable_buffer(vm, &b, "recvmsg_into")?;
        total += n;
        targets.push((t, n));
    }
    let (anc, flags) = recvmsg_sizes(vm, a, "recvmsg_into")?;
    let (data, items, mflags, addr) = do_recvmsg(vm, s, total, anc, flags)?;
    let mut off = 0;
    for (t, n) in &targets {
        if off >= data.len() {
            break;
        }
        let take = (*n).min(data.len() - off);
        fill(vm, t, &data[off..off + take])?;
        off += take;
    }
    Ok(vm.new_tuple(vec![
        Value::Int(data.len() as i64),
        items,
        Value::Int(i64::from(mflags)),
        addr,
    ]))
}

fn socket_shutdown(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let a = one_arg(vm, "shutdown", &rest(&args))?;
    let how = c_int(vm, vm.to_index(a)?)?;
    // SAFETY: plain system call.
    if unsafe { libc::shutdown(s.fd.get(), how) } < 0 {
        return Err(last_error(vm));
    }
    Ok(Value::None)
}

/// A timeout argument in seconds: None is -1.0 (blocking).
fn timeout_arg(vm: &Vm, v: &Value) -> PyResult<f64> {
    if v.is_none() {
        return Ok(-1.0);
    }
    let t = match v {
        Value::Float(f) => *f,
        _ if vm.isinstance(v, &vm.types.float) => crate::util::to_f64(vm, v)?,
        _ => vm.to_index(v)? as f64,
    };
    if t.is_nan() {
        return Err(vm.value_error("Invalid value NaN (not a number)"));
    }
    if t < 0.0 {
        return Err(vm.value_error("Timeout value out of range"));
    }
    Ok(t)
}

fn timeout_value(t: f64) -> Value {
    if t < 0.0 {
        Value::None
    } else {
        Value::Float(t)
    }
}

fn socket_settimeout(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let a = one_arg(vm, "settimeout", &rest(&args))?;
    let t = timeout_arg(vm, a)?;
    s.timeout.set(t);
    if s.fd.get() >= 0 {
        set_nonblocking(vm, s.fd.get(), t >= 0.0)?;
    }
    Ok(Value::None)
}

fn socket_gettimeout(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    Ok(timeout_value(s.timeout.get()))
}

fn socket_setblocking(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    let a = one_arg(vm, "setblocking", &rest(&args))?;
    let block = vm.is_true(a)?;
    s.timeout.set(if block { -1.0 } else { 0.0 });
    if s.fd.get() >= 0 {
        set_nonblocking(vm, s.fd.get(), !block)?;
    }
    Ok(Value::None)
}

fn socket_getblocking(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    Ok(Value::Bool(s.timeout.get() != 0.0))
}

fn socket_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let s = sock(vm, &args)?;
    Ok(vm.new_str(format!(
        "<socket object, fd={}, family={}, type={}, proto={}>",
        s.fd.get(),
        s.family.get(),
        s.kind.get(),
        s.proto.get()
    )))
}

fn get_family(vm: &Vm, v: &Value) -> PyResult<Value> {
    let s = native_of::<Sock>(v).ok_or_else(|| vm.type_error("expected a socket"))?;
    Ok(Value::Int(i64::from(s.family.get())))
}

fn get_type(vm: &Vm, v: &Value) -> PyResult<Value> {
    let s = native_of::<Sock>(v).ok_or_else(|| vm.type_error("expected a socket"))?;
    Ok(Value::Int(i64::from(s.kind.get())))
}

fn get_proto(vm: &Vm, v: &Value) -> PyResult<Value> {
    let s = native_of::<Sock>(v).ok_or_else(|| vm.type_error("expected a socket"))?;
    Ok(Value::Int(i64::from(s.proto.get())))
}

fn get_timeout(vm: &Vm, v: &Value) -> PyResult<Value> {
    let s = native_of::<Sock>(v).ok_or_else(|| vm.type_error("expected a socket"))?;
    Ok(timeout_value(s.timeout.get()))
}

// ----- module functions ----------------------------------------------------------------------

fn m_getdefaulttimeout(vm: &Vm, args: Args) -> PyResult<Value> {
    pos_only(vm, "getdefaulttimeout", &args, 0, 0)?;
    Ok(timeout_value(DEFAULT_TIMEOUT.with(Cell::get)))
}

fn m_setdefaulttimeout(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "setdefaulttimeout", &args)?;
    let t = timeout_arg(vm, a)?;
    DEFAULT_TIMEOUT.with(|d| d.set(t));
    Ok(Value::None)
}

fn m_socketpair(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "socketpair", &args, 0, 3)?;
    let family = match a.first() {
        Some(v) if !v.is_none() => c_int(vm, vm.to_index(v)?)?,
        _ => libc::AF_UNIX,
    };
    let kind = match a.get(1) {
        Some(v) => c_int(vm, vm.to_index(v)?)?,
        None => libc::SOCK_STREAM,
    };
    let proto = match a.get(2) {
        Some(v) => c_int(vm, vm.to_index(v)?)?,
        None => 0,
    };
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: `fds` holds two ints.
    if unsafe { libc::socketpair(family, kind | libc::SOCK_CLOEXEC, proto, fds.as_mut_ptr()) } < 0 {
        return Err(last_error(vm));
    }
    let s0 = new_socket_obj(vm, fds[0], family, kind, proto);
    let s1 = new_socket_obj(vm, fds[1], family, kind, proto);
    Ok(vm.new_tuple(vec![s0?, s1?]))
}

fn fd_arg(vm: &Vm, v: &Value) -> PyResult<i32> {
    if let Value::Float(_) = v {
        return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
    }
    c_int(vm, vm.to_index(v)?)
}

fn m_dup(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "dup", &args)?;
    let fd = fd_arg(vm, a)?;
    // SAFETY: plain system call.
    let n = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if n < 0 {
        return Err(last_error(vm));
    }
    Ok(Value::Int(i64::from(n)))
}

fn m_close(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "close", &args)?;
    let fd = fd_arg(vm, a)?;
    // SAFETY: plain system call; the caller owns `fd`.
    if unsafe { libc::close(fd) } < 0 {
        let e = errno();
        if e != libc::ECONNRESET {
            return Err(os_error(vm, e, None, None));
        }
    }
    Ok(Value::None)
}

fn m_gethostname(vm: &Vm, args: Args) -> PyResult<Value> {
    pos_only(vm, "gethostname", &args, 0, 0)?;
    let mut buf = vec![0u8; 1024];
    // SAFETY: `buf` holds its length.
    if unsafe { libc::gethostname(buf.as_mut_ptr() as *mut libc::c_char, buf.len() - 1) } < 0 {
        return Err(last_error(vm));
    }
    let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
    Ok(crate::posix::fs_decode(vm, &buf[..end]))
}

fn m_gethostbyname(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "gethostbyname", &args)?;
    let host = host_bytes(vm, a)?;
    let addr = setipaddr(vm, &host, libc::AF_INET)?;
    Ok(sockaddr_ip(vm, &addr))
}

/// The IP address of a C address as a string.
fn sockaddr_ip(vm: &Vm, addr: &SockAddr) -> Value {
    match sockaddr_value(vm, addr) {
        Value::Obj(o) => match &o.payload {
            Payload::Tuple(t) if !t.is_empty() => t[0].clone(),
            _ => Value::Obj(o),
        },
        v => v,
    }
}

fn m_gethostbyname_ex(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "gethostbyname_ex", &args)?;
    let host = host_bytes(vm, a)?;
    let c = cstring(vm, host.clone())?;
    let mut hints = zeroed_hints();
    hints.ai_family = libc::AF_INET;
    hints.ai_socktype = libc::SOCK_STREAM;
    hints.ai_flags = libc::AI_CANONNAME;
    let mut name = String::from_utf8_lossy(&host).into_owned();
    let mut addrs: Vec<String> = Vec::new();
    with_addrinfo(vm, Some(&c), None, &hints, |ai| {
        if !ai.ai_canonname.is_null() {
            // SAFETY: a NUL-terminated name from getaddrinfo.
            name = unsafe { CStr::from_ptr(ai.ai_canonname) }
                .to_string_lossy()
                .into_owned();
        }
        if ai.ai_family == libc::AF_INET {
            // SAFETY: an AF_INET result holds a sockaddr_in.
            let sin = unsafe { &*(ai.ai_addr as *const libc::sockaddr_in) };
            let ip = ipv4_string(&sin.sin_addr);
            if !addrs.contains(&ip) {
                addrs.push(ip);
            }
        }
        Ok(())
    })?;
    let addrs = addrs.into_iter().map(|s| vm.new_str(s)).collect();
    Ok(vm.new_tuple(vec![
        vm.new_str(name),
        vm.new_list(Vec::new()),
        vm.new_list(addrs),
    ]))
}

fn nameinfo(vm: &Vm, addr: &SockAddr, flags: i32) -> Result<(String, String), i32> {
    let mut host = [0 as libc::c_char; 1025];
    let mut serv = [0 as libc::c_char; 32];
    // SAFETY: valid buffers of the given sizes and a valid address.
    let r = unsafe {
        libc::getnameinfo(
            addr.ptr(),
            addr.len,
            host.as_mut_ptr(),
            host.len() as libc::socklen_t,
            serv.as_mut_ptr(),
            serv.len() as libc::socklen_t,
            flags,
        )
    };
    let _ = vm;
    if r != 0 {
        return Err(r);
    }
    // SAFETY: getnameinfo wrote NUL-terminated strings.
    let h = unsafe { CStr::from_ptr(host.as_ptr()) }
        .to_string_lossy()
        .into_owned();
    // SAFETY: as above.
    let s = unsafe { CStr::from_ptr(serv.as_ptr()) }
        .to_string_lossy()
        .into_owned();
    Ok((h, s))
}

fn m_gethostbyaddr(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "gethostbyaddr", &args)?;
    let host = host_bytes(vm, a)?;
    let addr = setipaddr(vm, &host, libc::AF_UNSPEC)?;
    let ip = sockaddr_ip(vm, &addr);
    match nameinfo(vm, &addr, libc::NI_NAMEREQD) {
        Ok((name, _)) => Ok(vm.new_tuple(vec![
            vm.new_str(name),
            vm.new_list(Vec::new()),
            vm.new_list(vec![ip]),
        ])),
        Err(_) => {
            let t = types(vm)?;
            Err(new_oserror_sub(vm, &t.herror, 1, "Unknown host".into())?)
        }
    }
}

fn m_getnameinfo(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "getnameinfo", &args, 2, 2)?;
    let flags = c_int(vm, vm.to_index(&a[1])?)?;
    let items = tuple_items(&a[0])
        .ok_or_else(|| vm.type_error("getnameinfo() argument 1 must be a tuple"))?;
    if !(2..=4).contains(&items.len()) {
        return Err(vm.type_error("getnameinfo(): illegal sockaddr argument"));
    }
    let host = host_bytes(vm, &items[0])?;
    let port = port_arg(vm, &items[1], "getnameinfo")?;
    let c = cstring(vm, host)?;
    let mut hints = zeroed_hints();
    hints.ai_family = libc::AF_UNSPEC;
    hints.ai_socktype = libc::SOCK_DGRAM;
    hints.ai_flags = libc::AI_NUMERICHOST;
    let pstr = CString::new(port.to_string()).expect("digits");
    let mut addr = SockAddr::empty();
    let mut count = 0;
    with_addrinfo(vm, Some(&c), Some(&pstr), &hints, |ai| {
        if count == 0 {
            copy_ai(&mut addr, ai);
        }
        count += 1;
        Ok(())
    })?;
    if count > 1 {
        return Err(
            vm.new_exception_msg(&vm.exc.os_error, "sockaddr resolved to multiple addresses")
        );
    }
    if i32::from(addr.storage.ss_family) == libc::AF_INET6 {
        // SAFETY: an AF_INET6 result holds a sockaddr_in6.
        let sin6 = unsafe { &mut *(addr.mut_ptr() as *mut libc::sockaddr_in6) };
        if let Some(f) = items.get(2) {
            let f = vm.to_index(f)?;
            if !(0..=0xfffff).contains(&f) {
                return Err(vm.overflow_error("getnameinfo(): flowinfo must be 0-1048575."));
            }
            sin6.sin6_flowinfo = (f as u32).to_be();
        }
        if let Some(sc) = items.get(3) {
            sin6.sin6_scope_id = vm.to_index(sc)? as u32;
        }
    } else if items.len() != 2 {
        return Err(vm.new_exception_msg(&vm.exc.os_error, "IPv4 sockaddr must be 2 tuple"));
    }
    match nameinfo(vm, &addr, flags) {
        Ok((h, s)) => Ok(vm.new_tuple(vec![vm.new_str(h), vm.new_str(s)])),
        Err(code) => Err(gai_error(vm, code)?),
    }
}

fn m_getaddrinfo(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind(
        vm,
        "getaddrinfo",
        &args,
        &["host", "port", "family", "type", "proto", "flags"],
        2,
    )?;
    let host = match a[0].as_ref() {
        Some(v) if !v.is_none() => Some(cstring(vm, host_bytes(vm, v)?)?),
        _ => None,
    };
    let port = match a[1].as_ref() {
        Some(v) if !v.is_none() => {
            let text = if pyrs_vm::objects::int::is_int(v) {
                vm.to_index(v)?.to_string().into_bytes()
            } else if vm.isinstance(v, &vm.types.str_) {
                let e = vm.call_method(v, "encode", &[vm.new_str("utf-8")])?;
                bytes_like(&e).unwrap_or_default()
            } else if let Some(Payload::Bytes(b)) = v.as_obj().map(|o| &o.payload) {
                b.to_vec()
            } else {
                return Err(vm.new_exception_msg(&vm.exc.os_error, "Int or String expected"));
            };
            Some(cstring(vm, text)?)
        }
        _ => None,
    };
    let mut hints = zeroed_hints();
    hints.ai_family = c_int(vm, int_arg(vm, &a[2], 0)?)?;
    hints.ai_socktype = c_int(vm, int_arg(vm, &a[3], 0)?)?;
    hints.ai_protocol = c_int(vm, int_arg(vm, &a[4], 0)?)?;
    hints.ai_flags = c_int(vm, int_arg(vm, &a[5], 0)?)?;
    let mut out = Vec::new();
    with_addrinfo(vm, host.as_deref(), port.as_deref(), &hints, |ai| {
        let mut addr = SockAddr::empty();
        copy_ai(&mut addr, ai);
        let canon = if ai.ai_canonname.is_null() {
            String::new()
        } else {
            // SAFETY: a NUL-terminated name from getaddrinfo.
            unsafe { CStr::from_ptr(ai.ai_canonname) }
                .to_string_lossy()
                .into_owned()
        };
        out.push(vm.new_tuple(vec![
            Value::Int(i64::from(ai.ai_family)),
            Value::Int(i64::from(ai.ai_socktype)),
            Value::Int(i64::from(ai.ai_protocol)),
            vm.new_str(canon),
            sockaddr_value(vm, &addr),
        ]));
        Ok(())
    })?;
    Ok(vm.new_list(out))
}

fn str_arg(vm: &Vm, v: &Value, fname: &str, argn: usize) -> PyResult<CString> {
    if !vm.isinstance(v, &vm.types.str_) {
        return Err(vm.type_error(format!(
            "{fname}() argument {argn} must be str, not {}",
            vm.type_name(v)
        )));
    }
    cstring(
        vm,
        pystr::as_rust_str(v.as_obj().expect("a str")).into_bytes(),
    )
}

fn proto_arg(vm: &Vm, v: Option<&Value>, fname: &str) -> PyResult<Option<CString>> {
    match v {
        Some(v) if !v.is_none() => Ok(Some(str_arg(vm, v, fname, 2)?)),
        _ => Ok(None),
    }
}

fn m_getservbyname(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "getservbyname", &args, 1, 2)?;
    let name = str_arg(vm, &a[0], "getservbyname", 1)?;
    let proto = proto_arg(vm, a.get(1), "getservbyname")?;
    // SAFETY: valid C strings or null; the result is read before any other call.
    let sp = unsafe {
        libc::getservbyname(
            name.as_ptr(),
            proto.as_deref().map_or(std::ptr::null(), CStr::as_ptr),
        )
    };
    if sp.is_null() {
        return Err(vm.new_exception_msg(&vm.exc.os_error, "service/proto not found"));
    }
    // SAFETY: a non-null servent.
    let port = unsafe { (*sp).s_port };
    Ok(Value::Int(i64::from(u16::from_be(port as u16))))
}

fn m_getservbyport(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "getservbyport", &args, 1, 2)?;
    let port = vm.to_index(&a[0])?;
    if !(0..=0xffff).contains(&port) {
        return Err(vm.overflow_error("getservbyport: port must be 0-65535."));
    }
    let proto = proto_arg(vm, a.get(1), "getservbyport")?;
    // SAFETY: a valid C string or null; the result is read before any other call.
    let sp = unsafe {
        libc::getservbyport(
            i32::from((port as u16).to_be()),
            proto.as_deref().map_or(std::ptr::null(), CStr::as_ptr),
        )
    };
    if sp.is_null() {
        return Err(vm.new_exception_msg(&vm.exc.os_error, "port/proto not found"));
    }
    // SAFETY: a non-null servent with a NUL-terminated name.
    let name = unsafe { CStr::from_ptr((*sp).s_name) }
        .to_string_lossy()
        .into_owned();
    Ok(vm.new_str(name))
}

fn m_getprotobyname(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "getprotobyname", &args)?;
    let name = str_arg(vm, a, "getprotobyname", 1)?;
    // SAFETY: a valid C string; the result is read before any other call.
    let pp = unsafe { libc::getprotobyname(name.as_ptr()) };
    if pp.is_null() {
        return Err(vm.new_exception_msg(&vm.exc.os_error, "protocol not found"));
    }
    // SAFETY: a non-null protoent.
    Ok(Value::Int(i64::from(unsafe { (*pp).p_proto })))
}

/// `inet_aton`'s grammar: one to four parts (decimal, 0octal or 0xhex), the last one
/// filling the remaining bytes.
fn parse_inet_aton(s: &str) -> Option<u32> {
    let s = s.split(|c: char| c.is_ascii_whitespace()).next()?;
    let parts: Vec<&str> = s.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut vals = Vec::with_capacity(4);
    for p in &parts {
        let v = if let Some(h) = p.strip_prefix("0x").or_else(|| p.strip_prefix("0X")) {
            if h.is_empty() {
                0
            } else {
                u64::from_str_radix(h, 16).ok()?
            }
        } else if p.len() > 1 && p.starts_with('0') {
            u64::from_str_radix(&p[1..], 8).ok()?
        } else {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            p.parse::<u64>().ok()?
        };
        vals.push(v);
    }
    let (last, head) = vals.split_last()?;
    let mut addr: u64 = 0;
    for (i, v) in head.iter().enumerate() {
        if *v > 0xff {
            return None;
        }
        addr |= v << (24 - 8 * i);
    }
    let room = 32 - 8 * head.len();
    if room < 64 && *last >= (1u64 << room) {
        return None;
    }
    Some((addr | last) as u32)
}

fn m_inet_aton(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "inet_aton", &args)?;
    if !vm.isinstance(a, &vm.types.str_) {
        return Err(vm.type_error(format!(
            "inet_aton() argument 1 must be str, not {}",
            vm.type_name(a)
        )));
    }
    let s = pystr::as_rust_str(a.as_obj().expect("a str"));
    match parse_inet_aton(&s) {
        Some(v) => Ok(vm.new_bytes(v.to_be_bytes().to_vec())),
        None => Err(vm.new_exception_msg(
            &vm.exc.os_error,
            "illegal IP address string passed to inet_aton",
        )),
    }
}

fn m_inet_ntoa(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "inet_ntoa", &args)?;
    let b = data_arg(vm, a)?;
    if b.len() != 4 {
        return Err(vm.new_exception_msg(&vm.exc.os_error, "packed IP wrong length for inet_ntoa"));
    }
    Ok(vm.new_str(std::net::Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string()))
}

fn m_inet_pton(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "inet_pton", &args, 2, 2)?;
    let af = c_int(vm, vm.to_index(&a[0])?)?;
    let s = str_arg(vm, &a[1], "inet_pton", 2)?;
    let text = s.to_string_lossy();
    let illegal = || {
        vm.new_exception_msg(
            &vm.exc.os_error,
            "illegal IP address string passed to inet_pton",
        )
    };
    match af {
        libc::AF_INET => {
            let ip: std::net::Ipv4Addr = text.parse().map_err(|_| illegal())?;
            Ok(vm.new_bytes(ip.octets().to_vec()))
        }
        libc::AF_INET6 => {
            let ip: std::net::Ipv6Addr = text.parse().map_err(|_| illegal())?;
            Ok(vm.new_bytes(ip.octets().to_vec()))
        }
        _ => Err(os_error(vm, libc::EAFNOSUPPORT, None, None)),
    }
}

fn m_inet_ntop(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "inet_ntop", &args, 2, 2)?;
    let af = c_int(vm, vm.to_index(&a[0])?)?;
    let b = data_arg(vm, &a[1])?;
    match af {
        libc::AF_INET => {
            if b.len() != 4 {
                return Err(vm.value_error("invalid length of packed IP address string"));
            }
            Ok(vm.new_str(std::net::Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string()))
        }
        libc::AF_INET6 => {
            let arr: [u8; 16] = b
                .as_slice()
                .try_into()
                .map_err(|_| vm.value_error("invalid length of packed IP address string"))?;
            Ok(vm.new_str(ipv6_text(arr)))
        }
        _ => Err(vm.value_error(format!("unknown address family {af}"))),
    }
}

fn m_htons(vm: &Vm, args: Args) -> PyResult<Value> {
    short_swap(vm, args, "htons")
}

fn m_ntohs(vm: &Vm, args: Args) -> PyResult<Value> {
    short_swap(vm, args, "ntohs")
}

fn short_swap(vm: &Vm, args: Args, name: &str) -> PyResult<Value> {
    let a = one_arg(vm, name, &args)?;
    let v = to_i64_opt(vm, a)?;
    let v = match v {
        Some(v) if v < 0 => {
            return Err(vm.overflow_error(format!(
                "{name}: can't convert negative Python int to C 16-bit unsigned integer"
            )))
        }
        Some(v) if v <= 0xffff => v as u16,
        Some(_) => {
            return Err(vm.overflow_error(format!(
                "{name}: Python int too large to convert to C 16-bit unsigned integer"
            )))
        }
        None => {
            let neg = crate::util::to_bigint(vm, a)? < num_bigint::BigInt::from(0);
            return Err(vm.overflow_error(if neg {
                format!("{name}: can't convert negative Python int to C 16-bit unsigned integer")
            } else {
                format!("{name}: Python int too large to convert to C 16-bit unsigned integer")
            }));
        }
    };
    Ok(Value::Int(i64::from(v.swap_bytes())))
}

fn m_htonl(vm: &Vm, args: Args) -> PyResult<Value> {
    long_swap(vm, args, "htonl")
}

fn m_ntohl(vm: &Vm, args: Args) -> PyResult<Value> {
    long_swap(vm, args, "ntohl")
}

fn long_swap(vm: &Vm, args: Args, name: &str) -> PyResult<Value> {
    let a = one_arg(vm, name, &args)?;
    if !pyrs_vm::objects::int::is_int(a) && !matches!(a, Value::Bool(_)) {
        return Err(vm.type_error(format!("expected int, {} found", vm.type_name(a))));
    }
    let v = match to_i64_opt(vm, a)? {
        Some(v) if v < 0 => {
            return Err(vm.overflow_error("can't convert negative value to unsigned int"))
        }
        Some(v) if v <= 0xffff_ffff => v as u32,
        Some(_) => return Err(vm.overflow_error("int larger than 32 bits")),
        None => {
            let neg = crate::util::to_bigint(vm, a)? < num_bigint::BigInt::from(0);
            return Err(vm.overflow_error(if neg {
                "can't convert negative value to unsigned int"
            } else {
                "int larger than 32 bits"
            }));
        }
    };
    Ok(Value::Int(i64::from(v.swap_bytes())))
}

/// The argument of CMSG_LEN/CMSG_SPACE: at most `max`, so that the result fits a
/// socklen_t (which sendmsg and recvmsg rely on).
fn cmsg_arg(vm: &Vm, args: &Args, name: &str, max: i64) -> PyResult<u32> {
    let a = one_arg(vm, name, args)?;
    let n = to_i64_opt(vm, a)?;
    match n {
        Some(n) if (0..=max).contains(&n) => Ok(n as u32),
        _ => Err(vm.overflow_error(format!("{name}() argument out of range"))),
    }
}

/// The largest value a socklen_t result may take.
const SOCKLEN_T_LIMIT: i64 = 0x7fff_ffff;

fn m_cmsg_len(vm: &Vm, args: Args) -> PyResult<Value> {
    // SAFETY: CMSG_LEN is arithmetic.
    let max = SOCKLEN_T_LIMIT - i64::from(unsafe { libc::CMSG_LEN(0) });
    let n = cmsg_arg(vm, &args, "CMSG_LEN", max)?;
    // SAFETY: CMSG_LEN is arithmetic.
    Ok(Value::Int(i64::from(unsafe { libc::CMSG_LEN(n) })))
}

fn m_cmsg_space(vm: &Vm, args: Args) -> PyResult<Value> {
    // SAFETY: CMSG_SPACE is arithmetic.
    let max = SOCKLEN_T_LIMIT - i64::from(unsafe { libc::CMSG_SPACE(1) });
    let n = cmsg_arg(vm, &args, "CMSG_SPACE", max)?;
    // SAFETY: CMSG_SPACE is arithmetic.
    Ok(Value::Int(i64::from(unsafe { libc::CMSG_SPACE(n) })))
}

fn m_if_nametoindex(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "if_nametoindex", &args)?;
    let name = if vm.isinstance(a, &vm.types.str_) {
        str_fs_encode(vm, a)?
    } else {
        data_arg(vm, a)?
    };
    let c = cstring(vm, name)?;
    // SAFETY: a valid C string.
    let i = unsafe { libc::if_nametoindex(c.as_ptr()) };
    if i == 0 {
        return Err(vm.new_exception_msg(&vm.exc.os_error, "no interface with this name"));
    }
    Ok(Value::Int(i64::from(i)))
}

fn m_if_indextoname(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "if_indextoname", &args)?;
    let i = vm.to_index(a)?;
    let i = u32::try_from(i).map_err(|_| vm.overflow_error("index out of range"))?;
    let mut buf = [0 as libc::c_char; libc::IF_NAMESIZE];
    // SAFETY: a buffer of IF_NAMESIZE bytes.
    let p = unsafe { libc::if_indextoname(i, buf.as_mut_ptr()) };
    if p.is_null() {
        return Err(last_error(vm));
    }
    // SAFETY: if_indextoname wrote a NUL-terminated name.
    let name = unsafe { CStr::from_ptr(buf.as_ptr()) }.to_bytes().to_vec();
    Ok(crate::posix::fs_decode(vm, &name))
}

fn m_if_nameindex(vm: &Vm, args: Args) -> PyResult<Value> {
    pos_only(vm, "if_nameindex", &args, 0, 0)?;
    // SAFETY: plain library call; the list is freed below.
    let list = unsafe { libc::if_nameindex() };
    if list.is_null() {
        return Err(last_error(vm));
    }
    let mut out = Vec::new();
    let mut p = list;
    loop {
        // SAFETY: the list ends with an entry whose index is 0.
        let e = unsafe { &*p };
        if e.if_index == 0 {
            break;
        }
        // SAFETY: a NUL-terminated interface name.
        let name = unsafe { CStr::from_ptr(e.if_name) }.to_bytes().to_vec();
        out.push(vm.new_tuple(vec![
            Value::Int(i64::from(e.if_index)),
            crate::posix::fs_decode(vm, &name),
        ]));
        // SAFETY: still inside the list (the terminator is not yet reached).
        p = unsafe { p.add(1) };
    }
    // SAFETY: the list came from if_nameindex.
    unsafe { libc::if_freenameindex(list) };
    Ok(vm.new_list(out))
}

// ----- the module ----------------------------------------------------------------------------

fn new_exc_class(vm: &Vm, name: &str, base: &ObjRef) -> PyResult<ObjRef> {
    let ns = vm.new_dict();
    if let Value::Obj(nso) = &ns {
        pyrs_vm::objects::dict::set_str(nso, &vm.names.__module__, vm.new_str("socket"));
    }
    let c = vm.call(
        &Value::Obj(vm.types.type_.clone()),
        Args::new(&[
            vm.new_str(name),
            vm.new_tuple(vec![Value::Obj(base.clone())]),
            ns,
        ]),
    )?;
    c.as_obj()
        .cloned()
        .ok_or_else(|| vm.type_error("type() returned a non-class"))
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_socket");
    let d = m
        .dict()
        .ok_or_else(|| vm.type_error("module without a namespace"))?;
    let set = |k: &str, v: Value| pyrs_vm::objects::dict::set_str(&d, &vm.intern(k), v);

    let t = match TYPES.with(|t| t.borrow().clone()) {
        Some(t) => t,
        None => {
            let s = vm.new_native_type("_socket", "socket", None, true, false);
            vm.add_static(&s, "__new__", socket_new);
            vm.add_method(&s, "__init__", socket_init);
            vm.add_method(&s, "__repr__", socket_repr);
            vm.add_method(&s, "_accept", socket_accept);
            vm.add_method(&s, "bind", socket_bind);
            vm.add_method(&s, "close", socket_close);
            vm.add_method(&s, "connect", socket_connect);
            vm.add_method(&s, "connect_ex", socket_connect_ex);
            vm.add_method(&s, "detach", socket_detach);
            vm.add_method(&s, "__del__", socket_del);
            vm.add_method(&s, "fileno", socket_fileno);
            vm.add_method(&s, "getpeername", socket_getpeername);
            vm.add_method(&s, "getsockname", socket_getsockname);
            vm.add_method(&s, "getsockopt", socket_getsockopt);
            vm.add_method(&s, "setsockopt", socket_setsockopt);
            vm.add_method(&s, "listen", socket_listen);
            vm.add_method(&s, "recv", socket_recv);
            vm.add_method(&s, "recv_into", socket_recv_into);
            vm.add_method(&s, "recvfrom", socket_recvfrom);
            vm.add_method(&s, "recvfrom_into", socket_recvfrom_into);
            vm.add_method(&s, "send", socket_send);
            vm.add_method(&s, "sendall", socket_sendall);
            vm.add_method(&s, "sendto", socket_sendto);
            vm.add_method(&s, "setblocking", socket_setblocking);
            vm.add_method(&s, "getblocking", socket_getblocking);
            vm.add_method(&s, "settimeout", socket_settimeout);
            vm.add_method(&s, "gettimeout", socket_gettimeout);
            vm.add_method(&s, "shutdown", socket_shutdown);
            vm.add_method(&s, "sendmsg", socket_sendmsg);
            vm.add_method(&s, "recvmsg", socket_recvmsg);
            vm.add_method(&s, "recvmsg_into", socket_recvmsg_into);
            vm.add_getset(&s, "family", get_family, None);
            vm.add_getset(&s, "type", get_type, None);
            vm.add_getset(&s, "proto", get_proto, None);
            vm.add_getset(&s, "timeout", get_timeout, None);
            let t = Types {
                socket: s,
                herror: new_exc_class(vm, "herror", &vm.exc.os_error)?,
                gaierror: new_exc_class(vm, "gaierror", &vm.exc.os_error)?,
            };
            TYPES.with(|slot| *slot.borrow_mut() = Some(t.clone()));
            t
        }
    };
    set("socket", Value::Obj(t.socket.clone()));
    set("SocketType", Value::Obj(t.socket.clone()));
    set("herror", Value::Obj(t.herror.clone()));
    set("gaierror", Value::Obj(t.gaierror.clone()));
    set("error", Value::Obj(vm.exc.os_error.clone()));
    set("timeout", Value::Obj(vm.exc.timeout_error.clone()));
    set("has_ipv6", Value::Bool(true));
    for (name, v) in CONSTANTS {
        set(name, Value::Int(*v));
    }
    let fns: &[(&'static str, pyrs_vm::object::NativeFn)] = &[
        ("getdefaulttimeout", m_getdefaulttimeout),
        ("setdefaulttimeout", m_setdefaulttimeout),
        ("socketpair", m_socketpair),
        ("dup", m_dup),
        ("close", m_close),
        ("gethostname", m_gethostname),
        ("gethostbyname", m_gethostbyname),
        ("gethostbyname_ex", m_gethostbyname_ex),
        ("gethostbyaddr", m_gethostbyaddr),
        ("getnameinfo", m_getnameinfo),
        ("getaddrinfo", m_getaddrinfo),
        ("getservbyname", m_getservbyname),
        ("getservbyport", m_getservbyport),
        ("getprotobyname", m_getprotobyname),
        ("inet_aton", m_inet_aton),
        ("inet_ntoa", m_inet_ntoa),
        ("inet_pton", m_inet_pton),
        ("inet_ntop", m_inet_ntop),
        ("htons", m_htons),
        ("ntohs", m_ntohs),
        ("htonl", m_htonl),
        ("ntohl", m_ntohl),
        ("CMSG_LEN", m_cmsg_len),
        ("CMSG_SPACE", m_cmsg_space),
        ("if_nametoindex", m_if_nametoindex),
        ("if_indextoname", m_if_indextoname),
        ("if_nameindex", m_if_nameindex),
    ];
    for (name, f) in fns {
        vm.add_module_fn(&m, name, *f);
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::{ipv6_text, parse_inet_aton};

    #[test]
    fn inet_aton_accepts_the_c_library_forms() {
        assert_eq!(parse_inet_aton("1.2.3.4"), Some(0x0102_0304));
        assert_eq!(parse_inet_aton("127.1"), Some(0x7f00_0001));
        assert_eq!(parse_inet_aton("10.1.2"), Some(0x0a01_0002));
        assert_eq!(parse_inet_aton("0x7f.1"), Some(0x7f00_0001));
        assert_eq!(parse_inet_aton("010.0.0.1"), Some(0x0800_0001));
        assert_eq!(parse_inet_aton("4294967295"), Some(0xffff_ffff));
        assert_eq!(parse_inet_aton("1.2.3.4 trailing"), Some(0x0102_0304));
    }

    #[test]
    fn inet_aton_rejects_bad_forms() {
        for bad in [
            "",
            "x",
            "1.2.3.4.5",
            "256.1.1.1",
            "1.2.3.256",
            "1..2",
            "08",
            "4294967296",
        ] {
            assert_eq!(parse_inet_aton(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn ipv6_text_matches_glibc() {
        let mut b = [0u8; 16];
        assert_eq!(ipv6_text(b), "::");
        b[15] = 1;
        assert_eq!(ipv6_text(b), "::1");
        b[12..16].copy_from_slice(&[1, 2, 3, 4]);
        assert_eq!(ipv6_text(b), "::1.2.3.4");
        b[10] = 0xff;
        b[11] = 0xff;
        assert_eq!(ipv6_text(b), "::ffff:1.2.3.4");
    }
}
