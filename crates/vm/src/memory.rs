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

use std::cell::{Cell, RefCell, UnsafeCell};
use std::collections::HashMap;
use std::ptr::NonNull;

use crate::object::Payload;
use crate::vm::Vm;

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
    /// Header bits (`hdr::*`): weak references exist, finalizer ran, GC state.
    flags: Cell<u32>,
    /// The object's index in its generation's list while tracked by the cycle
    /// collector; its index in the collector's work list during a collection.
    gc_slot: Cell<u32>,
    pub payload: Payload,
}

/// Bits of the object header's `flags` word.
pub mod hdr {
    /// Weak references to the object exist (listed in the weak-reference side table).
    pub const WEAKREFS: u32 = 1;
    /// `__del__` already ran (PEP 442: once per object).
    pub const FINALIZED: u32 = 2;
    /// Tracked by the cycle collector (in the generation given by `GEN_MASK`).
    pub const TRACKED: u32 = 4;
    /// In the set of objects a collection is examining (`gc_slot` indexes its list).
    pub const COLLECTING: u32 = 8;
    /// A dict serving as an instance's `__dict__` (CPython 3.11 keeps those inside the
    /// instance, so the collector does not count them as objects of their own).
    pub const INSTANCE_DICT: u32 = 64;
    /// A plain instance keeps its attributes in its own payload cells (`Payload::Slots`,
    /// one cell per position of its class's shared keys) and has no dict object yet: the
    /// first use of its `__dict__` (`dict()`, `with_dict`) makes one from them (as CPython
    /// 3.11 materializes an instance's dict from its inline values).
    pub const INLINE_VALUES: u32 = 128;
    /// The object has a `__dict__` that is made (empty) on first use, as CPython makes
    /// the dicts of exceptions and of instances of built-in types' subclasses.
    pub const LAZY_DICT: u32 = 256;
    /// Marked at exit, before `__main__` is cleared, as reachable from its globals: the
    /// objects the collection after the clearing looks at (see `gc::finalize_main`).
    pub const EXIT_CANDIDATE: u32 = 512;
    pub const GEN_SHIFT: u32 = 4;
    pub const GEN_MASK: u32 = 3 << GEN_SHIFT;
}

