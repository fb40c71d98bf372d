//! The code type's Python face: `co_*` attributes, `co_lines()`, `co_positions()`,
//! `replace()`, equality and hashing.
//!
//! pyrs instructions are 32-bit units, so `co_code` holds 4 bytes per instruction (little
//! endian: opcode in the low byte, argument above) and byte offsets (`f_lasti`,
//! `tb_lasti`, `co_lines()`) count 4 bytes an instruction. `co_positions()` yields one
//! entry per 2-byte unit, as CPython's does, so Lib's `traceback` (which indexes it with
//! `tb_lasti // 2`) finds the right instruction.

use std::sync::Arc;

use num_traits::ToPrimitive;
use pyrs_compiler::bytecode::{CodeConstant, CodeObject, Location};
use pyrs_parser::ast::{Constant, IntValue};
use pyrs_parser::wtf8::Wtf8Buf;

use crate::memory::ObjRef;
use crate::object::{CodeData, CodeTables, Payload};
use crate::objects::str as pystr;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

fn code_of<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a CodeData> {
    v.as_obj()
        .and_then(|o| o.payload.as_code())
        .ok_or_else(|| vm.type_error("expected a code object"))
}

fn str_tuple(vm: &Vm, items: &[pyrs_compiler::bytecode::Name]) -> Value {
    vm.new_tuple(items.iter().map(|s| Value::Obj(vm.intern(s))).collect())
}

fn co_name(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Obj(code_of(vm, v)?.name.clone()))
}
fn co_qualname(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Obj(code_of(vm, v)?.qualname.clone()))
}
fn co_filename(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Obj(code_of(vm, v)?.filename.clone()))
}
fn co_firstlineno(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(code_of(vm, v)?.code.firstlineno as i64))
}
fn co_argcount(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(code_of(vm, v)?.code.argcount as i64))
}
fn co_posonlyargcount(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(code_of(vm, v)?.code.posonlyargcount as i64))
}
fn co_kwonlyargcount(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(code_of(vm, v)?.code.kwonlyargcount as i64))
}
fn co_nlocals(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(code_of(vm, v)?.code.varnames.len() as i64))
}
fn co_stacksize(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(code_of(vm, v)?.code.stacksize as i64))
}
fn co_flags(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(code_of(vm, v)?.code.flags as i64))
}
fn co_varnames(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(str_tuple(vm, &code_of(vm, v)?.code.varnames))
}
fn co_cellvars(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(str_tuple(vm, &code_of(vm, v)?.code.cellvars))
}
fn co_freevars(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(str_tuple(vm, &code_of(vm, v)?.code.freevars))
}
fn co_consts(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(vm.new_tuple(code_of(vm, v)?.tables(vm).consts.to_vec()))
}
fn co_names(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(vm.new_tuple(
        code_of(vm, v)?
            .tables(vm)
            .names
            .iter()
            .cloned()
            .map(Value::Obj)
            .collect(),
    ))
}
fn co_code(vm: &Vm, v: &Value) -> PyResult<Value> {
    let c = code_of(vm, v)?;
    let mut out = Vec::with_capacity(c.code.instructions.len() * 4);
    for ins in &c.code.instructions {
        out.extend_from_slice(&ins.0.to_le_bytes());
    }
    Ok(vm.new_bytes(out))
}

fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// pyrs's own line table: per instruction, four varints (line, end line, column + 1,
/// end column + 1; 0 for unknown). Only pyrs's `dis` reads it.
fn co_linetable(vm: &Vm, v: &Value) -> PyResult<Value> {
    let c = code_of(vm, v)?;
    let mut out = Vec::new();
    for l in &c.code.locations {
        push_varint(&mut out, l.lineno as u64);
        push_varint(&mut out, l.end_lineno as u64);
        for col in [l.col, l.end_col] {
            push_varint(&mut out, if col == u32::MAX { 0 } else { col as u64 + 1 });
        }
    }
    Ok(vm.new_bytes(out))
}

/// pyrs's exception table: per entry, varints start, end, target, depth*2 + lasti
/// (instruction indexes).
fn co_exceptiontable(vm: &Vm, v: &Value) -> PyResult<Value> {
    let c = code_of(vm, v)?;
    let mut out = Vec::new();
    for e in &c.code.exception_table {
        push_varint(&mut out, e.start as u64);
        push_varint(&mut out, e.end as u64);
        push_varint(&mut out, e.target as u64);
        push_varint(&mut out, (e.depth as u64) * 2 + e.lasti as u64);
    }
    Ok(vm.new_bytes(out))
}

