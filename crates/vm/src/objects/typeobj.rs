//! The type type: type objects, MRO (C3), attribute lookup along the MRO, class creation.
//!
//! Invariants: `mro[0]` is the type itself and the last entry is `object`; `dict` is a
//! dict object (the class namespace); `layout` is the payload kind instances carry, the
//! same as the solid base's; `flags` caches which Python-level hooks the class defines
//! (recomputed when a dunder is assigned on the class).

use std::cell::{Cell, RefCell};

use crate::memory::ObjRef;
use crate::object::Payload;
use crate::objects::dict;
use crate::value::Value;

/// The payload layout of instances.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Layout {
    Object,
    Int,
    Bool,
    Float,
    Complex,
    Str,
    Bytes,
    ByteArray,
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    Exception,
    Type,
    Module,
    Property,
    ClassMethod,
    StaticMethod,
    /// Types defined by native modules: instances carry `Payload::Native`, created by
    /// the type's own `__new__`.
    Native,
    /// Types that cannot be instantiated from Python or subclassed with a new layout.
    Other,
}

pub mod flags {
    /// A class created by a class statement or `type(name, bases, dict)`.
    pub const HEAPTYPE: u32 = 1;
    /// Can be subclassed.
    pub const BASETYPE: u32 = 2;
    /// The class (or a base) defines `__getattribute__` in Python.
    pub const HAS_GETATTRIBUTE: u32 = 4;
    /// ... `__getattr__`
    pub const HAS_GETATTR: u32 = 8;
    /// ... `__setattr__` or `__delattr__`
    pub const HAS_SETATTR: u32 = 16;
    /// Instances are descriptors with `__get__`.
    pub const HAS_GET: u32 = 32;
    /// Instances are data descriptors (`__set__` or `__delete__`).
    pub const HAS_SET: u32 = 64;
    /// Instances get a `__dict__`.
    pub const HAS_DICT: u32 = 128;
    /// `__abstractmethods__` is non-empty.
    pub const ABSTRACT: u32 = 256;
    /// The class defines `__eq__` or `__hash__` etc. in Python (slow path for compare).
    pub const HAS_PY_DUNDERS: u32 = 512;
    /// A static type defined by a native module (`collections.deque`): its operators
    /// are its own native methods, which the VM's built-in fast paths do not know.
    pub const NATIVE_MODULE: u32 = 1024;
    /// The class (or a base) defines `__del__` (kept by `update_flags`, so that freeing an
    /// instance needs no MRO walk to know).
    pub const HAS_DEL: u32 = 2048;
    /// A static type known to have no `__set_name__` (cached on first look by class
    /// creation; static types do not change after start-up).
    pub const NO_SET_NAME: u32 = 4096;
    /// The hook flags (`HOOKS`) a static type's instances-of-subclasses would inherit
    /// have been computed and are kept, shifted left by `STATIC_HOOKS_SHIFT` (apart
    /// from the live hook bits, which the VM's fast paths read for static types too).
    pub const STATIC_HOOKS_KNOWN: u32 = 8192;
    pub const STATIC_HOOKS_SHIFT: u32 = 14;
    /// The hook flags `update_flags` computes.
    pub const HOOKS: u32 =
        HAS_GETATTRIBUTE | HAS_GETATTR | HAS_SETATTR | HAS_GET | HAS_SET | HAS_DEL;
}

pub struct TypeData {
    pub name: RefCell<String>,
    pub qualname: RefCell<String>,
    pub bases: RefCell<Vec<ObjRef>>,
    pub mro: RefCell<Vec<ObjRef>>,
    pub base: RefCell<Option<ObjRef>>,
    pub dict: RefCell<dict::DictTable>,
    pub layout: Layout,
    pub flags: Cell<u32>,
    /// Bumped whenever the type or a base changes (for attribute caches).
    pub version: Cell<u64>,
    /// Subclasses registered at creation (for `__subclasses__` and cache invalidation).
    pub subclasses: RefCell<Vec<ObjRef>>,
    /// How many `__slots__` values instances carry (this class's and its bases').
    pub nslots: Cell<usize>,
    /// The keys the instance dicts of this class share (PEP 412), made with the first
    /// instance.
    pub shared_keys: std::cell::OnceCell<std::rc::Rc<dict::SharedKeys>>,
    /// How many attributes the first instance is expected to get (from the `self.name =`
    /// stores of the `__init__` methods along the MRO), plus one; 0 until counted. It
    /// sizes the inline values of instances made before the shared keys know them.
    pub expected_attrs: Cell<u32>,
}

impl TypeData {
    #[inline]
    pub fn has_flag(&self, f: u32) -> bool {
        self.flags.get() & f != 0
    }

    pub fn is_heap(&self) -> bool {
        self.has_flag(flags::HEAPTYPE)
    }

    pub fn name(&self) -> String {
        self.name.borrow().clone()
    }
}

/// The TypeData of a type object (callers check).
#[inline]
pub fn tdata(t: &ObjRef) -> &TypeData {
    match &t.payload {
        Payload::Type(td) => td,
        _ => bad_type(),
    }
}

