//! The checks CPython's `_PyAST_Validate` (Python/ast.c) makes on a tree built from `ast`
//! objects before compiling it: non-empty bodies, expression contexts, argument counts,
//! pattern shapes, position ranges. Errors carry CPython's messages.

use pyrs_parser::ast::*;

/// A failed check: the exception type (ValueError or TypeError) and message.
pub enum Invalid {
    Value(String),
    Type(String),
}

type Check = Result<(), Invalid>;

fn value(msg: impl Into<String>) -> Check {
    Err(Invalid::Value(msg.into()))
}

fn ctx_name(c: ExprContext) -> &'static str {
    match c {
        ExprContext::Load => "Load",
        ExprContext::Store => "Store",
        ExprContext::Del => "Del",
    }
}

fn positions(r: &Range) -> Check {
    if r.lineno > r.end_lineno {
        return value(format!(
            "AST node line range ({}, {}) is not valid",
            r.lineno, r.end_lineno
        ));
    }
    if r.lineno == r.end_lineno && r.col_offset > r.end_col_offset {
        return value(format!(
            "line {}, column {}-{} is not a valid range",
            r.lineno, r.col_offset, r.end_col_offset
        ));
    }
    Ok(())
}

fn nonempty<T>(list: &[T], what: &str, owner: &str) -> Check {
    if list.is_empty() {
        return value(format!("empty {what} on {owner}"));
    }
    Ok(())
}

fn name(id: &str) -> Check {
    if matches!(id, "None" | "True" | "False") {
        return value(format!("identifier field can't represent '{id}' constant"));
    }
    Ok(())
}

pub fn validate_mod(m: &Mod) -> Check {
    match m {
        Mod::Module { body, .. } | Mod::Interactive { body } => stmts(body),
        Mod::Expression { body } => expr(body, ExprContext::Load),
        Mod::FunctionType { argtypes, returns } => {
            exprs(argtypes, ExprContext::Load)?;
            expr(returns, ExprContext::Load)
        }
    }
}

fn stmts(list: &[Stmt]) -> Check {
    list.iter().try_for_each(stmt)
}

fn body(list: &[Stmt], owner: &str) -> Check {
    nonempty(list, "body", owner)?;
    stmts(list)
}

fn exprs(list: &[Expr], ctx: ExprContext) -> Check {
    list.iter().try_for_each(|e| expr(e, ctx))
}

fn load(e: &Expr) -> Check {
    expr(e, ExprContext::Load)
}

fn opt_load(e: &Option<Box<Expr>>) -> Check {
    e.as_deref().map_or(Ok(()), load)
}

