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
        })),
    ))
}

fn gen_data(o: &ObjRef) -> Option<&GenData> {
    match &o.payload {
        Payload::Generator(g) => Some(g),
        _ => None,
    }
}

/// Resume the generator with `value` (or throw `exc` into it). Returns Ok(Ok(yielded))
/// when it yields, Ok(Err(returned)) when it returns.
pub fn gen_send_ex(
    vm: &Vm,
    o: &ObjRef,
    value: Value,
    exc: Option<ObjRef>,
) -> PyResult<Result<Value, Value>> {
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
            return Ok(Err(Value::None));
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
        Ok((crate::eval::FrameExit::Yield(v), frame)) => {
            g.frame.set(Some(frame));
            Ok(Ok(v))
        }
        Ok((crate::eval::FrameExit::Generator, _)) => {
            g.finished.set(true);
            Ok(Err(Value::None))
        }
        Ok((crate::eval::FrameExit::Return(v), _)) => {
            g.finished.set(true);
            Ok(Err(v))
        }
        Err(e) => {
            g.finished.set(true);
            if vm.exc_matches(&e, &vm.exc.stop_iteration) {
                let msg = format!("{what} raised StopIteration");
                let new = vm.runtime_error(msg);
                crate::objects::exceptions::exc_data(&new)
                    .map(|d| d.cause.set(Value::Obj(e.clone())));
                return Err(new);
            }
            Err(e)
        }
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

pub fn init(vm: &Vm) {
    let t = &vm.types;
    for ty in [&t.generator, &t.coroutine, &t.async_generator] {
        vm.add_method(ty, "send", gen_send);
        vm.add_method(ty, "throw", gen_throw);
        vm.add_method(ty, "close", gen_close);
        vm.add_method(ty, "__repr__", gen_repr);
        vm.add_getset(ty, "__name__", gen_name, None);
        vm.add_getset(ty, "__qualname__", gen_qualname, None);
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
