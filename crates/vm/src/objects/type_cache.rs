//! A cache of class attribute look-ups along the MRO (CPython's method cache): which
//! class of a type's MRO defines a name, and where in that class's dict the entry is.
//!
//! An entry is keyed by the type's version and the name object's address. Versions are
//! unique for the life of the process and a type gets a new one whenever its namespace,
//! its bases or its MRO change (also when native code adds to a built-in type's dict:
//! see `changed`), so an entry never describes another state of the type. A hit is
//! still checked: the dict entry it points at must hold this very name object (the
//! dict keeps its key alive, so an equal address is the same object). A name no class
//! defines is cached too when the name object is immortal (an interned name: its address
//! can never belong to another string).

use std::cell::Cell;

use crate::memory::ObjRef;
use crate::objects::typeobj::tdata;
use crate::value::Value;

const SIZE: usize = 1024;

#[derive(Clone, Copy)]
struct Entry {
    /// The type's version (0: empty; versions start at 1).
    version: u64,
    /// The address of the name object.
    name: usize,
    /// The position in the MRO of the class defining the name (`ABSENT`: none does).
    pos: u32,
    /// The position of the name in that class's dict entries.
    ix: u32,
}

const ABSENT: u32 = u32::MAX;

const EMPTY: Entry = Entry {
    version: 0,
    name: 0,
    pos: 0,
    ix: 0,
};

thread_local! {
    static CACHE: [Cell<Entry>; SIZE] = const { [const { Cell::new(EMPTY) }; SIZE] };
}

#[inline]
fn slot_of(version: u64, name: usize) -> usize {
    ((version as usize).wrapping_mul(0x9E37_79B9) ^ (name >> 4)) & (SIZE - 1)
}

/// The value `name` has along the MRO of `ty`, with the position in the MRO of the
/// class that defines it (None: no class defines it, or `name` is not a str).
#[inline]
pub fn lookup(ty: &ObjRef, name: &ObjRef) -> Option<(Value, usize)> {
    lookup_slot(ty, name).map(|(v, pos, _)| (v, pos))
}

/// Like `lookup`, also giving the position of the entry in the defining class's dict
/// (what the eval loop's inline caches record).
pub fn lookup_slot(ty: &ObjRef, name: &ObjRef) -> Option<(Value, usize, usize)> {
    let td = tdata(ty);
    let version = td.version.get();
    let key = name.id();
    let slot = slot_of(version, key);
    let e = CACHE.with(|c| c[slot].get());
    let mro = td.mro.borrow();
    if e.version == version && e.name == key {
        if e.pos == ABSENT {
            return None;
        }
        if let Some(cls) = mro.get(e.pos as usize) {
            let d = tdata(cls).dict.borrow();
            if let Some(v) = d.value_if_key_at(e.ix as usize, name) {
                return Some((v.clone(), e.pos as usize, e.ix as usize));
            }
        }
    }
    for (pos, cls) in mro.iter().enumerate() {
        let d = tdata(cls).dict.borrow();
        if let Some(ix) = d.find_str(name) {
            if let (Ok(pos32), Ok(ix32)) = (u32::try_from(pos), u32::try_from(ix)) {
                let entry = Entry {
                    version,
                    name: key,
                    pos: pos32,
                    ix: ix32,
                };
                CACHE.with(|c| c[slot].set(entry));
            }
            return Some((d.value_at(ix), pos, ix));
        }
    }
    if name.is_immortal() && name.payload.as_str().is_some() {
        let entry = Entry {
            version,
            name: key,
            pos: ABSENT,
            ix: 0,
        };
        CACHE.with(|c| c[slot].set(entry));
    }
    None
}

/// Native code changed the namespace of `ty` directly (not through `type_modified`): give
/// it a new version, so that no cached look-up describes the old namespace.
pub fn changed(ty: &ObjRef) {
    tdata(ty).version.set(crate::objects::dict::next_version());
}
