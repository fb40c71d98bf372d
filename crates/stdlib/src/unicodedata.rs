//! The `unicodedata` module for Unicode 14.0.0, CPython 3.11's database: properties,
//! names, numeric values and the four normalization forms; `ucd_3_2_0` answers from the
//! Unicode 3.2.0 database (used by IDNA and stringprep). The data comes from
//! `unicodedata_tables.rs`, generated from CPython 3.11 by
//! `tools/gen_unicodedata_tables.py`.

use std::cell::RefCell;
use std::collections::HashMap;

use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::{NativeData, Payload};
use pyrs_vm::objects::dict;
use pyrs_vm::objects::str::PyStr;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::unicodedata_tables as t;
use crate::util::{native_of, pos_only};

const NAME_MAXLEN: usize = 256;

// ----- lookups in the tables -------------------------------------------------------------

/// Which database a query reads: the current one (14.0.0) or `ucd_3_2_0`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Db {
    V14,
    V320,
}

fn props_db(db: Db, cp: u32) -> (&'static str, &'static str, u8, &'static str, bool) {
    let (runs, recs) = match db {
        Db::V14 => (t::RUNS, t::PROPS),
        Db::V320 => (t::RUNS_320, t::PROPS_320),
    };
    let i = match runs.binary_search_by_key(&cp, |r| r.0) {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1),
    };
    recs[runs[i].1 as usize]
}

fn props(cp: u32) -> (&'static str, &'static str, u8, &'static str, bool) {
    props_db(Db::V14, cp)
}

pub fn combining(cp: u32) -> u8 {
    props(cp).2
}

fn decomp_str(cp: u32) -> Option<&'static str> {
    t::DECOMP
        .binary_search_by_key(&cp, |r| r.0)
        .ok()
        .map(|i| t::DECOMP[i].1)
}

fn decomp_str_db(db: Db, cp: u32) -> Option<&'static str> {
    if db == Db::V320 {
        if let Ok(i) = t::DECOMP_320.binary_search_by_key(&cp, |r| r.0) {
            let d = t::DECOMP_320[i].1;
            return if d.is_empty() { None } else { Some(d) };
        }
    }
    decomp_str(cp)
}

fn lookup_pair<V: Copy>(table: &[(u32, V)], cp: u32) -> Option<V> {
    table
        .binary_search_by_key(&cp, |r| r.0)
        .ok()
        .map(|i| table[i].1)
}

const S_BASE: u32 = 0xAC00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11A7;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const N_COUNT: u32 = V_COUNT * T_COUNT;
const S_COUNT: u32 = L_COUNT * N_COUNT;

const JAMO_L: [&str; 19] = [
    "G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P",
    "H",
];
const JAMO_V: [&str; 21] = [
    "A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE",
    "WI", "YU", "EU", "YI", "I",
];
const JAMO_T: [&str; 28] = [
    "", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M",
    "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H",
];

/// The Unicode 14.0 name of `cp`, as CPython 3.11's `unicodedata.name`.
pub fn char_name(cp: u32) -> Option<String> {
    if (S_BASE..S_BASE + S_COUNT).contains(&cp) {
        let s = cp - S_BASE;
        let (l, v, tt) = (s / N_COUNT, (s % N_COUNT) / T_COUNT, s % T_COUNT);
        return Some(format!(
            "HANGUL SYLLABLE {}{}{}",
            JAMO_L[l as usize], JAMO_V[v as usize], JAMO_T[tt as usize]
        ));
    }
    for &(lo, hi, prefix) in t::NAME_RANGES {
        if (lo..=hi).contains(&cp) {
            return Some(format!("{prefix}{cp:X}"));
        }
    }
    let i = t::NAME_CPS.binary_search(&cp).ok()?;
    let (a, b) = (t::NAME_OFFS[i] as usize, t::NAME_OFFS[i + 1] as usize);
    Some(t::NAME_DATA[a..b].to_string())
}

