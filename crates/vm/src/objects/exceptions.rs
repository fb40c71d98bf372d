//! The built-in exception hierarchy and BaseException's methods.
//!
//! Every exception instance carries `Payload::Exception` (args, traceback, cause,
//! context, suppress_context, and the fields of the built-in subclass it derives from:
//! `StopIteration.value`, `OSError.errno`, `NameError.name`, ..., read and written
//! through member descriptors as CPython's) and a `__dict__`, made only when asked for.

use std::cell::Cell;

use crate::memory::{ObjRef, ValueCell};
use crate::object::{ExcData, MemberData, MemberKind, ObjOrNoneCell, Payload};
use crate::objects::typeobj::{tdata, Layout};
use crate::value::Value;
use crate::vm::{new_static_type, Args, PyResult, Vm};

macro_rules! exc_types {
    ($root:ident; $($field:ident = ($name:expr, $parent:ident)),* $(,)?) => {
        pub struct ExcTypes { pub $root: ObjRef, $(pub $field: ObjRef,)* }
        impl ExcTypes {
            pub fn bootstrap(type_: &ObjRef, object: &ObjRef) -> ExcTypes {
                let $root = new_static_type(type_, "BaseException", Some(object), Layout::Exception, true);
                $(let $field = new_static_type(type_, $name, Some(&$parent), Layout::Exception, true);)*
                ExcTypes { $root, $($field,)* }
            }
            pub fn all(&self) -> Vec<&ObjRef> {
                vec![&self.$root, $(&self.$field,)*]
            }
        }
    };
}

exc_types! {
    base_exception;
    base_exception_group = ("BaseExceptionGroup", base_exception),
    generator_exit = ("GeneratorExit", base_exception),
    keyboard_interrupt = ("KeyboardInterrupt", base_exception),
    system_exit = ("SystemExit", base_exception),
    exception = ("Exception", base_exception),
    arithmetic_error = ("ArithmeticError", exception),
    floating_point_error = ("FloatingPointError", arithmetic_error),
    overflow_error = ("OverflowError", arithmetic_error),
    zero_division_error = ("ZeroDivisionError", arithmetic_error),
    assertion_error = ("AssertionError", exception),
    attribute_error = ("AttributeError", exception),
    buffer_error = ("BufferError", exception),
    eof_error = ("EOFError", exception),
    exception_group = ("ExceptionGroup", base_exception_group),
    import_error = ("ImportError", exception),
    module_not_found_error = ("ModuleNotFoundError", import_error),
    lookup_error = ("LookupError", exception),
    index_error = ("IndexError", lookup_error),
    key_error = ("KeyError", lookup_error),
    memory_error = ("MemoryError", exception),
    name_error = ("NameError", exception),
    unbound_local_error = ("UnboundLocalError", name_error),
    os_error = ("OSError", exception),
    blocking_io_error = ("BlockingIOError", os_error),
    child_process_error = ("ChildProcessError", os_error),
    connection_error = ("ConnectionError", os_error),
    broken_pipe_error = ("BrokenPipeError", connection_error),
    connection_aborted_error = ("ConnectionAbortedError", connection_error),
    connection_refused_error = ("ConnectionRefusedError", connection_error),
    connection_reset_error = ("ConnectionResetError", connection_error),
    file_exists_error = ("FileExistsError", os_error),
    file_not_found_error = ("FileNotFoundError", os_error),
    interrupted_error = ("InterruptedError", os_error),
    is_a_directory_error = ("IsADirectoryError", os_error),
    not_a_directory_error = ("NotADirectoryError", os_error),
    permission_error = ("PermissionError", os_error),
    process_lookup_error = ("ProcessLookupError", os_error),
    timeout_error = ("TimeoutError", os_error),
    reference_error = ("ReferenceError", exception),
    runtime_error = ("RuntimeError", exception),
    not_implemented_error = ("NotImplementedError", runtime_error),
    recursion_error = ("RecursionError", runtime_error),
    stop_async_iteration = ("StopAsyncIteration", exception),
    stop_iteration = ("StopIteration", exception),
    syntax_error = ("SyntaxError", exception),
    indentation_error = ("IndentationError", syntax_error),
    tab_error = ("TabError", indentation_error),
    system_error = ("SystemError", exception),
    type_error = ("TypeError", exception),
    value_error = ("ValueError", exception),
    unicode_error = ("UnicodeError", value_error),
    unicode_decode_error = ("UnicodeDecodeError", unicode_error),
    unicode_encode_error = ("UnicodeEncodeError", unicode_error),
    unicode_translate_error = ("UnicodeTranslateError", unicode_error),
    warning = ("Warning", exception),
    bytes_warning = ("BytesWarning", warning),
    deprecation_warning = ("DeprecationWarning", warning),
    encoding_warning = ("EncodingWarning", warning),
    future_warning = ("FutureWarning", warning),
    import_warning = ("ImportWarning", warning),
    pending_deprecation_warning = ("PendingDeprecationWarning", warning),
    resource_warning = ("ResourceWarning", warning),
    runtime_warning = ("RuntimeWarning", warning),
    syntax_warning = ("SyntaxWarning", warning),
    unicode_warning = ("UnicodeWarning", warning),
    user_warning = ("UserWarning", warning),
}

// ----- the fields of the built-in subclasses ------------------------------------------
//
// A built-in exception type with fields of its own keeps them after BaseException's, in
// `ExcData::fields`, one cell per field (Null while unset); its `nslots` says how many,
// and its subclasses inherit that count, so that an instance always has the cells of the
// type its class derives from (two such types cannot be bases of one class: their
// layouts conflict, as in CPython). Each field is a member descriptor on the type.

/// OSError's fields.
const OS_ERRNO: usize = 0;
const OS_STRERROR: usize = 1;
const OS_FILENAME: usize = 2;
const OS_FILENAME2: usize = 3;
/// BlockingIOError's characters_written (an int; Null while unset).
const OS_WRITTEN: usize = 4;
/// SyntaxError's fields, in the order of its `(filename, lineno, offset, text,
/// end_lineno, end_offset)` details after `msg`.
const SYNTAX_MSG: usize = 0;
const SYNTAX_FILENAME: usize = 1;
const SYNTAX_LINENO: usize = 2;
/// ImportError's fields.
const IMPORT_MSG: usize = 0;
const IMPORT_NAME: usize = 1;
const IMPORT_PATH: usize = 2;
/// UnicodeError's fields.
const UNICODE_ENCODING: usize = 0;
const UNICODE_OBJECT: usize = 1;
const UNICODE_START: usize = 2;
const UNICODE_END: usize = 3;
const UNICODE_REASON: usize = 4;
/// BaseExceptionGroup's fields.
const GROUP_MESSAGE: usize = 0;
const GROUP_EXCEPTIONS: usize = 1;

/// Allocate an exception instance of type `ty` with the given args tuple (its subclass
/// fields and slots unset, its `__dict__` not made).
pub fn new_exception_obj(vm: &Vm, ty: &ObjRef, args: Value) -> ObjRef {
    let nfields = tdata(ty).nslots.get();
    let data = ExcData {
        args: ValueCell::new(args),
        traceback: ObjOrNoneCell::none(),
        cause: ObjOrNoneCell::none(),
        context: ObjOrNoneCell::none(),
        suppress_context: Cell::new(false),
        fields: (0..nfields).map(|_| ValueCell::new(Value::Null)).collect(),
    };
    let e = ObjRef::new(ty, Payload::Exception(data));
    e.give_dict(|| vm.new_dict_obj());
    e
}

