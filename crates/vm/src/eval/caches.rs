//! Inline caches: the per-instruction caches of global, name and attribute look-ups and
//! of calls, and the cached look-ups that read and fill them.

use super::*;

/// The inline cache of one instruction (`LoadGlobal`, `LoadName`, `StoreName`,
/// `LoadAttr`, `LoadMethod`, `StoreAttr`, `Call`). It holds no references: versions and
/// positions only, re-checked on every use, so a stale cache costs a slow look-up, never
/// a wrong answer. Its main entry is reached through `Deref` (`cache.version`).
///
/// - `LoadName`: see `load_name_cached`; `StoreName`: `index` is a position hint in the
///   namespace dict (`dict::set_str_hinted`).
/// - `LoadGlobal`: `version` is the globals dict's version when the name was found;
///   `aux` 0 means found in globals at position `index`, 1 means absent from globals and
///   found in builtins (version `version2`) at `index`.
/// - attributes: `version` is the type's version tag; `aux` low byte is an `ATTR_*` kind,
///   the bits above it the MRO position of the class holding the attribute; `index` its
///   position in that class's dict, or a position hint in the instance dict; `version2`
///   a [`keys_tag`] (or, for a class's own attribute, its metaclass's version).
///
/// Versions are unique over all dicts and types (`dict::next_version`), so a version
/// match names the same dict or type in the same state.
#[derive(Default)]
pub struct InlineCache {
    main: CacheEntry,
    /// Attribute caches keep up to three more entries (for the types filled before the
    /// main entry's), made when a second type shows up, so a site
    /// that sees instances of a few classes in turn stays cached; the eval loop's fast
    /// paths read them too.
    alts: std::cell::OnceCell<Box<[CacheEntry; 3]>>,
}

/// One entry of an [`InlineCache`] (see there for what the fields hold).
#[derive(Default)]
pub struct CacheEntry {
    pub version: Cell<u64>,
    pub version2: Cell<u64>,
    pub index: Cell<u32>,
    pub aux: Cell<u32>,
}

impl CacheEntry {
    #[inline]
    fn copy_from(&self, other: &CacheEntry) {
        self.version.set(other.version.get());
        self.version2.set(other.version2.get());
        self.index.set(other.index.get());
        self.aux.set(other.aux.get());
    }
}

impl std::ops::Deref for InlineCache {
    type Target = CacheEntry;
    #[inline(always)]
    fn deref(&self) -> &CacheEntry {
        &self.main
    }
}

impl InlineCache {
    /// The attribute entry for type version `v`, if one was filled for it: the main one
    /// or an older one. Entries keep their places (a site that sees a few classes in
    /// turn finds each class's entry where it was filled, with no reordering on a hit).
    #[inline(always)]
    pub(super) fn entry(&self, v: u64) -> Option<&CacheEntry> {
        if self.main.version.get() == v {
            return Some(&self.main);
        }
        self.alt_entry(v)
    }

    /// The older entry for `v`. Out of line: the eval loop's fast paths reach it only at
    /// polymorphic sites.
    #[inline(never)]
    fn alt_entry(&self, v: u64) -> Option<&CacheEntry> {
        self.alts.get()?.iter().find(|a| a.version.get() == v)
    }

    /// The entry to fill for a type no entry is for: the main one, after the entry it
    /// held (if any) moved to the front of the older entries (the oldest is dropped).
    #[cold]
    #[inline(never)]
    fn entry_to_fill(&self) -> &CacheEntry {
        if self.main.version.get() != 0 {
            let alts = self.alts.get_or_init(Default::default);
            for i in (1..alts.len()).rev() {
                alts[i].copy_from(&alts[i - 1]);
            }
            alts[0].copy_from(&self.main);
        }
        self.main.version2.set(0);
        &self.main
    }

    /// The attribute entry for instances of `obj`'s type (version `v`), filled now when
    /// there is none.
    #[inline(always)]
    fn entry_or_fill(&self, vm: &Vm, obj: &Value, name: &ObjRef, v: u64) -> &CacheEntry {
        match self.entry(v) {
            Some(e) => e,
            None => {
                let e = self.entry_to_fill();
                fill_attr_cache(vm, obj, name, e);
                e
            }
        }
    }
}

