//! Generators, coroutines and async generators: objects owning a suspended frame.

use std::cell::Cell;

use crate::memory::{ObjRef, ValueCell};
use crate::object::{GenData, GenKind, Payload};
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

pub fn new_generator(vm: &Vm, frame: Box<crate::frame::Frame>, kind: GenKind) -> Value {
    let code = frame.code.clone();
    let (name, qualname) = match code.payload.as_code() {
        Some(c) => (Value::Obj(c.name.clone()), Value::Obj(c.qualname.clone())),
        None => (Value::None, Value::None),
    };
    let ty = match kind {
        GenKind::Generator => &vm.types.generator,
        GenKind::Coroutine => &vm.types.coroutine,
        GenKind::AsyncGenerator => &vm.types.async_generator,
    };
    Value::Obj(ObjRef::new(
        ty,
        Payload::Generator(Box::new(GenData {
            kind,
            frame: Cell::new(Some(frame)),
            running: Cell::new(false),
            finished: Cell::new(false),
            name: ValueCell::new(name),
            qualname: ValueCell::new(qualname),
            code,
            exc_state: ValueCell::new(Value::None),
            yield_from: ValueCell::new(Value::None),
            ag_running: Cell::new(false),
            ag_closed: Cell::new(false),
            ag_finalizer: ValueCell::new(Value::None),
            ag_hooks_inited: Cell::new(false),
        })),
    ))
}

fn gen_data(o: &ObjRef) -> Option<&GenData> {
    match &o.payload {
        Payload::Generator(g) => Some(g),
        _ => None,
    }
}

/// How a resumed generator gave control back.
pub enum Resumed {
    /// A value yielded by the frame: an async generator's own `yield` when `wrapped`,
    /// else a value passed up from an awaited object.
    Yield(Value, bool),
    Return(Value),
}

/// Resume the generator with `value` (or throw `exc` into it).
pub fn gen_resume(vm: &Vm, o: &ObjRef, value: Value, exc: Option<ObjRef>) -> PyResult<Resumed> {
    let g = match gen_data(o) {
        Some(g) => g,
        None => return Err(vm.type_error("expected a generator")),
    };
    let what = || match g.kind {
        GenKind::Generator => "generator",
        GenKind::Coroutine => "coroutine",
        GenKind::AsyncGenerator => "async generator",
    };
    if g.running.get() {
        return Err(vm.value_error(format!("{} already executing", what())));
    }
    let mut frame = match g.frame.take() {
        Some(f) => f,
        None => {
            if let Some(e) = exc {
                return Err(e);
            }
            if g.kind == GenKind::Coroutine {
                return Err(vm.runtime_error("cannot reuse already awaited coroutine"));
            }
            return Ok(Resumed::Return(Value::None));
        }
    };
    if frame.lasti == 0 && exc.is_none() && !value.is_none() {
        g.frame.set(Some(frame));
        return Err(vm.type_error(format!(
            "can't send non-None value to a just-started {}",
            what()
        )));
    }
    g.running.set(true);
    let saved = vm.exc_info.replace(g.exc_state.replace(Value::None));
    if exc.is_none() {
        push_sent(&mut frame.slots, value);
    }
    let r = crate::eval::resume_frame(vm, &mut frame, exc);
    g.exc_state.set(vm.exc_info.replace(saved));
    g.running.set(false);
    match r {
        Ok(crate::eval::FrameExit::Yield(v)) => {
            let wrapped = std::mem::take(&mut frame.yield_wrapped);
            g.frame.set(Some(frame));
            Ok(Resumed::Yield(v, wrapped))
        }
        Ok(crate::eval::FrameExit::Generator) => {
            g.finished.set(true);
            Ok(Resumed::Return(Value::None))
        }
        Ok(crate::eval::FrameExit::Return(v)) => {
            g.finished.set(true);
            Ok(Resumed::Return(v))
        }
        Err(e) => {
            g.finished.set(true);
            let bad = if vm.exc_matches(&e, &vm.exc.stop_iteration) {
                Some("StopIteration")
            } else if g.kind == GenKind::AsyncGenerator
                && vm.exc_matches(&e, &vm.exc.stop_async_iteration)
            {
                Some("StopAsyncIteration")
            } else {
                None
            };
            if let Some(name) = bad {
                let new = vm.runtime_error(format!("{} raised {name}", what()));
                if let Some(d) = crate::objects::exceptions::exc_data(&new) {
                    d.cause.set(Value::Obj(e.clone()));
                    d.suppress_context.set(true);
                }
                crate::objects::exceptions::set_context(&new, Value::Obj(e));
                return Err(new);
            }
            Err(e)
        }
    }
}

