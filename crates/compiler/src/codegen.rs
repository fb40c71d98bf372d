//! Code generation: AST to code objects, instruction shapes following CPython 3.11's
//! Python/compile.c so that the VM can give every opcode CPython's semantics.
//!
//! Instructions are emitted into a flat list with symbolic labels; each instruction
//! records the exception handler active where it was emitted (the codegen keeps the
//! handler stack that CPython's SETUP_*/POP_BLOCK pseudo-instructions describe), and
//! assembly turns that into the exception table, resolves labels and computes the stack
//! depth.

use std::collections::HashMap;
use std::sync::Arc;

use pyrs_parser::ast::*;
use pyrs_parser::SyntaxError;

use crate::bytecode::{
    code_flags, format_value, make_function, BinaryOpArg, CodeConstant, CodeObject, CompareOpArg,
    ExceptionTableEntry, Instruction, Location, Name, Opcode,
};
use crate::symtable::{NameScope, Scope, ScopeKind};

/// A label: an index into the unit's label table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Label(usize);

/// An active exception handler: where to jump, the stack depth to unwind to, and
/// whether to push the offset of the raising instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Handler {
    label: Label,
    depth: u32,
    lasti: bool,
}

#[derive(Debug, Clone)]
struct Instr {
    op: Opcode,
    /// The argument, or the label index for jumps.
    arg: u32,
    loc: Location,
    handler: Option<Handler>,
}

/// What `break`, `continue` and `return` must undo when leaving a block.
#[derive(Debug, Clone)]
enum FBlock {
    /// A `for` loop: its iterator is on the stack.
    ForLoop { start: Label, end: Label },
    /// A `while` loop.
    WhileLoop { start: Label, end: Label },
    /// The body of `try ... finally`: run the final body.
    FinallyTry { body: Vec<Stmt>, handler: Handler },
    /// A `finally` body running because of an exception (prev_exc, lasti, exc on stack).
    FinallyEnd,
    /// The body of `with`: call `__exit__(None, None, None)` (awaited for `async with`).
    With { handler: Handler, is_async: bool },
    /// An `except` handler body: the previous exception is on the stack.
    HandlerCleanup { name: Option<String> },
    /// A `try` body protected by an `except` handler.
    TryExcept { handler: Handler },
    /// The handlers of a `try ... except*`: no break, continue or return may leave them.
    ExceptStar,
}

/// One code object under construction.
struct Unit {
    scope: Scope,
    name: String,
    qualname: String,
    firstlineno: u32,
    instrs: Vec<Instr>,
    labels: Vec<Option<usize>>,
    consts: Vec<CodeConstant>,
    /// Positions in `consts` of the plain constants, by `const_hash`, so that adding a
    /// constant finds an identical one without scanning them all.
    const_index: HashMap<u64, Vec<u32>>,
    names: Vec<Name>,
    name_index: HashMap<String, u32>,
    varnames: Vec<Name>,
    cellvars: Vec<Name>,
    freevars: Vec<Name>,
    argcount: u32,
    posonlyargcount: u32,
    kwonlyargcount: u32,
    flags: u32,
    fblocks: Vec<FBlock>,
    handlers: Vec<Handler>,
    /// Static value-stack depth at the current point of emission.
    depth: i64,
    max_depth: i64,
    /// Depth recorded at the jumps to a label, used when code after an unconditional
    /// transfer resumes at that label.
    label_depth: HashMap<usize, i64>,
}

/// The code generator for one module.
pub struct Codegen<'a> {
    units: Vec<Unit>,
    filename: String,
    source: &'a str,
    loc: Location,
    optimize: u8,
    interactive: bool,
    /// Future features of the module (PEP 563 string annotations).
    features: crate::future::Features,
}

type CResult<T = ()> = Result<T, SyntaxError>;

fn binary_arg(op: Operator, inplace: bool) -> u32 {
    let base = match op {
        Operator::Add => BinaryOpArg::Add,
        Operator::BitAnd => BinaryOpArg::And,
        Operator::FloorDiv => BinaryOpArg::FloorDivide,
        Operator::LShift => BinaryOpArg::Lshift,
        Operator::MatMult => BinaryOpArg::MatrixMultiply,
        Operator::Mult => BinaryOpArg::Multiply,
        Operator::Mod => BinaryOpArg::Remainder,
        Operator::BitOr => BinaryOpArg::Or,
        Operator::Pow => BinaryOpArg::Power,
        Operator::RShift => BinaryOpArg::Rshift,
        Operator::Sub => BinaryOpArg::Subtract,
        Operator::Div => BinaryOpArg::TrueDivide,
        Operator::BitXor => BinaryOpArg::Xor,
    } as u32;
    if inplace {
        base + 13
    } else {
        base
    }
}

const EXCEPT_STAR_EXIT: &str = "'break', 'continue' and 'return' cannot appear in an except* block";

/// Stack effect of an instruction on its fall-through path (jumps recorded separately).
fn stack_effect(op: Opcode, arg: u32, jump: bool) -> i64 {
    use Opcode::*;
    let a = arg as i64;
    match op {
        ImportFrom => 1,
        FormatValue if arg & format_value::HAS_SPEC != 0 => -1,
        Nop | Resume | ExtendedArg | Jump | JumpNoInterrupt | GetIter | GetYieldFromIter
        | UnaryPositive | UnaryNegative | UnaryNot | UnaryInvert | LoadAttr | GetAwaitable
        | GetAiter | KwNames | SetupAnnotations | ListToTuple | DeleteName | DeleteGlobal
        | DeleteFast | DeleteDeref | MakeCell | CopyFreeVars | YieldValue | AsyncGenWrap
        | FormatValue => 0,
        PopTop | ReturnValue | PrintExpr | StoreName | StoreGlobal | StoreFast | StoreDeref
        | DeleteAttr | ImportStar | PopExcept | PopJumpIfFalse | PopJumpIfTrue | PopJumpIfNone
        | PopJumpIfNotNone => -1,
        PushNull | LoadConst | LoadName | LoadFast | LoadClosure | LoadDeref | LoadClassDeref
        | LoadBuildClass | LoadAssertionError | Copy | GetLen | MatchMapping | MatchSequence
        | MatchKeys | PushExcInfo | BeforeWith | BeforeAsyncWith | GetAnext => 1,
        LoadGlobal => 1 + (a & 1),
        LoadMethod => 1,
        Swap => 0,
        BinaryOp | BinarySubscr | CompareOp | IsOp | ContainsOp | DictMerge | DictUpdate
        | ListAppend | SetAdd | ListExtend | SetUpdate => -1,
        CheckExcMatch => 0,
        CheckEgMatch => 0,
        PrepReraiseStar => -1,
        StoreAttr | DeleteSubscr | MapAdd => -2,
        StoreSubscr => -3,
        BuildSlice => 1 - a,
        BuildTuple | BuildList | BuildSet | BuildString => 1 - a,
        BuildMap => 1 - 2 * a,
        BuildConstKeyMap => -a,
        UnpackSequence => a - 1,
        UnpackEx => (a & 0xFF) + (a >> 8),
        MakeFunction => {
            -(i64::from(arg & make_function::DEFAULTS != 0)
                + i64::from(arg & make_function::KWDEFAULTS != 0)
                + i64::from(arg & make_function::ANNOTATIONS != 0)
                + i64::from(arg & make_function::CLOSURE != 0))
        }
        Call => -a - 1,
        CallFunctionEx => -2 - (a & 1),
        ImportName => -1,
        RaiseVarargs => -a,
        Reraise => -1,
        WithExceptStart => 1,
        EndAsyncFor => -2,
        ForIter if jump => -1,
        ForIter => 1,
        Send if jump => -1,
        Send => 0,
        JumpIfFalseOrPop | JumpIfTrueOrPop if jump => 0,
        JumpIfFalseOrPop | JumpIfTrueOrPop => -1,
        ReturnGenerator => 1,
        MatchClass => -2,
    }
}

fn is_terminal(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::Jump
            | Opcode::JumpNoInterrupt
            | Opcode::ReturnValue
            | Opcode::RaiseVarargs
            | Opcode::Reraise
    )
}

impl<'a> Codegen<'a> {
    /// A generator for `filename`; `source` is used for SyntaxError texts.
    pub fn new(
        filename: &str,
        source: &'a str,
        optimize: u8,
        features: crate::future::Features,
    ) -> Self {
        Codegen {
            units: Vec::new(),
            filename: filename.to_string(),
            source,
            loc: Location::default(),
            optimize,
            interactive: false,
            features,
        }
    }

    fn unit(&mut self) -> &mut Unit {
        let last = self.units.len() - 1;
        &mut self.units[last]
    }

    fn unit_ref(&self) -> &Unit {
        &self.units[self.units.len() - 1]
    }

    /// CPython's compiler_warn: a SyntaxWarning at `range`, reported by the caller of
    /// the compiler through the warnings module (see `pyrs_parser::warnings`).
    fn warn(&self, msg: &str, range: Range) {
        pyrs_parser::warnings::push(
            pyrs_parser::warnings::Category::SyntaxWarning,
            self.error(msg, range),
        );
    }

    /// `x is 1`: CPython's check_compare.
    fn check_compare(&self, left: &Expr, ops: &[CmpOp], comparators: &[Expr]) {
        // A constant other than None/True/False/..., or a tuple of constants (which
        // CPython's AST optimizer folds into one).
        fn constant_tuple(e: &Expr) -> bool {
            match &e.kind {
                ExprKind::Constant { .. } => true,
                ExprKind::Tuple { elts, .. } => elts.iter().all(constant_tuple),
                ExprKind::UnaryOp { op, operand } => *op != UnaryOp::Not && constant_tuple(operand),
                ExprKind::BinOp { left, right, .. } => {
                    constant_tuple(left) && constant_tuple(right)
                }
                _ => false,
            }
        }
        let literal = |e: &Expr| match &e.kind {
            ExprKind::Constant { value, .. } => !matches!(
                value,
                Constant::None | Constant::Bool(_) | Constant::Ellipsis
            ),
            ExprKind::Tuple { .. } | ExprKind::UnaryOp { .. } | ExprKind::BinOp { .. } => {
                constant_tuple(e)
            }
            _ => false,
        };
        let mut l = left;
        for (op, r) in ops.iter().zip(comparators) {
            if matches!(op, CmpOp::Is | CmpOp::IsNot) && (literal(l) || literal(r)) {
                let msg = if *op == CmpOp::Is {
                    "\"is\" with a literal. Did you mean \"==\"?"
                } else {
                    "\"is not\" with a literal. Did you mean \"!=\"?"
                };
                let range = Range {
                    lineno: left.range.lineno,
                    col_offset: left.range.col_offset,
                    end_lineno: comparators
                        .last()
                        .map_or(l.range.end_lineno, |c| c.range.end_lineno),
                    end_col_offset: comparators
                        .last()
                        .map_or(l.range.end_col_offset, |c| c.range.end_col_offset),
                };
                self.warn(msg, range);
                return;
            }
            l = r;
        }
    }

    /// `(1, 2)(3)`: CPython's check_caller (reported at the call, as CPython 3.11
    /// reports compiler warnings at the expression being compiled).
    fn check_caller(&self, func: &Expr, at: Range) {
        let warn = matches!(
            &func.kind,
            ExprKind::Constant { .. }
                | ExprKind::Tuple { .. }
                | ExprKind::List { .. }
                | ExprKind::ListComp { .. }
                | ExprKind::Dict { .. }
                | ExprKind::DictComp { .. }
                | ExprKind::Set { .. }
                | ExprKind::SetComp { .. }
                | ExprKind::GeneratorExp { .. }
                | ExprKind::JoinedStr { .. }
                | ExprKind::FormattedValue { .. }
        );
        if let (true, Some(t)) = (warn, infer_type(func)) {
            self.warn(
                &format!("'{t}' object is not callable; perhaps you missed a comma?"),
                at,
            );
        }
    }

    /// `{1, 2}[0]`: CPython's check_subscripter.
    fn check_subscripter(&self, value: &Expr, at: Range) {
        let warn = match &value.kind {
            ExprKind::Constant { value: c, .. } => matches!(
                c,
                Constant::None
                    | Constant::Ellipsis
                    | Constant::Int(_)
                    | Constant::Bool(_)
                    | Constant::Float(_)
                    | Constant::Complex { .. }
                    | Constant::FrozenSet(_)
            ),
            ExprKind::Set { .. }
            | ExprKind::SetComp { .. }
            | ExprKind::GeneratorExp { .. }
            | ExprKind::Lambda { .. } => true,
            _ => false,
        };
        if let (true, Some(t)) = (warn, infer_type(value)) {
            self.warn(
                &format!("'{t}' object is not subscriptable; perhaps you missed a comma?"),
                at,
            );
        }
    }

    /// `[1, 2]['a']`: CPython's check_index.
    fn check_index(&self, value: &Expr, index: &Expr, at: Range) {
        let Some(index_type) = infer_type(index) else {
            return;
        };
        if matches!(index_type, "int" | "bool") {
            return;
        }
        let warn = match &value.kind {
            ExprKind::Constant { value: c, .. } => {
                matches!(
                    c,
                    Constant::Str(_) | Constant::Bytes(_) | Constant::Tuple(_)
                )
            }
            ExprKind::Tuple { .. }
            | ExprKind::List { .. }
            | ExprKind::ListComp { .. }
            | ExprKind::JoinedStr { .. }
            | ExprKind::FormattedValue { .. } => true,
            _ => false,
        };
        if let (true, Some(t)) = (warn, infer_type(value)) {
            self.warn(
                &format!(
                    "{t} indices must be integers or slices, not {index_type}; perhaps you missed a comma?"
                ),
                at,
            );
        }
    }

    fn error(&self, msg: &str, range: Range) -> SyntaxError {
        let col = |line: u32, col: u32| -> i32 {
            let text = pyrs_parser::error::source_line(self.source, line).unwrap_or_default();
            text.get(..col as usize)
                .map_or(col as i32, |p| p.chars().count() as i32)
        };
        SyntaxError::new(
            msg,
            range.lineno,
            col(range.lineno, range.col_offset) + 1,
            range.end_lineno,
            col(range.end_lineno, range.end_col_offset) + 1,
        )
        .with_text(self.source)
    }

