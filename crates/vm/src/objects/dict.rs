//! The dict type's table: insertion-ordered entries plus an open-addressing index.
//!
//! Invariants: `entries` holds every live item in insertion order, with deleted items left
//! as `Null` keys until the next resize; `indices` (a power of two long, or empty) maps
//! probe positions to entry numbers (`EMPTY`/`DUMMY` otherwise); `used` counts live
//! entries; `version` changes whenever the keys or their positions change (an insertion,
//! a removal, a clear), not when a value is replaced (CPython's keys version): a lookup
//! that had to call Python code (`__eq__`) can tell the keys changed under it and
//! restart, and the eval loop's global-name caches stay valid while a module-level loop
//! stores to its variables.

use std::cell::{Cell, RefCell};

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

/// A live entry seen in place: in a combined table it points into the entry, in a split
/// table at the shared key and the dict's own value.
#[derive(Clone, Copy)]
pub struct EntryRef<'a> {
    pub hash: i64,
    pub key: &'a Value,
    pub value: &'a Value,
}

/// How many keys a class's shared keys hold at most (CPython's SHARED_KEYS_MAX_SIZE):
/// an instance dict that needs another key becomes combined.
pub const SHARED_KEYS_MAX: usize = 30;
/// The size of the shared keys' hash index (a power of two, under half full at most).
const SHARED_INDEX: usize = 64;
const SHARED_EMPTY: u8 = u8::MAX;

/// The keys shared by the instance dicts of one class (PEP 412): exact str keys in the
/// order they were first stored in any instance, with a hash index. Append-only: a key's
/// position never changes, so a split dict keeps just one value per position and the
/// eval loop's caches can name an attribute by its position.
pub struct SharedKeys {
    /// (hash, key) per position; the first `len` are set.
    keys: Box<[std::cell::OnceCell<(i64, Value)>]>,
    len: std::cell::Cell<usize>,
    /// Probe slots holding positions (`SHARED_EMPTY` when free).
    index: [std::cell::Cell<u8>; SHARED_INDEX],
}

impl SharedKeys {
    pub fn new() -> std::rc::Rc<SharedKeys> {
        std::rc::Rc::new(SharedKeys {
            keys: (0..SHARED_KEYS_MAX)
                .map(|_| std::cell::OnceCell::new())
                .collect(),
            len: std::cell::Cell::new(0),
            index: std::array::from_fn(|_| std::cell::Cell::new(SHARED_EMPTY)),
        })
    }

    /// How many keys there are.
    #[inline]
    pub fn len(&self) -> usize {
        self.len.get()
    }

    /// Whether there are no keys yet.
    pub fn is_empty(&self) -> bool {
        self.len.get() == 0
    }

    /// The position of the exact str `name`, added at the end when absent and there is
    /// room (None: not an exact str, or no room).
    pub fn position_or_add(&self, name: &ObjRef) -> Option<usize> {
        let key = Value::Obj(name.clone());
        if !is_exact_str(&key) {
            return None;
        }
        self.position(name).or_else(|| {
            let hash = match &name.payload {
                crate::object::Payload::Str(s) => s.hash(),
                _ => return None,
            };
            self.add(hash, key)
        })
    }

    /// The position of the str `name`, if it is a shared key.
    #[inline]
    pub fn position(&self, name: &ObjRef) -> Option<usize> {
        match &name.payload {
            crate::object::Payload::Str(s) => self.find_str(name, s.hash()),
            _ => None,
        }
    }

    /// The (hash, key) at a position.
    #[inline]
    fn at(&self, i: usize) -> Option<&(i64, Value)> {
        self.keys.get(i)?.get()
    }

    /// Whether the key at position `i` is the object `name`.
    #[inline(always)]
    pub fn key_is(&self, i: usize, name: &ObjRef) -> bool {
        matches!(self.at(i), Some((_, Value::Obj(k))) if k.is(name))
    }

    /// The position of the str key `name` (same object or equal bytes).
    #[inline]
    fn find_str(&self, name: &ObjRef, hash: i64) -> Option<usize> {
        let mask = SHARED_INDEX - 1;
        let mut i = hash as usize & mask;
        let mut perturb = hash as u64;
        loop {
            let ix = self.index[i].get();
            if ix == SHARED_EMPTY {
                return None;
            }
            if let Some((h, Value::Obj(k))) = self.at(ix as usize) {
                if *h == hash && (k.is(name) || same_str_bytes(k, name)) {
                    return Some(ix as usize);
                }
            }
            i = next_probe(i, &mut perturb, mask);
        }
    }

