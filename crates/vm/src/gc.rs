//! Object finalization and the cycle collector.
//!
//! `dealloc_hook` runs when an object's count reaches zero and it has weak references or
//! a `__del__`: the finalizer first (once per object, PEP 442; it may resurrect the
//! object), then the weak references are cleared and their callbacks called, as
//! CPython's `subtype_dealloc` does.

use crate::memory::{self, hdr, ObjRef, PyObject};
use crate::objects::dict;
use crate::objects::typeobj::{lookup, tdata};
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

/// Whether freeing `o` must first run `dealloc_hook`.
#[inline]
pub fn needs_dealloc_hook(o: &PyObject) -> bool {
    let f = o.hdr_flags();
    if f & hdr::WEAKREFS != 0 {
        return true;
    }
    f & hdr::FINALIZED == 0
        && ((tdata(o.class_of()).is_heap() && has_del(o))
            || crate::objects::generator::needs_finalize(&o.payload))
}

fn has_del(o: &PyObject) -> bool {
    // Heap classes keep this flag current (`update_flags` on creation and every change).
    tdata(o.class_of()).has_flag(crate::objects::typeobj::flags::HAS_DEL)
}

/// Called with the object resurrected (count 1): run `__del__`, then clear weak
/// references and call their callbacks unless `__del__` resurrected it.
pub fn dealloc_hook(obj: &ObjRef) {
    let ran = memory::with_vm(|vm| {
        if !finalize(vm, obj) {
            return;
        }
        let calls = crate::objects::weakref::clear_weakrefs(obj);
        run_callbacks(vm, calls);
    });
    if ran.is_none() {
        // No interpreter to run Python code: clear the weak references silently.
        drop(crate::objects::weakref::clear_weakrefs(obj));
    }
}

/// Run `__del__` once (PEP 442). False when the object was resurrected.
fn finalize(vm: &Vm, obj: &ObjRef) -> bool {
    if obj.hdr_flags() & hdr::FINALIZED != 0 {
        return true;
    }
    if let Payload::Generator(_) = obj.payload {
        obj.set_hdr_flag(hdr::FINALIZED);
        crate::objects::generator::finalize(vm, obj);
        return obj.refcount() <= 1;
    }
    if !tdata(obj.class()).is_heap() {
        return true;
    }
    let Some(del) = lookup(obj.class(), &vm.names.__del__) else {
        return true;
    };
    obj.set_hdr_flag(hdr::FINALIZED);
    let saved = vm.exc_info.get();
    let r = vm.call_unbound(&del, &Value::Obj(obj.clone()), obj.class(), &[]);
    if let Err(e) = r {
        write_unraisable(vm, &e, None, Some(&del));
    }
    vm.exc_info.set(saved);
    obj.refcount() <= 1
}

fn run_callbacks(vm: &Vm, calls: Vec<(ObjRef, Value)>) {
    if calls.is_empty() {
        return;
    }
    let saved = vm.exc_info.get();
    for (wr, cb) in calls {
        if let Err(e) = vm.call(&cb, Args::new(&[Value::Obj(wr)])) {
            write_unraisable(vm, &e, None, Some(&cb));
        }
    }
    vm.exc_info.set(saved);
}

// ----- unraisable exceptions ------------------------------------------------------------

/// Report an exception that cannot be raised (in `__del__`, a weakref callback, ...):
/// through `sys.unraisablehook`, whose default prints
/// "Exception ignored in: <obj repr>" and the traceback to `sys.stderr`.
pub fn write_unraisable(vm: &Vm, e: &ObjRef, msg: Option<&str>, obj: Option<&Value>) {
    // As CPython: an exception without a traceback gets one for the current frame.
    if let Some(d) = e.payload.as_exception() {
        if d.traceback.get().is_none() {
            if let Some(tb) = current_frame_traceback(vm) {
                d.traceback.set(Value::Obj(tb));
            }
        }
    }
    let hook = dict::get_str(&vm.sys_dict, &vm.intern("unraisablehook"));
    let default = dict::get_str(&vm.sys_dict, &vm.intern("__unraisablehook__"));
    let is_default = match (&hook, &default) {
        (Some(h), Some(d)) => h.is(d),
        (None, _) => true,
        _ => false,
    };
    if !is_default {
        if let Some(h) = hook {
            let args = unraisable_args(vm, e, msg, obj);
            if let Err(e2) = vm.call(&h, Args::new(&[args])) {
                default_unraisable(
                    vm,
                    &e2,
                    Some("Exception ignored in sys.unraisablehook"),
                    Some(&h),
                );
            }
            return;
        }
    }
    default_unraisable(vm, e, msg, obj);
}

/// A traceback entry for the innermost running Python frame, if any.
fn current_frame_traceback(vm: &Vm) -> Option<ObjRef> {
    let stack = vm.frame_stack.borrow();
    let fi = stack.last()?;
    let lasti = fi.shared().lasti.get();
    let lineno = fi
        .code()
        .payload
        .as_code()
        .and_then(|c| c.code.locations.get(lasti as usize).map(|l| l.lineno))
        .unwrap_or(0);
    let frame = crate::frame::info_frame_object(vm, fi);
    Some(ObjRef::new(
        &vm.types.traceback,
        Payload::Traceback(crate::object::TracebackData {
            next: ValueCell::new(Value::None),
            frame,
            lasti,
            lineno,
        }),
    ))
}

fn unraisable_args(vm: &Vm, e: &ObjRef, msg: Option<&str>, obj: Option<&Value>) -> Value {
    let ns = vm.new_native_object(&unraisable_type(vm), UnraisableArgs);
    if let Some(d) = ns.dict() {
        let set = |k: &str, v: Value| dict::set_str(&d, &vm.intern(k), v);
        set("exc_type", Value::Obj(e.class().clone()));
        set("exc_value", Value::Obj(e.clone()));
        let tb = e
            .payload
            .as_exception()
            .map_or(Value::None, |x| x.traceback.get());
        set("exc_traceback", tb);
        set("err_msg", msg.map_or(Value::None, |m| vm.new_str(m)));
        set("object", obj.cloned().unwrap_or(Value::None));
    }
    Value::Obj(ns)
}

struct UnraisableArgs;
impl crate::object::NativeData for UnraisableArgs {}

thread_local! {
    static UNRAISABLE_TYPE: std::cell::RefCell<Option<ObjRef>> = const { std::cell::RefCell::new(None) };
}