    fn set_loc(&mut self, r: Range) {
        self.loc = Location {
            lineno: r.lineno,
            end_lineno: r.end_lineno,
            col: r.col_offset,
            end_col: r.end_col_offset,
        };
    }

    fn new_label(&mut self) -> Label {
        let u = self.unit();
        u.labels.push(None);
        Label(u.labels.len() - 1)
    }

    fn bind(&mut self, label: Label) {
        let u = self.unit();
        u.labels[label.0] = Some(u.instrs.len());
        let after_transfer = u.instrs.last().is_some_and(|i| is_terminal(i.op));
        if let Some(&d) = u.label_depth.get(&label.0) {
            if after_transfer || d > u.depth {
                u.depth = d;
            }
        }
    }

    fn emit(&mut self, op: Opcode, arg: u32) {
        let loc = self.loc;
        let u = self.unit();
        let handler = u.handlers.last().copied();
        u.instrs.push(Instr {
            op,
            arg,
            loc,
            handler,
        });
        u.depth += stack_effect(op, arg, false);
        if u.depth > u.max_depth {
            u.max_depth = u.depth;
        }
        if u.depth < 0 {
            u.depth = 0;
        }
    }

    fn emit_jump(&mut self, op: Opcode, target: Label) {
        let loc = self.loc;
        let u = self.unit();
        let handler = u.handlers.last().copied();
        let jump_depth = u.depth + stack_effect(op, 0, true);
        let entry = u.label_depth.entry(target.0).or_insert(jump_depth);
        if jump_depth > *entry {
            *entry = jump_depth;
        }
        u.instrs.push(Instr {
            op,
            arg: target.0 as u32,
            loc,
            handler,
        });
        u.depth += stack_effect(op, 0, false);
        if u.depth > u.max_depth {
            u.max_depth = u.depth;
        }
    }

    fn push_handler(&mut self, label: Label, extra: i64, lasti: bool) -> Handler {
        let u = self.unit();
        let depth = (u.depth + extra).max(0) as u32;
        let h = Handler {
            label,
            depth,
            lasti,
        };
        // The handler runs with depth (+lasti) + exception on the stack.
        let at_handler = depth as i64 + lasti as i64 + 1;
        let entry = u.label_depth.entry(label.0).or_insert(at_handler);
        if at_handler > *entry {
            *entry = at_handler;
        }
        if at_handler + 2 > u.max_depth {
            u.max_depth = at_handler + 2;
        }
        u.handlers.push(h);
        h
    }

    fn pop_handler(&mut self) {
        self.unit().handlers.pop();
    }

    fn add_const(&mut self, c: CodeConstant) -> u32 {
        let u = self.unit();
        let key = match &c {
            CodeConstant::Value(v) => {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                const_hash(v, &mut h);
                Some(std::hash::Hasher::finish(&h))
            }
            _ => None,
        };
        if let (Some(k), CodeConstant::Value(v)) = (key, &c) {
            if let Some(found) = u.const_index.get(&k).and_then(|ixs| {
                ixs.iter().copied().find(|&i| {
                    matches!(&u.consts[i as usize], CodeConstant::Value(a) if const_identical(a, v))
                })
            }) {
                return found;
            }
        }
        u.consts.push(c);
        let i = (u.consts.len() - 1) as u32;
        if let Some(k) = key {
            u.const_index.entry(k).or_default().push(i);
        }
        i
    }

    fn load_const(&mut self, c: Constant) {
        let i = self.add_const(CodeConstant::Value(c));
        self.emit(Opcode::LoadConst, i);
    }

    fn name_idx(&mut self, name: &str) -> u32 {
        let u = self.unit();
        if let Some(&i) = u.name_index.get(name) {
            return i;
        }
        u.names.push(name.into());
        let i = (u.names.len() - 1) as u32;
        u.name_index.insert(name.to_string(), i);
        i
    }

