//! A pooled small-block allocator in the spirit of CPython's pymalloc (obmalloc.c).
//!
//! Requests of up to 512 bytes (alignment up to 16) are served from 32 size classes,
//! 16 bytes apart. Blocks of one class are carved from 16 KiB pools; pools are carved
//! from 1 MiB arenas obtained from the operating system with `mmap`. Each pool keeps a
//! free list threaded through its free blocks; pools with free blocks are linked per size
//! class (`usedpools`); an arena whose pools are all empty is handed back to the system
//! with `munmap` (except the last arena with free pools, kept to avoid thrashing, as
//! CPython 3.11 does). Larger or over-aligned requests go to the system allocator.
//!
//! The allocator is installed as the process's global allocator by the `pyrs` binary.
//! `PYTHONMALLOC=malloc` in the environment at start-up switches it off: every request
//! then goes to the system allocator (for valgrind and other debugging tools).
//! `sys._debugmallocstats()` prints its statistics (`write_stats`).
//!
//! Threads: Rust code allocates on any thread, with or without the GIL, so the state is
//! protected by a spin lock (uncontended in practice: one thread runs Python at a time).
//! A thread that enables its cache (`enable_thread_cache`: the interpreter's) keeps up to
//! `CACHE_BYTES` of free blocks per size class for itself, taken from and given back to
//! the pools in batches, so that most of its requests take no lock (an atomic
//! read-modify-write per request measured ~6% of an allocation-heavy benchmark).
//! This file is part of the memory layer and holds `unsafe` code: raw memory.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::UnsafeCell;
use std::ptr::null_mut;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

/// Granularity of the size classes (and the alignment every block has).
const ALIGNMENT: usize = 16;
/// The largest request served from pools.
pub const SMALL_REQUEST_THRESHOLD: usize = 512;
const NB_CLASSES: usize = SMALL_REQUEST_THRESHOLD / ALIGNMENT;
const POOL_SIZE: usize = 16 * 1024;
const ARENA_SIZE: usize = 1024 * 1024;
/// Pool header size, rounded up to the alignment (first block offset).
const POOL_OVERHEAD: usize = (std::mem::size_of::<PoolHeader>() + ALIGNMENT - 1) & !(ALIGNMENT - 1);

#[repr(C)]
struct PoolHeader {
    /// Blocks in use (0: the pool is free, on its arena's free list or never used).
    count: u32,
    /// The size class index.
    szidx: u32,
    /// Head of the free list of blocks (each free block starts with the next pointer).
    freeblock: *mut u8,
    /// Offset of the first never-used block, and the largest offset one may have.
    nextoffset: u32,
    maxnextoffset: u32,
    /// Links in `usedpools[szidx]` (partly used pools) or the arena's free pools.
    nextpool: *mut PoolHeader,
    prevpool: *mut PoolHeader,
    arena: *mut Arena,
}

struct Arena {
    /// The address `mmap` returned.
    base: *mut u8,
    /// The first pool (base rounded up to POOL_SIZE).
    first_pool: *mut u8,
    /// The next pool never carved.
    pool_address: *mut u8,
    nfreepools: u32,
    ntotalpools: u32,
    /// Pools returned to the arena (singly linked through `nextpool`).
    freepools: *mut PoolHeader,
    /// Links in the list of arenas with free pools.
    nextarena: *mut Arena,
    prevarena: *mut Arena,
    /// Links in the list of all arenas.
    all_next: *mut Arena,
    all_prev: *mut Arena,
}

struct State {
    usedpools: [*mut PoolHeader; NB_CLASSES],
    usable_arenas: *mut Arena,
    all_arenas: *mut Arena,
    arenas_allocated: u64,
    arenas_reclaimed: u64,
    arenas_current: u64,
    arenas_highwater: u64,
}

struct Shared {
    lock: AtomicBool,
    state: UnsafeCell<State>,
}

// SAFETY: `state` is only touched while `lock` is held (see `with_state`).
unsafe impl Sync for Shared {}