fn unraisable_type(vm: &Vm) -> ObjRef {
    if let Some(t) = UNRAISABLE_TYPE.with(|t| t.borrow().clone()) {
        return t;
    }
    let t = vm.new_native_type("builtins", "UnraisableHookArgs", None, false, true);
    UNRAISABLE_TYPE.with(|c| *c.borrow_mut() = Some(t.clone()));
    t
}

fn write_stderr(vm: &Vm, text: &str) {
    use std::io::Write;
    if let Some(err) = dict::get_str(&vm.sys_dict, &vm.intern("stderr")) {
        if !err.is_none() && vm.call_method(&err, "write", &[vm.new_str(text)]).is_ok() {
            let _ = vm.call_method(&err, "flush", &[]);
            return;
        }
    }
    let _ = std::io::stderr().write_all(text.as_bytes());
}

fn default_unraisable(vm: &Vm, e: &ObjRef, msg: Option<&str>, obj: Option<&Value>) {
    let _ = std::io::Write::flush(&mut std::io::stdout());
    let mut out = String::new();
    let msg = msg.unwrap_or("Exception ignored in");
    match obj {
        Some(o) => {
            let r = vm
                .repr_string(o)
                .unwrap_or_else(|_| "<object repr() failed>".to_string());
            out.push_str(&format!("{msg}: {r}\n"));
        }
        None => {
            out.push_str(msg);
            out.push('\n');
        }
    }
    out.push_str(&crate::traceback::format_exception(vm, e));
    write_stderr(vm, &out);
}

fn sys_unraisablehook(vm: &Vm, args: Args) -> PyResult<Value> {
    let Some(a) = args.pos().first() else {
        return Err(vm.type_error("unraisablehook expected 1 argument"));
    };
    let get = |k: &str| {
        vm.get_attr_opt(a, &vm.intern(k))
            .ok()
            .flatten()
            .unwrap_or(Value::None)
    };
    let exc = get("exc_value");
    let msg = get("err_msg");
    let obj = get("object");
    let msg = match &msg {
        Value::Obj(s) if s.payload.as_str().is_some() => Some(crate::objects::str::as_rust_str(s)),
        _ => None,
    };
    let obj = if obj.is_none() { None } else { Some(obj) };
    if let Value::Obj(e) = exc {
        if e.payload.as_exception().is_some() {
            default_unraisable(vm, &e, msg.as_deref(), obj.as_ref());
        }
    }
    Ok(Value::None)
}

/// `sys._debugmallocstats()`: the pooled allocator's statistics, on the C stderr.
fn sys_debugmallocstats(_vm: &Vm, _args: Args) -> PyResult<Value> {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().write_all(crate::pool::write_stats().as_bytes());
    Ok(Value::None)
}

/// Register the `_weakref` and `gc` modules and `sys.unraisablehook`.
pub fn init(vm: &Vm) {
    vm.register_native_module("_weakref", crate::objects::weakref::init_module);
    vm.register_native_module("gc", init_gc_module);
    crate::objects::generator::init_sys(vm);
    let f = vm.new_builtin("_debugmallocstats", sys_debugmallocstats, Value::Null);
    dict::set_str(&vm.sys_dict, &vm.intern("_debugmallocstats"), f);
    let hook = vm.new_builtin("unraisablehook", sys_unraisablehook, Value::Null);
    dict::set_str(&vm.sys_dict, &vm.intern("unraisablehook"), hook.clone());
    dict::set_str(&vm.sys_dict, &vm.intern("__unraisablehook__"), hook);
}

// ----- the cycle collector ----------------------------------------------------------------

use std::cell::{Cell, RefCell};

use crate::memory::ValueCell;
use crate::object::Payload;

pub mod debug {
    pub const STATS: i64 = 1;
    pub const COLLECTABLE: i64 = 2;
    pub const UNCOLLECTABLE: i64 = 4;
    pub const SAVEALL: i64 = 32;
    pub const LEAK: i64 = COLLECTABLE | UNCOLLECTABLE | SAVEALL;
}

#[derive(Clone, Copy, Default)]
struct GenStats {
    collections: i64,
    collected: i64,
    uncollectable: i64,
}

struct GcState {
    enabled: Cell<bool>,
    collecting: Cell<bool>,
    pending: Cell<bool>,
    /// count[0]: allocations minus deallocations of tracked objects since the last
    /// collection; count[1], count[2]: collections of the younger generation since.
    count: [Cell<i64>; 3],
    threshold: [Cell<i64>; 3],
    long_lived_total: Cell<i64>,
    long_lived_pending: Cell<i64>,
    debug: Cell<i64>,
    stats: RefCell<[GenStats; 3]>,
}

thread_local! {
    static GC: GcState = const {
        GcState {
            enabled: Cell::new(true),
            collecting: Cell::new(false),
            pending: Cell::new(false),
            count: [Cell::new(0), Cell::new(0), Cell::new(0)],
            threshold: [Cell::new(700), Cell::new(10), Cell::new(10)],
            long_lived_total: Cell::new(0),
            long_lived_pending: Cell::new(0),
            debug: Cell::new(0),
            stats: RefCell::new([GenStats { collections: 0, collected: 0, uncollectable: 0 }; 3]),
        }
    };
}

/// Whether objects of this type and payload are tracked by the cycle collector.
#[inline]
pub fn is_container(ty: &ObjRef, payload: &Payload) -> bool {
    match payload {
        Payload::Int(_)
        | Payload::Float(_)
        | Payload::Complex(..)
        | Payload::Str(_)
        | Payload::Bytes(_)
        | Payload::ByteArray(_)
        | Payload::Range(_)
        | Payload::Code(_)
        | Payload::MethodDescr(_)
        | Payload::ClassMethodDescr(_)
        | Payload::NotImplemented
        | Payload::Ellipsis
        // `object()` itself holds nothing.
        | Payload::Object => tdata(ty).is_heap(),
        // A built-in method bound to an object (`[].append`) refers to it.
        Payload::Builtin(b) => tdata(ty).is_heap() || matches!(b.self_, Value::Obj(_)),
        // Descriptors made for a class (`__dict__`, `__weakref__`) refer to it.
        Payload::GetSet(g) => tdata(ty).is_heap() || tdata(&g.owner).is_heap(),
        _ => true,
    }
}

/// Count an object newly tracked in generation 0; ask for a collection when the count
/// passes the threshold.
#[inline]
pub fn note_alloc() {
    GC.with(|g| {
        let c = g.count[0].get() + 1;
        g.count[0].set(c);
        if c > g.threshold[0].get()
            && g.threshold[0].get() > 0
            && g.enabled.get()
            && !g.collecting.get()
        {
            g.pending.set(true);
        }
    });
}