/// Push the value sent into a resumed generator onto its frame's stack, inline: an
/// out-of-line `Vec::push` took the value through a stack slot written as two words
/// and read as one 16-byte load, which stalls store forwarding on every resume.
#[inline(always)]
fn push_sent(slots: &mut Vec<Value>, value: Value) {
    if slots.len() == slots.capacity() {
        slots.reserve(1);
    }
    slots.push(value);
}

/// Resume the generator: Ok(Ok(yielded)) when it yields, Ok(Err(returned)) when it
/// returns.
#[inline]
pub fn gen_send_ex(
    vm: &Vm,
    o: &ObjRef,
    value: Value,
    exc: Option<ObjRef>,
) -> PyResult<Result<Value, Value>> {
    match gen_resume(vm, o, value, exc)? {
        Resumed::Yield(v, _) => Ok(Ok(v)),
        Resumed::Return(v) => Ok(Err(v)),
    }
}

/// `next(gen)`: None when it returns.
#[inline]
pub fn gen_next_opt(vm: &Vm, o: &ObjRef) -> PyResult<Option<Value>> {
    match gen_send_ex(vm, o, Value::None, None)? {
        Ok(v) => Ok(Some(v)),
        Err(_) => Ok(None),
    }
}

fn self_gen(vm: &Vm, args: &Args) -> PyResult<ObjRef> {
    match args.args.first() {
        Some(Value::Obj(o)) if gen_data(o).is_some() => Ok(o.clone()),
        _ => Err(vm.type_error("expected a generator")),
    }
}

fn gen_iter(_vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(args.args[0].clone())
}

fn gen_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = self_gen(vm, &args)?;
    match gen_send_ex(vm, &o, Value::None, None)? {
        Ok(v) => Ok(v),
        Err(r) => Err(vm.stop_iteration(if r.is_none() { None } else { Some(r) })),
    }
}

fn gen_send(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = self_gen(vm, &args)?;
    match gen_send_ex(
        vm,
        &o,
        args.args.get(1).cloned().unwrap_or(Value::None),
        None,
    )? {
        Ok(v) => Ok(v),
        Err(r) => Err(vm.stop_iteration(if r.is_none() { None } else { Some(r) })),
    }
}

/// Build the exception for `throw(typ, val, tb)`.
pub fn make_throw_exc(vm: &Vm, args: &[Value]) -> PyResult<ObjRef> {
    let typ = args.first().cloned().unwrap_or(Value::None);
    let val = args.get(1).cloned().unwrap_or(Value::None);
    let e = match &typ {
        Value::Obj(t) if t.payload.as_type().is_some() => {
            if val.is_none() {
                vm.call0(&typ)?
            } else if vm.isinstance(&val, t) {
                val
            } else {
                vm.call1(&typ, val)?
            }
        }
        Value::Obj(e) if e.payload.as_exception().is_some() => typ.clone(),
        _ => {
            return Err(vm.type_error(
                "exceptions must be classes or instances deriving from BaseException, not "
                    .to_string()
                    + &vm.type_name(&typ),
            ))
        }
    };
    match e {
        Value::Obj(o) if o.payload.as_exception().is_some() => Ok(o),
        _ => Err(vm.type_error("exceptions must derive from BaseException")),
    }
}

fn gen_throw(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = self_gen(vm, &args)?;
    let e = make_throw_exc(vm, &args.args[1..])?;
    match gen_send_ex(vm, &o, Value::None, Some(e))? {
        Ok(v) => Ok(v),
        Err(r) => Err(vm.stop_iteration(if r.is_none() { None } else { Some(r) })),
    }
}

fn gen_close(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = self_gen(vm, &args)?;
    close(vm, &o)?;
    Ok(Value::None)
}

/// Whether the generator's frame exists and ran (it is suspended at a yield).
fn started(g: &GenData) -> Option<bool> {
    g.frame.take().map(|f| {
        let s = f.lasti > 0;
        g.frame.set(Some(f));
        s
    })
}

