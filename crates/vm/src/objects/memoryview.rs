//! `memoryview` and the buffer protocol it rests on.
//!
//! An object exports a buffer when it is bytes, a bytearray, a memoryview, or a
//! natively defined object whose `NativeData::buffer` gives a [`BufferSource`] (so that
//! native modules such as `array` share the same path). A memoryview remembers its
//! exporter and a window over the exporter's bytes: a byte offset, a byte stride, an
//! item count and the struct-module format of its items; it reads and writes through
//! the exporter each time, so it sees the exporter's current contents.

use std::cell::Cell;

use crate::memory::ObjRef;
use crate::object::{NativeData, Payload};
use crate::objects::int;
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

/// Bytes an object lends to memoryview and other bytes-like consumers.
pub trait BufferSource {
    /// Call `f` with the current contents.
    fn with_bytes(&self, f: &mut dyn FnMut(&[u8]));
    /// Call `f` with the contents to modify in place (never for read-only buffers).
    fn with_bytes_mut(&self, f: &mut dyn FnMut(&mut [u8]));
    fn readonly(&self) -> bool;
    /// The struct-module format of one item.
    fn format(&self) -> String {
        "B".into()
    }
    fn itemsize(&self) -> usize {
        1
    }
    /// A memoryview started exporting this buffer (CPython's export count, with which
    /// `array` refuses to resize while viewed).
    fn export_acquired(&self) {}
    /// A memoryview of this buffer was released or freed.
    fn export_released(&self) {}
}

/// The state of a memoryview.
pub struct MemoryViewData {
    /// The exporting object (bytes, bytearray or a native buffer; never a memoryview).
    pub obj: Value,
    /// Byte offset of the first item in the exporter.
    offset: usize,
    /// Bytes between consecutive items (negative for reversed slices).
    stride: isize,
    /// Number of items.
    len: usize,
    format: String,
    itemsize: usize,
    /// The shape given by `cast(..., shape)` (one dimension otherwise).
    shape: Vec<usize>,
    readonly: bool,
    released: Cell<bool>,
}

impl NativeData for MemoryViewData {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        visit(&self.obj);
    }
}

impl Drop for MemoryViewData {
    fn drop(&mut self) {
        if !self.released.get() {
            with_source(&self.obj, |src| src.export_released());
            count_export(&self.obj, -1);
        }
    }
}

/// The number of live (unreleased) memoryviews of each bytearray, keyed by the
/// bytearray's address (each view holds a reference, so the address stays valid while
/// the count is positive). A bytearray with exports refuses to change size, as in CPython.
fn bytearray_exports() -> &'static std::sync::Mutex<std::collections::HashMap<usize, usize>> {
    static EXPORTS: std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<usize, usize>>> =
        std::sync::OnceLock::new();
    EXPORTS.get_or_init(Default::default)
}

fn bytearray_key(obj: &Value) -> Option<usize> {
    match obj {
        Value::Obj(o) if matches!(o.payload, Payload::ByteArray(_)) => {
            Some(&o.payload as *const Payload as usize)
        }
        _ => None,
    }
}

fn count_export(obj: &Value, delta: isize) {
    if let Some(k) = bytearray_key(obj) {
        if let Ok(mut m) = bytearray_exports().lock() {
            let n = m.entry(k).or_insert(0);
            *n = n.saturating_add_signed(delta);
            if *n == 0 {
                m.remove(&k);
            }
        }
    }
}

/// BufferError when the bytearray `obj` has live memoryviews and so cannot change size.
pub fn check_resizable(vm: &Vm, obj: &Value) -> PyResult<()> {
    if let Some(k) = bytearray_key(obj) {
        let exported = bytearray_exports()
            .lock()
            .map(|m| m.contains_key(&k))
            .unwrap_or(false);
        if exported {
            return Err(vm.new_exception_msg(
                &vm.exc.buffer_error,
                "Existing exports of data: object cannot be re-sized",
            ));
        }
    }
    Ok(())
}

