//! The `_tracemalloc` module that Lib's `tracemalloc` imports. pyrs does not trace
//! allocations: the module reports tracing as off (so warnings with a source suggest
//! enabling it, as CPython's do when it is off), and `start()` raises a clear error.

use pyrs_vm::memory::ObjRef;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

fn is_tracing(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Bool(false))
}

fn start(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(vm.new_exception_msg(
        &vm.exc.not_implemented_error,
        "tracemalloc.start(): allocation tracing is not implemented in pyrs",
    ))
}

fn nothing(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::None)
}

fn traceback_limit(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(1))
}

fn zero(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(Value::Int(0))
}

fn traced_memory(vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.new_tuple(vec![Value::Int(0), Value::Int(0)]))
}

fn get_traces(vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(vm.new_list(Vec::new()))
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_tracemalloc");
    vm.add_module_fn(&m, "is_tracing", is_tracing);
    vm.add_module_fn(&m, "start", start);
    vm.add_module_fn(&m, "stop", nothing);
    vm.add_module_fn(&m, "clear_traces", nothing);
    vm.add_module_fn(&m, "reset_peak", nothing);
    vm.add_module_fn(&m, "get_traceback_limit", traceback_limit);
    vm.add_module_fn(&m, "get_tracemalloc_memory", zero);
    vm.add_module_fn(&m, "get_traced_memory", traced_memory);
    vm.add_module_fn(&m, "_get_object_traceback", nothing);
    vm.add_module_fn(&m, "_get_traces", get_traces);
    Ok(m)
}
