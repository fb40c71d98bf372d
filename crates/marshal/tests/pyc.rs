//! .pyc files: headers as PEP 552 lays them out, importlib's checks and messages, the
//! source hash, and code objects compiled from real source surviving a round trip.

use std::sync::Arc;

use pyrs_compiler::{compile_source, CodeObject, Mode};
use pyrs_marshal::*;

fn compile(source: &str) -> Arc<CodeObject> {
    compile_source(source, "<test>", Mode::Exec, 0).expect("compiles")
}

const SAMPLE: &str = r#"
import sys
from os import path as p
X = (1, 2.5, 3j, 'text', b'bytes', None, True, ..., 10**30, -7, frozenset({1, 2}))
def f(a, b=2, /, c=3, *args, d, e=5, **kw):
    x = [i * a for i in range(b) if i]
    def g():
        nonlocal x
        return x, a, '\ud800'
    try:
        return g()
    except (ValueError, TypeError) as exc:
        raise RuntimeError('bad') from exc
    finally:
        del x
class C(Base := object):
    attr: int = 1
    def method(self):
        return super().method()
async def co():
    async with ctx() as c:
        await c
for k, v in {'a': 1}.items():
    print(f"{k!r:>10} {v}")
"#;

#[test]
fn magic_number_is_pyrs_own() {
    assert_eq!(&MAGIC_NUMBER[2..], b"\r\n");
    let number = u16::from_le_bytes([MAGIC_NUMBER[0], MAGIC_NUMBER[1]]);
    // CPython: 20121..=62211 for 1.x/2.x, 3000..~3700 for 3.x.
    assert!(!(3000..=4000).contains(&number) && !(20000..=63000).contains(&number));
    assert_eq!(RAW_MAGIC_NUMBER, u32::from_le_bytes(MAGIC_NUMBER));
}

#[test]
fn timestamp_pyc_round_trip_and_staleness() {
    let code = compile(SAMPLE);
    let data = write_pyc(&code, 1_700_000_000, 1234).unwrap();
    assert_eq!(&data[..4], &MAGIC_NUMBER);
    assert_eq!(&data[4..8], &[0, 0, 0, 0]);
    assert_eq!(&data[8..12], &1_700_000_000u32.to_le_bytes());
    assert_eq!(&data[12..16], &1234u32.to_le_bytes());
    let (header, read) = read_pyc(&data).unwrap();
    assert_eq!(read, code);
    assert_eq!(
        header.source,
        PycSource::Timestamp {
            mtime: 1_700_000_000,
            size: 1234
        }
    );
    assert!(validate_timestamp(&header, 1_700_000_000, Some(1234)).is_ok());
    assert!(validate_timestamp(&header, 1_700_000_000, None).is_ok());
    // Modulo 2**32, as importlib compares.
    assert!(validate_timestamp(&header, 1_700_000_000 + (1 << 32), Some(1234 + (1 << 32))).is_ok());
    let stale = validate_timestamp(&header, 1_700_000_001, Some(1234)).unwrap_err();
    assert_eq!(stale, PycError::Stale);
    assert_eq!(
        stale.message("pkg.mod", "x.pyc"),
        "bytecode is stale for 'pkg.mod'"
    );
    assert_eq!(stale.exception_name(), "ImportError");
    assert!(stale.is_stale());
    assert_eq!(
        validate_timestamp(&header, 1_700_000_000, Some(1)),
        Err(PycError::Stale)
    );
    // Negative mtimes wrap like Python's `& 0xFFFFFFFF`.
    let data = write_pyc(&code, -1, 0).unwrap();
    assert_eq!(&data[8..12], &[0xff; 4]);
}

#[test]
fn hash_pyc_round_trip() {
    let code = compile(SAMPLE);
    let hash = source_hash(SAMPLE.as_bytes());
    for checked in [false, true] {
        let data = write_pyc_hash(&code, hash, checked).unwrap();
        assert_eq!(data[4], if checked { 3 } else { 1 });
        assert_eq!(&data[8..16], &hash);
        let (header, read) = read_pyc(&data).unwrap();
        assert_eq!(read, code);
        assert_eq!(
            header.source,
            PycSource::Hash {
                source_hash: hash,
                check_source: checked
            }
        );
        assert!(validate_hash(&header, hash).is_ok());
        let err = validate_hash(&header, source_hash(b"other")).unwrap_err();
        assert_eq!(
            err.message("m", "p"),
            "hash in bytecode doesn't match hash of source 'm'"
        );
        assert_eq!(validate_timestamp(&header, 0, None), Err(PycError::Stale));
    }
}