/// Call `f` with the native buffer source of `obj`, when it has one.
fn with_source(obj: &Value, f: impl FnOnce(&dyn BufferSource)) {
    if let Value::Obj(o) = obj {
        if let Payload::Native(n) = &o.payload {
            if let Some(src) = n.buffer() {
                f(src);
            }
        }
    }
}

/// A new memoryview object over `data`, counted as an export of its exporter.
fn new_view(vm: &Vm, data: MemoryViewData) -> Value {
    with_source(&data.obj, |src| src.export_acquired());
    count_export(&data.obj, 1);
    Value::Obj(vm.new_native_object(&vm.types.memoryview, data))
}

fn view_of(v: &Value) -> Option<&MemoryViewData> {
    match v {
        Value::Obj(o) => o.payload.native::<MemoryViewData>(),
        _ => None,
    }
}

/// Read the whole buffer `obj` exports, if it exports one.
fn with_export<R>(obj: &Value, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    let Value::Obj(o) = obj else { return None };
    match &o.payload {
        Payload::Bytes(b) => Some(f(b)),
        Payload::ByteArray(b) => Some(f(&b.borrow())),
        Payload::Native(n) => {
            let src = n.buffer()?;
            let mut f = Some(f);
            let mut out = None;
            src.with_bytes(&mut |b| {
                if let Some(f) = f.take() {
                    out = Some(f(b));
                }
            });
            out
        }
        _ => None,
    }
}

