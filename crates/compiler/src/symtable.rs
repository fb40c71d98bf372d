//! The symbol table: which names are local, global, free or cell variables in each
//! scope, as CPython's Python/symtable.c decides, with its scope-related SyntaxErrors.
//!
//! Scopes are built in one walk over the AST (children in source order), then resolved
//! top-down (what enclosing functions bind) and bottom-up (what children need from
//! outside turns a function's local into a cell).

use std::collections::{HashMap, HashSet};

use pyrs_parser::ast::*;
use pyrs_parser::SyntaxError;

/// What kind of block a scope is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
}

/// Where a name lives once resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameScope {
    Local,
    GlobalExplicit,
    GlobalImplicit,
    Free,
    Cell,
}

const DEF_LOCAL: u8 = 1;
const DEF_GLOBAL: u8 = 2;
const DEF_NONLOCAL: u8 = 4;
const DEF_PARAM: u8 = 8;
const USE: u8 = 16;

/// One scope: its symbols in first-seen order, its resolution and its child scopes.
#[derive(Debug, Clone)]
pub struct Scope {
    pub kind: ScopeKind,
    pub name: String,
    flags: HashMap<String, u8>,
    order: Vec<String>,
    /// Resolved scope of every symbol (filled by `resolve`).
    pub scopes: HashMap<String, NameScope>,
    /// Parameters in order (positional-only, positional, *args, keyword-only, **kwargs).
    pub params: Vec<String>,
    pub children: Vec<Scope>,
    pub is_generator: bool,
    pub is_coroutine: bool,
    /// A class body whose methods use `super()`/`__class__`: it needs the `__class__` cell.
    pub needs_class_cell: bool,
    /// Names a class binds locally that nested functions also use as free variables
    /// (CPython's DEF_FREE_CLASS): the class passes them on from its own closure.
    pub free_class: Vec<String>,
    /// A comprehension (its first iterator is the parameter `.0`).
    pub is_comprehension: bool,
    /// A postponed annotation's own block: visited for its errors, then dropped.
    pub is_annotation: bool,
    /// Where each `nonlocal` name was declared, for "no binding" errors.
    nonlocal_at: HashMap<String, Range>,
    /// The range of the node that opens this scope (def, class, lambda, comprehension):
    /// how the code generator finds it, since it may visit a node more than once
    /// (`finally` bodies are compiled once per exit path).
    pub key: Range,
}

impl Scope {
    fn new(kind: ScopeKind, name: &str) -> Self {
        Scope {
            kind,
            name: name.to_string(),
            flags: HashMap::new(),
            order: Vec::new(),
            scopes: HashMap::new(),
            params: Vec::new(),
            children: Vec::new(),
            is_generator: false,
            is_coroutine: false,
            needs_class_cell: false,
            free_class: Vec::new(),
            is_comprehension: false,
            is_annotation: false,
            nonlocal_at: HashMap::new(),
            key: Range::default(),
        }
    }

    fn add(&mut self, name: &str, flag: u8) {
        match self.flags.get_mut(name) {
            Some(f) => *f |= flag,
            None => {
                self.flags.insert(name.to_string(), flag);
                self.order.push(name.to_string());
            }
        }
    }

    /// The resolved scope of `name` (implicit global when the scope never saw it).
    pub fn lookup(&self, name: &str) -> NameScope {
        self.scopes
            .get(name)
            .copied()
            .unwrap_or(NameScope::GlobalImplicit)
    }

    /// Names in first-seen order with their resolution.
    pub fn symbols(&self) -> impl Iterator<Item = (&str, NameScope)> {
        self.order.iter().map(move |n| (n.as_str(), self.lookup(n)))
    }
}

/// Builds the scope tree of a module.
pub struct SymbolTableBuilder<'a> {
    stack: Vec<Scope>,
    source: &'a str,
    /// Nesting of statements and expressions being visited (CPython's
    /// `recursion_depth` in its symtable and AST optimizer).
    depth: usize,
    /// `from __future__ import annotations`: annotations are never evaluated, so their
    /// names are not uses.
    postponed_annotations: bool,
}

