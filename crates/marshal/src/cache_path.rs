//! PEP 3147/488 names of cached bytecode: importlib's `cache_from_source` and
//! `source_from_cache`, with their rules and errors (POSIX separators).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::text::repr_str;

/// The directory of cached bytecode next to the source.
pub const PYCACHE: &str = "__pycache__";
/// The prefix of the optimization level in a cached file name (`.opt-1`).
pub const OPT_PREFIX: &str = "opt-";
pub const SOURCE_SUFFIX: &str = ".py";
pub const BYTECODE_SUFFIX: &str = ".pyc";

/// A `ValueError` of `cache_from_source` or `source_from_cache`, or the `OSError` of
/// `os.getcwd()` (needed for relative paths under a `pycache_prefix`).
#[derive(Debug)]
pub enum CachePathError {
    /// `ValueError: 'X' is not alphanumeric`
    OptimizationNotAlphanumeric(String),
    /// `ValueError: __pycache__ not bottom-level directory in 'PATH'`
    NotInPycache(String),
    /// `ValueError: expected only 2 or 3 dots in 'NAME'`
    DotCount(String),
    /// `ValueError: optimization portion of filename does not start with 'opt-'`
    OptPrefix,
    /// `ValueError: optimization level 'opt-X' is not an alphanumeric value`
    OptLevelNotAlphanumeric(String),
    /// The current directory could not be found.
    Cwd(std::io::Error),
}

impl CachePathError {
    /// The name of the Python exception type.
    pub fn exception_name(&self) -> &'static str {
        match self {
            CachePathError::Cwd(_) => "OSError",
            _ => "ValueError",
        }
    }
}