    /// Private names (`__x` in a class) are mangled as `_Class__x`.
    fn mangle(&self, name: &str) -> String {
        if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
            return name.to_string();
        }
        for u in self.units.iter().rev() {
            if u.scope.kind == ScopeKind::Class {
                let class = u.name.trim_start_matches('_');
                if class.is_empty() {
                    return name.to_string();
                }
                return format!("_{class}{name}");
            }
        }
        name.to_string()
    }

    fn varname_slot(&mut self, name: &str) -> u32 {
        let u = self.unit();
        if let Some(i) = u.varnames.iter().position(|v| &**v == name) {
            return i as u32;
        }
        u.varnames.push(name.into());
        (u.varnames.len() - 1) as u32
    }

    /// The localsplus slot of a cell or free variable.
    fn deref_slot(&mut self, name: &str) -> u32 {
        let u = self.unit_ref();
        let nvars = u.varnames.len();
        if let Some(i) = u.cellvars.iter().position(|c| &**c == name) {
            if let Some(p) = u.varnames.iter().position(|v| &**v == name) {
                return p as u32;
            }
            let before = u.cellvars[..i]
                .iter()
                .filter(|c| !u.varnames.contains(c))
                .count();
            return (nvars + before) as u32;
        }
        let ncells = u
            .cellvars
            .iter()
            .filter(|c| !u.varnames.contains(c))
            .count();
        let i = u.freevars.iter().position(|f| &**f == name).unwrap_or(0);
        (nvars + ncells + i) as u32
    }

    /// Load, store or delete a name with the instruction its scope calls for.
    fn name_op(&mut self, name: &str, ctx: ExprContext) {
        let mangled = self.mangle(name);
        let (kind, scope) = {
            let u = self.unit_ref();
            (u.scope.kind, u.scope.lookup(&mangled))
        };
        enum Kind {
            Fast,
            Deref,
            Global,
            Name,
        }
        let k = match (scope, kind) {
            (NameScope::Free | NameScope::Cell, _) => Kind::Deref,
            (NameScope::Local, ScopeKind::Function) => Kind::Fast,
            (NameScope::GlobalImplicit, ScopeKind::Function) | (NameScope::GlobalExplicit, _) => {
                Kind::Global
            }
            _ => Kind::Name,
        };
        match (k, ctx) {
            (Kind::Fast, c) => {
                let slot = self.varname_slot(&mangled);
                let op = match c {
                    ExprContext::Load => Opcode::LoadFast,
                    ExprContext::Store => Opcode::StoreFast,
                    ExprContext::Del => Opcode::DeleteFast,
                };
                self.emit(op, slot);
            }
            (Kind::Deref, c) => {
                let slot = self.deref_slot(&mangled);
                let op = match c {
                    ExprContext::Load if kind == ScopeKind::Class => Opcode::LoadClassDeref,
                    ExprContext::Load => Opcode::LoadDeref,
                    ExprContext::Store => Opcode::StoreDeref,
                    ExprContext::Del => Opcode::DeleteDeref,
                };
                self.emit(op, slot);
            }
            (Kind::Global, c) => {
                let i = self.name_idx(&mangled);
                match c {
                    ExprContext::Load => self.emit(Opcode::LoadGlobal, i << 1),
                    ExprContext::Store => self.emit(Opcode::StoreGlobal, i),
                    ExprContext::Del => self.emit(Opcode::DeleteGlobal, i),
                }
            }
            (Kind::Name, c) => {
                let i = self.name_idx(&mangled);
                let op = match c {
                    ExprContext::Load => Opcode::LoadName,
                    ExprContext::Store => Opcode::StoreName,
                    ExprContext::Del => Opcode::DeleteName,
                };
                self.emit(op, i);
            }
        }
    }

    /// Start a code unit for `scope`.
    fn enter_unit(&mut self, scope: Scope, name: &str, firstlineno: u32) {
        let qualname = self.qualname_for(name, scope.kind);
        let mut u = Unit {
            name: name.to_string(),
            qualname,
            firstlineno,
            instrs: Vec::new(),
            labels: Vec::new(),
            consts: Vec::new(),
            const_index: HashMap::new(),
            names: Vec::new(),
            name_index: HashMap::new(),
            varnames: scope.params.iter().map(|p| p.as_str().into()).collect(),
            cellvars: Vec::new(),
            freevars: Vec::new(),
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            flags: 0,
            fblocks: Vec::new(),
            handlers: Vec::new(),
            depth: 0,
            max_depth: 0,
            label_depth: HashMap::new(),
            scope,
        };
        for (n, s) in u.scope.symbols() {
            match s {
                NameScope::Cell => u.cellvars.push(n.into()),
                NameScope::Free => u.freevars.push(n.into()),
                NameScope::Local
                    if u.scope.kind == ScopeKind::Function
                        && !u.varnames.iter().any(|v| **v == *n) =>
                {
                    u.varnames.push(n.into());
                }
                _ => {}
            }
        }
        if u.scope.kind == ScopeKind::Class && u.scope.needs_class_cell {
            u.cellvars.push("__class__".into());
        }
        u.freevars
            .extend(u.scope.free_class.iter().map(|n| n.as_str().into()));
        u.cellvars.sort();
        u.freevars.sort();
        self.units.push(u);
    }

    fn qualname_for(&self, name: &str, _kind: ScopeKind) -> String {
        match self.units.last() {
            None => name.to_string(),
            Some(parent) if parent.scope.kind == ScopeKind::Module => name.to_string(),
            Some(parent) => {
                // A name declared global in the parent is qualified from the top.
                if parent.scope.lookup(name) == NameScope::GlobalExplicit {
                    return name.to_string();
                }
                if parent.scope.kind == ScopeKind::Function {
                    format!("{}.<locals>.{}", parent.qualname, name)
                } else {
                    format!("{}.{}", parent.qualname, name)
                }
            }
        }
    }

    /// The scope the symbol table built for the node at `key`.
    fn child_scope(&mut self, key: Range) -> CResult<Scope> {
        let u = self.unit_ref();
        match u.scope.children.iter().find(|c| c.key == key) {
            Some(scope) => Ok(scope.clone()),
            None => Err(SyntaxError::new(
                "pyrs: internal compiler error: no scope for a nested block",
                key.lineno,
                0,
                key.lineno,
                0,
            )),
        }
    }

    /// The prologue CPython 3.11 starts every code object with.
    fn prologue(&mut self) {
        let cells: Vec<Name> = self.unit_ref().cellvars.clone();
        for c in cells {
            let slot = self.deref_slot(&c);
            self.emit(Opcode::MakeCell, slot);
        }
        let nfree = self.unit_ref().freevars.len() as u32;
        if nfree > 0 {
            self.emit(Opcode::CopyFreeVars, nfree);
        }
        if self.unit_ref().scope.is_generator || self.unit_ref().scope.is_coroutine {
            self.emit(Opcode::ReturnGenerator, 0);
            self.emit(Opcode::PopTop, 0);
        }
        self.emit(Opcode::Resume, 0);
    }

    /// Finish the current unit into a code object.
    fn leave_unit(&mut self) -> CResult<Arc<CodeObject>> {
        let u = self
            .units
            .pop()
            .ok_or_else(|| SyntaxError::new("internal: no code unit", 0, 0, 0, 0))?;
        Ok(Arc::new(assemble(u, &self.filename)?))
    }

    // ---- modules -----------------------------------------------------------------------

    /// Compile a module in `exec`, `eval` or `single` mode.
    pub fn compile_module(mut self, module: &Mod, scope: Scope) -> CResult<Arc<CodeObject>> {
        self.enter_unit(scope, "<module>", 1);
        self.prologue();
        match module {
            Mod::Module { body, .. } => {
                let body = self.docstring(body, true)?;
                self.annotations_setup(body);
                for s in body {
                    self.stmt(s)?;
                }
                self.load_const(Constant::None);
                self.emit(Opcode::ReturnValue, 0);
            }
            Mod::Interactive { body } => {
                self.interactive = true;
                for s in body {
                    self.stmt(s)?;
                }
                self.load_const(Constant::None);
                self.emit(Opcode::ReturnValue, 0);
            }
            Mod::Expression { body } => {
                self.expr(body)?;
                self.emit(Opcode::ReturnValue, 0);
            }
            Mod::FunctionType { .. } => {
                return Err(SyntaxError::new(
                    "function type mode is not supported",
                    0,
                    0,
                    0,
                    0,
                ))
            }
        }
        self.leave_unit()
    }

    /// Store a leading docstring (module: as `__doc__`); returns the rest of the body.
    fn docstring<'b>(&mut self, body: &'b [Stmt], module: bool) -> CResult<&'b [Stmt]> {
        if let Some(Stmt {
            kind: StmtKind::Expr { value },
            range,
        }) = body.first()
        {
            if let ExprKind::Constant {
                value: Constant::Str(s),
                ..
            } = &value.kind
            {
                if module {
                    if self.optimize < 2 {
                        self.set_loc(*range);
                        self.load_const(Constant::Str(s.clone()));
                        self.name_op("__doc__", ExprContext::Store);
                    }
                    return Ok(&body[1..]);
                }
            }
        }
        Ok(body)
    }

    fn annotations_setup(&mut self, body: &[Stmt]) {
        fn has_ann(body: &[Stmt]) -> bool {
            body.iter().any(|s| match &s.kind {
                StmtKind::AnnAssign { .. } => true,
                StmtKind::If { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
                    has_ann(body) || has_ann(orelse)
                }
                StmtKind::For(f) | StmtKind::AsyncFor(f) => has_ann(&f.body) || has_ann(&f.orelse),
                StmtKind::With(w) | StmtKind::AsyncWith(w) => has_ann(&w.body),
                StmtKind::Try(t) | StmtKind::TryStar(t) => {
                    has_ann(&t.body)
                        || has_ann(&t.orelse)
                        || has_ann(&t.finalbody)
                        || t.handlers.iter().any(|h| has_ann(&h.body))
                }
                _ => false,
            })
        }
        if has_ann(body) {
            self.emit(Opcode::SetupAnnotations, 0);
        }
    }

    // ---- statements ----------------------------------------------------------------------

    fn stmts(&mut self, body: &[Stmt]) -> CResult {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> CResult {
        self.set_loc(s.range);
        match &s.kind {
            StmtKind::Expr { value } => {
                if self.interactive && self.unit_ref().scope.kind == ScopeKind::Module {
                    self.expr(value)?;
                    self.emit(Opcode::PrintExpr, 0);
                } else if matches!(value.kind, ExprKind::Constant { .. }) {
                    self.emit(Opcode::Nop, 0);
                } else {
                    self.expr(value)?;
                    self.set_loc(s.range);
                    self.emit(Opcode::PopTop, 0);
                }
            }
            StmtKind::Assign { targets, value, .. } => {
                self.expr(value)?;
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.emit(Opcode::Copy, 1);
                    }
                    self.store_target(t)?;
                }
            }
            StmtKind::AugAssign { target, op, value } => self.aug_assign(target, *op, value)?,
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => {
                if let Some(v) = value {
                    self.expr(v)?;
                    self.store_target(target)?;
                }
                let in_function = self.unit_ref().scope.kind == ScopeKind::Function;
                match &target.kind {
                    ExprKind::Name { id, .. } if *simple && !in_function => {
                        self.annotation(annotation)?;
                        let anns = self.name_idx("__annotations__");
                        self.emit(Opcode::LoadName, anns);
                        let key = self.mangle(id);
                        self.load_const(Constant::Str(key.as_str().into()));
                        self.emit(Opcode::StoreSubscr, 0);
                    }
                    _ => {
                        // A complex target without a value is still evaluated (its
                        // object, and a subscript's index); its annotation is evaluated
                        // and dropped in modules and classes unless annotations are
                        // postponed.
                        if value.is_none() {
                            match &target.kind {
                                ExprKind::Attribute { value: obj, .. } => {
                                    self.expr(obj)?;
                                    self.emit(Opcode::PopTop, 0);
                                }
                                ExprKind::Subscript {
                                    value: obj, slice, ..
                                } => {
                                    self.expr(obj)?;
                                    self.emit(Opcode::PopTop, 0);
                                    self.expr(slice)?;
                                    self.emit(Opcode::PopTop, 0);
                                }
                                _ => {}
                            }
                        }
                        if !self.features.annotations && !in_function && !*simple {
                            self.expr(annotation)?;
                            self.emit(Opcode::PopTop, 0);
                        }
                    }
                }
            }
            StmtKind::Delete { targets } => {
                for t in targets {
                    self.delete_target(t)?;
                }
            }
            StmtKind::Pass => self.emit(Opcode::Nop, 0),
            StmtKind::If { test, body, orelse } => {
                let end = self.new_label();
                let next = if orelse.is_empty() {
                    end
                } else {
                    self.new_label()
                };
                self.jump_if(test, false, next)?;
                self.stmts(body)?;
                if !orelse.is_empty() {
                    self.emit_jump(Opcode::Jump, end);
                    self.bind(next);
                    self.stmts(orelse)?;
                }
                self.bind(end);
            }
            StmtKind::While { test, body, orelse } => {
                // As CPython 3.11: the test is compiled twice, before the loop and at the
                // end of the body, which jumps back to the body while it holds (one jump
                // an iteration, not two); `continue` goes to the first test. A test that
                // is always true becomes a NOP (for the line) and a plain jump back.
                let start = self.new_label();
                let body_start = self.new_label();
                let end = self.new_label();
                let exit = self.new_label();
                let always = crate::fold::always_true(test);
                self.bind(start);
                if always {
                    self.set_loc(test.range);
                    self.emit(Opcode::Nop, 0);
                } else {
                    self.jump_if(test, false, exit)?;
                }
                self.bind(body_start);
                self.unit().fblocks.push(FBlock::WhileLoop { start, end });
                self.stmts(body)?;
                self.unit().fblocks.pop();
                if always {
                    self.set_loc(test.range);
                    self.emit_jump(Opcode::Jump, body_start);
                } else {
                    self.jump_if(test, true, body_start)?;
                }
                self.bind(exit);
                self.stmts(orelse)?;
                self.bind(end);
            }
            StmtKind::For(f) => {
                let start = self.new_label();
                let cleanup = self.new_label();
                let end = self.new_label();
                self.expr(&f.iter)?;
                self.emit(Opcode::GetIter, 0);
                self.bind(start);
                self.emit_jump(Opcode::ForIter, cleanup);
                self.store_target(&f.target)?;
                self.unit().fblocks.push(FBlock::ForLoop { start, end });
                self.stmts(&f.body)?;
                self.unit().fblocks.pop();
                // No line for the jump back, as in CPython: `line` events come from FOR_ITER.
                self.loc = Location::default();
                self.emit_jump(Opcode::Jump, start);
                self.bind(cleanup);
                self.stmts(&f.orelse)?;
                self.bind(end);
            }
            StmtKind::Break | StmtKind::Continue => self.break_continue(s)?,
            StmtKind::Return { value } => {
                if self.unit_ref().scope.kind != ScopeKind::Function {
                    return Err(self.error("'return' outside function", s.range));
                }
                let preserve = value.is_some();
                if let Some(v) = value {
                    self.expr(v)?;
                }
                if self
                    .unit_ref()
                    .fblocks
                    .iter()
                    .any(|b| matches!(b, FBlock::ExceptStar))
                {
                    let at = value.as_ref().map_or(s.range, |v| v.range);
                    return Err(self.error(EXCEPT_STAR_EXIT, at));
                }
                let saved_handlers = self.unit_ref().handlers.clone();
                let saved_depth = self.unit_ref().depth;
                let runs_finally = self
                    .unit_ref()
                    .fblocks
                    .iter()
                    .any(|b| matches!(b, FBlock::FinallyTry { .. }));
                self.unwind_all(preserve)?;
                if runs_finally {
                    // As CPython: after a finally body the return has no line of its own
                    // (it seems to run after the statement that caused the unwinding).
                    self.loc = Location::default();
                } else {
                    self.set_loc(s.range);
                }
                if !preserve {
                    self.load_const(Constant::None);
                }
                self.emit(Opcode::ReturnValue, 0);
                let u = self.unit();
                u.handlers = saved_handlers;
                u.depth = saved_depth - i64::from(preserve);
            }
            StmtKind::Raise { exc, cause } => {
                let mut n = 0;
                if let Some(e) = exc {
                    self.expr(e)?;
                    n = 1;
                    if let Some(c) = cause {
                        self.expr(c)?;
                        n = 2;
                    }
                }
                self.set_loc(s.range);
                self.emit(Opcode::RaiseVarargs, n);
            }
            StmtKind::Assert { test, msg } => {
                if matches!(&test.kind, ExprKind::Tuple { elts, .. } if !elts.is_empty()) {
                    self.warn(
                        "assertion is always true, perhaps remove parentheses?",
                        s.range,
                    );
                }
                if self.optimize == 0 {
                    let end = self.new_label();
                    self.jump_if(test, true, end)?;
                    self.set_loc(s.range);
                    self.emit(Opcode::LoadAssertionError, 0);
                    if let Some(m) = msg {
                        self.expr(m)?;
                        self.emit(Opcode::Call, 0);
                    }
                    self.emit(Opcode::RaiseVarargs, 1);
                    self.bind(end);
                }
            }
            StmtKind::Import { names } => {
                for a in names {
                    self.load_const(Constant::Int(IntValue::Small(0)));
                    self.load_const(Constant::None);
                    let i = self.name_idx(&a.name);
                    self.emit(Opcode::ImportName, i);
                    match &a.asname {
                        Some(asname) => {
                            let mut parts = a.name.split('.').skip(1).peekable();
                            while let Some(part) = parts.next() {
                                let i = self.name_idx(part);
                                self.emit(Opcode::ImportFrom, i);
                                self.emit(Opcode::Swap, 2);
                                self.emit(Opcode::PopTop, 0);
                                let _ = parts.peek();
                            }
                            self.name_op(asname, ExprContext::Store);
                        }
                        None => {
                            let first = a.name.split('.').next().unwrap_or("").to_string();
                            self.name_op(&first, ExprContext::Store);
                        }
                    }
                }
            }
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => {
                self.load_const(Constant::Int(IntValue::Small(i64::from(*level))));
                let fromlist: Vec<Constant> = names
                    .iter()
                    .map(|a| Constant::Str(a.name.as_str().into()))
                    .collect();
                self.load_const(Constant::Tuple(fromlist));
                let modname = module.clone().unwrap_or_default();
                let i = self.name_idx(&modname);
                self.emit(Opcode::ImportName, i);
                if names.len() == 1 && names[0].name == "*" {
                    self.emit(Opcode::ImportStar, 0);
                } else {
                    for a in names {
                        let i = self.name_idx(&a.name);
                        self.emit(Opcode::ImportFrom, i);
                        let bound = a.asname.clone().unwrap_or_else(|| a.name.clone());
                        self.name_op(&bound, ExprContext::Store);
                    }
                    self.emit(Opcode::PopTop, 0);
                }
            }
            StmtKind::Global { .. } | StmtKind::Nonlocal { .. } => self.emit(Opcode::Nop, 0),
            StmtKind::FunctionDef(f) => self.function_def(f, s.range, false)?,
            StmtKind::AsyncFunctionDef(f) => self.function_def(f, s.range, true)?,
            StmtKind::ClassDef(c) => self.class_def(c, s.range)?,
            StmtKind::Try(t) => {
                if t.finalbody.is_empty() {
                    self.try_except(t)?;
                } else {
                    self.try_finally(t, false)?;
                }
            }
            StmtKind::With(w) => self.with_stmt_kind(w, 0, false)?,
            StmtKind::TryStar(t) => {
                if t.finalbody.is_empty() {
                    self.try_star_except(t)?;
                } else {
                    self.try_finally(t, true)?;
                }
            }
            StmtKind::Match { subject, cases } => self.match_stmt(subject, cases)?,
            StmtKind::AsyncWith(w) => self.with_stmt_kind(w, 0, true)?,
            StmtKind::AsyncFor(f) => {
                // As CPython: __anext__ is awaited under a handler that ends the loop on
                // StopAsyncIteration (END_ASYNC_FOR).
                let start = self.new_label();
                let except = self.new_label();
                let end = self.new_label();
                self.expr(&f.iter)?;
                self.emit(Opcode::GetAiter, 0);
                self.bind(start);
                let h = self.push_handler(except, 0, false);
                self.emit(Opcode::GetAnext, 0);
                self.load_const(Constant::None);
                self.yield_from_loop(3);
                self.remove_handler(h);
                self.store_target(&f.target)?;
                self.unit().fblocks.push(FBlock::ForLoop { start, end });
                self.stmts(&f.body)?;
                self.unit().fblocks.pop();
                self.set_loc(s.range);
                self.emit_jump(Opcode::Jump, start);
                self.bind(except);
                self.emit(Opcode::EndAsyncFor, 0);
                self.stmts(&f.orelse)?;
                self.bind(end);
            }
        }
        Ok(())
    }

    fn break_continue(&mut self, s: &Stmt) -> CResult {
        let is_break = matches!(s.kind, StmtKind::Break);
        // Find the innermost loop, unwinding what lies between.
        let blocks = self.unit_ref().fblocks.clone();
        let loop_at = blocks
            .iter()
            .rposition(|b| matches!(b, FBlock::ForLoop { .. } | FBlock::WhileLoop { .. }));
        if blocks[loop_at.map_or(0, |i| i + 1)..]
            .iter()
            .any(|b| matches!(b, FBlock::ExceptStar))
        {
            return Err(self.error(EXCEPT_STAR_EXIT, s.range));
        }
        let Some(loop_index) = blocks
            .iter()
            .rposition(|b| matches!(b, FBlock::ForLoop { .. } | FBlock::WhileLoop { .. }))
        else {
            let msg = if is_break {
                "'break' outside loop"
            } else {
                "'continue' not properly in loop"
            };
            return Err(self.error(msg, s.range));
        };
        let saved_handlers = self.unit_ref().handlers.clone();
        let saved_depth = self.unit_ref().depth;
        for (i, b) in blocks.iter().enumerate().skip(loop_index + 1).rev() {
            self.unwind_block(i, b, false)?;
        }
        self.set_loc(s.range);
        match &blocks[loop_index] {
            FBlock::ForLoop { start, end } => {
                if is_break {
                    self.emit(Opcode::PopTop, 0);
                    self.emit_jump(Opcode::Jump, *end);
                } else {
                    self.emit_jump(Opcode::Jump, *start);
                }
            }
            FBlock::WhileLoop { start, end } => {
                self.emit_jump(Opcode::Jump, if is_break { *end } else { *start });
            }
            _ => {}
        }
        let u = self.unit();
        u.handlers = saved_handlers;
        u.depth = saved_depth;
        Ok(())
    }

    /// Undo every block for a `return` (the return value, if any, stays on top).
    fn unwind_all(&mut self, preserve_tos: bool) -> CResult {
        let blocks = self.unit_ref().fblocks.clone();
        for (i, b) in blocks.iter().enumerate().rev() {
            self.unwind_block(i, b, preserve_tos)?;
        }
        Ok(())
    }

    /// The code that leaves one block early (CPython's compiler_unwind_fblock).
    /// `index` is the block's position in the fblock stack: a `finally` body compiled
    /// while unwinding sees only the blocks outside it.
    fn unwind_block(&mut self, index: usize, block: &FBlock, preserve_tos: bool) -> CResult {
        match block {
            FBlock::WhileLoop { .. } => {}
            FBlock::ForLoop { .. } => {
                if preserve_tos {
                    self.emit(Opcode::Swap, 2);
                }
                self.emit(Opcode::PopTop, 0);
            }
            FBlock::TryExcept { handler } => {
                self.remove_handler(*handler);
            }
            // Refused before unwinding (see `check_except_star_exit`).
            FBlock::ExceptStar => {}
            FBlock::FinallyTry { body, handler } => {
                self.remove_handler(*handler);
                // Run the final body inline, with its own blocks hidden.
                let saved = std::mem::take(&mut self.unit().fblocks);
                self.unit().fblocks = saved[..index.min(saved.len())].to_vec();
                let body = body.clone();
                self.stmts(&body)?;
                self.unit().fblocks = saved;
            }
            FBlock::FinallyEnd => {
                if preserve_tos {
                    self.emit(Opcode::Swap, 2);
                }
                self.emit(Opcode::PopTop, 0); // exc
                if preserve_tos {
                    self.emit(Opcode::Swap, 2);
                }
                self.emit(Opcode::PopExcept, 0);
            }
            FBlock::With { handler, is_async } => {
                self.remove_handler(*handler);
                if preserve_tos {
                    self.emit(Opcode::Swap, 2);
                }
                self.call_exit_with_nones(*is_async);
            }
            FBlock::HandlerCleanup { name } => {
                // Leave the handler body's cleanup handler(s): the name-clearing one of
                // `except E as name`, then the one that restores the previous exception.
                if name.is_some() {
                    self.pop_handler();
                }
                self.pop_handler();
                if preserve_tos {
                    self.emit(Opcode::Swap, 2);
                }
                self.emit(Opcode::PopExcept, 0);
                if let Some(n) = name {
                    self.load_const(Constant::None);
                    self.name_op(n, ExprContext::Store);
                    self.name_op(n, ExprContext::Del);
                }
            }
        }
        Ok(())
    }

    fn remove_handler(&mut self, h: Handler) {
        let u = self.unit();
        if let Some(i) = u.handlers.iter().rposition(|x| *x == h) {
            u.handlers.truncate(i);
        }
    }

    fn call_exit_with_nones(&mut self, is_async: bool) {
        self.load_const(Constant::None);
        self.load_const(Constant::None);
        self.load_const(Constant::None);
        self.emit(Opcode::Call, 2);
        if is_async {
            self.await_top(2);
        }
        self.emit(Opcode::PopTop, 0);
    }

    fn try_except(&mut self, t: &Try) -> CResult {
        let handler_label = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        let h = self.push_handler(handler_label, 0, false);
        self.unit().fblocks.push(FBlock::TryExcept { handler: h });
        self.emit(Opcode::Nop, 0);
        self.stmts(&t.body)?;
        self.unit().fblocks.pop();
        self.pop_handler();
        self.stmts(&t.orelse)?;
        self.emit_jump(Opcode::Jump, end);
        // Exception path: [exc].
        self.bind(handler_label);
        let cleanup_handler = self.push_handler(cleanup, 0, true);
        self.emit(Opcode::PushExcInfo, 0);
        for (i, h) in t.handlers.iter().enumerate() {
            self.set_loc(h.range);
            let next = self.new_label();
            if let Some(ty) = &h.type_ {
                self.expr(ty)?;
                self.emit(Opcode::CheckExcMatch, 0);
                self.emit_jump(Opcode::PopJumpIfFalse, next);
            } else if i + 1 < t.handlers.len() {
                return Err(self.error("default 'except:' must be last", h.range));
            }
            match &h.name {
                Some(name) => {
                    self.name_op(name, ExprContext::Store);
                    let cleanup_end = self.new_label();
                    let inner = self.push_handler(cleanup_end, 0, true);
                    self.unit().fblocks.push(FBlock::HandlerCleanup {
                        name: Some(name.clone()),
                    });
                    self.stmts(&h.body)?;
                    self.unit().fblocks.pop();
                    self.remove_handler(inner);
                    self.remove_handler(cleanup_handler);
                    self.emit(Opcode::PopExcept, 0);
                    self.load_const(Constant::None);
                    self.name_op(name, ExprContext::Store);
                    self.name_op(name, ExprContext::Del);
                    self.emit_jump(Opcode::Jump, end);
                    // The body raised: clear the name, re-raise (covered by `cleanup`).
                    self.unit().handlers.push(cleanup_handler);
                    self.bind(cleanup_end);
                    self.load_const(Constant::None);
                    self.name_op(name, ExprContext::Store);
                    self.name_op(name, ExprContext::Del);
                    self.emit(Opcode::Reraise, 1);
                }
                None => {
                    self.emit(Opcode::PopTop, 0);
                    self.unit()
                        .fblocks
                        .push(FBlock::HandlerCleanup { name: None });
                    self.stmts(&h.body)?;
                    self.unit().fblocks.pop();
                    self.remove_handler(cleanup_handler);
                    self.emit(Opcode::PopExcept, 0);
                    self.emit_jump(Opcode::Jump, end);
                    self.unit().handlers.push(cleanup_handler);
                }
            }
            self.bind(next);
        }
        // No handler matched: re-raise with the previous exception restored.
        self.emit(Opcode::Reraise, 0);
        self.remove_handler(cleanup_handler);
        self.bind(cleanup);
        self.emit(Opcode::Copy, 3);
        self.emit(Opcode::PopExcept, 0);
        self.emit(Opcode::Reraise, 1);
        self.bind(end);
        Ok(())
    }

    /// `try ... except*` as CPython 3.11 compiles it: each clause splits what is left of
    /// the group (CHECK_EG_MATCH), exceptions raised by clause bodies are collected in a
    /// list, and PREP_RERAISE_STAR computes what to raise at the end.
    fn try_star_except(&mut self, t: &Try) -> CResult {
        let handler_label = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        let reraise_star = self.new_label();
        let reraise = self.new_label();
        let h = self.push_handler(handler_label, 0, false);
        self.unit().fblocks.push(FBlock::TryExcept { handler: h });
        self.emit(Opcode::Nop, 0);
        self.stmts(&t.body)?;
        self.unit().fblocks.pop();
        self.pop_handler();
        self.stmts(&t.orelse)?;
        self.emit_jump(Opcode::Jump, end);
        // Exception path: [exc].
        self.bind(handler_label);
        let cleanup_handler = self.push_handler(cleanup, 0, true);
        self.emit(Opcode::PushExcInfo, 0);
        self.unit().fblocks.push(FBlock::ExceptStar);
        let n = t.handlers.len();
        for (i, h) in t.handlers.iter().enumerate() {
            self.set_loc(h.range);
            let next = self.new_label();
            let handle_match = self.new_label();
            if i == 0 {
                // [prev, exc] -> [prev, orig, [], exc]
                self.emit(Opcode::Copy, 1);
                self.emit(Opcode::BuildList, 0);
                self.emit(Opcode::Swap, 2);
            }
            let Some(ty) = &h.type_ else {
                return Err(self.error("expected one or more exception types", h.range));
            };
            self.expr(ty)?;
            // [.., rest, type] -> [.., rest, match]
            self.emit(Opcode::CheckEgMatch, 0);
            self.emit(Opcode::Copy, 1);
            self.emit_jump(Opcode::PopJumpIfNotNone, handle_match);
            self.emit(Opcode::PopTop, 0);
            self.emit_jump(Opcode::Jump, next);
            self.bind(handle_match);
            match &h.name {
                Some(name) => self.name_op(name, ExprContext::Store),
                None => self.emit(Opcode::PopTop, 0),
            }
            // [prev, orig, list, rest]
            let cleanup_end = self.new_label();
            let inner = self.push_handler(cleanup_end, 0, true);
            self.unit().fblocks.push(FBlock::HandlerCleanup {
                name: h.name.clone(),
            });
            self.stmts(&h.body)?;
            self.unit().fblocks.pop();
            self.remove_handler(inner);
            if let Some(name) = &h.name {
                self.load_const(Constant::None);
                self.name_op(name, ExprContext::Store);
                self.name_op(name, ExprContext::Del);
            }
            self.emit_jump(Opcode::Jump, next);
            // The body raised: [prev, orig, list, rest, lasti, exc].
            self.bind(cleanup_end);
            if let Some(name) = &h.name {
                self.load_const(Constant::None);
                self.name_op(name, ExprContext::Store);
                self.name_op(name, ExprContext::Del);
            }
            self.emit(Opcode::ListAppend, 3);
            self.emit(Opcode::PopTop, 0);
            self.bind(next);
            if i + 1 == n {
                // What no clause matched joins the list: [prev, orig, list].
                self.emit(Opcode::ListAppend, 1);
                self.emit_jump(Opcode::Jump, reraise_star);
            }
        }
        self.unit().fblocks.pop();
        self.bind(reraise_star);
        self.emit(Opcode::PrepReraiseStar, 0);
        self.emit(Opcode::Copy, 1);
        self.emit_jump(Opcode::PopJumpIfNotNone, reraise);
        self.remove_handler(cleanup_handler);
        // Nothing to re-raise: [prev, None].
        self.emit(Opcode::PopTop, 0);
        self.emit(Opcode::PopExcept, 0);
        self.emit_jump(Opcode::Jump, end);
        // [prev, exc]
        self.bind(reraise);
        self.emit(Opcode::Swap, 2);
        self.emit(Opcode::PopExcept, 0);
        self.emit(Opcode::Reraise, 0);
        self.bind(cleanup);
        self.emit(Opcode::Copy, 3);
        self.emit(Opcode::PopExcept, 0);
        self.emit(Opcode::Reraise, 1);
        self.bind(end);
        Ok(())
    }

    fn try_finally(&mut self, t: &Try, is_star: bool) -> CResult {
        let exc_path = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        let h = self.push_handler(exc_path, 0, false);
        self.unit().fblocks.push(FBlock::FinallyTry {
            body: t.finalbody.clone(),
            handler: h,
        });
        if t.handlers.is_empty() {
            self.emit(Opcode::Nop, 0);
            self.stmts(&t.body)?;
            self.stmts(&t.orelse)?;
        } else {
            let inner = Try {
                body: t.body.clone(),
                handlers: t.handlers.clone(),
                orelse: t.orelse.clone(),
                finalbody: Vec::new(),
            };
            if is_star {
                self.try_star_except(&inner)?;
            } else {
                self.try_except(&inner)?;
            }
        }
        self.unit().fblocks.pop();
        self.remove_handler(h);
        self.stmts(&t.finalbody)?;
        self.emit_jump(Opcode::Jump, exit);
        // Exception path: [exc].
        self.bind(exc_path);
        let ch = self.push_handler(cleanup, 0, true);
        self.emit(Opcode::PushExcInfo, 0);
        self.unit().fblocks.push(FBlock::FinallyEnd);
        self.stmts(&t.finalbody)?;
        self.unit().fblocks.pop();
        self.emit(Opcode::Reraise, 0);
        self.remove_handler(ch);
        self.bind(cleanup);
        self.emit(Opcode::Copy, 3);
        self.emit(Opcode::PopExcept, 0);
        self.emit(Opcode::Reraise, 1);
        self.bind(exit);
        Ok(())
    }

    /// `await` the value on top of the stack (a result of `__aenter__`/`__aexit__`).
    fn await_top(&mut self, where_: u32) {
        self.emit(Opcode::GetAwaitable, where_);
        self.load_const(Constant::None);
        self.yield_from_loop(3);
    }

    fn with_stmt_kind(&mut self, w: &With, item: usize, is_async: bool) -> CResult {
        let Some(it) = w.items.get(item) else {
            return self.stmts(&w.body);
        };
        let cleanup = self.new_label();
        let exit = self.new_label();
        self.expr(&it.context_expr)?;
        if is_async {
            self.emit(Opcode::BeforeAsyncWith, 0);
            self.await_top(1);
        } else {
            self.emit(Opcode::BeforeWith, 0);
        }
        // [exit_func, enter_result]: the handler keeps exit_func.
        let h = self.push_handler(cleanup, -1, true);
        match &it.optional_vars {
            Some(t) => self.store_target(t)?,
            None => self.emit(Opcode::PopTop, 0),
        }
        self.unit().fblocks.push(FBlock::With {
            handler: h,
            is_async,
        });
        self.with_stmt_kind(w, item + 1, is_async)?;
        self.unit().fblocks.pop();
        self.remove_handler(h);
        self.call_exit_with_nones(is_async);
        self.emit_jump(Opcode::Jump, exit);
        // [exit_func, lasti, exc]
        self.bind(cleanup);
        let cleanup_reraise = self.new_label();
        let ch = self.push_handler(cleanup_reraise, 0, true);
        self.emit(Opcode::PushExcInfo, 0);
        self.emit(Opcode::WithExceptStart, 0);
        if is_async {
            self.await_top(2);
        }
        let suppress = self.new_label();
        self.emit_jump(Opcode::PopJumpIfTrue, suppress);
        self.emit(Opcode::Reraise, 2);
        // __exit__ returned true: drop exc, restore the previous one, drop lasti, exit.
        self.bind(suppress);
        self.emit(Opcode::PopTop, 0);
        self.remove_handler(ch);
        self.emit(Opcode::PopExcept, 0);
        self.emit(Opcode::PopTop, 0);
        self.emit(Opcode::PopTop, 0);
        self.emit_jump(Opcode::Jump, exit);
        self.bind(cleanup_reraise);
        self.emit(Opcode::Copy, 3);
        self.emit(Opcode::PopExcept, 0);
        self.emit(Opcode::Reraise, 1);
        self.bind(exit);
        Ok(())
    }

    /// `match`: each case tests a copy of the subject (the last case the subject itself);
    /// a pattern consumes what it tests, jumping to the case's failure label on mismatch.
    /// Captured names are stored as soon as their sub-pattern matches.
    fn match_stmt(&mut self, subject: &Expr, cases: &[MatchCase]) -> CResult {
        for (i, case) in cases.iter().enumerate() {
            // As CPython's pc->allow_irrefutable: a capture or wildcard may only end the
            // last case, a guarded case, or the last alternative of an or-pattern.
            let allow = case.guard.is_some() || i + 1 == cases.len();
            self.check_irrefutable(&case.pattern, allow)?;
            let mut names = Vec::new();
            self.check_pattern_names(&case.pattern, &mut names)?;
        }
        self.expr(subject)?;
        let end = self.new_label();
        for (i, case) in cases.iter().enumerate() {
            let last = i + 1 == cases.len();
            let fail = self.new_label();
            self.set_loc(case.pattern.range);
            if !last {
                self.emit(Opcode::Copy, 1);
            }
            self.pattern(&case.pattern, fail)?;
            if let Some(guard) = &case.guard {
                self.jump_if(guard, false, fail)?;
            }
            if !last {
                self.emit(Opcode::PopTop, 0);
            }
            self.stmts(&case.body)?;
            self.emit_jump(Opcode::Jump, end);
            self.bind(fail);
            if last {
                // Nothing matched; the subject was consumed by the last pattern.
            }
        }
        if !cases.is_empty() {
            // After the last failure label the subject copy is gone only if there was a
            // last case; keep the depth consistent with `end`.
        }
        self.bind(end);
        Ok(())
    }

    /// CPython's "makes remaining patterns unreachable" errors: an irrefutable capture
    /// or wildcard where later patterns could still be tried.
    fn check_irrefutable(&self, p: &Pattern, allow: bool) -> CResult {
        match &p.kind {
            PatternKind::MatchAs {
                pattern: None,
                name,
            } if !allow => {
                let msg = match name {
                    Some(n) => format!("name capture '{n}' makes remaining patterns unreachable"),
                    None => "wildcard makes remaining patterns unreachable".to_string(),
                };
                return Err(self.error(&msg, p.range));
            }
            PatternKind::MatchAs {
                pattern: Some(q), ..
            } => self.check_irrefutable(q, allow)?,
            PatternKind::MatchOr { patterns } => {
                for (i, q) in patterns.iter().enumerate() {
                    self.check_irrefutable(q, allow && i + 1 == patterns.len())?;
                }
            }
            PatternKind::MatchSequence { patterns } => {
                for q in patterns {
                    self.check_irrefutable(q, true)?;
                }
            }
            PatternKind::MatchMapping { patterns, .. } => {
                for q in patterns {
                    self.check_irrefutable(q, true)?;
                }
            }
            PatternKind::MatchClass {
                patterns,
                kwd_patterns,
                ..
            } => {
                for q in patterns.iter().chain(kwd_patterns) {
                    self.check_irrefutable(q, true)?;
                }
            }
            PatternKind::MatchValue { value } if match_literal_key(value).is_none() => {
                return Err(self.error(
                    "patterns may only match literals and attribute lookups",
                    p.range,
                ));
            }
            _ => {}
        }
        Ok(())
    }

    /// CPython's checks on the names a pattern binds.
    fn check_pattern_names(&self, p: &Pattern, names: &mut Vec<String>) -> CResult {
        let bind = |name: &str, names: &mut Vec<String>| -> CResult {
            if names.iter().any(|n| n == name) {
                return Err(self.error(
                    &format!("multiple assignments to name '{name}' in pattern"),
                    p.range,
                ));
            }
            names.push(name.to_string());
            Ok(())
        };
        match &p.kind {
            PatternKind::MatchAs { pattern, name } => {
                if let Some(q) = pattern {
                    self.check_pattern_names(q, names)?;
                }
                if let Some(n) = name {
                    bind(n, names)?;
                }
            }
            PatternKind::MatchStar { name: Some(n) } => bind(n, names)?,
            PatternKind::MatchSequence { patterns } => {
                if patterns
                    .iter()
                    .filter(|q| matches!(q.kind, PatternKind::MatchStar { .. }))
                    .count()
                    > 1
                {
                    return Err(self.error("multiple starred names in sequence pattern", p.range));
                }
                for q in patterns {
                    self.check_pattern_names(q, names)?;
                }
            }
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => {
                let mut seen: Vec<LiteralKey> = Vec::new();
                for k in keys {
                    match match_literal_key(k) {
                        None => return Err(self.error(
                            "mapping pattern keys may only match literals and attribute lookups",
                            k.range,
                        )),
                        Some(Some((key, repr))) => {
                            // Keys compare as Python values: 0, False, 0.0, -0 and 0j are one.
                            if seen.contains(&key) {
                                return Err(self.error(
                                    &format!("mapping pattern checks duplicate key ({repr})"),
                                    p.range,
                                ));
                            }
                            seen.push(key);
                        }
                        Some(None) => {}
                    }
                }
                for q in patterns {
                    self.check_pattern_names(q, names)?;
                }
                if let Some(r) = rest {
                    bind(r, names)?;
                }
            }
            PatternKind::MatchClass {
                patterns,
                kwd_attrs,
                kwd_patterns,
                ..
            } => {
                for (i, a) in kwd_attrs.iter().enumerate() {
                    if kwd_attrs[..i].iter().any(|b| b.as_str() == a.as_str()) {
                        return Err(self.error(
                            &format!("attribute name repeated in class pattern: {}", a.as_str()),
                            p.range,
                        ));
                    }
                }
                for q in patterns.iter().chain(kwd_patterns) {
                    self.check_pattern_names(q, names)?;
                }
            }
            PatternKind::MatchOr { patterns } => {
                let mut first: Option<Vec<String>> = None;
                for q in patterns {
                    let mut alt = Vec::new();
                    self.check_pattern_names(q, &mut alt)?;
                    alt.sort();
                    match &first {
                        None => first = Some(alt),
                        Some(f) if *f != alt => {
                            return Err(
                                self.error("alternative patterns bind different names", p.range)
                            );
                        }
                        _ => {}
                    }
                }
                for n in first.unwrap_or_default() {
                    bind(&n, names)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Pop `n` items and jump to `target` (a failure path with leftovers on the stack).
    fn pop_and_jump(&mut self, n: usize, target: Label) -> Label {
        let label = self.new_label();
        let after = self.new_label();
        self.emit_jump(Opcode::Jump, after);
        self.bind(label);
        for _ in 0..n {
            self.emit(Opcode::PopTop, 0);
        }
        self.emit_jump(Opcode::Jump, target);
        self.bind(after);
        label
    }

    /// Test the subject on top of the stack against `p`, consuming it; jump to `fail`
    /// (with the subject consumed) on mismatch.
    fn pattern(&mut self, p: &Pattern, fail: Label) -> CResult {
        self.set_loc(p.range);
        match &p.kind {
            PatternKind::MatchValue { value } => {
                self.expr(value)?;
                self.emit(Opcode::CompareOp, CompareOpArg::Eq as u32);
                self.emit_jump(Opcode::PopJumpIfFalse, fail);
            }
            PatternKind::MatchSingleton { value } => {
                self.load_const(value.clone());
                self.emit(Opcode::IsOp, 0);
                self.emit_jump(Opcode::PopJumpIfFalse, fail);
            }
            PatternKind::MatchAs {
                pattern: None,
                name,
            } => match name {
                Some(n) => self.name_op(n, ExprContext::Store),
                None => self.emit(Opcode::PopTop, 0),
            },
            PatternKind::MatchAs {
                pattern: Some(inner),
                name,
            } => {
                self.emit(Opcode::Copy, 1);
                let fail_pop = self.pop_and_jump(1, fail);
                self.pattern(inner, fail_pop)?;
                match name {
                    Some(n) => self.name_op(n, ExprContext::Store),
                    None => self.emit(Opcode::PopTop, 0),
                }
            }
            PatternKind::MatchOr { patterns } => {
                let success = self.new_label();
                for (i, alt) in patterns.iter().enumerate() {
                    if i + 1 == patterns.len() {
                        self.pattern(alt, fail)?;
                    } else {
                        let next = self.new_label();
                        self.emit(Opcode::Copy, 1);
                        self.pattern(alt, next)?;
                        self.emit(Opcode::PopTop, 0);
                        self.emit_jump(Opcode::Jump, success);
                        self.bind(next);
                    }
                }
                self.bind(success);
            }
            PatternKind::MatchStar { .. } => {
                return Err(self.error("can't use starred name here", p.range))
            }
            PatternKind::MatchSequence { patterns } => {
                let fail_pop1 = self.pop_and_jump(1, fail);
                self.emit(Opcode::MatchSequence, 0);
                self.emit_jump(Opcode::PopJumpIfFalse, fail_pop1);
                let star = patterns
                    .iter()
                    .position(|q| matches!(q.kind, PatternKind::MatchStar { .. }));
                let n = patterns.len();
                self.emit(Opcode::GetLen, 0);
                match star {
                    Some(_) => {
                        self.load_const(Constant::Int(IntValue::Small(n as i64 - 1)));
                        self.emit(Opcode::CompareOp, CompareOpArg::Ge as u32);
                    }
                    None => {
                        self.load_const(Constant::Int(IntValue::Small(n as i64)));
                        self.emit(Opcode::CompareOp, CompareOpArg::Eq as u32);
                    }
                }
                self.emit_jump(Opcode::PopJumpIfFalse, fail_pop1);
                let is_wildcard = |q: &Pattern| {
                    matches!(
                        q.kind,
                        PatternKind::MatchStar { name: None }
                            | PatternKind::MatchAs {
                                pattern: None,
                                name: None
                            }
                    )
                };
                if patterns.iter().all(is_wildcard) {
                    // [] / [_] / [_, *_] ...: the length check was all.
                    self.emit(Opcode::PopTop, 0);
                } else if let Some(si) = star.filter(|&si| is_wildcard(&patterns[si])) {
                    // As CPython, a wildcard star takes the other items by subscript
                    // (from the end after the star) instead of unpacking the sequence.
                    for (i, q) in patterns.iter().enumerate() {
                        if is_wildcard(q) {
                            continue;
                        }
                        self.emit(Opcode::Copy, 1);
                        if i < si {
                            self.load_const(Constant::Int(IntValue::Small(i as i64)));
                        } else {
                            self.emit(Opcode::GetLen, 0);
                            self.load_const(Constant::Int(IntValue::Small((n - i) as i64)));
                            self.emit(Opcode::BinaryOp, binary_arg(Operator::Sub, false));
                        }
                        self.emit(Opcode::BinarySubscr, 0);
                        self.pattern(q, fail_pop1)?;
                    }
                    self.emit(Opcode::PopTop, 0);
                } else {
                    match star {
                        Some(si) => {
                            self.emit(Opcode::UnpackEx, (si as u32) | (((n - si - 1) as u32) << 8))
                        }
                        None => self.emit(Opcode::UnpackSequence, n as u32),
                    }
                    self.sub_patterns(patterns, fail)?;
                }
            }
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => {
                let fail_pop1 = self.pop_and_jump(1, fail);
                self.emit(Opcode::MatchMapping, 0);
                self.emit_jump(Opcode::PopJumpIfFalse, fail_pop1);
                if keys.is_empty() && rest.is_none() {
                    // `{}` matches any mapping.
                    self.emit(Opcode::PopTop, 0);
                    return Ok(());
                }
                if !keys.is_empty() {
                    self.emit(Opcode::GetLen, 0);
                    self.load_const(Constant::Int(IntValue::Small(keys.len() as i64)));
                    self.emit(Opcode::CompareOp, CompareOpArg::Ge as u32);
                    self.emit_jump(Opcode::PopJumpIfFalse, fail_pop1);
                }
                for k in keys {
                    self.expr(k)?;
                }
                self.emit(Opcode::BuildTuple, keys.len() as u32);
                self.emit(Opcode::MatchKeys, 0);
                // [subject, keys, values_or_None]
                let fail_pop3 = self.pop_and_jump(3, fail);
                self.emit(Opcode::Copy, 1);
                self.emit_jump(Opcode::PopJumpIfNone, fail_pop3);
                self.emit(Opcode::Swap, 3);
                // [values, keys, subject]
                match rest {
                    Some(r) => {
                        self.emit(Opcode::BuildMap, 0);
                        self.emit(Opcode::Swap, 2);
                        self.emit(Opcode::DictUpdate, 1);
                        // [values, keys, rest]
                        for k in keys {
                            self.emit(Opcode::Copy, 1);
                            self.expr(k)?;
                            self.emit(Opcode::DeleteSubscr, 0);
                        }
                        self.name_op(r, ExprContext::Store);
                        self.emit(Opcode::PopTop, 0);
                    }
                    None => {
                        self.emit(Opcode::PopTop, 0);
                        self.emit(Opcode::PopTop, 0);
                    }
                }
                self.emit(Opcode::UnpackSequence, patterns.len() as u32);
                self.sub_patterns(patterns, fail)?;
            }
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_attrs,
                kwd_patterns,
            } => {
                self.expr(cls)?;
                let names: Vec<Constant> = kwd_attrs
                    .iter()
                    .map(|a| Constant::Str(a.as_str().into()))
                    .collect();
                self.load_const(Constant::Tuple(names));
                self.emit(Opcode::MatchClass, patterns.len() as u32);
                let fail_pop1 = self.pop_and_jump(1, fail);
                self.emit(Opcode::Copy, 1);
                self.emit_jump(Opcode::PopJumpIfNone, fail_pop1);
                let all: Vec<Pattern> = patterns.iter().chain(kwd_patterns).cloned().collect();
                self.emit(Opcode::UnpackSequence, all.len() as u32);
                self.sub_patterns(&all, fail)?;
            }
        }
        Ok(())
    }

    /// Match unpacked items (first on top) against `patterns` in order; a failure pops
    /// the items not yet tested.
    fn sub_patterns(&mut self, patterns: &[Pattern], fail: Label) -> CResult {
        let n = patterns.len();
        for (i, q) in patterns.iter().enumerate() {
            let remaining = n - i - 1;
            let target = if remaining == 0 {
                fail
            } else {
                self.pop_and_jump(remaining, fail)
            };
            match &q.kind {
                PatternKind::MatchStar { name: Some(name) } => {
                    self.name_op(name, ExprContext::Store)
                }
                PatternKind::MatchStar { name: None } => self.emit(Opcode::PopTop, 0),
                _ => self.pattern(q, target)?,
            }
        }
        Ok(())
    }

    fn aug_assign(&mut self, target: &Expr, op: Operator, value: &Expr) -> CResult {
        match &target.kind {
            ExprKind::Name { id, .. } => {
                self.name_op(id, ExprContext::Load);
                self.expr(value)?;
                self.set_loc(target.range);
                self.emit(Opcode::BinaryOp, binary_arg(op, true));
                self.name_op(id, ExprContext::Store);
            }
            ExprKind::Attribute {
                value: obj, attr, ..
            } => {
                self.expr(obj)?;
                self.emit(Opcode::Copy, 1);
                let i = self.name_idx(&self.mangle(attr));
                self.emit(Opcode::LoadAttr, i);
                self.expr(value)?;
                self.emit(Opcode::BinaryOp, binary_arg(op, true));
                self.emit(Opcode::Swap, 2);
                self.emit(Opcode::StoreAttr, i);
            }
            ExprKind::Subscript {
                value: obj, slice, ..
            } => {
                self.expr(obj)?;
                self.expr(slice)?;
                self.emit(Opcode::Copy, 2);
                self.emit(Opcode::Copy, 2);
                self.emit(Opcode::BinarySubscr, 0);
                self.expr(value)?;
                self.emit(Opcode::BinaryOp, binary_arg(op, true));
                self.emit(Opcode::Swap, 3);
                self.emit(Opcode::Swap, 2);
                self.emit(Opcode::StoreSubscr, 0);
            }
            _ => {
                return Err(self.error("illegal expression for augmented assignment", target.range))
            }
        }
        Ok(())
    }

    fn store_target(&mut self, t: &Expr) -> CResult {
        self.set_loc(t.range);
        match &t.kind {
            ExprKind::Name { id, .. } => self.name_op(id, ExprContext::Store),
            // The store is located at the whole target (`obj.attr`, `obj[key]`), not at
            // the last subexpression compiled, as CPython's tracebacks show it.
            ExprKind::Attribute { value, attr, .. } => {
                self.expr(value)?;
                self.set_loc(t.range);
                let i = self.name_idx(&self.mangle(attr));
                self.emit(Opcode::StoreAttr, i);
            }
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value)?;
                self.expr(slice)?;
                self.set_loc(t.range);
                self.emit(Opcode::StoreSubscr, 0);
            }
            ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
                match elts
                    .iter()
                    .position(|e| matches!(e.kind, ExprKind::Starred { .. }))
                {
                    Some(star) => {
                        if elts[star + 1..]
                            .iter()
                            .any(|e| matches!(e.kind, ExprKind::Starred { .. }))
                        {
                            return Err(
                                self.error("multiple starred expressions in assignment", t.range)
                            );
                        }
                        let after = elts.len() - star - 1;
                        self.emit(Opcode::UnpackEx, (star as u32) | ((after as u32) << 8));
                    }
                    None => self.emit(Opcode::UnpackSequence, elts.len() as u32),
                }
                for e in elts {
                    match &e.kind {
                        ExprKind::Starred { value, .. } => self.store_target(value)?,
                        _ => self.store_target(e)?,
                    }
                }
            }
            ExprKind::Starred { .. } => {
                return Err(self.error(
                    "starred assignment target must be in a list or tuple",
                    t.range,
                ))
            }
            _ => return Err(self.error("cannot assign to expression", t.range)),
        }
        Ok(())
    }

    fn delete_target(&mut self, t: &Expr) -> CResult {
        self.set_loc(t.range);
        match &t.kind {
            ExprKind::Name { id, .. } => self.name_op(id, ExprContext::Del),
            ExprKind::Attribute { value, attr, .. } => {
                self.expr(value)?;
                let i = self.name_idx(&self.mangle(attr));
                self.emit(Opcode::DeleteAttr, i);
            }
            ExprKind::Subscript { value, slice, .. } => {
                self.expr(value)?;
                self.expr(slice)?;
                self.emit(Opcode::DeleteSubscr, 0);
            }
            ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
                for e in elts {
                    self.delete_target(e)?;
                }
            }
            _ => return Err(self.error("cannot delete expression", t.range)),
        }
        Ok(())
    }

    // ---- functions and classes -------------------------------------------------------------

    /// Push an annotation's value: the expression, or under `from __future__ import
    /// annotations` its source text as CPython's unparser writes it.
    fn annotation(&mut self, e: &Expr) -> CResult {
        if self.features.annotations {
            let text = crate::unparse::annotation_text(e);
            self.load_const(Constant::Str(text.as_str().into()));
            Ok(())
        } else {
            self.expr(e)
        }
    }

    /// Push defaults/kwdefaults/annotations for MAKE_FUNCTION; returns its flags.
    fn function_extras(&mut self, args: &Arguments, returns: Option<&Expr>) -> CResult<u32> {
        let mut flags = 0;
        if !args.defaults.is_empty() {
            for d in &args.defaults {
                self.expr(d)?;
            }
            self.emit(Opcode::BuildTuple, args.defaults.len() as u32);
            flags |= make_function::DEFAULTS;
        }
        let kw: Vec<(&Arg, &Expr)> = args
            .kwonlyargs
            .iter()
            .zip(&args.kw_defaults)
            .filter_map(|(a, d)| d.as_ref().map(|d| (a, d)))
            .collect();
        if !kw.is_empty() {
            for (a, d) in &kw {
                let name = self.mangle(&a.arg);
                self.load_const(Constant::Str(name.as_str().into()));
                self.expr(d)?;
            }
            self.emit(Opcode::BuildMap, kw.len() as u32);
            flags |= make_function::KWDEFAULTS;
        }
        let mut n = 0;
        let all = args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(args.vararg.iter().map(|b| &**b))
            .chain(&args.kwonlyargs)
            .chain(args.kwarg.iter().map(|b| &**b));
        for a in all {
            if let Some(ann) = &a.annotation {
                let name = self.mangle(&a.arg);
                self.load_const(Constant::Str(name.as_str().into()));
                match &ann.kind {
                    _ if self.features.annotations => self.annotation(ann)?,
                    // `*args: *Ts` (PEP 646): the annotation is the one unpacked item.
                    ExprKind::Starred { value, .. } => {
                        self.expr(value)?;
                        self.emit(Opcode::UnpackSequence, 1);
                    }
                    _ => self.expr(ann)?,
                }
                n += 1;
            }
        }
        if let Some(r) = returns {
            self.load_const(Constant::Str("return".into()));
            self.annotation(r)?;
            n += 1;
        }
        if n > 0 {
            self.emit(Opcode::BuildTuple, n * 2);
            flags |= make_function::ANNOTATIONS;
        }
        Ok(flags)
    }

    /// Load the closure cells a child code object needs and make the function.
    fn make_function(&mut self, code: Arc<CodeObject>, mut flags: u32) {
        if !code.freevars.is_empty() {
            for name in &code.freevars {
                let slot = self.deref_slot(name);
                self.emit(Opcode::LoadClosure, slot);
            }
            self.emit(Opcode::BuildTuple, code.freevars.len() as u32);
            flags |= make_function::CLOSURE;
        }
        let i = self.add_const(CodeConstant::Code(code));
        self.emit(Opcode::LoadConst, i);
        self.emit(Opcode::MakeFunction, flags);
    }

    fn set_arg_counts(&mut self, args: &Arguments) {
        let u = self.unit();
        u.posonlyargcount = args.posonlyargs.len() as u32;
        u.argcount = (args.posonlyargs.len() + args.args.len()) as u32;
        u.kwonlyargcount = args.kwonlyargs.len() as u32;
        if args.vararg.is_some() {
            u.flags |= code_flags::VARARGS;
        }
        if args.kwarg.is_some() {
            u.flags |= code_flags::VARKEYWORDS;
        }
    }

    fn function_def(&mut self, f: &FunctionDef, range: Range, is_async: bool) -> CResult {
        for d in &f.decorator_list {
            self.expr(d)?;
        }
        self.set_loc(range);
        let flags = self.function_extras(&f.args, f.returns.as_deref())?;
        let scope = self.child_scope(range)?;
        let firstlineno = f
            .decorator_list
            .first()
            .map_or(range.lineno, |d| d.range.lineno);
        self.enter_unit(scope, &f.name, firstlineno);
        self.set_arg_counts(&f.args);
        if is_async {
            self.unit().scope.is_coroutine = true;
        }
        // The docstring is the first constant (None when there is none).
        let mut body: &[Stmt] = &f.body;
        match body.first() {
            Some(Stmt {
                kind: StmtKind::Expr { value },
                ..
            }) if matches!(
                &value.kind,
                ExprKind::Constant {
                    value: Constant::Str(_),
                    ..
                }
            ) =>
            {
                if let ExprKind::Constant { value: c, .. } = &value.kind {
                    if self.optimize < 2 {
                        self.add_const(CodeConstant::Value(c.clone()));
                    } else {
                        self.add_const(CodeConstant::Value(Constant::None));
                    }
                }
                body = &body[1..];
            }
            _ => {
                self.add_const(CodeConstant::Value(Constant::None));
            }
        }
        self.prologue();
        self.stmts(body)?;
        if !body
            .last()
            .is_some_and(|s| matches!(s.kind, StmtKind::Return { .. }))
            || body.is_empty()
        {
            self.load_const(Constant::None);
            self.emit(Opcode::ReturnValue, 0);
        }
        let code = self.leave_unit()?;
        self.set_loc(range);
        self.make_function(code, flags);
        for _ in &f.decorator_list {
            self.emit(Opcode::Call, 0);
        }
        self.name_op(&f.name, ExprContext::Store);
        Ok(())
    }

    fn class_def(&mut self, c: &ClassDef, range: Range) -> CResult {
        for d in &c.decorator_list {
            self.expr(d)?;
        }
        self.set_loc(range);
        self.emit(Opcode::PushNull, 0);
        self.emit(Opcode::LoadBuildClass, 0);
        let scope = self.child_scope(range)?;
        let firstlineno = c
            .decorator_list
            .first()
            .map_or(range.lineno, |d| d.range.lineno);
        self.enter_unit(scope, &c.name, firstlineno);
        self.prologue();
        let module = self.name_idx("__name__");
        self.emit(Opcode::LoadName, module);
        let m = self.name_idx("__module__");
        self.emit(Opcode::StoreName, m);
        let qualname = self.unit_ref().qualname.clone();
        self.load_const(Constant::Str(qualname.as_str().into()));
        let q = self.name_idx("__qualname__");
        self.emit(Opcode::StoreName, q);
        let mut body: &[Stmt] = &c.body;
        if let Some(Stmt {
            kind: StmtKind::Expr { value },
            ..
        }) = body.first()
        {
            if let ExprKind::Constant {
                value: Constant::Str(s),
                ..
            } = &value.kind
            {
                if self.optimize < 2 {
                    self.load_const(Constant::Str(s.clone()));
                    let d = self.name_idx("__doc__");
                    self.emit(Opcode::StoreName, d);
                }
                body = &body[1..];
            }
        }
        self.annotations_setup(body);
        self.stmts(body)?;
        if self.unit_ref().scope.needs_class_cell {
            let slot = self.deref_slot("__class__");
            self.emit(Opcode::LoadClosure, slot);
            self.emit(Opcode::Copy, 1);
            let cc = self.name_idx("__classcell__");
            self.emit(Opcode::StoreName, cc);
        } else {
            self.load_const(Constant::None);
        }
        self.emit(Opcode::ReturnValue, 0);
        let code = self.leave_unit()?;
        self.set_loc(range);
        self.make_function(code, 0);
        self.load_const(Constant::Str(c.name.as_str().into()));
        self.call_args(&c.bases, &c.keywords, 2)?;
        for _ in &c.decorator_list {
            self.emit(Opcode::Call, 0);
        }
        self.name_op(&c.name, ExprContext::Store);
        Ok(())
    }

    // ---- expressions -------------------------------------------------------------------------

    /// Jump to `target` when `test` is `cond`, with short-circuit logic for and/or/not.
    fn jump_if(&mut self, test: &Expr, cond: bool, target: Label) -> CResult {
        match &test.kind {
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand,
            } => return self.jump_if(operand, !cond, target),
            ExprKind::BoolOp { op, values } => {
                let is_or = *op == BoolOp::Or;
                if is_or == cond {
                    for v in values {
                        self.jump_if(v, cond, target)?;
                    }
                } else {
                    let skip = self.new_label();
                    for v in &values[..values.len() - 1] {
                        self.jump_if(v, !cond, skip)?;
                    }
                    self.jump_if(&values[values.len() - 1], cond, target)?;
                    self.bind(skip);
                }
                return Ok(());
            }
            // `x is None` / `x is not None` as a test: one jump on the value, as
            // CPython 3.11's optimizer makes of it, with no bool in between.
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } if ops.len() == 1
                && matches!(ops[0], CmpOp::Is | CmpOp::IsNot)
                && matches!(
                    comparators[0].kind,
                    ExprKind::Constant {
                        value: Constant::None,
                        ..
                    }
                ) =>
            {
                self.check_compare(left, ops, comparators);
                self.expr(left)?;
                self.set_loc(test.range);
                let jump_when_none = (ops[0] == CmpOp::Is) == cond;
                self.emit_jump(
                    if jump_when_none {
                        Opcode::PopJumpIfNone
                    } else {
                        Opcode::PopJumpIfNotNone
                    },
                    target,
                );
                return Ok(());
            }
            _ => {}
        }
        self.expr(test)?;
        self.set_loc(test.range);
        self.emit_jump(
            if cond {
                Opcode::PopJumpIfTrue
            } else {
                Opcode::PopJumpIfFalse
            },
            target,
        );
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> CResult {
        self.set_loc(e.range);
        if matches!(
            e.kind,
            ExprKind::UnaryOp { .. } | ExprKind::BinOp { .. } | ExprKind::Tuple { .. }
        ) {
            if let Some(c) = crate::fold::fold_expr(e) {
                self.load_const(c);
                return Ok(());
            }
        }
        match &e.kind {
            ExprKind::Constant { value, .. } => self.load_const(value.clone()),
            ExprKind::Name { id, ctx } => self.name_op(id, *ctx),
            ExprKind::BinOp { left, op, right } => {
                self.expr(left)?;
                self.expr(right)?;
                self.set_loc(e.range);
                self.emit(Opcode::BinaryOp, binary_arg(*op, false));
            }
            ExprKind::UnaryOp { op, operand } => {
                self.expr(operand)?;
                self.set_loc(e.range);
                self.emit(
                    match op {
                        UnaryOp::Invert => Opcode::UnaryInvert,
                        UnaryOp::Not => Opcode::UnaryNot,
                        UnaryOp::UAdd => Opcode::UnaryPositive,
                        UnaryOp::USub => Opcode::UnaryNegative,
                    },
                    0,
                );
            }
            ExprKind::BoolOp { op, values } => {
                let end = self.new_label();
                let jump = if *op == BoolOp::And {
                    Opcode::JumpIfFalseOrPop
                } else {
                    Opcode::JumpIfTrueOrPop
                };
                for v in &values[..values.len() - 1] {
                    self.expr(v)?;
                    self.emit_jump(jump, end);
                }
                self.expr(&values[values.len() - 1])?;
                self.bind(end);
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => self.compare(left, ops, comparators)?,
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.new_label();
                let other = self.new_label();
                self.jump_if(test, false, other)?;
                self.expr(body)?;
                self.emit_jump(Opcode::Jump, end);
                self.bind(other);
                self.expr(orelse)?;
                self.bind(end);
            }
            ExprKind::NamedExpr { target, value } => {
                self.expr(value)?;
                self.emit(Opcode::Copy, 1);
                self.store_target(target)?;
            }
            ExprKind::Attribute { value, attr, ctx } => {
                self.expr(value)?;
                self.set_loc(e.range);
                let i = self.name_idx(&self.mangle(attr));
                match ctx {
                    ExprContext::Load => self.emit(Opcode::LoadAttr, i),
                    ExprContext::Store => self.emit(Opcode::StoreAttr, i),
                    ExprContext::Del => self.emit(Opcode::DeleteAttr, i),
                }
            }
            ExprKind::Subscript { value, slice, .. } => {
                self.check_subscripter(value, e.range);
                self.check_index(value, slice, e.range);
                self.expr(value)?;
                self.expr(slice)?;
                self.set_loc(e.range);
                self.emit(Opcode::BinarySubscr, 0);
            }
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper] {
                    match part {
                        Some(x) => self.expr(x)?,
                        None => self.load_const(Constant::None),
                    }
                }
                let mut n = 2;
                if let Some(s) = step {
                    self.expr(s)?;
                    n = 3;
                }
                self.emit(Opcode::BuildSlice, n);
            }
            ExprKind::Tuple { elts, .. } => self.sequence(elts, Opcode::BuildTuple)?,
            ExprKind::List { elts, .. } => self.sequence(elts, Opcode::BuildList)?,
            ExprKind::Set { elts } => self.sequence(elts, Opcode::BuildSet)?,
            ExprKind::Dict { keys, values } => self.dict(keys, values)?,
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.call(func, args, keywords, e.range)?,
            ExprKind::JoinedStr { values } => {
                for v in values {
                    self.expr(v)?;
                }
                if values.len() != 1 {
                    self.emit(Opcode::BuildString, values.len() as u32);
                } else if matches!(values[0].kind, ExprKind::Constant { .. }) {
                    // A plain constant piece is already a str.
                }
            }
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => {
                self.expr(value)?;
                let mut arg = match *conversion {
                    115 => format_value::CONVERSION_STR,
                    114 => format_value::CONVERSION_REPR,
                    97 => format_value::CONVERSION_ASCII,
                    _ => format_value::CONVERSION_NONE,
                };
                if let Some(spec) = format_spec {
                    self.expr(spec)?;
                    arg |= format_value::HAS_SPEC;
                }
                self.emit(Opcode::FormatValue, arg);
            }
            ExprKind::Lambda { args, body } => {
                let flags = self.function_extras(args, None)?;
                let scope = self.child_scope(e.range)?;
                self.enter_unit(scope, "<lambda>", e.range.lineno);
                self.set_arg_counts(args);
                self.add_const(CodeConstant::Value(Constant::None));
                self.prologue();
                self.expr(body)?;
                if !self.unit_ref().scope.is_generator {
                    self.emit(Opcode::ReturnValue, 0);
                } else {
                    self.emit(Opcode::PopTop, 0);
                    self.load_const(Constant::None);
                    self.emit(Opcode::ReturnValue, 0);
                }
                let code = self.leave_unit()?;
                self.set_loc(e.range);
                self.make_function(code, flags);
            }
            ExprKind::ListComp { elt, generators } => {
                self.comprehension("<listcomp>", e.range, generators, Some(elt), None, 1)?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension("<setcomp>", e.range, generators, Some(elt), None, 2)?
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                self.comprehension("<dictcomp>", e.range, generators, Some(key), Some(value), 3)?
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension("<genexpr>", e.range, generators, Some(elt), None, 0)?
            }
            ExprKind::Yield { value } => {
                match value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Constant::None),
                }
                self.set_loc(e.range);
                if self.unit_ref().scope.is_coroutine {
                    self.emit(Opcode::AsyncGenWrap, 0);
                }
                self.emit(Opcode::YieldValue, 0);
                self.emit(Opcode::Resume, 1);
            }
            ExprKind::YieldFrom { value } => {
                self.expr(value)?;
                self.set_loc(e.range);
                self.emit(Opcode::GetYieldFromIter, 0);
                self.load_const(Constant::None);
                self.yield_from_loop(2);
            }
            ExprKind::Await { value } => {
                self.expr(value)?;
                self.set_loc(e.range);
                self.emit(Opcode::GetAwaitable, 0);
                self.load_const(Constant::None);
                self.yield_from_loop(3);
            }
            ExprKind::Starred { .. } => {
                return Err(self.error("can't use starred expression here", e.range))
            }
        }
        Ok(())
    }

    /// `SEND` loop of `yield from` / `await`: [receiver, value] -> [result].
    fn yield_from_loop(&mut self, resume_arg: u32) {
        let send = self.new_label();
        let exit = self.new_label();
        self.bind(send);
        self.emit_jump(Opcode::Send, exit);
        self.emit(Opcode::YieldValue, 0);
        self.emit(Opcode::Resume, resume_arg);
        self.emit_jump(Opcode::JumpNoInterrupt, send);
        self.bind(exit);
    }

    fn compare(&mut self, left: &Expr, ops: &[CmpOp], comparators: &[Expr]) -> CResult {
        self.check_compare(left, ops, comparators);
        self.expr(left)?;
        if ops.len() == 1 {
            self.expr(&comparators[0])?;
            self.compare_op(ops[0]);
            return Ok(());
        }
        let cleanup = self.new_label();
        let end = self.new_label();
        for (i, (op, right)) in ops.iter().zip(comparators).enumerate() {
            self.expr(right)?;
            if i + 1 < ops.len() {
                self.emit(Opcode::Swap, 2);
                self.emit(Opcode::Copy, 2);
                self.compare_op(*op);
                self.emit_jump(Opcode::JumpIfFalseOrPop, cleanup);
            } else {
                self.compare_op(*op);
            }
        }
        self.emit_jump(Opcode::Jump, end);
        self.bind(cleanup);
        self.emit(Opcode::Swap, 2);
        self.emit(Opcode::PopTop, 0);
        self.bind(end);
        Ok(())
    }

    fn compare_op(&mut self, op: CmpOp) {
        match op {
            CmpOp::Eq => self.emit(Opcode::CompareOp, CompareOpArg::Eq as u32),
            CmpOp::NotEq => self.emit(Opcode::CompareOp, CompareOpArg::Ne as u32),
            CmpOp::Lt => self.emit(Opcode::CompareOp, CompareOpArg::Lt as u32),
            CmpOp::LtE => self.emit(Opcode::CompareOp, CompareOpArg::Le as u32),
            CmpOp::Gt => self.emit(Opcode::CompareOp, CompareOpArg::Gt as u32),
            CmpOp::GtE => self.emit(Opcode::CompareOp, CompareOpArg::Ge as u32),
            CmpOp::Is => self.emit(Opcode::IsOp, 0),
            CmpOp::IsNot => self.emit(Opcode::IsOp, 1),
            CmpOp::In => self.emit(Opcode::ContainsOp, 0),
            CmpOp::NotIn => self.emit(Opcode::ContainsOp, 1),
        }
    }

    /// A tuple, list or set display, with `*iterable` items.
    fn sequence(&mut self, elts: &[Expr], build: Opcode) -> CResult {
        // A set display of three or more constants: BUILD_SET 0, a frozenset constant,
        // SET_UPDATE (CPython's starunpack_helper), which gives CPython's iteration order.
        if build == Opcode::BuildSet && elts.len() > 2 {
            let folded: Option<Vec<Constant>> = elts
                .iter()
                .map(|e| match e.kind {
                    ExprKind::Starred { .. } => None,
                    _ => crate::fold::fold_expr(e),
                })
                .collect();
            if let Some(items) = folded {
                self.emit(Opcode::BuildSet, 0);
                self.load_const(Constant::FrozenSet(items));
                self.emit(Opcode::SetUpdate, 1);
                return Ok(());
            }
        }
        if !elts
            .iter()
            .any(|e| matches!(e.kind, ExprKind::Starred { .. }))
        {
            for e in elts {
                self.expr(e)?;
            }
            self.emit(build, elts.len() as u32);
            return Ok(());
        }
        let (start_build, extend) = if build == Opcode::BuildSet {
            (Opcode::BuildSet, Opcode::SetUpdate)
        } else {
            (Opcode::BuildList, Opcode::ListExtend)
        };
        self.emit(start_build, 0);
        for e in elts {
            match &e.kind {
                ExprKind::Starred { value, .. } => {
                    self.expr(value)?;
                    self.emit(extend, 1);
                }
                _ => {
                    self.expr(e)?;
                    self.emit(
                        if build == Opcode::BuildSet {
                            Opcode::SetAdd
                        } else {
                            Opcode::ListAppend
                        },
                        1,
                    );
                }
            }
        }
        if build == Opcode::BuildTuple {
            self.emit(Opcode::ListToTuple, 0);
        }
        Ok(())
    }

    fn dict(&mut self, keys: &[Option<Expr>], values: &[Expr]) -> CResult {
        let mut pending = 0;
        let mut built = false;
        for (k, v) in keys.iter().zip(values) {
            match k {
                Some(k) => {
                    self.expr(k)?;
                    self.expr(v)?;
                    pending += 1;
                }
                None => {
                    if pending > 0 || !built {
                        self.emit(Opcode::BuildMap, pending);
                        if built {
                            self.emit(Opcode::DictUpdate, 1);
                        }
                        built = true;
                        pending = 0;
                    }
                    self.expr(v)?;
                    self.emit(Opcode::DictUpdate, 1);
                }
            }
        }
        if !built {
            self.emit(Opcode::BuildMap, pending);
        } else if pending > 0 {
            self.emit(Opcode::BuildMap, pending);
            self.emit(Opcode::DictUpdate, 1);
        }
        Ok(())
    }

    fn call(&mut self, func: &Expr, args: &[Expr], keywords: &[Keyword], range: Range) -> CResult {
        self.check_caller(func, range);
        // `obj.method(...)` without building a bound method.
        let simple = !args
            .iter()
            .any(|a| matches!(a.kind, ExprKind::Starred { .. }))
            && !keywords.iter().any(|k| k.arg.is_none());
        match &func.kind {
            ExprKind::Attribute {
                value,
                attr,
                ctx: ExprContext::Load,
            } if simple => {
                self.expr(value)?;
                self.set_loc(func.range);
                let i = self.name_idx(&self.mangle(attr));
                self.emit(Opcode::LoadMethod, i);
            }
            ExprKind::Name { id, .. } if self.is_global_load(id) => {
                let i = self.name_idx(&self.mangle(id));
                self.emit(Opcode::LoadGlobal, (i << 1) | 1);
            }
            _ => {
                self.emit(Opcode::PushNull, 0);
                self.expr(func)?;
            }
        }
        self.set_loc(range);
        self.call_args(args, keywords, 0)?;
        Ok(())
    }

    fn is_global_load(&self, name: &str) -> bool {
        let u = self.unit_ref();
        let name = self.mangle(name);
        u.scope.kind == ScopeKind::Function
            && matches!(
                u.scope.lookup(&name),
                NameScope::GlobalImplicit | NameScope::GlobalExplicit
            )
    }

    /// Arguments of a call whose callable (and self/NULL) are on the stack; `extra` counts
    /// positional arguments already pushed (class name and body for `__build_class__`).
    fn call_args(&mut self, args: &[Expr], keywords: &[Keyword], extra: u32) -> CResult {
        // The call instruction itself is located on the whole call expression.
        let call_loc = self.loc;
        let starred = args
            .iter()
            .any(|a| matches!(a.kind, ExprKind::Starred { .. }))
            || keywords.iter().any(|k| k.arg.is_none());
        if !starred {
            for a in args {
                self.expr(a)?;
            }
            for k in keywords {
                self.expr(&k.value)?;
            }
            if !keywords.is_empty() {
                let names: Vec<Constant> = keywords
                    .iter()
                    .map(|k| Constant::Str(k.arg.clone().unwrap_or_default().as_str().into()))
                    .collect();
                let i = self.add_const(CodeConstant::Value(Constant::Tuple(names)));
                self.emit(Opcode::KwNames, i);
            }
            self.loc = call_loc;
            self.emit(Opcode::Call, extra + (args.len() + keywords.len()) as u32);
            return Ok(());
        }
        // General form: positional tuple and keyword dict.
        self.emit(Opcode::BuildList, extra);
        for a in args {
            match &a.kind {
                ExprKind::Starred { value, .. } => {
                    self.expr(value)?;
                    self.emit(Opcode::ListExtend, 1);
                }
                _ => {
                    self.expr(a)?;
                    self.emit(Opcode::ListAppend, 1);
                }
            }
        }
        self.emit(Opcode::ListToTuple, 0);
        let mut has_kwargs = 0;
        if !keywords.is_empty() {
            has_kwargs = 1;
            self.emit(Opcode::BuildMap, 0);
            for k in keywords {
                match &k.arg {
                    Some(name) => {
                        self.load_const(Constant::Str(name.as_str().into()));
                        self.expr(&k.value)?;
                        self.emit(Opcode::BuildMap, 1);
                        self.emit(Opcode::DictMerge, 1);
                    }
                    None => {
                        self.expr(&k.value)?;
                        self.emit(Opcode::DictMerge, 1);
                    }
                }
            }
        }
        self.loc = call_loc;
        self.emit(Opcode::CallFunctionEx, has_kwargs);
        Ok(())
    }

    /// Comprehensions are nested functions called with the first iterator (3.11).
    /// `kind`: 0 generator, 1 list, 2 set, 3 dict.
    fn comprehension(
        &mut self,
        name: &str,
        key: Range,
        generators: &[Comprehension],
        elt: Option<&Expr>,
        value: Option<&Expr>,
        kind: u8,
    ) -> CResult {
        let range = self.loc;
        let scope = self.child_scope(key)?;
        let is_async = scope.is_coroutine;
        if is_async && kind != 0 {
            let outer = &self.unit_ref().scope;
            let allowed =
                outer.is_comprehension || (outer.kind == ScopeKind::Function && outer.is_coroutine);
            if !allowed {
                return Err(self.error(
                    "asynchronous comprehension outside of an asynchronous function",
                    key,
                ));
            }
        }
        self.enter_unit(scope, name, range.lineno);
        self.unit().argcount = 1;
        if kind == 0 {
            self.unit().scope.is_generator = true;
        }
        self.prologue();
        match kind {
            1 => self.emit(Opcode::BuildList, 0),
            2 => self.emit(Opcode::BuildSet, 0),
            3 => self.emit(Opcode::BuildMap, 0),
            _ => {}
        }
        self.comprehension_level(generators, 0, elt, value, kind)?;
        if kind == 0 {
            self.load_const(Constant::None);
        }
        self.emit(Opcode::ReturnValue, 0);
        let code = self.leave_unit()?;
        self.loc = range;
        self.make_function(code, 0);
        self.expr(&generators[0].iter)?;
        if generators[0].is_async {
            self.emit(Opcode::GetAiter, 0);
        } else {
            self.emit(Opcode::GetIter, 0);
        }
        self.emit(Opcode::Call, 0);
        if is_async && kind != 0 {
            self.await_top(0);
        }
        Ok(())
    }

    fn comprehension_level(
        &mut self,
        generators: &[Comprehension],
        level: usize,
        elt: Option<&Expr>,
        value: Option<&Expr>,
        kind: u8,
    ) -> CResult {
        let g = &generators[level];
        let start = self.new_label();
        let cleanup = self.new_label();
        if level == 0 {
            self.emit(Opcode::LoadFast, 0);
        } else {
            self.expr(&g.iter)?;
            let op = if g.is_async {
                Opcode::GetAiter
            } else {
                Opcode::GetIter
            };
            self.emit(op, 0);
        }
        self.bind(start);
        if g.is_async {
            // As `async for`: __anext__ awaited under a handler that ends the level on
            // StopAsyncIteration.
            let h = self.push_handler(cleanup, 0, false);
            self.emit(Opcode::GetAnext, 0);
            self.load_const(Constant::None);
            self.yield_from_loop(3);
            self.remove_handler(h);
        } else {
            self.emit_jump(Opcode::ForIter, cleanup);
        }
        self.store_target(&g.target)?;
        for cond in &g.ifs {
            self.jump_if(cond, false, start)?;
        }
        if level + 1 < generators.len() {
            self.comprehension_level(generators, level + 1, elt, value, kind)?;
        } else {
            let depth = (level + 2) as u32;
            match kind {
                0 => {
                    if let Some(e) = elt {
                        self.expr(e)?;
                    }
                    if self.unit_ref().scope.is_coroutine {
                        self.emit(Opcode::AsyncGenWrap, 0);
                    }
                    self.emit(Opcode::YieldValue, 0);
                    self.emit(Opcode::Resume, 1);
                    self.emit(Opcode::PopTop, 0);
                }
                1 | 2 => {
                    if let Some(e) = elt {
                        self.expr(e)?;
                    }
                    self.emit(
                        if kind == 1 {
                            Opcode::ListAppend
                        } else {
                            Opcode::SetAdd
                        },
                        depth,
                    );
                }
                _ => {
                    if let (Some(k), Some(v)) = (elt, value) {
                        self.expr(k)?;
                        self.expr(v)?;
                    }
                    self.emit(Opcode::MapAdd, depth);
                }
            }
        }
        self.emit_jump(Opcode::Jump, start);
        self.bind(cleanup);
        if g.is_async {
            self.emit(Opcode::EndAsyncFor, 0);
        }
        Ok(())
    }
}