fn opt_int(v: u32) -> Value {
    if v == u32::MAX {
        Value::None
    } else {
        Value::Int(v as i64)
    }
}

fn line_value(l: u32) -> Value {
    if l == 0 {
        Value::None
    } else {
        Value::Int(l as i64)
    }
}

/// `co_lines()`: `(start, end, line)` byte ranges, consecutive instructions on one line
/// merged.
fn code_co_lines(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = code_of(vm, &args.args[0])?;
    let locs = &c.code.locations;
    let mut out = Vec::new();
    let mut start = 0usize;
    for i in 1..=locs.len() {
        if i == locs.len() || locs[i].lineno != locs[start].lineno {
            out.push(vm.new_tuple(vec![
                Value::Int(start as i64 * 4),
                Value::Int(i as i64 * 4),
                line_value(locs[start].lineno),
            ]));
            start = i;
        }
    }
    let list = vm.new_list(out);
    vm.iter(&list)
}

fn position_tuple(vm: &Vm, l: &Location) -> Value {
    if l.lineno == 0 {
        return vm.new_tuple(vec![Value::None, Value::None, Value::None, Value::None]);
    }
    vm.new_tuple(vec![
        line_value(l.lineno),
        line_value(l.end_lineno),
        opt_int(l.col),
        opt_int(l.end_col),
    ])
}

/// `co_positions()`: one `(line, end_line, col, end_col)` per 2-byte code unit.
fn code_co_positions(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = code_of(vm, &args.args[0])?;
    let mut out = Vec::with_capacity(c.code.locations.len() * 2);
    for l in &c.code.locations {
        let t = position_tuple(vm, l);
        out.push(t.clone());
        out.push(t);
    }
    let list = vm.new_list(out);
    vm.iter(&list)
}

/// The compiler constant for a value stored in `co_consts` by `replace()`.
fn value_to_constant(vm: &Vm, v: &Value) -> PyResult<CodeConstant> {
    let c = match v {
        Value::None => Constant::None,
        Value::Bool(b) => Constant::Bool(*b),
        Value::Int(i) => Constant::Int(IntValue::Small(*i)),
        Value::Float(f) => Constant::Float(*f),
        Value::Obj(o) => match &o.payload {
            Payload::Code(cd) => return Ok(CodeConstant::Code(cd.code.clone())),
            Payload::Int(b) if o.class().is(&vm.types.int) => match b.to_i64() {
                Some(i) => Constant::Int(IntValue::Small(i)),
                None => Constant::Int(IntValue::Big(Box::new(b.clone()))),
            },
            Payload::Complex(re, im) if o.class().is(&vm.types.complex) => Constant::Complex {
                real: *re,
                imag: *im,
            },
            Payload::Str(s) if o.class().is(&vm.types.str_) => {
                let mut w = Wtf8Buf::new();
                for cp in s.code_points() {
                    w.push_code_point(cp);
                }
                Constant::Str(w)
            }
            Payload::Bytes(b) if o.class().is(&vm.types.bytes) => Constant::Bytes(b.to_vec()),
            Payload::Ellipsis => Constant::Ellipsis,
            Payload::Tuple(items) if o.class().is(&vm.types.tuple) => {
                let mut out = Vec::new();
                for i in items.iter() {
                    match value_to_constant(vm, i)? {
                        CodeConstant::Value(c) => out.push(c),
                        CodeConstant::Code(_) => {
                            return Err(vm.type_error("code objects inside tuple constants"))
                        }
                    }
                }
                Constant::Tuple(out)
            }
            Payload::Set(_) if o.class().is(&vm.types.frozenset) => {
                let mut out = Vec::new();
                for i in vm.collect(v)? {
                    match value_to_constant(vm, &i)? {
                        CodeConstant::Value(c) => out.push(c),
                        CodeConstant::Code(_) => {
                            return Err(vm.type_error("code objects inside frozenset constants"))
                        }
                    }
                }
                Constant::FrozenSet(out)
            }
            _ => {
                return Err(vm.type_error(format!(
                    "pyrs code objects cannot hold a constant of type '{}'",
                    vm.type_name(v)
                )))
            }
        },
        _ => {
            return Err(vm.type_error(format!(
                "pyrs code objects cannot hold a constant of type '{}'",
                vm.type_name(v)
            )))
        }
    };
    Ok(CodeConstant::Value(c))
}

