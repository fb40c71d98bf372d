//! The virtual machine state: built-in types, interned names, the builtins and sys
//! modules, the handled-exception state and the recursion counter. Protocol operations
//! (attributes, calls, operators) are in `protocols.rs`, the eval loop in `eval.rs`.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use num_bigint::BigInt;

use crate::config::Config;
use crate::memory::{ObjRef, ValueCell};
use crate::object::{
    BuiltinData, GetSetData, GetterFn, MethodDescrData, ModuleData, NativeFn, Payload, SetterFn,
};
use crate::objects::dict::{self, DictTable};
use crate::objects::exceptions::ExcTypes;
use crate::objects::str::PyStr;
use crate::objects::typeobj::{flags, tdata, Layout, TypeData};
use crate::value::Value;

/// The error of a failed operation: the exception instance being raised.
pub type PyResult<T> = Result<T, ObjRef>;

/// Arguments of a call: positional values, then keyword values named by `kwnames`.
#[derive(Clone, Copy)]
pub struct Args<'a> {
    pub args: &'a [Value],
    pub kwnames: &'a [Value],
}

impl<'a> Args<'a> {
    #[inline]
    pub fn new(args: &'a [Value]) -> Self {
        Args { args, kwnames: &[] }
    }
    #[inline]
    pub fn with_kw(args: &'a [Value], kwnames: &'a [Value]) -> Self {
        Args { args, kwnames }
    }
    /// The positional arguments.
    #[inline]
    pub fn pos(&self) -> &'a [Value] {
        &self.args[..self.args.len() - self.kwnames.len()]
    }
    #[inline]
    pub fn has_kw(&self) -> bool {
        !self.kwnames.is_empty()
    }
    /// (name, value) pairs of the keyword arguments.
    pub fn kwargs(&self) -> impl Iterator<Item = (&'a Value, &'a Value)> {
        let n = self.args.len() - self.kwnames.len();
        self.kwnames.iter().zip(self.args[n..].iter())
    }
}

macro_rules! names {
    ($($field:ident = $s:expr),* $(,)?) => {
        /// Interned identifiers the VM uses by pointer.
        pub struct Names { $(pub $field: ObjRef,)* }
        impl Names {
            fn new(vm_intern: &mut dyn FnMut(&str) -> ObjRef) -> Names {
                Names { $($field: vm_intern($s),)* }
            }
        }
    };
}

names! {
    __init__ = "__init__", __new__ = "__new__", __call__ = "__call__",
    __getattr__ = "__getattr__", __getattribute__ = "__getattribute__",
    __setattr__ = "__setattr__", __delattr__ = "__delattr__",
    __get__ = "__get__", __set__ = "__set__", __delete__ = "__delete__",
    __dict__ = "__dict__", __class__ = "__class__", __name__ = "__name__",
    __qualname__ = "__qualname__", __module__ = "__module__", __doc__ = "__doc__",
    __repr__ = "__repr__", __str__ = "__str__", __hash__ = "__hash__",
    __eq__ = "__eq__", __ne__ = "__ne__", __lt__ = "__lt__", __le__ = "__le__",
    __gt__ = "__gt__", __ge__ = "__ge__", __bool__ = "__bool__", __len__ = "__len__",
    __iter__ = "__iter__", __next__ = "__next__", __getitem__ = "__getitem__",
    __setitem__ = "__setitem__", __delitem__ = "__delitem__", __contains__ = "__contains__",
    __enter__ = "__enter__", __exit__ = "__exit__", __aenter__ = "__aenter__",
    __aexit__ = "__aexit__", __await__ = "__await__", __aiter__ = "__aiter__",
    __anext__ = "__anext__", __index__ = "__index__", __int__ = "__int__",
    __float__ = "__float__", __complex__ = "__complex__", __format__ = "__format__",
    __build_class__ = "__build_class__", __builtins__ = "__builtins__",
    __import__ = "__import__", __all__ = "__all__", __annotations__ = "__annotations__",
    __classcell__ = "__classcell__", __set_name__ = "__set_name__",
    __init_subclass__ = "__init_subclass__", __prepare__ = "__prepare__",
    __mro_entries__ = "__mro_entries__", __instancecheck__ = "__instancecheck__",
    __subclasscheck__ = "__subclasscheck__", __class_getitem__ = "__class_getitem__",
    __missing__ = "__missing__", __reversed__ = "__reversed__", __neg__ = "__neg__",
    __pos__ = "__pos__", __invert__ = "__invert__", __abs__ = "__abs__",
    __round__ = "__round__", __trunc__ = "__trunc__", __floor__ = "__floor__",
    __ceil__ = "__ceil__", __del__ = "__del__", __slots__ = "__slots__",
    __abstractmethods__ = "__abstractmethods__", __file__ = "__file__",
    __spec__ = "__spec__", __loader__ = "__loader__", __package__ = "__package__",
    __path__ = "__path__", __main__ = "__main__", __length_hint__ = "__length_hint__",
    __dir__ = "__dir__", __bytes__ = "__bytes__", __fspath__ = "__fspath__",
    __mro__ = "__mro__", __bases__ = "__bases__", __base__ = "__base__",
    __traceback__ = "__traceback__", __cause__ = "__cause__", __context__ = "__context__",
    __suppress_context__ = "__suppress_context__", __notes__ = "__notes__",
    __self__ = "__self__", __func__ = "__func__", __wrapped__ = "__wrapped__",
    __defaults__ = "__defaults__", __kwdefaults__ = "__kwdefaults__", __code__ = "__code__",
    __globals__ = "__globals__", __closure__ = "__closure__",
    __isabstractmethod__ = "__isabstractmethod__", __weakref__ = "__weakref__",
    send = "send", throw = "throw", close = "close", keys = "keys", items = "items",
    values = "values", args = "args", name = "name", obj = "obj", value = "value",
    code = "code", errno = "errno", strerror = "strerror", filename = "filename",
    filename2 = "filename2", msg = "msg", lineno = "lineno", offset = "offset", text = "text",
    end_lineno = "end_lineno", end_offset = "end_offset", print_file_and_line = "print_file_and_line",
    path = "path", write = "write", flush = "flush", readline = "readline", mro = "mro",
    stdout = "stdout", stderr = "stderr", stdin = "stdin", excepthook = "excepthook",
    displayhook = "displayhook", exceptions = "exceptions", message = "message",
    characters_written = "characters_written", encoding = "encoding", object = "object",
    start = "start", end = "end", reason = "reason", fileno = "fileno",
    empty = "", builtins = "builtins", sys = "sys",
}

