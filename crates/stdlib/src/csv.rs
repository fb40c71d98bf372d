//! The `_csv` module under Lib's `csv.py`: dialects (validated as CPython validates
//! them, kept in a registry by name), `reader` (CPython's character state machine, with
//! its quoting, escaping, `strict` and field-size rules) and `writer` (fields quoted and
//! escaped as CPython decides), with `_csv.Error` and CPython's messages.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::NativeData;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::util::{native_of, this};

const QUOTE_MINIMAL: i64 = 0;
const QUOTE_ALL: i64 = 1;
const QUOTE_NONNUMERIC: i64 = 2;
const QUOTE_NONE: i64 = 3;

thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
    static FIELD_LIMIT: Cell<i64> = const { Cell::new(128 * 1024) };
}

#[derive(Clone)]
struct State {
    error: ObjRef,
    dialect_type: ObjRef,
    reader_type: ObjRef,
    writer_type: ObjRef,
    registry: std::rc::Rc<RefCell<HashMap<String, Value>>>,
}

fn state(vm: &Vm) -> PyResult<State> {
    STATE
        .with(|s| s.borrow().clone())
        .ok_or_else(|| vm.runtime_error("_csv is not initialised"))
}

fn csv_error(vm: &Vm, msg: impl Into<String>) -> ObjRef {
    match state(vm) {
        Ok(s) => vm.new_exception_msg(&s.error, msg),
        Err(e) => e,
    }
}

/// A validated dialect: the `_csv.Dialect` object's state.
#[derive(Clone)]
struct Dialect {
    delimiter: char,
    doublequote: bool,
    escapechar: Option<char>,
    lineterminator: String,
    quotechar: Option<char>,
    quoting: i64,
    skipinitialspace: bool,
    strict: bool,
}

impl NativeData for Dialect {}

const DIALECT_FIELDS: [&str; 8] = [
    "delimiter",
    "doublequote",
    "escapechar",
    "lineterminator",
    "quotechar",
    "quoting",
    "skipinitialspace",
    "strict",
];

fn str_of(v: &Value) -> Option<String> {
    match v {
        Value::Obj(o) if o.payload.as_str().is_some() => {
            Some(pyrs_vm::objects::str::as_rust_str(o).to_string())
        }
        _ => None,
    }
}

/// `_set_char`: a required 1-character string.
fn set_char(vm: &Vm, name: &str, v: Option<&Value>, dflt: char) -> PyResult<char> {
    let Some(v) = v else { return Ok(dflt) };
    let s = str_of(v).ok_or_else(|| {
        vm.type_error(format!(
            "\"{name}\" must be string, not {}",
            vm.type_name(v)
        ))
    })?;
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(vm.type_error(format!("\"{name}\" must be a 1-character string"))),
    }
}

/// `_set_char_or_none`: a 1-character string, or None (or "") for none.
fn set_char_or_none(
    vm: &Vm,
    name: &str,
    v: Option<&Value>,
    dflt: Option<char>,
) -> PyResult<Option<char>> {
    let Some(v) = v else { return Ok(dflt) };
    if v.is_none() {
        return Ok(None);
    }
    let s = str_of(v).ok_or_else(|| {
        vm.type_error(format!(
            "\"{name}\" must be string or None, not {}",
            vm.type_name(v)
        ))
    })?;
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (c, None) => Ok(c),
        _ => Err(vm.type_error(format!("\"{name}\" must be a 1-character string"))),
    }
}

