//! Batch mode for comparing trees with CPython: for each file named on standard input
//! (one path a line), print `=== PATH`, then the file's `ast.dump(..., include_attributes=True)`
//! or `!!! ErrorClass: msg (line N, offset O)`. Used by `tools/compare_lib_ast.py`.

use std::io::{BufRead, Write};

fn main() {
    // Parse on a thread with a big stack, as the pyrs command does.
    let worker = std::thread::Builder::new().stack_size(256 << 20).spawn(run);
    if worker.map(|h| h.join().is_err()).unwrap_or(true) {
        std::process::exit(101);
    }
}

fn run() {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in stdin.lock().lines().map_while(Result::ok) {
        let Ok(bytes) = std::fs::read(&line) else {
            continue;
        };
        let _ = writeln!(out, "=== {line}");
        match pyrs_parser::parse_file_bytes(&bytes, &line) {
            Ok((_, module)) => {
                let _ = writeln!(out, "{}", pyrs_parser::dump::dump(&module));
            }
            Err(e) => {
                let _ = writeln!(
                    out,
                    "!!! {}: {} (line {}, offset {})",
                    e.kind.name(),
                    e.msg,
                    e.lineno,
                    e.offset
                );
            }
        }
    }
}
