//! `ast.dump(tree, include_attributes=True)` exactly as CPython 3.11 prints it, for the
//! `-X dump-ast` debugging aid and for comparing trees with CPython's.
//!
//! The rules of `ast.dump`: fields in ASDL order as `name=value`; an optional field whose
//! value is None is left out; lists are printed even when empty; location attributes
//! come last; constants are printed with Python's `repr`.

use crate::ast::*;
use crate::wtf8::Wtf8Buf;

/// The dump of a whole tree, on one line.
pub fn dump(module: &Mod) -> String {
    let mut d = Dumper {
        out: String::with_capacity(4096),
    };
    d.module(module);
    d.out
}

struct Dumper {
    out: String,
}

/// One `name=value` field being written.
impl Dumper {
    fn open(&mut self, name: &str) {
        self.out.push_str(name);
        self.out.push('(');
    }

    fn sep(&mut self, first: &mut bool) {
        if !*first {
            self.out.push_str(", ");
        }
        *first = false;
    }

    fn key(&mut self, first: &mut bool, name: &str) {
        self.sep(first);
        self.out.push_str(name);
        self.out.push('=');
    }

    fn range(&mut self, first: &mut bool, r: &Range) {
        use std::fmt::Write;
        self.sep(first);
        let _ = write!(
            self.out,
            "lineno={}, col_offset={}, end_lineno={}, end_col_offset={}",
            r.lineno, r.col_offset, r.end_lineno, r.end_col_offset
        );
    }

    fn ident(&mut self, first: &mut bool, name: &str, value: &str) {
        self.key(first, name);
        self.out.push_str(&repr_str(value));
    }

    fn opt_ident(&mut self, first: &mut bool, name: &str, value: &Option<String>) {
        if let Some(v) = value {
            self.ident(first, name, v);
        }
    }

    fn int(&mut self, first: &mut bool, name: &str, value: i64) {
        self.key(first, name);
        self.out.push_str(&value.to_string());
    }

    fn expr_field(&mut self, first: &mut bool, name: &str, e: &Expr) {
        self.key(first, name);
        self.expr(e);
    }

    fn opt_expr(&mut self, first: &mut bool, name: &str, e: &Option<Box<Expr>>) {
        if let Some(e) = e {
            self.expr_field(first, name, e);
        }
    }

