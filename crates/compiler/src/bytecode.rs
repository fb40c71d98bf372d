//! pyrs bytecode: the instruction set, code objects and their tables.
//!
//! The instruction set follows CPython 3.11's opcodes and stack effects (see the `dis`
//! documentation of 3.11), with three simplifications that make the compiler and the eval
//! loop simpler and faster:
//! - an instruction is one 32-bit unit: 8 bits of opcode and a 24-bit argument, so
//!   `EXTENDED_ARG` is only needed for arguments of 2**24 and more;
//! - jump arguments are absolute instruction indexes, and there is one instruction per
//!   jump condition instead of CPython's forward/backward pairs (a jump whose target is not
//!   after it is a backward jump and checks the eval breaker, except `JumpNoInterrupt`);
//! - there is no `PRECALL` and no inline `CACHE` entries: the VM keeps its inline caches
//!   in a side table indexed by instruction.

use std::sync::Arc;

use pyrs_parser::ast::Constant;

/// The opcodes. The doc comment of each says what the argument means and the stack effect,
/// written `before -> after` with the top of the stack on the right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Opcode {
    /// Does nothing.
    Nop,
    /// `x ->`
    PopTop,
    /// `-> NULL` (a marker below a callable that is not a method).
    PushNull,
    /// `... x(i) ... -> ... x(i) ... x(i)`: push a copy of the arg-th item (1 is the top).
    Copy,
    /// Swap the top with the arg-th item (arg >= 2).
    Swap,
    /// `x -> +x`
    UnaryPositive,
    /// `x -> -x`
    UnaryNegative,
    /// `x -> not x`
    UnaryNot,
    /// `x -> ~x`
    UnaryInvert,
    /// `a b -> a OP b`; arg is a [`BinaryOpArg`] (in-place variants included).
    BinaryOp,
    /// `container key -> container[key]`
    BinarySubscr,
    /// `value container key ->` does `container[key] = value`.
    StoreSubscr,
    /// `container key ->` does `del container[key]`.
    DeleteSubscr,
    /// `start stop [step] -> slice`; arg is 2 or 3.
    BuildSlice,
    /// `a b -> a CMP b`; arg is a [`CompareOpArg`].
    CompareOp,
    /// `a b -> a is b` (arg 0) or `a is not b` (arg 1).
    IsOp,
    /// `a b -> a in b` (arg 0) or `a not in b` (arg 1).
    ContainsOp,
    /// `x -> iter(x)`
    GetIter,
    /// `x -> iter(x)` unless x is a generator or coroutine (for `yield from`).
    GetYieldFromIter,
    /// `iter -> iter next` or, when exhausted, pop iter and jump to arg.
    ForIter,
    /// `x -> x len(x)`
    GetLen,
    /// `subject -> subject bool` (is a mapping for `match`).
    MatchMapping,
    /// `subject -> subject bool` (is a sequence for `match`).
    MatchSequence,
    /// `subject keys -> subject keys values_or_None`
    MatchKeys,
    /// `subject cls names -> attrs_or_None`; arg is the number of positional sub-patterns.
    MatchClass,
    /// `exc -> prev_exc exc`: save the current handled exception, make exc current.
    PushExcInfo,
    /// `prev_exc ->`: restore the handled exception.
    PopExcept,
    /// `exc type -> exc bool`
    CheckExcMatch,
    /// `eg type -> rest match` (for `except*`).
    CheckEgMatch,
    /// `orig list -> exc_or_None` (for `except*`).
    PrepReraiseStar,
    /// `... exc ->` re-raise exc; if arg is non-zero, set the frame's lasti from the item
    /// under it (`lasti exc`).
    Reraise,
    /// Raise: arg 0 re-raises, 1 raises the top, 2 raises `exc from cause`.
    RaiseVarargs,
    /// `exit_func lasti prev_exc exc -> exit_func lasti prev_exc exc res` (calls `__exit__`).
    WithExceptStart,
    /// `mgr -> exit_func enter_result`
    BeforeWith,
    /// `mgr -> aexit awaitable_of_aenter`
    BeforeAsyncWith,
    /// `-> AssertionError`
    LoadAssertionError,
    /// `x -> aiter(x)`
    GetAiter,
    /// `aiter -> aiter awaitable_of_anext`
    GetAnext,
    /// `aiter exc ->`: ends `async for` on StopAsyncIteration, else re-raises.
    EndAsyncFor,
    /// `x -> awaitable`; arg 0 plain await, 1 after `__aenter__`, 2 after `__aexit__`.
    GetAwaitable,
    /// `receiver value -> receiver result`, or when the receiver returns: pop it, push the
    /// return value and jump to arg.
    Send,
    /// `value -> sent_value`: suspend the generator frame.
    YieldValue,
    /// Create the generator/coroutine object for this frame and return it to the caller.
    ReturnGenerator,
    /// `value -> wrapped` (async generator yield).
    AsyncGenWrap,
    /// `value ->` return from the frame.
    ReturnValue,
    /// `level fromlist -> module`; arg is a name index.
    ImportName,
    /// `module -> module attr`; arg is a name index.
    ImportFrom,
    /// `module ->` binds every public name (module level only).
    ImportStar,
    /// Creates `__annotations__` in the local namespace if missing.
    SetupAnnotations,
    /// `-> builtins.__build_class__`
    LoadBuildClass,
    /// `x ->` prints repr(x) through sys.displayhook (interactive mode).
    PrintExpr,
    /// `-> co_consts[arg]`
    LoadConst,
    /// `-> value of co_names[arg]` looked up in locals, globals, builtins.
    LoadName,
    /// `value ->` bind co_names[arg] in the local namespace.
    StoreName,
    /// unbind co_names[arg] from the local namespace.
    DeleteName,
    /// `-> [NULL] global`: name index is `arg >> 1`; pushes NULL first when `arg & 1`.
    LoadGlobal,
    /// `value ->` bind global co_names[arg].
    StoreGlobal,
    /// unbind global co_names[arg].
    DeleteGlobal,
    /// `-> local arg` (UnboundLocalError when unbound).
    LoadFast,
    /// `value ->` bind local arg.
    StoreFast,
    /// unbind local arg.
    DeleteFast,
    /// Wrap local slot arg (a cell variable) in a new cell holding its current value.
    MakeCell,
    /// `-> cell in slot arg` (for building closures).
    LoadClosure,
    /// `-> contents of the cell in slot arg`
    LoadDeref,
    /// `value ->` store into the cell in slot arg.
    StoreDeref,
    /// empty the cell in slot arg.
    DeleteDeref,
    /// Like LoadDeref, but looks in the class namespace first (class bodies).
    LoadClassDeref,
    /// Copy the arg free variables from the function's closure into their slots.
    CopyFreeVars,
    /// `obj -> obj.name`; arg is a name index.
    LoadAttr,
    /// `value obj ->` does `obj.name = value`.
    StoreAttr,
    /// `obj ->` does `del obj.name`.
    DeleteAttr,
    /// `obj -> meth obj` for a method found on the type, else `NULL obj.name`.
    LoadMethod,
    /// `items... -> tuple` of arg items.
    BuildTuple,
    /// `items... -> list`
    BuildList,
    /// `items... -> set`
    BuildSet,
    /// `k1 v1 ... kn vn -> dict` with arg pairs.
    BuildMap,
    /// `v1 ... vn keys_tuple -> dict`
    BuildConstKeyMap,
    /// `s1 ... sn -> s1+...+sn`
    BuildString,
    /// `list ... x -> list ...`: append x to the list arg items down (after popping x).
    ListAppend,
    /// Like ListAppend for sets.
    SetAdd,
    /// `dict ... k v -> dict ...`
    MapAdd,
    /// `list ... iterable -> list ...` extend.
    ListExtend,
    /// `set ... iterable -> set ...` update.
    SetUpdate,
    /// `dict ... mapping -> dict ...` merge, raising on duplicate keys (call `**`).
    DictMerge,
    /// `dict ... mapping -> dict ...` update.
    DictUpdate,
    /// `list -> tuple`
    ListToTuple,
    /// `seq -> x_n ... x_1` (first item on top).
    UnpackSequence,
    /// `seq -> ...`: arg is `before | (after << 8)` for `a, *b, c = seq`.
    UnpackEx,
    /// `value [spec] -> str`; arg is [`FormatValueArg`] bits.
    FormatValue,
    /// `[defaults] [kwdefaults] [annotations] [closure] code -> function`; arg is
    /// [`MakeFunctionFlags`] bits.
    MakeFunction,
    /// `callable_or_NULL self_or_callable args... -> result`; arg is the argument count
    /// (keyword arguments last, named by the preceding KwNames).
    Call,
    /// Names the keyword arguments of the next Call: arg is a constant index (tuple of str).
    KwNames,
    /// `NULL callable args_tuple [kwargs_dict] -> result`; arg & 1 when kwargs present.
    CallFunctionEx,
    /// Jump to arg.
    Jump,
    /// Jump to arg without checking the eval breaker (used in `async for`/`yield from`).
    JumpNoInterrupt,
    /// `cond ->` jump to arg if false.
    PopJumpIfFalse,
    /// `cond ->` jump to arg if true.
    PopJumpIfTrue,
    /// `x ->` jump to arg if x is None.
    PopJumpIfNone,
    /// `x ->` jump to arg if x is not None.
    PopJumpIfNotNone,
    /// `cond -> cond` and jump to arg if false, else `cond ->`.
    JumpIfFalseOrPop,
    /// `cond -> cond` and jump to arg if true, else `cond ->`.
    JumpIfTrueOrPop,
    /// A no-op marking where a frame starts or resumes (arg 0 start, 1 after yield,
    /// 2 after yield from, 3 after await); the VM checks the eval breaker here.
    Resume,
    /// Prefix: the next instruction's argument is `(this arg << 24) | its arg`.
    ExtendedArg,
}

