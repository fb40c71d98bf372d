//! The `fcntl` module: fcntl, ioctl (int, bytes and mutable bytearray arguments), flock,
//! lockf, and the F_*/LOCK_*/FD_* constants.

use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::Payload;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::posix::os_error;
use crate::select::as_fd;
use crate::util::bind;

/// The size limit of a buffer argument, as CPython's 1024-byte stack buffer.
const BUF_MAX: usize = 1024;

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn int_arg(vm: &Vm, v: &Value) -> PyResult<i32> {
    let i = vm.to_index(v)?;
    i32::try_from(i).map_err(|_| {
        vm.overflow_error(if i > 0 {
            "signed integer is greater than maximum"
        } else {
            "signed integer is less than minimum"
        })
    })
}

/// The bytes of a read-only buffer argument (bytes or str), when it is one.
fn readonly_buffer(v: &Value) -> Option<Vec<u8>> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Bytes(b) => Some(b.to_vec()),
            Payload::Str(s) => Some(s.as_bytes().to_vec()),
            _ => None,
        },
        _ => None,
    }
}

/// Run `call` on a retry-on-EINTR loop; the OSError for other failures.
fn retry(vm: &Vm, mut call: impl FnMut() -> libc::c_int) -> PyResult<libc::c_int> {
    loop {
        let r = call();
        if r >= 0 {
            return Ok(r);
        }
        if errno() == libc::EINTR {
            pyrs_vm::signals::check(vm)?;
            continue;
        }
        return Err(os_error(vm, errno(), None, None));
    }
}

fn fcntl_fcntl(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = crate::util::pos_only(vm, "fcntl", &args, 2, 3)?;
    let fd = as_fd(vm, &a[0])?;
    let cmd = int_arg(vm, &a[1])?;
    let arg = a.get(2).cloned().unwrap_or(Value::Int(0));
    if let Some(mut buf) = readonly_buffer(&arg) {
        if buf.len() > BUF_MAX {
            return Err(vm.value_error("fcntl string arg too long"));
        }
        let n = buf.len();
        buf.resize(BUF_MAX, 0);
        // SAFETY: `buf` is writable for BUF_MAX bytes, more than the argument's length.
        retry(vm, || unsafe { libc::fcntl(fd, cmd, buf.as_mut_ptr()) })?;
        buf.truncate(n);
        return Ok(vm.new_bytes(buf));
    }
    let i = vm.to_index(&arg)?;
    let i = libc::c_long::try_from(i)
        .map_err(|_| vm.overflow_error("Python int too large to convert to C long"))?;
    // SAFETY: an integer argument.
    let r = retry(vm, || unsafe { libc::fcntl(fd, cmd, i) })?;
    Ok(Value::Int(i64::from(r)))
}

fn fcntl_ioctl(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = crate::util::pos_only(vm, "ioctl", &args, 2, 4)?;
    let fd = as_fd(vm, &a[0])?;
    let request = vm.to_index(&a[1])? as libc::c_ulong;
    let arg = a.get(2).cloned().unwrap_or(Value::Int(0));
    let mutate = match a.get(3) {
        Some(v) => vm.is_true(v)?,
        None => true,
    };
    if let Value::Obj(o) = &arg {
        if let Payload::ByteArray(cell) = &o.payload {
            let mut data = cell.borrow().clone();
            let n = data.len();
            if !mutate && n > BUF_MAX {
                return Err(vm.value_error("ioctl string arg too long"));
            }
            data.resize(n.max(BUF_MAX), 0);
            // SAFETY: `data` is writable for at least BUF_MAX bytes.
            let r = retry(vm, || unsafe {
                libc::ioctl(fd, request as _, data.as_mut_ptr())
            })?;
            data.truncate(n);
            if mutate {
                *cell.borrow_mut() = data;
                return Ok(Value::Int(i64::from(r)));
            }
            return Ok(vm.new_bytes(data));
        }
    }
    if let Some(mut buf) = readonly_buffer(&arg) {
        if buf.len() > BUF_MAX {
            return Err(vm.value_error("ioctl string arg too long"));
        }
        let n = buf.len();
        buf.resize(BUF_MAX, 0);
        // SAFETY: `buf` is writable for BUF_MAX bytes.
        retry(vm, || unsafe {
            libc::ioctl(fd, request as _, buf.as_mut_ptr())
        })?;
        buf.truncate(n);
        return Ok(vm.new_bytes(buf));
    }
    if !vm.isinstance(&arg, &vm.types.int) && !matches!(arg, Value::Bool(_)) {
        return Err(vm.type_error(format!(
            "ioctl() argument 3 must be an int, a bytes-like object or a str, not {}",
            vm.type_name(&arg)
        )));
    }
    let i = int_arg(vm, &arg)?;
    // SAFETY: an integer argument.
    let r = retry(vm, || unsafe {
        libc::ioctl(fd, request as _, i as libc::c_long)
    })?;
    Ok(Value::Int(i64::from(r)))
}

fn fcntl_flock(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = crate::util::pos_only(vm, "flock", &args, 2, 2)?;
    let fd = as_fd(vm, &a[0])?;
    let op = int_arg(vm, &a[1])?;
    // SAFETY: no pointer arguments.
    retry(vm, || unsafe { libc::flock(fd, op) })?;
    Ok(Value::None)
}

