//! The `time` module (placeholder until written below).
use pyrs_vm::memory::ObjRef;
use pyrs_vm::{PyResult, Vm};
pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    Ok(vm.new_module("time"))
}