thread_local! {
    static NAME_MAP: RefCell<Option<HashMap<&'static str, u32>>> = const { RefCell::new(None) };
}

/// The code point named `name` or one of its aliases, as CPython 3.11's
/// `unicodedata.lookup` (named sequences apart).
pub fn lookup_name(name: &str) -> Option<u32> {
    // As CPython, the algorithmic names (Hangul syllables, CJK unified ideographs) match
    // only in upper case; the others in any case.
    let up = name.to_ascii_uppercase();
    if let Some(rest) = name.strip_prefix("HANGUL SYLLABLE ") {
        for l in 0..L_COUNT {
            let ls = JAMO_L[l as usize];
            let Some(r1) = rest.strip_prefix(ls) else {
                continue;
            };
            for v in 0..V_COUNT {
                let vs = JAMO_V[v as usize];
                let Some(r2) = r1.strip_prefix(vs) else {
                    continue;
                };
                for tt in 0..T_COUNT {
                    if r2 == JAMO_T[tt as usize] {
                        return Some(S_BASE + (l * V_COUNT + v) * T_COUNT + tt);
                    }
                }
            }
        }
        return None;
    }
    for &(lo, hi, prefix) in t::NAME_RANGES {
        let key = if prefix == "CJK UNIFIED IDEOGRAPH-" {
            name
        } else {
            up.as_str()
        };
        if let Some(hex) = key.strip_prefix(prefix) {
            if !hex.is_empty() && hex.len() <= 6 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                if let Ok(cp) = u32::from_str_radix(hex, 16) {
                    if (lo..=hi).contains(&cp) && format!("{cp:X}") == hex {
                        return Some(cp);
                    }
                }
            }
        }
    }
    let found = NAME_MAP.with(|m| {
        let mut m = m.borrow_mut();
        let map = m.get_or_insert_with(|| {
            let mut h = HashMap::with_capacity(t::NAME_CPS.len());
            for (i, &cp) in t::NAME_CPS.iter().enumerate() {
                let (a, b) = (t::NAME_OFFS[i] as usize, t::NAME_OFFS[i + 1] as usize);
                h.insert(&t::NAME_DATA[a..b], cp);
            }
            h
        });
        map.get(up.as_str()).copied()
    });
    if found.is_some() {
        return found;
    }
    // Name aliases (corrections, control names, abbreviations).
    t::NAME_ALIASES
        .binary_search_by_key(&up.as_str(), |r| r.0)
        .ok()
        .map(|i| t::NAME_ALIASES[i].1)
}

/// `name()` in a database: 3.2.0 names only the characters it assigns.
pub fn char_name_db(db: Db, cp: u32) -> Option<String> {
    if db == Db::V320 && props_db(db, cp).0 == "Cn" {
        return None;
    }
    char_name(cp)
}

/// `lookup()` in a database: 3.2.0 has no aliases, and its table names must be of
/// characters it assigns (the algorithmic Hangul and CJK names always match, as in
/// CPython).
pub fn lookup_name_db(db: Db, name: &str) -> Option<u32> {
    let cp = lookup_name(name)?;
    if db == Db::V14 {
        return Some(cp);
    }
    let algorithmic = (S_BASE..S_BASE + S_COUNT).contains(&cp)
        || t::NAME_RANGES
            .iter()
            .any(|&(lo, hi, p)| p == "CJK UNIFIED IDEOGRAPH-" && (lo..=hi).contains(&cp));
    if algorithmic {
        return Some(cp);
    }
    // Only the proper name, not an alias, of a character 3.2.0 assigns.
    match char_name_db(db, cp) {
        Some(n) if n.eq_ignore_ascii_case(name) => Some(cp),
        _ => None,
    }
}

// ----- normalization ---------------------------------------------------------------------

/// The decomposition mapping of `cp`: (is a compatibility mapping, code points).
fn decomp_of(cp: u32) -> Option<(bool, Vec<u32>)> {
    let s = decomp_str(cp)?;
    let compat = s.starts_with('<');
    let cps = s
        .split(' ')
        .filter(|p| !p.starts_with('<'))
        .filter_map(|p| u32::from_str_radix(p, 16).ok())
        .collect();
    Some((compat, cps))
}

