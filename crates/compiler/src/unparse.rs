//! Expressions back to source text, as CPython 3.11 writes them for postponed annotations
//! (`from __future__ import annotations`, PEP 563): `def f(x: list[int])` stores the
//! string `'list[int]'`. The text is CPython's, not the user's: spacing is normalised and
//! parentheses appear only where precedence needs them.

use pyrs_parser::ast::*;
use pyrs_parser::dump::repr_constant;
use pyrs_parser::wtf8::Wtf8Buf;

/// Binding strength, weakest first; an operand printed at a stronger level than its own
/// gets parentheses.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    Tuple,
    Test,
    Or,
    And,
    Not,
    Cmp,
    BitOr,
    BitXor,
    BitAnd,
    Shift,
    Arith,
    Term,
    Factor,
    Power,
    Await,
    Atom,
}

impl Prec {
    /// The next stronger level.
    fn up(self) -> Prec {
        use Prec::*;
        match self {
            Tuple => Test,
            Test => Or,
            Or => And,
            And => Not,
            Not => Cmp,
            Cmp => BitOr,
            BitOr => BitXor,
            BitXor => BitAnd,
            BitAnd => Shift,
            Shift => Arith,
            Arith => Term,
            Term => Factor,
            Factor => Power,
            Power => Await,
            Await | Atom => Atom,
        }
    }
}

/// The text of an annotation: the expression as CPython's unparser writes it.
pub fn annotation_text(e: &Expr) -> String {
    let mut w = Writer { out: String::new() };
    w.expr(e, Prec::Test);
    w.out
}

struct Writer {
    out: String,
}

impl Writer {
    fn s(&mut self, text: &str) {
        self.out.push_str(text);
    }

    fn open_if(&mut self, cond: bool) {
        if cond {
            self.out.push('(');
        }
    }

    fn close_if(&mut self, cond: bool) {
        if cond {
            self.out.push(')');
        }
    }

    fn joined(&mut self, items: &[Expr], level: Prec) {
        for (i, e) in items.iter().enumerate() {
            if i > 0 {
                self.s(", ");
            }
            self.expr(e, level);
        }
    }