macro_rules! builtin_types {
    ($($field:ident = ($name:expr, $base:ident, $layout:ident, $basetype:expr)),* $(,)?) => {
        /// The built-in types (not exceptions, see `ExcTypes`).
        pub struct BuiltinTypes { pub type_: ObjRef, pub object: ObjRef, $(pub $field: ObjRef,)* }
        impl BuiltinTypes {
            fn bootstrap() -> BuiltinTypes {
                let (type_, object) = bootstrap_type_and_object();
                let int = new_static_type(&type_, "int", Some(&object), Layout::Int, true);
                $(let $field = builtin_types!(@make type_, object, int, $field, $name, $base, $layout, $basetype);)*
                BuiltinTypes { type_, object, $($field,)* }
            }
            /// Every type that the builtins module exposes or that needs a name.
            pub fn all(&self) -> Vec<&ObjRef> {
                vec![&self.type_, &self.object, $(&self.$field,)*]
            }
        }
    };
    (@make $t:ident, $o:ident, $i:ident, int, $name:expr, $base:ident, $layout:ident, $bt:expr) => { $i.clone() };
    (@make $t:ident, $o:ident, $i:ident, $field:ident, $name:expr, object, $layout:ident, $bt:expr) => {
        new_static_type(&$t, $name, Some(&$o), Layout::$layout, $bt)
    };
    (@make $t:ident, $o:ident, $i:ident, $field:ident, $name:expr, int, $layout:ident, $bt:expr) => {
        new_static_type(&$t, $name, Some(&$i), Layout::$layout, $bt)
    };
}

builtin_types! {
    int = ("int", object, Int, true),
    bool_ = ("bool", int, Bool, false),
    float = ("float", object, Float, true),
    complex = ("complex", object, Complex, true),
    str_ = ("str", object, Str, true),
    bytes = ("bytes", object, Bytes, true),
    bytearray = ("bytearray", object, ByteArray, true),
    tuple = ("tuple", object, Tuple, true),
    list = ("list", object, List, true),
    dict = ("dict", object, Dict, true),
    set = ("set", object, Set, true),
    frozenset = ("frozenset", object, FrozenSet, true),
    range = ("range", object, Other, false),
    slice = ("slice", object, Other, false),
    function = ("function", object, Other, false),
    builtin_function = ("builtin_function_or_method", object, Other, false),
    method_descriptor = ("method_descriptor", object, Other, false),
    classmethod_descriptor = ("classmethod_descriptor", object, Other, false),
    wrapper_descriptor = ("wrapper_descriptor", object, Other, false),
    method_wrapper = ("method-wrapper", object, Other, false),
    getset_descriptor = ("getset_descriptor", object, Other, false),
    member_descriptor = ("member_descriptor", object, Other, false),
    generic_alias = ("GenericAlias", object, Native, true),
    union_type = ("UnionType", object, Native, false),
    memoryview = ("memoryview", object, Native, false),
    method = ("method", object, Other, false),
    property = ("property", object, Property, true),
    classmethod = ("classmethod", object, ClassMethod, true),
    staticmethod = ("staticmethod", object, StaticMethod, true),
    code = ("code", object, Other, false),
    cell = ("cell", object, Other, false),
    module = ("module", object, Module, true),
    none = ("NoneType", object, Other, false),
    not_implemented = ("NotImplementedType", object, Other, false),
    ellipsis = ("ellipsis", object, Other, false),
    generator = ("generator", object, Other, false),
    coroutine = ("coroutine", object, Other, false),
    async_generator = ("async_generator", object, Other, false),
    traceback = ("traceback", object, Other, false),
    frame = ("frame", object, Other, false),
    super_ = ("super", object, Other, true),
    mappingproxy = ("mappingproxy", object, Other, false),
    dict_keys = ("dict_keys", object, Other, false),
    dict_values = ("dict_values", object, Other, false),
    dict_items = ("dict_items", object, Other, false),
    list_iterator = ("list_iterator", object, Other, false),
    list_reverseiterator = ("list_reverseiterator", object, Other, false),
    tuple_iterator = ("tuple_iterator", object, Other, false),
    str_iterator = ("str_ascii_iterator", object, Other, false),
    bytes_iterator = ("bytes_iterator", object, Other, false),
    range_iterator = ("range_iterator", object, Other, false),
    longrange_iterator = ("longrange_iterator", object, Other, false),
    dict_keyiterator = ("dict_keyiterator", object, Other, false),
    dict_valueiterator = ("dict_valueiterator", object, Other, false),
    dict_itemiterator = ("dict_itemiterator", object, Other, false),
    dict_reversekeyiterator = ("dict_reversekeyiterator", object, Other, false),
    dict_reversevalueiterator = ("dict_reversevalueiterator", object, Other, false),
    dict_reverseitemiterator = ("dict_reverseitemiterator", object, Other, false),
    set_iterator = ("set_iterator", object, Other, false),
    seq_iterator = ("iterator", object, Other, false),
    callable_iterator = ("callable_iterator", object, Other, false),
    enumerate = ("enumerate", object, Other, true),
    zip = ("zip", object, Other, true),
    map = ("map", object, Other, true),
    filter = ("filter", object, Other, true),
    reversed = ("reversed", object, Other, true),
    coroutine_wrapper = ("coroutine_wrapper", object, Other, false),
    async_gen_wrapped = ("async_generator_wrapped_value", object, Other, false),
    async_gen_asend = ("async_generator_asend", object, Other, false),
    async_gen_athrow = ("async_generator_athrow", object, Other, false),
}