/// Immortal objects are allocated here, out of line: a named frame in allocation stacks
/// lets leak checkers tell them (never freed by design) from leaked references (see
/// tests/valgrind.supp).
#[inline(never)]
fn alloc_immortal(ty: &ObjRef, payload: Payload) -> ObjRef {
    let o = ObjRef::alloc(ty, payload, IMMORTAL);
    // Not a tail call: this frame stays in allocation stacks.
    std::hint::black_box(&o);
    o
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

    /// Allocate an object of type `ty` with a count of one whose payload holds no
    /// references (it is not tracked by the cycle collector): the payload `init` makes
    /// (after the allocation) is written into the new block, then `fill` finishes it
    /// there. Inlined, so that a payload whose contents come in small pieces (the bytes of
    /// a short str) is assembled in the block: built on the stack before the allocation
    /// and copied into the block, it was read back by loads wider than the stores that
    /// wrote it, each of which stalls store forwarding (str.split spent half its time
    /// there).
    #[inline(always)]
    pub fn new_leaf_filled(
        ty: &ObjRef,
        init: impl FnOnce() -> Payload,
        fill: impl FnOnce(&mut Payload),
    ) -> ObjRef {
        ty.incref();
        let layout = std::alloc::Layout::new::<PyObject>();
        // SAFETY: the layout is not zero-sized.
        let raw = unsafe { std::alloc::alloc(layout) } as *mut PyObject;
        let Some(ptr) = NonNull::new(raw) else {
            std::alloc::handle_alloc_error(layout)
        };
        // SAFETY: `raw` is a fresh block for one `PyObject`, seen by no one else until
        // this returns: every field is written once, in place, and `fill` gets the only
        // reference to the payload just written. `free` releases the block with the same
        // layout (as for `alloc`).
        unsafe {
            std::ptr::addr_of_mut!((*raw).payload).write(init());
            debug_assert!(!crate::gc::is_container(ty, &(*raw).payload));
            fill(&mut *std::ptr::addr_of_mut!((*raw).payload));
            std::ptr::addr_of_mut!((*raw).refcnt).write(Cell::new(1));
            std::ptr::addr_of_mut!((*raw).ty).write(Cell::new(ty.0));
            std::ptr::addr_of_mut!((*raw).dict).write(UnsafeCell::new(None));
            std::ptr::addr_of_mut!((*raw).flags).write(Cell::new(0));
            std::ptr::addr_of_mut!((*raw).gc_slot).write(Cell::new(0));
        }
        ObjRef(ptr)
    }

    /// Allocate an object that is never freed (built-in types and their contents).
    pub fn new_immortal(ty: &ObjRef, payload: Payload) -> ObjRef {
        alloc_immortal(ty, payload)
    }

    fn alloc(ty: &ObjRef, payload: Payload, count: usize) -> ObjRef {
        ty.incref();
        let track = count != IMMORTAL && crate::gc::is_container(ty, &payload);
        let layout = std::alloc::Layout::new::<PyObject>();
        // SAFETY: the layout is not zero-sized.
        let raw = unsafe { std::alloc::alloc(layout) } as *mut PyObject;
        let Some(ptr) = NonNull::new(raw) else {
            std::alloc::handle_alloc_error(layout)
        };
        // SAFETY: `raw` is a fresh block for one `PyObject`; every field is written
        // once, in place (the payload goes straight from the caller's value into the
        // block, without the copy on the stack that `Box::new` makes). `free` releases
        // the block with the same layout.
        unsafe {
            std::ptr::addr_of_mut!((*raw).payload).write(payload);
            std::ptr::addr_of_mut!((*raw).refcnt).write(Cell::new(count));
            std::ptr::addr_of_mut!((*raw).ty).write(Cell::new(ty.0));
            std::ptr::addr_of_mut!((*raw).dict).write(UnsafeCell::new(None));
            std::ptr::addr_of_mut!((*raw).flags).write(Cell::new(0));
            std::ptr::addr_of_mut!((*raw).gc_slot).write(Cell::new(0));
        }
        let o = ObjRef(ptr);
        if track {
            gc_track(&o, 0);
        }
        o
    }

    /// Allocate the bootstrap `type` object, whose type is itself.
    pub fn new_self_typed_immortal(payload: Payload) -> ObjRef {
        let boxed = Box::new(PyObject {
            refcnt: Cell::new(IMMORTAL),
            ty: Cell::new(NonNull::dangling()),
            dict: UnsafeCell::new(None),
            flags: Cell::new(0),
            gc_slot: Cell::new(0),
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
        // Inline values are positioned by the old class's shared keys.
        if self.flags.get() & hdr::INLINE_VALUES != 0 {
            drop(self.dict());
        }
        ty.incref();
        let old = self.ty.replace(ty.0);
        // The old type reference is released here.
        drop(ObjRef(old));
    }

    /// A clone of the instance `__dict__`, if any.
    #[inline]
    pub fn dict(&self) -> Option<ObjRef> {
        if self.flags.get() & (hdr::INLINE_VALUES | hdr::LAZY_DICT) != 0 {
            self.materialize_dict();
        }
        // SAFETY: no reference into the cell escapes: we clone the content while no
        // other borrow of the cell exists (single-threaded under the GIL, and the clone
        // only increments a count, running no Python code).
        unsafe { (*self.dict.get()).clone() }
    }

    /// The instance `__dict__` for reading: as [`ObjRef::dict`], but a dict not made yet
    /// because it would be empty (`LAZY_DICT`) stays unmade and gives None (readers
    /// treat it as empty).
    #[inline]
    pub fn dict_for_read(&self) -> Option<ObjRef> {
        if self.flags.get() & hdr::INLINE_VALUES != 0 {
            self.materialize_dict();
        }
        // SAFETY: as in `dict`: the content is cloned while no other borrow exists.
        unsafe { (*self.dict.get()).clone() }
    }

    /// The dict object the instance has now, making none (the collector's view: inline
    /// values are in the payload cells, a lazy dict does not exist yet).
    #[inline]
    pub fn made_dict(&self) -> Option<ObjRef> {
        // SAFETY: as in `dict`: the content is cloned while no other borrow exists.
        unsafe { (*self.dict.get()).clone() }
    }

    /// Run `f` on the instance `__dict__`, if any, without taking a reference to it
    /// (the hot path of cached attribute loads). `f` must not replace the object's dict
    /// (it may read the dict; it runs no Python code). A lazy dict not made yet is not
    /// made for this (None: `f` would find nothing in it).
    #[inline(always)]
    pub fn with_dict<R>(&self, f: impl FnOnce(&ObjRef) -> R) -> Option<R> {
        if self.flags.get() & hdr::INLINE_VALUES != 0 {
            self.materialize_dict();
        }
        // SAFETY: the borrow of the cell's content lives only during `f`, which by
        // contract neither replaces the dict nor runs Python code that could; objects are
        // touched by one thread at a time (the GIL).
        let d = unsafe { (*self.dict.get()).as_ref() }?;
        Some(f(d))
    }

    /// Whether the object has an instance dict.
    pub fn has_dict(&self) -> bool {
        // SAFETY: a read of the discriminant; no borrow escapes.
        self.flags.get() & (hdr::INLINE_VALUES | hdr::LAZY_DICT) != 0
            || unsafe { (*self.dict.get()).is_some() }
    }

    /// Give a new object its `__dict__`: made on first use when a VM is entered on this
    /// thread (which making it then needs), else now by `make`.
    pub fn give_dict(&self, make: impl FnOnce() -> ObjRef) {
        if with_vm(|_| ()).is_some() {
            self.set_hdr_flag(hdr::LAZY_DICT);
        } else {
            self.set_dict(Some(make()));
        }
    }

    /// Whether the attributes are still inline (no dict object made yet).
    #[inline]
    pub fn has_inline_values(&self) -> bool {
        self.flags.get() & hdr::INLINE_VALUES != 0
    }

    /// Make the instance dict: empty for a lazy one, else from the inline values (not
    /// while a collection examines the object: the collector sees the values in the
    /// payload cells, and allocating then would change its lists).
    #[cold]
    #[inline(never)]
    fn materialize_dict(&self) {
        if self.flags.get() & hdr::COLLECTING != 0 {
            return;
        }
        if self.flags.get() & hdr::INLINE_VALUES == 0 {
            if let Some(d) = with_vm(|vm| vm.new_dict_obj()) {
                self.set_dict(Some(d));
            }
            return;
        }
        if let Some(d) = crate::objects::object::make_inline_dict(self) {
            // Installs the dict and ends inline mode (the values moved into it).
            self.clear_hdr_flag(hdr::INLINE_VALUES);
            self.set_dict(Some(d));
        }
    }

    /// Replace the instance `__dict__`.
    pub fn set_dict(&self, dict: Option<ObjRef>) {
        self.clear_hdr_flag(hdr::LAZY_DICT);
        if self.flags.get() & hdr::INLINE_VALUES != 0 {
            // The inline values are replaced (or cleared) with the dict.
            self.clear_hdr_flag(hdr::INLINE_VALUES);
            if let Payload::Slots(cells) = &self.payload {
                let old: Vec<crate::value::Value> = cells
                    .iter()
                    .map(|c| c.replace(crate::value::Value::Null))
                    .collect();
                self.set_dict(dict);
                drop(old);
                return;
            }
        }
        if let Some(d) = &dict {
            // CPython 3.11 keeps the attributes of instances of classes (other than
            // variable-size built-ins' subclasses) inside the instance; modules, types,
            // functions and exceptions have real dict objects.
            let managed = !matches!(
                self.payload,
                Payload::Module(_)
                    | Payload::Type(_)
                    | Payload::Function(_)
                    | Payload::Exception(_)
                    | Payload::Tuple(_)
                    | Payload::Int(_)
                    | Payload::Bytes(_)
            );
            if managed {
                d.set_hdr_flag(hdr::INSTANCE_DICT);
            }
        }
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

    /// Whether the object is immortal (never freed).
    pub fn is_immortal(&self) -> bool {
        self.refcnt.get() >= IMMORTAL / 2
    }

    /// The items of a tuple, for rewriting in place, when this handle is the tuple's only
    /// reference: the result tuple an iterator hands out again once its caller dropped
    /// it (CPython's dict-items and enumerate iterators reuse theirs so).
    #[inline]
    pub fn unique_tuple_items(&mut self) -> Option<&mut [crate::value::Value]> {
        if self.refcnt.get() != 1 {
            return None;
        }
        // SAFETY: a count of one is this handle, borrowed mutably here: no other handle
        // to the object exists and no reference into its payload outlives a borrow of
        // this one, so the payload can be written for the length of the borrow.
        match unsafe { &mut (*self.0.as_ptr()).payload } {
            Payload::Tuple(items) => Some(items),
            _ => None,
        }
    }
}

impl PyObject {
    /// The header flag bits (`hdr::*`).
    #[inline]
    pub fn hdr_flags(&self) -> u32 {
        self.flags.get()
    }
    #[inline]
    pub fn set_hdr_flag(&self, f: u32) {
        self.flags.set(self.flags.get() | f);
    }
    #[inline]
    pub fn clear_hdr_flag(&self, f: u32) {
        self.flags.set(self.flags.get() & !f);
    }
    /// The identity of the object (its address).
    #[inline]
    pub fn addr(&self) -> usize {
        self as *const PyObject as usize
    }
    /// The current reference count.
    #[inline]
    pub fn count(&self) -> usize {
        self.refcnt.get()
    }
    #[inline]
    pub fn gc_slot(&self) -> u32 {
        self.gc_slot.get()
    }
    #[inline]
    pub fn set_gc_slot(&self, i: u32) {
        self.gc_slot.set(i);
    }
    /// The object's type.
    #[inline]
    pub fn class_of(&self) -> &ObjRef {
        // SAFETY: as in `ObjRef::class`.
        unsafe { &*(self.ty.as_ptr() as *const ObjRef) }
    }
}

/// A copy of a reference that some owner keeps alive, made and dropped without touching
/// the count: the frame stack lists the code, globals and builtins of running frames
/// this way (the frames themselves hold the counted references).
#[repr(transparent)]
#[derive(Clone, Copy)]
pub struct Unowned(NonNull<PyObject>);

impl Unowned {
    /// The uncounted copy of `o`.
    #[inline]
    pub fn of(o: &ObjRef) -> Unowned {
        Unowned(o.0)
    }

    /// The object, borrowed.
    ///
    /// # Safety
    /// The object must still be alive: some owner holds a counted reference to it for as
    /// long as the returned borrow is used.
    #[inline]
    pub unsafe fn get(&self) -> &ObjRef {
        // SAFETY: `Unowned` and `ObjRef` are both a transparent single `NonNull`; the
        // view is never dropped, and the caller guarantees the object lives.
        unsafe { &*(self as *const Unowned as *const ObjRef) }
    }
}

/// An uncounted pointer to the value of an `Rc` that some owner keeps alive: the frame
/// stack lists the shared part of each running frame this way (pushing and popping an
/// entry touches no count; the frame holds the counted `Rc`).
pub struct UnownedRc<T>(NonNull<T>);

impl<T> UnownedRc<T> {
    /// The uncounted pointer to `rc`'s value.
    #[inline]
    pub fn of(rc: &std::rc::Rc<T>) -> UnownedRc<T> {
        UnownedRc(NonNull::from(&**rc))
    }

    /// The value, borrowed.
    ///
    /// # Safety
    /// Some owner must hold a counted `Rc` of the value for as long as the borrow is used.
    #[inline]
    pub unsafe fn get(&self) -> &T {
        // SAFETY: the caller guarantees a counted `Rc` keeps the allocation alive.
        unsafe { self.0.as_ref() }
    }

    /// A new counted `Rc` of the value.
    ///
    /// # Safety
    /// Some owner must hold a counted `Rc` of the value now.
    #[inline]
    pub unsafe fn to_rc(&self) -> std::rc::Rc<T> {
        let p = self.0.as_ptr() as *const T;
        // SAFETY: `p` came from a live `Rc` (`of`), which the caller guarantees still
        // holds a count: adding one and taking it as a new `Rc` is balanced.
        unsafe {
            std::rc::Rc::increment_strong_count(p);
            std::rc::Rc::from_raw(p)
        }
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

/// How deep deallocations nest before further ones are queued (CPython's trashcan
/// allows about 50 levels too): freeing a short chain happens in the order recursion
/// gives, as in CPython, while a million-node chain is freed iteratively.
const TRASH_DEPTH: u32 = 50;

thread_local! {
    /// How many deallocations are running on this thread (`dealloc` nesting).
    static TRASH_NESTING: Cell<u32> = const { Cell::new(0) };
    /// Objects whose deallocation waits for the outermost one to finish.
    static TRASH_PENDING: Cell<Vec<NonNull<PyObject>>> = const { Cell::new(Vec::new()) };
}

#[cold]
fn dealloc(ptr: NonNull<PyObject>) {
    let depth = TRASH_NESTING.get();
    if depth >= TRASH_DEPTH {
        trash_defer(ptr);
        return;
    }
    TRASH_NESTING.set(depth + 1);
    free(ptr);
    TRASH_NESTING.set(depth);
    if depth == 0 {
        trash_empty();
    }
}

/// Queue `ptr` for the outermost deallocation to free.
#[cold]
#[inline(never)]
fn trash_defer(ptr: NonNull<PyObject>) {
    TRASH_PENDING.with(|t| {
        let mut list = t.take();
        list.push(ptr);
        t.set(list);
    });
}

/// Free the queued objects (at the outermost deallocation, nothing else running).
#[inline]
fn trash_empty() {
    // An empty `Vec` has no buffer: the test reads the length without taking the list.
    // SAFETY: the cell belongs to this thread and no reference into it is held.
    if TRASH_PENDING.with(|t| unsafe { (*t.as_ptr()).is_empty() }) {
        return;
    }
    trash_empty_slow();
}

#[cold]
#[inline(never)]
fn trash_empty_slow() {
    loop {
        let next = TRASH_PENDING.with(|t| {
            let mut list = t.take();
            let next = list.pop();
            t.set(list);
            next
        });
        match next {
            Some(p) => {
                TRASH_NESTING.set(1);
                free(p);
                TRASH_NESTING.set(0);
            }
            None => break,
        }
    }
}

fn free(ptr: NonNull<PyObject>) {
    // SAFETY: the count reached zero, so this was the last reference and the object is
    // still allocated (it is released below, once).
    let obj = unsafe { ptr.as_ref() };
    if crate::gc::needs_dealloc_hook(obj) && resurrected_by_hook(ptr) {
        return;
    }
    if obj.hdr_flags() & hdr::TRACKED != 0 {
        gc_untrack(obj);
        crate::gc::note_dealloc();
    }
    let raw = ptr.as_ptr();
    // CPython's order: the instance dict first, then the contents (list and tuple
    // items from the last to the first), then the type.
    // SAFETY: the object is allocated and nothing else refers to it (count zero, no
    // finalizer resurrected it): its fields are ours to take apart. The dict is moved out
    // of the cell before it is dropped.
    if let Some(d) = unsafe { (*(*raw).dict.get()).take() } {
        drop(d);
    }
    // SAFETY: as above; the payload is dropped once, here (a tuple's or list's items
    // are moved out first, leaving an empty value that owns no memory, which needs no
    // drop; the other variants without contents need none either).
    unsafe {
        match &mut (*raw).payload {
            Payload::Tuple(items) => items.drop_last_first(),
            Payload::List(items) => drop_items_last_first(std::mem::take(items.get_mut())),
            // Inline cells past `len` hold Null (see `SlotCells`): nothing to drop.
            Payload::Slots(crate::object::SlotCells::Inline { len, cells }) => {
                for c in &cells[..(*len as usize).min(cells.len())] {
                    drop(c.replace(crate::value::Value::Null));
                }
            }
            Payload::Object
            | Payload::Float(_)
            | Payload::Complex(..)
            | Payload::NotImplemented
            | Payload::Ellipsis => {}
            payload => std::ptr::drop_in_place(payload),
        }
    }
    // SAFETY: as above; the header fields left (count, flags, slot, the empty dict
    // cell) own nothing, so the memory is released without running more destructors.
    // It came from the global allocator with this layout (`alloc`).
    let ty = unsafe {
        let ty = (*raw).ty.get();
        std::alloc::dealloc(raw as *mut u8, std::alloc::Layout::new::<PyObject>());
        ty
    };
    drop(ObjRef(ty));
}

/// Run the finalizer and weak-reference callbacks of an object whose count reached
/// zero; true when they resurrected it (it is then kept, with the references they made).
/// Out of line: few objects need it, and its frame would burden every `free`.
#[cold]
#[inline(never)]
fn resurrected_by_hook(ptr: NonNull<PyObject>) -> bool {
    // SAFETY: as in `free`: the object is still allocated.
    let obj = unsafe { ptr.as_ref() };
    // Resurrect the object for the duration of its finalizer and weak-reference
    // callbacks: they may see it (`__del__` gets `self`), and may store it.
    obj.refcnt.set(1);
    let handle = ObjRef(ptr);
    crate::gc::dealloc_hook(&handle);
    let n = handle.refcnt.get();
    std::mem::forget(handle);
    if n > 1 {
        // Resurrected: someone kept a reference; drop ours and keep the object.
        obj.refcnt.set(n - 1);
        return true;
    }
    obj.refcnt.set(0);
    false
}

/// Drop the items of a tuple or list from the last to the first, as CPython does.
#[inline]
fn drop_items_last_first(mut items: Vec<crate::value::Value>) {
    while let Some(x) = items.pop() {
        drop(x);
    }
}

// ----- weak references -----------------------------------------------------------------

thread_local! {
    /// For every object with weak references (header bit `WEAKREFS`), the weak-reference
    /// objects pointing at it, in CPython's list order. The entries are not counted
    /// references: a weak-reference object removes itself when it is freed.
    static WEAK_TABLE: RefCell<HashMap<usize, Vec<NonNull<PyObject>>>> =
        RefCell::new(HashMap::new());
}

/// A pointer to an object that does not keep it alive. It is cleared (by the owner of
/// the pointer, from the referent's dealloc hook) before the referent is freed.
pub struct WeakPtr(Cell<Option<NonNull<PyObject>>>);

impl WeakPtr {
    pub fn new(o: &ObjRef) -> WeakPtr {
        WeakPtr(Cell::new(Some(o.0)))
    }
    pub fn empty() -> WeakPtr {
        WeakPtr(Cell::new(None))
    }
    /// A strong reference to the referent, if it is still alive.
    pub fn upgrade(&self) -> Option<ObjRef> {
        let p = self.0.get()?;
        // SAFETY: a set pointer names a live object: the referent's dealloc hook clears
        // every weak pointer registered for it before its memory is released. An object
        // whose count already reached zero (queued for freeing) is treated as dead.
        let o = unsafe { p.as_ref() };
        if o.refcnt.get() == 0 {
            return None;
        }
        o.refcnt.set(o.refcnt.get() + 1);
        Some(ObjRef(p))
    }
    /// The referent's address (0 once cleared).
    pub fn addr(&self) -> usize {
        self.0.get().map_or(0, |p| p.as_ptr() as usize)
    }
    pub fn clear(&self) {
        self.0.set(None);
    }
}

/// Register weak-reference object `wr` for `referent`, at the position `choose` picks
/// among the weak references already registered (given in list order).
pub fn weak_register(referent: &ObjRef, wr: &ObjRef, choose: impl FnOnce(&[&PyObject]) -> usize) {
    referent.set_hdr_flag(hdr::WEAKREFS);
    WEAK_TABLE.with(|t| {
        let mut t = t.borrow_mut();
        let list = t.entry(referent.id()).or_default();
        // SAFETY: registered weak-reference objects are alive: they unregister
        // themselves when freed (see `weak_unregister`).
        let views: Vec<&PyObject> = list.iter().map(|p| unsafe { p.as_ref() }).collect();
        let i = choose(&views).min(list.len());
        list.insert(i, wr.0);
    });
}

/// Remove weak-reference object `wr_addr` from the list of `referent_addr`.
pub fn weak_unregister(referent_addr: usize, wr_addr: usize) {
    WEAK_TABLE.with(|t| {
        if let Ok(mut t) = t.try_borrow_mut() {
            if let Some(list) = t.get_mut(&referent_addr) {
                list.retain(|p| p.as_ptr() as usize != wr_addr);
                if list.is_empty() {
                    t.remove(&referent_addr);
                }
            }
        }
    });
}

/// The live weak references to `referent` (those whose own count is not zero), in
/// list order.
pub fn weak_list(referent: &PyObject) -> Vec<ObjRef> {
    if referent.hdr_flags() & hdr::WEAKREFS == 0 {
        return Vec::new();
    }
    WEAK_TABLE.with(|t| {
        let t = t.borrow();
        let Some(list) = t.get(&referent.addr()) else {
            return Vec::new();
        };
        list.iter()
            .filter_map(|p| {
                // SAFETY: registered weak-reference objects are allocated (see above);
                // one whose count reached zero is being freed and is skipped.
                let o = unsafe { p.as_ref() };
                if o.refcnt.get() == 0 {
                    return None;
                }
                o.refcnt.set(o.refcnt.get() + 1);
                Some(ObjRef(*p))
            })
            .collect()
    })
}

/// Take the whole weak-reference list of `referent` out of the table (it is dying):
/// `clear` is called on every entry (live or being freed); the live ones are returned.
pub fn weak_take(referent: &PyObject, mut clear: impl FnMut(&PyObject)) -> Vec<ObjRef> {
    referent.clear_hdr_flag(hdr::WEAKREFS);
    let list = WEAK_TABLE.with(|t| t.borrow_mut().remove(&referent.addr()));
    let mut live = Vec::new();
    for p in list.unwrap_or_default() {
        // SAFETY: as in `weak_list`.
        let o = unsafe { p.as_ref() };
        clear(o);
        if o.refcnt.get() != 0 {
            o.refcnt.set(o.refcnt.get() + 1);
            live.push(ObjRef(p));
        }
    }
    live
}

// ----- cycle collector generations ----------------------------------------------------

/// The three generations plus the permanent one (`gc.freeze`): tracked objects in the
/// order they were tracked; a freed or untracked object leaves a hole (None), except at
/// the end of the list (see `gc_untrack`). Every tracked object's `gc_slot` is its
/// position in the list of its generation (`hdr::GEN_MASK`).
struct GcLists {
    gens: UnsafeCell<[Vec<Option<NonNull<PyObject>>>; 4]>,
    /// The list length at which a generation's holes are squeezed out next.
    compact_at: [Cell<usize>; 4],
}

thread_local! {
    static GC_LISTS: GcLists = const {
        GcLists {
            gens: UnsafeCell::new([Vec::new(), Vec::new(), Vec::new(), Vec::new()]),
            compact_at: [Cell::new(1024), Cell::new(1024), Cell::new(1024), Cell::new(1024)],
        }
    };
}

/// Run `f` on the list of generation `gen`.
#[inline(always)]
fn with_gen<R>(gen: usize, f: impl FnOnce(&mut Vec<Option<NonNull<PyObject>>>) -> R) -> R {
    GC_LISTS.with(|l| {
        // SAFETY: the lists belong to this thread; every user (this section's functions)
        // keeps the borrow within one call of `with_gen` and runs no code that could
        // reach the lists again meanwhile (no Python code, no object is freed).
        f(unsafe { &mut (*l.gens.get())[gen & 3] })
    })
}

/// Start tracking `o` in generation `gen` (appended at the end).
#[inline]
pub fn gc_track(o: &PyObject, gen: usize) {
    if o.hdr_flags() & hdr::TRACKED != 0 {
        return;
    }
    let gen = gen & 3;
    let appended = GC_LISTS.with(|l| {
        // SAFETY: as in `with_gen` (one borrow, no code runs while it lives).
        let list = unsafe { &mut (*l.gens.get())[gen] };
        let n = list.len();
        if n == list.capacity() || n + 1 >= l.compact_at[gen].get() {
            return false;
        }
        o.gc_slot.set(n as u32);
        // SAFETY: there is room for one more entry (checked above): the entry at `n`
        // is written, then counted.
        unsafe {
            list.as_mut_ptr().add(n).write(Some(NonNull::from(o)));
            list.set_len(n + 1);
        }
        true
    });
    if !appended {
        gc_track_slow(o, gen);
        return;
    }
    o.flags
        .set((o.flags.get() & !hdr::GEN_MASK) | hdr::TRACKED | ((gen as u32) << hdr::GEN_SHIFT));
    if gen == 0 {
        crate::gc::note_alloc();
    }
}

/// `gc_track` when the list must grow or has reached its compaction length.
#[cold]
#[inline(never)]
fn gc_track_slow(o: &PyObject, gen: usize) {
    let full = with_gen(gen, |list| {
        o.gc_slot.set(list.len() as u32);
        list.push(Some(NonNull::from(o)));
        list.len()
    }) >= GC_LISTS.with(|l| l.compact_at[gen].get());
    o.flags
        .set((o.flags.get() & !hdr::GEN_MASK) | hdr::TRACKED | ((gen as u32) << hdr::GEN_SHIFT));
    if full {
        gc_compact(gen);
    }
    if gen == 0 {
        crate::gc::note_alloc();
    }
}

/// Stop tracking `o`. Its entry becomes a hole; an entry at the end of the list is
/// removed instead, and one just before the last moves the last entry into its place
/// (the order of the others is kept): an object made and freed while a newer one lives
/// (`t = (i, i)` in a loop frees the previous tuple after making the next) leaves no
/// hole to squeeze out later.
#[inline]
pub fn gc_untrack(o: &PyObject) {
    if o.hdr_flags() & hdr::TRACKED == 0 {
        return;
    }
    let gen = ((o.flags.get() & hdr::GEN_MASK) >> hdr::GEN_SHIFT) as usize;
    let slot = o.gc_slot.get() as usize;
    with_gen(gen, |list| {
        let len = list.len();
        if slot + 1 == len {
            list.pop();
        } else if slot + 2 == len {
            let last = list.pop().flatten();
            if let Some(p) = last {
                // SAFETY: tracked objects are allocated (`free` untracks an object
                // before releasing it).
                unsafe { p.as_ref() }.gc_slot.set(slot as u32);
            }
            list[slot] = last;
        } else if let Some(entry) = list.get_mut(slot) {
            *entry = None;
        }
    });
    o.clear_hdr_flag(hdr::TRACKED | hdr::GEN_MASK);
}

/// The generation of a tracked object.
pub fn gc_generation(o: &PyObject) -> Option<usize> {
    (o.hdr_flags() & hdr::TRACKED != 0)
        .then(|| ((o.flags.get() & hdr::GEN_MASK) >> hdr::GEN_SHIFT) as usize)
}

/// Strong references to the live objects tracked in generation `gen`, in order.
pub fn gc_objects(gen: usize) -> Vec<ObjRef> {
    with_gen(gen, |list| {
        list.iter()
            .flatten()
            .filter_map(|p| {
                // SAFETY: tracked objects are allocated: `free` untracks an object
                // before releasing it.
                let o = unsafe { p.as_ref() };
                if o.refcnt.get() == 0 {
                    return None;
                }
                o.refcnt.set(o.refcnt.get() + 1);
                Some(ObjRef(*p))
            })
            .collect()
    })
}

/// The number of objects tracked in generation `gen`.
pub fn gc_len(gen: usize) -> usize {
    with_gen(gen, |list| list.iter().flatten().count())
}

/// Untrack every object of generation `gen` and return strong references to them in
/// order (objects already being freed stay tracked in generation 0).
pub fn gc_take(gen: usize) -> Vec<ObjRef> {
    let list = with_gen(gen, std::mem::take);
    // Collected in place (the list's buffer becomes the result's: no second copy of a
    // generation's list at the peak of a full collection).
    list.into_iter()
        .filter_map(|p| {
            let p = p?;
            // SAFETY: as in `gc_objects`.
            let o = unsafe { p.as_ref() };
            o.clear_hdr_flag(hdr::TRACKED | hdr::GEN_MASK);
            if o.refcnt.get() == 0 {
                with_gen(0, |g0| {
                    o.gc_slot.set(g0.len() as u32);
                    g0.push(Some(p));
                });
                o.set_hdr_flag(hdr::TRACKED);
                return None;
            }
            o.refcnt.set(o.refcnt.get() + 1);
            Some(ObjRef(p))
        })
        .collect()
}

/// Untrack the objects of generation `gen` whose header carries `flag` (cleared) and
/// return strong references to them, in list order; their entries become holes.
pub fn gc_take_flagged(gen: usize, flag: u32) -> Vec<ObjRef> {
    with_gen(gen, |list| {
        let mut taken = Vec::new();
        for entry in list.iter_mut() {
            let Some(p) = *entry else { continue };
            // SAFETY: as in `gc_objects`.
            let o = unsafe { p.as_ref() };
            if o.hdr_flags() & flag == 0 || o.refcnt.get() == 0 {
                continue;
            }
            o.clear_hdr_flag(flag | hdr::TRACKED | hdr::GEN_MASK);
            o.refcnt.set(o.refcnt.get() + 1);
            *entry = None;
            taken.push(ObjRef(p));
        }
        taken
    })
}

/// Drop the holes of a generation's list when they are many.
#[cold]
#[inline(never)]
pub fn gc_compact(gen: usize) {
    let live = with_gen(gen, |list| {
        let live = list.iter().flatten().count();
        if live != list.len() {
            list.retain(|p| p.is_some());
            for (i, p) in list.iter().enumerate() {
                if let Some(p) = p {
                    // SAFETY: as in `gc_objects`.
                    unsafe { p.as_ref() }.gc_slot.set(i as u32);
                }
            }
        }
        live
    });
    GC_LISTS.with(|l| l.compact_at[gen & 3].set((live * 2).max(1024)));
}

// ----- the current VM ------------------------------------------------------------------

thread_local! {
    static CURRENT_VM: Cell<*const Vm> = const { Cell::new(std::ptr::null()) };
}

/// Run `f` with `vm` entered on this thread: finalizers and weak-reference callbacks run
/// by deallocation use it. The previous VM (if any) is restored afterwards, also when `f`
/// panics.
pub fn with_vm_entered<R>(vm: &Vm, f: impl FnOnce() -> R) -> R {
    struct Restore(*const Vm);
    impl Drop for Restore {
        fn drop(&mut self) {
            CURRENT_VM.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(CURRENT_VM.with(|c| c.replace(vm as *const Vm)));
    f()
}

/// Run `f` with the VM entered on this thread, if any.
pub fn with_vm<R>(f: impl FnOnce(&Vm) -> R) -> Option<R> {
    let p = CURRENT_VM.with(|c| c.get());
    if p.is_null() {
        return None;
    }
    // SAFETY: the pointer is set only by `with_vm_entered` for the duration of a call that
    // borrows the `Vm`, and restored when that call returns or unwinds.
    Some(f(unsafe { &*p }))
}

/// Append to a list's items, growing the buffer as CPython's list does (to the new
/// length plus an eighth plus 6, rounded down to a multiple of 4) instead of doubling
/// it: a list built by appends keeps at most about an eighth of its slots spare, not up
/// to half of them.
#[inline]
pub fn list_push<T>(items: &mut Vec<T>, x: T) {
    if items.len() == items.capacity() {
        grow_list(items);
    }
    items.push(x);
}

#[cold]
#[inline(never)]
fn grow_list<T>(items: &mut Vec<T>) {
    let n = items.len() + 1;
    let target = (n + (n >> 3) + 6) & !3;
    items.reserve_exact(target.max(n) - items.len());
}

/// The same reference, made opaque to the optimiser at no cost: the eval loop takes the
/// VM through this on every instruction so that LLVM cannot hoist the addresses of the
/// VM's fields out of the loop (into a prologue every call would pay for), without the
/// store and reload through the stack that `std::hint::black_box` costs.
#[inline(always)]
// The pointer passes through the block untouched: no memory behind it is read or written.
#[allow(clippy::pointers_in_nomem_asm_block)]
pub fn opaque<T>(r: &T) -> &T {
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    {
        let mut p = r as *const T;
        // SAFETY: the empty assembly block reads and writes no memory and leaves the
        // register holding `p` unchanged; it only hides where the pointer came from. The
        // pointer given back is the reference passed in, with the same lifetime.
        unsafe {
            std::arch::asm!("/* {0} */", inout(reg) p, options(nomem, nostack, preserves_flags));
            &*p
        }
    }
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        std::hint::black_box(r)
    }
}

/// [`opaque`] for a mutable reference: the eval loop takes its frame through this on every
/// instruction, so that the addresses of the frame's fields are computed where they are
/// used instead of in a prologue that every call and every generator resume pays for.
#[inline(always)]
#[allow(clippy::pointers_in_nomem_asm_block)]
pub fn opaque_mut<T>(r: &mut T) -> &mut T {
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    {
        let mut p = r as *mut T;
        // SAFETY: as in `opaque`: the block touches no memory and leaves the pointer as
        // it was; the reference given back is the exclusive one passed in (consumed), with
        // the same lifetime.
        unsafe {
            std::arch::asm!("/* {0} */", inout(reg) p, options(nomem, nostack, preserves_flags));
            &mut *p
        }
    }
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        std::hint::black_box(r)
    }
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
    /// Call `f` on the content in place (no clone: no count changes).
    ///
    /// # Safety
    /// `f` must not write to this cell, run Python code or free objects (anything that
    /// could replace the content while `f` holds a reference to it).
    #[inline]
    pub unsafe fn peek<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        f(&*self.0.get())
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

impl ValueCell<crate::value::Value> {
    /// Whether the cell holds Null (no clone of the content).
    #[inline]
    pub fn is_null(&self) -> bool {
        // SAFETY: a read of the discriminant; no reference escapes and no code runs.
        unsafe { (*self.0.get()).is_null() }
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

#[cfg(test)]
mod layout_tests {
    /// Every heap object pays for the largest payload variant: keep it from growing.
    #[test]
    fn object_sizes() {
        use std::mem::size_of;
        assert!(size_of::<crate::object::SlotCells>() <= 72);
        // Exceptions keep their state in the object (no allocation of their own).
        assert!(size_of::<crate::object::ExcData>() <= 72);
        // Payloads kept in the object rather than boxed.
        assert!(size_of::<crate::object::TupleItems>() <= 72);
        assert!(size_of::<crate::objects::iter::IterKind>() <= 72);
        assert!(size_of::<crate::object::BuiltinData>() <= 72);
        assert!(size_of::<crate::object::TracebackData>() <= 72);
        assert_eq!(size_of::<crate::object::Payload>(), 80);
        assert_eq!(size_of::<super::PyObject>(), 112);
    }
}