fn decompose_into(out: &mut Vec<u32>, cp: u32, compat: bool) {
    if (S_BASE..S_BASE + S_COUNT).contains(&cp) {
        let s = cp - S_BASE;
        out.push(L_BASE + s / N_COUNT);
        out.push(V_BASE + (s % N_COUNT) / T_COUNT);
        if !s.is_multiple_of(T_COUNT) {
            out.push(T_BASE + s % T_COUNT);
        }
        return;
    }
    match decomp_of(cp) {
        Some((is_compat, cps)) if compat || !is_compat => {
            for c in cps {
                decompose_into(out, c, compat);
            }
        }
        _ => out.push(cp),
    }
}

/// NFD (or NFKD when `compat`): full decomposition then canonical ordering.
pub fn decompose(s: &[u32], compat: bool) -> Vec<u32> {
    decompose_db(Db::V14, s, compat)
}

fn decompose_db(db: Db, s: &[u32], compat: bool) -> Vec<u32> {
    let mut out = Vec::with_capacity(s.len());
    for &cp in s {
        if db == Db::V320 {
            let table = if compat { t::NFKD_320 } else { t::NFD_320 };
            if let Ok(i) = table.binary_search_by_key(&cp, |r| r.0) {
                out.extend(table[i].1.chars().map(|c| c as u32));
                continue;
            }
        }
        decompose_into(&mut out, cp, compat);
    }
    // Canonical ordering: a stable sort of each run of non-starters by combining class
    // (the current classes, in both databases, as CPython).
    let mut i = 0;
    while i < out.len() {
        if combining(out[i]) == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < out.len() && combining(out[i]) != 0 {
            i += 1;
        }
        out[start..i].sort_by_key(|&c| combining(c));
    }
    out
}

fn compose_pair(a: u32, b: u32) -> Option<u32> {
    if (L_BASE..L_BASE + L_COUNT).contains(&a) && (V_BASE..V_BASE + V_COUNT).contains(&b) {
        return Some(S_BASE + ((a - L_BASE) * V_COUNT + (b - V_BASE)) * T_COUNT);
    }
    if (S_BASE..S_BASE + S_COUNT).contains(&a)
        && (a - S_BASE).is_multiple_of(T_COUNT)
        && (T_BASE + 1..T_BASE + T_COUNT).contains(&b)
    {
        return Some(a + (b - T_BASE));
    }
    t::COMPOSE
        .binary_search_by_key(&(a, b), |r| (r.0, r.1))
        .ok()
        .map(|i| t::COMPOSE[i].2)
}

/// Canonical composition of a decomposed, canonically ordered string.
fn compose(s: Vec<u32>) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::with_capacity(s.len());
    let mut starter: Option<usize> = None;
    // Combining class of the last character kept after the starter, -1 when none.
    let mut last_cc: i32 = -1;
    for c in s {
        let cc = combining(c) as i32;
        if let Some(sp) = starter {
            if last_cc == -1 || last_cc < cc {
                if let Some(x) = compose_pair(out[sp], c) {
                    out[sp] = x;
                    continue;
                }
            }
        }
        if cc == 0 {
            starter = Some(out.len());
            last_cc = -1;
        } else {
            last_cc = cc;
        }
        out.push(c);
    }
    out
}

pub fn normalize_cps(form: &str, s: &[u32]) -> Option<Vec<u32>> {
    normalize_db(Db::V14, form, s)
}

pub fn normalize_db(db: Db, form: &str, s: &[u32]) -> Option<Vec<u32>> {
    // ASCII text is the same in every form.
    if s.iter().all(|&c| c < 0x80) && matches!(form, "NFC" | "NFKC" | "NFD" | "NFKD") {
        return Some(s.to_vec());
    }
    Some(match form {
        "NFC" => compose(decompose_db(db, s, false)),
        "NFKC" => compose(decompose_db(db, s, true)),
        "NFD" => decompose_db(db, s, false),
        "NFKD" => decompose_db(db, s, true),
        _ => return None,
    })
}