static SHARED: Shared = Shared {
    lock: AtomicBool::new(false),
    state: UnsafeCell::new(State {
        usedpools: [null_mut(); NB_CLASSES],
        usable_arenas: null_mut(),
        all_arenas: null_mut(),
        arenas_allocated: 0,
        arenas_reclaimed: 0,
        arenas_current: 0,
        arenas_highwater: 0,
    }),
};

/// Bytes of free blocks a thread keeps per size class at most (but never fewer than
/// `CACHE_MIN` blocks nor more than `CACHE_MAX`): enough that a batch of small objects
/// made and dropped together (the words of a split line, a list's items) goes back and
/// forth through the cache alone. With 32 blocks per class, the 180 words of
/// `str.split()` went through the pools' lists in batches: 63K -> 54K instructions per
/// split; all classes full hold under 0.5 MB.
const CACHE_BYTES: usize = 32 * 1024;
const CACHE_MIN: u32 = 32;
const CACHE_MAX: u32 = 256;

/// Free blocks a thread keeps for class `idx` at most.
const fn cache_limit(idx: usize) -> u32 {
    let n = (CACHE_BYTES / ((idx + 1) * ALIGNMENT)) as u32;
    if n < CACHE_MIN {
        CACHE_MIN
    } else if n > CACHE_MAX {
        CACHE_MAX
    } else {
        n
    }
}

/// `cache_limit` of every class.
const CACHE_LIMITS: [u32; NB_CLASSES] = {
    let mut l = [0; NB_CLASSES];
    let mut i = 0;
    while i < NB_CLASSES {
        l[i] = cache_limit(i);
        i += 1;
    }
    l
};

/// One thread's free blocks, per size class (each free block starts with the next
/// pointer). The blocks count as in use for the pools.
///
/// The fast paths of `PoolAlloc` test neither `enabled` nor the mode: while the cache is
/// off, every `heads` entry is null (so a request finds no block) and every `room`
/// entry is 0 (so a freed block finds no room), and both go the slow way.
struct ThreadCache {
    enabled: bool,
    heads: [*mut u8; NB_CLASSES],
    /// Blocks each class's list may still take (its `cache_limit` less the blocks
    /// listed).
    room: [u32; NB_CLASSES],
}

thread_local! {
    // `const` and without a destructor: reading it never allocates nor fails, even
    // inside the allocator or while the thread exits.
    static CACHE: UnsafeCell<ThreadCache> = const {
        UnsafeCell::new(ThreadCache {
            enabled: false,
            heads: [null_mut(); NB_CLASSES],
            room: [0; NB_CLASSES],
        })
    };
}

/// Run `f` on this thread's cache.
#[inline]
fn with_cache<R>(f: impl FnOnce(&mut ThreadCache) -> R) -> R {
    // SAFETY: the cache belongs to this thread alone, and `f` (allocator code only) never
    // re-enters `with_cache`, so this is the only reference to it.
    CACHE.with(|c| f(unsafe { &mut *c.get() }))
}

/// Let this thread keep free blocks for itself (the interpreter thread calls it first
/// thing). The thread must call `disable_thread_cache` before it ends, or the blocks it
/// holds stay in use.
pub fn enable_thread_cache() {
    if pools_enabled() {
        with_cache(|c| {
            if !c.enabled {
                c.enabled = true;
                c.room = CACHE_LIMITS;
            }
        });
    }
}

/// Give this thread's cached blocks back to the pools and stop caching.
pub fn disable_thread_cache() {
    flush_thread_cache();
    with_cache(|c| {
        c.enabled = false;
        c.room = [0; NB_CLASSES];
    });
}

/// Give this thread's cached blocks back to the pools (the cache stays as it is, on or
/// off).
fn flush_thread_cache() {
    with_cache(|c| {
        if !c.enabled || !c.heads.iter().any(|h| !h.is_null()) {
            return;
        }
        with_state(|s| {
            for head in c.heads.iter_mut() {
                // SAFETY: every block on the list is a free block of this class, taken
                // from the pools by `refill` or given by `dealloc`.
                unsafe {
                    while !head.is_null() {
                        let b = *head;
                        *head = *(b as *mut *mut u8);
                        s.free(b);
                    }
                }
            }
            c.room = CACHE_LIMITS;
        })
    })
}

