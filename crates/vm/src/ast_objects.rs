//! The Python-visible AST: the node classes of `_ast` (`AST`, `expr`, `BinOp`, ...) and the
//! conversions between pyrs's own tree (`pyrs_parser::ast`) and trees of those objects,
//! for `compile(..., ast.PyCF_ONLY_AST)` and `compile(tree, ...)`.
//!
//! The classes are ordinary heap classes made with `type(name, bases, ns)` from the table
//! in `ast_classes.rs` (generated from CPython 3.11's own `_ast`), so that Lib's `ast.py`
//! can subclass and patch them. They are made once per VM, on first use, and kept in
//! `Vm::ast_state`; the `_ast` module (crates/stdlib) exposes them.

use std::rc::Rc;

use pyrs_parser::ast::*;

use crate::ast_classes::{ix, AST_CLASSES};
use crate::memory::ObjRef;
use crate::objects::dict;
use crate::objects::object::new_instance;
use crate::objects::typeobj::tdata;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

/// `ast.PyCF_ONLY_AST`: `compile` returns the tree instead of a code object.
pub const PYCF_ONLY_AST: i64 = 0x400;
/// `ast.PyCF_TYPE_COMMENTS`: keep `# type:` comments in the tree.
pub const PYCF_TYPE_COMMENTS: i64 = 0x1000;
/// `ast.PyCF_ALLOW_TOP_LEVEL_AWAIT`.
pub const PYCF_ALLOW_TOP_LEVEL_AWAIT: i64 = 0x2000;

/// The node classes of one VM, indexed as `AST_CLASSES`, and the shared instances of the
/// field-less operator and context classes (`Load()`, `Add()`, ...) the parser hands out.
pub struct AstState {
    pub classes: Vec<ObjRef>,
    singletons: Vec<Option<ObjRef>>,
}

impl AstState {
    /// The class at index `i` of `AST_CLASSES`.
    pub fn class(&self, i: usize) -> &ObjRef {
        &self.classes[i]
    }
}

/// The VM's AST classes, made on first use.
pub fn state(vm: &Vm) -> PyResult<Rc<AstState>> {
    if let Some(s) = vm.ast_state.borrow().as_ref() {
        return Ok(s.clone());
    }
    let s = Rc::new(make_classes(vm)?);
    *vm.ast_state.borrow_mut() = Some(s.clone());
    Ok(s)
}

fn str_tuple(vm: &Vm, names: impl Iterator<Item = &'static str>) -> Value {
    vm.new_tuple(names.map(|n| Value::Obj(vm.intern(n))).collect())
}

fn make_classes(vm: &Vm) -> PyResult<AstState> {
    let type_ = Value::Obj(vm.types.type_.clone());
    let module_name = vm.new_str("ast");
    let mut classes: Vec<ObjRef> = Vec::with_capacity(AST_CLASSES.len());
    for info in AST_CLASSES {
        let ns = vm.new_dict_obj();
        let set = |k: &str, v: Value| dict::set_str(&ns, &vm.intern(k), v);
        set("__module__", module_name.clone());
        let fields = str_tuple(vm, info.fields.iter().map(|f| f.0));
        set("_fields", fields.clone());
        set("__match_args__", fields);
        if let Some(attrs) = info.attributes {
            set("_attributes", str_tuple(vm, attrs.iter().copied()));
        }
        for n in info.none_attrs {
            set(n, Value::None);
        }
        set("__doc__", info.doc.map_or(Value::None, |d| vm.new_str(d)));
        let base = match info.base {
            Some(b) => classes[b].clone(),
            None => vm.types.object.clone(),
        };
        let args = [
            vm.new_str(info.name),
            vm.new_tuple(vec![Value::Obj(base)]),
            Value::Obj(ns.clone()),
        ];
        let cls = match vm.call(&type_, Args::new(&args))? {
            Value::Obj(c) if c.payload.as_type().is_some() => c,
            _ => return Err(vm.type_error("_ast: type() did not return a class")),
        };
        if info.base.is_none() {
            vm.add_method(&cls, "__init__", ast_init);
            vm.add_method(&cls, "__reduce__", ast_reduce);
        }
        classes.push(cls);
    }
    let singleton_bases = [
        ix::expr_context,
        ix::boolop,
        ix::operator,
        ix::unaryop,
        ix::cmpop,
    ];
    let singletons = AST_CLASSES
        .iter()
        .enumerate()
        .map(|(i, info)| {
            info.base
                .filter(|b| singleton_bases.contains(b))
                .map(|_| new_instance(vm, &classes[i]))
        })
        .collect();
    Ok(AstState {
        classes,
        singletons,
    })
}

/// `AST.__init__(self, *args, **kwargs)`: positional arguments fill `_fields` in order,
/// keywords set attributes of any name.
fn ast_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let Some(this) = args.args.first() else {
        return Err(vm.type_error("descriptor '__init__' of 'ast.AST' object needs an argument"));
    };
    let pos = &args.pos()[1..];
    let cls = Value::Obj(vm.type_of(this).clone());
    let fields = vm.get_attr_opt(&cls, &vm.intern("_fields"))?;
    let fields = match fields {
        Some(f) => vm.collect(&f)?,
        None => Vec::new(),
    };
    if pos.len() > fields.len() {
        let n = fields.len();
        return Err(vm.type_error(format!(
            "{} constructor takes at most {} positional argument{}",
            tdata(vm.type_of(this)).name(),
            n,
            if n == 1 { "" } else { "s" }
        )));
    }
    for (name, value) in fields.iter().zip(pos) {
        let name = attr_name(vm, name)?;
        vm.set_attr(this, &name, value.clone())?;
    }
    for (name, value) in args.kwargs() {
        let name = attr_name(vm, name)?;
        for f in &fields[..pos.len()] {
            if matches!(f, Value::Obj(o) if crate::objects::str::as_rust_str(o) == crate::objects::str::as_rust_str(&name))
            {
                return Err(vm.type_error(format!(
                    "{} got multiple values for argument '{}'",
                    tdata(vm.type_of(this)).name(),
                    crate::objects::str::as_rust_str(&name)
                )));
            }
        }
        vm.set_attr(this, &name, value.clone())?;
    }
    Ok(Value::None)
}

fn attr_name(vm: &Vm, name: &Value) -> PyResult<ObjRef> {
    match name {
        Value::Obj(o) if o.payload.as_str().is_some() => Ok(o.clone()),
        _ => Err(vm.type_error(format!(
            "attribute name must be string, not '{}'",
            vm.type_name(name)
        ))),
    }
}

/// `AST.__reduce__(self)`: `(type(self), (), self.__dict__)`.
fn ast_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let Some(this) = args.args.first() else {
        return Err(vm.type_error("descriptor '__reduce__' of 'ast.AST' object needs an argument"));
    };
    let cls = Value::Obj(vm.type_of(this).clone());
    let empty = vm.new_tuple(Vec::new());
    Ok(match vm.get_attr_opt(this, &vm.names.__dict__)? {
        Some(d) => vm.new_tuple(vec![cls, empty, d]),
        None => vm.new_tuple(vec![cls, empty]),
    })
}

// ----- pyrs AST to Python objects ----------------------------------------------------

/// The tree `module` as `ast` objects.
pub fn mod_to_object(vm: &Vm, module: &Mod) -> PyResult<Value> {
    let st = state(vm)?;
    let w = ToPy {
        vm,
        st: &st,
        depth: std::cell::Cell::new(vm.depth.get().saturating_mul(3)),
        limit: vm.recursion_limit.get().saturating_mul(3),
    };
    w.module(module)
}

struct ToPy<'a> {
    vm: &'a Vm,
    st: &'a AstState,
    depth: std::cell::Cell<u32>,
    limit: u32,
}

