//! The `pwd` and `grp` modules: the password and group databases as struct sequences
//! (`struct_passwd`, `struct_group`), through the reentrant C library calls.

use std::cell::RefCell;
use std::ffi::{CStr, CString};

use pyrs_vm::memory::ObjRef;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::structseq;
use crate::util::one_arg;

thread_local! {
    static TYPES: RefCell<Option<(ObjRef, ObjRef)>> = const { RefCell::new(None) };
}

fn types(vm: &Vm) -> (ObjRef, ObjRef) {
    if let Some(t) = TYPES.with(|t| t.borrow().clone()) {
        return t;
    }
    let passwd = structseq::new_type(
        vm,
        "pwd",
        "struct_passwd",
        &[
            "pw_name",
            "pw_passwd",
            "pw_uid",
            "pw_gid",
            "pw_gecos",
            "pw_dir",
            "pw_shell",
        ],
        7,
    );
    let group = structseq::new_type(
        vm,
        "grp",
        "struct_group",
        &["gr_name", "gr_passwd", "gr_gid", "gr_mem"],
        4,
    );
    let t = (passwd, group);
    TYPES.with(|c| *c.borrow_mut() = Some(t.clone()));
    t
}

/// A C string field, decoded as the filesystem encoding does (surrogateescape).
fn text(vm: &Vm, p: *const libc::c_char) -> Value {
    if p.is_null() {
        return Value::None;
    }
    // SAFETY: non-null, NUL-terminated strings from the C library's record.
    let b = unsafe { CStr::from_ptr(p) }.to_bytes();
    crate::posix::fs_decode(vm, b)
}

/// Call a `get*_r` function with a growing buffer; Ok(false) when not found.
fn with_buffer(mut call: impl FnMut(&mut [libc::c_char]) -> i32) -> Result<bool, i32> {
    let mut size = 1024usize;
    loop {
        let mut buf = vec![0 as libc::c_char; size];
        match call(&mut buf) {
            0 => return Ok(true),
            -1 => return Ok(false),
            libc::ERANGE if size < (1 << 24) => size *= 4,
            e => return Err(e),
        }
    }
}

fn passwd_value(vm: &Vm, pw: &libc::passwd) -> Value {
    structseq::new_instance(
        vm,
        &types(vm).0,
        vec![
            text(vm, pw.pw_name),
            text(vm, pw.pw_passwd),
            Value::Int(i64::from(pw.pw_uid)),
            Value::Int(i64::from(pw.pw_gid)),
            text(vm, pw.pw_gecos),
            text(vm, pw.pw_dir),
            text(vm, pw.pw_shell),
        ],
    )
}

fn group_value(vm: &Vm, gr: &libc::group) -> Value {
    let mut members = Vec::new();
    let mut p = gr.gr_mem;
    // SAFETY: gr_mem is a NULL-terminated array of C strings.
    unsafe {
        while !p.is_null() && !(*p).is_null() {
            members.push(text(vm, *p));
            p = p.add(1);
        }
    }
    structseq::new_instance(
        vm,
        &types(vm).1,
        vec![
            text(vm, gr.gr_name),
            text(vm, gr.gr_passwd),
            Value::Int(i64::from(gr.gr_gid)),
            vm.new_list(members),
        ],
    )
}

fn os_err(vm: &Vm, e: i32) -> ObjRef {
    crate::posix::os_error(vm, e, None, None)
}

/// A uid/gid argument: an int (-1 allowed as (uid_t)-1); None when out of range.
fn id_value(vm: &Vm, v: &Value, what: &str) -> PyResult<Option<u32>> {
    if !vm.isinstance(v, &vm.types.int) {
        return Err(vm.type_error(format!("{what} should be integer, not {}", vm.type_name(v))));
    }
    let i = crate::util::to_i64_opt(vm, v)?;
    Ok(match i {
        Some(-1) => Some(u32::MAX),
        Some(i) => u32::try_from(i).ok(),
        None => None,
    })
}