/// The inline caches of a code object, made when it first runs (most code read from a
/// module's cache is never run: the functions it defines are not all called): `map[pc]`
/// is the index in `caches` of the cache of instruction `pc` (`u32::MAX` for an
/// instruction without one). It also keeps the frame storage of the code's last finished
/// call for its next one (see [`CodeData::take_spare_frame`]).
pub struct InlineCaches {
    map: Box<[u32]>,
    caches: Box<[InlineCache]>,
    /// Function frames made for this code so far (saturating).
    runs: Cell<u32>,
    /// The emptied locals and stack of the code's last finished call, once it has been
    /// called twice (a function called once keeps nothing).
    spare_frame: Cell<Option<Rc<FrameShared>>>,
    /// The instructions as the untraced loop runs them (see [`quicken`]).
    quick: Box<[Instruction]>,
}

/// The code's instructions with pairs that run as one rewritten (`op::LOAD_FAST_LOAD_ATTR`
/// and the others: the first of the pair becomes the pair's opcode, with its argument),
/// and every byte that is no opcode made `op::INVALID` (so that bad code cannot pose as a
/// pair). A traced frame runs the code object's own instructions: one event each.
fn quicken(instrs: &[Instruction]) -> Box<[Instruction]> {
    let mut quick: Vec<Instruction> = instrs
        .iter()
        .map(|&ins| match ins.op_byte() < op::UNUSED {
            true => ins,
            false => Instruction((ins.0 & !0xff) | op::INVALID as u32),
        })
        .collect();
    for (pc, pair) in instrs.windows(2).enumerate() {
        let fused = match (pair[0].op_byte(), pair[1].op_byte()) {
            (op::LOAD_FAST, op::LOAD_ATTR) => op::LOAD_FAST_LOAD_ATTR,
            (op::LOAD_FAST, op::LOAD_METHOD) => op::LOAD_FAST_LOAD_METHOD,
            (op::LOAD_FAST, op::LOAD_FAST) => op::LOAD_FAST_LOAD_FAST,
            (op::STORE_FAST, op::LOAD_FAST) => op::STORE_FAST_LOAD_FAST,
            (op::STORE_FAST, op::STORE_FAST) => op::STORE_FAST_STORE_FAST,
            _ => continue,
        };
        quick[pc] = Instruction((pair[0].0 & !0xff) | fused as u32);
    }
    quick.into_boxed_slice()
}

impl InlineCaches {
    #[cold]
    #[inline(never)]
    fn new(code: &CodeObject) -> InlineCaches {
        let mut map = vec![u32::MAX; code.instructions.len()];
        let mut ncaches = 0u32;
        for (pc, ins) in code.instructions.iter().enumerate() {
            if matches!(
                Opcode::from_u8(ins.op_byte()),
                Some(
                    Opcode::LoadGlobal
                        | Opcode::LoadName
                        | Opcode::StoreName
                        | Opcode::LoadAttr
                        | Opcode::LoadMethod
                        | Opcode::StoreAttr
                        | Opcode::Call
                )
            ) {
                map[pc] = ncaches;
                ncaches += 1;
            }
        }
        InlineCaches {
            map: map.into_boxed_slice(),
            caches: (0..ncaches).map(|_| InlineCache::default()).collect(),
            runs: Cell::new(0),
            spare_frame: Cell::new(None),
            quick: quicken(&code.instructions),
        }
    }
}

impl CodeData {
    /// The constants and names as values, made now if they have not been.
    #[inline]
    pub fn tables(&self, vm: &Vm) -> &CodeTables {
        self.tables.get_or_init(|| {
            crate::objects::code::make_tables_lazily(vm, &self.code, self.first_str.as_ref())
        })
    }

    /// The instructions as the untraced eval loop runs them (see [`quicken`]).
    #[inline]
    pub fn quickened(&self) -> &[Instruction] {
        &self
            .inline_caches
            .get_or_init(|| InlineCaches::new(&self.code))
            .quick
    }

    /// The inline cache of instruction `pc` (one of the instructions that have one).
    #[inline]
    pub fn cache(&self, pc: usize) -> &InlineCache {
        let c = self
            .inline_caches
            .get_or_init(|| InlineCaches::new(&self.code));
        &c.caches[c.map[pc] as usize]
    }

