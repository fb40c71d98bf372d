//! The eval loop: runs a frame's instructions with CPython 3.11's semantics, including
//! zero-cost exception handling through the exception table.
//!
//! Submodules: `call` (binding arguments, running a function's frame), `caches` (inline
//! caches), `fast_paths` (immediate arithmetic, exact containers), `ops` (the slow halves
//! of instructions).
//!
//! For now each Python-to-Python call recurses once on the Rust stack (bounded by the
//! recursion limit; the interpreter runs on a big-stack thread); flattening calls into a
//! per-thread frame stack is the next step.

use std::cell::Cell;

use pyrs_compiler::bytecode::{
    code_flags, format_value, make_function, CodeObject, Instruction, Opcode,
};

use crate::frame::{Frame, FrameInfo, FrameShared};
use crate::memory::{ObjRef, ValueCell};
use crate::object::{CodeData, CodeTables, FunctionData, GenKind, Payload, TracebackData};
use crate::objects::typeobj::{lookup, tdata};
use crate::objects::{dict, exceptions, str as pystr};
use crate::protocols::{binop_from_u32, cmp_from_u32};
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};
use std::rc::Rc;

mod caches;
mod call;
mod fast_paths;
mod op;
mod ops;

use caches::*;
pub use caches::{InlineCache, InlineCaches};
pub use call::call_function;
use call::*;
use fast_paths::*;
pub use ops::exc_matches_value;
use ops::*;

/// How a frame's run ended.
pub enum FrameExit {
    Return(Value),
    Yield(Value),
    /// `ReturnGenerator` ran: the frame becomes a generator.
    Generator,
}

pub use crate::objects::code::{const_to_value, new_code_object};

/// The code data of a code object (frames hold only code objects).
pub(crate) fn code_data(code: &ObjRef) -> &CodeData {
    match &code.payload {
        Payload::Code(c) => c,
        _ => bad_code(),
    }
}

#[cold]
fn bad_code() -> &'static CodeData {
    panic!("internal error: frame without code object")
}

/// Run a module-level code object with `globals` as its namespace.
pub fn run_code_in(
    vm: &Vm,
    code: &ObjRef,
    globals: &ObjRef,
    locals: Option<Value>,
) -> PyResult<Value> {
    if dict::get_str(globals, &vm.names.__builtins__).is_none() {
        dict::set_str(
            globals,
            &vm.names.__builtins__,
            Value::Obj(vm.builtins.clone()),
        );
    }
    let cd = code_data(code);
    // The builtins come from the globals' `__builtins__` (a module's namespace, or a
    // dict), as CPython's _PyEval_BuiltinsFromGlobals.
    let builtins = match dict::get_str(globals, &vm.names.__builtins__) {
        Some(Value::Obj(b)) if b.payload.as_dict().is_some() => b,
        Some(Value::Obj(m)) if matches!(m.payload, Payload::Module(_)) => {
            m.dict().unwrap_or_else(|| vm.builtins_dict.clone())
        }
        _ => vm.builtins_dict.clone(),
    };
    let frame = Frame::new(
        code.clone(),
        globals.clone(),
        builtins,
        locals.unwrap_or_else(|| Value::Obj(globals.clone())),
        None,
        cd.nlocalsplus,
        cd.code.stacksize as usize,
    );
    let mut frame = frame;
    let exit = run_frame_in_place(vm, &mut frame, None, None)?;
    match exit {
        FrameExit::Return(v) | FrameExit::Yield(v) => Ok(v),
        FrameExit::Generator => Ok(Value::None),
    }
}

/// Whether the code's first instruction is `ReturnGenerator` (a generator or coroutine
/// with no cells to make first): running its frame from the start only makes the
/// generator.
fn starts_with_return_generator(cd: &CodeData) -> bool {
    cd.code
        .instructions
        .first()
        .is_some_and(|i| i.op_byte() == Opcode::ReturnGenerator as u8)
}

/// Resume a suspended generator frame, its value stack ready (the value sent in pushed
/// by the caller, unless `exc` is thrown in), and run it until it yields, returns or
/// raises.
#[inline]
pub fn resume_frame(vm: &Vm, frame: &mut Frame, exc: Option<ObjRef>) -> PyResult<FrameExit> {
    enter_and_execute(vm, frame, None, exc)
}

/// `super()` without arguments: the `__class__` cell and the first argument.
pub fn super_zero_args(vm: &Vm) -> PyResult<(Value, Value)> {
    let stack = vm.frame_stack.borrow();
    let fi = stack
        .last()
        .ok_or_else(|| vm.runtime_error("super(): no current frame"))?;
    let cd = code_data(fi.code());
    let mut first_arg = fi.shared().fast.first().map_or(Value::Null, |c| c.get());
    if cd.code.cell_slots.contains(&0) {
        // `self` captured by a closure: the argument sits in a cell.
        first_arg = cell_get(&first_arg);
    }
    if cd.code.argcount == 0 || first_arg.is_null() {
        return Err(vm.runtime_error("super(): no arguments"));
    }
    let first_free = cd.nlocalsplus - cd.code.freevars.len();
    let slot_names = &cd.tables(vm).slot_names;
    let idx = slot_names[first_free.min(slot_names.len())..]
        .iter()
        .position(|n| n.is(&vm.names.__class__))
        .or_else(|| cd.code.freevars.iter().position(|n| &**n == "__class__"));
    let cell = match (idx, fi.func()) {
        (Some(i), Some(f)) => match f.payload.as_function().map(|f| f.closure.clone()) {
            Some(Value::Obj(t)) => t.payload.as_tuple().and_then(|t| t.get(i).cloned()),
            _ => None,
        },
        _ => None,
    };
    let cls = match cell {
        Some(Value::Obj(c)) => match &c.payload {
            Payload::Cell(v) => v.get(),
            _ => Value::Null,
        },
        _ => return Err(vm.runtime_error("super(): __class__ cell not found")),
    };
    if cls.is_null() {
        return Err(vm.runtime_error("super(): empty __class__ cell"));
    }
    Ok((cls, first_arg))
}

fn add_traceback(vm: &Vm, exc: &ObjRef, f: &Frame, idx: usize) {
    let cd = code_data(&f.code);
    let lineno = cd.code.locations.get(idx).map(|l| l.lineno).unwrap_or(0);
    if let Some(d) = exceptions::exc_data(exc) {
        let tb = ObjRef::new(
            &vm.types.traceback,
            Payload::Traceback(TracebackData {
                next: ValueCell::new(d.traceback.get()),
                frame: crate::frame::frame_object(vm, f),
                lasti: idx as u32,
                lineno,
            }),
        );
        d.traceback.set(Value::Obj(tb));
    }
}

#[inline]
fn run_frame(
    vm: &Vm,
    mut frame: Box<Frame>,
    resume: Option<Value>,
    throw: Option<ObjRef>,
) -> PyResult<(FrameExit, Box<Frame>)> {
    let r = run_frame_in_place(vm, &mut frame, resume, throw);
    r.map(|e| (e, frame))
}

#[inline]
pub(crate) fn run_frame_in_place(
    vm: &Vm,
    frame: &mut Frame,
    resume: Option<Value>,
    throw: Option<ObjRef>,
) -> PyResult<FrameExit> {
    if resume.is_none() && throw.is_none() {
        crate::signals::check(vm)?;
    }
    enter_and_execute(vm, frame, resume, throw)
}

/// The body of `run_frame_in_place` after the signal check (which a call makes itself):
/// enter the recursion count and the frame stack, run the frame (traced or not), leave
/// both, and tell the frame object (if any) that a returning or raising frame finished.
/// Inlined into the call path so that a call pays one prologue.
#[inline(always)]
fn enter_and_execute(
    vm: &Vm,
    frame: &mut Frame,
    resume: Option<Value>,
    throw: Option<ObjRef>,
) -> PyResult<FrameExit> {
    vm.enter_recursion("")?;
    crate::gc::maybe_collect(vm);
    vm.frame_stack.borrow_mut().push(FrameInfo::of(frame));
    if let Some(v) = resume {
        if throw.is_none() {
            frame.slots.push(v);
        }
    }
    let r = if crate::trace::is_on() {
        execute_traced(vm, frame, throw)
    } else {
        let r = execute(vm, frame, throw);
        if crate::trace::is_on() {
            return traced_return(vm, frame, r);
        }
        r
    };
    leave_frame(vm, frame, r)
}

