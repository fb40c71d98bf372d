//! .pyc files (PEP 552): a 16-byte header, then the marshalled code object.
//!
//! The header: the magic number (4 bytes), the flags (u32: bit 0 hash-based, bit 1 check
//! the source), then either the source's mtime and size (two u32) or an 8-byte keyed hash
//! of the source.
//!
//! pyrs adds a trailer after the code object: an 8-byte checksum of the header and the
//! code (see [`CHECK_LEN`] and `integrity_check`), so that a damaged file (a flipped byte in the
//! instructions, a torn write) is found and rebuilt instead of run. Readers of the
//! marshalled data alone (`marshal.loads(data[16:])`, as importlib does) ignore it; a
//! file without it (written by `py_compile` through `marshal.dumps`) is read unchecked. The checks and their messages are importlib's (`_classify_pyc`,
//! `_validate_timestamp_pyc`, `_validate_hash_pyc`, `_compile_bytecode`).

use std::fmt;
use std::sync::Arc;

use pyrs_compiler::bytecode::{CodeConstant, CodeObject};

use crate::error::MarshalError;
use crate::read::loads_prefix;
use crate::siphash::source_hash_with_key;
use crate::text::{repr_bytes, repr_str};
use crate::value::MarshalValue;
use crate::write::dumps_code;

/// pyrs's magic number: 7311 little-endian, then `\r\n`. CPython's magic numbers are
/// 20121..=62211 for 1.x and 2.x and 3000..=3600-odd for 3.x, so no CPython ever takes a
/// pyrs .pyc for its own or the reverse. Change it when the code object layout changes
/// in a way [`crate::code::layout_tag`] does not cover.
pub const MAGIC_NUMBER: [u8; 4] = [0x8F, 0x1C, b'\r', b'\n'];

/// The magic number as a little-endian integer (importlib's `_RAW_MAGIC_NUMBER`): the key
/// of [`source_hash`].
pub const RAW_MAGIC_NUMBER: u32 = u32::from_le_bytes(MAGIC_NUMBER);

/// `sys.implementation.cache_tag`.
pub const CACHE_TAG: &str = "pyrs-311";

/// Header flag: the header holds a source hash instead of mtime and size.
pub const FLAG_HASH_BASED: u32 = 0b01;
/// Header flag (hash-based files): check the hash against the source when importing.
pub const FLAG_CHECK_SOURCE: u32 = 0b10;

/// Length of the header.
pub const HEADER_LEN: usize = 16;

/// Length of the integrity trailer that pyrs writes after the code object.
pub const CHECK_LEN: usize = 8;

/// The seed of the trailer's checksum ("pyrs pyc" and the magic number).
const CHECK_SEED: u64 = 0x7079_7273_2070_7963 ^ ((RAW_MAGIC_NUMBER as u64) << 32);

/// The trailer for `data` (header and marshalled code): a checksum over 8-byte words in
/// four interleaved lanes (word `i` goes to lane `i % 4`, so that the lanes' multiplies
/// overlap instead of waiting on one another), each step `(state ^ word) * K` rotated (a
/// bijection of the state for a given word, and of the word for a given state, so that
/// any change confined to one word always changes its lane), the lanes then folded into
/// one state by the same steps (each a bijection of the lane folded in, so a changed
/// lane changes the result), seeded with the length (so that a truncated file does not
/// match), then mixed as MurmurHash3's finalizer does. It guards against damage, not
/// against an adversary (who could write any code into the cache anyway), and costs a
/// fraction of a keyed hash, which matters since every cached import checks it.
fn integrity_check(data: &[u8]) -> [u8; CHECK_LEN] {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let step = |state: u64, word: u64| (state ^ word).wrapping_mul(K).rotate_left(29);
    let word = |bytes: &[u8]| {
        let mut buf = [0u8; 8];
        buf[..bytes.len()].copy_from_slice(bytes);
        u64::from_le_bytes(buf)
    };
    let seed = step(CHECK_SEED, data.len() as u64);
    let mut lanes = [seed, seed ^ 1, seed ^ 2, seed ^ 3];
    let mut blocks = data.chunks_exact(32);
    for block in &mut blocks {
        for (lane, bytes) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            *lane = step(*lane, word(bytes));
        }
    }
    // The tail: whole words, then the last partial word zero-padded, lane by lane.
    for (lane, bytes) in lanes.iter_mut().zip(blocks.remainder().chunks(8)) {
        *lane = step(*lane, word(bytes));
    }
    let mut state = seed;
    for lane in lanes {
        state = step(state, lane);
    }
    state ^= state >> 33;
    state = state.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    state ^= state >> 33;
    state = state.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    state ^= state >> 33;
    state.to_le_bytes()
}

