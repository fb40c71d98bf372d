//! The payloads of heap objects: one variant per built-in layout.
//!
//! An instance of a Python class carries the payload of its solid built-in base
//! (`Payload::Object` for plain classes, `Payload::List` for a list subclass, ...) and its
//! attributes in the header's `__dict__`.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use num_bigint::BigInt;
use pyrs_compiler::bytecode::CodeObject;

use crate::memory::{ObjRef, ValueCell};
use crate::objects::dict::DictTable;
use crate::objects::iter::IterKind;
use crate::objects::set::SetTable;
use crate::objects::str::PyStr;
use crate::objects::typeobj::TypeData;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

/// A function implemented in Rust: positional arguments first, then the keyword values
/// named by `args.kwnames`.
pub type NativeFn = fn(&Vm, Args) -> PyResult<Value>;
/// The getter of a native attribute.
pub type GetterFn = fn(&Vm, &Value) -> PyResult<Value>;
/// The setter (value given) or deleter (`None`) of a native attribute.
pub type SetterFn = fn(&Vm, &Value, Option<Value>) -> PyResult<()>;

pub enum Payload {
    /// A plain instance: its state is in the `__dict__`.
    Object,
    /// An instance of a class with `__slots__`: one cell per slot (Null when unset).
    Slots(SlotCells),
    /// A `__slots__` entry on its class (`member_descriptor`).
    Member(Box<MemberData>),
    /// A heap int: a value outside i64, or an instance of an int subclass.
    Int(BigInt),
    /// An instance of a float subclass.
    Float(f64),
    Complex(f64, f64),
    Str(PyStr),
    Bytes(Box<[u8]>),
    ByteArray(RefCell<Vec<u8>>),
    Tuple(TupleItems),
    List(RefCell<Vec<Value>>),
    Dict(RefCell<DictTable>),
    /// set and frozenset (the type tells which).
    Set(RefCell<SetTable>),
    Range(RangeData),
    Slice([Value; 3]),
    Type(Box<TypeData>),
    Function(Box<FunctionData>),
    Code(Box<CodeData>),
    Cell(ValueCell<Value>),
    Module(Box<ModuleData>),
    /// A built-in function, or a native method bound to `self_`.
    Builtin(BuiltinData),
    /// An unbound native method of a built-in type (`list.append`).
    MethodDescr(Box<MethodDescrData>),
    /// A native class method (`dict.fromkeys`), bound to the class on access.
    ClassMethodDescr(Box<MethodDescrData>),
    /// A native attribute (`function.__name__`).
    GetSet(Box<GetSetData>),
    BoundMethod((Value, Value)),
    Property(Box<PropertyData>),
    ClassMethod(ValueCell<Value>),
    StaticMethod(ValueCell<Value>),
    Iter(IterKind),
    DictView((ObjRef, ViewKind)),
    Generator(Box<GenData>),
    Exception(ExcData),
    Traceback(TracebackData),
    Frame(Box<FrameData>),
    Super((ObjRef, Value, ObjRef)),
    MappingProxy(Value),
    NotImplemented,
    Ellipsis,
    /// The state of an instance of a type defined by a native module (`crates/stdlib`):
    /// a deque, a file object, a lock, ... Downcast with `native::<T>()`.
    Native(Box<dyn NativeData>),
}

/// How many items a tuple holds in the object itself (longer tuples keep theirs on the
/// heap): four values fill the space the largest payload takes anyway, so a small tuple
/// costs one allocation, not two.
pub const TUPLE_INLINE: usize = 4;

/// The items of a tuple, seen as a slice (`Deref`).
pub enum TupleItems {
    /// `len` items at the front of `items`; the rest are Null.
    Inline {
        len: u8,
        items: [Value; TUPLE_INLINE],
    },
    Heap(Box<[Value]>),
}

impl Default for TupleItems {
    fn default() -> Self {
        TupleItems::Inline {
            len: 0,
            items: Default::default(),
        }
    }
}