/// Count a tracked object freed (CPython lowers the generation 0 count then too).
#[inline]
pub fn note_dealloc() {
    GC.with(|g| {
        let c = g.count[0].get();
        if c > 0 {
            g.count[0].set(c - 1);
        }
    });
}

/// Run the automatic collection if allocations asked for one (called at safe points of
/// the eval loop, where no Rust borrow of an object's contents is held).
#[inline]
pub fn maybe_collect(vm: &Vm) {
    if GC.with(|g| g.pending.get()) {
        collect_generations(vm);
    }
}

#[cold]
fn collect_generations(vm: &Vm) {
    GC.with(|g| g.pending.set(false));
    if GC.with(|g| g.collecting.get() || !g.enabled.get()) {
        return;
    }
    for gen in (0..3).rev() {
        let (count, threshold, pending, total) = GC.with(|g| {
            (
                g.count[gen].get(),
                g.threshold[gen].get(),
                g.long_lived_pending.get(),
                g.long_lived_total.get(),
            )
        });
        if count > threshold {
            // A full collection only when the objects that survived younger
            // collections since the last one are at least a quarter of the old ones.
            if gen == 2 && pending < total / 4 {
                continue;
            }
            collect_with_callbacks(vm, gen);
            break;
        }
    }
}

/// Call `visit` on every value `o` holds a strong reference to (what CPython's
/// `tp_traverse` reports). Contents borrowed elsewhere are skipped (seen as external).
pub fn traverse(o: &ObjRef, visit: &mut dyn FnMut(&Value)) {
    traverse_with(o, &mut DynVisit(visit));
}

/// Call `f` on every object `o` holds a strong reference to (the collector's traversal:
/// `traverse` without the values that are no objects, the count changes and the dynamic
/// call per reference).
#[inline]
fn traverse_objs(o: &ObjRef, f: impl FnMut(&ObjRef)) {
    traverse_with(o, &mut ObjVisit(f));
}

/// The receiver of [`traverse_with`]'s references.
trait Visit {
    fn value(&mut self, v: &Value);
    /// A reference held as an object handle.
    #[inline]
    fn obj(&mut self, o: &ObjRef) {
        self.value(&Value::Obj(o.clone()));
    }
    /// The value of a cell.
    #[inline]
    fn cell(&mut self, c: &ValueCell<Value>) {
        self.value(&c.get());
    }
    /// The object of a cell holding an object handle.
    #[inline]
    fn obj_cell(&mut self, c: &ValueCell<ObjRef>) {
        self.obj(&c.get());
    }
    /// A key of a dict entry: exact strs are not reported (CPython skips the keys of
    /// tables with only str keys; strings never take part in cycles).
    #[inline]
    fn dict_key(&mut self, k: &Value) {
        if !matches!(k, Value::Obj(o) if o.payload.as_str().is_some()
            && !tdata(o.class()).is_heap())
        {
            self.value(k);
        }
    }
}

struct DynVisit<'a>(&'a mut dyn FnMut(&Value));

impl Visit for DynVisit<'_> {
    #[inline]
    fn value(&mut self, v: &Value) {
        (self.0)(v)
    }
}

/// The collector's visitor: `f` sees the objects referred to. Every key of a dict is
/// reported: an exact str is never tracked, so it is never in the collector's set, and
/// asking costs less than looking at its type first.
struct ObjVisit<F: FnMut(&ObjRef)>(F);

impl<F: FnMut(&ObjRef)> Visit for ObjVisit<F> {
    #[inline]
    fn value(&mut self, v: &Value) {
        if let Value::Obj(o) = v {
            (self.0)(o)
        }
    }
    #[inline]
    fn obj(&mut self, o: &ObjRef) {
        (self.0)(o)
    }
    #[inline]
    fn dict_key(&mut self, k: &Value) {
        self.value(k)
    }
    #[inline]
    fn cell(&mut self, c: &ValueCell<Value>) {
        // SAFETY: the collector's visitors only read object headers and update its own
        // tables: they neither write cells, nor run Python code, nor free objects.
        unsafe { c.peek(|v| self.value(v)) }
    }
    #[inline]
    fn obj_cell(&mut self, c: &ValueCell<ObjRef>) {
        // SAFETY: as in `cell`.
        unsafe { c.peek(|o| (self.0)(o)) }
    }
}