/// Modify the buffer `obj` exports; false when it exports none or is read-only.
fn with_export_mut(obj: &Value, f: &mut dyn FnMut(&mut [u8])) -> bool {
    let Value::Obj(o) = obj else { return false };
    match &o.payload {
        Payload::ByteArray(b) => {
            f(&mut b.borrow_mut());
            true
        }
        Payload::Native(n) => match n.buffer() {
            Some(src) if !src.readonly() => {
                src.with_bytes_mut(f);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// The bytes of any bytes-like object (bytes, bytearray, memoryview, native buffers).
pub fn bytes_like(v: &Value) -> Option<Vec<u8>> {
    if let Some(mv) = view_of(v) {
        if mv.released.get() {
            return None;
        }
        return Some(view_bytes(mv));
    }
    with_export(v, <[u8]>::to_vec)
}

/// The byte length of a writable buffer (bytearray, writable memoryview, writable
/// native buffer), for `readinto`-style calls.
pub fn writable_len(v: &Value) -> Option<usize> {
    if let Some(mv) = view_of(v) {
        return (!mv.readonly && !mv.released.get()).then_some(mv.len * mv.itemsize);
    }
    let Value::Obj(o) = v else { return None };
    match &o.payload {
        Payload::ByteArray(b) => Some(b.borrow().len()),
        Payload::Native(n) => match n.buffer() {
            Some(src) if !src.readonly() => {
                let mut len = 0;
                src.with_bytes(&mut |b| len = b.len());
                Some(len)
            }
            _ => None,
        },
        _ => None,
    }
}

/// Copy `data` into the start of a writable buffer; the count copied (None when `v` is
/// not writable).
pub fn write_prefix(v: &Value, data: &[u8]) -> Option<usize> {
    if let Some(mv) = view_of(v) {
        if mv.readonly || mv.released.get() {
            return None;
        }
        let n = data.len().min(mv.len * mv.itemsize);
        let mut done = 0;
        with_export_mut(&mv.obj, &mut |buf| {
            for (k, &byte) in data[..n].iter().enumerate() {
                let item = k / mv.itemsize;
                let at =
                    mv.offset as isize + item as isize * mv.stride + (k % mv.itemsize) as isize;
                if let Some(slot) = buf.get_mut(at as usize) {
                    *slot = byte;
                    done += 1;
                }
            }
        });
        return Some(done);
    }
    let mut copied = None;
    let ok = with_export_mut(v, &mut |buf| {
        let n = data.len().min(buf.len());
        buf[..n].copy_from_slice(&data[..n]);
        copied = Some(n);
    });
    if ok {
        copied
    } else {
        None
    }
}

/// The bytes a view covers, in order.
fn view_bytes(mv: &MemoryViewData) -> Vec<u8> {
    with_export(&mv.obj, |b| {
        let mut out = Vec::with_capacity(mv.len * mv.itemsize);
        for k in 0..mv.len {
            let at = mv.offset as isize + k as isize * mv.stride;
            if at < 0 {
                break;
            }
            let at = at as usize;
            if let Some(item) = b.get(at..at + mv.itemsize) {
                out.extend_from_slice(item);
            }
        }
        out
    })
    .unwrap_or_default()
}

/// Size in bytes of one item of a struct format (the native-mode subset memoryview
/// supports), or None for formats it does not support.
fn format_size(fmt: &str) -> Option<usize> {
    let code = fmt.strip_prefix('@').unwrap_or(fmt);
    Some(match code {
        "B" | "b" | "c" | "?" => 1,
        "h" | "H" | "e" => 2,
        "i" | "I" | "f" => 4,
        "l" | "L" | "q" | "Q" | "n" | "N" | "d" | "P" => 8,
        _ => return None,
    })
}

fn unpack(vm: &Vm, fmt: &str, b: &[u8]) -> PyResult<Value> {
    let code = fmt.strip_prefix('@').unwrap_or(fmt);
    let arr = |n: usize| -> [u8; 8] {
        let mut a = [0u8; 8];
        a[..n].copy_from_slice(&b[..n]);
        a
    };
    Ok(match code {
        "B" => Value::Int(b[0] as i64),
        "b" => Value::Int(b[0] as i8 as i64),
        "c" => vm.new_bytes(vec![b[0]]),
        "?" => Value::Bool(b[0] != 0),
        "h" => Value::Int(i16::from_ne_bytes([b[0], b[1]]) as i64),
        "H" => Value::Int(u16::from_ne_bytes([b[0], b[1]]) as i64),
        "i" => Value::Int(i32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as i64),
        "I" => Value::Int(u32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as i64),
        "f" => Value::Float(f32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as f64),
        "l" | "q" | "n" => Value::Int(i64::from_ne_bytes(arr(8))),
        "L" | "Q" | "N" | "P" => vm.new_bigint(u64::from_ne_bytes(arr(8)).into()),
        "d" => Value::Float(f64::from_ne_bytes(arr(8))),
        _ => {
            return Err(vm.not_implemented_error(format!("memoryview: format {fmt} not supported")))
        }
    })
}

fn pack(vm: &Vm, fmt: &str, v: &Value) -> PyResult<Vec<u8>> {
    let code = fmt.strip_prefix('@').unwrap_or(fmt);
    let invalid = || vm.type_error(format!("memoryview: invalid type for format '{fmt}'"));
    let int_in = |lo: i128, hi: i128| -> PyResult<i128> {
        if !int::is_int(v) {
            return Err(invalid());
        }
        let i = int::as_bigint(v)
            .and_then(|b| num_traits::ToPrimitive::to_i128(&b))
            .filter(|i| (lo..=hi).contains(i))
            .ok_or_else(|| {
                vm.value_error(format!("memoryview: invalid value for format '{fmt}'"))
            })?;
        Ok(i)
    };
    Ok(match code {
        "B" => vec![int_in(0, 255)? as u8],
        "b" => vec![int_in(-128, 127)? as i8 as u8],
        "c" => match bytes_like(v) {
            Some(b) if b.len() == 1 => b,
            _ => return Err(invalid()),
        },
        "?" => vec![vm.is_true(v)? as u8],
        "h" => (int_in(i16::MIN as i128, i16::MAX as i128)? as i16)
            .to_ne_bytes()
            .to_vec(),
        "H" => (int_in(0, u16::MAX as i128)? as u16).to_ne_bytes().to_vec(),
        "i" => (int_in(i32::MIN as i128, i32::MAX as i128)? as i32)
            .to_ne_bytes()
            .to_vec(),
        "I" => (int_in(0, u32::MAX as i128)? as u32).to_ne_bytes().to_vec(),
        "l" | "q" | "n" => (int_in(i64::MIN as i128, i64::MAX as i128)? as i64)
            .to_ne_bytes()
            .to_vec(),
        "L" | "Q" | "N" | "P" => (int_in(0, u64::MAX as i128)? as u64).to_ne_bytes().to_vec(),
        "f" | "d" => {
            let f = match v {
                Value::Float(f) => *f,
                _ if int::is_int(v) => crate::objects::float::to_float(vm, v)?,
                _ => return Err(invalid()),
            };
            if code == "f" {
                (f as f32).to_ne_bytes().to_vec()
            } else {
                f.to_ne_bytes().to_vec()
            }
        }
        _ => {
            return Err(vm.not_implemented_error(format!("memoryview: format {fmt} not supported")))
        }
    })
}

fn released_error(vm: &Vm) -> ObjRef {
    vm.value_error("operation forbidden on released memoryview object")
}

/// The view `self` refers to, checked not to be released.
fn this<'a>(vm: &Vm, args: &'a Args) -> PyResult<&'a MemoryViewData> {
    let mv = args
        .args
        .first()
        .and_then(view_of)
        .ok_or_else(|| vm.type_error("descriptor requires a 'memoryview' object"))?;
    if mv.released.get() {
        return Err(released_error(vm));
    }
    Ok(mv)
}

/// `memoryview(obj)`.
pub fn new_memoryview(vm: &Vm, obj: &Value) -> PyResult<Value> {
    if let Some(mv) = view_of(obj) {
        if mv.released.get() {
            return Err(released_error(vm));
        }
        let copy = MemoryViewData {
            obj: mv.obj.clone(),
            offset: mv.offset,
            stride: mv.stride,
            len: mv.len,
            format: mv.format.clone(),
            itemsize: mv.itemsize,
            shape: mv.shape.clone(),
            readonly: mv.readonly,
            released: Cell::new(false),
        };
        return Ok(new_view(vm, copy));
    }
    let (readonly, format, itemsize) = match obj {
        Value::Obj(o) => match &o.payload {
            Payload::Bytes(_) => (true, "B".to_string(), 1),
            Payload::ByteArray(_) => (false, "B".to_string(), 1),
            Payload::Native(n) => match n.buffer() {
                Some(src) => (src.readonly(), src.format(), src.itemsize()),
                None => return Err(not_bytes_like(vm, obj)),
            },
            _ => return Err(not_bytes_like(vm, obj)),
        },
        _ => return Err(not_bytes_like(vm, obj)),
    };
    let nbytes = with_export(obj, <[u8]>::len).unwrap_or(0);
    let len = nbytes / itemsize.max(1);
    let data = MemoryViewData {
        obj: obj.clone(),
        offset: 0,
        stride: itemsize as isize,
        len,
        format,
        itemsize,
        shape: vec![len],
        readonly,
        released: Cell::new(false),
    };
    Ok(new_view(vm, data))
}

fn not_bytes_like(vm: &Vm, obj: &Value) -> ObjRef {
    vm.type_error(format!(
        "memoryview: a bytes-like object is required, not '{}'",
        vm.type_name(obj)
    ))
}

fn mv_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = args.pos();
    let mut obj = p.get(1).cloned();
    for (k, v) in args.kwargs() {
        if vm.str_string(k)? == "object" && obj.is_none() {
            obj = Some(v.clone());
        } else {
            return Err(vm.type_error(format!(
                "memoryview() got an unexpected keyword argument '{}'",
                vm.str_string(k)?
            )));
        }
    }
    match obj {
        Some(o) if p.len() <= 2 => new_memoryview(vm, &o),
        Some(_) => Err(vm.type_error(format!(
            "memoryview() takes at most 1 argument ({} given)",
            p.len() - 1
        ))),
        None => Err(vm.type_error("memoryview() missing required argument 'object' (pos 1)")),
    }
}

fn item_at(vm: &Vm, mv: &MemoryViewData, k: usize) -> PyResult<Value> {
    let at = (mv.offset as isize + k as isize * mv.stride) as usize;
    let bytes = with_export(&mv.obj, |b| b.get(at..at + mv.itemsize).map(<[u8]>::to_vec))
        .flatten()
        .ok_or_else(|| vm.index_error("index out of bounds on dimension 1"))?;
    unpack(vm, &mv.format, &bytes)
}

fn index_arg(vm: &Vm, mv: &MemoryViewData, key: &Value) -> PyResult<usize> {
    let i = vm.to_index(key).map_err(|e| {
        if vm.exc_matches(&e, &vm.exc.type_error) {
            vm.type_error("memoryview: invalid slice key")
        } else {
            e
        }
    })?;
    let n = mv.len as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.index_error("index out of bounds on dimension 1"));
    }
    Ok(j as usize)
}

