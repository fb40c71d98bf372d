//! No input makes the reader panic, overflow the stack or allocate wildly, and the writer
//! needs no native recursion: truncated and corrupted .pyc files, arbitrary bytes,
//! CPython's nesting limits on small stacks, and value round trips (proptest).
//!
//! `fuzz_for_a_while` (ignored) is the long mutation fuzzer:
//! `MARSHAL_FUZZ_SECS=600 cargo test -p pyrs-marshal --release --test robustness -- --ignored`

use std::sync::Arc;

use proptest::prelude::*;
use pyrs_compiler::{compile_source, CodeObject, Mode};
use pyrs_marshal::*;
use pyrs_parser::wtf8::Wtf8Buf;

const SOURCE: &str = r#"
import os
def f(a, *b, c=1, **d):
    def g(x):
        return a + x
    try:
        with open(a) as h:
            return [g(i) for i in b if i], {k: v for k, v in d.items()}
    except OSError as e:
        raise ValueError(f"{a!r}") from e
class K:
    z = (1, 2.0, 3j, "s", b"b", None, ..., 2**100, frozenset({1}))
    async def m(self):
        async for q in self:
            yield q
match os.name:
    case "posix" | "nt": pass
    case {"k": v, **rest}: pass
    case [1, *others]: pass
"#;

fn sample_code() -> Arc<CodeObject> {
    compile_source(SOURCE, "sample.py", Mode::Exec, 0).expect("compiles")
}

fn sample_pyc() -> Vec<u8> {
    write_pyc(&sample_code(), 123, 456).unwrap()
}

/// Run `f` on a thread with a small stack: a native recursion per level would overflow.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .expect("no panic or overflow")
}

fn nested(levels: usize, open: &[u8]) -> Vec<u8> {
    let mut data = open.repeat(levels);
    data.push(b'N');
    data
}

#[test]
fn reading_stops_at_cpythons_depth_on_a_small_stack() {
    // The values read are dropped on the small stack too.
    let (ok, too_deep, lists) = on_small_stack(|| {
        let ok = loads(&nested(1999, b")\x01")).is_ok();
        let too_deep = loads(&nested(2000, b")\x01")).unwrap_err();
        let lists = loads(&nested(100_000, b"[\x01\x00\x00\x00")).unwrap_err();
        (ok, too_deep, lists)
    });
    assert!(ok);
    assert_eq!(too_deep.to_string(), "recursion limit exceeded");
    assert_eq!(lists.to_string(), "recursion limit exceeded");
}

fn nest(levels: usize, wrap: fn(MarshalValue) -> MarshalValue) -> MarshalValue {
    let mut value = MarshalValue::None;
    for _ in 0..levels {
        value = wrap(value);
    }
    value
}

#[test]
fn writing_stops_at_cpythons_depth_on_a_small_stack() {
    // CPython 3.11: k+1 nested containers around None write for k = 1998, not 1999.
    let wraps: [fn(MarshalValue) -> MarshalValue; 3] = [
        |v| MarshalValue::List(vec![v]),
        |v| MarshalValue::Tuple(vec![v]),
        |v| MarshalValue::Dict(vec![(MarshalValue::int(1), v)]),
    ];
    for wrap in wraps {
        let results = on_small_stack(move || {
            let ok = dumps(&nest(1999, wrap), 4).map(|b| loads(&b).is_ok());
            let deep = dumps(&nest(2000, wrap), 4);
            (ok, deep.map(|_| ()))
        });
        assert_eq!(results.0, Ok(true));
        assert_eq!(
            results.1.unwrap_err().to_string(),
            "object too deeply nested to marshal"
        );
    }
}

#[test]
fn shared_values_are_written_once() {
    // marshal.dumps(1) == e901000000 (small ints are shared singletons in CPython).
    assert_eq!(
        dumps(&MarshalValue::int(1).shared(), 4).unwrap(),
        b"\xe9\x01\x00\x00\x00"
    );
    assert_eq!(
        dumps(&MarshalValue::int(1000), 4).unwrap(),
        b"i\xe8\x03\x00\x00"
    );
    // x = 'hello world'; marshal.dumps([x, x, (x,)])
    let x = MarshalValue::str("hello world").shared();
    let list = MarshalValue::List(vec![x.clone(), x.clone(), MarshalValue::Tuple(vec![x])]);
    assert_eq!(
        dumps(&list, 4).unwrap(),
        b"[\x03\x00\x00\x00\xfa\x0bhello worldr\x00\x00\x00\x00)\x01r\x00\x00\x00\x00"
    );
    // Below version 3 there are no references: the value is written each time.
    assert_eq!(
        dumps(&list, 2).unwrap(),
        b"[\x03\x00\x00\x00u\x0b\x00\x00\x00hello worldu\x0b\x00\x00\x00hello world(\x01\x00\x00\x00u\x0b\x00\x00\x00hello world"
    );
    // Singletons never take a reference, shared or not.
    assert_eq!(dumps(&MarshalValue::None.shared(), 4).unwrap(), b"N");
}

