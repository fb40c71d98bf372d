//! `re.Match` (the result of a successful match) and `_sre.SRE_Scanner` (the state
//! behind `finditer` and `Pattern.scanner`).

use std::cell::Cell;

use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::NativeData;
use pyrs_vm::vm::{Args, PyResult};
use pyrs_vm::{Value, Vm};

use super::engine::NONE;
use super::pattern::{truncate_chars, PatternData};
use super::{engine_error, parse_args, slice_value, with_state, Engine, Subject};

/// A match. Invariants: `regs[0]` is the span of the whole match, `regs[g]` the span
/// of group g or (-1, -1); `regs.len()` is the pattern's groups + 1.
pub struct MatchData {
    pub string: Value,
    pub pattern: Value,
    pub subject: Subject,
    pub regs: Box<[(i64, i64)]>,
    pub pos: usize,
    pub endpos: usize,
    pub lastindex: isize,
}

impl NativeData for MatchData {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.string);
        visit(&self.pattern);
    }
}

/// A Match object for the engine's last successful match.
#[allow(clippy::too_many_arguments)]
pub fn new_match(
    vm: &Vm,
    po: &ObjRef,
    p: &PatternData,
    string: &Value,
    subj: &Subject,
    st: &dyn Engine,
    pos: usize,
    endpos: usize,
) -> Value {
    let (a, b) = st.span();
    let mut regs = Vec::with_capacity(p.groups + 1);
    regs.push((a as i64, b as i64));
    for g in 1..=p.groups {
        regs.push(match st.group_span(g) {
            Some((x, y)) => (x as i64, y as i64),
            None => (-1, -1),
        });
    }
    let data = MatchData {
        string: string.clone(),
        pattern: Value::Obj(po.clone()),
        subject: subj.clone(),
        regs: regs.into_boxed_slice(),
        pos,
        endpos,
        lastindex: st.lastindex(),
    };
    Value::Obj(vm.new_native_object(&p.types.match_, data))
}

fn this<'a>(vm: &Vm, v: Option<&'a Value>) -> PyResult<&'a MatchData> {
    match v {
        Some(Value::Obj(o)) => o.payload.native::<MatchData>(),
        _ => None,
    }
    .ok_or_else(|| vm.type_error("descriptor requires a 're.Match' object"))
}

fn pattern_of(m: &MatchData) -> Option<&PatternData> {
    match &m.pattern {
        Value::Obj(o) => o.payload.native::<PatternData>(),
        _ => None,
    }
}

/// The group number `index` names (an int, or a group name).
fn group_index(vm: &Vm, m: &MatchData, index: &Value) -> PyResult<usize> {
    let no_such = || vm.index_error("no such group");
    let i = match index {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        v if vm.isinstance(v, &vm.types.int) => -1,
        v => {
            let gi = pattern_of(m).map(|p| p.groupindex.clone());
            match gi {
                Some(Value::Obj(d)) if d.payload.as_dict().is_some() => {
                    match pyrs_vm::objects::dict::get(vm, &d, v)? {
                        Some(Value::Int(i)) => i,
                        _ => -1,
                    }
                }
                _ => {
                    // Still hash the key as CPython's dict lookup would.
                    let has_index = vm
                        .get_attr_opt(v, &vm.intern("__index__"))
                        .ok()
                        .flatten()
                        .is_some();
                    if has_index {
                        match vm.index_value(v)? {
                            Value::Int(i) => i,
                            _ => -1,
                        }
                    } else {
                        -1
                    }
                }
            }
        }
    };
    if i < 0 || i as usize >= m.regs.len() {
        return Err(no_such());
    }
    Ok(i as usize)
}

fn group_value(vm: &Vm, m: &MatchData, g: usize, default: &Value) -> Value {
    let (a, b) = m.regs[g];
    if a < 0 || b < 0 {
        return default.clone();
    }
    slice_value(vm, &m.string, &m.subject, a as usize, b as usize)
}

fn match_group(vm: &Vm, args: Args) -> PyResult<Value> {
    let m = this(vm, args.args.first())?;
    if args.has_kw() {
        return Err(vm.type_error("group() takes no keyword arguments"));
    }
    let rest = &args.pos()[1..];
    match rest.len() {
        0 => Ok(group_value(vm, m, 0, &Value::None)),
        1 => {
            let g = group_index(vm, m, &rest[0])?;
            Ok(group_value(vm, m, g, &Value::None))
        }
        _ => {
            let mut out = Vec::with_capacity(rest.len());
            for v in rest {
                let g = group_index(vm, m, v)?;
                out.push(group_value(vm, m, g, &Value::None));
            }
            Ok(vm.new_tuple(out))
        }
    }
}