// ----- the module ------------------------------------------------------------------------

/// The `unicodedata.UCD` object: `ucd_3_2_0`, the Unicode 3.2.0 database.
struct Ucd;
impl NativeData for Ucd {}

fn is_ucd(args: &Args) -> bool {
    args.args
        .first()
        .map(|v| native_of::<Ucd>(v).is_some())
        .unwrap_or(false)
}

fn char_arg(vm: &Vm, fname: &str, v: &Value) -> PyResult<u32> {
    if let Value::Obj(o) = v {
        if let Payload::Str(s) = &o.payload {
            if s.char_len() == 1 {
                return Ok(s.code_point_at(0));
            }
        }
    }
    Err(vm.type_error(format!(
        "{fname}() argument must be a unicode character, not {}",
        vm.type_name(v)
    )))
}

fn char_arg1(vm: &Vm, fname: &str, v: &Value) -> PyResult<u32> {
    char_arg(vm, fname, v).map_err(|_| {
        vm.type_error(format!(
            "{fname}() argument 1 must be a unicode character, not {}",
            vm.type_name(v)
        ))
    })
}

fn one_char(vm: &Vm, args: &Args, fname: &str) -> PyResult<u32> {
    let p = pos_only(vm, fname, args, 1, 1)?;
    char_arg(vm, fname, &p[0])
}

fn ud_category(vm: &Vm, db: Db, args: Args) -> PyResult<Value> {
    let cp = one_char(vm, &args, "category")?;
    Ok(vm.new_str(props_db(db, cp).0))
}

fn ud_bidirectional(vm: &Vm, db: Db, args: Args) -> PyResult<Value> {
    let cp = one_char(vm, &args, "bidirectional")?;
    Ok(vm.new_str(props_db(db, cp).1))
}

fn ud_combining(vm: &Vm, db: Db, args: Args) -> PyResult<Value> {
    let cp = one_char(vm, &args, "combining")?;
    Ok(Value::Int(props_db(db, cp).2 as i64))
}

fn ud_east_asian_width(vm: &Vm, db: Db, args: Args) -> PyResult<Value> {
    let cp = one_char(vm, &args, "east_asian_width")?;
    Ok(vm.new_str(props_db(db, cp).3))
}

fn ud_mirrored(vm: &Vm, db: Db, args: Args) -> PyResult<Value> {
    let cp = one_char(vm, &args, "mirrored")?;
    Ok(Value::Int(props_db(db, cp).4 as i64))
}

fn ud_decomposition(vm: &Vm, db: Db, args: Args) -> PyResult<Value> {
    let cp = one_char(vm, &args, "decomposition")?;
    Ok(vm.new_str(decomp_str_db(db, cp).unwrap_or("")))
}

fn numeric_fn(
    vm: &Vm,
    args: Args,
    fname: &str,
    get: impl Fn(u32) -> Option<Value>,
    err: &str,
) -> PyResult<Value> {
    let p = pos_only(vm, fname, &args, 1, 2)?;
    let cp = char_arg1(vm, fname, &p[0])?;
    match get(cp) {
        Some(v) => Ok(v),
        None => match p.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(vm.value_error(err.to_string())),
        },
    }
}

fn ud_decimal(vm: &Vm, db: Db, args: Args) -> PyResult<Value> {
    numeric_fn(
        vm,
        args,
        "decimal",
        |cp| {
            lookup_pair(
                if db == Db::V14 {
                    t::DECIMAL
                } else {
                    t::DECIMAL_320
                },
                cp,
            )
            .map(|v| Value::Int(v as i64))
        },
        "not a decimal",
    )
}