/// `close()`: throw GeneratorExit into a suspended generator (CPython's gen_close).
pub fn close(vm: &Vm, o: &ObjRef) -> PyResult<()> {
    let g = gen_data(o).ok_or_else(|| vm.type_error("expected a generator"))?;
    match started(g) {
        None => return Ok(()),
        Some(false) if !g.running.get() => {
            drop(g.frame.take());
            g.finished.set(true);
            return Ok(());
        }
        _ => {}
    }
    let e = vm.new_exception(&vm.exc.generator_exit, vec![]);
    match gen_send_ex(vm, o, Value::None, Some(e)) {
        Ok(Ok(_)) => Err(vm.runtime_error(match g.kind {
            GenKind::Generator => "generator ignored GeneratorExit",
            GenKind::Coroutine => "coroutine ignored GeneratorExit",
            GenKind::AsyncGenerator => "async generator ignored GeneratorExit",
        })),
        Ok(Err(_)) => Ok(()),
        Err(e)
            if vm.exc_matches(&e, &vm.exc.generator_exit)
                || vm.exc_matches(&e, &vm.exc.stop_iteration) =>
        {
            Ok(())
        }
        Err(e) => Err(e),
    }
}

// ----- finalization (PEP 442 for generators: CPython's _PyGen_Finalize) --------------------

/// Whether a dying generator has something to do before it is freed: close a suspended
/// frame, warn about a coroutine never awaited, hand an async generator to its finalizer.
pub fn needs_finalize(payload: &Payload) -> bool {
    let Payload::Generator(g) = payload else {
        return false;
    };
    if g.running.get() {
        return false;
    }
    let Some(started) = started(g) else {
        return false;
    };
    match g.kind {
        GenKind::Generator => started,
        GenKind::Coroutine => true,
        GenKind::AsyncGenerator => {
            started || (!g.ag_closed.get() && !g.ag_finalizer.get().is_none())
        }
    }
}

/// Finalize a generator that is dying (its count reached zero, or the collector found it
/// unreachable): errors are reported as unraisable, never raised.
pub fn finalize(vm: &Vm, o: &ObjRef) {
    let Some(g) = gen_data(o) else {
        return;
    };
    if !needs_finalize(&o.payload) {
        return;
    }
    let saved = vm.exc_info.get();
    let this = Value::Obj(o.clone());
    let r = if g.kind == GenKind::AsyncGenerator
        && !g.ag_closed.get()
        && !g.ag_finalizer.get().is_none()
    {
        let fin = g.ag_finalizer.get();
        vm.call(&fin, Args::new(std::slice::from_ref(&this)))
            .map(drop)
    } else if g.kind == GenKind::Coroutine && started(g) == Some(false) {
        drop(g.frame.take());
        g.finished.set(true);
        warn_unawaited(vm, o)
    } else {
        close(vm, o)
    };
    if let Err(e) = r {
        crate::gc::write_unraisable(vm, &e, None, Some(&this));
    }
    vm.exc_info.set(saved);
}

/// `RuntimeWarning: coroutine '...' was never awaited`, through Lib's warnings module
/// with the coroutine as the warning's source (so that, as in CPython, the message is
/// followed by the hint to enable tracemalloc).
///
/// Lib's pure-Python `warn_explicit` hands `source` on as the file to write to (CPython
/// always runs its C `_warnings`, which does not), so the warning goes through
/// `warnings.warn` without a source, its display step captured, and is then shown by
/// `warnings._showwarnmsg` with the source set.
fn warn_unawaited(vm: &Vm, coro: &ObjRef) -> PyResult<()> {
    let g = gen_data(coro).ok_or_else(|| vm.type_error("expected a coroutine"))?;
    let msg = format!(
        "coroutine '{}' was never awaited",
        vm.str_string(&g.qualname.get())?
    );
    let warnings = crate::import::import_module(vm, "warnings")?;
    let show = vm.get_attr_str(&warnings, "_showwarnmsg")?;
    let captured = vm.new_list(Vec::new());
    let append = vm.get_attr_str(&captured, "append")?;
    let name = vm.intern("_showwarnmsg");
    vm.set_attr(&warnings, &name, append)?;
    let r = (|| {
        let warn = vm.get_attr_str(&warnings, "warn")?;
        vm.call(
            &warn,
            Args::new(&[
                vm.new_str(msg),
                Value::Obj(vm.exc.runtime_warning.clone()),
                Value::Int(1),
            ]),
        )
    })();
    vm.set_attr(&warnings, &name, show.clone())?;
    r?;
    let wm_type = vm.get_attr_str(&warnings, "WarningMessage")?;
    for m in vm.collect(&captured)? {
        let field = |n: &str| vm.get_attr_str(&m, n);
        let fixed = vm.call(
            &wm_type,
            Args::new(&[
                field("message")?,
                field("category")?,
                field("filename")?,
                field("lineno")?,
                Value::None,
                field("line")?,
                Value::Obj(coro.clone()),
            ]),
        )?;
        vm.call(&show, Args::new(&[fixed]))?;
    }
    Ok(())
}

