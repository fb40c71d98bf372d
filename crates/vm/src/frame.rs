//! Frames: the execution state of one code object, and frame objects (`sys._getframe`,
//! `tb_frame`, `gi_frame`) as Python sees them.
//!
//! Invariants: `shared.fast` holds the localsplus variables (`Null` when unbound), one per
//! slot of the code; `slots` is the value stack, never deeper than `co_stacksize`; `pc` is
//! the next instruction; `lasti` is 0 until the frame first ran past its start
//! (generators use it to tell a just-started generator).
//!
//! The fast locals and the index of the instruction being executed live in a
//! [`FrameShared`] behind an `Rc`, so that a frame object can read them (`f_locals`,
//! `f_lineno`, `locals()`) while the eval loop runs the frame. The frame object of a frame
//! is made on demand and cached in `FrameShared::obj` while the frame lives; once the
//! frame is gone the frame object keeps the `FrameShared` (and so the last values of the
//! locals) alive, as CPython's frame objects do. `FrameShared`s are recycled through a
//! small per-thread pool, so a call allocates none in the steady state.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::memory::{ObjRef, Unowned, UnownedRc, ValueCell};
use crate::object::{FrameData, Payload};
use crate::objects::dict;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

/// The part of a running frame that its frame object shares.
pub struct FrameShared {
    /// The localsplus slots: varnames, then cell-only variables, then free variables.
    pub fast: Vec<ValueCell<Value>>,
    /// Index of the instruction being executed (or last executed).
    pub lasti: Cell<u32>,
    /// The frame object, once made, while the frame lives (taken when the frame drops,
    /// which breaks the frame object -> shared -> frame object loop).
    pub obj: RefCell<Option<ObjRef>>,
    /// Whether the frame finished (returned or raised out).
    pub finished: Cell<bool>,
    /// The dict `f_locals`/`locals()` return for an optimized frame (same dict each time,
    /// refreshed from the fast locals on every request, as CPython 3.11).
    pub locals_dict: RefCell<Option<ObjRef>>,
    /// The emptied value stack of the last frame that used this `FrameShared`, kept for
    /// the next one (so a call takes both from one pool).
    spare_stack: Vec<Value>,
}

const POOL_MAX: usize = 128;

thread_local! {
    static POOL: RefCell<Vec<Rc<FrameShared>>> = const { RefCell::new(Vec::new()) };
}

impl FrameShared {
    /// A code's spare `FrameShared` (see `CodeData::take_spare_frame`), made ready for a
    /// new call: its locals are already unbound, its stack empty and its `lasti` and
    /// `finished` reset (by the frame that gave it back).
    #[inline]
    fn reuse(mut rc: Rc<FrameShared>, n: usize) -> Option<(Rc<FrameShared>, Vec<Value>)> {
        let s = Rc::get_mut(&mut rc)?;
        if s.fast.len() != n {
            return None;
        }
        let v = std::mem::take(&mut s.spare_stack);
        Some((rc, v))
    }

    /// A `FrameShared` with `n` unbound locals and an empty value stack with room for
    /// `stack` values, from the pool when one is free. The usual case (a pooled one with
    /// as many locals and room enough) is inline; the rest is out of line.
    #[inline]
    fn with_stack(n: usize, stack: usize) -> (Rc<FrameShared>, Vec<Value>) {
        let recycled = POOL.with(|p| p.borrow_mut().pop());
        if let Some(mut rc) = recycled {
            if let Some(s) = Rc::get_mut(&mut rc) {
                if s.fast.len() == n && s.spare_stack.capacity() >= stack {
                    let v = std::mem::take(&mut s.spare_stack);
                    return (rc, v);
                }
            }
            return Self::refit(rc, n, stack);
        }
        Self::allocate(n, stack)
    }

