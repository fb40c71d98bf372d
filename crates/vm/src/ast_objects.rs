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
    let w = ToPy { vm, st: &st };
    Ok(w.module(module))
}

struct ToPy<'a> {
    vm: &'a Vm,
    st: &'a AstState,
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

    fn list<T>(&self, items: &[T], f: impl Fn(&Self, &T) -> Value) -> Value {
        self.vm.new_list(items.iter().map(|i| f(self, i)).collect())
    }

    fn stmts(&self, list: &[Stmt]) -> Value {
        self.list(list, Self::stmt)
    }

    fn exprs(&self, list: &[Expr]) -> Value {
        self.list(list, Self::expr)
    }

    fn opt_expr(&self, e: &Option<Box<Expr>>) -> Value {
        e.as_deref().map_or(Value::None, |e| self.expr(e))
    }

    fn names(&self, list: &[String]) -> Value {
        self.list(list, |w, n| w.s(n))
    }

    fn module(&self, m: &Mod) -> Value {
        match m {
            Mod::Module { body, type_ignores } => {
                let ti = self.list(type_ignores, |w, t| {
                    w.node(
                        ix::TypeIgnore,
                        vec![
                            ("lineno", Value::Int(i64::from(t.lineno))),
                            ("tag", w.s(&t.tag)),
                        ],
                        None,
                    )
                });
                self.node(
                    ix::Module,
                    vec![("body", self.stmts(body)), ("type_ignores", ti)],
                    None,
                )
            }
            Mod::Interactive { body } => {
                self.node(ix::Interactive, vec![("body", self.stmts(body))], None)
            }
            Mod::Expression { body } => {
                self.node(ix::Expression, vec![("body", self.expr(body))], None)
            }
            Mod::FunctionType { argtypes, returns } => self.node(
                ix::FunctionType,
                vec![
                    ("argtypes", self.exprs(argtypes)),
                    ("returns", self.expr(returns)),
                ],
                None,
            ),
        }
    }

    fn stmt(&self, s: &Stmt) -> Value {
        let r = Some(&s.range);
        match &s.kind {
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
                        ("args", self.arguments(&d.args)),
                        ("body", self.stmts(&d.body)),
                        ("decorator_list", self.exprs(&d.decorator_list)),
                        ("returns", self.opt_expr(&d.returns)),
                        ("type_comment", self.opt_s(&d.type_comment)),
                    ],
                    r,
                )
            }
            StmtKind::ClassDef(c) => self.node(
                ix::ClassDef,
                vec![
                    ("name", self.s(&c.name)),
                    ("bases", self.exprs(&c.bases)),
                    ("keywords", self.list(&c.keywords, Self::keyword)),
                    ("body", self.stmts(&c.body)),
                    ("decorator_list", self.exprs(&c.decorator_list)),
                ],
                r,
            ),
            StmtKind::Return { value } => {
                self.node(ix::Return, vec![("value", self.opt_expr(value))], r)
            }
            StmtKind::Delete { targets } => {
                self.node(ix::Delete, vec![("targets", self.exprs(targets))], r)
            }
            StmtKind::Assign {
                targets,
                value,
                type_comment,
            } => self.node(
                ix::Assign,
                vec![
                    ("targets", self.exprs(targets)),
                    ("value", self.expr(value)),
                    ("type_comment", self.opt_s(type_comment)),
                ],
                r,
            ),
            StmtKind::AugAssign { target, op, value } => self.node(
                ix::AugAssign,
                vec![
                    ("target", self.expr(target)),
                    ("op", self.singleton(operator_ix(*op))),
                    ("value", self.expr(value)),
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
                    ("target", self.expr(target)),
                    ("annotation", self.expr(annotation)),
                    ("value", self.opt_expr(value)),
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
                    ("target", self.expr(&x.target)),
                    ("iter", self.expr(&x.iter)),
                    ("body", self.stmts(&x.body)),
                    ("orelse", self.stmts(&x.orelse)),
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
                        ("test", self.expr(test)),
                        ("body", self.stmts(body)),
                        ("orelse", self.stmts(orelse)),
                    ],
                    r,
                ),
            StmtKind::With(w) | StmtKind::AsyncWith(w) => {
                let items = self.list(&w.items, |t, item| {
                    t.node(
                        ix::withitem,
                        vec![
                            ("context_expr", t.expr(&item.context_expr)),
                            ("optional_vars", t.opt_expr(&item.optional_vars)),
                        ],
                        None,
                    )
                });
                self.node(
                    if matches!(s.kind, StmtKind::With(_)) {
                        ix::With
                    } else {
                        ix::AsyncWith
                    },
                    vec![
                        ("items", items),
                        ("body", self.stmts(&w.body)),
                        ("type_comment", self.opt_s(&w.type_comment)),
                    ],
                    r,
                )
            }
            StmtKind::Match { subject, cases } => {
                let cases = self.list(cases, |t, c| {
                    t.node(
                        ix::match_case,
                        vec![
                            ("pattern", t.pattern(&c.pattern)),
                            ("guard", t.opt_expr(&c.guard)),
                            ("body", t.stmts(&c.body)),
                        ],
                        None,
                    )
                });
                self.node(
                    ix::Match,
                    vec![("subject", self.expr(subject)), ("cases", cases)],
                    r,
                )
            }
            StmtKind::Raise { exc, cause } => self.node(
                ix::Raise,
                vec![("exc", self.opt_expr(exc)), ("cause", self.opt_expr(cause))],
                r,
            ),
            StmtKind::Try(t) | StmtKind::TryStar(t) => {
                let handlers = self.list(&t.handlers, |w, h| {
                    w.node(
                        ix::ExceptHandler,
                        vec![
                            ("type", w.opt_expr(&h.type_)),
                            ("name", w.opt_s(&h.name)),
                            ("body", w.stmts(&h.body)),
                        ],
                        Some(&h.range),
                    )
                });
                self.node(
                    if matches!(s.kind, StmtKind::Try(_)) {
                        ix::Try
                    } else {
                        ix::TryStar
                    },
                    vec![
                        ("body", self.stmts(&t.body)),
                        ("handlers", handlers),
                        ("orelse", self.stmts(&t.orelse)),
                        ("finalbody", self.stmts(&t.finalbody)),
                    ],
                    r,
                )
            }
            StmtKind::Assert { test, msg } => self.node(
                ix::Assert,
                vec![("test", self.expr(test)), ("msg", self.opt_expr(msg))],
                r,
            ),
            StmtKind::Import { names } => self.node(
                ix::Import,
                vec![("names", self.list(names, Self::alias))],
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
                    ("names", self.list(names, Self::alias)),
                    ("level", Value::Int(i64::from(*level))),
                ],
                r,
            ),
            StmtKind::Global { names } => {
                self.node(ix::Global, vec![("names", self.names(names))], r)
            }
            StmtKind::Nonlocal { names } => {
                self.node(ix::Nonlocal, vec![("names", self.names(names))], r)
            }
            StmtKind::Expr { value } => self.node(ix::Expr, vec![("value", self.expr(value))], r),
            StmtKind::Pass => self.node(ix::Pass, vec![], r),
            StmtKind::Break => self.node(ix::Break, vec![], r),
            StmtKind::Continue => self.node(ix::Continue, vec![], r),
        }
    }

    fn alias(&self, a: &Alias) -> Value {
        self.node(
            ix::alias,
            vec![("name", self.s(&a.name)), ("asname", self.opt_s(&a.asname))],
            Some(&a.range),
        )
    }

    fn keyword(&self, k: &Keyword) -> Value {
        self.node(
            ix::keyword,
            vec![("arg", self.opt_s(&k.arg)), ("value", self.expr(&k.value))],
            Some(&k.range),
        )
    }

    fn arg(&self, a: &Arg) -> Value {
        self.node(
            ix::arg,
            vec![
                ("arg", self.s(&a.arg)),
                ("annotation", self.opt_expr(&a.annotation)),
                ("type_comment", self.opt_s(&a.type_comment)),
            ],
            Some(&a.range),
        )
    }

    fn arguments(&self, a: &Arguments) -> Value {
        let opt_arg = |a: &Option<Box<Arg>>| a.as_deref().map_or(Value::None, |a| self.arg(a));
        self.node(
            ix::arguments,
            vec![
                ("posonlyargs", self.list(&a.posonlyargs, Self::arg)),
                ("args", self.list(&a.args, Self::arg)),
                ("vararg", opt_arg(&a.vararg)),
                ("kwonlyargs", self.list(&a.kwonlyargs, Self::arg)),
                (
                    "kw_defaults",
                    self.list(&a.kw_defaults, |w, e| {
                        e.as_ref().map_or(Value::None, |e| w.expr(e))
                    }),
                ),
                ("kwarg", opt_arg(&a.kwarg)),
                ("defaults", self.exprs(&a.defaults)),
            ],
            None,
        )
    }

    fn comprehensions(&self, list: &[Comprehension]) -> Value {
        self.list(list, |w, c| {
            w.node(
                ix::comprehension,
                vec![
                    ("target", w.expr(&c.target)),
                    ("iter", w.expr(&c.iter)),
                    ("ifs", w.exprs(&c.ifs)),
                    ("is_async", Value::Int(i64::from(c.is_async))),
                ],
                None,
            )
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

    fn expr(&self, e: &Expr) -> Value {
        let r = Some(&e.range);
        match &e.kind {
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
                    ("values", self.exprs(values)),
                ],
                r,
            ),
            ExprKind::NamedExpr { target, value } => self.node(
                ix::NamedExpr,
                vec![("target", self.expr(target)), ("value", self.expr(value))],
                r,
            ),
            ExprKind::BinOp { left, op, right } => self.node(
                ix::BinOp,
                vec![
                    ("left", self.expr(left)),
                    ("op", self.singleton(operator_ix(*op))),
                    ("right", self.expr(right)),
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
                    ("operand", self.expr(operand)),
                ],
                r,
            ),
            ExprKind::Lambda { args, body } => self.node(
                ix::Lambda,
                vec![("args", self.arguments(args)), ("body", self.expr(body))],
                r,
            ),
            ExprKind::IfExp { test, body, orelse } => self.node(
                ix::IfExp,
                vec![
                    ("test", self.expr(test)),
                    ("body", self.expr(body)),
                    ("orelse", self.expr(orelse)),
                ],
                r,
            ),
            ExprKind::Dict { keys, values } => self.node(
                ix::Dict,
                vec![
                    (
                        "keys",
                        self.list(keys, |w, k| k.as_ref().map_or(Value::None, |k| w.expr(k))),
                    ),
                    ("values", self.exprs(values)),
                ],
                r,
            ),
            ExprKind::Set { elts } => self.node(ix::Set, vec![("elts", self.exprs(elts))], r),
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => self.node(
                match e.kind {
                    ExprKind::ListComp { .. } => ix::ListComp,
                    ExprKind::SetComp { .. } => ix::SetComp,
                    _ => ix::GeneratorExp,
                },
                vec![
                    ("elt", self.expr(elt)),
                    ("generators", self.comprehensions(generators)),
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
                    ("key", self.expr(key)),
                    ("value", self.expr(value)),
                    ("generators", self.comprehensions(generators)),
                ],
                r,
            ),
            ExprKind::Await { value } => self.node(ix::Await, vec![("value", self.expr(value))], r),
            ExprKind::Yield { value } => {
                self.node(ix::Yield, vec![("value", self.opt_expr(value))], r)
            }
            ExprKind::YieldFrom { value } => {
                self.node(ix::YieldFrom, vec![("value", self.expr(value))], r)
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => self.node(
                ix::Compare,
                vec![
                    ("left", self.expr(left)),
                    ("ops", self.list(ops, |w, op| w.singleton(cmpop_ix(*op)))),
                    ("comparators", self.exprs(comparators)),
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
                    ("func", self.expr(func)),
                    ("args", self.exprs(args)),
                    ("keywords", self.list(keywords, Self::keyword)),
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
                    ("value", self.expr(value)),
                    ("conversion", Value::Int(i64::from(*conversion))),
                    ("format_spec", self.opt_expr(format_spec)),
                ],
                r,
            ),
            ExprKind::JoinedStr { values } => {
                self.node(ix::JoinedStr, vec![("values", self.exprs(values))], r)
            }
            ExprKind::Constant { value, kind } => self.node(
                ix::Constant,
                vec![("value", self.constant(value)), ("kind", self.opt_s(kind))],
                r,
            ),
            ExprKind::Attribute { value, attr, ctx } => self.node(
                ix::Attribute,
                vec![
                    ("value", self.expr(value)),
                    ("attr", self.s(attr)),
                    ("ctx", self.ctx(*ctx)),
                ],
                r,
            ),
            ExprKind::Subscript { value, slice, ctx } => self.node(
                ix::Subscript,
                vec![
                    ("value", self.expr(value)),
                    ("slice", self.expr(slice)),
                    ("ctx", self.ctx(*ctx)),
                ],
                r,
            ),
            ExprKind::Starred { value, ctx } => self.node(
                ix::Starred,
                vec![("value", self.expr(value)), ("ctx", self.ctx(*ctx))],
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
                vec![("elts", self.exprs(elts)), ("ctx", self.ctx(*ctx))],
                r,
            ),
            ExprKind::Slice { lower, upper, step } => self.node(
                ix::Slice,
                vec![
                    ("lower", self.opt_expr(lower)),
                    ("upper", self.opt_expr(upper)),
                    ("step", self.opt_expr(step)),
                ],
                r,
            ),
        }
    }

    fn patterns(&self, list: &[Pattern]) -> Value {
        self.list(list, Self::pattern)
    }

    fn pattern(&self, p: &Pattern) -> Value {
        let r = Some(&p.range);
        match &p.kind {
            PatternKind::MatchValue { value } => {
                self.node(ix::MatchValue, vec![("value", self.expr(value))], r)
            }
            PatternKind::MatchSingleton { value } => {
                self.node(ix::MatchSingleton, vec![("value", self.constant(value))], r)
            }
            PatternKind::MatchSequence { patterns } => self.node(
                ix::MatchSequence,
                vec![("patterns", self.patterns(patterns))],
                r,
            ),
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => self.node(
                ix::MatchMapping,
                vec![
                    ("keys", self.exprs(keys)),
                    ("patterns", self.patterns(patterns)),
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
                    ("cls", self.expr(cls)),
                    ("patterns", self.patterns(patterns)),
                    ("kwd_attrs", self.names(kwd_attrs)),
                    ("kwd_patterns", self.patterns(kwd_patterns)),
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
                        pattern.as_deref().map_or(Value::None, |p| self.pattern(p)),
                    ),
                    ("name", self.opt_s(name)),
                ],
                r,
            ),
            PatternKind::MatchOr { patterns } => {
                self.node(ix::MatchOr, vec![("patterns", self.patterns(patterns))], r)
            }
        }
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