    /// The storage of this code's last finished function call, to make a new frame of it
    /// without going to the frame pool (counts the call, up to two: a code called twice
    /// runs repeatedly).
    #[inline]
    pub fn take_spare_frame(&self) -> Option<Rc<FrameShared>> {
        let c = self
            .inline_caches
            .get_or_init(|| InlineCaches::new(&self.code));
        let runs = c.runs.get();
        if runs < 2 {
            c.runs.set(runs + 1);
        }
        c.spare_frame.take()
    }

    /// Keep `shared` (emptied) for this code's next call when the code runs repeatedly:
    /// gives back the spare it replaces (or `shared` itself when the code does not keep
    /// spares yet), for the frame pool.
    #[inline]
    pub fn keep_spare_frame(&self, shared: Rc<FrameShared>) -> Option<Rc<FrameShared>> {
        match self.inline_caches.get() {
            Some(c) if c.runs.get() >= 2 => c.spare_frame.replace(Some(shared)),
            _ => Some(shared),
        }
    }
}

/// The type has no attribute of that name: the value is in the instance dict; `index` is
/// a position hint (in the dict, or among the class's shared keys), checked on use.
pub(super) const ATTR_INSTANCE: u32 = 1;
/// A function or method descriptor on the class, not shadowed by the instance dict.
pub(super) const ATTR_METHOD: u32 = 2;
/// A plain class attribute that is no descriptor, not shadowed by the instance dict.
pub(super) const ATTR_CLASS_VALUE: u32 = 3;
/// Looked up on a class (metaclass `type`): a plain value or a function along its MRO.
pub(super) const ATTR_TYPE_VALUE: u32 = 4;
/// A `__slots__` member of the class: the value is in the instance's slot `index`.
pub(super) const ATTR_SLOT: u32 = 5;
/// As `ATTR_INSTANCE`, with `index` known to be the name's position among the class's
/// shared keys. They only grow and never move a key, so for an instance with inline
/// values of a class of the cached version, cell `index` holds the attribute (or is
/// unset): no key to compare. For an instance with a dict it is a hint, as for
/// `ATTR_INSTANCE`.
pub(super) const ATTR_INLINE: u32 = 6;

/// `LoadGlobal` through its cache: the value of `name` in globals, else builtins.
#[inline(always)]
pub(super) fn load_global_cached(f: &Frame, cache: &InlineCache, name: &ObjRef) -> Option<Value> {
    {
        let g = dict::table(&f.globals).borrow();
        if g.version == cache.version.get() {
            let ix = cache.index.get() as usize;
            if cache.aux.get() == 0 {
                if let Some(v) = g.value_if_key_at(ix, name) {
                    return Some(v.clone());
                }
            } else {
                let b = dict::table(&f.builtins).borrow();
                if b.version == cache.version2.get() {
                    if let Some(v) = b.value_if_key_at(ix, name) {
                        return Some(v.clone());
                    }
                }
            }
        }
    }
    load_global_fill(f, cache, name)
}

#[inline(never)]
pub(super) fn load_global_fill(f: &Frame, cache: &InlineCache, name: &ObjRef) -> Option<Value> {
    let g = dict::table(&f.globals).borrow();
    if let Some(ix) = g.find_str(name) {
        cache.version.set(g.version);
        cache.aux.set(0);
        cache.index.set(ix as u32);
        return Some(g.value_at(ix));
    }
    let b = dict::table(&f.builtins).borrow();
    let ix = b.find_str(name)?;
    cache.version.set(g.version);
    cache.version2.set(b.version);
    cache.aux.set(1);
    cache.index.set(ix as u32);
    Some(b.value_at(ix))
}

/// The attribute `name` of the class at MRO position `pos` of `ty`, at dict position `ix`.
#[inline]
pub(super) fn class_attr_at(ty: &ObjRef, pos: usize, ix: usize, name: &ObjRef) -> Option<Value> {
    if pos == 0 {
        // The class itself: the first entry of its MRO (typeobj.rs invariant).
        let d = tdata(ty).dict.borrow();
        return d.value_if_key_at(ix, name).cloned();
    }
    let mro = tdata(ty).mro.borrow();
    let cls = mro.get(pos)?;
    let d = tdata(cls).dict.borrow();
    d.value_if_key_at(ix, name).cloned()
}

