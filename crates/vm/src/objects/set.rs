//! The set/frozenset table, laid out as CPython's so that iteration order matches.
//!
//! Invariants: `table.len()` is a power of two (at least 8); a slot is empty (`Null` key,
//! hash 0), a dummy (`Null` key, `is_dummy`), or live; `fill` counts live and dummy slots,
//! `used` live ones. Probing visits up to `LINEAR_PROBES` neighbours before jumping, as
//! CPython's setobject.c does.

use std::cell::RefCell;

use crate::objects::dict::fast_key_eq;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;
const MINSIZE: usize = 8;

#[derive(Clone, Default)]
pub struct Slot {
    pub hash: i64,
    pub key: Value,
    dummy: bool,
}

#[derive(Clone)]
pub struct SetTable {
    table: Vec<Slot>,
    fill: usize,
    used: usize,
    pub version: u64,
}

impl Default for SetTable {
    fn default() -> Self {
        SetTable {
            table: vec![Slot::default(); MINSIZE],
            fill: 0,
            used: 0,
            version: 0,
        }
    }
}

enum Probe {
    Found(usize),
    Unused(usize),
    Compare(usize, Value, u64),
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
    fn probe(&self, key: &Value, hash: i64, st: &mut (usize, u64, usize)) -> Probe {
        let mask = self.mask();
        loop {
            let base = st.0 & mask;
            let probes = if base + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 };
            while st.2 <= probes {
                let idx = base + st.2;
                st.2 += 1;
                let s = &self.table[idx];
                if s.key.is_null() && !s.dummy {
                    return Probe::Unused(idx);
                }
                if !s.dummy && s.hash == hash {
                    match fast_key_eq(&s.key, key) {
                        Some(true) => return Probe::Found(idx),
                        Some(false) => {}
                        None => return Probe::Compare(idx, s.key.clone(), self.version),
                    }
                }
            }
            st.1 >>= PERTURB_SHIFT;
            st.0 = (base.wrapping_mul(5).wrapping_add(1).wrapping_add(st.1 as usize)) & mask;
            st.2 = 0;
        }
    }

    fn insert_clean(table: &mut [Slot], hash: i64, key: Value) {
        let mask = table.len() - 1;
        let mut perturb = hash as u64;
        let mut i = hash as usize & mask;
        loop {
            if table[i].key.is_null() && !table[i].dummy {
                table[i] = Slot { hash, key, dummy: false };
                return;
            }
            if i + LINEAR_PROBES <= mask {
                for j in 1..=LINEAR_PROBES {
                    if table[i + j].key.is_null() && !table[i + j].dummy {
                        table[i + j] = Slot { hash, key, dummy: false };
                        return;
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb as usize)) & mask;
        }
    }

    pub fn resize(&mut self, minused: usize) {
        let mut newsize = MINSIZE;
        while newsize <= minused {
            newsize <<= 1;
        }
        let old = std::mem::replace(&mut self.table, vec![Slot::default(); newsize]);
        for s in old {
            if !s.key.is_null() {
                Self::insert_clean(&mut self.table, s.hash, s.key);
            }
        }
        self.fill = self.used;
        self.version += 1;
    }

    fn place_unused(&mut self, idx: usize, hash: i64, key: Value) {
        self.table[idx] = Slot { hash, key, dummy: false };
        self.fill += 1;
        self.used += 1;
        self.version += 1;
        if self.fill * 5 >= self.mask() * 3 {
            let n = if self.used > 50000 { self.used * 2 } else { self.used * 4 };
            self.resize(n);
        }
    }

    fn remove_slot(&mut self, idx: usize) -> Value {
        let s = &mut self.table[idx];
        s.dummy = true;
        s.hash = -1;
        self.used -= 1;
        self.version += 1;
        std::mem::take(&mut s.key)
    }

    /// Add a key decided without Python code (used for copies between sets).
    pub fn add_fast(&mut self, key: Value, hash: i64) {
        let mut st = (hash as usize, hash as u64, 0);
        if let Probe::Unused(idx) = self.probe(&key, hash, &mut st) {
            self.place_unused(idx, hash, key);
        }
    }

    pub fn clear(&mut self) -> Vec<Slot> {
        self.fill = 0;
        self.used = 0;
        self.version += 1;
        std::mem::replace(&mut self.table, vec![Slot::default(); MINSIZE])
    }

    /// Copy `other` into this empty table, as CPython's set_merge does.
    pub fn merge_from(&mut self, other: &SetTable) {
        if other.used == 0 {
            return;
        }
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.mask() == other.mask() && other.fill == other.used {
            self.table.clone_from(&other.table);
            self.fill = other.fill;
            self.used = other.used;
            self.version += 1;
            return;
        }
        if self.fill == 0 {
            for s in other.iter() {
                Self::insert_clean(&mut self.table, s.hash, s.key.clone());
            }
            self.fill = other.used;
            self.used = other.used;
            self.version += 1;
            return;
        }
        for s in other.iter() {
            self.add_fast(s.key.clone(), s.hash);
        }
    }

    /// Pop an arbitrary element (CPython's `finger` order is approximated by slot order).
    pub fn pop_any(&mut self) -> Option<Value> {
        let idx = self.table.iter().position(|s| !s.key.is_null())?;
        Some(self.remove_slot(idx))
    }
}

enum Found {
    Yes(usize),
    No(usize),
}

fn find(vm: &Vm, cell: &RefCell<SetTable>, key: &Value, hash: i64) -> PyResult<Found> {
    'restart: loop {
        let mut st = (hash as usize, hash as u64, 0usize);
        loop {
            let probe = cell.borrow().probe(key, hash, &mut st);
            match probe {
                Probe::Found(i) => return Ok(Found::Yes(i)),
                Probe::Unused(i) => return Ok(Found::No(i)),
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

pub fn contains(vm: &Vm, cell: &RefCell<SetTable>, key: &Value) -> PyResult<bool> {
    let hash = vm.hash(key)?;
    Ok(matches!(find(vm, cell, key, hash)?, Found::Yes(_)))
}

pub fn add(vm: &Vm, cell: &RefCell<SetTable>, key: Value) -> PyResult<()> {
    let hash = vm.hash(&key)?;
    add_with_hash(vm, cell, key, hash)
}

pub fn add_with_hash(vm: &Vm, cell: &RefCell<SetTable>, key: Value, hash: i64) -> PyResult<()> {
    if let Found::No(idx) = find(vm, cell, &key, hash)? {
        cell.borrow_mut().place_unused(idx, hash, key);
    }
    Ok(())
}

/// Remove `key`; whether it was present.
pub fn discard(vm: &Vm, cell: &RefCell<SetTable>, key: &Value) -> PyResult<bool> {
    let hash = vm.hash(key)?;
    match find(vm, cell, key, hash)? {
        Found::Yes(idx) => {
            let old = cell.borrow_mut().remove_slot(idx);
            drop(old);
            Ok(true)
        }
        Found::No(_) => Ok(false),
    }
}