    fn exprs(&mut self, first: &mut bool, name: &str, list: &[Expr]) {
        self.key(first, name);
        self.out.push('[');
        for (i, e) in list.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.expr(e);
        }
        self.out.push(']');
    }

    fn opt_exprs(&mut self, first: &mut bool, name: &str, list: &[Option<Expr>]) {
        self.key(first, name);
        self.out.push('[');
        for (i, e) in list.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            match e {
                Some(e) => self.expr(e),
                None => self.out.push_str("None"),
            }
        }
        self.out.push(']');
    }

    fn stmts(&mut self, first: &mut bool, name: &str, list: &[Stmt]) {
        self.key(first, name);
        self.out.push('[');
        for (i, s) in list.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.stmt(s);
        }
        self.out.push(']');
    }

    fn names(&mut self, first: &mut bool, name: &str, list: &[String]) {
        self.key(first, name);
        self.out.push('[');
        for (i, n) in list.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.out.push_str(&repr_str(n));
        }
        self.out.push(']');
    }

    fn module(&mut self, m: &Mod) {
        let mut f = true;
        match m {
            Mod::Module { body, type_ignores } => {
                self.open("Module");
                self.stmts(&mut f, "body", body);
                self.key(&mut f, "type_ignores");
                self.out.push('[');
                for (i, t) in type_ignores.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.out.push_str(&format!(
                        "TypeIgnore(lineno={}, tag={})",
                        t.lineno,
                        repr_str(&t.tag)
                    ));
                }
                self.out.push(']');
            }
            Mod::Interactive { body } => {
                self.open("Interactive");
                self.stmts(&mut f, "body", body);
            }
            Mod::Expression { body } => {
                self.open("Expression");
                self.expr_field(&mut f, "body", body);
            }
            Mod::FunctionType { argtypes, returns } => {
                self.open("FunctionType");
                self.exprs(&mut f, "argtypes", argtypes);
                self.expr_field(&mut f, "returns", returns);
            }
        }
        self.out.push(')');
    }

    fn stmt(&mut self, s: &Stmt) {
        let mut f = true;
        match &s.kind {
            StmtKind::FunctionDef(d) | StmtKind::AsyncFunctionDef(d) => {
                self.open(if matches!(s.kind, StmtKind::FunctionDef(_)) {
                    "FunctionDef"
                } else {
                    "AsyncFunctionDef"
                });
                self.ident(&mut f, "name", &d.name);
                self.key(&mut f, "args");
                self.arguments(&d.args);
                self.stmts(&mut f, "body", &d.body);
                self.exprs(&mut f, "decorator_list", &d.decorator_list);
                self.opt_expr(&mut f, "returns", &d.returns);
                self.opt_ident(&mut f, "type_comment", &d.type_comment);
            }
            StmtKind::ClassDef(c) => {
                self.open("ClassDef");
                self.ident(&mut f, "name", &c.name);
                self.exprs(&mut f, "bases", &c.bases);
                self.key(&mut f, "keywords");
                self.keywords(&c.keywords);
                self.stmts(&mut f, "body", &c.body);
                self.exprs(&mut f, "decorator_list", &c.decorator_list);
            }
            StmtKind::Return { value } => {
                self.open("Return");
                self.opt_expr(&mut f, "value", value);
            }
            StmtKind::Delete { targets } => {
                self.open("Delete");
                self.exprs(&mut f, "targets", targets);
            }
            StmtKind::Assign {
                targets,
                value,
                type_comment,
            } => {
                self.open("Assign");
                self.exprs(&mut f, "targets", targets);
                self.expr_field(&mut f, "value", value);
                self.opt_ident(&mut f, "type_comment", type_comment);
            }
            StmtKind::AugAssign { target, op, value } => {
                self.open("AugAssign");
                self.expr_field(&mut f, "target", target);
                self.key(&mut f, "op");
                self.out.push_str(operator_name(*op));
                self.out.push_str("()");
                self.expr_field(&mut f, "value", value);
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => {
                self.open("AnnAssign");
                self.expr_field(&mut f, "target", target);
                self.expr_field(&mut f, "annotation", annotation);
                self.opt_expr(&mut f, "value", value);
                self.int(&mut f, "simple", i64::from(*simple));
            }
            StmtKind::For(x) | StmtKind::AsyncFor(x) => {
                self.open(if matches!(s.kind, StmtKind::For(_)) {
                    "For"
                } else {
                    "AsyncFor"
                });
                self.expr_field(&mut f, "target", &x.target);
                self.expr_field(&mut f, "iter", &x.iter);
                self.stmts(&mut f, "body", &x.body);
                self.stmts(&mut f, "orelse", &x.orelse);
                self.opt_ident(&mut f, "type_comment", &x.type_comment);
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.open(if matches!(s.kind, StmtKind::While { .. }) {
                    "While"
                } else {
                    "If"
                });
                self.expr_field(&mut f, "test", test);
                self.stmts(&mut f, "body", body);
                self.stmts(&mut f, "orelse", orelse);
            }
            StmtKind::With(w) | StmtKind::AsyncWith(w) => {
                self.open(if matches!(s.kind, StmtKind::With(_)) {
                    "With"
                } else {
                    "AsyncWith"
                });
                self.key(&mut f, "items");
                self.out.push('[');
                for (i, item) in w.items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    let mut g = true;
                    self.open("withitem");
                    self.expr_field(&mut g, "context_expr", &item.context_expr);
                    self.opt_expr(&mut g, "optional_vars", &item.optional_vars);
                    self.out.push(')');
                }
                self.out.push(']');
                self.stmts(&mut f, "body", &w.body);
                self.opt_ident(&mut f, "type_comment", &w.type_comment);
            }
            StmtKind::Match { subject, cases } => {
                self.open("Match");
                self.expr_field(&mut f, "subject", subject);
                self.key(&mut f, "cases");
                self.out.push('[');
                for (i, c) in cases.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    let mut g = true;
                    self.open("match_case");
                    self.key(&mut g, "pattern");
                    self.pattern(&c.pattern);
                    self.opt_expr(&mut g, "guard", &c.guard);
                    self.stmts(&mut g, "body", &c.body);
                    self.out.push(')');
                }
                self.out.push(']');
            }
            StmtKind::Raise { exc, cause } => {
                self.open("Raise");
                self.opt_expr(&mut f, "exc", exc);
                self.opt_expr(&mut f, "cause", cause);
            }
            StmtKind::Try(t) | StmtKind::TryStar(t) => {
                self.open(if matches!(s.kind, StmtKind::Try(_)) {
                    "Try"
                } else {
                    "TryStar"
                });
                self.stmts(&mut f, "body", &t.body);
                self.key(&mut f, "handlers");
                self.out.push('[');
                for (i, h) in t.handlers.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    let mut g = true;
                    self.open("ExceptHandler");
                    self.opt_expr(&mut g, "type", &h.type_);
                    self.opt_ident(&mut g, "name", &h.name);
                    self.stmts(&mut g, "body", &h.body);
                    self.range(&mut g, &h.range);
                    self.out.push(')');
                }
                self.out.push(']');
                self.stmts(&mut f, "orelse", &t.orelse);
                self.stmts(&mut f, "finalbody", &t.finalbody);
            }
            StmtKind::Assert { test, msg } => {
                self.open("Assert");
                self.expr_field(&mut f, "test", test);
                self.opt_expr(&mut f, "msg", msg);
            }
            StmtKind::Import { names } => {
                self.open("Import");
                self.aliases(&mut f, names);
            }
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => {
                self.open("ImportFrom");
                self.opt_ident(&mut f, "module", module);
                self.aliases(&mut f, names);
                self.int(&mut f, "level", i64::from(*level));
            }
            StmtKind::Global { names } => {
                self.open("Global");
                self.names(&mut f, "names", names);
            }
            StmtKind::Nonlocal { names } => {
                self.open("Nonlocal");
                self.names(&mut f, "names", names);
            }
            StmtKind::Expr { value } => {
                self.open("Expr");
                self.expr_field(&mut f, "value", value);
            }
            StmtKind::Pass => self.open("Pass"),
            StmtKind::Break => self.open("Break"),
            StmtKind::Continue => self.open("Continue"),
        }
        self.range(&mut f, &s.range);
        self.out.push(')');
    }

    fn aliases(&mut self, f: &mut bool, names: &[Alias]) {
        self.key(f, "names");
        self.out.push('[');
        for (i, a) in names.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            let mut g = true;
            self.open("alias");
            self.ident(&mut g, "name", &a.name);
            self.opt_ident(&mut g, "asname", &a.asname);
            self.range(&mut g, &a.range);
            self.out.push(')');
        }
        self.out.push(']');
    }

    fn keywords(&mut self, list: &[Keyword]) {
        self.out.push('[');
        for (i, k) in list.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            let mut g = true;
            self.open("keyword");
            self.opt_ident(&mut g, "arg", &k.arg);
            self.expr_field(&mut g, "value", &k.value);
            self.range(&mut g, &k.range);
            self.out.push(')');
        }
        self.out.push(']');
    }

    fn arg(&mut self, a: &Arg) {
        let mut g = true;
        self.open("arg");
        self.ident(&mut g, "arg", &a.arg);
        self.opt_expr(&mut g, "annotation", &a.annotation);
        self.opt_ident(&mut g, "type_comment", &a.type_comment);
        self.range(&mut g, &a.range);
        self.out.push(')');
    }

    fn args(&mut self, f: &mut bool, name: &str, list: &[Arg]) {
        self.key(f, name);
        self.out.push('[');
        for (i, a) in list.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.arg(a);
        }
        self.out.push(']');
    }

    fn arguments(&mut self, a: &Arguments) {
        let mut f = true;
        self.open("arguments");
        self.args(&mut f, "posonlyargs", &a.posonlyargs);
        self.args(&mut f, "args", &a.args);
        if let Some(v) = &a.vararg {
            self.key(&mut f, "vararg");
            self.arg(v);
        }
        self.args(&mut f, "kwonlyargs", &a.kwonlyargs);
        self.opt_exprs(&mut f, "kw_defaults", &a.kw_defaults);
        if let Some(k) = &a.kwarg {
            self.key(&mut f, "kwarg");
            self.arg(k);
        }
        self.exprs(&mut f, "defaults", &a.defaults);
        self.out.push(')');
    }

    fn comprehensions(&mut self, f: &mut bool, gens: &[Comprehension]) {
        self.key(f, "generators");
        self.out.push('[');
        for (i, c) in gens.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            let mut g = true;
            self.open("comprehension");
            self.expr_field(&mut g, "target", &c.target);
            self.expr_field(&mut g, "iter", &c.iter);
            self.exprs(&mut g, "ifs", &c.ifs);
            self.int(&mut g, "is_async", i64::from(c.is_async));
            self.out.push(')');
        }
        self.out.push(']');
    }

    fn ctx(&mut self, f: &mut bool, ctx: ExprContext) {
        self.key(f, "ctx");
        self.out.push_str(match ctx {
            ExprContext::Load => "Load()",
            ExprContext::Store => "Store()",
            ExprContext::Del => "Del()",
        });
    }

    fn expr(&mut self, e: &Expr) {
        let mut f = true;
        match &e.kind {
            ExprKind::BoolOp { op, values } => {
                self.open("BoolOp");
                self.key(&mut f, "op");
                self.out
                    .push_str(if *op == BoolOp::And { "And()" } else { "Or()" });
                self.exprs(&mut f, "values", values);
            }
            ExprKind::NamedExpr { target, value } => {
                self.open("NamedExpr");
                self.expr_field(&mut f, "target", target);
                self.expr_field(&mut f, "value", value);
            }
            ExprKind::BinOp { left, op, right } => {
                self.open("BinOp");
                self.expr_field(&mut f, "left", left);
                self.key(&mut f, "op");
                self.out.push_str(operator_name(*op));
                self.out.push_str("()");
                self.expr_field(&mut f, "right", right);
            }
            ExprKind::UnaryOp { op, operand } => {
                self.open("UnaryOp");
                self.key(&mut f, "op");
                self.out.push_str(match op {
                    UnaryOp::Invert => "Invert()",
                    UnaryOp::Not => "Not()",
                    UnaryOp::UAdd => "UAdd()",
                    UnaryOp::USub => "USub()",
                });
                self.expr_field(&mut f, "operand", operand);
            }
            ExprKind::Lambda { args, body } => {
                self.open("Lambda");
                self.key(&mut f, "args");
                self.arguments(args);
                self.expr_field(&mut f, "body", body);
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.open("IfExp");
                self.expr_field(&mut f, "test", test);
                self.expr_field(&mut f, "body", body);
                self.expr_field(&mut f, "orelse", orelse);
            }
            ExprKind::Dict { keys, values } => {
                self.open("Dict");
                self.opt_exprs(&mut f, "keys", keys);
                self.exprs(&mut f, "values", values);
            }
            ExprKind::Set { elts } => {
                self.open("Set");
                self.exprs(&mut f, "elts", elts);
            }
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => {
                self.open(match e.kind {
                    ExprKind::ListComp { .. } => "ListComp",
                    ExprKind::SetComp { .. } => "SetComp",
                    _ => "GeneratorExp",
                });
                self.expr_field(&mut f, "elt", elt);
                self.comprehensions(&mut f, generators);
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                self.open("DictComp");
                self.expr_field(&mut f, "key", key);
                self.expr_field(&mut f, "value", value);
                self.comprehensions(&mut f, generators);
            }
            ExprKind::Await { value } => {
                self.open("Await");
                self.expr_field(&mut f, "value", value);
            }
            ExprKind::Yield { value } => {
                self.open("Yield");
                self.opt_expr(&mut f, "value", value);
            }
            ExprKind::YieldFrom { value } => {
                self.open("YieldFrom");
                self.expr_field(&mut f, "value", value);
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => {
                self.open("Compare");
                self.expr_field(&mut f, "left", left);
                self.key(&mut f, "ops");
                self.out.push('[');
                for (i, op) in ops.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.out.push_str(match op {
                        CmpOp::Eq => "Eq()",
                        CmpOp::NotEq => "NotEq()",
                        CmpOp::Lt => "Lt()",
                        CmpOp::LtE => "LtE()",
                        CmpOp::Gt => "Gt()",
                        CmpOp::GtE => "GtE()",
                        CmpOp::Is => "Is()",
                        CmpOp::IsNot => "IsNot()",
                        CmpOp::In => "In()",
                        CmpOp::NotIn => "NotIn()",
                    });
                }
                self.out.push(']');
                self.exprs(&mut f, "comparators", comparators);
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.open("Call");
                self.expr_field(&mut f, "func", func);
                self.exprs(&mut f, "args", args);
                self.key(&mut f, "keywords");
                self.keywords(keywords);
            }
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => {
                self.open("FormattedValue");
                self.expr_field(&mut f, "value", value);
                self.int(&mut f, "conversion", i64::from(*conversion));
                self.opt_expr(&mut f, "format_spec", format_spec);
            }
            ExprKind::JoinedStr { values } => {
                self.open("JoinedStr");
                self.exprs(&mut f, "values", values);
            }
            ExprKind::Constant { value, kind } => {
                self.open("Constant");
                self.key(&mut f, "value");
                self.out.push_str(&repr_constant(value));
                self.opt_ident(&mut f, "kind", kind);
            }
            ExprKind::Attribute { value, attr, ctx } => {
                self.open("Attribute");
                self.expr_field(&mut f, "value", value);
                self.ident(&mut f, "attr", attr);
                self.ctx(&mut f, *ctx);
            }
            ExprKind::Subscript { value, slice, ctx } => {
                self.open("Subscript");
                self.expr_field(&mut f, "value", value);
                self.expr_field(&mut f, "slice", slice);
                self.ctx(&mut f, *ctx);
            }
            ExprKind::Starred { value, ctx } => {
                self.open("Starred");
                self.expr_field(&mut f, "value", value);
                self.ctx(&mut f, *ctx);
            }
            ExprKind::Name { id, ctx } => {
                self.open("Name");
                self.ident(&mut f, "id", id);
                self.ctx(&mut f, *ctx);
            }
            ExprKind::List { elts, ctx } | ExprKind::Tuple { elts, ctx } => {
                self.open(if matches!(e.kind, ExprKind::List { .. }) {
                    "List"
                } else {
                    "Tuple"
                });
                self.exprs(&mut f, "elts", elts);
                self.ctx(&mut f, *ctx);
            }
            ExprKind::Slice { lower, upper, step } => {
                self.open("Slice");
                self.opt_expr(&mut f, "lower", lower);
                self.opt_expr(&mut f, "upper", upper);
                self.opt_expr(&mut f, "step", step);
            }
        }
        self.range(&mut f, &e.range);
        self.out.push(')');
    }

    fn patterns(&mut self, f: &mut bool, name: &str, list: &[Pattern]) {
        self.key(f, name);
        self.out.push('[');
        for (i, p) in list.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.pattern(p);
        }
        self.out.push(']');
    }

    fn pattern(&mut self, p: &Pattern) {
        let mut f = true;
        match &p.kind {
            PatternKind::MatchValue { value } => {
                self.open("MatchValue");
                self.expr_field(&mut f, "value", value);
            }
            PatternKind::MatchSingleton { value } => {
                self.open("MatchSingleton");
                self.key(&mut f, "value");
                self.out.push_str(&repr_constant(value));
            }
            PatternKind::MatchSequence { patterns } => {
                self.open("MatchSequence");
                self.patterns(&mut f, "patterns", patterns);
            }
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => {
                self.open("MatchMapping");
                self.exprs(&mut f, "keys", keys);
                self.patterns(&mut f, "patterns", patterns);
                self.opt_ident(&mut f, "rest", rest);
            }
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_attrs,
                kwd_patterns,
            } => {
                self.open("MatchClass");
                self.expr_field(&mut f, "cls", cls);
                self.patterns(&mut f, "patterns", patterns);
                self.names(&mut f, "kwd_attrs", kwd_attrs);
                self.patterns(&mut f, "kwd_patterns", kwd_patterns);
            }
            PatternKind::MatchStar { name } => {
                self.open("MatchStar");
                self.opt_ident(&mut f, "name", name);
            }
            PatternKind::MatchAs { pattern, name } => {
                self.open("MatchAs");
                if let Some(p) = pattern {
                    self.key(&mut f, "pattern");
                    self.pattern(p);
                }
                self.opt_ident(&mut f, "name", name);
            }
            PatternKind::MatchOr { patterns } => {
                self.open("MatchOr");
                self.patterns(&mut f, "patterns", patterns);
            }
        }
        self.range(&mut f, &p.range);
        self.out.push(')');
    }
}

