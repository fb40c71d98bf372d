//! `sys.settrace` and `sys.setprofile`: calling Python trace and profile functions on the
//! events CPython 3.11 reports — `call`, `line`, `return` and `exception` for trace
//! functions (the `call` event's result becomes the frame's `f_trace`, which gets the
//! other events), `call` and `return` for profile functions.
//!
//! The eval loop pays nothing while no function is set: it checks [`is_on`] when a frame
//! starts and after calls and backward jumps, and runs its traced variant only then.
//! Profile functions get no `c_call`/`c_return` events yet (native calls are not
//! reported).

use std::cell::{Cell, RefCell};

use crate::frame::Frame;
use crate::memory::ObjRef;
use crate::object::Payload;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

thread_local! {
    /// The thread's trace function (`sys.settrace`), or None.
    static TRACE_FUNC: RefCell<Value> = const { RefCell::new(Value::None) };
    /// The thread's profile function (`sys.setprofile`), or None.
    static PROFILE_FUNC: RefCell<Value> = const { RefCell::new(Value::None) };
    /// Either function is set.
    static ON: Cell<bool> = const { Cell::new(false) };
    /// A trace or profile function is running: events inside it are not reported.
    static BUSY: Cell<bool> = const { Cell::new(false) };
    /// `ON` and not `BUSY`: what the eval loop checks (one read).
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
}

/// Whether a trace or profile function is set on this thread (and not running).
#[inline]
pub fn is_on() -> bool {
    ACTIVE.with(|c| c.get())
}

fn refresh() {
    let on =
        !TRACE_FUNC.with(|t| t.borrow().is_none()) || !PROFILE_FUNC.with(|p| p.borrow().is_none());
    ON.with(|c| c.set(on));
    set_active();
}

fn set_active() {
    let active = ON.with(|c| c.get()) && !BUSY.with(|b| b.get());
    ACTIVE.with(|c| c.set(active));
}

/// `sys.settrace(function)`.
pub fn settrace(vm: &Vm, args: Args) -> PyResult<Value> {
    let f = one_arg(vm, &args, "settrace")?;
    TRACE_FUNC.with(|t| *t.borrow_mut() = f);
    refresh();
    Ok(Value::None)
}

/// `sys.setprofile(function)`.
pub fn setprofile(vm: &Vm, args: Args) -> PyResult<Value> {
    let f = one_arg(vm, &args, "setprofile")?;
    PROFILE_FUNC.with(|p| *p.borrow_mut() = f);
    refresh();
    Ok(Value::None)
}

/// `sys.gettrace()`.
pub fn gettrace(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(TRACE_FUNC.with(|t| t.borrow().clone()))
}

/// `sys.getprofile()`.
pub fn getprofile(_vm: &Vm, _args: Args) -> PyResult<Value> {
    Ok(PROFILE_FUNC.with(|p| p.borrow().clone()))
}

fn one_arg(vm: &Vm, args: &Args, name: &str) -> PyResult<Value> {
    let p = args.pos();
    if p.len() != 1 || args.kwargs().next().is_some() {
        return Err(vm.type_error(format!(
            "{name}() takes exactly one argument ({} given)",
            p.len()
        )));
    }
    Ok(p[0].clone())
}

/// Call `func(frame, event, arg)` with events switched off; `None` when it raised, in
/// which case tracing is switched off as CPython does and the error is returned.
fn call_hook(vm: &Vm, func: &Value, frame: &ObjRef, event: &str, arg: Value) -> PyResult<Value> {
    BUSY.with(|b| b.set(true));
    set_active();
    let r = vm.call(
        func,
        Args::new(&[Value::Obj(frame.clone()), vm.new_str(event), arg]),
    );
    BUSY.with(|b| b.set(false));
    set_active();
    r
}

fn frame_data(frame: &ObjRef) -> Option<&crate::object::FrameData> {
    match &frame.payload {
        Payload::Frame(fd) => Some(fd),
        _ => None,
    }
}

/// Deliver `event` to the frame's local trace function (`f_trace`); a non-None result
/// replaces it. An error switches tracing off.
fn local_event(vm: &Vm, f: &Frame, event: &str, arg: Value) -> PyResult<()> {
    let frame = crate::frame::frame_object(vm, f);
    let Some(fd) = frame_data(&frame) else {
        return Ok(());
    };
    let local = fd.trace.get();
    if local.is_none() {
        return Ok(());
    }
    match call_hook(vm, &local, &frame, event, arg) {
        Ok(r) => {
            if !r.is_none() {
                fd.trace.set(r);
            }
            Ok(())
        }
        Err(e) => {
            TRACE_FUNC.with(|t| *t.borrow_mut() = Value::None);
            refresh();
            fd.trace.set(Value::None);
            Err(e)
        }
    }
}

