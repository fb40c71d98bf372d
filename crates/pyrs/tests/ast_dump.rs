//! `compile(source, name, mode, ast.PyCF_ONLY_AST)` under pyrs gives the same tree as
//! CPython 3.11: `ast.dump(tree, include_attributes=True)` (as printed by
//! `tests/ast/dump_files.py`, which needs only `_ast`) must be identical for a sample of
//! CPython's Lib files (CPython's side computed live by this machine's python3.11) and for
//! every valid snippet of the parser's snapshot corpus (CPython's dumps recorded in
//! `crates/parser/tests/parser_cases/expected.json`). Compiling such a tree must also give
//! the same code as compiling the source (`tests/ast/round_trip.py`).

use std::path::{Path, PathBuf};
use std::process::Command;

const LIB: &str = "/usr/lib/python3.11";
/// One Lib file in this many is compared.
const SAMPLE_EVERY: usize = 4;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

fn dumper() -> PathBuf {
    repo_root().join("tests/ast/dump_files.py")
}

fn python311() -> Option<String> {
    for candidate in ["/usr/bin/python3.11", "python3.11", "python3"] {
        let ok = Command::new(candidate)
            .args([
                "-c",
                "import sys; sys.exit(sys.version_info[:2] != (3, 11))",
            ])
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return Some(candidate.to_string());
        }
    }
    None
}

/// Run the dumper over `files` with `interpreter`: one output line per file, by path.
fn dump_with(interpreter: &str, files: &[PathBuf]) -> Vec<(String, String)> {
    let out = Command::new(interpreter)
        .arg(dumper())
        .args(files)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("interpreter runs");
    assert!(
        out.status.success(),
        "{interpreter} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let (path, dump) = l.split_once(' ').unwrap_or((l, ""));
            (path.to_string(), dump.to_string())
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
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

fn first_difference(a: &str, b: &str) -> String {
    let i = a
        .bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let lo = i.saturating_sub(80);
    let cut = |s: &str| s.get(lo..(i + 80).min(s.len())).unwrap_or("").to_string();
    format!("pyrs:    ...{}...\ncpython: ...{}...", cut(a), cut(b))
}

#[test]
fn lib_sample_dumps_match_cpython() {
    let Some(python) = python311() else {
        eprintln!("no CPython 3.11 here: skipped");
        return;
    };
    let mut files = Vec::new();
    walk(Path::new(LIB), &mut files);
    files.sort();
    let sample: Vec<PathBuf> = files.into_iter().step_by(SAMPLE_EVERY).collect();
    assert!(sample.len() > 20, "Lib not found at {LIB}");
    let ours = dump_with(env!("CARGO_BIN_EXE_pyrs"), &sample);
    let theirs = dump_with(&python, &sample);
    assert_eq!(ours.len(), theirs.len(), "one line per file");
    let mut bad = Vec::new();
    for ((path, a), (_, b)) in ours.iter().zip(&theirs) {
        if a != b {
            bad.push(format!("{path}:\n{}", first_difference(a, b)));
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {} files differ:\n{}",
        bad.len(),
        sample.len(),
        bad.join("\n")
    );
}

#[test]
fn lib_trees_compile_like_their_source() {
    let mut files = Vec::new();
    walk(Path::new(LIB), &mut files);
    files.sort();
    let sample: Vec<PathBuf> = files.into_iter().step_by(SAMPLE_EVERY).collect();
    if sample.is_empty() {
        eprintln!("no Lib at {LIB}: skipped");
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_pyrs"))
        .arg(repo_root().join("tests/ast/round_trip.py"))
        .args(&sample)
        .output()
        .expect("pyrs runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("bad 0 of"),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn snippet_corpus_dumps_match_cpython() {
    let root = repo_root();
    let text = std::fs::read_to_string(root.join("crates/parser/tests/parser_cases/expected.json"))
        .expect("expected.json is recorded");
    let cases: Vec<serde_json::Value> = serde_json::from_str(&text).expect("valid JSON");
    let dir = std::env::temp_dir().join(format!("pyrs-ast-dump-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut files = Vec::new();
    let mut want = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let Some(dump) = case["dump"].as_str() else {
            continue;
        };
        let source = case["source"].as_str().expect("source");
        let mode = case["mode"].as_str().unwrap_or("exec");
        let path = dir.join(format!("case{i}.{mode}.py"));
        std::fs::write(&path, source).expect("write case");
        files.push(path);
        want.push(dump.to_string());
    }
    assert!(files.len() > 100, "the corpus has its valid snippets");
    let ours = dump_with(env!("CARGO_BIN_EXE_pyrs"), &files);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(ours.len(), want.len(), "one line per snippet");
    let mut bad = Vec::new();
    for ((path, a), b) in ours.iter().zip(&want) {
        if a != b {
            bad.push(format!("{path}:\n{}", first_difference(a, b)));
        }
    }
    assert!(
        bad.is_empty(),
        "{} of {} snippets differ:\n{}",
        bad.len(),
        want.len(),
        bad.join("\n")
    );
}
