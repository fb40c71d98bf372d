//! The `_locale` module (Lib's `locale.py` wraps it): setlocale, localeconv,
//! nl_langinfo and its constants, strcoll/strxfrm, getencoding, the gettext calls.
//!
//! As CPython does at start-up, the first import sets LC_CTYPE from the environment and
//! coerces the C/POSIX locale to C.UTF-8 (PEP 538), so the preferred encoding is UTF-8.

use std::cell::RefCell;
use std::ffi::{CStr, CString};

use pyrs_vm::memory::ObjRef;
use pyrs_vm::objects::dict;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::util::{bind, one_arg, pos_only};

extern "C" {
    fn gettext(msgid: *const libc::c_char) -> *mut libc::c_char;
    fn dgettext(domain: *const libc::c_char, msgid: *const libc::c_char) -> *mut libc::c_char;
    fn dcgettext(
        domain: *const libc::c_char,
        msgid: *const libc::c_char,
        category: libc::c_int,
    ) -> *mut libc::c_char;
    fn textdomain(domain: *const libc::c_char) -> *mut libc::c_char;
    fn bindtextdomain(domain: *const libc::c_char, dir: *const libc::c_char) -> *mut libc::c_char;
    fn bind_textdomain_codeset(
        domain: *const libc::c_char,
        codeset: *const libc::c_char,
    ) -> *mut libc::c_char;
}

thread_local! {
    static ERROR: RefCell<Option<ObjRef>> = const { RefCell::new(None) };
}

const LANGINFO: &[(&str, libc::nl_item)] = &[
    ("ABDAY_1", libc::ABDAY_1),
    ("ABDAY_2", libc::ABDAY_2),
    ("ABDAY_3", libc::ABDAY_3),
    ("ABDAY_4", libc::ABDAY_4),
    ("ABDAY_5", libc::ABDAY_5),
    ("ABDAY_6", libc::ABDAY_6),
    ("ABDAY_7", libc::ABDAY_7),
    ("ABMON_1", libc::ABMON_1),
    ("ABMON_2", libc::ABMON_2),
    ("ABMON_3", libc::ABMON_3),
    ("ABMON_4", libc::ABMON_4),
    ("ABMON_5", libc::ABMON_5),
    ("ABMON_6", libc::ABMON_6),
    ("ABMON_7", libc::ABMON_7),
    ("ABMON_8", libc::ABMON_8),
    ("ABMON_9", libc::ABMON_9),
    ("ABMON_10", libc::ABMON_10),
    ("ABMON_11", libc::ABMON_11),
    ("ABMON_12", libc::ABMON_12),
    ("ALT_DIGITS", libc::ALT_DIGITS),
    ("AM_STR", libc::AM_STR),
    ("CODESET", libc::CODESET),
    ("CRNCYSTR", libc::CRNCYSTR),
    ("DAY_1", libc::DAY_1),
    ("DAY_2", libc::DAY_2),
    ("DAY_3", libc::DAY_3),
    ("DAY_4", libc::DAY_4),
    ("DAY_5", libc::DAY_5),
    ("DAY_6", libc::DAY_6),
    ("DAY_7", libc::DAY_7),
    ("D_FMT", libc::D_FMT),
    ("D_T_FMT", libc::D_T_FMT),
    ("ERA", libc::ERA),
    ("ERA_D_FMT", libc::ERA_D_FMT),
    ("ERA_D_T_FMT", libc::ERA_D_T_FMT),
    ("ERA_T_FMT", libc::ERA_T_FMT),
    ("MON_1", libc::MON_1),
    ("MON_2", libc::MON_2),
    ("MON_3", libc::MON_3),
    ("MON_4", libc::MON_4),
    ("MON_5", libc::MON_5),
    ("MON_6", libc::MON_6),
    ("MON_7", libc::MON_7),
    ("MON_8", libc::MON_8),
    ("MON_9", libc::MON_9),
    ("MON_10", libc::MON_10),
    ("MON_11", libc::MON_11),
    ("MON_12", libc::MON_12),
    ("NOEXPR", libc::NOEXPR),
    ("PM_STR", libc::PM_STR),
    ("RADIXCHAR", libc::RADIXCHAR),
    ("THOUSEP", libc::THOUSEP),
    ("T_FMT", libc::T_FMT),
    ("T_FMT_AMPM", libc::T_FMT_AMPM),
    ("YESEXPR", libc::YESEXPR),
    ("_DATE_FMT", 0x2006C),
];

fn locale_error(vm: &Vm, msg: &str) -> ObjRef {
    match ERROR.with(|e| e.borrow().clone()) {
        Some(cls) => vm.new_exception(&cls, vec![vm.new_str(msg)]),
        None => vm.runtime_error(msg),
    }
}

