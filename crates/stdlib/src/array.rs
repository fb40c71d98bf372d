//! The `array` module: typed arrays of machine values kept as raw bytes (native byte
//! order), so that `_struct`, memoryview and binary I/O can read and write them.

use std::cell::{Cell, RefCell};

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};
use pyrs_compiler::bytecode::CompareOpArg;
use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::{NativeData, Payload};
use pyrs_vm::objects::memoryview::BufferSource;
use pyrs_vm::objects::str::PyStr;
use pyrs_vm::objects::{dict, int, seq};
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::util::{cls_arg, native_of, one_arg, pos_only, rest, stop, this, ReprGuard};

pub const TYPECODES: &str = "bBuhHiIlLqQfd";

pub struct ArrayData {
    pub typecode: u8,
    pub itemsize: usize,
    /// The items' bytes in native order: `data.len()` is a multiple of `itemsize`.
    pub data: RefCell<Vec<u8>>,
    /// Live memoryviews of this array: it cannot change size while there are any.
    exports: Cell<usize>,
}

impl BufferSource for ArrayData {
    fn with_bytes(&self, f: &mut dyn FnMut(&[u8])) {
        f(&self.data.borrow())
    }
    fn with_bytes_mut(&self, f: &mut dyn FnMut(&mut [u8])) {
        f(&mut self.data.borrow_mut())
    }
    fn readonly(&self) -> bool {
        false
    }
    fn format(&self) -> String {
        // CPython exports 'u' arrays (wchar_t, 4 bytes here) with the format 'w'.
        if self.typecode == b'u' {
            return "w".into();
        }
        (self.typecode as char).to_string()
    }
    fn itemsize(&self) -> usize {
        self.itemsize
    }
    fn export_acquired(&self) {
        self.exports.set(self.exports.get() + 1);
    }
    fn export_released(&self) {
        self.exports.set(self.exports.get().saturating_sub(1));
    }
}

impl NativeData for ArrayData {
    fn buffer(&self) -> Option<&dyn BufferSource> {
        Some(self)
    }
}

/// The bytes of an `array.array`, when `v` is one.
pub fn bytes_of_array(v: &Value) -> Option<Vec<u8>> {
    native_of::<ArrayData>(v).map(|a| a.data.borrow().clone())
}

/// Overwrite bytes of an `array.array` at `off` (the caller checked the bounds).
pub fn write_array_bytes(v: &Value, off: usize, bytes: &[u8]) {
    if let Some(a) = native_of::<ArrayData>(v) {
        let mut d = a.data.borrow_mut();
        if off + bytes.len() <= d.len() {
            d[off..off + bytes.len()].copy_from_slice(bytes);
        }
    }
}

fn itemsize_of(tc: u8) -> Option<usize> {
    Some(match tc {
        b'b' | b'B' => 1,
        b'h' | b'H' => 2,
        b'i' | b'I' | b'f' | b'u' => 4,
        b'l' | b'L' | b'q' | b'Q' | b'd' => 8,
        _ => return None,
    })
}

thread_local! {
    static TYPES: RefCell<Option<(ObjRef, ObjRef)>> = const { RefCell::new(None) };
}

fn array_type(vm: &Vm) -> PyResult<ObjRef> {
    TYPES
        .with(|t| t.borrow().as_ref().map(|t| t.0.clone()))
        .ok_or_else(|| vm.runtime_error("array is not initialised"))
}

fn iter_type(vm: &Vm) -> PyResult<ObjRef> {
    TYPES
        .with(|t| t.borrow().as_ref().map(|t| t.1.clone()))
        .ok_or_else(|| vm.runtime_error("array is not initialised"))
}

impl ArrayData {
    fn new(typecode: u8) -> ArrayData {
        ArrayData {
            typecode,
            itemsize: itemsize_of(typecode).unwrap_or(1),
            data: RefCell::new(Vec::new()),
            exports: Cell::new(0),
        }
    }
    /// CPython's array_resize check: no change of size while memoryviews export it.
    fn check_resize(&self, vm: &Vm) -> PyResult<()> {
        if self.exports.get() > 0 {
            return Err(vm.new_exception_msg(
                &vm.exc.buffer_error,
                "cannot resize an array that is exporting buffers",
            ));
        }
        Ok(())
    }
    fn len(&self) -> usize {
        self.data.borrow().len() / self.itemsize
    }
    /// The Python value of the item whose bytes are `b`.
    fn decode(&self, vm: &Vm, b: &[u8]) -> PyResult<Value> {
        Ok(match self.typecode {
            b'b' => Value::Int(b[0] as i8 as i64),
            b'B' => Value::Int(b[0] as i64),
            b'h' => Value::Int(i16::from_ne_bytes([b[0], b[1]]) as i64),
            b'H' => Value::Int(u16::from_ne_bytes([b[0], b[1]]) as i64),
            b'i' => Value::Int(i32::from_ne_bytes(b[..4].try_into().unwrap_or_default()) as i64),
            b'I' => Value::Int(u32::from_ne_bytes(b[..4].try_into().unwrap_or_default()) as i64),
            b'l' | b'q' => Value::Int(i64::from_ne_bytes(b[..8].try_into().unwrap_or_default())),
            b'L' | b'Q' => {
                let u = u64::from_ne_bytes(b[..8].try_into().unwrap_or_default());
                if u <= i64::MAX as u64 {
                    Value::Int(u as i64)
                } else {
                    int::from_bigint(vm, BigInt::from(u))
                }
            }
            b'f' => Value::Float(f32::from_ne_bytes(b[..4].try_into().unwrap_or_default()) as f64),
            b'd' => Value::Float(f64::from_ne_bytes(b[..8].try_into().unwrap_or_default())),
            _ => {
                let cp = u32::from_ne_bytes(b[..4].try_into().unwrap_or_default());
                check_cp(vm, cp)?;
                vm.new_pystr(PyStr::from_code_points(&[cp]))
            }
        })
    }
    fn get(&self, vm: &Vm, i: usize) -> PyResult<Value> {
        let d = self.data.borrow();
        let s = self.itemsize;
        self.decode(vm, &d[i * s..(i + 1) * s])
    }
    fn values(&self, vm: &Vm) -> PyResult<Vec<Value>> {
        let d = self.data.borrow();
        d.chunks_exact(self.itemsize)
            .map(|c| self.decode(vm, c))
            .collect()
    }
    /// The bytes of `v` as an item of this array, with CPython's errors.
    fn encode(&self, vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
        encode_item(vm, self.typecode, v)
    }
}