    /// A pooled `FrameShared` resized to `n` locals, with a stack of room `stack`
    /// (a new one if it is still shared).
    #[cold]
    #[inline(never)]
    fn refit(mut rc: Rc<FrameShared>, n: usize, stack: usize) -> (Rc<FrameShared>, Vec<Value>) {
        let Some(s) = Rc::get_mut(&mut rc) else {
            return Self::allocate(n, stack);
        };
        s.fast.truncate(n);
        while s.fast.len() < n {
            s.fast.push(ValueCell::new(Value::Null));
        }
        s.lasti.set(0);
        s.finished.set(false);
        let mut v = std::mem::take(&mut s.spare_stack);
        v.reserve(stack);
        (rc, v)
    }

    /// A newly allocated `FrameShared` (the pool is empty).
    #[cold]
    #[inline(never)]
    fn allocate(n: usize, stack: usize) -> (Rc<FrameShared>, Vec<Value>) {
        let mut fast = Vec::with_capacity(n);
        fast.resize_with(n, || ValueCell::new(Value::Null));
        let shared = Rc::new(FrameShared {
            fast,
            lasti: Cell::new(0),
            obj: RefCell::new(None),
            finished: Cell::new(false),
            locals_dict: RefCell::new(None),
            spare_stack: Vec::new(),
        });
        (shared, Vec::with_capacity(stack))
    }
}

pub struct Frame {
    pub code: ObjRef,
    pub globals: ObjRef,
    pub builtins: ObjRef,
    /// The namespace of module and class bodies (Null for function frames).
    pub locals: Value,
    pub func: Option<ObjRef>,
    pub shared: Rc<FrameShared>,
    /// The value stack.
    pub slots: Vec<Value>,
    pub pc: usize,
    pub lasti: usize,
    /// Set by ASYNC_GEN_WRAP: the value being yielded is an async generator's own yield
    /// (not a value passed through from an awaited object).
    pub yield_wrapped: bool,
    /// Under a trace function: the instruction traced last (`u32::MAX`: none yet), for
    /// `line` events.
    pub trace_prev: u32,
}

impl Frame {
    /// A fresh frame for `code` (`nlocals` localsplus slots, all unbound). Inlined: the
    /// call path builds its frame in place.
    #[inline(always)]
    pub fn new(
        code: ObjRef,
        globals: ObjRef,
        builtins: ObjRef,
        locals: Value,
        func: Option<ObjRef>,
        nlocals: usize,
        stacksize: usize,
    ) -> Frame {
        let spare = match func {
            Some(_) => crate::eval::code_data(&code).take_spare_frame(),
            None => None,
        };
        let (shared, slots) = match spare.and_then(|rc| FrameShared::reuse(rc, nlocals)) {
            Some(r) => r,
            None => FrameShared::with_stack(nlocals, stacksize + 1),
        };
        Frame {
            code,
            globals,
            builtins,
            locals,
            func,
            shared,
            slots,
            pc: 0,
            lasti: 0,
            yield_wrapped: false,
            trace_prev: u32::MAX,
        }
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        // Values left on the stack are released before the stack joins the pool (their
        // destructors may run Python code that makes frames).
        self.slots.clear();
        if !is_unique(&self.shared) {
            // A frame object (or a traceback, `locals()`...) may see this frame: the
            // frame object's link back to the frame goes, which may leave the shared
            // part to the frame alone.
            let obj = self.shared.obj.borrow_mut().take();
            drop(obj);
        }
        // Unique: nobody else sees these locals (a frame object would hold a count):
        // drop them now, as a returning frame does, and recycle the storage. The
        // destructors run here cannot reach this frame (it is off the frame stack and
        // its shared part is unique), so it stays unique.
        let Some(s) = Rc::get_mut(&mut self.shared) else {
            return;
        };
        for c in &s.fast {
            c.set(Value::Null);
        }
        if s.locals_dict.get_mut().is_some() {
            let d = s.locals_dict.get_mut().take();
            drop(d);
        }
        s.lasti.set(0);
        s.finished.set(false);
        if self.slots.capacity() <= 256 {
            std::mem::swap(&mut s.spare_stack, &mut self.slots);
        }
        let rc = self.shared.clone();
        let rc = match self.func {
            Some(_) => crate::eval::code_data(&self.code).keep_spare_frame(rc),
            None => Some(rc),
        };
        if let Some(rc) = rc {
            release_to_pool(rc);
        }
    }
}