// ----- sys.set_asyncgen_hooks / sys.get_asyncgen_hooks ------------------------------------

struct Hooks {
    firstiter: Value,
    finalizer: Value,
    ty: Option<ObjRef>,
}

thread_local! {
    /// The hooks of this thread (CPython keeps them in the thread state). Never dropped:
    /// thread exit must not run Python deallocation.
    static HOOKS: std::mem::ManuallyDrop<std::cell::RefCell<Hooks>> = const {
        std::mem::ManuallyDrop::new(std::cell::RefCell::new(Hooks {
            firstiter: Value::None,
            finalizer: Value::None,
            ty: None,
        }))
    };
}

/// CPython's async_gen_init_hooks: on the first `__anext__`/`asend`/`athrow`/`aclose`,
/// remember the finalizer hook and call the firstiter hook.
fn init_hooks(vm: &Vm, o: &ObjRef) -> PyResult<()> {
    let Some(g) = gen_data(o) else {
        return Ok(());
    };
    if g.ag_hooks_inited.replace(true) {
        return Ok(());
    }
    let (firstiter, finalizer) =
        HOOKS.with(|h| (h.borrow().firstiter.clone(), h.borrow().finalizer.clone()));
    if !finalizer.is_none() {
        g.ag_finalizer.set(finalizer);
    }
    if !firstiter.is_none() {
        vm.call(&firstiter, Args::new(&[Value::Obj(o.clone())]))?;
    }
    Ok(())
}

fn sys_set_asyncgen_hooks(vm: &Vm, args: Args) -> PyResult<Value> {
    let pos = args.pos();
    if pos.len() > 2 {
        return Err(vm.type_error(format!(
            "set_asyncgen_hooks() takes at most 2 arguments ({} given)",
            pos.len()
        )));
    }
    let mut firstiter = pos.first().cloned();
    let mut finalizer = pos.get(1).cloned();
    for (k, v) in args.kwargs() {
        let k = vm.str_string(k)?;
        let slot = match k.as_str() {
            "firstiter" => &mut firstiter,
            "finalizer" => &mut finalizer,
            _ => {
                return Err(vm.type_error(format!(
                    "'{k}' is an invalid keyword argument for set_asyncgen_hooks()"
                )))
            }
        };
        if slot.is_some() {
            return Err(vm.type_error(format!(
                "argument for set_asyncgen_hooks() given by name ('{k}') and position"
            )));
        }
        *slot = Some(v.clone());
    }
    for (name, v) in [("finalizer", &finalizer), ("firstiter", &firstiter)] {
        if let Some(v) = v {
            if !v.is_none() && !vm.is_callable(v) {
                return Err(
                    vm.type_error(format!("callable {name} expected, got {}", vm.type_name(v)))
                );
            }
        }
    }
    let old = HOOKS.with(|h| {
        let mut h = h.borrow_mut();
        let mut old = Vec::new();
        if let Some(f) = finalizer {
            old.push(std::mem::replace(&mut h.finalizer, f));
        }
        if let Some(f) = firstiter {
            old.push(std::mem::replace(&mut h.firstiter, f));
        }
        old
    });
    drop(old);
    Ok(Value::None)
}

fn sys_get_asyncgen_hooks(vm: &Vm, _args: Args) -> PyResult<Value> {
    let ty = HOOKS.with(|h| h.borrow().ty.clone());
    let ty = match ty {
        Some(t) => t,
        None => {
            let t = crate::structseq::new_type(
                vm,
                "builtins",
                "asyncgen_hooks",
                &["firstiter", "finalizer"],
                2,
            );
            HOOKS.with(|h| h.borrow_mut().ty = Some(t.clone()));
            t
        }
    };
    let (a, b) = HOOKS.with(|h| (h.borrow().firstiter.clone(), h.borrow().finalizer.clone()));
    Ok(crate::structseq::new_instance(vm, &ty, vec![a, b]))
}

/// `sys.is_finalizing()`: True once interpreter shutdown has begun (after the atexit
/// callbacks, as CPython's _Py_IsFinalizing).
fn sys_is_finalizing(vm: &Vm, args: Args) -> PyResult<Value> {
    if !args.args.is_empty() || args.has_kw() {
        return Err(vm.type_error(format!(
            "sys.is_finalizing() takes no arguments ({} given)",
            args.args.len()
        )));
    }
    Ok(Value::Bool(crate::sys::is_finalizing()))
}