impl ThreadCache {
    /// Take a batch of blocks from the pools (the cache for `idx` is empty): a small one
    /// (`CACHE_MIN` blocks at most), which a thread that needs few blocks of the class
    /// keeps from the other threads. They are
    /// listed in the order the pool gives them (ascending addresses in a fresh pool), so
    /// that objects made one after another stay next to each other in memory.
    unsafe fn refill(&mut self, idx: usize) {
        with_state(|s| {
            let mut tail: *mut *mut u8 = &mut self.heads[idx];
            for _ in 0..(CACHE_LIMITS[idx] / 2).min(CACHE_MIN) {
                // SAFETY: the lock is held; the block is free and of class `idx`; `tail`
                // points at the list head or at the link word of the last block listed.
                unsafe {
                    let b = s.alloc(idx);
                    if b.is_null() {
                        break;
                    }
                    *(b as *mut *mut u8) = null_mut();
                    *tail = b;
                    tail = b as *mut *mut u8;
                    self.room[idx] -= 1;
                }
            }
        })
    }

    /// Give half the blocks of class `idx` back to the pools (the cache for `idx` is
    /// full), the ones freed last.
    unsafe fn spill(&mut self, idx: usize) {
        with_state(|s| {
            for _ in 0..CACHE_LIMITS[idx] / 2 {
                let b = self.heads[idx];
                if b.is_null() {
                    break;
                }
                // SAFETY: the lock is held; `b` is a free block of class `idx` that this
                // cache took from the pools.
                unsafe {
                    self.heads[idx] = *(b as *mut *mut u8);
                    s.free(b);
                }
                self.room[idx] += 1;
            }
        })
    }
}

/// 0: not decided yet; 1: pools; 2: system allocator (`PYTHONMALLOC=malloc`).
static MODE: AtomicU8 = AtomicU8::new(0);

fn pools_enabled() -> bool {
    match MODE.load(Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ => {
            // SAFETY: getenv with a NUL-terminated name; it does not allocate. The
            // returned string is read at once.
            let v = unsafe { libc::getenv(c"PYTHONMALLOC".as_ptr()) };
            let off = !v.is_null() && {
                // SAFETY: a non-null getenv result is a NUL-terminated C string.
                let s = unsafe { std::ffi::CStr::from_ptr(v) }.to_bytes();
                s == b"malloc" || s == b"malloc_debug"
            };
            let mode = if off { 2 } else { 1 };
            // The first caller decides; later callers read the same answer.
            match MODE.compare_exchange(0, mode, Ordering::Relaxed, Ordering::Relaxed) {
                Ok(_) => {
                    if mode == 1 {
                        tune_system_malloc();
                        // fork() while another thread holds the lock would leave the
                        // child's allocator locked forever: hold it across fork.
                        // SAFETY: the handlers are plain functions touching only the
                        // lock; registering them allocates only through the C library.
                        unsafe {
                            libc::pthread_atfork(
                                Some(fork_prepare),
                                Some(fork_release),
                                Some(fork_release),
                            );
                        }
                    }
                    mode == 1
                }
                Err(m) => m == 1,
            }
        }
    }
}

/// Blocks too large for the pools come from the C library's malloc, whose defaults give
/// freed memory at the top of the heap back to the system as soon as more than twice the
/// largest block freed so far (from 128 KiB up) is free there, so a program that makes and
/// drops big lists in a loop takes a page fault on every page of every new one (list_ops
/// of bench/types_micro.py: 5,218 minor faults, CPython 2,601). Fixed thresholds at the
/// ceiling glibc's own adaptive scheme reaches (blocks up to 32 MiB from the heap, 64 MiB
/// free at its top before trimming) keep those pages mapped for reuse: list_ops 1,062
/// faults, set_ops 5,107 -> 2,617, dict_ops 3,837 -> 1,223; a loop of million-item lists
/// 148,365 -> 39,692 faults (system time 0.29 -> 0.08 s) for a peak RSS of 94.1 MB instead
/// of 85.9 MB (CPython 92.2 MB).
fn tune_system_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets the C allocator's parameters; it is called once, before
    // the pools hand out their first block.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 64 << 20);
    }
}