/// Whether the instance dict of `o` (if any) holds `name`, for a cached class attribute
/// (`ATTR_METHOD`/`ATTR_CLASS_VALUE` entry). Inline values: a class's shared keys only
/// grow and never change a position, so once `name` was seen not to be among them, it is
/// still not while their count is the same; the entry's `version2` remembers that as
/// [`keys_tag`] (type version and key count), so the common case needs no probe.
#[inline(always)]
pub(super) fn instance_dict_has(o: &ObjRef, name: &ObjRef, cache: &CacheEntry) -> bool {
    if o.has_inline_values() {
        let td = tdata(o.class());
        let Some(keys) = td.shared_keys.get() else {
            return false;
        };
        let tag = keys_tag(td.version.get(), keys.len());
        if cache.version2.get() == tag {
            return false;
        }
        return inline_values_have(o, keys, name, cache, tag);
    }
    // Built-in objects (a list, a str) have no dict at all: no call to look in one.
    o.has_dict() && instance_dict_has_key(o, name)
}

/// `instance_dict_has` for inline values whose keys are not known to lack `name`.
#[inline(never)]
pub(super) fn inline_values_have(
    o: &ObjRef,
    keys: &dict::SharedKeys,
    name: &ObjRef,
    cache: &CacheEntry,
    tag: u64,
) -> bool {
    match keys.position(name) {
        None => {
            cache.version2.set(tag);
            false
        }
        Some(ix) => crate::objects::object::inline_value_at(o, ix, name).is_some(),
    }
}

/// `instance_dict_has` for an instance with a dict (or none).
#[inline(never)]
pub(super) fn instance_dict_has_key(o: &ObjRef, name: &ObjRef) -> bool {
    o.with_dict(|d| match dict::table(d).try_borrow() {
        Ok(t) => t.find_str(name).is_some(),
        // Being changed: let the general look-up decide.
        Err(_) => true,
    })
    .unwrap_or(false)
}

/// What an attribute cache entry's `version2` holds when its class's shared keys (`len`
/// of them, class version `version`) were seen not to hold the entry's name. The top bit
/// keeps it apart from the metaclass versions type-attribute entries keep there.
#[inline]
pub(super) fn keys_tag(version: u64, len: usize) -> u64 {
    (1 << 63) | (version << 8) | len as u64
}

/// Whether a class attribute is a plain value that no descriptor protocol applies to.
pub(super) fn is_plain_class_value(v: &Value) -> bool {
    match v {
        Value::Obj(o) => {
            !tdata(o.class()).is_heap()
                && matches!(
                    o.payload,
                    Payload::Str(_)
                        | Payload::Int(_)
                        | Payload::Float(_)
                        | Payload::Tuple(_)
                        | Payload::Bytes(_)
                        | Payload::List(_)
                        | Payload::Dict(_)
                        | Payload::Set(_)
                )
        }
        _ => true,
    }
}

/// Fill the attribute cache of an instruction for instances of `ty` (kind 0 when the
/// look-up is not one the fast paths handle).
pub(super) fn fill_attr_cache(vm: &Vm, obj: &Value, name: &ObjRef, cache: &CacheEntry) {
    let ty = vm.type_of(obj);
    let td = tdata(ty);
    cache.version.set(td.version.get());
    cache.aux.set(0);
    if td.has_flag(crate::objects::typeobj::flags::HAS_GETATTRIBUTE) {
        return;
    }
    if let Value::Obj(o) = obj {
        if matches!(
            o.payload,
            Payload::Type(_) | Payload::Module(_) | Payload::Super(_) | Payload::BoundMethod(_)
        ) {
            return;
        }
    }
    if let Some((v, pos, ix)) = crate::objects::type_cache::lookup_slot(ty, name) {
        let kind = match &v {
            Value::Obj(f)
                if matches!(f.payload, Payload::Function(_) | Payload::MethodDescr(_)) =>
            {
                ATTR_METHOD
            }
            Value::Obj(m) => {
                // A slot member that applies to these instances.
                let slot = match (&m.payload, obj) {
                    (Payload::Member(md), Value::Obj(o))
                        if matches!(o.payload, Payload::Slots(_))
                            && vm.isinstance(obj, &md.owner) =>
                    {
                        md.index
                    }
                    _ => None,
                };
                match slot {
                    Some(i) if i <= u32::MAX as usize && is_exact_member(m) => {
                        cache.aux.set(ATTR_SLOT);
                        cache.index.set(i as u32);
                        return;
                    }
                    _ if is_plain_class_value(&v) => ATTR_CLASS_VALUE,
                    _ => return,
                }
            }
            v if is_plain_class_value(v) => ATTR_CLASS_VALUE,
            _ => return,
        };
        if pos > 0xff_ffff {
            return;
        }
        cache.aux.set(kind | ((pos as u32) << 8));
        cache.index.set(ix as u32);
        return;
    }
    if matches!(obj, Value::Obj(o) if o.has_dict()) {
        cache.aux.set(ATTR_INSTANCE);
        cache.index.set(0);
    }
}