/// Add `sys.set_asyncgen_hooks`, `sys.get_asyncgen_hooks` and `sys.is_finalizing`.
pub fn init_sys(vm: &Vm) {
    for (name, f) in [
        (
            "set_asyncgen_hooks",
            sys_set_asyncgen_hooks as crate::object::NativeFn,
        ),
        ("get_asyncgen_hooks", sys_get_asyncgen_hooks),
        ("is_finalizing", sys_is_finalizing),
    ] {
        let func = vm.new_builtin(name, f, Value::Null);
        crate::objects::dict::set_str(&vm.sys_dict, &vm.intern(name), func);
    }
}

fn gen_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = self_gen(vm, &args)?;
    let g = gen_data(&o).ok_or_else(|| vm.type_error("expected a generator"))?;
    let kind = vm.type_name(&args.args[0]);
    Ok(vm.new_str(format!(
        "<{kind} object {} at {:#x}>",
        vm.str_string(&g.qualname.get())?,
        o.id()
    )))
}

fn gen_name(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v.as_obj().and_then(gen_data) {
        Some(g) => Ok(g.name.get()),
        None => Err(vm.type_error("expected a generator")),
    }
}
fn gen_qualname(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v.as_obj().and_then(gen_data) {
        Some(g) => Ok(g.qualname.get()),
        None => Err(vm.type_error("expected a generator")),
    }
}
fn gen_running(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v.as_obj().and_then(gen_data) {
        Some(g) => Ok(Value::Bool(g.running.get())),
        None => Err(vm.type_error("expected a generator")),
    }
}
fn gen_code(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v.as_obj().and_then(gen_data) {
        Some(g) => Ok(Value::Obj(g.code.clone())),
        None => Err(vm.type_error("expected a generator")),
    }
}

/// `cr_origin`: None (origin tracking, `sys.set_coroutine_origin_tracking_depth`, is
/// not kept).
fn gen_origin(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v.as_obj().and_then(gen_data) {
        Some(_) => Ok(Value::None),
        None => Err(vm.type_error("expected a coroutine")),
    }
}

fn coro_await(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = self_gen(vm, &args)?;
    Ok(Value::Obj(o))
}

// ----- async generators (PEP 525) ---------------------------------------------------------

/// The awaitable returned by `asend()`/`__anext__()` (`args` None) or by
/// `athrow()`/`aclose()` (`throw` true; `args` empty for aclose).
struct AgAwaitable {
    gen: ObjRef,
    /// asend: the value to send first. athrow: unused.
    sendval: ValueCell<Value>,
    /// athrow: (typ, val, tb) as given; None for aclose. asend: None.
    args: Option<Vec<Value>>,
    throw: bool,
    /// 0 init, 1 iterating, 2 closed.
    state: Cell<u8>,
}

impl crate::object::NativeData for AgAwaitable {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&Value::Obj(self.gen.clone()));
        visit(&self.sendval.get());
        if let Some(a) = &self.args {
            for v in a {
                visit(v);
            }
        }
    }
}

const INIT: u8 = 0;
const ITER: u8 = 1;
const CLOSED: u8 = 2;

fn self_agen(vm: &Vm, args: &Args) -> PyResult<ObjRef> {
    match args.args.first() {
        Some(Value::Obj(o)) if gen_data(o).is_some_and(|g| g.kind == GenKind::AsyncGenerator) => {
            Ok(o.clone())
        }
        _ => Err(vm.type_error("expected an async generator")),
    }
}

fn new_awaitable(
    vm: &Vm,
    gen: ObjRef,
    sendval: Value,
    args: Option<Vec<Value>>,
    throw: bool,
) -> Value {
    let ty = if throw {
        &vm.types.async_gen_athrow
    } else {
        &vm.types.async_gen_asend
    };
    Value::Obj(vm.new_native_object(
        ty,
        AgAwaitable {
            gen,
            sendval: ValueCell::new(sendval),
            args,
            throw,
            state: Cell::new(INIT),
        },
    ))
}

fn agen_aiter(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Obj(self_agen(vm, &args)?))
}

fn agen_anext(vm: &Vm, args: Args) -> PyResult<Value> {
    let g = self_agen(vm, &args)?;
    init_hooks(vm, &g)?;
    Ok(new_awaitable(vm, g, Value::None, None, false))
}