fn name_arg(vm: &Vm, v: &Value, fname: &str) -> PyResult<CString> {
    match v {
        Value::Obj(o) if o.payload.as_str().is_some() => {}
        _ => {
            return Err(vm.type_error(format!(
                "{fname}() argument must be str, not {}",
                vm.type_name(v)
            )))
        }
    }
    let s = vm.str_string(v)?;
    CString::new(s).map_err(|_| vm.value_error("embedded null character"))
}

fn pwd_getpwuid(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "getpwuid", &args)?;
    let not_found = || {
        let r = vm.repr_string(a).unwrap_or_default();
        vm.new_exception(
            &vm.exc.key_error,
            vec![vm.new_str(format!("getpwuid(): uid not found: {r}"))],
        )
    };
    let Some(uid) = id_value(vm, a, "uid")? else {
        return Err(vm.new_exception(
            &vm.exc.key_error,
            vec![vm.new_str("getpwuid(): uid not found")],
        ));
    };
    // SAFETY: zeroed passwd is a valid plain struct; getpwuid_r fills it and points
    // into `buf`, which lives until we have copied the fields.
    let mut pw: libc::passwd = unsafe { std::mem::zeroed() };
    let mut out = None;
    let found = with_buffer(|buf| {
        let mut res: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: valid pointers and the buffer's true length.
        let e = unsafe { libc::getpwuid_r(uid, &mut pw, buf.as_mut_ptr(), buf.len(), &mut res) };
        if e == 0 && res.is_null() {
            return -1;
        }
        if e == 0 {
            out = Some(passwd_value(vm, &pw));
        }
        e
    });
    match found {
        Ok(true) => Ok(out.unwrap_or(Value::None)),
        Ok(false) => Err(not_found()),
        Err(e) => Err(os_err(vm, e)),
    }
}

fn pwd_getpwnam(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "getpwnam", &args)?;
    let name = name_arg(vm, a, "getpwnam")?;
    // SAFETY: as in getpwuid.
    let mut pw: libc::passwd = unsafe { std::mem::zeroed() };
    let mut out = None;
    let found = with_buffer(|buf| {
        let mut res: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: valid pointers and the buffer's true length.
        let e = unsafe {
            libc::getpwnam_r(
                name.as_ptr(),
                &mut pw,
                buf.as_mut_ptr(),
                buf.len(),
                &mut res,
            )
        };
        if e == 0 && res.is_null() {
            return -1;
        }
        if e == 0 {
            out = Some(passwd_value(vm, &pw));
        }
        e
    });
    match found {
        Ok(true) => Ok(out.unwrap_or(Value::None)),
        Ok(false) => {
            let r = vm.repr_string(a)?;
            Err(vm.new_exception(
                &vm.exc.key_error,
                vec![vm.new_str(format!("getpwnam(): name not found: {r}"))],
            ))
        }
        Err(e) => Err(os_err(vm, e)),
    }
}

fn pwd_getpwall(vm: &Vm, args: Args) -> PyResult<Value> {
    crate::util::pos_only(vm, "getpwall", &args, 0, 0)?;
    let mut out = Vec::new();
    // SAFETY: the non-reentrant enumeration runs on the one Python thread, and each
    // record is copied before the next call.
    unsafe {
        libc::setpwent();
        loop {
            let p = libc::getpwent();
            if p.is_null() {
                break;
            }
            out.push(passwd_value(vm, &*p));
        }
        libc::endpwent();
    }
    Ok(vm.new_list(out))
}

