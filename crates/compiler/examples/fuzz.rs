//! A mutation fuzzer for the front end and the compiler (stable Rust, no coverage guidance): it takes real
//! Python files as seeds, mutates them (byte flips, token insertions, range deletions and
//! duplications, splices, deep nesting) and feeds each result through `parse_file_bytes`,
//! and compiles what parses, for a given number of seconds. A panic prints the input's path under `fuzz-crashes/`
//! and exits 1; a stack overflow aborts the process (and so also fails).
//!
//! `cargo run --release -p pyrs-compiler --example fuzz -- SECONDS [SEED_DIR]`

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// xorshift64*: a small, fast generator; the fuzzer needs no cryptographic quality.
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

const FRAGMENTS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    ";",
    "\n",
    "    ",
    "\t",
    "\\\n",
    "'",
    "\"",
    "\"\"\"",
    "'''",
    "f'",
    "f\"{",
    "}",
    "{x!r:>{w}}",
    "rb'",
    "=",
    "==",
    ":=",
    "->",
    "**",
    "*",
    "@",
    "lambda",
    "yield",
    "await",
    "async ",
    "def ",
    "class ",
    "if ",
    "else",
    "elif ",
    "try:",
    "except*",
    "finally:",
    "match x:\n case ",
    "case [a, *b]:",
    "with (a as b, c):",
    "import ",
    "from . import ",
    "global ",
    "nonlocal ",
    "return",
    "0x",
    "1_000",
    "1e",
    "1j",
    "0o8",
    "\u{20ac}",
    "\u{00a0}",
    "\u{00e9}",
    "\r",
    "\r\n",
    "# coding: latin-1\n",
    "\u{feff}",
    "\0",
    "\x0c",
    "...",
    "not ",
    " is not ",
    " in ",
    "del ",
    "print 'x'",
    "\\N{",
    "\\x",
    "\\u12",
    "b'\u{e9}'",
];

fn mutate(rng: &mut Rng, input: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    let rounds = 1 + rng.below(8);
    for _ in 0..rounds {
        let len = input.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 => {
                let frag = FRAGMENTS[rng.below(FRAGMENTS.len())].as_bytes();
                let i = rng.below(len + 1);
                input.splice(i..i, frag.iter().copied());
            }
            2 if len > 0 => {
                let a = rng.below(len);
                let b = (a + rng.below(64)).min(len);
                input.drain(a..b);
            }
            3 if len > 0 => {
                let a = rng.below(len);
                let b = (a + rng.below(128)).min(len);
                let chunk = input[a..b].to_vec();
                let i = rng.below(len + 1);
                input.splice(i..i, chunk);
            }
            4 if !seeds.is_empty() => {
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let a = rng.below(other.len());
                    let b = (a + rng.below(256)).min(other.len());
                    let i = rng.below(len + 1);
                    input.splice(i..i, other[a..b].iter().copied());
                }
            }
            5 => {
                let depth = 1 + rng.below(3000);
                let (open, close) = [
                    ("(", ")"),
                    ("[", "]"),
                    ("-", ""),
                    ("not ", ""),
                    ("a.", "b"),
                    ("lambda: ", ""),
                ][rng.below(6)];
                let mut nest = Vec::new();
                for _ in 0..depth {
                    nest.extend_from_slice(open.as_bytes());
                }
                nest.push(b'x');
                for _ in 0..depth {
                    nest.extend_from_slice(close.as_bytes());
                }
                let i = rng.below(len + 1);
                input.splice(i..i, nest);
            }
            6 => {
                let depth = 1 + rng.below(150);
                let mut block = Vec::new();
                for d in 0..depth {
                    block.extend(std::iter::repeat_n(b' ', d));
                    block.extend_from_slice(b"if x:\n");
                }
                block.extend(std::iter::repeat_n(b' ', depth));
                block.extend_from_slice(b"pass\n");
                input.extend(block);
            }
            _ if len > 0 => {
                let i = rng.below(len);
                input[i] = rng.next() as u8;
            }
            _ => {}
        }
    }
}

fn collect_seeds(dir: &Path, out: &mut Vec<Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_seeds(&path, out);
        } else if path.extension().is_some_and(|e| e == "py") {
            if let Ok(bytes) = std::fs::read(&path) {
                if bytes.len() < 20_000 {
                    out.push(bytes);
                }
            }
        }
    }
}

fn main() {
    // Parse on a thread with a big stack, as the pyrs command does.
    let worker = std::thread::Builder::new().stack_size(256 << 20).spawn(run);
    if worker.map(|h| h.join().is_err()).unwrap_or(true) {
        std::process::exit(101);
    }
}

fn run() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed_dir = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "/usr/lib/python3.11".to_string()),
    );
    let mut seeds = Vec::new();
    collect_seeds(&seed_dir, &mut seeds);
    if seeds.is_empty() {
        seeds.push(b"def f(x):\n    return [y for y in x if y]\n".to_vec());
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ std::process::id() as u64);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    std::panic::set_hook(Box::new(|_| {}));
    let mut runs: u64 = 0;
    while Instant::now() < deadline {
        let mut input = seeds[rng.below(seeds.len())].clone();
        mutate(&mut rng, &mut input, &seeds);
        let _ = std::fs::write("fuzz-current.py", &input);
        let result = std::panic::catch_unwind(|| {
            if let Ok((source, module)) = pyrs_parser::parse_file_bytes(&input, "<fuzz>") {
                let _ = pyrs_compiler::compile(
                    &module,
                    &source,
                    "<fuzz>",
                    pyrs_compiler::Mode::Exec,
                    0,
                );
            }
        });
        runs += 1;
        if result.is_err() {
            let _ = std::fs::create_dir_all("fuzz-crashes");
            let path = format!("fuzz-crashes/crash-{runs}.py");
            let _ = std::fs::write(&path, &input);
            eprintln!("panic on input saved as {path} after {runs} runs");
            std::process::exit(1);
        }
    }
    let _ = std::fs::remove_file("fuzz-current.py");
    println!("fuzz: {runs} inputs in {seconds} s without a panic");
}
