//! The dict type's table: insertion-ordered entries plus an open-addressing index.
//!
//! Invariants: `entries` holds every live item in insertion order, with deleted items left
//! as `Null` keys until the next resize; `indices` (a power of two long, or empty) maps
//! probe positions to entry numbers (`EMPTY`/`DUMMY` otherwise); `used` counts live
//! entries; `version` changes on every mutation, so a lookup that had to call Python
//! code (`__eq__`) can tell the table changed under it and restart.

use std::cell::RefCell;

use crate::memory::ObjRef;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// The source of dict and type versions: every mutation of a dict (and every change of a
/// type) takes a fresh number, so a version names one object in one state, and the eval
/// loop's caches can key on versions alone. Read and written only under the GIL (plain
/// load and store: no read-modify-write is needed).
static VERSIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A version number never handed out before.
#[inline]
pub fn next_version() -> u64 {
    use std::sync::atomic::Ordering::Relaxed;
    let v = VERSIONS.load(Relaxed) + 1;
    VERSIONS.store(v, Relaxed);
    v
}

const EMPTY: u32 = u32::MAX;
const DUMMY: u32 = u32::MAX - 1;

#[derive(Clone)]
pub struct Entry {
    pub hash: i64,
    pub key: Value,
    pub value: Value,
}

#[derive(Default)]
pub struct DictTable {
    entries: Vec<Entry>,
    indices: Vec<u32>,
    used: usize,
    pub version: u64,
}

enum Probe {
    NotFound,
    Found(usize),
    Compare(usize, Value, u64),
}

/// Whether two keys are equal without running Python code, when that can be decided.
#[inline(always)]
pub fn fast_key_eq(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x == y),
        (Value::Obj(x), Value::Obj(y)) => {
            if x.is(y) {
                return Some(true);
            }
            match (&x.payload, &y.payload) {
                (crate::object::Payload::Str(s), crate::object::Payload::Str(t)) => {
                    Some(s.as_bytes() == t.as_bytes())
                }
                _ => None,
            }
        }
        (Value::Float(x), Value::Float(y)) => Some(x == y),
        (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => {
            Some(*x as f64 == *y && (*y as i64) == *x)
        }
        (Value::Bool(x), Value::Bool(y)) => Some(x == y),
        (Value::Bool(x), Value::Int(y)) | (Value::Int(y), Value::Bool(x)) => Some(*x as i64 == *y),
        (Value::None, Value::None) => Some(true),
        (Value::Obj(o), _) | (_, Value::Obj(o)) => match &o.payload {
            crate::object::Payload::Str(_) => Some(false),
            _ => None,
        },
        _ => Some(false),
    }
}

impl DictTable {
    pub fn new() -> Self {
        DictTable::default()
    }

    pub fn with_capacity(n: usize) -> Self {
        let mut t = DictTable::default();
        if n > 0 {
            t.entries.reserve(n);
            t.indices = vec![EMPTY; index_size_for(n)];
        }
        t
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.used
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// Number of entry positions (live or deleted), for iteration by position.
    #[inline]
    pub fn positions(&self) -> usize {
        self.entries.len()
    }

    /// The live entry at position `pos`, if it is live.
    #[inline]
    pub fn entry_at(&self, pos: usize) -> Option<&Entry> {
        self.entries.get(pos).filter(|e| !e.key.is_null())
    }

    /// Live entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| !e.key.is_null())
    }

    pub fn keys(&self) -> Vec<Value> {
        self.iter().map(|e| e.key.clone()).collect()
    }

    pub fn values(&self) -> Vec<Value> {
        self.iter().map(|e| e.value.clone()).collect()
    }

    pub fn items(&self) -> Vec<(Value, Value)> {
        self.iter()
            .map(|e| (e.key.clone(), e.value.clone()))
            .collect()
    }