impl std::ops::Deref for TupleItems {
    type Target = [Value];
    #[inline]
    fn deref(&self) -> &[Value] {
        match self {
            TupleItems::Inline { len, items } => &items[..*len as usize],
            TupleItems::Heap(items) => items,
        }
    }
}

impl std::ops::DerefMut for TupleItems {
    #[inline]
    fn deref_mut(&mut self) -> &mut [Value] {
        match self {
            TupleItems::Inline { len, items } => &mut items[..*len as usize],
            TupleItems::Heap(items) => items,
        }
    }
}

impl From<Vec<Value>> for TupleItems {
    #[inline]
    fn from(v: Vec<Value>) -> TupleItems {
        if v.len() > TUPLE_INLINE {
            TupleItems::Heap(v.into_boxed_slice())
        } else {
            v.into_iter().collect()
        }
    }
}

impl FromIterator<Value> for TupleItems {
    /// Inline when the iterator promises at most `TUPLE_INLINE` items (no vector made).
    #[inline]
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> TupleItems {
        let mut iter = iter.into_iter();
        if iter.size_hint().1.is_none_or(|h| h > TUPLE_INLINE) {
            return TupleItems::from(iter.collect::<Vec<Value>>());
        }
        let mut items: [Value; TUPLE_INLINE] = Default::default();
        let mut len = 0;
        while let Some(x) = iter.next() {
            if len == TUPLE_INLINE {
                // More items than the iterator promised: the heap takes them all.
                let mut v: Vec<Value> = items.into_iter().collect();
                v.push(x);
                v.extend(iter);
                return TupleItems::Heap(v.into_boxed_slice());
            }
            items[len] = x;
            len += 1;
        }
        TupleItems::Inline {
            len: len as u8,
            items,
        }
    }
}

impl TupleItems {
    /// Drop the items from the last to the first (as CPython's tuple dealloc), leaving
    /// the tuple empty.
    pub fn drop_last_first(&mut self) {
        match self {
            TupleItems::Inline { len, items } => {
                while *len > 0 {
                    *len -= 1;
                    drop(std::mem::take(&mut items[*len as usize]));
                }
            }
            TupleItems::Heap(items) => {
                let mut v = std::mem::take(items).into_vec();
                while let Some(x) = v.pop() {
                    drop(x);
                }
            }
        }
    }
}

/// How many `__slots__` cells an instance holds in the object itself (more go to the
/// heap). Four cells are as large as the biggest payload (a dict's table), so
/// keeping them inline makes no object bigger and saves a small slotted instance
/// its second allocation (pyperformance's float: 100,000 points of three slots).
pub const SLOTS_INLINE: usize = 4;

/// The cells of an instance with `__slots__`, seen as a slice (`Deref`).
pub enum SlotCells {
    /// `len` cells in use at the front of `cells`; the rest are Null.
    Inline {
        len: u8,
        cells: [ValueCell<Value>; SLOTS_INLINE],
    },
    Heap(Box<[ValueCell<Value>]>),
}

impl std::ops::Deref for SlotCells {
    type Target = [ValueCell<Value>];
    #[inline]
    fn deref(&self) -> &[ValueCell<Value>] {
        match self {
            SlotCells::Inline { len, cells } => &cells[..*len as usize],
            SlotCells::Heap(cells) => cells,
        }
    }
}

impl FromIterator<ValueCell<Value>> for SlotCells {
    fn from_iter<I: IntoIterator<Item = ValueCell<Value>>>(iter: I) -> Self {
        let mut iter = iter.into_iter();
        let mut cells: [ValueCell<Value>; SLOTS_INLINE] =
            std::array::from_fn(|_| ValueCell::new(Value::Null));
        for (len, cell) in cells.iter_mut().enumerate() {
            match iter.next() {
                Some(c) => *cell = c,
                None => {
                    return SlotCells::Inline {
                        len: len as u8,
                        cells,
                    }
                }
            }
        }
        match iter.next() {
            None => SlotCells::Inline {
                len: SLOTS_INLINE as u8,
                cells,
            },
            Some(next) => {
                let mut all: Vec<ValueCell<Value>> = cells.into_iter().collect();
                all.push(next);
                all.extend(iter);
                SlotCells::Heap(all.into_boxed_slice())
            }
        }
    }
}