fn check_cp(vm: &Vm, cp: u32) -> PyResult<()> {
    if cp > 0x10ffff {
        return Err(vm.value_error(format!(
            "character U+{cp:x} is not in range [U+0000; U+10ffff]"
        )));
    }
    Ok(())
}

fn int_arg(vm: &Vm, v: &Value) -> PyResult<BigInt> {
    let i = vm.index_value(v)?;
    Ok(int::as_bigint(&i).unwrap_or_default())
}

fn encode_item(vm: &Vm, tc: u8, v: &Value) -> PyResult<Vec<u8>> {
    let ov = |m: &str| Err(vm.overflow_error(m.to_string()));
    match tc {
        b'b' | b'B' | b'h' | b'H' | b'i' | b'l' => {
            let b = int_arg(vm, v)?;
            let Some(x) = b.to_i64() else {
                return ov("Python int too large to convert to C long");
            };
            match tc {
                b'b' | b'B' | b'h' => {
                    if x > i16::MAX as i64 {
                        return ov(if tc == b'B' {
                            "unsigned byte integer is greater than maximum"
                        } else {
                            "signed short integer is greater than maximum"
                        });
                    }
                    if x < i16::MIN as i64 {
                        return ov(match tc {
                            b'B' => "unsigned byte integer is less than minimum",
                            _ => "signed short integer is less than minimum",
                        });
                    }
                    match tc {
                        b'b' if x > 127 => ov("signed char is greater than maximum"),
                        b'b' if x < -128 => ov("signed char is less than minimum"),
                        b'B' if x > 255 => ov("unsigned byte integer is greater than maximum"),
                        b'B' if x < 0 => ov("unsigned byte integer is less than minimum"),
                        b'b' | b'B' => Ok(vec![x as u8]),
                        _ => Ok((x as i16).to_ne_bytes().to_vec()),
                    }
                }
                b'H' | b'i' => {
                    if x > i32::MAX as i64 {
                        return ov("signed integer is greater than maximum");
                    }
                    if x < i32::MIN as i64 {
                        return ov("signed integer is less than minimum");
                    }
                    if tc == b'H' {
                        if x < 0 {
                            return ov("unsigned short is less than minimum");
                        }
                        if x > u16::MAX as i64 {
                            return ov("unsigned short is greater than maximum");
                        }
                        return Ok((x as u16).to_ne_bytes().to_vec());
                    }
                    Ok((x as i32).to_ne_bytes().to_vec())
                }
                _ => Ok(x.to_ne_bytes().to_vec()),
            }
        }
        b'I' | b'L' => {
            let b = int_arg(vm, v)?;
            if b.is_negative() {
                return ov("can't convert negative value to unsigned int");
            }
            let Some(x) = b.to_u64() else {
                return ov("Python int too large to convert to C unsigned long");
            };
            if tc == b'I' {
                if x > u32::MAX as u64 {
                    return ov("unsigned int is greater than maximum");
                }
                return Ok((x as u32).to_ne_bytes().to_vec());
            }
            Ok(x.to_ne_bytes().to_vec())
        }
        b'q' => {
            let b = int_arg(vm, v)?;
            match b.to_i64() {
                Some(x) => Ok(x.to_ne_bytes().to_vec()),
                None => ov("int too big to convert"),
            }
        }
        b'Q' => {
            let b = int_arg(vm, v)?;
            if b.is_negative() {
                return ov("can't convert negative int to unsigned");
            }
            match b.to_u64() {
                Some(x) => Ok(x.to_ne_bytes().to_vec()),
                None => ov("int too big to convert"),
            }
        }
        b'f' => Ok((crate::util::to_f64(vm, v)? as f32).to_ne_bytes().to_vec()),
        b'd' => Ok(crate::util::to_f64(vm, v)?.to_ne_bytes().to_vec()),
        _ => {
            if let Value::Obj(o) = v {
                if let Payload::Str(s) = &o.payload {
                    if s.char_len() == 1 {
                        return Ok(s.code_point_at(0).to_ne_bytes().to_vec());
                    }
                }
            }
            Err(vm.type_error("array item must be unicode character"))
        }
    }
}

fn arr<'a>(vm: &Vm, args: &'a Args) -> PyResult<&'a ArrayData> {
    this(vm, args, "array.array")
}

fn new_array(vm: &Vm, cls: &ObjRef, typecode: u8, data: Vec<u8>) -> Value {
    let a = ArrayData::new(typecode);
    *a.data.borrow_mut() = data;
    Value::Obj(vm.new_native_object(cls, a))
}

fn str_of(v: &Value) -> Option<&PyStr> {
    match v {
        Value::Obj(o) => o.payload.as_str(),
        _ => None,
    }
}

