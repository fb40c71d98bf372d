//! Helpers shared by the native modules of this crate: argument checking with CPython's
//! messages, number conversions (`PyFloat_AsDouble`, `__index__`), and access to the
//! Rust state of natively defined objects.

use num_bigint::BigInt;
use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::{NativeData, Payload};
use pyrs_vm::objects::int;
use pyrs_vm::objects::str as pystr;
use pyrs_vm::objects::typeobj::tdata;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

/// `_PyArg_CheckPositional`: "NAME expected at least 1 argument, got 0".
pub fn check_positional(vm: &Vm, name: &str, n: usize, min: usize, max: usize) -> PyResult<()> {
    if n < min {
        let least = if min == max { "" } else { "at least " };
        let s = if min == 1 { "" } else { "s" };
        return Err(vm.type_error(format!("{name} expected {least}{min} argument{s}, got {n}")));
    }
    if n > max {
        let most = if min == max { "" } else { "at most " };
        let s = if max == 1 { "" } else { "s" };
        return Err(vm.type_error(format!("{name} expected {most}{max} argument{s}, got {n}")));
    }
    Ok(())
}

/// Reject keyword arguments: "NAME() takes no keyword arguments".
pub fn no_kwargs(vm: &Vm, name: &str, args: &Args) -> PyResult<()> {
    if args.has_kw() {
        return Err(vm.type_error(format!("{name}() takes no keyword arguments")));
    }
    Ok(())
}

/// Positional-only arguments, no keywords: `min..=max` of them.
pub fn pos_only<'a>(
    vm: &Vm,
    name: &str,
    args: &Args<'a>,
    min: usize,
    max: usize,
) -> PyResult<&'a [Value]> {
    no_kwargs(vm, name, args)?;
    let p = args.pos();
    check_positional(vm, name, p.len(), min, max)?;
    Ok(p)
}

/// Exactly one positional argument (a METH_O function): "NAME() takes exactly one
/// argument (N given)".
pub fn one_arg<'a>(vm: &Vm, name: &str, args: &Args<'a>) -> PyResult<&'a Value> {
    no_kwargs(vm, name, args)?;
    let p = args.pos();
    if p.len() != 1 {
        return Err(vm.type_error(format!(
            "{name}() takes exactly one argument ({} given)",
            p.len()
        )));
    }
    Ok(&p[0])
}

/// A keyword argument's name as a Rust string.
pub fn kw_name(k: &Value) -> String {
    k.as_obj().map(pystr::as_rust_str).unwrap_or_default()
}

/// Bind positional-or-keyword arguments to `names` (the first `npos_only` positional
/// only, the ones from `kw_only_from` keyword only), with CPython's messages. Returns one
/// slot per name; `min` is how many leading names are required.
pub fn bind<'a>(
    vm: &Vm,
    fname: &str,
    args: &Args<'a>,
    names: &[&str],
    min: usize,
) -> PyResult<Vec<Option<Value>>> {
    bind_ex(vm, fname, args, names, min, 0, names.len())
}

pub fn bind_ex(
    vm: &Vm,
    fname: &str,
    args: &Args,
    names: &[&str],
    min: usize,
    npos_only: usize,
    kw_only_from: usize,
) -> PyResult<Vec<Option<Value>>> {
    let pos = args.pos();
    let nkw = args.kwnames.len();
    let maxargs = names.len();
    let maxpos = kw_only_from;
    let minpos = min.min(maxpos);
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if pos.len() + nkw > maxargs {
        return Err(vm.type_error(format!(
            "{fname}() takes at most {maxargs} {}argument{} ({} given)",
            if pos.is_empty() { "keyword " } else { "" },
            plural(maxargs),
            pos.len() + nkw
        )));
    }
    if pos.len() > maxpos {
        if maxpos == 0 {
            return Err(vm.type_error(format!("{fname}() takes no positional arguments")));
        }
        return Err(vm.type_error(format!(
            "{fname}() takes {} {maxpos} positional argument{} ({} given)",
            if minpos < maxpos {
                "at most"
            } else {
                "exactly"
            },
            plural(maxpos),
            pos.len()
        )));
    }
    let minposonly = min.min(npos_only);
    if pos.len() < minposonly {
        return Err(vm.type_error(format!(
            "{fname}() takes {} {minposonly} positional argument{} ({} given)",
            if minposonly < maxpos {
                "at least"
            } else {
                "exactly"
            },
            plural(minposonly),
            pos.len()
        )));
    }
    let mut out: Vec<Option<Value>> = vec![None; names.len()];
    for (i, v) in pos.iter().enumerate() {
        out[i] = Some(v.clone());
    }
    let mut bad_kw: Option<String> = None;
    for (k, v) in args.kwargs() {
        let k = kw_name(k);
        match names.iter().position(|n| *n == k) {
            Some(i) if i >= npos_only => {
                if out[i].is_some() {
                    return Err(vm.type_error(format!(
                        "argument for {fname}() given by name ('{k}') and position ({})",
                        i + 1
                    )));
                }
                out[i] = Some(v.clone());
            }
            _ => {
                if bad_kw.is_none() {
                    bad_kw = Some(k);
                }
            }
        }
    }
    for (i, slot) in out.iter().enumerate().take(min) {
        if slot.is_none() {
            return Err(vm.type_error(format!(
                "{fname}() missing required argument '{}' (pos {})",
                names[i],
                i + 1
            )));
        }
    }
    if let Some(k) = bad_kw {
        return Err(vm.type_error(format!(
            "'{k}' is an invalid keyword argument for {fname}()"
        )));
    }
    Ok(out)
}