fn arg_str(vm: &Vm, what: &str, v: &Value) -> PyResult<String> {
    match v {
        Value::Obj(o) if o.payload.as_str().is_some() => Ok(pystr::as_rust_str(o)),
        _ => Err(vm.type_error(format!(
            "replace() argument '{what}' must be str, not {}",
            vm.type_name(v)
        ))),
    }
}

fn arg_u32(vm: &Vm, what: &str, v: &Value) -> PyResult<u32> {
    match v {
        Value::Int(i) if *i >= 0 && *i <= u32::MAX as i64 => Ok(*i as u32),
        Value::Int(_) => {
            Err(vm.value_error(format!("replace() argument '{what}' is out of range")))
        }
        _ => Err(vm.type_error(format!(
            "replace() argument '{what}' must be int, not {}",
            vm.type_name(v)
        ))),
    }
}

fn arg_names(vm: &Vm, what: &str, v: &Value) -> PyResult<Vec<String>> {
    let items = match v {
        Value::Obj(o) if o.payload.as_tuple().is_some() => o.payload.as_tuple().unwrap_or(&[]),
        _ => {
            return Err(vm.type_error(format!(
                "replace() argument '{what}' must be tuple, not {}",
                vm.type_name(v)
            )))
        }
    };
    items
        .iter()
        .map(|i| match i {
            Value::Obj(o) if o.payload.as_str().is_some() => Ok(pystr::as_rust_str(o)),
            _ => Err(vm.type_error(format!("{what} must contain only strings"))),
        })
        .collect()
}

/// `code.replace(**changes)`. Fields that would change the shape the bytecode relies on
/// (fewer names, locals or constants than the instructions use; new bytecode or tables)
/// are refused with a clear error.
fn code_replace(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = code_of(vm, &args.args[0])?;
    if !args.pos()[1..].is_empty() {
        return Err(vm.type_error("replace() takes no positional arguments"));
    }
    let mut co: CodeObject = (*c.code).clone();
    for (k, v) in args.kwargs() {
        let key = vm.str_string(k)?;
        match key.as_str() {
            "co_name" => co.name = arg_str(vm, &key, v)?,
            "co_qualname" => co.qualname = arg_str(vm, &key, v)?,
            "co_filename" => co.filename = arg_str(vm, &key, v)?.into(),
            "co_firstlineno" => co.firstlineno = arg_u32(vm, &key, v)?,
            "co_argcount" | "co_posonlyargcount" | "co_kwonlyargcount" => {
                let n = arg_u32(vm, &key, v)?;
                match key.as_str() {
                    "co_argcount" => co.argcount = n,
                    "co_posonlyargcount" => co.posonlyargcount = n,
                    _ => co.kwonlyargcount = n,
                }
            }
            "co_flags" => co.flags = arg_u32(vm, &key, v)?,
            "co_stacksize" => co.stacksize = arg_u32(vm, &key, v)?,
            "co_nlocals" => {
                if arg_u32(vm, &key, v)? as usize != co.varnames.len() {
                    return Err(vm.value_error("code: co_nlocals != len(co_varnames)"));
                }
            }
            "co_names" | "co_varnames" | "co_cellvars" | "co_freevars" => {
                let names = arg_names(vm, &key, v)?;
                let slot = match key.as_str() {
                    "co_names" => &mut co.names,
                    "co_varnames" => &mut co.varnames,
                    "co_cellvars" => &mut co.cellvars,
                    _ => &mut co.freevars,
                };
                let ok = if key == "co_names" {
                    names.len() >= slot.len()
                } else {
                    names.len() == slot.len()
                };
                if !ok {
                    return Err(vm.value_error(format!(
                        "pyrs: replace() cannot change the number of {key} the bytecode uses"
                    )));
                }
                *slot = names.into_iter().map(Into::into).collect();
            }
            "co_consts" => {
                let items = vm.collect(v)?;
                if !matches!(v, Value::Obj(o) if o.payload.as_tuple().is_some()) {
                    return Err(vm.type_error(format!(
                        "replace() argument 'co_consts' must be tuple, not {}",
                        vm.type_name(v)
                    )));
                }
                if items.len() < co.constants.len() {
                    return Err(
                        vm.value_error("pyrs: replace() cannot drop constants the bytecode uses")
                    );
                }
                co.constants = items
                    .iter()
                    .map(|i| value_to_constant(vm, i))
                    .collect::<PyResult<_>>()?;
            }
            "co_code" | "co_linetable" | "co_exceptiontable" | "co_lnotab" => {
                return Err(vm.value_error(format!(
                    "pyrs: replace({key}=...) is not supported (pyrs bytecode is not CPython's)"
                )))
            }
            _ => {
                return Err(vm.type_error(format!(
                    "'{key}' is an invalid keyword argument for replace()"
                )))
            }
        }
    }
    if co.posonlyargcount > co.argcount
        || (co.argcount + co.kwonlyargcount) as usize > co.varnames.len()
    {
        return Err(vm.value_error("code: argument counts exceed co_varnames"));
    }
    Ok(Value::Obj(crate::eval::new_code_object(vm, Arc::new(co))))
}