    /// The position of the live entry whose key is the str object `name` itself (or an
    /// equal str), for the eval loop's caches.
    #[inline]
    pub fn find_str(&self, name: &ObjRef) -> Option<usize> {
        let (hash, bytes) = match &name.payload {
            crate::object::Payload::Str(s) => (s.hash(), s.as_bytes()),
            _ => return None,
        };
        if self.indices.is_empty() {
            return None;
        }
        let mask = self.indices.len() - 1;
        let mut i = hash as usize & mask;
        let mut perturb = hash as u64;
        loop {
            let ix = self.indices[i];
            if ix == EMPTY {
                return None;
            }
            if ix != DUMMY {
                let e = &self.entries[ix as usize];
                if e.hash == hash {
                    if let Value::Obj(k) = &e.key {
                        if k.is(name) {
                            return Some(ix as usize);
                        }
                        if let crate::object::Payload::Str(ks) = &k.payload {
                            if ks.as_bytes() == bytes {
                                return Some(ix as usize);
                            }
                        }
                    }
                }
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    /// The value at position `ix` when that entry's key is the object `name` (a cache hint
    /// check: positions are stable while the table's version is unchanged).
    #[inline]
    pub fn value_if_key_at(&self, ix: usize, name: &ObjRef) -> Option<&Value> {
        match self.entries.get(ix) {
            Some(Entry {
                key: Value::Obj(k),
                value,
                ..
            }) if k.is(name) => Some(value),
            _ => None,
        }
    }

    /// Look up by a key decided without Python code (a str, for names).
    /// `get_fast` for a str key given as its object and bytes (no key value is built):
    /// the same object, or an equal str, matches.
    #[inline]
    pub fn get_str_key(&self, name: &ObjRef, bytes: &[u8], hash: i64) -> Option<&Value> {
        if self.indices.is_empty() {
            return None;
        }
        let mask = self.indices.len() - 1;
        let mut i = hash as usize & mask;
        let mut perturb = hash as u64;
        loop {
            let ix = self.indices[i];
            if ix == EMPTY {
                return None;
            }
            if ix != DUMMY {
                let e = &self.entries[ix as usize];
                if e.hash == hash {
                    if let Value::Obj(k) = &e.key {
                        if k.is(name) {
                            return Some(&e.value);
                        }
                        if let crate::object::Payload::Str(ks) = &k.payload {
                            if ks.as_bytes() == bytes {
                                return Some(&e.value);
                            }
                        }
                    }
                }
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    pub fn get_fast(&self, key: &Value, hash: i64) -> Option<&Value> {
        if self.indices.is_empty() {
            return None;
        }
        let mask = self.indices.len() - 1;
        let mut i = hash as usize & mask;
        let mut perturb = hash as u64;
        loop {
            let ix = self.indices[i];
            if ix == EMPTY {
                return None;
            }
            if ix != DUMMY {
                let e = &self.entries[ix as usize];
                if e.hash == hash && fast_key_eq(&e.key, key) == Some(true) {
                    return Some(&e.value);
                }
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    /// The position of `key` (None inside: absent) when that is decided without
    /// `__eq__`; None when a colliding key needs a Python comparison.
    #[inline]
    fn find_fast(&self, key: &Value, hash: i64) -> Option<Option<usize>> {
        if self.indices.is_empty() {
            return Some(None);
        }
        let mask = self.indices.len() - 1;
        let mut i = hash as usize & mask;
        let mut perturb = hash as u64;
        loop {
            let ix = *self.indices.get(i)?;
            if ix == EMPTY {
                return Some(None);
            }
            if ix != DUMMY {
                let e = self.entries.get(ix as usize)?;
                if e.hash == hash {
                    match fast_key_eq(&e.key, key) {
                        Some(true) => return Some(Some(ix as usize)),
                        Some(false) => {}
                        None => return None,
                    }
                }
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    fn probe_from(&self, key: &Value, hash: i64, state: &mut (usize, u64)) -> Probe {
        if self.indices.is_empty() {
            return Probe::NotFound;
        }
        let mask = self.indices.len() - 1;
        loop {
            let i = state.0 & mask;
            let ix = self.indices[i];
            // Advance now so that a failed Python comparison resumes after this slot.
            state.1 >>= 5;
            state.0 = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(state.1 as usize))
                & mask;
            if ix == EMPTY {
                return Probe::NotFound;
            }
            if ix != DUMMY {
                let e = &self.entries[ix as usize];
                if e.hash == hash {
                    match fast_key_eq(&e.key, key) {
                        Some(true) => return Probe::Found(ix as usize),
                        Some(false) => {}
                        None => return Probe::Compare(ix as usize, e.key.clone(), self.version),
                    }
                }
            }
        }
    }

    fn slot_of(&self, hash: i64, ix: usize) -> Option<usize> {
        if self.indices.is_empty() {
            return None;
        }
        let mask = self.indices.len() - 1;
        let mut i = hash as usize & mask;
        let mut perturb = hash as u64;
        loop {
            let v = self.indices[i];
            if v == EMPTY {
                return None;
            }
            if v as usize == ix {
                return Some(i);
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    fn insert_index(&mut self, hash: i64, ix: u32) {
        let mask = self.indices.len() - 1;
        let mut i = hash as usize & mask;
        let mut perturb = hash as u64;
        loop {
            let v = self.indices[i];
            if v == EMPTY || v == DUMMY {
                self.indices[i] = ix;
                return;
            }
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    /// Rebuild the table for `used * 3` (CPython's GROWTH_RATE): an index of the next
    /// power of two (at least 8), of which two thirds are usable entry positions. Small
    /// tables (instance dicts) reserve only the entries they hold plus one, and grow
    /// up to the usable size when full (see `push_new`); bigger ones reserve it at once.
    fn resize(&mut self) {
        let size = (self.used * 3).max(8).next_power_of_two();
        let usable = size * 2 / 3;
        let reserve = if self.used < 8 {
            (self.used + 1).max(3)
        } else {
            usable
        };
        let entries = std::mem::take(&mut self.entries);
        self.entries = Vec::with_capacity(reserve);
        self.entries
            .extend(entries.into_iter().filter(|e| !e.key.is_null()));
        self.indices = vec![EMPTY; size];
        for ix in 0..self.entries.len() {
            let h = self.entries[ix].hash;
            self.insert_index(h, ix as u32);
        }
    }

    /// Append a key known to be absent.
    pub fn push_new(&mut self, hash: i64, key: Value, value: Value) {
        if self.indices.is_empty() || (self.entries.len() + 1) * 3 >= self.indices.len() * 2 {
            self.resize();
        } else if self.entries.len() == self.entries.capacity() {
            // Grow to the usable size of the index, not by doubling past it.
            let usable = self.indices.len() * 2 / 3;
            self.entries.reserve_exact(usable - self.entries.len());
        }
        let ix = self.entries.len() as u32;
        self.entries.push(Entry { hash, key, value });
        self.insert_index(hash, ix);
        self.used += 1;
        self.version = next_version();
    }

    /// Replace the value at a live position, returning the old one.
    pub fn replace_value(&mut self, ix: usize, value: Value) -> Value {
        self.version = next_version();
        std::mem::replace(&mut self.entries[ix].value, value)
    }

    pub fn value_at(&self, ix: usize) -> Value {
        self.entries[ix].value.clone()
    }

    /// Remove the entry at a live position, returning it.
    pub fn remove_at(&mut self, ix: usize) -> Entry {
        let hash = self.entries[ix].hash;
        if let Some(slot) = self.slot_of(hash, ix) {
            self.indices[slot] = DUMMY;
        }
        let e = std::mem::replace(
            &mut self.entries[ix],
            Entry {
                hash: 0,
                key: Value::Null,
                value: Value::Null,
            },
        );
        self.used -= 1;
        self.version = next_version();
        // Positions are not reused even when the dict becomes empty (as in CPython): an
        // iterator past the old entries must see a re-inserted key as a new entry
        // ("dictionary keys changed during iteration").
        e
    }

    /// Remove every entry, returning them so the caller drops them after the borrow ends.
    pub fn clear(&mut self) -> Vec<Entry> {
        self.used = 0;
        self.version = next_version();
        self.indices = Vec::new();
        std::mem::take(&mut self.entries)
    }

    /// The last live entry (for `popitem`).
    pub fn last_position(&self) -> Option<usize> {
        self.entries.iter().rposition(|e| !e.key.is_null())
    }

    /// Insert or replace with a key decided without Python code.
    pub fn set_fast(&mut self, key: Value, hash: i64, value: Value) -> Option<Value> {
        let mut st = (hash as usize, hash as u64);
        match self.probe_from(&key, hash, &mut st) {
            Probe::Found(ix) => Some(self.replace_value(ix, value)),
            _ => {
                self.push_new(hash, key, value);
                None
            }
        }
    }
}

fn index_size_for(n: usize) -> usize {
    let mut size = 8;
    while size * 2 < n * 3 {
        size *= 2;
    }
    size
}

/// Find the position of `key`, comparing with `__eq__` where needed.
pub fn lookup(
    vm: &Vm,
    cell: &RefCell<DictTable>,
    key: &Value,
    hash: i64,
) -> PyResult<Option<usize>> {
    'restart: loop {
        let mut st = (hash as usize, hash as u64);
        loop {
            let probe = cell.borrow().probe_from(key, hash, &mut st);
            match probe {
                Probe::NotFound => return Ok(None),
                Probe::Found(ix) => return Ok(Some(ix)),
                Probe::Compare(ix, k, version) => {
                    let eq = vm.eq(&k, key)?;
                    if cell.borrow().version != version {
                        continue 'restart;
                    }
                    if eq {
                        return Ok(Some(ix));
                    }
                }
            }
        }
    }
}

/// The payload table of a dict object (callers check the type).
pub fn table(d: &ObjRef) -> &RefCell<DictTable> {
    match &d.payload {
        crate::object::Payload::Dict(t) => t,
        _ => unreachable_dict(),
    }
}

#[cold]
fn unreachable_dict() -> &'static RefCell<DictTable> {
    // Only reached through a VM bug (a non-dict passed where a dict is required); an
    // empty table keeps that from being memory-unsafe.
    thread_local! {
        static EMPTY_TABLE: &'static RefCell<DictTable> = Box::leak(Box::new(RefCell::new(DictTable::new())));
    }
    EMPTY_TABLE.with(|t| *t)
}

pub fn get(vm: &Vm, d: &ObjRef, key: &Value) -> PyResult<Option<Value>> {
    let hash = vm.hash(key)?;
    get_with_hash(vm, d, key, hash)
}

/// `key in d`.
pub fn contains(vm: &Vm, d: &ObjRef, key: &Value) -> PyResult<bool> {
    let hash = vm.hash(key)?;
    let t = table(d);
    if let Some(r) = t.borrow().find_fast(key, hash) {
        return Ok(r.is_some());
    }
    Ok(lookup(vm, t, key, hash)?.is_some())
}

pub fn get_with_hash(vm: &Vm, d: &ObjRef, key: &Value, hash: i64) -> PyResult<Option<Value>> {
    let t = table(d);
    {
        // Decided without `__eq__` (the usual case): one borrow, no restartable probe.
        let b = t.borrow();
        if let Some(r) = b.find_fast(key, hash) {
            return Ok(r.map(|ix| b.entries[ix].value.clone()));
        }
    }
    Ok(lookup(vm, t, key, hash)?.map(|ix| t.borrow().value_at(ix)))
}

pub fn set(vm: &Vm, d: &ObjRef, key: Value, value: Value) -> PyResult<()> {
    let hash = vm.hash(&key)?;
    set_with_hash(vm, d, key, hash, value)
}

pub fn set_with_hash(vm: &Vm, d: &ObjRef, key: Value, hash: i64, value: Value) -> PyResult<()> {
    let t = table(d);
    if let Ok(mut b) = t.try_borrow_mut() {
        match b.find_fast(&key, hash) {
            Some(Some(ix)) => {
                let old = b.replace_value(ix, value);
                drop(b);
                drop(old);
                return Ok(());
            }
            Some(None) => {
                b.push_new(hash, key, value);
                return Ok(());
            }
            None => {}
        }
    }
    let old = match lookup(vm, t, &key, hash)? {
        Some(ix) => Some(t.borrow_mut().replace_value(ix, value)),
        None => {
            t.borrow_mut().push_new(hash, key, value);
            None
        }
    };
    drop(old);
    Ok(())
}

/// Remove `key`, returning its value, or `None` when absent.
pub fn remove(vm: &Vm, d: &ObjRef, key: &Value) -> PyResult<Option<Value>> {
    let hash = vm.hash(key)?;
    let t = table(d);
    if let Ok(mut b) = t.try_borrow_mut() {
        match b.find_fast(key, hash) {
            Some(Some(ix)) => {
                let e = b.remove_at(ix);
                drop(b);
                return Ok(Some(e.value));
            }
            Some(None) => return Ok(None),
            None => {}
        }
    }
    match lookup(vm, t, key, hash)? {
        Some(ix) => {
            let e = t.borrow_mut().remove_at(ix);
            Ok(Some(e.value))
        }
        None => Ok(None),
    }
}

/// Look up a str key without running Python code.
#[inline(always)]
pub fn get_str(d: &ObjRef, name: &ObjRef) -> Option<Value> {
    get_str_in(table(d), name)
}

/// Look up a str key in a table without running Python code.
#[inline(always)]
pub fn get_str_in(t: &RefCell<DictTable>, name: &ObjRef) -> Option<Value> {
    let s = match &name.payload {
        crate::object::Payload::Str(s) => s,
        _ => return None,
    };
    t.borrow()
        .get_str_key(name, s.as_bytes(), s.hash())
        .cloned()
}

/// Store under a str key in a table, without running Python code.
pub fn set_str_in(t: &RefCell<DictTable>, name: &ObjRef, value: Value) {
    let hash = match &name.payload {
        crate::object::Payload::Str(s) => s.hash(),
        _ => return,
    };
    let mut b = t.borrow_mut();
    match b.find_str(name) {
        Some(ix) => {
            let old = b.replace_value(ix, value);
            drop(b);
            drop(old);
        }
        None => b.push_new(hash, Value::Obj(name.clone()), value),
    }
}

/// Store under a str key (names), without running Python code.
pub fn set_str(d: &ObjRef, name: &ObjRef, value: Value) {
    set_str_in(table(d), name, value)
}

/// Remove a str key, returning the value.
pub fn remove_str(d: &ObjRef, name: &ObjRef) -> Option<Value> {
    remove_str_in(table(d), name)
}

/// Remove a str key from a table, returning the value.
pub fn remove_str_in(t: &RefCell<DictTable>, name: &ObjRef) -> Option<Value> {
    let hash = match &name.payload {
        crate::object::Payload::Str(s) => s.hash(),
        _ => return None,
    };
    let key = Value::Obj(name.clone());
    let mut st = (hash as usize, hash as u64);
    let found = t.borrow().probe_from(&key, hash, &mut st);
    match found {
        Probe::Found(ix) => Some(t.borrow_mut().remove_at(ix).value),
        _ => None,
    }
}
