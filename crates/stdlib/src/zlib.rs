//! The `zlib` module: deflate compression in the zlib, raw and gzip formats
//! (`compress`, `decompress`, `compressobj`, `decompressobj`, `crc32`, `adler32`), on
//! the `flate2` crate with its pure-Rust `zlib-rs` back end, with CPython's arguments,
//! errors and streaming objects (`unused_data`, `unconsumed_tail`, `eof`).
//!
//! Not built: `memLevel` other than 8, a `strategy` other than the default and the
//! `copy()` methods raise NotImplementedError naming them (the back end exposes none).

use std::cell::{Cell, RefCell};

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};
use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::NativeData;
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::util::{bind_ex, this};

const MAX_WBITS: i64 = 15;
const DEFLATED: i64 = 8;
const DEF_MEM_LEVEL: i64 = 8;
const DEF_BUF_SIZE: i64 = 16384;
const Z_DEFAULT_COMPRESSION: i64 = -1;
const Z_FINISH: i64 = 4;

thread_local! {
    static TYPES: RefCell<Option<Types>> = const { RefCell::new(None) };
}

#[derive(Clone)]
struct Types {
    error: ObjRef,
    compress: ObjRef,
    decompress: ObjRef,
}

fn types(vm: &Vm) -> PyResult<Types> {
    TYPES
        .with(|t| t.borrow().clone())
        .ok_or_else(|| vm.runtime_error("zlib is not initialised"))
}

fn error(vm: &Vm, msg: impl Into<String>) -> ObjRef {
    match types(vm) {
        Ok(t) => vm.new_exception_msg(&t.error, msg),
        Err(e) => e,
    }
}

/// A zlib error as CPython words it: `Error <code> while <doing>: <zlib's message>`.
fn zlib_error(vm: &Vm, code: i32, doing: &str, msg: Option<&str>) -> ObjRef {
    match msg {
        Some(m) => error(vm, format!("Error {code} while {doing}: {m}")),
        None => error(vm, format!("Error {code} while {doing}")),
    }
}

fn inconsistent(vm: &Vm, doing: &str) -> ObjRef {
    zlib_error(vm, -2, doing, Some("inconsistent stream state"))
}

fn data_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    pyrs_vm::objects::memoryview::bytes_like(v).ok_or_else(|| {
        vm.type_error(format!(
            "a bytes-like object is required, not '{}'",
            vm.type_name(v)
        ))
    })
}

fn int_arg(vm: &Vm, v: Option<&Value>, default: i64) -> PyResult<i64> {
    match v {
        None => Ok(default),
        Some(v) => vm.to_index(v),
    }
}

/// The compressed stream's format, from `wbits`.
enum Format {
    Zlib(u8),
    Raw(u8),
    Gzip(u8),
}

fn compress_format(wbits: i64) -> Option<Format> {
    // zlib widens a window of 2**8 to 2**9 when compressing.
    let w = |b: i64| b.max(9) as u8;
    match wbits {
        8..=15 => Some(Format::Zlib(w(wbits))),
        -15..=-8 => Some(Format::Raw(w(-wbits))),
        24..=31 => Some(Format::Gzip(w(wbits - 16))),
        _ => None,
    }
}

fn new_compressor(level: i64, format: &Format) -> Option<Compress> {
    let level = match level {
        -1 => Compression::default(),
        0..=9 => Compression::new(level as u32),
        _ => return None,
    };
    Some(match *format {
        Format::Zlib(b) => Compress::new_with_window_bits(level, true, b),
        Format::Raw(b) => Compress::new_with_window_bits(level, false, b),
        Format::Gzip(b) => Compress::new_gzip(level, b),
    })
}

/// Output is produced in chunks of this size.
const CHUNK: usize = 64 * 1024;

/// Run `data` through `c` with `flush`, appending to `out`; false on a stream error.
fn run_compress(c: &mut Compress, data: &[u8], flush: FlushCompress, out: &mut Vec<u8>) -> bool {
    let start_in = c.total_in();
    loop {
        let consumed = (c.total_in() - start_in) as usize;
        let mut chunk = Vec::with_capacity(CHUNK);
        let before_in = c.total_in();
        let status = match c.compress_vec(&data[consumed.min(data.len())..], &mut chunk, flush) {
            Ok(s) => s,
            Err(_) => return false,
        };
        out.extend_from_slice(&chunk);
        if status == Status::StreamEnd {
            return true;
        }
        let all_in = (c.total_in() - start_in) as usize >= data.len();
        let room_left = chunk.len() < chunk.capacity();
        if all_in && room_left && !matches!(flush, FlushCompress::Finish) {
            return true;
        }
        if c.total_in() == before_in && chunk.is_empty() {
            return !matches!(flush, FlushCompress::Finish);
        }
    }
}