/// The cell of field `i` of exception `e` (None when it has no such field).
fn field(e: &ObjRef, i: usize) -> Option<&ValueCell<Value>> {
    exc_data(e).and_then(|d| d.fields.get(i))
}

/// Field `i` of `e` as stored (Null when unset or missing).
fn field_raw(e: &ObjRef, i: usize) -> Value {
    field(e, i).map_or(Value::Null, |c| c.get())
}

/// Field `i` of `e` as a T_OBJECT member reads it (None when unset).
fn field_or_none(e: &ObjRef, i: usize) -> Value {
    match field_raw(e, i) {
        Value::Null => Value::None,
        v => v,
    }
}

/// Store `v` (Null to unset) in field `i` of `e`.
fn set_field(e: &ObjRef, i: usize, v: Value) {
    if let Some(c) = field(e, i) {
        c.set(v);
    }
}

/// Where the built-in exception types along `e`'s MRO keep the field called `name`.
fn field_of(e: &ObjRef, name: &ObjRef) -> Option<(usize, MemberKind)> {
    for t in tdata(e.class()).mro.borrow().iter() {
        if tdata(t).is_heap() {
            continue;
        }
        if let Some(Value::Obj(m)) = crate::objects::dict::get_str_in(&tdata(t).dict, name) {
            if let Payload::Member(md) = &m.payload {
                if let (Some(i), true) = (md.index, md.kind != MemberKind::Slot) {
                    return Some((i, md.kind));
                }
            }
        }
    }
    None
}

/// The exception attribute `name` as native code reads it: a field of a built-in
/// subclass (None when unset), else an entry of the instance dict.
pub fn get_attr(e: &ObjRef, name: &ObjRef) -> Option<Value> {
    match field_of(e, name) {
        Some((i, kind)) => match field_raw(e, i) {
            Value::Null if kind == MemberKind::ExcSsize => Some(Value::Int(0)),
            Value::Null => None,
            v => Some(v),
        },
        None => e
            .dict_for_read()
            .and_then(|d| crate::objects::dict::get_str(&d, name)),
    }
}

/// Set the exception attribute `name` from native code: a field of a built-in subclass
/// when it has one by that name, else an entry of the instance dict.
pub fn set_attr(e: &ObjRef, name: &ObjRef, v: Value) {
    match field_of(e, name) {
        Some((i, _)) => set_field(e, i, v),
        None => {
            if let Some(d) = e.dict() {
                crate::objects::dict::set_str(&d, name, v);
            }
        }
    }
}

/// Read an exception field through its member descriptor (the owner is checked).
pub fn field_get(vm: &Vm, m: &MemberData, obj: &Value) -> PyResult<Value> {
    let e = self_exc(vm, obj)?;
    let v = m.index.map_or(Value::Null, |i| field_raw(e, i));
    Ok(match (v, m.kind) {
        (Value::Null, MemberKind::ExcSsize) => Value::Int(0),
        (Value::Null, _) => Value::None,
        (v, _) => v,
    })
}

/// Write (or, with `value` None, delete) an exception field through its member
/// descriptor, with CPython's rules for its kind.
pub fn field_set(vm: &Vm, m: &MemberData, obj: &Value, value: Option<Value>) -> PyResult<()> {
    let e = self_exc(vm, obj)?;
    let Some(i) = m.index else {
        return Err(vm.no_attribute(obj, &m.name));
    };
    let v = match (m.kind, value) {
        (MemberKind::ExcReadonly, _) => {
            return Err(vm.new_exception_msg(&vm.exc.attribute_error, "readonly attribute"))
        }
        (MemberKind::ExcSsize, None) => {
            return Err(vm.type_error("can't delete numeric/char attribute"))
        }
        (MemberKind::ExcSsize, Some(v)) => Value::Int(ssize_of(vm, &v)?),
        (_, Some(v)) => v,
        (_, None) => Value::Null,
    };
    set_field(e, i, v);
    Ok(())
}

/// An int as a C ssize_t (PyLong_AsSsize_t: no `__index__`).
fn ssize_of(vm: &Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(i64::from(*b)),
        Value::Obj(o) => match &o.payload {
            Payload::Int(b) => i64::try_from(b)
                .map_err(|_| vm.overflow_error("Python int too large to convert to C ssize_t")),
            _ => Err(vm.type_error("an integer is required")),
        },
        _ => Err(vm.type_error("an integer is required")),
    }
}

pub fn exc_data(e: &ObjRef) -> Option<&ExcData> {
    e.payload.as_exception()
}

pub fn set_context(e: &ObjRef, ctx: Value) {
    if let Some(d) = exc_data(e) {
        // Avoid creating a cycle: cut the chain where it would come back to `e`.
        if let Value::Obj(c) = &ctx {
            let mut cur = Some(c.clone());
            // Floyd's cycle detection, as CPython: a chain that already loops (without
            // `e`) is walked once.
            let mut slow = c.clone();
            let mut toggle = false;
            let context_of = |o: &ObjRef| match exc_data(o).map(|od| od.context.get()) {
                Some(Value::Obj(n)) => Some(n),
                _ => None,
            };
            while let Some(o) = cur {
                let next = match exc_data(&o) {
                    Some(od) => match od.context.get() {
                        Value::Obj(n) => Some(n),
                        _ => None,
                    },
                    None => None,
                };
                if let Some(n) = &next {
                    if n.is(e) {
                        if let Some(od) = exc_data(&o) {
                            od.context.set(Value::None);
                        }
                        break;
                    }
                }
                if let Some(n) = &next {
                    if n.is(&slow) {
                        break;
                    }
                    if toggle {
                        if let Some(sn) = context_of(&slow) {
                            slow = sn;
                        }
                    }
                    toggle = !toggle;
                }
                cur = next;
            }
        }
        d.context.set(ctx);
    }
}

pub fn args_of(e: &ObjRef) -> Vec<Value> {
    match exc_data(e).map(|d| d.args.get()) {
        Some(Value::Obj(t)) => t.payload.as_tuple().map(|s| s.to_vec()).unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn self_exc<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a ObjRef> {
    match v {
        Value::Obj(o) if exc_data(o).is_some() => Ok(o),
        _ => Err(vm.type_error(format!(
            "descriptor requires a 'BaseException' object but received a '{}'",
            vm.type_name(v)
        ))),
    }
}

pub(crate) fn exc_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let cls = match pos.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => c.clone(),
        _ => return Err(vm.type_error("BaseException.__new__(X): X is not a type object")),
    };
    let e = new_exception_obj(vm, &cls, vm.new_tuple(pos[1..].to_vec()));
    Ok(Value::Obj(e))
}

fn exc_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let e = self_exc(vm, &pos[0])?;
    if args.has_kw() && tdata(e.class()).layout == Layout::Exception && !tdata(e.class()).is_heap()
    {
        return Err(vm.type_error(format!(
            "{}() takes no keyword arguments",
            tdata(e.class()).name()
        )));
    }
    if let Some(d) = exc_data(e) {
        d.args.set(vm.new_tuple(pos[1..].to_vec()));
    }
    Ok(Value::None)
}

