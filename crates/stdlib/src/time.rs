//! The `time` module: clocks (`time`, `monotonic`, `perf_counter`, `process_time`,
//! `thread_time` and their `_ns` forms, `clock_gettime`), `sleep`, conversions between
//! seconds and `struct_time` through the C library (`gmtime`, `localtime`, `mktime`),
//! formatting (`strftime`, `asctime`, `ctime`; `strptime` is Lib's `_strptime`) and the
//! time zone attributes (`timezone`, `altzone`, `daylight`, `tzname`, `tzset`).
//!
//! `sleep` blocks the thread; pyrs has no GIL yet, so there is nothing to release.

use std::ffi::{CStr, CString};

use pyrs_vm::memory::ObjRef;
use pyrs_vm::objects::dict;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::posix::{os_error, parse_args};
use crate::structseq;

const STRUCT_TIME_FIELDS: &[&str] = &[
    "tm_year",
    "tm_mon",
    "tm_mday",
    "tm_hour",
    "tm_min",
    "tm_sec",
    "tm_wday",
    "tm_yday",
    "tm_isdst",
    "tm_zone",
    "tm_gmtoff",
];

thread_local! {
    static STRUCT_TIME: std::cell::RefCell<Option<ObjRef>> = const { std::cell::RefCell::new(None) };
}

fn struct_time_type(vm: &Vm) -> ObjRef {
    if let Some(t) = STRUCT_TIME.with(|t| t.borrow().clone()) {
        return t;
    }
    let t = structseq::new_type(vm, "time", "struct_time", STRUCT_TIME_FIELDS, 9);
    STRUCT_TIME.with(|c| *c.borrow_mut() = Some(t.clone()));
    t
}

// ----- clocks ----------------------------------------------------------------------------

fn clock_ns(vm: &Vm, clock: libc::clockid_t) -> PyResult<i128> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    let r = unsafe { libc::clock_gettime(clock, &mut ts) };
    if r < 0 {
        return Err(os_error(
            vm,
            std::io::Error::last_os_error().raw_os_error().unwrap_or(0),
            None,
            None,
        ));
    }
    Ok(i128::from(ts.tv_sec) * 1_000_000_000 + i128::from(ts.tv_nsec))
}

fn ns_value(vm: &Vm, ns: i128) -> Value {
    match i64::try_from(ns) {
        Ok(i) => Value::Int(i),
        Err(_) => vm.new_bigint(num_bigint::BigInt::from(ns)),
    }
}

/// Seconds as a float from nanoseconds, as CPython's `_PyFloat_FromPyTime` rounds.
fn ns_to_float(ns: i128) -> f64 {
    ns as f64 / 1e9
}

fn no_args(vm: &Vm, args: &Args, name: &str) -> PyResult<()> {
    if !args.args.is_empty() {
        return Err(vm.type_error(format!(
            "time.{name}() takes no arguments ({} given)",
            args.args.len()
        )));
    }
    Ok(())
}

macro_rules! clock_fns {
    ($float_fn:ident, $ns_fn:ident, $name:expr, $clock:expr) => {
        fn $float_fn(vm: &Vm, args: Args) -> PyResult<Value> {
            no_args(vm, &args, $name)?;
            Ok(Value::Float(ns_to_float(clock_ns(vm, $clock)?)))
        }
        fn $ns_fn(vm: &Vm, args: Args) -> PyResult<Value> {
            no_args(vm, &args, concat!($name, "_ns"))?;
            Ok(ns_value(vm, clock_ns(vm, $clock)?))
        }
    };
}

clock_fns!(time_time, time_time_ns, "time", libc::CLOCK_REALTIME);
clock_fns!(
    time_monotonic,
    time_monotonic_ns,
    "monotonic",
    libc::CLOCK_MONOTONIC
);
clock_fns!(
    time_perf_counter,
    time_perf_counter_ns,
    "perf_counter",
    libc::CLOCK_MONOTONIC
);
clock_fns!(
    time_process_time,
    time_process_time_ns,
    "process_time",
    libc::CLOCK_PROCESS_CPUTIME_ID
);
clock_fns!(
    time_thread_time,
    time_thread_time_ns,
    "thread_time",
    libc::CLOCK_THREAD_CPUTIME_ID
);