fn array_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let r = rest(&args);
    if r.has_kw() && array_type(vm).map(|t| t.is(&cls)).unwrap_or(false) {
        return Err(vm.type_error("array.array() takes no keyword arguments"));
    }
    let p = r.pos();
    if p.is_empty() || p.len() > 2 {
        return Err(vm.type_error(format!(
            "array() takes at most 2 arguments ({} given)",
            p.len()
        )));
    }
    let tc = match str_of(&p[0]) {
        Some(s) if s.char_len() == 1 => s.code_point_at(0),
        _ => {
            return Err(vm.type_error(format!(
                "array() argument 1 must be a unicode character, not {}",
                vm.type_name(&p[0])
            )))
        }
    };
    if tc > 127 || !TYPECODES.as_bytes().contains(&(tc as u8)) {
        return Err(
            vm.value_error("bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)")
        );
    }
    let tc = tc as u8;
    let a = ArrayData::new(tc);
    if let Some(init) = p.get(1) {
        if let Some(s) = str_of(init) {
            if tc != b'u' {
                return Err(vm.type_error(format!(
                    "cannot use a str to initialize an array with typecode '{}'",
                    tc as char
                )));
            }
            let mut d = a.data.borrow_mut();
            for cp in s.code_points() {
                d.extend_from_slice(&cp.to_ne_bytes());
            }
        } else if let Some(other) = native_of::<ArrayData>(init) {
            if other.typecode == b'u' && tc != b'u' {
                return Err(vm.type_error(format!(
                    "cannot use a unicode array to initialize an array with typecode '{}'",
                    tc as char
                )));
            }
            if other.typecode == tc {
                *a.data.borrow_mut() = other.data.borrow().clone();
            } else {
                let mut buf = Vec::new();
                for v in other.values(vm)? {
                    buf.extend(a.encode(vm, &v)?);
                }
                *a.data.borrow_mut() = buf;
            }
        } else if matches!(init, Value::Obj(o) if matches!(o.payload, Payload::Bytes(_) | Payload::ByteArray(_)))
        {
            let b = pyrs_vm::objects::memoryview::bytes_like(init).unwrap_or_default();
            if !b.len().is_multiple_of(a.itemsize) {
                return Err(vm.value_error("bytes length not a multiple of item size"));
            }
            *a.data.borrow_mut() = b;
        } else {
            let items = vm.collect(init)?;
            let mut buf = Vec::with_capacity(items.len() * a.itemsize);
            for v in &items {
                buf.extend(a.encode(vm, v)?);
            }
            *a.data.borrow_mut() = buf;
        }
    }
    Ok(Value::Obj(vm.new_native_object(&cls, a)))
}

fn array_len(vm: &Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(arr(vm, &args)?.len() as i64))
}

fn norm_index(vm: &Vm, a: &ArrayData, key: &Value, msg: &str) -> PyResult<usize> {
    let i = vm.to_index(key)?;
    let n = a.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.index_error(msg.to_string()));
    }
    Ok(j as usize)
}

fn slice_of(v: &Value) -> Option<&[Value; 3]> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Slice(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

fn is_index(vm: &Vm, v: &Value) -> bool {
    int::is_int(v) || vm.lookup_special(v, &vm.names.__index__).is_some()
}

fn array_getitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let key = one_arg(vm, "__getitem__", &rest(&args))?;
    if let Some(s) = slice_of(key) {
        let (start, _stop, step, n) = seq::slice_indices(vm, s, a.len() as i64)?;
        let d = a.data.borrow();
        let sz = a.itemsize;
        let mut out = Vec::with_capacity(n as usize * sz);
        for k in 0..n {
            let i = (start + k * step) as usize;
            out.extend_from_slice(&d[i * sz..(i + 1) * sz]);
        }
        drop(d);
        return Ok(new_array(vm, &array_type(vm)?, a.typecode, out));
    }
    if !is_index(vm, key) {
        return Err(vm.type_error("array indices must be integers"));
    }
    let i = norm_index(vm, a, key, "array index out of range")?;
    a.get(vm, i)
}

fn array_setitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let p = pos_only(vm, "__setitem__", &rest(&args), 2, 2)?;
    set_or_del(vm, a, &p[0], Some(&p[1]))?;
    Ok(Value::None)
}

fn array_delitem(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let key = one_arg(vm, "__delitem__", &rest(&args))?;
    set_or_del(vm, a, key, None)?;
    Ok(Value::None)
}

fn set_or_del(vm: &Vm, a: &ArrayData, key: &Value, value: Option<&Value>) -> PyResult<()> {
    let sz = a.itemsize;
    if let Some(s) = slice_of(key) {
        let (start, stop, step, n) = seq::slice_indices(vm, s, a.len() as i64)?;
        let new: Vec<u8> = match value {
            None => Vec::new(),
            Some(v) => match native_of::<ArrayData>(v) {
                Some(o) if o.typecode == a.typecode => o.data.borrow().clone(),
                Some(_) => return Err(vm.type_error("bad argument type for built-in operation")),
                None => {
                    return Err(vm.type_error(format!(
                        "can only assign array (not \"{}\") to array slice",
                        vm.type_name(v)
                    )))
                }
            },
        };
        // As CPython (issue #4509): fail early when the size could change.
        let needed = (new.len() / sz) as i64;
        if needed == 0 || n != needed {
            a.check_resize(vm)?;
        }
        if step == 1 {
            let lo = start as usize * sz;
            let hi = (stop.max(start)) as usize * sz;
            a.data.borrow_mut().splice(lo..hi, new);
            return Ok(());
        }
        let idx: Vec<usize> = (0..n).map(|k| (start + k * step) as usize).collect();
        let mut d = a.data.borrow_mut();
        if value.is_none() {
            let mut drop_it = vec![false; d.len() / sz];
            for &i in &idx {
                drop_it[i] = true;
            }
            let old = std::mem::take(&mut *d);
            for (i, c) in old.chunks_exact(sz).enumerate() {
                if !drop_it[i] {
                    d.extend_from_slice(c);
                }
            }
            return Ok(());
        }
        if new.len() / sz != idx.len() {
            return Err(vm.value_error(format!(
                "attempt to assign array of size {} to extended slice of size {}",
                new.len() / sz,
                idx.len()
            )));
        }
        for (k, &i) in idx.iter().enumerate() {
            d[i * sz..(i + 1) * sz].copy_from_slice(&new[k * sz..(k + 1) * sz]);
        }
        return Ok(());
    }
    if !is_index(vm, key) {
        return Err(vm.type_error("array indices must be integers"));
    }
    let i = norm_index(vm, a, key, "array assignment index out of range")?;
    match value {
        Some(v) => {
            let b = a.encode(vm, v)?;
            // The conversion may have run Python code that shrank the array.
            let mut d = a.data.borrow_mut();
            if (i + 1) * sz > d.len() {
                return Err(vm.index_error("array assignment index out of range"));
            }
            d[i * sz..(i + 1) * sz].copy_from_slice(&b);
        }
        None => {
            a.check_resize(vm)?;
            a.data.borrow_mut().drain(i * sz..(i + 1) * sz);
        }
    }
    Ok(())
}