fn new_type_data(name: &str, base: Option<&ObjRef>, layout: Layout, basetype: bool) -> TypeData {
    TypeData {
        name: RefCell::new(name.to_string()),
        qualname: RefCell::new(name.to_string()),
        bases: RefCell::new(base.into_iter().cloned().collect()),
        mro: RefCell::new(Vec::new()),
        base: RefCell::new(base.cloned()),
        dict: RefCell::new(DictTable::new()),
        layout,
        flags: Cell::new(if basetype { flags::BASETYPE } else { 0 }),
        version: Cell::new(crate::objects::dict::next_version()),
        subclasses: RefCell::new(Vec::new()),
        nslots: Cell::new(0),
        shared_keys: Default::default(),
        expected_attrs: Cell::new(0),
    }
}

fn bootstrap_type_and_object() -> (ObjRef, ObjRef) {
    let type_ = ObjRef::new_self_typed_immortal(Payload::Type(Box::new(new_type_data(
        "type",
        None,
        Layout::Type,
        true,
    ))));
    let object = ObjRef::new_immortal(
        &type_,
        Payload::Type(Box::new(new_type_data(
            "object",
            None,
            Layout::Object,
            true,
        ))),
    );
    *tdata(&object).mro.borrow_mut() = vec![object.clone()];
    *tdata(&type_).mro.borrow_mut() = vec![type_.clone(), object.clone()];
    *tdata(&type_).bases.borrow_mut() = vec![object.clone()];
    *tdata(&type_).base.borrow_mut() = Some(object.clone());
    (type_, object)
}

/// A built-in (immortal, non-heap) type deriving from `base`.
pub fn new_static_type(
    type_: &ObjRef,
    name: &str,
    base: Option<&ObjRef>,
    layout: Layout,
    basetype: bool,
) -> ObjRef {
    let t = ObjRef::new_immortal(
        type_,
        Payload::Type(Box::new(new_type_data(name, base, layout, basetype))),
    );
    let mut mro = vec![t.clone()];
    if let Some(b) = base {
        mro.extend(tdata(b).mro.borrow().iter().cloned());
    }
    *tdata(&t).mro.borrow_mut() = mro;
    t
}

/// The function that builds a native module (registered by name, run on first import).
pub type NativeModuleInit = fn(&Vm) -> PyResult<ObjRef>;

/// The hasher of the interned-string table: a keyed word-at-a-time multiply-rotate hash
/// with a strong finalizer, a fraction of SipHash's cost on the short names that import
/// and code objects intern by the thousand. The key is random per process, so that
/// chosen names cannot be made to collide.
#[derive(Clone)]
pub struct InternHashBuilder {
    key: u64,
}

impl InternHashBuilder {
    fn new() -> InternHashBuilder {
        use std::hash::BuildHasher;
        InternHashBuilder {
            key: std::collections::hash_map::RandomState::new().hash_one(0x7079_7273u64),
        }
    }
}

impl std::hash::BuildHasher for InternHashBuilder {
    type Hasher = InternHasher;
    fn build_hasher(&self) -> InternHasher {
        InternHasher { state: self.key }
    }
}

pub struct InternHasher {
    state: u64,
}

