//! The memory layer: heap objects, their header, and `ObjRef`, the refcounted handle.
//!
//! Every heap object is a `PyObject`: a header (a plain, non-atomic reference count, the
//! type pointer, the optional instance `__dict__`) followed by the payload. `ObjRef` is a
//! raw pointer to one: cloning increments the count, dropping decrements it and frees the
//! object when it reaches zero. The counts are not atomic: the GIL (one thread running
//! Python at a time) protects them, which is why `ObjRef` may claim `Send`/`Sync`.
//!
//! Freeing never recurses without bound: an object freed while another is being freed is
//! queued on a per-thread list (a "trashcan") and freed by the outermost deallocation, so a
//! linked list of a million nodes is released iteratively.
//!
//! All `unsafe` of the VM lives in this file.

use std::cell::{Cell, UnsafeCell};
use std::ptr::NonNull;

use crate::object::Payload;

/// A count this high is never reached by real references: objects created with it
/// (built-in types, interned names) are immortal and never freed.
const IMMORTAL: usize = 1 << 60;

/// A heap object: header, then payload.
pub struct PyObject {
    refcnt: Cell<usize>,
    /// The type (strong reference, except for the bootstrap self-reference of `type`,
    /// which is immortal).
    ty: Cell<NonNull<PyObject>>,
    /// The instance `__dict__`, when the object has one.
    dict: UnsafeCell<Option<ObjRef>>,
    pub payload: Payload,
}

/// A strong reference to a heap object.
#[repr(transparent)]
pub struct ObjRef(NonNull<PyObject>);

// SAFETY: objects are only touched by the thread holding the GIL; the counts and cells in
// them are never accessed concurrently.
unsafe impl Send for ObjRef {}
// SAFETY: as above.
unsafe impl Sync for ObjRef {}

impl ObjRef {
    /// Allocate a new object of type `ty` with a count of one.
    pub fn new(ty: &ObjRef, payload: Payload) -> ObjRef {
        Self::alloc(ty, payload, 1)
    }

    /// Allocate an object that is never freed (built-in types and their contents).
    pub fn new_immortal(ty: &ObjRef, payload: Payload) -> ObjRef {
        Self::alloc(ty, payload, IMMORTAL)
    }

    fn alloc(ty: &ObjRef, payload: Payload, count: usize) -> ObjRef {
        ty.incref();
        let boxed = Box::new(PyObject {
            refcnt: Cell::new(count),
            ty: Cell::new(ty.0),
            dict: UnsafeCell::new(None),
            payload,
        });
        ObjRef(NonNull::from(Box::leak(boxed)))
    }

    /// Allocate the bootstrap `type` object, whose type is itself.
    pub fn new_self_typed_immortal(payload: Payload) -> ObjRef {
        let boxed = Box::new(PyObject {
            refcnt: Cell::new(IMMORTAL),
            ty: Cell::new(NonNull::dangling()),
            dict: UnsafeCell::new(None),
            payload,
        });
        let ptr = NonNull::from(Box::leak(boxed));
        let obj = ObjRef(ptr);
        obj.ty.set(ptr);
        obj
    }

    #[inline]
    fn incref(&self) {
        self.refcnt.set(self.refcnt.get() + 1);
    }

    /// The object's type.
    #[inline]
    pub fn class(&self) -> &ObjRef {
        // SAFETY: `ObjRef` is a transparent-compatible single pointer and the type pointer
        // is a strong reference held by this object for as long as it lives, so viewing
        // the cell's pointer as a borrowed `ObjRef` is sound; it is never dropped through
        // this view.
        unsafe { &*(self.ty.as_ptr() as *const ObjRef) }
    }

    /// Change the type (`obj.__class__ = T`; the caller checked layout compatibility).
    pub fn set_class(&self, ty: &ObjRef) {
        ty.incref();
        let old = self.ty.replace(ty.0);
        // The old type reference is released here.
        drop(ObjRef(old));
    }

    /// A clone of the instance `__dict__`, if any.
    #[inline]
    pub fn dict(&self) -> Option<ObjRef> {
        // SAFETY: no reference into the cell escapes: we clone the content while no
        // other borrow of the cell exists (single-threaded under the GIL, and the clone
        // only increments a count, running no Python code).
        unsafe { (*self.dict.get()).clone() }
    }

    /// Whether the object has an instance dict.
    pub fn has_dict(&self) -> bool {
        // SAFETY: a read of the discriminant; no borrow escapes.
        unsafe { (*self.dict.get()).is_some() }
    }

