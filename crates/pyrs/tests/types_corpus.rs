//! The built-in types corpus: every program in `tests/types/*.py` (many small programs per
//! file, split at `#### name` lines, each with the file's prelude) must print what CPython
//! 3.11 printed, as recorded by `tests/types/record.py` in the matching `.expected` file.
//!
//! Programs pyrs does not pass yet are listed with a reason in
//! `tests/types/known_failures.txt` (`file/case reason`); the test fails when an unlisted
//! program differs or a listed one starts passing. `PYRS_UPDATE_KNOWN_FAILURES=1`
//! rewrites that list from what fails now.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/types")
        .canonicalize()
        .expect("tests/types")
}

/// The prelude and the named programs of a corpus file (the format record.py reads).
fn split_corpus(text: &str) -> (String, Vec<(String, String)>) {
    let mut prelude = String::new();
    let mut cases: Vec<(String, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        if let Some(name) = line.strip_prefix("#### ") {
            cases.push((name.trim().to_string(), String::new()));
        } else if let Some((_, body)) = cases.last_mut() {
            body.push_str(line);
        } else {
            prelude.push_str(line);
        }
    }
    (prelude, cases)
}

struct Case {
    key: String,
    program: String,
    expected: serde_json::Value,
}

fn run(dir: &Path, case: &Case) -> Option<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_pyrs"))
        .arg("-c")
        .arg(&case.program)
        .current_dir(dir)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONIOENCODING", "utf-8")
        .output()
        .expect("start pyrs");
    let mut diffs = Vec::new();
    let status = out.status.code().map(i64::from).unwrap_or(-1);
    if Some(status) != case.expected["status"].as_i64() {
        diffs.push(format!(
            "status: expected {}, got {status}",
            case.expected["status"]
        ));
    }
    for (field, got) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let got = String::from_utf8_lossy(got);
        let want = case.expected[field].as_str().unwrap_or("");
        if want != got {
            diffs.push(format!("{field}:\n--- expected\n{want}\n--- got\n{got}"));
        }
    }
    (!diffs.is_empty()).then(|| diffs.join("\n"))
}

#[test]
fn types_corpus_matches_cpython() {
    let dir = corpus_dir();
    let known: BTreeMap<String, String> = std::fs::read_to_string(dir.join("known_failures.txt"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(char::is_whitespace) {
            Some((k, why)) => (k.to_string(), why.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "py")
                && p.file_name().is_some_and(|n| n != "record.py")
        })
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for file in &files {
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let (prelude, programs) = split_corpus(&std::fs::read_to_string(file).expect("read"));
        let expected_text = std::fs::read_to_string(file.with_extension("expected"))
            .unwrap_or_else(|_| panic!("{stem}: no .expected file; run tests/types/record.py"));
        let expected: serde_json::Value = serde_json::from_str(&expected_text).expect("JSON");
        for (name, body) in programs {
            let want = expected.get(&name).cloned().unwrap_or_else(|| {
                panic!("{stem}/{name}: not recorded; run tests/types/record.py")
            });
            cases.push(Case {
                key: format!("{stem}/{name}"),
                program: format!("{prelude}{body}"),
                expected: want,
            });
        }
    }
    // Run on a few threads: each program is its own process.
    let results: Mutex<Vec<(String, Option<String>)>> = Mutex::new(Vec::new());
    let next = Mutex::new(0usize);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| loop {
                let i = {
                    let mut n = next.lock().unwrap();
                    *n += 1;
                    *n - 1
                };
                let Some(case) = cases.get(i) else { break };
                let r = run(&dir, case);
                results.lock().unwrap().push((case.key.clone(), r));
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by(|a, b| a.0.cmp(&b.0));
    if std::env::var_os("PYRS_UPDATE_KNOWN_FAILURES").is_some() {
        let mut text =
            String::from("# Types-corpus programs pyrs does not pass yet: `file/case reason`.\n");
        for (key, diff) in &results {
            if let Some(d) = diff {
                let why = known.get(key).cloned().unwrap_or_else(|| {
                    let fields: Vec<&str> = d
                        .lines()
                        .filter(|l| {
                            l.starts_with("status:") || l.ends_with(':') && !l.starts_with('-')
                        })
                        .filter_map(|l| l.split(':').next())
                        .collect();
                    format!("differs in {}", fields.join(", "))
                });
                text.push_str(&format!("{key} {why}\n"));
            }
        }
        std::fs::write(dir.join("known_failures.txt"), text).expect("write known failures");
        return;
    }
    let total = results.len();
    let mut failures = Vec::new();
    let mut unexpected_passes = Vec::new();
    for (key, diff) in &results {
        match (diff, known.contains_key(key)) {
            (Some(d), false) => failures.push(format!("{key}\n{d}")),
            (None, true) => unexpected_passes.push(key.clone()),
            _ => {}
        }
    }
    let failing = results.iter().filter(|r| r.1.is_some()).count();
    eprintln!(
        "types corpus: {} of {total} programs match CPython 3.11",
        total - failing
    );
    assert!(
        failures.is_empty(),
        "{} program(s) differ from CPython:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(
        unexpected_passes.is_empty(),
        "these programs now pass: remove them from tests/types/known_failures.txt: {unexpected_passes:?}"
    );
}