    /// Append an exact str key known to be absent; None when the keys are full.
    fn add(&self, hash: i64, key: Value) -> Option<usize> {
        let n = self.len.get();
        if n >= SHARED_KEYS_MAX {
            return None;
        }
        let mask = SHARED_INDEX - 1;
        let mut i = hash as usize & mask;
        let mut perturb = hash as u64;
        while self.index[i].get() != SHARED_EMPTY {
            i = next_probe(i, &mut perturb, mask);
        }
        self.keys[n].set((hash, key)).ok()?;
        self.index[i].set(n as u8);
        self.len.set(n + 1);
        Some(n)
    }
}

/// Whether `key` may live in shared keys: an exact str (not an instance of a subclass).
fn is_exact_str(key: &Value) -> bool {
    match key {
        Value::Obj(o) => {
            matches!(o.payload, crate::object::Payload::Str(_))
                && !crate::objects::typeobj::tdata(o.class()).is_heap()
        }
        _ => false,
    }
}

enum Repr {
    /// Entries (hash, key, value) in insertion order plus an open-addressing index.
    Combined {
        entries: Vec<Entry>,
        indices: Vec<u32>,
    },
    /// An instance dict sharing its class's keys: `values[i]` is the value of shared
    /// key `i` (Null when this dict lacks it). The positions of the present keys rise
    /// in insertion order; a store that would break that makes the table combined.
    Split {
        keys: std::rc::Rc<SharedKeys>,
        values: Vec<Value>,
    },
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Combined {
            entries: Vec::new(),
            indices: Vec::new(),
        }
    }
}

#[derive(Default)]
pub struct DictTable {
    repr: Repr,
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
                (crate::object::Payload::Str(s), crate::object::Payload::Str(t))
                    if builtin_class(x) && builtin_class(y) =>
                {
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
        (Value::Bool(x), Value::Float(y)) | (Value::Float(y), Value::Bool(x)) => {
            Some(*y == *x as i64 as f64)
        }
        (Value::None, Value::None) => Some(true),
        (Value::Obj(o), _) | (_, Value::Obj(o)) => match &o.payload {
            crate::object::Payload::Str(_) if builtin_class(o) => Some(false),
            _ => None,
        },
        _ => Some(false),
    }
}

/// Whether `o`'s class is a built-in one (a str, not an instance of a str subclass,
/// which may define its own `__eq__`).
#[inline(always)]
fn builtin_class(o: &ObjRef) -> bool {
    !crate::objects::typeobj::tdata(o.class()).is_heap()
}

/// Live entries of a table in position order.
pub enum Iter<'a> {
    Combined(std::slice::Iter<'a, Entry>),
    Split(
        &'a SharedKeys,
        std::iter::Enumerate<std::slice::Iter<'a, Value>>,
    ),
}

impl<'a> Iterator for Iter<'a> {
    type Item = EntryRef<'a>;
    #[inline]
    fn next(&mut self) -> Option<EntryRef<'a>> {
        match self {
            Iter::Combined(it) => it.find(|e| !e.key.is_null()).map(|e| EntryRef {
                hash: e.hash,
                key: &e.key,
                value: &e.value,
            }),
            Iter::Split(keys, it) => loop {
                let (i, value) = it.next()?;
                if value.is_null() {
                    continue;
                }
                if let Some((hash, key)) = keys.at(i) {
                    return Some(EntryRef {
                        hash: *hash,
                        key,
                        value,
                    });
                }
            },
        }
    }
}

impl DictTable {
    pub fn new() -> Self {
        DictTable::default()
    }

    /// An empty instance dict in split mode over a class's shared keys.
    pub fn new_split(keys: std::rc::Rc<SharedKeys>) -> Self {
        DictTable {
            repr: Repr::Split {
                keys,
                values: Vec::new(),
            },
            used: 0,
            version: 0,
        }
    }

    /// A split table holding `values` (one per shared position, Null when absent; the
    /// present ones must be in insertion order), for an instance dict made from its
    /// instance's inline values.
    pub fn from_split_values(keys: std::rc::Rc<SharedKeys>, mut values: Vec<Value>) -> Self {
        while values.last().is_some_and(|v| v.is_null()) {
            values.pop();
        }
        let used = values.iter().filter(|v| !v.is_null()).count();
        DictTable {
            repr: Repr::Split { keys, values },
            used,
            version: next_version(),
        }
    }