/// How deeply statements and expressions may nest: CPython's compiler allows its
/// recursion limit (1000 by default) times COMPILER_STACK_FRAME_SCALE (3).
pub const MAX_AST_DEPTH: usize = 3000;

type SResult = Result<(), SyntaxError>;

impl<'a> SymbolTableBuilder<'a> {
    /// Build and resolve the scopes of `module`.
    pub fn build(
        module: &Mod,
        source: &'a str,
        features: crate::future::Features,
    ) -> Result<Scope, SyntaxError> {
        let mut b = SymbolTableBuilder {
            stack: vec![Scope::new(ScopeKind::Module, "top")],
            source,
            depth: 0,
            postponed_annotations: features.annotations,
        };
        match module {
            Mod::Module { body, .. } | Mod::Interactive { body } => b.stmts(body)?,
            Mod::Expression { body } => b.expr(body)?,
            Mod::FunctionType { .. } => {}
        }
        let mut top = b
            .stack
            .pop()
            .unwrap_or_else(|| Scope::new(ScopeKind::Module, "top"));
        resolve(&mut top, &HashSet::new(), source)?;
        Ok(top)
    }

    fn in_async_function(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|s| s.kind == ScopeKind::Function && s.is_coroutine)
    }

    fn cur(&mut self) -> &mut Scope {
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    fn error(&self, msg: String, range: Range) -> SyntaxError {
        located_error(self.source, msg, range)
    }

    /// An annotation: an expression like any other, or under postponed annotations text
    /// that is never run (CPython visits it in a block of its own, where walrus, yield
    /// and await are errors).
    fn annotation(&mut self, e: &Expr) -> SResult {
        if !self.postponed_annotations {
            return self.expr(e);
        }
        self.push(ScopeKind::Function, "<annotation>", e.range);
        self.cur().is_annotation = true;
        let r = self.expr(e);
        self.stack.pop();
        r
    }

    /// Under postponed annotations, walrus, yield and await directly in an annotation are
    /// errors, named as CPython names them.
    fn check_not_annotation(&self, what: &str, range: Range) -> SResult {
        if self.stack.last().is_some_and(|s| s.is_annotation) {
            return Err(self.error(
                format!("'{what}' can not be used within an annotation"),
                range,
            ));
        }
        Ok(())
    }

    fn def(&mut self, name: &str, range: Range) -> SResult {
        if name == "__debug__" {
            return Err(self.error("cannot assign to __debug__".into(), range));
        }
        self.cur().add(name, DEF_LOCAL);
        Ok(())
    }

    fn use_name(&mut self, name: &str) {
        self.cur().add(name, USE);
    }

    fn push(&mut self, kind: ScopeKind, name: &str, key: Range) {
        let mut scope = Scope::new(kind, name);
        scope.key = key;
        self.stack.push(scope);
    }

    fn pop(&mut self) {
        if let Some(scope) = self.stack.pop() {
            self.cur().children.push(scope);
        }
    }

    fn stmts(&mut self, body: &[Stmt]) -> SResult {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn arguments_defaults(&mut self, args: &Arguments) -> SResult {
        for d in &args.defaults {
            self.expr(d)?;
        }
        for d in args.kw_defaults.iter().flatten() {
            self.expr(d)?;
        }
        for a in args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs)
        {
            if let Some(ann) = &a.annotation {
                self.annotation(ann)?;
            }
        }
        for a in args.vararg.iter().chain(args.kwarg.iter()) {
            if let Some(ann) = &a.annotation {
                self.annotation(ann)?;
            }
        }
        Ok(())
    }

    fn params(&mut self, args: &Arguments) -> SResult {
        let all = args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs)
            .chain(args.vararg.iter().map(|b| &**b))
            .chain(args.kwarg.iter().map(|b| &**b));
        for a in all {
            if a.arg == "__debug__" {
                return Err(self.error("cannot assign to __debug__".into(), a.range));
            }
            if self
                .cur()
                .flags
                .get(&a.arg)
                .is_some_and(|f| f & DEF_PARAM != 0)
            {
                return Err(self.error(
                    format!("duplicate argument '{}' in function definition", a.arg),
                    a.range,
                ));
            }
            self.cur().add(&a.arg, DEF_PARAM);
            self.cur().params.push(a.arg.clone());
        }
        Ok(())
    }

    fn enter_node(&mut self) -> SResult {
        self.depth += 1;
        if self.depth > MAX_AST_DEPTH {
            return Err(SyntaxError::new(
                "maximum recursion depth exceeded during compilation",
                0,
                0,
                0,
                0,
            )
            .with_kind(pyrs_parser::SyntaxErrorKind::RecursionError));
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> SResult {
        self.enter_node()?;
        let r = self.stmt_inner(s);
        self.depth -= 1;
        r
    }

    fn stmt_inner(&mut self, s: &Stmt) -> SResult {
        match &s.kind {
            StmtKind::FunctionDef(f) | StmtKind::AsyncFunctionDef(f) => {
                for d in &f.decorator_list {
                    self.expr(d)?;
                }
                self.arguments_defaults(&f.args)?;
                if let Some(r) = &f.returns {
                    self.annotation(r)?;
                }
                self.def(&f.name, s.range)?;
                self.push(ScopeKind::Function, &f.name, s.range);
                self.cur().is_coroutine = matches!(s.kind, StmtKind::AsyncFunctionDef(_));
                self.params(&f.args)?;
                self.stmts(&f.body)?;
                self.pop();
            }
            StmtKind::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.expr(d)?;
                }
                for b in &c.bases {
                    self.expr(b)?;
                }
                for k in &c.keywords {
                    self.expr(&k.value)?;
                }
                self.def(&c.name, s.range)?;
                self.push(ScopeKind::Class, &c.name, s.range);
                self.stmts(&c.body)?;
                self.pop();
            }
            StmtKind::Return { value } => {
                if self.cur().kind != ScopeKind::Function {
                    return Err(self.error("'return' outside function".into(), s.range));
                }
                if let Some(v) = value {
                    self.expr(v)?;
                }
            }
            StmtKind::Delete { targets } => {
                for t in targets {
                    if let ExprKind::Name { id, .. } = &t.kind {
                        if id == "__debug__" {
                            return Err(self.error("cannot delete __debug__".into(), t.range));
                        }
                    }
                    self.target(t)?;
                }
            }
            StmtKind::Assign { targets, value, .. } => {
                self.expr(value)?;
                for t in targets {
                    self.target(t)?;
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(value)?;
                if let ExprKind::Name { id, .. } = &target.kind {
                    self.use_name(id);
                }
                self.target(target)?;
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                ..
            } => {
                if let Some(v) = value {
                    self.expr(v)?;
                }
                self.annotation(annotation)?;
                self.target(target)?;
            }
            StmtKind::AsyncFor(_) | StmtKind::AsyncWith(_) if !self.in_async_function() => {
                let what = if matches!(s.kind, StmtKind::AsyncFor(_)) {
                    "'async for'"
                } else {
                    "'async with'"
                };
                return Err(self.error(format!("{what} outside async function"), s.range));
            }
            StmtKind::For(f) | StmtKind::AsyncFor(f) => {
                self.expr(&f.iter)?;
                self.target(&f.target)?;
                self.stmts(&f.body)?;
                self.stmts(&f.orelse)?;
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.expr(test)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::With(w) | StmtKind::AsyncWith(w) => {
                for item in &w.items {
                    self.expr(&item.context_expr)?;
                    if let Some(v) = &item.optional_vars {
                        self.target(v)?;
                    }
                }
                self.stmts(&w.body)?;
            }
            StmtKind::Match { subject, cases } => {
                self.expr(subject)?;
                for c in cases {
                    self.pattern(&c.pattern)?;
                    if let Some(g) = &c.guard {
                        self.expr(g)?;
                    }
                    self.stmts(&c.body)?;
                }
            }
            StmtKind::Raise { exc, cause } => {
                for e in exc.iter().chain(cause.iter()) {
                    self.expr(e)?;
                }
            }
            StmtKind::Try(t) | StmtKind::TryStar(t) => {
                self.stmts(&t.body)?;
                for h in &t.handlers {
                    if let Some(ty) = &h.type_ {
                        self.expr(ty)?;
                    }
                    if let Some(n) = &h.name {
                        self.def(n, h.range)?;
                    }
                    self.stmts(&h.body)?;
                }
                self.stmts(&t.orelse)?;
                self.stmts(&t.finalbody)?;
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                if let Some(m) = msg {
                    self.expr(m)?;
                }
            }
            StmtKind::Import { names } => {
                for a in names {
                    let bound = a
                        .asname
                        .clone()
                        .unwrap_or_else(|| a.name.split('.').next().unwrap_or("").to_string());
                    self.def(&bound, a.range)?;
                }
            }
            StmtKind::ImportFrom { names, module, .. } => {
                if module.as_deref() == Some("__future__") {
                    for a in names {
                        match a.name.as_str() {
                            "braces" => return Err(self.error("not a chance".into(), a.range)),
                            "nested_scopes" | "generators" | "division" | "absolute_import"
                            | "with_statement" | "print_function" | "unicode_literals"
                            | "barry_as_FLUFL" | "generator_stop" | "annotations" => {}
                            other => {
                                return Err(self.error(
                                    format!("future feature {other} is not defined"),
                                    a.range,
                                ));
                            }
                        }
                    }
                }
                for a in names {
                    if a.name == "*" {
                        if self.cur().kind != ScopeKind::Module {
                            return Err(
                                self.error("import * only allowed at module level".into(), s.range)
                            );
                        }
                        continue;
                    }
                    let bound = a.asname.clone().unwrap_or_else(|| a.name.clone());
                    self.def(&bound, a.range)?;
                }
            }
            StmtKind::Global { names } | StmtKind::Nonlocal { names } => {
                let is_global = matches!(s.kind, StmtKind::Global { .. });
                for n in names {
                    let flags = self.cur().flags.get(n).copied().unwrap_or(0);
                    let kw = if is_global { "global" } else { "nonlocal" };
                    if flags & DEF_PARAM != 0 {
                        return Err(
                            self.error(format!("name '{n}' is parameter and {kw}"), s.range)
                        );
                    }
                    if flags & DEF_LOCAL != 0 {
                        return Err(self.error(
                            format!("name '{n}' is assigned to before {kw} declaration"),
                            s.range,
                        ));
                    }
                    if flags & USE != 0 {
                        return Err(self.error(
                            format!("name '{n}' is used prior to {kw} declaration"),
                            s.range,
                        ));
                    }
                    if !is_global && self.cur().kind == ScopeKind::Module {
                        return Err(self.error(
                            "nonlocal declaration not allowed at module level".into(),
                            s.range,
                        ));
                    }
                    self.cur()
                        .add(n, if is_global { DEF_GLOBAL } else { DEF_NONLOCAL });
                    if is_global {
                        // As CPython's symtable_add_def, a global declaration anywhere
                        // also marks the module's symbol explicitly global.
                        self.stack[0].add(n, DEF_GLOBAL);
                    }
                    if !is_global {
                        self.cur().nonlocal_at.insert(n.clone(), s.range);
                    }
                }
            }
            StmtKind::Expr { value } => self.expr(value)?,
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
        }
        Ok(())
    }

    fn pattern(&mut self, p: &Pattern) -> SResult {
        match &p.kind {
            PatternKind::MatchValue { value } => self.expr(value),
            PatternKind::MatchSingleton { .. } => Ok(()),
            PatternKind::MatchSequence { patterns } | PatternKind::MatchOr { patterns } => {
                for q in patterns {
                    self.pattern(q)?;
                }
                Ok(())
            }
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => {
                for k in keys {
                    self.expr(k)?;
                }
                for q in patterns {
                    self.pattern(q)?;
                }
                if let Some(r) = rest {
                    self.def(r, p.range)?;
                }
                Ok(())
            }
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_patterns,
                ..
            } => {
                self.expr(cls)?;
                for q in patterns.iter().chain(kwd_patterns) {
                    self.pattern(q)?;
                }
                Ok(())
            }
            PatternKind::MatchStar { name } => {
                if let Some(n) = name {
                    self.def(n, p.range)?;
                }
                Ok(())
            }
            PatternKind::MatchAs { pattern, name } => {
                if let Some(q) = pattern {
                    self.pattern(q)?;
                }
                if let Some(n) = name {
                    self.def(n, p.range)?;
                }
                Ok(())
            }
        }
    }

    /// An assignment or deletion target.
    fn target(&mut self, t: &Expr) -> SResult {
        match &t.kind {
            ExprKind::Name { id, .. } => self.def(id, t.range),
            ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
                for e in elts {
                    self.target(e)?;
                }
                Ok(())
            }
            ExprKind::Starred { value, .. } => self.target(value),
            _ => self.expr(t),
        }
    }

    fn comprehension(
        &mut self,
        name: &str,
        key: Range,
        generators: &[Comprehension],
        elts: &[&Expr],
    ) -> SResult {
        let Some(first) = generators.first() else {
            return Ok(());
        };
        // The first iterator is evaluated in the enclosing scope.
        self.expr(&first.iter)?;
        self.push(ScopeKind::Function, name, key);
        self.cur().is_comprehension = true;
        self.cur().add(".0", DEF_PARAM);
        self.cur().params.push(".0".to_string());
        for (i, g) in generators.iter().enumerate() {
            if i > 0 {
                self.expr(&g.iter)?;
            }
            self.target(&g.target)?;
            for cond in &g.ifs {
                self.expr(cond)?;
            }
            if g.is_async {
                self.cur().is_coroutine = true;
            }
        }
        for e in elts {
            self.expr(e)?;
        }
        if name == "<genexpr>" {
            self.cur().is_generator = true;
        }
        let is_async = self.cur().is_coroutine && name != "<genexpr>";
        self.pop();
        // As CPython's symtable_handle_comprehension: an asynchronous list/set/dict
        // comprehension makes the comprehension around it asynchronous too.
        if is_async && self.cur().is_comprehension {
            self.cur().is_coroutine = true;
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> SResult {
        self.enter_node()?;
        let r = self.expr_inner(e);
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self, e: &Expr) -> SResult {
        match &e.kind {
            ExprKind::Name { id, ctx } => {
                if *ctx == ExprContext::Load {
                    self.use_name(id);
                    if id == "super" {
                        self.note_class_use();
                    }
                } else {
                    self.def(id, e.range)?;
                }
            }
            ExprKind::BoolOp { values, .. } => {
                for v in values {
                    self.expr(v)?;
                }
            }
            ExprKind::NamedExpr { target, value } => {
                self.check_not_annotation("named expression", e.range)?;
                self.expr(value)?;
                if let ExprKind::Name { id, .. } = &target.kind {
                    // In a comprehension, the target binds in the enclosing function.
                    let mut i = self.stack.len() - 1;
                    while i > 0 && (self.stack[i].is_comprehension || self.stack[i].is_annotation) {
                        i -= 1;
                    }
                    if i != self.stack.len() - 1 {
                        if self.stack[i].kind == ScopeKind::Class {
                            return Err(self.error(
                                "assignment expression within a comprehension cannot be used in a class body".into(),
                                e.range,
                            ));
                        }
                        let enclosing_global = self.stack[i].kind == ScopeKind::Module
                            || self.stack[i]
                                .flags
                                .get(id.as_str())
                                .is_some_and(|f| f & DEF_GLOBAL != 0);
                        self.stack[i].add(id, DEF_LOCAL);
                        let last = self.stack.len() - 1;
                        // The target lives in the enclosing function, or in the module.
                        self.stack[last].add(
                            id,
                            if enclosing_global {
                                DEF_GLOBAL
                            } else {
                                DEF_NONLOCAL
                            },
                        );
                    } else {
                        self.def(id, target.range)?;
                    }
                }
            }
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left)?;
                self.expr(right)?;
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand)?,
            ExprKind::Lambda { args, body } => {
                self.arguments_defaults(args)?;
                self.push(ScopeKind::Function, "<lambda>", e.range);
                self.params(args)?;
                self.expr(body)?;
                self.pop();
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test)?;
                self.expr(body)?;
                self.expr(orelse)?;
            }
            ExprKind::Dict { keys, values } => {
                for k in keys.iter().flatten() {
                    self.expr(k)?;
                }
                for v in values {
                    self.expr(v)?;
                }
            }
            ExprKind::Set { elts } | ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. } => {
                for x in elts {
                    self.expr(x)?;
                }
            }
            ExprKind::ListComp { elt, generators } => {
                self.comprehension("<listcomp>", e.range, generators, &[elt])?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension("<setcomp>", e.range, generators, &[elt])?
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension("<genexpr>", e.range, generators, &[elt])?
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension("<dictcomp>", e.range, generators, &[key, value])?,
            ExprKind::Await { value } => {
                self.check_not_annotation("await expression", e.range)?;
                let (kind, is_async) = {
                    let c = self.cur();
                    (c.kind, c.is_coroutine || c.is_comprehension)
                };
                match kind {
                    ScopeKind::Function if is_async => {}
                    ScopeKind::Function => {
                        return Err(self.error("'await' outside async function".into(), e.range))
                    }
                    _ => return Err(self.error("'await' outside function".into(), e.range)),
                }
                if self.cur().is_comprehension {
                    // An await makes the comprehension a coroutine (or an async
                    // generator expression), as CPython's symtable does.
                    self.cur().is_coroutine = true;
                }
                self.expr(value)?;
            }
            ExprKind::Yield { value } => {
                self.check_not_annotation("yield expression", e.range)?;
                if self.cur().kind != ScopeKind::Function {
                    return Err(self.error("'yield' outside function".into(), e.range));
                }
                self.cur().is_generator = true;
                if let Some(v) = value {
                    self.expr(v)?;
                }
            }
            ExprKind::YieldFrom { value } => {
                self.check_not_annotation("yield expression", e.range)?;
                if self.cur().kind != ScopeKind::Function {
                    return Err(self.error("'yield' outside function".into(), e.range));
                }
                if self.cur().is_coroutine && !self.cur().is_comprehension {
                    return Err(self.error("'yield from' inside async function".into(), e.range));
                }
                self.cur().is_generator = true;
                self.expr(value)?;
            }
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.expr(left)?;
                for c in comparators {
                    self.expr(c)?;
                }
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                for (i, k) in keywords.iter().enumerate() {
                    if let Some(name) = &k.arg {
                        if keywords[..i]
                            .iter()
                            .any(|p| p.arg.as_deref() == Some(name.as_str()))
                        {
                            return Err(
                                self.error(format!("keyword argument repeated: {name}"), k.range)
                            );
                        }
                    }
                }
                self.expr(func)?;
                for a in args {
                    self.expr(a)?;
                }
                for k in keywords {
                    self.expr(&k.value)?;
                }
            }
            ExprKind::FormattedValue {
                value, format_spec, ..
            } => {
                self.expr(value)?;
                if let Some(s) = format_spec {
                    self.expr(s)?;
                }
            }
            ExprKind::JoinedStr { values } => {
                for v in values {
                    self.expr(v)?;
                }
            }
            ExprKind::Constant { .. } => {}
            ExprKind::Attribute { value, .. } => self.expr(value)?,
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value)?;
                self.expr(slice)?;
            }
            ExprKind::Starred { value, .. } => self.expr(value)?,
            ExprKind::Slice { lower, upper, step } => {
                for x in [lower, upper, step].into_iter().flatten() {
                    self.expr(x)?;
                }
            }
        }
        Ok(())
    }

    /// `super` (or `__class__`) used in a function nested in a class: the function needs
    /// the implicit `__class__` free variable.
    fn note_class_use(&mut self) {
        if self.cur().kind == ScopeKind::Function && self.stack.len() >= 2 {
            self.cur().add("__class__", USE);
        }
    }
}