/// `cls.name` for a class of metaclass `type` through the cache: a plain value or a
/// function found along the class's MRO, when `type` itself has no data descriptor of that
/// name (None: take the general path). `version` is the class's version, `version2`
/// type's.
pub(super) fn load_type_attr_cached(
    vm: &Vm,
    cls: &ObjRef,
    td: &crate::objects::typeobj::TypeData,
    name: &ObjRef,
    cache: &InlineCache,
) -> Option<Value> {
    let meta = cls.class();
    if !meta.is(&vm.types.type_) {
        return None;
    }
    if td.version.get() != cache.version.get() || tdata(meta).version.get() != cache.version2.get()
    {
        cache.version.set(td.version.get());
        cache.version2.set(tdata(meta).version.get());
        cache.aux.set(0);
        if let Some(m) = lookup(meta, name) {
            if vm.is_data_descriptor(&m) {
                return None;
            }
        }
        if let Some((v, pos, ix)) = crate::objects::type_cache::lookup_slot(cls, name) {
            let plain = is_plain_class_value(&v)
                || matches!(&v, Value::Obj(f) if matches!(f.payload, Payload::Function(_)));
            if plain && pos <= 0xff_ffff {
                cache.aux.set(ATTR_TYPE_VALUE | ((pos as u32) << 8));
                cache.index.set(ix as u32);
            }
        }
    }
    let aux = cache.aux.get();
    if aux & 0xff != ATTR_TYPE_VALUE {
        return None;
    }
    class_attr_at(cls, (aux >> 8) as usize, cache.index.get() as usize, name)
}

/// The commonest cached `obj.name`: an instance attribute read from the instance dict at
/// the cached position, or a `__slots__` member (None: try `load_attr_cached`). Inlined
/// into the eval loop.
#[inline(always)]
pub(super) fn load_instance_attr_fast(
    obj: &Value,
    name: &ObjRef,
    cache: &InlineCache,
) -> Option<Value> {
    let Value::Obj(o) = obj else {
        return None;
    };
    let cache = cache.entry(tdata(o.class()).version.get())?;
    let aux = cache.aux.get();
    if aux == ATTR_SLOT {
        return slot_value(o, cache.index.get() as usize);
    }
    if aux != ATTR_INLINE && aux != ATTR_INSTANCE {
        return None;
    }
    if o.has_inline_values() {
        let ix = cache.index.get() as usize;
        if aux == ATTR_INLINE {
            return crate::objects::object::inline_value_at_position(o, ix);
        }
        return crate::objects::object::inline_value_at(o, ix, name);
    }
    o.with_dict(|d| {
        let t = dict::table(d).try_borrow().ok()?;
        t.value_if_key_at(cache.index.get() as usize, name).cloned()
    })?
}

/// The value in `__slots__` member `ix` of `o` (None when unset: the general path raises).
#[inline(always)]
fn slot_value(o: &ObjRef, ix: usize) -> Option<Value> {
    match &o.payload {
        Payload::Slots(cells) => match cells.get(ix)?.get() {
            Value::Null => None,
            v => Some(v),
        },
        _ => None,
    }
}

/// The commonest cached `LoadMethod`: a function found on the class of an instance whose
/// dict does not shadow it (None: try `load_method_cached`). Inlined into the eval loop.
#[inline(always)]
pub(super) fn load_instance_method_fast(
    obj: &Value,
    name: &ObjRef,
    cache: &InlineCache,
) -> Option<Value> {
    let Value::Obj(o) = obj else {
        return None;
    };
    let ty = o.class();
    let cache = cache.entry(tdata(ty).version.get())?;
    let aux = cache.aux.get();
    if aux & 0xff != ATTR_METHOD {
        return None;
    }
    unshadowed_class_attr(obj, ty, aux, name, cache)
}

