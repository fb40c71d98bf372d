//! The eval loop: runs a frame's instructions with CPython 3.11's semantics, including
//! zero-cost exception handling through the exception table.
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

pub enum FrameExit {
    Return(Value),
    Yield(Value),
    /// `ReturnGenerator` ran: the frame becomes a generator.
    Generator,
}

/// The inline cache of one instruction (`LoadGlobal`, `LoadName`, `StoreName`,
/// `LoadAttr`, `LoadMethod`, `StoreAttr`, `Call`). It holds no references: versions and
/// positions only, re-checked on every use, so a stale cache costs a slow look-up, never
/// a wrong answer.
///
/// - `LoadName`: see `load_name_cached`; `StoreName`: `index` is a position hint in the
///   namespace dict (`dict::set_str_hinted`).
/// - `LoadGlobal`: `version` is the globals dict's version when the name was found;
///   `aux` 0 means found in globals at position `index`, 1 means absent from globals and
///   found in builtins (version `version2`) at `index`.
/// - attributes: `version` is the type's version tag; `aux` low byte is an `ATTR_*` kind,
///   the bits above it the MRO position of the class holding the attribute; `index` its
///   position in that class's dict, or a position hint in the instance dict.
///
/// Versions are unique over all dicts and types (`dict::next_version`), so a version
/// match names the same dict or type in the same state.
#[derive(Default)]
pub struct InlineCache {
    pub version: Cell<u64>,
    pub version2: Cell<u64>,
    pub index: Cell<u32>,
    pub aux: Cell<u32>,
    /// Attribute caches keep up to three more entries (`version`, `aux`, `index` of the
    /// types seen before, most recent first), made when a second type shows up, so a
    /// site that sees instances of a few classes in turn stays cached.
    alts: std::cell::OnceCell<Box<[AltEntry; 3]>>,
}

/// One of an attribute cache's older entries (see `InlineCache::alts`).
#[derive(Default)]
struct AltEntry {
    version: Cell<u64>,
    aux: Cell<u32>,
    index: Cell<u32>,
}

impl AltEntry {
    #[inline]
    fn get(&self) -> (u64, u32, u32) {
        (self.version.get(), self.aux.get(), self.index.get())
    }

    #[inline]
    fn set(&self, (v, a, i): (u64, u32, u32)) {
        self.version.set(v);
        self.aux.set(a);
        self.index.set(i);
    }
}

impl InlineCache {
    /// Make the entry for type version `v` the main one: true when one of the entries is
    /// for it; else the older entries move down one place (the oldest is dropped) and
    /// the caller fills the main entry.
    #[inline]
    fn select(&self, v: u64) -> bool {
        if self.version.get() == v {
            return true;
        }
        self.select_alt(v)
    }

    #[inline(never)]
    fn select_alt(&self, v: u64) -> bool {
        let alts = self.alts.get_or_init(Default::default);
        let found = alts.iter().position(|a| a.version.get() == v);
        let upto = found.unwrap_or(alts.len() - 1);
        let taken = alts[upto].get();
        for i in (1..=upto).rev() {
            alts[i].set(alts[i - 1].get());
        }
        alts[0].set((self.version.get(), self.aux.get(), self.index.get()));
        self.version.set(taken.0);
        self.aux.set(taken.1);
        self.index.set(taken.2);
        found.is_some()
    }
}

/// The inline caches of a code object, made when it first runs (most code read from a
/// module's cache is never run: the functions it defines are not all called): `map[pc]`
/// is the index in `caches` of the cache of instruction `pc` (`u32::MAX` for an
/// instruction without one). It also keeps the frame storage of the code's last finished
/// call for its next one (see [`CodeData::take_spare_frame`]).
pub struct InlineCaches {
    map: Box<[u32]>,
    caches: Box<[InlineCache]>,
    /// Function frames made for this code so far (saturating).
    runs: Cell<u32>,
    /// The emptied locals and stack of the code's last finished call, once it has been
    /// called twice (a function called once keeps nothing).
    spare_frame: Cell<Option<Rc<FrameShared>>>,
}

impl InlineCaches {
    #[cold]
    #[inline(never)]
    fn new(code: &CodeObject) -> InlineCaches {
        let mut map = vec![u32::MAX; code.instructions.len()];
        let mut ncaches = 0u32;
        for (pc, ins) in code.instructions.iter().enumerate() {
            if matches!(
                Opcode::from_u8(ins.op_byte()),
                Some(
                    Opcode::LoadGlobal
                        | Opcode::LoadName
                        | Opcode::StoreName
                        | Opcode::LoadAttr
                        | Opcode::LoadMethod
                        | Opcode::StoreAttr
                        | Opcode::Call
                )
            ) {
                map[pc] = ncaches;
                ncaches += 1;
            }
        }
        InlineCaches {
            map: map.into_boxed_slice(),
            caches: (0..ncaches).map(|_| InlineCache::default()).collect(),
            runs: Cell::new(0),
            spare_frame: Cell::new(None),
        }
    }
}

impl CodeData {
    /// The constants and names as values, made now if they have not been.
    #[inline]
    pub fn tables(&self, vm: &Vm) -> &CodeTables {
        self.tables.get_or_init(|| {
            crate::objects::code::make_tables_lazily(vm, &self.code, self.first_str.as_ref())
        })
    }

    /// The inline cache of instruction `pc` (one of the instructions that have one).
    #[inline]
    pub fn cache(&self, pc: usize) -> &InlineCache {
        let c = self
            .inline_caches
            .get_or_init(|| InlineCaches::new(&self.code));
        &c.caches[c.map[pc] as usize]
    }

    /// The storage of this code's last finished function call, to make a new frame of it
    /// without going to the frame pool (counts the call).
    #[inline]
    pub fn take_spare_frame(&self) -> Option<Rc<FrameShared>> {
        let c = self.inline_caches.get()?;
        c.runs.set(c.runs.get().saturating_add(1));
        c.spare_frame.take()
    }

    /// Keep `shared` (emptied) for this code's next call when the code runs repeatedly
    /// and keeps none yet; else give it back.
    #[inline]
    pub fn keep_spare_frame(&self, shared: Rc<FrameShared>) -> Option<Rc<FrameShared>> {
        let Some(c) = self.inline_caches.get() else {
            return Some(shared);
        };
        if c.runs.get() < 2 {
            return Some(shared);
        }
        match c.spare_frame.take() {
            None => {
                c.spare_frame.set(Some(shared));
                None
            }
            Some(kept) => {
                c.spare_frame.set(Some(kept));
                Some(shared)
            }
        }
    }
}

/// The type has no attribute of that name: the value is in the instance dict.
const ATTR_INSTANCE: u32 = 1;
/// A function or method descriptor on the class, not shadowed by the instance dict.
const ATTR_METHOD: u32 = 2;
/// A plain class attribute that is no descriptor, not shadowed by the instance dict.
const ATTR_CLASS_VALUE: u32 = 3;
/// Looked up on a class (metaclass `type`): a plain value or a function along its MRO.
const ATTR_TYPE_VALUE: u32 = 4;
/// A `__slots__` member of the class: the value is in the instance's slot `index`.
const ATTR_SLOT: u32 = 5;

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

/// Call a Python function.
pub fn call_function(vm: &Vm, func: &ObjRef, args: Args) -> PyResult<Value> {
    let f = match func.payload.as_function() {
        Some(f) => f,
        None => return Err(vm.type_error("not a function")),
    };
    let fcode = f.code.get();
    let (nlocals, stacksize, flags) = {
        let cd = code_data(&fcode);
        (cd.nlocalsplus, cd.code.stacksize as usize, cd.code.flags)
    };
    let frame = Frame::new(
        fcode,
        f.globals.clone(),
        f.builtins.clone(),
        Value::Null,
        Some(func.clone()),
        nlocals,
        stacksize,
    );
    bind_args(vm, f, code_data(&frame.code), &frame.shared.fast, args)?;
    let kind = if flags & code_flags::COROUTINE != 0 {
        GenKind::Coroutine
    } else if flags & code_flags::ASYNC_GENERATOR != 0 {
        GenKind::AsyncGenerator
    } else {
        GenKind::Generator
    };
    let mut frame = frame;
    if starts_with_return_generator(code_data(&frame.code)) {
        // Running the frame would only execute its first instruction, `ReturnGenerator`
        // (no cells to make first): do what that run does, without running it.
        crate::signals::check(vm)?;
        vm.enter_recursion("")?;
        vm.leave_recursion();
        crate::gc::maybe_collect(vm);
        frame.pc = 1;
        frame.lasti = 0;
        frame.shared.lasti.set(0);
        return Ok(crate::objects::generator::new_generator(
            vm,
            Box::new(frame),
            kind,
        ));
    }
    // The frame lives on the Rust stack while it runs; only a generator's frame moves to
    // the heap (when `ReturnGenerator` ran).
    let exit = run_frame_in_place(vm, &mut frame, None, None)?;
    match exit {
        FrameExit::Return(v) | FrameExit::Yield(v) => Ok(v),
        FrameExit::Generator => {
            let mut frame = Box::new(frame);
            frame.lasti = 0;
            Ok(crate::objects::generator::new_generator(vm, frame, kind))
        }
    }
}

/// CALL's way into a Python function: as `call_function`, but the arguments are moved
/// out of the caller's value stack (`args` is left unbound) when they bind one to one to
/// the function's parameters, which spares a count up and down per argument.
fn call_function_moving(vm: &Vm, func: &ObjRef, args: &mut [Value]) -> PyResult<Value> {
    let Some(f) = func.payload.as_function() else {
        return call_function(vm, func, Args::new(args));
    };
    let fcode = f.code.get();
    let cd = code_data(&fcode);
    let co = &cd.code;
    const NOT_SIMPLE: u32 = code_flags::VARARGS
        | code_flags::VARKEYWORDS
        | code_flags::GENERATOR
        | code_flags::COROUTINE
        | code_flags::ASYNC_GENERATOR;
    if co.argcount as usize != args.len() || co.kwonlyargcount != 0 || co.flags & NOT_SIMPLE != 0 {
        return call_function(vm, func, Args::new(args));
    }
    let (nlocals, stacksize) = (cd.nlocalsplus, co.stacksize as usize);
    let mut frame = Frame::new(
        fcode,
        f.globals.clone(),
        f.builtins.clone(),
        Value::Null,
        Some(func.clone()),
        nlocals,
        stacksize,
    );
    for (s, v) in frame.shared.fast.iter().zip(args.iter_mut()) {
        s.set(std::mem::replace(v, Value::Null));
    }
    match run_frame_in_place(vm, &mut frame, None, None)? {
        FrameExit::Return(v) | FrameExit::Yield(v) => Ok(v),
        // Not generator code (checked above): it never stops at `ReturnGenerator`.
        FrameExit::Generator => Err(vm.new_exception_msg(
            &vm.exc.system_error,
            "plain function frame returned a generator",
        )),
    }
}

