//! Future statements (`from __future__ import ...`): which features a module turns on, and
//! CPython's rule that they come first in the file (after the docstring).

use pyrs_parser::ast::{ExprKind, Mod, Stmt, StmtKind};
use pyrs_parser::SyntaxError;

use crate::symtable::located_error;

/// The features that change how a module is compiled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Features {
    /// PEP 563: annotations are stored as strings, never evaluated.
    pub annotations: bool,
}

/// The features `module` turns on; a future statement after any other statement is a
/// SyntaxError.
pub fn scan(module: &Mod, source: &str) -> Result<Features, SyntaxError> {
    let body: &[Stmt] = match module {
        Mod::Module { body, .. } | Mod::Interactive { body } => body,
        _ => return Ok(Features::default()),
    };
    let mut features = Features::default();
    let mut at_start = true;
    for (i, stmt) in body.iter().enumerate() {
        match &stmt.kind {
            StmtKind::ImportFrom { module, names, .. }
                if module.as_deref() == Some("__future__") =>
            {
                if !at_start {
                    return Err(located_error(
                        source,
                        "from __future__ imports must occur at the beginning of the file".into(),
                        stmt.range,
                    ));
                }
                if names.iter().any(|a| a.name == "annotations") {
                    features.annotations = true;
                }
            }
            StmtKind::Expr { value } if i == 0 && is_docstring(&value.kind) => {}
            _ => at_start = false,
        }
    }
    Ok(features)
}

fn is_docstring(e: &ExprKind) -> bool {
    matches!(
        e,
        ExprKind::Constant {
            value: pyrs_parser::ast::Constant::Str(_),
            ..
        }
    )
}
