//! Time reading every .pyc under a directory (the import benchmark's tree, say):
//! `cargo run --release -p pyrs-marshal --example read_bench DIR [fast]`.

use std::time::Instant;

fn collect(dir: &std::path::Path, out: &mut Vec<Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.to_string_lossy().ends_with(".pyrs-311.pyc") {
            if let Ok(data) = std::fs::read(&path) {
                out.push(data);
            }
        }
    }
}

fn main() {
    let dir = std::env::args().nth(1).expect("a directory");
    let mut files = Vec::new();
    collect(std::path::Path::new(&dir), &mut files);
    let total: usize = files.iter().map(Vec::len).sum();
    // `DIR fast`: the fast path only, once (for instruction counts under callgrind).
    let only_fast = std::env::args().nth(2).is_some_and(|a| a == "fast");
    let runs = if only_fast { 1 } else { 20 };
    for (label, fast) in [("fast", true), ("general", false)] {
        if only_fast && !fast {
            continue;
        }
        let mut best = f64::MAX;
        for _ in 0..runs {
            let start = Instant::now();
            for data in &files {
                if fast {
                    pyrs_marshal::read_pyc_code(data, true).expect("reads");
                } else {
                    pyrs_marshal::loads(&data[16..]).expect("reads");
                }
            }
            best = best.min(start.elapsed().as_secs_f64());
        }
        println!(
            "{label}: {} files, {} bytes: {:.2} ms",
            files.len(),
            total,
            best * 1e3
        );
    }
}