/// A C string from the C library as a Python str (UTF-8, invalid bytes replaced).
fn c_text(vm: &Vm, p: *const libc::c_char) -> Value {
    if p.is_null() {
        return vm.new_str("");
    }
    // SAFETY: non-null, NUL-terminated string owned by the C library.
    let b = unsafe { CStr::from_ptr(p) }.to_bytes();
    vm.new_str(String::from_utf8_lossy(b).into_owned())
}

fn str_arg(vm: &Vm, v: &Value, fname: &str, n: usize) -> PyResult<CString> {
    match v {
        Value::Obj(o) if o.payload.as_str().is_some() => {}
        _ => {
            return Err(vm.type_error(format!(
                "{fname}() argument {n} must be str, not {}",
                vm.type_name(v)
            )))
        }
    }
    CString::new(vm.str_string(v)?).map_err(|_| vm.value_error("embedded null character"))
}

fn opt_str_arg(vm: &Vm, v: &Value, fname: &str, n: usize) -> PyResult<Option<CString>> {
    if v.is_none() {
        return Ok(None);
    }
    match v {
        Value::Obj(o) if o.payload.as_str().is_some() => Ok(Some(str_arg(vm, v, fname, n)?)),
        _ => Err(vm.type_error(format!(
            "{fname}() argument {n} must be str or None, not {}",
            vm.type_name(v)
        ))),
    }
}

fn int_arg(vm: &Vm, v: &Value) -> PyResult<i32> {
    let i = vm.to_index(v)?;
    i32::try_from(i).map_err(|_| vm.overflow_error("signed integer is greater than maximum"))
}

fn locale_setlocale(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind(vm, "setlocale", &args, &["category", "locale"], 1)?;
    let cat = int_arg(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let loc = match &a[1] {
        Some(v) => opt_str_arg(vm, v, "setlocale", 2)?,
        None => None,
    };
    match loc {
        Some(l) => {
            // SAFETY: a valid category or not (setlocale checks), a NUL-terminated name.
            let r = unsafe { libc::setlocale(cat, l.as_ptr()) };
            if r.is_null() {
                return Err(locale_error(vm, "unsupported locale setting"));
            }
            Ok(c_text(vm, r))
        }
        None => {
            // SAFETY: a query with a null locale.
            let r = unsafe { libc::setlocale(cat, std::ptr::null()) };
            if r.is_null() {
                return Err(locale_error(vm, "locale query failed"));
            }
            Ok(c_text(vm, r))
        }
    }
}

/// `copy_grouping`: the grouping bytes up to and including the terminating 0 or
/// CHAR_MAX; an empty list for an empty string.
fn grouping(vm: &Vm, p: *const libc::c_char) -> Value {
    let mut out = Vec::new();
    if !p.is_null() {
        // SAFETY: a NUL-terminated string from localeconv.
        let b = unsafe { CStr::from_ptr(p) }.to_bytes_with_nul();
        if b[0] != 0 {
            for &c in b {
                out.push(Value::Int(i64::from(c as i8)));
                if c == 0 || c == 127 {
                    break;
                }
            }
        }
    }
    vm.new_list(out)
}

fn locale_localeconv(vm: &Vm, args: Args) -> PyResult<Value> {
    pos_only(vm, "localeconv", &args, 0, 0)?;
    // SAFETY: localeconv returns a pointer to a static struct, read at once.
    let lc = unsafe { &*libc::localeconv() };
    let d = vm.new_dict_obj();
    let s = |k: &str, p: *const libc::c_char| dict::set_str(&d, &vm.intern(k), c_text(vm, p));
    let i =
        |k: &str, c: libc::c_char| dict::set_str(&d, &vm.intern(k), Value::Int(i64::from(c as u8)));
    s("int_curr_symbol", lc.int_curr_symbol);
    s("currency_symbol", lc.currency_symbol);
    s("mon_decimal_point", lc.mon_decimal_point);
    s("mon_thousands_sep", lc.mon_thousands_sep);
    dict::set_str(
        &d,
        &vm.intern("mon_grouping"),
        grouping(vm, lc.mon_grouping),
    );
    s("positive_sign", lc.positive_sign);
    s("negative_sign", lc.negative_sign);
    i("int_frac_digits", lc.int_frac_digits);
    i("frac_digits", lc.frac_digits);
    i("p_cs_precedes", lc.p_cs_precedes);
    i("p_sep_by_space", lc.p_sep_by_space);
    i("n_cs_precedes", lc.n_cs_precedes);
    i("n_sep_by_space", lc.n_sep_by_space);
    i("p_sign_posn", lc.p_sign_posn);
    i("n_sign_posn", lc.n_sign_posn);
    s("decimal_point", lc.decimal_point);
    s("thousands_sep", lc.thousands_sep);
    dict::set_str(&d, &vm.intern("grouping"), grouping(vm, lc.grouping));
    Ok(Value::Obj(d))
}

fn locale_nl_langinfo(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "nl_langinfo", &args)?;
    let key = int_arg(vm, a)?;
    if !LANGINFO.iter().any(|(_, k)| *k == key) {
        return Err(vm.value_error("unsupported langinfo constant"));
    }
    // SAFETY: a known item; the result is a NUL-terminated string read at once.
    let p = unsafe { libc::nl_langinfo(key) };
    Ok(c_text(vm, p))
}

