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
    let what = match g.kind {
        GenKind::Generator => "generator",
        GenKind::Coroutine => "coroutine",
        GenKind::AsyncGenerator => "async generator",
    };
    if g.running.get() {
        return Err(vm.value_error(format!("{what} already executing")));
    }
    let frame = match g.frame.take() {
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
            "can't send non-None value to a just-started {what}"
        )));
    }
    g.running.set(true);
    let saved = vm.exc_info.replace(g.exc_state.replace(Value::None));
    let r = crate::eval::resume_frame(vm, frame, value, exc);
    g.exc_state.set(vm.exc_info.replace(saved));
    g.running.set(false);
    match r {
        Ok((crate::eval::FrameExit::Yield(v), mut frame)) => {
            let wrapped = std::mem::take(&mut frame.yield_wrapped);
            g.frame.set(Some(frame));
            Ok(Resumed::Yield(v, wrapped))
        }
        Ok((crate::eval::FrameExit::Generator, _)) => {
            g.finished.set(true);
            Ok(Resumed::Return(Value::None))
        }
        Ok((crate::eval::FrameExit::Return(v), _)) => {
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
                let new = vm.runtime_error(format!("{what} raised {name}"));
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

/// Resume the generator: Ok(Ok(yielded)) when it yields, Ok(Err(returned)) when it
/// returns.
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
    let g = gen_data(&o).ok_or_else(|| vm.type_error("expected a generator"))?;
    let started = g.frame.take().map(|f| {
        let s = f.lasti > 0;
        g.frame.set(Some(f));
        s
    });
    match started {
        None => return Ok(Value::None),
        Some(false) => {
            drop(g.frame.take());
            return Ok(Value::None);
        }
        Some(true) => {}
    }
    let e = vm.new_exception(&vm.exc.generator_exit, vec![]);
    match gen_send_ex(vm, &o, Value::None, Some(e)) {
        Ok(Ok(_)) => Err(vm.runtime_error("generator ignored GeneratorExit")),
        Ok(Err(_)) => Ok(Value::None),
        Err(e)
            if vm.exc_matches(&e, &vm.exc.generator_exit)
                || vm.exc_matches(&e, &vm.exc.stop_iteration) =>
        {
            Ok(Value::None)
        }
        Err(e) => Err(e),
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
    Ok(new_awaitable(vm, g, Value::None, None, false))
}

fn agen_asend(vm: &Vm, args: Args) -> PyResult<Value> {
    let g = self_agen(vm, &args)?;
    let v = args.pos().get(1).cloned().unwrap_or(Value::None);
    Ok(new_awaitable(vm, g, v, None, false))
}

fn agen_athrow(vm: &Vm, args: Args) -> PyResult<Value> {
    let g = self_agen(vm, &args)?;
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
        if let Some(fi) = stack.iter().rev().find(|fi| fi.code.is(&g.code)) {
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
    vm.add_method(&t.coroutine, "__next__", gen_next);
    vm.add_method(&t.coroutine, "__iter__", gen_iter);
}
