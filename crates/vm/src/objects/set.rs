//! The set/frozenset table, laid out as CPython's so that iteration order matches.
//!
//! Invariants: `table.len()` is a power of two (at least 8); a slot is empty (`Null` key,
//! hash 0), a dummy (`Null` key, hash -1), or live; `fill` counts live and dummy slots,
//! `used` live ones. Probing visits up to `LINEAR_PROBES` neighbours before jumping, as
//! CPython's setobject.c does.

use std::cell::RefCell;

use crate::objects::dict::{fast_key_eq, next_probe};
use crate::objects::int;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

const LINEAR_PROBES: usize = 9;
const MINSIZE: usize = 8;

/// The hash a dummy slot keeps (no live key has it: Python hashes are never -1).
const DUMMY_HASH: i64 = -1;

/// A table slot: live (`key` set), unused (`Null` key, hash 0) or a dummy left by a
/// removal (`Null` key, hash `DUMMY_HASH`).
#[derive(Clone, Default)]
pub struct Slot {
    pub hash: i64,
    pub key: Value,
}

impl Slot {
    #[inline]
    fn live(hash: i64, key: Value) -> Slot {
        Slot { hash, key }
    }
}

/// `n` unused slots (built as constants: no per-slot clone).
fn empty_slots(n: usize) -> Vec<Slot> {
    std::iter::repeat_with(Slot::default).take(n).collect()
}

#[derive(Clone)]
pub struct SetTable {
    table: Vec<Slot>,
    fill: usize,
    used: usize,
    pub version: u64,
    /// Where `pop` resumes its search (CPython's `finger`).
    finger: usize,
    /// Whether a heap object was ever placed in `table` (false: every slot holds an
    /// immediate or nothing, so dropping the table needs no look at its slots).
    heap_keys: bool,
}

impl Drop for SetTable {
    fn drop(&mut self) {
        if !self.heap_keys {
            // SAFETY: no slot holds a heap object (`heap_keys` is set whenever one is
            // placed), so no slot has anything to release: forgetting them leaks nothing
            // and the buffer is still freed by the Vec. This spares a pass over the whole
            // table (the tables of big int sets run to megabytes).
            unsafe { self.table.set_len(0) };
        }
    }
}

impl Default for SetTable {
    fn default() -> Self {
        SetTable {
            table: empty_slots(MINSIZE),
            fill: 0,
            used: 0,
            finger: 0,
            version: 0,
            heap_keys: false,
        }
    }
}

enum Probe {
    Found(usize),
    Unused(usize),
    Compare(usize, Value, u64),
}

/// What `probe_fast` found: the key's slot; its absence (the unused slot the probe ended
/// on, the last dummy slot passed or `usize::MAX`); or a key that needs `__eq__`.
enum FastProbe {
    Found(usize),
    Absent(usize, usize),
    Compare,
}

impl SetTable {
    pub fn new() -> Self {
        SetTable::default()
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.used
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    #[inline]
    fn mask(&self) -> usize {
        self.table.len() - 1
    }

    pub fn positions(&self) -> usize {
        self.table.len()
    }

    pub fn slot_at(&self, pos: usize) -> Option<&Slot> {
        self.table.get(pos).filter(|s| !s.key.is_null())
    }

    pub fn iter(&self) -> impl Iterator<Item = &Slot> {
        self.table.iter().filter(|s| !s.key.is_null())
    }

    pub fn keys(&self) -> Vec<Value> {
        self.iter().map(|s| s.key.clone()).collect()
    }

    /// Probe for `key` starting at state `(i, perturb, j)` where j is the linear step.
    #[inline]
    fn probe(&self, key: &Value, hash: i64, st: &mut ProbeState) -> Probe {
        let mask = self.mask();
        let table = &self.table[..];
        loop {
            let base = st.0 & mask;
            let probes = if base + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            while st.2 <= probes {
                let idx = base + st.2;
                st.2 += 1;
                let Some(s) = table.get(idx) else {
                    // Unreachable (idx <= mask); ends the probe rather than looping.
                    return Probe::Unused(base);
                };
                if s.key.is_null() {
                    if s.hash != DUMMY_HASH {
                        return Probe::Unused(idx);
                    }
                    // CPython's set_add_entry reuses the last dummy seen on the way.
                    st.3 = Some(idx);
                } else if s.hash == hash {
                    match fast_key_eq(&s.key, key) {
                        Some(true) => return Probe::Found(idx),
                        Some(false) => {}
                        None => return Probe::Compare(idx, s.key.clone(), self.version),
                    }
                }
            }
            st.0 = next_probe(base, &mut st.1, mask);
            st.2 = 0;
        }
    }

    /// One probe for `key` that gives up (`Compare`) where `__eq__` would be needed: the
    /// loop of `probe` without its resumable state, for the paths that never compare.
    #[inline(always)]
    fn probe_fast(&self, key: &Value, hash: i64) -> FastProbe {
        let table = &self.table[..];
        let mask = table.len() - 1;
        let mut perturb = hash as u64;
        let mut i = hash as usize & mask;
        // The last dummy slot passed (`usize::MAX`: none).
        let mut freeslot = usize::MAX;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            let Some(run) = table.get(i..=i + probes) else {
                // Unreachable (i + probes <= mask); ends the probe rather than looping.
                return FastProbe::Compare;
            };
            for (j, s) in run.iter().enumerate() {
                match &s.key {
                    Value::Null => {
                        if s.hash != DUMMY_HASH {
                            return FastProbe::Absent(i + j, freeslot);
                        }
                        freeslot = i + j;
                    }
                    k if s.hash == hash => {
                        let eq = match (k, key) {
                            (Value::Int(a), Value::Int(b)) => Some(a == b),
                            _ => fast_key_eq(k, key),
                        };
                        match eq {
                            Some(true) => return FastProbe::Found(i + j),
                            Some(false) => {}
                            None => return FastProbe::Compare,
                        }
                    }
                    _ => {}
                }
            }
            i = next_probe(i, &mut perturb, mask);
        }
    }