#[test]
fn truncated_pyc_never_panics() {
    let data = sample_pyc();
    assert!(read_pyc(&data).is_ok());
    for len in 0..data.len() {
        // Cut anywhere, the file is refused where the trailer is required (the import
        // cache); cut exactly before the trailer, it is still a whole code object.
        let cut = &data[..len];
        let strict = read_pyc_header(cut).and_then(|_| read_pyc_code(cut, true));
        assert!(strict.is_err(), "length {len} read");
        assert_eq!(
            read_pyc(cut).is_ok(),
            len == data.len() - CHECK_LEN,
            "length {len}"
        );
        let _ = loads(&data[16.min(len)..len]);
    }
}

/// xorshift64*: deterministic randomness without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const INTERESTING: [u8; 16] = [
    0, 1, 0x7f, 0x80, 0xff, b'(', b')', b'[', b'{', b'0', b'r', b'C', b'l', b'u', 0xED, 0xA0,
];

fn mutate(rng: &mut Rng, data: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(data.len());
        match rng.below(6) {
            0 if !data.is_empty() => data[at] ^= 1 << rng.below(8),
            1 if !data.is_empty() => data[at] = INTERESTING[rng.below(INTERESTING.len())],
            2 => data.insert(at.min(data.len()), rng.next() as u8),
            3 if !data.is_empty() => {
                data.remove(at);
            }
            4 if data.len() > 4 => {
                let at = at.min(data.len() - 4);
                let word = [0xff, 0xff, 0xff, 0x7f];
                data[at..at + 4].copy_from_slice(&word);
            }
            _ => {
                let from = rng.below(data.len());
                let len = rng.below(16).min(data.len() - from.min(data.len()));
                let chunk = data[from..from + len].to_vec();
                let at = at.min(data.len());
                data.splice(at..at, chunk);
            }
        }
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let code = sample_code();
    let mut seeds = vec![
        sample_pyc(),
        write_pyc_hash(&code, source_hash(SOURCE.as_bytes()), true).unwrap(),
    ];
    let x = MarshalValue::str("shared").shared();
    let value = MarshalValue::List(vec![
        x.clone(),
        MarshalValue::Dict(vec![(
            x,
            MarshalValue::bigint(num_bigint::BigInt::from(7).pow(50)),
        )]),
        MarshalValue::FrozenSet(vec![
            MarshalValue::Float(1.5),
            MarshalValue::Bytes(b"ab".to_vec()),
        ]),
        MarshalValue::Str(Wtf8Buf::from("\u{20ac}")),
    ]);
    for version in 0..=4 {
        let mut pyc = sample_pyc()[..16].to_vec();
        pyc.extend(dumps(&value, version).unwrap());
        seeds.push(pyc);
    }
    seeds
}

fn fuzz(iterations: u64, deadline: Option<std::time::Instant>, seed: u64) -> u64 {
    let seeds = seeds();
    let mut rng = Rng(seed | 1);
    let mut done = 0;
    let in_time = || match deadline {
        Some(d) => std::time::Instant::now() < d,
        None => true,
    };
    while done < iterations && in_time() {
        let mut data = seeds[rng.below(seeds.len())].clone();
        for _ in 0..1 + rng.below(8) {
            mutate(&mut rng, &mut data);
            let _ = read_pyc(&data);
            if let Ok(value) = loads(&data[16.min(data.len())..]) {
                // What was read writes and reads back the same.
                let bytes = dumps(&value, 4).expect("a read value writes");
                let again = loads(&bytes).expect("written bytes read");
                assert!(again.same_data(&value) || has_nan(&value));
            }
        }
        done += 1;
    }
    done
}

fn has_nan(value: &MarshalValue) -> bool {
    format!("{value:?}").contains("NaN")
}

#[test]
fn corrupted_pyc_never_panics() {
    fuzz(3000, None, 0x5EED);
}

#[test]
#[ignore]
fn fuzz_for_a_while() {
    let secs: u64 = std::env::var("MARSHAL_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let seed = std::env::var("MARSHAL_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0xF0CC);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    let done = fuzz(u64::MAX, Some(deadline), seed);
    eprintln!("fuzzed {done} inputs in {secs} s");
}

// ---- proptest ----

fn scalar() -> impl Strategy<Value = MarshalValue> {
    prop_oneof![
        Just(MarshalValue::None),
        any::<bool>().prop_map(MarshalValue::Bool),
        Just(MarshalValue::Ellipsis),
        Just(MarshalValue::StopIteration),
        any::<i64>().prop_map(MarshalValue::int),
        any::<i32>().prop_map(|v| MarshalValue::int(v as i64)),
        proptest::collection::vec(any::<u32>(), 0..8).prop_map(|digits| {
            MarshalValue::bigint(num_bigint::BigInt::from_slice(
                num_bigint::Sign::Minus,
                &digits,
            ))
        }),
        any::<f64>().prop_map(MarshalValue::Float),
        (any::<f64>(), any::<f64>()).prop_map(|(real, imag)| MarshalValue::Complex { real, imag }),
        proptest::collection::vec(any::<u8>(), 0..40).prop_map(MarshalValue::Bytes),
        proptest::collection::vec(0u32..0x11_0000, 0..300).prop_map(|cps| {
            let mut s = Wtf8Buf::new();
            for cp in cps {
                s.push_code_point(cp);
            }
            MarshalValue::Str(s)
        }),
        "[a-z_]{0,20}".prop_map(|s| MarshalValue::interned(&s)),
        "[ -~]{0,300}".prop_map(|s| MarshalValue::str(&s)),
    ]
}