/// Tracing started while the frame ran (pdb's set_trace): its f_trace still hears the
/// return; then the frame leaves as usual.
#[cold]
#[inline(never)]
fn traced_return(vm: &Vm, frame: &mut Frame, r: PyResult<FrameExit>) -> PyResult<FrameExit> {
    let value = match &r {
        Ok(FrameExit::Return(v)) | Ok(FrameExit::Yield(v)) => Some(v.clone()),
        _ => None,
    };
    let r = match crate::trace::return_event(vm, frame, value.as_ref()) {
        Ok(()) => r,
        Err(e) => Err(e),
    };
    leave_frame(vm, frame, r)
}

/// Leave the frame stack and the recursion count after a run of `frame`.
#[inline(always)]
fn leave_frame(vm: &Vm, frame: &mut Frame, r: PyResult<FrameExit>) -> PyResult<FrameExit> {
    vm.frame_stack.borrow_mut().pop();
    vm.leave_recursion();
    // A frame object holds a count of the shared part: none, no frame object.
    if Rc::strong_count(&frame.shared) > 1
        && !matches!(r, Ok(FrameExit::Yield(_)))
        && frame.shared.obj.borrow().is_some()
    {
        crate::frame::frame_finished(vm, &frame.shared);
    }
    r
}

macro_rules! pop {
    ($f:expr) => {
        $f.slots.pop().unwrap_or(Value::Null)
    };
}

/// `execute` under a trace or profile function: the `call` event first, the `return`
/// event after.
fn execute_traced(vm: &Vm, f: &mut Frame, pending: Option<ObjRef>) -> PyResult<FrameExit> {
    // Making a generator (the run up to `ReturnGenerator`) reports nothing, as in
    // CPython, where it happens before the frame's first RESUME.
    let creating_generator = f.pc == 0 && starts_with_return_generator(code_data(&f.code));
    if creating_generator {
        return execute(vm, f, pending);
    }
    crate::trace::call_event(vm, f)?;
    let r = execute(vm, f, pending);
    let value = match &r {
        Ok(FrameExit::Return(v)) | Ok(FrameExit::Yield(v)) => Some(v.clone()),
        _ => None,
    };
    crate::trace::return_event(vm, f, value.as_ref())?;
    r
}

fn execute(vm: &Vm, f: &mut Frame, mut pending: Option<ObjRef>) -> PyResult<FrameExit> {
    let code_obj = f.code.clone();
    let cd = code_data(&code_obj);
    let shared = f.shared.clone();
    let fast: &[ValueCell<Value>] = &shared.fast;
    let instrs: &[Instruction] = &cd.code.instructions;
    let quick: &[Instruction] = cd.quickened();
    let mut kwnames: Option<Value> = None;
    loop {
        let (err, reraise) = match pending.take() {
            Some(e) => {
                add_traceback(vm, &e, f, f.pc.saturating_sub(1));
                (e, true)
            }
            None => {
                let r = if crate::trace::is_on() {
                    step_traced(vm, f, cd, fast, instrs, &mut kwnames, &shared.lasti)
                } else {
                    step::<false>(vm, f, cd, fast, quick, &mut kwnames, &shared.lasti)
                };
                match r {
                    Ok(Some(exit)) => return Ok(exit),
                    Ok(None) => continue,
                    Err((e, is_reraise)) => (e, is_reraise),
                }
            }
        };
        let idx = f.pc.saturating_sub(1);
        if !reraise {
            add_traceback(vm, &err, f, idx);
        }
        let err = if crate::trace::is_on() && !reraise {
            match crate::trace::exception_event(vm, f, &err) {
                Ok(()) => err,
                Err(e) => e,
            }
        } else {
            err
        };
        let _ = reraise;
        // Find a handler.
        let handler = cd
            .code
            .exception_table
            .iter()
            .find(|e| (e.start as usize) <= idx && idx < e.end as usize);
        match handler {
            Some(h) => {
                let depth = h.depth as usize;
                while f.slots.len() > depth {
                    let v = f.slots.pop();
                    drop(v);
                }
                if h.lasti {
                    f.slots.push(Value::Int(idx as i64));
                }
                f.slots.push(Value::Obj(err));
                f.pc = h.target as usize;
            }
            None => return Err(err),
        }
    }
}

type StepResult = Result<Option<FrameExit>, (ObjRef, bool)>;

macro_rules! t {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(e) => return Err((e, false)),
        }
    };
}

/// The traced variant of `step`, kept out of `execute` so that the untraced loop stays
/// small.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn step_traced(
    vm: &Vm,
    f: &mut Frame,
    cd: &CodeData,
    fast: &[ValueCell<Value>],
    instrs: &[Instruction],
    kwnames: &mut Option<Value>,
    lasti: &Cell<u32>,
) -> StepResult {
    step::<true>(vm, f, cd, fast, instrs, kwnames, lasti)
}

/// Run instructions until the frame exits or raises. `TRACE`: a trace function is set,
/// so each instruction may report a `line` event; the untraced variant returns
/// `Ok(None)` (run again) when tracing starts after a call or a backward jump.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn step<const TRACE: bool>(
    vm: &Vm,
    f: &mut Frame,
    cd: &CodeData,
    fast: &[ValueCell<Value>],
    instrs: &[Instruction],
    kwnames: &mut Option<Value>,
    lasti: &Cell<u32>,
) -> StepResult {
    // The position of the next instruction lives in a local while the loop runs (a
    // register, not a store to the frame on every instruction) and goes back to the
    // frame whenever the loop is left: nothing reads `f.pc` while the frame runs, except
    // the tracing hook, which gets it first.
    let mut pc = f.pc;
    let r = run_instructions::<TRACE>(vm, f, cd, fast, instrs, kwnames, lasti, &mut pc);
    f.pc = pc;
    r
}