fn mv_getitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let mv = this(vm, &args)?;
    let key = args.args.get(1).cloned().unwrap_or(Value::None);
    if mv.shape.len() != 1 {
        return Err(vm.not_implemented_error("multi-dimensional sub-views are not implemented"));
    }
    if let Value::Obj(k) = &key {
        if let Payload::Slice(s) = &k.payload {
            let (start, _, step, n) = crate::objects::seq::slice_indices(vm, s, mv.len as i64)?;
            let sub = MemoryViewData {
                obj: mv.obj.clone(),
                offset: (mv.offset as isize + start as isize * mv.stride) as usize,
                stride: mv.stride * step as isize,
                len: n as usize,
                format: mv.format.clone(),
                itemsize: mv.itemsize,
                shape: vec![n as usize],
                readonly: mv.readonly,
                released: Cell::new(false),
            };
            return Ok(new_view(vm, sub));
        }
        if o_is_ellipsis(vm, k) {
            return new_memoryview(vm, &args.args[0]);
        }
    }
    let k = index_arg(vm, mv, &key)?;
    item_at(vm, mv, k)
}

fn o_is_ellipsis(vm: &Vm, o: &ObjRef) -> bool {
    o.is(&vm.ellipsis)
}

fn mv_setitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let mv = this(vm, &args)?;
    if mv.readonly {
        return Err(vm.type_error("cannot modify read-only memory"));
    }
    let key = args.args.get(1).cloned().unwrap_or(Value::None);
    let value = args.args.get(2).cloned().unwrap_or(Value::None);
    // (byte offset, bytes) pairs to write.
    let mut writes: Vec<(usize, Vec<u8>)> = Vec::new();
    if let Value::Obj(k) = &key {
        if let Payload::Slice(s) = &k.payload {
            let (start, _, step, n) = crate::objects::seq::slice_indices(vm, s, mv.len as i64)?;
            let src = bytes_like(&value).ok_or_else(|| {
                vm.type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    vm.type_name(&value)
                ))
            })?;
            let src_format = view_of(&value).map_or("B".to_string(), |v| v.format.clone());
            if src.len() != n as usize * mv.itemsize || src_format != mv.format {
                return Err(vm.value_error(
                    "memoryview assignment: lvalue and rvalue have different structures",
                ));
            }
            for k in 0..n as usize {
                let at = mv.offset as isize
                    + (start as isize + (k as isize) * step as isize) * mv.stride;
                writes.push((
                    at as usize,
                    src[k * mv.itemsize..(k + 1) * mv.itemsize].to_vec(),
                ));
            }
        }
    }
    if writes.is_empty() && !matches!(&key, Value::Obj(k) if matches!(k.payload, Payload::Slice(_)))
    {
        let k = index_arg(vm, mv, &key)?;
        let at = mv.offset as isize + k as isize * mv.stride;
        writes.push((at as usize, pack(vm, &mv.format, &value)?));
    }
    let ok = with_export_mut(&mv.obj, &mut |buf| {
        for (at, bytes) in &writes {
            if let Some(dst) = buf.get_mut(*at..*at + bytes.len()) {
                dst.copy_from_slice(bytes);
            }
        }
    });
    if !ok {
        return Err(vm.type_error("cannot modify read-only memory"));
    }
    Ok(Value::None)
}