/// The class attribute a cache entry (`ATTR_METHOD`/`ATTR_CLASS_VALUE`, `aux`) points at,
/// unless the instance dict of `obj` shadows it.
#[inline(always)]
pub(super) fn unshadowed_class_attr(
    obj: &Value,
    ty: &ObjRef,
    aux: u32,
    name: &ObjRef,
    cache: &CacheEntry,
) -> Option<Value> {
    if let Value::Obj(o) = obj {
        if instance_dict_has(o, name, cache) {
            return None;
        }
    }
    class_attr_at(ty, (aux >> 8) as usize, cache.index.get() as usize, name)
}

/// `obj.name` through the cache (None: take the general path).
#[inline]
pub(super) fn load_attr_cached(
    vm: &Vm,
    obj: &Value,
    name: &ObjRef,
    cache: &InlineCache,
) -> Option<Value> {
    if let Value::Obj(o) = obj {
        if let Payload::Type(td) = &o.payload {
            return load_type_attr_cached(vm, o, td, name, cache);
        }
    }
    let ty = vm.type_of(obj);
    let cache = cache.entry_or_fill(vm, obj, name, tdata(ty).version.get());
    let aux = cache.aux.get();
    match aux & 0xff {
        ATTR_INLINE if obj.as_obj()?.has_inline_values() => {
            let o = obj.as_obj()?;
            crate::objects::object::inline_value_at_position(o, cache.index.get() as usize)
        }
        ATTR_INSTANCE if obj.as_obj()?.has_inline_values() => {
            let o = obj.as_obj()?;
            let ix = cache.index.get() as usize;
            if let Some(v) = crate::objects::object::inline_value_at(o, ix, name) {
                return Some(v);
            }
            let ix = crate::objects::object::inline_position(o, name)?;
            cache.index.set(ix as u32);
            cache.aux.set(ATTR_INLINE);
            crate::objects::object::inline_value_at(o, ix, name)
        }
        ATTR_INSTANCE | ATTR_INLINE => obj.as_obj()?.with_dict(|d| {
            let t = dict::table(d).try_borrow().ok()?;
            if let Some(v) = t.value_if_key_at(cache.index.get() as usize, name) {
                return Some(v.clone());
            }
            let ix = t.find_str(name)?;
            cache.index.set(ix as u32);
            cache.aux.set(ATTR_INSTANCE);
            Some(t.value_at(ix))
        })?,
        ATTR_METHOD => {
            let m = unshadowed_class_attr(obj, ty, aux, name, cache)?;
            match &m {
                Value::Obj(fo) if matches!(fo.payload, Payload::Function(_)) => {
                    Some(vm.new_bound_method(m, obj.clone()))
                }
                _ => None,
            }
        }
        ATTR_CLASS_VALUE => unshadowed_class_attr(obj, ty, aux, name, cache),
        ATTR_SLOT => slot_value(obj.as_obj()?, cache.index.get() as usize),
        _ => None,
    }
}

/// Whether a class attribute is a plain `member_descriptor` (not a subclass of it that
/// could define its own `__get__`/`__set__`).
pub(super) fn is_exact_member(m: &ObjRef) -> bool {
    !tdata(m.class()).is_heap() && matches!(m.payload, Payload::Member(_))
}

/// `LoadMethod` through the cache: the unbound method when `obj.name` is a method found
/// on the type (None: the general `load_method` decides).
#[inline]
pub(super) fn load_method_cached(
    vm: &Vm,
    obj: &Value,
    name: &ObjRef,
    cache: &InlineCache,
) -> Option<Value> {
    let ty = vm.type_of(obj);
    let cache = cache.entry_or_fill(vm, obj, name, tdata(ty).version.get());
    let aux = cache.aux.get();
    if aux & 0xff == ATTR_METHOD {
        if let Value::Obj(o) = obj {
            if instance_dict_has(o, name, cache) {
                return None;
            }
        }
        if let Some(m) = class_attr_at(ty, (aux >> 8) as usize, cache.index.get() as usize, name) {
            return Some(m);
        }
    }
    load_method(vm, obj, name)
}