/// The body of [`step`], with the instruction position in `pc`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn run_instructions<const TRACE: bool>(
    vm: &Vm,
    f: &mut Frame,
    cd: &CodeData,
    fast: &[ValueCell<Value>],
    instrs: &[Instruction],
    kwnames: &mut Option<Value>,
    lasti: &Cell<u32>,
    pc: &mut usize,
) -> StepResult {
    let ct = cd.tables(vm);
    'next: loop {
        if TRACE {
            if !crate::trace::is_on() {
                return Ok(None);
            }
            f.pc = *pc;
            t!(crate::trace::instruction(vm, f, instrs, &cd.code.locations));
        }
        // Opaque to the optimiser: otherwise it hoists the address of every `vm` field an
        // instruction uses out of the loop, into a prologue (spilled to the stack) that
        // every call pays for.
        let vm: &Vm = crate::memory::opaque(vm);
        let f: &mut Frame = crate::memory::opaque_mut(&mut *f);
        // A conditional jump taken: backward (the test at the end of a `while` loop) it
        // checks the eval breaker as `Jump` does, so that such a loop can be interrupted
        // and collects garbage.
        macro_rules! cond_jump {
            ($target:expr) => {{
                let target: usize = $target;
                let backward = target < *pc;
                *pc = target;
                if backward {
                    crate::gc::maybe_collect(vm);
                    t!(crate::signals::check(vm));
                    if !TRACE && crate::trace::is_on() {
                        f.trace_prev = f.shared.lasti.get();
                        return Ok(None);
                    }
                }
            }};
        }
        // The value of local `slot`, or UnboundLocalError when it has none.
        macro_rules! bound_local {
            ($slot:expr) => {{
                let slot = $slot as usize;
                let v = fast[slot].get();
                if v.is_null() {
                    return Err((unbound_local(vm, cd, slot), false));
                }
                v
            }};
        }
        let ins = match instrs.get(*pc) {
            Some(i) => *i,
            None => return Err((fell_off_the_end(vm), false)),
        };
        lasti.set(*pc as u32);
        *pc += 1;
        let mut arg = ins.arg();
        let mut byte = ins.op_byte();
        'dispatch: loop {
            match byte {
                op::EXTENDED_ARG => {
                    // The prefix and the instruction it widens run as one (a trace function
                    // hears no event between them).
                    let ins = match instrs.get(*pc) {
                        Some(i) => *i,
                        None => return Err((fell_off_the_end(vm), false)),
                    };
                    lasti.set(*pc as u32);
                    *pc += 1;
                    arg = ins.arg() | (arg << 24);
                    byte = ins.op_byte();
                    if byte == op::EXTENDED_ARG {
                        return Err((bad_opcode(vm), false));
                    }
                    continue 'dispatch;
                }
                op::NOP | op::RESUME => {
                    f.lasti = *pc;
                }
                op::POP_TOP => {
                    let v = pop!(f);
                    drop(v);
                }
                op::PUSH_NULL => f.slots.push(Value::Null),
                op::COPY => {
                    let n = f.slots.len();
                    let v = f.slots[n - arg as usize].clone();
                    f.slots.push(v);
                }
                op::SWAP => {
                    let n = f.slots.len();
                    f.slots.swap(n - 1, n - arg as usize);
                }
                op::UNARY_POSITIVE => {
                    let v = pop!(f);
                    f.slots.push(t!(vm.unary_positive(&v)));
                }
                op::UNARY_NEGATIVE => {
                    let v = pop!(f);
                    f.slots.push(t!(vm.unary_negative(&v)));
                }
                op::UNARY_NOT => {
                    let v = pop!(f);
                    f.slots.push(Value::Bool(!t!(vm.is_true(&v))));
                }
                op::UNARY_INVERT => {
                    let v = pop!(f);
                    f.slots.push(t!(vm.unary_invert(&v)));
                }
                op::BINARY_OP => {
                    // The operands are looked at in place (word by word) before they are
                    // popped: numbers never leave the stack as whole 16-byte copies.
                    let n = f.slots.len();
                    let fast = match (&f.slots[n - 2], &f.slots[n - 1]) {
                        (Value::Int(x), Value::Int(y)) => int_binop_fast(*x, *y, arg),
                        (Value::Float(x), Value::Float(y)) => float_binop_fast(*x, *y, arg),
                        (Value::Int(x), Value::Float(y)) => float_binop_fast(*x as f64, *y, arg),
                        (Value::Float(x), Value::Int(y)) => float_binop_fast(*x, *y as f64, arg),
                        _ => None,
                    };
                    if let Some(r) = fast {
                        drop(f.slots.pop());
                        f.slots[n - 2] = r;
                        continue 'next;
                    }
                    let b = pop!(f);
                    let a = pop!(f);
                    let r = match fast {
                        Some(v) => v,
                        None => {
                            let (op, inplace) = match binop_from_u32(arg) {
                                Some(x) => x,
                                None => {
                                    return Err((
                                        vm.new_exception_msg(&vm.exc.system_error, "bad binary op"),
                                        false,
                                    ))
                                }
                            };
                            if inplace {
                                t!(vm.inplace_op(&a, &b, op))
                            } else {
                                t!(vm.binary_op(&a, &b, op))
                            }
                        }
                    };
                    f.slots.push(r);
                }
                op::BINARY_SUBSCR => {
                    let n = f.slots.len();
                    if let Some(v) = subscr_fast(vm, &f.slots[n - 2], &f.slots[n - 1]) {
                        drop(f.slots.pop());
                        f.slots[n - 2] = v;
                        continue 'next;
                    }
                    let k = pop!(f);
                    let c = pop!(f);
                    f.slots.push(t!(vm.getitem(&c, &k)));
                }
                op::STORE_SUBSCR => {
                    let k = pop!(f);
                    let c = pop!(f);
                    let v = pop!(f);
                    if let Some(v) = store_subscr_fast(vm, &c, &k, v) {
                        t!(vm.setitem(&c, &k, v));
                    }
                }
                op::DELETE_SUBSCR => {
                    let k = pop!(f);
                    let c = pop!(f);
                    t!(vm.delitem(&c, &k));
                }
                op::BUILD_SLICE => {
                    // Followed by a subscript of an exact list or tuple: the bounds go straight
                    // to it and no slice object is made. The subscript runs as itself (the
                    // instruction being executed), so errors point where they would.
                    // `Some(store)`: fused with the following StoreSubscr (else BinarySubscr).
                    let fused = match instrs.get(*pc) {
                        Some(next) if !TRACE && f.slots.len() > arg as usize => {
                            let nop = next.op_byte();
                            let store = nop == Opcode::StoreSubscr as u8;
                            let load = nop == Opcode::BinarySubscr as u8;
                            match &f.slots[f.slots.len() - arg as usize - 1] {
                                Value::Obj(o) if o.class().is(&vm.types.list) => {
                                    (load || store).then_some(store)
                                }
                                Value::Obj(o) if o.class().is(&vm.types.tuple) => {
                                    load.then_some(false)
                                }
                                _ => None,
                            }
                        }
                        _ => None,
                    };
                    let step = if arg == 3 { pop!(f) } else { Value::None };
                    let stop = pop!(f);
                    let start = pop!(f);
                    if let Some(store) = fused {
                        let bounds = [start, stop, step];
                        let c = pop!(f);
                        lasti.set(*pc as u32);
                        *pc += 1;
                        let Value::Obj(o) = &c else { continue 'next };
                        if store {
                            let v = pop!(f);
                            if let Some(l) = o.payload.as_list() {
                                t!(crate::objects::seq::list_setslice(
                                    vm,
                                    o,
                                    l,
                                    &bounds,
                                    Some(v)
                                ));
                            }
                        } else {
                            f.slots
                                .push(t!(crate::objects::seq::seq_getslice(vm, o, &bounds)));
                        }
                        continue 'next;
                    }
                    f.slots
                        .push(crate::objects::seq::new_slice(vm, start, stop, step));
                }
                op::COMPARE_OP => {
                    // Numbers and exact strs are compared in place (no 16-byte copies off
                    // the stack); the rest through rich_compare.
                    let n = f.slots.len();
                    if n < 2 {
                        return Err((bad_stack(vm), false));
                    }
                    let op = cmp_from_u32(arg);
                    let Some(r) =
                        crate::protocols::fast_compare(&f.slots[n - 2], &f.slots[n - 1], op)
                    else {
                        let b = pop!(f);
                        let a = pop!(f);
                        f.slots.push(t!(vm.rich_compare(&a, &b, op)));
                        continue 'next;
                    };
                    f.slots.truncate(n - 2);
                    // Fused with a following conditional jump: no bool on the stack.
                    if let Some(next) = instrs.get(*pc) {
                        let nop = next.op_byte();
                        if nop == op::POP_JUMP_IF_FALSE {
                            if r {
                                *pc += 1;
                            } else {
                                cond_jump!(next.arg() as usize);
                            }
                            continue 'next;
                        }
                        if nop == op::POP_JUMP_IF_TRUE {
                            if r {
                                cond_jump!(next.arg() as usize);
                            } else {
                                *pc += 1;
                            }
                            continue 'next;
                        }
                    }
                    f.slots.push(Value::Bool(r));
                }
                op::IS_OP => {
                    let b = pop!(f);
                    let a = pop!(f);
                    f.slots.push(Value::Bool(a.is(&b) != (arg == 1)));
                }
                op::CONTAINS_OP => {
                    // The operands are tested in place and popped after (on an error the
                    // unwinder pops them); fused with a following conditional jump as
                    // COMPARE_OP is: no bool on the stack, one dispatch fewer.
                    let n = f.slots.len();
                    if n < 2 {
                        return Err((bad_stack(vm), false));
                    }
                    let r = t!(vm.contains(&f.slots[n - 1], &f.slots[n - 2])) != (arg == 1);
                    f.slots.truncate(n - 2);
                    if let Some(next) = instrs.get(*pc) {
                        let nop = next.op_byte();
                        if nop == op::POP_JUMP_IF_FALSE {
                            if r {
                                *pc += 1;
                            } else {
                                cond_jump!(next.arg() as usize);
                            }
                            continue 'next;
                        }
                        if nop == op::POP_JUMP_IF_TRUE {
                            if r {
                                cond_jump!(next.arg() as usize);
                            } else {
                                *pc += 1;
                            }
                            continue 'next;
                        }
                    }
                    f.slots.push(Value::Bool(r));
                }
                op::GET_ITER => {
                    // A generator is its own iterator (its type cannot be subclassed or
                    // changed).
                    if matches!(f.slots.last(), Some(Value::Obj(o)) if o.class().is(&vm.types.generator))
                    {
                        continue 'next;
                    }
                    let v = pop!(f);
                    f.slots.push(t!(vm.iter(&v)));
                }
                op::GET_YIELD_FROM_ITER => {
                    let v = pop!(f);
                    let is_gen =
                        matches!(&v, Value::Obj(o) if matches!(o.payload, Payload::Generator(_)));
                    f.slots.push(if is_gen { v } else { t!(vm.iter(&v)) });
                }
                op::FOR_ITER => {
                    let n = f.slots.len();
                    let r = match for_iter_fast(&f.slots[n - 1]) {
                        Some(r) => r,
                        None => {
                            if !TRACE {
                                let it = &f.slots[n - 1];
                                if let Some(pair) = dict_items_for_unpack(vm, it, instrs, *pc) {
                                    // The UNPACK_SEQUENCE runs here, with its stores.
                                    *pc += 1;
                                    store_unpacked(f, pc, instrs, fast, lasti, &pair);
                                    continue 'next;
                                }
                            }
                            t!(vm.next(&f.slots[n - 1]))
                        }
                    };
                    match r {
                        Some(v) => {
                            // The loop variable's STORE_FAST (alone or fused with a load)
                            // runs here: the item never goes on the stack.
                            let next = match instrs.get(*pc) {
                                Some(&next) if !TRACE => next,
                                _ => {
                                    f.slots.push(v);
                                    continue 'next;
                                }
                            };
                            let nop = next.op_byte();
                            let cell = fast.get(next.arg() as usize);
                            match cell {
                                Some(cell)
                                    if nop == op::STORE_FAST || nop == op::STORE_FAST_LOAD_FAST =>
                                {
                                    lasti.set(*pc as u32);
                                    *pc += 1;
                                    cell.set(v);
                                    if nop == op::STORE_FAST_LOAD_FAST {
                                        push_next_local(f, pc, instrs, fast, lasti);
                                    }
                                }
                                _ => f.slots.push(v),
                            }
                        }
                        None => {
                            let it = pop!(f);
                            drop(it);
                            *pc = arg as usize;
                        }
                    }
                }
                op::GET_LEN => {
                    let n = f.slots.len();
                    let l = t!(vm.len(&f.slots[n - 1]));
                    f.slots.push(Value::Int(l as i64));
                }
                op::MATCH_MAPPING => {
                    let n = f.slots.len();
                    let s = &f.slots[n - 1];
                    let r = match s {
                        Value::Obj(o) if o.class().is(&vm.types.dict) => true,
                        Value::Obj(o)
                            if !matches!(o.payload, Payload::Str(_) | Payload::Int(_)) =>
                        {
                            let s = s.clone();
                            t!(crate::builtins::collection_kind(vm, &s))
                                == crate::builtins::COLLECTION_MAPPING
                        }
                        _ => false,
                    };
                    f.slots.push(Value::Bool(r));
                }
                op::MATCH_SEQUENCE => {
                    let n = f.slots.len();
                    let s = &f.slots[n - 1];
                    let r = match s {
                        Value::Obj(o)
                            if o.class().is(&vm.types.list) || o.class().is(&vm.types.tuple) =>
                        {
                            true
                        }
                        Value::Obj(o)
                            if !matches!(o.payload, Payload::Str(_) | Payload::Int(_)) =>
                        {
                            let s = s.clone();
                            t!(crate::builtins::collection_kind(vm, &s))
                                == crate::builtins::COLLECTION_SEQUENCE
                        }
                        _ => false,
                    };
                    f.slots.push(Value::Bool(r));
                }
                op::MATCH_KEYS => {
                    let n = f.slots.len();
                    let keys = f.slots[n - 1].clone();
                    let subject = f.slots[n - 2].clone();
                    let keys = t!(vm.collect(&keys));
                    let mut vals = Vec::new();
                    let mut ok = true;
                    // No keys: nothing to look up (CPython's match_keys does not even fetch
                    // `get`).
                    let get = if keys.is_empty() {
                        Value::None
                    } else {
                        t!(vm.get_attr_str(&subject, "get"))
                    };
                    let dummy = Value::Obj(vm.not_implemented.clone());
                    let seen = vm.new_dict_obj();
                    for k in keys {
                        if t!(dict::get(vm, &seen, &k)).is_some() {
                            let msg = format!(
                                "mapping pattern checks duplicate key ({})",
                                t!(vm.repr_string(&k))
                            );
                            t!(Err(vm.value_error(msg)));
                        }
                        t!(dict::set(vm, &seen, k.clone(), Value::None));
                        let v = t!(vm.call(&get, Args::new(&[k, dummy.clone()])));
                        if v.is(&dummy) {
                            ok = false;
                            break;
                        }
                        vals.push(v);
                    }
                    f.slots
                        .push(if ok { vm.new_tuple(vals) } else { Value::None });
                }
                op::MATCH_CLASS => {
                    let names = pop!(f);
                    let cls = pop!(f);
                    let subject = pop!(f);
                    f.slots
                        .push(t!(match_class(vm, &subject, &cls, &names, arg as usize)));
                }
                op::PUSH_EXC_INFO => {
                    let exc = pop!(f);
                    let prev = vm.exc_info.replace(exc.clone());
                    f.slots.push(prev);
                    f.slots.push(exc);
                }
                op::POP_EXCEPT => {
                    let prev = pop!(f);
                    vm.exc_info.set(prev);
                }
                op::CHECK_EXC_MATCH => {
                    let ty = pop!(f);
                    let n = f.slots.len();
                    let exc = f.slots[n - 1].clone();
                    let r = t!(exc_match(vm, &exc, &ty));
                    f.slots.push(Value::Bool(r));
                }
                op::CHECK_EG_MATCH => {
                    let ty = pop!(f);
                    let eg = pop!(f);
                    t!(check_except_star_type(vm, &ty));
                    let (matched, rest) = t!(exceptions::eg_match(vm, &eg, &ty));
                    if !matched.is_none() {
                        vm.exc_info.set(matched.clone());
                    }
                    f.slots.push(rest);
                    f.slots.push(matched);
                }
                op::PREP_RERAISE_STAR => {
                    let list = pop!(f);
                    let orig = pop!(f);
                    let excs: Vec<Value> = match &list {
                        Value::Obj(l) => l
                            .payload
                            .as_list()
                            .map(|l| l.borrow().clone())
                            .unwrap_or_default(),
                        _ => Vec::new(),
                    };
                    f.slots
                        .push(t!(exceptions::prep_reraise_star(vm, &orig, &excs)));
                }
                op::RERAISE => {
                    let exc = pop!(f);
                    if arg != 0 {
                        let n = f.slots.len();
                        if let Value::Int(i) = f.slots[n - 1] {
                            f.lasti = i as usize;
                        }
                    }
                    match exc {
                        Value::Obj(e) => return Err((e, true)),
                        _ => {
                            return Err((vm.runtime_error("No active exception to reraise"), false))
                        }
                    }
                }
                op::RAISE_VARARGS => return Err(do_raise(vm, f, arg)),
                op::WITH_EXCEPT_START => {
                    let n = f.slots.len();
                    let exc = f.slots[n - 1].clone();
                    let exit = f.slots[n - 4].clone();
                    let ty = Value::Obj(vm.type_of(&exc).clone());
                    let tb = match &exc {
                        Value::Obj(e) => exceptions::exc_data(e)
                            .map(|d| d.traceback.get())
                            .unwrap_or(Value::None),
                        _ => Value::None,
                    };
                    let r = t!(vm.call(&exit, Args::new(&[ty, exc, tb])));
                    f.slots.push(r);
                }
                op::BEFORE_WITH => {
                    let mgr = pop!(f);
                    let enter = match vm.lookup_special(&mgr, &vm.names.__enter__) {
                        Some(e) => e,
                        None => {
                            return Err((
                                vm.type_error(format!(
                                    "'{}' object does not support the context manager protocol",
                                    vm.type_name(&mgr)
                                )),
                                false,
                            ))
                        }
                    };
                    let exit = match vm.lookup_special(&mgr, &vm.names.__exit__) {
                    Some(e) => e,
                    None => return Err((vm.type_error(format!("'{}' object does not support the context manager protocol (missed __exit__ method)", vm.type_name(&mgr))), false)),
                };
                    let ty = vm.type_of(&mgr).clone();
                    let bound_exit = t!(vm.descr_get(&exit, Some(&mgr), &ty));
                    f.slots.push(bound_exit);
                    let r = t!(vm.call_unbound(&enter, &mgr, &ty, &[]));
                    f.slots.push(r);
                }
                op::BEFORE_ASYNC_WITH => {
                    let mgr = pop!(f);
                    let ty = vm.type_of(&mgr).clone();
                    let enter = match vm.lookup_special(&mgr, &vm.names.__aenter__) {
                    Some(e) => e,
                    None => return Err((vm.type_error(format!("'{}' object does not support the asynchronous context manager protocol", vm.type_name(&mgr))), false)),
                };
                    let exit = t!(vm
                        .lookup_special(&mgr, &vm.names.__aexit__)
                        .ok_or_else(|| vm.type_error("missing __aexit__")));
                    f.slots.push(t!(vm.descr_get(&exit, Some(&mgr), &ty)));
                    let aw = t!(vm.call_unbound(&enter, &mgr, &ty, &[]));
                    f.slots.push(t!(get_awaitable(vm, aw)));
                }
                op::LOAD_ASSERTION_ERROR => {
                    f.slots.push(Value::Obj(vm.exc.assertion_error.clone()))
                }
                op::GET_AITER => {
                    let v = pop!(f);
                    let r = t!(vm.call_special(&v, &vm.names.__aiter__, &[]));
                    match r {
                        Some(r) => f.slots.push(r),
                        None => {
                            return Err((
                                vm.type_error(format!(
                                    "'async for' requires an object with __aiter__ method, got {}",
                                    vm.type_name(&v)
                                )),
                                false,
                            ))
                        }
                    }
                }
                op::GET_ANEXT => {
                    let n = f.slots.len();
                    let ai = f.slots[n - 1].clone();
                    let aw = t!(vm.call_special(&ai, &vm.names.__anext__, &[]));
                    match aw {
                        Some(aw) => f.slots.push(t!(get_awaitable(vm, aw))),
                        None => {
                            return Err((
                                vm.type_error(format!(
                                "'async for' requires an iterator with __anext__ method, got {}",
                                vm.type_name(&ai)
                            )),
                                false,
                            ))
                        }
                    }
                }
                op::END_ASYNC_FOR => {
                    let exc = pop!(f);
                    let _ai = pop!(f);
                    match exc {
                        Value::Obj(e) if vm.exc_matches(&e, &vm.exc.stop_async_iteration) => {}
                        Value::Obj(e) => return Err((e, true)),
                        _ => {}
                    }
                }
                op::GET_AWAITABLE => {
                    let v = pop!(f);
                    f.slots.push(t!(get_awaitable(vm, v)));
                }
                op::SEND => {
                    let v = pop!(f);
                    let n = f.slots.len();
                    let recv = f.slots[n - 1].clone();
                    let r = match &recv {
                        Value::Obj(o) if matches!(o.payload, Payload::Generator(_)) => {
                            t!(crate::objects::generator::gen_send_ex(vm, o, v, None))
                        }
                        _ => {
                            let res = if v.is_none() {
                                // __next__ itself: its StopIteration carries the value.
                                match vm.call_special(&recv, &vm.names.__next__, &[]) {
                                    Ok(Some(x)) => Ok(Ok(x)),
                                    Ok(None) => Err(vm.type_error(format!(
                                        "'{}' object is not an iterator",
                                        vm.type_name(&recv)
                                    ))),
                                    Err(e) => Err(e),
                                }
                            } else {
                                vm.call_method(&recv, "send", &[v]).map(Ok)
                            };
                            match res {
                                Ok(x) => x,
                                Err(e) if vm.exc_matches(&e, &vm.exc.stop_iteration) => {
                                    Err(vm.get_exc_attr(&e, &vm.names.value).unwrap_or(Value::None))
                                }
                                Err(e) => return Err((e, false)),
                            }
                        }
                    };
                    match r {
                        Ok(y) => f.slots.push(y),
                        Err(ret) => {
                            let recv = pop!(f);
                            drop(recv);
                            f.slots.push(ret);
                            *pc = arg as usize;
                        }
                    }
                }
                op::YIELD_VALUE => {
                    let v = pop!(f);
                    f.lasti = *pc;
                    return Ok(Some(FrameExit::Yield(v)));
                }
                op::RETURN_GENERATOR => {
                    return Ok(Some(FrameExit::Generator));
                }
                op::ASYNC_GEN_WRAP => f.yield_wrapped = true,
                op::RETURN_VALUE => {
                    let v = pop!(f);
                    return Ok(Some(FrameExit::Return(v)));
                }
                op::IMPORT_NAME => {
                    let fromlist = pop!(f);
                    let level = pop!(f);
                    let name = ct.names[arg as usize].clone();
                    let m = t!(crate::import::import_name(
                        vm, &name, &fromlist, &level, &f.globals
                    ));
                    f.slots.push(m);
                }
                op::IMPORT_FROM => {
                    let n = f.slots.len();
                    let m = f.slots[n - 1].clone();
                    let name = &ct.names[arg as usize];
                    let r = t!(crate::import::import_from(vm, &m, name));
                    f.slots.push(r);
                }
                op::IMPORT_STAR => {
                    let m = pop!(f);
                    t!(crate::import::import_star(vm, &m, &f.locals));
                }
                op::SETUP_ANNOTATIONS => {
                    let name = &vm.names.__annotations__;
                    let exists = match &f.locals {
                        Value::Obj(d) if d.payload.as_dict().is_some() => {
                            dict::get_str(d, name).is_some()
                        }
                        l => t!(vm
                            .getitem(l, &Value::Obj(name.clone()))
                            .map(|_| true)
                            .or_else(|e| if vm.exc_matches(&e, &vm.exc.key_error) {
                                Ok(false)
                            } else {
                                Err(e)
                            })),
                    };
                    if !exists {
                        let d = vm.new_dict();
                        t!(vm.setitem(&f.locals, &Value::Obj(name.clone()), d));
                    }
                }
                op::LOAD_BUILD_CLASS => {
                    let r = dict::get_str(&f.builtins, &vm.names.__build_class__);
                    match r {
                        Some(b) => f.slots.push(b),
                        None => {
                            return Err((
                                vm.new_exception_msg(
                                    &vm.exc.name_error,
                                    "__build_class__ not found",
                                ),
                                false,
                            ))
                        }
                    }
                }
                op::PRINT_EXPR => {
                    let v = pop!(f);
                    let hook = t!(crate::sys::get_sys_attr(vm, "displayhook"));
                    t!(vm.call1(&hook, v));
                }
                op::LOAD_CONST => f.slots.push(ct.consts[arg as usize].clone()),
                op::LOAD_NAME => {
                    let name = &ct.names[arg as usize];
                    let cache = cd.cache(*pc - 1);
                    let v = match load_name_cached(f, cache, name) {
                        Some(v) => v,
                        None => t!(load_name_fill(vm, f, cache, name)),
                    };
                    f.slots.push(v);
                }
                op::STORE_NAME => {
                    let v = pop!(f);
                    let name = &ct.names[arg as usize];
                    match &f.locals {
                        Value::Obj(d)
                            if d.payload.as_dict().is_some() && !tdata(d.class()).is_heap() =>
                        {
                            dict::set_str_hinted(d, name, v, &cd.cache(*pc - 1).index)
                        }
                        Value::Null => {
                            return Err((
                                vm.new_exception_msg(
                                    &vm.exc.system_error,
                                    "no locals found when storing",
                                ),
                                false,
                            ))
                        }
                        l => {
                            let l = l.clone();
                            t!(vm.setitem(&l, &Value::Obj(name.clone()), v))
                        }
                    }
                }
                op::DELETE_NAME => {
                    let name = &ct.names[arg as usize];
                    let l = f.locals.clone();
                    let r = vm.delitem(&l, &Value::Obj(name.clone()));
                    if let Err(e) = r {
                        if vm.exc_matches(&e, &vm.exc.key_error) {
                            return Err((vm.name_error(name), false));
                        }
                        return Err((e, false));
                    }
                }
                op::LOAD_GLOBAL => {
                    let name = &ct.names[(arg >> 1) as usize];
                    if arg & 1 != 0 {
                        f.slots.push(Value::Null);
                    }
                    let cache = cd.cache(*pc - 1);
                    let v = match load_global_cached(f, cache, name) {
                        Some(v) => v,
                        None => return Err((vm.name_error(name), false)),
                    };
                    f.slots.push(v);
                }
                op::STORE_GLOBAL => {
                    let v = pop!(f);
                    dict::set_str(&f.globals, &ct.names[arg as usize], v);
                }
                op::DELETE_GLOBAL => {
                    let name = &ct.names[arg as usize];
                    if dict::remove_str(&f.globals, name).is_none() {
                        return Err((vm.name_error(name), false));
                    }
                }
                op::LOAD_FAST => {
                    let v = bound_local!(arg);
                    f.slots.push(v);
                }
                // `local.attr` and `local.method(...)` through the instance fast paths of
                // their caches: the local never goes on the stack. Otherwise the local is
                // pushed and the attribute instruction runs as itself.
                op::LOAD_FAST_LOAD_ATTR | op::LOAD_FAST_LOAD_METHOD if !TRACE => {
                    let v = bound_local!(arg);
                    if let Some(&next) = instrs.get(*pc) {
                        let name = &ct.names[next.arg() as usize];
                        let cache = cd.cache(*pc);
                        if byte == op::LOAD_FAST_LOAD_ATTR {
                            if let Some(a) = load_instance_attr_fast(&v, name, cache) {
                                lasti.set(*pc as u32);
                                *pc += 1;
                                f.slots.push(a);
                                continue 'next;
                            }
                        } else if let Some(m) = load_instance_method_fast(&v, name, cache) {
                            lasti.set(*pc as u32);
                            *pc += 1;
                            f.slots.push(m);
                            f.slots.push(v);
                            continue 'next;
                        }
                    }
                    f.slots.push(v);
                }
                op::LOAD_FAST_LOAD_FAST if !TRACE => {
                    let v = bound_local!(arg);
                    f.slots.push(v);
                    push_next_local(f, pc, instrs, fast, lasti);
                }
                op::STORE_FAST => {
                    let v = pop!(f);
                    fast[arg as usize].set(v);
                }
                op::STORE_FAST_LOAD_FAST if !TRACE => {
                    let v = pop!(f);
                    fast[arg as usize].set(v);
                    push_next_local(f, pc, instrs, fast, lasti);
                }
                op::STORE_FAST_STORE_FAST if !TRACE => {
                    let v = pop!(f);
                    fast[arg as usize].set(v);
                    let _ = store_next_local(f, pc, instrs, fast, lasti);
                }
                op::DELETE_FAST => {
                    if fast[arg as usize].get().is_null() {
                        return Err((unbound_local(vm, cd, arg as usize), false));
                    }
                    fast[arg as usize].set(Value::Null);
                }
                op::MAKE_CELL => {
                    let v = fast[arg as usize].replace(Value::Null);
                    fast[arg as usize].set(Value::Obj(ObjRef::new(
                        &vm.types.cell,
                        Payload::Cell(ValueCell::new(v)),
                    )));
                }
                op::LOAD_CLOSURE => {
                    let v = fast[arg as usize].get();
                    f.slots.push(v);
                }
                op::LOAD_DEREF => {
                    let v = cell_get(&fast[arg as usize].get());
                    if v.is_null() {
                        return Err((free_var_error(vm, cd, arg as usize), false));
                    }
                    f.slots.push(v);
                }
                op::LOAD_CLASS_DEREF => {
                    let name = &ct.slot_names[arg as usize];
                    let from_locals = match &f.locals {
                        Value::Obj(d) if d.payload.as_dict().is_some() => dict::get_str(d, name),
                        _ => None,
                    };
                    match from_locals {
                        Some(v) => f.slots.push(v),
                        None => {
                            let v = cell_get(&fast[arg as usize].get());
                            if v.is_null() {
                                return Err((free_var_error(vm, cd, arg as usize), false));
                            }
                            f.slots.push(v);
                        }
                    }
                }
                op::STORE_DEREF => {
                    let v = pop!(f);
                    if let Value::Obj(c) = &fast[arg as usize].get() {
                        if let Payload::Cell(cell) = &c.payload {
                            cell.set(v);
                        }
                    }
                }
                op::DELETE_DEREF => {
                    if let Value::Obj(c) = &fast[arg as usize].get() {
                        if let Payload::Cell(cell) = &c.payload {
                            if cell.get().is_null() {
                                return Err((free_var_error(vm, cd, arg as usize), false));
                            }
                            cell.set(Value::Null);
                        }
                    }
                }
                op::COPY_FREE_VARS => {
                    let closure = f
                        .func
                        .as_ref()
                        .and_then(|fo| fo.payload.as_function().map(|fd| fd.closure.clone()));
                    if let Some(Value::Obj(t)) = closure {
                        if let Some(cells) = t.payload.as_tuple() {
                            let start = fast.len() - arg as usize;
                            for (i, c) in cells.iter().enumerate().take(arg as usize) {
                                fast[start + i].set(c.clone());
                            }
                        }
                    }
                }
                op::LOAD_ATTR => {
                    let name = &ct.names[arg as usize];
                    let cache = cd.cache(*pc - 1);
                    // Through the cache, the result replaces the object on the stack.
                    if let Some(top) = f.slots.last_mut() {
                        if let Some(v) = load_instance_attr_fast(top, name, cache) {
                            *top = v;
                            continue 'next;
                        }
                        if let Some(v) = load_attr_cached(vm, top, name, cache) {
                            *top = v;
                            continue 'next;
                        }
                    }
                    let o = pop!(f);
                    f.slots.push(t!(vm.get_attr(&o, name)));
                }
                op::STORE_ATTR => {
                    let o = pop!(f);
                    let v = pop!(f);
                    let cache = cd.cache(*pc - 1);
                    if let Err(v) = store_inline_attr_fast(&o, v, cache) {
                        let name = &ct.names[arg as usize];
                        if let Some(v) = store_attr_cached(vm, &o, name, v, cache) {
                            t!(vm.set_attr(&o, name, v));
                        }
                    }
                }
                op::DELETE_ATTR => {
                    let o = pop!(f);
                    t!(vm.del_attr(&o, &ct.names[arg as usize]));
                }
                op::LOAD_METHOD => {
                    let name = &ct.names[arg as usize];
                    let cache = cd.cache(*pc - 1);
                    if let Some(top) = f.slots.last_mut() {
                        if let Some(m) = load_instance_method_fast(top, name, cache) {
                            // `method, self` in place of `self`.
                            let o = std::mem::replace(top, m);
                            f.slots.push(o);
                            continue 'next;
                        }
                    }
                    let o = pop!(f);
                    match load_method_cached(vm, &o, name, cache) {
                        Some(m) => {
                            f.slots.push(m);
                            f.slots.push(o);
                        }
                        None => {
                            f.slots.push(Value::Null);
                            f.slots.push(t!(vm.get_attr(&o, name)));
                        }
                    }
                }
                op::BUILD_TUPLE => {
                    let n = f.slots.len();
                    let items: crate::object::TupleItems =
                        f.slots.drain(n - arg as usize..).collect();
                    f.slots.push(vm.new_tuple_items(items));
                }
                op::BUILD_LIST => {
                    let n = f.slots.len();
                    let items: Vec<Value> = f.slots.drain(n - arg as usize..).collect();
                    f.slots.push(vm.new_list(items));
                }
                op::BUILD_SET => {
                    let n = f.slots.len();
                    let items: Vec<Value> = f.slots.drain(n - arg as usize..).collect();
                    let s = ObjRef::new(
                        &vm.types.set,
                        Payload::Set(std::cell::RefCell::new(Default::default())),
                    );
                    if let Payload::Set(t) = &s.payload {
                        for it in items {
                            t!(crate::objects::set::add(vm, t, it));
                        }
                    }
                    f.slots.push(Value::Obj(s));
                }
                op::BUILD_MAP => {
                    let n = f.slots.len();
                    let items: Vec<Value> = f.slots.drain(n - 2 * arg as usize..).collect();
                    let d = vm.new_dict_obj();
                    let mut it = items.into_iter();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        t!(dict::set(vm, &d, k, v));
                    }
                    f.slots.push(Value::Obj(d));
                }
                op::BUILD_CONST_KEY_MAP => {
                    let keys = pop!(f);
                    let n = f.slots.len();
                    let vals: Vec<Value> = f.slots.drain(n - arg as usize..).collect();
                    let d = vm.new_dict_obj();
                    let ks = keys
                        .as_obj()
                        .and_then(|o| o.payload.as_tuple().map(|t| t.to_vec()))
                        .unwrap_or_default();
                    for (k, v) in ks.into_iter().zip(vals) {
                        t!(dict::set(vm, &d, k, v));
                    }
                    f.slots.push(Value::Obj(d));
                }
                op::BUILD_STRING => {
                    let start = f.slots.len() - arg as usize;
                    let s = t!(pystr::concat_strs(vm, &f.slots[start..]));
                    f.slots.truncate(start);
                    f.slots.push(s);
                }
                op::LIST_APPEND => {
                    let v = pop!(f);
                    let n = f.slots.len();
                    if let Value::Obj(l) = &f.slots[n - arg as usize] {
                        if let Some(l) = l.payload.as_list() {
                            crate::memory::list_push(&mut l.borrow_mut(), v);
                        }
                    }
                }
                op::SET_ADD => {
                    let v = pop!(f);
                    let n = f.slots.len();
                    let s = f.slots[n - arg as usize].clone();
                    if let Value::Obj(so) = &s {
                        if let Some(t) = crate::objects::set::set_table(so) {
                            t!(crate::objects::set::add(vm, t, v));
                        }
                    }
                }
                op::MAP_ADD => {
                    let v = pop!(f);
                    let k = pop!(f);
                    let n = f.slots.len();
                    let d = f.slots[n - arg as usize].clone();
                    if let Value::Obj(d) = &d {
                        t!(dict::set(vm, d, k, v));
                    }
                }
                op::LIST_EXTEND => {
                    let it = pop!(f);
                    let n = f.slots.len();
                    let l = f.slots[n - arg as usize].clone();
                    let items = match vm.collect(&it) {
                        Ok(i) => i,
                        Err(e)
                            if vm.exc_matches(&e, &vm.exc.type_error)
                                && vm.lookup_special(&it, &vm.names.__iter__).is_none()
                                && vm.lookup_special(&it, &vm.names.__getitem__).is_none() =>
                        {
                            return Err((
                                vm.type_error(format!(
                                    "Value after * must be an iterable, not {}",
                                    vm.type_name(&it)
                                )),
                                false,
                            ));
                        }
                        Err(e) => return Err((e, false)),
                    };
                    if let Some(l) = l.as_obj().and_then(|o| o.payload.as_list()) {
                        l.borrow_mut().extend(items);
                    }
                }
                op::SET_UPDATE => {
                    let it = pop!(f);
                    let n = f.slots.len();
                    let s = f.slots[n - arg as usize].clone();
                    if let Some(t) = s.as_obj().and_then(crate::objects::set::set_table) {
                        t!(crate::objects::set::update_from(vm, t, &it));
                    }
                }
                op::DICT_UPDATE | op::DICT_MERGE => {
                    let m = pop!(f);
                    let n = f.slots.len();
                    let d = f.slots[n - arg as usize].clone();
                    if let Value::Obj(d) = &d {
                        if byte == op::DICT_MERGE {
                            t!(dict_merge(vm, f, d, &m, n - arg as usize));
                        } else {
                            if vm.get_attr_opt(&m, &vm.names.keys).ok().flatten().is_none() {
                                return Err((
                                    vm.type_error(format!(
                                        "'{}' object is not a mapping",
                                        vm.type_name(&m)
                                    )),
                                    false,
                                ));
                            }
                            t!(crate::objects::mapping::dict_update_from(vm, d, &m));
                        }
                    }
                }
                op::LIST_TO_TUPLE => {
                    let l = pop!(f);
                    let items = l
                        .as_obj()
                        .and_then(|o| o.payload.as_list().map(|l| l.borrow().clone()))
                        .unwrap_or_default();
                    f.slots.push(vm.new_tuple(items));
                }
                op::UNPACK_SEQUENCE => {
                    let s = pop!(f);
                    // Exact tuples and lists of the right length go straight onto the stack.
                    if let Value::Obj(o) = &s {
                        match &o.payload {
                            Payload::Tuple(t)
                                if t.len() == arg as usize && o.class().is(&vm.types.tuple) =>
                            {
                                if TRACE {
                                    f.slots.extend(t.iter().rev().cloned());
                                } else {
                                    store_unpacked(f, pc, instrs, fast, lasti, t);
                                }
                                continue 'next;
                            }
                            Payload::List(l)
                                if l.borrow().len() == arg as usize
                                    && o.class().is(&vm.types.list) =>
                            {
                                f.slots.extend(l.borrow().iter().rev().cloned());
                                if !TRACE {
                                    drain_local_stores(f, pc, instrs, fast, lasti, arg as usize);
                                }
                                continue 'next;
                            }
                            _ => {}
                        }
                    }
                    let items = t!(unpack(vm, &s, arg as usize, None));
                    f.slots.extend(items.into_iter().rev());
                }
                op::UNPACK_EX => {
                    let s = pop!(f);
                    let before = (arg & 0xff) as usize;
                    let after = (arg >> 8) as usize;
                    let items = t!(unpack(vm, &s, before, Some(after)));
                    f.slots.extend(items.into_iter().rev());
                }
                op::FORMAT_VALUE => {
                    let spec = if arg & format_value::HAS_SPEC != 0 {
                        Some(pop!(f))
                    } else {
                        None
                    };
                    let v = pop!(f);
                    let v = match arg & format_value::CONVERSION_MASK {
                        format_value::CONVERSION_STR => Value::Obj(t!(vm.str(&v))),
                        format_value::CONVERSION_REPR => Value::Obj(t!(vm.repr(&v))),
                        format_value::CONVERSION_ASCII => {
                            let r = t!(vm.repr_string(&v));
                            vm.new_str(pystr::ascii_escape(&r))
                        }
                        _ => v,
                    };
                    let r = t!(crate::format::format_value(vm, &v, spec.as_ref()));
                    f.slots.push(r);
                }
                op::MAKE_FUNCTION => {
                    let code = pop!(f);
                    let closure = if arg & make_function::CLOSURE != 0 {
                        pop!(f)
                    } else {
                        Value::None
                    };
                    let annotations = if arg & make_function::ANNOTATIONS != 0 {
                        pop!(f)
                    } else {
                        Value::None
                    };
                    let kwdefaults = if arg & make_function::KWDEFAULTS != 0 {
                        pop!(f)
                    } else {
                        Value::None
                    };
                    let defaults = if arg & make_function::DEFAULTS != 0 {
                        pop!(f)
                    } else {
                        Value::None
                    };
                    let code = match code {
                        Value::Obj(c) if c.payload.as_code().is_some() => c,
                        _ => {
                            return Err((
                                vm.new_exception_msg(
                                    &vm.exc.system_error,
                                    "MakeFunction without code",
                                ),
                                false,
                            ))
                        }
                    };
                    let fv = make_function(vm, f, code, defaults, kwdefaults, annotations, closure);
                    f.slots.push(fv);
                }
                op::KW_NAMES => {
                    *kwnames = Some(ct.consts[arg as usize].clone());
                }
                op::CALL => {
                    let kw = kwnames.take();
                    let kwn: &[Value] = match &kw {
                        Some(Value::Obj(t)) => t.payload.as_tuple().unwrap_or(&[]),
                        _ => &[],
                    };
                    let argc = arg as usize;
                    let n = f.slots.len();
                    let base = n - argc - 2;
                    // The callable leaves the stack (its slot is truncated away below).
                    let (callable, first) = if f.slots[base].is_null() {
                        (
                            std::mem::replace(&mut f.slots[base + 1], Value::Null),
                            base + 2,
                        )
                    } else {
                        (std::mem::replace(&mut f.slots[base], Value::Null), base + 1)
                    };
                    let r = match &callable {
                        Value::Obj(fo) if matches!(fo.payload, Payload::Function(_)) => {
                            if kwn.is_empty() {
                                call_function_moving(vm, fo, &mut f.slots[first..])
                            } else {
                                call_function(vm, fo, Args::with_kw(&f.slots[first..], kwn))
                            }
                        }
                        Value::Obj(co) if first == base + 2 && is_plain_class(vm, co) => {
                            let cache = cd.cache(*pc - 1);
                            match plain_class_init(vm, co, cache) {
                                Some(init) => {
                                    // `C(args)`: the new instance takes the class's stack slot,
                                    // so `__init__` gets (instance, args...) without a copy.
                                    let inst = crate::objects::object::new_instance(vm, co);
                                    f.slots[base + 1] = Value::Obj(inst.clone());
                                    let r = if kwn.is_empty() {
                                        call_function_moving(vm, &init, &mut f.slots[base + 1..])
                                    } else {
                                        call_function(
                                            vm,
                                            &init,
                                            Args::with_kw(&f.slots[base + 1..], kwn),
                                        )
                                    };
                                    match r {
                                        Ok(Value::None) => Ok(Value::Obj(inst)),
                                        Ok(r) => Err(vm.type_error(format!(
                                            "__init__() should return None, not '{}'",
                                            vm.type_name(&r)
                                        ))),
                                        Err(e) => Err(e),
                                    }
                                }
                                None => vm.call(&callable, Args::with_kw(&f.slots[first..], kwn)),
                            }
                        }
                        _ => vm.call(&callable, Args::with_kw(&f.slots[first..], kwn)),
                    };
                    f.slots.truncate(base);
                    f.slots.push(t!(r));
                    // CPython 3.11 checks the eval breaker after each CALL.
                    t!(crate::signals::check(vm));
                    if !TRACE && crate::trace::is_on() {
                        f.trace_prev = f.shared.lasti.get();
                        return Ok(None);
                    }
                }
                op::CALL_FUNCTION_EX => {
                    let kwargs = if arg & 1 != 0 { pop!(f) } else { Value::None };
                    let args = pop!(f);
                    let func = pop!(f);
                    let nul = pop!(f);
                    let func = if nul.is_null() { func } else { nul };
                    let mut argv = match &args {
                        Value::Obj(o) if o.payload.as_tuple().is_some() => {
                            o.payload.as_tuple().map(|t| t.to_vec()).unwrap_or_default()
                        }
                        _ => match vm.collect(&args) {
                            Ok(v) => v,
                            Err(_) => {
                                return Err((
                                    vm.type_error(format!(
                                        "{} argument after * must be an iterable, not {}",
                                        t!(func_display_name(vm, &func)),
                                        vm.type_name(&args)
                                    )),
                                    false,
                                ))
                            }
                        },
                    };
                    let mut names = Vec::new();
                    if let Value::Obj(d) = &kwargs {
                        if d.payload.as_dict().is_some() {
                            for (k, v) in dict::table(d).borrow().items() {
                                names.push(k);
                                argv.push(v);
                            }
                        }
                    }
                    let r = t!(vm.call(&func, Args::with_kw(&argv, &names)));
                    f.slots.push(r);
                    if !TRACE && crate::trace::is_on() {
                        f.trace_prev = f.shared.lasti.get();
                        return Ok(None);
                    }
                }
                op::JUMP => {
                    crate::gc::maybe_collect(vm);
                    t!(crate::signals::check(vm));
                    *pc = arg as usize;
                    if !TRACE && crate::trace::is_on() {
                        f.trace_prev = f.shared.lasti.get();
                        return Ok(None);
                    }
                }
                op::JUMP_NO_INTERRUPT => *pc = arg as usize,
                op::POP_JUMP_IF_FALSE => {
                    let b = match f.slots.last() {
                        Some(Value::Bool(b)) => {
                            let b = *b;
                            drop(f.slots.pop());
                            b
                        }
                        _ => {
                            let v = pop!(f);
                            t!(vm.is_true(&v))
                        }
                    };
                    if !b {
                        cond_jump!(arg as usize);
                    }
                }
                op::POP_JUMP_IF_TRUE => {
                    let b = match f.slots.last() {
                        Some(Value::Bool(b)) => {
                            let b = *b;
                            drop(f.slots.pop());
                            b
                        }
                        _ => {
                            let v = pop!(f);
                            t!(vm.is_true(&v))
                        }
                    };
                    if b {
                        cond_jump!(arg as usize);
                    }
                }
                op::POP_JUMP_IF_NONE => {
                    let v = pop!(f);
                    if v.is_none() {
                        cond_jump!(arg as usize);
                    }
                }
                op::POP_JUMP_IF_NOT_NONE => {
                    let v = pop!(f);
                    if !v.is_none() {
                        cond_jump!(arg as usize);
                    }
                }
                op::JUMP_IF_FALSE_OR_POP => {
                    let n = f.slots.len();
                    let b = t!(vm.is_true(&f.slots[n - 1]));
                    if !b {
                        *pc = arg as usize;
                    } else {
                        f.slots.pop();
                    }
                }
                op::JUMP_IF_TRUE_OR_POP => {
                    let n = f.slots.len();
                    let b = t!(vm.is_true(&f.slots[n - 1]));
                    if b {
                        *pc = arg as usize;
                    } else {
                        f.slots.pop();
                    }
                }
                op::UNUSED..=u8::MAX => return Err((bad_opcode(vm), false)),
            }
            continue 'next;
        }
    }
}

