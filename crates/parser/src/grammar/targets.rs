//! Assignment and deletion targets: setting `Store`/`Del` contexts, and CPython's
//! "cannot assign to ..." errors naming what the target really is.

use super::{PResult, Parser};
use crate::ast::*;

/// CPython's `_PyPegen_get_expr_name`: how error messages name an expression.
pub(crate) fn describe(e: &Expr) -> &'static str {
    match &e.kind {
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred { .. } => "starred",
        ExprKind::Name { .. } => "name",
        ExprKind::List { .. } => "list",
        ExprKind::Tuple { .. } => "tuple",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } => "yield expression",
        ExprKind::Await { .. } => "await expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set { .. } => "set display",
        ExprKind::JoinedStr { .. } | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::Constant { value, .. } => match value {
            Constant::None => "None",
            Constant::Bool(true) => "True",
            Constant::Bool(false) => "False",
            Constant::Ellipsis => "ellipsis",
            _ => "literal",
        },
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Slice { .. } => "slice",
    }
}

/// The innermost part of a target that cannot be assigned to, as CPython's
/// `_PyPegen_get_invalid_target`.
pub(crate) fn invalid_target(e: &Expr, deleting: bool) -> Option<&Expr> {
    match &e.kind {
        ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => None,
        ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
            elts.iter().find_map(|x| invalid_target(x, deleting))
        }
        ExprKind::Starred { value, .. } => {
            if deleting {
                Some(e)
            } else {
                invalid_target(value, deleting)
            }
        }
        ExprKind::Compare { left, .. } if !deleting => {
            // `a in b = 1` inside a for target is reported on the comparison's left part.
            let _ = left;
            Some(e)
        }
        _ => Some(e),
    }
}

fn set_context(e: &mut Expr, ctx: ExprContext) {
    match &mut e.kind {
        ExprKind::Name { ctx: c, .. }
        | ExprKind::Attribute { ctx: c, .. }
        | ExprKind::Subscript { ctx: c, .. } => *c = ctx,
        ExprKind::Tuple { elts, ctx: c } | ExprKind::List { elts, ctx: c } => {
            *c = ctx;
            for x in elts {
                set_context(x, ctx);
            }
        }
        ExprKind::Starred { value, ctx: c } => {
            *c = ctx;
            set_context(value, ctx);
        }
        _ => {}
    }
}

impl<'s> Parser<'s> {
    /// Turn an expression into an assignment target, or raise "cannot assign to X".
    pub(crate) fn to_store(&self, mut e: Expr) -> PResult<Expr> {
        if let Some(bad) = invalid_target(&e, false) {
            return Err(self.error_at_expr(format!("cannot assign to {}", describe(bad)), bad));
        }
        set_context(&mut e, ExprContext::Store);
        Ok(e)
    }

    /// Turn an expression into a `del` target, or raise "cannot delete X".
    pub(crate) fn to_del(&self, mut e: Expr) -> PResult<Expr> {
        if let Some(bad) = invalid_target(&e, true) {
            return Err(self.error_at_expr(format!("cannot delete {}", describe(bad)), bad));
        }
        set_context(&mut e, ExprContext::Del);
        Ok(e)
    }

    /// The first target of an assignment statement: CPython words the error with
    /// "here. Maybe you meant '==' instead of '='?" when the target is a plain
    /// expression that is not a display or a keyword constant.
    pub(crate) fn to_first_store(&self, e: Expr) -> PResult<Expr> {
        let suggest = !matches!(
            &e.kind,
            ExprKind::List { .. }
                | ExprKind::Tuple { .. }
                | ExprKind::GeneratorExp { .. }
                | ExprKind::Constant {
                    value: Constant::Bool(_) | Constant::None,
                    ..
                }
                | ExprKind::Compare { .. }
                | ExprKind::BoolOp { .. }
                | ExprKind::Lambda { .. }
                | ExprKind::IfExp { .. }
                | ExprKind::Starred { .. }
                | ExprKind::UnaryOp {
                    op: UnaryOp::Not,
                    ..
                }
        );
        // In an unparenthesised tuple, the last item is directly followed by `=`.
        if let ExprKind::Tuple { elts, .. } = &e.kind {
            let parenthesised = elts.first().is_some_and(|f| {
                f.range.col_offset != e.range.col_offset || f.range.lineno != e.range.lineno
            });
            if let (false, Some(last)) = (parenthesised, elts.last()) {
                if elts[..elts.len() - 1]
                    .iter()
                    .all(|x| invalid_target(x, false).is_none())
                    && invalid_target(last, false).is_some_and(|bad| std::ptr::eq(bad, last))
                    && !matches!(
                        last.kind,
                        ExprKind::Starred { .. }
                            | ExprKind::Constant {
                                value: Constant::Bool(_) | Constant::None,
                                ..
                            }
                            | ExprKind::Compare { .. }
                            | ExprKind::BoolOp { .. }
                            | ExprKind::Lambda { .. }
                            | ExprKind::IfExp { .. }
                            | ExprKind::List { .. }
                            | ExprKind::Tuple { .. }
                            | ExprKind::GeneratorExp { .. }
                    )
                {
                    return Err(self.error_at_expr(
                        format!(
                            "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                            describe(last)
                        ),
                        last,
                    ));
                }
            }
        }
        if suggest && invalid_target(&e, false).is_some() {
            return Err(self.error_at_expr(
                format!(
                    "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                    describe(&e)
                ),
                &e,
            ));
        }
        self.to_store(e)
    }
}