/// The body of [`traverse`], for any visitor.
fn traverse_with<V: Visit>(o: &ObjRef, visit: &mut V) {
    let ty = o.class();
    if tdata(ty).is_heap() {
        visit.obj(ty);
    }
    if let Some(d) = o.made_dict() {
        visit.obj(&d);
    }
    let vc = |c: &ValueCell<Value>, visit: &mut V| visit.cell(c);
    match &o.payload {
        // Tuples and lists from the last item to the first, as CPython's traverse.
        Payload::Tuple(items) => items.iter().rev().for_each(|v| visit.value(v)),
        Payload::List(l) => {
            if let Ok(l) = l.try_borrow() {
                l.iter().rev().for_each(|v| visit.value(v));
            }
        }
        Payload::Dict(d) => {
            if let Ok(d) = d.try_borrow() {
                for e in d.iter() {
                    visit.dict_key(e.key);
                    visit.value(e.value);
                }
            }
        }
        Payload::Set(s) => {
            if let Ok(s) = s.try_borrow() {
                for e in s.iter() {
                    visit.value(&e.key);
                }
            }
        }
        Payload::Slice(s) => s.iter().for_each(|v| visit.value(v)),
        Payload::Type(td) => {
            if let Ok(d) = td.dict.try_borrow() {
                for e in d.iter() {
                    visit.value(e.key);
                    visit.value(e.value);
                }
            }
            for l in [&td.bases, &td.mro] {
                if let Ok(l) = l.try_borrow() {
                    l.iter().for_each(|t| visit.obj(t));
                }
            }
            if let Ok(b) = td.base.try_borrow() {
                if let Some(b) = b.as_ref() {
                    visit.obj(b);
                }
            }
        }
        Payload::Function(f) => {
            visit.obj_cell(&f.code);
            visit.obj(&f.globals);
            visit.obj(&f.builtins);
            for c in [
                &f.name,
                &f.qualname,
                &f.defaults,
                &f.kwdefaults,
                &f.annotations,
                &f.doc,
                &f.module,
            ] {
                vc(c, visit);
            }
            visit.value(&f.closure);
        }
        Payload::Cell(c) => vc(c, visit),
        Payload::BoundMethod(b) => {
            visit.value(&b.0);
            visit.value(&b.1);
        }
        Payload::Property(p) => {
            visit.value(&p.fget);
            visit.value(&p.fset);
            visit.value(&p.fdel);
            vc(&p.doc, visit);
            vc(&p.name, visit);
        }
        Payload::ClassMethod(c) | Payload::StaticMethod(c) => vc(c, visit),
        Payload::DictView(d) => visit.obj(&d.0),
        Payload::Exception(e) => {
            vc(&e.args, visit);
            for c in [&e.traceback, &e.cause, &e.context] {
                if let Some(o) = c.get_obj() {
                    visit.obj(&o);
                }
            }
            for c in e.fields.iter() {
                vc(c, visit);
            }
        }
        Payload::Traceback(t) => {
            vc(&t.next, visit);
            visit.obj(&t.frame);
        }
        Payload::Frame(f) => crate::frame::frame_traverse(f, &mut |v| visit.value(v)),
        Payload::Super(s) => {
            visit.obj(&s.0);
            visit.value(&s.1);
            visit.obj(&s.2);
        }
        Payload::MappingProxy(m) => visit.value(m),
        Payload::Iter(k) => traverse_iter(k, &mut |v| visit.value(v)),
        Payload::Generator(g) => {
            vc(&g.name, visit);
            vc(&g.qualname, visit);
            visit.obj(&g.code);
            vc(&g.exc_state, visit);
            vc(&g.yield_from, visit);
            vc(&g.ag_finalizer, visit);
            // The suspended frame (a running one is on the frame stack: external).
            if let Some(f) = g.frame.take() {
                crate::frame::suspended_frame_traverse(&f, &mut |v| visit.value(v));
                g.frame.set(Some(f));
            }
        }
        Payload::Slots(cells) => cells.iter().for_each(|c| visit.cell(c)),
        Payload::Builtin(b) => visit.value(&b.self_),
        Payload::GetSet(g) => visit.obj(&g.owner),
        Payload::Member(m) => visit.obj(&m.owner),
        Payload::Native(n) => n.traverse(&mut |v| visit.value(v)),
        _ => {}
    }
}

/// The references of the idle frame a map or filter iterator keeps for its function
/// (none while the frame runs: it is then taken out).
fn traverse_kept_frame(
    kept: &std::cell::RefCell<Option<Box<crate::frame::Frame>>>,
    visit: &mut dyn FnMut(&Value),
) {
    if let Ok(k) = kept.try_borrow() {
        if let Some(f) = k.as_ref() {
            crate::frame::suspended_frame_traverse(f, visit);
        }
    }
}

fn traverse_iter(k: &crate::objects::iter::IterKind, visit: &mut dyn FnMut(&Value)) {
    use crate::objects::iter::IterKind as K;
    match k {
        K::Seq { seq, .. } | K::ReversedList { seq, .. } => visit(&seq.get()),
        K::Str { s, .. } => visit(&Value::Obj(s.clone())),
        K::Dict { dict, result, .. } => {
            visit(&Value::Obj(dict.clone()));
            visit(&result.get());
        }
        K::Set { set, .. } => visit(&Value::Obj(set.clone())),
        K::Enumerate { it, result, .. } => {
            visit(it);
            visit(&result.get());
        }
        K::Zip { iters, .. } => iters.iter().for_each(&mut *visit),
        K::Map { func, iters, kept } => {
            visit(func);
            iters.iter().for_each(&mut *visit);
            traverse_kept_frame(kept, visit);
        }
        K::Filter { func, it, kept } => {
            visit(func);
            visit(it);
            traverse_kept_frame(kept, visit);
        }
        K::Callable { func, sentinel, .. } => {
            visit(func);
            visit(sentinel);
        }
        #[allow(unreachable_patterns)]
        _ => {}
    }
}

/// Break the references `o` holds (CPython's `tp_clear`), for unreachable garbage.
fn clear(o: &ObjRef) {
    if o.has_dict() && !matches!(o.payload, Payload::Module(_) | Payload::Type(_)) {
        o.set_dict(None);
    }
    match &o.payload {
        Payload::List(l) => {
            let items = l.try_borrow_mut().map(|mut l| std::mem::take(&mut *l));
            drop(items);
        }
        Payload::Dict(d) => {
            let entries = d.try_borrow_mut().map(|mut d| d.clear());
            drop(entries);
        }
        Payload::Set(s) => {
            let slots = s.try_borrow_mut().map(|mut s| s.clear());
            drop(slots);
        }
        Payload::Module(_) => {
            if let Some(d) = o.dict() {
                if let Some(t) = d.payload.as_dict() {
                    let entries = t.try_borrow_mut().map(|mut t| t.clear());
                    drop(entries);
                }
            }
        }
        Payload::Function(f) => {
            for c in [
                &f.defaults,
                &f.kwdefaults,
                &f.annotations,
                &f.doc,
                &f.module,
            ] {
                c.set(Value::None);
            }
            // As CPython's func_clear: the names become empty strings (a finalizer of
            // another object may still print the function).
            if let Some(empty) = memory::with_vm(|vm| vm.new_str("")) {
                f.name.set(empty.clone());
                f.qualname.set(empty);
            }
        }
        Payload::Cell(c) => c.set(Value::Null),
        Payload::Slots(cells) => cells.iter().for_each(|c| c.set(Value::Null)),
        Payload::ClassMethod(c) | Payload::StaticMethod(c) => c.set(Value::None),
        Payload::Exception(e) => {
            e.args.set(Value::None);
            for c in [&e.traceback, &e.cause, &e.context] {
                c.set(Value::None);
            }
            for c in e.fields.iter() {
                c.set(Value::Null);
            }
        }
        Payload::Traceback(t) => t.next.set(Value::None),
        Payload::Frame(f) => crate::frame::frame_gc_clear(f),
        Payload::Generator(g) => {
            g.exc_state.set(Value::None);
            g.yield_from.set(Value::None);
            let frame = g.frame.take();
            drop(frame);
        }
        Payload::Type(td) => {
            let entries = td.dict.try_borrow_mut().map(|mut d| d.clear());
            drop(entries);
            // The MRO starts with the class itself: a cycle nothing else breaks (as
            // CPython's type_clear).
            let mro = td.mro.try_borrow_mut().map(|mut m| std::mem::take(&mut *m));
            drop(mro);
        }
        _ => {}
    }
}

