//! `_ast`: the node classes of Python's abstract syntax tree (`AST`, `mod`, `stmt`, `expr`,
//! every concrete node, the operator and context classes) and the `PyCF_*` compile flags.
//! Lib's `ast.py` does `from _ast import *`. The classes themselves are made by the VM
//! (`pyrs_vm::ast_objects`), which also converts trees for `compile()`.

use pyrs_vm::ast_classes::AST_CLASSES;
use pyrs_vm::ast_objects::{self, PYCF_ALLOW_TOP_LEVEL_AWAIT, PYCF_ONLY_AST, PYCF_TYPE_COMMENTS};
use pyrs_vm::memory::ObjRef;
use pyrs_vm::objects::dict;
use pyrs_vm::{PyResult, Value, Vm};

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_ast");
    let st = ast_objects::state(vm)?;
    if let Some(d) = m.dict() {
        for (info, cls) in AST_CLASSES.iter().zip(&st.classes) {
            dict::set_str(&d, &vm.intern(info.name), Value::Obj(cls.clone()));
        }
        for (name, v) in [
            ("PyCF_ALLOW_TOP_LEVEL_AWAIT", PYCF_ALLOW_TOP_LEVEL_AWAIT),
            ("PyCF_ONLY_AST", PYCF_ONLY_AST),
            ("PyCF_TYPE_COMMENTS", PYCF_TYPE_COMMENTS),
        ] {
            dict::set_str(&d, &vm.intern(name), Value::Int(v));
        }
    }
    Ok(m)
}