/// Whether `rc` is the only reference to its value: what `Rc::get_mut` checks, in the
/// same order (weak count first), so that the optimiser merges the two checks.
#[inline(always)]
fn is_unique<T>(rc: &Rc<T>) -> bool {
    Rc::weak_count(rc) == 0 && Rc::strong_count(rc) == 1
}

/// Put an unused `FrameShared` back into the pool (dropped when the pool is full). The
/// pool's storage is reserved once, so a push never grows it.
#[inline]
fn release_to_pool(rc: Rc<FrameShared>) {
    POOL.with(|p| {
        if let Ok(mut p) = p.try_borrow_mut() {
            if p.len() < p.capacity() {
                p.push(rc);
            } else if p.capacity() < POOL_MAX {
                p.reserve_exact(POOL_MAX);
                p.push(rc);
            }
        }
    });
}

/// What `sys._getframe`, `globals()` and zero-argument `super()` see of a running frame:
/// uncounted copies of its references (pushing and popping an entry touches no counts).
/// Invariant: an entry is popped before its frame drops (`run_frame_in_place`), so the
/// frame's own counted references keep these objects alive while the entry is listed.
pub struct FrameInfo {
    code: Unowned,
    globals: Unowned,
    builtins: Unowned,
    locals: Option<Unowned>,
    func: Option<Unowned>,
    shared: UnownedRc<FrameShared>,
}

impl FrameInfo {
    /// The entry for `f`, to push while `f` runs.
    #[inline]
    pub fn of(f: &Frame) -> FrameInfo {
        FrameInfo {
            code: Unowned::of(&f.code),
            globals: Unowned::of(&f.globals),
            builtins: Unowned::of(&f.builtins),
            locals: f.locals.as_obj().map(Unowned::of),
            func: f.func.as_ref().map(Unowned::of),
            shared: UnownedRc::of(&f.shared),
        }
    }

    /// The frame's code object.
    #[inline]
    pub fn code(&self) -> &ObjRef {
        // SAFETY: the running frame holds a counted reference (type invariant).
        unsafe { self.code.get() }
    }

    /// The frame's globals dict.
    #[inline]
    pub fn globals(&self) -> &ObjRef {
        // SAFETY: the running frame holds a counted reference (type invariant).
        unsafe { self.globals.get() }
    }

    /// The frame's builtins dict.
    #[inline]
    pub fn builtins(&self) -> &ObjRef {
        // SAFETY: the running frame holds a counted reference (type invariant).
        unsafe { self.builtins.get() }
    }

    /// The frame's locals namespace (`Null` for function frames).
    #[inline]
    pub fn locals(&self) -> Value {
        match &self.locals {
            // SAFETY: the running frame holds a counted reference (type invariant).
            Some(u) => Value::Obj(unsafe { u.get() }.clone()),
            None => Value::Null,
        }
    }

    /// The function being run, if any.
    #[inline]
    pub fn func(&self) -> Option<&ObjRef> {
        // SAFETY: the running frame holds a counted reference (type invariant).
        self.func.as_ref().map(|u| unsafe { u.get() })
    }

    /// The frame's shared part (fast locals, index of the instruction being run).
    #[inline]
    pub fn shared(&self) -> &FrameShared {
        // SAFETY: the running frame holds a counted `Rc` (type invariant).
        unsafe { self.shared.get() }
    }

    /// A counted reference to the frame's shared part.
    #[inline]
    pub fn shared_rc(&self) -> Rc<FrameShared> {
        // SAFETY: the running frame holds a counted `Rc` (type invariant).
        unsafe { self.shared.to_rc() }
    }
}