impl fmt::Display for CachePathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CachePathError::OptimizationNotAlphanumeric(opt) => {
                write!(f, "{} is not alphanumeric", repr_str(opt))
            }
            CachePathError::NotInPycache(path) => {
                write!(
                    f,
                    "{PYCACHE} not bottom-level directory in {}",
                    repr_str(path)
                )
            }
            CachePathError::DotCount(name) => {
                write!(f, "expected only 2 or 3 dots in {}", repr_str(name))
            }
            CachePathError::OptPrefix => write!(
                f,
                "optimization portion of filename does not start with {}",
                repr_str(OPT_PREFIX)
            ),
            CachePathError::OptLevelNotAlphanumeric(opt) => write!(
                f,
                "optimization level {} is not an alphanumeric value",
                repr_str(opt)
            ),
            CachePathError::Cwd(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for CachePathError {}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Vec<u8> {
    path.to_string_lossy().into_owned().into_bytes()
}

#[cfg(unix)]
fn bytes_path(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn bytes_path(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `_path_split`: split at the last separator.
fn path_split(path: &[u8]) -> (&[u8], &[u8]) {
    match path.iter().rposition(|&b| b == b'/') {
        Some(i) => (&path[..i], &path[i + 1..]),
        None => (&[], path),
    }
}

fn rstrip_sep(part: &[u8]) -> &[u8] {
    let end = part.iter().rposition(|&b| b != b'/').map_or(0, |i| i + 1);
    &part[..end]
}

/// `_path_join` (POSIX): the non-empty parts, each without trailing separators, joined by
/// `/`.
fn path_join(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut first = true;
    for part in parts.iter().filter(|p| !p.is_empty()) {
        if !first {
            out.push(b'/');
        }
        first = false;
        out.extend_from_slice(rstrip_sep(part));
    }
    out
}

/// `str.isalnum()`: non-empty, every character a letter or a digit.
fn is_alnum(s: &str) -> bool {
    !s.is_empty() && s.chars().all(char::is_alphanumeric)
}

/// `importlib.util.cache_from_source(path, optimization=optimization)` with
/// `sys.implementation.cache_tag == cache_tag` and `sys.pycache_prefix ==
/// pycache_prefix`: `dir/__pycache__/name.TAG[.opt-N].pyc`, or under the prefix, the
/// source's absolute directory (made absolute against the current directory) without its
/// leading separator, then `name.TAG[.opt-N].pyc`.
pub fn cache_from_source(
    path: &Path,
    optimization: &str,
    cache_tag: &str,
    pycache_prefix: Option<&Path>,
) -> Result<PathBuf, CachePathError> {
    let path = path_bytes(path);
    let (head, tail) = path_split(&path);
    let (base, sep, rest): (&[u8], &[u8], &[u8]) = match tail.iter().rposition(|&b| b == b'.') {
        Some(i) => (&tail[..i], b".", &tail[i + 1..]),
        None => (&[], &[], tail),
    };
    let mut filename = Vec::new();
    filename.extend_from_slice(if base.is_empty() { rest } else { base });
    filename.extend_from_slice(sep);
    filename.extend_from_slice(cache_tag.as_bytes());
    if !optimization.is_empty() {
        if !is_alnum(optimization) {
            return Err(CachePathError::OptimizationNotAlphanumeric(
                optimization.to_string(),
            ));
        }
        filename.push(b'.');
        filename.extend_from_slice(OPT_PREFIX.as_bytes());
        filename.extend_from_slice(optimization.as_bytes());
    }
    filename.extend_from_slice(BYTECODE_SUFFIX.as_bytes());
    match pycache_prefix {
        Some(prefix) => {
            let mut head = head.to_vec();
            if !head.starts_with(b"/") {
                let cwd = std::env::current_dir().map_err(CachePathError::Cwd)?;
                head = path_join(&[&path_bytes(&cwd), &head]);
            }
            // (A Windows drive is stripped here; POSIX absolute paths have none.)
            let start = head.iter().position(|&b| b != b'/').unwrap_or(head.len());
            let prefix = path_bytes(prefix);
            Ok(bytes_path(path_join(&[&prefix, &head[start..], &filename])))
        }
        None => Ok(bytes_path(path_join(&[
            head,
            PYCACHE.as_bytes(),
            &filename,
        ]))),
    }
}

/// `importlib.util.source_from_cache(path)` with `sys.pycache_prefix == pycache_prefix`.
/// (The cache tag in the name is not checked, as in importlib.)
pub fn source_from_cache(
    path: &Path,
    pycache_prefix: Option<&Path>,
) -> Result<PathBuf, CachePathError> {
    let path = path_bytes(path);
    let (mut head, pycache_filename) = path_split(&path);
    let mut found_in_prefix = false;
    let prefix_bytes = pycache_prefix.map(path_bytes);
    if let Some(prefix) = &prefix_bytes {
        let stripped = rstrip_sep(prefix);
        if head.len() > stripped.len() && head.starts_with(stripped) && head[stripped.len()] == b'/'
        {
            head = &head[stripped.len()..];
            found_in_prefix = true;
        }
    }
    if !found_in_prefix {
        let (parent, pycache) = path_split(head);
        if pycache != PYCACHE.as_bytes() {
            return Err(CachePathError::NotInPycache(lossy(&path)));
        }
        head = parent;
    }
    let dots = pycache_filename.iter().filter(|&&b| b == b'.').count();
    if dots != 2 && dots != 3 {
        return Err(CachePathError::DotCount(lossy(pycache_filename)));
    }
    if dots == 3 {
        // `rsplit('.', 2)[-2]`: between the second-to-last and the last dot.
        let mut parts = pycache_filename.rsplitn(3, |&b| b == b'.');
        parts.next();
        let optimization = lossy(parts.next().unwrap_or_default());
        let Some(level) = optimization.strip_prefix(OPT_PREFIX) else {
            return Err(CachePathError::OptPrefix);
        };
        if !is_alnum(level) {
            return Err(CachePathError::OptLevelNotAlphanumeric(optimization));
        }
    }
    let base_len = pycache_filename
        .iter()
        .position(|&b| b == b'.')
        .unwrap_or(pycache_filename.len());
    let mut source_name = pycache_filename[..base_len].to_vec();
    source_name.extend_from_slice(SOURCE_SUFFIX.as_bytes());
    Ok(bytes_path(path_join(&[head, &source_name])))
}