/// `==`/`!=` between code objects (the native comparison path).
pub fn code_richcompare(
    vm: &Vm,
    a: &Value,
    b: &Value,
    op: pyrs_compiler::bytecode::CompareOpArg,
) -> PyResult<Value> {
    use pyrs_compiler::bytecode::CompareOpArg;
    if !matches!(op, CompareOpArg::Eq | CompareOpArg::Ne) {
        return Ok(vm.not_implemented());
    }
    let r = code_eq(vm, Args::new(&[a.clone(), b.clone()]))?;
    match (r, op) {
        (Value::Bool(x), CompareOpArg::Ne) => Ok(Value::Bool(!x)),
        (r, _) => Ok(r),
    }
}

fn code_eq(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = code_of(vm, &args.args[0])?;
    let b = match args
        .args
        .get(1)
        .and_then(|v| v.as_obj())
        .and_then(|o| o.payload.as_code())
    {
        Some(b) => b,
        None => return Ok(vm.not_implemented()),
    };
    if Arc::ptr_eq(&a.code, &b.code) {
        return Ok(Value::Bool(true));
    }
    let (x, y) = (&*a.code, &*b.code);
    let same = x.name == y.name
        && x.argcount == y.argcount
        && x.posonlyargcount == y.posonlyargcount
        && x.kwonlyargcount == y.kwonlyargcount
        && x.flags == y.flags
        && x.firstlineno == y.firstlineno
        && x.instructions == y.instructions
        && x.exception_table == y.exception_table
        && x.names == y.names
        && x.varnames == y.varnames
        && x.freevars == y.freevars
        && x.cellvars == y.cellvars
        && x.locations == y.locations;
    let (a, b) = (a.tables(vm), b.tables(vm));
    if !same || a.consts.len() != b.consts.len() {
        return Ok(Value::Bool(false));
    }
    // Constants compare by value and type (1 and 1.0 differ), as CPython's
    // _PyCode_ConstantKey does.
    for (p, q) in a.consts.iter().zip(b.consts.iter()) {
        if !vm.type_of(p).is(vm.type_of(q)) || !vm.eq(p, q)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn code_ne(vm: &Vm, args: Args) -> PyResult<Value> {
    match code_eq(vm, args)? {
        Value::Bool(b) => Ok(Value::Bool(!b)),
        v => Ok(v),
    }
}

fn code_hash(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(code_hash_value(vm, &args.args[0])?))
}

/// The hash of a code object: equal code objects hash alike.
pub fn code_hash_value(vm: &Vm, v: &Value) -> PyResult<i64> {
    let c = code_of(vm, v)?;
    let co = &c.code;
    let mut h = vm.hash(&Value::Obj(c.name.clone()))?;
    for n in [
        co.argcount,
        co.posonlyargcount,
        co.kwonlyargcount,
        co.flags,
        co.firstlineno,
        co.instructions.len() as u32,
        co.names.len() as u32,
        co.varnames.len() as u32,
    ] {
        h = h.wrapping_mul(1_000_003) ^ n as i64;
    }
    if h == -1 {
        h = -2;
    }
    Ok(h)
}

fn code_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = code_of(vm, &args.args[0])?;
    Ok(vm.new_str(format!(
        "<code object {} at {:#x}, file \"{}\", line {}>",
        c.code.name,
        args.args[0].id(),
        c.code.filename,
        c.code.firstlineno
    )))
}

