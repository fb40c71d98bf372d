//! The `marshal` module: `dumps`/`loads`/`dump`/`load` and `version`, converting between
//! VM values and `pyrs_marshal::MarshalValue` (the format itself is that crate's).
//!
//! Sharing (`FLAG_REF`, version 3 and up) follows CPython's rule: an object is flagged
//! when its reference count is above one, and later occurrences of the same object are
//! written as references. Ints and floats are immediates in pyrs (no reference count):
//! they are written flagged, and equal ones as references to the first, as CPython
//! writes the constants of a program (small ints are always shared there); a value
//! computed at run time and held once is written unflagged by CPython, flagged here.
//!
//! Differences from CPython's reader: see `pyrs_marshal` (recursive containers are bad
//! data); writing a container that contains itself raises `ValueError`. `load` reads
//! the rest of the file with `read()` and seeks back over what it did not use (CPython
//! reads exactly the bytes it needs with `readinto`).

use std::collections::HashMap;
use std::sync::Arc;

use pyrs_marshal::{MarshalError, MarshalValue};
use pyrs_parser::ast::IntValue;
use pyrs_parser::wtf8::Wtf8Buf;

use crate::memory::ObjRef;
use crate::object::Payload;
use crate::objects::{dict, str as pystr};
use crate::value::Value;
use crate::vm::{Args, PyResult, Vm};

/// CPython's `MAX_MARSHAL_STACK_DEPTH`.
const MAX_DEPTH: u32 = 2000;

pub fn init(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("marshal");
    vm.add_module_fn(&m, "dumps", marshal_dumps);
    vm.add_module_fn(&m, "loads", marshal_loads);
    vm.add_module_fn(&m, "dump", marshal_dump);
    vm.add_module_fn(&m, "load", marshal_load);
    if let Some(d) = m.dict() {
        dict::set_str(
            &d,
            &vm.intern("version"),
            Value::Int(i64::from(pyrs_marshal::VERSION)),
        );
    }
    Ok(m)
}

// ----- errors ------------------------------------------------------------------------

/// The Python exception for a marshal error.
pub fn marshal_error(vm: &Vm, err: &MarshalError) -> ObjRef {
    match err {
        MarshalError::Eof(msg) => vm.new_exception_msg(&vm.exc.eof_error, *msg),
        MarshalError::Value(msg) => vm.value_error(msg.to_string()),
        MarshalError::Type(msg) => vm.type_error(msg.to_string()),
        MarshalError::UnicodeDecode {
            object,
            start,
            end,
            reason,
        } => {
            let args = [
                vm.new_str("utf-8"),
                vm.new_bytes(object.clone()),
                Value::Int(*start as i64),
                Value::Int(*end as i64),
                vm.new_str(*reason),
            ];
            match vm.call(
                &Value::Obj(vm.exc.unicode_decode_error.clone()),
                Args::new(&args),
            ) {
                Ok(Value::Obj(e)) => e,
                Ok(_) => vm.value_error(err.to_string()),
                Err(e) => e,
            }
        }
    }
}

fn no_keywords(vm: &Vm, args: &Args, name: &str) -> PyResult<()> {
    if args.has_kw() {
        return Err(vm.type_error(format!("marshal.{name}() takes no keyword arguments")));
    }
    Ok(())
}

/// `_PyArg_CheckPositional`: between `min` and `max` positional arguments.
fn check_count(vm: &Vm, name: &str, got: usize, min: usize, max: usize) -> PyResult<()> {
    let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
    if got < min {
        return Err(vm.type_error(format!(
            "{name} expected at least {min} {}, got {got}",
            plural(min)
        )));
    }
    if got > max {
        return Err(vm.type_error(format!(
            "{name} expected at most {max} {}, got {got}",
            plural(max)
        )));
    }
    Ok(())
}

/// A `METH_O` function: exactly one argument.
fn one_arg<'a>(vm: &Vm, args: &Args<'a>, name: &str) -> PyResult<&'a Value> {
    no_keywords(vm, args, name)?;
    match args.pos() {
        [v] => Ok(v),
        other => Err(vm.type_error(format!(
            "marshal.{name}() takes exactly one argument ({} given)",
            other.len()
        ))),
    }
}