impl ToPy<'_> {
    /// A new node of class `ix` with `fields` (in `_fields` order) and, when given, the
    /// four location attributes.
    fn node(&self, ix: usize, fields: Vec<(&'static str, Value)>, range: Option<&Range>) -> Value {
        let vm = self.vm;
        let o = new_instance(vm, self.st.class(ix));
        if let Some(d) = o.dict() {
            for (k, v) in fields {
                dict::set_str(&d, &vm.intern(k), v);
            }
            if let Some(r) = range {
                dict::set_str(&d, &vm.names.lineno, Value::Int(i64::from(r.lineno)));
                dict::set_str(
                    &d,
                    &vm.intern("col_offset"),
                    Value::Int(i64::from(r.col_offset)),
                );
                dict::set_str(
                    &d,
                    &vm.intern("end_lineno"),
                    Value::Int(i64::from(r.end_lineno)),
                );
                dict::set_str(
                    &d,
                    &vm.intern("end_col_offset"),
                    Value::Int(i64::from(r.end_col_offset)),
                );
            }
        }
        Value::Obj(o)
    }

    fn singleton(&self, ix: usize) -> Value {
        match &self.st.singletons[ix] {
            Some(o) => Value::Obj(o.clone()),
            None => Value::None,
        }
    }

    fn s(&self, s: &str) -> Value {
        self.vm.new_str(s)
    }

    fn opt_s(&self, s: &Option<String>) -> Value {
        s.as_deref().map_or(Value::None, |s| self.s(s))
    }

    fn list<T>(&self, items: &[T], f: impl Fn(&Self, &T) -> PyResult<Value>) -> PyResult<Value> {
        let mut out = Vec::with_capacity(items.len());
        for i in items {
            out.push(f(self, i)?);
        }
        Ok(self.vm.new_list(out))
    }

    /// Count one level of node nesting, as CPython's ast2obj does (its limit is three
    /// times the recursion limit, counting the Python frames already active).
    fn enter(&self) -> PyResult<()> {
        let d = self.depth.get() + 1;
        if d > self.limit {
            return Err(self.vm.new_exception_msg(
                &self.vm.exc.recursion_error,
                "maximum recursion depth exceeded during ast construction",
            ));
        }
        self.depth.set(d);
        Ok(())
    }

    fn leave(&self, v: Value) -> PyResult<Value> {
        self.depth.set(self.depth.get() - 1);
        Ok(v)
    }

    fn stmts(&self, list: &[Stmt]) -> PyResult<Value> {
        self.list(list, Self::stmt)
    }

    fn exprs(&self, list: &[Expr]) -> PyResult<Value> {
        self.list(list, Self::expr)
    }

    fn opt_expr(&self, e: &Option<Box<Expr>>) -> PyResult<Value> {
        match e {
            Some(e) => self.expr(e),
            None => Ok(Value::None),
        }
    }

    fn names(&self, list: &[String]) -> PyResult<Value> {
        self.list(list, |w, n| Ok(w.s(n)))
    }

    fn module(&self, m: &Mod) -> PyResult<Value> {
        self.enter()?;
        let v = match m {
            Mod::Module { body, type_ignores } => {
                let ti = self.list(type_ignores, |w, t| {
                    w.enter()?;
                    let v = w.node(
                        ix::TypeIgnore,
                        vec![
                            ("lineno", Value::Int(i64::from(t.lineno))),
                            ("tag", w.s(&t.tag)),
                        ],
                        None,
                    );
                    w.leave(v)
                })?;
                self.node(
                    ix::Module,
                    vec![("body", self.stmts(body)?), ("type_ignores", ti)],
                    None,
                )
            }
            Mod::Interactive { body } => {
                self.node(ix::Interactive, vec![("body", self.stmts(body)?)], None)
            }
            Mod::Expression { body } => {
                self.node(ix::Expression, vec![("body", self.expr(body)?)], None)
            }
            Mod::FunctionType { argtypes, returns } => self.node(
                ix::FunctionType,
                vec![
                    ("argtypes", self.exprs(argtypes)?),
                    ("returns", self.expr(returns)?),
                ],
                None,
            ),
        };
        self.leave(v)
    }

    fn stmt(&self, s: &Stmt) -> PyResult<Value> {
        self.enter()?;
        let r = Some(&s.range);
        let v = match &s.kind {
            StmtKind::FunctionDef(d) | StmtKind::AsyncFunctionDef(d) => {
                let cls = if matches!(s.kind, StmtKind::FunctionDef(_)) {
                    ix::FunctionDef
                } else {
                    ix::AsyncFunctionDef
                };
                self.node(
                    cls,
                    vec![
                        ("name", self.s(&d.name)),
                        ("args", self.arguments(&d.args)?),
                        ("body", self.stmts(&d.body)?),
                        ("decorator_list", self.exprs(&d.decorator_list)?),
                        ("returns", self.opt_expr(&d.returns)?),
                        ("type_comment", self.opt_s(&d.type_comment)),
                    ],
                    r,
                )
            }
            StmtKind::ClassDef(c) => self.node(
                ix::ClassDef,
                vec![
                    ("name", self.s(&c.name)),
                    ("bases", self.exprs(&c.bases)?),
                    ("keywords", self.list(&c.keywords, Self::keyword)?),
                    ("body", self.stmts(&c.body)?),
                    ("decorator_list", self.exprs(&c.decorator_list)?),
                ],
                r,
            ),
            StmtKind::Return { value } => {
                self.node(ix::Return, vec![("value", self.opt_expr(value)?)], r)
            }
            StmtKind::Delete { targets } => {
                self.node(ix::Delete, vec![("targets", self.exprs(targets)?)], r)
            }
            StmtKind::Assign {
                targets,
                value,
                type_comment,
            } => self.node(
                ix::Assign,
                vec![
                    ("targets", self.exprs(targets)?),
                    ("value", self.expr(value)?),
                    ("type_comment", self.opt_s(type_comment)),
                ],
                r,
            ),
            StmtKind::AugAssign { target, op, value } => self.node(
                ix::AugAssign,
                vec![
                    ("target", self.expr(target)?),
                    ("op", self.singleton(operator_ix(*op))),
                    ("value", self.expr(value)?),
                ],
                r,
            ),
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => self.node(
                ix::AnnAssign,
                vec![
                    ("target", self.expr(target)?),
                    ("annotation", self.expr(annotation)?),
                    ("value", self.opt_expr(value)?),
                    ("simple", Value::Int(i64::from(*simple))),
                ],
                r,
            ),
            StmtKind::For(x) | StmtKind::AsyncFor(x) => self.node(
                if matches!(s.kind, StmtKind::For(_)) {
                    ix::For
                } else {
                    ix::AsyncFor
                },
                vec![
                    ("target", self.expr(&x.target)?),
                    ("iter", self.expr(&x.iter)?),
                    ("body", self.stmts(&x.body)?),
                    ("orelse", self.stmts(&x.orelse)?),
                    ("type_comment", self.opt_s(&x.type_comment)),
                ],
                r,
            ),
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => self
                .node(
                    if matches!(s.kind, StmtKind::While { .. }) {
                        ix::While
                    } else {
                        ix::If
                    },
                    vec![
                        ("test", self.expr(test)?),
                        ("body", self.stmts(body)?),
                        ("orelse", self.stmts(orelse)?),
                    ],
                    r,
                ),
            StmtKind::With(w) | StmtKind::AsyncWith(w) => {
                let items = self.list(&w.items, |t, item| {
                    t.enter()?;
                    let v = t.node(
                        ix::withitem,
                        vec![
                            ("context_expr", t.expr(&item.context_expr)?),
                            ("optional_vars", t.opt_expr(&item.optional_vars)?),
                        ],
                        None,
                    );
                    t.leave(v)
                })?;
                self.node(
                    if matches!(s.kind, StmtKind::With(_)) {
                        ix::With
                    } else {
                        ix::AsyncWith
                    },
                    vec![
                        ("items", items),
                        ("body", self.stmts(&w.body)?),
                        ("type_comment", self.opt_s(&w.type_comment)),
                    ],
                    r,
                )
            }
            StmtKind::Match { subject, cases } => {
                let cases = self.list(cases, |t, c| {
                    t.enter()?;
                    let v = t.node(
                        ix::match_case,
                        vec![
                            ("pattern", t.pattern(&c.pattern)?),
                            ("guard", t.opt_expr(&c.guard)?),
                            ("body", t.stmts(&c.body)?),
                        ],
                        None,
                    );
                    t.leave(v)
                })?;
                self.node(
                    ix::Match,
                    vec![("subject", self.expr(subject)?), ("cases", cases)],
                    r,
                )
            }
            StmtKind::Raise { exc, cause } => self.node(
                ix::Raise,
                vec![
                    ("exc", self.opt_expr(exc)?),
                    ("cause", self.opt_expr(cause)?),
                ],
                r,
            ),
            StmtKind::Try(t) | StmtKind::TryStar(t) => {
                let handlers = self.list(&t.handlers, |w, h| {
                    w.enter()?;
                    let v = w.node(
                        ix::ExceptHandler,
                        vec![
                            ("type", w.opt_expr(&h.type_)?),
                            ("name", w.opt_s(&h.name)),
                            ("body", w.stmts(&h.body)?),
                        ],
                        Some(&h.range),
                    );
                    w.leave(v)
                })?;
                self.node(
                    if matches!(s.kind, StmtKind::Try(_)) {
                        ix::Try
                    } else {
                        ix::TryStar
                    },
                    vec![
                        ("body", self.stmts(&t.body)?),
                        ("handlers", handlers),
                        ("orelse", self.stmts(&t.orelse)?),
                        ("finalbody", self.stmts(&t.finalbody)?),
                    ],
                    r,
                )
            }
            StmtKind::Assert { test, msg } => self.node(
                ix::Assert,
                vec![("test", self.expr(test)?), ("msg", self.opt_expr(msg)?)],
                r,
            ),
            StmtKind::Import { names } => self.node(
                ix::Import,
                vec![("names", self.list(names, Self::alias)?)],
                r,
            ),
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => self.node(
                ix::ImportFrom,
                vec![
                    ("module", self.opt_s(module)),
                    ("names", self.list(names, Self::alias)?),
                    ("level", Value::Int(i64::from(*level))),
                ],
                r,
            ),
            StmtKind::Global { names } => {
                self.node(ix::Global, vec![("names", self.names(names)?)], r)
            }
            StmtKind::Nonlocal { names } => {
                self.node(ix::Nonlocal, vec![("names", self.names(names)?)], r)
            }
            StmtKind::Expr { value } => self.node(ix::Expr, vec![("value", self.expr(value)?)], r),
            StmtKind::Pass => self.node(ix::Pass, vec![], r),
            StmtKind::Break => self.node(ix::Break, vec![], r),
            StmtKind::Continue => self.node(ix::Continue, vec![], r),
        };
        self.leave(v)
    }

    fn alias(&self, a: &Alias) -> PyResult<Value> {
        self.enter()?;
        let v = self.node(
            ix::alias,
            vec![("name", self.s(&a.name)), ("asname", self.opt_s(&a.asname))],
            Some(&a.range),
        );
        self.leave(v)
    }

    fn keyword(&self, k: &Keyword) -> PyResult<Value> {
        self.enter()?;
        let v = self.node(
            ix::keyword,
            vec![("arg", self.opt_s(&k.arg)), ("value", self.expr(&k.value)?)],
            Some(&k.range),
        );
        self.leave(v)
    }

    fn arg(&self, a: &Arg) -> PyResult<Value> {
        self.enter()?;
        let v = self.node(
            ix::arg,
            vec![
                ("arg", self.s(&a.arg)),
                ("annotation", self.opt_expr(&a.annotation)?),
                ("type_comment", self.opt_s(&a.type_comment)),
            ],
            Some(&a.range),
        );
        self.leave(v)
    }

    fn arguments(&self, a: &Arguments) -> PyResult<Value> {
        self.enter()?;
        let opt_arg = |a: &Option<Box<Arg>>| match a {
            Some(a) => self.arg(a),
            None => Ok(Value::None),
        };
        let v = self.node(
            ix::arguments,
            vec![
                ("posonlyargs", self.list(&a.posonlyargs, Self::arg)?),
                ("args", self.list(&a.args, Self::arg)?),
                ("vararg", opt_arg(&a.vararg)?),
                ("kwonlyargs", self.list(&a.kwonlyargs, Self::arg)?),
                (
                    "kw_defaults",
                    self.list(&a.kw_defaults, |w, e| {
                        e.as_ref().map_or(Ok(Value::None), |e| w.expr(e))
                    })?,
                ),
                ("kwarg", opt_arg(&a.kwarg)?),
                ("defaults", self.exprs(&a.defaults)?),
            ],
            None,
        );
        self.leave(v)
    }

    fn comprehensions(&self, list: &[Comprehension]) -> PyResult<Value> {
        self.list(list, |w, c| {
            w.enter()?;
            let v = w.node(
                ix::comprehension,
                vec![
                    ("target", w.expr(&c.target)?),
                    ("iter", w.expr(&c.iter)?),
                    ("ifs", w.exprs(&c.ifs)?),
                    ("is_async", Value::Int(i64::from(c.is_async))),
                ],
                None,
            );
            w.leave(v)
        })
    }

    fn ctx(&self, c: ExprContext) -> Value {
        self.singleton(match c {
            ExprContext::Load => ix::Load,
            ExprContext::Store => ix::Store,
            ExprContext::Del => ix::Del,
        })
    }

    fn constant(&self, c: &Constant) -> Value {
        crate::eval::const_to_value(self.vm, c)
    }

    fn expr(&self, e: &Expr) -> PyResult<Value> {
        self.enter()?;
        let r = Some(&e.range);
        let v = match &e.kind {
            ExprKind::BoolOp { op, values } => self.node(
                ix::BoolOp,
                vec![
                    (
                        "op",
                        self.singleton(match op {
                            BoolOp::And => ix::And,
                            BoolOp::Or => ix::Or,
                        }),
                    ),
                    ("values", self.exprs(values)?),
                ],
                r,
            ),
            ExprKind::NamedExpr { target, value } => self.node(
                ix::NamedExpr,
                vec![("target", self.expr(target)?), ("value", self.expr(value)?)],
                r,
            ),
            ExprKind::BinOp { left, op, right } => self.node(
                ix::BinOp,
                vec![
                    ("left", self.expr(left)?),
                    ("op", self.singleton(operator_ix(*op))),
                    ("right", self.expr(right)?),
                ],
                r,
            ),
            ExprKind::UnaryOp { op, operand } => self.node(
                ix::UnaryOp,
                vec![
                    (
                        "op",
                        self.singleton(match op {
                            UnaryOp::Invert => ix::Invert,
                            UnaryOp::Not => ix::Not,
                            UnaryOp::UAdd => ix::UAdd,
                            UnaryOp::USub => ix::USub,
                        }),
                    ),
                    ("operand", self.expr(operand)?),
                ],
                r,
            ),
            ExprKind::Lambda { args, body } => self.node(
                ix::Lambda,
                vec![("args", self.arguments(args)?), ("body", self.expr(body)?)],
                r,
            ),
            ExprKind::IfExp { test, body, orelse } => self.node(
                ix::IfExp,
                vec![
                    ("test", self.expr(test)?),
                    ("body", self.expr(body)?),
                    ("orelse", self.expr(orelse)?),
                ],
                r,
            ),
            ExprKind::Dict { keys, values } => self.node(
                ix::Dict,
                vec![
                    (
                        "keys",
                        self.list(keys, |w, k| {
                            k.as_ref().map_or(Ok(Value::None), |k| w.expr(k))
                        })?,
                    ),
                    ("values", self.exprs(values)?),
                ],
                r,
            ),
            ExprKind::Set { elts } => self.node(ix::Set, vec![("elts", self.exprs(elts)?)], r),
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => self.node(
                match e.kind {
                    ExprKind::ListComp { .. } => ix::ListComp,
                    ExprKind::SetComp { .. } => ix::SetComp,
                    _ => ix::GeneratorExp,
                },
                vec![
                    ("elt", self.expr(elt)?),
                    ("generators", self.comprehensions(generators)?),
                ],
                r,
            ),
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.node(
                ix::DictComp,
                vec![
                    ("key", self.expr(key)?),
                    ("value", self.expr(value)?),
                    ("generators", self.comprehensions(generators)?),
                ],
                r,
            ),
            ExprKind::Await { value } => {
                self.node(ix::Await, vec![("value", self.expr(value)?)], r)
            }
            ExprKind::Yield { value } => {
                self.node(ix::Yield, vec![("value", self.opt_expr(value)?)], r)
            }
            ExprKind::YieldFrom { value } => {
                self.node(ix::YieldFrom, vec![("value", self.expr(value)?)], r)
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => self.node(
                ix::Compare,
                vec![
                    ("left", self.expr(left)?),
                    (
                        "ops",
                        self.list(ops, |w, op| Ok(w.singleton(cmpop_ix(*op))))?,
                    ),
                    ("comparators", self.exprs(comparators)?),
                ],
                r,
            ),
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.node(
                ix::Call,
                vec![
                    ("func", self.expr(func)?),
                    ("args", self.exprs(args)?),
                    ("keywords", self.list(keywords, Self::keyword)?),
                ],
                r,
            ),
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => self.node(
                ix::FormattedValue,
                vec![
                    ("value", self.expr(value)?),
                    ("conversion", Value::Int(i64::from(*conversion))),
                    ("format_spec", self.opt_expr(format_spec)?),
                ],
                r,
            ),
            ExprKind::JoinedStr { values } => {
                self.node(ix::JoinedStr, vec![("values", self.exprs(values)?)], r)
            }
            ExprKind::Constant { value, kind } => self.node(
                ix::Constant,
                vec![("value", self.constant(value)), ("kind", self.opt_s(kind))],
                r,
            ),
            ExprKind::Attribute { value, attr, ctx } => self.node(
                ix::Attribute,
                vec![
                    ("value", self.expr(value)?),
                    ("attr", self.s(attr)),
                    ("ctx", self.ctx(*ctx)),
                ],
                r,
            ),
            ExprKind::Subscript { value, slice, ctx } => self.node(
                ix::Subscript,
                vec![
                    ("value", self.expr(value)?),
                    ("slice", self.expr(slice)?),
                    ("ctx", self.ctx(*ctx)),
                ],
                r,
            ),
            ExprKind::Starred { value, ctx } => self.node(
                ix::Starred,
                vec![("value", self.expr(value)?), ("ctx", self.ctx(*ctx))],
                r,
            ),
            ExprKind::Name { id, ctx } => self.node(
                ix::Name,
                vec![("id", self.s(id)), ("ctx", self.ctx(*ctx))],
                r,
            ),
            ExprKind::List { elts, ctx } | ExprKind::Tuple { elts, ctx } => self.node(
                if matches!(e.kind, ExprKind::List { .. }) {
                    ix::List
                } else {
                    ix::Tuple
                },
                vec![("elts", self.exprs(elts)?), ("ctx", self.ctx(*ctx))],
                r,
            ),
            ExprKind::Slice { lower, upper, step } => self.node(
                ix::Slice,
                vec![
                    ("lower", self.opt_expr(lower)?),
                    ("upper", self.opt_expr(upper)?),
                    ("step", self.opt_expr(step)?),
                ],
                r,
            ),
        };
        self.leave(v)
    }

    fn patterns(&self, list: &[Pattern]) -> PyResult<Value> {
        self.list(list, Self::pattern)
    }

    fn pattern(&self, p: &Pattern) -> PyResult<Value> {
        self.enter()?;
        let r = Some(&p.range);
        let v = match &p.kind {
            PatternKind::MatchValue { value } => {
                self.node(ix::MatchValue, vec![("value", self.expr(value)?)], r)
            }
            PatternKind::MatchSingleton { value } => {
                self.node(ix::MatchSingleton, vec![("value", self.constant(value))], r)
            }
            PatternKind::MatchSequence { patterns } => self.node(
                ix::MatchSequence,
                vec![("patterns", self.patterns(patterns)?)],
                r,
            ),
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => self.node(
                ix::MatchMapping,
                vec![
                    ("keys", self.exprs(keys)?),
                    ("patterns", self.patterns(patterns)?),
                    ("rest", self.opt_s(rest)),
                ],
                r,
            ),
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_attrs,
                kwd_patterns,
            } => self.node(
                ix::MatchClass,
                vec![
                    ("cls", self.expr(cls)?),
                    ("patterns", self.patterns(patterns)?),
                    ("kwd_attrs", self.names(kwd_attrs)?),
                    ("kwd_patterns", self.patterns(kwd_patterns)?),
                ],
                r,
            ),
            PatternKind::MatchStar { name } => {
                self.node(ix::MatchStar, vec![("name", self.opt_s(name))], r)
            }
            PatternKind::MatchAs { pattern, name } => self.node(
                ix::MatchAs,
                vec![
                    (
                        "pattern",
                        match pattern {
                            Some(p) => self.pattern(p)?,
                            None => Value::None,
                        },
                    ),
                    ("name", self.opt_s(name)),
                ],
                r,
            ),
            PatternKind::MatchOr { patterns } => {
                self.node(ix::MatchOr, vec![("patterns", self.patterns(patterns)?)], r)
            }
        };
        self.leave(v)
    }
}

