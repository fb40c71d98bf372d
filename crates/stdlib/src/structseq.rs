//! Struct sequences for native modules: the builder lives in the VM
//! (`pyrs_vm::structseq`, so that `sys` can use it too) and is re-exported here.

pub use pyrs_vm::structseq::*;
