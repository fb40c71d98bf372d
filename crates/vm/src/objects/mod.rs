//! The built-in types, one file each (sequences share `seq.rs`), and the registration of
//! the dunder methods through which classes derived from them reach the native code.

pub mod bytes;
pub mod bytes_methods;
pub mod code;
pub mod dict;
pub mod exc_type_dicts;
pub mod exceptions;
pub mod float;
pub mod function;
pub mod generator;
pub mod genericalias;
pub mod int;
pub mod iter;
pub mod mapping;
pub mod memoryview;
pub mod object;
pub mod range;
pub mod seq;
pub mod set;
pub mod slot_wrapper;
pub mod str;
pub mod type_cache;
pub mod type_mro;
pub mod typeobj;
pub mod weakref;

use pyrs_compiler::bytecode::CompareOpArg;

use crate::memory::ObjRef;
use crate::object::Payload;
use crate::protocols::{binop_from_u32, BINOP_NAMES, CMP_NAMES};
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

fn this(vm: &Vm, args: &Args) -> PyResult<ObjRef> {
    match args.args.first() {
        Some(Value::Obj(o)) => Ok(o.clone()),
        _ => Err(vm.type_error("descriptor needs an object")),
    }
}

fn d_len(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = this(vm, &args)?;
    let n = match &o.payload {
        Payload::Str(s) => s.char_len(),
        Payload::List(l) => l.borrow().len(),
        Payload::Tuple(t) => t.len(),
        Payload::Dict(d) => d.borrow().len(),
        Payload::Set(s) => s.borrow().len(),
        Payload::Bytes(b) => b.len(),
        Payload::ByteArray(b) => b.borrow().len(),
        Payload::Range(r) => range::range_len(vm, r)?,
        Payload::DictView(v) => dict::table(&v.0).borrow().len(),
        Payload::MappingProxy(_) => vm.len(&mapping::proxy_mapping(vm, &args.args[0])?)?,
        _ => return Err(vm.type_error("object has no len()")),
    };
    Ok(Value::Int(n as i64))
}

fn d_getitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = this(vm, &args)?;
    let key = args.args.get(1).cloned().unwrap_or(Value::None);
    match object::native_getitem(vm, &o, &key) {
        Some(r) => r,
        None => Err(vm.type_error("object is not subscriptable")),
    }
}

fn d_setitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = this(vm, &args)?;
    if args.args.len() != 3 {
        return Err(vm.type_error("expected 2 arguments"));
    }
    match object::native_setitem(vm, &o, &args.args[1], Some(args.args[2].clone())) {
        Some(r) => r.map(|_| Value::None),
        None => Err(vm.type_error("object does not support item assignment")),
    }
}

fn d_delitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = this(vm, &args)?;
    let key = args.args.get(1).cloned().unwrap_or(Value::None);
    match object::native_setitem(vm, &o, &key, None) {
        Some(r) => r.map(|_| Value::None),
        None => Err(vm.type_error("object does not support item deletion")),
    }
}

fn d_contains(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = this(vm, &args)?;
    let key = args.args.get(1).cloned().unwrap_or(Value::None);
    match object::native_contains(vm, &o, &key) {
        Some(r) => r.map(Value::Bool),
        None => Err(vm.type_error("object does not support 'in'")),
    }
}

fn d_iter(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = this(vm, &args)?;
    match iter::native_iter(vm, &o) {
        Some(it) => Ok(it),
        None => Err(vm.type_error("object is not iterable")),
    }
}

fn d_hash_native(vm: &Vm, args: Args) -> PyResult<Value> {
    if !matches!(args.args.first(), Some(Value::Obj(_))) {
        let v = args.args.first().cloned().unwrap_or(Value::None);
        return Ok(Value::Int(vm.hash(&v)?));
    }
    let o = this(vm, &args)?;
    Ok(Value::Int(object::native_hash(vm, &args.args[0], &o)?))
}

macro_rules! cmp_fns {
    ($($f:ident = $op:ident),*) => {
        $(fn $f(vm: &Vm, args: Args) -> PyResult<Value> {
            if args.args.len() != 2 {
                return Err(vm.type_error("expected 1 argument"));
            }
            // int's own comparisons know only ints (float's handle mixed operands).
            if int::is_int(&args.args[0]) && !int::is_int(&args.args[1]) {
                return Ok(vm.not_implemented());
            }
            object::native_compare(vm, &args.args[0], &args.args[1], CompareOpArg::$op)
        })*
    };
}
cmp_fns!(
    d_lt = Lt,
    d_le = Le,
    d_eq = Eq,
    d_ne = Ne,
    d_gt = Gt,
    d_ge = Ge
);