fn new_frame_object(
    vm: &Vm,
    code: &ObjRef,
    globals: &ObjRef,
    builtins: &ObjRef,
    locals: &Value,
    shared: &Rc<FrameShared>,
) -> ObjRef {
    if let Some(o) = shared.obj.borrow().as_ref() {
        return o.clone();
    }
    let o = ObjRef::new(
        &vm.types.frame,
        Payload::Frame(Box::new(FrameData {
            code: code.clone(),
            globals: globals.clone(),
            builtins: builtins.clone(),
            locals: locals.clone(),
            shared: shared.clone(),
            back: ValueCell::new(Value::None),
            trace: ValueCell::new(Value::None),
            trace_lines: Cell::new(true),
            trace_opcodes: Cell::new(false),
        })),
    );
    *shared.obj.borrow_mut() = Some(o.clone());
    o
}

/// The frame object of a frame being run (made on first request).
pub fn frame_object(vm: &Vm, f: &Frame) -> ObjRef {
    new_frame_object(vm, &f.code, &f.globals, &f.builtins, &f.locals, &f.shared)
}

/// The frame object of an entry of the frame stack.
pub fn info_frame_object(vm: &Vm, fi: &FrameInfo) -> ObjRef {
    new_frame_object(
        vm,
        fi.code(),
        fi.globals(),
        fi.builtins(),
        &fi.locals(),
        &fi.shared_rc(),
    )
}

/// Called when a frame finishes (returns or raises out), just after it left the frame
/// stack: its frame object, if any, keeps a link to its caller's frame object.
pub fn frame_finished(vm: &Vm, shared: &Rc<FrameShared>) {
    shared.finished.set(true);
    let obj = shared.obj.borrow().clone();
    if let Some(o) = obj {
        if let Payload::Frame(fd) = &o.payload {
            let caller = {
                let stack = vm.frame_stack.borrow();
                stack.last().map(|fi| {
                    (
                        fi.code().clone(),
                        fi.globals().clone(),
                        fi.builtins().clone(),
                        fi.locals(),
                        fi.shared_rc(),
                    )
                })
            };
            if let Some((c, g, b, l, s)) = caller {
                let back = new_frame_object(vm, &c, &g, &b, &l, &s);
                fd.back.set(Value::Obj(back));
            }
        }
    }
}

/// `sys._getframe(depth)`.
pub fn getframe(vm: &Vm, depth: usize) -> PyResult<Value> {
    let stack = vm.frame_stack.borrow();
    let n = stack.len();
    if depth >= n {
        return Err(vm.value_error("call stack is not deep enough"));
    }
    Ok(Value::Obj(info_frame_object(vm, &stack[n - 1 - depth])))
}

/// The dict of a frame's local variables, as `locals()` and `f_locals` give it.
fn locals_of(vm: &Vm, code: &ObjRef, locals: &Value, shared: &Rc<FrameShared>) -> PyResult<Value> {
    if !locals.is_null() {
        return Ok(locals.clone());
    }
    let cd = match code.payload.as_code() {
        Some(c) => c,
        None => return Ok(vm.new_dict()),
    };
    let d = {
        let mut slot = shared.locals_dict.borrow_mut();
        match slot.as_ref() {
            Some(d) => d.clone(),
            None => {
                let d = vm.new_dict_obj();
                *slot = Some(d.clone());
                d
            }
        }
    };
    let co = &cd.code;
    let ncells_only = cd.nlocalsplus - co.varnames.len() - co.freevars.len();
    let first_free = co.varnames.len() + ncells_only;
    for (i, cell) in shared.fast.iter().enumerate() {
        let name = match cd.tables(vm).slot_names.get(i) {
            Some(n) => n.clone(),
            None => continue,
        };
        let mut v = cell.get();
        let is_cell = i >= first_free || co.cell_slots.contains(&(i as u32));
        if is_cell {
            if let Value::Obj(c) = &v {
                if let Payload::Cell(inner) = &c.payload {
                    v = inner.get();
                }
            }
        }
        if v.is_null() {
            drop(dict::remove_str(&d, &name));
        } else {
            dict::set_str(&d, &name, v);
        }
    }
    Ok(Value::Obj(d))
}

/// `locals()`: the namespace of the innermost frame.
pub fn current_locals(vm: &Vm) -> PyResult<Value> {
    let top = vm
        .frame_stack
        .borrow()
        .last()
        .map(|fi| (fi.code().clone(), fi.locals(), fi.shared_rc()));
    match top {
        Some((c, l, s)) => locals_of(vm, &c, &l, &s),
        None => Ok(vm.new_dict()),
    }
}