fn clock_id_arg(vm: &Vm, args: &Args, name: &str) -> PyResult<libc::clockid_t> {
    if args.has_kw() {
        return Err(vm.type_error(format!("{name}() takes no keyword arguments")));
    }
    match args.pos() {
        [c] => {
            let i = vm.to_index(c)?;
            libc::clockid_t::try_from(i)
                .map_err(|_| vm.overflow_error("Python int too large to convert to C int"))
        }
        a => Err(vm.type_error(format!(
            "{name}() takes exactly one argument ({} given)",
            a.len()
        ))),
    }
}

fn time_clock_gettime(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = clock_id_arg(vm, &args, "clock_gettime")?;
    Ok(Value::Float(ns_to_float(clock_ns(vm, c)?)))
}

fn time_clock_gettime_ns(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = clock_id_arg(vm, &args, "clock_gettime_ns")?;
    Ok(ns_value(vm, clock_ns(vm, c)?))
}

fn time_clock_getres(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = clock_id_arg(vm, &args, "clock_getres")?;
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    let r = unsafe { libc::clock_getres(c, &mut ts) };
    if r < 0 {
        return Err(os_error(
            vm,
            std::io::Error::last_os_error().raw_os_error().unwrap_or(0),
            None,
            None,
        ));
    }
    Ok(Value::Float(ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9))
}

fn time_get_clock_info(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = parse_args(vm, &args, "get_clock_info", &["name"], 1, 1)?;
    let name = a[0].clone().unwrap_or(Value::None);
    let name = match &name {
        Value::Obj(o) if o.payload.as_str().is_some() => vm.str_string(&name)?,
        _ => {
            return Err(vm.type_error(format!(
                "get_clock_info() argument 1 must be str, not {}",
                vm.type_name(&name)
            )))
        }
    };
    let (implementation, clock, monotonic, adjustable) = match name.as_str() {
        "time" => (
            "clock_gettime(CLOCK_REALTIME)",
            libc::CLOCK_REALTIME,
            false,
            true,
        ),
        "monotonic" | "perf_counter" => (
            "clock_gettime(CLOCK_MONOTONIC)",
            libc::CLOCK_MONOTONIC,
            true,
            false,
        ),
        "process_time" => (
            "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)",
            libc::CLOCK_PROCESS_CPUTIME_ID,
            true,
            false,
        ),
        "thread_time" => (
            "clock_gettime(CLOCK_THREAD_CPUTIME_ID)",
            libc::CLOCK_THREAD_CPUTIME_ID,
            true,
            false,
        ),
        _ => return Err(vm.value_error("unknown clock")),
    };
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_getres(clock, &mut ts) };
    let resolution = ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9;
    let ns_type = pyrs_vm::sys::simple_namespace_type(vm)?;
    let kwnames = vec![
        vm.new_str("implementation"),
        vm.new_str("monotonic"),
        vm.new_str("adjustable"),
        vm.new_str("resolution"),
    ];
    let values = vec![
        vm.new_str(implementation),
        Value::Bool(monotonic),
        Value::Bool(adjustable),
        Value::Float(resolution),
    ];
    vm.call(&ns_type, Args::with_kw(&values, &kwnames))
}

fn time_sleep(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.has_kw() {
        return Err(vm.type_error("sleep() takes no keyword arguments"));
    }
    let secs = match args.pos() {
        [s] => s.clone(),
        a => {
            return Err(vm.type_error(format!(
                "time.sleep() takes exactly one argument ({} given)",
                a.len()
            )))
        }
    };
    let ns: i128 = match &secs {
        Value::Float(f) => float_to_ns(vm, *f)?,
        Value::Int(i) => i128::from(*i) * 1_000_000_000,
        Value::Bool(b) => i128::from(*b) * 1_000_000_000,
        v if vm.isinstance(v, &vm.types.float) => {
            float_to_ns(vm, pyrs_vm::objects::float::to_float(vm, v)?)?
        }
        v => i128::from(vm.to_index(v)?) * 1_000_000_000,
    };
    if ns < 0 {
        return Err(vm.value_error("sleep length must be non-negative"));
    }
    let deadline = std::time::Instant::now()
        + std::time::Duration::from_nanos(u64::try_from(ns).unwrap_or(u64::MAX));
    loop {
        let now = std::time::Instant::now();
        if now >= deadline {
            break;
        }
        std::thread::sleep(deadline - now);
    }
    Ok(Value::None)
}