/// The sequence types' `__add__` and `__mul__` raise instead of answering
/// NotImplemented (CPython's sq_concat and sq_repeat slot wrappers).
fn seq_dunder_error(
    vm: &Vm,
    a: &Value,
    b: &Value,
    op: pyrs_compiler::bytecode::BinaryOpArg,
) -> PyResult<()> {
    use pyrs_compiler::bytecode::BinaryOpArg::{Add, Multiply};
    let is_seq = matches!(a, Value::Obj(o) if matches!(
        o.payload,
        Payload::Str(_) | Payload::Bytes(_) | Payload::ByteArray(_) | Payload::List(_) | Payload::Tuple(_)
    ));
    if !is_seq {
        return Ok(());
    }
    match op {
        Add => vm.binary_op(a, b, Add).map(|_| ()),
        Multiply => vm.to_index(b).map(|_| ()),
        _ => Ok(()),
    }
}

fn d_divmod(vm: &Vm, args: Args) -> PyResult<Value> {
    let other = args.args.get(1).cloned().unwrap_or(Value::None);
    let numeric = |v: &Value| {
        int::is_int(v)
            || matches!(v, Value::Float(_))
            || matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Float(_)))
    };
    if !numeric(&other) || (int::is_int(&args.args[0]) && !int::is_int(&other)) {
        return Ok(vm.not_implemented());
    }
    divmod_numbers(vm, &args.args[0], &other)
}

/// `divmod(a, b)` for two numbers, computed directly (never through `__divmod__`).
pub fn divmod_numbers(vm: &Vm, a: &Value, b: &Value) -> PyResult<Value> {
    use pyrs_compiler::bytecode::BinaryOpArg::{FloorDivide, Remainder};
    let is_float = |v: &Value| {
        matches!(v, Value::Float(_))
            || matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Float(_)))
    };
    if (is_float(a) || is_float(b)) && float::as_f64(vm, b).transpose()? == Some(0.0) {
        return Err(vm.zero_division("float divmod()"));
    }
    if !matches!((a, b), (Value::Int(_), Value::Int(_))) {
        // Big ints: one division for both results.
        if let (Some(x), Some(y)) = (int::big_cow(a), int::big_cow(b)) {
            if num_traits::Zero::is_zero(y.as_ref()) {
                return Err(vm.zero_division("integer division or modulo by zero"));
            }
            let (q, r) = int::div_mod_floor_big(x.as_ref(), y.as_ref());
            return Ok(vm.new_tuple(vec![int::from_bigint(vm, q), int::from_bigint(vm, r)]));
        }
    }
    let q = vm.binary_op(a, b, FloorDivide)?;
    let r = vm.binary_op(a, b, Remainder)?;
    Ok(vm.new_tuple(vec![q, r]))
}

fn d_rdivmod(vm: &Vm, args: Args) -> PyResult<Value> {
    let other = args.args.get(1).cloned().unwrap_or(Value::None);
    let numeric = |v: &Value| {
        int::is_int(v)
            || matches!(v, Value::Float(_))
            || matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Float(_)))
    };
    if !numeric(&other) || (int::is_int(&args.args[0]) && !int::is_int(&other)) {
        return Ok(vm.not_implemented());
    }
    divmod_numbers(vm, &other, &args.args[0])
}

macro_rules! binop_fns {
    ($($f:ident, $r:ident = $n:expr);* $(;)?) => {
        $(fn $f(vm: &Vm, args: Args) -> PyResult<Value> {
            let (op, _) = binop_from_u32($n).unwrap_or((pyrs_compiler::bytecode::BinaryOpArg::Add, false));
            // pow(a, b, m) through __pow__'s optional third argument.
            if args.args.len() == 3 && op == pyrs_compiler::bytecode::BinaryOpArg::Power {
                let pow = vm.get_attr_str(&Value::Obj(vm.builtins.clone()), "pow")?;
                return vm.call(&pow, Args::new(args.args));
            }
            if args.args.len() != 2 {
                return Err(vm.type_error(format!("expected 1 argument, got {}", args.args.len().saturating_sub(1))));
            }
            let r = object::native_binop(vm, &args.args[0], &args.args[1], op)?;
            if vm.is_not_implemented(&r) {
                seq_dunder_error(vm, &args.args[0], &args.args[1], op)?;
            }
            Ok(r)
        }
        fn $r(vm: &Vm, args: Args) -> PyResult<Value> {
            if args.args.len() != 2 {
                return Err(vm.type_error("expected 1 argument"));
            }
            let (op, _) = binop_from_u32($n).unwrap_or((pyrs_compiler::bytecode::BinaryOpArg::Add, false));
            object::native_binop(vm, &args.args[1], &args.args[0], op)
        })*
        const BINOP_FNS: [(crate::object::NativeFn, crate::object::NativeFn); 13] = [$(($f, $r)),*];
    };
}
binop_fns! {
    b_add, r_add = 0; b_and, r_and = 1; b_floordiv, r_floordiv = 2; b_lshift, r_lshift = 3;
    b_matmul, r_matmul = 4; b_mul, r_mul = 5; b_mod, r_mod = 6; b_or, r_or = 7;
    b_pow, r_pow = 8; b_rshift, r_rshift = 9; b_sub, r_sub = 10; b_truediv, r_truediv = 11;
    b_xor, r_xor = 12;
}