fn operator_name(op: Operator) -> &'static str {
    match op {
        Operator::Add => "Add",
        Operator::Sub => "Sub",
        Operator::Mult => "Mult",
        Operator::MatMult => "MatMult",
        Operator::Div => "Div",
        Operator::Mod => "Mod",
        Operator::Pow => "Pow",
        Operator::LShift => "LShift",
        Operator::RShift => "RShift",
        Operator::BitOr => "BitOr",
        Operator::BitXor => "BitXor",
        Operator::BitAnd => "BitAnd",
        Operator::FloorDiv => "FloorDiv",
    }
}

/// Python's `repr` of a constant.
pub fn repr_constant(c: &Constant) -> String {
    match c {
        Constant::None => "None".into(),
        Constant::Bool(true) => "True".into(),
        Constant::Bool(false) => "False".into(),
        Constant::Ellipsis => "Ellipsis".into(),
        Constant::Int(IntValue::Small(v)) => v.to_string(),
        Constant::Int(IntValue::Big(v)) => v.to_string(),
        Constant::Float(f) => repr_float(*f),
        Constant::Complex { real, imag } => {
            if *real == 0.0 && real.is_sign_positive() {
                format!("{}j", repr_float_short(*imag))
            } else {
                let sign = if *imag < 0.0 || (*imag == 0.0 && imag.is_sign_negative()) {
                    "-"
                } else {
                    "+"
                };
                format!(
                    "({}{}{}j)",
                    repr_float_short(*real),
                    sign,
                    repr_float_short(imag.abs())
                )
            }
        }
        Constant::Str(s) => repr_wtf8(s),
        Constant::Bytes(b) => repr_bytes(b),
        Constant::Tuple(items) => {
            let inner: Vec<String> = items.iter().map(repr_constant).collect();
            if inner.len() == 1 {
                format!("({},)", inner[0])
            } else {
                format!("({})", inner.join(", "))
            }
        }
        Constant::FrozenSet(items) => {
            let inner: Vec<String> = items.iter().map(repr_constant).collect();
            if inner.is_empty() {
                "frozenset()".into()
            } else {
                format!("frozenset({{{}}})", inner.join(", "))
            }
        }
    }
}