#[test]
fn source_hash_is_cpythons_keyed_siphash13() {
    // _imp.source_hash(key, data).hex() from CPython 3.11.7.
    let cases: [(i64, &[u8], &str); 4] = [
        (3495, b"hello", "0845ef0df2ff9b1e"),
        (0, b"", "2c530c1562a7fbd1"),
        (i64::MAX, b"aaaaaaaaaaaaaaaaaaaa", "2b4caeea7525a0e6"),
        (-1, b"abcdefgh", "8c04dd56f29e538d"),
    ];
    for (key, data, expected) in cases {
        let hash: String = source_hash_with_key(key, data)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hash, expected, "key {key}");
    }
    // importlib.util.source_hash(b'hello') on CPython 3.11 (key 3495 | b'\r\n' << 16).
    let cpython_key = i64::from(u32::from_le_bytes([0xA7, 0x0D, b'\r', b'\n']));
    let hash: String = source_hash_with_key(cpython_key, b"hello")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(hash, "7c360be58bb7a2aa");
    assert_eq!(
        source_hash(b"hello"),
        source_hash_with_key(RAW_MAGIC_NUMBER as i64, b"hello")
    );
}

#[test]
fn header_errors_are_importlibs() {
    let code = compile("x = 1\n");
    let good = write_pyc(&code, 0, 0).unwrap();

    let err = read_pyc(b"\x01\x02").unwrap_err();
    assert_eq!(err.exception_name(), "ImportError");
    assert_eq!(
        err.message("m", "p"),
        r"bad magic number in 'm': b'\x01\x02'"
    );
    // CPython 3.11's magic is rejected.
    let mut cpython = good.clone();
    cpython[..4].copy_from_slice(&[0xA7, 0x0D, b'\r', b'\n']);
    assert_eq!(
        read_pyc(&cpython).unwrap_err().message("m", "p"),
        r"bad magic number in 'm': b'\xa7\r\r\n'"
    );

    // The trailer is checked when present, and may be missing.
    let mut damaged = good.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 1;
    let err = read_pyc(&damaged).unwrap_err();
    assert_eq!(err.exception_name(), "ValueError");
    assert_eq!(
        err.message("m", "p"),
        "bad marshal data (pyc integrity check failed)"
    );
    assert!(read_pyc(&good[..good.len() - CHECK_LEN]).is_ok());
    assert!(read_pyc_code(&good[..good.len() - CHECK_LEN], true).is_err());
    assert!(read_pyc_code(&good[..good.len() - 1], false).is_err());
    assert!(read_pyc_code(&good, true).is_ok());

    let err = read_pyc(&good[..10]).unwrap_err();
    assert_eq!(err, PycError::TruncatedHeader);
    assert_eq!(err.exception_name(), "EOFError");
    assert_eq!(
        err.message("m", "p"),
        "reached EOF while reading pyc header of 'm'"
    );

    let mut flags = good.clone();
    flags[4] = 4;
    let err = read_pyc(&flags).unwrap_err();
    assert_eq!(err.message("m", "p"), "invalid flags 4 in 'm'");

    let mut not_code = good[..16].to_vec();
    not_code.extend_from_slice(b"N");
    let err = read_pyc(&not_code).unwrap_err();
    assert_eq!(
        err.message("m", "/x/m.pyc"),
        "Non-code object in '/x/m.pyc'"
    );

    let err = read_pyc(&good[..16]).unwrap_err();
    assert_eq!(err.exception_name(), "EOFError");
    assert_eq!(err.message("m", "p"), "EOF read where object expected");

    // Flags 2 alone (check_source without hash) is valid and timestamp-based (the
    // edited file is read without its trailer, which covers the header).
    let mut two = good[..good.len() - CHECK_LEN].to_vec();
    two[4] = 2;
    let (header, _) = read_pyc(&two).unwrap();
    assert!(matches!(header.source, PycSource::Timestamp { .. }));
}

#[test]
fn code_of_another_layout_is_bad_data() {
    let code = compile("x = 1\n");
    let mut data = write_pyc(&code, 0, 0).unwrap();
    // The layout tag follows the type code.
    data[17] ^= 0xff;
    let err = read_pyc(&data).unwrap_err();
    assert_eq!(err.exception_name(), "ValueError");
    assert!(err.message("m", "p").contains("another pyrs version"));
}