/// Whether a pattern matches every subject (a capture or wildcard, possibly in an
/// or-pattern), which may only be the last case.
/// The type an expression's value certainly has (CPython's infer_type), by name.
fn infer_type(e: &Expr) -> Option<&'static str> {
    Some(match &e.kind {
        ExprKind::Tuple { .. } => "tuple",
        ExprKind::List { .. } | ExprKind::ListComp { .. } => "list",
        ExprKind::Dict { .. } | ExprKind::DictComp { .. } => "dict",
        ExprKind::Set { .. } | ExprKind::SetComp { .. } => "set",
        ExprKind::GeneratorExp { .. } => "generator",
        ExprKind::Lambda { .. } => "function",
        ExprKind::JoinedStr { .. } | ExprKind::FormattedValue { .. } => "str",
        ExprKind::Constant { value, .. } => match value {
            Constant::None => "NoneType",
            Constant::Bool(_) => "bool",
            Constant::Ellipsis => "ellipsis",
            Constant::Int(_) => "int",
            Constant::Float(_) => "float",
            Constant::Complex { .. } => "complex",
            Constant::Str(_) => "str",
            Constant::Bytes(_) => "bytes",
            Constant::Tuple(_) => "tuple",
            Constant::FrozenSet(_) => "frozenset",
        },
        _ => return None,
    })
}