    /// Whether the machine int `key` is present, when that is decided without `__eq__`:
    /// `probe_fast` for an int, whose equal `Int` keys are found by value alone (their
    /// hash is the same); a colliding key of another kind is compared by `fast_key_eq`.
    #[inline(always)]
    fn lookup_int(&self, key: i64, hash: i64) -> Option<bool> {
        let table = &self.table[..];
        let mask = table.len().wrapping_sub(1);
        let mut perturb = hash as u64;
        let mut i = hash as usize & mask;
        loop {
            let last = if i + LINEAR_PROBES <= mask {
                i + LINEAR_PROBES
            } else {
                i
            };
            for s in table.get(i..=last)? {
                match &s.key {
                    Value::Int(k) => {
                        if *k == key {
                            return Some(true);
                        }
                    }
                    Value::Null => {
                        if s.hash != DUMMY_HASH {
                            return Some(false);
                        }
                    }
                    k => {
                        if s.hash == hash && fast_key_eq(k, &Value::Int(key))? {
                            return Some(true);
                        }
                    }
                }
            }
            i = next_probe(i, &mut perturb, mask);
        }
    }

    /// Whether `key` is present, when that is decided without calling `__eq__`.
    #[inline]
    fn lookup_fast(&self, key: &Value, hash: i64) -> Option<bool> {
        match self.probe_fast(key, hash) {
            FastProbe::Found(_) => Some(true),
            FastProbe::Absent(..) => Some(false),
            FastProbe::Compare => None,
        }
    }

    /// Add `key` when that is decided without calling `__eq__` (whether it was new);
    /// `None`, with the table unchanged, when a comparison is needed.
    #[inline]
    fn try_add(&mut self, key: &Value, hash: i64) -> Option<bool> {
        match self.probe_fast(key, hash) {
            FastProbe::Found(_) => Some(false),
            FastProbe::Absent(idx, freeslot) => {
                let freeslot = (freeslot != usize::MAX).then_some(freeslot);
                self.place_new(idx, freeslot, hash, key.clone());
                Some(true)
            }
            FastProbe::Compare => None,
        }
    }

    /// Remove `key` when that is decided without calling `__eq__` (whether it was
    /// present); `None`, with the table unchanged, when a comparison is needed.
    #[inline]
    fn try_discard(&mut self, key: &Value, hash: i64) -> Option<bool> {
        match self.probe_fast(key, hash) {
            FastProbe::Found(idx) => {
                drop(self.remove_slot(idx));
                Some(true)
            }
            FastProbe::Absent(..) => Some(false),
            FastProbe::Compare => None,
        }
    }

    /// Place a key in a table without dummies (fresh from a resize or empty). Inlined: out
    /// of line, the key went through a stack slot written as two words and read as one
    /// 16-byte load, which stalls store forwarding on every key a resize moves.
    #[inline(always)]
    fn insert_clean(table: &mut [Slot], hash: i64, key: Value) {
        let mask = table.len() - 1;
        let mut perturb = hash as u64;
        let mut i = hash as usize & mask;
        loop {
            if table[i].key.is_null() {
                table[i] = Slot::live(hash, key);
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for j in 1..=LINEAR_PROBES {
                    let s = &mut table[i + j];
                    if s.key.is_null() {
                        *s = Slot::live(hash, key);
                        return;
                    }
                }
            }
            i = next_probe(i, &mut perturb, mask);
        }
    }

    pub fn resize(&mut self, minused: usize) {
        let mut newsize = MINSIZE;
        while newsize <= minused {
            newsize <<= 1;
        }
        let old = std::mem::replace(&mut self.table, empty_slots(newsize));
        for s in old {
            if !s.key.is_null() {
                Self::insert_clean(&mut self.table, s.hash, s.key);
            }
        }
        self.fill = self.used;
        self.version += 1;
    }

    /// Insert a new key: into the last dummy slot the probe passed, if any (no resize),
    /// else into the unused slot it ended on.
    #[inline]
    fn place_new(&mut self, idx: usize, freeslot: Option<usize>, hash: i64, key: Value) {
        match freeslot {
            Some(f) => {
                self.heap_keys |= matches!(key, Value::Obj(_));
                self.table[f] = Slot::live(hash, key);
                self.used += 1;
                self.version += 1;
            }
            None => self.place_unused(idx, hash, key),
        }
    }