    pub fn with_capacity(n: usize) -> Self {
        let mut entries = Vec::new();
        let mut indices = Vec::new();
        if n > 0 {
            entries.reserve(n);
            indices = vec![EMPTY; index_size_for(n)];
        }
        DictTable {
            repr: Repr::Combined { entries, indices },
            used: 0,
            version: 0,
        }
    }

    /// Whether the table is in split mode (shares its keys with its class).
    pub fn is_split(&self) -> bool {
        matches!(self.repr, Repr::Split { .. })
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
        match &self.repr {
            Repr::Combined { entries, .. } => entries.len(),
            Repr::Split { values, .. } => values.len(),
        }
    }

    /// The first live entry at position `pos` or after it, with its position (one pass
    /// over the entries, for iterators).
    #[inline]
    pub fn next_live(&self, pos: usize) -> Option<(usize, EntryRef<'_>)> {
        match &self.repr {
            Repr::Combined { entries, .. } => {
                let rest = entries.get(pos..)?;
                let off = rest.iter().position(|e| !e.key.is_null())?;
                let e = &rest[off];
                Some((
                    pos + off,
                    EntryRef {
                        hash: e.hash,
                        key: &e.key,
                        value: &e.value,
                    },
                ))
            }
            Repr::Split { .. } => {
                (pos..self.positions()).find_map(|p| self.entry_at(p).map(|e| (p, e)))
            }
        }
    }

