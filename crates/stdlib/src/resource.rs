//! The `resource` module: getrlimit/setrlimit/prlimit, getrusage (`struct_rusage`),
//! getpagesize and the RLIMIT_*/RUSAGE_* constants.

use std::cell::RefCell;

use pyrs_vm::memory::ObjRef;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::posix::os_error;
use crate::structseq;
use crate::util::{one_arg, pos_only};

thread_local! {
    static RUSAGE_TYPE: RefCell<Option<ObjRef>> = const { RefCell::new(None) };
}

fn errno() -> i32 {
    std::io::Error::last_os_error().raw_os_error().unwrap_or(0)
}

fn rusage_type(vm: &Vm) -> ObjRef {
    if let Some(t) = RUSAGE_TYPE.with(|t| t.borrow().clone()) {
        return t;
    }
    let t = structseq::new_type(
        vm,
        "resource",
        "struct_rusage",
        &[
            "ru_utime",
            "ru_stime",
            "ru_maxrss",
            "ru_ixrss",
            "ru_idrss",
            "ru_isrss",
            "ru_minflt",
            "ru_majflt",
            "ru_nswap",
            "ru_inblock",
            "ru_oublock",
            "ru_msgsnd",
            "ru_msgrcv",
            "ru_nsignals",
            "ru_nvcsw",
            "ru_nivcsw",
        ],
        16,
    );
    RUSAGE_TYPE.with(|c| *c.borrow_mut() = Some(t.clone()));
    t
}

fn resource_arg(vm: &Vm, v: &Value) -> PyResult<i32> {
    let i = vm.to_index(v)?;
    // Linux has 16 resource limits (RLIM_NLIMITS).
    if !(0..16).contains(&i) {
        return Err(vm.value_error("invalid resource specified"));
    }
    Ok(i as i32)
}

fn rlim_value(vm: &Vm, r: libc::rlim_t) -> Value {
    if r == libc::RLIM_INFINITY {
        return Value::Int(-1);
    }
    match i64::try_from(r) {
        Ok(i) => Value::Int(i),
        Err(_) => vm.new_bigint(num_bigint::BigInt::from(r)),
    }
}

fn rlim_arg(vm: &Vm, v: &Value) -> PyResult<libc::rlim_t> {
    let i = crate::util::to_i64_opt(vm, v)?
        .ok_or_else(|| vm.overflow_error("Python int too large to convert to C long"))?;
    Ok(if i < 0 {
        libc::RLIM_INFINITY
    } else {
        i as libc::rlim_t
    })
}

fn limits_pair(vm: &Vm, v: &Value) -> PyResult<libc::rlimit> {
    let items = vm.collect(v)?;
    if items.len() != 2 {
        return Err(vm.value_error("expected a tuple of 2 integers"));
    }
    Ok(libc::rlimit {
        rlim_cur: rlim_arg(vm, &items[0])?,
        rlim_max: rlim_arg(vm, &items[1])?,
    })
}

fn pair_value(vm: &Vm, r: &libc::rlimit) -> Value {
    vm.new_tuple(vec![rlim_value(vm, r.rlim_cur), rlim_value(vm, r.rlim_max)])
}

fn resource_getrlimit(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "getrlimit", &args)?;
    let res = resource_arg(vm, a)?;
    let mut r = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `r` is writable.
    if unsafe { libc::getrlimit(res as _, &mut r) } < 0 {
        return Err(os_error(vm, errno(), None, None));
    }
    Ok(pair_value(vm, &r))
}

fn set_error(vm: &Vm) -> ObjRef {
    let e = errno();
    match e {
        libc::EINVAL => vm.value_error("current limit exceeds maximum limit"),
        libc::EPERM => vm.value_error("not allowed to raise maximum limit"),
        _ => os_error(vm, e, None, None),
    }
}

fn resource_setrlimit(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "setrlimit", &args, 2, 2)?;
    let res = resource_arg(vm, &a[0])?;
    let r = limits_pair(vm, &a[1])?;
    // SAFETY: `r` is a valid rlimit.
    if unsafe { libc::setrlimit(res as _, &r) } < 0 {
        return Err(set_error(vm));
    }
    Ok(Value::None)
}

fn resource_prlimit(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "prlimit", &args, 2, 3)?;
    let pid = vm.to_index(&a[0])? as libc::pid_t;
    let res = resource_arg(vm, &a[1])?;
    let new = match a.get(2) {
        Some(v) => Some(limits_pair(vm, v)?),
        None => None,
    };
    let mut old = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    let newp = new
        .as_ref()
        .map_or(std::ptr::null(), |r| r as *const libc::rlimit);
    // SAFETY: valid or null pointers.
    if unsafe { libc::prlimit(pid, res as _, newp, &mut old) } < 0 {
        return Err(set_error(vm));
    }
    Ok(pair_value(vm, &old))
}