/// Resolve `scope` given the names bound by enclosing function scopes; returns the names
/// this scope (and its children) need from outside as free variables.
fn resolve(
    scope: &mut Scope,
    enclosing: &HashSet<String>,
    source: &str,
) -> Result<HashSet<String>, SyntaxError> {
    let mut free: HashSet<String> = HashSet::new();
    let names: Vec<(String, u8)> = scope
        .order
        .iter()
        .map(|n| (n.clone(), scope.flags[n]))
        .collect();
    for (name, flags) in &names {
        let resolved = if flags & DEF_GLOBAL != 0 {
            NameScope::GlobalExplicit
        } else if flags & DEF_NONLOCAL != 0 {
            if !enclosing.contains(name) {
                let r = scope.nonlocal_at.get(name).copied().unwrap_or_default();
                let col = |line: u32, col: u32| -> i32 {
                    let text = pyrs_parser::error::source_line(source, line).unwrap_or_default();
                    text.get(..col as usize)
                        .map_or(col as i32, |p| p.chars().count() as i32)
                };
                return Err(SyntaxError::new(
                    format!("no binding for nonlocal '{name}' found"),
                    r.lineno,
                    col(r.lineno, r.col_offset) + 1,
                    r.end_lineno,
                    col(r.end_lineno, r.end_col_offset) + 1,
                )
                .with_text(source));
            }
            free.insert(name.clone());
            NameScope::Free
        } else if flags & (DEF_LOCAL | DEF_PARAM) != 0 && scope.kind != ScopeKind::Module {
            NameScope::Local
        } else if scope.kind == ScopeKind::Module {
            NameScope::GlobalImplicit
        } else if enclosing.contains(name) {
            free.insert(name.clone());
            NameScope::Free
        } else {
            NameScope::GlobalImplicit
        };
        scope.scopes.insert(name.clone(), resolved);
    }
    // Names visible to nested functions: enclosing ones plus this function's locals.
    let mut child_enclosing = enclosing.clone();
    if scope.kind == ScopeKind::Function {
        for (name, s) in &scope.scopes {
            match s {
                NameScope::Local | NameScope::Free => {
                    child_enclosing.insert(name.clone());
                }
                // A `global` declaration hides the enclosing functions' binding
                // from nested functions too.
                NameScope::GlobalExplicit => {
                    child_enclosing.remove(name);
                }
                _ => {}
            }
        }
    }
    if scope.kind == ScopeKind::Class {
        child_enclosing.insert("__class__".to_string());
    }
    let mut children = std::mem::take(&mut scope.children);
    for child in &mut children {
        let needed = resolve(child, &child_enclosing, source)?;
        for name in needed {
            if scope.kind == ScopeKind::Class && name == "__class__" {
                scope.needs_class_cell = true;
                continue;
            }
            match scope.scopes.get(&name).copied() {
                Some(NameScope::Local) if scope.kind == ScopeKind::Function => {
                    scope.scopes.insert(name, NameScope::Cell);
                }
                Some(NameScope::Cell) | Some(NameScope::Free) => {}
                _ => {
                    if !scope.flags.contains_key(&name) {
                        scope.order.push(name.clone());
                        scope.flags.insert(name.clone(), 0);
                    }
                    if scope.kind != ScopeKind::Class
                        || !matches!(scope.scopes.get(&name), Some(NameScope::Local))
                    {
                        scope.scopes.insert(name.clone(), NameScope::Free);
                    } else if !scope.free_class.contains(&name) {
                        scope.free_class.push(name.clone());
                    }
                    free.insert(name);
                }
            }
        }
    }
    scope.children = children;
    Ok(free)
}

/// A SyntaxError at `range` of `source`, with columns counted in characters as CPython
/// reports them.
pub(crate) fn located_error(source: &str, msg: String, range: Range) -> SyntaxError {
    let text_col = |line: u32, col: u32| -> i32 {
        let text = pyrs_parser::error::source_line(source, line).unwrap_or_default();
        text.get(..col as usize)
            .map_or(col as i32, |p| p.chars().count() as i32)
    };
    SyntaxError::new(
        msg,
        range.lineno,
        text_col(range.lineno, range.col_offset) + 1,
        range.end_lineno,
        text_col(range.end_lineno, range.end_col_offset) + 1,
    )
    .with_text(source)
}