/// `types.CodeType(...)`: pyrs cannot build code objects from CPython bytecode.
fn code_new(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(vm.type_error(
        "pyrs: code objects cannot be created from raw bytecode (use compile() or code.replace())",
    ))
}

pub fn init(vm: &Vm) {
    let c = &vm.types.code;
    vm.add_static(c, "__new__", code_new);
    vm.add_method(c, "__repr__", code_repr);
    vm.add_method(c, "__eq__", code_eq);
    vm.add_method(c, "__ne__", code_ne);
    vm.add_method(c, "__hash__", code_hash);
    vm.add_method(c, "co_lines", code_co_lines);
    vm.add_method(c, "co_positions", code_co_positions);
    vm.add_method(c, "replace", code_replace);
    vm.add_getset(c, "co_name", co_name, None);
    vm.add_getset(c, "co_qualname", co_qualname, None);
    vm.add_getset(c, "co_filename", co_filename, None);
    vm.add_getset(c, "co_firstlineno", co_firstlineno, None);
    vm.add_getset(c, "co_argcount", co_argcount, None);
    vm.add_getset(c, "co_posonlyargcount", co_posonlyargcount, None);
    vm.add_getset(c, "co_kwonlyargcount", co_kwonlyargcount, None);
    vm.add_getset(c, "co_nlocals", co_nlocals, None);
    vm.add_getset(c, "co_stacksize", co_stacksize, None);
    vm.add_getset(c, "co_flags", co_flags, None);
    vm.add_getset(c, "co_varnames", co_varnames, None);
    vm.add_getset(c, "co_cellvars", co_cellvars, None);
    vm.add_getset(c, "co_freevars", co_freevars, None);
    vm.add_getset(c, "co_consts", co_consts, None);
    vm.add_getset(c, "co_names", co_names, None);
    vm.add_getset(c, "co_code", co_code, None);
    vm.add_getset(c, "co_linetable", co_linetable, None);
    vm.add_getset(c, "co_exceptiontable", co_exceptiontable, None);
    register_dis(vm);
}

// ----- pyrs's `dis` module ----------------------------------------------------------------

/// CPython's spelling of an opcode name: `LoadFast` -> `LOAD_FAST`.
fn upper_snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    match out.as_str() {
        "LOAD_CLASS_DEREF" => "LOAD_CLASSDEREF".to_string(),
        _ => out,
    }
}

fn opcode_names() -> Vec<(u8, String)> {
    (0..=255u8)
        .filter_map(|b| {
            pyrs_compiler::bytecode::Opcode::from_u8(b).map(|o| (b, upper_snake(&format!("{o:?}"))))
        })
        .collect()
}

/// `_pyrs_dis.opnames()`: the 256 opcode names, `<n>` for unused bytes.
fn dis_opnames(vm: &Vm, _args: Args) -> PyResult<Value> {
    let mut names: Vec<Value> = (0..256).map(|i| vm.new_str(format!("<{i}>"))).collect();
    for (b, n) in opcode_names() {
        names[b as usize] = vm.new_str(n);
    }
    Ok(vm.new_list(names))
}

/// `_pyrs_dis.jump_opnames()`: the opcodes whose argument is an instruction index.
fn dis_jump_opnames(vm: &Vm, _args: Args) -> PyResult<Value> {
    let names = (0..=255u8)
        .filter_map(pyrs_compiler::bytecode::Opcode::from_u8)
        .filter(|o| o.is_jump())
        .map(|o| vm.new_str(upper_snake(&format!("{o:?}"))))
        .collect();
    Ok(vm.new_list(names))
}

/// `_pyrs_dis.slot_names(code)`: the name of every local slot (the arguments of the
/// fast-local and cell instructions).
fn dis_slot_names(vm: &Vm, args: Args) -> PyResult<Value> {
    let c = code_of(vm, args.pos().first().unwrap_or(&Value::None))?;
    Ok(vm.new_tuple(
        c.tables(vm)
            .slot_names
            .iter()
            .cloned()
            .map(Value::Obj)
            .collect(),
    ))
}