fn d_neg(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = args.args[0].clone();
    match &v {
        Value::Obj(o) => {
            object::native_unary(vm, o, &vm.names.__neg__).unwrap_or_else(|| vm.unary_negative(&v))
        }
        _ => vm.unary_negative(&v),
    }
}
fn d_pos(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = args.args[0].clone();
    match &v {
        Value::Obj(o) => {
            object::native_unary(vm, o, &vm.names.__pos__).unwrap_or_else(|| vm.unary_positive(&v))
        }
        _ => vm.unary_positive(&v),
    }
}
fn d_invert(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = args.args[0].clone();
    match &v {
        Value::Obj(o) => {
            object::native_unary(vm, o, &vm.names.__invert__).unwrap_or_else(|| vm.unary_invert(&v))
        }
        _ => vm.unary_invert(&v),
    }
}
fn d_abs(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = args.args[0].clone();
    match &v {
        Value::Obj(o) => {
            object::native_unary(vm, o, &vm.names.__abs__).unwrap_or_else(|| vm.abs(&v))
        }
        _ => vm.abs(&v),
    }
}
fn d_bool(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    Ok(Value::Bool(match v {
        Value::Obj(o) => match &o.payload {
            Payload::Int(i) => !num_traits::Zero::is_zero(i),
            Payload::Float(f) => *f != 0.0,
            Payload::Complex(a, b) => *a != 0.0 || *b != 0.0,
            _ => true,
        },
        _ => vm.is_true(v)?,
    }))
}
fn d_inplace(vm: &Vm, args: Args, op: u32) -> PyResult<Value> {
    let o = this(vm, &args)?;
    let (op, _) = binop_from_u32(op).unwrap_or((pyrs_compiler::bytecode::BinaryOpArg::Add, false));
    // A sequence's in-place repeat unpacks its argument (CPython's wrap_indexargfunc).
    if op == pyrs_compiler::bytecode::BinaryOpArg::Multiply
        && matches!(o.payload, Payload::List(_) | Payload::ByteArray(_))
    {
        vm.wrapper_unpack(&args, 1, 1)?;
    } else {
        vm.wrapper_nargs(&args, 1)?;
    }
    match object::native_inplace(vm, &o, &args.args[1], op) {
        Some(r) => r,
        None => Ok(vm.not_implemented()),
    }
}
fn i_add(vm: &Vm, args: Args) -> PyResult<Value> {
    d_inplace(vm, args, 0)
}
fn i_mul(vm: &Vm, args: Args) -> PyResult<Value> {
    d_inplace(vm, args, 5)
}
fn i_or(vm: &Vm, args: Args) -> PyResult<Value> {
    d_inplace(vm, args, 7)
}
fn i_and(vm: &Vm, args: Args) -> PyResult<Value> {
    d_inplace(vm, args, 1)
}
fn i_sub(vm: &Vm, args: Args) -> PyResult<Value> {
    d_inplace(vm, args, 10)
}
fn i_xor(vm: &Vm, args: Args) -> PyResult<Value> {
    d_inplace(vm, args, 12)
}

/// Register `ops` (indexes into BINOP_NAMES) with their reflected forms on `ty`.
fn add_binops(vm: &Vm, ty: &ObjRef, ops: &[usize]) {
    for &i in ops {
        let (name, rname, _, _) = BINOP_NAMES[i];
        let (f, r) = BINOP_FNS[i];
        vm.add_method(ty, name, f);
        vm.add_method(ty, rname, r);
    }
}

fn add_compare(vm: &Vm, ty: &ObjRef) {
    let fns: [crate::object::NativeFn; 6] = [d_lt, d_le, d_eq, d_ne, d_gt, d_ge];
    for (i, f) in fns.iter().enumerate() {
        vm.add_method(ty, CMP_NAMES[i].0, *f);
    }
}