fn agen_asend(vm: &Vm, args: Args) -> PyResult<Value> {
    let g = self_agen(vm, &args)?;
    init_hooks(vm, &g)?;
    let v = args.pos().get(1).cloned().unwrap_or(Value::None);
    Ok(new_awaitable(vm, g, v, None, false))
}

fn agen_athrow(vm: &Vm, args: Args) -> PyResult<Value> {
    let g = self_agen(vm, &args)?;
    init_hooks(vm, &g)?;
    let rest = args.pos()[1..].to_vec();
    if rest.is_empty() || rest.len() > 3 {
        return Err(vm.type_error(format!(
            "athrow expected at least 1 argument, got {}",
            rest.len()
        )));
    }
    Ok(new_awaitable(vm, g, Value::None, Some(rest), true))
}

fn agen_aclose(vm: &Vm, args: Args) -> PyResult<Value> {
    let g = self_agen(vm, &args)?;
    init_hooks(vm, &g)?;
    Ok(new_awaitable(vm, g, Value::None, None, true))
}

/// CPython's async_gen_unwrap_value: an async yield ends the awaitable with
/// StopIteration(value); a return becomes StopAsyncIteration; values from awaited
/// objects pass through.
fn unwrap_value(vm: &Vm, gen: &ObjRef, r: PyResult<Resumed>) -> PyResult<Value> {
    let g = gen_data(gen).ok_or_else(|| vm.type_error("expected an async generator"))?;
    match r {
        Ok(Resumed::Yield(v, true)) => {
            g.ag_running.set(false);
            Err(vm.stop_iteration(Some(v)))
        }
        Ok(Resumed::Yield(v, false)) => Ok(v),
        Ok(Resumed::Return(_)) => {
            g.ag_closed.set(true);
            g.ag_running.set(false);
            Err(vm.new_exception(&vm.exc.stop_async_iteration, vec![]))
        }
        Err(e) => {
            if vm.exc_matches(&e, &vm.exc.stop_async_iteration)
                || vm.exc_matches(&e, &vm.exc.generator_exit)
            {
                g.ag_closed.set(true);
            }
            g.ag_running.set(false);
            Err(e)
        }
    }
}

fn aw_state<'a>(vm: &Vm, args: &'a Args) -> PyResult<&'a AgAwaitable> {
    args.args
        .first()
        .and_then(|v| v.as_obj())
        .and_then(|o| o.payload.native::<AgAwaitable>())
        .ok_or_else(|| vm.type_error("expected an async generator awaitable"))
}

fn reuse_error(vm: &Vm, a: &AgAwaitable) -> ObjRef {
    vm.runtime_error(if a.throw {
        "cannot reuse already awaited aclose()/athrow()"
    } else {
        "cannot reuse already awaited __anext__()/asend()"
    })
}

fn asend_send(vm: &Vm, a: &AgAwaitable, arg: Value) -> PyResult<Value> {
    let g = gen_data(&a.gen).ok_or_else(|| vm.type_error("expected an async generator"))?;
    if a.state.get() == CLOSED {
        return Err(reuse_error(vm, a));
    }
    let mut arg = arg;
    if a.state.get() == INIT {
        if g.ag_running.get() {
            return Err(vm.runtime_error("anext(): asynchronous generator is already running"));
        }
        if arg.is_none() {
            arg = a.sendval.get();
        }
        a.state.set(ITER);
    }
    g.ag_running.set(true);
    let r = unwrap_value(vm, &a.gen, gen_resume(vm, &a.gen, arg, None));
    if r.is_err() {
        a.state.set(CLOSED);
    }
    r
}

/// End an aclose()/athrow() that finished (CPython's check_error).
fn athrow_check_error(vm: &Vm, a: &AgAwaitable, e: ObjRef) -> PyResult<Value> {
    if let Some(g) = gen_data(&a.gen) {
        g.ag_running.set(false);
    }
    a.state.set(CLOSED);
    if a.args.is_none()
        && (vm.exc_matches(&e, &vm.exc.stop_async_iteration)
            || vm.exc_matches(&e, &vm.exc.generator_exit))
    {
        return Err(vm.stop_iteration(None));
    }
    Err(e)
}

fn ignored_exit(vm: &Vm, a: &AgAwaitable) -> PyResult<Value> {
    if let Some(g) = gen_data(&a.gen) {
        g.ag_running.set(false);
    }
    a.state.set(CLOSED);
    Err(vm.runtime_error("async generator ignored GeneratorExit"))
}

