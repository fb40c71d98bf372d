//! The hash modules `hashlib` falls back on when `_hashlib` (OpenSSL) is absent:
//! `_md5`, `_sha1`, `_sha256`, `_sha512`, `_sha3` and `_blake2`, on the RustCrypto crates.
//! Every hash object has update/digest/hexdigest/copy and name, digest_size, block_size.

use std::cell::RefCell;

use digest::{DynDigest, ExtendableOutput, Update, VariableOutput};
use pyrs_vm::memory::ObjRef;
use pyrs_vm::object::{NativeData, NativeFn, Payload};
use pyrs_vm::vm::Args;
use pyrs_vm::{PyResult, Value, Vm};

use crate::util::{bind_ex, cls_arg, native_of, one_arg, pos_only, rest, this};

enum State {
    Fixed(Box<dyn DynDigest>),
    Shake128(sha3::Shake128),
    Shake256(sha3::Shake256),
    Blake2b(blake2::Blake2bVar),
    Blake2s(blake2::Blake2sVar),
}

impl State {
    fn clone_state(&self) -> State {
        match self {
            State::Fixed(d) => State::Fixed(d.box_clone()),
            State::Shake128(s) => State::Shake128(s.clone()),
            State::Shake256(s) => State::Shake256(s.clone()),
            State::Blake2b(s) => State::Blake2b(s.clone()),
            State::Blake2s(s) => State::Blake2s(s.clone()),
        }
    }
    fn update(&mut self, data: &[u8]) {
        match self {
            State::Fixed(d) => d.update(data),
            State::Shake128(s) => Update::update(s, data),
            State::Shake256(s) => Update::update(s, data),
            State::Blake2b(s) => Update::update(s, data),
            State::Blake2s(s) => Update::update(s, data),
        }
    }
}

struct HashObj {
    name: &'static str,
    digest_size: usize,
    block_size: usize,
    state: RefCell<State>,
}

impl NativeData for HashObj {}

fn data_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Value::Obj(o) = v {
        match &o.payload {
            Payload::Bytes(b) => return Ok(b.to_vec()),
            Payload::ByteArray(b) => return Ok(b.borrow().clone()),
            Payload::Str(_) => {
                return Err(vm.type_error("Strings must be encoded before hashing"));
            }
            _ => {}
        }
        if let Some(a) = crate::array::bytes_of_array(v) {
            return Ok(a);
        }
    }
    Err(vm.type_error("object supporting the buffer API required"))
}

fn hash_of<'a>(vm: &Vm, args: &'a Args) -> PyResult<&'a HashObj> {
    this(vm, args, "hash object")
}

fn h_update(vm: &Vm, args: Args) -> PyResult<Value> {
    let h = hash_of(vm, &args)?;
    let d = data_arg(vm, one_arg(vm, "update", &rest(&args))?)?;
    h.state.borrow_mut().update(&d);
    Ok(Value::None)
}

fn finish(h: &HashObj, length: Option<usize>) -> Vec<u8> {
    let st = h.state.borrow().clone_state();
    match st {
        State::Fixed(d) => d.finalize().to_vec(),
        State::Shake128(s) => {
            let mut out = vec![0u8; length.unwrap_or(0)];
            s.finalize_xof_into(&mut out);
            out
        }
        State::Shake256(s) => {
            let mut out = vec![0u8; length.unwrap_or(0)];
            s.finalize_xof_into(&mut out);
            out
        }
        State::Blake2b(s) => {
            let mut out = vec![0u8; h.digest_size];
            let _ = s.finalize_variable(&mut out);
            out
        }
        State::Blake2s(s) => {
            let mut out = vec![0u8; h.digest_size];
            let _ = s.finalize_variable(&mut out);
            out
        }
    }
}

fn is_shake(h: &HashObj) -> bool {
    h.name.starts_with("shake")
}