fn array_contains(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let x = one_arg(vm, "__contains__", &rest(&args))?;
    for v in a.values(vm)? {
        if vm.eq(&v, x)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn array_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let this = &args.args[0];
    let name = vm.type_name(this);
    let Some(_g) = ReprGuard::enter(this) else {
        return Ok(vm.new_str("..."));
    };
    let tc = a.typecode as char;
    if a.len() == 0 {
        return Ok(vm.new_str(format!("{name}('{tc}')")));
    }
    let body = if a.typecode == b'u' {
        let cps = unicode_cps(a);
        for &c in &cps {
            check_cp(vm, c)?;
        }
        let s = vm.new_pystr(PyStr::from_code_points(&cps));
        vm.repr_string(&s)?
    } else {
        seq::repr_items(vm, &a.values(vm)?, "[", "]")?
    };
    Ok(vm.new_str(format!("{name}('{tc}', {body})")))
}

fn unicode_cps(a: &ArrayData) -> Vec<u32> {
    a.data
        .borrow()
        .chunks_exact(4)
        .map(|c| u32::from_ne_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

fn array_compare(vm: &Vm, args: Args, op: CompareOpArg) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let other = args.args.get(1).cloned().unwrap_or(Value::None);
    let Some(b) = native_of::<ArrayData>(&other) else {
        return Ok(vm.not_implemented());
    };
    let (x, y) = (a.values(vm)?, b.values(vm)?);
    if x.len() != y.len() && matches!(op, CompareOpArg::Eq | CompareOpArg::Ne) {
        return Ok(Value::Bool(matches!(op, CompareOpArg::Ne)));
    }
    // The first index where the items differ (CPython compares with ==, no identity
    // shortcut, so NaNs differ).
    for (p, q) in x.iter().zip(y.iter()) {
        let same = vm.rich_compare(p, q, CompareOpArg::Eq)?;
        if !vm.is_true(&same)? {
            return match op {
                CompareOpArg::Eq => Ok(Value::Bool(false)),
                CompareOpArg::Ne => Ok(Value::Bool(true)),
                _ => vm.rich_compare(p, q, op),
            };
        }
    }
    let (n, m) = (x.len(), y.len());
    Ok(Value::Bool(match op {
        CompareOpArg::Lt => n < m,
        CompareOpArg::Le => n <= m,
        CompareOpArg::Eq => n == m,
        CompareOpArg::Ne => n != m,
        CompareOpArg::Gt => n > m,
        _ => n >= m,
    }))
}

fn array_eq(vm: &Vm, args: Args) -> PyResult<Value> {
    array_compare(vm, args, CompareOpArg::Eq)
}
fn array_ne(vm: &Vm, args: Args) -> PyResult<Value> {
    array_compare(vm, args, CompareOpArg::Ne)
}
fn array_lt(vm: &Vm, args: Args) -> PyResult<Value> {
    array_compare(vm, args, CompareOpArg::Lt)
}
fn array_le(vm: &Vm, args: Args) -> PyResult<Value> {
    array_compare(vm, args, CompareOpArg::Le)
}
fn array_gt(vm: &Vm, args: Args) -> PyResult<Value> {
    array_compare(vm, args, CompareOpArg::Gt)
}
fn array_ge(vm: &Vm, args: Args) -> PyResult<Value> {
    array_compare(vm, args, CompareOpArg::Ge)
}

fn array_add(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let other = args.args.get(1).cloned().unwrap_or(Value::None);
    let Some(b) = native_of::<ArrayData>(&other) else {
        return Err(vm.type_error(format!(
            "can only append array (not \"{}\") to array",
            vm.type_name(&other)
        )));
    };
    if a.typecode != b.typecode {
        return Err(vm.type_error("bad argument type for built-in operation"));
    }
    let mut d = a.data.borrow().clone();
    d.extend_from_slice(&b.data.borrow());
    Ok(new_array(vm, &array_type(vm)?, a.typecode, d))
}

fn repeat_count(vm: &Vm, v: &Value) -> PyResult<Option<i64>> {
    if !is_index(vm, v) {
        return Ok(None);
    }
    match crate::util::to_i64_opt(vm, v)? {
        Some(n) => Ok(Some(n.max(0))),
        None => {
            if int::as_bigint(&vm.index_value(v)?)
                .map(|b| b.is_negative())
                .unwrap_or(false)
            {
                Ok(Some(0))
            } else {
                Err(vm.overflow_error("cannot fit 'int' into an index-sized integer"))
            }
        }
    }
}

fn repeated(vm: &Vm, d: &[u8], n: i64) -> PyResult<Vec<u8>> {
    let total = (d.len() as u128) * (n as u128);
    if total > (isize::MAX as u128) / 2 {
        return Err(vm.new_exception(&vm.exc.memory_error, Vec::new()));
    }
    Ok(d.repeat(n as usize))
}

fn array_mul(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let other = args.args.get(1).cloned().unwrap_or(Value::None);
    let Some(n) = repeat_count(vm, &other)? else {
        return Err(vm.type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            vm.type_name(&other)
        )));
    };
    let d = repeated(vm, &a.data.borrow(), n)?;
    Ok(new_array(vm, &array_type(vm)?, a.typecode, d))
}