#[test]
fn code_objects_of_real_source_round_trip() {
    let code = compile(SAMPLE);
    let bytes = dumps_code(&code).unwrap();
    match loads(&bytes).unwrap().resolve() {
        MarshalValue::Code(read) => assert_eq!(read, &code),
        other => panic!("not code: {other:?}"),
    }
    // Names are written once and referenced after.
    let once = bytes
        .windows(b"\x06method".len())
        .filter(|w| w == b"\x06method")
        .count();
    assert_eq!(once, 1);
    // Versions before 3 write no references and still read back.
    for version in 0..=4 {
        let bytes = dumps(&MarshalValue::Code(code.clone()), version).unwrap();
        match loads(&bytes).unwrap().resolve() {
            MarshalValue::Code(read) => assert_eq!(read, &code, "version {version}"),
            other => panic!("not code: {other:?}"),
        }
    }
}

/// Every .py file of CPython's Lib directory that pyrs compiles survives dumps/loads.
#[test]
fn stdlib_code_objects_round_trip() {
    let lib = std::process::Command::new("python3")
        .args(["-c", "import os; print(os.path.dirname(os.__file__))"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string());
    let Some(lib) = lib.filter(|l| !l.is_empty()) else {
        eprintln!("python3 not found: skipped");
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(&lib)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    files.sort();
    let mut checked = 0;
    for file in files {
        let Ok(source) = std::fs::read_to_string(&file) else {
            continue;
        };
        let name = file.to_string_lossy();
        let Ok(code) = compile_source(&source, &name, Mode::Exec, 0) else {
            continue;
        };
        let data = write_pyc(&code, 0, source.len() as u64).unwrap();
        let (_, read) = read_pyc(&data).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(read == code, "{name}: code differs after a round trip");
        // The fast reader takes every file pyrs writes, and agrees with the general one.
        let body = dumps_code(&code).unwrap();
        let (fast, used) =
            fast_read_code(&body).unwrap_or_else(|| panic!("{name}: fast reader gave up"));
        assert_eq!(used, body.len(), "{name}");
        assert!(fast == code, "{name}: fast reader differs");
        let general = match loads(&body).unwrap().resolve() {
            MarshalValue::Code(c) => c.clone(),
            _ => panic!("{name}: not code"),
        };
        assert!(general == fast, "{name}: readers differ");
        checked += 1;
    }
    assert!(checked > 100, "only {checked} files compiled");
}

#[test]
fn fix_co_filename_renames_nested_code() {
    let code = compile("def f():\n    def g(): pass\n");
    let fixed = fix_co_filename(&code, "/new/path.py");
    fn all_named(code: &CodeObject, name: &str) -> bool {
        &*code.filename == name
            && code.constants.iter().all(|c| match c {
                pyrs_compiler::bytecode::CodeConstant::Code(inner) => all_named(inner, name),
                _ => true,
            })
    }
    assert!(all_named(&fixed, "/new/path.py"));
    assert!(Arc::ptr_eq(
        &fix_co_filename(&fixed, "/new/path.py"),
        &fixed
    ));
}

/// The integrity trailer catches any change to a single byte, at every offset of a real
/// file (header, code, trailer), whatever the reader that would otherwise take the code.
#[test]
fn every_single_byte_change_is_refused() {
    let code = compile(SAMPLE);
    let data = write_pyc(&code, 1_700_000_000, 1234).unwrap();
    assert!(read_pyc_code(&data, true).is_ok());
    for offset in 0..data.len() {
        for flip in [0x01u8, 0x80, 0xFF] {
            let mut damaged = data.clone();
            damaged[offset] ^= flip;
            assert!(
                read_pyc_code(&damaged, true).is_err(),
                "offset {offset}, flip {flip:#x} accepted"
            );
        }
    }
    // Two changes in different lanes (words 0 and 1, 4 words apart) are caught too.
    let mut damaged = data.clone();
    damaged[HEADER_LEN] ^= 1;
    damaged[HEADER_LEN + 8] ^= 1;
    assert!(read_pyc_code(&damaged, true).is_err());
    let mut damaged = data;
    damaged[HEADER_LEN] ^= 1;
    damaged[HEADER_LEN + 32] ^= 1;
    assert!(read_pyc_code(&damaged, true).is_err());
}