/// A float number of seconds as nanoseconds (CPython rounds sleep times up: ROUND_TIMEOUT).
fn float_to_ns(vm: &Vm, f: f64) -> PyResult<i128> {
    if f.is_nan() {
        return Err(vm.value_error("Invalid value NaN (not a number)"));
    }
    let ns = (f * 1e9).ceil();
    if !(-9.2e18..9.2e18).contains(&ns) {
        return Err(vm.overflow_error("timestamp too large to convert to C _PyTime_t"));
    }
    Ok(ns as i128)
}

// ----- conversions -------------------------------------------------------------------------

/// A timestamp argument (None: now) as a time_t, rounded toward minus infinity.
fn time_t_arg(vm: &Vm, v: Option<&Value>) -> PyResult<libc::time_t> {
    let v = match v {
        None | Some(Value::None) => {
            // SAFETY: time(NULL) has no preconditions.
            return Ok(unsafe { libc::time(std::ptr::null_mut()) });
        }
        Some(v) => v,
    };
    let f = match v {
        Value::Float(f) => *f,
        v if vm.isinstance(v, &vm.types.float) => pyrs_vm::objects::float::to_float(vm, v)?,
        v => {
            let r = vm.index_value(v)?;
            return match r {
                Value::Int(i) => Ok(i),
                _ => Err(vm.overflow_error("timestamp out of range for platform time_t")),
            };
        }
    };
    if f.is_nan() {
        return Err(vm.value_error("Invalid value NaN (not a number)"));
    }
    let f = f.floor();
    if !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
        return Err(vm.overflow_error("timestamp out of range for platform time_t"));
    }
    Ok(f as libc::time_t)
}

fn zeroed_tm() -> libc::tm {
    // SAFETY: an all-zero struct tm (null tm_zone) is a valid value.
    unsafe { std::mem::zeroed() }
}

fn tm_to_struct_time(vm: &Vm, tm: &libc::tm) -> Value {
    let zone = if tm.tm_zone.is_null() {
        Value::None
    } else {
        // SAFETY: a non-null tm_zone from the C library is a NUL-terminated string.
        let z = unsafe { CStr::from_ptr(tm.tm_zone) }.to_bytes().to_vec();
        crate::posix::fs_decode(vm, &z)
    };
    let values = vec![
        Value::Int(i64::from(tm.tm_year) + 1900),
        Value::Int(i64::from(tm.tm_mon) + 1),
        Value::Int(i64::from(tm.tm_mday)),
        Value::Int(i64::from(tm.tm_hour)),
        Value::Int(i64::from(tm.tm_min)),
        Value::Int(i64::from(tm.tm_sec)),
        Value::Int(i64::from((tm.tm_wday + 6) % 7)),
        Value::Int(i64::from(tm.tm_yday) + 1),
        Value::Int(i64::from(tm.tm_isdst)),
        zone,
        Value::Int(tm.tm_gmtoff),
    ];
    structseq::new_instance(vm, &struct_time_type(vm), values)
}

fn convert(vm: &Vm, t: libc::time_t, local: bool) -> PyResult<libc::tm> {
    let mut tm = zeroed_tm();
    // SAFETY: `t` and `tm` are valid; the *_r functions are reentrant.
    let r = unsafe {
        if local {
            libc::localtime_r(&t, &mut tm)
        } else {
            libc::gmtime_r(&t, &mut tm)
        }
    };
    if r.is_null() {
        let e = std::io::Error::last_os_error()
            .raw_os_error()
            .unwrap_or(libc::EOVERFLOW);
        return Err(os_error(
            vm,
            if e == 0 { libc::EOVERFLOW } else { e },
            None,
            None,
        ));
    }
    Ok(tm)
}

fn one_optional(vm: &Vm, args: &Args, name: &str) -> PyResult<Option<Value>> {
    if args.has_kw() {
        return Err(vm.type_error(format!("{name}() takes no keyword arguments")));
    }
    match args.pos() {
        [] => Ok(None),
        [v] => Ok(Some(v.clone())),
        a => Err(vm.type_error(format!(
            "{name} expected at most 1 argument, got {}",
            a.len()
        ))),
    }
}

fn time_gmtime(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = one_optional(vm, &args, "gmtime")?;
    let t = time_t_arg(vm, v.as_ref())?;
    Ok(tm_to_struct_time(vm, &convert(vm, t, false)?))
}