/// Build a dialect from an optional base (a registered name or an object with dialect
/// attributes) and keyword overrides, as `_csv.Dialect(dialect, **kwargs)`.
fn make_dialect(vm: &Vm, base: Option<&Value>, kwargs: &[(String, Value)]) -> PyResult<Dialect> {
    let base = match base {
        Some(v) if str_of(v).is_some() => Some(get_dialect_value(vm, v)?),
        Some(v) => Some(v.clone()),
        None => None,
    };
    if let Some(b) = &base {
        if kwargs.is_empty() {
            if let Some(d) = native_of::<Dialect>(b) {
                return Ok(d.clone());
            }
        }
    }
    let mut values: HashMap<&str, Value> = HashMap::new();
    if let Some(b) = &base {
        for name in DIALECT_FIELDS {
            if let Some(v) = vm.get_attr_opt(b, &vm.intern(name))? {
                values.insert(name, v);
            }
        }
    }
    for (k, v) in kwargs {
        match DIALECT_FIELDS.iter().find(|n| **n == k) {
            Some(n) => {
                values.insert(n, v.clone());
            }
            None => {
                return Err(vm.type_error(format!(
                    "'{k}' is an invalid keyword argument for this function"
                )))
            }
        }
    }
    let get = |n: &str| values.get(n);
    let truth = |n: &str, d: bool| -> PyResult<bool> {
        match get(n) {
            Some(v) => vm.is_true(v),
            None => Ok(d),
        }
    };
    let delimiter = set_char(vm, "delimiter", get("delimiter"), ',')?;
    let doublequote = truth("doublequote", true)?;
    let escapechar = set_char_or_none(vm, "escapechar", get("escapechar"), None)?;
    let lineterminator = match get("lineterminator") {
        None => Some("\r\n".to_string()),
        Some(v) if v.is_none() => None,
        Some(v) => {
            Some(str_of(v).ok_or_else(|| vm.type_error("\"lineterminator\" must be a string"))?)
        }
    };
    let quotechar = set_char_or_none(vm, "quotechar", get("quotechar"), Some('"'))?;
    let mut quoting = match get("quoting") {
        None => QUOTE_MINIMAL,
        Some(Value::Int(i)) => *i,
        Some(Value::Bool(b)) => i64::from(*b),
        Some(_) => return Err(vm.type_error("\"quoting\" must be an integer")),
    };
    let skipinitialspace = truth("skipinitialspace", false)?;
    let strict = truth("strict", false)?;
    if !(QUOTE_MINIMAL..=QUOTE_NONE).contains(&quoting) {
        return Err(vm.type_error("bad \"quoting\" value"));
    }
    if get("quotechar").is_some_and(|v| v.is_none()) && get("quoting").is_none() {
        quoting = QUOTE_NONE;
    }
    if quoting != QUOTE_NONE && quotechar.is_none() {
        return Err(vm.type_error("quotechar must be set if quoting enabled"));
    }
    let Some(lineterminator) = lineterminator else {
        return Err(vm.type_error("lineterminator must be set"));
    };
    Ok(Dialect {
        delimiter,
        doublequote,
        escapechar,
        lineterminator,
        quotechar,
        quoting,
        skipinitialspace,
        strict,
    })
}

/// Keyword arguments as (name, value) pairs.
fn kwargs_of(args: &Args) -> Vec<(String, Value)> {
    args.kwargs()
        .map(|(k, v)| (crate::util::kw_name(k), v.clone()))
        .collect()
}

fn new_dialect_object(vm: &Vm, d: Dialect) -> PyResult<Value> {
    Ok(Value::Obj(
        vm.new_native_object(&state(vm)?.dialect_type, d),
    ))
}

/// `_csv.Dialect(dialect=None, **kwargs)`.
fn dialect_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = crate::util::cls_arg(vm, &args)?;
    let rest = crate::util::rest(&args);
    let mut kwargs = kwargs_of(&rest);
    let mut base = rest.pos().first().cloned();
    if let Some(i) = kwargs.iter().position(|(k, _)| k == "dialect") {
        base = Some(kwargs.remove(i).1);
    }
    if rest.pos().len() > 1 {
        return Err(vm.type_error(format!(
            "Dialect() takes at most 1 positional argument ({} given)",
            rest.pos().len()
        )));
    }
    let d = make_dialect(vm, base.as_ref(), &kwargs)?;
    Ok(Value::Obj(vm.new_native_object(&cls, d)))
}

fn dialect_attr(vm: &Vm, v: &Value, name: &str) -> PyResult<Value> {
    let d = native_of::<Dialect>(v).ok_or_else(|| vm.type_error("_csv.Dialect expected"))?;
    let ch = |c: Option<char>| c.map_or(Value::None, |c| vm.new_str(c.to_string()));
    Ok(match name {
        "delimiter" => vm.new_str(d.delimiter.to_string()),
        "doublequote" => Value::Bool(d.doublequote),
        "escapechar" => ch(d.escapechar),
        "lineterminator" => vm.new_str(d.lineterminator.clone()),
        "quotechar" => ch(d.quotechar),
        "quoting" => Value::Int(d.quoting),
        "skipinitialspace" => Value::Bool(d.skipinitialspace),
        _ => Value::Bool(d.strict),
    })
}

