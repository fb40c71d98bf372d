//! Calling one callable again and again from native code (a sort key, min()/max()'s key):
//! when it is a plain Python function whose parameters take the arguments one to one, the
//! frame made for the first call is emptied and run again for the next ones, instead of
//! being made and dropped every time.
//!
//! Invariant: the kept frame is idle between calls: its value stack is empty, its locals
//! are all unbound and nothing but this caller holds its `FrameShared` (no frame object,
//! no `locals()` dict). A call that leaves the frame otherwise (a frame object made by
//! `sys._getframe`, a traceback, a generator) drops it the ordinary way, and the next call
//! makes a new one. The function's code is re-read on every call (`f.__code__` may be
//! replaced by the callee itself).

use crate::eval::{code_data, FrameExit};
use crate::frame::Frame;
use crate::object::Payload;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};
use pyrs_compiler::bytecode::code_flags;

/// Code flags that rule out a one-to-one binding of positional arguments or a plain run
/// to a return (generators and coroutines stop at `ReturnGenerator`).
const NOT_SIMPLE: u32 = code_flags::VARARGS
    | code_flags::VARKEYWORDS
    | code_flags::GENERATOR
    | code_flags::COROUTINE
    | code_flags::ASYNC_GENERATOR;

/// Repeated calls of `func` with the same number of positional arguments.
pub struct RepeatedCall<'a> {
    vm: &'a Vm,
    func: &'a Value,
    /// The idle frame of the last call, when it could be kept (see the module invariant);
    /// boxed, so that a map or filter iterator keeping it stays small.
    frame: Option<Box<Frame>>,
}

impl<'a> RepeatedCall<'a> {
    /// Prepare to call `func` (any callable) repeatedly.
    pub fn new(vm: &'a Vm, func: &'a Value) -> Self {
        RepeatedCall {
            vm,
            func,
            frame: None,
        }
    }

    /// Prepare to call `func` repeatedly, resuming with the idle frame an earlier
    /// `RepeatedCall` of it left (`into_frame`): for callers that keep the frame between
    /// their own calls (map and filter iterators).
    pub fn with_frame(vm: &'a Vm, func: &'a Value, frame: Option<Box<Frame>>) -> Self {
        RepeatedCall { vm, func, frame }
    }

    /// The idle frame of the last call, to keep for later calls (see `with_frame`).
    pub fn into_frame(self) -> Option<Box<Frame>> {
        self.frame
    }

    /// `func(arg)`.
    #[inline]
    pub fn call1(&mut self, arg: &Value) -> PyResult<Value> {
        self.call(std::slice::from_ref(arg))
    }

    /// `func(*args)` (positional arguments only).
    pub fn call(&mut self, args: &[Value]) -> PyResult<Value> {
        let vm = self.vm;
        let Value::Obj(fobj) = self.func else {
            return vm.call(self.func, Args::new(args));
        };
        let Payload::Function(f) = &fobj.payload else {
            return vm.call(self.func, Args::new(args));
        };
        let code = f.code.get();
        let frame = match &mut self.frame {
            Some(fr) if fr.code.is(&code) => {
                // An idle frame holds no reference to the function (see `make_idle`).
                fr.func = Some(fobj.clone());
                fr
            }
            slot => {
                let (nlocals, stacksize) = {
                    let cd = code_data(&code);
                    let co = &cd.code;
                    if co.argcount as usize != args.len()
                        || co.kwonlyargcount != 0
                        || co.flags & NOT_SIMPLE != 0
                    {
                        return vm.call(self.func, Args::new(args));
                    }
                    (cd.nlocalsplus, co.stacksize as usize)
                };
                // The frame of an earlier code goes first (its storage is recycled).
                *slot = None;
                slot.insert(Box::new(Frame::new(
                    code,
                    f.globals.clone(),
                    f.builtins.clone(),
                    Value::Null,
                    Some(fobj.clone()),
                    nlocals,
                    stacksize,
                )))
            }
        };
        for (slot, a) in frame.shared.fast.iter().zip(args) {
            slot.set(a.clone());
        }
        let r = crate::eval::run_frame_in_place(vm, frame, None, None);
        if !make_idle(frame) {
            self.frame = None;
        }
        match r? {
            FrameExit::Return(v) | FrameExit::Yield(v) => Ok(v),
            // Not generator code (checked when the frame was made): it never stops there.
            FrameExit::Generator => Err(vm.new_exception_msg(
                &vm.exc.system_error,
                "plain function frame returned a generator",
            )),
        }
    }
}

/// Empty a frame that finished its run so that it can run again from the start, in the
/// order a dropped frame releases its values (the stack, then the locals). False when
/// something else still sees the frame: it must then be dropped instead. The idle frame
/// lets go of the function too, as a finished call's frame does in CPython: a map or filter
/// iterator between two items holds one reference to its function (sys.getrefcount).
fn make_idle(frame: &mut Frame) -> bool {
    frame.slots.clear();
    if std::rc::Rc::strong_count(&frame.shared) != 1
        || frame.shared.obj.borrow().is_some()
        || frame.shared.locals_dict.borrow().is_some()
    {
        return false;
    }
    for c in &frame.shared.fast {
        c.set(Value::Null);
    }
    frame.func = None;
    frame.pc = 0;
    frame.lasti = 0;
    frame.shared.lasti.set(0);
    frame.shared.finished.set(false);
    frame.yield_wrapped = false;
    frame.trace_prev = u32::MAX;
    true
}
