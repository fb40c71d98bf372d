//! Tokenize every `.py` file under a directory and report the files that fail, with the
//! time taken: `cargo run --release -p pyrs-parser --example tokenize_tree -- DIR`.

use std::path::Path;
use std::time::Instant;

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "py") {
            out.push(path);
        }
    }
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/usr/lib/python3.11".to_string());
    let mut files = Vec::new();
    walk(Path::new(&dir), &mut files);
    files.sort();
    let sources: Vec<(String, Vec<u8>)> = files
        .iter()
        .filter_map(|p| Some((p.to_string_lossy().into_owned(), std::fs::read(p).ok()?)))
        .collect();
    let started = Instant::now();
    let mut tokens = 0usize;
    let mut failed = 0usize;
    for (name, bytes) in &sources {
        let text = match pyrs_parser::source::decode(bytes) {
            Ok(text) => text,
            Err(err) => {
                failed += 1;
                println!("{name}: decode: {:?}", err);
                continue;
            }
        };
        let mut tok = pyrs_parser::tokenizer::Tokenizer::new(&text);
        loop {
            match tok.next_token() {
                Ok(t) if t.kind == pyrs_parser::TokenKind::EndMarker => break,
                Ok(_) => tokens += 1,
                Err(err) => {
                    failed += 1;
                    println!(
                        "{name}: {}: {} (line {}, offset {})",
                        err.kind.name(),
                        err.msg,
                        err.lineno,
                        err.offset
                    );
                    break;
                }
            }
        }
    }
    println!(
        "{} files, {tokens} tokens, {failed} failed, {:?}",
        sources.len(),
        started.elapsed()
    );
}