macro_rules! dialect_getters {
    ($($f:ident => $name:literal),*) => {
        $(fn $f(vm: &Vm, v: &Value) -> PyResult<Value> { dialect_attr(vm, v, $name) })*
    };
}
dialect_getters!(
    get_delimiter => "delimiter",
    get_doublequote => "doublequote",
    get_escapechar => "escapechar",
    get_lineterminator => "lineterminator",
    get_quotechar => "quotechar",
    get_quoting => "quoting",
    get_skipinitialspace => "skipinitialspace",
    get_strict => "strict"
);

fn get_dialect_value(vm: &Vm, name: &Value) -> PyResult<Value> {
    let key = str_of(name).unwrap_or_default();
    state(vm)?
        .registry
        .borrow()
        .get(&key)
        .cloned()
        .ok_or_else(|| csv_error(vm, "unknown dialect"))
}

/// `register_dialect(name, dialect=None, **fmtparams)`.
fn register_dialect(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let Some(name) = pos.first() else {
        return Err(vm.type_error("register_dialect() expected at least 1 argument, got 0"));
    };
    let Some(key) = str_of(name) else {
        return Err(vm.type_error("dialect name must be a string"));
    };
    if pos.len() > 2 {
        return Err(vm.type_error(format!(
            "register_dialect() expected at most 2 arguments, got {}",
            pos.len()
        )));
    }
    let d = make_dialect(vm, pos.get(1), &kwargs_of(&args))?;
    let obj = new_dialect_object(vm, d)?;
    state(vm)?.registry.borrow_mut().insert(key, obj);
    Ok(Value::None)
}

fn unregister_dialect(vm: &Vm, args: Args) -> PyResult<Value> {
    let name = crate::util::one_arg(vm, "unregister_dialect", &args)?;
    let key = str_of(name).unwrap_or_default();
    match state(vm)?.registry.borrow_mut().remove(&key) {
        Some(_) => Ok(Value::None),
        None => Err(csv_error(vm, "unknown dialect")),
    }
}

fn get_dialect(vm: &Vm, args: Args) -> PyResult<Value> {
    let name = crate::util::one_arg(vm, "get_dialect", &args)?;
    get_dialect_value(vm, name)
}

fn list_dialects(vm: &Vm, _args: Args) -> PyResult<Value> {
    let names: Vec<Value> = state(vm)?
        .registry
        .borrow()
        .keys()
        .map(|k| vm.new_str(k.clone()))
        .collect();
    Ok(vm.new_list(names))
}

/// `field_size_limit([new_limit])`: the old limit.
fn field_size_limit(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = crate::util::bind(vm, "field_size_limit", &args, &["new_limit"], 0)?;
    let old = FIELD_LIMIT.with(|l| l.get());
    if let Some(v) = &a[0] {
        let n = match v {
            Value::Int(i) => *i,
            Value::Bool(b) => i64::from(*b),
            _ => return Err(vm.type_error("limit must be an integer")),
        };
        FIELD_LIMIT.with(|l| l.set(n));
    }
    Ok(Value::Int(old))
}

/// The dialect for a reader or writer: `dialect` (positional or keyword) and overrides.
fn dialect_from_call(vm: &Vm, base: Option<&Value>, args: &Args) -> PyResult<(Dialect, Value)> {
    let mut kwargs = kwargs_of(args);
    let mut base = base.cloned();
    if let Some(i) = kwargs.iter().position(|(k, _)| k == "dialect") {
        base = Some(kwargs.remove(i).1);
    }
    let base = base.unwrap_or_else(|| vm.new_str("excel"));
    let d = make_dialect(vm, Some(&base), &kwargs)?;
    let obj = new_dialect_object(vm, d.clone())?;
    Ok((d, obj))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ParseState {
    StartRecord,
    StartField,
    EscapedChar,
    InField,
    InQuotedField,
    EscapeInQuotedField,
    QuoteInQuotedField,
    EatCrnl,
    AfterEscapedCrnl,
}

struct Reader {
    input: Value,
    dialect: Dialect,
    dialect_obj: Value,
    line_num: Cell<i64>,
    parse: RefCell<ParseData>,
}

struct ParseData {
    state: ParseState,
    fields: Vec<Value>,
    field: String,
    field_len: i64,
    numeric: bool,
}

impl NativeData for Reader {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.input);
        visit(&self.dialect_obj);
        for f in &self.parse.borrow().fields {
            visit(f);
        }
    }
}