    #[inline]
    fn place_unused(&mut self, idx: usize, hash: i64, key: Value) {
        self.heap_keys |= matches!(key, Value::Obj(_));
        self.table[idx] = Slot::live(hash, key);
        self.fill += 1;
        self.used += 1;
        self.version += 1;
        if self.fill * 5 >= self.mask() * 3 {
            let n = if self.used > 50000 {
                self.used * 2
            } else {
                self.used * 4
            };
            self.resize(n);
        }
    }

    fn remove_slot(&mut self, idx: usize) -> Value {
        let s = &mut self.table[idx];
        s.hash = DUMMY_HASH;
        self.used -= 1;
        self.version += 1;
        std::mem::take(&mut s.key)
    }

    pub fn clear(&mut self) -> Vec<Slot> {
        self.fill = 0;
        self.used = 0;
        self.version += 1;
        std::mem::replace(&mut self.table, empty_slots(MINSIZE))
    }

    /// CPython's set_merge up to the point where keys are added one by one: the one big
    /// resize, then a copy when this table is empty. Returns false (and adds nothing) when
    /// the keys must be added one by one.
    fn merge_start(&mut self, other: &SetTable) -> bool {
        if other.used == 0 {
            return true;
        }
        self.heap_keys |= other.heap_keys;
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.mask() == other.mask() && other.fill == other.used {
            self.table.clone_from(&other.table);
            self.fill = other.fill;
            self.used = other.used;
            self.version += 1;
            return true;
        }
        if self.fill == 0 {
            for s in other.iter() {
                Self::insert_clean(&mut self.table, s.hash, s.key.clone());
            }
            self.fill = other.used;
            self.used = other.used;
            self.version += 1;
            return true;
        }
        false
    }

    /// Add the keys of `other` in table order from position `from`, while that needs no
    /// `__eq__`: the position where a comparison is needed, or None when all were added.
    fn merge_fast_from(&mut self, other: &SetTable, from: usize) -> Option<usize> {
        for (pos, s) in other.table.iter().enumerate().skip(from) {
            if !s.key.is_null() && self.try_add(&s.key, s.hash).is_none() {
                return Some(pos);
            }
        }
        None
    }

    /// After removals: rebuild the table when more than a quarter of it is dummies, as
    /// CPython's difference_update does.
    pub fn purge_dummies(&mut self) {
        if self.fill - self.used > self.mask() / 4 {
            let n = if self.used > 50000 {
                self.used * 2
            } else {
                self.used * 4
            };
            self.resize(n);
        }
    }

    /// Pop an element, searching from where the last pop stopped (CPython's finger).
    pub fn pop_any(&mut self) -> Option<Value> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut idx = self.finger & mask;
        while self.table[idx].key.is_null() {
            idx = if idx == mask { 0 } else { idx + 1 };
        }
        self.finger = idx + 1;
        Some(self.remove_slot(idx))
    }
}

enum Found {
    Yes(usize),
    /// Absent: the unused slot the probe ended on, and the last dummy slot it passed.
    No(usize, Option<usize>),
}

/// Where a probe is: base index, perturb, linear step, last dummy slot passed.
type ProbeState = (usize, u64, usize, Option<usize>);

fn find(vm: &Vm, cell: &RefCell<SetTable>, key: &Value, hash: i64) -> PyResult<Found> {
    'restart: loop {
        let mut st: ProbeState = (hash as usize, hash as u64, 0usize, None);
        loop {
            let probe = cell.borrow().probe(key, hash, &mut st);
            match probe {
                Probe::Found(i) => return Ok(Found::Yes(i)),
                Probe::Unused(i) => return Ok(Found::No(i, st.3)),
                Probe::Compare(i, k, version) => {
                    let eq = vm.eq(&k, key)?;
                    if cell.borrow().version != version {
                        continue 'restart;
                    }
                    if eq {
                        return Ok(Found::Yes(i));
                    }
                }
            }
        }
    }
}

#[inline]
pub fn contains(vm: &Vm, cell: &RefCell<SetTable>, key: &Value) -> PyResult<bool> {
    let hash = vm.hash(key)?;
    contains_with_hash(vm, cell, key, hash)
}

/// `key in s` for a machine int `key` (the `in` of set-membership loops): the probe
/// compares ints by value, and only a key that needs `__eq__` leaves this path.
#[inline]
pub fn contains_int(vm: &Vm, cell: &RefCell<SetTable>, key: i64) -> PyResult<bool> {
    let hash = int::hash_i64(key);
    if let Ok(t) = cell.try_borrow() {
        if let Some(r) = t.lookup_int(key, hash) {
            return Ok(r);
        }
    }
    contains_slow(vm, cell, &Value::Int(key), hash)
}

#[inline]
fn contains_with_hash(vm: &Vm, cell: &RefCell<SetTable>, key: &Value, hash: i64) -> PyResult<bool> {
    if let Ok(t) = cell.try_borrow() {
        if let Some(r) = t.lookup_fast(key, hash) {
            return Ok(r);
        }
    }
    contains_slow(vm, cell, key, hash)
}

/// `contains_with_hash` when a key needs `__eq__` (out of line, so that the fast probe
/// keeps its state in registers).
#[cold]
#[inline(never)]
fn contains_slow(vm: &Vm, cell: &RefCell<SetTable>, key: &Value, hash: i64) -> PyResult<bool> {
    Ok(matches!(find(vm, cell, key, hash)?, Found::Yes(_)))
}