/// Whether the pools are in use in this process (not switched off by PYTHONMALLOC).
pub fn enabled() -> bool {
    pools_enabled()
}

fn lock() {
    while SHARED
        .lock
        .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        std::hint::spin_loop();
    }
}

extern "C" fn fork_prepare() {
    lock();
}

extern "C" fn fork_release() {
    SHARED.lock.store(false, Ordering::Release);
}

fn with_state<R>(f: impl FnOnce(&mut State) -> R) -> R {
    lock();
    struct Unlock;
    impl Drop for Unlock {
        fn drop(&mut self) {
            SHARED.lock.store(false, Ordering::Release);
        }
    }
    let _unlock = Unlock;
    // SAFETY: the lock is held, so this is the only reference to the state.
    f(unsafe { &mut *SHARED.state.get() })
}

#[inline]
fn is_small(size: usize, align: usize) -> bool {
    size <= SMALL_REQUEST_THRESHOLD && align <= ALIGNMENT
}

#[inline]
fn class_of(size: usize) -> usize {
    (size.max(1) - 1) / ALIGNMENT
}

#[inline]
fn class_size(idx: usize) -> usize {
    (idx + 1) * ALIGNMENT
}

/// The pool a block belongs to.
#[inline]
fn pool_of(p: *mut u8) -> *mut PoolHeader {
    (p as usize & !(POOL_SIZE - 1)) as *mut PoolHeader
}

impl State {
    /// Allocate a block of class `idx`, or null when the system has no memory.
    ///
    /// # Safety
    /// The caller holds the lock (has `&mut self`); the lists are consistent.
    unsafe fn alloc(&mut self, idx: usize) -> *mut u8 {
        let pool = self.usedpools[idx];
        if !pool.is_null() {
            return self.take_block(pool, idx);
        }
        let pool = self.new_pool();
        if pool.is_null() {
            return null_mut();
        }
        let size = class_size(idx);
        let p = &mut *pool;
        p.szidx = idx as u32;
        p.count = 1;
        let base = pool as *mut u8;
        let block = base.add(POOL_OVERHEAD);
        p.freeblock = block.add(size);
        *(p.freeblock as *mut *mut u8) = null_mut();
        p.nextoffset = (POOL_OVERHEAD + 2 * size) as u32;
        p.maxnextoffset = (POOL_SIZE - size) as u32;
        self.link_used(pool, idx);
        block
    }

    /// Take the first free block of a pool in `usedpools[idx]`.
    unsafe fn take_block(&mut self, pool: *mut PoolHeader, idx: usize) -> *mut u8 {
        let p = &mut *pool;
        let block = p.freeblock;
        p.freeblock = *(block as *mut *mut u8);
        p.count += 1;
        if p.freeblock.is_null() {
            if p.nextoffset <= p.maxnextoffset {
                // Extend the free list with a never-used block.
                p.freeblock = (pool as *mut u8).add(p.nextoffset as usize);
                p.nextoffset += class_size(idx) as u32;
                *(p.freeblock as *mut *mut u8) = null_mut();
            } else {
                // Full: it leaves the list of pools with free blocks.
                self.unlink_used(pool, idx);
            }
        }
        block
    }

    unsafe fn link_used(&mut self, pool: *mut PoolHeader, idx: usize) {
        let head = self.usedpools[idx];
        (*pool).prevpool = null_mut();
        (*pool).nextpool = head;
        if !head.is_null() {
            (*head).prevpool = pool;
        }
        self.usedpools[idx] = pool;
    }