fn grp_getgrgid(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "getgrgid", &args)?;
    let not_found = || {
        let r = vm.repr_string(a).unwrap_or_default();
        vm.new_exception(
            &vm.exc.key_error,
            vec![vm.new_str(format!("getgrgid(): gid not found: {r}"))],
        )
    };
    let Some(gid) = id_value(vm, a, "gid")? else {
        // CPython's converter: anything that fits a C long but not a gid_t is
        // "less than minimum"; beyond a C long, the sign decides.
        let less = match crate::util::to_i64_opt(vm, a)? {
            Some(_) => true,
            None => crate::util::to_bigint(vm, a)?.sign() == num_bigint::Sign::Minus,
        };
        return Err(vm.overflow_error(if less {
            "gid is less than minimum"
        } else {
            "gid is greater than maximum"
        }));
    };
    // SAFETY: as in getpwuid.
    let mut gr: libc::group = unsafe { std::mem::zeroed() };
    let mut out = None;
    let found = with_buffer(|buf| {
        let mut res: *mut libc::group = std::ptr::null_mut();
        // SAFETY: valid pointers and the buffer's true length.
        let e = unsafe { libc::getgrgid_r(gid, &mut gr, buf.as_mut_ptr(), buf.len(), &mut res) };
        if e == 0 && res.is_null() {
            return -1;
        }
        if e == 0 {
            out = Some(group_value(vm, &gr));
        }
        e
    });
    match found {
        Ok(true) => Ok(out.unwrap_or(Value::None)),
        Ok(false) => Err(not_found()),
        Err(e) => Err(os_err(vm, e)),
    }
}

fn grp_getgrnam(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "getgrnam", &args)?;
    let name = name_arg(vm, a, "getgrnam")?;
    // SAFETY: as in getpwuid.
    let mut gr: libc::group = unsafe { std::mem::zeroed() };
    let mut out = None;
    let found = with_buffer(|buf| {
        let mut res: *mut libc::group = std::ptr::null_mut();
        // SAFETY: valid pointers and the buffer's true length.
        let e = unsafe {
            libc::getgrnam_r(
                name.as_ptr(),
                &mut gr,
                buf.as_mut_ptr(),
                buf.len(),
                &mut res,
            )
        };
        if e == 0 && res.is_null() {
            return -1;
        }
        if e == 0 {
            out = Some(group_value(vm, &gr));
        }
        e
    });
    match found {
        Ok(true) => Ok(out.unwrap_or(Value::None)),
        Ok(false) => {
            let r = vm.repr_string(a)?;
            Err(vm.new_exception(
                &vm.exc.key_error,
                vec![vm.new_str(format!("getgrnam(): name not found: {r}"))],
            ))
        }
        Err(e) => Err(os_err(vm, e)),
    }
}

fn grp_getgrall(vm: &Vm, args: Args) -> PyResult<Value> {
    crate::util::pos_only(vm, "getgrall", &args, 0, 0)?;
    let mut out = Vec::new();
    // SAFETY: as in getpwall.
    unsafe {
        libc::setgrent();
        loop {
            let p = libc::getgrent();
            if p.is_null() {
                break;
            }
            out.push(group_value(vm, &*p));
        }
        libc::endgrent();
    }
    Ok(vm.new_list(out))
}

pub fn init_pwd(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("pwd");
    vm.add_module_fn(&m, "getpwuid", pwd_getpwuid);
    vm.add_module_fn(&m, "getpwnam", pwd_getpwnam);
    vm.add_module_fn(&m, "getpwall", pwd_getpwall);
    let d = m
        .dict()
        .ok_or_else(|| vm.type_error("module without a namespace"))?;
    pyrs_vm::objects::dict::set_str(&d, &vm.intern("struct_passwd"), Value::Obj(types(vm).0));
    Ok(m)
}

pub fn init_grp(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("grp");
    vm.add_module_fn(&m, "getgrgid", grp_getgrgid);
    vm.add_module_fn(&m, "getgrnam", grp_getgrnam);
    vm.add_module_fn(&m, "getgrall", grp_getgrall);
    let d = m
        .dict()
        .ok_or_else(|| vm.type_error("module without a namespace"))?;
    pyrs_vm::objects::dict::set_str(&d, &vm.intern("struct_group"), Value::Obj(types(vm).1));
    Ok(m)
}