/// The argument of `BinaryOp`, numbered as CPython 3.11's `NB_*` constants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum BinaryOpArg {
    Add = 0,
    And = 1,
    FloorDivide = 2,
    Lshift = 3,
    MatrixMultiply = 4,
    Multiply = 5,
    Remainder = 6,
    Or = 7,
    Power = 8,
    Rshift = 9,
    Subtract = 10,
    TrueDivide = 11,
    Xor = 12,
    InplaceAdd = 13,
    InplaceAnd = 14,
    InplaceFloorDivide = 15,
    InplaceLshift = 16,
    InplaceMatrixMultiply = 17,
    InplaceMultiply = 18,
    InplaceRemainder = 19,
    InplaceOr = 20,
    InplacePower = 21,
    InplaceRshift = 22,
    InplaceSubtract = 23,
    InplaceTrueDivide = 24,
    InplaceXor = 25,
}

/// The argument of `CompareOp`, numbered as CPython's `Py_LT` ... `Py_GE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum CompareOpArg {
    Lt = 0,
    Le = 1,
    Eq = 2,
    Ne = 3,
    Gt = 4,
    Ge = 5,
}

/// Bits of the `FormatValue` argument: the conversion in the low two bits, and whether a
/// format spec is on the stack.
pub mod format_value {
    pub const CONVERSION_MASK: u32 = 0x3;
    pub const CONVERSION_NONE: u32 = 0x0;
    pub const CONVERSION_STR: u32 = 0x1;
    pub const CONVERSION_REPR: u32 = 0x2;
    pub const CONVERSION_ASCII: u32 = 0x3;
    pub const HAS_SPEC: u32 = 0x4;
}

