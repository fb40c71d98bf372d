//! Every `.py` file of CPython's Lib (Debian's `/usr/lib/python3.11`, present wherever
//! pyrs runs) parsed by pyrs and by CPython 3.11 itself: the `ast.dump(...,
//! include_attributes=True)` texts must be identical for at least 99.5% of the files, and
//! files CPython rejects must be rejected with the same error class, message and line.
//! CPython's side is computed live, by the `python3.11` of this machine.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const LIB: &str = "/usr/lib/python3.11";
const REQUIRED_PERCENT: f64 = 99.5;

const CPYTHON_DUMPER: &str = r#"
import ast, sys, warnings
warnings.filterwarnings("ignore")
for path in sys.stdin.read().split("\n"):
    if not path:
        continue
    with open(path, "rb") as f:
        data = f.read()
    try:
        out = ast.dump(ast.parse(data), include_attributes=True)
    except SyntaxError as e:
        out = "!!! %s: %s (line %s)" % (type(e).__name__, e.msg, e.lineno)
    except (ValueError, MemoryError, RecursionError) as e:
        out = "!!! %s" % type(e).__name__
    sys.stdout.write("=== " + path + "\n" + out + "\n")
"#;

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

#[test]
fn lib_dumps_match_cpython() {
    let Some(python) = python311() else {
        eprintln!("skipped: no CPython 3.11 on this machine");
        return;
    };
    let mut files = Vec::new();
    walk(Path::new(LIB), &mut files);
    files.sort();
    if files.is_empty() {
        eprintln!("skipped: {LIB} is missing");
        return;
    }
    let listing: String = files.iter().map(|p| format!("{}\n", p.display())).collect();
    let mut child = Command::new(&python)
        .args(["-c", CPYTHON_DUMPER])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start CPython");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(listing.as_bytes())
        .expect("write file list");
    let output = child.wait_with_output().expect("CPython's dumps");
    let text = String::from_utf8_lossy(&output.stdout);
    let mut expected = std::collections::HashMap::new();
    let mut lines = text.split('\n');
    while let Some(line) = lines.next() {
        if let Some(path) = line.strip_prefix("=== ") {
            expected.insert(path.to_string(), lines.next().unwrap_or("").to_string());
        }
    }
    // Parse on a big stack, as the pyrs command does.
    let files_for_thread = files.clone();
    let ours = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            files_for_thread
                .iter()
                .map(|path| {
                    let bytes = std::fs::read(path).unwrap_or_default();
                    match pyrs_parser::parse_file_bytes(&bytes, &path.to_string_lossy()) {
                        Ok((_, module)) => pyrs_parser::dump::dump(&module),
                        Err(e) if e.kind == pyrs_parser::SyntaxErrorKind::MemoryError => {
                            "!!! MemoryError".to_string()
                        }
                        Err(e) => format!("!!! {}: {} (line {})", e.kind.name(), e.msg, e.lineno),
                    }
                })
                .collect::<Vec<String>>()
        })
        .expect("parser thread")
        .join()
        .expect("the parser must not panic");
    let mut matched = 0;
    let mut mismatches = Vec::new();
    for (path, got) in files.iter().zip(&ours) {
        let key = path.to_string_lossy().into_owned();
        match expected.get(&key) {
            Some(want) if want == got => matched += 1,
            Some(want) => {
                let at = want
                    .bytes()
                    .zip(got.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                let from = at.saturating_sub(60);
                mismatches.push(format!(
                    "{key}\n  cpython: {}\n  pyrs:    {}",
                    want.get(from..(at + 60).min(want.len())).unwrap_or(want),
                    got.get(from..(at + 60).min(got.len())).unwrap_or(got)
                ));
            }
            None => mismatches.push(format!("{key}: CPython gave no result")),
        }
    }
    let percent = 100.0 * matched as f64 / files.len() as f64;
    eprintln!("{}", mismatches.join("\n"));
    eprintln!(
        "Lib corpus: {matched} of {} files dump exactly as CPython 3.11 ({percent:.2}%)",
        files.len()
    );
    assert!(
        percent >= REQUIRED_PERCENT,
        "only {percent:.2}% of Lib files match CPython"
    );
}