/// `reader(iterable, dialect='excel', **fmtparams)`.
fn reader(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let Some(src) = pos.first() else {
        return Err(vm.type_error("expected at least 1 argument, got 0"));
    };
    let input = vm.iter(src)?;
    let (dialect, dialect_obj) = dialect_from_call(vm, pos.get(1), &args)?;
    let r = Reader {
        input,
        dialect,
        dialect_obj,
        line_num: Cell::new(0),
        parse: RefCell::new(ParseData {
            state: ParseState::StartRecord,
            fields: Vec::new(),
            field: String::new(),
            field_len: 0,
            numeric: false,
        }),
    };
    Ok(Value::Obj(vm.new_native_object(&state(vm)?.reader_type, r)))
}

impl ParseData {
    fn save_field(&mut self, vm: &Vm) -> PyResult<()> {
        let text = std::mem::take(&mut self.field);
        self.field_len = 0;
        let v = vm.new_str(text);
        let v = if self.numeric {
            self.numeric = false;
            vm.call(&Value::Obj(vm.types.float.clone()), Args::new(&[v]))?
        } else {
            v
        };
        self.fields.push(v);
        Ok(())
    }

    fn add_char(&mut self, vm: &Vm, c: char) -> PyResult<()> {
        let limit = FIELD_LIMIT.with(|l| l.get());
        if self.field_len >= limit {
            return Err(csv_error(
                vm,
                format!("field larger than field limit ({limit})"),
            ));
        }
        self.field.push(c);
        self.field_len += 1;
        Ok(())
    }

    /// One character of input, or the end of a line (`None`).
    fn process(&mut self, vm: &Vm, d: &Dialect, c: Option<char>) -> PyResult<()> {
        use ParseState::*;
        let is_nl = |c: Option<char>| matches!(c, Some('\n') | Some('\r'));
        let quoting_on = d.quoting != QUOTE_NONE;
        let end_state = |c: Option<char>| if c.is_none() { StartRecord } else { EatCrnl };
        match self.state {
            StartRecord | StartField => {
                if self.state == StartRecord {
                    if c.is_none() {
                        return Ok(());
                    }
                    if is_nl(c) {
                        self.state = EatCrnl;
                        return Ok(());
                    }
                    self.state = StartField;
                }
                if is_nl(c) || c.is_none() {
                    self.save_field(vm)?;
                    self.state = end_state(c);
                } else if c == d.quotechar && quoting_on {
                    self.state = InQuotedField;
                } else if c.is_some() && c == d.escapechar {
                    self.state = EscapedChar;
                } else if c == Some(' ') && d.skipinitialspace {
                } else if c == Some(d.delimiter) {
                    self.save_field(vm)?;
                } else {
                    if d.quoting == QUOTE_NONNUMERIC {
                        self.numeric = true;
                    }
                    self.add_char(vm, c.unwrap_or('\n'))?;
                    self.state = InField;
                }
            }
            EscapedChar => {
                if is_nl(c) {
                    self.add_char(vm, c.unwrap_or('\n'))?;
                    self.state = AfterEscapedCrnl;
                    return Ok(());
                }
                self.add_char(vm, c.unwrap_or('\n'))?;
                self.state = InField;
            }
            AfterEscapedCrnl | InField => {
                if self.state == AfterEscapedCrnl && c.is_none() {
                    return Ok(());
                }
                if is_nl(c) || c.is_none() {
                    self.save_field(vm)?;
                    self.state = end_state(c);
                } else if c == d.escapechar {
                    self.state = EscapedChar;
                } else if c == Some(d.delimiter) {
                    self.save_field(vm)?;
                    self.state = StartField;
                } else {
                    self.add_char(vm, c.unwrap_or('\n'))?;
                    self.state = InField;
                }
            }
            InQuotedField => {
                if c.is_none() {
                } else if c == d.escapechar {
                    self.state = EscapeInQuotedField;
                } else if c == d.quotechar && quoting_on {
                    self.state = if d.doublequote {
                        QuoteInQuotedField
                    } else {
                        InField
                    };
                } else {
                    self.add_char(vm, c.unwrap_or('\n'))?;
                }
            }
            EscapeInQuotedField => {
                self.add_char(vm, c.unwrap_or('\n'))?;
                self.state = InQuotedField;
            }
            QuoteInQuotedField => {
                if quoting_on && c.is_some() && c == d.quotechar {
                    self.add_char(vm, c.unwrap_or('"'))?;
                    self.state = InQuotedField;
                } else if c == Some(d.delimiter) {
                    self.save_field(vm)?;
                    self.state = StartField;
                } else if is_nl(c) || c.is_none() {
                    self.save_field(vm)?;
                    self.state = end_state(c);
                } else if !d.strict {
                    self.add_char(vm, c.unwrap_or('\n'))?;
                    self.state = InField;
                } else {
                    return Err(csv_error(
                        vm,
                        format!(
                            "'{}' expected after '{}'",
                            d.delimiter,
                            d.quotechar.unwrap_or('"')
                        ),
                    ));
                }
            }
            EatCrnl => {
                if is_nl(c) {
                } else if c.is_none() {
                    self.state = StartRecord;
                } else {
                    return Err(csv_error(
                        vm,
                        "new-line character seen in unquoted field - do you need to open the file in universal-newline mode?",
                    ));
                }
            }
        }
        Ok(())
    }
}