fn shake_length(vm: &Vm, h: &HashObj, args: &Args, name: &str) -> PyResult<Option<usize>> {
    if !is_shake(h) {
        pos_only(vm, name, &rest(args), 0, 0)?;
        return Ok(None);
    }
    let r = rest(args);
    crate::util::no_kwargs(vm, name, &r)?;
    if r.pos().len() != 1 {
        return Err(vm.type_error(format!(
            "{}.{name}() takes exactly one argument ({} given)",
            h.name,
            r.pos().len()
        )));
    }
    let n = crate::util::to_isize(vm, &r.pos()[0])?;
    if n < 0 {
        return Err(vm.value_error("value must be positive"));
    }
    Ok(Some(n as usize))
}

fn h_digest(vm: &Vm, args: Args) -> PyResult<Value> {
    let h = hash_of(vm, &args)?;
    let len = shake_length(vm, h, &args, "digest")?;
    Ok(vm.new_bytes(finish(h, len)))
}

fn h_hexdigest(vm: &Vm, args: Args) -> PyResult<Value> {
    let h = hash_of(vm, &args)?;
    let len = shake_length(vm, h, &args, "hexdigest")?;
    let d = finish(h, len);
    let mut s = String::with_capacity(d.len() * 2);
    for b in d {
        s.push_str(&format!("{b:02x}"));
    }
    Ok(vm.new_str(s))
}

fn h_copy(vm: &Vm, args: Args) -> PyResult<Value> {
    let h = hash_of(vm, &args)?;
    let cls = vm.type_of(&args.args[0]).clone();
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        HashObj {
            name: h.name,
            digest_size: h.digest_size,
            block_size: h.block_size,
            state: RefCell::new(h.state.borrow().clone_state()),
        },
    )))
}

fn h_name(vm: &Vm, v: &Value) -> PyResult<Value> {
    match native_of::<HashObj>(v) {
        Some(h) => Ok(vm.new_str(h.name)),
        None => Err(vm.type_error("expected a hash object")),
    }
}
fn h_digest_size(vm: &Vm, v: &Value) -> PyResult<Value> {
    match native_of::<HashObj>(v) {
        Some(h) => Ok(Value::Int(h.digest_size as i64)),
        None => Err(vm.type_error("expected a hash object")),
    }
}
fn h_block_size(vm: &Vm, v: &Value) -> PyResult<Value> {
    match native_of::<HashObj>(v) {
        Some(h) => Ok(Value::Int(h.block_size as i64)),
        None => Err(vm.type_error("expected a hash object")),
    }
}

fn hash_type(vm: &Vm, module: &str, name: &str) -> ObjRef {
    let t = vm.new_native_type(module, name, None, false, false);
    vm.add_method(&t, "update", h_update);
    vm.add_method(&t, "digest", h_digest);
    vm.add_method(&t, "hexdigest", h_hexdigest);
    vm.add_method(&t, "copy", h_copy);
    vm.add_getset(&t, "name", h_name, None);
    vm.add_getset(&t, "digest_size", h_digest_size, None);
    vm.add_getset(&t, "block_size", h_block_size, None);
    t
}

thread_local! {
    static TYPES: RefCell<Vec<(&'static str, ObjRef)>> = const { RefCell::new(Vec::new()) };
}

fn type_for(vm: &Vm, name: &str) -> PyResult<ObjRef> {
    TYPES
        .with(|t| {
            t.borrow()
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| t.clone())
        })
        .ok_or_else(|| vm.runtime_error(format!("hash type {name} is not initialised")))
}

fn make(
    vm: &Vm,
    args: &Args,
    fname: &'static str,
    tyname: &str,
    st: State,
    digest_size: usize,
    block_size: usize,
) -> PyResult<Value> {
    let a = bind_ex(vm, fname, args, &["string", "usedforsecurity"], 0, 0, 1)?;
    let mut st = st;
    if let Some(d) = &a[0] {
        st.update(&data_arg(vm, d)?);
    }
    let t = type_for(vm, tyname)?;
    Ok(Value::Obj(vm.new_native_object(
        &t,
        HashObj {
            name: fname,
            digest_size,
            block_size,
            state: RefCell::new(st),
        },
    )))
}

macro_rules! fixed_ctor {
    ($fn:ident, $name:expr, $ty:expr, $alg:ty, $ds:expr, $bs:expr) => {
        fn $fn(vm: &Vm, args: Args) -> PyResult<Value> {
            let st = State::Fixed(Box::new(<$alg as Default>::default()));
            make(vm, &args, $name, $ty, st, $ds, $bs)
        }
    };
}