/// The Rust state behind an instance of a natively defined type. Implementors hold
/// their Python references in `ValueCell`/`RefCell` fields and list them in `traverse`
/// so that the cycle collector can see them.
pub trait NativeData: std::any::Any {
    /// Call `visit` on every Python value this state holds a reference to.
    fn traverse(&self, _visit: &mut dyn FnMut(&Value)) {}
    /// The bytes this object exports to memoryview and bytes-like consumers, if any.
    fn buffer(&self) -> Option<&dyn crate::objects::memoryview::BufferSource> {
        None
    }
}

/// `range(start, stop, step)` with i64 bounds; `len` precomputed.
pub struct RangeData {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
    pub len: i64,
    /// Set (and the machine fields unused) when a bound or the length does not fit i64.
    pub big: Option<Box<crate::objects::range::BigRange>>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ViewKind {
    Keys,
    Values,
    Items,
}

pub struct FunctionData {
    /// Replaceable (`f.__code__ = ...`).
    pub code: ValueCell<ObjRef>,
    pub globals: ObjRef,
    pub builtins: ObjRef,
    pub name: ValueCell<Value>,
    pub qualname: ValueCell<Value>,
    /// Tuple or None.
    pub defaults: ValueCell<Value>,
    /// Dict or None.
    pub kwdefaults: ValueCell<Value>,
    /// Tuple of cells or None.
    pub closure: Value,
    pub annotations: ValueCell<Value>,
    pub doc: ValueCell<Value>,
    pub module: ValueCell<Value>,
}

/// A code object as the VM runs it: the compiler's `CodeObject` plus its constants and
/// names converted to values once, when first needed (`CodeData::tables`: running the
/// code, binding arguments, `co_consts`...): most code read from a cache is never run.
pub struct CodeData {
    pub code: Arc<CodeObject>,
    /// The converted constants and names (see [`CodeTables`]).
    pub tables: std::cell::OnceCell<CodeTables>,
    /// The first constant when it is a str (the docstring's candidate): made with the
    /// code object, so a function made from code that never ran has its `__doc__`, the
    /// very object `co_consts[0]` gives later.
    pub first_str: Option<Value>,
    pub nlocalsplus: usize,
    pub name: ObjRef,
    pub qualname: ObjRef,
    pub filename: ObjRef,
    /// The eval loop's inline caches, made on first use (`CodeData::cache`).
    pub inline_caches: std::cell::OnceCell<crate::eval::InlineCaches>,
}

/// A code object's constants and names as values (made once, on first use).
pub struct CodeTables {
    pub consts: Box<[Value]>,
    /// The items of folded tuple constants, held once more: CPython's compiler leaves
    /// them with that extra reference (its constant cache), which marshal's FLAG_REF
    /// choice observes.
    pub const_items: Box<[Value]>,
    /// `co_names`, interned.
    pub names: Box<[ObjRef]>,
    /// The name of every local slot (varnames, cell-only variables, free variables).
    pub slot_names: Box<[ObjRef]>,
}

/// A module's native data (its namespace is the object's dict).
pub struct ModuleData {
    /// The name pyrs made it under (a built-in or imported module); empty for one made
    /// by `module.__new__` (`types.ModuleType(name)`), whose repr follows CPython's
    /// `_module_repr` fallbacks.
    pub name: String,
}

/// A slot of a class with `__slots__`, or a field of a built-in exception type: where
/// its value lives in instances.
pub struct MemberData {
    /// The attribute name (interned).
    pub name: ObjRef,
    /// The class that declared the slot.
    pub owner: ObjRef,
    /// The cell in `Payload::Slots` (or in the exception's fields); None when instances
    /// keep it in their `__dict__` (slots declared on subclasses of built-in types other
    /// than object).
    pub index: Option<usize>,
    /// What kind of member it is.
    pub kind: MemberKind,
}

/// The kinds of member descriptor (CPython's member types that pyrs uses).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MemberKind {
    /// A `__slots__` entry: unset reads raise AttributeError, as do deletes of unset ones.
    Slot,
    /// An exception field holding an object (T_OBJECT): unset reads give None, deleting
    /// unsets it.
    ExcObject,
    /// An exception field that cannot be set or deleted (READONLY T_OBJECT).
    ExcReadonly,
    /// An exception field holding a C ssize_t (T_PYSSIZET): unset reads give 0; only
    /// ints can be stored and it cannot be deleted.
    ExcSsize,
}