fn mv_delitem(vm: &Vm, args: Args) -> PyResult<Value> {
    if this(vm, &args)?.readonly {
        return Err(vm.type_error("cannot modify read-only memory"));
    }
    Err(vm.type_error("cannot delete memory"))
}

fn mv_len(vm: &Vm, args: Args) -> PyResult<Value> {
    let mv = this(vm, &args)?;
    Ok(Value::Int(mv.shape.first().copied().unwrap_or(1) as i64))
}

fn mv_tobytes(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(vm.new_bytes(view_bytes(this(vm, &args)?)))
}

fn mv_tolist(vm: &Vm, args: Args) -> PyResult<Value> {
    let mv = this(vm, &args)?;
    let mut items = Vec::with_capacity(mv.len);
    for k in 0..mv.len {
        items.push(item_at(vm, mv, k)?);
    }
    if mv.shape.len() > 1 {
        // Nest the flat items by the shape, last dimension innermost.
        let mut level = items;
        for &dim in mv.shape[1..].iter().rev() {
            level = level
                .chunks(dim.max(1))
                .map(|c| vm.new_list(c.to_vec()))
                .collect();
        }
        return Ok(vm.new_list(level));
    }
    Ok(vm.new_list(items))
}

fn mv_hex(vm: &Vm, args: Args) -> PyResult<Value> {
    let bytes = view_bytes(this(vm, &args)?);
    let b = vm.new_bytes(bytes);
    let mut rest: Vec<Value> = args.args[1..].to_vec();
    rest.insert(0, b.clone());
    let hex = vm.get_attr_str(&b, "hex")?;
    vm.call(&hex, Args::with_kw(&args.args[1..], args.kwnames))
}