fn time_localtime(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = one_optional(vm, &args, "localtime")?;
    let t = time_t_arg(vm, v.as_ref())?;
    Ok(tm_to_struct_time(vm, &convert(vm, t, true)?))
}

/// A time tuple or struct_time as a C `struct tm` (CPython's gettmarg); the zone string
/// is kept alive by the returned CString.
fn tm_arg(vm: &Vm, v: &Value, errmsg: &str) -> PyResult<(libc::tm, Option<CString>)> {
    let items = match v.as_obj().and_then(|o| o.payload.as_tuple()) {
        Some(t) => t.to_vec(),
        None => return Err(vm.type_error("Tuple or struct_time argument required")),
    };
    if items.len() != 9 {
        return Err(vm.type_error(errmsg.to_string()));
    }
    let mut ints = [0i64; 9];
    for (i, item) in items.iter().enumerate() {
        if let Value::Float(_) = item {
            return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
        }
        let n = vm.to_index(item)?;
        if i32::try_from(n).is_err() {
            return Err(vm.overflow_error(if n > 0 {
                "signed integer is greater than maximum"
            } else {
                "signed integer is less than minimum"
            }));
        }
        ints[i] = n;
    }
    if ints[0] < i64::from(i32::MIN) + 1900 {
        return Err(vm.overflow_error("year out of range"));
    }
    let mut tm = zeroed_tm();
    tm.tm_year = (ints[0] - 1900) as i32;
    tm.tm_mon = ints[1] as i32 - 1;
    tm.tm_mday = ints[2] as i32;
    tm.tm_hour = ints[3] as i32;
    tm.tm_min = ints[4] as i32;
    tm.tm_sec = ints[5] as i32;
    tm.tm_wday = ((ints[6] + 1) % 7) as i32;
    tm.tm_yday = ints[7] as i32 - 1;
    tm.tm_isdst = ints[8] as i32;
    let mut zone_keep = None;
    let st = struct_time_type(vm);
    if let Value::Obj(o) = v {
        if o.class().is(&st) {
            if let Some(d) = o.dict() {
                if let Some(z) = dict::get_str(&d, &vm.intern("tm_zone")) {
                    if !z.is_none() {
                        let s = vm.str_string(&z)?;
                        let c = CString::new(s)
                            .map_err(|_| vm.value_error("embedded null character"))?;
                        tm.tm_zone = c.as_ptr();
                        zone_keep = Some(c);
                    }
                }
                if let Some(g) = dict::get_str(&d, &vm.intern("tm_gmtoff")) {
                    if !g.is_none() {
                        tm.tm_gmtoff = vm.to_index(&g)?;
                    }
                }
            }
        }
    }
    Ok((tm, zone_keep))
}

/// CPython's checktm: the ranges strftime and asctime accept (zero months and days
/// mean the first).
fn check_tm(vm: &Vm, tm: &mut libc::tm) -> PyResult<()> {
    if tm.tm_mon == -1 {
        tm.tm_mon = 0;
    } else if !(0..=11).contains(&tm.tm_mon) {
        return Err(vm.value_error("month out of range"));
    }
    if tm.tm_mday == 0 {
        tm.tm_mday = 1;
    } else if !(0..=31).contains(&tm.tm_mday) {
        return Err(vm.value_error("day of month out of range"));
    }
    if !(0..=23).contains(&tm.tm_hour) {
        return Err(vm.value_error("hour out of range"));
    }
    if !(0..=59).contains(&tm.tm_min) {
        return Err(vm.value_error("minute out of range"));
    }
    if !(0..=61).contains(&tm.tm_sec) {
        return Err(vm.value_error("seconds out of range"));
    }
    if tm.tm_wday < 0 {
        return Err(vm.value_error("day of week out of range"));
    }
    if tm.tm_yday == -1 {
        tm.tm_yday = 0;
    } else if !(0..=365).contains(&tm.tm_yday) {
        return Err(vm.value_error("day of year out of range"));
    }
    Ok(())
}

fn now_local(vm: &Vm) -> PyResult<libc::tm> {
    // SAFETY: time(NULL) has no preconditions.
    let t = unsafe { libc::time(std::ptr::null_mut()) };
    convert(vm, t, true)
}