fn operator_ix(op: Operator) -> usize {
    match op {
        Operator::Add => ix::Add,
        Operator::Sub => ix::Sub,
        Operator::Mult => ix::Mult,
        Operator::MatMult => ix::MatMult,
        Operator::Div => ix::Div,
        Operator::Mod => ix::Mod,
        Operator::Pow => ix::Pow,
        Operator::LShift => ix::LShift,
        Operator::RShift => ix::RShift,
        Operator::BitOr => ix::BitOr,
        Operator::BitXor => ix::BitXor,
        Operator::BitAnd => ix::BitAnd,
        Operator::FloorDiv => ix::FloorDiv,
    }
}

fn cmpop_ix(op: CmpOp) -> usize {
    match op {
        CmpOp::Eq => ix::Eq,
        CmpOp::NotEq => ix::NotEq,
        CmpOp::Lt => ix::Lt,
        CmpOp::LtE => ix::LtE,
        CmpOp::Gt => ix::Gt,
        CmpOp::GtE => ix::GtE,
        CmpOp::Is => ix::Is,
        CmpOp::IsNot => ix::IsNot,
        CmpOp::In => ix::In,
        CmpOp::NotIn => ix::NotIn,
    }
}

// ----- compile() ---------------------------------------------------------------------

/// `compile()` flag bits CPython accepts (`PyCF_MASK | PyCF_MASK_OBSOLETE |
/// PyCF_COMPILE_MASK`).
const CO_NESTED: i64 = 0x10;
const PYCF_DONT_IMPLY_DEDENT: i64 = 0x200;
const PYCF_ALLOW_INCOMPLETE_INPUT: i64 = 0x4000;
const CO_FUTURE_BARRY_AS_BDFL: i64 = 0x40_0000;
const CO_FUTURE_ANNOTATIONS: i64 = 0x100_0000;
/// The `__future__` flags that change nothing in 3.11 (division, absolute_import,
/// with_statement, print_function, unicode_literals, generator_stop).
const NOOP_FUTURES: i64 = 0x2_0000 | 0x4_0000 | 0x8_0000 | 0x10_0000 | 0x20_0000 | 0x80_0000;
const ALLOWED_FLAGS: i64 = NOOP_FUTURES
    | CO_FUTURE_BARRY_AS_BDFL
    | CO_FUTURE_ANNOTATIONS
    | CO_NESTED
    | PYCF_ONLY_AST
    | PYCF_ALLOW_TOP_LEVEL_AWAIT
    | PYCF_TYPE_COMMENTS
    | PYCF_DONT_IMPLY_DEDENT
    | PYCF_ALLOW_INCOMPLETE_INPUT;