/// A literal of a value pattern or mapping key, compared as Python compares the values
/// (numbers by value, so `0`, `False`, `0.0`, `-0` and `0j` are equal).
#[derive(PartialEq)]
enum LiteralKey {
    Num(f64, f64),
    BigInt(String),
    Str(Vec<u8>),
    Bytes(Vec<u8>),
    None,
    Ellipsis,
}

fn literal_num(c: &Constant) -> Option<(f64, f64)> {
    match c {
        Constant::Bool(b) => Some((f64::from(u8::from(*b)), 0.0)),
        Constant::Int(IntValue::Small(i)) => Some((*i as f64, 0.0)),
        Constant::Float(f) => Some((*f, 0.0)),
        Constant::Complex { real, imag } => Some((*real, *imag)),
        _ => None,
    }
}

/// What a value pattern or mapping key may be (CPython: a constant or an attribute
/// lookup once folded; here also the signed and complex literals the parser allows):
/// None when it is something else; Some(None) for an attribute lookup; otherwise the
/// literal and its repr.
fn match_literal_key(e: &Expr) -> Option<Option<(LiteralKey, String)>> {
    match &e.kind {
        ExprKind::Attribute { .. } => Some(None),
        ExprKind::Constant { value, .. } => {
            let repr = pyrs_parser::dump::repr_constant(value);
            let key = match value {
                Constant::Int(IntValue::Big(b)) => LiteralKey::BigInt(b.to_string()),
                Constant::Str(s) => LiteralKey::Str(s.as_bytes().to_vec()),
                Constant::Bytes(b) => LiteralKey::Bytes(b.clone()),
                Constant::None => LiteralKey::None,
                Constant::Ellipsis => LiteralKey::Ellipsis,
                c => {
                    let (re, im) = literal_num(c)?;
                    LiteralKey::Num(re, im)
                }
            };
            Some(Some((key, repr)))
        }
        ExprKind::UnaryOp {
            op: UnaryOp::USub,
            operand,
        } => match &operand.kind {
            ExprKind::Constant { value, .. } => {
                // Keyed and shown as the folded constant.
                let (key, folded) = match value {
                    Constant::Int(IntValue::Big(b)) => (
                        LiteralKey::BigInt(format!("-{b}")),
                        Constant::Int(IntValue::Big(Box::new(-(**b).clone()))),
                    ),
                    Constant::Int(IntValue::Small(i)) => (
                        LiteralKey::Num(-(*i as f64), 0.0),
                        Constant::Int(IntValue::Small(i.checked_neg()?)),
                    ),
                    Constant::Float(f) => (LiteralKey::Num(-f, 0.0), Constant::Float(-f)),
                    Constant::Complex { real, imag } => (
                        LiteralKey::Num(-real, -imag),
                        Constant::Complex {
                            real: -real,
                            imag: -imag,
                        },
                    ),
                    _ => return None,
                };
                Some(Some((key, pyrs_parser::dump::repr_constant(&folded))))
            }
            _ => None,
        },
        ExprKind::BinOp {
            left,
            op: op @ (Operator::Add | Operator::Sub),
            right,
        } => {
            let (l, lrepr) = match_literal_key(left)??;
            let r = match &right.kind {
                ExprKind::Constant { value, .. } => literal_num(value)?,
                _ => return None,
            };
            let (re, im) = match l {
                LiteralKey::Num(re, im) => (re, im),
                _ => return None,
            };
            let (re, im) = if *op == Operator::Add {
                (re + r.0, im + r.1)
            } else {
                (re - r.0, im - r.1)
            };
            let _ = lrepr;
            let folded = Constant::Complex { real: re, imag: im };
            Some(Some((
                LiteralKey::Num(re, im),
                pyrs_parser::dump::repr_constant(&folded),
            )))
        }
        _ => None,
    }
}