fn wide(vm: &Vm, v: &Value, fname: &str, n: usize) -> PyResult<Vec<libc::wchar_t>> {
    match v {
        Value::Obj(o) if o.payload.as_str().is_some() => {}
        _ => {
            return Err(vm.type_error(format!(
                "{fname}() argument {n} must be str, not {}",
                vm.type_name(v)
            )))
        }
    }
    let s = vm.str_string(v)?;
    let mut w: Vec<libc::wchar_t> = s.chars().map(|c| c as libc::wchar_t).collect();
    if w.contains(&0) {
        return Err(vm.value_error("embedded null character"));
    }
    w.push(0);
    Ok(w)
}

extern "C" {
    fn wcscoll(a: *const libc::wchar_t, b: *const libc::wchar_t) -> libc::c_int;
    fn wcsxfrm(dst: *mut libc::wchar_t, src: *const libc::wchar_t, n: libc::size_t)
        -> libc::size_t;
}

fn locale_strcoll(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "strcoll", &args, 2, 2)?;
    let x = wide(vm, &a[0], "strcoll", 1)?;
    let y = wide(vm, &a[1], "strcoll", 2)?;
    // SAFETY: two NUL-terminated wide strings.
    Ok(Value::Int(i64::from(unsafe {
        wcscoll(x.as_ptr(), y.as_ptr())
    })))
}

fn locale_strxfrm(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "strxfrm", &args)?;
    let src = wide(vm, a, "strxfrm", 1)?;
    // SAFETY: a size query with a null destination.
    let n = unsafe { wcsxfrm(std::ptr::null_mut(), src.as_ptr(), 0) };
    let mut buf: Vec<libc::wchar_t> = vec![0; n + 1];
    // SAFETY: `buf` has room for n + 1 wide characters.
    unsafe { wcsxfrm(buf.as_mut_ptr(), src.as_ptr(), buf.len()) };
    buf.truncate(n);
    let s: String = buf
        .iter()
        .map(|&c| char::from_u32(c as u32).unwrap_or('\u{FFFD}'))
        .collect();
    Ok(vm.new_str(s))
}

fn locale_getencoding(vm: &Vm, args: Args) -> PyResult<Value> {
    pos_only(vm, "getencoding", &args, 0, 0)?;
    // SAFETY: CODESET is a valid item; read at once.
    let p = unsafe { libc::nl_langinfo(libc::CODESET) };
    // SAFETY: nl_langinfo returns a NUL-terminated string (possibly empty).
    let cs = if p.is_null() {
        String::new()
    } else {
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    };
    Ok(vm.new_str(if cs.is_empty() {
        "UTF-8".to_string()
    } else {
        cs
    }))
}

fn text_result(vm: &Vm, p: *const libc::c_char) -> PyResult<Value> {
    if p.is_null() {
        return Err(crate::posix::os_error(
            vm,
            std::io::Error::last_os_error().raw_os_error().unwrap_or(0),
            None,
            None,
        ));
    }
    Ok(c_text(vm, p))
}

fn locale_gettext(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "gettext", &args)?;
    let m = str_arg(vm, a, "gettext", 1)?;
    // SAFETY: NUL-terminated argument; the result is read at once.
    Ok(c_text(vm, unsafe { gettext(m.as_ptr()) }))
}

fn locale_dgettext(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "dgettext", &args, 2, 2)?;
    let d = opt_str_arg(vm, &a[0], "dgettext", 1)?;
    let m = str_arg(vm, &a[1], "dgettext", 2)?;
    let dp = d.as_ref().map_or(std::ptr::null(), |d| d.as_ptr());
    // SAFETY: NUL-terminated or null arguments.
    Ok(c_text(vm, unsafe { dgettext(dp, m.as_ptr()) }))
}