fn mv_release(vm: &Vm, args: Args) -> PyResult<Value> {
    if let Some(mv) = args.args.first().and_then(view_of) {
        if !mv.released.replace(true) {
            with_source(&mv.obj, |src| src.export_released());
            count_export(&mv.obj, -1);
        }
        return Ok(Value::None);
    }
    Err(vm.type_error("descriptor requires a 'memoryview' object"))
}

fn mv_enter(vm: &Vm, args: Args) -> PyResult<Value> {
    this(vm, &args)?;
    Ok(args.args[0].clone())
}

fn mv_exit(vm: &Vm, args: Args) -> PyResult<Value> {
    mv_release(vm, args)
}

fn mv_cast(vm: &Vm, args: Args) -> PyResult<Value> {
    let mv = this(vm, &args)?;
    let fmt = match args.args.get(1) {
        Some(f @ Value::Obj(o)) if o.payload.as_str().is_some() => vm.str_string(f)?,
        _ => return Err(vm.type_error("memoryview: format argument must be a string")),
    };
    let itemsize = format_size(&fmt).ok_or_else(|| {
        vm.value_error(
            "memoryview: destination format must be a native single character format prefixed with an optional '@'",
        )
    })?;
    if mv.stride != mv.itemsize as isize {
        return Err(vm.type_error("memoryview: casts are restricted to C-contiguous views"));
    }
    if mv.format != "B"
        && mv.format != "b"
        && mv.format != "c"
        && fmt != "B"
        && fmt != "b"
        && fmt != "c"
    {
        return Err(vm.type_error("memoryview: cannot cast between two non-byte formats"));
    }
    let nbytes = mv.len * mv.itemsize;
    if nbytes % itemsize != 0 {
        return Err(vm.type_error("memoryview: length is not a multiple of itemsize"));
    }
    let len = nbytes / itemsize;
    let shape = match args.args.get(2) {
        None | Some(Value::None) => vec![len],
        Some(s) => {
            let dims: PyResult<Vec<usize>> = vm
                .collect(s)?
                .iter()
                .map(|d| vm.to_index(d).map(|d| d.max(0) as usize))
                .collect();
            let dims = dims?;
            if dims.iter().product::<usize>() * itemsize != nbytes {
                return Err(vm.type_error("memoryview: product(shape) * itemsize != buffer size"));
            }
            dims
        }
    };
    let data = MemoryViewData {
        obj: mv.obj.clone(),
        offset: mv.offset,
        stride: itemsize as isize,
        len,
        format: fmt,
        itemsize,
        shape,
        readonly: mv.readonly,
        released: Cell::new(false),
    };
    Ok(new_view(vm, data))
}