fn reader_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let me = this::<Reader>(vm, &args, "_csv.reader")?;
    {
        let mut p = me.parse.borrow_mut();
        p.state = ParseState::StartRecord;
        p.fields.clear();
        p.field.clear();
        p.field_len = 0;
        p.numeric = false;
    }
    loop {
        let line = match vm.next(&me.input)? {
            Some(l) => l,
            None => {
                let mut p = me.parse.borrow_mut();
                if p.field_len != 0 || p.state == ParseState::InQuotedField {
                    if me.dialect.strict {
                        return Err(csv_error(vm, "unexpected end of data"));
                    }
                    p.save_field(vm)?;
                    break;
                }
                return Err(crate::util::stop(vm));
            }
        };
        let Some(text) = str_of(&line) else {
            return Err(csv_error(
                vm,
                format!(
                    "iterator should return strings, not {} (the file should be opened in text mode)",
                    vm.type_name(&line)
                ),
            ));
        };
        me.line_num.set(me.line_num.get() + 1);
        let mut p = me.parse.borrow_mut();
        for c in text.chars() {
            p.process(vm, &me.dialect, Some(c))?;
        }
        p.process(vm, &me.dialect, None)?;
        if p.state == ParseState::StartRecord {
            break;
        }
    }
    let fields = std::mem::take(&mut me.parse.borrow_mut().fields);
    Ok(vm.new_list(fields))
}

fn reader_iter(_vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(args.args[0].clone())
}

fn reader_line_num(vm: &Vm, v: &Value) -> PyResult<Value> {
    let r = native_of::<Reader>(v).ok_or_else(|| vm.type_error("_csv.reader expected"))?;
    Ok(Value::Int(r.line_num.get()))
}

fn reader_dialect(vm: &Vm, v: &Value) -> PyResult<Value> {
    let r = native_of::<Reader>(v).ok_or_else(|| vm.type_error("_csv.reader expected"))?;
    Ok(r.dialect_obj.clone())
}

struct Writer {
    write: Value,
    dialect: Dialect,
    dialect_obj: Value,
}

impl NativeData for Writer {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.write);
        visit(&self.dialect_obj);
    }
}

/// `writer(fileobj, dialect='excel', **fmtparams)`.
fn writer(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let Some(file) = pos.first() else {
        return Err(vm.type_error("expected at least 1 argument, got 0"));
    };
    let write = match vm.get_attr_opt(file, &vm.intern("write"))? {
        Some(w) if vm.is_callable(&w) => w,
        _ => return Err(vm.type_error("argument 1 must have a \"write\" method")),
    };
    let (dialect, dialect_obj) = dialect_from_call(vm, pos.get(1), &args)?;
    let w = Writer {
        write,
        dialect,
        dialect_obj,
    };
    Ok(Value::Obj(vm.new_native_object(&state(vm)?.writer_type, w)))
}