/// Python's `repr(float)`: the shortest string that round-trips, in fixed notation for
/// exponents in -4..16 and scientific notation otherwise.
pub fn repr_float(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    format_shortest(f, true)
}

/// As `repr_float`, but without the `.0` of integral values (complex parts).
fn repr_float_short(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    format_shortest(f, false)
}

fn format_shortest(f: f64, add_dot_zero: bool) -> String {
    let mut sci = format!("{:e}", f);
    let mantissa_digits = sci
        .split('e')
        .next()
        .unwrap_or("")
        .bytes()
        .filter(u8::is_ascii_digit)
        .count();
    if mantissa_digits >= 2 {
        // Among the shortest strings that round-trip, Python picks the correctly rounded
        // one (ties to even), which the shortest-digits search does not always pick.
        let rounded = round_digits(f, mantissa_digits);
        if rounded.parse::<f64>().ok() == Some(f) {
            sci = rounded;
        }
    }
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = if digits.is_empty() {
        "0".to_string()
    } else {
        digits
    };
    if (-4..16).contains(&exp) {
        let decpt = exp + 1;
        let body = if decpt <= 0 {
            format!("0.{}{}", "0".repeat((-decpt) as usize), digits)
        } else if decpt as usize >= digits.len() {
            let int = format!("{}{}", digits, "0".repeat(decpt as usize - digits.len()));
            if add_dot_zero {
                format!("{int}.0")
            } else {
                int
            }
        } else {
            format!(
                "{}.{}",
                &digits[..decpt as usize],
                &digits[decpt as usize..]
            )
        };
        format!("{sign}{body}")
    } else {
        let mant = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{mant}e{esign}{:02}", exp.abs())
    }
}