pub fn add(vm: &Vm, cell: &RefCell<SetTable>, key: Value) -> PyResult<()> {
    let hash = vm.hash(&key)?;
    add_with_hash(vm, cell, key, hash)
}

#[inline]
pub fn add_with_hash(vm: &Vm, cell: &RefCell<SetTable>, key: Value, hash: i64) -> PyResult<()> {
    if let Ok(mut t) = cell.try_borrow_mut() {
        if t.try_add(&key, hash).is_some() {
            return Ok(());
        }
    }
    if let Found::No(idx, freeslot) = find(vm, cell, &key, hash)? {
        cell.borrow_mut().place_new(idx, freeslot, hash, key);
    }
    Ok(())
}

/// Remove `key`; whether it was present.
pub fn discard(vm: &Vm, cell: &RefCell<SetTable>, key: &Value) -> PyResult<bool> {
    let hash = vm.hash(key)?;
    discard_with_hash(vm, cell, key, hash)
}

fn discard_with_hash(vm: &Vm, cell: &RefCell<SetTable>, key: &Value, hash: i64) -> PyResult<bool> {
    match find(vm, cell, key, hash)? {
        Found::Yes(idx) => {
            let old = cell.borrow_mut().remove_slot(idx);
            drop(old);
            Ok(true)
        }
        Found::No(..) => Ok(false),
    }
}

/// Add every key of the set `other` to `cell` (CPython's set_merge): copied when `cell`
/// is empty, else added one by one, calling `__eq__` where hashes collide.
pub fn merge(vm: &Vm, cell: &RefCell<SetTable>, other: &RefCell<SetTable>) -> PyResult<()> {
    if std::ptr::eq(cell, other) {
        return Ok(());
    }
    let mut from = {
        let o = other.borrow();
        let mut t = cell.borrow_mut();
        if t.merge_start(&o) {
            return Ok(());
        }
        match t.merge_fast_from(&o, 0) {
            None => return Ok(()),
            Some(p) => p,
        }
    };
    // A key needs `__eq__` (which may change either set): go on one key at a time.
    loop {
        let next = {
            let o = other.borrow();
            o.table
                .iter()
                .enumerate()
                .skip(from)
                .find(|(_, s)| !s.key.is_null())
                .map(|(p, s)| (p, s.hash, s.key.clone()))
        };
        let Some((p, h, k)) = next else {
            return Ok(());
        };
        add_with_hash(vm, cell, k, h)?;
        from = p + 1;
    }
}

// ----- the set and frozenset types -------------------------------------------------------

use pyrs_compiler::bytecode::{BinaryOpArg, CompareOpArg};

use crate::memory::ObjRef;
use crate::object::Payload;
use crate::objects::typeobj::{tdata, Layout};
use crate::vm::Args;

pub fn set_table(o: &ObjRef) -> Option<&RefCell<SetTable>> {
    match &o.payload {
        Payload::Set(s) => Some(s),
        _ => None,
    }
}

fn new_set_of(vm: &Vm, ty: &ObjRef, t: SetTable) -> ObjRef {
    let o = ObjRef::new(ty, Payload::Set(RefCell::new(t)));
    if tdata(ty).is_heap() {
        o.give_dict(|| vm.new_dict_obj());
    }
    o
}

/// Add every item of an iterable (CPython's set_update_internal).
/// A frozenset constant of a code object, laid out as CPython's compiler leaves it: the
/// items (in source order) make a frozenset, and the constant-merging pass rebuilds it
/// from that set's iteration order (merge_consts_recursive), which can change the order
/// of colliding keys. `{1, 2, 3}` displays then iterate in CPython's order.
pub fn frozenset_constant(vm: &Vm, items: Vec<Value>) -> Value {
    let build = |items: Vec<Value>| -> PyResult<RefCell<SetTable>> {
        let cell = RefCell::new(SetTable::new());
        for x in items {
            add(vm, &cell, x)?;
        }
        Ok(cell)
    };
    let table = match build(items).and_then(|first| build(first.borrow().keys())) {
        Ok(t) => t.into_inner(),
        Err(_) => return Value::None,
    };
    Value::Obj(new_set_of(vm, &vm.types.frozenset, table))
}

pub fn update_from(vm: &Vm, cell: &RefCell<SetTable>, other: &Value) -> PyResult<()> {
    if let Value::Obj(o) = other {
        match &o.payload {
            Payload::Set(ot) => return merge(vm, cell, ot),
            Payload::Dict(d) if o.class().is(&vm.types.dict) => {
                let entries: Vec<(i64, Value)> =
                    d.borrow().iter().map(|e| (e.hash, e.key.clone())).collect();
                {
                    let mut t = cell.borrow_mut();
                    if (t.fill + entries.len()) * 5 >= t.mask() * 3 {
                        let n = (t.used + entries.len()) * 2;
                        t.resize(n);
                    }
                }
                for (h, k) in entries {
                    add_with_hash(vm, cell, k, h)?;
                }
                return Ok(());
            }
            Payload::Range(r) if r.big.is_none() => {
                // Ints hash and compare without Python code, unless a colliding key
                // of another type is already there.
                let mut v = r.start;
                let mut k = 0;
                while k < r.len {
                    // A run of keys under one borrow, while no `__eq__` is needed.
                    if let Ok(mut t) = cell.try_borrow_mut() {
                        while k < r.len && t.try_add(&Value::Int(v), int::hash_i64(v)).is_some() {
                            v = v.wrapping_add(r.step);
                            k += 1;
                        }
                    }
                    if k < r.len {
                        add_with_hash(vm, cell, Value::Int(v), int::hash_i64(v))?;
                        v = v.wrapping_add(r.step);
                        k += 1;
                    }
                }
                return Ok(());
            }
            Payload::Tuple(items) if o.class().is(&vm.types.tuple) => {
                for x in items.iter() {
                    add(vm, cell, x.clone())?;
                }
                return Ok(());
            }
            Payload::List(l) if o.class().is(&vm.types.list) => {
                // By index, as the list iterator: `__hash__`/`__eq__` may change it.
                let mut i = 0;
                loop {
                    let x = match l.borrow().get(i) {
                        Some(x) => x.clone(),
                        None => return Ok(()),
                    };
                    add(vm, cell, x)?;
                    i += 1;
                }
            }
            _ => {}
        }
    }
    let it = vm.iter(other)?;
    while let Some(x) = vm.next(&it)? {
        add(vm, cell, x)?;
    }
    Ok(())
}