    /// Replace the instance `__dict__`.
    pub fn set_dict(&self, dict: Option<ObjRef>) {
        // SAFETY: the old value is moved out before it is dropped, so code run by its
        // destructor sees the cell already holding the new value.
        let old = unsafe { std::ptr::replace(self.dict.get(), dict) };
        drop(old);
    }

    /// The identity of the object (its address), as `id()` returns.
    #[inline]
    pub fn id(&self) -> usize {
        self.0.as_ptr() as usize
    }

    /// Whether two handles name the same object.
    #[inline]
    pub fn is(&self, other: &ObjRef) -> bool {
        self.0 == other.0
    }

    /// The current reference count (for `sys.getrefcount`).
    pub fn refcount(&self) -> usize {
        self.refcnt.get()
    }
}

impl Clone for ObjRef {
    #[inline]
    fn clone(&self) -> Self {
        self.incref();
        ObjRef(self.0)
    }
}

impl Drop for ObjRef {
    #[inline]
    fn drop(&mut self) {
        let n = self.refcnt.get() - 1;
        self.refcnt.set(n);
        if n == 0 {
            dealloc(self.0);
        }
    }
}

impl std::ops::Deref for ObjRef {
    type Target = PyObject;
    #[inline]
    fn deref(&self) -> &PyObject {
        // SAFETY: a live `ObjRef` holds a count, so the object is allocated.
        unsafe { self.0.as_ref() }
    }
}

impl PartialEq for ObjRef {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl Eq for ObjRef {}

impl std::fmt::Debug for ObjRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<object at {:#x}>", self.id())
    }
}

struct Trashcan {
    active: Cell<bool>,
    pending: Cell<Vec<NonNull<PyObject>>>,
}

thread_local! {
    static TRASHCAN: Trashcan = const {
        Trashcan { active: Cell::new(false), pending: Cell::new(Vec::new()) }
    };
}

#[cold]
fn dealloc(ptr: NonNull<PyObject>) {
    let outermost = TRASHCAN.with(|t| {
        if t.active.get() {
            let mut list = t.pending.take();
            list.push(ptr);
            t.pending.set(list);
            false
        } else {
            t.active.set(true);
            true
        }
    });
    if !outermost {
        return;
    }
    free(ptr);
    loop {
        let next = TRASHCAN.with(|t| {
            let mut list = t.pending.take();
            let next = list.pop();
            t.pending.set(list);
            next
        });
        match next {
            Some(p) => free(p),
            None => break,
        }
    }
    TRASHCAN.with(|t| t.active.set(false));
}

fn free(ptr: NonNull<PyObject>) {
    // SAFETY: the count reached zero, so this was the last reference; the pointer came
    // from `Box::leak` in `alloc`. The type reference is released afterwards.
    let boxed = unsafe { Box::from_raw(ptr.as_ptr()) };
    let ty = boxed.ty.get();
    drop(boxed);
    drop(ObjRef(ty));
}

/// A mutable slot holding a value, readable by clone (cells, generator state...).
pub struct ValueCell<T: Clone>(UnsafeCell<T>);

impl<T: Clone> ValueCell<T> {
    pub fn new(v: T) -> Self {
        ValueCell(UnsafeCell::new(v))
    }
    /// A clone of the content.
    #[inline]
    pub fn get(&self) -> T {
        // SAFETY: the clone runs no Python code (it only increments counts) and no
        // reference into the cell escapes.
        unsafe { (*self.0.get()).clone() }
    }
    /// Replace the content, returning the old one (dropped by the caller, after the cell
    /// is consistent again).
    #[inline]
    pub fn replace(&self, v: T) -> T {
        // SAFETY: no reference into the cell exists outside this call.
        unsafe { std::ptr::replace(self.0.get(), v) }
    }
    #[inline]
    pub fn set(&self, v: T) {
        drop(self.replace(v));
    }
}

/// Build a `&str` from bytes already known to be valid UTF-8 (checked at construction of
/// the owning string).
#[inline]
pub fn str_from_utf8_checked_before(bytes: &[u8]) -> &str {
    debug_assert!(std::str::from_utf8(bytes).is_ok());
    // SAFETY: callers only pass byte strings they validated as UTF-8 when they were built
    // (see `PyStr`), and those bytes are immutable.
    unsafe { std::str::from_utf8_unchecked(bytes) }
}