/// Append the trailer to a header and code object.
fn seal(mut data: Vec<u8>) -> Vec<u8> {
    let check = integrity_check(&data);
    data.extend_from_slice(&check);
    data
}

/// How a .pyc is tied to its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PycSource {
    /// The source's mtime and size, each reduced modulo 2**32.
    Timestamp { mtime: u32, size: u32 },
    /// A keyed hash of the source; `check_source` says whether importing checks it.
    Hash {
        source_hash: [u8; 8],
        check_source: bool,
    },
}

/// A validated .pyc header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PycHeader {
    /// The raw flags (0..=3).
    pub flags: u32,
    pub source: PycSource,
}

/// Why a .pyc cannot be used. [`PycError::exception_name`] and [`PycError::message`] give
/// the exception importlib raises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PycError {
    /// `ImportError: bad magic number in 'NAME': b'...'` (the first 4 bytes, or fewer).
    BadMagic { magic: Vec<u8> },
    /// `EOFError: reached EOF while reading pyc header of 'NAME'`
    TruncatedHeader,
    /// `ImportError: invalid flags N in 'NAME'`
    InvalidFlags(u32),
    /// `ImportError: bytecode is stale for 'NAME'`
    Stale,
    /// `ImportError: hash in bytecode doesn't match hash of source 'NAME'`
    HashMismatch,
    /// `ImportError: Non-code object in 'PATH'`
    NotCode,
    /// The marshalled data after the header is bad.
    Marshal(MarshalError),
}

impl PycError {
    /// The name of the Python exception type.
    pub fn exception_name(&self) -> &'static str {
        match self {
            PycError::TruncatedHeader => "EOFError",
            PycError::Marshal(error) => error.exception_name(),
            _ => "ImportError",
        }
    }

    /// The message importlib gives, for module `name` read from `bytecode_path`.
    pub fn message(&self, name: &str, bytecode_path: &str) -> String {
        let name = repr_str(name);
        match self {
            PycError::BadMagic { magic } => {
                format!("bad magic number in {name}: {}", repr_bytes(magic))
            }
            PycError::TruncatedHeader => format!("reached EOF while reading pyc header of {name}"),
            PycError::InvalidFlags(flags) => format!("invalid flags {flags} in {name}"),
            PycError::Stale => format!("bytecode is stale for {name}"),
            PycError::HashMismatch => {
                format!("hash in bytecode doesn't match hash of source {name}")
            }
            PycError::NotCode => format!("Non-code object in {}", repr_str(bytecode_path)),
            PycError::Marshal(error) => error.to_string(),
        }
    }

    /// Whether the file is stale (rebuild it quietly) rather than damaged.
    pub fn is_stale(&self) -> bool {
        matches!(self, PycError::Stale | PycError::HashMismatch)
    }
}

impl fmt::Display for PycError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message("<module>", "<pyc>"))
    }
}

impl std::error::Error for PycError {}

impl From<MarshalError> for PycError {
    fn from(error: MarshalError) -> Self {
        PycError::Marshal(error)
    }
}

/// `importlib.util.source_hash(source)` for pyrs: SipHash-1-3 keyed with
/// [`RAW_MAGIC_NUMBER`], as CPython keys it with its own magic number.
pub fn source_hash(source: &[u8]) -> [u8; 8] {
    source_hash_with_key(RAW_MAGIC_NUMBER as i64, source)
}

fn header(flags: u32, rest: [u8; 8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + 256);
    out.extend_from_slice(&MAGIC_NUMBER);
    out.extend_from_slice(&flags.to_le_bytes());
    out.extend_from_slice(&rest);
    out
}

/// A timestamp-based .pyc (`_code_to_timestamp_pyc`): mtime and size are stored modulo
/// 2**32.
pub fn write_pyc(
    code: &Arc<CodeObject>,
    source_mtime: i64,
    source_size: u64,
) -> Result<Vec<u8>, MarshalError> {
    let mut rest = [0u8; 8];
    rest[..4].copy_from_slice(&(source_mtime as u32).to_le_bytes());
    rest[4..].copy_from_slice(&(source_size as u32).to_le_bytes());
    let mut out = header(0, rest);
    out.extend_from_slice(&dumps_code(code)?);
    Ok(seal(out))
}

/// A hash-based .pyc (`_code_to_hash_pyc`); `checked` sets the check-source flag.
pub fn write_pyc_hash(
    code: &Arc<CodeObject>,
    source_hash: [u8; 8],
    checked: bool,
) -> Result<Vec<u8>, MarshalError> {
    let flags = FLAG_HASH_BASED | if checked { FLAG_CHECK_SOURCE } else { 0 };
    let mut out = header(flags, source_hash);
    out.extend_from_slice(&dumps_code(code)?);
    Ok(seal(out))
}