impl std::hash::Hasher for InternHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut state = self.state ^ (bytes.len() as u64).wrapping_mul(K);
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let w = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
            state = (state ^ w).wrapping_mul(K).rotate_left(29);
        }
        let tail = words.remainder();
        if !tail.is_empty() {
            let mut b = [0u8; 8];
            b[..tail.len()].copy_from_slice(tail);
            state = (state ^ u64::from_le_bytes(b))
                .wrapping_mul(K)
                .rotate_left(29);
        }
        self.state = state;
    }

    fn finish(&self) -> u64 {
        // MurmurHash3's finalizer: every bit of the state reaches every bit of the hash.
        let mut h = self.state;
        h ^= h >> 33;
        h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        h ^= h >> 33;
        h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
        h ^ (h >> 33)
    }
}

pub struct Vm {
    pub types: BuiltinTypes,
    pub exc: ExcTypes,
    pub names: Names,
    interned: RefCell<HashMap<Box<[u8]>, ObjRef, InternHashBuilder>>,
    /// What is kept from one code object made to the next (`objects::code::CodeMaking`).
    pub code_making: RefCell<crate::objects::code::CodeMaking>,
    pub not_implemented: ObjRef,
    pub ellipsis: ObjRef,
    pub empty_tuple: ObjRef,
    /// `b''` and the 256 one-byte bytes objects, made (immortal) on first use: as in
    /// CPython, every bytes object of length 0 or 1 is one of these, so a list of
    /// single bytes (`data[i:i + 1]` in a loop) costs a reference per item.
    small_bytes: Box<[std::cell::OnceCell<ObjRef>; 257]>,
    pub builtins: ObjRef,
    pub builtins_dict: ObjRef,
    pub sys: ObjRef,
    pub sys_dict: ObjRef,
    pub modules: ObjRef,
    /// The exception currently being handled (`sys.exc_info()`), or None.
    pub exc_info: ValueCell<Value>,
    pub depth: Cell<u32>,
    pub recursion_limit: Cell<u32>,
    /// The lowest stack address calls may reach (0: unchecked): past it a call raises
    /// RecursionError however high `sys.setrecursionlimit` was set, so deep recursion
    /// never overflows the native stack.
    pub stack_floor: Cell<usize>,
    /// `sys.get_int_max_str_digits()`: the longest decimal string int/str conversions
    /// accept (0: no limit).
    pub int_max_str_digits: Cell<usize>,
    /// Source text of files run so far, for traceback lines.
    pub sources: RefCell<HashMap<String, String>>,
    pub config: Config,
    /// `object.__init__` and `object.__new__`, for the excess-argument checks.
    pub object_init: ValueCell<Value>,
    pub object_new: ValueCell<Value>,
    /// The native modules that `import` can create, by name.
    pub native_modules: RefCell<HashMap<String, NativeModuleInit>>,
    /// `Type.name` for each native method, descriptor or `__new__` registered on a type
    /// that already had that name in its dict (see `define_type_attr`): empty unless
    /// something registers twice.
    redefined_type_attrs: RefCell<Vec<String>>,
    /// Every type a native module or `structseq` made: immortal, so owned by the
    /// interpreter for its whole life. A module may otherwise keep one only in a
    /// thread-local (`posix.ScandirIterator`), dropped when the interpreter's thread ends
    /// just before the process, which leaves the type unreferenced (memcheck: lost).
    native_types: RefCell<Vec<ObjRef>>,
    /// Frames currently executing (code object and globals), innermost last, for
    /// `sys._getframe` and `globals()`.
    pub frame_stack: RefCell<Vec<crate::frame::FrameInfo>>,
    /// The `_ast` node classes, made on first use (`ast_objects::state`).
    pub ast_state: RefCell<Option<std::rc::Rc<crate::ast_objects::AstState>>>,
}

impl Vm {
    pub fn new(config: Config) -> Vm {
        let types = BuiltinTypes::bootstrap();
        let exc = ExcTypes::bootstrap(&types.type_, &types.object);
        let mut interned: HashMap<Box<[u8]>, ObjRef, InternHashBuilder> =
            HashMap::with_hasher(InternHashBuilder::new());
        let str_type = types.str_.clone();
        let names = Names::new(&mut |s: &str| {
            let o =
                ObjRef::new_immortal(&str_type, Payload::Str(PyStr::from_string(s.to_string())));
            interned.insert(s.as_bytes().into(), o.clone());
            o
        });
        let not_implemented = ObjRef::new_immortal(&types.not_implemented, Payload::NotImplemented);
        let ellipsis = ObjRef::new_immortal(&types.ellipsis, Payload::Ellipsis);
        let empty_tuple = ObjRef::new_immortal(&types.tuple, Payload::Tuple(Default::default()));
        let new_dict = |t: &BuiltinTypes| {
            ObjRef::new_immortal(&t.dict, Payload::Dict(RefCell::new(DictTable::new())))
        };
        let builtins_dict = new_dict(&types);
        let builtins = ObjRef::new_immortal(
            &types.module,
            Payload::Module(Box::new(ModuleData {
                name: "builtins".into(),
            })),
        );
        builtins.set_dict(Some(builtins_dict.clone()));
        let sys_dict = new_dict(&types);
        let sys = ObjRef::new_immortal(
            &types.module,
            Payload::Module(Box::new(ModuleData { name: "sys".into() })),
        );
        sys.set_dict(Some(sys_dict.clone()));
        let modules = new_dict(&types);
        let vm = Vm {
            types,
            exc,
            names,
            interned: RefCell::new(interned),
            code_making: RefCell::default(),
            not_implemented,
            ellipsis,
            empty_tuple,
            small_bytes: Box::new(std::array::from_fn(|_| std::cell::OnceCell::new())),
            builtins,
            builtins_dict,
            sys,
            sys_dict,
            modules,
            exc_info: ValueCell::new(Value::None),
            depth: Cell::new(0),
            recursion_limit: Cell::new(1000),
            stack_floor: Cell::new(0),
            int_max_str_digits: Cell::new(4300),
            sources: RefCell::new(HashMap::new()),
            config,
            object_init: ValueCell::new(Value::None),
            object_new: ValueCell::new(Value::None),
            native_modules: RefCell::new(HashMap::new()),
            redefined_type_attrs: RefCell::new(Vec::new()),
            native_types: RefCell::new(Vec::new()),
            frame_stack: RefCell::new(Vec::new()),
            ast_state: RefCell::new(None),
        };
        crate::objects::init_types(&vm);
        crate::builtins::init(&vm);
        crate::sys::init(&vm);
        crate::imp::register(&vm);
        crate::gc::init(&vm);
        vm
    }

