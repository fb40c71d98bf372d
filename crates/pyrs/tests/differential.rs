//! Differential tests: every case under `tests/py` and `tests/cli` must give the stdout,
//! stderr and exit status that CPython 3.11 gave (recorded by `tests/record.py`).
//!
//! Cases that pyrs cannot pass yet are listed, with the reason, in
//! `tests/known_failures.txt`; the test fails if a listed case starts passing (so the list
//! only shrinks) or if an unlisted case fails. Running the test with
//! `PYRS_UPDATE_KNOWN_FAILURES=1` rewrites that file from what fails now, each line saying
//! which of status, stdout and stderr differ (keep a hand-written reason if you have one).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

struct Outcome {
    status: i64,
    stdout: String,
    stderr: String,
}

fn normalise(text: &[u8], dir: &str, prog: &str) -> String {
    String::from_utf8_lossy(text)
        .replace(dir, "<DIR>")
        .replace(prog, "<PROG>")
}

fn run_case(dir: &Path, name: &str) -> Outcome {
    let prog = env!("CARGO_BIN_EXE_pyrs");
    let mut stdin_bytes = Vec::new();
    let args: Vec<String> = if name.ends_with(".py") {
        vec![name.to_string()]
    } else {
        let text = std::fs::read_to_string(dir.join(name)).expect("args file");
        let stem = name.trim_end_matches(".args");
        if let Ok(bytes) = std::fs::read(dir.join(format!("{stem}.stdin"))) {
            stdin_bytes = bytes;
        }
        shlex::split(&text).expect("valid shell words")
    };
    let mut child = Command::new(prog)
        .args(&args)
        .current_dir(dir)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONIOENCODING", "utf-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pyrs");
    {
        let mut stdin = child.stdin.take().expect("stdin");
        let _ = stdin.write_all(&stdin_bytes);
    }
    let out = child.wait_with_output().expect("wait for pyrs");
    let dir_text = dir.to_string_lossy();
    Outcome {
        status: exit_status(&out.status),
        stdout: normalise(&out.stdout, &dir_text, prog),
        stderr: normalise(&out.stderr, &dir_text, prog),
    }
}

/// The status as Python's subprocess reports it: the exit code, or minus the signal
/// that ended the process.
fn exit_status(status: &std::process::ExitStatus) -> i64 {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(c), _) => i64::from(c),
        (None, Some(sig)) => -i64::from(sig),
        (None, None) => -1,
    }
}

fn known_failures(root: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root.join("tests/known_failures.txt")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(char::is_whitespace) {
            Some((name, why)) => (name.to_string(), why.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

#[test]
fn differential_cases_match_cpython() {
    let root = repo_root();
    let known = known_failures(&root);
    let mut passed = 0;
    let mut failures = Vec::new();
    let mut unexpected_passes = Vec::new();
    let mut total = 0;
    let mut failing_now: Vec<(String, String)> = Vec::new();
    for (sub, suffix) in [("py", ".py"), ("cli", ".args")] {
        let dir = root.join("tests").join(sub);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .expect("case directory")
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .filter(|n| n.ends_with(suffix))
            .collect();
        names.sort();
        for name in names {
            let stem = name.trim_end_matches(suffix).to_string();
            let key = format!("{sub}/{stem}");
            let expected_text = std::fs::read_to_string(dir.join(format!("{stem}.expected")))
                .unwrap_or_else(|_| panic!("{key}: no .expected file; run tests/record.py"));
            let expected: serde_json::Value =
                serde_json::from_str(&expected_text).expect("expected JSON");
            total += 1;
            let got = run_case(&dir, &name);
            let mut diffs = Vec::new();
            if Some(got.status) != expected["status"].as_i64() {
                diffs.push(format!(
                    "status: expected {}, got {}",
                    expected["status"], got.status
                ));
            }
            for (field, value) in [("stdout", &got.stdout), ("stderr", &got.stderr)] {
                let want = expected[field].as_str().unwrap_or("");
                if want != value {
                    diffs.push(format!("{field}:\n--- expected\n{want}\n--- got\n{value}"));
                }
            }
            if !diffs.is_empty() {
                let fields: Vec<&str> = diffs
                    .iter()
                    .map(|d| d.split(':').next().unwrap_or(""))
                    .collect();
                let reason = match known.get(&key) {
                    Some(why) if !why.is_empty() => why.clone(),
                    _ => format!("differs in {}", fields.join(", ")),
                };
                failing_now.push((key.clone(), reason));
            }
            match (diffs.is_empty(), known.contains_key(&key)) {
                (true, false) => passed += 1,
                (true, true) => unexpected_passes.push(key),
                (false, true) => {}
                (false, false) => failures.push(format!("{key}\n{}", diffs.join("\n"))),
            }
        }
    }
    if std::env::var_os("PYRS_UPDATE_KNOWN_FAILURES").is_some() {
        let mut text =
            String::from("# Differential cases pyrs does not pass yet: `case reason`.\n");
        for (key, reason) in &failing_now {
            text.push_str(&format!("{key} {reason}\n"));
        }
        std::fs::write(root.join("tests/known_failures.txt"), text).expect("write known failures");
        return;
    }
    eprintln!(
        "differential: {passed} of {total} cases match CPython 3.11 ({} known failures)",
        known.len()
    );
    assert!(
        failures.is_empty(),
        "{} case(s) differ from CPython:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(
        unexpected_passes.is_empty(),
        "these cases now pass: remove them from tests/known_failures.txt: {unexpected_passes:?}"
    );
}
