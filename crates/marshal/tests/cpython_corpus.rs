//! marshal output and errors compared with CPython 3.11's, recorded by
//! `record_marshal.py` into `data/marshal_corpus.json`.
//!
//! Values: reading CPython's bytes gives the recorded value, and writing what was read
//! (with the sharing that was read) gives CPython's bytes again, for versions 0 to 4.
//! Errors: reading gives CPython's exception type and message.

use num_bigint::BigInt;
use pyrs_marshal::{dumps, loads, MarshalValue};
use pyrs_parser::wtf8::Wtf8Buf;
use serde_json::Value;

fn corpus() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/marshal_corpus.json"
    ))
    .expect("corpus file");
    serde_json::from_str(&text).expect("corpus json")
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn items(tagged: &Value) -> Vec<MarshalValue> {
    tagged["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(untag)
        .collect()
}

/// The value a tagged description stands for.
fn untag(tagged: &Value) -> MarshalValue {
    let f = |key: &str| f64::from_bits(tagged[key].as_u64().expect("bits"));
    match tagged["t"].as_str().expect("tag") {
        "none" => MarshalValue::None,
        "stopiter" => MarshalValue::StopIteration,
        "ellipsis" => MarshalValue::Ellipsis,
        "bool" => MarshalValue::Bool(tagged["v"].as_bool().expect("bool")),
        "int" => MarshalValue::bigint(tagged["v"].as_str().unwrap().parse::<BigInt>().unwrap()),
        "float" => MarshalValue::Float(f("bits")),
        "complex" => MarshalValue::Complex {
            real: f("real"),
            imag: f("imag"),
        },
        "str" => {
            let mut s = Wtf8Buf::new();
            for cp in tagged["cp"].as_array().unwrap() {
                s.push_code_point(cp.as_u64().unwrap() as u32);
            }
            MarshalValue::Str(s)
        }
        "bytes" => MarshalValue::Bytes(unhex(tagged["hex"].as_str().unwrap())),
        "tuple" => MarshalValue::Tuple(items(tagged)),
        "list" => MarshalValue::List(items(tagged)),
        "set" => MarshalValue::Set(items(tagged)),
        "frozenset" => MarshalValue::FrozenSet(items(tagged)),
        "dict" => MarshalValue::Dict(
            tagged["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|pair| (untag(&pair[0]), untag(&pair[1])))
                .collect(),
        ),
        other => panic!("unknown tag {other}"),
    }
}

/// Equality of data, where interned and plain strs are the same str.
fn same(a: &MarshalValue, b: &MarshalValue) -> bool {
    fn plain(v: &MarshalValue) -> MarshalValue {
        match v.resolve() {
            MarshalValue::InternedStr(s) => MarshalValue::Str(s.clone()),
            MarshalValue::Tuple(x) => MarshalValue::Tuple(x.iter().map(plain).collect()),
            MarshalValue::List(x) => MarshalValue::List(x.iter().map(plain).collect()),
            MarshalValue::Set(x) => MarshalValue::Set(x.iter().map(plain).collect()),
            MarshalValue::FrozenSet(x) => MarshalValue::FrozenSet(x.iter().map(plain).collect()),
            MarshalValue::Dict(x) => {
                MarshalValue::Dict(x.iter().map(|(k, v)| (plain(k), plain(v))).collect())
            }
            other => other.clone(),
        }
    }
    plain(a).same_data(&plain(b))
}

#[test]
fn values_read_as_cpython_wrote_them_and_write_back_byte_for_byte() {
    let corpus = corpus();
    let cases = corpus["values"].as_array().unwrap();
    assert!(cases.len() > 500);
    let mut failures = Vec::new();
    for case in cases {
        let expr = case["expr"].as_str().unwrap();
        let version = case["version"].as_i64().unwrap() as i32;
        let expected_hex = case["hex"].as_str().unwrap();
        let bytes = unhex(expected_hex);
        let value = match loads(&bytes) {
            Ok(v) => v,
            Err(e) => {
                failures.push(format!("{expr} v{version}: loads failed: {e}"));
                continue;
            }
        };
        let expected = untag(&case["value"]);
        if !same(&value, &expected) {
            failures.push(format!(
                "{expr} v{version}: read {value:?}, expected {expected:?}"
            ));
        }
        match dumps(&value, version) {
            Ok(out) if hex(&out) == expected_hex => {}
            Ok(out) => failures.push(format!(
                "{expr} v{version}: wrote {}, CPython {expected_hex}",
                hex(&out)
            )),
            Err(e) => failures.push(format!("{expr} v{version}: dumps failed: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn bad_data_raises_cpythons_errors() {
    let corpus = corpus();
    let mut failures = Vec::new();
    for case in corpus["errors"].as_array().unwrap() {
        let input = case["hex"].as_str().unwrap();
        let kind = case["type"].as_str().unwrap();
        let message = case["message"].as_str().unwrap();
        match loads(&unhex(input)) {
            Ok(v) => failures.push(format!("{input}: read {v:?}, CPython {kind}: {message}")),
            Err(e) if e.exception_name() == kind && e.to_string() == message => {}
            Err(e) => failures.push(format!(
                "{}: {}: {e}, CPython {kind}: {message}",
                &input[..input.len().min(40)],
                e.exception_name()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What the VM does when it builds a set or dict from what was read: later duplicates
/// (equal data, here) are dropped, a dict keeping the first key with the last value.
fn dedupe(value: &MarshalValue) -> MarshalValue {
    match value.resolve() {
        MarshalValue::Set(items) => {
            let mut out: Vec<MarshalValue> = Vec::new();
            for item in items {
                if !out.iter().any(|seen| same(seen, item)) {
                    out.push(item.clone());
                }
            }
            MarshalValue::Set(out)
        }
        MarshalValue::Dict(items) => {
            let mut out: Vec<(MarshalValue, MarshalValue)> = Vec::new();
            for (key, item) in items {
                match out.iter_mut().find(|(seen, _)| same(seen, key)) {
                    Some(entry) => entry.1 = item.clone(),
                    None => out.push((key.clone(), item.clone())),
                }
            }
            MarshalValue::Dict(out)
        }
        other => other.clone(),
    }
}

#[test]
fn odd_but_valid_data_reads_as_cpython_reads_it() {
    let corpus = corpus();
    let mut failures = Vec::new();
    for case in corpus["successes"].as_array().unwrap() {
        let input = case["hex"].as_str().unwrap();
        let expected = untag(&case["value"]);
        match loads(&unhex(input)) {
            Ok(v) if same(&dedupe(&v), &expected) => {}
            Ok(v) => failures.push(format!("{input}: read {v:?}, expected {expected:?}")),
            Err(e) => failures.push(format!("{input}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