    // ----- construction helpers -------------------------------------------------------

    /// The interned str object for `s` (created immortal on first use).
    pub fn intern(&self, s: &str) -> ObjRef {
        if let Some(o) = self.interned.borrow().get(s.as_bytes()) {
            return o.clone();
        }
        let o = ObjRef::new_immortal(
            &self.types.str_,
            Payload::Str(PyStr::from_string(s.to_string())),
        );
        self.interned
            .borrow_mut()
            .insert(s.as_bytes().into(), o.clone());
        o
    }

    /// Intern an existing str object (returns the canonical one).
    pub fn intern_obj(&self, s: &ObjRef) -> ObjRef {
        let bytes = match &s.payload {
            Payload::Str(p) => p.as_bytes(),
            _ => return s.clone(),
        };
        if let Some(o) = self.interned.borrow().get(bytes) {
            return o.clone();
        }
        self.interned.borrow_mut().insert(bytes.into(), s.clone());
        s.clone()
    }

    /// Whether `s` is the interned str object for its text (`sys.intern` identity).
    pub fn is_interned(&self, s: &ObjRef) -> bool {
        match &s.payload {
            Payload::Str(p) => self
                .interned
                .borrow()
                .get(p.as_bytes())
                .is_some_and(|o| o.is(s)),
            _ => false,
        }
    }

    pub fn new_str(&self, s: impl Into<String>) -> Value {
        Value::Obj(self.new_str_obj(s))
    }

    pub fn new_str_obj(&self, s: impl Into<String>) -> ObjRef {
        let s = s.into();
        if s.is_empty() {
            return self.names.empty.clone();
        }
        if s.len() == 1 {
            return self.intern(&s);
        }
        ObjRef::new(&self.types.str_, Payload::Str(PyStr::from_string(s)))
    }

    pub fn new_pystr(&self, s: PyStr) -> Value {
        Value::Obj(ObjRef::new(&self.types.str_, Payload::Str(s)))
    }

    pub fn new_tuple(&self, items: Vec<Value>) -> Value {
        self.new_tuple_items(items.into())
    }

    /// The tuple `(a, b)`, made with no allocation but the object's (dict items,
    /// enumerate).
    pub fn new_pair(&self, a: Value, b: Value) -> Value {
        self.new_tuple_items([a, b].into_iter().collect())
    }

    /// A tuple of the given items (the shared empty tuple for none): the eval loop
    /// collects its items straight from the stack, with no vector for a small tuple.
    pub fn new_tuple_items(&self, items: crate::object::TupleItems) -> Value {
        if items.is_empty() {
            return Value::Obj(self.empty_tuple.clone());
        }
        Value::Obj(ObjRef::new(&self.types.tuple, Payload::Tuple(items)))
    }

    pub fn new_list(&self, items: Vec<Value>) -> Value {
        Value::Obj(ObjRef::new(
            &self.types.list,
            Payload::List(RefCell::new(items)),
        ))
    }

    pub fn new_dict_obj(&self) -> ObjRef {
        ObjRef::new(
            &self.types.dict,
            Payload::Dict(RefCell::new(DictTable::new())),
        )
    }

    pub fn new_dict(&self) -> Value {
        Value::Obj(self.new_dict_obj())
    }

    pub fn new_bytes(&self, b: Vec<u8>) -> Value {
        if b.len() <= 1 {
            // Index 256 is `b''`; the others are the byte's value.
            let i = b.first().map_or(256, |&x| x as usize);
            return Value::Obj(
                self.small_bytes[i]
                    .get_or_init(|| {
                        ObjRef::new_immortal(
                            &self.types.bytes,
                            Payload::Bytes(b.into_boxed_slice()),
                        )
                    })
                    .clone(),
            );
        }
        Value::Obj(ObjRef::new(
            &self.types.bytes,
            Payload::Bytes(b.into_boxed_slice()),
        ))
    }

    pub fn new_bigint(&self, i: BigInt) -> Value {
        crate::objects::int::from_bigint(self, i)
    }