/// Whether a value may take part in a cycle (CPython's _PyObject_GC_MAY_BE_TRACKED): a
/// tuple when it is tracked, any other object of a container type.
fn may_be_tracked(v: &Value) -> bool {
    match v {
        Value::Obj(o) => {
            if o.is_immortal() {
                return false;
            }
            if matches!(o.payload, Payload::Tuple(_)) && !tdata(o.class()).is_heap() {
                return memory::gc_generation(o).is_some() || o.hdr_flags() & hdr::COLLECTING != 0;
            }
            is_container(o.class(), &o.payload)
        }
        _ => false,
    }
}

fn collect_with_callbacks(vm: &Vm, gen: usize) -> i64 {
    // No automatic collection starts while one runs, callbacks included (CPython's
    // `collecting` flag).
    GC.with(|g| g.collecting.set(true));
    invoke_callbacks(vm, "start", gen, 0, 0);
    let (collected, uncollectable) = collect(vm, gen);
    invoke_callbacks(vm, "stop", gen, collected, uncollectable);
    GC.with(|g| {
        g.collecting.set(false);
        g.pending.set(false);
    });
    collected + uncollectable
}

fn invoke_callbacks(vm: &Vm, phase: &str, gen: usize, collected: i64, uncollectable: i64) {
    let Some(cbs) = module_attr(vm, "callbacks") else {
        return;
    };
    let Ok(list) = vm.collect(&cbs) else {
        return;
    };
    if list.is_empty() {
        return;
    }
    let info = vm.new_dict();
    for (k, v) in [
        ("generation", gen as i64),
        ("collected", collected),
        ("uncollectable", uncollectable),
    ] {
        let _ = vm.setitem(&info, &vm.new_str(k), Value::Int(v));
    }
    for cb in list {
        if let Err(e) = vm.call(&cb, Args::new(&[vm.new_str(phase), info.clone()])) {
            write_unraisable(vm, &e, None, Some(&cb));
        }
    }
}

thread_local! {
    static GC_MODULE: RefCell<Option<ObjRef>> = const { RefCell::new(None) };
}

fn module_attr(vm: &Vm, name: &str) -> Option<Value> {
    let m = GC_MODULE.with(|m| m.borrow().clone())?;
    let d = m.dict()?;
    dict::get_str(&d, &vm.intern(name))
}

/// Collect generation `gen` (and the younger ones); (collected, uncollectable).
fn collect(vm: &Vm, gen: usize) -> (i64, i64) {
    let dbg = GC.with(|g| g.debug.get());
    if dbg & debug::STATS != 0 {
        eprintln!("gc: collecting generation {gen}...");
    }
    // The young generations are merged into the one collected, after its objects.
    let mut work: Vec<ObjRef> = memory::gc_take(gen);
    for young in 0..gen {
        work.extend(memory::gc_take(young));
    }
    collect_work(vm, gen, work)
}