#[cold]
fn fell_off_the_end(vm: &Vm) -> ObjRef {
    vm.new_exception_msg(&vm.exc.system_error, "fell off the end of the code")
}

#[cold]
fn bad_opcode(vm: &Vm) -> ObjRef {
    vm.new_exception_msg(&vm.exc.system_error, "bad opcode")
}

#[cold]
fn bad_stack(vm: &Vm) -> ObjRef {
    vm.new_exception_msg(&vm.exc.system_error, "value stack underflow")
}

/// Run the `LoadFast` at `pc` (the second of a fused pair) here, sparing it a trip
/// through the dispatch; an unbound local is left for the loop to raise.
#[inline(always)]
fn push_next_local(
    f: &mut Frame,
    pc: &mut usize,
    instrs: &[Instruction],
    fast: &[ValueCell<Value>],
    lasti: &Cell<u32>,
) {
    let Some(cell) = instrs
        .get(*pc)
        .and_then(|next| fast.get(next.arg() as usize))
    else {
        return;
    };
    let v = cell.get();
    if v.is_null() {
        return;
    }
    lasti.set(*pc as u32);
    *pc += 1;
    f.slots.push(v);
}

/// Run the `StoreFast` at `pc` (the second of a fused pair, or one after an unpacking)
/// here; false when it could not run here (nothing to store).
#[inline(always)]
fn store_next_local(
    f: &mut Frame,
    pc: &mut usize,
    instrs: &[Instruction],
    fast: &[ValueCell<Value>],
    lasti: &Cell<u32>,
) -> bool {
    let Some(cell) = instrs
        .get(*pc)
        .and_then(|next| fast.get(next.arg() as usize))
    else {
        return false;
    };
    let Some(v) = f.slots.pop() else {
        return false;
    };
    lasti.set(*pc as u32);
    *pc += 1;
    cell.set(v);
    true
}