fn array_imul(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let other = args.args.get(1).cloned().unwrap_or(Value::None);
    let Some(n) = repeat_count(vm, &other)? else {
        return Err(vm.type_error(format!(
            "can't multiply sequence by non-int of type '{}'",
            vm.type_name(&other)
        )));
    };
    let d = repeated(vm, &a.data.borrow(), n)?;
    if d.len() != a.data.borrow().len() {
        a.check_resize(vm)?;
    }
    *a.data.borrow_mut() = d;
    Ok(args.args[0].clone())
}

fn array_iadd(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let other = args.args.get(1).cloned().unwrap_or(Value::None);
    if native_of::<ArrayData>(&other).is_none() {
        return Err(vm.type_error(format!(
            "can only extend array with array (not \"{}\")",
            vm.type_name(&other)
        )));
    }
    do_extend(vm, a, &other)?;
    Ok(args.args[0].clone())
}

/// Append item bytes (the array changes size only when there are some).
fn grow(vm: &Vm, a: &ArrayData, bytes: &[u8]) -> PyResult<()> {
    if !bytes.is_empty() {
        a.check_resize(vm)?;
        a.data.borrow_mut().extend_from_slice(bytes);
    }
    Ok(())
}

fn do_extend(vm: &Vm, a: &ArrayData, it: &Value) -> PyResult<()> {
    if let Some(b) = native_of::<ArrayData>(it) {
        if b.typecode != a.typecode {
            return Err(vm.type_error("can only extend with array of same kind"));
        }
        let bd = b.data.borrow().clone();
        grow(vm, a, &bd)?;
        return Ok(());
    }
    let iter = vm.iter(it)?;
    while let Some(v) = vm.next(&iter)? {
        let b = a.encode(vm, &v)?;
        grow(vm, a, &b)?;
    }
    Ok(())
}

fn array_extend(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let it = one_arg(vm, "extend", &rest(&args))?;
    do_extend(vm, a, it)?;
    Ok(Value::None)
}

fn array_append(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let v = one_arg(vm, "append", &rest(&args))?;
    let b = a.encode(vm, v)?;
    grow(vm, a, &b)?;
    Ok(Value::None)
}

fn array_insert(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let p = pos_only(vm, "insert", &rest(&args), 2, 2)?;
    let mut i = crate::util::to_isize(vm, &p[0])?;
    let b = a.encode(vm, &p[1])?;
    let n = a.len() as i64;
    if i < 0 {
        i = (i + n).max(0);
    }
    let i = i.min(n) as usize;
    let at = i * a.itemsize;
    a.check_resize(vm)?;
    a.data.borrow_mut().splice(at..at, b);
    Ok(Value::None)
}

fn array_pop(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let p = pos_only(vm, "pop", &rest(&args), 0, 1)?;
    let mut i = match p.first() {
        Some(v) => crate::util::to_isize(vm, v)?,
        None => -1,
    };
    let n = a.len() as i64;
    if n == 0 {
        return Err(vm.index_error("pop from empty array"));
    }
    if i < 0 {
        i += n;
    }
    if i < 0 || i >= n {
        return Err(vm.index_error("pop index out of range"));
    }
    let v = a.get(vm, i as usize)?;
    a.check_resize(vm)?;
    let sz = a.itemsize;
    a.data
        .borrow_mut()
        .drain(i as usize * sz..(i as usize + 1) * sz);
    Ok(v)
}