/// The commonest cached `obj.name = value`: an inline attribute stored at the cached
/// position, replacing a set one in line, or a new one (an `__init__`'s `self.x = x`)
/// through `inline_store_new`, or a `__slots__` member (gives the value back otherwise:
/// try `store_attr_cached`). Inlined into the eval loop.
#[inline(always)]
pub(super) fn store_inline_attr_fast(
    obj: &Value,
    value: Value,
    cache: &InlineCache,
) -> Result<(), Value> {
    let Value::Obj(o) = obj else {
        return Err(value);
    };
    let Some(cache) = cache.entry(tdata(o.class()).version.get()) else {
        return Err(value);
    };
    let aux = cache.aux.get();
    let Payload::Slots(cells) = &o.payload else {
        return Err(value);
    };
    let ix = cache.index.get() as usize;
    if aux == ATTR_SLOT {
        // A `__slots__` member (the class has no `__setattr__`: see `store_attr_cached`).
        let Some(cell) = cells.get(ix) else {
            return Err(value);
        };
        let old = cell.replace(value);
        drop(old);
        return Ok(());
    }
    if aux != ATTR_INLINE || !o.has_inline_values() {
        return Err(value);
    }
    match cells.get(ix) {
        Some(cell) if !cell.is_null() => {
            let old = cell.replace(value);
            // The old value goes last (its destructor may run code).
            drop(old);
            Ok(())
        }
        _ => inline_store_new(o, ix, value),
    }
}

/// `store_inline_attr_fast` for an inline attribute not set yet (at `ix`, the name's
/// position among the shared keys of the class of the cached version).
#[inline(never)]
fn inline_store_new(o: &ObjRef, ix: usize, value: Value) -> Result<(), Value> {
    crate::objects::object::inline_store_new_at(o, ix, value)
}

/// `obj.name = value` through the cache: stores into the instance dict when the type has
/// no attribute of that name and no `__setattr__` (gives the value back otherwise).
#[inline]
pub(super) fn store_attr_cached(
    vm: &Vm,
    obj: &Value,
    name: &ObjRef,
    value: Value,
    cache: &InlineCache,
) -> Option<Value> {
    let o = match obj {
        Value::Obj(o) => o,
        _ => return Some(value),
    };
    let ty = o.class();
    let td = tdata(ty);
    let cache = match cache.entry(td.version.get()) {
        Some(e) => e,
        None => {
            let e = cache.entry_to_fill();
            fill_attr_cache(vm, obj, name, e);
            if td.has_flag(crate::objects::typeobj::flags::HAS_SETATTR) {
                e.aux.set(0);
            }
            e
        }
    };
    let aux = cache.aux.get();
    if aux == ATTR_SLOT {
        if let Payload::Slots(cells) = &o.payload {
            if let Some(cell) = cells.get(cache.index.get() as usize) {
                cell.set(value);
                return None;
            }
        }
        return Some(value);
    }
    if aux != ATTR_INSTANCE && aux != ATTR_INLINE {
        return Some(value);
    }
    let value = if o.has_inline_values() {
        let ix = cache.index.get() as usize;
        let value = if aux == ATTR_INLINE {
            match crate::objects::object::replace_inline_value(o, ix, value) {
                Ok(old) => {
                    drop(old);
                    return None;
                }
                Err(value) => value,
            }
        } else {
            value
        };
        match crate::objects::object::inline_store(o, ix, name, value) {
            Ok(ix) => {
                cache.index.set(ix as u32);
                cache.aux.set(ATTR_INLINE);
                return None;
            }
            // Not storable inline: through the dict, made now.
            Err(value) => value,
        }
    } else {
        value
    };
    let d = match o.dict() {
        Some(d) => d,
        None => return Some(value),
    };
    let t = dict::table(&d);
    let ix = cache.index.get() as usize;
    let hit = t.borrow().value_if_key_at(ix, name).is_some();
    let old = if hit {
        Some(t.borrow_mut().replace_value(ix, value))
    } else {
        let old = t
            .borrow_mut()
            .set_fast(Value::Obj(name.clone()), str_hash(name), value);
        if let Some(ix) = t.borrow().find_str(name) {
            cache.index.set(ix as u32);
            cache.aux.set(ATTR_INSTANCE);
        }
        old
    };
    // The old value goes after the table is released (its destructor may run code).
    drop(old);
    None
}

#[inline]
pub(super) fn str_hash(name: &ObjRef) -> i64 {
    match &name.payload {
        Payload::Str(s) => s.hash(),
        _ => 0,
    }
}