/// A new table holding the keys of `t` (CPython's set_copy layout).
fn copy_table(t: &SetTable) -> SetTable {
    let mut r = SetTable::new();
    r.merge_start(t);
    r
}

pub fn frozen_copy(vm: &Vm, o: &ObjRef) -> Value {
    let t = set_table(o).map(|t| t.borrow().clone()).unwrap_or_default();
    Value::Obj(new_set_of(vm, &vm.types.frozenset, t))
}

fn is_frozen(vm: &Vm, o: &ObjRef) -> bool {
    tdata(o.class()).layout == Layout::FrozenSet || o.class().is(&vm.types.frozenset)
}

fn result_type(vm: &Vm, o: &ObjRef) -> ObjRef {
    if is_frozen(vm, o) {
        vm.types.frozenset.clone()
    } else {
        vm.types.set.clone()
    }
}

fn other_table(vm: &Vm, b: &Value) -> PyResult<Option<SetTable>> {
    match b {
        Value::Obj(o) => match set_table(o) {
            Some(t) => Ok(Some(t.borrow().clone())),
            None => Ok(None),
        },
        _ => {
            let _ = vm;
            Ok(None)
        }
    }
}

pub fn set_binop(vm: &Vm, a: &ObjRef, b: &Value, op: BinaryOpArg) -> PyResult<Value> {
    let bcell = match b {
        Value::Obj(bo) => match set_table(bo) {
            Some(t) => t,
            None => return Ok(vm.not_implemented()),
        },
        _ => return Ok(vm.not_implemented()),
    };
    let Some(acell) = set_table(a) else {
        return Ok(vm.not_implemented());
    };
    let ty = result_type(vm, a);
    let r = compute_ref(vm, acell, bcell, op, false)?;
    Ok(Value::Obj(new_set_of(vm, &ty, r)))
}

/// `a <op> b` on tables, building the result in the order CPython's setobject does
/// (which decides iteration order): `in_place` is the `*_update` form on `a`.
fn compute(
    vm: &Vm,
    at: SetTable,
    bt: SetTable,
    op: BinaryOpArg,
    in_place: bool,
) -> PyResult<SetTable> {
    compute_ref(vm, &RefCell::new(at), &RefCell::new(bt), op, in_place)
}

/// `compute` over the operands' own tables: the result is always a new table, no borrow
/// is held while Python code (`__eq__`) runs, so the operands may be the same set or
/// change meanwhile without a copy being made first.
fn compute_ref(
    vm: &Vm,
    acell: &RefCell<SetTable>,
    bcell: &RefCell<SetTable>,
    op: BinaryOpArg,
    in_place: bool,
) -> PyResult<SetTable> {
    if let Some(r) = compute_fast(&acell.borrow(), &bcell.borrow(), op, in_place) {
        return Ok(r);
    }
    Ok(match op {
        BinaryOpArg::Or => {
            let r = RefCell::new(SetTable::new());
            merge(vm, &r, acell)?;
            merge(vm, &r, bcell)?;
            r.into_inner()
        }
        BinaryOpArg::And => {
            let r = RefCell::new(SetTable::new());
            // CPython's set_intersection walks the smaller set (the other one on a tie).
            let (small, big) = if bcell.borrow().len() > acell.borrow().len() {
                (acell, bcell)
            } else {
                (bcell, acell)
            };
            let items: Vec<(i64, Value)> = small
                .borrow()
                .iter()
                .map(|s| (s.hash, s.key.clone()))
                .collect();
            for (h, k) in items {
                if contains(vm, big, &k)? {
                    add_with_hash(vm, &r, k, h)?;
                }
            }
            r.into_inner()
        }
        BinaryOpArg::Subtract if in_place || (acell.borrow().len() >> 2) > bcell.borrow().len() => {
            // Copy `a` and discard `b`'s items from it.
            let r = RefCell::new(copy_table(&acell.borrow()));
            let items: Vec<Value> = bcell.borrow().iter().map(|s| s.key.clone()).collect();
            for k in items {
                discard(vm, &r, &k)?;
            }
            r.borrow_mut().purge_dummies();
            r.into_inner()
        }
        BinaryOpArg::Subtract => {
            let r = RefCell::new(SetTable::new());
            let items: Vec<(i64, Value)> = acell
                .borrow()
                .iter()
                .map(|s| (s.hash, s.key.clone()))
                .collect();
            for (h, k) in items {
                if !contains(vm, bcell, &k)? {
                    add_with_hash(vm, &r, k, h)?;
                }
            }
            r.into_inner()
        }
        _ => {
            // symmetric_difference starts from a copy of the other operand and folds
            // this set into it; the _update form folds the other operand into this one.
            let (base, folded) = if in_place {
                (acell, bcell)
            } else {
                (bcell, acell)
            };
            let r = RefCell::new(copy_table(&base.borrow()));
            let items: Vec<(i64, Value)> = folded
                .borrow()
                .iter()
                .map(|s| (s.hash, s.key.clone()))
                .collect();
            for (h, k) in items {
                if !discard(vm, &r, &k)? {
                    add_with_hash(vm, &r, k, h)?;
                }
            }
            r.into_inner()
        }
    })
}