/// `f` in scientific notation with `n` significant digits, rounded half to even from its
/// exact decimal expansion.
fn round_digits(f: f64, n: usize) -> String {
    let exact = format!("{:.800e}", f);
    let (mantissa, exp) = exact.split_once('e').unwrap_or((&exact, "0"));
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: Vec<u8> = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|d| d - b'0')
        .collect();
    let mut exp: i32 = exp.parse().unwrap_or(0);
    let mut kept: Vec<u8> = digits.iter().take(n).copied().collect();
    let rest = &digits[n.min(digits.len())..];
    let round_up = match rest.first() {
        Some(&d) if d > 5 => true,
        Some(&5) => rest[1..].iter().any(|&d| d != 0) || kept.last().is_some_and(|d| d % 2 == 1),
        _ => false,
    };
    if round_up {
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, 1);
                kept.pop();
                exp += 1;
                break;
            }
            i -= 1;
            if kept[i] == 9 {
                kept[i] = 0;
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    let text: String = kept.iter().map(|d| (b'0' + d) as char).collect();
    format!("{sign}{}.{}e{exp}", &text[..1], &text[1..])
}

/// Whether Python's `str.isprintable()` holds for a code point.
pub fn is_printable(cp: u32) -> bool {
    use unicode_general_category::{get_general_category, GeneralCategory as G};
    if cp == 0x20 {
        return true;
    }
    let Some(ch) = char::from_u32(cp) else {
        return false;
    };
    !matches!(
        get_general_category(ch),
        G::Control
            | G::Format
            | G::Surrogate
            | G::PrivateUse
            | G::Unassigned
            | G::LineSeparator
            | G::ParagraphSeparator
            | G::SpaceSeparator
    )
}