fn ud_digit(vm: &Vm, db: Db, args: Args) -> PyResult<Value> {
    numeric_fn(
        vm,
        args,
        "digit",
        |cp| {
            lookup_pair(
                if db == Db::V14 {
                    t::DIGIT
                } else {
                    t::DIGIT_320
                },
                cp,
            )
            .map(|v| Value::Int(v as i64))
        },
        "not a digit",
    )
}

fn ud_numeric(vm: &Vm, db: Db, args: Args) -> PyResult<Value> {
    numeric_fn(
        vm,
        args,
        "numeric",
        |cp| {
            lookup_pair(
                if db == Db::V14 {
                    t::NUMERIC
                } else {
                    t::NUMERIC_320
                },
                cp,
            )
            .map(Value::Float)
        },
        "not a numeric character",
    )
}

fn ud_name(vm: &Vm, db: Db, args: Args) -> PyResult<Value> {
    let p = pos_only(vm, "name", &args, 1, 2)?;
    let cp = char_arg1(vm, "name", &p[0])?;
    match char_name_db(db, cp) {
        Some(n) => Ok(vm.new_str(n)),
        None => match p.get(1) {
            Some(d) => Ok(d.clone()),
            None => Err(vm.value_error("no such name")),
        },
    }
}

fn ud_lookup(vm: &Vm, db: Db, args: Args) -> PyResult<Value> {
    let p = pos_only(vm, "lookup", &args, 1, 1)?;
    let name: String = match &p[0] {
        Value::Obj(o) => match &o.payload {
            Payload::Str(s) => s.as_str().to_string(),
            _ => match pyrs_vm::objects::memoryview::bytes_like(&p[0]) {
                Some(b) => String::from_utf8_lossy(&b).into_owned(),
                None => {
                    return Err(vm.type_error(format!(
                        "a bytes-like object is required, not '{}'",
                        vm.type_name(&p[0])
                    )))
                }
            },
        },
        v => {
            return Err(vm.type_error(format!(
                "a bytes-like object is required, not '{}'",
                vm.type_name(v)
            )))
        }
    };
    if name.len() > NAME_MAXLEN {
        return Err(vm.key_error(vm.new_str("name too long")));
    }
    if let Some(cp) = lookup_name_db(db, &name) {
        return Ok(vm.new_pystr(PyStr::from_code_points(&[cp])));
    }
    let up = name.to_ascii_uppercase();
    match t::NAMED_SEQUENCES.binary_search_by_key(&up.as_str(), |r| r.0) {
        Ok(i) if db == Db::V14 => Ok(vm.new_str(t::NAMED_SEQUENCES[i].1)),
        _ => Err(vm.key_error(vm.new_str(format!("undefined character name '{name}'")))),
    }
}

fn norm_args(vm: &Vm, args: &Args, fname: &str) -> PyResult<(String, Vec<u32>)> {
    let p = pos_only(vm, fname, args, 2, 2)?;
    let form = match &p[0] {
        Value::Obj(o) => match o.payload.as_str() {
            Some(s) => s.as_str().to_string(),
            None => {
                return Err(vm.type_error(format!(
                    "{fname}() argument 1 must be str, not {}",
                    vm.type_name(&p[0])
                )))
            }
        },
        v => {
            return Err(vm.type_error(format!(
                "{fname}() argument 1 must be str, not {}",
                vm.type_name(v)
            )))
        }
    };
    let s = match &p[1] {
        Value::Obj(o) => match o.payload.as_str() {
            Some(s) => s.code_points().collect(),
            None => {
                return Err(vm.type_error(format!(
                    "{fname}() argument 2 must be str, not {}",
                    vm.type_name(&p[1])
                )))
            }
        },
        v => {
            return Err(vm.type_error(format!(
                "{fname}() argument 2 must be str, not {}",
                vm.type_name(v)
            )))
        }
    };
    Ok((form, s))
}

fn ud_normalize(vm: &Vm, db: Db, args: Args) -> PyResult<Value> {
    let (form, s) = norm_args(vm, &args, "normalize")?;
    match normalize_db(db, &form, &s) {
        Some(r) if r == s => Ok(args.args[args.args.len() - 1].clone()),
        Some(r) => Ok(vm.new_pystr(PyStr::from_code_points(&r))),
        None => Err(vm.value_error("invalid normalization form")),
    }
}