fn locale_dcgettext(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "dcgettext", &args, 3, 3)?;
    let d = opt_str_arg(vm, &a[0], "dcgettext", 1)?;
    let m = str_arg(vm, &a[1], "dcgettext", 2)?;
    let c = int_arg(vm, &a[2])?;
    let dp = d.as_ref().map_or(std::ptr::null(), |d| d.as_ptr());
    // SAFETY: NUL-terminated or null arguments.
    Ok(c_text(vm, unsafe { dcgettext(dp, m.as_ptr(), c) }))
}

fn locale_textdomain(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = one_arg(vm, "textdomain", &args)?;
    let d = opt_str_arg(vm, a, "textdomain", 1)?;
    let dp = d.as_ref().map_or(std::ptr::null(), |d| d.as_ptr());
    // SAFETY: NUL-terminated or null argument.
    text_result(vm, unsafe { textdomain(dp) })
}

fn locale_bindtextdomain(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "bindtextdomain", &args, 2, 2)?;
    let d = str_arg(vm, &a[0], "bindtextdomain", 1)?;
    if d.as_bytes().is_empty() {
        return Err(vm.value_error("empty string"));
    }
    let dir = if a[1].is_none() {
        None
    } else {
        Some(crate::posixsubprocess::fs_converter(vm, &a[1])?)
    };
    let dirp = dir.as_ref().map_or(std::ptr::null(), |d| d.as_ptr());
    // SAFETY: NUL-terminated or null arguments.
    text_result(vm, unsafe { bindtextdomain(d.as_ptr(), dirp) })
}

fn locale_bind_textdomain_codeset(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = pos_only(vm, "bind_textdomain_codeset", &args, 2, 2)?;
    let d = str_arg(vm, &a[0], "bind_textdomain_codeset", 1)?;
    let c = opt_str_arg(vm, &a[1], "bind_textdomain_codeset", 2)?;
    let cp = c.as_ref().map_or(std::ptr::null(), |c| c.as_ptr());
    // SAFETY: NUL-terminated or null arguments.
    let r = unsafe { bind_textdomain_codeset(d.as_ptr(), cp) };
    if r.is_null() {
        return Ok(Value::None);
    }
    Ok(c_text(vm, r))
}

/// CPython's start-up locale: LC_CTYPE from the environment, C/POSIX coerced to C.UTF-8.
fn init_ctype() {
    // SAFETY: setlocale with valid NUL-terminated names; the results are only compared.
    unsafe {
        let r = libc::setlocale(libc::LC_CTYPE, c"".as_ptr());
        let name = if r.is_null() {
            Vec::new()
        } else {
            CStr::from_ptr(r).to_bytes().to_vec()
        };
        if r.is_null() || name == b"C" || name == b"POSIX" {
            for cand in [c"C.UTF-8", c"C.utf8", c"UTF-8"] {
                if !libc::setlocale(libc::LC_CTYPE, cand.as_ptr()).is_null() {
                    break;
                }
            }
        }
    }
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    init_ctype();
    let m = vm.new_module("_locale");
    let d = m
        .dict()
        .ok_or_else(|| vm.type_error("module without a namespace"))?;
    let set = |k: &str, v: Value| dict::set_str(&d, &vm.intern(k), v);
    let fns: &[(&'static str, pyrs_vm::object::NativeFn)] = &[
        ("setlocale", locale_setlocale),
        ("localeconv", locale_localeconv),
        ("nl_langinfo", locale_nl_langinfo),
        ("strcoll", locale_strcoll),
        ("strxfrm", locale_strxfrm),
        ("getencoding", locale_getencoding),
        ("gettext", locale_gettext),
        ("dgettext", locale_dgettext),
        ("dcgettext", locale_dcgettext),
        ("textdomain", locale_textdomain),
        ("bindtextdomain", locale_bindtextdomain),
        ("bind_textdomain_codeset", locale_bind_textdomain_codeset),
    ];
    for (name, f) in fns {
        vm.add_module_fn(&m, name, *f);
    }
    for (k, v) in [
        ("LC_CTYPE", libc::LC_CTYPE),
        ("LC_NUMERIC", libc::LC_NUMERIC),
        ("LC_TIME", libc::LC_TIME),
        ("LC_COLLATE", libc::LC_COLLATE),
        ("LC_MONETARY", libc::LC_MONETARY),
        ("LC_MESSAGES", libc::LC_MESSAGES),
        ("LC_ALL", libc::LC_ALL),
    ] {
        set(k, Value::Int(i64::from(v)));
    }
    set("CHAR_MAX", Value::Int(127));
    for (k, v) in LANGINFO {
        set(k, Value::Int(i64::from(*v)));
    }
    let err = crate::signal::new_exc_class(vm, "locale", "Error", &vm.exc.exception)?;
    set("Error", Value::Obj(err.clone()));
    ERROR.with(|e| *e.borrow_mut() = Some(err));
    Ok(m)
}