/// `compute_ref` when no key needs `__eq__` (nothing observable happens, so giving up
/// half-way is invisible): None as soon as a comparison would be needed.
fn compute_fast(a: &SetTable, b: &SetTable, op: BinaryOpArg, in_place: bool) -> Option<SetTable> {
    let mut r = SetTable::new();
    match op {
        BinaryOpArg::Or => {
            r.merge_start(a);
            if !r.merge_start(b) && r.merge_fast_from(b, 0).is_some() {
                return None;
            }
        }
        BinaryOpArg::And => {
            let (small, big) = if b.len() > a.len() { (a, b) } else { (b, a) };
            for s in small.iter() {
                if big.lookup_fast(&s.key, s.hash)? {
                    r.try_add(&s.key, s.hash)?;
                }
            }
        }
        BinaryOpArg::Subtract if in_place || (a.len() >> 2) > b.len() => {
            // In place, the set itself changes (its layout kept), else a copy of it.
            r = if in_place { a.clone() } else { copy_table(a) };
            for s in b.iter() {
                r.try_discard(&s.key, s.hash)?;
            }
            r.purge_dummies();
        }
        BinaryOpArg::Subtract => {
            for s in a.iter() {
                if !b.lookup_fast(&s.key, s.hash)? {
                    r.try_add(&s.key, s.hash)?;
                }
            }
        }
        _ => {
            let folded = if in_place {
                if std::ptr::eq(a, b) {
                    // CPython clears the set.
                    return Some(SetTable::new());
                }
                r = a.clone();
                b
            } else {
                r = copy_table(b);
                a
            };
            for s in folded.iter() {
                if !r.try_discard(&s.key, s.hash)? {
                    r.try_add(&s.key, s.hash)?;
                }
            }
        }
    }
    Some(r)
}

pub fn set_inplace(vm: &Vm, a: &ObjRef, b: &Value, op: BinaryOpArg) -> PyResult<Value> {
    let bcell = match b {
        Value::Obj(bo) => match set_table(bo) {
            Some(t) => t,
            None => return Ok(vm.not_implemented()),
        },
        _ => return Ok(vm.not_implemented()),
    };
    let cell = match set_table(a) {
        Some(c) => c,
        None => return Ok(vm.not_implemented()),
    };
    match op {
        BinaryOpArg::Or => merge(vm, cell, bcell)?,
        _ => {
            let r = compute_ref(vm, cell, bcell, op, true)?;
            let old = std::mem::replace(&mut *cell.borrow_mut(), r);
            drop(old);
        }
    }
    Ok(Value::Obj(a.clone()))
}

pub fn set_compare(vm: &Vm, a: &ObjRef, b: &ObjRef, op: CompareOpArg) -> PyResult<Value> {
    let (Some(at), Some(bt)) = (set_table(a), set_table(b)) else {
        return Ok(vm.not_implemented());
    };
    let subset = |x: &RefCell<SetTable>, y: &RefCell<SetTable>| -> PyResult<bool> {
        if x.borrow().len() > y.borrow().len() {
            return Ok(false);
        }
        let keys = x.borrow().keys();
        for k in keys {
            if !contains(vm, y, &k)? {
                return Ok(false);
            }
        }
        Ok(true)
    };
    let (la, lb) = (at.borrow().len(), bt.borrow().len());
    Ok(Value::Bool(match op {
        CompareOpArg::Eq => la == lb && subset(at, bt)?,
        CompareOpArg::Ne => !(la == lb && subset(at, bt)?),
        CompareOpArg::Le => subset(at, bt)?,
        CompareOpArg::Lt => la < lb && subset(at, bt)?,
        CompareOpArg::Ge => subset(bt, at)?,
        CompareOpArg::Gt => la > lb && subset(bt, at)?,
    }))
}

fn self_set(vm: &Vm, args: &Args) -> PyResult<ObjRef> {
    match args.args.first() {
        Some(Value::Obj(o)) if set_table(o).is_some() => Ok(o.clone()),
        _ => Err(vm.type_error("descriptor requires a 'set' object")),
    }
}