fn match_getitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let m = this(vm, args.args.first())?;
    let key = args
        .args
        .get(1)
        .ok_or_else(|| vm.type_error("__getitem__ expected 1 argument"))?;
    let g = group_index(vm, m, key)?;
    Ok(group_value(vm, m, g, &Value::None))
}

fn match_groups(vm: &Vm, args: Args) -> PyResult<Value> {
    let m = this(vm, args.args.first())?;
    let a = parse_args(vm, &args, "groups", &["default"], 0)?;
    let default = a[0].clone().unwrap_or(Value::None);
    let out = (1..m.regs.len())
        .map(|g| group_value(vm, m, g, &default))
        .collect();
    Ok(vm.new_tuple(out))
}

fn match_groupdict(vm: &Vm, args: Args) -> PyResult<Value> {
    let m = this(vm, args.args.first())?;
    let a = parse_args(vm, &args, "groupdict", &["default"], 0)?;
    let default = a[0].clone().unwrap_or(Value::None);
    let d = vm.new_dict_obj();
    if let Some(Value::Obj(gi)) = pattern_of(m).map(|p| p.groupindex.clone()) {
        if let Some(t) = gi.payload.as_dict() {
            let keys = t.borrow().keys();
            for k in keys {
                let g = group_index(vm, m, &k)?;
                let v = group_value(vm, m, g, &default);
                pyrs_vm::objects::dict::set(vm, &d, k, v)?;
            }
        }
    }
    Ok(Value::Obj(d))
}

/// The optional positional `group` argument of start/end/span.
fn group_arg(vm: &Vm, args: &Args, m: &MatchData, fname: &str) -> PyResult<usize> {
    if args.has_kw() {
        return Err(vm.type_error(format!("Match.{fname}() takes no keyword arguments")));
    }
    let rest = &args.pos()[1..];
    match rest {
        [] => Ok(0),
        [v] => group_index(vm, m, v),
        _ => Err(vm.type_error(format!(
            "{fname} expected at most 1 argument, got {}",
            rest.len()
        ))),
    }
}

fn match_start(vm: &Vm, args: Args) -> PyResult<Value> {
    let m = this(vm, args.args.first())?;
    let g = group_arg(vm, &args, m, "start")?;
    Ok(Value::Int(m.regs[g].0))
}

fn match_end(vm: &Vm, args: Args) -> PyResult<Value> {
    let m = this(vm, args.args.first())?;
    let g = group_arg(vm, &args, m, "end")?;
    Ok(Value::Int(m.regs[g].1))
}

fn match_span(vm: &Vm, args: Args) -> PyResult<Value> {
    let m = this(vm, args.args.first())?;
    let g = group_arg(vm, &args, m, "span")?;
    let (a, b) = m.regs[g];
    Ok(vm.new_tuple(vec![Value::Int(a), Value::Int(b)]))
}

fn match_expand(vm: &Vm, args: Args) -> PyResult<Value> {
    let m = this(vm, args.args.first())?;
    let a = parse_args(vm, &args, "expand", &["template"], 1)?;
    let template = a[0].clone().unwrap_or(Value::None);
    let re = pyrs_vm::import::import_module(vm, "re")?;
    let f = vm.get_attr_str(&re, "_expand")?;
    vm.call(
        &f,
        Args::new(&[m.pattern.clone(), args.args[0].clone(), template]),
    )
}

fn match_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let m = this(vm, args.args.first())?;
    let g0 = group_value(vm, m, 0, &Value::None);
    let r = vm.repr_string(&g0)?;
    Ok(vm.new_str(format!(
        "<re.Match object; span=({}, {}), match={}>",
        m.regs[0].0,
        m.regs[0].1,
        truncate_chars(&r, 50)
    )))
}

fn return_self(_vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(args.args.first().cloned().unwrap_or(Value::None))
}

fn match_get_string(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(this(vm, Some(v))?.string.clone())
}

fn match_get_re(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(this(vm, Some(v))?.pattern.clone())
}

fn match_get_pos(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(this(vm, Some(v))?.pos as i64))
}

fn match_get_endpos(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(this(vm, Some(v))?.endpos as i64))
}

fn match_get_lastindex(vm: &Vm, v: &Value) -> PyResult<Value> {
    let m = this(vm, Some(v))?;
    Ok(if m.lastindex >= 0 {
        Value::Int(m.lastindex as i64)
    } else {
        Value::None
    })
}

fn match_get_lastgroup(vm: &Vm, v: &Value) -> PyResult<Value> {
    let m = this(vm, Some(v))?;
    if m.lastindex < 0 {
        return Ok(Value::None);
    }
    match pattern_of(m).map(|p| p.indexgroup.clone()) {
        Some(Value::Obj(t)) => match t.payload.as_tuple() {
            Some(items) => Ok(items
                .get(m.lastindex as usize)
                .cloned()
                .unwrap_or(Value::None)),
            None => Ok(Value::None),
        },
        _ => Ok(Value::None),
    }
}