fn init_pyrs_dis(vm: &Vm) -> PyResult<crate::memory::ObjRef> {
    let m = vm.new_module("_pyrs_dis");
    vm.add_module_fn(&m, "opnames", dis_opnames);
    vm.add_module_fn(&m, "jump_opnames", dis_jump_opnames);
    vm.add_module_fn(&m, "slot_names", dis_slot_names);
    let sample = crate::interpreter::compile_string(vm, "pass", "<dis>", "exec")?;
    vm.set_attr(
        &Value::Obj(m.clone()),
        &vm.intern("sample_code"),
        Value::Obj(sample),
    )?;
    Ok(m)
}

const DIS_SOURCE: &str = include_str!("../dis.py");

/// The `dis` module: Python source built into the binary (it shadows Lib's dis.py, which
/// reads CPython's bytecode).
fn init_dis(vm: &Vm) -> PyResult<crate::memory::ObjRef> {
    let m = vm.new_module("dis");
    let code = crate::interpreter::compile_string(vm, DIS_SOURCE, "<pyrs dis>", "exec")?;
    let globals = m
        .dict()
        .ok_or_else(|| vm.runtime_error("dis: module without a namespace"))?;
    crate::objects::dict::set_str(&globals, &vm.intern("__name__"), vm.new_str("dis"));
    crate::eval::run_code_in(vm, &code, &globals, None)?;
    Ok(m)
}

/// Register `dis` and its helper `_pyrs_dis` as built-in modules.
pub fn register_dis(vm: &Vm) {
    vm.register_native_module("_pyrs_dis", init_pyrs_dis);
    vm.register_native_module("dis", init_dis);
}

// ----- making code objects ------------------------------------------------------------

/// What the VM keeps from one code object it makes to the next (`Vm::code_making`): the
/// file name of the code made last and its str, and the cache of interned names.
pub struct CodeMaking {
    /// The file name of the code objects made last and its str (see `shared_filename`).
    last_filename: Option<(String, ObjRef)>,
    names: NameCache,
}

impl Default for CodeMaking {
    fn default() -> CodeMaking {
        CodeMaking {
            last_filename: None,
            names: NameCache::with_slots(NAME_CACHE_SLOTS),
        }
    }
}

/// The slots of the VM's name cache: the code of a program names a few thousand distinct
/// identifiers, most of them over and over (`self`, `__init__`, argument names).
const NAME_CACHE_SLOTS: usize = 2048;

/// Run `f` with the VM's code-making state (a fresh one should a code object be made
/// while another is being made).
fn with_making<T>(vm: &Vm, f: impl FnOnce(&Vm, &mut CodeMaking) -> T) -> T {
    match vm.code_making.try_borrow_mut() {
        Ok(mut m) => f(vm, &mut m),
        Err(_) => f(vm, &mut CodeMaking::default()),
    }
}

/// The interned str of `s`'s text (`Vm::intern_obj`), found in the VM's name cache when
/// it is there: the names a class body stores are the code's names, interned when its
/// tables were made, so making the class finds each in a slot instead of hashing it
/// again.
pub fn intern_name(vm: &Vm, s: &ObjRef) -> ObjRef {
    if let (Ok(m), Some(p)) = (vm.code_making.try_borrow(), s.payload.as_str()) {
        if let Some(o) = m.names.get(p.as_bytes()) {
            return o;
        }
    }
    vm.intern_obj(s)
}

/// Convert a compiler constant to a value.
pub fn const_to_value(vm: &Vm, c: &Constant) -> Value {
    with_making(vm, |vm, m| const_value(vm, c, &mut m.names))
}