    pub fn not_implemented(&self) -> Value {
        Value::Obj(self.not_implemented.clone())
    }

    pub fn is_not_implemented(&self, v: &Value) -> bool {
        matches!(v, Value::Obj(o) if o.is(&self.not_implemented))
    }

    /// A native function object (module-level builtin).
    pub fn new_builtin(&self, name: &'static str, func: NativeFn, self_: Value) -> Value {
        Value::Obj(ObjRef::new_immortal(
            &self.types.builtin_function,
            Payload::Builtin(BuiltinData {
                name,
                func,
                self_,
                doc: None,
                new_of: None,
            }),
        ))
    }

    /// CPython's `check_num_args` for a slot wrapper (`list.__iadd__`, `__delete__`):
    /// exactly `n` arguments after `self`, else "expected n argument(s), got m".
    pub fn wrapper_nargs(&self, args: &Args, n: usize) -> PyResult<()> {
        let got = args.args.len().saturating_sub(1);
        if got == n {
            return Ok(());
        }
        let s = if n == 1 { "" } else { "s" };
        Err(self.type_error(format!("expected {n} argument{s}, got {got}")))
    }

    /// The count check of a slot wrapper that unpacks `min..=max` arguments after `self`
    /// (`__get__`, `__set__`): CPython's `PyArg_UnpackTuple` message, whose leading space
    /// is the wrapper's empty name.
    pub fn wrapper_unpack(&self, args: &Args, min: usize, max: usize) -> PyResult<()> {
        let got = args.args.len().saturating_sub(1);
        let (bound, which) = if got < min {
            (min, "at least ")
        } else if got > max {
            (max, "at most ")
        } else {
            return Ok(());
        };
        let which = if min == max { "" } else { which };
        let s = if bound == 1 { "" } else { "s" };
        Err(self.type_error(format!(" expected {which}{bound} argument{s}, got {got}")))
    }

    /// The arguments of a `__get__` slot wrapper (`descr.__get__(obj, type=None)`), as
    /// CPython's `wrap_descr_get`: the instance and the owner, None for either left out,
    /// and an error when both are None.
    pub fn descr_get_args(&self, args: &Args) -> PyResult<(Value, Value)> {
        self.wrapper_unpack(args, 1, 2)?;
        let obj = args.args[1].clone();
        let ty = args.args.get(2).cloned().unwrap_or(Value::None);
        if obj.is_none() && ty.is_none() {
            return Err(self.type_error("__get__(None, None) is invalid"));
        }
        Ok((obj, ty))
    }

    /// Add a native method to a built-in type: a slot wrapper (`wrapper_descriptor`) for
    /// the dunder names that CPython's type slots expose (`int.__add__`), a
    /// `method_descriptor` for the others (`str.join`), as CPython makes them.
    pub fn add_method(&self, ty: &ObjRef, name: &'static str, func: NativeFn) {
        let descr_type = if crate::objects::slot_wrapper::is_slot_wrapper(self, ty, name) {
            &self.types.wrapper_descriptor
        } else {
            &self.types.method_descriptor
        };
        let m = ObjRef::new_immortal(
            descr_type,
            Payload::MethodDescr(Box::new(MethodDescrData {
                name,
                func,
                owner: ty.clone(),
                doc: None,
            })),
        );
        self.define_type_attr(ty, name, Value::Obj(m));
    }

    /// Add a native class method (bound to the class on access).
    pub fn add_classmethod(&self, ty: &ObjRef, name: &'static str, func: NativeFn) {
        let m = ObjRef::new_immortal(
            &self.types.classmethod_descriptor,
            Payload::ClassMethodDescr(Box::new(MethodDescrData {
                name,
                func,
                owner: ty.clone(),
                doc: None,
            })),
        );
        self.define_type_attr(ty, name, Value::Obj(m));
    }

    /// Add a native static function (`__new__`, `str.maketrans`): not bound on access.
    /// A `__new__` checks its first argument before `func` runs (see `BuiltinData::new_of`).
    pub fn add_static(&self, ty: &ObjRef, name: &'static str, func: NativeFn) {
        let new_of = (name == "__new__").then(|| ty.clone());
        let f = Value::Obj(ObjRef::new_immortal(
            &self.types.builtin_function,
            Payload::Builtin(BuiltinData {
                name,
                func,
                self_: Value::Null,
                doc: None,
                new_of,
            }),
        ));
        self.define_type_attr(ty, name, f);
    }

    /// Add a native attribute.
    pub fn add_getset(
        &self,
        ty: &ObjRef,
        name: &'static str,
        get: GetterFn,
        set: Option<SetterFn>,
    ) {
        let g = ObjRef::new_immortal(
            &self.types.getset_descriptor,
            Payload::GetSet(Box::new(GetSetData {
                name,
                get,
                set,
                owner: ty.clone(),
            })),
        );
        self.define_type_attr(ty, name, Value::Obj(g));
    }