fn match_get_regs(vm: &Vm, v: &Value) -> PyResult<Value> {
    let m = this(vm, Some(v))?;
    let regs = m
        .regs
        .iter()
        .map(|&(a, b)| vm.new_tuple(vec![Value::Int(a), Value::Int(b)]))
        .collect();
    Ok(vm.new_tuple(regs))
}

fn class_getitem(_vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(args.args.first().cloned().unwrap_or(Value::None))
}

pub fn init_match_type(vm: &Vm, t: &ObjRef) {
    vm.add_method(t, "group", match_group);
    vm.add_method(t, "__getitem__", match_getitem);
    vm.add_method(t, "groups", match_groups);
    vm.add_method(t, "groupdict", match_groupdict);
    vm.add_method(t, "start", match_start);
    vm.add_method(t, "end", match_end);
    vm.add_method(t, "span", match_span);
    vm.add_method(t, "expand", match_expand);
    vm.add_method(t, "__repr__", match_repr);
    vm.add_method(t, "__copy__", return_self);
    vm.add_method(t, "__deepcopy__", return_self);
    vm.add_classmethod(t, "__class_getitem__", class_getitem);
    vm.add_getset(t, "string", match_get_string, None);
    vm.add_getset(t, "re", match_get_re, None);
    vm.add_getset(t, "pos", match_get_pos, None);
    vm.add_getset(t, "endpos", match_get_endpos, None);
    vm.add_getset(t, "lastindex", match_get_lastindex, None);
    vm.add_getset(t, "lastgroup", match_get_lastgroup, None);
    vm.add_getset(t, "regs", match_get_regs, None);
}

// ----- scanner ---------------------------------------------------------------------------

/// The state of `finditer`/`scanner`: where the next attempt starts (`NONE` once
/// exhausted) and whether it must not match empty there.
pub struct ScannerData {
    pattern: Value,
    string: Value,
    subject: Subject,
    start: Cell<usize>,
    must_advance: Cell<bool>,
    pos: usize,
    endpos: usize,
}

impl ScannerData {
    pub fn new(pattern: Value, string: Value, subject: Subject, pos: usize, endpos: usize) -> Self {
        ScannerData {
            pattern,
            string,
            subject,
            start: Cell::new(pos),
            must_advance: Cell::new(false),
            pos,
            endpos,
        }
    }
}

impl NativeData for ScannerData {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.pattern);
        visit(&self.string);
    }
}

fn scanner_step(vm: &Vm, args: Args, search: bool) -> PyResult<Value> {
    let sc = match args.args.first() {
        Some(Value::Obj(o)) => o.payload.native::<ScannerData>(),
        _ => None,
    }
    .ok_or_else(|| vm.type_error("descriptor requires a '_sre.SRE_Scanner' object"))?;
    let start = sc.start.get();
    if start == NONE {
        return Ok(Value::None);
    }
    let po = match &sc.pattern {
        Value::Obj(o) => o,
        _ => return Ok(Value::None),
    };
    let p = po
        .payload
        .native::<PatternData>()
        .ok_or_else(|| vm.type_error("scanner without pattern"))?;
    with_state(&p.code, p.groups, &sc.subject, sc.pos, sc.endpos, |st| {
        st.set_start(start);
        st.set_must_advance(sc.must_advance.get());
        let r = if search { st.search() } else { st.pmatch() };
        match r {
            Ok(true) => {
                let m = new_match(vm, po, p, &sc.string, &sc.subject, st, sc.pos, sc.endpos);
                let (b, e) = st.span();
                sc.must_advance.set(e == b);
                sc.start.set(e);
                Ok(m)
            }
            Ok(false) => {
                sc.start.set(NONE);
                Ok(Value::None)
            }
            Err(e) => Err(engine_error(vm, e)),
        }
    })
}

fn scanner_match(vm: &Vm, args: Args) -> PyResult<Value> {
    scanner_step(vm, args, false)
}

fn scanner_search(vm: &Vm, args: Args) -> PyResult<Value> {
    scanner_step(vm, args, true)
}

fn scanner_get_pattern(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v {
        Value::Obj(o) => o.payload.native::<ScannerData>().map(|s| s.pattern.clone()),
        _ => None,
    }
    .ok_or_else(|| vm.type_error("descriptor requires a '_sre.SRE_Scanner' object"))
}

pub fn init_scanner_type(vm: &Vm, t: &ObjRef) {
    vm.add_method(t, "match", scanner_match);
    vm.add_method(t, "search", scanner_search);
    vm.add_getset(t, "pattern", scanner_get_pattern, None);
}