/// Python's `repr(str)` of plain Rust text.
pub fn repr_str(s: &str) -> String {
    repr_code_points(
        s.chars().map(|c| c as u32),
        s.contains('\''),
        s.contains('"'),
    )
}

/// Python's `repr(str)` of a string that may hold lone surrogates.
pub fn repr_wtf8(s: &Wtf8Buf) -> String {
    let has_single = s.code_points().any(|c| c == u32::from(b'\''));
    let has_double = s.code_points().any(|c| c == u32::from(b'"'));
    repr_code_points(s.code_points(), has_single, has_double)
}

fn repr_code_points(cps: impl Iterator<Item = u32>, has_single: bool, has_double: bool) -> String {
    use std::fmt::Write;
    let quote = if has_single && !has_double { '"' } else { '\'' };
    let mut out = String::new();
    out.push(quote);
    for cp in cps {
        match cp {
            0x5C => out.push_str("\\\\"),
            0x0A => out.push_str("\\n"),
            0x0D => out.push_str("\\r"),
            0x09 => out.push_str("\\t"),
            _ if cp == quote as u32 => {
                out.push('\\');
                out.push(quote);
            }
            _ if (0x20..0x7F).contains(&cp) => out.push(cp as u8 as char),
            _ if cp < 0x7F || !is_printable(cp) => {
                let _ = if cp < 0x100 {
                    write!(out, "\\x{cp:02x}")
                } else if cp < 0x10000 {
                    write!(out, "\\u{cp:04x}")
                } else {
                    write!(out, "\\U{cp:08x}")
                };
            }
            _ => out.push(char::from_u32(cp).unwrap_or('\u{FFFD}')),
        }
    }
    out.push(quote);
    out
}