/// `_PyLong_AsInt` of the version argument.
fn version_arg(vm: &Vm, v: Option<&Value>) -> PyResult<i32> {
    let Some(v) = v else {
        return Ok(pyrs_marshal::VERSION);
    };
    let is_int = match v {
        Value::Int(_) | Value::Bool(_) => true,
        Value::Obj(o) => matches!(o.payload, Payload::Int(_)),
        _ => false,
    };
    if !is_int {
        return Err(vm.type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            vm.type_name(v)
        )));
    }
    let n = match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(i64::from(*b)),
        Value::Obj(o) => match &o.payload {
            Payload::Int(b) => num_traits::ToPrimitive::to_i64(b),
            _ => None,
        },
        _ => None,
    };
    n.and_then(|n| i32::try_from(n).ok())
        .ok_or_else(|| vm.overflow_error("Python int too large to convert to C int"))
}

// ----- values to marshal data -------------------------------------------------------

/// Converts VM values to marshal values, deciding sharing as CPython's `w_ref` does.
struct Writer<'a> {
    vm: &'a Vm,
    refs: bool,
    objects: HashMap<usize, Arc<MarshalValue>>,
    ints: HashMap<i64, Arc<MarshalValue>>,
    floats: HashMap<u64, Arc<MarshalValue>>,
    /// Containers being converted (a container that holds itself cannot be a tree).
    open: Vec<usize>,
}

fn unmarshallable(vm: &Vm) -> ObjRef {
    vm.value_error("unmarshallable object")
}

fn str_wtf8(s: &pystr::PyStr) -> Wtf8Buf {
    match std::str::from_utf8(s.as_bytes()) {
        Ok(text) => Wtf8Buf::from(text),
        Err(_) => {
            let mut out = Wtf8Buf::new();
            for cp in s.code_points() {
                out.push_code_point(cp);
            }
            out
        }
    }
}