/// `UnpackSequence` of the items of a tuple, with the `StoreFast`s that follow run here:
/// item 0 goes to the first one's local, item 1 to the next, and so on (what the pushes
/// and the stores would do, without the trips through the stack and the dispatch). The
/// items left when the next instruction is anything else go onto the stack as usual.
/// A local's old value may run a finalizer when it is replaced; the tuple cannot change.
/// Out of line: in a function of its own the loop keeps its pointers in registers.
#[inline(never)]
fn store_unpacked(
    f: &mut Frame,
    pc: &mut usize,
    instrs: &[Instruction],
    fast: &[ValueCell<Value>],
    lasti: &Cell<u32>,
    items: &[Value],
) {
    let mut stored = 0;
    while let Some(v) = items.get(stored) {
        let Some(cell) = local_store_at(instrs, *pc, fast) else {
            break;
        };
        lasti.set(*pc as u32);
        *pc += 1;
        cell.set(v.clone());
        stored += 1;
    }
    f.slots.extend(items[stored..].iter().rev().cloned());
}

/// After an `UnpackSequence` that pushed `n` values: run the `StoreFast`s that follow
/// (up to `n` of them) here, as `store_unpacked` does.
#[inline(never)]
fn drain_local_stores(
    f: &mut Frame,
    pc: &mut usize,
    instrs: &[Instruction],
    fast: &[ValueCell<Value>],
    lasti: &Cell<u32>,
    n: usize,
) {
    for _ in 0..n {
        let is_store = instrs
            .get(*pc)
            .is_some_and(|next| op::is_store_fast(next.op_byte()));
        if !is_store || !store_next_local(f, pc, instrs, fast, lasti) {
            return;
        }
    }
}

/// The local that instruction `pc` stores to, when it is a `StoreFast`.
#[inline(always)]
fn local_store_at<'a>(
    instrs: &[Instruction],
    pc: usize,
    fast: &'a [ValueCell<Value>],
) -> Option<&'a ValueCell<Value>> {
    let next = instrs.get(pc)?;
    if !op::is_store_fast(next.op_byte()) {
        return None;
    }
    fast.get(next.arg() as usize)
}

/// Run a fresh frame (class bodies) to completion.
pub fn resume_frame_fresh(vm: &Vm, frame: Box<Frame>) -> PyResult<(FrameExit, Box<Frame>)> {
    run_frame(vm, frame, None, None)
}