pub(crate) fn exc_str(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = self_exc(vm, &args.pos()[0])?;
    let a = args_of(e);
    match a.len() {
        0 => Ok(vm.new_str("")),
        1 => Ok(Value::Obj(vm.str(&a[0])?)),
        _ => Ok(Value::Obj(vm.str(&vm.new_tuple(a))?)),
    }
}

fn exc_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = self_exc(vm, &args.pos()[0])?;
    let name = tdata(e.class()).name();
    let a = args_of(e);
    let inner = if a.len() == 1 {
        vm.repr_string(&a[0])?
    } else {
        let r = vm.repr_string(&vm.new_tuple(a))?;
        let r = r.strip_prefix('(').unwrap_or(&r).to_string();
        r.strip_suffix(')').unwrap_or(&r).to_string()
    };
    Ok(vm.new_str(format!("{name}({inner})")))
}

fn get_args(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(exc_data(self_exc(vm, v)?)
        .map(|d| d.args.get())
        .unwrap_or(Value::None))
}
fn set_args(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    let e = self_exc(vm, v)?;
    let val = val.ok_or_else(|| vm.type_error("args may not be deleted"))?;
    let t = vm.to_tuple(&val)?;
    if let Some(d) = exc_data(e) {
        d.args.set(t);
    }
    Ok(())
}
fn get_tb(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(exc_data(self_exc(vm, v)?)
        .map(|d| d.traceback.get())
        .unwrap_or(Value::None))
}
fn set_tb(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    let e = self_exc(vm, v)?;
    let val = val.ok_or_else(|| vm.type_error("__traceback__ may not be deleted"))?;
    if !val.is_none() && !vm.isinstance(&val, &vm.types.traceback) {
        return Err(vm.type_error("__traceback__ must be a traceback or None"));
    }
    if let Some(d) = exc_data(e) {
        d.traceback.set(val);
    }
    Ok(())
}
fn get_cause(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(exc_data(self_exc(vm, v)?)
        .map(|d| d.cause.get())
        .unwrap_or(Value::None))
}
fn set_cause(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    let e = self_exc(vm, v)?;
    let val = val.ok_or_else(|| vm.type_error("__cause__ may not be deleted"))?;
    if !val.is_none() && !vm.isinstance(&val, &vm.exc.base_exception) {
        return Err(vm.type_error("exception cause must be None or derive from BaseException"));
    }
    if let Some(d) = exc_data(e) {
        d.cause.set(val);
        d.suppress_context.set(true);
    }
    Ok(())
}
fn get_context(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(exc_data(self_exc(vm, v)?)
        .map(|d| d.context.get())
        .unwrap_or(Value::None))
}
fn set_context_attr(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    let e = self_exc(vm, v)?;
    let val = val.ok_or_else(|| vm.type_error("__context__ may not be deleted"))?;
    if !val.is_none() && !vm.isinstance(&val, &vm.exc.base_exception) {
        return Err(vm.type_error("exception context must be None or derive from BaseException"));
    }
    if let Some(d) = exc_data(e) {
        d.context.set(val);
    }
    Ok(())
}
fn get_suppress(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Bool(
        exc_data(self_exc(vm, v)?)
            .map(|d| d.suppress_context.get())
            .unwrap_or(false),
    ))
}
fn set_suppress(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    let e = self_exc(vm, v)?;
    let b = match val {
        Some(x) => vm.is_true(&x)?,
        None => return Err(vm.type_error("can't delete __suppress_context__")),
    };
    if let Some(d) = exc_data(e) {
        d.suppress_context.set(b);
    }
    Ok(())
}

fn with_traceback(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    if pos.len() != 2 {
        return Err(vm.type_error("BaseException.with_traceback() takes exactly one argument"));
    }
    set_tb(vm, &pos[0], Some(pos[1].clone()))?;
    Ok(pos[0].clone())
}

fn add_note(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let e = self_exc(vm, &pos[0])?;
    let note = pos.get(1).cloned().unwrap_or(Value::None);
    if !vm.isinstance(&note, &vm.types.str_) {
        return Err(vm.type_error(format!("note must be a str, not '{}'", vm.type_name(&note))));
    }
    let notes = match vm.get_exc_attr(e, &vm.names.__notes__) {
        Some(n) => n,
        None => {
            let l = vm.new_list(vec![]);
            vm.set_exc_attr(e, &vm.names.__notes__, l.clone());
            l
        }
    };
    match notes.as_obj().and_then(|o| o.payload.as_list()) {
        Some(l) => l.borrow_mut().push(note),
        None => return Err(vm.type_error("Cannot add note: __notes__ is not a list")),
    }
    Ok(Value::None)
}

/// `__reduce__`: `(type, args)`, with the instance dict third once it has been made
/// (as CPython, whose exceptions make theirs on first use).
fn exc_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = self_exc(vm, &args.pos()[0])?;
    let a = exc_data(e).map(|d| d.args.get()).unwrap_or(Value::None);
    reduce_with(vm, e, a, e.made_dict().map(Value::Obj))
}

/// `(type(e), args)` or `(type(e), args, state)`.
fn reduce_with(vm: &Vm, e: &ObjRef, args: Value, state: Option<Value>) -> PyResult<Value> {
    let cls = Value::Obj(e.class().clone());
    Ok(match state {
        Some(st) => vm.new_tuple(vec![cls, args, st]),
        None => vm.new_tuple(vec![cls, args]),
    })
}

/// `__setstate__(state)`: each item of the state dict becomes an attribute.
fn exc_setstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let e = Value::Obj(self_exc(vm, &pos[0])?.clone());
    let state = pos.get(1).cloned().unwrap_or(Value::None);
    if state.is_none() {
        return Ok(Value::None);
    }
    let items = match &state {
        Value::Obj(d) if d.payload.as_dict().is_some() => {
            crate::objects::dict::table(d).borrow().items()
        }
        _ => return Err(vm.type_error("state is not a dictionary")),
    };
    for (k, v) in items {
        match &k {
            Value::Obj(name) if name.payload.as_str().is_some() => vm.set_attr(&e, name, v)?,
            _ => {
                return Err(vm.type_error(format!(
                    "attribute name must be string, not '{}'",
                    vm.type_name(&k)
                )))
            }
        }
    }
    Ok(Value::None)
}

/// Attribute defaults set by the subclasses' `__init__`.
fn stop_iteration_init(vm: &Vm, args: Args) -> PyResult<Value> {
    exc_init(vm, args)?;
    let pos = args.pos();
    let e = self_exc(vm, &pos[0])?;
    set_field(e, 0, pos.get(1).cloned().unwrap_or(Value::None));
    Ok(Value::None)
}

fn system_exit_init(vm: &Vm, args: Args) -> PyResult<Value> {
    exc_init(vm, args)?;
    let pos = args.pos();
    let e = self_exc(vm, &pos[0])?;
    match pos.len() {
        1 => {}
        2 => set_field(e, 0, pos[1].clone()),
        _ => set_field(e, 0, vm.new_tuple(pos[1..].to_vec())),
    }
    Ok(Value::None)
}