    /// Enter a native method or descriptor (an immortal object) in a built-in type's
    /// dict. A name the dict already holds is a registration made twice: the object it
    /// replaces is immortal, so nothing frees it (memcheck: "definitely lost"), and the
    /// first registration was dead code. Debug builds stop there; release builds note it
    /// for `redefined_type_attrs`, which a test checks after importing every native module.
    fn define_type_attr(&self, ty: &ObjRef, name: &'static str, v: Value) {
        if dict::set_str_in(&tdata(ty).dict, &self.intern(name), v) {
            let what = format!("{}.{name}", tdata(ty).name());
            debug_assert!(false, "{what} registered twice");
            self.redefined_type_attrs.borrow_mut().push(what);
        }
        crate::objects::type_cache::changed(ty);
    }

    /// Keep `ty`, an immortal type a native module made, for the interpreter's life
    /// (see `native_types`).
    pub fn keep_native_type(&self, ty: &ObjRef) {
        self.native_types.borrow_mut().push(ty.clone());
    }

    /// The `Type.name` of each native method or descriptor registered twice so far (see
    /// `define_type_attr`); empty when start-up and native modules register each once.
    pub fn redefined_type_attrs(&self) -> Vec<String> {
        self.redefined_type_attrs.borrow().clone()
    }

    /// Set a plain attribute in a built-in type's namespace.
    pub fn set_type_attr(&self, ty: &ObjRef, name: &str, v: Value) {
        dict::set_str_in(&tdata(ty).dict, &self.intern(name), v);
        crate::objects::type_cache::changed(ty);
    }

    pub fn new_module(&self, name: &str) -> ObjRef {
        let m = ObjRef::new(
            &self.types.module,
            Payload::Module(Box::new(ModuleData { name: name.into() })),
        );
        let d = self.new_dict_obj();
        dict::set_str(&d, &self.names.__name__, self.new_str(name));
        dict::set_str(&d, &self.names.__doc__, Value::None);
        dict::set_str(&d, &self.names.__package__, Value::None);
        dict::set_str(&d, &self.names.__loader__, Value::None);
        dict::set_str(&d, &self.names.__spec__, Value::None);
        m.set_dict(Some(d));
        m
    }

    /// Add a native function to a module.
    pub fn add_module_fn(&self, module: &ObjRef, name: &'static str, func: NativeFn) {
        if let Some(d) = module.dict() {
            let f = self.new_builtin(name, func, Value::Null);
            dict::set_str(&d, &self.intern(name), f);
        }
    }

    /// A type defined by a native module: immortal, `__module__` set to `module`,
    /// instances laid out as `Payload::Native` (built by the type's own `__new__`, see
    /// `new_native_object`). `base` defaults to `object`; `subclassable` lets Python
    /// classes derive from it; `has_dict` gives instances a `__dict__`.
    pub fn new_native_type(
        &self,
        module: &str,
        name: &str,
        base: Option<&ObjRef>,
        subclassable: bool,
        has_dict: bool,
    ) -> ObjRef {
        let base = base.unwrap_or(&self.types.object);
        let t = new_static_type(
            &self.types.type_,
            name,
            Some(base),
            Layout::Native,
            subclassable,
        );
        if has_dict || tdata(base).has_flag(flags::HAS_DICT) {
            let td = tdata(&t);
            td.flags.set(td.flags.get() | flags::HAS_DICT);
        }
        let td = tdata(&t);
        td.flags.set(td.flags.get() | flags::NATIVE_MODULE);
        self.set_type_attr(&t, "__module__", self.new_str(module));
        self.keep_native_type(&t);
        t
    }

    /// A new instance of `cls` (a native type or a Python subclass of one) holding
    /// `data`, with an empty `__dict__` when the class gives its instances one.
    pub fn new_native_object(&self, cls: &ObjRef, data: impl crate::object::NativeData) -> ObjRef {
        let o = ObjRef::new(cls, Payload::Native(Box::new(data)));
        if tdata(cls).has_flag(flags::HAS_DICT) {
            o.give_dict(|| self.new_dict_obj());
        }
        o
    }

    pub fn register_native_module(&self, name: &str, init: fn(&Vm) -> PyResult<ObjRef>) {
        self.native_modules
            .borrow_mut()
            .insert(name.to_string(), init);
    }

    // ----- types ---------------------------------------------------------------------

    /// The type of a value.
    #[inline]
    pub fn type_of<'a>(&'a self, v: &'a Value) -> &'a ObjRef {
        match v {
            Value::Obj(o) => o.class(),
            Value::Int(_) => &self.types.int,
            Value::Float(_) => &self.types.float,
            Value::Bool(_) => &self.types.bool_,
            Value::None | Value::Null => &self.types.none,
        }
    }

    /// `type(v).__name__`
    pub fn type_name(&self, v: &Value) -> String {
        tdata(self.type_of(v)).name()
    }

    /// Whether `v` is an instance of `ty` (by the MRO; no `__instancecheck__`).
    #[inline]
    pub fn isinstance(&self, v: &Value, ty: &ObjRef) -> bool {
        let t = self.type_of(v);
        t.is(ty) || crate::objects::typeobj::is_subtype(t, ty)
    }

    // ----- exceptions ------------------------------------------------------------------

    /// A new exception of type `ty` with `args`, chained to the exception being handled.
    pub fn new_exception(&self, ty: &ObjRef, args: Vec<Value>) -> ObjRef {
        let e = crate::objects::exceptions::new_exception_obj(self, ty, self.new_tuple(args));
        let ctx = self.exc_info.get();
        if let Value::Obj(c) = &ctx {
            if !c.is(&e) {
                crate::objects::exceptions::set_context(&e, ctx.clone());
            }
        }
        e
    }