/// Collect among `work`, untracked objects held by one handle each (the whole of
/// generation `gen` and the younger ones, or a part of the heap): references from
/// objects outside `work` count as outside references. Survivors go to the generation
/// after `gen`; (collected, uncollectable).
fn collect_work(vm: &Vm, gen: usize, work: Vec<ObjRef>) -> (i64, i64) {
    let dbg = GC.with(|g| g.debug.get());
    for (i, o) in work.iter().enumerate() {
        o.set_gc_slot(i as u32);
        o.set_hdr_flag(hdr::COLLECTING);
    }
    // gc_refs: the count minus our own handle, minus references from within the set.
    let mut refs: Vec<isize> = work.iter().map(|o| o.refcount() as isize - 1).collect();
    let in_set = |r: &ObjRef| -> Option<usize> {
        (r.hdr_flags() & hdr::COLLECTING != 0).then(|| r.gc_slot() as usize)
    };
    for o in &work {
        traverse_objs(o, |r| {
            if let Some(i) = in_set(r) {
                refs[i] -= 1;
            }
        });
    }
    // Everything reachable from an object with outside references is reachable. The
    // scan is CPython's move_unreachable, whose order the survivors keep: objects are
    // scanned in list order; one without outside references moves to the tentatively
    // unreachable list, and back to the end of the scanned list when something
    // reachable refers to it.
    //
    // The work lists hold 32-bit positions (the collector's own memory adds to the
    // peak of a program: a full collection of n objects needs about 21 bytes per
    // object on top of the generation lists).
    let n = work.len();
    let mut tentative = vec![false; n];
    // Positions moved back from the tentatively unreachable list, scanned after the
    // first pass over 0..n, in the order they were moved (CPython appends them to the
    // list being scanned).
    let mut requeued: Vec<u32> = Vec::new();
    let mut scanned: Vec<u32> = Vec::with_capacity(n);
    let mut pos = 0;
    loop {
        let i = if pos < n {
            pos
        } else if pos - n < requeued.len() {
            requeued[pos - n] as usize
        } else {
            break;
        };
        pos += 1;
        if refs[i] > 0 {
            scanned.push(i as u32);
            traverse_objs(&work[i], |r| {
                if let Some(j) = in_set(r) {
                    if refs[j] <= 0 {
                        refs[j] = 1;
                        if tentative[j] {
                            tentative[j] = false;
                            requeued.push(j as u32);
                        }
                    }
                }
            });
        } else {
            tentative[i] = true;
        }
    }
    drop(requeued);
    drop(refs);
    let mut slots: Vec<Option<ObjRef>> = work.into_iter().map(Some).collect();
    // Survivors move to the next generation, in scan order, then the rest in list
    // order; tuples of untracked values are untracked. (Survivors keep the COLLECTING
    // bit until they are tracked again: a tuple not yet looked at still counts as
    // tracked, as in CPython's untrack_tuples.)
    let next = if gen < 2 { gen + 1 } else { 2 };
    let mut moved = 0;
    let mut survive = |o: ObjRef| {
        o.clear_hdr_flag(hdr::COLLECTING);
        if let Payload::Tuple(items) = &o.payload {
            if !tdata(o.class()).is_heap() && !items.iter().any(may_be_tracked) {
                return;
            }
        }
        memory::gc_track(&o, next);
        moved += 1;
    };
    for i in scanned {
        if let Some(o) = slots[i as usize].take() {
            survive(o);
        }
    }
    let mut unreachable = Vec::new();
    for (i, o) in slots.into_iter().enumerate() {
        if let Some(o) = o {
            if tentative[i] {
                o.clear_hdr_flag(hdr::COLLECTING);
                unreachable.push(o);
            } else {
                survive(o);
            }
        }
    }
    drop(tentative);
    GC.with(|g| {
        if gen < 2 {
            g.count[gen + 1].set(g.count[gen + 1].get() + 1);
        }
        for i in 0..=gen {
            g.count[i].set(0);
        }
        if gen == 1 {
            g.long_lived_pending.set(g.long_lived_pending.get() + moved);
        }
        if gen == 2 {
            g.long_lived_pending.set(0);
        }
    });
    // Unreachable objects are tracked again while they are finalized (so that
    // resurrected ones stay known to the collector).
    for o in &unreachable {
        memory::gc_track(o, next);
    }
    GC.with(|g| {
        g.count[0].set(0);
    });
    // Weak references to unreachable objects are cleared; callbacks run only for weak
    // references that are themselves reachable.
    let mut callbacks = Vec::new();
    for o in &unreachable {
        for (wr, cb) in crate::objects::weakref::clear_weakrefs(o) {
            if unreachable.iter().any(|u| u.is(&wr)) {
                continue;
            }
            callbacks.push((wr, cb));
        }
    }
    run_callbacks(vm, callbacks);
    // PEP 442 finalizers, once per object.
    let mut finalized = false;
    for o in &unreachable {
        if o.hdr_flags() & hdr::FINALIZED == 0 {
            if let Payload::Generator(_) = o.payload {
                o.set_hdr_flag(hdr::FINALIZED);
                finalized = true;
                crate::objects::generator::finalize(vm, o);
                continue;
            }
        }
        if o.hdr_flags() & hdr::FINALIZED == 0 && tdata(o.class()).is_heap() {
            if let Some(del) = lookup(o.class(), &vm.names.__del__) {
                finalized = true;
                o.set_hdr_flag(hdr::FINALIZED);
                let saved = vm.exc_info.get();
                if let Err(e) = vm.call_unbound(&del, &Value::Obj(o.clone()), o.class(), &[]) {
                    write_unraisable(vm, &e, None, Some(&del));
                }
                vm.exc_info.set(saved);
            }
        }
    }
    // Objects freed by what the finalizers did (their only reference left is ours)
    // are gone, as in CPython, where they leave the unreachable list when freed: they
    // are not counted.
    let mut unreachable = unreachable;
    if finalized {
        for _ in 0..16 {
            let before = unreachable.len();
            unreachable.retain(|o| o.refcount() > 1);
            if unreachable.len() == before {
                break;
            }
        }
    }
    // Objects a finalizer resurrected (and all they reach) survive.
    let unreachable = drop_resurrected(unreachable);
    let n = unreachable
        .iter()
        .filter(|o| o.hdr_flags() & hdr::INSTANCE_DICT == 0)
        .count() as i64;
    if dbg & debug::COLLECTABLE != 0 {
        for o in &unreachable {
            eprintln!(
                "gc: collectable <{} {:#x}>",
                tdata(o.class()).name(),
                o.id()
            );
        }
    }
    if dbg & debug::SAVEALL != 0 {
        if let Some(garbage) = module_attr(vm, "garbage") {
            if let Some(l) = garbage.as_obj().and_then(|g| g.payload.as_list()) {
                l.borrow_mut().extend(
                    unreachable
                        .iter()
                        .filter(|o| o.hdr_flags() & hdr::INSTANCE_DICT == 0)
                        .cloned()
                        .map(Value::Obj),
                );
            }
        }
    } else {
        for o in &unreachable {
            clear(o);
        }
    }
    drop(unreachable);
    GC.with(|g| {
        let mut st = g.stats.borrow_mut();
        st[gen].collections += 1;
        st[gen].collected += n;
        if gen == 2 {
            g.long_lived_total.set(memory::gc_len(2) as i64);
        }
    });
    if dbg & debug::STATS != 0 {
        eprintln!("gc: done, {n} unreachable, 0 uncollectable.");
    }
    (n, 0)
}

/// Remove from `unreachable` every object that has references from outside the set
/// again (after finalizers ran), and everything it reaches.
fn drop_resurrected(unreachable: Vec<ObjRef>) -> Vec<ObjRef> {
    // The objects are tracked again: their slots are restored afterwards.
    let saved_slots: Vec<u32> = unreachable.iter().map(|o| o.gc_slot()).collect();
    for (i, o) in unreachable.iter().enumerate() {
        o.set_gc_slot(i as u32);
        o.set_hdr_flag(hdr::COLLECTING);
    }
    let mut refs: Vec<isize> = unreachable
        .iter()
        .map(|o| o.refcount() as isize - 1)
        .collect();
    let in_set = |r: &ObjRef| -> Option<usize> {
        (r.hdr_flags() & hdr::COLLECTING != 0).then(|| r.gc_slot() as usize)
    };
    for o in &unreachable {
        traverse_objs(o, |r| {
            if let Some(i) = in_set(r) {
                refs[i] -= 1;
            }
        });
    }
    let mut alive = vec![false; unreachable.len()];
    let mut stack: Vec<usize> = (0..unreachable.len()).filter(|&i| refs[i] > 0).collect();
    for &i in &stack {
        alive[i] = true;
    }
    while let Some(i) = stack.pop() {
        traverse_objs(&unreachable[i], |r| {
            if let Some(j) = in_set(r) {
                if !alive[j] {
                    alive[j] = true;
                    stack.push(j);
                }
            }
        });
    }
    for (o, slot) in unreachable.iter().zip(saved_slots) {
        o.clear_hdr_flag(hdr::COLLECTING);
        o.set_gc_slot(slot);
    }
    unreachable
        .into_iter()
        .zip(alive)
        .filter_map(|(o, a)| (!a).then_some(o))
        .collect()
}

/// `gc.collect()` from Rust (also used by tests).
pub fn collect_now(vm: &Vm, gen: usize) -> i64 {
    if GC.with(|g| g.collecting.get()) {
        return 0;
    }
    collect_with_callbacks(vm, gen)
}

// ----- the gc module ------------------------------------------------------------------

fn arg_int(vm: &Vm, v: &Value) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        _ => Err(vm.type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name(v)
        ))),
    }
}

/// CPython's check for functions without parameters.
fn no_args(vm: &Vm, args: &Args, name: &str) -> PyResult<()> {
    let n = args.pos().len() + args.kwargs().count();
    if n > 0 {
        return Err(vm.type_error(format!("gc.{name}() takes no arguments ({n} given)")));
    }
    Ok(())
}

fn gc_enable(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "enable")?;
    GC.with(|g| g.enabled.set(true));
    Ok(Value::None)
}