impl Writer<'_> {
    fn shared_immediate<K: std::hash::Hash + Eq>(
        refs: bool,
        memo: &mut HashMap<K, Arc<MarshalValue>>,
        key: K,
        value: MarshalValue,
    ) -> MarshalValue {
        if !refs {
            return value;
        }
        let arc = memo.entry(key).or_insert_with(|| Arc::new(value)).clone();
        MarshalValue::Shared(arc)
    }

    fn convert(&mut self, v: &Value, depth: u32) -> PyResult<MarshalValue> {
        let vm = self.vm;
        if depth > MAX_DEPTH {
            return Err(vm.value_error("object too deeply nested to marshal"));
        }
        let o = match v {
            Value::None => return Ok(MarshalValue::None),
            Value::Bool(b) => return Ok(MarshalValue::Bool(*b)),
            Value::Int(i) => {
                return Ok(Self::shared_immediate(
                    self.refs,
                    &mut self.ints,
                    *i,
                    MarshalValue::int(*i),
                ))
            }
            Value::Float(f) => {
                return Ok(Self::shared_immediate(
                    self.refs,
                    &mut self.floats,
                    f.to_bits(),
                    MarshalValue::Float(*f),
                ))
            }
            Value::Obj(o) => o,
            _ => return Err(unmarshallable(vm)),
        };
        if o.is(&vm.ellipsis) {
            return Ok(MarshalValue::Ellipsis);
        }
        if o.is(&vm.exc.stop_iteration) {
            return Ok(MarshalValue::StopIteration);
        }
        // Measured before this conversion takes any reference of its own.
        let flagged = self.refs && o.refcount() > 1;
        let key = o.id();
        if flagged {
            if let Some(arc) = self.objects.get(&key) {
                return Ok(MarshalValue::Shared(arc.clone()));
            }
        }
        if self.open.contains(&key) {
            return Err(
                vm.value_error("marshal cannot write a container that contains itself in pyrs")
            );
        }
        let value = self.convert_object(o, depth)?;
        if flagged {
            let arc = Arc::new(value);
            self.objects.insert(key, arc.clone());
            return Ok(MarshalValue::Shared(arc));
        }
        Ok(value)
    }

    fn items(&mut self, key: usize, items: &[Value], depth: u32) -> PyResult<Vec<MarshalValue>> {
        self.open.push(key);
        let out = items
            .iter()
            .map(|item| self.convert(item, depth + 1))
            .collect::<PyResult<Vec<_>>>();
        self.open.pop();
        out
    }

    fn convert_object(&mut self, o: &ObjRef, depth: u32) -> PyResult<MarshalValue> {
        let vm = self.vm;
        let types = &vm.types;
        let cls = o.class();
        let key = o.id();
        Ok(match &o.payload {
            Payload::Int(b) if cls.is(&types.int) => MarshalValue::bigint(b.clone()),
            Payload::Float(f) if cls.is(&types.float) => MarshalValue::Float(*f),
            Payload::Complex(real, imag) if cls.is(&types.complex) => MarshalValue::Complex {
                real: *real,
                imag: *imag,
            },
            Payload::Str(s) if cls.is(&types.str_) => {
                let text = str_wtf8(s);
                if vm.is_interned(o) {
                    MarshalValue::InternedStr(text)
                } else {
                    MarshalValue::Str(text)
                }
            }
            Payload::Bytes(b) if cls.is(&types.bytes) => MarshalValue::Bytes(b.to_vec()),
            Payload::Tuple(items) if cls.is(&types.tuple) => {
                MarshalValue::Tuple(self.items(key, items, depth)?)
            }
            Payload::List(items) if cls.is(&types.list) => {
                let items = items.borrow();
                MarshalValue::List(self.items(key, &items, depth)?)
            }
            Payload::Dict(table) if cls.is(&types.dict) => {
                let table = table.borrow();
                self.open.push(key);
                let mut pairs = Vec::with_capacity(table.len());
                for entry in table.iter() {
                    let k = self.convert(entry.key, depth + 1);
                    let v = k.and_then(|k| Ok((k, self.convert(entry.value, depth + 1)?)));
                    match v {
                        Ok(pair) => pairs.push(pair),
                        Err(e) => {
                            self.open.pop();
                            return Err(e);
                        }
                    }
                }
                self.open.pop();
                MarshalValue::Dict(pairs)
            }
            Payload::Set(table) if cls.is(&types.set) || cls.is(&types.frozenset) => {
                let table = table.borrow();
                self.open.push(key);
                let items = table
                    .iter()
                    .map(|slot| self.convert(&slot.key, depth + 1))
                    .collect::<PyResult<Vec<_>>>();
                self.open.pop();
                if cls.is(&types.set) {
                    MarshalValue::Set(items?)
                } else {
                    MarshalValue::FrozenSet(items?)
                }
            }
            Payload::ByteArray(b) => MarshalValue::Bytes(b.borrow().clone()),
            Payload::Code(cd) => MarshalValue::Code(cd.code.clone()),
            _ => return Err(unmarshallable(vm)),
        })
    }
}

/// `marshal.dumps(value, version)` as bytes.
pub fn dumps_value(vm: &Vm, value: &Value, version: i32) -> PyResult<Vec<u8>> {
    let mut writer = Writer {
        vm,
        refs: version >= 3,
        objects: HashMap::new(),
        ints: HashMap::new(),
        floats: HashMap::new(),
        open: Vec::new(),
    };
    let converted = writer.convert(value, 1)?;
    pyrs_marshal::dumps(&converted, version).map_err(|e| marshal_error(vm, &e))
}

// ----- marshal data to values -------------------------------------------------------

struct Reader<'a> {
    vm: &'a Vm,
    shared: HashMap<usize, Value>,
}