#[cold]
fn bad_type() -> &'static TypeData {
    panic!("internal error: not a type object")
}

/// Look `name` up along the MRO of `ty` (no descriptors applied, no Python code run).
pub fn lookup(ty: &ObjRef, name: &ObjRef) -> Option<Value> {
    crate::objects::type_cache::lookup(ty, name).map(|(v, _)| v)
}

/// Like `lookup`, also returning the class where the name was found.
pub fn lookup_with_owner(ty: &ObjRef, name: &ObjRef) -> Option<(Value, ObjRef)> {
    let (v, pos) = crate::objects::type_cache::lookup(ty, name)?;
    let owner = tdata(ty).mro.borrow().get(pos)?.clone();
    Some((v, owner))
}

/// Whether `sub` is `sup` or derives from it.
pub fn is_subtype(sub: &ObjRef, sup: &ObjRef) -> bool {
    if sub.is(sup) {
        return true;
    }
    tdata(sub).mro.borrow().iter().any(|c| c.is(sup))
}

/// The checks CPython's `tp_new_wrapper` makes on `T.__new__(S, ...)` for a built-in type
/// `T` whose `__new__` is the function `new`, before `new` sees its arguments: `S` is a
/// type, derives from `T`, and its nearest class whose `__new__` is not defined in Python
/// makes its instances with `new` (`int.__new__(bool)` would build a bool without bool's
/// own `__new__`).
pub fn check_new_arg(
    vm: &crate::vm::Vm,
    owner: &ObjRef,
    new: &ObjRef,
    arg: Option<&Value>,
) -> crate::PyResult<()> {
    let owner_name = || tdata(owner).name();
    let sub = match arg {
        Some(Value::Obj(s)) if s.payload.as_type().is_some() => s,
        Some(v) => {
            return Err(vm.type_error(format!(
                "{}.__new__(X): X is not a type object ({})",
                owner_name(),
                vm.type_name(v)
            )))
        }
        None => {
            return Err(vm.type_error(format!("{}.__new__(): not enough arguments", owner_name())))
        }
    };
    if sub.is(owner) {
        return Ok(());
    }
    if !is_subtype(sub, owner) {
        let sub_name = tdata(sub).name();
        return Err(vm.type_error(format!(
            "{}.__new__({sub_name}): {sub_name} is not a subtype of {}",
            owner_name(),
            owner_name()
        )));
    }
    let mut static_base = sub.clone();
    let static_new = loop {
        match lookup(&static_base, &vm.names.__new__) {
            Some(Value::Obj(f)) if matches!(f.payload, Payload::Builtin(_)) => break Some(f),
            _ => {}
        }
        let base = tdata(&static_base).base.borrow().clone();
        match base {
            Some(b) => static_base = b,
            None => break None,
        }
    };
    match static_new {
        Some(f) if !f.is(new) => Err(vm.type_error(format!(
            "{}.__new__({}) is not safe, use {}.__new__()",
            owner_name(),
            tdata(sub).name(),
            tdata(&static_base).name()
        ))),
        _ => Ok(()),
    }
}

/// C3 linearization of a class with the given bases; Err names the bases on conflict.
pub fn c3_mro(this: &ObjRef, bases: &[ObjRef]) -> Result<Vec<ObjRef>, String> {
    // A base whose own MRO is still being decided (its metaclass's mro() is running).
    if let Some(b) = bases.iter().find(|b| tdata(b).mro.borrow().is_empty()) {
        return Err(format!(
            "Cannot extend an incomplete type '{}'",
            tdata(b).name()
        ));
    }
    // One base: the class followed by the base's MRO (CPython's mro_implementation
    // takes the same shortcut; the merge could not give anything else).
    if let [base] = bases {
        let bmro = tdata(base).mro.borrow();
        if bmro.first().is_some_and(|c| c.is(base)) {
            let mut result = Vec::with_capacity(bmro.len() + 1);
            result.push(this.clone());
            result.extend(bmro.iter().cloned());
            return Ok(result);
        }
    }
    let mut seqs: Vec<Vec<ObjRef>> = bases
        .iter()
        .map(|b| tdata(b).mro.borrow().clone())
        .collect();
    seqs.push(bases.to_vec());
    let mut result = vec![this.clone()];
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(result);
        }
        let mut candidate = None;
        for s in &seqs {
            let head = &s[0];
            let in_tail = seqs.iter().any(|t| t[1..].iter().any(|x| x.is(head)));
            if !in_tail {
                candidate = Some(head.clone());
                break;
            }
        }
        match candidate {
            Some(c) => {
                for s in seqs.iter_mut() {
                    if s[0].is(&c) {
                        s.remove(0);
                    }
                }
                result.push(c);
            }
            None => {
                // CPython lists the remaining heads in order, without duplicates.
                let mut names: Vec<String> = Vec::new();
                for s in &seqs {
                    let n = tdata(&s[0]).name();
                    if !names.contains(&n) {
                        names.push(n);
                    }
                }
                return Err(format!(
                    "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                    names.join(", ")
                ));
            }
        }
    }
}