fn athrow_send(vm: &Vm, a: &AgAwaitable, arg: Value) -> PyResult<Value> {
    let g = gen_data(&a.gen).ok_or_else(|| vm.type_error("expected an async generator"))?;
    if a.state.get() == CLOSED {
        return Err(reuse_error(vm, a));
    }
    if g.finished.get() {
        a.state.set(CLOSED);
        return Err(vm.stop_iteration(None));
    }
    if a.state.get() == INIT {
        if g.ag_running.get() {
            a.state.set(CLOSED);
            return Err(vm.runtime_error(if a.args.is_none() {
                "aclose(): asynchronous generator is already running"
            } else {
                "athrow(): asynchronous generator is already running"
            }));
        }
        if g.ag_closed.get() {
            a.state.set(CLOSED);
            return Err(vm.new_exception(&vm.exc.stop_async_iteration, vec![]));
        }
        if !arg.is_none() {
            return Err(vm.runtime_error("can't send non-None value to a just-started coroutine"));
        }
        a.state.set(ITER);
        g.ag_running.set(true);
        let r = match &a.args {
            None => {
                g.ag_closed.set(true);
                let e = vm.new_exception(&vm.exc.generator_exit, vec![]);
                match gen_resume(vm, &a.gen, Value::None, Some(e)) {
                    Ok(Resumed::Yield(_, true)) => return ignored_exit(vm, a),
                    Ok(Resumed::Yield(v, false)) => return Ok(v),
                    Ok(Resumed::Return(_)) => {
                        Err(vm.new_exception(&vm.exc.stop_async_iteration, vec![]))
                    }
                    Err(e) => Err(e),
                }
            }
            Some(targs) => {
                let e = make_throw_exc(vm, targs)?;
                unwrap_value(vm, &a.gen, gen_resume(vm, &a.gen, Value::None, Some(e)))
            }
        };
        return match r {
            Ok(v) => Ok(v),
            Err(e) => athrow_check_error(vm, a, e),
        };
    }
    let r = gen_resume(vm, &a.gen, arg, None);
    if a.args.is_some() {
        return unwrap_value(vm, &a.gen, r);
    }
    match r {
        Ok(Resumed::Yield(_, true)) => ignored_exit(vm, a),
        Ok(Resumed::Yield(v, false)) => Ok(v),
        Ok(Resumed::Return(_)) => athrow_check_error(
            vm,
            a,
            vm.new_exception(&vm.exc.stop_async_iteration, vec![]),
        ),
        Err(e) => athrow_check_error(vm, a, e),
    }
}

fn aw_send_impl(vm: &Vm, args: &Args, arg: Value) -> PyResult<Value> {
    let a = aw_state(vm, args)?;
    if a.throw {
        athrow_send(vm, a, arg)
    } else {
        asend_send(vm, a, arg)
    }
}

fn aw_send(vm: &Vm, args: Args) -> PyResult<Value> {
    let arg = args.pos().get(1).cloned().unwrap_or(Value::None);
    aw_send_impl(vm, &args, arg)
}

fn aw_next(vm: &Vm, args: Args) -> PyResult<Value> {
    aw_send_impl(vm, &args, Value::None)
}

fn aw_throw(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = aw_state(vm, &args)?;
    if a.state.get() == CLOSED {
        return Err(reuse_error(vm, a));
    }
    let e = make_throw_exc(vm, &args.pos()[1..])?;
    let r = gen_resume(vm, &a.gen, Value::None, Some(e));
    if !a.throw || a.args.is_some() {
        let r = unwrap_value(vm, &a.gen, r);
        if r.is_err() && !a.throw {
            a.state.set(CLOSED);
        }
        return r;
    }
    match r {
        Ok(Resumed::Yield(_, true)) => ignored_exit(vm, a),
        Ok(Resumed::Yield(v, false)) => Ok(v),
        Ok(Resumed::Return(_)) => Err(vm.stop_iteration(None)),
        Err(e)
            if vm.exc_matches(&e, &vm.exc.stop_async_iteration)
                || vm.exc_matches(&e, &vm.exc.generator_exit) =>
        {
            Err(vm.stop_iteration(None))
        }
        Err(e) => Err(e),
    }
}

fn aw_close(vm: &Vm, args: Args) -> PyResult<Value> {
    aw_state(vm, &args)?.state.set(CLOSED);
    Ok(Value::None)
}