    pub fn new_exception_msg(&self, ty: &ObjRef, msg: impl Into<String>) -> ObjRef {
        let m = self.new_str(msg);
        self.new_exception(ty, vec![m])
    }

    #[cold]
    pub fn type_error(&self, msg: impl Into<String>) -> ObjRef {
        self.new_exception_msg(&self.exc.type_error, msg)
    }
    #[cold]
    pub fn value_error(&self, msg: impl Into<String>) -> ObjRef {
        self.new_exception_msg(&self.exc.value_error, msg)
    }
    #[cold]
    pub fn index_error(&self, msg: impl Into<String>) -> ObjRef {
        self.new_exception_msg(&self.exc.index_error, msg)
    }
    #[cold]
    pub fn overflow_error(&self, msg: impl Into<String>) -> ObjRef {
        self.new_exception_msg(&self.exc.overflow_error, msg)
    }
    #[cold]
    pub fn zero_division(&self, msg: impl Into<String>) -> ObjRef {
        self.new_exception_msg(&self.exc.zero_division_error, msg)
    }
    #[cold]
    pub fn runtime_error(&self, msg: impl Into<String>) -> ObjRef {
        self.new_exception_msg(&self.exc.runtime_error, msg)
    }
    #[cold]
    pub fn key_error(&self, key: Value) -> ObjRef {
        self.new_exception(&self.exc.key_error, vec![key])
    }
    #[cold]
    pub fn stop_iteration(&self, value: Option<Value>) -> ObjRef {
        let e = self.new_exception(
            &self.exc.stop_iteration,
            value.clone().into_iter().collect(),
        );
        // `StopIteration.value`, as its `__init__` would set it.
        self.set_exc_attr(&e, &self.names.value, value.unwrap_or(Value::None));
        e
    }
    #[cold]
    pub fn not_implemented_error(&self, msg: impl Into<String>) -> ObjRef {
        self.new_exception_msg(&self.exc.not_implemented_error, msg)
    }
    #[cold]
    pub fn name_error(&self, name: &ObjRef) -> ObjRef {
        let s = crate::objects::str::as_rust_str(name);
        let e = self.new_exception_msg(&self.exc.name_error, format!("name '{s}' is not defined"));
        self.set_exc_attr(&e, &self.names.name, Value::Obj(name.clone()));
        e
    }
    #[cold]
    pub fn attribute_error(&self, obj: &Value, name: &ObjRef, msg: String) -> ObjRef {
        let e = self.new_exception_msg(&self.exc.attribute_error, msg);
        self.set_exc_attr(&e, &self.names.name, Value::Obj(name.clone()));
        self.set_exc_attr(&e, &self.names.obj, obj.clone());
        e
    }

    /// Set an exception attribute from native code: a field of its built-in type
    /// (`errno`, `name`, `value`, ...) or else an entry of its `__dict__`.
    pub fn set_exc_attr(&self, e: &ObjRef, name: &ObjRef, v: Value) {
        crate::objects::exceptions::set_attr(e, name, v);
    }

    /// An exception attribute as native code reads it (None when unset).
    pub fn get_exc_attr(&self, e: &ObjRef, name: &ObjRef) -> Option<Value> {
        crate::objects::exceptions::get_attr(e, name)
    }

    /// Whether the exception `e` is an instance of `ty`.
    pub fn exc_matches(&self, e: &ObjRef, ty: &ObjRef) -> bool {
        crate::objects::typeobj::is_subtype(e.class(), ty)
    }

    // ----- recursion -----------------------------------------------------------------

    /// Count one level of recursion (Python calls, and natives that recurse).
    #[inline(always)]
    pub fn enter_recursion(&self, what: &str) -> PyResult<()> {
        let d = self.depth.get() + 1;
        if d > self.recursion_limit.get() || self.stack_exhausted() {
            return Err(self.recursion_error(what));
        }
        self.depth.set(d);
        Ok(())
    }

    /// Whether the native stack is nearly used up (see `stack_floor`).
    #[inline]
    fn stack_exhausted(&self) -> bool {
        let marker = 0u8;
        let here = std::ptr::addr_of!(marker) as usize;
        here < self.stack_floor.get()
    }

    /// Record the native stack this interpreter runs on: `size` bytes, the current
    /// position being near its top. Calls raise RecursionError once less than a safety
    /// margin of it is left.
    pub fn set_native_stack(&self, size: usize) {
        let marker = 0u8;
        let here = std::ptr::addr_of!(marker) as usize;
        // Room for the deepest native work done between two checks.
        let margin = (size / 8).clamp(256 << 10, 8 << 20);
        self.stack_floor
            .set(here.saturating_sub(size.saturating_sub(margin)));
    }

    #[inline]
    pub fn leave_recursion(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }

    #[cold]
    fn recursion_error(&self, what: &str) -> ObjRef {
        self.new_exception_msg(
            &self.exc.recursion_error,
            format!("maximum recursion depth exceeded{what}"),
        )
    }
}