/// Bits of the `MakeFunction` argument: which optional items are on the stack.
pub mod make_function {
    pub const DEFAULTS: u32 = 0x01;
    pub const KWDEFAULTS: u32 = 0x02;
    pub const ANNOTATIONS: u32 = 0x04;
    pub const CLOSURE: u32 = 0x08;
}

/// One instruction: opcode in the low 8 bits, argument in the high 24.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Instruction(pub u32);

impl Instruction {
    /// Largest argument that fits without `ExtendedArg`.
    pub const MAX_ARG: u32 = (1 << 24) - 1;

    /// Pack an opcode and an argument (must be `<= MAX_ARG`).
    #[inline]
    pub fn new(op: Opcode, arg: u32) -> Self {
        debug_assert!(arg <= Self::MAX_ARG);
        Instruction((op as u8 as u32) | (arg << 8))
    }

    /// The opcode byte (convert with [`Opcode::from_u8`]).
    #[inline]
    pub fn op_byte(self) -> u8 {
        self.0 as u8
    }

    /// The 24-bit argument.
    #[inline]
    pub fn arg(self) -> u32 {
        self.0 >> 8
    }
}

impl Opcode {
    /// The highest opcode value.
    pub const LAST: Opcode = Opcode::ExtendedArg;

    /// Decode an opcode byte; `None` for bytes that are not opcodes (bad marshal data).
    pub fn from_u8(byte: u8) -> Option<Opcode> {
        if byte <= Opcode::LAST as u8 {
            // SAFETY: Opcode is repr(u8) with contiguous discriminants 0..=LAST.
            Some(unsafe { std::mem::transmute::<u8, Opcode>(byte) })
        } else {
            None
        }
    }

