//! The pyrs compiler: AST to code objects (symbol table, code generation, constant
//! folding) and the bytecode definition shared with the VM.

pub mod bytecode;
