//! Mutation fuzzing of the reading paths that the VM adds to `pyrs-marshal`'s reader:
//! marshal data and .pyc bodies (without their integrity trailer, so that damaged code
//! objects get through to the VM) are read, turned into VM values and code objects
//! (`pyrs_vm::marshal::value_from_marshal`, `eval::new_code_object`), written back with
//! `marshal.dumps`'s writer and read again. Nothing may panic.
//!
//! `vm_fuzz_for_a_while` (ignored) is the long run:
//! `PYC_FUZZ_SECS=600 cargo test -p pyrs --release --test pyc_fuzz -- --ignored`

use std::sync::Arc;

use pyrs_compiler::bytecode::CodeObject;
use pyrs_marshal::MarshalValue;

const SOURCE: &str = r#"
import os
def f(a, *b, c=1, **d):
    def g(x):
        nonlocal a
        a += x
        return a
    try:
        return [g(i) for i in b if i], {k: v for k, v in d.items()}, lambda: c
    except OSError as e:
        raise ValueError(f"{a!r:>10}") from e
    finally:
        del d
class K(object, metaclass=type):
    z = (1, 2.0, 3j, "s", b"b", None, ..., 2**100, frozenset({1}), -0.0)
    def __init__(self, v):
        self.v = v
    async def m(self):
        async with self as q:
            await q
    def gen(self):
        yield from range(self.v)
match os.name:
    case "posix" | "nt": pass
    case {"k": v, **rest}: pass
    case [1, *others]: pass
    case K(v=3): pass
"#;

fn sample_code() -> Arc<CodeObject> {
    pyrs_compiler::compile_source(SOURCE, "sample.py", pyrs_compiler::Mode::Exec, 0)
        .expect("compiles")
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
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const INTERESTING: &[u8] = &[0, 1, 0x7f, 0x80, 0xff, b'r', b'(', b'C', b'N', b'0', 0xe9];

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
                data[at..at + 4].copy_from_slice(&[0xff, 0xff, 0xff, 0x7f]);
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

/// Marshal data seeds (a code object, plain data) and a .pyc without its trailer.
fn seeds() -> Vec<Vec<u8>> {
    let code = sample_code();
    let mut pyc = pyrs_marshal::write_pyc(&code, 1, 2).unwrap();
    pyc.truncate(pyc.len() - pyrs_marshal::CHECK_LEN);
    let shared = MarshalValue::str("shared").shared();
    let data = MarshalValue::List(vec![
        shared.clone(),
        MarshalValue::Dict(vec![(shared, MarshalValue::Code(code.clone()))]),
        MarshalValue::Set(vec![MarshalValue::int(1), MarshalValue::Float(2.5)]),
        MarshalValue::FrozenSet(vec![MarshalValue::Bytes(b"ab".to_vec())]),
        MarshalValue::Tuple(vec![MarshalValue::StopIteration, MarshalValue::Ellipsis]),
    ]);
    vec![
        pyrs_marshal::dumps_code(&code).unwrap(),
        pyc,
        pyrs_marshal::dumps(&data, 4).unwrap(),
        pyrs_marshal::dumps(&data, 2).unwrap(),
    ]
}

fn fuzz(iterations: u64, deadline: Option<std::time::Instant>, seed: u64) -> u64 {
    let vm = pyrs_vm::Vm::new(pyrs_vm::Config::default());
    let seeds = seeds();
    let mut rng = Rng(seed | 1);
    let mut done = 0;
    let in_time = || deadline.is_none_or(|d| std::time::Instant::now() < d);
    while done < iterations && in_time() {
        let mut data = seeds[rng.below(seeds.len())].clone();
        for _ in 0..1 + rng.below(8) {
            mutate(&mut rng, &mut data);
            if let Ok(code) = pyrs_marshal::read_pyc_code(&data, false) {
                let _ = pyrs_vm::eval::new_code_object(&vm, code);
            }
            if let Ok(value) = pyrs_marshal::loads(&data) {
                if let Ok(v) = pyrs_vm::marshal::value_from_marshal(&vm, &value) {
                    // What the VM read, it writes, and reads back.
                    let bytes = pyrs_vm::marshal::dumps_value(&vm, &v, 4)
                        .unwrap_or_else(|_| panic!("a value read writes: {value:?}"));
                    let again = pyrs_marshal::loads(&bytes).expect("written bytes read");
                    pyrs_vm::marshal::value_from_marshal(&vm, &again).expect("and convert");
                }
            }
        }
        done += 1;
    }
    done
}

/// Run on a thread with a big stack, as the `pyrs` binary runs the interpreter.
fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .expect("no panic")
}

#[test]
fn vm_reads_mutated_marshal_data() {
    let done = on_big_stack(|| fuzz(2000, None, 0x5EED));
    assert_eq!(done, 2000);
}

#[test]
#[ignore]
fn vm_fuzz_for_a_while() {
    let secs: u64 = std::env::var("PYC_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let seed = std::env::var("PYC_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0xF0CC);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    let done = on_big_stack(move || fuzz(u64::MAX, Some(deadline), seed));
    eprintln!("fuzzed {done} inputs in {secs} s");
}
