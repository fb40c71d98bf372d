//! Frames: the execution state of one code object (local slots, then the value stack).
//!
//! Invariants: `slots[..nlocals]` are the localsplus variables (`Null` when unbound);
//! `slots[nlocals..]` is the value stack, never deeper than `co_stacksize`; `pc` is the
//! next instruction; `lasti` is 0 until the frame first ran past its start (generators
//! use it to tell a just-started generator).

use crate::memory::ObjRef;
use crate::value::Value;

pub struct Frame {
    pub code: ObjRef,
    pub globals: ObjRef,
    pub builtins: ObjRef,
    /// The namespace of module and class bodies (Null for function frames).
    pub locals: Value,
    pub func: Option<ObjRef>,
    pub slots: Vec<Value>,
    pub nlocals: usize,
    pub pc: usize,
    pub lasti: usize,
}

/// What `sys._getframe`, `globals()` and zero-argument `super()` see of a running frame.
pub struct FrameInfo {
    pub code: ObjRef,
    pub globals: ObjRef,
    pub locals: Value,
    pub func: Option<ObjRef>,
    pub first_arg: Value,
}