fn stmt(s: &Stmt) -> Check {
    positions(&s.range)?;
    match &s.kind {
        StmtKind::FunctionDef(d) | StmtKind::AsyncFunctionDef(d) => {
            let owner = if matches!(s.kind, StmtKind::FunctionDef(_)) {
                "FunctionDef"
            } else {
                "AsyncFunctionDef"
            };
            body(&d.body, owner)?;
            arguments(&d.args)?;
            exprs(&d.decorator_list, ExprContext::Load)?;
            opt_load(&d.returns)
        }
        StmtKind::ClassDef(c) => {
            body(&c.body, "ClassDef")?;
            exprs(&c.bases, ExprContext::Load)?;
            keywords(&c.keywords)?;
            exprs(&c.decorator_list, ExprContext::Load)
        }
        StmtKind::Return { value } => opt_load(value),
        StmtKind::Delete { targets } => {
            nonempty(targets, "targets", "Delete")?;
            exprs(targets, ExprContext::Del)
        }
        StmtKind::Assign { targets, value, .. } => {
            nonempty(targets, "targets", "Assign")?;
            exprs(targets, ExprContext::Store)?;
            load(value)
        }
        StmtKind::AugAssign { target, value, .. } => {
            expr(target, ExprContext::Store)?;
            load(value)
        }
        StmtKind::AnnAssign {
            target,
            annotation,
            value,
            simple,
        } => {
            if *simple && !matches!(target.kind, ExprKind::Name { .. }) {
                return Err(Invalid::Type(
                    "AnnAssign with simple non-Name target".into(),
                ));
            }
            expr(target, ExprContext::Store)?;
            opt_load(value)?;
            load(annotation)
        }
        StmtKind::For(f) | StmtKind::AsyncFor(f) => {
            expr(&f.target, ExprContext::Store)?;
            load(&f.iter)?;
            body(
                &f.body,
                if matches!(s.kind, StmtKind::For(_)) {
                    "For"
                } else {
                    "AsyncFor"
                },
            )?;
            stmts(&f.orelse)
        }
        StmtKind::While {
            test,
            body: b,
            orelse,
        }
        | StmtKind::If {
            test,
            body: b,
            orelse,
        } => {
            load(test)?;
            body(
                b,
                if matches!(s.kind, StmtKind::While { .. }) {
                    "While"
                } else {
                    "If"
                },
            )?;
            stmts(orelse)
        }
        StmtKind::With(w) | StmtKind::AsyncWith(w) => {
            let owner = if matches!(s.kind, StmtKind::With(_)) {
                "With"
            } else {
                "AsyncWith"
            };
            nonempty(&w.items, "items", owner)?;
            for item in &w.items {
                load(&item.context_expr)?;
                if let Some(v) = &item.optional_vars {
                    expr(v, ExprContext::Store)?;
                }
            }
            body(&w.body, owner)
        }
        StmtKind::Match { subject, cases } => {
            load(subject)?;
            nonempty(cases, "cases", "Match")?;
            for c in cases {
                pattern(&c.pattern, false)?;
                opt_load(&c.guard)?;
                body(&c.body, "match_case")?;
            }
            Ok(())
        }
        StmtKind::Raise { exc, cause } => match exc {
            Some(e) => {
                load(e)?;
                opt_load(cause)
            }
            None if cause.is_some() => value("Raise with cause but no exception"),
            None => Ok(()),
        },
        StmtKind::Try(t) | StmtKind::TryStar(t) => {
            let owner = if matches!(s.kind, StmtKind::Try(_)) {
                "Try"
            } else {
                "TryStar"
            };
            body(&t.body, owner)?;
            if t.handlers.is_empty() && t.finalbody.is_empty() {
                return value(format!("{owner} has neither except handlers nor finalbody"));
            }
            if t.handlers.is_empty() && !t.orelse.is_empty() {
                return value(format!("{owner} has orelse but no except handlers"));
            }
            for h in &t.handlers {
                positions(&h.range)?;
                opt_load(&h.type_)?;
                body(&h.body, "ExceptHandler")?;
            }
            stmts(&t.finalbody)?;
            stmts(&t.orelse)
        }
        StmtKind::Assert { test, msg } => {
            load(test)?;
            opt_load(msg)
        }
        StmtKind::Import { names } => nonempty(names, "names", "Import"),
        StmtKind::ImportFrom { names, .. } => nonempty(names, "names", "ImportFrom"),
        StmtKind::Global { names } => nonempty(names, "names", "Global"),
        StmtKind::Nonlocal { names } => nonempty(names, "names", "Nonlocal"),
        StmtKind::Expr { value } => load(value),
        StmtKind::Pass | StmtKind::Break | StmtKind::Continue => Ok(()),
    }
}

fn args(list: &[Arg]) -> Check {
    for a in list {
        positions(&a.range)?;
        opt_load(&a.annotation)?;
    }
    Ok(())
}

fn arguments(a: &Arguments) -> Check {
    args(&a.posonlyargs)?;
    args(&a.args)?;
    if let Some(v) = &a.vararg {
        opt_load(&v.annotation)?;
    }
    args(&a.kwonlyargs)?;
    if let Some(v) = &a.kwarg {
        opt_load(&v.annotation)?;
    }
    if a.defaults.len() > a.posonlyargs.len() + a.args.len() {
        return value("more positional defaults than args on arguments");
    }
    if a.kw_defaults.len() != a.kwonlyargs.len() {
        return value("length of kwonlyargs is not the same as kw_defaults on arguments");
    }
    exprs(&a.defaults, ExprContext::Load)?;
    a.kw_defaults.iter().flatten().try_for_each(load)
}