fn find(vm: &Vm, a: &ArrayData, x: &Value, start: usize, stop: usize) -> PyResult<Option<usize>> {
    let vals = a.values(vm)?;
    for (i, v) in vals.iter().enumerate().take(stop).skip(start) {
        if vm.eq(v, x)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn array_remove(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let x = one_arg(vm, "remove", &rest(&args))?;
    match find(vm, a, x, 0, usize::MAX)? {
        Some(i) => {
            a.check_resize(vm)?;
            let sz = a.itemsize;
            let mut d = a.data.borrow_mut();
            // Comparisons may have run Python code that shrank the array.
            if (i + 1) * sz <= d.len() {
                d.drain(i * sz..(i + 1) * sz);
            }
            Ok(Value::None)
        }
        None => Err(vm.value_error("array.remove(x): x not in array")),
    }
}

fn array_index(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let p = pos_only(vm, "index", &rest(&args), 1, 3)?;
    let n = a.len() as i64;
    let clamp = |v: Option<&Value>, dflt: i64| -> PyResult<usize> {
        let Some(v) = v else { return Ok(dflt as usize) };
        let i = match crate::util::to_i64_opt(vm, v)? {
            Some(i) => i,
            None => {
                if int::as_bigint(&vm.index_value(v)?)
                    .map(|b| b.is_negative())
                    .unwrap_or(false)
                {
                    0
                } else {
                    n
                }
            }
        };
        let i = if i < 0 { (i + n).max(0) } else { i.min(n) };
        Ok(i as usize)
    };
    let start = clamp(p.get(1), 0)?;
    let stop = clamp(p.get(2), n)?;
    match find(vm, a, &p[0], start, stop)? {
        Some(i) => Ok(Value::Int(i as i64)),
        None => Err(vm.value_error("array.index(x): x not in array")),
    }
}

fn array_count(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let x = one_arg(vm, "count", &rest(&args))?;
    let mut n = 0;
    for v in a.values(vm)? {
        if vm.eq(&v, x)? {
            n += 1;
        }
    }
    Ok(Value::Int(n))
}

fn array_reverse(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    pos_only(vm, "reverse", &rest(&args), 0, 0)?;
    let sz = a.itemsize;
    let mut d = a.data.borrow_mut();
    let rev: Vec<u8> = d.chunks_exact(sz).rev().flatten().copied().collect();
    *d = rev;
    Ok(Value::None)
}

fn array_byteswap(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    pos_only(vm, "byteswap", &rest(&args), 0, 0)?;
    let sz = a.itemsize;
    for c in a.data.borrow_mut().chunks_exact_mut(sz) {
        c.reverse();
    }
    Ok(Value::None)
}

fn array_buffer_info(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    pos_only(vm, "buffer_info", &rest(&args), 0, 0)?;
    let addr = a.data.borrow().as_ptr() as usize as i64;
    Ok(vm.new_tuple(vec![Value::Int(addr), Value::Int(a.len() as i64)]))
}

fn array_tobytes(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    pos_only(vm, "tobytes", &rest(&args), 0, 0)?;
    Ok(vm.new_bytes(a.data.borrow().clone()))
}

fn array_frombytes(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let v = one_arg(vm, "frombytes", &rest(&args))?;
    if str_of(v).is_some() {
        return Err(vm.type_error("a bytes-like object is required, not 'str'"));
    }
    // CPython takes only buffers of single bytes here.
    let itemsize = match native_of::<ArrayData>(v) {
        Some(o) => o.itemsize,
        None if vm.type_name(v) == "memoryview" => {
            let n = vm.get_attr_str(v, "itemsize")?;
            crate::util::to_isize(vm, &n)? as usize
        }
        None => 1,
    };
    if itemsize != 1 {
        return Err(vm.type_error("a bytes-like object is required"));
    }
    let Some(b) = pyrs_vm::objects::memoryview::bytes_like(v) else {
        return Err(vm.type_error(format!(
            "a bytes-like object is required, not '{}'",
            vm.type_name(v)
        )));
    };
    if !b.len().is_multiple_of(a.itemsize) {
        return Err(vm.value_error("bytes length not a multiple of item size"));
    }
    grow(vm, a, &b)?;
    Ok(Value::None)
}

fn array_tolist(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    pos_only(vm, "tolist", &rest(&args), 0, 0)?;
    Ok(vm.new_list(a.values(vm)?))
}

fn array_fromlist(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let v = one_arg(vm, "fromlist", &rest(&args))?;
    let items = match v {
        Value::Obj(o) => match o.payload.as_list() {
            Some(l) => l.borrow().clone(),
            None => return Err(vm.type_error("arg must be list")),
        },
        _ => return Err(vm.type_error("arg must be list")),
    };
    let mut buf = Vec::new();
    for v in &items {
        buf.extend(a.encode(vm, v)?);
    }
    grow(vm, a, &buf)?;
    Ok(Value::None)
}

fn array_fromunicode(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let v = one_arg(vm, "fromunicode", &rest(&args))?;
    let Some(s) = str_of(v) else {
        return Err(vm.type_error(format!(
            "fromunicode() argument must be str, not {}",
            vm.type_name(v)
        )));
    };
    if a.typecode != b'u' {
        return Err(vm.value_error("fromunicode() may only be called on unicode type arrays"));
    }
    let mut buf = Vec::with_capacity(s.char_len() * 4);
    for cp in s.code_points() {
        buf.extend_from_slice(&cp.to_ne_bytes());
    }
    grow(vm, a, &buf)?;
    Ok(Value::None)
}

fn array_tounicode(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    pos_only(vm, "tounicode", &rest(&args), 0, 0)?;
    if a.typecode != b'u' {
        return Err(vm.value_error("tounicode() may only be called on unicode type arrays"));
    }
    let cps = unicode_cps(a);
    for &c in &cps {
        check_cp(vm, c)?;
    }
    Ok(vm.new_pystr(PyStr::from_code_points(&cps)))
}

fn array_fromfile(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let p = pos_only(vm, "fromfile", &rest(&args), 2, 2)?;
    let n = crate::util::to_isize(vm, &p[1])?;
    if n < 0 {
        return Err(vm.value_error("negative count"));
    }
    let nbytes = (n as u128) * a.itemsize as u128;
    if nbytes > isize::MAX as u128 {
        return Err(vm.new_exception(&vm.exc.memory_error, Vec::new()));
    }
    let got = vm.call_method(&p[0], "read", &[Value::Int(nbytes as i64)])?;
    let b = match &got {
        Value::Obj(o) => match &o.payload {
            Payload::Bytes(b) => b.to_vec(),
            _ => return Err(vm.type_error("read() didn't return bytes")),
        },
        _ => return Err(vm.type_error("read() didn't return bytes")),
    };
    let whole = b.len() / a.itemsize * a.itemsize;
    grow(vm, a, &b[..whole])?;
    if b.len() as u128 != nbytes {
        return Err(vm.new_exception_msg(&vm.exc.eof_error, "read() didn't return enough bytes"));
    }
    Ok(Value::None)
}

fn array_tofile(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let f = one_arg(vm, "tofile", &rest(&args))?;
    let d = a.data.borrow().clone();
    const BLOCK: usize = 64 * 1024;
    for chunk in d.chunks(BLOCK) {
        vm.call_method(f, "write", &[vm.new_bytes(chunk.to_vec())])?;
    }
    Ok(Value::None)
}

fn array_copy(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let d = a.data.borrow().clone();
    Ok(new_array(vm, &array_type(vm)?, a.typecode, d))
}

fn array_sizeof(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    Ok(Value::Int(64 + a.data.borrow().capacity() as i64))
}

/// The machine format code `array._array_reconstructor` understands for a typecode on
/// this (little-endian, LP64) machine.
fn mformat_of(tc: u8) -> i64 {
    let le = cfg!(target_endian = "little");
    let base = match tc {
        b'B' => return 0,
        b'b' => return 1,
        b'H' => 2,
        b'h' => 4,
        b'I' => 6,
        b'i' => 8,
        b'L' | b'Q' => 10,
        b'l' | b'q' => 12,
        b'f' => 14,
        b'd' => 16,
        _ => 20,
    };
    if le {
        base
    } else {
        base + 1
    }
}

fn array_reduce_ex(vm: &Vm, args: Args) -> PyResult<Value> {
    let a = arr(vm, &args)?;
    let p = pos_only(vm, "__reduce_ex__", &rest(&args), 1, 1)?;
    let proto = vm.to_index(&p[0])?;
    let this = &args.args[0];
    let cls = Value::Obj(vm.type_of(this).clone());
    let state = match vm.get_attr_opt(this, &vm.intern("__dict__"))? {
        Some(d) if !matches!(d, Value::None) => d,
        _ => Value::None,
    };
    let tc = vm.new_str((a.typecode as char).to_string());
    if proto < 3 {
        let list = vm.new_list(a.values(vm)?);
        return Ok(vm.new_tuple(vec![cls, vm.new_tuple(vec![tc, list]), state]));
    }
    let recon = vm.get_attr_str(&Value::Obj(module_of(vm)?), "_array_reconstructor")?;
    let bytes = vm.new_bytes(a.data.borrow().clone());
    Ok(vm.new_tuple(vec![
        recon,
        vm.new_tuple(vec![cls, tc, Value::Int(mformat_of(a.typecode)), bytes]),
        state,
    ]))
}

thread_local! {
    static MODULE: RefCell<Option<ObjRef>> = const { RefCell::new(None) };
}

fn module_of(vm: &Vm) -> PyResult<ObjRef> {
    MODULE
        .with(|m| m.borrow().clone())
        .ok_or_else(|| vm.runtime_error("array is not initialised"))
}

/// `array._array_reconstructor(arraytype, typecode, mformat_code, items)`.
fn array_reconstructor(vm: &Vm, args: Args) -> PyResult<Value> {
    let p = pos_only(vm, "_array_reconstructor", &args, 4, 4)?;
    let cls = match &p[0] {
        Value::Obj(o) if o.payload.as_type().is_some() => o.clone(),
        v => {
            return Err(vm.type_error(format!(
                "first argument must be a type object, not {}",
                vm.type_name(v)
            )))
        }
    };
    let at = array_type(vm)?;
    if !pyrs_vm::objects::typeobj::is_subtype(&cls, &at) {
        return Err(vm.type_error(format!(
            "{} is not a subtype of array.array",
            vm.type_name(&Value::Obj(cls.clone()))
                .replace("type", "")
                .trim()
        )));
    }
    let tc = match str_of(&p[1]) {
        Some(s) if s.char_len() == 1 && s.code_point_at(0) < 128 => s.code_point_at(0) as u8,
        _ => {
            return Err(vm.type_error(format!(
                "_array_reconstructor() argument 2 must be a unicode character, not {}",
                vm.type_name(&p[1])
            )))
        }
    };
    if !TYPECODES.as_bytes().contains(&tc) {
        return Err(vm.value_error("second argument must be a valid type code"));
    }
    let code = vm.to_index(&p[2])?;
    if !(0..=21).contains(&code) {
        return Err(vm.value_error("third argument must be a valid machine format code."));
    }
    let items = match &p[3] {
        Value::Obj(o) => match &o.payload {
            Payload::Bytes(b) => b.to_vec(),
            _ => {
                return Err(vm.type_error(format!(
                    "fourth argument should be bytes, not {}",
                    vm.type_name(&p[3])
                )))
            }
        },
        v => {
            return Err(vm.type_error(format!(
                "fourth argument should be bytes, not {}",
                vm.type_name(v)
            )))
        }
    };
    if code == mformat_of(tc) || (itemsize_of(tc) == Some(1) && code == mformat_of(tc)) {
        let sz = itemsize_of(tc).unwrap_or(1);
        if !items.len().is_multiple_of(sz) {
            return Err(vm.value_error("string length not a multiple of item size"));
        }
        return Ok(new_array(vm, &cls, tc, items));
    }
    // Decode the machine format into Python values, then store them with `tc`.
    let (size, kind) = match code {
        0 | 1 => (1, code),
        2..=5 => (2, code),
        6..=9 => (4, code),
        10..=13 => (8, code),
        14 | 15 => (4, code),
        16 | 17 => (8, code),
        18 | 19 => (2, code),
        _ => (4, code),
    };
    if !items.len().is_multiple_of(size) {
        return Err(vm.value_error("string length not a multiple of item size"));
    }
    let big = kind >= 2 && kind % 2 == 1;
    let mut values = Vec::new();
    let mut units16 = Vec::new();
    for c in items.chunks_exact(size) {
        let mut b = c.to_vec();
        if big {
            b.reverse();
        }
        let mut u: u64 = 0;
        for (k, &x) in b.iter().enumerate() {
            u |= (x as u64) << (8 * k);
        }
        let signed = matches!(kind, 1 | 4 | 5 | 8 | 9 | 12 | 13);
        let v = match kind {
            14 | 15 => Value::Float(f32::from_bits(u as u32) as f64),
            16 | 17 => Value::Float(f64::from_bits(u)),
            18 | 19 => {
                units16.push(u as u16);
                continue;
            }
            20 | 21 => vm.new_pystr(PyStr::from_code_points(&[u as u32])),
            _ if signed => {
                let shift = 64 - 8 * size as u32;
                Value::Int(((u << shift) as i64) >> shift)
            }
            _ => int::from_bigint(vm, BigInt::from(u)),
        };
        values.push(v);
    }
    if !units16.is_empty() {
        for r in char::decode_utf16(units16.iter().copied()) {
            let cp = r
                .map(|c| c as u32)
                .unwrap_or_else(|e| e.unpaired_surrogate() as u32);
            values.push(vm.new_pystr(PyStr::from_code_points(&[cp])));
        }
    }
    let a = ArrayData::new(tc);
    let mut buf = Vec::new();
    for v in &values {
        buf.extend(a.encode(vm, v)?);
    }
    *a.data.borrow_mut() = buf;
    Ok(Value::Obj(vm.new_native_object(&cls, a)))
}

fn array_typecode(vm: &Vm, v: &Value) -> PyResult<Value> {
    match native_of::<ArrayData>(v) {
        Some(a) => Ok(vm.new_str((a.typecode as char).to_string())),
        None => Err(vm.type_error("descriptor 'typecode' requires a 'array.array' object")),
    }
}

fn array_itemsize(vm: &Vm, v: &Value) -> PyResult<Value> {
    match native_of::<ArrayData>(v) {
        Some(a) => Ok(Value::Int(a.itemsize as i64)),
        None => Err(vm.type_error("descriptor 'itemsize' requires a 'array.array' object")),
    }
}

// ----- iterator -----------------------------------------------------------------------

struct ArrayIter {
    array: RefCell<Option<Value>>,
    index: Cell<usize>,
}

impl NativeData for ArrayIter {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) {
        if let Some(a) = &*self.array.borrow() {
            visit(a);
        }
    }
}

fn array_iter(vm: &Vm, args: Args) -> PyResult<Value> {
    arr(vm, &args)?;
    Ok(Value::Obj(vm.new_native_object(
        &iter_type(vm)?,
        ArrayIter {
            array: RefCell::new(Some(args.args[0].clone())),
            index: Cell::new(0),
        },
    )))
}

fn arrayiter_next(vm: &Vm, args: Args) -> PyResult<Value> {
    let it: &ArrayIter = this(vm, &args, "arrayiterator")?;
    let Some(av) = it.array.borrow().clone() else {
        return Err(stop(vm));
    };
    let Some(a) = native_of::<ArrayData>(&av) else {
        return Err(stop(vm));
    };
    let i = it.index.get();
    if i >= a.len() {
        *it.array.borrow_mut() = None;
        return Err(stop(vm));
    }
    it.index.set(i + 1);
    a.get(vm, i)
}

fn arrayiter_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let it: &ArrayIter = this(vm, &args, "arrayiterator")?;
    let iter = vm.get_attr_str(&Value::Obj(vm.builtins.clone()), "iter")?;
    Ok(match it.array.borrow().clone() {
        Some(a) => vm.new_tuple(vec![
            iter,
            vm.new_tuple(vec![a]),
            Value::Int(it.index.get() as i64),
        ]),
        None => vm.new_tuple(vec![iter, vm.new_tuple(vec![vm.new_tuple(vec![])])]),
    })
}