fn mv_toreadonly(vm: &Vm, args: Args) -> PyResult<Value> {
    let mv = this(vm, &args)?;
    let data = MemoryViewData {
        obj: mv.obj.clone(),
        offset: mv.offset,
        stride: mv.stride,
        len: mv.len,
        format: mv.format.clone(),
        itemsize: mv.itemsize,
        shape: mv.shape.clone(),
        readonly: true,
        released: Cell::new(false),
    };
    Ok(new_view(vm, data))
}

fn mv_eq(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = args.args.first().and_then(view_of);
    let other = args.args.get(1).cloned().unwrap_or(Value::None);
    let Some(a) = a else {
        return Ok(vm.not_implemented());
    };
    if a.released.get() || view_of(&other).is_some_and(|b| b.released.get()) {
        return Ok(Value::Bool(args.args[0].is(&other)));
    }
    let Some(other_bytes) = bytes_like(&other) else {
        return Ok(vm.not_implemented());
    };
    let other_format = view_of(&other).map_or("B".to_string(), |v| v.format.clone());
    if a.format == other_format {
        return Ok(Value::Bool(view_bytes(a) == other_bytes));
    }
    // Different formats compare item by item.
    let mine = mv_tolist(vm, Args::new(&args.args[..1]))?;
    let theirs = match view_of(&other) {
        Some(_) => mv_tolist(vm, Args::new(std::slice::from_ref(&other)))?,
        None => vm.new_list(other_bytes.iter().map(|&b| Value::Int(b as i64)).collect()),
    };
    Ok(Value::Bool(vm.eq(&mine, &theirs)?))
}

fn mv_hash(vm: &Vm, args: Args) -> PyResult<Value> {
    let mv = this(vm, &args)?;
    if !mv.readonly {
        return Err(vm.value_error("cannot hash writable memoryview object"));
    }
    if !matches!(mv.format.as_str(), "B" | "b" | "c") {
        return Err(vm.value_error("memoryview: hashing is restricted to formats 'B', 'b' or 'c'"));
    }
    let b = vm.new_bytes(view_bytes(mv));
    Ok(Value::Int(vm.hash(&b)?))
}

fn mv_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let v = &args.args[0];
    let released = view_of(v).is_some_and(|m| m.released.get());
    let addr = match v {
        Value::Obj(o) => o.id(),
        _ => 0,
    };
    Ok(vm.new_str(if released {
        format!("<released memory at {addr:#x}>")
    } else {
        format!("<memory at {addr:#x}>")
    }))
}

fn mv_iter(vm: &Vm, args: Args) -> PyResult<Value> {
    let l = mv_tolist(vm, args)?;
    vm.iter(&l)
}