/// Set `args`, then the keyword-only fields `allowed` (stored from field `first` on;
/// unset when not given).
fn kw_init(vm: &Vm, args: Args, allowed: &[&ObjRef], first: usize, owner: &str) -> PyResult<()> {
    let e = self_exc(vm, &args.pos()[0])?;
    let pos = args.pos();
    if let Some(d) = exc_data(e) {
        d.args.set(vm.new_tuple(pos[1..].to_vec()));
    }
    for i in 0..allowed.len() {
        set_field(e, first + i, Value::Null);
    }
    for (k, v) in args.kwargs() {
        let ks = k
            .as_obj()
            .map(crate::objects::str::as_rust_str)
            .unwrap_or_default();
        match allowed
            .iter()
            .position(|a| crate::objects::str::as_rust_str(a) == ks)
        {
            Some(i) => set_field(e, first + i, v.clone()),
            None => {
                return Err(vm.type_error(format!(
                    "{owner}() got an unexpected keyword argument '{ks}'"
                )))
            }
        }
    }
    Ok(())
}

fn name_error_init(vm: &Vm, args: Args) -> PyResult<Value> {
    kw_init(vm, args, &[&vm.names.name], 0, "NameError")?;
    Ok(Value::None)
}

fn attribute_error_init(vm: &Vm, args: Args) -> PyResult<Value> {
    kw_init(
        vm,
        args,
        &[&vm.names.name, &vm.names.obj],
        0,
        "AttributeError",
    )?;
    Ok(Value::None)
}

fn import_error_init(vm: &Vm, args: Args) -> PyResult<Value> {
    kw_init(
        vm,
        args,
        &[&vm.names.name, &vm.names.path],
        IMPORT_NAME,
        "ImportError",
    )?;
    let pos = args.pos();
    let e = self_exc(vm, &pos[0])?;
    set_field(
        e,
        IMPORT_MSG,
        if pos.len() == 2 {
            pos[1].clone()
        } else {
            Value::Null
        },
    );
    Ok(Value::None)
}

fn import_error_str(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = self_exc(vm, &args.pos()[0])?;
    match field_raw(e, IMPORT_MSG) {
        Value::Obj(m) if m.class().is(&vm.types.str_) => Ok(Value::Obj(m)),
        _ => exc_str(vm, args),
    }
}

/// ImportError's `__reduce__`: the state carries `name` and `path` when set.
fn import_error_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = self_exc(vm, &args.pos()[0])?;
    let a = exc_data(e).map(|d| d.args.get()).unwrap_or(Value::None);
    let (name, path) = (field_raw(e, IMPORT_NAME), field_raw(e, IMPORT_PATH));
    let state = if name.is_null() && path.is_null() {
        e.made_dict().map(Value::Obj)
    } else {
        let d = vm.new_dict_obj();
        if let Some(own) = e.made_dict() {
            for (k, v) in crate::objects::dict::table(&own).borrow().items() {
                crate::objects::dict::set(vm, &d, k, v)?;
            }
        }
        if !name.is_null() {
            crate::objects::dict::set_str(&d, &vm.names.name, name);
        }
        if !path.is_null() {
            crate::objects::dict::set_str(&d, &vm.names.path, path);
        }
        Some(Value::Obj(d))
    };
    reduce_with(vm, e, a, state)
}

fn key_error_str(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = self_exc(vm, &args.pos()[0])?;
    let a = args_of(e);
    if a.len() == 1 {
        return Ok(Value::Obj(vm.repr(&a[0])?));
    }
    exc_str(vm, args)
}

/// OSError's `__init__`, as CPython's oserror_init: from 2 to 5 arguments are
/// `(errno, strerror[, filename[, winerror[, filename2]]])`; a filename (not None) leaves
/// only the first two in `args`. An exact BlockingIOError takes a number third as
/// `characters_written`.
fn os_error_init(vm: &Vm, args: Args) -> PyResult<Value> {
    exc_init(vm, args)?;
    let pos = args.pos();
    let e = self_exc(vm, &pos[0])?;
    let n = pos.len() - 1;
    for i in [OS_ERRNO, OS_STRERROR, OS_FILENAME, OS_FILENAME2, OS_WRITTEN] {
        set_field(e, i, Value::Null);
    }
    if !(2..=5).contains(&n) {
        return Ok(Value::None);
    }
    let arg = |i: usize| pos.get(1 + i).cloned().unwrap_or(Value::Null);
    let filename = arg(2);
    if !filename.is_null() && !filename.is_none() {
        let is_number = matches!(filename, Value::Int(_) | Value::Bool(_) | Value::Float(_))
            || matches!(&filename, Value::Obj(o) if matches!(o.payload, Payload::Int(_)));
        if e.class().is(&vm.exc.blocking_io_error) && is_number {
            set_field(e, OS_WRITTEN, Value::Int(index_ssize(vm, &filename)?));
        } else {
            set_field(e, OS_FILENAME, filename);
            let filename2 = arg(4);
            if !filename2.is_null() && !filename2.is_none() {
                set_field(e, OS_FILENAME2, filename2);
            }
            if let Some(d) = exc_data(e) {
                d.args.set(vm.new_tuple(pos[1..3].to_vec()));
            }
        }
    }
    set_field(e, OS_ERRNO, arg(0));
    set_field(e, OS_STRERROR, arg(1));
    Ok(Value::None)
}

/// An integer as a Py_ssize_t (PyNumber_AsSsize_t with ValueError on overflow).
fn index_ssize(vm: &Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(_) | Value::Bool(_) => ssize_of(vm, v),
        Value::Obj(o) if matches!(o.payload, Payload::Int(_)) => ssize_of(vm, v).map_err(|_| {
            vm.value_error(format!(
                "cannot fit '{}' into an index-sized integer",
                vm.type_name(v)
            ))
        }),
        _ => Err(vm.type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name(v)
        ))),
    }
}

/// OSError's `__reduce__`: the filename arguments go back into `args`.
fn os_error_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = self_exc(vm, &args.pos()[0])?;
    let mut a = exc_data(e).map(|d| d.args.get()).unwrap_or(Value::None);
    let filename = field_raw(e, OS_FILENAME);
    let two = matches!(&a, Value::Obj(t) if t.payload.as_tuple().is_some_and(|t| t.len() == 2));
    if two && !filename.is_null() {
        let mut items = args_of(e);
        items.push(filename);
        let filename2 = field_raw(e, OS_FILENAME2);
        if !filename2.is_null() {
            items.push(Value::None);
            items.push(filename2);
        }
        a = vm.new_tuple(items);
    }
    reduce_with(vm, e, a, e.made_dict().map(Value::Obj))
}

/// BlockingIOError's `characters_written` (AttributeError while unset).
fn get_written(vm: &Vm, v: &Value) -> PyResult<Value> {
    let e = self_exc(vm, v)?;
    match field_raw(e, OS_WRITTEN) {
        Value::Null => Err(vm.new_exception_msg(&vm.exc.attribute_error, "characters_written")),
        w => Ok(w),
    }
}

fn set_written(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    let e = self_exc(vm, v)?;
    match val {
        Some(x) => set_field(e, OS_WRITTEN, Value::Int(index_ssize(vm, &x)?)),
        None if field_raw(e, OS_WRITTEN).is_null() => {
            return Err(vm.new_exception_msg(&vm.exc.attribute_error, "characters_written"))
        }
        None => set_field(e, OS_WRITTEN, Value::Null),
    }
    Ok(())
}