fn arrayiter_setstate(vm: &Vm, args: Args) -> PyResult<Value> {
    let it: &ArrayIter = this(vm, &args, "arrayiterator")?;
    let v = one_arg(vm, "__setstate__", &rest(&args))?;
    let mut i = vm.to_index(v)?.max(0) as usize;
    if let Some(a) = it.array.borrow().as_ref().and_then(native_of::<ArrayData>) {
        i = i.min(a.len());
    }
    it.index.set(i);
    Ok(Value::None)
}

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("array");
    let d = m.dict().expect("module dict");
    let set = |name: &str, v: Value| dict::set_str(&d, &vm.intern(name), v);

    let ty = vm.new_native_type("array", "array", None, true, false);
    vm.add_static(&ty, "__new__", array_new);
    let methods: &[(&'static str, pyrs_vm::object::NativeFn)] = &[
        ("__len__", array_len),
        ("__getitem__", array_getitem),
        ("__setitem__", array_setitem),
        ("__delitem__", array_delitem),
        ("__contains__", array_contains),
        ("__iter__", array_iter),
        ("__repr__", array_repr),
        ("__eq__", array_eq),
        ("__ne__", array_ne),
        ("__lt__", array_lt),
        ("__le__", array_le),
        ("__gt__", array_gt),
        ("__ge__", array_ge),
        ("__add__", array_add),
        ("__iadd__", array_iadd),
        ("__mul__", array_mul),
        ("__rmul__", array_mul),
        ("__imul__", array_imul),
        ("__copy__", array_copy),
        ("__deepcopy__", array_copy),
        ("__reduce_ex__", array_reduce_ex),
        ("__sizeof__", array_sizeof),
        ("append", array_append),
        ("extend", array_extend),
        ("insert", array_insert),
        ("pop", array_pop),
        ("remove", array_remove),
        ("index", array_index),
        ("count", array_count),
        ("reverse", array_reverse),
        ("byteswap", array_byteswap),
        ("buffer_info", array_buffer_info),
        ("tobytes", array_tobytes),
        ("frombytes", array_frombytes),
        ("tolist", array_tolist),
        ("fromlist", array_fromlist),
        ("fromunicode", array_fromunicode),
        ("tounicode", array_tounicode),
        ("fromfile", array_fromfile),
        ("tofile", array_tofile),
    ];
    for (name, f) in methods {
        vm.add_method(&ty, name, *f);
    }
    vm.add_getset(&ty, "typecode", array_typecode, None);
    vm.add_getset(&ty, "itemsize", array_itemsize, None);
    vm.set_type_attr(&ty, "__hash__", Value::None);
    set("array", Value::Obj(ty.clone()));
    set("ArrayType", Value::Obj(ty.clone()));
    set("typecodes", vm.new_str(TYPECODES));

    let it = vm.new_native_type("array", "arrayiterator", None, false, false);
    vm.add_method(&it, "__iter__", |_vm, a| Ok(a.args[0].clone()));
    vm.add_method(&it, "__next__", arrayiter_next);
    vm.add_method(&it, "__reduce__", arrayiter_reduce);
    vm.add_method(&it, "__reduce_ex__", arrayiter_reduce);
    vm.add_method(&it, "__setstate__", arrayiter_setstate);
    vm.add_module_fn(&m, "_array_reconstructor", array_reconstructor);
    TYPES.with(|t| *t.borrow_mut() = Some((ty.clone(), it)));
    // As CPython's module does: arrays are MutableSequences.
    if let Ok(abc) = pyrs_vm::import::import_module(vm, "collections.abc") {
        if let Ok(ms) = vm.get_attr_str(&abc, "MutableSequence") {
            vm.call_method(&ms, "register", &[Value::Obj(ty)])?;
        }
    }
    MODULE.with(|mm| *mm.borrow_mut() = Some(m.clone()));
    Ok(m)
}
