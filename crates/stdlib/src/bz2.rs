//! The `_bz2` module under Lib's `bz2.py`: `BZ2Compressor` and `BZ2Decompressor` on the
//! `bzip2` crate (its pure-Rust libbzip2 port), with CPython's streaming rules
//! (`max_length`, `needs_input`, `unused_data`, `eof`) and errors.

use std::cell::{Cell, RefCell};

use bzip2::{Action, Compress, Compression, Decompress, Status};
use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::NativeData;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::util::{bind_ex, native_of, this};

/// Output is produced in chunks of this size.
const CHUNK: usize = 64 * 1024;

fn data_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    pyrs_vm::objects::memoryview::bytes_like(v).ok_or_else(|| {
        vm.type_error(format!(
            "a bytes-like object is required, not '{}'",
            vm.type_name(v)
        ))
    })
}

/// A `BZ2Compressor`: `None` once flushed.
struct Compressor {
    inner: RefCell<Option<Compress>>,
}

impl NativeData for Compressor {}

fn compressor_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = crate::util::cls_arg(vm, &args)?;
    let rest = crate::util::rest(&args);
    let a = bind_ex(vm, "BZ2Compressor", &rest, &["compresslevel"], 0, 1, 1)?;
    let level = match &a[0] {
        None => 9,
        Some(v) => vm.to_index(v)?,
    };
    if !(1..=9).contains(&level) {
        return Err(vm.value_error("compresslevel must be between 1 and 9"));
    }
    let c = Compress::new(Compression::new(level as u32), 0);
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        Compressor {
            inner: RefCell::new(Some(c)),
        },
    )))
}

/// Run `data` through the compressor with `action` until it is all taken (and, for
/// `Finish`, the stream is ended).
fn run_compress(vm: &Vm, c: &mut Compress, data: &[u8], action: Action) -> PyResult<Vec<u8>> {
    let start = c.total_in();
    let mut out = Vec::new();
    loop {
        let consumed = ((c.total_in() - start) as usize).min(data.len());
        let mut chunk = Vec::with_capacity(CHUNK);
        let status = c
            .compress_vec(&data[consumed..], &mut chunk, action)
            .map_err(|_| {
                vm.new_exception_msg(
                    &vm.exc.os_error,
                    "Invalid sequence of commands sent to libbzip2",
                )
            })?;
        out.extend_from_slice(&chunk);
        let all_in = (c.total_in() - start) as usize >= data.len();
        match (action, status) {
            (Action::Finish, Status::StreamEnd) => return Ok(out),
            (Action::Finish, _) => {}
            _ if all_in && chunk.len() < chunk.capacity() => return Ok(out),
            _ => {}
        }
    }
}

fn compressor_compress(vm: &Vm, args: Args) -> PyResult<Value> {
    let me = this::<Compressor>(vm, &args, "_bz2.BZ2Compressor")?;
    let rest = crate::util::rest(&args);
    let data = data_arg(vm, crate::util::one_arg(vm, "compress", &rest)?)?;
    let mut guard = me.inner.borrow_mut();
    let Some(c) = guard.as_mut() else {
        return Err(vm.value_error("Compressor has been flushed"));
    };
    let out = run_compress(vm, c, &data, Action::Run)?;
    Ok(vm.new_bytes(out))
}

fn compressor_flush(vm: &Vm, args: Args) -> PyResult<Value> {
    let me = this::<Compressor>(vm, &args, "_bz2.BZ2Compressor")?;
    let mut guard = me.inner.borrow_mut();
    let Some(c) = guard.as_mut() else {
        return Err(vm.value_error("Repeated call to flush()"));
    };
    let out = run_compress(vm, c, &[], Action::Finish)?;
    *guard = None;
    Ok(vm.new_bytes(out))
}

/// A `BZ2Decompressor`: input not yet used is kept until output is asked for again.
struct Decompressor {
    inner: RefCell<Decompress>,
    pending: RefCell<Vec<u8>>,
    unused_data: RefCell<Vec<u8>>,
    eof: Cell<bool>,
    needs_input: Cell<bool>,
}

impl NativeData for Decompressor {}

fn decompressor_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = crate::util::cls_arg(vm, &args)?;
    let rest = crate::util::rest(&args);
    if !rest.pos().is_empty() || rest.kwargs().next().is_some() {
        return Err(vm.type_error("BZ2Decompressor() takes no arguments"));
    }
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        Decompressor {
            inner: RefCell::new(Decompress::new(false)),
            pending: RefCell::new(Vec::new()),
            unused_data: RefCell::new(Vec::new()),
            eof: Cell::new(false),
            needs_input: Cell::new(true),
        },
    )))
}