/// Whether two constants are the same object for the constant table (type and value,
/// so that `1`, `1.0` and `True` stay apart, and `0.0`/`-0.0` too).
/// A hash that agrees with `const_identical` (identical constants hash alike).
fn const_hash(c: &Constant, h: &mut impl std::hash::Hasher) {
    use std::hash::Hash;
    std::mem::discriminant(c).hash(h);
    match c {
        Constant::None | Constant::Ellipsis => {}
        Constant::Bool(b) => b.hash(h),
        Constant::Int(i) => i.hash(h),
        Constant::Float(f) => f.to_bits().hash(h),
        Constant::Complex { real, imag } => {
            real.to_bits().hash(h);
            imag.to_bits().hash(h);
        }
        Constant::Str(s) => s.as_bytes().hash(h),
        Constant::Bytes(b) => b.hash(h),
        Constant::Tuple(items) => {
            items.len().hash(h);
            for it in items {
                const_hash(it, h);
            }
        }
        // Compared with `==` (0.0 equals -0.0 there): the length only.
        Constant::FrozenSet(items) => items.len().hash(h),
    }
}

fn const_identical(a: &Constant, b: &Constant) -> bool {
    match (a, b) {
        (Constant::Float(x), Constant::Float(y)) => x.to_bits() == y.to_bits(),
        (Constant::Complex { real: a, imag: b }, Constant::Complex { real: c, imag: d }) => {
            a.to_bits() == c.to_bits() && b.to_bits() == d.to_bits()
        }
        (Constant::Tuple(x), Constant::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| const_identical(p, q))
        }
        _ => std::mem::discriminant(a) == std::mem::discriminant(b) && a == b,
    }
}

