//! The pyrs virtual machine: values and objects, memory management, the eval loop,
//! built-in types, builtins and exceptions.
//!
//! Layout: `memory.rs` (the only unsafe code: object header, refcounted `ObjRef`),
//! `value.rs` (the 16-byte `Value`), `object.rs` (payloads), `objects/` (one file per
//! built-in type), `protocols.rs` (attribute, call and operator dispatch), `eval.rs`
//! (the eval loop), `builtins.rs`, `sys.rs`, `traceback.rs`, `interpreter.rs` (the API
//! the command line uses).

pub mod ast_classes;
pub mod ast_objects;
pub mod ast_validate;
pub mod builtins;
pub mod codecs;
pub mod config;
pub mod eval;
pub mod format;
pub mod frame;
pub mod gc;
pub mod imp;
pub mod import;
pub mod interpreter;
pub mod marshal;
pub mod memory;
pub mod object;
pub mod objects;
pub mod pool;
pub mod protocols;
pub mod pyc;
pub mod repeated_call;
pub mod signals;
pub mod structseq;
pub mod sys;
pub mod trace;
pub mod traceback;
pub mod unicode;
pub mod value;
pub mod vm;

pub use config::Config;
pub use interpreter::Interpreter;
pub use value::Value;
pub use vm::{PyResult, Vm};