fn os_error_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let mut cls = match pos.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => c.clone(),
        _ => return Err(vm.type_error("OSError.__new__(X): X is not a type object")),
    };
    if cls.is(&vm.exc.os_error) && (3..=6).contains(&pos.len()) {
        let errno = match pos[1] {
            Value::Int(n) => Some(n),
            Value::Bool(b) => Some(i64::from(b)),
            _ => None,
        };
        if let Some(errno) = errno {
            if let Some(sub) = errno_subclass(vm, errno) {
                cls = sub;
            }
        }
    }
    let e = new_exception_obj(vm, &cls, vm.new_tuple(pos[1..].to_vec()));
    Ok(Value::Obj(e))
}

pub fn errno_subclass(vm: &Vm, errno: i64) -> Option<ObjRef> {
    let x = &vm.exc;
    Some(match errno {
        11 | 114 | 115 => x.blocking_io_error.clone(),
        10 => x.child_process_error.clone(),
        32 | 108 => x.broken_pipe_error.clone(),
        103 => x.connection_aborted_error.clone(),
        111 => x.connection_refused_error.clone(),
        104 => x.connection_reset_error.clone(),
        17 => x.file_exists_error.clone(),
        2 => x.file_not_found_error.clone(),
        4 => x.interrupted_error.clone(),
        21 => x.is_a_directory_error.clone(),
        20 => x.not_a_directory_error.clone(),
        1 | 13 => x.permission_error.clone(),
        3 => x.process_lookup_error.clone(),
        110 => x.timeout_error.clone(),
        _ => return None,
    })
}

fn os_error_str(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = self_exc(vm, &args.pos()[0])?;
    let errno = field_or_none(e, OS_ERRNO);
    let strerror = field_or_none(e, OS_STRERROR);
    let filename = field_raw(e, OS_FILENAME);
    let filename2 = field_raw(e, OS_FILENAME2);
    if !filename.is_null() {
        if !filename2.is_null() {
            return Ok(vm.new_str(format!(
                "[Errno {}] {}: {} -> {}",
                vm.str_string(&errno)?,
                vm.str_string(&strerror)?,
                vm.repr_string(&filename)?,
                vm.repr_string(&filename2)?
            )));
        }
        return Ok(vm.new_str(format!(
            "[Errno {}] {}: {}",
            vm.str_string(&errno)?,
            vm.str_string(&strerror)?,
            vm.repr_string(&filename)?
        )));
    }
    if !field_raw(e, OS_ERRNO).is_null() && !field_raw(e, OS_STRERROR).is_null() {
        return Ok(vm.new_str(format!(
            "[Errno {}] {}",
            vm.str_string(&errno)?,
            vm.str_string(&strerror)?
        )));
    }
    exc_str(vm, args)
}

/// SyntaxError's `__init__`: `(msg[, (filename, lineno, offset, text[, end_lineno[,
/// end_offset]])])`; the fields not given stay as they were.
fn syntax_error_init(vm: &Vm, args: Args) -> PyResult<Value> {
    exc_init(vm, args)?;
    let pos = args.pos();
    let e = self_exc(vm, &pos[0])?;
    if let Some(msg) = pos.get(1) {
        set_field(e, SYNTAX_MSG, msg.clone());
    }
    if pos.len() == 3 {
        let info = vm.to_tuple(&pos[2])?;
        let items = info
            .as_obj()
            .and_then(|o| o.payload.as_tuple())
            .map(|t| t.to_vec())
            .unwrap_or_default();
        if items.len() < 4 {
            return Err(vm.type_error(format!(
                "function takes at least 4 arguments ({} given)",
                items.len()
            )));
        }
        if items.len() > 6 {
            return Err(vm.type_error(format!(
                "function takes at most 6 arguments ({} given)",
                items.len()
            )));
        }
        for (i, v) in items.into_iter().enumerate() {
            set_field(e, SYNTAX_FILENAME + i, v);
        }
    }
    Ok(Value::None)
}

fn syntax_error_str(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = self_exc(vm, &args.pos()[0])?;
    let msg = vm.str_string(&field_or_none(e, SYNTAX_MSG))?;
    let filename = field_raw(e, SYNTAX_FILENAME);
    let lineno = field_raw(e, SYNTAX_LINENO);
    let fname = match &filename {
        Value::Obj(o) if o.payload.as_str().is_some() => {
            let s = crate::objects::str::as_rust_str(o);
            Some(s.rsplit('/').next().unwrap_or(&s).to_string())
        }
        _ => None,
    };
    let line = match lineno {
        Value::Int(i) => Some(i),
        _ => None,
    };
    Ok(vm.new_str(match (fname, line) {
        (Some(f), Some(l)) => format!("{msg} ({f}, line {l})"),
        (Some(f), None) => format!("{msg} ({f})"),
        (None, Some(l)) => format!("{msg} (line {l})"),
        (None, None) => msg,
    }))
}

/// The `__init__` of UnicodeEncodeError and UnicodeDecodeError (`encoding, object,
/// start, end, reason`) and UnicodeTranslateError (`object, start, end, reason`), with
/// CPython's argument checks.
fn unicode_error_init(vm: &Vm, args: Args) -> PyResult<Value> {
    exc_init(vm, args)?;
    let pos = args.pos();
    let e = self_exc(vm, &pos[0])?;
    let translate = vm.exc_matches(e, &vm.exc.unicode_translate_error);
    let decode = vm.exc_matches(e, &vm.exc.unicode_decode_error);
    let want = if translate { 4 } else { 5 };
    if pos.len() - 1 != want {
        return Err(vm.type_error(format!(
            "function takes exactly {want} arguments ({} given)",
            pos.len() - 1
        )));
    }
    let given = &pos[1..];
    let as_str = |i: usize| -> PyResult<Value> {
        let v = &given[i];
        if vm.isinstance(v, &vm.types.str_) {
            Ok(v.clone())
        } else {
            Err(vm.type_error(format!(
                "argument {} must be str, not {}",
                i + 1,
                vm.type_name(v)
            )))
        }
    };
    let skip = usize::from(!translate);
    let encoding = if translate { Value::Null } else { as_str(0)? };
    let object = if decode {
        match crate::objects::memoryview::bytes_like(&given[1]) {
            Some(b) => vm.new_bytes(b),
            None => {
                return Err(vm.type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    vm.type_name(&given[1])
                )))
            }
        }
    } else {
        as_str(skip)?
    };
    let start = index_ssize(vm, &given[skip + 1])?;
    let end = index_ssize(vm, &given[skip + 2])?;
    let reason = as_str(skip + 3)?;
    set_field(e, UNICODE_ENCODING, encoding);
    set_field(e, UNICODE_OBJECT, object);
    set_field(e, UNICODE_START, Value::Int(start));
    set_field(e, UNICODE_END, Value::Int(end));
    set_field(e, UNICODE_REASON, reason);
    Ok(Value::None)
}