/// Python's `repr(bytes)`.
pub fn repr_bytes(b: &[u8]) -> String {
    use std::fmt::Write;
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from("b");
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ if c == quote as u8 => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7E => out.push(c as char),
            _ => {
                let _ = write!(out, "\\x{c:02x}");
            }
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_reprs_match_python() {
        for (f, want) in [
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1.5e-7, "1.5e-07"),
            (123.456, "123.456"),
            (1.0, "1.0"),
            (0.0001, "0.0001"),
            (1e-5, "1e-05"),
            (1e22, "1e+22"),
            (12345678901234567.0, "1.2345678901234568e+16"),
            (99.99880981445312, "99.99880981445312"),
            (f64::INFINITY, "inf"),
        ] {
            assert_eq!(repr_float(f), want);
        }
    }

    #[test]
    fn string_reprs_match_python() {
        assert_eq!(repr_str("it's"), "\"it's\"");
        assert_eq!(repr_str("say \"hi\" it's"), "'say \"hi\" it\\'s'");
        assert_eq!(
            repr_str("tab\there\u{7f}\u{a0}é"),
            "'tab\\there\\x7f\\xa0é'"
        );
        assert_eq!(repr_bytes(b"a'\x00\xff"), "b\"a'\\x00\\xff\"");
    }
}