fn aw_self(_vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(args.args[0].clone())
}

fn agen_running(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v.as_obj().and_then(gen_data) {
        Some(g) => Ok(Value::Bool(g.ag_running.get())),
        None => Err(vm.type_error("expected an async generator")),
    }
}

fn gen_yield_from(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v.as_obj().and_then(gen_data) {
        Some(g) => Ok(g.yield_from.get()),
        None => Err(vm.type_error("expected a generator")),
    }
}

fn gen_suspended(vm: &Vm, v: &Value) -> PyResult<Value> {
    match v.as_obj().and_then(gen_data) {
        Some(g) => {
            let started = g.frame.take().map(|f| {
                let s = f.lasti > 0;
                g.frame.set(Some(f));
                s
            });
            Ok(Value::Bool(started == Some(true) && !g.running.get()))
        }
        None => Err(vm.type_error("expected a generator")),
    }
}

/// `gi_frame`/`cr_frame`/`ag_frame`: the frame object of a suspended or running
/// generator, None once it finished.
fn gen_frame(vm: &Vm, v: &Value) -> PyResult<Value> {
    let g = v
        .as_obj()
        .and_then(gen_data)
        .ok_or_else(|| vm.type_error("expected a generator"))?;
    if let Some(f) = g.frame.take() {
        let o = crate::frame::frame_object(vm, &f);
        g.frame.set(Some(f));
        return Ok(Value::Obj(o));
    }
    if g.running.get() {
        // The frame is on the frame stack.
        let stack = vm.frame_stack.borrow();
        if let Some(fi) = stack.iter().rev().find(|fi| fi.code().is(&g.code)) {
            return Ok(Value::Obj(crate::frame::info_frame_object(vm, fi)));
        }
    }
    Ok(Value::None)
}

pub fn init(vm: &Vm) {
    let t = &vm.types;
    for ty in [&t.generator, &t.coroutine] {
        vm.add_method(ty, "send", gen_send);
        vm.add_method(ty, "throw", gen_throw);
        vm.add_method(ty, "close", gen_close);
    }
    for ty in [&t.generator, &t.coroutine, &t.async_generator] {
        vm.add_method(ty, "__repr__", gen_repr);
        vm.add_getset(ty, "__name__", gen_name, None);
        vm.add_getset(ty, "__qualname__", gen_qualname, None);
    }
    vm.add_getset(&t.generator, "gi_frame", gen_frame, None);
    vm.add_getset(&t.generator, "gi_yieldfrom", gen_yield_from, None);
    vm.add_getset(&t.generator, "gi_suspended", gen_suspended, None);
    vm.add_getset(&t.coroutine, "cr_frame", gen_frame, None);
    vm.add_getset(&t.coroutine, "cr_await", gen_yield_from, None);
    vm.add_getset(&t.coroutine, "cr_suspended", gen_suspended, None);
    vm.add_getset(&t.coroutine, "cr_origin", gen_origin, None);
    let ag = &t.async_generator;
    vm.add_method(ag, "__aiter__", agen_aiter);
    vm.add_method(ag, "__anext__", agen_anext);
    vm.add_method(ag, "asend", agen_asend);
    vm.add_method(ag, "athrow", agen_athrow);
    vm.add_method(ag, "aclose", agen_aclose);
    vm.add_getset(ag, "ag_running", agen_running, None);
    vm.add_getset(ag, "ag_code", gen_code, None);
    vm.add_getset(ag, "ag_frame", gen_frame, None);
    vm.add_getset(ag, "ag_await", gen_yield_from, None);
    for ty in [&t.async_gen_asend, &t.async_gen_athrow] {
        vm.add_method(ty, "send", aw_send);
        vm.add_method(ty, "throw", aw_throw);
        vm.add_method(ty, "close", aw_close);
        vm.add_method(ty, "__next__", aw_next);
        vm.add_method(ty, "__iter__", aw_self);
        vm.add_method(ty, "__await__", aw_self);
    }
    vm.add_method(&t.generator, "__iter__", gen_iter);
    vm.add_method(&t.generator, "__next__", gen_next);
    vm.add_getset(&t.generator, "gi_running", gen_running, None);
    vm.add_getset(&t.generator, "gi_code", gen_code, None);
    vm.add_getset(&t.coroutine, "cr_running", gen_running, None);
    vm.add_getset(&t.coroutine, "cr_code", gen_code, None);
    vm.add_method(&t.coroutine, "__await__", coro_await);
}