/// The start rule of a compilation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CompileMode {
    Exec,
    Eval,
    Single,
    FuncType,
}

/// `compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1, *,
/// _feature_version=-1)`: source text or an AST object to a code object, or with
/// `ast.PyCF_ONLY_AST` source text to an AST object.
pub fn builtin_compile(vm: &Vm, args: Args) -> PyResult<Value> {
    const NAMES: [&str; 7] = [
        "source",
        "filename",
        "mode",
        "flags",
        "dont_inherit",
        "optimize",
        "_feature_version",
    ];
    let pos = args.pos();
    if pos.len() > 6 {
        return Err(vm.type_error(format!(
            "compile() takes at most 6 arguments ({} given)",
            pos.len()
        )));
    }
    let mut a: [Option<Value>; 7] = Default::default();
    for (slot, v) in a.iter_mut().zip(pos) {
        *slot = Some(v.clone());
    }
    for (k, v) in args.kwargs() {
        let name = vm.str_string(k)?;
        let Some(i) = NAMES.iter().position(|n| *n == name) else {
            return Err(vm.type_error(format!(
                "'{name}' is an invalid keyword argument for compile()"
            )));
        };
        if i < pos.len() {
            return Err(vm.type_error(format!(
                "argument for compile() given by name ('{name}') and position ({})",
                i + 1
            )));
        }
        a[i] = Some(v.clone());
    }
    for (i, name) in NAMES.iter().enumerate().take(3) {
        if a[i].is_none() {
            return Err(vm.type_error(format!(
                "compile() missing required argument '{name}' (pos {})",
                i + 1
            )));
        }
    }
    let int_arg = |i: usize, default: i64| -> PyResult<i64> {
        match &a[i] {
            None => Ok(default),
            Some(Value::Int(n)) => Ok(*n),
            Some(Value::Bool(b)) => Ok(i64::from(*b)),
            Some(v) if crate::objects::int::as_bigint(v).is_some() => {
                Err(vm.overflow_error("Python int too large to convert to C int"))
            }
            Some(v) => Err(vm.type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(v)
            ))),
        }
    };
    let source = a[0].clone().unwrap_or(Value::None);
    let filename = match a[1].clone().unwrap_or(Value::None) {
        Value::Obj(o) if o.payload.as_str().is_some() => crate::objects::str::as_rust_str(&o),
        Value::Obj(o) if matches!(o.payload, crate::object::Payload::Bytes(_)) => {
            match &o.payload {
                crate::object::Payload::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
                _ => String::new(),
            }
        }
        v => {
            return Err(vm.type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                vm.type_name(&v)
            )))
        }
    };
    let mode_value = a[2].clone().unwrap_or(Value::None);
    let mode = match &mode_value {
        Value::Obj(o) if o.payload.as_str().is_some() => crate::objects::str::as_rust_str(o),
        v => {
            return Err(vm.type_error(format!(
                "compile() argument 'mode' must be str, not {}",
                vm.type_name(v)
            )))
        }
    };
    let flags = int_arg(3, 0)?;
    let _dont_inherit = int_arg(4, 0)?;
    let optimize = int_arg(5, -1)?;
    let _feature_version = int_arg(6, -1)?;
    if flags & !ALLOWED_FLAGS != 0 {
        return Err(vm.value_error("compile(): unrecognised flags"));
    }
    if !(-1..=2).contains(&optimize) {
        return Err(vm.value_error("compile(): invalid optimize value"));
    }
    let only_ast = flags & PYCF_ONLY_AST != 0;
    let mode = match mode.as_str() {
        "exec" => CompileMode::Exec,
        "eval" => CompileMode::Eval,
        "single" => CompileMode::Single,
        "func_type" if only_ast => CompileMode::FuncType,
        "func_type" => {
            return Err(vm.value_error("compile() mode 'func_type' requires flag PyCF_ONLY_AST"))
        }
        _ if only_ast => {
            return Err(
                vm.value_error("compile() mode must be 'exec', 'eval', 'single' or 'func_type'")
            )
        }
        _ => return Err(vm.value_error("compile() mode must be 'exec', 'eval' or 'single'")),
    };
    let optimize = if optimize < 0 {
        vm.config.optimize
    } else {
        optimize as u8
    };
    let st = state(vm)?;
    pyrs_parser::warnings::clear();
    if vm.isinstance(&source, st.class(ix::AST)) {
        if only_ast {
            return Ok(source);
        }
        let module = obj_to_mod(vm, &st, &source, mode)?;
        let r = compile_tree(vm, &module, "", &filename, mode, optimize, flags);
        crate::builtins::emit_compile_warnings(vm, &filename)?;
        return r;
    }
    let text = match &source {
        Value::Obj(o) if o.payload.as_str().is_some() => crate::objects::str::as_rust_str(o),
        Value::Obj(o) => match &o.payload {
            crate::object::Payload::Bytes(b) => decode_source(vm, b, &filename)?,
            crate::object::Payload::ByteArray(b) => {
                let b = b.borrow().clone();
                decode_source(vm, &b, &filename)?
            }
            _ => return Err(vm.type_error("compile() arg 1 must be a string, bytes or AST object")),
        },
        _ => return Err(vm.type_error("compile() arg 1 must be a string, bytes or AST object")),
    };
    if text.contains('\0') {
        let msg = "source code string cannot contain null bytes";
        let e = vm.new_exception_msg(&vm.exc.syntax_error, msg);
        vm.set_exc_attr(&e, &vm.names.msg, vm.new_str(msg));
        return Err(e);
    }
    if flags & CO_FUTURE_BARRY_AS_BDFL != 0 {
        return Err(vm.not_implemented_error(
            "pyrs: compile() flag CO_FUTURE_BARRY_AS_BDFL is not supported",
        ));
    }
    if only_ast && flags & PYCF_TYPE_COMMENTS != 0 {
        return Err(vm.not_implemented_error(
            "pyrs: type comments (ast.PyCF_TYPE_COMMENTS, ast.parse(type_comments=True)) are not supported yet",
        ));
    }
    let parsed = match mode {
        CompileMode::Exec => pyrs_parser::parse_module(&text, &filename),
        CompileMode::Eval => pyrs_parser::parse_expression(&text, &filename),
        CompileMode::Single if flags & PYCF_ALLOW_INCOMPLETE_INPUT != 0 => {
            match pyrs_parser::parse_interactive_partial(&text) {
                pyrs_parser::InteractiveInput::Complete(m) => Ok(m),
                pyrs_parser::InteractiveInput::Error(e) => Err(e),
                pyrs_parser::InteractiveInput::Open | pyrs_parser::InteractiveInput::Incomplete => {
                    let lines = text.lines().count().max(1) as u32;
                    let last = text.lines().last().unwrap_or("");
                    let col = last.chars().count() as i32 + 1;
                    Err(
                        pyrs_parser::SyntaxError::new("incomplete input", lines, col, lines, col)
                            .with_text(&text),
                    )
                }
            }
        }
        CompileMode::Single => pyrs_parser::parse_interactive(&text, &filename),
        CompileMode::FuncType => {
            return Err(
                vm.not_implemented_error("pyrs: compile() mode 'func_type' is not supported yet")
            )
        }
    };
    // Warnings met while parsing and compiling go through the warnings module (an error
    // filter makes them a SyntaxError), before a syntax error is raised.
    let module = match parsed {
        Ok(m) => m,
        Err(e) => {
            crate::builtins::emit_compile_warnings(vm, &filename)?;
            return Err(crate::interpreter::syntax_error_object(vm, &e, &filename));
        }
    };
    if only_ast {
        crate::builtins::emit_compile_warnings(vm, &filename)?;
        return mod_to_object(vm, &module);
    }
    let r = compile_tree(vm, &module, &text, &filename, mode, optimize, flags);
    crate::builtins::emit_compile_warnings(vm, &filename)?;
    r
}