/// Append one field to `rec` as CPython's `join_append`: delimiter, quotes when needed
/// (or forced), doubled quotes or escapes.
fn join_field(
    vm: &Vm,
    d: &Dialect,
    rec: &mut String,
    first: bool,
    field: &str,
    mut quoted: bool,
) -> PyResult<()> {
    // First pass: does the field need quoting, can it be written at all?
    for c in field.chars() {
        let special = c == d.delimiter
            || Some(c) == d.escapechar
            || Some(c) == d.quotechar
            || d.lineterminator.contains(c);
        if !special {
            continue;
        }
        if d.quoting == QUOTE_NONE {
            if d.escapechar.is_none() {
                return Err(csv_error(vm, "need to escape, but no escapechar set"));
            }
        } else {
            let want_escape = (Some(c) == d.quotechar && !d.doublequote) || Some(c) == d.escapechar;
            if want_escape && d.escapechar.is_none() {
                return Err(csv_error(vm, "need to escape, but no escapechar set"));
            }
            if !want_escape {
                quoted = true;
            }
        }
    }
    if !first {
        rec.push(d.delimiter);
    }
    if quoted {
        rec.push(d.quotechar.unwrap_or('"'));
    }
    for c in field.chars() {
        let special = c == d.delimiter
            || Some(c) == d.escapechar
            || Some(c) == d.quotechar
            || d.lineterminator.contains(c);
        if special {
            let want_escape = if d.quoting == QUOTE_NONE {
                true
            } else if Some(c) == d.quotechar {
                if d.doublequote {
                    rec.push(c);
                    false
                } else {
                    true
                }
            } else {
                Some(c) == d.escapechar
            };
            if want_escape {
                if let Some(e) = d.escapechar {
                    rec.push(e);
                }
            }
        }
        rec.push(c);
    }
    if quoted {
        rec.push(d.quotechar.unwrap_or('"'));
    }
    Ok(())
}

/// `PyNumber_Check`: ints, floats, complex numbers and objects convertible to them.
fn is_number(vm: &Vm, v: &Value) -> bool {
    match v {
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => true,
        Value::None | Value::Null => false,
        Value::Obj(o) => {
            if o.payload.as_str().is_some() {
                return false;
            }
            if vm.isinstance(v, &vm.types.complex) {
                return true;
            }
            let ty = Value::Obj(o.class().clone());
            ["__index__", "__int__", "__float__", "__complex__"]
                .iter()
                .any(|n| matches!(vm.get_attr_opt(&ty, &vm.intern(n)), Ok(Some(_))))
        }
    }
}

fn write_row(vm: &Vm, w: &Writer, row: &Value) -> PyResult<Value> {
    let d = &w.dialect;
    let it = match vm.iter(row) {
        Ok(it) => it,
        Err(e) if vm.exc_matches(&e, &vm.exc.type_error) => {
            return Err(csv_error(
                vm,
                format!("iterable expected, not {}", vm.type_name(row)),
            ))
        }
        Err(e) => return Err(e),
    };
    let mut rec = String::new();
    let mut n = 0usize;
    while let Some(field) = vm.next(&it)? {
        let quoted = match d.quoting {
            QUOTE_NONNUMERIC => !is_number(vm, &field),
            QUOTE_ALL => true,
            _ => false,
        };
        let text = if field.is_none() {
            String::new()
        } else if let Some(s) = str_of(&field) {
            s
        } else {
            let s = vm.str(&field)?;
            pyrs_vm::objects::str::as_rust_str(&s).to_string()
        };
        join_field(vm, d, &mut rec, n == 0, &text, quoted)?;
        n += 1;
    }
    if n > 0 && rec.is_empty() {
        if d.quoting == QUOTE_NONE {
            return Err(csv_error(vm, "single empty field record must be quoted"));
        }
        join_field(vm, d, &mut rec, true, "", true)?;
    }
    rec.push_str(&d.lineterminator);
    vm.call(&w.write, Args::new(&[vm.new_str(rec)]))
}

fn writer_writerow(vm: &Vm, args: Args) -> PyResult<Value> {
    let me = this::<Writer>(vm, &args, "_csv.writer")?;
    let rest = crate::util::rest(&args);
    let row = crate::util::one_arg(vm, "writerow", &rest)?;
    write_row(vm, me, row)
}