fn qualname_of(f: &FunctionData) -> String {
    match f.qualname.get() {
        Value::Obj(o) => pystr::as_rust_str(&o),
        _ => "?".into(),
    }
}

fn bind_args(
    vm: &Vm,
    f: &FunctionData,
    cd: &CodeData,
    slots: &[ValueCell<Value>],
    args: Args,
) -> PyResult<()> {
    let co = &cd.code;
    let ct = cd.tables(vm);
    let argcount = co.argcount as usize;
    let posonly = co.posonlyargcount as usize;
    let kwonly = co.kwonlyargcount as usize;
    let has_varargs = co.flags & code_flags::VARARGS != 0;
    let has_varkw = co.flags & code_flags::VARKEYWORDS != 0;
    let pos = args.pos();
    // Fast path: exact positional arguments.
    if args.kwnames.is_empty() && pos.len() == argcount && kwonly == 0 && !has_varargs && !has_varkw
    {
        for (s, v) in slots.iter().zip(pos) {
            s.set(v.clone());
        }
        return Ok(());
    }
    let n = pos.len().min(argcount);
    for (s, v) in slots.iter().zip(&pos[..n]) {
        s.set(v.clone());
    }
    let mut idx = argcount + kwonly;
    if has_varargs {
        slots[idx].set(vm.new_tuple(if pos.len() > argcount {
            pos[argcount..].to_vec()
        } else {
            vec![]
        }));
        idx += 1;
    } else if pos.len() > argcount {
        let defaults = match f.defaults.get() {
            Value::Obj(t) => t.payload.as_tuple().map(|t| t.len()).unwrap_or(0),
            _ => 0,
        };
        let given = pos.len();
        let kwgiven = args.kwnames.len();
        let takes = if defaults > 0 {
            format!(
                "from {} to {} positional arguments",
                argcount - defaults,
                argcount
            )
        } else {
            format!(
                "{} positional argument{}",
                argcount,
                if argcount == 1 { "" } else { "s" }
            )
        };
        let extra = if kwgiven > 0 {
            format!(
                " positional argument{} (and {} keyword-only argument{})",
                if given == 1 { "" } else { "s" },
                kwgiven,
                if kwgiven == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        };
        let name = qualname_of(f);
        return Err(vm.type_error(if kwgiven > 0 {
            format!("{name}() takes {takes} but {given}{extra} were given")
        } else {
            format!(
                "{name}() takes {takes} but {given} {} given",
                if given == 1 { "was" } else { "were" }
            )
        }));
    }
    let kwdict = if has_varkw {
        let d = vm.new_dict_obj();
        slots[idx].set(Value::Obj(d.clone()));
        Some(d)
    } else {
        None
    };
    let nk = args.kwnames.len();
    let kwvals = &args.args[args.args.len() - nk..];
    let mut posonly_passed_as_kw: Vec<String> = Vec::new();
    for (k, v) in args.kwnames.iter().zip(kwvals) {
        let kname = match k {
            Value::Obj(o) => o.clone(),
            _ => continue,
        };
        let found = keyword_slot(ct, &kname, posonly, argcount + kwonly);
        match found {
            Some(i) => {
                if !slots[i].get().is_null() {
                    return Err(vm.type_error(format!(
                        "{}() got multiple values for argument '{}'",
                        qualname_of(f),
                        pystr::as_rust_str(&kname)
                    )));
                }
                slots[i].set(v.clone());
            }
            None => match &kwdict {
                Some(d) => dict::set(vm, d, k.clone(), v.clone())?,
                None => {
                    let kstr = pystr::as_rust_str(&kname);
                    if co.varnames[..posonly].iter().any(|v| **v == *kstr) {
                        posonly_passed_as_kw.push(kstr);
                        continue;
                    }
                    return Err(vm.type_error(format!(
                        "{}() got an unexpected keyword argument '{kstr}'",
                        qualname_of(f)
                    )));
                }
            },
        }
    }
    if !posonly_passed_as_kw.is_empty() {
        return Err(vm.type_error(format!(
            "{}() got some positional-only arguments passed as keyword arguments: '{}'",
            qualname_of(f),
            posonly_passed_as_kw.join(", ")
        )));
    }
    // Defaults for positional parameters.
    let defaults_obj = f.defaults.get();
    let defaults: &[Value] = match &defaults_obj {
        Value::Obj(t) => t.payload.as_tuple().unwrap_or(&[]),
        _ => &[],
    };
    let first_default = argcount - defaults.len().min(argcount);
    let mut missing: Vec<String> = Vec::new();
    for i in 0..argcount {
        if slots[i].get().is_null() {
            if i >= first_default {
                slots[i].set(defaults[i - first_default].clone());
            } else {
                missing.push(co.varnames[i].to_string());
            }
        }
    }
    if !missing.is_empty() {
        return Err(missing_error(vm, &qualname_of(f), "positional", &missing));
    }
    let kwdefaults = f.kwdefaults.get();
    for (i, slot) in slots
        .iter()
        .enumerate()
        .take(argcount + kwonly)
        .skip(argcount)
    {
        if slot.get().is_null() {
            let d = match &kwdefaults {
                Value::Obj(d) if d.payload.as_dict().is_some() => {
                    dict::get_str(d, &ct.slot_names[i])
                }
                _ => None,
            };
            match d {
                Some(v) => slot.set(v),
                None => missing.push(co.varnames[i].to_string()),
            }
        }
    }
    if !missing.is_empty() {
        return Err(missing_error(vm, &qualname_of(f), "keyword-only", &missing));
    }
    Ok(())
}

/// The slot in `lo..hi` of the parameter named `name` (a keyword argument): by identity
/// first (names are interned, so this is the usual hit), then by value.
fn keyword_slot(ct: &CodeTables, name: &ObjRef, lo: usize, hi: usize) -> Option<usize> {
    let names = ct.slot_names.get(lo..hi)?;
    if let Some(i) = names.iter().position(|s| s.is(name)) {
        return Some(lo + i);
    }
    let key = name.payload.as_str()?;
    names
        .iter()
        .position(|s| {
            s.payload
                .as_str()
                .is_some_and(|s| s.as_bytes() == key.as_bytes())
        })
        .map(|i| lo + i)
}

fn missing_error(vm: &Vm, name: &str, kind: &str, missing: &[String]) -> ObjRef {
    let quoted: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
    let list = match quoted.len() {
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        _ => format!(
            "{}, and {}",
            quoted[..quoted.len() - 1].join(", "),
            quoted[quoted.len() - 1]
        ),
    };
    vm.type_error(format!(
        "{name}() missing {} required {kind} argument{}: {list}",
        missing.len(),
        if missing.len() == 1 { "" } else { "s" }
    ))
}

/// Resume a suspended generator frame.
pub fn resume_frame(
    vm: &Vm,
    frame: Box<Frame>,
    value: Value,
    exc: Option<ObjRef>,
) -> PyResult<(FrameExit, Box<Frame>)> {
    run_frame(vm, frame, Some(value), exc)
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
            Payload::Traceback(Box::new(TracebackData {
                next: ValueCell::new(d.traceback.get()),
                frame: crate::frame::frame_object(vm, f),
                lasti: idx as u32,
                lineno,
            })),
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

pub(crate) fn run_frame_in_place(
    vm: &Vm,
    frame: &mut Frame,
    resume: Option<Value>,
    throw: Option<ObjRef>,
) -> PyResult<FrameExit> {
    if resume.is_none() && throw.is_none() {
        crate::signals::check(vm)?;
    }
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
            // Tracing started while the frame ran (pdb's set_trace): its f_trace still
            // hears the return.
            let value = match &r {
                Ok(FrameExit::Return(v)) | Ok(FrameExit::Yield(v)) => Some(v.clone()),
                _ => None,
            };
            crate::trace::return_event(vm, frame, value.as_ref())?;
        }
        r
    };
    vm.frame_stack.borrow_mut().pop();
    vm.leave_recursion();
    if !matches!(r, Ok(FrameExit::Yield(_))) && frame.shared.obj.borrow().is_some() {
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
                    step::<false>(vm, f, cd, fast, instrs, &mut kwnames, &shared.lasti)
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
    let ct = cd.tables(vm);
    let mut ext: u32 = 0;
    loop {
        if TRACE && ext == 0 {
            if !crate::trace::is_on() {
                return Ok(None);
            }
            t!(crate::trace::instruction(vm, f, instrs, &cd.code.locations));
        }
        // Opaque to the optimiser: otherwise it hoists the address of every `vm` field an
        // instruction uses out of the loop, into a prologue (spilled to the stack) that
        // every call pays for.
        let vm: &Vm = crate::memory::opaque(vm);
        let f: &mut Frame = crate::memory::opaque_mut(&mut *f);
        let ins = match instrs.get(f.pc) {
            Some(i) => *i,
            None => {
                return Err((
                    vm.new_exception_msg(&vm.exc.system_error, "fell off the end of the code"),
                    false,
                ))
            }
        };
        lasti.set(f.pc as u32);
        f.pc += 1;
        let arg = ins.arg() | (ext << 24);
        ext = 0;
        let op = match Opcode::from_u8(ins.op_byte()) {
            Some(o) => o,
            None => {
                return Err((
                    vm.new_exception_msg(&vm.exc.system_error, "bad opcode"),
                    false,
                ))
            }
        };
        match op {
            Opcode::ExtendedArg => {
                ext = arg;
                continue;
            }
            Opcode::Nop | Opcode::Resume => {
                f.lasti = f.pc;
            }
            Opcode::PopTop => {
                let v = pop!(f);
                drop(v);
            }
            Opcode::PushNull => f.slots.push(Value::Null),
            Opcode::Copy => {
                let n = f.slots.len();
                let v = f.slots[n - arg as usize].clone();
                f.slots.push(v);
            }
            Opcode::Swap => {
                let n = f.slots.len();
                f.slots.swap(n - 1, n - arg as usize);
            }
            Opcode::UnaryPositive => {
                let v = pop!(f);
                f.slots.push(t!(vm.unary_positive(&v)));
            }
            Opcode::UnaryNegative => {
                let v = pop!(f);
                f.slots.push(t!(vm.unary_negative(&v)));
            }
            Opcode::UnaryNot => {
                let v = pop!(f);
                f.slots.push(Value::Bool(!t!(vm.is_true(&v))));
            }
            Opcode::UnaryInvert => {
                let v = pop!(f);
                f.slots.push(t!(vm.unary_invert(&v)));
            }
            Opcode::BinaryOp => {
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
                    continue;
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
            Opcode::BinarySubscr => {
                let n = f.slots.len();
                if let Some(v) = subscr_fast(vm, &f.slots[n - 2], &f.slots[n - 1]) {
                    drop(f.slots.pop());
                    f.slots[n - 2] = v;
                    continue;
                }
                let k = pop!(f);
                let c = pop!(f);
                f.slots.push(t!(vm.getitem(&c, &k)));
            }
            Opcode::StoreSubscr => {
                let k = pop!(f);
                let c = pop!(f);
                let v = pop!(f);
                if let Some(v) = store_subscr_fast(vm, &c, &k, v) {
                    t!(vm.setitem(&c, &k, v));
                }
            }
            Opcode::DeleteSubscr => {
                let k = pop!(f);
                let c = pop!(f);
                t!(vm.delitem(&c, &k));
            }
            Opcode::BuildSlice => {
                // Followed by a subscript of an exact list or tuple: the bounds go straight
                // to it and no slice object is made. The subscript runs as itself (the
                // instruction being executed), so errors point where they would.
                // `Some(store)`: fused with the following StoreSubscr (else BinarySubscr).
                let fused = match instrs.get(f.pc) {
                    Some(next) if !TRACE && f.slots.len() > arg as usize => {
                        let nop = next.op_byte();
                        let store = nop == Opcode::StoreSubscr as u8;
                        let load = nop == Opcode::BinarySubscr as u8;
                        match &f.slots[f.slots.len() - arg as usize - 1] {
                            Value::Obj(o) if o.class().is(&vm.types.list) => {
                                (load || store).then_some(store)
                            }
                            Value::Obj(o) if o.class().is(&vm.types.tuple) => load.then_some(false),
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
                    lasti.set(f.pc as u32);
                    f.pc += 1;
                    let Value::Obj(o) = &c else { continue };
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
                    continue;
                }
                f.slots
                    .push(crate::objects::seq::new_slice(vm, start, stop, step));
            }
            Opcode::CompareOp => {
                let b = pop!(f);
                let a = pop!(f);
                let op = cmp_from_u32(arg);
                let r = match crate::protocols::fast_compare(&a, &b, op) {
                    Some(r) => {
                        // Fused with a following conditional jump: no bool on the stack.
                        if let Some(next) = instrs.get(f.pc) {
                            let nop = next.op_byte();
                            if nop == Opcode::PopJumpIfFalse as u8 {
                                f.pc = if r { f.pc + 1 } else { next.arg() as usize };
                                continue;
                            }
                            if nop == Opcode::PopJumpIfTrue as u8 {
                                f.pc = if r { next.arg() as usize } else { f.pc + 1 };
                                continue;
                            }
                        }
                        Value::Bool(r)
                    }
                    None => t!(vm.rich_compare(&a, &b, op)),
                };
                f.slots.push(r);
            }
            Opcode::IsOp => {
                let b = pop!(f);
                let a = pop!(f);
                f.slots.push(Value::Bool(a.is(&b) != (arg == 1)));
            }
            Opcode::ContainsOp => {
                let b = pop!(f);
                let a = pop!(f);
                let r = t!(vm.contains(&b, &a));
                f.slots.push(Value::Bool(r != (arg == 1)));
            }
            Opcode::GetIter => {
                // A generator is its own iterator (its type cannot be subclassed or
                // changed).
                if matches!(f.slots.last(), Some(Value::Obj(o)) if o.class().is(&vm.types.generator))
                {
                    continue;
                }
                let v = pop!(f);
                f.slots.push(t!(vm.iter(&v)));
            }
            Opcode::GetYieldFromIter => {
                let v = pop!(f);
                let is_gen =
                    matches!(&v, Value::Obj(o) if matches!(o.payload, Payload::Generator(_)));
                f.slots.push(if is_gen { v } else { t!(vm.iter(&v)) });
            }
            Opcode::ForIter => {
                let n = f.slots.len();
                let r = {
                    let it = &f.slots[n - 1];
                    match for_iter_fast(it) {
                        Some(r) => r,
                        None => t!(vm.next(it)),
                    }
                };
                match r {
                    Some(v) => f.slots.push(v),
                    None => {
                        let it = pop!(f);
                        drop(it);
                        f.pc = arg as usize;
                    }
                }
            }
            Opcode::GetLen => {
                let n = f.slots.len();
                let l = t!(vm.len(&f.slots[n - 1]));
                f.slots.push(Value::Int(l as i64));
            }
            Opcode::MatchMapping => {
                let n = f.slots.len();
                let s = &f.slots[n - 1];
                let r = match s {
                    Value::Obj(o) if o.class().is(&vm.types.dict) => true,
                    Value::Obj(o) if !matches!(o.payload, Payload::Str(_) | Payload::Int(_)) => {
                        let s = s.clone();
                        t!(crate::builtins::collection_kind(vm, &s))
                            == crate::builtins::COLLECTION_MAPPING
                    }
                    _ => false,
                };
                f.slots.push(Value::Bool(r));
            }
            Opcode::MatchSequence => {
                let n = f.slots.len();
                let s = &f.slots[n - 1];
                let r = match s {
                    Value::Obj(o)
                        if o.class().is(&vm.types.list) || o.class().is(&vm.types.tuple) =>
                    {
                        true
                    }
                    Value::Obj(o) if !matches!(o.payload, Payload::Str(_) | Payload::Int(_)) => {
                        let s = s.clone();
                        t!(crate::builtins::collection_kind(vm, &s))
                            == crate::builtins::COLLECTION_SEQUENCE
                    }
                    _ => false,
                };
                f.slots.push(Value::Bool(r));
            }
            Opcode::MatchKeys => {
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
            Opcode::MatchClass => {
                let names = pop!(f);
                let cls = pop!(f);
                let subject = pop!(f);
                f.slots
                    .push(t!(match_class(vm, &subject, &cls, &names, arg as usize)));
            }
            Opcode::PushExcInfo => {
                let exc = pop!(f);
                let prev = vm.exc_info.replace(exc.clone());
                f.slots.push(prev);
                f.slots.push(exc);
            }
            Opcode::PopExcept => {
                let prev = pop!(f);
                vm.exc_info.set(prev);
            }
            Opcode::CheckExcMatch => {
                let ty = pop!(f);
                let n = f.slots.len();
                let exc = f.slots[n - 1].clone();
                let r = t!(exc_match(vm, &exc, &ty));
                f.slots.push(Value::Bool(r));
            }
            Opcode::CheckEgMatch => {
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
            Opcode::PrepReraiseStar => {
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
            Opcode::Reraise => {
                let exc = pop!(f);
                if arg != 0 {
                    let n = f.slots.len();
                    if let Value::Int(i) = f.slots[n - 1] {
                        f.lasti = i as usize;
                    }
                }
                match exc {
                    Value::Obj(e) => return Err((e, true)),
                    _ => return Err((vm.runtime_error("No active exception to reraise"), false)),
                }
            }
            Opcode::RaiseVarargs => return Err(do_raise(vm, f, arg)),
            Opcode::WithExceptStart => {
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
            Opcode::BeforeWith => {
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
            Opcode::BeforeAsyncWith => {
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
            Opcode::LoadAssertionError => f.slots.push(Value::Obj(vm.exc.assertion_error.clone())),
            Opcode::GetAiter => {
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
            Opcode::GetAnext => {
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
            Opcode::EndAsyncFor => {
                let exc = pop!(f);
                let _ai = pop!(f);
                match exc {
                    Value::Obj(e) if vm.exc_matches(&e, &vm.exc.stop_async_iteration) => {}
                    Value::Obj(e) => return Err((e, true)),
                    _ => {}
                }
            }
            Opcode::GetAwaitable => {
                let v = pop!(f);
                f.slots.push(t!(get_awaitable(vm, v)));
            }
            Opcode::Send => {
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
                        f.pc = arg as usize;
                    }
                }
            }
            Opcode::YieldValue => {
                let v = pop!(f);
                f.lasti = f.pc;
                return Ok(Some(FrameExit::Yield(v)));
            }
            Opcode::ReturnGenerator => {
                return Ok(Some(FrameExit::Generator));
            }
            Opcode::AsyncGenWrap => f.yield_wrapped = true,
            Opcode::ReturnValue => {
                let v = pop!(f);
                return Ok(Some(FrameExit::Return(v)));
            }
            Opcode::ImportName => {
                let fromlist = pop!(f);
                let level = pop!(f);
                let name = ct.names[arg as usize].clone();
                let m = t!(crate::import::import_name(
                    vm, &name, &fromlist, &level, &f.globals
                ));
                f.slots.push(m);
            }
            Opcode::ImportFrom => {
                let n = f.slots.len();
                let m = f.slots[n - 1].clone();
                let name = &ct.names[arg as usize];
                let r = t!(crate::import::import_from(vm, &m, name));
                f.slots.push(r);
            }
            Opcode::ImportStar => {
                let m = pop!(f);
                t!(crate::import::import_star(vm, &m, &f.locals));
            }
            Opcode::SetupAnnotations => {
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
            Opcode::LoadBuildClass => {
                let r = dict::get_str(&f.builtins, &vm.names.__build_class__);
                match r {
                    Some(b) => f.slots.push(b),
                    None => {
                        return Err((
                            vm.new_exception_msg(&vm.exc.name_error, "__build_class__ not found"),
                            false,
                        ))
                    }
                }
            }
            Opcode::PrintExpr => {
                let v = pop!(f);
                let hook = t!(crate::sys::get_sys_attr(vm, "displayhook"));
                t!(vm.call1(&hook, v));
            }
            Opcode::LoadConst => f.slots.push(ct.consts[arg as usize].clone()),
            Opcode::LoadName => {
                let name = &ct.names[arg as usize];
                let cache = cd.cache(f.pc - 1);
                let v = match load_name_cached(f, cache, name) {
                    Some(v) => v,
                    None => t!(load_name_fill(vm, f, cache, name)),
                };
                f.slots.push(v);
            }
            Opcode::StoreName => {
                let v = pop!(f);
                let name = &ct.names[arg as usize];
                match &f.locals {
                    Value::Obj(d)
                        if d.payload.as_dict().is_some() && !tdata(d.class()).is_heap() =>
                    {
                        dict::set_str_hinted(d, name, v, &cd.cache(f.pc - 1).index)
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
            Opcode::DeleteName => {
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
            Opcode::LoadGlobal => {
                let name = &ct.names[(arg >> 1) as usize];
                if arg & 1 != 0 {
                    f.slots.push(Value::Null);
                }
                let cache = cd.cache(f.pc - 1);
                let v = match load_global_cached(f, cache, name) {
                    Some(v) => v,
                    None => return Err((vm.name_error(name), false)),
                };
                f.slots.push(v);
            }
            Opcode::StoreGlobal => {
                let v = pop!(f);
                dict::set_str(&f.globals, &ct.names[arg as usize], v);
            }
            Opcode::DeleteGlobal => {
                let name = &ct.names[arg as usize];
                if dict::remove_str(&f.globals, name).is_none() {
                    return Err((vm.name_error(name), false));
                }
            }
            Opcode::LoadFast => {
                let v = fast[arg as usize].get();
                if v.is_null() {
                    return Err((unbound_local(vm, cd, arg as usize), false));
                }
                f.slots.push(v);
                if !TRACE {
                    fuse_local_access(f, instrs, fast, lasti);
                }
            }
            Opcode::StoreFast => {
                let v = pop!(f);
                fast[arg as usize].set(v);
                if !TRACE {
                    fuse_local_access(f, instrs, fast, lasti);
                }
            }
            Opcode::DeleteFast => {
                if fast[arg as usize].get().is_null() {
                    return Err((unbound_local(vm, cd, arg as usize), false));
                }
                fast[arg as usize].set(Value::Null);
            }
            Opcode::MakeCell => {
                let v = fast[arg as usize].replace(Value::Null);
                fast[arg as usize].set(Value::Obj(ObjRef::new(
                    &vm.types.cell,
                    Payload::Cell(ValueCell::new(v)),
                )));
            }
            Opcode::LoadClosure => {
                let v = fast[arg as usize].get();
                f.slots.push(v);
            }
            Opcode::LoadDeref => {
                let v = cell_get(&fast[arg as usize].get());
                if v.is_null() {
                    return Err((free_var_error(vm, cd, arg as usize), false));
                }
                f.slots.push(v);
            }
            Opcode::LoadClassDeref => {
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
            Opcode::StoreDeref => {
                let v = pop!(f);
                if let Value::Obj(c) = &fast[arg as usize].get() {
                    if let Payload::Cell(cell) = &c.payload {
                        cell.set(v);
                    }
                }
            }
            Opcode::DeleteDeref => {
                if let Value::Obj(c) = &fast[arg as usize].get() {
                    if let Payload::Cell(cell) = &c.payload {
                        if cell.get().is_null() {
                            return Err((free_var_error(vm, cd, arg as usize), false));
                        }
                        cell.set(Value::Null);
                    }
                }
            }
            Opcode::CopyFreeVars => {
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
            Opcode::LoadAttr => {
                let name = &ct.names[arg as usize];
                let cache = cd.cache(f.pc - 1);
                // Through the cache, the result replaces the object on the stack.
                if let Some(top) = f.slots.last_mut() {
                    if let Some(v) = load_instance_attr_fast(top, name, cache) {
                        *top = v;
                        continue;
                    }
                    if let Some(v) = load_attr_cached(vm, top, name, cache) {
                        *top = v;
                        continue;
                    }
                }
                let o = pop!(f);
                f.slots.push(t!(vm.get_attr(&o, name)));
            }
            Opcode::StoreAttr => {
                let o = pop!(f);
                let v = pop!(f);
                let name = &ct.names[arg as usize];
                let cache = cd.cache(f.pc - 1);
                if let Some(v) = store_attr_cached(vm, &o, name, v, cache) {
                    t!(vm.set_attr(&o, name, v));
                }
            }
            Opcode::DeleteAttr => {
                let o = pop!(f);
                t!(vm.del_attr(&o, &ct.names[arg as usize]));
            }
            Opcode::LoadMethod => {
                let name = &ct.names[arg as usize];
                let cache = cd.cache(f.pc - 1);
                if let Some(top) = f.slots.last_mut() {
                    if let Some(m) = load_instance_method_fast(top, name, cache) {
                        // `method, self` in place of `self`.
                        let o = std::mem::replace(top, m);
                        f.slots.push(o);
                        continue;
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
            Opcode::BuildTuple => {
                let n = f.slots.len();
                let items: Vec<Value> = f.slots.drain(n - arg as usize..).collect();
                f.slots.push(vm.new_tuple(items));
            }
            Opcode::BuildList => {
                let n = f.slots.len();
                let items: Vec<Value> = f.slots.drain(n - arg as usize..).collect();
                f.slots.push(vm.new_list(items));
            }
            Opcode::BuildSet => {
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
            Opcode::BuildMap => {
                let n = f.slots.len();
                let items: Vec<Value> = f.slots.drain(n - 2 * arg as usize..).collect();
                let d = vm.new_dict_obj();
                let mut it = items.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    t!(dict::set(vm, &d, k, v));
                }
                f.slots.push(Value::Obj(d));
            }
            Opcode::BuildConstKeyMap => {
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
            Opcode::BuildString => {
                let n = f.slots.len();
                let items: Vec<Value> = f.slots.drain(n - arg as usize..).collect();
                let mut out = Vec::new();
                for it in &items {
                    if let Value::Obj(o) = it {
                        if let Some(s) = o.payload.as_str() {
                            out.extend_from_slice(s.as_bytes());
                        }
                    }
                }
                f.slots.push(vm.new_pystr(pystr::PyStr::from_wtf8(out)));
            }
            Opcode::ListAppend => {
                let v = pop!(f);
                let n = f.slots.len();
                if let Value::Obj(l) = &f.slots[n - arg as usize] {
                    if let Some(l) = l.payload.as_list() {
                        crate::memory::list_push(&mut l.borrow_mut(), v);
                    }
                }
            }
            Opcode::SetAdd => {
                let v = pop!(f);
                let n = f.slots.len();
                let s = f.slots[n - arg as usize].clone();
                if let Value::Obj(so) = &s {
                    if let Some(t) = crate::objects::set::set_table(so) {
                        t!(crate::objects::set::add(vm, t, v));
                    }
                }
            }
            Opcode::MapAdd => {
                let v = pop!(f);
                let k = pop!(f);
                let n = f.slots.len();
                let d = f.slots[n - arg as usize].clone();
                if let Value::Obj(d) = &d {
                    t!(dict::set(vm, d, k, v));
                }
            }
            Opcode::ListExtend => {
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
            Opcode::SetUpdate => {
                let it = pop!(f);
                let n = f.slots.len();
                let s = f.slots[n - arg as usize].clone();
                if let Some(t) = s.as_obj().and_then(crate::objects::set::set_table) {
                    t!(crate::objects::set::update_from(vm, t, &it));
                }
            }
            Opcode::DictUpdate | Opcode::DictMerge => {
                let m = pop!(f);
                let n = f.slots.len();
                let d = f.slots[n - arg as usize].clone();
                if let Value::Obj(d) = &d {
                    if op == Opcode::DictMerge {
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
            Opcode::ListToTuple => {
                let l = pop!(f);
                let items = l
                    .as_obj()
                    .and_then(|o| o.payload.as_list().map(|l| l.borrow().clone()))
                    .unwrap_or_default();
                f.slots.push(vm.new_tuple(items));
            }
            Opcode::UnpackSequence => {
                let s = pop!(f);
                // Exact tuples and lists of the right length go straight onto the stack.
                if let Value::Obj(o) = &s {
                    match &o.payload {
                        Payload::Tuple(t)
                            if t.len() == arg as usize && o.class().is(&vm.types.tuple) =>
                        {
                            f.slots.extend(t.iter().rev().cloned());
                            continue;
                        }
                        Payload::List(l)
                            if l.borrow().len() == arg as usize && o.class().is(&vm.types.list) =>
                        {
                            let l = l.borrow();
                            f.slots.extend(l.iter().rev().cloned());
                            continue;
                        }
                        _ => {}
                    }
                }
                let items = t!(unpack(vm, &s, arg as usize, None));
                f.slots.extend(items.into_iter().rev());
            }
            Opcode::UnpackEx => {
                let s = pop!(f);
                let before = (arg & 0xff) as usize;
                let after = (arg >> 8) as usize;
                let items = t!(unpack(vm, &s, before, Some(after)));
                f.slots.extend(items.into_iter().rev());
            }
            Opcode::FormatValue => {
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
            Opcode::MakeFunction => {
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
                            vm.new_exception_msg(&vm.exc.system_error, "MakeFunction without code"),
                            false,
                        ))
                    }
                };
                let fv = make_function(vm, f, code, defaults, kwdefaults, annotations, closure);
                f.slots.push(fv);
            }
            Opcode::KwNames => {
                *kwnames = Some(ct.consts[arg as usize].clone());
            }
            Opcode::Call => {
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
                        let cache = cd.cache(f.pc - 1);
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
            Opcode::CallFunctionEx => {
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
            Opcode::Jump => {
                crate::gc::maybe_collect(vm);
                t!(crate::signals::check(vm));
                f.pc = arg as usize;
                if !TRACE && crate::trace::is_on() {
                    f.trace_prev = f.shared.lasti.get();
                    return Ok(None);
                }
            }
            Opcode::JumpNoInterrupt => f.pc = arg as usize,
            Opcode::PopJumpIfFalse => {
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
                    f.pc = arg as usize;
                }
            }
            Opcode::PopJumpIfTrue => {
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
                    f.pc = arg as usize;
                }
            }
            Opcode::PopJumpIfNone => {
                let v = pop!(f);
                if v.is_none() {
                    f.pc = arg as usize;
                }
            }
            Opcode::PopJumpIfNotNone => {
                let v = pop!(f);
                if !v.is_none() {
                    f.pc = arg as usize;
                }
            }
            Opcode::JumpIfFalseOrPop => {
                let n = f.slots.len();
                let b = t!(vm.is_true(&f.slots[n - 1]));
                if !b {
                    f.pc = arg as usize;
                } else {
                    f.slots.pop();
                }
            }
            Opcode::JumpIfTrueOrPop => {
                let n = f.slots.len();
                let b = t!(vm.is_true(&f.slots[n - 1]));
                if b {
                    f.pc = arg as usize;
                } else {
                    f.slots.pop();
                }
            }
        }
        continue;
    }
}

/// Run the next instruction here when it is a `LoadFast` of a bound local or a
/// `StoreFast` (the commonest successors of `LoadFast`/`StoreFast`), sparing it a trip
/// through the dispatch at the head of the loop. Anything else, or a local that is
/// unbound (the error is raised by the normal path), is left for the loop.
#[inline(always)]
fn fuse_local_access(
    f: &mut Frame,
    instrs: &[Instruction],
    fast: &[ValueCell<Value>],
    lasti: &Cell<u32>,
) {
    let Some(next) = instrs.get(f.pc) else {
        return;
    };
    let op = next.op_byte();
    if op == Opcode::LoadFast as u8 {
        let Some(cell) = fast.get(next.arg() as usize) else {
            return;
        };
        let v = cell.get();
        if v.is_null() {
            return;
        }
        lasti.set(f.pc as u32);
        f.pc += 1;
        f.slots.push(v);
    } else if op == Opcode::StoreFast as u8 {
        let Some(cell) = fast.get(next.arg() as usize) else {
            return;
        };
        let Some(v) = f.slots.pop() else {
            return;
        };
        lasti.set(f.pc as u32);
        f.pc += 1;
        cell.set(v);
    }
}

fn func_display_name(vm: &Vm, f: &Value) -> PyResult<String> {
    match vm.get_attr_opt(f, &vm.names.__qualname__)? {
        Some(q) => Ok(format!("{}()", vm.str_string(&q)?)),
        None => Ok(vm.type_name(f) + " object"),
    }
}

fn dict_merge(vm: &Vm, _f: &Frame, d: &ObjRef, m: &Value, _pos: usize) -> PyResult<()> {
    let keys = match m {
        Value::Obj(o) if o.payload.as_dict().is_some() => dict::table(o).borrow().keys(),
        _ => {
            if vm.get_attr_opt(m, &vm.names.keys)?.is_none() {
                return Err(vm.type_error(format!(
                    "argument after ** must be a mapping, not {}",
                    vm.type_name(m)
                )));
            }
            let k = vm.call_method(m, "keys", &[])?;
            vm.collect(&k)?
        }
    };
    for k in keys {
        if dict::get(vm, d, &k)?.is_some() {
            return Err(vm.type_error(format!(
                "got multiple values for keyword argument '{}'",
                vm.str_string(&k)?
            )));
        }
        let v = vm.getitem(m, &k)?;
        dict::set(vm, d, k, v)?;
    }
    Ok(())
}

fn cell_get(v: &Value) -> Value {
    match v {
        Value::Obj(c) => match &c.payload {
            Payload::Cell(cell) => cell.get(),
            _ => Value::Null,
        },
        _ => Value::Null,
    }
}

#[cold]
fn unbound_local(vm: &Vm, cd: &CodeData, slot: usize) -> ObjRef {
    let slot_names = &cd.tables(vm).slot_names;
    let name = pystr::as_rust_str(&slot_names[slot]);
    let e = vm.new_exception_msg(
        &vm.exc.unbound_local_error,
        format!("cannot access local variable '{name}' where it is not associated with a value"),
    );
    vm.set_exc_attr(&e, &vm.names.name, Value::Obj(slot_names[slot].clone()));
    e
}

#[cold]
fn free_var_error(vm: &Vm, cd: &CodeData, slot: usize) -> ObjRef {
    let slot_names = &cd.tables(vm).slot_names;
    let name = pystr::as_rust_str(&slot_names[slot]);
    let is_cell = cd.code.cellvars.iter().any(|c| **c == *name)
        && slot < cd.nlocalsplus - cd.code.freevars.len();
    if is_cell {
        return unbound_local(vm, cd, slot);
    }
    let e = vm.new_exception_msg(
        &vm.exc.name_error,
        format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
    );
    vm.set_exc_attr(&e, &vm.names.name, Value::Obj(slot_names[slot].clone()));
    e
}

/// The namespace dict of a module or class body when it is a plain dict (no
/// `__getitem__` of a Python subclass to call).
#[inline]
fn plain_locals(f: &Frame) -> Option<&ObjRef> {
    match &f.locals {
        Value::Obj(d) if d.payload.as_dict().is_some() && !tdata(d.class()).is_heap() => Some(d),
        _ => None,
    }
}

/// `LoadName` through its inline cache, when that still answers: `aux` 0 means found in
/// the locals at position `index` (checked by key identity); 1 means absent from the
/// locals, which are the globals (version `version`), and found in the builtins at
/// `index`.
#[inline]
fn load_name_cached(f: &Frame, cache: &InlineCache, name: &ObjRef) -> Option<Value> {
    let d = plain_locals(f)?;
    let t = dict::table(d).borrow();
    let ix = cache.index.get() as usize;
    if cache.aux.get() == 0 {
        return t.value_if_key_at(ix, name).cloned();
    }
    if t.version != cache.version.get() || !d.is(&f.globals) {
        return None;
    }
    let b = dict::table(&f.builtins).borrow();
    b.value_if_key_at(ix, name).cloned()
}

/// `LoadName` when its cache did not answer: the look-up, recording where the name was
/// found for the next time.
#[inline(never)]
fn load_name_fill(vm: &Vm, f: &Frame, cache: &InlineCache, name: &ObjRef) -> PyResult<Value> {
    if let Some(d) = plain_locals(f) {
        let t = dict::table(d).borrow();
        if let Some(ix) = t.find_str(name) {
            cache.aux.set(0);
            cache.index.set(ix as u32);
            return Ok(t.value_at(ix));
        }
        if d.is(&f.globals) {
            let b = dict::table(&f.builtins).borrow();
            if let Some(ix) = b.find_str(name) {
                cache.aux.set(1);
                cache.version.set(t.version);
                cache.index.set(ix as u32);
                return Ok(b.value_at(ix));
            }
        }
    }
    load_name(vm, f, name)
}

fn load_name(vm: &Vm, f: &Frame, name: &ObjRef) -> PyResult<Value> {
    match &f.locals {
        Value::Obj(d) if d.payload.as_dict().is_some() && !tdata(d.class()).is_heap() => {
            if let Some(v) = dict::get_str(d, name) {
                return Ok(v);
            }
        }
        Value::Null => {}
        l => match vm.getitem(l, &Value::Obj(name.clone())) {
            Ok(v) => return Ok(v),
            Err(e) if vm.exc_matches(&e, &vm.exc.key_error) => {}
            Err(e) => return Err(e),
        },
    }
    if let Some(v) = dict::get_str(&f.globals, name) {
        return Ok(v);
    }
    if let Some(v) = dict::get_str(&f.builtins, name) {
        return Ok(v);
    }
    Err(vm.name_error(name))
}

/// The method `name` of `obj` when it can be called unbound (`LoadMethod` fast path).
fn load_method(vm: &Vm, obj: &Value, name: &ObjRef) -> Option<Value> {
    let ty = vm.type_of(obj);
    let td = tdata(ty);
    if td.flags.get() & (crate::objects::typeobj::flags::HAS_GETATTRIBUTE) != 0 {
        return None;
    }
    if let Value::Obj(o) = obj {
        if matches!(
            o.payload,
            Payload::Type(_) | Payload::Module(_) | Payload::Super(_)
        ) {
            return None;
        }
    }
    let m = lookup(ty, name)?;
    let is_method = matches!(&m, Value::Obj(mo) if matches!(mo.payload, Payload::Function(_) | Payload::MethodDescr(_)));
    if !is_method {
        return None;
    }
    if let Value::Obj(o) = obj {
        if let Some(d) = o.dict_for_read() {
            if dict::get_str(&d, name).is_some() {
                return None;
            }
        }
    }
    Some(m)
}

fn make_function(
    vm: &Vm,
    f: &Frame,
    code: ObjRef,
    defaults: Value,
    kwdefaults: Value,
    annotations: Value,
    closure: Value,
) -> Value {
    let cd = code_data(&code);
    let doc = match &cd.first_str {
        Some(v @ Value::Obj(s))
            if s.payload.as_str().is_some() && cd.code.flags & 0x0400_0000 == 0 =>
        {
            v.clone()
        }
        _ => Value::None,
    };
    let module = dict::get_str(&f.globals, &vm.names.__name__).unwrap_or(Value::None);
    let annotations = match &annotations {
        Value::Obj(t) if t.payload.as_tuple().is_some() => {
            let d = vm.new_dict_obj();
            if let Some(items) = t.payload.as_tuple() {
                for pair in items.chunks(2) {
                    if pair.len() == 2 {
                        let _ = dict::set(vm, &d, pair[0].clone(), pair[1].clone());
                    }
                }
            }
            Value::Obj(d)
        }
        _ => annotations,
    };
    let fd = FunctionData {
        name: ValueCell::new(Value::Obj(cd.name.clone())),
        qualname: ValueCell::new(Value::Obj(cd.qualname.clone())),
        code: ValueCell::new(code.clone()),
        globals: f.globals.clone(),
        builtins: f.builtins.clone(),
        defaults: ValueCell::new(defaults),
        kwdefaults: ValueCell::new(kwdefaults),
        closure,
        annotations: ValueCell::new(annotations),
        doc: ValueCell::new(doc),
        module: ValueCell::new(module),
    };
    // The function's `__dict__` is made on first use (most functions never get one).
    let o = ObjRef::new(&vm.types.function, Payload::Function(Box::new(fd)));
    Value::Obj(o)
}

fn unpack(vm: &Vm, s: &Value, before: usize, after: Option<usize>) -> PyResult<Vec<Value>> {
    // Exact tuples and lists only: a subclass may define its own __iter__.
    let items = match s {
        Value::Obj(o) => match &o.payload {
            Payload::Tuple(t) if o.class().is(&vm.types.tuple) => t.to_vec(),
            Payload::List(l) if o.class().is(&vm.types.list) => l.borrow().clone(),
            _ => collect_unpack(vm, s)?,
        },
        _ => collect_unpack(vm, s)?,
    };
    match after {
        None => {
            if items.len() != before {
                if items.len() > before {
                    return Err(
                        vm.value_error(format!("too many values to unpack (expected {before})"))
                    );
                }
                return Err(vm.value_error(format!(
                    "not enough values to unpack (expected {before}, got {})",
                    items.len()
                )));
            }
            Ok(items)
        }
        Some(after) => {
            if items.len() < before + after {
                return Err(vm.value_error(format!(
                    "not enough values to unpack (expected at least {}, got {})",
                    before + after,
                    items.len()
                )));
            }
            let mut out = Vec::with_capacity(before + after + 1);
            out.extend_from_slice(&items[..before]);
            out.push(vm.new_list(items[before..items.len() - after].to_vec()));
            out.extend_from_slice(&items[items.len() - after..]);
            Ok(out)
        }
    }
}

fn collect_unpack(vm: &Vm, s: &Value) -> PyResult<Vec<Value>> {
    match vm.collect(s) {
        Ok(v) => Ok(v),
        Err(e)
            if vm.exc_matches(&e, &vm.exc.type_error)
                && vm.lookup_special(s, &vm.names.__iter__).is_none()
                && vm.lookup_special(s, &vm.names.__getitem__).is_none() =>
        {
            Err(vm.type_error(format!(
                "cannot unpack non-iterable {} object",
                vm.type_name(s)
            )))
        }
        Err(e) => Err(e),
    }
}

/// `isinstance(exc, ty)` for an `except` clause (ty a class or tuple of classes
/// deriving from BaseException, else TypeError).
pub fn exc_matches_value(vm: &Vm, exc: &Value, ty: &Value) -> PyResult<bool> {
    exc_match(vm, exc, ty)
}

/// The checks of CPython's `check_except_star_type_valid`.
fn check_except_star_type(vm: &Vm, ty: &Value) -> PyResult<()> {
    let items: Vec<Value> = match ty {
        Value::Obj(t) if t.payload.as_tuple().is_some() => {
            t.payload.as_tuple().map(|x| x.to_vec()).unwrap_or_default()
        }
        _ => vec![ty.clone()],
    };
    for it in &items {
        match it {
            Value::Obj(to)
                if to.payload.as_type().is_some()
                    && crate::objects::typeobj::is_subtype(to, &vm.exc.base_exception) =>
            {
                if crate::objects::typeobj::is_subtype(to, &vm.exc.base_exception_group) {
                    return Err(vm.type_error(
                        "catching ExceptionGroup with except* is not allowed. Use except instead.",
                    ));
                }
            }
            _ => {
                return Err(vm.type_error(
                    "catching classes that do not inherit from BaseException is not allowed",
                ))
            }
        }
    }
    Ok(())
}

fn exc_match(vm: &Vm, exc: &Value, ty: &Value) -> PyResult<bool> {
    let check = |t: &Value| -> PyResult<bool> {
        match t {
            Value::Obj(to)
                if to.payload.as_type().is_some()
                    && crate::objects::typeobj::is_subtype(to, &vm.exc.base_exception) =>
            {
                Ok(vm.isinstance(exc, to))
            }
            _ => Err(vm.type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            )),
        }
    };
    if let Value::Obj(t) = ty {
        if let Some(items) = t.payload.as_tuple() {
            for it in items {
                if check(it)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
    }
    check(ty)
}

fn make_exception(vm: &Vm, v: Value) -> PyResult<ObjRef> {
    match &v {
        Value::Obj(o) if o.payload.as_type().is_some() => {
            if !crate::objects::typeobj::is_subtype(o, &vm.exc.base_exception) {
                return Err(vm.type_error("exceptions must derive from BaseException"));
            }
            let inst = vm.call0(&v)?;
            match inst {
                Value::Obj(e) if e.payload.as_exception().is_some() => Ok(e),
                other => Err(vm.type_error(format!(
                    "calling {} should have returned an instance of BaseException, not {}",
                    vm.repr_string(&v)?,
                    vm.type_name(&other)
                ))),
            }
        }
        Value::Obj(o) if o.payload.as_exception().is_some() => Ok(o.clone()),
        _ => Err(vm.type_error("exceptions must derive from BaseException")),
    }
}

fn do_raise(vm: &Vm, f: &mut Frame, arg: u32) -> (ObjRef, bool) {
    if arg == 0 {
        return match vm.exc_info.get() {
            Value::Obj(e) => (e, true),
            _ => (vm.runtime_error("No active exception to reraise"), false),
        };
    }
    let cause = if arg == 2 { Some(pop!(f)) } else { None };
    let exc = pop!(f);
    let e = match make_exception(vm, exc) {
        Ok(e) => e,
        Err(e) => return (e, false),
    };
    if let Some(c) = cause {
        let cause_v = match &c {
            Value::None => Value::None,
            Value::Obj(o) if o.payload.as_type().is_some() => match make_exception(vm, c.clone()) {
                Ok(ce) => Value::Obj(ce),
                Err(err) => return (err, false),
            },
            Value::Obj(o) if o.payload.as_exception().is_some() => c.clone(),
            _ => {
                return (
                    vm.type_error("exception causes must derive from BaseException"),
                    false,
                )
            }
        };
        if let Some(d) = exceptions::exc_data(&e) {
            d.cause.set(cause_v);
            d.suppress_context.set(true);
        }
    }
    let ctx = vm.exc_info.get();
    if let Value::Obj(c) = &ctx {
        if !c.is(&e) {
            exceptions::set_context(&e, ctx.clone());
        }
    }
    (e, false)
}

fn get_awaitable(vm: &Vm, v: Value) -> PyResult<Value> {
    if let Value::Obj(o) = &v {
        if let Payload::Generator(g) = &o.payload {
            // Coroutines, and generators from `types.coroutine` (CO_ITERABLE_COROUTINE).
            let iterable_coro = || {
                g.code
                    .payload
                    .as_code()
                    .is_some_and(|c| c.code.flags & 0x100 != 0)
            };
            if g.kind == GenKind::Coroutine || iterable_coro() {
                return Ok(v);
            }
        }
    }
    match vm.call_special(&v, &vm.names.__await__, &[])? {
        Some(it) => Ok(it),
        None => Err(vm.type_error(format!(
            "object {} can't be used in 'await' expression",
            vm.type_name(&v)
        ))),
    }
}

fn match_class(
    vm: &Vm,
    subject: &Value,
    cls: &Value,
    names: &Value,
    npos: usize,
) -> PyResult<Value> {
    let cls_t = match cls {
        Value::Obj(c) if c.payload.as_type().is_some() => c.clone(),
        _ => return Err(vm.type_error("called match pattern must be a class")),
    };
    if !vm.isinstance(subject, &cls_t) {
        return Ok(Value::None);
    }
    let mut out = Vec::new();
    let mut seen: Vec<crate::memory::ObjRef> = Vec::new();
    if npos > 0 {
        let match_args = vm.get_attr_opt(cls, &vm.intern("__match_args__"))?;
        match match_args {
            Some(ma) => {
                let is_tuple = matches!(&ma, Value::Obj(o) if o.payload.as_tuple().is_some());
                if !is_tuple {
                    return Err(vm.type_error(format!(
                        "{}.__match_args__ must be a tuple (got {})",
                        tdata(&cls_t).name(),
                        vm.type_name(&ma)
                    )));
                }
                let ma = vm.collect(&ma)?;
                if npos > ma.len() {
                    return Err(vm.type_error(format!(
                        "{}() accepts {} positional sub-pattern{} ({npos} given)",
                        tdata(&cls_t).name(),
                        ma.len(),
                        if ma.len() == 1 { "" } else { "s" }
                    )));
                }
                for n in &ma[..npos] {
                    if !matches!(n, Value::Obj(o) if o.payload.as_str().is_some()) {
                        return Err(vm.type_error(format!(
                            "__match_args__ elements must be strings (got {})",
                            vm.type_name(n)
                        )));
                    }
                    let name = crate::objects::object::attr_name(vm, Some(n))?;
                    if seen
                        .iter()
                        .any(|s| pystr::as_rust_str(s) == pystr::as_rust_str(&name))
                    {
                        return Err(vm.type_error(format!(
                            "{}() got multiple sub-patterns for attribute {}",
                            tdata(&cls_t).name(),
                            vm.repr_string(n)?
                        )));
                    }
                    seen.push(name.clone());
                    match vm.get_attr_opt(subject, &name)? {
                        Some(v) => out.push(v),
                        None => return Ok(Value::None),
                    }
                }
            }
            None => {
                let l = tdata(&cls_t).layout;
                use crate::objects::typeobj::Layout::*;
                if npos == 1
                    && matches!(
                        l,
                        Int | Bool
                            | Float
                            | Str
                            | Bytes
                            | ByteArray
                            | Tuple
                            | List
                            | Dict
                            | Set
                            | FrozenSet
                    )
                {
                    out.push(subject.clone());
                } else {
                    return Err(vm.type_error(format!(
                        "{}() accepts 0 positional sub-patterns ({npos} given)",
                        tdata(&cls_t).name()
                    )));
                }
            }
        }
    }
    for n in vm.collect(names)? {
        let name = crate::objects::object::attr_name(vm, Some(&n))?;
        if seen
            .iter()
            .any(|s| pystr::as_rust_str(s) == pystr::as_rust_str(&name))
        {
            return Err(vm.type_error(format!(
                "{}() got multiple sub-patterns for attribute {}",
                tdata(&cls_t).name(),
                vm.repr_string(&n)?
            )));
        }
        seen.push(name.clone());
        match vm.get_attr_opt(subject, &name)? {
            Some(v) => out.push(v),
            None => return Ok(Value::None),
        }
    }
    Ok(vm.new_tuple(out))
}

/// Run a fresh frame (class bodies) to completion.
pub fn resume_frame_fresh(vm: &Vm, frame: Box<Frame>) -> PyResult<(FrameExit, Box<Frame>)> {
    run_frame(vm, frame, None, None)
}

// ----- fast paths and inline caches -------------------------------------------------------

/// `x OP y` for two small ints when the result is a small int or float computed exactly
/// as the general path would (None: take the general path). `arg` is a `BinaryOpArg`;
/// in-place variants behave as the plain ones on immutable ints.
#[inline(always)]
fn int_binop_fast(x: i64, y: i64, arg: u32) -> Option<Value> {
    let op = if arg >= 13 { arg - 13 } else { arg };
    match op {
        0 => x.checked_add(y).map(Value::Int),
        10 => x.checked_sub(y).map(Value::Int),
        5 => x.checked_mul(y).map(Value::Int),
        1 => Some(Value::Int(x & y)),
        7 => Some(Value::Int(x | y)),
        12 => Some(Value::Int(x ^ y)),
        2 if y != 0 && !(x == i64::MIN && y == -1) => {
            Some(Value::Int(num_integer::Integer::div_floor(&x, &y)))
        }
        6 if y != 0 && y != -1 => Some(Value::Int(num_integer::Integer::mod_floor(&x, &y))),
        9 if y >= 0 => Some(Value::Int(if y >= 64 {
            if x < 0 {
                -1
            } else {
                0
            }
        } else {
            x >> y
        })),
        3 if (0..63).contains(&y) => {
            let r = x << y;
            if r >> y == x {
                Some(Value::Int(r))
            } else {
                None
            }
        }
        11 if y != 0 && x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) => {
            Some(Value::Float(x as f64 / y as f64))
        }
        _ => None,
    }
}

/// `x OP y` for floats, for the operators that cannot fail (None: general path).
#[inline(always)]
fn float_binop_fast(x: f64, y: f64, arg: u32) -> Option<Value> {
    let op = if arg >= 13 { arg - 13 } else { arg };
    match op {
        0 => Some(Value::Float(x + y)),
        10 => Some(Value::Float(x - y)),
        5 => Some(Value::Float(x * y)),
        11 if y != 0.0 => Some(Value::Float(x / y)),
        _ => None,
    }
}

/// The next item of a range or list iterator, without dispatch (None: general path).
#[inline(always)]
fn for_iter_fast(it: &Value) -> Option<Option<Value>> {
    let k = match it {
        Value::Obj(o) => match &o.payload {
            Payload::Iter(k) => k,
            _ => return None,
        },
        _ => return None,
    };
    match &**k {
        crate::objects::iter::IterKind::Range {
            next,
            step,
            remaining,
            ..
        } => {
            let r = remaining.get();
            if r <= 0 {
                return Some(None);
            }
            remaining.set(r - 1);
            let v = next.get();
            next.set(v.wrapping_add(*step));
            Some(Some(Value::Int(v)))
        }
        crate::objects::iter::IterKind::Seq { seq, index } => {
            let s = seq.get();
            let Value::Obj(so) = &s else {
                return None;
            };
            match &so.payload {
                Payload::List(l) => {
                    let i = index.get();
                    let item = l.borrow().get(i).cloned();
                    match item {
                        Some(v) => {
                            index.set(i + 1);
                            Some(Some(v))
                        }
                        None => None,
                    }
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// `container[key]` for an exact list or tuple and an int index in range (None: general
/// path).
#[inline]
fn subscr_fast(vm: &Vm, c: &Value, k: &Value) -> Option<Value> {
    let (Value::Obj(o), Value::Int(i)) = (c, k) else {
        return None;
    };
    let i = *i;
    match &o.payload {
        Payload::List(l) if o.class().is(&vm.types.list) => {
            let l = l.borrow();
            let ix = if i < 0 { i + l.len() as i64 } else { i };
            if ix < 0 {
                return None;
            }
            l.get(ix as usize).cloned()
        }
        Payload::Tuple(t) if o.class().is(&vm.types.tuple) => {
            let ix = if i < 0 { i + t.len() as i64 } else { i };
            if ix < 0 {
                return None;
            }
            t.get(ix as usize).cloned()
        }
        _ => None,
    }
}

/// `container[key] = value` for an exact list and an int index in range (gives the value
/// back when the general path must run).
#[inline]
fn store_subscr_fast(vm: &Vm, c: &Value, k: &Value, v: Value) -> Option<Value> {
    let (Value::Obj(o), Value::Int(i)) = (c, k) else {
        return Some(v);
    };
    match &o.payload {
        Payload::List(l) if o.class().is(&vm.types.list) => {
            let old = {
                let mut l = l.borrow_mut();
                let ix = if *i < 0 { *i + l.len() as i64 } else { *i };
                if ix < 0 || ix as usize >= l.len() {
                    return Some(v);
                }
                std::mem::replace(&mut l[ix as usize], v)
            };
            // Released after the list is (its destructor may run code).
            drop(old);
            None
        }
        _ => Some(v),
    }
}

/// `LoadGlobal` through its cache: the value of `name` in globals, else builtins.
#[inline(always)]
fn load_global_cached(f: &Frame, cache: &InlineCache, name: &ObjRef) -> Option<Value> {
    {
        let g = dict::table(&f.globals).borrow();
        if g.version == cache.version.get() {
            let ix = cache.index.get() as usize;
            if cache.aux.get() == 0 {
                if let Some(v) = g.value_if_key_at(ix, name) {
                    return Some(v.clone());
                }
            } else {
                let b = dict::table(&f.builtins).borrow();
                if b.version == cache.version2.get() {
                    if let Some(v) = b.value_if_key_at(ix, name) {
                        return Some(v.clone());
                    }
                }
            }
        }
    }
    load_global_fill(f, cache, name)
}

#[inline(never)]
fn load_global_fill(f: &Frame, cache: &InlineCache, name: &ObjRef) -> Option<Value> {
    let g = dict::table(&f.globals).borrow();
    if let Some(ix) = g.find_str(name) {
        cache.version.set(g.version);
        cache.aux.set(0);
        cache.index.set(ix as u32);
        return Some(g.value_at(ix));
    }
    let b = dict::table(&f.builtins).borrow();
    let ix = b.find_str(name)?;
    cache.version.set(g.version);
    cache.version2.set(b.version);
    cache.aux.set(1);
    cache.index.set(ix as u32);
    Some(b.value_at(ix))
}

/// The attribute `name` of the class at MRO position `pos` of `ty`, at dict position `ix`.
#[inline]
fn class_attr_at(ty: &ObjRef, pos: usize, ix: usize, name: &ObjRef) -> Option<Value> {
    if pos == 0 {
        // The class itself: the first entry of its MRO (typeobj.rs invariant).
        let d = tdata(ty).dict.borrow();
        return d.value_if_key_at(ix, name).cloned();
    }
    let mro = tdata(ty).mro.borrow();
    let cls = mro.get(pos)?;
    let d = tdata(cls).dict.borrow();
    d.value_if_key_at(ix, name).cloned()
}

/// Whether the instance dict of `o` (if any) holds `name`, for a cached class attribute
/// (`ATTR_METHOD`/`ATTR_CLASS_VALUE` entry). Inline values: a class's shared keys only
/// grow and never change a position, so once `name` was seen not to be among them, it is
/// still not while their count is the same; the entry's `version2` remembers that as
/// [`keys_tag`] (type version and key count), so the common case needs no probe.
#[inline(always)]
fn instance_dict_has(o: &ObjRef, name: &ObjRef, cache: &InlineCache) -> bool {
    if o.has_inline_values() {
        let td = tdata(o.class());
        let Some(keys) = td.shared_keys.get() else {
            return false;
        };
        let tag = keys_tag(td.version.get(), keys.len());
        if cache.version2.get() == tag {
            return false;
        }
        return inline_values_have(o, keys, name, cache, tag);
    }
    instance_dict_has_key(o, name)
}

/// `instance_dict_has` for inline values whose keys are not known to lack `name`.
#[inline(never)]
fn inline_values_have(
    o: &ObjRef,
    keys: &dict::SharedKeys,
    name: &ObjRef,
    cache: &InlineCache,
    tag: u64,
) -> bool {
    match keys.position(name) {
        None => {
            cache.version2.set(tag);
            false
        }
        Some(ix) => crate::objects::object::inline_value_at(o, ix, name).is_some(),
    }
}

/// `instance_dict_has` for an instance with a dict (or none).
#[inline(never)]
fn instance_dict_has_key(o: &ObjRef, name: &ObjRef) -> bool {
    o.with_dict(|d| match dict::table(d).try_borrow() {
        Ok(t) => t.find_str(name).is_some(),
        // Being changed: let the general look-up decide.
        Err(_) => true,
    })
    .unwrap_or(false)
}

/// What an attribute cache entry's `version2` holds when its class's shared keys (`len`
/// of them, class version `version`) were seen not to hold the entry's name. The top bit
/// keeps it apart from the metaclass versions type-attribute entries keep there.
#[inline]
fn keys_tag(version: u64, len: usize) -> u64 {
    (1 << 63) | (version << 8) | len as u64
}

/// Whether a class attribute is a plain value that no descriptor protocol applies to.
fn is_plain_class_value(v: &Value) -> bool {
    match v {
        Value::Obj(o) => {
            !tdata(o.class()).is_heap()
                && matches!(
                    o.payload,
                    Payload::Str(_)
                        | Payload::Int(_)
                        | Payload::Float(_)
                        | Payload::Tuple(_)
                        | Payload::Bytes(_)
                        | Payload::List(_)
                        | Payload::Dict(_)
                        | Payload::Set(_)
                )
        }
        _ => true,
    }
}

/// Fill the attribute cache of an instruction for instances of `ty` (kind 0 when the
/// look-up is not one the fast paths handle).
fn fill_attr_cache(vm: &Vm, obj: &Value, name: &ObjRef, cache: &InlineCache) {
    let ty = vm.type_of(obj);
    let td = tdata(ty);
    cache.version.set(td.version.get());
    cache.aux.set(0);
    if td.has_flag(crate::objects::typeobj::flags::HAS_GETATTRIBUTE) {
        return;
    }
    if let Value::Obj(o) = obj {
        if matches!(
            o.payload,
            Payload::Type(_) | Payload::Module(_) | Payload::Super(_) | Payload::BoundMethod(_)
        ) {
            return;
        }
    }
    if let Some((v, pos, ix)) = crate::objects::type_cache::lookup_slot(ty, name) {
        let kind = match &v {
            Value::Obj(f)
                if matches!(f.payload, Payload::Function(_) | Payload::MethodDescr(_)) =>
            {
                ATTR_METHOD
            }
            Value::Obj(m) => {
                // A slot member that applies to these instances.
                let slot = match (&m.payload, obj) {
                    (Payload::Member(md), Value::Obj(o))
                        if matches!(o.payload, Payload::Slots(_))
                            && vm.isinstance(obj, &md.owner) =>
                    {
                        md.index
                    }
                    _ => None,
                };
                match slot {
                    Some(i) if i <= u32::MAX as usize && is_exact_member(m) => {
                        cache.aux.set(ATTR_SLOT);
                        cache.index.set(i as u32);
                        return;
                    }
                    _ if is_plain_class_value(&v) => ATTR_CLASS_VALUE,
                    _ => return,
                }
            }
            v if is_plain_class_value(v) => ATTR_CLASS_VALUE,
            _ => return,
        };
        if pos > 0xff_ffff {
            return;
        }
        cache.aux.set(kind | ((pos as u32) << 8));
        cache.index.set(ix as u32);
        return;
    }
    if matches!(obj, Value::Obj(o) if o.has_dict()) {
        cache.aux.set(ATTR_INSTANCE);
        cache.index.set(0);
    }
}

/// `cls.name` for a class of metaclass `type` through the cache: a plain value or a
/// function found along the class's MRO, when `type` itself has no data descriptor of that
/// name (None: take the general path). `version` is the class's version, `version2`
/// type's.
fn load_type_attr_cached(
    vm: &Vm,
    cls: &ObjRef,
    td: &crate::objects::typeobj::TypeData,
    name: &ObjRef,
    cache: &InlineCache,
) -> Option<Value> {
    let meta = cls.class();
    if !meta.is(&vm.types.type_) {
        return None;
    }
    if td.version.get() != cache.version.get() || tdata(meta).version.get() != cache.version2.get()
    {
        cache.version.set(td.version.get());
        cache.version2.set(tdata(meta).version.get());
        cache.aux.set(0);
        if let Some(m) = lookup(meta, name) {
            if vm.is_data_descriptor(&m) {
                return None;
            }
        }
        if let Some((v, pos, ix)) = crate::objects::type_cache::lookup_slot(cls, name) {
            let plain = is_plain_class_value(&v)
                || matches!(&v, Value::Obj(f) if matches!(f.payload, Payload::Function(_)));
            if plain && pos <= 0xff_ffff {
                cache.aux.set(ATTR_TYPE_VALUE | ((pos as u32) << 8));
                cache.index.set(ix as u32);
            }
        }
    }
    let aux = cache.aux.get();
    if aux & 0xff != ATTR_TYPE_VALUE {
        return None;
    }
    class_attr_at(cls, (aux >> 8) as usize, cache.index.get() as usize, name)
}

/// The commonest cached `obj.name`: an instance attribute read from the instance dict at
/// the cached position (None: try `load_attr_cached`). Inlined into the eval loop.
#[inline(always)]
fn load_instance_attr_fast(obj: &Value, name: &ObjRef, cache: &InlineCache) -> Option<Value> {
    let Value::Obj(o) = obj else {
        return None;
    };
    if cache.aux.get() != ATTR_INSTANCE || tdata(o.class()).version.get() != cache.version.get() {
        return None;
    }
    if o.has_inline_values() {
        return crate::objects::object::inline_value_at(o, cache.index.get() as usize, name);
    }
    o.with_dict(|d| {
        let t = dict::table(d).try_borrow().ok()?;
        t.value_if_key_at(cache.index.get() as usize, name).cloned()
    })?
}

/// The commonest cached `LoadMethod`: a function found on the class of an instance whose
/// dict does not shadow it (None: try `load_method_cached`). Inlined into the eval loop.
#[inline(always)]
fn load_instance_method_fast(obj: &Value, name: &ObjRef, cache: &InlineCache) -> Option<Value> {
    let Value::Obj(o) = obj else {
        return None;
    };
    let aux = cache.aux.get();
    let ty = o.class();
    if aux & 0xff != ATTR_METHOD || tdata(ty).version.get() != cache.version.get() {
        return None;
    }
    unshadowed_class_attr(obj, ty, aux, name, cache)
}

/// The class attribute a cache entry (`ATTR_METHOD`/`ATTR_CLASS_VALUE`, `aux`) points at,
/// unless the instance dict of `obj` shadows it.
#[inline]
fn unshadowed_class_attr(
    obj: &Value,
    ty: &ObjRef,
    aux: u32,
    name: &ObjRef,
    cache: &InlineCache,
) -> Option<Value> {
    if let Value::Obj(o) = obj {
        if instance_dict_has(o, name, cache) {
            return None;
        }
    }
    class_attr_at(ty, (aux >> 8) as usize, cache.index.get() as usize, name)
}

/// `obj.name` through the cache (None: take the general path).
#[inline]
fn load_attr_cached(vm: &Vm, obj: &Value, name: &ObjRef, cache: &InlineCache) -> Option<Value> {
    if let Value::Obj(o) = obj {
        if let Payload::Type(td) = &o.payload {
            return load_type_attr_cached(vm, o, td, name, cache);
        }
    }
    let ty = vm.type_of(obj);
    if !cache.select(tdata(ty).version.get()) {
        fill_attr_cache(vm, obj, name, cache);
    }
    let aux = cache.aux.get();
    match aux & 0xff {
        ATTR_INSTANCE if obj.as_obj()?.has_inline_values() => {
            let o = obj.as_obj()?;
            let ix = cache.index.get() as usize;
            if let Some(v) = crate::objects::object::inline_value_at(o, ix, name) {
                return Some(v);
            }
            let ix = crate::objects::object::inline_position(o, name)?;
            cache.index.set(ix as u32);
            crate::objects::object::inline_value_at(o, ix, name)
        }
        ATTR_INSTANCE => obj.as_obj()?.with_dict(|d| {
            let t = dict::table(d).try_borrow().ok()?;
            if let Some(v) = t.value_if_key_at(cache.index.get() as usize, name) {
                return Some(v.clone());
            }
            let ix = t.find_str(name)?;
            cache.index.set(ix as u32);
            Some(t.value_at(ix))
        })?,
        ATTR_METHOD => {
            let m = unshadowed_class_attr(obj, ty, aux, name, cache)?;
            match &m {
                Value::Obj(fo) if matches!(fo.payload, Payload::Function(_)) => {
                    Some(vm.new_bound_method(m, obj.clone()))
                }
                _ => None,
            }
        }
        ATTR_CLASS_VALUE => unshadowed_class_attr(obj, ty, aux, name, cache),
        ATTR_SLOT => match &obj.as_obj()?.payload {
            Payload::Slots(cells) => match cells.get(cache.index.get() as usize)?.get() {
                Value::Null => None,
                v => Some(v),
            },
            _ => None,
        },
        _ => None,
    }
}

/// Whether a class attribute is a plain `member_descriptor` (not a subclass of it that
/// could define its own `__get__`/`__set__`).
fn is_exact_member(m: &ObjRef) -> bool {
    !tdata(m.class()).is_heap() && matches!(m.payload, Payload::Member(_))
}

/// `LoadMethod` through the cache: the unbound method when `obj.name` is a method found
/// on the type (None: the general `load_method` decides).
#[inline]
fn load_method_cached(vm: &Vm, obj: &Value, name: &ObjRef, cache: &InlineCache) -> Option<Value> {
    let ty = vm.type_of(obj);
    if !cache.select(tdata(ty).version.get()) {
        fill_attr_cache(vm, obj, name, cache);
    }
    let aux = cache.aux.get();
    if aux & 0xff == ATTR_METHOD {
        if let Value::Obj(o) = obj {
            if instance_dict_has(o, name, cache) {
                return None;
            }
        }
        if let Some(m) = class_attr_at(ty, (aux >> 8) as usize, cache.index.get() as usize, name) {
            return Some(m);
        }
    }
    load_method(vm, obj, name)
}

/// `obj.name = value` through the cache: stores into the instance dict when the type has
/// no attribute of that name and no `__setattr__` (gives the value back otherwise).
#[inline]
fn store_attr_cached(
    vm: &Vm,
    obj: &Value,
    name: &ObjRef,
    value: Value,
    cache: &InlineCache,
) -> Option<Value> {
    let o = match obj {
        Value::Obj(o) => o,
        _ => return Some(value),
    };
    let ty = o.class();
    let td = tdata(ty);
    if !cache.select(td.version.get()) {
        fill_attr_cache(vm, obj, name, cache);
        if td.has_flag(crate::objects::typeobj::flags::HAS_SETATTR) {
            cache.aux.set(0);
        }
    }
    let aux = cache.aux.get();
    if aux == ATTR_SLOT {
        if let Payload::Slots(cells) = &o.payload {
            if let Some(cell) = cells.get(cache.index.get() as usize) {
                cell.set(value);
                return None;
            }
        }
        return Some(value);
    }
    if aux != ATTR_INSTANCE {
        return Some(value);
    }
    let value = if o.has_inline_values() {
        match crate::objects::object::inline_store(o, cache.index.get() as usize, name, value) {
            Ok(ix) => {
                cache.index.set(ix as u32);
                return None;
            }
            // Not storable inline: through the dict, made now.
            Err(value) => value,
        }
    } else {
        value
    };
    let d = match o.dict() {
        Some(d) => d,
        None => return Some(value),
    };
    let t = dict::table(&d);
    let ix = cache.index.get() as usize;
    let hit = t.borrow().value_if_key_at(ix, name).is_some();
    let old = if hit {
        Some(t.borrow_mut().replace_value(ix, value))
    } else {
        let old = t
            .borrow_mut()
            .set_fast(Value::Obj(name.clone()), str_hash(name), value);
        if let Some(ix) = t.borrow().find_str(name) {
            cache.index.set(ix as u32);
        }
        old
    };
    // The old value goes after the table is released (its destructor may run code).
    drop(old);
    None
}

#[inline]
fn str_hash(name: &ObjRef) -> i64 {
    match &name.payload {
        Payload::Str(s) => s.hash(),
        _ => 0,
    }
}

/// A class whose instances `type.__call__` makes with `object.__new__`: a heap class of
/// metaclass `type`, plain instance layout, not abstract.
#[inline]
fn is_plain_class(vm: &Vm, cls: &ObjRef) -> bool {
    match &cls.payload {
        Payload::Type(td) => {
            td.layout == crate::objects::typeobj::Layout::Object
                && td.flags.get()
                    & (crate::objects::typeobj::flags::HEAPTYPE
                        | crate::objects::typeobj::flags::ABSTRACT)
                    == crate::objects::typeobj::flags::HEAPTYPE
                && cls.class().is(&vm.types.type_)
        }
        _ => false,
    }
}

/// The Python `__init__` of a plain class whose `__new__` is `object.__new__` (None when
/// the class needs the general `type.__call__`), through the `Call` instruction's cache
/// (the class's version; the MRO position and dict position of `__init__`).
fn plain_class_init(vm: &Vm, cls: &ObjRef, cache: &InlineCache) -> Option<ObjRef> {
    let td = tdata(cls);
    let aux = cache.aux.get();
    if td.version.get() == cache.version.get() && aux & 0xff == ATTR_METHOD {
        if let Some(Value::Obj(init)) = class_attr_at(
            cls,
            (aux >> 8) as usize,
            cache.index.get() as usize,
            &vm.names.__init__,
        ) {
            if matches!(init.payload, Payload::Function(_)) {
                return Some(init);
            }
        }
    }
    cache.version.set(td.version.get());
    cache.aux.set(0);
    let new = lookup(cls, &vm.names.__new__)?;
    match (&new, &vm.object_new.get()) {
        (Value::Obj(a), Value::Obj(b)) if a.is(b) => {}
        _ => return None,
    }
    let mro = td.mro.borrow();
    for (pos, c) in mro.iter().enumerate() {
        let d = tdata(c).dict.borrow();
        if let Some(ix) = d.find_str(&vm.names.__init__) {
            return match d.value_at(ix) {
                Value::Obj(init) if matches!(init.payload, Payload::Function(_)) => {
                    if pos <= 0xff_ffff {
                        cache.aux.set(ATTR_METHOD | ((pos as u32) << 8));
                        cache.index.set(ix as u32);
                    }
                    Some(init)
                }
                _ => None,
            };
        }
    }
    None
}