fn gc_disable(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "disable")?;
    GC.with(|g| g.enabled.set(false));
    Ok(Value::None)
}

fn gc_isenabled(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "isenabled")?;
    Ok(Value::Bool(GC.with(|g| g.enabled.get())))
}

fn gc_collect(vm: &Vm, args: Args) -> PyResult<Value> {
    let mut gen = 2;
    if let Some(v) = args.pos().first() {
        gen = arg_int(vm, v)?;
    }
    for (k, v) in args.kwargs() {
        if matches!(k, Value::Obj(s) if crate::objects::str::as_rust_str(s) == "generation") {
            gen = arg_int(vm, v)?;
        } else {
            return Err(vm.type_error(format!(
                "collect() got an unexpected keyword argument {}",
                vm.repr_string(k)?
            )));
        }
    }
    if !(0..=2).contains(&gen) {
        return Err(vm.value_error("invalid generation"));
    }
    Ok(Value::Int(collect_now(vm, gen as usize)))
}

fn gc_get_count(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "get_count")?;
    let c = GC.with(|g| [g.count[0].get(), g.count[1].get(), g.count[2].get()]);
    Ok(vm.new_tuple(c.iter().map(|&x| Value::Int(x)).collect()))
}

fn gc_get_threshold(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "get_threshold")?;
    let t = GC.with(|g| {
        [
            g.threshold[0].get(),
            g.threshold[1].get(),
            g.threshold[2].get(),
        ]
    });
    Ok(vm.new_tuple(t.iter().map(|&x| Value::Int(x)).collect()))
}

fn gc_set_threshold(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    if pos.is_empty() {
        return Err(vm.type_error("set_threshold() takes at least 1 argument (0 given)"));
    }
    if pos.len() > 3 {
        return Err(vm.type_error(format!(
            "set_threshold() takes at most 3 arguments ({} given)",
            pos.len()
        )));
    }
    let vals: Vec<i64> = pos
        .iter()
        .map(|v| arg_int(vm, v))
        .collect::<PyResult<_>>()?;
    GC.with(|g| {
        for (i, v) in vals.iter().enumerate() {
            g.threshold[i].set(*v);
        }
    });
    Ok(Value::None)
}

fn gc_get_objects(vm: &Vm, args: Args) -> PyResult<Value> {
    let mut gen: Option<i64> = None;
    if let Some(v) = args.pos().first() {
        if !v.is_none() {
            gen = Some(arg_int(vm, v)?);
        }
    }
    for (_, v) in args.kwargs() {
        if !v.is_none() {
            gen = Some(arg_int(vm, v)?);
        }
    }
    let gens: Vec<usize> = match gen {
        None => vec![0, 1, 2],
        Some(g) if g >= 3 => {
            return Err(vm.value_error(
                "generation parameter must be less than the number of available generations (3)",
            ))
        }
        Some(g) if g < 0 => return Err(vm.value_error("generation parameter cannot be negative")),
        Some(g) => vec![g as usize],
    };
    let mut out = Vec::new();
    for g in gens {
        out.extend(memory::gc_objects(g).into_iter().map(Value::Obj));
    }
    Ok(vm.new_list(out))
}

fn gc_get_referents(vm: &Vm, args: Args) -> PyResult<Value> {
    let mut out = Vec::new();
    for a in args.pos() {
        if let Value::Obj(o) = a {
            if memory::gc_generation(o).is_some() || o.payload.as_tuple().is_some() {
                // The items of containers are all reported (ints and floats too, which
                // are objects in CPython); elsewhere only objects (no unset fields).
                let all = matches!(
                    o.payload,
                    Payload::List(_) | Payload::Tuple(_) | Payload::Dict(_) | Payload::Set(_)
                );
                traverse(o, &mut |v| {
                    if all || matches!(v, Value::Obj(_)) {
                        out.push(v.clone());
                    }
                });
            }
        }
    }
    Ok(vm.new_list(out))
}

fn gc_get_referrers(vm: &Vm, args: Args) -> PyResult<Value> {
    let targets: Vec<Value> = args.pos().to_vec();
    let mut out = Vec::new();
    for g in 0..3 {
        for o in memory::gc_objects(g) {
            let mut hit = false;
            traverse(&o, &mut |v| {
                if targets.iter().any(|t| t.is(v)) {
                    hit = true;
                }
            });
            if hit {
                out.push(Value::Obj(o));
            }
        }
    }
    Ok(vm.new_list(out))
}

fn gc_is_tracked(vm: &Vm, args: Args) -> PyResult<Value> {
    let Some(v) = args.pos().first() else {
        return Err(vm.type_error("gc.is_tracked() takes exactly one argument (0 given)"));
    };
    Ok(Value::Bool(match v {
        Value::Obj(o) => {
            memory::gc_generation(o).is_some()
                && match &o.payload {
                    // CPython tracks a dict only once it holds a value that may be
                    // tracked.
                    Payload::Dict(d) if !tdata(o.class()).is_heap() => d
                        .try_borrow()
                        .map(|d| {
                            d.iter()
                                .any(|e| may_be_tracked(e.key) || may_be_tracked(e.value))
                        })
                        .unwrap_or(true),
                    _ => true,
                }
        }
        _ => false,
    }))
}

fn gc_is_finalized(vm: &Vm, args: Args) -> PyResult<Value> {
    let Some(v) = args.pos().first() else {
        return Err(vm.type_error("gc.is_finalized() takes exactly one argument (0 given)"));
    };
    Ok(Value::Bool(
        matches!(v, Value::Obj(o) if o.hdr_flags() & hdr::FINALIZED != 0),
    ))
}

fn gc_freeze(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "freeze")?;
    for g in 0..3 {
        for o in memory::gc_take(g) {
            memory::gc_track(&o, 3);
        }
    }
    GC.with(|g| g.count.iter().for_each(|c| c.set(0)));
    Ok(Value::None)
}

fn gc_unfreeze(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "unfreeze")?;
    for o in memory::gc_take(3) {
        memory::gc_track(&o, 2);
    }
    Ok(Value::None)
}

fn gc_get_freeze_count(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "get_freeze_count")?;
    Ok(Value::Int(memory::gc_len(3) as i64))
}

fn gc_get_stats(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "get_stats")?;
    let st = GC.with(|g| *g.stats.borrow());
    let mut out = Vec::new();
    for s in st {
        let d = vm.new_dict();
        vm.setitem(&d, &vm.new_str("collections"), Value::Int(s.collections))?;
        vm.setitem(&d, &vm.new_str("collected"), Value::Int(s.collected))?;
        vm.setitem(
            &d,
            &vm.new_str("uncollectable"),
            Value::Int(s.uncollectable),
        )?;
        out.push(d);
    }
    Ok(vm.new_list(out))
}

