//! Parse benchmark: read every file named on standard input, then time decoding and
//! parsing all of them to ASTs (best of `ROUNDS` rounds). Prints `files=N seconds=S`.
//! Driven by `bench/parse_lib.py`, which times CPython's `ast.parse` on the same files.

use std::io::BufRead;
use std::time::Instant;

const ROUNDS: usize = 5;

fn main() {
    let worker = std::thread::Builder::new().stack_size(256 << 20).spawn(run);
    if worker.map(|h| h.join().is_err()).unwrap_or(true) {
        std::process::exit(101);
    }
}

fn run() {
    let sources: Vec<Vec<u8>> = std::io::stdin()
        .lock()
        .lines()
        .map_while(Result::ok)
        .filter_map(|path| std::fs::read(path).ok())
        .collect();
    let mut best = f64::INFINITY;
    let mut parsed = 0;
    for _ in 0..ROUNDS {
        let started = Instant::now();
        parsed = 0;
        for bytes in &sources {
            if pyrs_parser::parse_file_bytes(bytes, "<bench>").is_ok() {
                parsed += 1;
            }
        }
        best = best.min(started.elapsed().as_secs_f64());
    }
    println!("files={} parsed={parsed} seconds={best:.4}", sources.len());
}
