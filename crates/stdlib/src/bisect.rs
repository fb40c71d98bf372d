//! The `_bisect` module: bisect_left/bisect_right/insort_left/insort_right with
//! `lo`, `hi` and `key`, as CPython 3.11.

use pyrs_compiler::bytecode::CompareOpArg;
use pyrs_vm::memory::ObjRef;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::util::bind_ex;

/// The insertion point of `x` in `a[lo:hi]` (by `key`), left or right of equal items.
fn search(vm: &Vm, args: &Args, fname: &str, right: bool) -> PyResult<(Value, Value, i64)> {
    let p = bind_ex(vm, fname, args, &["a", "x", "lo", "hi", "key"], 2, 0, 4)?;
    let a = p[0].clone().unwrap_or(Value::None);
    let x = p[1].clone().unwrap_or(Value::None);
    let mut lo = match &p[2] {
        Some(v) => crate::util::to_isize(vm, v)?,
        None => 0,
    };
    if lo < 0 {
        return Err(vm.value_error("lo must be non-negative"));
    }
    let mut hi = match &p[3] {
        Some(Value::None) | None => vm.len(&a)? as i64,
        Some(v) => crate::util::to_isize(vm, v)?,
    };
    let key = p[4].clone().unwrap_or(Value::None);
    let list = match &a {
        Value::Obj(o) if o.class().is(&vm.types.list) => o.payload.as_list(),
        _ => None,
    };
    while lo < hi {
        let mid = ((lo as u64 + hi as u64) / 2) as i64;
        let item = match list {
            Some(l) => match l.borrow().get(mid as usize) {
                Some(v) => v.clone(),
                None => return Err(vm.index_error("list index out of range")),
            },
            None => vm.getitem(&a, &Value::Int(mid))?,
        };
        let item = if key.is_none() {
            item
        } else {
            vm.call1(&key, item)?
        };
        let go_left = if right {
            vm.compare_bool(&x, &item, CompareOpArg::Lt)?
        } else {
            !vm.compare_bool(&item, &x, CompareOpArg::Lt)?
        };
        if go_left {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok((a, x, lo))
}

fn bisect_right(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(search_key_x(vm, &args, "bisect_right", true)?.2))
}

fn bisect_left(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(search_key_x(vm, &args, "bisect_left", false)?.2))
}

/// For bisect_*, `x` is compared as given (the key applies to the items only).
fn search_key_x(vm: &Vm, args: &Args, fname: &str, right: bool) -> PyResult<(Value, Value, i64)> {
    search(vm, args, fname, right)
}

fn insort(vm: &Vm, args: Args, fname: &str, right: bool) -> PyResult<Value> {
    // insort compares key(x) with the keys of the items.
    let p = bind_ex(vm, fname, &args, &["a", "x", "lo", "hi", "key"], 2, 0, 4)?;
    let key = p[4].clone().unwrap_or(Value::None);
    let x = p[1].clone().unwrap_or(Value::None);
    let (a, _, pos) = if key.is_none() {
        search(vm, &args, fname, right)?
    } else {
        let kx = vm.call1(&key, x.clone())?;
        let mut v: Vec<Value> = args.args.to_vec();
        // Replace x by key(x) in the positional or keyword slot.
        let npos = args.pos().len();
        if npos >= 2 {
            v[1] = kx;
        } else if let Some(i) = args
            .kwnames
            .iter()
            .position(|k| crate::util::kw_name(k) == "x")
        {
            v[npos + i] = kx;
        }
        search(vm, &Args::with_kw(&v, args.kwnames), fname, right)?
    };
    match &a {
        Value::Obj(o) if o.class().is(&vm.types.list) => {
            if let Some(l) = o.payload.as_list() {
                let mut l = l.borrow_mut();
                let i = (pos as usize).min(l.len());
                l.insert(i, x);
            }
        }
        _ => {
            vm.call_method(&a, "insert", &[Value::Int(pos), x])?;
        }
    }
    Ok(Value::None)
}

fn insort_right(vm: &Vm, args: Args) -> PyResult<Value> {
    insort(vm, args, "insort_right", true)
}

fn insort_left(vm: &Vm, args: Args) -> PyResult<Value> {
    insort(vm, args, "insort_left", false)
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_bisect");
    vm.add_module_fn(&m, "bisect_right", bisect_right);
    vm.add_module_fn(&m, "bisect_left", bisect_left);
    vm.add_module_fn(&m, "insort_right", insort_right);
    vm.add_module_fn(&m, "insort_left", insort_left);
    Ok(m)
}