// ----- the frame type ---------------------------------------------------------------------

fn fdata<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a FrameData> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Frame(f) => Ok(f),
            _ => Err(vm.type_error("expected a frame object")),
        },
        _ => Err(vm.type_error("expected a frame object")),
    }
}

/// Whether the frame object's frame is on the frame stack now; its position if so.
fn stack_position(vm: &Vm, fd: &FrameData) -> Option<usize> {
    let stack = vm.frame_stack.borrow();
    stack
        .iter()
        .rposition(|fi| std::ptr::eq(fi.shared(), &*fd.shared))
}

fn frame_lineno(fd: &FrameData) -> i64 {
    let cd = match fd.code.payload.as_code() {
        Some(c) => c,
        None => return 0,
    };
    let i = fd.shared.lasti.get() as usize;
    match cd.code.locations.get(i) {
        Some(l) if l.lineno > 0 => l.lineno as i64,
        _ => {
            // An instruction without a line (frame start): the nearest line before it.
            let before = cd.code.locations[..i.min(cd.code.locations.len())]
                .iter()
                .rev()
                .find(|l| l.lineno > 0)
                .map(|l| l.lineno);
            before.unwrap_or(cd.code.firstlineno) as i64
        }
    }
}

fn f_code(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Obj(fdata(vm, v)?.code.clone()))
}
fn f_globals(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Obj(fdata(vm, v)?.globals.clone()))
}
fn f_builtins(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Obj(fdata(vm, v)?.builtins.clone()))
}
fn f_locals(vm: &Vm, v: &Value) -> PyResult<Value> {
    let fd = fdata(vm, v)?;
    locals_of(vm, &fd.code, &fd.locals, &fd.shared)
}
fn f_lineno(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(frame_lineno(fdata(vm, v)?)))
}
fn f_lasti(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Int(fdata(vm, v)?.shared.lasti.get() as i64 * 4))
}
fn f_back(vm: &Vm, v: &Value) -> PyResult<Value> {
    let fd = fdata(vm, v)?;
    match stack_position(vm, fd) {
        Some(0) => Ok(Value::None),
        Some(i) => {
            let stack = vm.frame_stack.borrow();
            Ok(Value::Obj(info_frame_object(vm, &stack[i - 1])))
        }
        None => {
            if fd.shared.finished.get() {
                Ok(fd.back.get())
            } else {
                // A suspended generator frame has no caller.
                Ok(Value::None)
            }
        }
    }
}
fn f_trace(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(fdata(vm, v)?.trace.get())
}
fn f_set_trace(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    fdata(vm, v)?.trace.set(val.unwrap_or(Value::None));
    Ok(())
}
fn f_trace_lines(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Bool(fdata(vm, v)?.trace_lines.get()))
}
fn f_set_trace_lines(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    let fd = fdata(vm, v)?;
    match val {
        Some(Value::Bool(b)) => {
            fd.trace_lines.set(b);
            Ok(())
        }
        _ => Err(vm.type_error("attribute value type must be bool")),
    }
}
fn f_trace_opcodes(vm: &Vm, v: &Value) -> PyResult<Value> {
    Ok(Value::Bool(fdata(vm, v)?.trace_opcodes.get()))
}
fn f_set_trace_opcodes(vm: &Vm, v: &Value, val: Option<Value>) -> PyResult<()> {
    let fd = fdata(vm, v)?;
    match val {
        Some(Value::Bool(b)) => {
            fd.trace_opcodes.set(b);
            Ok(())
        }
        _ => Err(vm.type_error("attribute value type must be bool")),
    }
}

fn frame_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let fd = fdata(vm, &args.args[0])?;
    let (file, name) = match fd.code.payload.as_code() {
        Some(c) => (c.code.filename.to_string(), c.code.name.clone()),
        None => ("?".into(), "?".into()),
    };
    let file_repr = vm.repr_string(&vm.new_str(file))?;
    Ok(vm.new_str(format!(
        "<frame at {:#x}, file {file_repr}, line {}, code {name}>",
        args.args[0].id(),
        frame_lineno(fd)
    )))
}