fn decode_source(vm: &Vm, bytes: &[u8], filename: &str) -> PyResult<String> {
    pyrs_parser::source::decode(bytes)
        .map_err(|e| crate::interpreter::syntax_error_object(vm, &e.to_syntax_error(), filename))
}

fn compile_tree(
    vm: &Vm,
    module: &Mod,
    text: &str,
    filename: &str,
    mode: CompileMode,
    optimize: u8,
    flags: i64,
) -> PyResult<Value> {
    let features = pyrs_compiler::Features {
        annotations: flags & CO_FUTURE_ANNOTATIONS != 0,
    };
    let mode = match mode {
        CompileMode::Eval => pyrs_compiler::Mode::Eval,
        CompileMode::Single => pyrs_compiler::Mode::Single,
        _ => pyrs_compiler::Mode::Exec,
    };
    match pyrs_compiler::compile_with_features(module, text, filename, mode, optimize, features) {
        Ok(code) => Ok(Value::Obj(crate::eval::new_code_object(vm, code))),
        Err(err) => Err(crate::interpreter::syntax_error_object(vm, &err, filename)),
    }
}

// ----- Python objects to pyrs AST ----------------------------------------------------

/// The tree of `ast` objects `obj` as pyrs's AST, checked as CPython's `PyAST_obj2mod`
/// and `_PyAST_Validate` check it.
fn obj_to_mod(vm: &Vm, st: &AstState, obj: &Value, mode: CompileMode) -> PyResult<Mod> {
    let (want, name) = match mode {
        CompileMode::Exec => (ix::Module, "Module"),
        CompileMode::Eval => (ix::Expression, "Expression"),
        CompileMode::Single => (ix::Interactive, "Interactive"),
        CompileMode::FuncType => (ix::FunctionType, "FunctionType"),
    };
    if !vm.isinstance(obj, st.class(want)) {
        return Err(vm.type_error(format!(
            "expected {name} node, got {}",
            tdata(vm.type_of(obj)).name()
        )));
    }
    let r = FromPy { vm, st };
    let m = r.module(obj)?;
    crate::ast_validate::validate_mod(&m).map_err(|e| match e {
        crate::ast_validate::Invalid::Value(msg) => vm.value_error(msg),
        crate::ast_validate::Invalid::Type(msg) => vm.type_error(msg),
    })?;
    Ok(m)
}

struct FromPy<'a> {
    vm: &'a Vm,
    st: &'a AstState,
}

/// "field 'x' is required for Node" when a required field is None.
fn need<T>(vm: &Vm, v: Option<T>, field: &str, node: &str) -> PyResult<T> {
    v.ok_or_else(|| vm.value_error(format!("field '{field}' is required for {node}")))
}