fn fcntl_lockf(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind(
        vm,
        "lockf",
        &args,
        &["fd", "cmd", "len", "start", "whence"],
        2,
    )?;
    let fd = as_fd(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let code = int_arg(vm, a[1].as_ref().unwrap_or(&Value::None))?;
    let len = match &a[2] {
        Some(v) => vm.to_index(v)?,
        None => 0,
    };
    let start = match &a[3] {
        Some(v) => vm.to_index(v)?,
        None => 0,
    };
    let whence = match &a[4] {
        Some(v) => int_arg(vm, v)?,
        None => 0,
    };
    let l_type = if code == libc::LOCK_UN {
        libc::F_UNLCK
    } else if code & libc::LOCK_SH != 0 {
        libc::F_RDLCK
    } else if code & libc::LOCK_EX != 0 {
        libc::F_WRLCK
    } else {
        return Err(vm.value_error("unrecognized lockf argument"));
    };
    // SAFETY: a zeroed flock struct is valid; we fill the fields.
    let mut l: libc::flock = unsafe { std::mem::zeroed() };
    l.l_type = l_type as libc::c_short;
    l.l_whence = whence as libc::c_short;
    l.l_start = start;
    l.l_len = len;
    let cmd = if code & libc::LOCK_NB != 0 {
        libc::F_SETLK
    } else {
        libc::F_SETLKW
    };
    // SAFETY: `l` is a valid flock struct.
    retry(vm, || unsafe {
        libc::fcntl(fd, cmd, &l as *const libc::flock)
    })?;
    Ok(Value::None)
}

const CONSTANTS: &[(&str, i64)] = &[
    ("LOCK_SH", libc::LOCK_SH as i64),
    ("LOCK_EX", libc::LOCK_EX as i64),
    ("LOCK_NB", libc::LOCK_NB as i64),
    ("LOCK_UN", libc::LOCK_UN as i64),
    ("LOCK_MAND", 32),
    ("LOCK_READ", 64),
    ("LOCK_WRITE", 128),
    ("LOCK_RW", 192),
    ("F_DUPFD", libc::F_DUPFD as i64),
    ("F_DUPFD_CLOEXEC", libc::F_DUPFD_CLOEXEC as i64),
    ("F_GETFD", libc::F_GETFD as i64),
    ("F_SETFD", libc::F_SETFD as i64),
    ("F_GETFL", libc::F_GETFL as i64),
    ("F_SETFL", libc::F_SETFL as i64),
    ("F_GETLK", libc::F_GETLK as i64),
    ("F_SETLK", libc::F_SETLK as i64),
    ("F_SETLKW", libc::F_SETLKW as i64),
    ("F_GETLK64", libc::F_GETLK as i64),
    ("F_SETLK64", libc::F_SETLK as i64),
    ("F_SETLKW64", libc::F_SETLKW as i64),
    ("F_OFD_GETLK", libc::F_OFD_GETLK as i64),
    ("F_OFD_SETLK", libc::F_OFD_SETLK as i64),
    ("F_OFD_SETLKW", libc::F_OFD_SETLKW as i64),
    ("F_GETOWN", libc::F_GETOWN as i64),
    ("F_SETOWN", libc::F_SETOWN as i64),
    ("F_GETSIG", 11),
    ("F_SETSIG", 10),
    ("F_RDLCK", libc::F_RDLCK as i64),
    ("F_WRLCK", libc::F_WRLCK as i64),
    ("F_UNLCK", libc::F_UNLCK as i64),
    ("F_EXLCK", 4),
    ("F_SHLCK", 8),
    ("F_GETLEASE", libc::F_GETLEASE as i64),
    ("F_SETLEASE", libc::F_SETLEASE as i64),
    ("F_NOTIFY", libc::F_NOTIFY as i64),
    ("F_GETPIPE_SZ", libc::F_GETPIPE_SZ as i64),
    ("F_SETPIPE_SZ", libc::F_SETPIPE_SZ as i64),
    ("F_ADD_SEALS", libc::F_ADD_SEALS as i64),
    ("F_GET_SEALS", libc::F_GET_SEALS as i64),
    ("F_SEAL_SEAL", libc::F_SEAL_SEAL as i64),
    ("F_SEAL_SHRINK", libc::F_SEAL_SHRINK as i64),
    ("F_SEAL_GROW", libc::F_SEAL_GROW as i64),
    ("F_SEAL_WRITE", libc::F_SEAL_WRITE as i64),
    ("FD_CLOEXEC", libc::FD_CLOEXEC as i64),
    ("FASYNC", libc::O_ASYNC as i64),
    ("DN_ACCESS", 1),
    ("DN_MODIFY", 2),
    ("DN_CREATE", 4),
    ("DN_DELETE", 8),
    ("DN_RENAME", 0x10),
    ("DN_ATTRIB", 0x20),
    ("DN_MULTISHOT", 0x8000_0000),
];

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("fcntl");
    let d = m
        .dict()
        .ok_or_else(|| vm.type_error("module without a namespace"))?;
    vm.add_module_fn(&m, "fcntl", fcntl_fcntl);
    vm.add_module_fn(&m, "ioctl", fcntl_ioctl);
    vm.add_module_fn(&m, "flock", fcntl_flock);
    vm.add_module_fn(&m, "lockf", fcntl_lockf);
    for (k, v) in CONSTANTS {
        pyrs_vm::objects::dict::set_str(&d, &vm.intern(k), Value::Int(*v));
    }
    Ok(m)
}