fn keywords(list: &[Keyword]) -> Check {
    list.iter().try_for_each(|k| load(&k.value))
}

fn comprehensions(list: &[Comprehension]) -> Check {
    if list.is_empty() {
        return value("comprehension with no generators");
    }
    for c in list {
        expr(&c.target, ExprContext::Store)?;
        load(&c.iter)?;
        exprs(&c.ifs, ExprContext::Load)?;
    }
    Ok(())
}

fn expr(e: &Expr, ctx: ExprContext) -> Check {
    positions(&e.range)?;
    let actual = match &e.kind {
        ExprKind::Attribute { ctx, .. }
        | ExprKind::Subscript { ctx, .. }
        | ExprKind::Starred { ctx, .. }
        | ExprKind::Name { ctx, .. }
        | ExprKind::List { ctx, .. }
        | ExprKind::Tuple { ctx, .. } => Some(*ctx),
        _ => None,
    };
    match actual {
        Some(a) if a != ctx => {
            return value(format!(
                "expression must have {} context but has {} instead",
                ctx_name(ctx),
                ctx_name(a)
            ))
        }
        None if ctx != ExprContext::Load => {
            return value(format!(
                "expression which can't be assigned to in {} context",
                ctx_name(ctx)
            ))
        }
        _ => {}
    }
    match &e.kind {
        ExprKind::BoolOp { values, .. } => {
            if values.len() < 2 {
                return value("BoolOp with less than 2 values");
            }
            exprs(values, ExprContext::Load)
        }
        ExprKind::NamedExpr { target, value: v } => {
            if !matches!(target.kind, ExprKind::Name { .. }) {
                return Err(Invalid::Type("NamedExpr target must be a Name".into()));
            }
            load(v)
        }
        ExprKind::BinOp { left, right, .. } => {
            load(left)?;
            load(right)
        }
        ExprKind::UnaryOp { operand, .. } => load(operand),
        ExprKind::Lambda { args, body } => {
            arguments(args)?;
            load(body)
        }
        ExprKind::IfExp { test, body, orelse } => {
            load(test)?;
            load(body)?;
            load(orelse)
        }
        ExprKind::Dict { keys, values } => {
            if keys.len() != values.len() {
                return value("Dict doesn't have the same number of keys as values");
            }
            keys.iter().flatten().try_for_each(load)?;
            exprs(values, ExprContext::Load)
        }
        ExprKind::Set { elts } => exprs(elts, ExprContext::Load),
        ExprKind::ListComp { elt, generators }
        | ExprKind::SetComp { elt, generators }
        | ExprKind::GeneratorExp { elt, generators } => {
            comprehensions(generators)?;
            load(elt)
        }
        ExprKind::DictComp {
            key,
            value: v,
            generators,
        } => {
            comprehensions(generators)?;
            load(key)?;
            load(v)
        }
        ExprKind::Yield { value: v } => opt_load(v),
        ExprKind::YieldFrom { value: v } | ExprKind::Await { value: v } => load(v),
        ExprKind::Compare {
            left,
            ops,
            comparators,
        } => {
            if comparators.is_empty() {
                return value("Compare with no comparators");
            }
            if comparators.len() != ops.len() {
                return value("Compare has a different number of comparators and operands");
            }
            exprs(comparators, ExprContext::Load)?;
            load(left)
        }
        ExprKind::Call {
            func,
            args,
            keywords: kw,
        } => {
            load(func)?;
            exprs(args, ExprContext::Load)?;
            keywords(kw)
        }
        ExprKind::Constant { .. } => Ok(()),
        ExprKind::JoinedStr { values } => exprs(values, ExprContext::Load),
        ExprKind::FormattedValue {
            value: v,
            format_spec,
            ..
        } => {
            load(v)?;
            opt_load(format_spec)
        }
        ExprKind::Attribute { value: v, .. } => load(v),
        ExprKind::Subscript {
            value: v, slice, ..
        } => {
            load(slice)?;
            load(v)
        }
        ExprKind::Starred { value: v, .. } => expr(v, ctx),
        ExprKind::Slice { lower, upper, step } => {
            opt_load(lower)?;
            opt_load(upper)?;
            opt_load(step)
        }
        ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => exprs(elts, ctx),
        ExprKind::Name { id, .. } => name(id),
    }
}