/// `zlib.compress(data, /, level=-1, wbits=15)`.
fn compress(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind_ex(vm, "compress", &args, &["data", "level", "wbits"], 1, 1, 3)?;
    let data = data_arg(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let level = int_arg(vm, a[1].as_ref(), Z_DEFAULT_COMPRESSION)?;
    let wbits = int_arg(vm, a[2].as_ref(), MAX_WBITS)?;
    let Some(mut c) = compress_format(wbits).and_then(|f| new_compressor(level, &f)) else {
        return Err(error(vm, "Bad compression level"));
    };
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    if !run_compress(&mut c, &data, FlushCompress::Finish, &mut out) {
        return Err(inconsistent(vm, "compressing data"));
    }
    Ok(vm.new_bytes(out))
}

/// The decompressor for `wbits`; `Auto` waits for the first bytes to tell zlib from gzip.
enum Inflater {
    Ready(Decompress),
    Auto(u8),
}

fn new_inflater(wbits: i64) -> Option<Inflater> {
    let w = |b: i64| if b == 0 { 15 } else { b.max(9) as u8 };
    Some(match wbits {
        0 | 8..=15 => Inflater::Ready(Decompress::new_with_window_bits(true, w(wbits))),
        -15..=-8 => Inflater::Ready(Decompress::new_with_window_bits(false, w(-wbits))),
        24..=31 => Inflater::Ready(Decompress::new_gzip(w(wbits - 16))),
        40..=47 => Inflater::Auto(w(wbits - 32)),
        _ => return None,
    })
}

impl Inflater {
    /// The decompressor, choosing the format from the first byte for automatic headers.
    fn ready(&mut self, first: Option<u8>) -> Option<&mut Decompress> {
        if let Inflater::Auto(b) = *self {
            let first = first?;
            *self = Inflater::Ready(if first == 0x1f {
                Decompress::new_gzip(b)
            } else {
                Decompress::new_with_window_bits(true, b)
            });
        }
        match self {
            Inflater::Ready(d) => Some(d),
            Inflater::Auto(_) => None,
        }
    }
}

/// What one run of the inflater did.
struct Inflated {
    consumed: usize,
    end: bool,
}

/// Inflate `data` into `out` (at most `limit` more bytes when non-zero), supplying
/// `zdict` when the stream asks for it.
fn run_inflate(
    vm: &Vm,
    d: &mut Decompress,
    data: &[u8],
    out: &mut Vec<u8>,
    limit: usize,
    zdict: Option<&[u8]>,
    flush: FlushDecompress,
) -> PyResult<Inflated> {
    let start_in = d.total_in();
    let mut produced = 0usize;
    loop {
        let consumed = ((d.total_in() - start_in) as usize).min(data.len());
        let room = if limit > 0 { limit - produced } else { CHUNK };
        if room == 0 {
            return Ok(Inflated {
                consumed,
                end: false,
            });
        }
        let mut chunk = Vec::with_capacity(room.min(CHUNK));
        let before_in = d.total_in();
        match d.decompress_vec(&data[consumed..], &mut chunk, flush) {
            Ok(status) => {
                produced += chunk.len();
                out.extend_from_slice(&chunk);
                let now = ((d.total_in() - start_in) as usize).min(data.len());
                if status == Status::StreamEnd {
                    return Ok(Inflated {
                        consumed: now,
                        end: true,
                    });
                }
                let stalled = d.total_in() == before_in && chunk.is_empty();
                let drained = now >= data.len() && chunk.len() < chunk.capacity();
                if stalled || drained {
                    return Ok(Inflated {
                        consumed: now,
                        end: false,
                    });
                }
            }
            Err(e) => {
                if let (Some(_), Some(z)) = (e.needs_dictionary(), zdict) {
                    if d.set_dictionary(z).is_err() {
                        return Err(zlib_error(vm, -3, "setting zdict", None));
                    }
                    continue;
                }
                return Err(inflate_error(vm, &e));
            }
        }
    }
}

fn inflate_error(vm: &Vm, e: &flate2::DecompressError) -> ObjRef {
    if e.needs_dictionary().is_some() {
        return zlib_error(vm, 2, "decompressing data", None);
    }
    zlib_error(vm, -3, "decompressing data", e.message())
}

/// `zlib.decompress(data, /, wbits=15, bufsize=16384)`.
fn decompress(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind_ex(
        vm,
        "decompress",
        &args,
        &["data", "wbits", "bufsize"],
        1,
        1,
        3,
    )?;
    let data = data_arg(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let wbits = int_arg(vm, a[1].as_ref(), MAX_WBITS)?;
    let bufsize = int_arg(vm, a[2].as_ref(), DEF_BUF_SIZE)?;
    if bufsize < 0 {
        return Err(vm.value_error("bufsize must be non-negative"));
    }
    let Some(mut inflater) = new_inflater(wbits) else {
        return Err(inconsistent(vm, "preparing to decompress data"));
    };
    let truncated = || {
        zlib_error(
            vm,
            -5,
            "decompressing data",
            Some("incomplete or truncated stream"),
        )
    };
    let Some(d) = inflater.ready(data.first().copied()) else {
        return Err(truncated());
    };
    let mut out = Vec::with_capacity((bufsize as usize).clamp(1, 1 << 20));
    let r = run_inflate(vm, d, &data, &mut out, 0, None, FlushDecompress::None)?;
    if !r.end {
        return Err(truncated());
    }
    Ok(vm.new_bytes(out))
}

/// A `zlib.Compress` object's state; `None` once finished with Z_FINISH.
struct Compressor {
    inner: RefCell<Option<Compress>>,
}

impl NativeData for Compressor {}

/// `zlib.compressobj(level=-1, method=DEFLATED, wbits=15, memLevel=8, strategy=0, zdict=None)`.
fn compressobj(vm: &Vm, args: Args) -> PyResult<Value> {
    let names = ["level", "method", "wbits", "memLevel", "strategy", "zdict"];
    let a = bind_ex(vm, "compressobj", &args, &names, 0, 0, 6)?;
    let level = int_arg(vm, a[0].as_ref(), Z_DEFAULT_COMPRESSION)?;
    let method = int_arg(vm, a[1].as_ref(), DEFLATED)?;
    let wbits = int_arg(vm, a[2].as_ref(), MAX_WBITS)?;
    let mem_level = int_arg(vm, a[3].as_ref(), DEF_MEM_LEVEL)?;
    let strategy = int_arg(vm, a[4].as_ref(), 0)?;
    let invalid = || vm.value_error("Invalid initialization option");
    if method != DEFLATED || !(1..=9).contains(&mem_level) || !(0..=4).contains(&strategy) {
        return Err(invalid());
    }
    let format = compress_format(wbits).ok_or_else(invalid)?;
    if !(-1..=9).contains(&level) {
        return Err(invalid());
    }
    if mem_level != DEF_MEM_LEVEL {
        return Err(vm.not_implemented_error(
            "pyrs: zlib.compressobj() with a memLevel other than 8 is not supported",
        ));
    }
    if strategy != 0 {
        return Err(vm.not_implemented_error(
            "pyrs: zlib.compressobj() with a strategy other than Z_DEFAULT_STRATEGY is not supported",
        ));
    }
    let mut c = new_compressor(level, &format).ok_or_else(invalid)?;
    if let Some(z) = a[5].as_ref().filter(|z| !z.is_none()) {
        let dict = pyrs_vm::objects::memoryview::bytes_like(z)
            .ok_or_else(|| vm.type_error("zdict argument must support the buffer protocol"))?;
        if c.set_dictionary(&dict).is_err() {
            return Err(invalid());
        }
    }
    let obj = vm.new_native_object(
        &types(vm)?.compress,
        Compressor {
            inner: RefCell::new(Some(c)),
        },
    );
    Ok(Value::Obj(obj))
}

fn compress_compress(vm: &Vm, args: Args) -> PyResult<Value> {
    let me = this::<Compressor>(vm, &args, "zlib.Compress")?;
    let rest = crate::util::rest(&args);
    let data = data_arg(vm, crate::util::one_arg(vm, "compress", &rest)?)?;
    let mut guard = me.inner.borrow_mut();
    let Some(c) = guard.as_mut() else {
        return Err(inconsistent(vm, "compressing data"));
    };
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    if !run_compress(c, &data, FlushCompress::None, &mut out) {
        return Err(inconsistent(vm, "compressing data"));
    }
    Ok(vm.new_bytes(out))
}

fn compress_flush(vm: &Vm, args: Args) -> PyResult<Value> {
    let me = this::<Compressor>(vm, &args, "zlib.Compress")?;
    let rest = crate::util::rest(&args);
    let a = bind_ex(vm, "flush", &rest, &["mode"], 0, 1, 1)?;
    let mode = int_arg(vm, a[0].as_ref(), Z_FINISH)?;
    if mode == 0 {
        return Ok(vm.new_bytes(Vec::new()));
    }
    let flush = match mode {
        1 => FlushCompress::Partial,
        2 => FlushCompress::Sync,
        3 => FlushCompress::Full,
        4 => FlushCompress::Finish,
        5 | 6 => {
            return Err(vm.not_implemented_error(
                "pyrs: zlib Compress.flush() with Z_BLOCK or Z_TREES is not supported",
            ))
        }
        _ => return Err(inconsistent(vm, "flushing")),
    };
    let mut guard = me.inner.borrow_mut();
    let Some(c) = guard.as_mut() else {
        return Err(inconsistent(vm, "flushing"));
    };
    let mut out = Vec::with_capacity(256);
    if !run_compress(c, &[], flush, &mut out) {
        return Err(inconsistent(vm, "flushing"));
    }
    if mode == Z_FINISH {
        *guard = None;
    }
    Ok(vm.new_bytes(out))
}

fn no_copy(vm: &Vm, _args: Args) -> PyResult<Value> {
    Err(vm.not_implemented_error(
        "pyrs: copy() of zlib Compress and Decompress objects is not supported",
    ))
}

/// A `zlib.Decompress` object's state.
struct Decompressor {
    inner: RefCell<Inflater>,
    zdict: Option<Vec<u8>>,
    unused_data: RefCell<Vec<u8>>,
    unconsumed_tail: RefCell<Vec<u8>>,
    eof: Cell<bool>,
}

impl NativeData for Decompressor {}

/// `zlib.decompressobj(wbits=15, zdict=b'')`.
fn decompressobj(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind_ex(vm, "decompressobj", &args, &["wbits", "zdict"], 0, 0, 2)?;
    let wbits = int_arg(vm, a[0].as_ref(), MAX_WBITS)?;
    let inflater =
        new_inflater(wbits).ok_or_else(|| vm.value_error("Invalid initialization option"))?;
    let zdict = match a[1].as_ref() {
        None => None,
        Some(z) => Some(
            pyrs_vm::objects::memoryview::bytes_like(z)
                .ok_or_else(|| vm.type_error("zdict argument must support the buffer protocol"))?,
        ),
    };
    let mut inflater = inflater;
    // A raw stream never asks for its dictionary: it is set up front.
    if let (Some(z), true) = (&zdict, wbits < 0) {
        if let Some(d) = inflater.ready(None) {
            if d.set_dictionary(z).is_err() {
                return Err(vm.value_error("Invalid initialization option"));
            }
        }
    }
    let obj = vm.new_native_object(
        &types(vm)?.decompress,
        Decompressor {
            inner: RefCell::new(inflater),
            zdict,
            unused_data: RefCell::new(Vec::new()),
            unconsumed_tail: RefCell::new(Vec::new()),
            eof: Cell::new(false),
        },
    );
    Ok(Value::Obj(obj))
}

/// Record what a run of the inflater left: input after the stream's end goes to
/// `unused_data`, input not reached (output limit) to `unconsumed_tail`.
fn settle_input(me: &Decompressor, data: &[u8], r: &Inflated) {
    let rest = &data[r.consumed.min(data.len())..];
    if r.end {
        me.eof.set(true);
        me.unused_data.borrow_mut().extend_from_slice(rest);
        me.unconsumed_tail.borrow_mut().clear();
    } else {
        *me.unconsumed_tail.borrow_mut() = rest.to_vec();
    }
}

fn decompress_decompress(vm: &Vm, args: Args) -> PyResult<Value> {
    let me = this::<Decompressor>(vm, &args, "zlib.Decompress")?;
    let rest = crate::util::rest(&args);
    let a = bind_ex(vm, "decompress", &rest, &["data", "max_length"], 1, 1, 2)?;
    let data = data_arg(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let max_length = int_arg(vm, a[1].as_ref(), 0)?;
    if max_length < 0 {
        return Err(vm.value_error("max_length must be non-negative"));
    }
    if me.eof.get() {
        me.unused_data.borrow_mut().extend_from_slice(&data);
        return Ok(vm.new_bytes(Vec::new()));
    }
    let mut inflater = me.inner.borrow_mut();
    let Some(d) = inflater.ready(data.first().copied()) else {
        return Ok(vm.new_bytes(Vec::new()));
    };
    let mut out = Vec::new();
    let r = run_inflate(
        vm,
        d,
        &data,
        &mut out,
        max_length as usize,
        me.zdict.as_deref(),
        FlushDecompress::None,
    )?;
    settle_input(me, &data, &r);
    Ok(vm.new_bytes(out))
}

fn decompress_flush(vm: &Vm, args: Args) -> PyResult<Value> {
    let me = this::<Decompressor>(vm, &args, "zlib.Decompress")?;
    let rest = crate::util::rest(&args);
    let a = bind_ex(vm, "flush", &rest, &["length"], 0, 1, 1)?;
    let length = int_arg(vm, a[0].as_ref(), DEF_BUF_SIZE)?;
    if length <= 0 {
        return Err(vm.value_error("length must be greater than zero"));
    }
    let data = me.unconsumed_tail.borrow().clone();
    if me.eof.get() {
        return Ok(vm.new_bytes(Vec::new()));
    }
    let mut inflater = me.inner.borrow_mut();
    let Some(d) = inflater.ready(data.first().copied()) else {
        return Ok(vm.new_bytes(Vec::new()));
    };
    let mut out = Vec::new();
    let r = run_inflate(
        vm,
        d,
        &data,
        &mut out,
        0,
        me.zdict.as_deref(),
        FlushDecompress::Sync,
    )?;
    settle_input(me, &data, &r);
    Ok(vm.new_bytes(out))
}

fn unused_data(vm: &Vm, v: &Value) -> PyResult<Value> {
    let me = crate::util::native_of::<Decompressor>(v)
        .ok_or_else(|| vm.type_error("Decompress expected"))?;
    Ok(vm.new_bytes(me.unused_data.borrow().clone()))
}

fn unconsumed_tail(vm: &Vm, v: &Value) -> PyResult<Value> {
    let me = crate::util::native_of::<Decompressor>(v)
        .ok_or_else(|| vm.type_error("Decompress expected"))?;
    Ok(vm.new_bytes(me.unconsumed_tail.borrow().clone()))
}

fn eof(vm: &Vm, v: &Value) -> PyResult<Value> {
    let me = crate::util::native_of::<Decompressor>(v)
        .ok_or_else(|| vm.type_error("Decompress expected"))?;
    Ok(Value::Bool(me.eof.get()))
}

/// `zlib.crc32(data, value=0)`.
fn crc32(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind_ex(vm, "crc32", &args, &["data", "value"], 1, 2, 2)?;
    let data = data_arg(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let start = checksum_start(vm, a[1].as_ref(), 0)?;
    Ok(Value::Int(i64::from(crate::binascii::crc32_update(
        start, &data,
    ))))
}

/// `zlib.adler32(data, value=1)`.
fn adler32(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = bind_ex(vm, "adler32", &args, &["data", "value"], 1, 2, 2)?;
    let data = data_arg(vm, a[0].as_ref().unwrap_or(&Value::None))?;
    let start = checksum_start(vm, a[1].as_ref(), 1)?;
    const MOD: u32 = 65521;
    let (mut a, mut b) = (start & 0xffff, start >> 16);
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    Ok(Value::Int(i64::from((b << 16) | a)))
}

/// A checksum's starting value: any int, taken modulo 2**32 as CPython's `unsigned int`
/// conversion does.
fn checksum_start(vm: &Vm, v: Option<&Value>, default: u32) -> PyResult<u32> {
    match v {
        None => Ok(default),
        Some(Value::Int(i)) => Ok(*i as u32),
        Some(Value::Bool(b)) => Ok(u32::from(*b)),
        Some(v) => {
            let big = crate::util::to_bigint(vm, v)?;
            let m = big % num_bigint::BigInt::from(1u64 << 32);
            let m = if m.sign() == num_bigint::Sign::Minus {
                m + num_bigint::BigInt::from(1u64 << 32)
            } else {
                m
            };
            Ok(num_traits::ToPrimitive::to_u32(&m).unwrap_or(0))
        }
    }
}

fn new_error_class(vm: &Vm) -> PyResult<ObjRef> {
    let ns = vm.new_dict();
    if let Value::Obj(nso) = &ns {
        pyrs_vm::objects::dict::set_str(nso, &vm.names.__module__, vm.new_str("zlib"));
    }
    let c = vm.call(
        &Value::Obj(vm.types.type_.clone()),
        Args::new(&[
            vm.new_str("error"),
            vm.new_tuple(vec![Value::Obj(vm.exc.exception.clone())]),
            ns,
        ]),
    )?;
    c.as_obj().cloned().ok_or_else(|| vm.type_error("class"))
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("zlib");
    let d = m
        .dict()
        .ok_or_else(|| vm.runtime_error("zlib: module without a dict"))?;
    let set = |name: &str, v: Value| pyrs_vm::objects::dict::set_str(&d, &vm.intern(name), v);
    let error = new_error_class(vm)?;
    set("error", Value::Obj(error.clone()));
    let compress_ty = vm.new_native_type("zlib", "Compress", None, false, false);
    vm.add_method(&compress_ty, "compress", compress_compress);
    vm.add_method(&compress_ty, "flush", compress_flush);
    vm.add_method(&compress_ty, "copy", no_copy);
    vm.add_method(&compress_ty, "__copy__", no_copy);
    vm.add_method(&compress_ty, "__deepcopy__", no_copy);
    let decompress_ty = vm.new_native_type("zlib", "Decompress", None, false, false);
    vm.add_method(&decompress_ty, "decompress", decompress_decompress);
    vm.add_method(&decompress_ty, "flush", decompress_flush);
    vm.add_method(&decompress_ty, "copy", no_copy);
    vm.add_method(&decompress_ty, "__copy__", no_copy);
    vm.add_method(&decompress_ty, "__deepcopy__", no_copy);
    vm.add_getset(&decompress_ty, "unused_data", unused_data, None);
    vm.add_getset(&decompress_ty, "unconsumed_tail", unconsumed_tail, None);
    vm.add_getset(&decompress_ty, "eof", eof, None);
    TYPES.with(|t| {
        *t.borrow_mut() = Some(Types {
            error,
            compress: compress_ty,
            decompress: decompress_ty,
        })
    });
    let fns: &[(&'static str, pyrs_vm::object::NativeFn)] = &[
        ("compress", compress),
        ("decompress", decompress),
        ("compressobj", compressobj),
        ("decompressobj", decompressobj),
        ("crc32", crc32),
        ("adler32", adler32),
    ];
    for (n, f) in fns {
        vm.add_module_fn(&m, n, *f);
    }
    for (name, v) in [
        ("MAX_WBITS", MAX_WBITS),
        ("DEFLATED", DEFLATED),
        ("DEF_MEM_LEVEL", DEF_MEM_LEVEL),
        ("DEF_BUF_SIZE", DEF_BUF_SIZE),
        ("Z_NO_COMPRESSION", 0),
        ("Z_BEST_SPEED", 1),
        ("Z_BEST_COMPRESSION", 9),
        ("Z_DEFAULT_COMPRESSION", Z_DEFAULT_COMPRESSION),
        ("Z_FILTERED", 1),
        ("Z_HUFFMAN_ONLY", 2),
        ("Z_RLE", 3),
        ("Z_FIXED", 4),
        ("Z_DEFAULT_STRATEGY", 0),
        ("Z_NO_FLUSH", 0),
        ("Z_PARTIAL_FLUSH", 1),
        ("Z_SYNC_FLUSH", 2),
        ("Z_FULL_FLUSH", 3),
        ("Z_FINISH", Z_FINISH),
        ("Z_BLOCK", 5),
        ("Z_TREES", 6),
    ] {
        set(name, Value::Int(v));
    }
    // The zlib version CPython 3.11 on Debian reports (the format is the same).
    set("ZLIB_VERSION", vm.new_str("1.2.13"));
    set("ZLIB_RUNTIME_VERSION", vm.new_str("1.2.13"));
    Ok(m)
}