/// `decompress(data, max_length=-1)`.
fn decompressor_decompress(vm: &Vm, args: Args) -> PyResult<Value> {
    let me = this::<Decompressor>(vm, &args, "_bz2.BZ2Decompressor")?;
    let rest = crate::util::rest(&args);
    let a = bind_ex(vm, "decompress", &rest, &["data", "max_length"], 1, 0, 2)?;
    let data = data_arg(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let max_length = match &a[1] {
        None => -1,
        Some(v) => vm.to_index(v)?,
    };
    if me.eof.get() {
        return Err(vm.new_exception_msg(&vm.exc.eof_error, "End of stream already reached"));
    }
    let mut input = me.pending.borrow_mut();
    input.extend_from_slice(&data);
    let limit = if max_length < 0 {
        usize::MAX
    } else {
        max_length as usize
    };
    let mut d = me.inner.borrow_mut();
    let start = d.total_in();
    let mut out: Vec<u8> = Vec::new();
    let mut ended = false;
    loop {
        let consumed = ((d.total_in() - start) as usize).min(input.len());
        let room = limit - out.len();
        if room == 0 {
            break;
        }
        let mut chunk = Vec::with_capacity(room.min(CHUNK));
        let before = d.total_in();
        let status = d
            .decompress_vec(&input[consumed..], &mut chunk)
            .map_err(|e| match e {
                bzip2::Error::Data | bzip2::Error::DataMagic => {
                    vm.new_exception_msg(&vm.exc.os_error, "Invalid data stream")
                }
                _ => vm.new_exception_msg(
                    &vm.exc.os_error,
                    "Invalid sequence of commands sent to libbzip2",
                ),
            })?;
        out.extend_from_slice(&chunk);
        if status == Status::StreamEnd {
            ended = true;
            break;
        }
        let now = ((d.total_in() - start) as usize).min(input.len());
        let stalled = d.total_in() == before && chunk.is_empty();
        if stalled || (now >= input.len() && chunk.len() < chunk.capacity()) {
            break;
        }
    }
    let consumed = ((d.total_in() - start) as usize).min(input.len());
    let rest_input = input.split_off(consumed);
    input.clear();
    if ended {
        me.eof.set(true);
        me.needs_input.set(false);
        me.unused_data.borrow_mut().extend_from_slice(&rest_input);
    } else if out.len() >= limit && limit != usize::MAX {
        // The output limit was reached: more may come without new input.
        *input = rest_input;
        me.needs_input.set(false);
    } else {
        *input = rest_input;
        me.needs_input.set(true);
    }
    Ok(vm.new_bytes(out))
}

fn getter<T>(vm: &Vm, v: &Value, f: impl Fn(&Decompressor) -> T) -> PyResult<T> {
    let me =
        native_of::<Decompressor>(v).ok_or_else(|| vm.type_error("BZ2Decompressor expected"))?;
    Ok(f(me))
}

fn get_eof(vm: &Vm, v: &Value) -> PyResult<Value> {
    getter(vm, v, |d| Value::Bool(d.eof.get()))
}

fn get_needs_input(vm: &Vm, v: &Value) -> PyResult<Value> {
    getter(vm, v, |d| Value::Bool(d.needs_input.get()))
}

fn get_unused_data(vm: &Vm, v: &Value) -> PyResult<Value> {
    let data = getter(vm, v, |d| d.unused_data.borrow().clone())?;
    Ok(vm.new_bytes(data))
}

fn no_pickle(vm: &Vm, args: Args) -> PyResult<Value> {
    let obj = &args.args[0];
    let name = vm.type_name(obj);
    // Built-in types are named with their module, as CPython's tp_name.
    let cls = match obj {
        Value::Obj(o) => Value::Obj(o.class().clone()),
        _ => Value::None,
    };
    let module = vm
        .get_attr_opt(&cls, &vm.names.__module__)?
        .map(|m| vm.str_string(&m))
        .transpose()?;
    let shown = match module.as_deref() {
        Some("_bz2") => format!("_bz2.{name}"),
        _ => name.to_string(),
    };
    Err(vm.type_error(format!("cannot pickle '{shown}' object")))
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_bz2");
    let d = m
        .dict()
        .ok_or_else(|| vm.runtime_error("_bz2: module without a dict"))?;
    let comp = vm.new_native_type("_bz2", "BZ2Compressor", None, true, false);
    vm.add_static(&comp, "__new__", compressor_new);
    vm.add_method(&comp, "compress", compressor_compress);
    vm.add_method(&comp, "flush", compressor_flush);
    vm.add_method(&comp, "__reduce__", no_pickle);
    let decomp = vm.new_native_type("_bz2", "BZ2Decompressor", None, true, false);
    vm.add_static(&decomp, "__new__", decompressor_new);
    vm.add_method(&decomp, "decompress", decompressor_decompress);
    vm.add_method(&decomp, "__reduce__", no_pickle);
    vm.add_getset(&decomp, "eof", get_eof, None);
    vm.add_getset(&decomp, "needs_input", get_needs_input, None);
    vm.add_getset(&decomp, "unused_data", get_unused_data, None);
    pyrs_vm::objects::dict::set_str(&d, &vm.intern("BZ2Compressor"), Value::Obj(comp));
    pyrs_vm::objects::dict::set_str(&d, &vm.intern("BZ2Decompressor"), Value::Obj(decomp));
    Ok(m)
}