/// `frame.clear()`: drop the locals of a finished or suspended frame.
fn frame_clear(vm: &Vm, args: Args) -> PyResult<Value> {
    let fd = fdata(vm, &args.args[0])?;
    if !fd.shared.finished.get() {
        if stack_position(vm, fd).is_some() {
            return Err(vm.runtime_error("cannot clear an executing frame"));
        }
        // A suspended generator's frame: CPython closes the generator; pyrs cannot reach
        // the generator from its frame yet.
        return Err(vm.runtime_error(
            "frame.clear() of a suspended generator frame is not supported by pyrs yet",
        ));
    }
    for c in &fd.shared.fast {
        c.set(Value::Null);
    }
    let d = fd.shared.locals_dict.borrow_mut().take();
    drop(d);
    Ok(Value::None)
}

pub fn init(vm: &Vm) {
    let f = &vm.types.frame;
    vm.add_method(f, "__repr__", frame_repr);
    vm.add_method(f, "clear", frame_clear);
    vm.add_getset(f, "f_code", f_code, None);
    vm.add_getset(f, "f_globals", f_globals, None);
    vm.add_getset(f, "f_builtins", f_builtins, None);
    vm.add_getset(f, "f_locals", f_locals, None);
    vm.add_getset(f, "f_lineno", f_lineno, None);
    vm.add_getset(f, "f_lasti", f_lasti, None);
    vm.add_getset(f, "f_back", f_back, None);
    vm.add_getset(f, "f_trace", f_trace, Some(f_set_trace));
    vm.add_getset(f, "f_trace_lines", f_trace_lines, Some(f_set_trace_lines));
    vm.add_getset(
        f,
        "f_trace_opcodes",
        f_trace_opcodes,
        Some(f_set_trace_opcodes),
    );
}

/// The values a frame object holds, for the cycle collector: its code, namespaces, caller,
/// trace function and the fast locals it shares with its frame.
pub fn frame_traverse(fd: &FrameData, visit: &mut dyn FnMut(&Value)) {
    visit(&Value::Obj(fd.code.clone()));
    visit(&Value::Obj(fd.globals.clone()));
    visit(&Value::Obj(fd.builtins.clone()));
    visit(&fd.locals);
    visit(&fd.back.get());
    visit(&fd.trace.get());
    for c in &fd.shared.fast {
        visit(&c.get());
    }
    if let Some(d) = fd.shared.locals_dict.borrow().as_ref() {
        visit(&Value::Obj(d.clone()));
    }
}

/// Call `visit` on every value a suspended frame (a generator's) holds a strong
/// reference to, each reference once: the fast locals through the frame object when one
/// was made (it reports them), else directly.
pub fn suspended_frame_traverse(f: &Frame, visit: &mut dyn FnMut(&Value)) {
    visit(&Value::Obj(f.code.clone()));
    visit(&Value::Obj(f.globals.clone()));
    visit(&Value::Obj(f.builtins.clone()));
    visit(&f.locals);
    if let Some(func) = &f.func {
        visit(&Value::Obj(func.clone()));
    }
    f.slots.iter().for_each(&mut *visit);
    // When the frame object is borrowed elsewhere nothing more is reported (the fast
    // locals are then seen as external references).
    if let Ok(o) = f.shared.obj.try_borrow() {
        match o.as_ref() {
            Some(fo) => visit(&Value::Obj(fo.clone())),
            None => f.shared.fast.iter().for_each(|c| visit(&c.get())),
        }
    }
}

/// Break a frame object's references (cycle collector): caller, trace function and, for
/// a finished frame, its locals.
pub fn frame_gc_clear(fd: &FrameData) {
    fd.back.set(Value::None);
    fd.trace.set(Value::None);
    if fd.shared.finished.get() {
        for c in &fd.shared.fast {
            c.set(Value::Null);
        }
        let d = fd.shared.locals_dict.borrow_mut().take();
        drop(d);
    }
}
