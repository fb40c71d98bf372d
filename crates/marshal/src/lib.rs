//! The binary formats of the bytecode cache, independent of the VM:
//!
//! - the marshal format, version 4 as CPython 3.11 writes it (and versions 0-3 for
//!   writing), for plain data ([`MarshalValue`]): byte-for-byte CPython's output given the
//!   same sharing, and CPython's errors for bad input ([`MarshalError`]); pyrs code
//!   objects go under a type code of their own (`'C'`, see `code.rs`);
//! - .pyc files (PEP 552) with pyrs's own [`MAGIC_NUMBER`], timestamp or hash-based
//!   headers ([`source_hash`] is `importlib.util.source_hash` keyed by that magic);
//! - PEP 3147 names ([`cache_from_source`], [`source_from_cache`]).
//!
//! Where reading differs from CPython's `marshal.loads`:
//! - a reference to a tuple, list, dict or set that is still being read (recursive data,
//!   as `l = []; l.append(l)` writes) is `bad marshal data (invalid reference)`: values
//!   are trees;
//! - duplicate set items and dict keys are kept in stream order (the VM's insertion drops
//!   them as CPython's does);
//! - CPython's code objects (`'c'`) are an unknown type code, and pyrs's (`'C'`) are read;
//! - a huge declared size is read until the data runs out (`EOFError`) where CPython may
//!   first fail to allocate (`MemoryError`).

mod cache_path;
pub mod code;
mod error;
mod fast;
mod pyc;
mod read;
mod siphash;
pub mod text;
pub mod types;
mod value;
mod write;

pub use cache_path::{
    cache_from_source, source_from_cache, CachePathError, BYTECODE_SUFFIX, OPT_PREFIX, PYCACHE,
    SOURCE_SUFFIX,
};
pub use error::MarshalError;
pub use pyc::{
    fix_co_filename, read_pyc, read_pyc_code, read_pyc_header, source_hash, validate_hash,
    validate_timestamp, write_pyc, write_pyc_hash, PycError, PycHeader, PycSource, CACHE_TAG,
    CHECK_LEN, FLAG_CHECK_SOURCE, FLAG_HASH_BASED, HEADER_LEN, MAGIC_NUMBER, RAW_MAGIC_NUMBER,
};
pub use read::{loads, loads_prefix};

/// The fast code reader alone (tests compare it with the general reader): the code object
/// at the start of `data` and the bytes it took, or `None` where it leaves the data to
/// the general reader.
#[doc(hidden)]
pub fn fast_read_code(
    data: &[u8],
) -> Option<(std::sync::Arc<pyrs_compiler::bytecode::CodeObject>, usize)> {
    fast::read_code_prefix(data)
}
pub use siphash::{siphash13, source_hash_with_key};
pub use value::MarshalValue;
pub use write::{dumps, dumps_code, VERSION};