fn unicode_error_str(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = self_exc(vm, &args.pos()[0])?;
    let obj = field_raw(e, UNICODE_OBJECT);
    if obj.is_null() {
        return Ok(vm.new_str(""));
    }
    let (enc, reason) = (
        field_or_none(e, UNICODE_ENCODING),
        field_or_none(e, UNICODE_REASON),
    );
    let int_field = |i: usize| match field_raw(e, i) {
        Value::Int(n) => n,
        _ => 0,
    };
    let (start, end) = (int_field(UNICODE_START), int_field(UNICODE_END));
    let enc = vm.str_string(&enc)?;
    let reason = vm.str_string(&reason)?;
    let is_decode = vm.exc_matches(e, &vm.exc.unicode_decode_error);
    if is_decode {
        let b = obj.as_obj().and_then(|o| match &o.payload {
            Payload::Bytes(b) => Some(b.to_vec()),
            Payload::ByteArray(b) => Some(b.borrow().clone()),
            _ => None,
        });
        let b = b.unwrap_or_default();
        if end == start + 1 && (start as usize) < b.len() {
            return Ok(vm.new_str(format!(
                "'{enc}' codec can't decode byte 0x{:02x} in position {start}: {reason}",
                b[start as usize]
            )));
        }
        return Ok(vm.new_str(format!(
            "'{enc}' codec can't decode bytes in position {start}-{}: {reason}",
            end - 1
        )));
    }
    let cp = obj
        .as_obj()
        .and_then(|o| o.payload.as_str())
        .filter(|s| (start as usize) < s.char_len())
        .map(|s| s.code_point_at(start as usize));
    let verb = if vm.exc_matches(e, &vm.exc.unicode_encode_error) {
        "encode"
    } else {
        "translate"
    };
    if end == start + 1 {
        if let Some(c) = cp {
            let ch = if c < 0x100 {
                format!("'\\x{c:02x}'")
            } else if c < 0x10000 {
                format!("'\\u{c:04x}'")
            } else {
                format!("'\\U{c:08x}'")
            };
            if verb == "translate" {
                return Ok(vm.new_str(format!(
                    "can't translate character {ch} in position {start}: {reason}"
                )));
            }
            return Ok(vm.new_str(format!(
                "'{enc}' codec can't {verb} character {ch} in position {start}: {reason}"
            )));
        }
    }
    Ok(vm.new_str(format!(
        "'{enc}' codec can't {verb} characters in position {start}-{}: {reason}",
        end - 1
    )))
}

// ----- BaseExceptionGroup / ExceptionGroup ----------------------------------------------

/// Whether `v` is an instance of BaseExceptionGroup.
pub fn is_group(vm: &Vm, v: &Value) -> bool {
    vm.isinstance(v, &vm.exc.base_exception_group)
}

/// The `exceptions` tuple of a group (empty for anything else).
pub fn group_exceptions(vm: &Vm, e: &ObjRef) -> Vec<Value> {
    let _ = vm;
    match field_raw(e, GROUP_EXCEPTIONS) {
        Value::Obj(t) => t.payload.as_tuple().map(|t| t.to_vec()).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// `BaseExceptionGroup.__new__(cls, message, exceptions)` with CPython's checks; a
/// BaseExceptionGroup of plain Exceptions becomes an ExceptionGroup.
fn group_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let cls = match pos.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => c.clone(),
        _ => return Err(vm.type_error("BaseExceptionGroup.__new__(X): X is not a type object")),
    };
    if pos.len() != 3 {
        return Err(vm.type_error(format!(
            "BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)",
            pos.len() - 1
        )));
    }
    let message = &pos[1];
    if !vm.isinstance(message, &vm.types.str_) {
        return Err(vm.type_error(format!(
            "BaseExceptionGroup.__new__() argument 1 must be str, not {}",
            vm.type_name(message)
        )));
    }
    let seq = &pos[2];
    let is_seq = match seq {
        Value::Obj(o) => {
            !matches!(o.payload, Payload::Dict(_) | Payload::Set(_))
                && vm.lookup_special(seq, &vm.intern("__getitem__")).is_some()
        }
        _ => false,
    };
    if !is_seq {
        return Err(vm.type_error("second argument (exceptions) must be a sequence"));
    }
    let excs = vm.to_tuple(seq)?;
    let items: Vec<Value> = excs
        .as_obj()
        .and_then(|o| o.payload.as_tuple().map(|t| t.to_vec()))
        .unwrap_or_default();
    if items.is_empty() {
        return Err(vm.value_error("second argument (exceptions) must be a non-empty sequence"));
    }
    let mut nested_base = false;
    for (i, e) in items.iter().enumerate() {
        if !vm.isinstance(e, &vm.exc.base_exception) {
            return Err(vm.value_error(format!(
                "Item {i} of second argument (exceptions) is not an exception"
            )));
        }
        if !vm.isinstance(e, &vm.exc.exception) {
            nested_base = true;
        }
    }
    let mut cls = cls;
    if cls.is(&vm.exc.exception_group) {
        if nested_base {
            return Err(vm.type_error("Cannot nest BaseExceptions in an ExceptionGroup"));
        }
    } else if cls.is(&vm.exc.base_exception_group) {
        if !nested_base {
            cls = vm.exc.exception_group.clone();
        }
    } else if nested_base && crate::objects::typeobj::is_subtype(&cls, &vm.exc.exception) {
        return Err(vm.type_error(format!(
            "Cannot nest BaseExceptions in '{}'",
            tdata(&cls).name()
        )));
    }
    let e = new_exception_obj(vm, &cls, vm.new_tuple(pos[1..].to_vec()));
    set_field(&e, GROUP_MESSAGE, message.clone());
    set_field(&e, GROUP_EXCEPTIONS, excs);
    Ok(Value::Obj(e))
}

fn group_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let e = self_exc(vm, &pos[0])?;
    if args.has_kw() {
        return Err(vm.type_error(format!(
            "{}() takes no keyword arguments",
            tdata(e.class()).name()
        )));
    }
    if let Some(d) = exc_data(e) {
        d.args.set(vm.new_tuple(pos[1..].to_vec()));
    }
    Ok(Value::None)
}

fn group_str(vm: &Vm, args: Args) -> PyResult<Value> {
    let e = self_exc(vm, &args.pos()[0])?;
    let msg = field_or_none(e, GROUP_MESSAGE);
    let n = group_exceptions(vm, e).len();
    let s = vm.str_string(&msg)?;
    Ok(vm.new_str(format!(
        "{s} ({n} sub-exception{})",
        if n > 1 { "s" } else { "" }
    )))
}

/// `derive(excs)`: a group with the same message around other exceptions.
fn group_derive(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let e = self_exc(vm, &pos[0])?;
    let excs = pos
        .get(1)
        .cloned()
        .ok_or_else(|| vm.type_error("derive() takes exactly one argument (0 given)"))?;
    let msg = field_or_none(e, GROUP_MESSAGE);
    vm.call(
        &Value::Obj(vm.exc.base_exception_group.clone()),
        Args::new(&[msg, excs]),
    )
}

enum Matcher {
    Type(Value),
    Predicate(Value),
    /// Leaf exceptions kept by identity (for `except*` re-raises).
    Leaves(Vec<ObjRef>),
}

fn matcher_of(vm: &Vm, v: &Value) -> PyResult<Matcher> {
    let is_exc_class = |x: &Value| {
        matches!(x, Value::Obj(o) if o.payload.as_type().is_some()
            && crate::objects::typeobj::is_subtype(o, &vm.exc.base_exception))
    };
    if is_exc_class(v) {
        return Ok(Matcher::Type(v.clone()));
    }
    if let Value::Obj(o) = v {
        if let Some(items) = o.payload.as_tuple() {
            if o.class().is(&vm.types.tuple) && items.iter().all(is_exc_class) {
                return Ok(Matcher::Type(v.clone()));
            }
        } else if o.payload.as_type().is_none() && vm.is_callable(v) {
            return Ok(Matcher::Predicate(v.clone()));
        }
    }
    Err(vm.type_error("expected a function, exception type or tuple of exception types"))
}