fixed_ctor!(new_md5, "md5", "md5", md5::Md5, 16, 64);
fixed_ctor!(new_sha1, "sha1", "sha1", sha1::Sha1, 20, 64);
fixed_ctor!(new_sha224, "sha224", "sha224", sha2::Sha224, 28, 64);
fixed_ctor!(new_sha256, "sha256", "sha256", sha2::Sha256, 32, 64);
fixed_ctor!(new_sha384, "sha384", "sha384", sha2::Sha384, 48, 128);
fixed_ctor!(new_sha512, "sha512", "sha512", sha2::Sha512, 64, 128);
fixed_ctor!(
    new_sha3_224,
    "sha3_224",
    "sha3_224",
    sha3::Sha3_224,
    28,
    144
);
fixed_ctor!(
    new_sha3_256,
    "sha3_256",
    "sha3_256",
    sha3::Sha3_256,
    32,
    136
);
fixed_ctor!(
    new_sha3_384,
    "sha3_384",
    "sha3_384",
    sha3::Sha3_384,
    48,
    104
);
fixed_ctor!(new_sha3_512, "sha3_512", "sha3_512", sha3::Sha3_512, 64, 72);

fn new_shake128(vm: &Vm, args: Args) -> PyResult<Value> {
    make(
        vm,
        &args,
        "shake_128",
        "shake_128",
        State::Shake128(Default::default()),
        0,
        168,
    )
}
fn new_shake256(vm: &Vm, args: Args) -> PyResult<Value> {
    make(
        vm,
        &args,
        "shake_256",
        "shake_256",
        State::Shake256(Default::default()),
        0,
        136,
    )
}

fn blake2_new(vm: &Vm, args: Args, big: bool) -> PyResult<Value> {
    let cls = cls_arg(vm, &args)?;
    let fname = if big { "blake2b" } else { "blake2s" };
    let names = [
        "data",
        "digest_size",
        "key",
        "salt",
        "person",
        "fanout",
        "depth",
        "leaf_size",
        "node_offset",
        "node_depth",
        "inner_size",
        "last_node",
        "usedforsecurity",
    ];
    let a = bind_ex(vm, fname, &rest(&args), &names, 0, 1, 1)?;
    let max = if big { 64 } else { 32 };
    let ds = match &a[1] {
        Some(v) => crate::util::to_isize(vm, v)?,
        None => max as i64,
    };
    if ds < 1 || ds > max as i64 {
        return Err(vm.value_error(format!("digest_size must be between 1 and {max} bytes")));
    }
    for (i, name) in names.iter().enumerate().take(12).skip(2) {
        let Some(v) = &a[i] else { continue };
        let default = match *name {
            "key" | "salt" | "person" => {
                matches!(v, Value::Obj(o) if matches!(&o.payload, Payload::Bytes(b) if b.is_empty()))
            }
            "fanout" | "depth" => matches!(v, Value::Int(1)),
            "last_node" => !vm.is_true(v)?,
            _ => matches!(v, Value::Int(0)),
        };
        if !default {
            return Err(vm.not_implemented_error(format!(
                "pyrs: {fname}() parameter '{name}' is not supported yet"
            )));
        }
    }
    let st = if big {
        State::Blake2b(
            blake2::Blake2bVar::new(ds as usize).map_err(|_| vm.value_error("bad digest size"))?,
        )
    } else {
        State::Blake2s(
            blake2::Blake2sVar::new(ds as usize).map_err(|_| vm.value_error("bad digest size"))?,
        )
    };
    let mut st = st;
    if let Some(d) = &a[0] {
        st.update(&data_arg(vm, d)?);
    }
    Ok(Value::Obj(vm.new_native_object(
        &cls,
        HashObj {
            name: fname,
            digest_size: ds as usize,
            block_size: if big { 128 } else { 64 },
            state: RefCell::new(st),
        },
    )))
}

fn blake2b_new(vm: &Vm, args: Args) -> PyResult<Value> {
    blake2_new(vm, args, true)
}
fn blake2s_new(vm: &Vm, args: Args) -> PyResult<Value> {
    blake2_new(vm, args, false)
}