fn resource_getrusage(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "getrusage", &args)?;
    let who = vm.to_index(a)? as i32;
    // SAFETY: a zeroed rusage is valid and writable.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `ru` is writable.
    if unsafe { libc::getrusage(who, &mut ru) } < 0 {
        if errno() == libc::EINVAL {
            return Err(vm.value_error("invalid who parameter"));
        }
        return Err(os_error(vm, errno(), None, None));
    }
    let t = |tv: &libc::timeval| Value::Float(tv.tv_sec as f64 + tv.tv_usec as f64 * 1e-6);
    let i = |x: libc::c_long| Value::Int(x);
    let values = vec![
        t(&ru.ru_utime),
        t(&ru.ru_stime),
        i(ru.ru_maxrss),
        i(ru.ru_ixrss),
        i(ru.ru_idrss),
        i(ru.ru_isrss),
        i(ru.ru_minflt),
        i(ru.ru_majflt),
        i(ru.ru_nswap),
        i(ru.ru_inblock),
        i(ru.ru_oublock),
        i(ru.ru_msgsnd),
        i(ru.ru_msgrcv),
        i(ru.ru_nsignals),
        i(ru.ru_nvcsw),
        i(ru.ru_nivcsw),
    ];
    Ok(structseq::new_instance(vm, &rusage_type(vm), values))
}

fn resource_getpagesize(vm: &Vm, args: Args) -> PyResult<Value> {
    pos_only(vm, "getpagesize", &args, 0, 0)?;
    // SAFETY: sysconf has no preconditions.
    Ok(Value::Int(
        unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as i64
    ))
}

const CONSTANTS: &[(&str, i64)] = &[
    ("RLIMIT_CPU", libc::RLIMIT_CPU as i64),
    ("RLIMIT_FSIZE", libc::RLIMIT_FSIZE as i64),
    ("RLIMIT_DATA", libc::RLIMIT_DATA as i64),
    ("RLIMIT_STACK", libc::RLIMIT_STACK as i64),
    ("RLIMIT_CORE", libc::RLIMIT_CORE as i64),
    ("RLIMIT_RSS", libc::RLIMIT_RSS as i64),
    ("RLIMIT_NPROC", libc::RLIMIT_NPROC as i64),
    ("RLIMIT_NOFILE", libc::RLIMIT_NOFILE as i64),
    ("RLIMIT_OFILE", libc::RLIMIT_NOFILE as i64),
    ("RLIMIT_MEMLOCK", libc::RLIMIT_MEMLOCK as i64),
    ("RLIMIT_AS", libc::RLIMIT_AS as i64),
    ("RLIMIT_MSGQUEUE", libc::RLIMIT_MSGQUEUE as i64),
    ("RLIMIT_NICE", libc::RLIMIT_NICE as i64),
    ("RLIMIT_RTPRIO", libc::RLIMIT_RTPRIO as i64),
    ("RLIMIT_RTTIME", libc::RLIMIT_RTTIME as i64),
    ("RLIMIT_SIGPENDING", libc::RLIMIT_SIGPENDING as i64),
    ("RUSAGE_SELF", libc::RUSAGE_SELF as i64),
    ("RUSAGE_CHILDREN", libc::RUSAGE_CHILDREN as i64),
    ("RUSAGE_THREAD", libc::RUSAGE_THREAD as i64),
    ("RLIM_INFINITY", -1),
];

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("resource");
    let d = m
        .dict()
        .ok_or_else(|| vm.type_error("module without a namespace"))?;
    let set = |k: &str, v: Value| pyrs_vm::objects::dict::set_str(&d, &vm.intern(k), v);
    vm.add_module_fn(&m, "getrlimit", resource_getrlimit);
    vm.add_module_fn(&m, "setrlimit", resource_setrlimit);
    vm.add_module_fn(&m, "prlimit", resource_prlimit);
    vm.add_module_fn(&m, "getrusage", resource_getrusage);
    vm.add_module_fn(&m, "getpagesize", resource_getpagesize);
    set("error", Value::Obj(vm.exc.os_error.clone()));
    set("struct_rusage", Value::Obj(rusage_type(vm)));
    for (k, v) in CONSTANTS {
        set(k, Value::Int(*v));
    }
    Ok(m)
}
