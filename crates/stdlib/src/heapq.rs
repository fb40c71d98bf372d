//! The `_heapq` module: the binary heap functions over lists (min-heap, and the
//! `_max` variants `heapq.merge` and `nlargest` use), comparing with `<`.

use pyrs_compiler::bytecode::CompareOpArg;
use pyrs_vm::memory::ObjRef;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::util::pos_only;

fn list_arg<'a>(
    vm: &Vm,
    v: &'a Value,
    fname: &str,
) -> PyResult<&'a std::cell::RefCell<Vec<Value>>> {
    if let Value::Obj(o) = v {
        if let Some(l) = o.payload.as_list() {
            return Ok(l);
        }
    }
    // One-argument functions say "argument", two-argument ones "argument 1".
    let which = if matches!(
        fname,
        "heapify" | "heappop" | "_heapify_max" | "_heappop_max"
    ) {
        "argument"
    } else {
        "argument 1"
    };
    Err(vm.type_error(format!(
        "{fname}() {which} must be list, not {}",
        vm.type_name(v)
    )))
}

/// a < b, or b < a for the max-heap variants.
fn lt(vm: &Vm, a: &Value, b: &Value, max: bool) -> PyResult<bool> {
    if max {
        vm.compare_bool(b, a, CompareOpArg::Lt)
    } else {
        vm.compare_bool(a, b, CompareOpArg::Lt)
    }
}

fn get(vm: &Vm, l: &std::cell::RefCell<Vec<Value>>, i: usize) -> PyResult<Value> {
    l.borrow()
        .get(i)
        .cloned()
        .ok_or_else(|| vm.runtime_error("list changed size during iteration"))
}

fn siftdown(
    vm: &Vm,
    l: &std::cell::RefCell<Vec<Value>>,
    startpos: usize,
    mut pos: usize,
    max: bool,
) -> PyResult<()> {
    let size = l.borrow().len();
    if pos >= size {
        return Err(vm.index_error("list index out of range"));
    }
    let newitem = get(vm, l, pos)?;
    while pos > startpos {
        let parentpos = (pos - 1) >> 1;
        let parent = get(vm, l, parentpos)?;
        let c = lt(vm, &newitem, &parent, max)?;
        if l.borrow().len() != size {
            return Err(vm.runtime_error("list changed size during iteration"));
        }
        if !c {
            break;
        }
        let mut b = l.borrow_mut();
        let p = b[parentpos].clone();
        let n = b[pos].clone();
        b[pos] = p;
        b[parentpos] = n;
        pos = parentpos;
    }
    Ok(())
}

fn siftup(vm: &Vm, l: &std::cell::RefCell<Vec<Value>>, mut pos: usize, max: bool) -> PyResult<()> {
    let endpos = l.borrow().len();
    let startpos = pos;
    if pos >= endpos {
        return Err(vm.index_error("list index out of range"));
    }
    let limit = endpos >> 1;
    while pos < limit {
        let mut childpos = 2 * pos + 1;
        if childpos + 1 < endpos {
            let a = get(vm, l, childpos)?;
            let b = get(vm, l, childpos + 1)?;
            let c = lt(vm, &a, &b, max)?;
            if endpos != l.borrow().len() {
                return Err(vm.runtime_error("list changed size during iteration"));
            }
            if !c {
                childpos += 1;
            }
        }
        l.borrow_mut().swap(pos, childpos);
        pos = childpos;
    }
    siftdown(vm, l, startpos, pos, max)
}

fn heappush(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = pos_only(vm, "heappush", &args, 2, 2)?;
    let l = list_arg(vm, &p[0], "heappush")?;
    l.borrow_mut().push(p[1].clone());
    let n = l.borrow().len();
    siftdown(vm, l, 0, n - 1, false)?;
    Ok(Value::None)
}

fn pop_impl(vm: &Vm, args: Args, fname: &str, max: bool) -> PyResult<Value> {
    let v = crate::util::one_arg(vm, fname, &args)?;
    let l = list_arg(vm, v, fname)?;
    let last = match l.borrow_mut().pop() {
        Some(x) => x,
        None => return Err(vm.index_error("index out of range")),
    };
    if l.borrow().is_empty() {
        return Ok(last);
    }
    let ret = std::mem::replace(&mut l.borrow_mut()[0], last);
    siftup(vm, l, 0, max)?;
    Ok(ret)
}

fn heappop(vm: &Vm, args: Args) -> PyResult<Value> {
    pop_impl(vm, args, "heappop", false)
}

fn heappop_max(vm: &Vm, args: Args) -> PyResult<Value> {
    pop_impl(vm, args, "_heappop_max", true)
}

fn replace_impl(vm: &Vm, args: Args, fname: &str, max: bool) -> PyResult<Value> {
    let p = pos_only(vm, fname, &args, 2, 2)?;
    let l = list_arg(vm, &p[0], fname)?;
    if l.borrow().is_empty() {
        return Err(vm.index_error("index out of range"));
    }
    let ret = std::mem::replace(&mut l.borrow_mut()[0], p[1].clone());
    siftup(vm, l, 0, max)?;
    Ok(ret)
}

fn heapreplace(vm: &Vm, args: Args) -> PyResult<Value> {
    replace_impl(vm, args, "heapreplace", false)
}

fn heapreplace_max(vm: &Vm, args: Args) -> PyResult<Value> {
    replace_impl(vm, args, "_heapreplace_max", true)
}

fn heappushpop(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = pos_only(vm, "heappushpop", &args, 2, 2)?;
    let l = list_arg(vm, &p[0], "heappushpop")?;
    let item = p[1].clone();
    let top = match l.borrow().first() {
        Some(t) => t.clone(),
        None => return Ok(item),
    };
    if !vm.compare_bool(&top, &item, CompareOpArg::Lt)? {
        return Ok(item);
    }
    if l.borrow().is_empty() {
        return Err(vm.index_error("index out of range"));
    }
    let ret = std::mem::replace(&mut l.borrow_mut()[0], item);
    siftup(vm, l, 0, false)?;
    Ok(ret)
}

fn heapify_impl(vm: &Vm, args: Args, fname: &str, max: bool) -> PyResult<Value> {
    let v = crate::util::one_arg(vm, fname, &args)?;
    let l = list_arg(vm, v, fname)?;
    let n = l.borrow().len();
    for i in (0..n / 2).rev() {
        siftup(vm, l, i, max)?;
    }
    Ok(Value::None)
}

fn heapify(vm: &Vm, args: Args) -> PyResult<Value> {
    heapify_impl(vm, args, "heapify", false)
}

fn heapify_max(vm: &Vm, args: Args) -> PyResult<Value> {
    heapify_impl(vm, args, "_heapify_max", true)
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_heapq");
    vm.add_module_fn(&m, "heappush", heappush);
    vm.add_module_fn(&m, "heappop", heappop);
    vm.add_module_fn(&m, "heapreplace", heapreplace);
    vm.add_module_fn(&m, "heappushpop", heappushpop);
    vm.add_module_fn(&m, "heapify", heapify);
    vm.add_module_fn(&m, "_heappop_max", heappop_max);
    vm.add_module_fn(&m, "_heapreplace_max", heapreplace_max);
    vm.add_module_fn(&m, "_heapify_max", heapify_max);
    if let Some(d) = m.dict() {
        pyrs_vm::objects::dict::set_str(&d, &vm.intern("__about__"), vm.new_str("Heap queues"));
    }
    Ok(m)
}