fn capture(n: &Option<String>) -> Check {
    match n {
        Some(n) if n == "_" => value("can't capture name '_' in patterns"),
        Some(n) => name(n),
        None => Ok(()),
    }
}

fn is_number(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Constant {
            value: Constant::Int(_) | Constant::Float(_) | Constant::Complex { .. },
            ..
        }
    )
}

fn match_value(e: &Expr) -> Check {
    load(e)?;
    let ok = match &e.kind {
        ExprKind::Constant { value: c, .. } => {
            if matches!(
                c,
                Constant::Int(_)
                    | Constant::Float(_)
                    | Constant::Bytes(_)
                    | Constant::Complex { .. }
                    | Constant::Str(_)
            ) {
                true
            } else {
                return value("unexpected constant inside of a literal pattern");
            }
        }
        ExprKind::Attribute { .. } | ExprKind::JoinedStr { .. } => true,
        ExprKind::UnaryOp {
            op: UnaryOp::USub,
            operand,
        } => is_number(operand),
        ExprKind::BinOp {
            left,
            op: Operator::Add | Operator::Sub,
            right,
        } => {
            let left_ok = is_number(left)
                || matches!(&left.kind, ExprKind::UnaryOp { op: UnaryOp::USub, operand } if is_number(operand));
            left_ok && is_number(right)
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        value("patterns may only match literals and attribute lookups")
    }
}

fn patterns(list: &[Pattern], star_ok: bool) -> Check {
    list.iter().try_for_each(|p| pattern(p, star_ok))
}

fn pattern(p: &Pattern, star_ok: bool) -> Check {
    positions(&p.range)?;
    match &p.kind {
        PatternKind::MatchValue { value: v } => match_value(v),
        PatternKind::MatchSingleton { value: v } => {
            if matches!(v, Constant::None | Constant::Bool(_)) {
                Ok(())
            } else {
                value("MatchSingleton can only contain True, False and None")
            }
        }
        PatternKind::MatchSequence { patterns: ps } => patterns(ps, true),
        PatternKind::MatchMapping {
            keys,
            patterns: ps,
            rest,
        } => {
            if keys.len() != ps.len() {
                return value("MatchMapping doesn't have the same number of keys as patterns");
            }
            capture(rest)?;
            for k in keys {
                if let ExprKind::Constant {
                    value: Constant::None | Constant::Bool(_),
                    ..
                } = k.kind
                {
                    continue;
                }
                match_value(k)?;
            }
            patterns(ps, false)
        }
        PatternKind::MatchClass {
            cls,
            patterns: ps,
            kwd_attrs,
            kwd_patterns,
        } => {
            load(cls)?;
            let mut c = cls.as_ref();
            loop {
                match &c.kind {
                    ExprKind::Name { .. } => break,
                    ExprKind::Attribute { value: v, .. } => c = v,
                    _ => {
                        return value(
                            "MatchClass cls field can only contain Name or Attribute nodes.",
                        )
                    }
                }
            }
            if kwd_attrs.len() != kwd_patterns.len() {
                return value(
                    "MatchClass doesn't have the same number of keyword attributes as patterns",
                );
            }
            kwd_attrs.iter().try_for_each(|a| name(a))?;
            patterns(ps, false)?;
            patterns(kwd_patterns, false)
        }
        PatternKind::MatchStar { name: n } => {
            if !star_ok {
                return value("can't use MatchStar here");
            }
            capture(n)
        }
        PatternKind::MatchAs {
            pattern: sub,
            name: n,
        } => {
            capture(n)?;
            match sub {
                Some(_) if n.is_none() => {
                    value("MatchAs must specify a target name if a pattern is given")
                }
                Some(sub) => pattern(sub, false),
                None => Ok(()),
            }
        }
        PatternKind::MatchOr { patterns: ps } => {
            if ps.len() < 2 {
                return value("MatchOr requires at least 2 patterns");
            }
            patterns(ps, false)
        }
    }
}