    /// Whether the argument is an absolute jump target.
    pub fn is_jump(self) -> bool {
        matches!(
            self,
            Opcode::ForIter
                | Opcode::Send
                | Opcode::Jump
                | Opcode::JumpNoInterrupt
                | Opcode::PopJumpIfFalse
                | Opcode::PopJumpIfTrue
                | Opcode::PopJumpIfNone
                | Opcode::PopJumpIfNotNone
                | Opcode::JumpIfFalseOrPop
                | Opcode::JumpIfTrueOrPop
        )
    }
}

/// Source position of one instruction, for tracebacks (`^^^^` markers) and `co_positions()`.
/// Lines are 1-based, columns 0-based UTF-8 byte offsets; 0 line means "no location" and
/// `u32::MAX` a column means unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Location {
    pub lineno: u32,
    pub end_lineno: u32,
    pub col: u32,
    pub end_col: u32,
}

/// An entry of the exception table (3.11's zero-cost exception handling): an exception
/// raised by an instruction in `start..end` unwinds the value stack to `depth` items,
/// pushes the instruction offset when `lasti` is set, pushes the exception and jumps to
/// `target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExceptionTableEntry {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
    pub lasti: bool,
}

/// A constant of a code object: a plain value, or a nested code object.
#[derive(Debug, Clone, PartialEq)]
pub enum CodeConstant {
    Value(Constant),
    Code(Arc<CodeObject>),
}

/// Bits of `co_flags`, with CPython's values.
pub mod code_flags {
    pub const OPTIMIZED: u32 = 0x0001;
    pub const NEWLOCALS: u32 = 0x0002;
    pub const VARARGS: u32 = 0x0004;
    pub const VARKEYWORDS: u32 = 0x0008;
    pub const NESTED: u32 = 0x0010;
    pub const GENERATOR: u32 = 0x0020;
    pub const NOFREE: u32 = 0x0040;
    pub const COROUTINE: u32 = 0x0080;
    pub const ITERABLE_COROUTINE: u32 = 0x0100;
    pub const ASYNC_GENERATOR: u32 = 0x0200;
}

/// A name (or file name) of a code object: shared text, so that a cache reader gives the
/// same name to every code object that uses it without a copy each.
pub type Name = std::sync::Arc<str>;

/// A compiled code object, the compiler's output and the VM's input.
///
/// Local slots are laid out as CPython 3.11's "localsplus": first `varnames` (arguments
/// first), then the cell variables that are not arguments, then `freevars`. `cell_slots`
/// lists, for each of `cellvars`, the slot it lives in (an argument that is also a cell
/// keeps its argument slot), so LoadDeref/StoreDeref/MakeCell arguments are slot numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeObject {
    pub name: String,
    pub qualname: String,
    /// Shared by the code objects of one file (and the names below by all that use
    /// them, when read from a cache).
    pub filename: Name,
    pub firstlineno: u32,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub flags: u32,
    /// Maximum value-stack depth the code needs.
    pub stacksize: u32,
    pub instructions: Vec<Instruction>,
    /// One entry per instruction.
    pub locations: crate::code::Locations,
    pub exception_table: Vec<ExceptionTableEntry>,
    pub constants: Vec<CodeConstant>,
    pub names: Vec<Name>,
    pub varnames: Vec<Name>,
    pub cellvars: Vec<Name>,
    pub freevars: Vec<Name>,
    pub cell_slots: Vec<u32>,
}

impl CodeObject {
    /// Total number of local slots (`co_nlocalsplus`).
    pub fn nlocalsplus(&self) -> usize {
        self.varnames.len() + self.cellvars.len()
            - self
                .cell_slots
                .iter()
                .filter(|&&s| (s as usize) < self.varnames.len())
                .count()
            + self.freevars.len()
    }
}