    /// The live entry at position `pos`, if it is live.
    #[inline]
    pub fn entry_at(&self, pos: usize) -> Option<EntryRef<'_>> {
        match &self.repr {
            Repr::Combined { entries, .. } => {
                entries
                    .get(pos)
                    .filter(|e| !e.key.is_null())
                    .map(|e| EntryRef {
                        hash: e.hash,
                        key: &e.key,
                        value: &e.value,
                    })
            }
            Repr::Split { keys, values } => {
                let value = values.get(pos).filter(|v| !v.is_null())?;
                let (hash, key) = keys.at(pos)?;
                Some(EntryRef {
                    hash: *hash,
                    key,
                    value,
                })
            }
        }
    }

    /// Live entries in insertion order.
    pub fn iter(&self) -> Iter<'_> {
        match &self.repr {
            Repr::Combined { entries, .. } => Iter::Combined(entries.iter()),
            Repr::Split { keys, values } => Iter::Split(keys, values.iter().enumerate()),
        }
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
        let hash = match &name.payload {
            crate::object::Payload::Str(s) => s.hash(),
            _ => return None,
        };
        self.find_str_key(name, hash)
    }

    /// The probe for a str key: the hot loop compares hashes and identities only (an
    /// equal str that is another object is compared out of line), so that it keeps its
    /// state in registers.
    #[inline(always)]
    fn find_str_key(&self, name: &ObjRef, hash: i64) -> Option<usize> {
        let (entries, indices) = match &self.repr {
            Repr::Combined { entries, indices } => (entries, indices),
            Repr::Split { keys, values } => {
                let i = keys.find_str(name, hash)?;
                return match values.get(i) {
                    Some(v) if !v.is_null() => Some(i),
                    _ => None,
                };
            }
        };
        if indices.is_empty() {
            return None;
        }
        let mask = indices.len() - 1;
        let mut i = hash as usize & mask;
        let mut perturb = hash as u64;
        loop {
            let ix = indices[i];
            if ix == EMPTY {
                return None;
            }
            if ix != DUMMY {
                let e = &entries[ix as usize];
                if e.hash == hash {
                    if let Value::Obj(k) = &e.key {
                        if k.is(name) || same_str_bytes(k, name) {
                            return Some(ix as usize);
                        }
                    }
                }
            }
            i = next_probe(i, &mut perturb, mask);
        }
    }

    /// The value at position `ix` when that entry's key is the object `name` (a cache hint
    /// check: positions are stable while the table's version is unchanged).
    #[inline]
    pub fn value_if_key_at(&self, ix: usize, name: &ObjRef) -> Option<&Value> {
        match &self.repr {
            Repr::Combined { entries, .. } => match entries.get(ix) {
                Some(Entry {
                    key: Value::Obj(k),
                    value,
                    ..
                }) if k.is(name) => Some(value),
                _ => None,
            },
            Repr::Split { keys, values } => match values.get(ix) {
                Some(v) if !v.is_null() && keys.key_is(ix, name) => Some(v),
                _ => None,
            },
        }
    }

    /// Look up by a key decided without Python code (a str, for names).
    /// `get_fast` for a str key given as its object and bytes (no key value is built):
    /// the same object, or an equal str, matches.
    #[inline]
    pub fn get_str_key(&self, name: &ObjRef, hash: i64) -> Option<&Value> {
        let ix = self.find_str_key(name, hash)?;
        Some(self.value_ref(ix))
    }

    pub fn get_fast(&self, key: &Value, hash: i64) -> Option<&Value> {
        match self.find_fast(key, hash) {
            Some(Some(ix)) => Some(self.value_ref(ix)),
            _ => None,
        }
    }

    /// The value at a live position.
    #[inline]
    fn value_ref(&self, ix: usize) -> &Value {
        match &self.repr {
            Repr::Combined { entries, .. } => &entries[ix].value,
            Repr::Split { values, .. } => &values[ix],
        }
    }

    /// `find_fast` for a machine-int key: equal `Int` keys are found by value alone
    /// (their hash is the same); a colliding key of another kind is compared by
    /// `fast_key_eq`, and one that needs `__eq__` gives None.
    #[inline(always)]
    fn find_int(&self, key: i64, hash: i64) -> Option<Option<usize>> {
        let Repr::Combined { entries, indices } = &self.repr else {
            return self.find_fast(&Value::Int(key), hash);
        };
        probe_combined(entries, indices, hash, |e| match &e.key {
            Value::Int(k) => Some(*k == key),
            k => Some(e.hash == hash && fast_key_eq(k, &Value::Int(key))?),
        })
    }

    /// The position of `key` (None inside: absent) when that is decided without
    /// `__eq__`; None when a colliding key needs a Python comparison.
    #[inline]
    fn find_fast(&self, key: &Value, hash: i64) -> Option<Option<usize>> {
        if let Repr::Combined { entries, indices } = &self.repr {
            // The loop of `probe_from` without its resumable state (a comparison that
            // needs `__eq__` gives up here and the caller probes again).
            return probe_combined(entries, indices, hash, |e| {
                if e.hash != hash {
                    return Some(false);
                }
                match (&e.key, key) {
                    (Value::Int(a), Value::Int(b)) => Some(a == b),
                    (k, _) => fast_key_eq(k, key),
                }
            });
        }
        let mut st = (hash as usize, hash as u64);
        match self.probe_from(key, hash, &mut st) {
            Probe::NotFound => Some(None),
            Probe::Found(ix) => Some(Some(ix)),
            Probe::Compare(..) => None,
        }
    }

    fn probe_from(&self, key: &Value, hash: i64, state: &mut (usize, u64)) -> Probe {
        match &self.repr {
            Repr::Combined { entries, indices } => {
                if indices.is_empty() {
                    return Probe::NotFound;
                }
                let mask = indices.len() - 1;
                loop {
                    let i = state.0 & mask;
                    let ix = indices[i];
                    // Advance now so that a failed Python comparison resumes after this slot.
                    state.0 = next_probe(i, &mut state.1, mask);
                    if ix == EMPTY {
                        return Probe::NotFound;
                    }
                    if ix != DUMMY {
                        let e = &entries[ix as usize];
                        if e.hash == hash {
                            match fast_key_eq(&e.key, key) {
                                Some(true) => return Probe::Found(ix as usize),
                                Some(false) => {}
                                None => {
                                    return Probe::Compare(ix as usize, e.key.clone(), self.version)
                                }
                            }
                        }
                    }
                }
            }
            Repr::Split { keys, values } => {
                let mask = SHARED_INDEX - 1;
                loop {
                    let i = state.0 & mask;
                    let ix = keys.index[i].get();
                    state.0 = next_probe(i, &mut state.1, mask);
                    if ix == SHARED_EMPTY {
                        return Probe::NotFound;
                    }
                    let ix = ix as usize;
                    // A shared key this dict does not hold counts as a deleted slot.
                    if !matches!(values.get(ix), Some(v) if !v.is_null()) {
                        continue;
                    }
                    if let Some((h, k)) = keys.at(ix) {
                        if *h == hash {
                            match fast_key_eq(k, key) {
                                Some(true) => return Probe::Found(ix),
                                Some(false) => {}
                                None => return Probe::Compare(ix, k.clone(), self.version),
                            }
                        }
                    }
                }
            }
        }
    }

    /// Turn a split table into a combined one with the same positions (absent shared
    /// keys become deleted entries), so that positions held by iterators and caches
    /// keep naming the same entries.
    fn make_combined(&mut self) {
        let (keys, values) = match &mut self.repr {
            Repr::Split { keys, values } => (keys.clone(), std::mem::take(values)),
            Repr::Combined { .. } => return,
        };
        let mut entries = Vec::with_capacity(values.len() + 1);
        for (i, value) in values.into_iter().enumerate() {
            match keys.at(i) {
                Some((hash, key)) if !value.is_null() => entries.push(Entry {
                    hash: *hash,
                    key: key.clone(),
                    value,
                }),
                _ => entries.push(Entry {
                    hash: 0,
                    key: Value::Null,
                    value: Value::Null,
                }),
            }
        }
        let mut size = 8;
        while (entries.len() + 1) * 3 >= size * 2 {
            size *= 2;
        }
        let mut indices = vec![EMPTY; size];
        for (ix, e) in entries.iter().enumerate() {
            if !e.key.is_null() {
                insert_index(&mut indices, e.hash, ix as u32);
            }
        }
        self.repr = Repr::Combined { entries, indices };
    }

    /// Rebuild the table for `used * 3` (CPython's GROWTH_RATE): an index of the next
    /// power of two (at least 8), of which two thirds are usable entry positions. Small
    /// tables (instance dicts) reserve only the entries they hold plus one, and grow
    /// up to the usable size when full (see `push_new`); bigger ones reserve it at once.
    fn resize(&mut self) {
        self.make_combined();
        let used = self.used;
        let Repr::Combined { entries, indices } = &mut self.repr else {
            return;
        };
        let size = (used * 3).max(8).next_power_of_two();
        let usable = size * 2 / 3;
        let reserve = if used < 8 { (used + 1).max(3) } else { usable };
        let old = std::mem::take(entries);
        *entries = Vec::with_capacity(reserve);
        entries.extend(old.into_iter().filter(|e| !e.key.is_null()));
        *indices = vec![EMPTY; size];
        for (ix, e) in entries.iter().enumerate() {
            insert_index(indices, e.hash, ix as u32);
        }
    }

    /// Append a key known to be absent.
    pub fn push_new(&mut self, hash: i64, key: Value, value: Value) {
        if let Repr::Split { keys, values } = &mut self.repr {
            if is_exact_str(&key) {
                let Value::Obj(name) = &key else {
                    unreachable!()
                };
                let pos = match keys.find_str(name, hash) {
                    Some(i) => Some(i),
                    None => keys.add(hash, key.clone()),
                };
                if let Some(i) = pos {
                    if i >= values.len() {
                        if values.capacity() == 0 {
                            values.reserve_exact((keys.len.get()).max(i + 1));
                        }
                        values.resize(i, Value::Null);
                        values.push(value);
                        self.used += 1;
                        self.version = next_version();
                        return;
                    }
                }
            }
            self.make_combined();
        }
        let Repr::Combined { entries, indices } = &mut self.repr else {
            return;
        };
        if indices.is_empty() || (entries.len() + 1) * 3 >= indices.len() * 2 {
            self.resize();
        } else if entries.len() == entries.capacity() {
            // Grow to the usable size of the index, not by doubling past it.
            let usable = indices.len() * 2 / 3;
            entries.reserve_exact(usable - entries.len());
        }
        let Repr::Combined { entries, indices } = &mut self.repr else {
            return;
        };
        let ix = entries.len() as u32;
        entries.push(Entry { hash, key, value });
        insert_index(indices, hash, ix);
        self.used += 1;
        self.version = next_version();
    }

    /// Replace the value at a live position, returning the old one. The keys and
    /// positions stay, and so does the version.
    pub fn replace_value(&mut self, ix: usize, value: Value) -> Value {
        match &mut self.repr {
            Repr::Combined { entries, .. } => std::mem::replace(&mut entries[ix].value, value),
            Repr::Split { values, .. } => std::mem::replace(&mut values[ix], value),
        }
    }

    pub fn value_at(&self, ix: usize) -> Value {
        self.value_ref(ix).clone()
    }

    /// Remove the entry at a live position, returning it.
    pub fn remove_at(&mut self, ix: usize) -> Entry {
        self.used -= 1;
        self.version = next_version();
        match &mut self.repr {
            Repr::Combined { entries, indices } => {
                let hash = entries[ix].hash;
                if let Some(slot) = slot_of(indices, hash, ix) {
                    indices[slot] = DUMMY;
                }
                // Positions are not reused even when the dict becomes empty (as in
                // CPython): an iterator past the old entries must see a re-inserted key
                // as a new entry ("dictionary keys changed during iteration").
                std::mem::replace(
                    &mut entries[ix],
                    Entry {
                        hash: 0,
                        key: Value::Null,
                        value: Value::Null,
                    },
                )
            }
            Repr::Split { keys, values } => {
                let value = std::mem::replace(&mut values[ix], Value::Null);
                let (hash, key) = match keys.at(ix) {
                    Some((h, k)) => (*h, k.clone()),
                    None => (0, Value::Null),
                };
                Entry { hash, key, value }
            }
        }
    }

    /// Remove every entry, returning them so the caller drops them after the borrow ends.
    pub fn clear(&mut self) -> Vec<Entry> {
        self.used = 0;
        self.version = next_version();
        match &mut self.repr {
            Repr::Combined { entries, indices } => {
                *indices = Vec::new();
                std::mem::take(entries)
            }
            Repr::Split { keys, values } => std::mem::take(values)
                .into_iter()
                .enumerate()
                .filter(|(_, v)| !v.is_null())
                .map(|(i, value)| {
                    let (hash, key) = match keys.at(i) {
                        Some((h, k)) => (*h, k.clone()),
                        None => (0, Value::Null),
                    };
                    Entry { hash, key, value }
                })
                .collect(),
        }
    }

    /// The last live entry (for `popitem`).
    pub fn last_position(&self) -> Option<usize> {
        match &self.repr {
            Repr::Combined { entries, .. } => entries.iter().rposition(|e| !e.key.is_null()),
            Repr::Split { values, .. } => values.iter().rposition(|v| !v.is_null()),
        }
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

/// The slot after `i` in CPython's open-addressing probe sequence (dicts and sets): the
/// perturbation takes in the hash's higher bits, five at a time.
#[inline(always)]
pub(crate) fn next_probe(i: usize, perturb: &mut u64, mask: usize) -> usize {
    *perturb >>= 5;
    i.wrapping_mul(5)
        .wrapping_add(1)
        .wrapping_add(*perturb as usize)
        & mask
}

/// Probe a combined table for the entry `matches` accepts, in the order of `hash`'s probe
/// sequence: its position, None inside when an empty slot ends the search, None when
/// `matches` cannot decide without `__eq__` (gives None).
#[inline(always)]
fn probe_combined(
    entries: &[Entry],
    indices: &[u32],
    hash: i64,
    mut matches: impl FnMut(&Entry) -> Option<bool>,
) -> Option<Option<usize>> {
    if indices.is_empty() {
        return Some(None);
    }
    let mask = indices.len() - 1;
    let mut i = hash as usize & mask;
    let mut perturb = hash as u64;
    loop {
        let ix = *indices.get(i)?;
        if ix == EMPTY {
            return Some(None);
        }
        if ix != DUMMY && matches(entries.get(ix as usize)?)? {
            return Some(Some(ix as usize));
        }
        i = next_probe(i, &mut perturb, mask);
    }
}

fn slot_of(indices: &[u32], hash: i64, ix: usize) -> Option<usize> {
    if indices.is_empty() {
        return None;
    }
    let mask = indices.len() - 1;
    let mut i = hash as usize & mask;
    let mut perturb = hash as u64;
    loop {
        let v = indices[i];
        if v == EMPTY {
            return None;
        }
        if v as usize == ix {
            return Some(i);
        }
        i = next_probe(i, &mut perturb, mask);
    }
}

fn insert_index(indices: &mut [u32], hash: i64, ix: u32) {
    let mask = indices.len() - 1;
    let mut i = hash as usize & mask;
    let mut perturb = hash as u64;
    loop {
        let v = indices[i];
        if v == EMPTY || v == DUMMY {
            indices[i] = ix;
            return;
        }
        i = next_probe(i, &mut perturb, mask);
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
            return Ok(r.map(|ix| b.value_at(ix)));
        }
    }
    Ok(lookup(vm, t, key, hash)?.map(|ix| t.borrow().value_at(ix)))
}