fn time_strftime(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.has_kw() {
        return Err(vm.type_error("strftime() takes no keyword arguments"));
    }
    let pos = args.pos();
    if pos.is_empty() || pos.len() > 2 {
        return Err(vm.type_error(
            format!(
                "strftime expected at {} 1 argument{}, got {}",
                if pos.is_empty() { "least" } else { "most" },
                if pos.is_empty() { "" } else { "s" },
                pos.len()
            )
            .replace("at most 1 arguments", "at most 2 arguments"),
        ));
    }
    let fmt = match &pos[0] {
        Value::Obj(o) if o.payload.as_str().is_some() => o
            .payload
            .as_str()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        v => {
            return Err(vm.type_error(format!(
                "strftime() argument 1 must be str, not {}",
                vm.type_name(v)
            )))
        }
    };
    let (mut tm, _zone) = match pos.get(1) {
        None => (now_local(vm)?, None),
        Some(t) => {
            let (mut tm, z) = tm_arg(vm, t, "strftime(): illegal time tuple argument")?;
            check_tm(vm, &mut tm)?;
            (tm, z)
        }
    };
    tm.tm_isdst = tm.tm_isdst.clamp(-1, 1);
    Ok(vm.new_str(format_tm(vm, &fmt, &tm)?))
}

/// strftime(3) over a Rust string (the format may hold NULs: each piece is formatted).
fn format_tm(vm: &Vm, fmt: &str, tm: &libc::tm) -> PyResult<String> {
    let mut out = String::new();
    for (i, piece) in fmt.split('\0').enumerate() {
        if i > 0 {
            out.push('\0');
        }
        if piece.is_empty() {
            continue;
        }
        let c = CString::new(piece).map_err(|_| vm.value_error("embedded null character"))?;
        let mut size = 1024usize;
        loop {
            let mut buf = vec![0u8; size];
            // SAFETY: `buf` is writable for `size` bytes; the format is NUL-terminated.
            let n = unsafe { libc::strftime(buf.as_mut_ptr().cast(), size, c.as_ptr(), tm) };
            if n > 0 || size >= 256 * piece.len() {
                buf.truncate(n);
                if let Value::Obj(o) = crate::posix::fs_decode(vm, &buf) {
                    out.push_str(o.payload.as_str().map(|s| s.as_str()).unwrap_or(""));
                }
                break;
            }
            size *= 2;
        }
    }
    Ok(out)
}

fn asctime_text(tm: &libc::tm) -> String {
    const WDAY: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MON: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {}{:3} {:02}:{:02}:{:02} {}",
        WDAY[tm.tm_wday.rem_euclid(7) as usize],
        MON[tm.tm_mon.rem_euclid(12) as usize],
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        1900 + i64::from(tm.tm_year)
    )
}

fn time_asctime(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = one_optional(vm, &args, "asctime")?;
    let tm = match v {
        None => now_local(vm)?,
        Some(t) => {
            let (mut tm, _z) = tm_arg(vm, &t, "asctime(): illegal time tuple argument")?;
            check_tm(vm, &mut tm)?;
            tm
        }
    };
    Ok(vm.new_str(asctime_text(&tm)))
}

fn time_ctime(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = one_optional(vm, &args, "ctime")?;
    let t = time_t_arg(vm, v.as_ref())?;
    Ok(vm.new_str(asctime_text(&convert(vm, t, true)?)))
}

fn time_mktime(vm: &Vm, args: Args) -> PyResult<Value> {
    if args.has_kw() || args.pos().len() != 1 {
        return Err(vm.type_error(format!(
            "time.mktime() takes exactly one argument ({} given)",
            args.args.len()
        )));
    }
    let (mut tm, _z) = tm_arg(vm, &args.pos()[0], "mktime(): illegal time tuple argument")?;
    tm.tm_wday = -1;
    // SAFETY: `tm` is a valid struct tm.
    let t = unsafe { libc::mktime(&mut tm) };
    if t == -1 && tm.tm_wday == -1 {
        return Err(vm.overflow_error("mktime argument out of range"));
    }
    Ok(Value::Float(t as f64))
}

fn time_strptime(vm: &Vm, args: Args) -> PyResult<Value> {
    let m = pyrs_vm::import::import_module(vm, "_strptime")?;
    let f = vm.get_attr_str(&m, "_strptime_time")?;
    vm.call(&f, args)
}

// ----- time zone -----------------------------------------------------------------------