impl FromPy<'_> {
    fn attr(&self, obj: &Value, name: &str) -> PyResult<Option<Value>> {
        self.vm.get_attr_opt(obj, &self.vm.intern(name))
    }

    /// A field that must be present (its value may still be None).
    fn req(&self, obj: &Value, name: &str, owner: &str) -> PyResult<Value> {
        match self.attr(obj, name)? {
            Some(v) => Ok(v),
            None => Err(self
                .vm
                .type_error(format!("required field \"{name}\" missing from {owner}"))),
        }
    }

    /// A field that may be absent or None.
    fn opt(&self, obj: &Value, name: &str) -> PyResult<Option<Value>> {
        Ok(self.attr(obj, name)?.filter(|v| !v.is_none()))
    }

    /// Convert one child value, counting the nesting as Python recursion.
    fn nested<T>(
        &self,
        owner: &str,
        v: &Value,
        f: impl FnOnce(&Self, &Value) -> PyResult<T>,
    ) -> PyResult<T> {
        self.vm
            .enter_recursion(&format!(" while traversing '{owner}' node"))?;
        let r = f(self, v);
        self.vm.leave_recursion();
        r
    }

    /// The index in `AST_CLASSES` of the class of `obj` among `lo..=hi`: the first class
    /// of its MRO in that range.
    fn kind(&self, obj: &Value, lo: usize, hi: usize) -> Option<usize> {
        let mro = tdata(self.vm.type_of(obj)).mro.borrow();
        for c in mro.iter() {
            for i in lo..=hi {
                if self.st.class(i).is(c) {
                    return Some(i);
                }
            }
        }
        None
    }

    fn expected(&self, what: &str, obj: &Value) -> ObjRef {
        match self.vm.repr_string(obj) {
            Ok(r) => self
                .vm
                .type_error(format!("expected some sort of {what}, but got {r}")),
            Err(e) => e,
        }
    }

    fn int(&self, v: &Value) -> PyResult<i64> {
        let vm = self.vm;
        let n = match v {
            Value::Int(n) => *n,
            Value::Bool(b) => i64::from(*b),
            _ => match crate::objects::int::as_bigint(v) {
                Some(b) => {
                    return match i64::try_from(&b) {
                        Ok(n) => Ok(n),
                        Err(_) => {
                            Err(vm.overflow_error("Python int too large to convert to C int"))
                        }
                    }
                }
                None => {
                    return Err(
                        vm.value_error(format!("invalid integer value: {}", vm.repr_string(v)?))
                    )
                }
            },
        };
        if i32::try_from(n).is_err() {
            return Err(vm.overflow_error("Python int too large to convert to C int"));
        }
        Ok(n)
    }

    fn int_field(&self, obj: &Value, name: &str, owner: &str) -> PyResult<i64> {
        let v = self.req(obj, name, owner)?;
        self.nested(owner, &v, |s, v| s.int(v))
    }

    /// An `identifier` value: a str, or None (left for the caller to judge).
    fn ident(&self, v: &Value) -> PyResult<Option<String>> {
        match v {
            Value::None => Ok(None),
            Value::Obj(o) if o.class().is(&self.vm.types.str_) => {
                Ok(Some(crate::objects::str::as_rust_str(o)))
            }
            _ => Err(self.vm.type_error("AST identifier must be of type str")),
        }
    }

    fn ident_field(&self, obj: &Value, name: &str, owner: &str) -> PyResult<Option<String>> {
        let v = self.req(obj, name, owner)?;
        self.nested(owner, &v, |s, v| s.ident(v))
    }

    fn opt_ident_field(&self, obj: &Value, name: &str, owner: &str) -> PyResult<Option<String>> {
        match self.opt(obj, name)? {
            Some(v) => self.nested(owner, &v, |s, v| s.ident(v)),
            None => Ok(None),
        }
    }

    /// A `string` value (type comments, `Constant.kind`).
    fn string(&self, v: &Value) -> PyResult<String> {
        match v {
            Value::Obj(o) if o.class().is(&self.vm.types.str_) => {
                Ok(crate::objects::str::as_rust_str(o))
            }
            Value::Obj(o) if o.class().is(&self.vm.types.bytes) => match &o.payload {
                crate::object::Payload::Bytes(b) => Ok(String::from_utf8_lossy(b).into_owned()),
                _ => Ok(String::new()),
            },
            _ => Err(self.vm.type_error("AST string must be of type str")),
        }
    }

    fn opt_string_field(&self, obj: &Value, name: &str, owner: &str) -> PyResult<Option<String>> {
        match self.opt(obj, name)? {
            Some(v) => self.nested(owner, &v, |s, v| s.string(v)).map(Some),
            None => Ok(None),
        }
    }

    /// A list field: each item converted by `f`.
    fn list<T>(
        &self,
        obj: &Value,
        name: &str,
        owner: &str,
        f: impl Fn(&Self, &Value) -> PyResult<T>,
    ) -> PyResult<Vec<T>> {
        let v = self.req(obj, name, owner)?;
        let Some(list) = v.as_obj().and_then(|o| o.payload.as_list()) else {
            return Err(self.vm.type_error(format!(
                "{owner} field \"{name}\" must be a list, not a {}",
                self.vm.type_name(&v)
            )));
        };
        let len = list.borrow().len();
        let mut out = Vec::with_capacity(len);
        for i in 0..len {
            let item = match list.borrow().get(i) {
                Some(item) => item.clone(),
                None => break,
            };
            out.push(self.nested(owner, &item, &f)?);
            if list.borrow().len() != len {
                return Err(self.vm.runtime_error(format!(
                    "{owner} field \"{name}\" changed size during iteration"
                )));
            }
        }
        Ok(out)
    }

    fn stmts(&self, obj: &Value, name: &str, owner: &str) -> PyResult<Vec<Stmt>> {
        let list = self.list(obj, name, owner, Self::stmt)?;
        list.into_iter()
            .map(|s| s.ok_or_else(|| self.vm.value_error("None disallowed in statement list")))
            .collect()
    }

    fn exprs(&self, obj: &Value, name: &str, owner: &str) -> PyResult<Vec<Expr>> {
        let list = self.list(obj, name, owner, Self::expr)?;
        list.into_iter()
            .map(|e| e.ok_or_else(|| self.vm.value_error("None disallowed in expression list")))
            .collect()
    }

    fn names(&self, obj: &Value, name: &str, owner: &str) -> PyResult<Vec<String>> {
        let list = self.list(obj, name, owner, Self::ident)?;
        list.into_iter()
            .map(|e| e.ok_or_else(|| self.vm.value_error("None disallowed in identifier list")))
            .collect()
    }

    /// A required `expr` field (None is reported as "field 'x' is required").
    fn expr_field(&self, obj: &Value, name: &str, owner: &str) -> PyResult<Box<Expr>> {
        let v = self.req(obj, name, owner)?;
        let e = self.nested(owner, &v, Self::expr)?;
        need(self.vm, e, name, owner).map(Box::new)
    }

    fn opt_expr_field(&self, obj: &Value, name: &str, owner: &str) -> PyResult<Option<Box<Expr>>> {
        match self.opt(obj, name)? {
            Some(v) => Ok(self.nested(owner, &v, Self::expr)?.map(Box::new)),
            None => Ok(None),
        }
    }

    /// The location attributes of a node (`end_*` default to the start).
    fn range(&self, obj: &Value, owner: &str) -> PyResult<Range> {
        let lineno = self.int_field(obj, "lineno", owner)?;
        let col_offset = self.int_field(obj, "col_offset", owner)?;
        // Patterns require their end positions; other nodes default them to the start.
        let (end_lineno, end_col_offset) = if owner == "pattern" {
            (
                self.int_field(obj, "end_lineno", owner)?,
                self.int_field(obj, "end_col_offset", owner)?,
            )
        } else {
            let end_lineno = match self.opt(obj, "end_lineno")? {
                Some(v) => self.nested(owner, &v, Self::int)?,
                None => lineno,
            };
            let end_col_offset = match self.opt(obj, "end_col_offset")? {
                Some(v) => self.nested(owner, &v, Self::int)?,
                None => col_offset,
            };
            (end_lineno, end_col_offset)
        };
        let u = |n: i64| u32::try_from(n).unwrap_or(0);
        Ok(Range {
            lineno: u(lineno),
            col_offset: u(col_offset),
            end_lineno: u(end_lineno),
            end_col_offset: u(end_col_offset),
        })
    }

    fn module(&self, obj: &Value) -> PyResult<Mod> {
        match self.kind(obj, ix::Module, ix::FunctionType) {
            Some(ix::Module) => Ok(Mod::Module {
                body: self.stmts(obj, "body", "Module")?,
                type_ignores: self.list(obj, "type_ignores", "Module", Self::type_ignore)?,
            }),
            Some(ix::Interactive) => Ok(Mod::Interactive {
                body: self.stmts(obj, "body", "Interactive")?,
            }),
            Some(ix::Expression) => Ok(Mod::Expression {
                body: self.expr_field(obj, "body", "Expression")?,
            }),
            Some(_) => Ok(Mod::FunctionType {
                argtypes: self.exprs(obj, "argtypes", "FunctionType")?,
                returns: self.expr_field(obj, "returns", "FunctionType")?,
            }),
            None => Err(self.expected("mod", obj)),
        }
    }

    fn type_ignore(&self, obj: &Value) -> PyResult<TypeIgnore> {
        if self.kind(obj, ix::TypeIgnore, ix::TypeIgnore).is_none() {
            return Err(self.expected("type_ignore", obj));
        }
        let lineno = self.int_field(obj, "lineno", "TypeIgnore")?;
        let tag = self.req(obj, "tag", "TypeIgnore")?;
        let tag = self.nested("TypeIgnore", &tag, Self::string)?;
        Ok(TypeIgnore {
            lineno: u32::try_from(lineno).unwrap_or(0),
            tag,
        })
    }

    fn stmt(&self, obj: &Value) -> PyResult<Option<Stmt>> {
        if obj.is_none() {
            return Ok(None);
        }
        let range = self.range(obj, "stmt")?;
        let Some(k) = self.kind(obj, ix::FunctionDef, ix::Continue) else {
            return Err(self.expected("stmt", obj));
        };
        let name = AST_CLASSES[k].name;
        let kind = match k {
            ix::FunctionDef | ix::AsyncFunctionDef => {
                let n = self.ident_field(obj, "name", name)?;
                let args = self.req(obj, "args", name)?;
                let args = self.nested(name, &args, Self::arguments)?;
                let d = FunctionDef {
                    name: String::new(),
                    args: Box::new(args),
                    body: self.stmts(obj, "body", name)?,
                    decorator_list: self.exprs(obj, "decorator_list", name)?,
                    returns: self.opt_expr_field(obj, "returns", name)?,
                    type_comment: self.opt_string_field(obj, "type_comment", name)?,
                };
                let d = FunctionDef {
                    name: need(self.vm, n, "name", name)?,
                    ..d
                };
                if k == ix::FunctionDef {
                    StmtKind::FunctionDef(d)
                } else {
                    StmtKind::AsyncFunctionDef(d)
                }
            }
            ix::ClassDef => {
                let n = self.ident_field(obj, "name", name)?;
                let bases = self.exprs(obj, "bases", name)?;
                let keywords = self.list(obj, "keywords", name, Self::keyword)?;
                let body = self.stmts(obj, "body", name)?;
                let decorator_list = self.exprs(obj, "decorator_list", name)?;
                StmtKind::ClassDef(ClassDef {
                    name: need(self.vm, n, "name", name)?,
                    bases,
                    keywords,
                    body,
                    decorator_list,
                })
            }
            ix::Return => StmtKind::Return {
                value: self.opt_expr_field(obj, "value", name)?,
            },
            ix::Delete => StmtKind::Delete {
                targets: self.exprs(obj, "targets", name)?,
            },
            ix::Assign => StmtKind::Assign {
                targets: self.exprs(obj, "targets", name)?,
                value: self.expr_field(obj, "value", name)?,
                type_comment: self.opt_string_field(obj, "type_comment", name)?,
            },
            ix::AugAssign => StmtKind::AugAssign {
                target: self.expr_field(obj, "target", name)?,
                op: self.operator_field(obj, name)?,
                value: self.expr_field(obj, "value", name)?,
            },
            ix::AnnAssign => StmtKind::AnnAssign {
                target: self.expr_field(obj, "target", name)?,
                annotation: self.expr_field(obj, "annotation", name)?,
                value: self.opt_expr_field(obj, "value", name)?,
                simple: self.int_field(obj, "simple", name)? != 0,
            },
            ix::For | ix::AsyncFor => {
                let f = For {
                    target: self.expr_field(obj, "target", name)?,
                    iter: self.expr_field(obj, "iter", name)?,
                    body: self.stmts(obj, "body", name)?,
                    orelse: self.stmts(obj, "orelse", name)?,
                    type_comment: self.opt_string_field(obj, "type_comment", name)?,
                };
                if k == ix::For {
                    StmtKind::For(f)
                } else {
                    StmtKind::AsyncFor(f)
                }
            }
            ix::While | ix::If => {
                let test = self.expr_field(obj, "test", name)?;
                let body = self.stmts(obj, "body", name)?;
                let orelse = self.stmts(obj, "orelse", name)?;
                if k == ix::While {
                    StmtKind::While { test, body, orelse }
                } else {
                    StmtKind::If { test, body, orelse }
                }
            }
            ix::With | ix::AsyncWith => {
                let w = With {
                    items: self.list(obj, "items", name, Self::withitem)?,
                    body: self.stmts(obj, "body", name)?,
                    type_comment: self.opt_string_field(obj, "type_comment", name)?,
                };
                if k == ix::With {
                    StmtKind::With(w)
                } else {
                    StmtKind::AsyncWith(w)
                }
            }
            ix::Match => StmtKind::Match {
                subject: self.expr_field(obj, "subject", name)?,
                cases: self.list(obj, "cases", name, Self::match_case)?,
            },
            ix::Raise => StmtKind::Raise {
                exc: self.opt_expr_field(obj, "exc", name)?,
                cause: self.opt_expr_field(obj, "cause", name)?,
            },
            ix::Try | ix::TryStar => {
                let t = Try {
                    body: self.stmts(obj, "body", name)?,
                    handlers: self.list(obj, "handlers", name, Self::excepthandler)?,
                    orelse: self.stmts(obj, "orelse", name)?,
                    finalbody: self.stmts(obj, "finalbody", name)?,
                };
                if k == ix::Try {
                    StmtKind::Try(t)
                } else {
                    StmtKind::TryStar(t)
                }
            }
            ix::Assert => StmtKind::Assert {
                test: self.expr_field(obj, "test", name)?,
                msg: self.opt_expr_field(obj, "msg", name)?,
            },
            ix::Import => StmtKind::Import {
                names: self.list(obj, "names", name, Self::alias)?,
            },
            ix::ImportFrom => {
                let module = self.opt_ident_field(obj, "module", name)?;
                let names = self.list(obj, "names", name, Self::alias)?;
                let level = match self.opt(obj, "level")? {
                    Some(v) => self.nested(name, &v, Self::int)?,
                    None => 0,
                };
                if level < 0 {
                    return Err(self.vm.value_error("Negative ImportFrom level"));
                }
                StmtKind::ImportFrom {
                    module,
                    names,
                    level: level as u32,
                }
            }
            ix::Global => StmtKind::Global {
                names: self.names(obj, "names", name)?,
            },
            ix::Nonlocal => StmtKind::Nonlocal {
                names: self.names(obj, "names", name)?,
            },
            ix::Expr => StmtKind::Expr {
                value: self.expr_field(obj, "value", name)?,
            },
            ix::Pass => StmtKind::Pass,
            ix::Break => StmtKind::Break,
            _ => StmtKind::Continue,
        };
        Ok(Some(Stmt { kind, range }))
    }

    fn operator_field(&self, obj: &Value, owner: &str) -> PyResult<Operator> {
        let v = self.req(obj, "op", owner)?;
        let ops = [
            Operator::Add,
            Operator::Sub,
            Operator::Mult,
            Operator::MatMult,
            Operator::Div,
            Operator::Mod,
            Operator::Pow,
            Operator::LShift,
            Operator::RShift,
            Operator::BitOr,
            Operator::BitXor,
            Operator::BitAnd,
            Operator::FloorDiv,
        ];
        match self.kind(&v, ix::Add, ix::FloorDiv) {
            Some(k) => Ok(ops[k - ix::Add]),
            None => Err(self.expected("operator", &v)),
        }
    }

    fn keyword(&self, obj: &Value) -> PyResult<Keyword> {
        let range = self.range(obj, "keyword")?;
        let arg = self.opt_ident_field(obj, "arg", "keyword")?;
        let value = self.expr_field(obj, "value", "keyword")?;
        Ok(Keyword {
            arg,
            value: *value,
            range,
        })
    }

    fn alias(&self, obj: &Value) -> PyResult<Alias> {
        let range = self.range(obj, "alias")?;
        let name = self.ident_field(obj, "name", "alias")?;
        let asname = self.opt_ident_field(obj, "asname", "alias")?;
        Ok(Alias {
            name: need(self.vm, name, "name", "alias")?,
            asname,
            range,
        })
    }

    fn withitem(&self, obj: &Value) -> PyResult<WithItem> {
        let context_expr = self.expr_field(obj, "context_expr", "withitem")?;
        let optional_vars = self.opt_expr_field(obj, "optional_vars", "withitem")?;
        Ok(WithItem {
            context_expr: *context_expr,
            optional_vars,
        })
    }

    fn match_case(&self, obj: &Value) -> PyResult<MatchCase> {
        let p = self.req(obj, "pattern", "match_case")?;
        let pattern = self.nested("match_case", &p, Self::pattern)?;
        let guard = self.opt_expr_field(obj, "guard", "match_case")?;
        let body = self.stmts(obj, "body", "match_case")?;
        Ok(MatchCase {
            pattern: need(self.vm, pattern, "pattern", "match_case")?,
            guard,
            body,
        })
    }

    fn excepthandler(&self, obj: &Value) -> PyResult<ExceptHandler> {
        let range = self.range(obj, "excepthandler")?;
        if self
            .kind(obj, ix::ExceptHandler, ix::ExceptHandler)
            .is_none()
        {
            return Err(self.expected("excepthandler", obj));
        }
        Ok(ExceptHandler {
            type_: self.opt_expr_field(obj, "type", "ExceptHandler")?,
            name: self.opt_ident_field(obj, "name", "ExceptHandler")?,
            body: self.stmts(obj, "body", "ExceptHandler")?,
            range,
        })
    }

    fn arg(&self, obj: &Value) -> PyResult<Arg> {
        let range = self.range(obj, "arg")?;
        let arg = self.ident_field(obj, "arg", "arg")?;
        let annotation = self.opt_expr_field(obj, "annotation", "arg")?;
        let type_comment = self.opt_string_field(obj, "type_comment", "arg")?;
        Ok(Arg {
            arg: need(self.vm, arg, "arg", "arg")?,
            annotation,
            type_comment,
            range,
        })
    }

    fn opt_arg_field(&self, obj: &Value, name: &str) -> PyResult<Option<Box<Arg>>> {
        match self.opt(obj, name)? {
            Some(v) => Ok(Some(Box::new(self.nested("arguments", &v, Self::arg)?))),
            None => Ok(None),
        }
    }

    fn arguments(&self, obj: &Value) -> PyResult<Arguments> {
        let o = "arguments";
        Ok(Arguments {
            posonlyargs: self.list(obj, "posonlyargs", o, Self::arg)?,
            args: self.list(obj, "args", o, Self::arg)?,
            vararg: self.opt_arg_field(obj, "vararg")?,
            kwonlyargs: self.list(obj, "kwonlyargs", o, Self::arg)?,
            kw_defaults: self.list(obj, "kw_defaults", o, Self::expr)?,
            kwarg: self.opt_arg_field(obj, "kwarg")?,
            defaults: self.exprs(obj, "defaults", o)?,
        })
    }

    fn comprehension(&self, obj: &Value) -> PyResult<Comprehension> {
        let o = "comprehension";
        let target = self.expr_field(obj, "target", o)?;
        let iter = self.expr_field(obj, "iter", o)?;
        let ifs = self.exprs(obj, "ifs", o)?;
        let is_async = self.int_field(obj, "is_async", o)? != 0;
        Ok(Comprehension {
            target: *target,
            iter: *iter,
            ifs,
            is_async,
        })
    }

    fn ctx_field(&self, obj: &Value, owner: &str) -> PyResult<ExprContext> {
        let v = self.req(obj, "ctx", owner)?;
        match self.kind(&v, ix::Load, ix::Del) {
            Some(ix::Load) => Ok(ExprContext::Load),
            Some(ix::Store) => Ok(ExprContext::Store),
            Some(_) => Ok(ExprContext::Del),
            None => Err(self.expected("expr_context", &v)),
        }
    }

    /// A `Constant` value: only the types CPython's validator accepts.
    fn constant(&self, v: &Value) -> PyResult<Constant> {
        let vm = self.vm;
        let t = vm.type_of(v);
        let types = &vm.types;
        Ok(match v {
            Value::None => Constant::None,
            Value::Bool(b) => Constant::Bool(*b),
            Value::Int(n) => Constant::Int(IntValue::Small(*n)),
            Value::Float(f) => Constant::Float(*f),
            Value::Null => Constant::None,
            Value::Obj(o) => {
                use crate::object::Payload;
                match &o.payload {
                    Payload::Ellipsis => Constant::Ellipsis,
                    Payload::Int(b) if t.is(&types.int) => {
                        Constant::Int(IntValue::Big(Box::new(b.clone())))
                    }
                    Payload::Float(f) if t.is(&types.float) => Constant::Float(*f),
                    Payload::Complex(re, im) if t.is(&types.complex) => Constant::Complex {
                        real: *re,
                        imag: *im,
                    },
                    Payload::Str(s) if t.is(&types.str_) => {
                        let mut w = pyrs_parser::wtf8::Wtf8Buf::new();
                        for cp in s.code_points() {
                            w.push_code_point(cp);
                        }
                        Constant::Str(w)
                    }
                    Payload::Bytes(b) if t.is(&types.bytes) => Constant::Bytes(b.to_vec()),
                    Payload::Tuple(items) if t.is(&types.tuple) => Constant::Tuple(
                        items
                            .iter()
                            .map(|i| self.constant(i))
                            .collect::<PyResult<_>>()?,
                    ),
                    Payload::Set(_) if t.is(&types.frozenset) => Constant::FrozenSet(
                        vm.collect(v)?
                            .iter()
                            .map(|i| self.constant(i))
                            .collect::<PyResult<_>>()?,
                    ),
                    _ => {
                        return Err(vm.type_error(format!(
                            "got an invalid type in Constant: {}",
                            tdata(t).name()
                        )))
                    }
                }
            }
        })
    }

    fn expr(&self, obj: &Value) -> PyResult<Option<Expr>> {
        if obj.is_none() {
            return Ok(None);
        }
        let range = self.range(obj, "expr")?;
        let Some(k) = self.kind(obj, ix::BoolOp, ix::Slice) else {
            return Err(self.expected("expr", obj));
        };
        let name = AST_CLASSES[k].name;
        let kind = match k {
            ix::BoolOp => {
                let v = self.req(obj, "op", name)?;
                let op = match self.kind(&v, ix::And, ix::Or) {
                    Some(ix::And) => BoolOp::And,
                    Some(_) => BoolOp::Or,
                    None => return Err(self.expected("boolop", &v)),
                };
                ExprKind::BoolOp {
                    op,
                    values: self.exprs(obj, "values", name)?,
                }
            }
            ix::NamedExpr => ExprKind::NamedExpr {
                target: self.expr_field(obj, "target", name)?,
                value: self.expr_field(obj, "value", name)?,
            },
            ix::BinOp => ExprKind::BinOp {
                left: self.expr_field(obj, "left", name)?,
                op: self.operator_field(obj, name)?,
                right: self.expr_field(obj, "right", name)?,
            },
            ix::UnaryOp => {
                let v = self.req(obj, "op", name)?;
                let op = match self.kind(&v, ix::Invert, ix::USub) {
                    Some(ix::Invert) => UnaryOp::Invert,
                    Some(ix::Not) => UnaryOp::Not,
                    Some(ix::UAdd) => UnaryOp::UAdd,
                    Some(_) => UnaryOp::USub,
                    None => return Err(self.expected("unaryop", &v)),
                };
                ExprKind::UnaryOp {
                    op,
                    operand: self.expr_field(obj, "operand", name)?,
                }
            }
            ix::Lambda => {
                let args = self.req(obj, "args", name)?;
                let args = self.nested(name, &args, Self::arguments)?;
                ExprKind::Lambda {
                    args: Box::new(args),
                    body: self.expr_field(obj, "body", name)?,
                }
            }
            ix::IfExp => ExprKind::IfExp {
                test: self.expr_field(obj, "test", name)?,
                body: self.expr_field(obj, "body", name)?,
                orelse: self.expr_field(obj, "orelse", name)?,
            },
            ix::Dict => ExprKind::Dict {
                keys: self.list(obj, "keys", name, Self::expr)?,
                values: self.exprs(obj, "values", name)?,
            },
            ix::Set => ExprKind::Set {
                elts: self.exprs(obj, "elts", name)?,
            },
            ix::ListComp | ix::SetComp | ix::GeneratorExp => {
                let elt = self.expr_field(obj, "elt", name)?;
                let generators = self.list(obj, "generators", name, Self::comprehension)?;
                match k {
                    ix::ListComp => ExprKind::ListComp { elt, generators },
                    ix::SetComp => ExprKind::SetComp { elt, generators },
                    _ => ExprKind::GeneratorExp { elt, generators },
                }
            }
            ix::DictComp => ExprKind::DictComp {
                key: self.expr_field(obj, "key", name)?,
                value: self.expr_field(obj, "value", name)?,
                generators: self.list(obj, "generators", name, Self::comprehension)?,
            },
            ix::Await => ExprKind::Await {
                value: self.expr_field(obj, "value", name)?,
            },
            ix::Yield => ExprKind::Yield {
                value: self.opt_expr_field(obj, "value", name)?,
            },
            ix::YieldFrom => ExprKind::YieldFrom {
                value: self.expr_field(obj, "value", name)?,
            },
            ix::Compare => {
                let left = self.expr_field(obj, "left", name)?;
                let cmps = [
                    CmpOp::Eq,
                    CmpOp::NotEq,
                    CmpOp::Lt,
                    CmpOp::LtE,
                    CmpOp::Gt,
                    CmpOp::GtE,
                    CmpOp::Is,
                    CmpOp::IsNot,
                    CmpOp::In,
                    CmpOp::NotIn,
                ];
                let ops = self.list(obj, "ops", name, |s, v| {
                    match s.kind(v, ix::Eq, ix::NotIn) {
                        Some(k) => Ok(cmps[k - ix::Eq]),
                        None => Err(s.expected("cmpop", v)),
                    }
                })?;
                ExprKind::Compare {
                    left,
                    ops,
                    comparators: self.exprs(obj, "comparators", name)?,
                }
            }
            ix::Call => ExprKind::Call {
                func: self.expr_field(obj, "func", name)?,
                args: self.exprs(obj, "args", name)?,
                keywords: self.list(obj, "keywords", name, Self::keyword)?,
            },
            ix::FormattedValue => ExprKind::FormattedValue {
                value: self.expr_field(obj, "value", name)?,
                conversion: self.int_field(obj, "conversion", name)? as i32,
                format_spec: self.opt_expr_field(obj, "format_spec", name)?,
            },
            ix::JoinedStr => ExprKind::JoinedStr {
                values: self.exprs(obj, "values", name)?,
            },
            ix::Constant => {
                let v = self.req(obj, "value", name)?;
                let value = self.nested(name, &v, Self::constant)?;
                ExprKind::Constant {
                    value,
                    kind: self.opt_string_field(obj, "kind", name)?,
                }
            }
            ix::Attribute => {
                let value = self.expr_field(obj, "value", name)?;
                let attr = self.ident_field(obj, "attr", name)?;
                let ctx = self.ctx_field(obj, name)?;
                ExprKind::Attribute {
                    value,
                    attr: need(self.vm, attr, "attr", name)?,
                    ctx,
                }
            }
            ix::Subscript => ExprKind::Subscript {
                value: self.expr_field(obj, "value", name)?,
                slice: self.expr_field(obj, "slice", name)?,
                ctx: self.ctx_field(obj, name)?,
            },
            ix::Starred => ExprKind::Starred {
                value: self.expr_field(obj, "value", name)?,
                ctx: self.ctx_field(obj, name)?,
            },
            ix::Name => {
                let id = self.ident_field(obj, "id", name)?;
                let ctx = self.ctx_field(obj, name)?;
                ExprKind::Name {
                    id: need(self.vm, id, "id", name)?,
                    ctx,
                }
            }
            ix::List | ix::Tuple => {
                let elts = self.exprs(obj, "elts", name)?;
                let ctx = self.ctx_field(obj, name)?;
                if k == ix::List {
                    ExprKind::List { elts, ctx }
                } else {
                    ExprKind::Tuple { elts, ctx }
                }
            }
            _ => ExprKind::Slice {
                lower: self.opt_expr_field(obj, "lower", name)?,
                upper: self.opt_expr_field(obj, "upper", name)?,
                step: self.opt_expr_field(obj, "step", name)?,
            },
        };
        Ok(Some(Expr { kind, range }))
    }

    fn patterns(&self, obj: &Value, name: &str, owner: &str) -> PyResult<Vec<Pattern>> {
        let list = self.list(obj, name, owner, Self::pattern)?;
        list.into_iter()
            .map(|p| p.ok_or_else(|| self.vm.value_error("None disallowed in pattern list")))
            .collect()
    }

    fn pattern(&self, obj: &Value) -> PyResult<Option<Pattern>> {
        if obj.is_none() {
            return Ok(None);
        }
        let range = self.range(obj, "pattern")?;
        let Some(k) = self.kind(obj, ix::MatchValue, ix::MatchOr) else {
            return Err(self.expected("pattern", obj));
        };
        let name = AST_CLASSES[k].name;
        let kind = match k {
            ix::MatchValue => PatternKind::MatchValue {
                value: self.expr_field(obj, "value", name)?,
            },
            ix::MatchSingleton => {
                let v = self.req(obj, "value", name)?;
                PatternKind::MatchSingleton {
                    value: self.nested(name, &v, Self::constant)?,
                }
            }
            ix::MatchSequence => PatternKind::MatchSequence {
                patterns: self.patterns(obj, "patterns", name)?,
            },
            ix::MatchMapping => PatternKind::MatchMapping {
                keys: self.exprs(obj, "keys", name)?,
                patterns: self.patterns(obj, "patterns", name)?,
                rest: self.opt_ident_field(obj, "rest", name)?,
            },
            ix::MatchClass => PatternKind::MatchClass {
                cls: self.expr_field(obj, "cls", name)?,
                patterns: self.patterns(obj, "patterns", name)?,
                kwd_attrs: self.names(obj, "kwd_attrs", name)?,
                kwd_patterns: self.patterns(obj, "kwd_patterns", name)?,
            },
            ix::MatchStar => PatternKind::MatchStar {
                name: self.opt_ident_field(obj, "name", name)?,
            },
            ix::MatchAs => {
                let pattern = match self.opt(obj, "pattern")? {
                    Some(v) => self.nested(name, &v, Self::pattern)?.map(Box::new),
                    None => None,
                };
                PatternKind::MatchAs {
                    pattern,
                    name: self.opt_ident_field(obj, "name", name)?,
                }
            }
            _ => PatternKind::MatchOr {
                patterns: self.patterns(obj, "patterns", name)?,
            },
        };
        Ok(Some(Pattern { kind, range }))
    }
}