/// `const_to_value`, with identifier-like strs found through `names` when they were
/// interned before.
fn const_value(vm: &Vm, c: &Constant, names: &mut NameCache) -> Value {
    match c {
        Constant::None => Value::None,
        Constant::Bool(b) => Value::Bool(*b),
        Constant::Ellipsis => Value::Obj(vm.ellipsis.clone()),
        Constant::Int(IntValue::Small(i)) => Value::Int(*i),
        Constant::Int(IntValue::Big(b)) => vm.new_bigint((**b).clone()),
        Constant::Float(f) => Value::Float(*f),
        Constant::Complex { real, imag } => crate::objects::float::new_complex(vm, *real, *imag),
        Constant::Str(s) => {
            let bytes = s.as_bytes();
            let ascii = bytes.is_ascii();
            // Short identifier-like text is interned (ASCII decided on the bytes).
            let identifier = bytes.len() < 40
                && if ascii {
                    bytes
                        .iter()
                        .all(|&b| b.is_ascii_alphanumeric() || b == b'_')
                } else {
                    s.as_str()
                        .is_some_and(|t| t.chars().all(|c| c.is_alphanumeric() || c == '_'))
                };
            if identifier {
                if let Some(o) = names.get(bytes) {
                    return Value::Obj(o);
                }
            }
            // ASCII text is copied as it is (short text into the object itself), without
            // a UTF-8 check or a count of characters.
            let ps = if ascii {
                pystr::PyStr::from_ascii(bytes)
            } else {
                pystr::PyStr::from_wtf8(bytes.to_vec())
            };
            let o = ObjRef::new(&vm.types.str_, Payload::Str(ps));
            if identifier {
                let o = vm.intern_obj(&o);
                names.put(bytes, &o);
                return Value::Obj(o);
            }
            Value::Obj(o)
        }
        Constant::Bytes(b) => vm.new_bytes(b.clone()),
        Constant::Tuple(items) => {
            vm.new_tuple(items.iter().map(|i| const_value(vm, i, names)).collect())
        }
        Constant::FrozenSet(items) => crate::objects::set::frozenset_constant(
            vm,
            items.iter().map(|i| const_value(vm, i, names)).collect(),
        ),
    }
}

/// A direct-mapped cache of interned strs by text, in front of the interned-string
/// table: code names the same few strs over and over (`self`, argument names, globals,
/// attribute names), and a look-up here (the slot chosen by length and three bytes, the
/// text compared) costs a fraction of one in that table. Every entry is the canonical
/// interned str of its text (the interned-string table never drops one), so a hit gives
/// what interning gives. The VM keeps one for all the code it makes (`CodeMaking`); its
/// table is allocated on first use.
struct NameCache {
    slots: Vec<Option<ObjRef>>,
    /// The number of slots (a power of two), allocated on first use.
    size: usize,
}

impl NameCache {
    fn with_slots(size: usize) -> NameCache {
        NameCache {
            slots: Vec::new(),
            size,
        }
    }

    #[inline]
    fn slot(&self, text: &[u8]) -> usize {
        let (first, mid, last) = match text {
            [] => (0, 0, 0),
            [.., last] => (text[0], text[text.len() / 2], *last),
        };
        let h = (text.len() as u32).wrapping_mul(0x9E37_79B9)
            ^ (first as u32)
            ^ ((mid as u32) << 3)
            ^ ((last as u32) << 6);
        (h ^ (h >> 16)) as usize & (self.size - 1)
    }

    #[inline]
    fn get(&self, text: &[u8]) -> Option<ObjRef> {
        match self.slots.get(self.slot(text)) {
            Some(Some(o)) if o.payload.as_str().is_some_and(|p| p.as_bytes() == text) => {
                Some(o.clone())
            }
            _ => None,
        }
    }

    fn put(&mut self, text: &[u8], o: &ObjRef) {
        if self.slots.is_empty() {
            self.slots.resize(self.size, None);
        }
        let slot = self.slot(text);
        self.slots[slot] = Some(o.clone());
    }

    /// The interned str for `text` (`Vm::intern`).
    #[inline]
    fn intern(&mut self, vm: &Vm, text: &str) -> ObjRef {
        if let Some(o) = self.get(text.as_bytes()) {
            return o;
        }
        let o = vm.intern(text);
        self.put(text.as_bytes(), &o);
        o
    }
}

/// Wrap a compiler code object (and its nested code objects) for the VM: its constants
/// and names are converted now (it is about to run), those of nested code objects when
/// first needed.
pub fn new_code_object(vm: &Vm, code: Arc<CodeObject>) -> ObjRef {
    with_making(vm, |vm, m| {
        let o = new_code_object_in(vm, code, m);
        if let Payload::Code(cd) = &o.payload {
            let tables = make_tables(vm, &cd.code, cd.first_str.as_ref(), m);
            let _ = cd.tables.set(tables);
        }
        o
    })
}