/// Set timezone, altzone, daylight and tzname from the C library, as CPython's
/// init_timezone does: probe January and July of the current year.
fn init_timezone(vm: &Vm, d: &ObjRef) -> PyResult<()> {
    extern "C" {
        fn tzset();
    }
    // SAFETY: tzset only reads TZ and sets the C library's zone state.
    unsafe { tzset() };
    const YEAR: i64 = (365 * 24 + 6) * 3600;
    // SAFETY: time(NULL) has no preconditions.
    let now = unsafe { libc::time(std::ptr::null_mut()) };
    let t = (now / YEAR) * YEAR;
    let jan = convert(vm, t, true)?;
    let jul = convert(vm, t + YEAR / 2, true)?;
    let zone_name = |tm: &libc::tm| -> String {
        if tm.tm_zone.is_null() {
            String::new()
        } else {
            // SAFETY: a non-null tm_zone is NUL-terminated.
            unsafe { CStr::from_ptr(tm.tm_zone) }
                .to_string_lossy()
                .into_owned()
        }
    };
    let janzone = -jan.tm_gmtoff;
    let julzone = -jul.tm_gmtoff;
    let janname = zone_name(&jan);
    let julname = zone_name(&jul);
    let (timezone, altzone, daylight, names) = if janzone < julzone {
        // Southern hemisphere: DST is in January.
        (julzone, janzone, janzone != julzone, (julname, janname))
    } else {
        (janzone, julzone, janzone != julzone, (janname, julname))
    };
    let set = |k: &str, v: Value| dict::set_str(d, &vm.intern(k), v);
    set("timezone", Value::Int(timezone));
    set("altzone", Value::Int(altzone));
    set("daylight", Value::Int(i64::from(daylight)));
    set(
        "tzname",
        vm.new_tuple(vec![vm.new_str(names.0), vm.new_str(names.1)]),
    );
    Ok(())
}

fn time_tzset(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "tzset")?;
    let m = pyrs_vm::import::import_module(vm, "time")?;
    if let Some(d) = m.as_obj().and_then(|o| o.dict()) {
        init_timezone(vm, &d)?;
    }
    Ok(Value::None)
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("time");
    let d = m
        .dict()
        .ok_or_else(|| vm.type_error("module without a namespace"))?;
    let set = |k: &str, v: Value| dict::set_str(&d, &vm.intern(k), v);
    set("struct_time", Value::Obj(struct_time_type(vm)));
    set("_STRUCT_TM_ITEMS", Value::Int(11));
    for (name, v) in [
        ("CLOCK_REALTIME", libc::CLOCK_REALTIME),
        ("CLOCK_MONOTONIC", libc::CLOCK_MONOTONIC),
        ("CLOCK_MONOTONIC_RAW", libc::CLOCK_MONOTONIC_RAW),
        ("CLOCK_PROCESS_CPUTIME_ID", libc::CLOCK_PROCESS_CPUTIME_ID),
        ("CLOCK_THREAD_CPUTIME_ID", libc::CLOCK_THREAD_CPUTIME_ID),
        ("CLOCK_BOOTTIME", libc::CLOCK_BOOTTIME),
        ("CLOCK_TAI", libc::CLOCK_TAI),
    ] {
        set(name, Value::Int(i64::from(v)));
    }
    init_timezone(vm, &d)?;
    let fns: &[(&'static str, pyrs_vm::object::NativeFn)] = &[
        ("time", time_time),
        ("time_ns", time_time_ns),
        ("monotonic", time_monotonic),
        ("monotonic_ns", time_monotonic_ns),
        ("perf_counter", time_perf_counter),
        ("perf_counter_ns", time_perf_counter_ns),
        ("process_time", time_process_time),
        ("process_time_ns", time_process_time_ns),
        ("thread_time", time_thread_time),
        ("thread_time_ns", time_thread_time_ns),
        ("clock_gettime", time_clock_gettime),
        ("clock_gettime_ns", time_clock_gettime_ns),
        ("clock_getres", time_clock_getres),
        ("get_clock_info", time_get_clock_info),
        ("sleep", time_sleep),
        ("gmtime", time_gmtime),
        ("localtime", time_localtime),
        ("mktime", time_mktime),
        ("strftime", time_strftime),
        ("strptime", time_strptime),
        ("asctime", time_asctime),
        ("ctime", time_ctime),
        ("tzset", time_tzset),
    ];
    for (name, f) in fns {
        vm.add_module_fn(&m, name, *f);
    }
    Ok(m)
}