fn ud_is_normalized(vm: &Vm, db: Db, args: Args) -> PyResult<Value> {
    let (form, s) = norm_args(vm, &args, "is_normalized")?;
    match normalize_db(db, &form, &s) {
        Some(r) => Ok(Value::Bool(r == s)),
        None => Err(vm.value_error("invalid normalization form")),
    }
}

fn ucd_version(vm: &Vm, v: &Value) -> PyResult<Value> {
    match native_of::<Ucd>(v) {
        Some(_) => Ok(vm.new_str("3.2.0")),
        None => {
            Err(vm.type_error("descriptor 'unidata_version' requires a 'unicodedata.UCD' object"))
        }
    }
}

type Func = (
    &'static str,
    pyrs_vm::object::NativeFn,
    pyrs_vm::object::NativeFn,
);

/// Each query as a module function (the 14.0.0 database) and as a method of `UCD`
/// (`ucd_3_2_0`, the 3.2.0 database).
macro_rules! funcs {
    ($($name:literal => $imp:ident),* $(,)?) => {
        &[$(
            (
                $name,
                |vm: &Vm, args: Args| $imp(vm, Db::V14, args),
                |vm: &Vm, args: Args| {
                    if !is_ucd(&args) {
                        return Err(vm.type_error(concat!(
                            "descriptor '", $name, "' requires a 'unicodedata.UCD' object"
                        )));
                    }
                    $imp(vm, Db::V320, crate::util::rest(&args))
                },
            ),
        )*]
    };
}

const FUNCS: &[Func] = funcs![
    "category" => ud_category,
    "bidirectional" => ud_bidirectional,
    "combining" => ud_combining,
    "east_asian_width" => ud_east_asian_width,
    "mirrored" => ud_mirrored,
    "decomposition" => ud_decomposition,
    "decimal" => ud_decimal,
    "digit" => ud_digit,
    "numeric" => ud_numeric,
    "name" => ud_name,
    "lookup" => ud_lookup,
    "normalize" => ud_normalize,
    "is_normalized" => ud_is_normalized,
];

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("unicodedata");
    let d = m.dict().expect("module dict");
    let set = |name: &str, v: Value| dict::set_str(&d, &vm.intern(name), v);
    for (name, f, _) in FUNCS {
        vm.add_module_fn(&m, name, *f);
    }
    set("unidata_version", vm.new_str(t::UNIDATA_VERSION));
    let ucd = vm.new_native_type("unicodedata", "UCD", None, false, false);
    for (name, _, f) in FUNCS {
        vm.add_method(&ucd, name, *f);
    }
    vm.add_getset(&ucd, "unidata_version", ucd_version, None);
    vm.add_static(&ucd, "__new__", |vm, _args| {
        Err(vm.type_error("cannot create 'unicodedata.UCD' instances"))
    });
    set("UCD", Value::Obj(ucd.clone()));
    set("ucd_3_2_0", Value::Obj(vm.new_native_object(&ucd, Ucd)));
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for cp in [0x41u32, 0xAC00, 0xD7A3, 0x4E00, 0x1F600, 0xF900] {
            let n = char_name(cp).expect("named");
            assert_eq!(lookup_name(&n), Some(cp), "{n}");
        }
        assert_eq!(char_name(0x378), None);
    }

    #[test]
    fn normalization_basics() {
        assert_eq!(normalize_cps("NFC", &[0x65, 0x301]), Some(vec![0xE9]));
        assert_eq!(normalize_cps("NFD", &[0xE9]), Some(vec![0x65, 0x301]));
        assert_eq!(normalize_cps("NFKC", &[0xFB01]), Some(vec![0x66, 0x69]));
        assert_eq!(
            normalize_cps("NFC", &[0x1100, 0x1161, 0x11A8]),
            Some(vec![0xAC01])
        );
    }
}