impl Reader<'_> {
    fn convert(&mut self, m: &MarshalValue) -> PyResult<Value> {
        let vm = self.vm;
        Ok(match m {
            MarshalValue::None => Value::None,
            MarshalValue::Bool(b) => Value::Bool(*b),
            MarshalValue::StopIteration => Value::Obj(vm.exc.stop_iteration.clone()),
            MarshalValue::Ellipsis => Value::Obj(vm.ellipsis.clone()),
            MarshalValue::Int(IntValue::Small(i)) => Value::Int(*i),
            MarshalValue::Int(IntValue::Big(b)) => vm.new_bigint((**b).clone()),
            MarshalValue::Float(f) => Value::Float(*f),
            MarshalValue::Complex { real, imag } => {
                crate::objects::float::new_complex(vm, *real, *imag)
            }
            MarshalValue::Str(s) => vm.new_pystr(pystr::PyStr::from_wtf8(s.as_bytes().to_vec())),
            MarshalValue::InternedStr(s) => {
                let o = ObjRef::new(
                    &vm.types.str_,
                    Payload::Str(pystr::PyStr::from_wtf8(s.as_bytes().to_vec())),
                );
                Value::Obj(vm.intern_obj(&o))
            }
            MarshalValue::Bytes(b) => vm.new_bytes(b.clone()),
            MarshalValue::Tuple(items) => {
                let items = self.all(items)?;
                vm.new_tuple(items)
            }
            MarshalValue::List(items) => {
                let items = self.all(items)?;
                vm.new_list(items)
            }
            MarshalValue::Dict(pairs) => {
                let d = vm.new_dict_obj();
                for (k, v) in pairs {
                    let k = self.convert(k)?;
                    let v = self.convert(v)?;
                    dict::set(vm, &d, k, v)?;
                }
                Value::Obj(d)
            }
            MarshalValue::Set(items) | MarshalValue::FrozenSet(items) => {
                let ty = if matches!(m, MarshalValue::Set(_)) {
                    &vm.types.set
                } else {
                    &vm.types.frozenset
                };
                let items = self.all(items)?;
                vm.call1(&Value::Obj(ty.clone()), vm.new_list(items))?
            }
            MarshalValue::Code(code) => Value::Obj(crate::eval::new_code_object(vm, code.clone())),
            MarshalValue::Shared(inner) => {
                let key = Arc::as_ptr(inner) as usize;
                if let Some(v) = self.shared.get(&key) {
                    return Ok(v.clone());
                }
                let v = self.convert(inner)?;
                self.shared.insert(key, v.clone());
                v
            }
        })
    }

    fn all(&mut self, items: &[MarshalValue]) -> PyResult<Vec<Value>> {
        items.iter().map(|i| self.convert(i)).collect()
    }
}

/// A value read from marshal data.
pub fn value_from_marshal(vm: &Vm, m: &MarshalValue) -> PyResult<Value> {
    Reader {
        vm,
        shared: HashMap::new(),
    }
    .convert(m)
}

/// The bytes of a bytes-like argument.
fn buffer_bytes(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    crate::objects::bytes::bytes_from_value(vm, v)
}

// ----- the module's functions -------------------------------------------------------

fn marshal_dumps(vm: &Vm, args: Args) -> PyResult<Value> {
    no_keywords(vm, &args, "dumps")?;
    let pos = args.pos();
    check_count(vm, "dumps", pos.len(), 1, 2)?;
    let version = version_arg(vm, pos.get(1))?;
    Ok(vm.new_bytes(dumps_value(vm, &pos[0], version)?))
}

fn marshal_loads(vm: &Vm, args: Args) -> PyResult<Value> {
    let data = buffer_bytes(vm, one_arg(vm, &args, "loads")?)?;
    let m = pyrs_marshal::loads(&data).map_err(|e| marshal_error(vm, &e))?;
    value_from_marshal(vm, &m)
}

fn marshal_dump(vm: &Vm, args: Args) -> PyResult<Value> {
    no_keywords(vm, &args, "dump")?;
    let pos = args.pos();
    check_count(vm, "dump", pos.len(), 2, 3)?;
    let version = version_arg(vm, pos.get(2))?;
    let data = dumps_value(vm, &pos[0], version)?;
    // CPython returns what `write` returns.
    vm.call_method(&pos[1], "write", &[vm.new_bytes(data)])
}

fn marshal_load(vm: &Vm, args: Args) -> PyResult<Value> {
    let file = one_arg(vm, &args, "load")?;
    // As CPython: a read of zero bytes first checks that read() gives bytes.
    let probe = vm.call_method(file, "read", &[Value::Int(0)])?;
    let is_bytes = matches!(&probe, Value::Obj(o) if matches!(o.payload, Payload::Bytes(_)));
    if !is_bytes {
        return Err(vm.type_error(format!(
            "file.read() returned not bytes but {}",
            vm.type_name(&probe)
        )));
    }
    let rest = vm.call_method(file, "read", &[])?;
    let data = buffer_bytes(vm, &rest)?;
    let (m, used) = pyrs_marshal::loads_prefix(&data).map_err(|e| marshal_error(vm, &e))?;
    if used < data.len() {
        let back = -((data.len() - used) as i64);
        vm.call_method(file, "seek", &[Value::Int(back), Value::Int(1)])?;
    }
    value_from_marshal(vm, &m)
}