fn gc_get_debug(vm: &Vm, args: Args) -> PyResult<Value> {
    no_args(vm, &args, "get_debug")?;
    Ok(Value::Int(GC.with(|g| g.debug.get())))
}

fn gc_set_debug(vm: &Vm, args: Args) -> PyResult<Value> {
    let Some(v) = args.pos().first() else {
        return Err(vm.type_error("gc.set_debug() takes exactly one argument (0 given)"));
    };
    let f = arg_int(vm, v)?;
    GC.with(|g| g.debug.set(f));
    Ok(Value::None)
}

/// Build the `gc` module.
pub fn init_gc_module(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("gc");
    let fns: &[(&'static str, crate::object::NativeFn)] = &[
        ("enable", gc_enable),
        ("disable", gc_disable),
        ("isenabled", gc_isenabled),
        ("collect", gc_collect),
        ("get_count", gc_get_count),
        ("get_threshold", gc_get_threshold),
        ("set_threshold", gc_set_threshold),
        ("get_objects", gc_get_objects),
        ("get_referents", gc_get_referents),
        ("get_referrers", gc_get_referrers),
        ("is_tracked", gc_is_tracked),
        ("is_finalized", gc_is_finalized),
        ("freeze", gc_freeze),
        ("unfreeze", gc_unfreeze),
        ("get_freeze_count", gc_get_freeze_count),
        ("get_stats", gc_get_stats),
        ("get_debug", gc_get_debug),
        ("set_debug", gc_set_debug),
    ];
    for (name, f) in fns {
        vm.add_module_fn(&m, name, *f);
    }
    let d = m
        .dict()
        .ok_or_else(|| vm.runtime_error("module without dict"))?;
    for (name, v) in [
        ("DEBUG_STATS", debug::STATS),
        ("DEBUG_COLLECTABLE", debug::COLLECTABLE),
        ("DEBUG_UNCOLLECTABLE", debug::UNCOLLECTABLE),
        ("DEBUG_SAVEALL", debug::SAVEALL),
        ("DEBUG_LEAK", debug::LEAK),
    ] {
        dict::set_str(&d, &vm.intern(name), Value::Int(v));
    }
    dict::set_str(&d, &vm.intern("garbage"), vm.new_list(Vec::new()));
    dict::set_str(&d, &vm.intern("callbacks"), vm.new_list(Vec::new()));
    GC_MODULE.with(|c| *c.borrow_mut() = Some(m.clone()));
    Ok(m)
}

/// At exit: a full collection with `gc.callbacks` while the modules are whole (if the
/// collector is enabled, as CPython's `_PyGC_CollectIfEnabled`); then, as CPython's
/// `_PyModule_ClearDict` does for `__main__`, names starting with one underscore are set
/// to None first, then all the others (except `__builtins__`), in dict order; then a
/// collection without callbacks (CPython's `_PyGC_CollectNoFail`). When the full
/// collection ran, that last one only looks at what the clearing can have made garbage:
/// the objects reachable from the cleared values (not through the modules of
/// `sys.modules`, alive anyway) and those made since (generation 0).
pub fn finalize_main(vm: &Vm, globals: &ObjRef) {
    let Some(table) = globals.payload.as_dict() else {
        return;
    };
    let full_ran = GC.with(|g| g.enabled.get() && !g.collecting.get());
    if full_ran {
        collect_now(vm, 2);
        mark_exit_candidates(vm, globals);
    }
    for pass in 0..2 {
        let keys = table.borrow().keys();
        for k in keys {
            let Value::Obj(ko) = &k else { continue };
            let Some(s) = ko.payload.as_str() else {
                continue;
            };
            let name = s.as_str();
            let underscore = name.starts_with('_') && !name.starts_with("__");
            let wanted = if pass == 0 {
                underscore
            } else {
                !underscore && name != "__builtins__"
            };
            if wanted {
                let _ = vm.setitem(&Value::Obj(globals.clone()), &k, Value::None);
            }
        }
    }
    if GC.with(|g| g.collecting.replace(true)) {
        return;
    }
    if full_ran {
        if GC.with(|g| g.debug.get()) & debug::STATS != 0 {
            eprintln!("gc: collecting generation 2...");
        }
        let mut work = memory::gc_take(0);
        for o in &work {
            o.clear_hdr_flag(hdr::EXIT_CANDIDATE);
        }
        work.extend(memory::gc_take_flagged(1, hdr::EXIT_CANDIDATE));
        work.extend(memory::gc_take_flagged(2, hdr::EXIT_CANDIDATE));
        collect_work(vm, 2, work);
    } else {
        collect(vm, 2);
    }
    GC.with(|g| {
        g.collecting.set(false);
        g.pending.set(false);
    });
}

/// Mark (`hdr::EXIT_CANDIDATE`) the tracked objects reachable from the values of
/// `globals` without passing through `globals` itself, `sys.modules` or a module in it
/// (or its dict). No Python code runs here.
fn mark_exit_candidates(vm: &Vm, globals: &ObjRef) {
    let mut boundary: std::collections::HashSet<usize> = std::collections::HashSet::new();
    boundary.insert(globals.id());
    boundary.insert(vm.modules.id());
    let mut stack: Vec<ObjRef> = Vec::new();
    if let Some(t) = vm.modules.payload.as_dict() {
        for v in t.borrow().values() {
            if let Value::Obj(m) = &v {
                if matches!(m.payload, Payload::Module(_)) {
                    boundary.insert(m.id());
                    if let Some(d) = m.dict() {
                        boundary.insert(d.id());
                    }
                }
            }
        }
    }
    if let Some(t) = globals.payload.as_dict() {
        stack.extend(t.borrow().values().into_iter().filter_map(|v| match v {
            Value::Obj(o) => Some(o),
            _ => None,
        }));
    }
    while let Some(o) = stack.pop() {
        let f = o.hdr_flags();
        if f & hdr::TRACKED == 0 || f & hdr::EXIT_CANDIDATE != 0 || boundary.contains(&o.id()) {
            continue;
        }
        o.set_hdr_flag(hdr::EXIT_CANDIDATE);
        traverse(&o, &mut |v| {
            if let Value::Obj(c) = v {
                stack.push(c.clone());
            }
        });
    }
}