fn matcher_matches(vm: &Vm, m: &Matcher, e: &Value) -> PyResult<bool> {
    match m {
        Matcher::Type(t) => crate::eval::exc_matches_value(vm, e, t),
        Matcher::Predicate(f) => {
            let r = vm.call(f, Args::new(std::slice::from_ref(e)))?;
            vm.is_true(&r)
        }
        Matcher::Leaves(ids) => {
            Ok(!is_group(vm, e) && matches!(e, Value::Obj(o) if ids.iter().any(|i| i.is(o))))
        }
    }
}

/// A group derived from `orig` around `excs`, with orig's traceback, cause, context and
/// notes; None when `excs` is empty.
fn group_subset(vm: &Vm, orig: &ObjRef, excs: Vec<Value>) -> PyResult<Option<Value>> {
    if excs.is_empty() {
        return Ok(None);
    }
    let list = vm.new_list(excs);
    let eg = vm.call_method(&Value::Obj(orig.clone()), "derive", &[list])?;
    let ego = match &eg {
        Value::Obj(o) if is_group(vm, &eg) => o.clone(),
        _ => return Err(vm.type_error("derive must return an instance of BaseExceptionGroup")),
    };
    if let (Some(src), Some(dst)) = (exc_data(orig), exc_data(&ego)) {
        dst.traceback.set(src.traceback.get());
        dst.context.set(src.context.get());
        dst.cause.set(src.cause.get());
    }
    if let Some(notes) = vm.get_exc_attr(orig, &vm.names.__notes__) {
        vm.set_exc_attr(&ego, &vm.names.__notes__, notes);
    }
    Ok(Some(eg))
}

/// Split `exc` by `m`: (match, rest), each None when empty.
fn split_recursive(
    vm: &Vm,
    exc: &Value,
    m: &Matcher,
    construct_rest: bool,
) -> PyResult<(Option<Value>, Option<Value>)> {
    if matcher_matches(vm, m, exc)? {
        return Ok((Some(exc.clone()), None));
    }
    let eg = match exc {
        Value::Obj(o) if is_group(vm, exc) => o.clone(),
        _ => {
            return Ok((
                None,
                if construct_rest {
                    Some(exc.clone())
                } else {
                    None
                },
            ))
        }
    };
    let mut matched = Vec::new();
    let mut rest = Vec::new();
    for e in group_exceptions(vm, &eg) {
        vm.enter_recursion(" in exceptiongroup_split_recursive")?;
        let r = split_recursive(vm, &e, m, construct_rest);
        vm.leave_recursion();
        let (a, b) = r?;
        matched.extend(a);
        rest.extend(b);
    }
    let a = group_subset(vm, &eg, matched)?;
    let b = if construct_rest {
        group_subset(vm, &eg, rest)?
    } else {
        None
    };
    Ok((a, b))
}

fn group_split(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let e = self_exc(vm, &pos[0])?.clone();
    let m = matcher_of(vm, pos.get(1).unwrap_or(&Value::None))?;
    let (a, b) = split_recursive(vm, &Value::Obj(e), &m, true)?;
    Ok(vm.new_tuple(vec![a.unwrap_or(Value::None), b.unwrap_or(Value::None)]))
}

fn group_subgroup(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    let e = self_exc(vm, &pos[0])?.clone();
    let m = matcher_of(vm, pos.get(1).unwrap_or(&Value::None))?;
    let (a, _) = split_recursive(vm, &Value::Obj(e), &m, false)?;
    Ok(a.unwrap_or(Value::None))
}

/// `except*` matching (CHECK_EG_MATCH): (match, rest) of `exc` against `ty`. A naked
/// exception that matches is wrapped in an ExceptionGroup("", [exc]).
pub fn eg_match(vm: &Vm, exc: &Value, ty: &Value) -> PyResult<(Value, Value)> {
    if exc.is_none() {
        return Ok((Value::None, Value::None));
    }
    if crate::eval::exc_matches_value(vm, exc, ty)? {
        if is_group(vm, exc) {
            return Ok((exc.clone(), Value::None));
        }
        let wrapped = vm.call(
            &Value::Obj(vm.exc.base_exception_group.clone()),
            Args::new(&[vm.new_str(""), vm.new_tuple(vec![exc.clone()])]),
        )?;
        if let (Value::Obj(w), Value::Obj(e)) = (&wrapped, exc) {
            if let (Some(wd), Some(ed)) = (exc_data(w), exc_data(e)) {
                wd.traceback.set(ed.traceback.get());
            }
        }
        return Ok((wrapped, Value::None));
    }
    if let Value::Obj(eg) = exc {
        if is_group(vm, exc) {
            let m = Matcher::Type(ty.clone());
            let (a, b) = split_recursive(vm, exc, &m, true)?;
            let _ = eg;
            return Ok((a.unwrap_or(Value::None), b.unwrap_or(Value::None)));
        }
    }
    Ok((Value::None, exc.clone()))
}

fn collect_leaves(vm: &Vm, e: &Value, out: &mut Vec<ObjRef>) {
    match e {
        Value::Obj(o) if is_group(vm, e) => {
            for x in group_exceptions(vm, o) {
                collect_leaves(vm, &x, out);
            }
        }
        Value::Obj(o) => out.push(o.clone()),
        _ => {}
    }
}

fn same_metadata(vm: &Vm, a: &ObjRef, b: &ObjRef) -> bool {
    let (Some(x), Some(y)) = (exc_data(a), exc_data(b)) else {
        return false;
    };
    let notes_a = vm
        .get_exc_attr(a, &vm.names.__notes__)
        .unwrap_or(Value::Null);
    let notes_b = vm
        .get_exc_attr(b, &vm.names.__notes__)
        .unwrap_or(Value::Null);
    notes_a.is(&notes_b)
        && x.traceback.get().is(&y.traceback.get())
        && x.cause.get().is(&y.cause.get())
        && x.context.get().is(&y.context.get())
}

/// The exception to raise at the end of a try-except* (PREP_RERAISE_STAR): the
/// re-raised parts of `orig` with its nesting, plus the newly raised ones as siblings.
pub fn prep_reraise_star(vm: &Vm, orig: &Value, excs: &[Value]) -> PyResult<Value> {
    if excs.is_empty() {
        return Ok(Value::None);
    }
    let orig_o = match orig {
        Value::Obj(o) if is_group(vm, orig) => o.clone(),
        _ => return Ok(excs[0].clone()),
    };
    let mut raised = Vec::new();
    let mut reraised = Vec::new();
    for e in excs {
        if let Value::Obj(eo) = e {
            if same_metadata(vm, eo, &orig_o) {
                reraised.push(e.clone());
            } else {
                raised.push(e.clone());
            }
        }
    }
    let mut leaves = Vec::new();
    for r in &reraised {
        collect_leaves(vm, r, &mut leaves);
    }
    let reraised_eg = if reraised.is_empty() {
        None
    } else {
        split_recursive(vm, orig, &Matcher::Leaves(leaves), false)?.0
    };
    if raised.is_empty() {
        return Ok(reraised_eg.unwrap_or(Value::None));
    }
    raised.extend(reraised_eg);
    if raised.len() == 1 {
        return Ok(raised.pop().unwrap_or(Value::None));
    }
    vm.call(
        &Value::Obj(vm.exc.base_exception_group.clone()),
        Args::new(&[vm.new_str(""), vm.new_list(raised)]),
    )
}