    unsafe fn unlink_used(&mut self, pool: *mut PoolHeader, idx: usize) {
        let (prev, next) = ((*pool).prevpool, (*pool).nextpool);
        if prev.is_null() {
            self.usedpools[idx] = next;
        } else {
            (*prev).nextpool = next;
        }
        if !next.is_null() {
            (*next).prevpool = prev;
        }
        (*pool).nextpool = null_mut();
        (*pool).prevpool = null_mut();
    }

    /// A free pool from a usable arena (a new arena if none has one).
    unsafe fn new_pool(&mut self) -> *mut PoolHeader {
        if self.usable_arenas.is_null() {
            let a = self.new_arena();
            if a.is_null() {
                return null_mut();
            }
            self.link_usable(a);
        }
        let a = &mut *self.usable_arenas;
        let pool = if !a.freepools.is_null() {
            let p = a.freepools;
            a.freepools = (*p).nextpool;
            p
        } else {
            let p = a.pool_address as *mut PoolHeader;
            a.pool_address = a.pool_address.add(POOL_SIZE);
            p
        };
        (*pool).arena = a;
        a.nfreepools -= 1;
        if a.nfreepools == 0 {
            let ap = a as *mut Arena;
            self.unlink_usable(ap);
        }
        pool
    }

    unsafe fn new_arena(&mut self) -> *mut Arena {
        let base = libc::mmap(
            null_mut(),
            ARENA_SIZE,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        if base == libc::MAP_FAILED {
            return null_mut();
        }
        let rec = System.alloc(Layout::new::<Arena>()) as *mut Arena;
        if rec.is_null() {
            libc::munmap(base, ARENA_SIZE);
            return null_mut();
        }
        let base = base as *mut u8;
        let misalign = base as usize & (POOL_SIZE - 1);
        let (first, n) = if misalign == 0 {
            (base, ARENA_SIZE / POOL_SIZE)
        } else {
            (base.add(POOL_SIZE - misalign), ARENA_SIZE / POOL_SIZE - 1)
        };
        rec.write(Arena {
            base,
            first_pool: first,
            pool_address: first,
            nfreepools: n as u32,
            ntotalpools: n as u32,
            freepools: null_mut(),
            nextarena: null_mut(),
            prevarena: null_mut(),
            all_next: self.all_arenas,
            all_prev: null_mut(),
        });
        if !self.all_arenas.is_null() {
            (*self.all_arenas).all_prev = rec;
        }
        self.all_arenas = rec;
        self.arenas_allocated += 1;
        self.arenas_current += 1;
        self.arenas_highwater = self.arenas_highwater.max(self.arenas_current);
        rec
    }

    unsafe fn link_usable(&mut self, a: *mut Arena) {
        (*a).prevarena = null_mut();
        (*a).nextarena = self.usable_arenas;
        if !self.usable_arenas.is_null() {
            (*self.usable_arenas).prevarena = a;
        }
        self.usable_arenas = a;
    }

    unsafe fn unlink_usable(&mut self, a: *mut Arena) {
        let (prev, next) = ((*a).prevarena, (*a).nextarena);
        if prev.is_null() {
            self.usable_arenas = next;
        } else {
            (*prev).nextarena = next;
        }
        if !next.is_null() {
            (*next).prevarena = prev;
        }
        (*a).nextarena = null_mut();
        (*a).prevarena = null_mut();
    }

    /// Return a block to its pool.
    unsafe fn free(&mut self, block: *mut u8) {
        let pool = pool_of(block);
        let p = &mut *pool;
        let idx = p.szidx as usize;
        let was_full = p.freeblock.is_null();
        *(block as *mut *mut u8) = p.freeblock;
        p.freeblock = block;
        p.count -= 1;
        if p.count == 0 {
            if !was_full {
                self.unlink_used(pool, idx);
            }
            self.free_pool(pool);
        } else if was_full {
            self.link_used(pool, idx);
        }
    }

    /// Give an empty pool back to its arena; release the arena when all its pools are
    /// free (unless it is the only arena with free pools).
    unsafe fn free_pool(&mut self, pool: *mut PoolHeader) {
        let a = (*pool).arena;
        (*pool).nextpool = (*a).freepools;
        (*a).freepools = pool;
        (*a).nfreepools += 1;
        if (*a).nfreepools == 1 {
            self.link_usable(a);
        }
        if (*a).nfreepools == (*a).ntotalpools
            && !((*a).prevarena.is_null() && (*a).nextarena.is_null())
        {
            self.unlink_usable(a);
            let (prev, next) = ((*a).all_prev, (*a).all_next);
            if prev.is_null() {
                self.all_arenas = next;
            } else {
                (*prev).all_next = next;
            }
            if !next.is_null() {
                (*next).all_prev = prev;
            }
            libc::munmap((*a).base as *mut libc::c_void, ARENA_SIZE);
            System.dealloc(a as *mut u8, Layout::new::<Arena>());
            self.arenas_reclaimed += 1;
            self.arenas_current -= 1;
        }
    }
}

/// The size class of a request served from the pools, or None (zero-sized, too large or
/// over-aligned).
#[inline(always)]
fn small_class(layout: &Layout) -> Option<usize> {
    // A zero size wraps around to a huge index and is refused like a large one.
    let idx = layout.size().wrapping_sub(1) / ALIGNMENT;
    (idx < NB_CLASSES && layout.align() <= ALIGNMENT).then_some(idx)
}

/// The allocation path when this thread's cache has no block at hand: the cache off,
/// empty, or the request not for the pools.
#[cold]
#[inline(never)]
unsafe fn alloc_slow(layout: Layout) -> *mut u8 {
    if is_small(layout.size(), layout.align()) && pools_enabled() {
        let idx = class_of(layout.size());
        return with_cache(|c| {
            if c.enabled {
                // SAFETY: the list for `idx` is empty (the fast path found no block);
                // refilling leaves only free blocks of class `idx` on it.
                unsafe {
                    c.refill(idx);
                    let b = c.heads[idx];
                    if !b.is_null() {
                        c.heads[idx] = *(b as *mut *mut u8);
                        c.room[idx] += 1;
                    }
                    b
                }
            } else {
                // SAFETY: the state is consistent; the lock is held inside.
                with_state(|s| unsafe { s.alloc(idx) })
            }
        });
    }
    System.alloc(layout)
}

/// The freeing path when this thread's cache cannot keep the block: the cache off or
/// full, or the block not from the pools.
#[cold]
#[inline(never)]
unsafe fn dealloc_slow(ptr: *mut u8, layout: Layout) {
    if is_small(layout.size(), layout.align()) && pools_enabled() {
        let idx = class_of(layout.size());
        with_cache(|c| {
            if c.enabled {
                // SAFETY: the list for `idx` is full: a batch goes back to the pools;
                // `ptr` is a pool block of class `idx` (it came from `alloc` with the
                // same layout), no longer in use.
                unsafe {
                    c.spill(idx);
                    *(ptr as *mut *mut u8) = c.heads[idx];
                    c.heads[idx] = ptr;
                    c.room[idx] -= 1;
                }
            } else {
                // SAFETY: `ptr` came from `alloc` with the same layout, so from a pool.
                with_state(|s| unsafe { s.free(ptr) });
            }
        });
        return;
    }
    System.dealloc(ptr, layout)
}

/// The global allocator: pools for small blocks, the system allocator for the rest.
pub struct PoolAlloc;

// SAFETY: blocks handed out are aligned to 16 and at least as large as asked, never
// overlap (each block is on exactly one free list or in use), and are only returned to
// the pool that made them (`dealloc` gets the same layout `alloc` got, so the same test
// `is_small` routes both ways; the mode never changes once decided).
unsafe impl GlobalAlloc for PoolAlloc {
    /// The fast path takes the first block of this thread's list for the class; a
    /// thread's cache holds blocks only while it is enabled, which it is only when the
    /// pools are on (see `ThreadCache`). Everything else is out of line, so the fast path
    /// needs no stack frame.
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if let Some(idx) = small_class(&layout) {
            let b = with_cache(|c| {
                let b = c.heads[idx];
                if !b.is_null() {
                    // SAFETY: a listed block is free and starts with the next pointer.
                    c.heads[idx] = unsafe { *(b as *mut *mut u8) };
                    c.room[idx] += 1;
                }
                b
            });
            if !b.is_null() {
                return b;
            }
        }
        alloc_slow(layout)
    }