/// `_classify_pyc`: check the magic number, the length and the flags.
pub fn read_pyc_header(data: &[u8]) -> Result<PycHeader, PycError> {
    let magic = &data[..data.len().min(4)];
    if magic != MAGIC_NUMBER {
        return Err(PycError::BadMagic {
            magic: magic.to_vec(),
        });
    }
    if data.len() < HEADER_LEN {
        return Err(PycError::TruncatedHeader);
    }
    let word = |at: usize| u32::from_le_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]]);
    let flags = word(4);
    if flags & !0b11 != 0 {
        return Err(PycError::InvalidFlags(flags));
    }
    let source = if flags & FLAG_HASH_BASED != 0 {
        let mut source_hash = [0u8; 8];
        source_hash.copy_from_slice(&data[8..16]);
        PycSource::Hash {
            source_hash,
            check_source: flags & FLAG_CHECK_SOURCE != 0,
        }
    } else {
        PycSource::Timestamp {
            mtime: word(8),
            size: word(12),
        }
    };
    Ok(PycHeader { flags, source })
}

/// Read a whole .pyc: the header (not yet checked against the source: see
/// [`validate_timestamp`] and [`validate_hash`]) and the code object. The trailer is
/// checked when present.
pub fn read_pyc(data: &[u8]) -> Result<(PycHeader, Arc<CodeObject>), PycError> {
    let header = read_pyc_header(data)?;
    Ok((header, read_pyc_code(data, false)?))
}

/// The code object of a .pyc whose header was read (or, for running a .pyc, whose magic
/// number was checked): the marshalled data after the header must be a code object,
/// followed by a trailer that matches, or (unless `require_check`) by nothing. The
/// import cache requires the trailer, so that a file cut anywhere is rebuilt.
pub fn read_pyc_code(data: &[u8], require_check: bool) -> Result<Arc<CodeObject>, PycError> {
    let body = data.get(HEADER_LEN..).unwrap_or_default();
    // The fast reader gives the same code as the general one whenever it succeeds; the
    // general one decides the rest (with its errors).
    if let Some((code, used)) = crate::fast::read_code_prefix(body) {
        let rest = &body[used..];
        let end = HEADER_LEN + used;
        let checked = rest.len() == CHECK_LEN && rest == integrity_check(&data[..end]);
        if checked || (!require_check && rest.is_empty()) {
            return Ok(code);
        }
    }
    let (value, used) = loads_prefix(body)?;
    let rest = &body[used..];
    let end = HEADER_LEN + used;
    let checked = rest.len() == CHECK_LEN && rest == integrity_check(&data[..end]);
    if !checked && (require_check || !rest.is_empty()) {
        return Err(PycError::Marshal(MarshalError::Value(
            "bad marshal data (pyc integrity check failed)".into(),
        )));
    }
    match value.resolve() {
        MarshalValue::Code(code) => Ok(code.clone()),
        _ => Err(PycError::NotCode),
    }
}

/// `_validate_timestamp_pyc`: the stored mtime and size (when known) must equal the
/// source's, modulo 2**32. A hash-based header is stale here.
pub fn validate_timestamp(
    header: &PycHeader,
    source_mtime: i64,
    source_size: Option<u64>,
) -> Result<(), PycError> {
    match header.source {
        PycSource::Timestamp { mtime, size } => {
            if mtime != source_mtime as u32 {
                return Err(PycError::Stale);
            }
            if let Some(source_size) = source_size {
                if size != source_size as u32 {
                    return Err(PycError::Stale);
                }
            }
            Ok(())
        }
        PycSource::Hash { .. } => Err(PycError::Stale),
    }
}

/// `_validate_hash_pyc`: the stored hash must equal `source_hash` (see [`source_hash`]).
pub fn validate_hash(header: &PycHeader, source_hash: [u8; 8]) -> Result<(), PycError> {
    match header.source {
        PycSource::Hash {
            source_hash: stored,
            ..
        } if stored == source_hash => Ok(()),
        _ => Err(PycError::HashMismatch),
    }
}

/// `_imp._fix_co_filename`: when `code` was compiled under another file name, the same
/// code with `filename` in it and in every nested code object that had the old name.
pub fn fix_co_filename(code: &Arc<CodeObject>, filename: &str) -> Arc<CodeObject> {
    if &*code.filename == filename {
        return code.clone();
    }
    let old = code.filename.clone();
    rename(code, &old, &filename.into())
}

fn rename(
    code: &Arc<CodeObject>,
    old: &str,
    new: &pyrs_compiler::bytecode::Name,
) -> Arc<CodeObject> {
    if &*code.filename != old {
        return code.clone();
    }
    let mut copy = (**code).clone();
    copy.filename = new.clone();
    for constant in &mut copy.constants {
        if let CodeConstant::Code(inner) = constant {
            *inner = rename(inner, old, new);
        }
    }
    Arc::new(copy)
}