/// `PyFloat_AsDouble`: floats, ints, `__float__`, `__index__`; otherwise
/// "must be real number, not X".
pub fn to_f64(vm: &Vm, v: &Value) -> PyResult<f64> {
    match v {
        Value::Float(f) => return Ok(*f),
        Value::Int(i) => return Ok(*i as f64),
        Value::Bool(b) => return Ok(*b as i64 as f64),
        Value::Obj(o) => match &o.payload {
            Payload::Float(f) if !tdata(o.class()).is_heap() => return Ok(*f),
            Payload::Int(i) if !tdata(o.class()).is_heap() => return int::big_to_f64(vm, i),
            _ => {}
        },
        _ => {}
    }
    if vm.lookup_special(v, &vm.names.__float__).is_some()
        || vm.lookup_special(v, &vm.names.__index__).is_some()
    {
        return pyrs_vm::objects::float::to_float(vm, v);
    }
    if let Value::Obj(o) = v {
        match &o.payload {
            Payload::Float(f) => return Ok(*f),
            Payload::Int(i) => return int::big_to_f64(vm, i),
            _ => {}
        }
    }
    Err(vm.type_error(format!("must be real number, not {}", vm.type_name(v))))
}

/// `operator.index(v)` as a BigInt.
pub fn to_bigint(vm: &Vm, v: &Value) -> PyResult<BigInt> {
    let i = vm.index_value(v)?;
    Ok(int::as_bigint(&i).unwrap_or_default())
}

/// `operator.index(v)` as an i64, or None when it does not fit.
pub fn to_i64_opt(vm: &Vm, v: &Value) -> PyResult<Option<i64>> {
    match vm.index_value(v)? {
        Value::Int(i) => Ok(Some(i)),
        Value::Bool(b) => Ok(Some(b as i64)),
        _ => Ok(None),
    }
}

/// `operator.index(v)` as a Py_ssize_t: "Python int too large to convert to C ssize_t".
pub fn to_isize(vm: &Vm, v: &Value) -> PyResult<i64> {
    match to_i64_opt(vm, v)? {
        Some(i) => Ok(i),
        None => Err(vm.overflow_error("Python int too large to convert to C ssize_t")),
    }
}

/// The Rust state of a native object: `self` of a method of type `tyname`.
pub fn this<'a, T: NativeData>(vm: &Vm, args: &'a Args, tyname: &str) -> PyResult<&'a T> {
    match args.args.first() {
        Some(Value::Obj(o)) => match o.payload.native::<T>() {
            Some(t) => Ok(t),
            None => Err(vm.type_error(format!(
                "descriptor requires a '{tyname}' object but received a '{}'",
                vm.type_name(&args.args[0])
            ))),
        },
        Some(v) => Err(vm.type_error(format!(
            "descriptor requires a '{tyname}' object but received a '{}'",
            vm.type_name(v)
        ))),
        None => Err(vm.type_error(format!("descriptor needs a '{tyname}' argument"))),
    }
}

/// The native state of any value, when it is a `T`.
pub fn native_of<T: NativeData>(v: &Value) -> Option<&T> {
    match v {
        Value::Obj(o) => o.payload.native::<T>(),
        _ => None,
    }
}

/// The class argument of a `__new__` (args[0]).
pub fn cls_arg(vm: &Vm, args: &Args) -> PyResult<ObjRef> {
    match args.args.first() {
        Some(Value::Obj(c)) if c.payload.as_type().is_some() => Ok(c.clone()),
        _ => Err(vm.type_error("__new__(X): X is not a type object")),
    }
}

/// Args of a method without its `self`.
pub fn rest<'a>(args: &Args<'a>) -> Args<'a> {
    if args.args.is_empty() {
        return *args;
    }
    Args::with_kw(&args.args[1..], args.kwnames)
}

/// The `StopIteration` that ends an iterator.
pub fn stop(vm: &Vm) -> ObjRef {
    vm.stop_iteration(None)
}

/// `Py_ReprEnter`-style guard against recursive reprs: `None` when `v` is already being
/// printed.
pub struct ReprGuard(usize);

impl ReprGuard {
    pub fn enter(v: &Value) -> Option<ReprGuard> {
        let id = v.id() as usize;
        if pyrs_vm::objects::seq::repr_enter(id) {
            Some(ReprGuard(id))
        } else {
            None
        }
    }
}

impl Drop for ReprGuard {
    fn drop(&mut self) {
        pyrs_vm::objects::seq::repr_leave(self.0);
    }
}