/// `d[key]` for a machine int `key`: the probe compares ints by value; only a key that
/// needs `__eq__` takes the general path.
#[inline]
pub fn get_int(vm: &Vm, d: &ObjRef, key: i64) -> PyResult<Option<Value>> {
    let hash = crate::objects::int::hash_i64(key);
    let t = table(d);
    {
        let b = t.borrow();
        if let Some(r) = b.find_int(key, hash) {
            return Ok(r.map(|ix| b.value_at(ix)));
        }
    }
    get_with_hash(vm, d, &Value::Int(key), hash)
}

/// `d[key] = value` for a machine int `key` (as `get_int`).
#[inline]
pub fn set_int(vm: &Vm, d: &ObjRef, key: i64, value: Value) -> PyResult<()> {
    let hash = crate::objects::int::hash_i64(key);
    let t = table(d);
    if let Ok(mut b) = t.try_borrow_mut() {
        match b.find_int(key, hash) {
            Some(Some(ix)) => {
                let old = b.replace_value(ix, value);
                drop(b);
                drop(old);
                return Ok(());
            }
            Some(None) => {
                b.push_new(hash, Value::Int(key), value);
                return Ok(());
            }
            None => {}
        }
    }
    set_with_hash(vm, d, Value::Int(key), hash, value)
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

/// Whether the str key `k` (another object than `name`, with the same hash) holds the
/// same text as the str `name` (only strs with equal text are equal).
#[cold]
#[inline(never)]
fn same_str_bytes(k: &ObjRef, name: &ObjRef) -> bool {
    match (&k.payload, &name.payload) {
        (crate::object::Payload::Str(a), crate::object::Payload::Str(b)) => {
            a.as_bytes() == b.as_bytes()
        }
        _ => false,
    }
}

/// Look up a str key in a table without running Python code.
#[inline(always)]
pub fn get_str_in(t: &RefCell<DictTable>, name: &ObjRef) -> Option<Value> {
    let s = match &name.payload {
        crate::object::Payload::Str(s) => s,
        _ => return None,
    };
    t.borrow().get_str_key(name, s.hash()).cloned()
}

/// Store under a str key in a table, without running Python code; true when the key
/// was there already (its value replaced).
pub fn set_str_in(t: &RefCell<DictTable>, name: &ObjRef, value: Value) -> bool {
    let hash = match &name.payload {
        crate::object::Payload::Str(s) => s.hash(),
        _ => return false,
    };
    let mut b = t.borrow_mut();
    match b.find_str(name) {
        Some(ix) => {
            let old = b.replace_value(ix, value);
            drop(b);
            drop(old);
            true
        }
        None => {
            b.push_new(hash, Value::Obj(name.clone()), value);
            false
        }
    }
}

/// Store under a str key (names), without running Python code.
pub fn set_str(d: &ObjRef, name: &ObjRef, value: Value) {
    set_str_in(table(d), name, value);
}

/// `get_str` with a position hint (an instruction's inline cache): the entry at `hint`
/// answers when its key is the object `name` (keys are unique, so that entry is the
/// key's); otherwise the key is probed for and `hint` set to where it was found.
#[inline]
pub fn get_str_hinted(d: &ObjRef, name: &ObjRef, hint: &Cell<u32>) -> Option<Value> {
    let t = table(d).borrow();
    if let Some(v) = t.value_if_key_at(hint.get() as usize, name) {
        return Some(v.clone());
    }
    let ix = t.find_str(name)?;
    hint.set(ix as u32);
    Some(t.value_at(ix))
}

/// `set_str` with a position hint (see `get_str_hinted`): a store to the key at `hint`
/// replaces the value there without probing.
#[inline]
pub fn set_str_hinted(d: &ObjRef, name: &ObjRef, value: Value, hint: &Cell<u32>) {
    let mut b = table(d).borrow_mut();
    let ix = hint.get() as usize;
    if b.value_if_key_at(ix, name).is_some() {
        let old = b.replace_value(ix, value);
        drop(b);
        // The old value goes after the table is consistent (its finalizer may use it).
        drop(old);
        return;
    }
    drop(b);
    set_str_hinted_slow(d, name, value, hint);
}

#[inline(never)]
fn set_str_hinted_slow(d: &ObjRef, name: &ObjRef, value: Value, hint: &Cell<u32>) {
    let t = table(d);
    set_str_in(t, name, value);
    if let Some(ix) = t.borrow().find_str(name) {
        hint.set(ix as u32);
    }
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
