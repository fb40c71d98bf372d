//! Warnings raised while parsing and compiling (SyntaxWarning, DeprecationWarning for
//! invalid escapes), kept per thread until the interpreter reports them through the
//! `warnings` module, as CPython's `PyErr_WarnExplicitObject` calls do. Each carries the
//! SyntaxError it becomes when a filter turns the warning into an error.

use std::cell::RefCell;

use crate::SyntaxError;

/// The warning category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    SyntaxWarning,
    DeprecationWarning,
}

/// One warning: its category, and message and position as a SyntaxError.
#[derive(Debug, Clone)]
pub struct CompileWarning {
    pub category: Category,
    pub error: SyntaxError,
}

thread_local! {
    static PENDING: RefCell<Vec<CompileWarning>> = const { RefCell::new(Vec::new()) };
}

/// Record a warning (once: the same message at the same place is not repeated, as a
/// backtracking parser may look at a token more than once).
pub fn push(category: Category, error: SyntaxError) {
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        let dup = p.iter().any(|w| {
            w.category == category
                && w.error.msg == error.msg
                && w.error.lineno == error.lineno
                && w.error.offset == error.offset
        });
        if !dup {
            p.push(CompileWarning { category, error });
        }
    });
}

/// Take the warnings recorded so far, oldest first.
pub fn take() -> Vec<CompileWarning> {
    PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()))
}

/// Forget the warnings recorded so far.
pub fn clear() {
    PENDING.with(|p| p.borrow_mut().clear());
}