pub struct BuiltinData {
    pub name: &'static str,
    pub func: NativeFn,
    /// The bound `self`, for methods of objects and module functions (module or Null).
    pub self_: Value,
    pub doc: Option<&'static str>,
    /// For a built-in type's `__new__`: that type. A call checks its first argument
    /// (a type, a subtype of this one, whose nearest native base makes its instances
    /// with this same `__new__`) before the function sees it, as CPython's
    /// `tp_new_wrapper`.
    pub new_of: Option<ObjRef>,
}

pub struct MethodDescrData {
    pub name: &'static str,
    pub func: NativeFn,
    pub owner: ObjRef,
    pub doc: Option<&'static str>,
}

pub struct GetSetData {
    pub name: &'static str,
    pub get: GetterFn,
    pub set: Option<SetterFn>,
    pub owner: ObjRef,
}

pub struct PropertyData {
    pub fget: Value,
    pub fset: Value,
    pub fdel: Value,
    pub doc: ValueCell<Value>,
    pub name: ValueCell<Value>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GenKind {
    Generator,
    Coroutine,
    AsyncGenerator,
}

pub struct GenData {
    pub kind: GenKind,
    /// The suspended frame; taken out while the generator runs, gone once it finished.
    pub frame: Cell<Option<Box<crate::frame::Frame>>>,
    pub running: Cell<bool>,
    pub finished: Cell<bool>,
    pub name: ValueCell<Value>,
    pub qualname: ValueCell<Value>,
    pub code: ObjRef,
    /// The exception being handled inside the generator while it is suspended.
    pub exc_state: ValueCell<Value>,
    /// The iterator delegated to by `yield from` / `await` (gi_yieldfrom).
    pub yield_from: ValueCell<Value>,
    /// For async generators: an `asend`/`athrow` awaitable is being iterated
    /// (CPython's ag_running_async).
    pub ag_running: Cell<bool>,
    /// For async generators: closed by `aclose()` or finished by StopAsyncIteration or
    /// GeneratorExit.
    pub ag_closed: Cell<bool>,
    /// For async generators: the `sys.set_asyncgen_hooks` finalizer in force when it was
    /// first iterated (CPython's ag_origin_or_finalizer), called instead of closing it
    /// when it dies unfinished.
    pub ag_finalizer: ValueCell<Value>,
    /// For async generators: the hooks were looked at (first iteration happened).
    pub ag_hooks_inited: Cell<bool>,
}

/// The state of an exception instance, kept in the object itself (no allocation of its
/// own): BaseException's fields, then the fields of the built-in subclass its class
/// derives from (`OSError.errno`, `StopIteration.value`, ...) and the `__slots__` of its
/// classes, as many as the class's `nslots` (Null while unset), which its member
/// descriptors read and write.
pub struct ExcData {
    pub args: ValueCell<Value>,
    /// A traceback or None.
    pub traceback: ObjOrNoneCell,
    /// An exception or None.
    pub cause: ObjOrNoneCell,
    /// An exception or None.
    pub context: ObjOrNoneCell,
    pub suppress_context: Cell<bool>,
    /// The subclass fields and slots (empty, with no allocation, for most exceptions).
    pub fields: Box<[ValueCell<Value>]>,
}

/// A cell holding an object or None in one word (an exception's traceback, cause and
/// context), read and written as values like a `ValueCell<Value>`.
pub struct ObjOrNoneCell(ValueCell<Option<ObjRef>>);

impl ObjOrNoneCell {
    /// A cell holding None.
    pub fn none() -> Self {
        ObjOrNoneCell(ValueCell::new(None))
    }
    /// The content: the object, or `Value::None`.
    #[inline]
    pub fn get(&self) -> Value {
        self.0.get().map_or(Value::None, Value::Obj)
    }
    /// The object held, if any.
    #[inline]
    pub fn get_obj(&self) -> Option<ObjRef> {
        self.0.get()
    }
    /// Store an object; any other value (None) empties the cell (the setters check the
    /// types Python code may store).
    #[inline]
    pub fn set(&self, v: Value) {
        let new = match v {
            Value::Obj(o) => Some(o),
            _ => None,
        };
        drop(self.0.replace(new));
    }
}

pub struct TracebackData {
    pub next: ValueCell<Value>,
    pub frame: ObjRef,
    pub lasti: u32,
    pub lineno: u32,
}

/// A frame object, as tracebacks and `sys._getframe` see it: it shares the fast locals
/// and the current instruction with its frame (see `crate::frame`).
pub struct FrameData {
    pub code: ObjRef,
    pub globals: ObjRef,
    pub builtins: ObjRef,
    /// The namespace of a module or class body; Null for function frames.
    pub locals: Value,
    pub shared: std::rc::Rc<crate::frame::FrameShared>,
    /// The caller's frame object, recorded when the frame finished.
    pub back: ValueCell<Value>,
    pub trace: ValueCell<Value>,
    pub trace_lines: Cell<bool>,
    pub trace_opcodes: Cell<bool>,
}

impl Payload {
    /// The native state of an instance of a natively defined type, if it is a `T`.
    #[inline]
    pub fn native<T: NativeData>(&self) -> Option<&T> {
        match self {
            Payload::Native(n) => (n.as_ref() as &dyn std::any::Any).downcast_ref::<T>(),
            _ => None,
        }
    }
    #[inline]
    pub fn as_str(&self) -> Option<&PyStr> {
        match self {
            Payload::Str(s) => Some(s),
            _ => None,
        }
    }
    #[inline]
    pub fn as_type(&self) -> Option<&TypeData> {
        match self {
            Payload::Type(t) => Some(t),
            _ => None,
        }
    }
    #[inline]
    pub fn as_tuple(&self) -> Option<&[Value]> {
        match self {
            Payload::Tuple(t) => Some(t),
            _ => None,
        }
    }
    #[inline]
    pub fn as_list(&self) -> Option<&RefCell<Vec<Value>>> {
        match self {
            Payload::List(l) => Some(l),
            _ => None,
        }
    }
    #[inline]
    pub fn as_dict(&self) -> Option<&RefCell<DictTable>> {
        match self {
            Payload::Dict(d) => Some(d),
            _ => None,
        }
    }
    #[inline]
    pub fn as_code(&self) -> Option<&CodeData> {
        match self {
            Payload::Code(c) => Some(c),
            _ => None,
        }
    }
    #[inline]
    pub fn as_function(&self) -> Option<&FunctionData> {
        match self {
            Payload::Function(f) => Some(f),
            _ => None,
        }
    }
    #[inline]
    pub fn as_exception(&self) -> Option<&ExcData> {
        match self {
            Payload::Exception(e) => Some(e),
            _ => None,
        }
    }
}