fn hashable() -> impl Strategy<Value = MarshalValue> {
    scalar().prop_recursive(3, 20, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(MarshalValue::Tuple),
            proptest::collection::vec(inner, 0..4).prop_map(MarshalValue::FrozenSet),
        ]
    })
}

fn value() -> impl Strategy<Value = MarshalValue> {
    scalar().prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(MarshalValue::Tuple),
            proptest::collection::vec(inner.clone(), 0..6).prop_map(MarshalValue::List),
            proptest::collection::vec((hashable(), inner.clone()), 0..4)
                .prop_map(MarshalValue::Dict),
            proptest::collection::vec(hashable(), 0..4).prop_map(MarshalValue::Set),
            proptest::collection::vec(hashable(), 0..4).prop_map(MarshalValue::FrozenSet),
            inner.prop_map(MarshalValue::shared),
        ]
    })
}

/// The value as read back from a version without interning or references.
fn plain(value: &MarshalValue) -> MarshalValue {
    let all = |items: &[MarshalValue]| items.iter().map(plain).collect::<Vec<_>>();
    match value.resolve() {
        MarshalValue::InternedStr(s) => MarshalValue::Str(s.clone()),
        MarshalValue::Tuple(x) => MarshalValue::Tuple(all(x)),
        MarshalValue::List(x) => MarshalValue::List(all(x)),
        MarshalValue::Set(x) => MarshalValue::Set(all(x)),
        MarshalValue::FrozenSet(x) => MarshalValue::FrozenSet(all(x)),
        MarshalValue::Dict(x) => {
            MarshalValue::Dict(x.iter().map(|(k, v)| (plain(k), plain(v))).collect())
        }
        other => other.clone(),
    }
}

/// Floats as marshal versions 0 and 1 carry them (`%.17g` text: the sign of NaN is lost).
fn text_floats(value: &MarshalValue) -> MarshalValue {
    let fix = |f: f64| if f.is_nan() { f64::NAN } else { f };
    let all = |items: &[MarshalValue]| items.iter().map(text_floats).collect::<Vec<_>>();
    match value {
        MarshalValue::Float(f) => MarshalValue::Float(fix(*f)),
        MarshalValue::Complex { real, imag } => MarshalValue::Complex {
            real: fix(*real),
            imag: fix(*imag),
        },
        MarshalValue::Tuple(x) => MarshalValue::Tuple(all(x)),
        MarshalValue::List(x) => MarshalValue::List(all(x)),
        MarshalValue::Set(x) => MarshalValue::Set(all(x)),
        MarshalValue::FrozenSet(x) => MarshalValue::FrozenSet(all(x)),
        MarshalValue::Dict(x) => MarshalValue::Dict(
            x.iter()
                .map(|(k, v)| (text_floats(k), text_floats(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn values_round_trip(value in value()) {
        let bytes = dumps(&value, 4).unwrap();
        let read = loads(&bytes).unwrap();
        prop_assert!(read.same_data(&value));
        // Sharing is kept: writing what was read gives the same bytes.
        prop_assert_eq!(dumps(&read, 4).unwrap(), bytes);
        for version in 0..4 {
            let bytes = dumps(&value, version).unwrap();
            let read = loads(&bytes).unwrap();
            let expected = if version < 3 { plain(&value) } else { value.clone() };
            if version < 2 {
                prop_assert!(text_floats(&plain(&read)).same_data(&text_floats(&plain(&expected))));
            } else {
                prop_assert!(read.same_data(&expected));
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = loads(&data);
        let _ = read_pyc(&data);
        let mut pyc = MAGIC_NUMBER.to_vec();
        pyc.extend_from_slice(&[0; 12]);
        pyc.extend_from_slice(&data);
        let _ = read_pyc(&pyc);
    }

    #[test]
    fn code_records_with_any_tail_never_panic(cut in 0usize..2000, tail in proptest::collection::vec(any::<u8>(), 0..64)) {
        let mut data = sample_pyc();
        let cut = cut.min(data.len());
        data.truncate(cut);
        data.extend_from_slice(&tail);
        let _ = read_pyc(&data);
    }
}

#[test]
fn loads_prefix_says_how_much_it_read() {
    let (value, used) = loads_prefix(b"\xe9\x01\x00\x00\x00trailing").unwrap();
    assert!(value.same_data(&MarshalValue::int(1)));
    assert_eq!(used, 5);
    let (_, used) = loads_prefix(b"{N)\x00N0N").unwrap();
    assert_eq!(used, 6);
}