pub fn init_types(vm: &Vm) {
    object::init(vm);
    exceptions::init(vm);
    int::init(vm);
    float::init(vm);
    str::init(vm);
    bytes::init(vm);
    seq::init(vm);
    mapping::init(vm);
    set::init(vm);
    iter::init(vm);
    function::init(vm);
    generator::init(vm);
    genericalias::init(vm);
    memoryview::init(vm);
    let t = &vm.types;
    for ty in [&t.int, &t.float] {
        vm.add_method(ty, "__divmod__", d_divmod);
        vm.add_method(ty, "__rdivmod__", d_rdivmod);
    }
    let all_num = [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12];
    let ty = &t.int;
    add_binops(vm, ty, &all_num);
    add_compare(vm, ty);
    vm.add_method(ty, "__neg__", d_neg);
    vm.add_method(ty, "__pos__", d_pos);
    vm.add_method(ty, "__invert__", d_invert);
    vm.add_method(ty, "__abs__", d_abs);
    vm.add_method(ty, "__bool__", d_bool);
    vm.add_method(ty, "__hash__", d_hash_native);
    add_binops(vm, &t.float, &[0, 2, 5, 6, 8, 10, 11]);
    add_compare(vm, &t.float);
    for n in ["__neg__", "__pos__", "__abs__", "__bool__"] {
        let f: crate::object::NativeFn = match n {
            "__neg__" => d_neg,
            "__pos__" => d_pos,
            "__abs__" => d_abs,
            _ => d_bool,
        };
        vm.add_method(&t.float, n, f);
        vm.add_method(&t.complex, n, f);
    }
    vm.add_method(&t.float, "__hash__", d_hash_native);
    add_binops(vm, &t.complex, &[0, 5, 8, 10, 11]);
    vm.add_method(&t.complex, "__eq__", d_eq);
    vm.add_method(&t.complex, "__ne__", d_ne);
    vm.add_method(&t.complex, "__hash__", d_hash_native);
    for ty in [&t.str_, &t.bytes, &t.bytearray] {
        add_binops(vm, ty, &[0, 5, 6]);
    }
    for ty in [&t.list, &t.tuple] {
        add_binops(vm, ty, &[0, 5]);
    }
    for ty in [&t.set, &t.frozenset, &t.dict_keys, &t.dict_items] {
        add_binops(vm, ty, &[1, 7, 10, 12]);
    }
    add_binops(vm, &t.dict, &[7]);
    for ty in [
        &t.str_,
        &t.bytes,
        &t.bytearray,
        &t.list,
        &t.tuple,
        &t.dict,
        &t.set,
        &t.frozenset,
        &t.range,
        &t.dict_keys,
        &t.dict_values,
        &t.dict_items,
        &t.mappingproxy,
    ] {
        vm.add_method(ty, "__len__", d_len);
        vm.add_method(ty, "__iter__", d_iter);
        vm.add_method(ty, "__contains__", d_contains);
    }
    for ty in [
        &t.str_,
        &t.bytes,
        &t.bytearray,
        &t.list,
        &t.tuple,
        &t.range,
        &t.mappingproxy,
    ] {
        vm.add_method(ty, "__getitem__", d_getitem);
    }
    for ty in [
        &t.str_,
        &t.bytes,
        &t.bytearray,
        &t.list,
        &t.tuple,
        &t.dict,
        &t.set,
        &t.frozenset,
        &t.range,
        &t.dict_keys,
        &t.dict_items,
        &t.dict_values,
        &t.slice,
    ] {
        add_compare(vm, ty);
    }
    for ty in [&t.str_, &t.bytes, &t.tuple, &t.frozenset, &t.range] {
        vm.add_method(ty, "__hash__", d_hash_native);
    }
    for ty in [&t.list, &t.dict, &t.bytearray] {
        vm.add_method(ty, "__setitem__", d_setitem);
        vm.add_method(ty, "__delitem__", d_delitem);
    }
    vm.add_method(&t.list, "__iadd__", i_add);
    vm.add_method(&t.list, "__imul__", i_mul);
    vm.add_method(&t.bytearray, "__iadd__", i_add);
    vm.add_method(&t.dict, "__ior__", i_or);
    vm.add_method(&t.set, "__ior__", i_or);
    vm.add_method(&t.set, "__iand__", i_and);
    vm.add_method(&t.set, "__isub__", i_sub);
    vm.add_method(&t.set, "__ixor__", i_xor);
    for ty in [&t.dict, &t.set, &t.bytearray] {
        vm.set_type_attr(ty, "__hash__", Value::None);
    }
}

/// A start/stop argument of find-like methods, clamped to `0..=len`.
/// Whether an optional start index lies past the end of a sequence of `len` items
/// (`str.find`, `startswith` ... then find nothing, even an empty string).
pub fn start_past_end(vm: &Vm, v: Option<&Value>, len: usize) -> PyResult<bool> {
    match v {
        None | Some(Value::None) => Ok(false),
        Some(v) => Ok(vm.to_index(v)? > len as i64),
    }
}

pub fn seq_bound(vm: &Vm, v: Option<&Value>, len: usize, default: usize) -> PyResult<usize> {
    match v {
        None | Some(Value::None) => Ok(default),
        Some(v) => {
            let i = vm.to_index(v)?;
            Ok(if i < 0 {
                (i + len as i64).max(0) as usize
            } else {
                (i as usize).min(len)
            })
        }
    }
}