fn register_types(vm: &Vm, module: &str, names: &[&'static str]) {
    for n in names {
        let already = TYPES.with(|t| t.borrow().iter().any(|(x, _)| x == n));
        if !already {
            let tyname = *n;
            let t = hash_type(vm, module, tyname);
            TYPES.with(|ts| ts.borrow_mut().push((n, t)));
        }
    }
}

fn simple_module(vm: &Vm, module: &str, fns: &[(&'static str, NativeFn)]) -> PyResult<ObjRef> {
    let m = vm.new_module(module);
    let names: Vec<&'static str> = fns.iter().map(|(n, _)| *n).collect();
    register_types(vm, module, &names);
    for (n, f) in fns {
        vm.add_module_fn(&m, n, *f);
    }
    Ok(m)
}

pub fn init_md5(vm: &Vm) -> PyResult<ObjRef> {
    simple_module(vm, "_md5", &[("md5", new_md5)])
}
pub fn init_sha1(vm: &Vm) -> PyResult<ObjRef> {
    simple_module(vm, "_sha1", &[("sha1", new_sha1)])
}
pub fn init_sha256(vm: &Vm) -> PyResult<ObjRef> {
    simple_module(
        vm,
        "_sha256",
        &[("sha224", new_sha224), ("sha256", new_sha256)],
    )
}
pub fn init_sha512(vm: &Vm) -> PyResult<ObjRef> {
    simple_module(
        vm,
        "_sha512",
        &[("sha384", new_sha384), ("sha512", new_sha512)],
    )
}
pub fn init_sha3(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_sha3");
    let fns: &[(&'static str, NativeFn)] = &[
        ("sha3_224", new_sha3_224),
        ("sha3_256", new_sha3_256),
        ("sha3_384", new_sha3_384),
        ("sha3_512", new_sha3_512),
        ("shake_128", new_shake128),
        ("shake_256", new_shake256),
    ];
    let names: Vec<&'static str> = fns.iter().map(|(n, _)| *n).collect();
    register_types(vm, "_sha3", &names);
    let d = m.dict().expect("module dict");
    for (n, f) in fns {
        // In CPython these are types; callables serve hashlib equally.
        vm.add_module_fn(&m, n, *f);
    }
    pyrs_vm::objects::dict::set_str(&d, &vm.intern("implementation"), vm.new_str("pyrs"));
    pyrs_vm::objects::dict::set_str(&d, &vm.intern("keccakopt"), Value::Int(64));
    Ok(m)
}
pub fn init_blake2(vm: &Vm) -> PyResult<ObjRef> {
    let m = vm.new_module("_blake2");
    let d = m.dict().expect("module dict");
    for (name, new, big) in [
        ("blake2b", blake2b_new as NativeFn, true),
        ("blake2s", blake2s_new as NativeFn, false),
    ] {
        let t = hash_type(vm, "_blake2", name);
        vm.add_static(&t, "__new__", new);
        let set = |k: &str, v: i64| vm.set_type_attr(&t, k, Value::Int(v));
        set("SALT_SIZE", if big { 16 } else { 8 });
        set("PERSON_SIZE", if big { 16 } else { 8 });
        set("MAX_KEY_SIZE", if big { 64 } else { 32 });
        set("MAX_DIGEST_SIZE", if big { 64 } else { 32 });
        pyrs_vm::objects::dict::set_str(&d, &vm.intern(name), Value::Obj(t));
        let p = if big { "BLAKE2B" } else { "BLAKE2S" };
        for (suffix, v) in [
            ("SALT_SIZE", if big { 16 } else { 8 }),
            ("PERSON_SIZE", if big { 16 } else { 8 }),
            ("MAX_KEY_SIZE", if big { 64 } else { 32 }),
            ("MAX_DIGEST_SIZE", if big { 64 } else { 32 }),
        ] {
            pyrs_vm::objects::dict::set_str(
                &d,
                &vm.intern(&format!("{p}_{suffix}")),
                Value::Int(v),
            );
        }
    }
    Ok(m)
}