    fn expr(&mut self, e: &Expr, level: Prec) {
        match &e.kind {
            ExprKind::BoolOp { op, values } => {
                let (word, prec) = match op {
                    BoolOp::And => (" and ", Prec::And),
                    BoolOp::Or => (" or ", Prec::Or),
                };
                self.open_if(level > prec);
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        self.s(word);
                    }
                    self.expr(v, prec.up());
                }
                self.close_if(level > prec);
            }
            ExprKind::NamedExpr { target, value } => {
                self.open_if(level > Prec::Tuple);
                self.expr(target, Prec::Atom);
                self.s(" := ");
                self.expr(value, Prec::Atom);
                self.close_if(level > Prec::Tuple);
            }
            ExprKind::BinOp { left, op, right } => {
                let (text, prec) = binop(*op);
                let right_assoc = *op == Operator::Pow;
                self.open_if(level > prec);
                self.expr(left, if right_assoc { prec.up() } else { prec });
                self.s(text);
                self.expr(right, if right_assoc { prec } else { prec.up() });
                self.close_if(level > prec);
            }
            ExprKind::UnaryOp { op, operand } => {
                let (text, prec) = match op {
                    UnaryOp::Invert => ("~", Prec::Factor),
                    UnaryOp::Not => ("not ", Prec::Not),
                    UnaryOp::UAdd => ("+", Prec::Factor),
                    UnaryOp::USub => ("-", Prec::Factor),
                };
                self.open_if(level > prec);
                self.s(text);
                self.expr(operand, prec);
                self.close_if(level > prec);
            }
            ExprKind::Lambda { args, body } => {
                self.open_if(level > Prec::Test);
                let n = args.posonlyargs.len()
                    + args.args.len()
                    + args.kwonlyargs.len()
                    + usize::from(args.vararg.is_some())
                    + usize::from(args.kwarg.is_some());
                self.s(if n > 0 { "lambda " } else { "lambda" });
                self.arguments(args);
                self.s(": ");
                self.expr(body, Prec::Test);
                self.close_if(level > Prec::Test);
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.open_if(level > Prec::Test);
                self.expr(body, Prec::Test.up());
                self.s(" if ");
                self.expr(test, Prec::Test.up());
                self.s(" else ");
                self.expr(orelse, Prec::Test);
                self.close_if(level > Prec::Test);
            }
            ExprKind::Dict { keys, values } => {
                self.s("{");
                for (i, (k, v)) in keys.iter().zip(values).enumerate() {
                    if i > 0 {
                        self.s(", ");
                    }
                    match k {
                        Some(k) => {
                            self.expr(k, Prec::Test);
                            self.s(": ");
                            self.expr(v, Prec::Test);
                        }
                        None => {
                            self.s("**");
                            self.expr(v, Prec::BitOr);
                        }
                    }
                }
                self.s("}");
            }
            ExprKind::Set { elts } => {
                if elts.is_empty() {
                    self.s("{*()}");
                } else {
                    self.s("{");
                    self.joined(elts, Prec::Test);
                    self.s("}");
                }
            }
            ExprKind::ListComp { elt, generators } => {
                self.s("[");
                self.expr(elt, Prec::Test);
                self.comprehensions(generators);
                self.s("]");
            }
            ExprKind::SetComp { elt, generators } => {
                self.s("{");
                self.expr(elt, Prec::Test);
                self.comprehensions(generators);
                self.s("}");
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                self.s("{");
                self.expr(key, Prec::Test);
                self.s(": ");
                self.expr(value, Prec::Test);
                self.comprehensions(generators);
                self.s("}");
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.s("(");
                self.expr(elt, Prec::Test);
                self.comprehensions(generators);
                self.s(")");
            }
            ExprKind::Await { value } => {
                self.open_if(level > Prec::Await);
                self.s("await ");
                self.expr(value, Prec::Atom);
                self.close_if(level > Prec::Await);
            }
            ExprKind::Yield { value } => match value {
                None => self.s("(yield)"),
                Some(v) => {
                    self.s("(yield ");
                    self.expr(v, Prec::Test);
                    self.s(")");
                }
            },
            ExprKind::YieldFrom { value } => {
                self.s("(yield from ");
                self.expr(value, Prec::Test);
                self.s(")");
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => {
                self.open_if(level > Prec::Cmp);
                self.expr(left, Prec::Cmp.up());
                for (op, right) in ops.iter().zip(comparators) {
                    self.s(cmpop(*op));
                    self.expr(right, Prec::Cmp.up());
                }
                self.close_if(level > Prec::Cmp);
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func, Prec::Atom);
                if args.len() == 1 && keywords.is_empty() {
                    if let ExprKind::GeneratorExp { .. } = args[0].kind {
                        self.expr(&args[0], Prec::Test);
                        return;
                    }
                }
                self.s("(");
                let mut first = true;
                for a in args {
                    if !first {
                        self.s(", ");
                    }
                    first = false;
                    self.expr(a, Prec::Test);
                }
                for k in keywords {
                    if !first {
                        self.s(", ");
                    }
                    first = false;
                    match &k.arg {
                        Some(name) => {
                            self.s(name);
                            self.s("=");
                        }
                        None => self.s("**"),
                    }
                    self.expr(&k.value, Prec::Test);
                }
                self.s(")");
            }
            ExprKind::FormattedValue { .. } => {
                // Only met inside an f-string, which writes it itself.
                self.s("f");
                let body = fstring_body(std::slice::from_ref(e));
                self.s(&repr_constant(&Constant::Str(body)));
            }
            ExprKind::JoinedStr { values } => {
                self.s("f");
                let body = fstring_body(values);
                self.s(&repr_constant(&Constant::Str(body)));
            }
            ExprKind::Constant { value, kind } => {
                if let Constant::Ellipsis = value {
                    self.s("...");
                    return;
                }
                if let Some(k) = kind {
                    self.s(k);
                }
                let text = repr_constant(value);
                match value {
                    Constant::Float(_) | Constant::Complex { .. } => {
                        self.s(&text.replace("inf", "1e309"))
                    }
                    _ => self.s(&text),
                }
            }
            ExprKind::Attribute { value, attr, .. } => {
                self.expr(value, Prec::Atom);
                let int_literal = matches!(
                    value.kind,
                    ExprKind::Constant {
                        value: Constant::Int(_),
                        ..
                    }
                );
                self.s(if int_literal { " ." } else { "." });
                self.s(attr);
            }
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value, Prec::Atom);
                self.s("[");
                match &slice.kind {
                    ExprKind::Tuple { elts, .. } if !elts.is_empty() => {
                        self.joined(elts, Prec::Test);
                        if elts.len() == 1 {
                            self.s(",");
                        }
                    }
                    _ => self.expr(slice, Prec::Tuple),
                }
                self.s("]");
            }
            ExprKind::Starred { value, .. } => {
                self.s("*");
                self.expr(value, Prec::BitOr);
            }
            ExprKind::Name { id, .. } => self.s(id),
            ExprKind::List { elts, .. } => {
                self.s("[");
                self.joined(elts, Prec::Test);
                self.s("]");
            }
            ExprKind::Tuple { elts, .. } => {
                if elts.is_empty() {
                    self.s("()");
                    return;
                }
                self.open_if(level > Prec::Tuple);
                self.joined(elts, Prec::Test);
                if elts.len() == 1 {
                    self.s(",");
                }
                self.close_if(level > Prec::Tuple);
            }
            ExprKind::Slice { lower, upper, step } => {
                if let Some(l) = lower {
                    self.expr(l, Prec::Test);
                }
                self.s(":");
                if let Some(u) = upper {
                    self.expr(u, Prec::Test);
                }
                if let Some(st) = step {
                    self.s(":");
                    self.expr(st, Prec::Test);
                }
            }
        }
    }

    fn comprehensions(&mut self, generators: &[Comprehension]) {
        for g in generators {
            self.s(if g.is_async { " async for " } else { " for " });
            self.expr(&g.target, Prec::Tuple);
            self.s(" in ");
            self.expr(&g.iter, Prec::Test.up());
            for cond in &g.ifs {
                self.s(" if ");
                self.expr(cond, Prec::Test.up());
            }
        }
    }

    /// A lambda's parameters: `a, b=1, /, c, *args, d=2, **kw`.
    fn arguments(&mut self, args: &Arguments) {
        let mut first = true;
        let mut sep = |w: &mut Writer| {
            if !first {
                w.s(", ");
            }
            first = false;
        };
        let positional: Vec<&Arg> = args.posonlyargs.iter().chain(&args.args).collect();
        let first_default = positional.len() - args.defaults.len().min(positional.len());
        for (i, a) in positional.iter().enumerate() {
            sep(self);
            self.s(&a.arg);
            if i >= first_default {
                self.s("=");
                self.expr(&args.defaults[i - first_default], Prec::Test);
            }
            if i + 1 == args.posonlyargs.len() {
                self.s(", /");
            }
        }
        if args.vararg.is_some() || !args.kwonlyargs.is_empty() {
            sep(self);
            self.s("*");
            if let Some(v) = &args.vararg {
                self.s(&v.arg);
            }
        }
        for (a, d) in args.kwonlyargs.iter().zip(&args.kw_defaults) {
            sep(self);
            self.s(&a.arg);
            if let Some(d) = d {
                self.s("=");
                self.expr(d, Prec::Test);
            }
        }
        if let Some(k) = &args.kwarg {
            sep(self);
            self.s("**");
            self.s(&k.arg);
        }
    }
}