macro_rules! getter {
    ($name:ident, |$vm:ident, $mv:ident| $e:expr) => {
        fn $name($vm: &Vm, v: &Value) -> PyResult<Value> {
            let $mv = view_of(v).ok_or_else(|| $vm.type_error("expected a memoryview"))?;
            if $mv.released.get() {
                return Err(released_error($vm));
            }
            Ok($e)
        }
    };
}

getter!(mv_obj, |vm, mv| mv.obj.clone());
getter!(mv_nbytes, |vm, mv| Value::Int(
    (mv.len * mv.itemsize) as i64
));
getter!(mv_readonly, |vm, mv| Value::Bool(mv.readonly));
getter!(mv_itemsize, |vm, mv| Value::Int(mv.itemsize as i64));
getter!(mv_format, |vm, mv| vm.new_str(mv.format.clone()));
getter!(mv_ndim, |vm, mv| Value::Int(mv.shape.len() as i64));
getter!(mv_shape, |vm, mv| vm.new_tuple(
    mv.shape.iter().map(|&d| Value::Int(d as i64)).collect()
));
getter!(mv_strides, |vm, mv| {
    let mut strides = vec![mv.stride as i64; mv.shape.len()];
    for i in (0..mv.shape.len().saturating_sub(1)).rev() {
        strides[i] = strides[i + 1] * mv.shape[i + 1] as i64;
    }
    vm.new_tuple(strides.into_iter().map(Value::Int).collect())
});
getter!(mv_suboffsets, |vm, _mv| vm.new_tuple(Vec::new()));
getter!(mv_contiguous, |vm, mv| Value::Bool(
    mv.stride == mv.itemsize as isize || mv.len <= 1
));

fn mv_released(vm: &Vm, v: &Value) -> PyResult<Value> {
    view_of(v)
        .map(|m| Value::Bool(m.released.get()))
        .ok_or_else(|| vm.type_error("expected a memoryview"))
}

/// Install the memoryview type's methods and attributes.
pub fn init(vm: &Vm) {
    let t = &vm.types.memoryview;
    vm.add_static(t, "__new__", mv_new);
    vm.add_method(t, "__getitem__", mv_getitem);
    vm.add_method(t, "__setitem__", mv_setitem);
    vm.add_method(t, "__delitem__", mv_delitem);
    vm.add_method(t, "__len__", mv_len);
    vm.add_method(t, "__iter__", mv_iter);
    vm.add_method(t, "__eq__", mv_eq);
    vm.add_method(t, "__hash__", mv_hash);
    vm.add_method(t, "__repr__", mv_repr);
    vm.add_method(t, "__enter__", mv_enter);
    vm.add_method(t, "__exit__", mv_exit);
    vm.add_method(t, "tobytes", mv_tobytes);
    vm.add_method(t, "tolist", mv_tolist);
    vm.add_method(t, "hex", mv_hex);
    vm.add_method(t, "release", mv_release);
    vm.add_method(t, "cast", mv_cast);
    vm.add_method(t, "toreadonly", mv_toreadonly);
    vm.add_getset(t, "obj", mv_obj, None);
    vm.add_getset(t, "nbytes", mv_nbytes, None);
    vm.add_getset(t, "readonly", mv_readonly, None);
    vm.add_getset(t, "itemsize", mv_itemsize, None);
    vm.add_getset(t, "format", mv_format, None);
    vm.add_getset(t, "ndim", mv_ndim, None);
    vm.add_getset(t, "shape", mv_shape, None);
    vm.add_getset(t, "strides", mv_strides, None);
    vm.add_getset(t, "suboffsets", mv_suboffsets, None);
    vm.add_getset(t, "c_contiguous", mv_contiguous, None);
    vm.add_getset(t, "f_contiguous", mv_contiguous, None);
    vm.add_getset(t, "contiguous", mv_contiguous, None);
    vm.add_getset(t, "released", mv_released, None);
    let td = crate::objects::typeobj::tdata(t);
    td.flags
        .set(td.flags.get() | crate::objects::typeobj::flags::NATIVE_MODULE);
}