fn set_new(vm: &Vm, args: Args) -> PyResult<Value> {
    let cls = args
        .args
        .first()
        .and_then(|c| c.as_obj().cloned())
        .ok_or_else(|| vm.type_error("set.__new__(X): X is not a type object"))?;
    if cls.is(&vm.types.frozenset) && !args.has_kw() && args.pos().len() == 2 {
        // frozenset(f) of an exact frozenset is f itself.
        if let Value::Obj(src) = &args.pos()[1] {
            if src.class().is(&vm.types.frozenset) {
                return Ok(args.pos()[1].clone());
            }
        }
    }
    let o = new_set_of(vm, &cls, SetTable::new());
    if tdata(&cls).layout == Layout::FrozenSet {
        if args.has_kw() {
            return Err(vm.type_error("frozenset() takes no keyword arguments"));
        }
        if let Some(src) = args.pos().get(1) {
            if let Some(t) = set_table(&o) {
                update_from(vm, t, src)?;
            }
        }
    }
    Ok(Value::Obj(o))
}

fn set_init(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = self_set(vm, &args)?;
    if args.has_kw() {
        return Err(vm.type_error("set() takes no keyword arguments"));
    }
    if args.args.len() > 2 {
        return Err(vm.type_error(format!(
            "set expected at most 1 argument, got {}",
            args.args.len() - 1
        )));
    }
    if let Some(t) = set_table(&o) {
        let old = t.borrow_mut().clear();
        drop(old);
        if let Some(src) = args.args.get(1) {
            update_from(vm, t, src)?;
        }
    }
    Ok(Value::None)
}

fn set_repr(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = self_set(vm, &args)?;
    let keys = set_table(&o).map(|t| t.borrow().keys()).unwrap_or_default();
    let name = tdata(o.class()).name();
    let frozen = is_frozen(vm, &o);
    if keys.is_empty() {
        return Ok(vm.new_str(format!("{name}()")));
    }
    if !crate::objects::seq::repr_enter(o.id()) {
        return Ok(vm.new_str(format!("{name}(...)")));
    }
    let inner = crate::objects::seq::repr_items(vm, &keys, "{", "}");
    crate::objects::seq::repr_leave(o.id());
    let inner = inner?;
    Ok(vm.new_str(if frozen || !o.class().is(&vm.types.set) {
        format!("{name}({inner})")
    } else {
        inner
    }))
}

fn set_add(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = self_set(vm, &args)?;
    if let Some(t) = set_table(&o) {
        add(vm, t, args.args.get(1).cloned().unwrap_or(Value::None))?;
    }
    Ok(Value::None)
}

/// Discard `k`; a (mutable, unhashable) set key is looked up as the equal frozenset,
/// as CPython's set_discard_key retry does.
fn discard_key(vm: &Vm, t: &RefCell<SetTable>, k: &Value) -> PyResult<bool> {
    match discard(vm, t, k) {
        Err(e)
            if vm.exc_matches(&e, &vm.exc.type_error)
                && matches!(k, Value::Obj(o) if tdata(o.class()).layout == Layout::Set) =>
        {
            let frozen = vm.call1(&Value::Obj(vm.types.frozenset.clone()), k.clone())?;
            discard(vm, t, &frozen)
        }
        r => r,
    }
}

fn set_remove(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = self_set(vm, &args)?;
    let k = args.args.get(1).cloned().unwrap_or(Value::None);
    if let Some(t) = set_table(&o) {
        if !discard_key(vm, t, &k)? {
            return Err(vm.key_error(k));
        }
    }
    Ok(Value::None)
}

fn set_discard(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = self_set(vm, &args)?;
    if let Some(t) = set_table(&o) {
        discard_key(vm, t, args.args.get(1).unwrap_or(&Value::None))?;
    }
    Ok(Value::None)
}

fn set_pop(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = self_set(vm, &args)?;
    let r = set_table(&o).and_then(|t| t.borrow_mut().pop_any());
    r.ok_or_else(|| vm.new_exception_msg(&vm.exc.key_error, "pop from an empty set"))
}

fn set_clear(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = self_set(vm, &args)?;
    if let Some(t) = set_table(&o) {
        let old = t.borrow_mut().clear();
        drop(old);
    }
    Ok(Value::None)
}

fn set_copy(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = self_set(vm, &args)?;
    if is_frozen(vm, &o) && o.class().is(&vm.types.frozenset) {
        return Ok(Value::Obj(o));
    }
    let n = set_table(&o)
        .map(|t| copy_table(&t.borrow()))
        .unwrap_or_default();
    Ok(Value::Obj(new_set_of(vm, &result_type(vm, &o), n)))
}

fn multi(vm: &Vm, args: Args, op: BinaryOpArg, inplace: bool) -> PyResult<Value> {
    let o = self_set(vm, &args)?;
    let mut cur = set_table(&o)
        .map(|t| t.borrow().clone())
        .unwrap_or_default();
    if op == BinaryOpArg::Or && !inplace {
        cur = copy_table(&cur);
    }
    for other in &args.args[1..] {
        let ot = match other_table(vm, other)? {
            Some(t) => t,
            None => {
                let c = RefCell::new(SetTable::new());
                update_from(vm, &c, other)?;
                c.into_inner()
            }
        };
        cur = compute(vm, cur, ot, op, inplace)?;
    }
    if inplace {
        if let Some(t) = set_table(&o) {
            let old = std::mem::replace(&mut *t.borrow_mut(), cur);
            drop(old);
        }
        return Ok(Value::None);
    }
    Ok(Value::Obj(new_set_of(vm, &result_type(vm, &o), cur)))
}