fn profile_event(vm: &Vm, f: &Frame, event: &str, arg: Value) -> PyResult<()> {
    let prof = PROFILE_FUNC.with(|p| p.borrow().clone());
    if prof.is_none() {
        return Ok(());
    }
    let frame = crate::frame::frame_object(vm, f);
    if let Err(e) = call_hook(vm, &prof, &frame, event, arg) {
        PROFILE_FUNC.with(|p| *p.borrow_mut() = Value::None);
        refresh();
        return Err(e);
    }
    Ok(())
}

/// A frame starts or resumes: the `call` event. The trace function's result becomes
/// the frame's `f_trace`.
pub fn call_event(vm: &Vm, f: &mut Frame) -> PyResult<()> {
    profile_event(vm, f, "call", Value::None)?;
    let func = TRACE_FUNC.with(|t| t.borrow().clone());
    if func.is_none() {
        return Ok(());
    }
    let frame = crate::frame::frame_object(vm, f);
    if f.pc == 0 {
        f.trace_prev = u32::MAX;
    }
    match call_hook(vm, &func, &frame, "call", Value::None) {
        Ok(r) => {
            if let Some(fd) = frame_data(&frame) {
                if !r.is_none() {
                    fd.trace.set(r);
                }
            }
            Ok(())
        }
        Err(e) => {
            TRACE_FUNC.with(|t| *t.borrow_mut() = Value::None);
            refresh();
            Err(e)
        }
    }
}

/// The frame returns (or yields) `value`, or is left by an exception (`None`): the
/// `return` event.
pub fn return_event(vm: &Vm, f: &Frame, value: Option<&Value>) -> PyResult<()> {
    let arg = value.cloned().unwrap_or(Value::None);
    local_event(vm, f, "return", arg.clone())?;
    profile_event(vm, f, "return", arg)
}

/// An exception is raised in the frame (or passes through it): the `exception` event
/// with `(type, value, traceback)`.
pub fn exception_event(vm: &Vm, f: &Frame, exc: &ObjRef) -> PyResult<()> {
    if TRACE_FUNC.with(|t| t.borrow().is_none()) && !has_local_trace(f) {
        return Ok(());
    }
    let tb = crate::objects::exceptions::exc_data(exc).map_or(Value::None, |d| d.traceback.get());
    let info = vm.new_tuple(vec![
        Value::Obj(exc.class().clone()),
        Value::Obj(exc.clone()),
        tb,
    ]);
    local_event(vm, f, "exception", info)
}

fn has_local_trace(f: &Frame) -> bool {
    let obj = f.shared.obj.borrow();
    obj.as_ref()
        .and_then(frame_data)
        .is_some_and(|fd| !fd.trace.get().is_none())
}

/// Before the instruction at `f.pc` in a traced frame: the `line` event when it starts a
/// new line, or a line again after a backward jump (CPython 3.11's
/// `maybe_call_line_trace`). `Resume` instructions report nothing; after the first one
/// (the function's entry) the next line is always reported.
pub fn instruction(
    vm: &Vm,
    f: &mut Frame,
    instrs: &[pyrs_compiler::bytecode::Instruction],
    locations: &[pyrs_compiler::bytecode::Location],
) -> PyResult<()> {
    use pyrs_compiler::bytecode::Opcode;
    let pc = f.pc;
    let is_resume = |i: usize| {
        instrs
            .get(i)
            .is_some_and(|ins| ins.op_byte() == Opcode::Resume as u8)
    };
    // Instructions before the first RESUME (making cells, a generator) are not traced.
    if !(0..=pc).any(is_resume) {
        return Ok(());
    }
    if is_resume(pc) {
        let entry = !(0..pc).any(is_resume);
        f.trace_prev = if entry { u32::MAX } else { pc as u32 };
        return Ok(());
    }
    let prev = f.trace_prev;
    f.trace_prev = pc as u32;
    let line = match locations.get(pc) {
        Some(l) if l.lineno > 0 => l.lineno,
        _ => return Ok(()),
    };
    let prev_line = if prev == u32::MAX {
        0
    } else {
        locations.get(prev as usize).map_or(0, |l| l.lineno)
    };
    let backward = prev != u32::MAX && (pc as u32) < prev;
    if line == prev_line && !backward {
        return Ok(());
    }
    let lines_on = {
        let obj = f.shared.obj.borrow();
        obj.as_ref()
            .and_then(frame_data)
            .is_some_and(|fd| fd.trace_lines.get() && !fd.trace.get().is_none())
    };
    if !lines_on {
        return Ok(());
    }
    f.shared.lasti.set(pc as u32);
    local_event(vm, f, "line", Value::None)
}