/// The characters between an f-string's quotes: literal parts with braces doubled,
/// replacement fields as `{expr!c:spec}`.
fn fstring_body(values: &[Expr]) -> Wtf8Buf {
    let mut out = Wtf8Buf::new();
    for v in values {
        match &v.kind {
            ExprKind::Constant {
                value: Constant::Str(s),
                ..
            } => {
                for cp in s.code_points() {
                    if cp == u32::from('{') || cp == u32::from('}') {
                        out.push_code_point(cp);
                    }
                    out.push_code_point(cp);
                }
            }
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => {
                let mut w = Writer { out: String::new() };
                w.expr(value, Prec::Test.up());
                out.push_char('{');
                if w.out.starts_with('{') {
                    out.push_char(' ');
                }
                out.push_str(&w.out);
                if *conversion >= 0 {
                    out.push_char('!');
                    out.push_char(char::from_u32(*conversion as u32).unwrap_or('r'));
                }
                if let Some(spec) = format_spec {
                    out.push_char(':');
                    match &spec.kind {
                        ExprKind::JoinedStr { values } => out.push_wtf8(&fstring_body(values)),
                        _ => out.push_wtf8(&fstring_body(std::slice::from_ref(spec))),
                    }
                }
                out.push_char('}');
            }
            ExprKind::JoinedStr { values } => out.push_wtf8(&fstring_body(values)),
            _ => {}
        }
    }
    out
}

fn binop(op: Operator) -> (&'static str, Prec) {
    match op {
        Operator::Add => (" + ", Prec::Arith),
        Operator::Sub => (" - ", Prec::Arith),
        Operator::Mult => (" * ", Prec::Term),
        Operator::MatMult => (" @ ", Prec::Term),
        Operator::Div => (" / ", Prec::Term),
        Operator::Mod => (" % ", Prec::Term),
        Operator::FloorDiv => (" // ", Prec::Term),
        Operator::Pow => (" ** ", Prec::Power),
        Operator::LShift => (" << ", Prec::Shift),
        Operator::RShift => (" >> ", Prec::Shift),
        Operator::BitOr => (" | ", Prec::BitOr),
        Operator::BitXor => (" ^ ", Prec::BitXor),
        Operator::BitAnd => (" & ", Prec::BitAnd),
    }
}

fn cmpop(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => " == ",
        CmpOp::NotEq => " != ",
        CmpOp::Lt => " < ",
        CmpOp::LtE => " <= ",
        CmpOp::Gt => " > ",
        CmpOp::GtE => " >= ",
        CmpOp::Is => " is ",
        CmpOp::IsNot => " is not ",
        CmpOp::In => " in ",
        CmpOp::NotIn => " not in ",
    }
}