/// Resolve labels, build the exception table and the code object.
fn assemble(u: Unit, filename: &str) -> Result<CodeObject, SyntaxError> {
    let mut instructions = Vec::with_capacity(u.instrs.len());
    let mut locations = Vec::with_capacity(u.instrs.len());
    let target_of = |label: usize| -> u32 {
        u.labels
            .get(label)
            .copied()
            .flatten()
            .unwrap_or(u.instrs.len()) as u32
    };
    for ins in &u.instrs {
        let arg = if ins.op.is_jump() {
            target_of(ins.arg as usize)
        } else {
            ins.arg
        };
        if arg > Instruction::MAX_ARG {
            return Err(SyntaxError::new(
                "pyrs: instruction argument too large",
                ins.loc.lineno,
                0,
                ins.loc.lineno,
                0,
            ));
        }
        instructions.push(Instruction::new(ins.op, arg));
        locations.push(ins.loc);
    }
    let mut exception_table: Vec<ExceptionTableEntry> = Vec::new();
    for (i, ins) in u.instrs.iter().enumerate() {
        let Some(h) = ins.handler else { continue };
        let target = target_of(h.label.0);
        match exception_table.last_mut() {
            Some(last)
                if last.end == i as u32
                    && last.target == target
                    && last.depth == h.depth
                    && last.lasti == h.lasti =>
            {
                last.end = i as u32 + 1;
            }
            _ => exception_table.push(ExceptionTableEntry {
                start: i as u32,
                end: i as u32 + 1,
                target,
                depth: h.depth,
                lasti: h.lasti,
            }),
        }
    }
    let mut flags = u.flags;
    if u.scope.kind == ScopeKind::Function {
        flags |= code_flags::OPTIMIZED | code_flags::NEWLOCALS;
        if u.scope.is_coroutine && u.scope.is_generator {
            flags |= code_flags::ASYNC_GENERATOR;
        } else if u.scope.is_coroutine {
            flags |= code_flags::COROUTINE;
        } else if u.scope.is_generator {
            flags |= code_flags::GENERATOR;
        }
    }
    if u.freevars.is_empty() && u.cellvars.is_empty() {
        flags |= code_flags::NOFREE;
    }
    if u.units_nested() {
        flags |= code_flags::NESTED;
    }
    let cell_slots: Vec<u32> = {
        let nvars = u.varnames.len();
        let mut extra = 0;
        u.cellvars
            .iter()
            .map(|c| match u.varnames.iter().position(|v| v == c) {
                Some(p) => p as u32,
                None => {
                    extra += 1;
                    (nvars + extra - 1) as u32
                }
            })
            .collect()
    };
    Ok(CodeObject {
        name: u.name.clone(),
        qualname: u.qualname.clone(),
        filename: filename.into(),
        firstlineno: u.firstlineno,
        argcount: u.argcount,
        posonlyargcount: u.posonlyargcount,
        kwonlyargcount: u.kwonlyargcount,
        flags,
        stacksize: (u.max_depth.max(1) + 2) as u32,
        instructions,
        locations: locations.into(),
        exception_table,
        constants: u.consts,
        names: u.names,
        varnames: u.varnames,
        cellvars: u.cellvars,
        freevars: u.freevars,
        cell_slots,
    })
}

impl Unit {
    fn units_nested(&self) -> bool {
        self.qualname.contains("<locals>")
    }
}