fn set_union(vm: &Vm, args: Args) -> PyResult<Value> {
    multi(vm, args, BinaryOpArg::Or, false)
}
fn set_intersection(vm: &Vm, args: Args) -> PyResult<Value> {
    multi(vm, args, BinaryOpArg::And, false)
}
fn set_difference(vm: &Vm, args: Args) -> PyResult<Value> {
    multi(vm, args, BinaryOpArg::Subtract, false)
}
fn set_symmetric_difference(vm: &Vm, args: Args) -> PyResult<Value> {
    multi(vm, args, BinaryOpArg::Xor, false)
}
fn set_update(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = self_set(vm, &args)?;
    if let Some(t) = set_table(&o) {
        for other in &args.args[1..] {
            update_from(vm, t, other)?;
        }
    }
    Ok(Value::None)
}
fn set_intersection_update(vm: &Vm, args: Args) -> PyResult<Value> {
    multi(vm, args, BinaryOpArg::And, true)
}
fn set_difference_update(vm: &Vm, args: Args) -> PyResult<Value> {
    multi(vm, args, BinaryOpArg::Subtract, true)
}
fn set_symmetric_difference_update(vm: &Vm, args: Args) -> PyResult<Value> {
    multi(vm, args, BinaryOpArg::Xor, true)
}

fn as_set_obj(vm: &Vm, v: &Value) -> PyResult<ObjRef> {
    if let Value::Obj(o) = v {
        if set_table(o).is_some() {
            return Ok(o.clone());
        }
    }
    let c = RefCell::new(SetTable::new());
    update_from(vm, &c, v)?;
    Ok(new_set_of(vm, &vm.types.set, c.into_inner()))
}

fn set_issubset(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = self_set(vm, &args)?;
    let b = as_set_obj(vm, args.args.get(1).unwrap_or(&Value::None))?;
    set_compare(vm, &o, &b, CompareOpArg::Le)
}
fn set_issuperset(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = self_set(vm, &args)?;
    let b = as_set_obj(vm, args.args.get(1).unwrap_or(&Value::None))?;
    set_compare(vm, &o, &b, CompareOpArg::Ge)
}
fn set_isdisjoint(vm: &Vm, args: Args) -> PyResult<Value> {
    let o = self_set(vm, &args)?;
    let t = match set_table(&o) {
        Some(t) => t,
        None => return Ok(Value::Bool(true)),
    };
    for x in vm.collect(args.args.get(1).unwrap_or(&Value::None))? {
        if contains(vm, t, &x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

/// The set methods as registered: each checks its argument count, then runs.
mod checked {
    use super::*;
    use crate::objects::str::{arity_checked, Arity};
    arity_checked! {
        add = set_add, Arity::One;
        clear = set_clear, Arity::None;
        copy = set_copy, Arity::None;
        discard = set_discard, Arity::One;
        isdisjoint = set_isdisjoint, Arity::One;
        issubset = set_issubset, Arity::One;
        issuperset = set_issuperset, Arity::One;
        pop = set_pop, Arity::None;
        remove = set_remove, Arity::One;
        symmetric_difference = set_symmetric_difference, Arity::One;
    }
}

/// `__reduce__`: `(type(self), (list(self),), self.__getstate__())`, as CPython's
/// set_reduce (so copy, deepcopy and pickle rebuild the members).
fn set_reduce(vm: &Vm, args: Args) -> PyResult<Value> {
    let this = args
        .args
        .first()
        .cloned()
        .ok_or_else(|| vm.type_error("__reduce__ needs an argument"))?;
    let keys = vm.new_list(vm.collect(&this)?);
    let state = vm.call_method(&this, "__getstate__", &[])?;
    Ok(vm.new_tuple(vec![
        Value::Obj(vm.type_of(&this).clone()),
        vm.new_tuple(vec![keys]),
        state,
    ]))
}

pub fn init(vm: &Vm) {
    for t in [&vm.types.set, &vm.types.frozenset] {
        vm.add_static(t, "__new__", set_new);
        vm.add_method(t, "__repr__", set_repr);
        vm.add_method(t, "copy", checked::copy);
        vm.add_method(t, "union", set_union);
        vm.add_method(t, "intersection", set_intersection);
        vm.add_method(t, "difference", set_difference);
        vm.add_method(t, "symmetric_difference", checked::symmetric_difference);
        vm.add_method(t, "issubset", checked::issubset);
        vm.add_method(t, "issuperset", checked::issuperset);
        vm.add_method(t, "isdisjoint", checked::isdisjoint);
        vm.add_method(t, "__reduce__", set_reduce);
    }
    let s = &vm.types.set;
    vm.add_method(s, "__init__", set_init);
    vm.add_method(s, "add", checked::add);
    vm.add_method(s, "remove", checked::remove);
    vm.add_method(s, "discard", checked::discard);
    vm.add_method(s, "pop", checked::pop);
    vm.add_method(s, "clear", checked::clear);
    vm.add_method(s, "update", set_update);
    vm.add_method(s, "intersection_update", set_intersection_update);
    vm.add_method(s, "difference_update", set_difference_update);
    vm.add_method(
        s,
        "symmetric_difference_update",
        set_symmetric_difference_update,
    );
}