pub fn init(vm: &Vm) {
    let be = &vm.exc.base_exception;
    // ExceptionGroup derives from both BaseExceptionGroup and Exception.
    {
        let eg = &vm.exc.exception_group;
        let bases = vec![
            vm.exc.base_exception_group.clone(),
            vm.exc.exception.clone(),
        ];
        if let Ok(mro) = crate::objects::typeobj::c3_mro(eg, &bases) {
            *tdata(eg).mro.borrow_mut() = mro;
        }
        *tdata(eg).bases.borrow_mut() = bases;
    }
    vm.add_static(be, "__new__", exc_new);
    vm.add_method(be, "__init__", exc_init);
    vm.add_method(be, "__str__", exc_str);
    vm.add_method(be, "__repr__", exc_repr);
    vm.add_method(be, "with_traceback", with_traceback);
    vm.add_method(be, "add_note", add_note);
    vm.add_method(be, "__reduce__", exc_reduce);
    vm.add_method(be, "__setstate__", exc_setstate);
    vm.add_getset(be, "args", get_args, Some(set_args));
    vm.add_getset(
        be,
        "__dict__",
        crate::objects::object::instance_dict_attr,
        Some(crate::objects::object::object_set_dict),
    );
    vm.add_getset(be, "__traceback__", get_tb, Some(set_tb));
    vm.add_getset(be, "__cause__", get_cause, Some(set_cause));
    vm.add_getset(be, "__context__", get_context, Some(set_context_attr));
    vm.add_getset(be, "__suppress_context__", get_suppress, Some(set_suppress));
    let x = &vm.exc;
    vm.add_method(&x.stop_iteration, "__init__", stop_iteration_init);
    vm.add_method(&x.system_exit, "__init__", system_exit_init);
    vm.add_method(&x.name_error, "__init__", name_error_init);
    vm.add_method(&x.attribute_error, "__init__", attribute_error_init);
    vm.add_method(&x.import_error, "__init__", import_error_init);
    vm.add_method(&x.import_error, "__str__", import_error_str);
    vm.add_method(&x.import_error, "__reduce__", import_error_reduce);
    vm.add_method(&x.key_error, "__str__", key_error_str);
    vm.add_static(&x.os_error, "__new__", os_error_new);
    vm.add_method(&x.os_error, "__init__", os_error_init);
    vm.add_method(&x.os_error, "__str__", os_error_str);
    vm.add_method(&x.os_error, "__reduce__", os_error_reduce);
    vm.add_getset(
        &x.os_error,
        "characters_written",
        get_written,
        Some(set_written),
    );
    vm.add_method(&x.syntax_error, "__init__", syntax_error_init);
    vm.add_method(&x.syntax_error, "__str__", syntax_error_str);
    for t in [
        &x.unicode_encode_error,
        &x.unicode_decode_error,
        &x.unicode_translate_error,
    ] {
        vm.add_method(t, "__init__", unicode_error_init);
        vm.add_method(t, "__str__", unicode_error_str);
    }
    let g = &x.base_exception_group;
    vm.add_static(g, "__new__", group_new);
    vm.add_method(g, "__init__", group_init);
    vm.add_method(g, "__str__", group_str);
    vm.add_method(g, "derive", group_derive);
    vm.add_method(g, "split", group_split);
    vm.add_method(g, "subgroup", group_subgroup);
    vm.add_classmethod(
        g,
        "__class_getitem__",
        crate::objects::genericalias::class_getitem,
    );
    // CPython makes ExceptionGroup with PyErr_NewException: a heap type whose dict holds
    // its __module__, a None __doc__ and a __weakref__ descriptor.
    let eg = &x.exception_group;
    let eg_dict = &tdata(eg).dict;
    crate::objects::dict::set_str_in(eg_dict, &vm.names.__module__, vm.new_str("builtins"));
    crate::objects::dict::set_str_in(eg_dict, &vm.names.__doc__, Value::None);
    crate::objects::object::add_instance_descriptors(vm, eg, false, true);
    crate::objects::type_cache::changed(g);
    crate::objects::type_cache::changed(eg);
    add_fields(vm);
    crate::objects::exc_type_dicts::add_type_dict_entries(vm);
    for t in vm.exc.all() {
        tdata(t)
            .flags
            .set(tdata(t).flags.get() | crate::objects::typeobj::flags::HAS_DICT);
    }
}

/// The member descriptors of the built-in exception types' fields, and the field
/// counts (`nslots`) of every built-in exception type, inherited along the MRO.
fn add_fields(vm: &Vm) {
    use MemberKind::{ExcObject as Obj, ExcReadonly as Ro, ExcSsize as Size};
    let x = &vm.exc;
    let unicode: &[(&str, MemberKind)] = &[
        ("encoding", Obj),
        ("object", Obj),
        ("start", Size),
        ("end", Size),
        ("reason", Obj),
    ];
    let table: [(&ObjRef, &[(&str, MemberKind)]); 11] = [
        (&x.stop_iteration, &[("value", Obj)]),
        (&x.system_exit, &[("code", Obj)]),
        (&x.name_error, &[("name", Obj)]),
        (&x.attribute_error, &[("name", Obj), ("obj", Obj)]),
        (
            &x.import_error,
            &[("msg", Obj), ("name", Obj), ("path", Obj)],
        ),
        (
            &x.os_error,
            // characters_written (the fifth field) is a getset.
            &[
                ("errno", Obj),
                ("strerror", Obj),
                ("filename", Obj),
                ("filename2", Obj),
            ],
        ),
        (
            &x.syntax_error,
            &[
                ("msg", Obj),
                ("filename", Obj),
                ("lineno", Obj),
                ("offset", Obj),
                ("text", Obj),
                ("end_lineno", Obj),
                ("end_offset", Obj),
                ("print_file_and_line", Obj),
            ],
        ),
        (&x.unicode_encode_error, unicode),
        (&x.unicode_decode_error, unicode),
        (&x.unicode_translate_error, unicode),
        (
            &x.base_exception_group,
            &[("message", Ro), ("exceptions", Ro)],
        ),
    ];
    for (ty, fields) in table {
        for (i, (name, kind)) in fields.iter().enumerate() {
            let key = vm.intern(name);
            let member = ObjRef::new_immortal(
                &vm.types.member_descriptor,
                Payload::Member(Box::new(MemberData {
                    name: key.clone(),
                    owner: ty.clone(),
                    index: Some(i),
                    kind: *kind,
                })),
            );
            crate::objects::dict::set_str_in(&tdata(ty).dict, &key, Value::Obj(member));
        }
        let count = if ty.is(&x.os_error) {
            OS_WRITTEN + 1
        } else {
            fields.len()
        };
        tdata(ty).nslots.set(count);
        crate::objects::type_cache::changed(ty);
    }
    for t in x.all() {
        let n = tdata(t)
            .mro
            .borrow()
            .iter()
            .map(|b| tdata(b).nslots.get())
            .max()
            .unwrap_or(0);
        tdata(t).nslots.set(n);
    }
}