    /// The fast path lists the block on this thread's cache when it has room (it has
    /// none while the cache is off, see `ThreadCache`).
    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(idx) = small_class(&layout) {
            let kept = with_cache(|c| {
                if c.room[idx] > 0 {
                    // SAFETY: room left means the cache is on, so the pools are on and
                    // `ptr` (from `alloc` with the same small layout) is a pool block of
                    // class `idx`, no longer in use.
                    unsafe { *(ptr as *mut *mut u8) = c.heads[idx] };
                    c.heads[idx] = ptr;
                    c.room[idx] -= 1;
                    true
                } else {
                    false
                }
            });
            if kept {
                return;
            }
        }
        dealloc_slow(ptr, layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if is_small(layout.size(), layout.align()) && pools_enabled() {
            let p = self.alloc(layout);
            if !p.is_null() {
                std::ptr::write_bytes(p, 0, layout.size());
            }
            return p;
        }
        System.alloc_zeroed(layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let align = layout.align();
        if !pools_enabled() {
            return System.realloc(ptr, layout, new_size);
        }
        let old_small = is_small(layout.size(), align);
        let new_small = is_small(new_size, align);
        if !old_small && !new_small {
            return System.realloc(ptr, layout, new_size);
        }
        if old_small && new_small && class_of(layout.size()) == class_of(new_size) {
            return ptr;
        }
        let new_layout = Layout::from_size_align_unchecked(new_size, align);
        let new = self.alloc(new_layout);
        if !new.is_null() {
            std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        new
    }
}

/// CPython's `_PyObject_DebugMallocStats` layout: per size class, the pools, blocks in
/// use and free; then arena and byte totals. Empty when the pools are off.
pub fn write_stats() -> String {
    use std::fmt::Write;
    if MODE.load(Ordering::Relaxed) != 1 {
        return String::new();
    }
    // Blocks this thread keeps count as free, as they are.
    flush_thread_cache();
    // Gather under the lock, format outside it (formatting allocates).
    let mut pools = [0u64; NB_CLASSES];
    let mut used = [0u64; NB_CLASSES];
    let mut avail = [0u64; NB_CLASSES];
    let (mut narenas, mut free_pools, mut pool_headers) = (0u64, 0u64, 0u64);
    let (allocated, reclaimed, highwater) = with_state(|s| {
        let mut a = s.all_arenas;
        while !a.is_null() {
            // SAFETY: the arena list is consistent under the lock; carved pools lie
            // between `first_pool` and `pool_address`.
            unsafe {
                narenas += 1;
                free_pools += (*a).nfreepools as u64;
                let mut p = (*a).first_pool;
                while p < (*a).pool_address {
                    let ph = &*(p as *const PoolHeader);
                    if ph.count > 0 {
                        let i = ph.szidx as usize;
                        let size = class_size(i);
                        let total = ((POOL_SIZE - POOL_OVERHEAD) / size) as u64;
                        pools[i] += 1;
                        used[i] += ph.count as u64;
                        avail[i] += total - ph.count as u64;
                        pool_headers += 1;
                    }
                    p = p.add(POOL_SIZE);
                }
                a = (*a).all_next;
            }
        }
        (s.arenas_allocated, s.arenas_reclaimed, s.arenas_highwater)
    });
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Small block threshold = {SMALL_REQUEST_THRESHOLD}, in {NB_CLASSES} size classes.\n"
    );
    let _ = writeln!(
        out,
        "class   size   num pools   blocks in use  avail blocks"
    );
    let _ = writeln!(
        out,
        "-----   ----   ---------   -------------  ------------"
    );
    let mut allocated_bytes = 0u64;
    let mut available_bytes = 0u64;
    let mut quantization = 0u64;
    for i in 0..NB_CLASSES {
        if pools[i] == 0 {
            continue;
        }
        let size = class_size(i) as u64;
        let _ = writeln!(
            out,
            "{i:5} {size:6} {:11} {:15} {:13}",
            pools[i], used[i], avail[i]
        );
        allocated_bytes += used[i] * size;
        available_bytes += avail[i] * size;
        quantization += pools[i] * ((POOL_SIZE - POOL_OVERHEAD) as u64 % size);
    }
    let _ = writeln!(out);
    let line = |out: &mut String, name: &str, v: u64| {
        let _ = writeln!(out, "{name:<41}={v:>21}");
    };
    line(&mut out, "# arenas allocated total", allocated);
    line(&mut out, "# arenas reclaimed", reclaimed);
    line(&mut out, "# arenas highwater mark", highwater);
    line(&mut out, "# arenas allocated current", narenas);
    line(
        &mut out,
        &format!("{narenas} arenas * {ARENA_SIZE} bytes/arena"),
        narenas * ARENA_SIZE as u64,
    );
    let _ = writeln!(out);
    line(&mut out, "# bytes in allocated blocks", allocated_bytes);
    line(&mut out, "# bytes in available blocks", available_bytes);
    line(
        &mut out,
        &format!("{free_pools} unused pools * {POOL_SIZE} bytes"),
        free_pools * POOL_SIZE as u64,
    );
    line(
        &mut out,
        "# bytes lost to pool headers",
        pool_headers * POOL_OVERHEAD as u64,
    );
    line(&mut out, "# bytes lost to quantization", quantization);
    let lost = narenas * ARENA_SIZE as u64
        - allocated_bytes
        - available_bytes
        - free_pools * POOL_SIZE as u64
        - pool_headers * POOL_OVERHEAD as u64
        - quantization;
    line(&mut out, "# bytes lost to arena alignment", lost);
    line(&mut out, "Total", narenas * ARENA_SIZE as u64);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_aligned_distinct_and_reused() {
        MODE.store(1, Ordering::Relaxed);
        let a = PoolAlloc;
        let mut blocks = Vec::new();
        for size in [1usize, 16, 17, 100, 512] {
            let l = Layout::from_size_align(size, 8).unwrap();
            for _ in 0..2000 {
                // SAFETY: a valid non-zero layout.
                let p = unsafe { a.alloc(l) };
                assert!(!p.is_null());
                assert_eq!(p as usize % ALIGNMENT, 0);
                // SAFETY: the block has at least `size` bytes.
                unsafe { std::ptr::write_bytes(p, 0xAB, size) };
                blocks.push((p, l));
            }
        }
        let mut addrs: Vec<usize> = blocks.iter().map(|(p, _)| *p as usize).collect();
        addrs.sort_unstable();
        addrs.dedup();
        assert_eq!(addrs.len(), blocks.len());
        for (p, l) in blocks.drain(..) {
            // SAFETY: allocated above with this layout.
            unsafe { a.dealloc(p, l) };
        }
        // After freeing everything, the arenas are returned but the last one with free
        // pools (kept against thrashing; another test may hold blocks meanwhile).
        let current = with_state(|s| s.arenas_current);
        assert!(current <= 2, "arenas left: {current}");
        let stats = write_stats();
        assert!(stats.contains("# arenas reclaimed"));
    }

    #[test]
    fn realloc_keeps_contents() {
        MODE.store(1, Ordering::Relaxed);
        let a = PoolAlloc;
        let l = Layout::from_size_align(24, 8).unwrap();
        // SAFETY: valid layouts; contents written before they are read.
        unsafe {
            let p = a.alloc(l);
            for i in 0..24 {
                *p.add(i) = i as u8;
            }
            let q = a.realloc(p, l, 600);
            for i in 0..24 {
                assert_eq!(*q.add(i), i as u8);
            }
            let l2 = Layout::from_size_align(600, 8).unwrap();
            let r = a.realloc(q, l2, 40);
            for i in 0..24 {
                assert_eq!(*r.add(i), i as u8);
            }
            a.dealloc(r, Layout::from_size_align(40, 8).unwrap());
        }
    }
}