/// The tables of a code object made before (`CodeData::tables`, on its first use).
pub fn make_tables_lazily(vm: &Vm, code: &CodeObject, first_str: Option<&Value>) -> CodeTables {
    with_making(vm, |vm, m| make_tables(vm, code, first_str, m))
}

/// A code object whose tables are made on first use.
fn new_code_object_in(vm: &Vm, code: Arc<CodeObject>, m: &mut CodeMaking) -> ObjRef {
    let first_str = match code.constants.first() {
        Some(CodeConstant::Value(c @ Constant::Str(_))) => Some(const_value(vm, c, &mut m.names)),
        _ => None,
    };
    let data = CodeData {
        inline_caches: std::cell::OnceCell::new(),
        tables: std::cell::OnceCell::new(),
        first_str,
        name: m.names.intern(vm, &code.name),
        // A top-level definition's qualname is its name: the same object, as in CPython.
        qualname: if code.qualname == code.name {
            m.names.intern(vm, &code.name)
        } else if code.qualname.is_ascii() {
            let ps = pystr::PyStr::from_ascii(code.qualname.as_bytes());
            ObjRef::new(&vm.types.str_, Payload::Str(ps))
        } else {
            vm.new_str_obj(code.qualname.clone())
        },
        filename: shared_filename(vm, &mut m.last_filename, &code.filename),
        nlocalsplus: code.nlocalsplus(),
        code,
    };
    ObjRef::new(&vm.types.code, Payload::Code(Box::new(data)))
}

/// The constants (nested code objects made as they come) and names of `code` as values;
/// `first_str` is the first constant when made already.
fn make_tables(
    vm: &Vm,
    code: &CodeObject,
    first_str: Option<&Value>,
    m: &mut CodeMaking,
) -> CodeTables {
    let consts: Vec<Value> = code
        .constants
        .iter()
        .enumerate()
        .map(|(i, c)| match (c, first_str) {
            (CodeConstant::Value(_), Some(s)) if i == 0 => s.clone(),
            (CodeConstant::Value(v), _) => const_value(vm, v, &mut m.names),
            (CodeConstant::Code(inner), _) => Value::Obj(new_code_object_in(vm, inner.clone(), m)),
        })
        .collect();
    let cache = &mut m.names;
    let names: Vec<ObjRef> = code.names.iter().map(|n| cache.intern(vm, n)).collect();
    let nlocalsplus = code.nlocalsplus();
    let mut slot_names: Vec<ObjRef> = vec![vm.names.empty.clone(); nlocalsplus];
    for (i, n) in code.varnames.iter().enumerate() {
        if i < nlocalsplus {
            slot_names[i] = cache.intern(vm, n);
        }
    }
    for (i, n) in code.cellvars.iter().enumerate() {
        if let Some(&s) = code.cell_slots.get(i) {
            if (s as usize) < nlocalsplus {
                slot_names[s as usize] = cache.intern(vm, n);
            }
        }
    }
    let nfree = code.freevars.len();
    for (i, n) in code.freevars.iter().enumerate() {
        let s = nlocalsplus - nfree + i;
        slot_names[s] = cache.intern(vm, n);
    }
    let mut const_items = Vec::new();
    for c in &consts {
        collect_tuple_items(c, &mut const_items);
    }
    CodeTables {
        consts: consts.into_boxed_slice(),
        const_items: const_items.into_boxed_slice(),
        names: names.into_boxed_slice(),
        slot_names: slot_names.into_boxed_slice(),
    }
}

/// The `co_filename` str for code from `name`: the code objects of one file, made one
/// after another, share one str (as CPython's marshal data shares it).
fn shared_filename(vm: &Vm, last: &mut Option<(String, ObjRef)>, name: &str) -> ObjRef {
    if let Some((s, o)) = &*last {
        if s == name {
            return o.clone();
        }
    }
    let o = vm.new_str_obj(name.to_string());
    *last = Some((name.to_string(), o.clone()));
    o
}

fn collect_tuple_items(v: &Value, out: &mut Vec<Value>) {
    if let Value::Obj(o) = v {
        if let Some(items) = o.payload.as_tuple() {
            for it in items.iter() {
                out.push(it.clone());
                collect_tuple_items(it, out);
            }
        }
    }
}