fn writer_writerows(vm: &Vm, args: Args) -> PyResult<Value> {
    let me = this::<Writer>(vm, &args, "_csv.writer")?;
    let rest = crate::util::rest(&args);
    let rows = crate::util::one_arg(vm, "writerows", &rest)?;
    let it = vm.iter(rows)?;
    while let Some(row) = vm.next(&it)? {
        write_row(vm, me, &row)?;
    }
    Ok(Value::None)
}

fn writer_dialect(vm: &Vm, v: &Value) -> PyResult<Value> {
    let w = native_of::<Writer>(v).ok_or_else(|| vm.type_error("_csv.writer expected"))?;
    Ok(w.dialect_obj.clone())
}

fn new_error_class(vm: &Vm) -> PyResult<ObjRef> {
    let ns = vm.new_dict();
    if let Value::Obj(nso) = &ns {
        pyrs_vm::objects::dict::set_str(nso, &vm.names.__module__, vm.new_str("_csv"));
    }
    let c = vm.call(
        &Value::Obj(vm.types.type_.clone()),
        Args::new(&[
            vm.new_str("Error"),
            vm.new_tuple(vec![Value::Obj(vm.exc.exception.clone())]),
            ns,
        ]),
    )?;
    c.as_obj().cloned().ok_or_else(|| vm.type_error("class"))
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_csv");
    let d = m
        .dict()
        .ok_or_else(|| vm.runtime_error("_csv: module without a dict"))?;
    let set = |name: &str, v: Value| pyrs_vm::objects::dict::set_str(&d, &vm.intern(name), v);
    let error = new_error_class(vm)?;
    set("Error", Value::Obj(error.clone()));
    let dialect_type = vm.new_native_type("_csv", "Dialect", None, true, false);
    vm.add_static(&dialect_type, "__new__", dialect_new);
    let getters: [(&'static str, pyrs_vm::object::GetterFn); 8] = [
        ("delimiter", get_delimiter),
        ("doublequote", get_doublequote),
        ("escapechar", get_escapechar),
        ("lineterminator", get_lineterminator),
        ("quotechar", get_quotechar),
        ("quoting", get_quoting),
        ("skipinitialspace", get_skipinitialspace),
        ("strict", get_strict),
    ];
    for (name, g) in getters {
        vm.add_getset(&dialect_type, name, g, None);
    }
    let reader_type = vm.new_native_type("_csv", "reader", None, false, false);
    vm.add_method(&reader_type, "__next__", reader_next);
    vm.add_method(&reader_type, "__iter__", reader_iter);
    vm.add_getset(&reader_type, "line_num", reader_line_num, None);
    vm.add_getset(&reader_type, "dialect", reader_dialect, None);
    let writer_type = vm.new_native_type("_csv", "writer", None, false, false);
    vm.add_method(&writer_type, "writerow", writer_writerow);
    vm.add_method(&writer_type, "writerows", writer_writerows);
    vm.add_getset(&writer_type, "dialect", writer_dialect, None);
    set("Dialect", Value::Obj(dialect_type.clone()));
    STATE.with(|s| {
        *s.borrow_mut() = Some(State {
            error,
            dialect_type,
            reader_type,
            writer_type,
            registry: Default::default(),
        })
    });
    let fns: &[(&'static str, pyrs_vm::object::NativeFn)] = &[
        ("reader", reader),
        ("writer", writer),
        ("register_dialect", register_dialect),
        ("unregister_dialect", unregister_dialect),
        ("get_dialect", get_dialect),
        ("list_dialects", list_dialects),
        ("field_size_limit", field_size_limit),
    ];
    for (n, f) in fns {
        vm.add_module_fn(&m, n, *f);
    }
    for (name, v) in [
        ("QUOTE_MINIMAL", QUOTE_MINIMAL),
        ("QUOTE_ALL", QUOTE_ALL),
        ("QUOTE_NONNUMERIC", QUOTE_NONNUMERIC),
        ("QUOTE_NONE", QUOTE_NONE),
    ] {
        set(name, Value::Int(v));
    }
    set("__version__", vm.new_str("1.0"));
    set("__doc__", vm.new_str("CSV parsing and writing."));
    Ok(m)
}