/// A class whose instances `type.__call__` makes with `object.__new__`: a heap class of
/// metaclass `type`, plain instance layout, not abstract.
#[inline]
pub(super) fn is_plain_class(vm: &Vm, cls: &ObjRef) -> bool {
    match &cls.payload {
        Payload::Type(td) => {
            td.layout == crate::objects::typeobj::Layout::Object
                && td.flags.get()
                    & (crate::objects::typeobj::flags::HEAPTYPE
                        | crate::objects::typeobj::flags::ABSTRACT)
                    == crate::objects::typeobj::flags::HEAPTYPE
                && cls.class().is(&vm.types.type_)
        }
        _ => false,
    }
}

/// The Python `__init__` of a plain class whose `__new__` is `object.__new__` (None when
/// the class needs the general `type.__call__`), through the `Call` instruction's cache
/// (the class's version; the MRO position and dict position of `__init__`).
pub(super) fn plain_class_init(vm: &Vm, cls: &ObjRef, cache: &InlineCache) -> Option<ObjRef> {
    let td = tdata(cls);
    let aux = cache.aux.get();
    if td.version.get() == cache.version.get() && aux & 0xff == ATTR_METHOD {
        if let Some(Value::Obj(init)) = class_attr_at(
            cls,
            (aux >> 8) as usize,
            cache.index.get() as usize,
            &vm.names.__init__,
        ) {
            if matches!(init.payload, Payload::Function(_)) {
                return Some(init);
            }
        }
    }
    cache.version.set(td.version.get());
    cache.aux.set(0);
    let new = lookup(cls, &vm.names.__new__)?;
    match (&new, &vm.object_new.get()) {
        (Value::Obj(a), Value::Obj(b)) if a.is(b) => {}
        _ => return None,
    }
    let mro = td.mro.borrow();
    for (pos, c) in mro.iter().enumerate() {
        let d = tdata(c).dict.borrow();
        if let Some(ix) = d.find_str(&vm.names.__init__) {
            return match d.value_at(ix) {
                Value::Obj(init) if matches!(init.payload, Payload::Function(_)) => {
                    if pos <= 0xff_ffff {
                        cache.aux.set(ATTR_METHOD | ((pos as u32) << 8));
                        cache.index.set(ix as u32);
                    }
                    Some(init)
                }
                _ => None,
            };
        }
    }
    None
}

#[cfg(test)]
mod quicken_tests {
    use super::*;

    fn ins(op: u8, arg: u32) -> Instruction {
        Instruction(op as u32 | (arg << 8))
    }

    #[test]
    fn pairs_become_their_fused_opcode_and_keep_the_argument() {
        let code = [
            ins(op::LOAD_FAST, 1),
            ins(op::LOAD_ATTR, 2),
            ins(op::LOAD_FAST, 3),
            ins(op::LOAD_FAST, 4),
            ins(op::LOAD_METHOD, 5),
            ins(op::STORE_FAST, 6),
            ins(op::STORE_FAST, 7),
            ins(op::LOAD_FAST, 8),
        ];
        let quick = quicken(&code);
        let bytes: Vec<(u8, u32)> = quick.iter().map(|i| (i.op_byte(), i.arg())).collect();
        assert_eq!(
            bytes,
            vec![
                (op::LOAD_FAST_LOAD_ATTR, 1),
                (op::LOAD_ATTR, 2),
                (op::LOAD_FAST_LOAD_FAST, 3),
                (op::LOAD_FAST_LOAD_METHOD, 4),
                (op::LOAD_METHOD, 5),
                (op::STORE_FAST_STORE_FAST, 6),
                (op::STORE_FAST_LOAD_FAST, 7),
                (op::LOAD_FAST, 8),
            ]
        );
    }

    #[test]
    fn bytes_that_are_no_opcode_cannot_pose_as_a_pair() {
        let code = [
            ins(op::LOAD_FAST_LOAD_ATTR, 0),
            ins(op::LOAD_ATTR, 0),
            ins(op::STORE_FAST_STORE_FAST, 1),
            ins(255, 2),
        ];
        let quick = quicken(&code);
        assert!(quick.iter().step_by(2).all(|i| i.op_byte() == op::INVALID));
        assert_eq!(quick[1].op_byte(), op::LOAD_ATTR);
        assert_eq!(quick[3].arg(), 2);
    }
}
