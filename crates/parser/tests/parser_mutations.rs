//! Mutated Lib snippets: eight-line excerpts of CPython's own Lib (read at test time
//! from `/usr/lib/python3.11`, never stored here) with one token deleted, replaced or
//! inserted, kept when CPython 3.11 rejects them. pyrs must raise the same error class
//! and message at the same line and offset for at least `REQUIRED_PERCENT` of them.
//! CPython's answers are computed live by the `python3.11` of this machine; the test
//! passes quietly where there is none.

use std::io::Write;
use std::process::{Command, Stdio};

const REQUIRED_PERCENT: f64 = 97.5;
const CASES: usize = 1500;

const GENERATOR: &str = r#"
import ast, io, json, os, random, sys, tokenize, warnings
warnings.filterwarnings("ignore")
random.seed(20261124)
lib, count = sys.argv[1], int(sys.argv[2])
files = sorted(os.path.join(r, n) for r, _, ns in os.walk(lib) for n in ns if n.endswith(".py"))
extra = ["(", ")", "[", "]", "{", "}", ":", ",", "=", "==", "*", "**", "if", "else", "for",
         "in", "lambda", "yield", "await", "async", "def", "class", "return", "import", "from",
         "as", "not", "and", ".", ";", "'x'", "1", "x", "@", "->", ":=", "del", "pass", "with",
         "try", "except", "match", "case", "f'{'", "f'{x'", "\\", "print", "global"]
cases = []
while files and len(cases) < count:
    try:
        lines = open(random.choice(files), encoding="utf-8").read().split("\n")
    except (OSError, UnicodeDecodeError):
        continue
    if len(lines) < 10:
        continue
    i = random.randrange(len(lines) - 8)
    block = lines[i:i + 8]
    ind = len(block[0]) - len(block[0].lstrip())
    if any(l.strip() and len(l) - len(l.lstrip()) < ind for l in block):
        continue
    chunk = "\n".join(l[ind:] for l in block) + "\n"
    try:
        toks = [t for t in tokenize.generate_tokens(io.StringIO(chunk).readline)
                if t.type not in (tokenize.NL, tokenize.COMMENT, tokenize.ENDMARKER,
                                  tokenize.INDENT, tokenize.DEDENT) and t.string.strip()]
    except Exception:
        continue
    if not toks:
        continue
    t = random.choice(toks)
    (row, col), (erow, ecol) = t.start, t.end
    if row != erow:
        continue
    rows = chunk.split("\n")
    line = rows[row - 1]
    op = random.choice(["del", "ins", "rep"])
    if op == "del":
        rows[row - 1] = line[:col] + line[ecol:]
    elif op == "ins":
        rows[row - 1] = line[:col] + random.choice(extra) + " " + line[col:]
    else:
        rows[row - 1] = line[:col] + random.choice(extra) + line[ecol:]
    source = "\n".join(rows)
    try:
        compile(source, "<m>", "exec", ast.PyCF_ONLY_AST)
        continue
    except SyntaxError as e:
        answer = "%s: %s (%s:%s)" % (type(e).__name__, e.msg, e.lineno, e.offset)
    except Exception:
        continue
    cases.append({"source": source, "answer": answer})
json.dump(cases, sys.stdout)
"#;

#[test]
fn mutated_lib_snippets_fail_as_cpython() {
    let lib = "/usr/lib/python3.11";
    if !std::path::Path::new(lib).is_dir() {
        eprintln!("no {lib}: skipped");
        return;
    }
    let spawned = Command::new("python3.11")
        .args(["-c", GENERATOR, lib, &CASES.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn();
    let Ok(child) = spawned else {
        eprintln!("no python3.11: skipped");
        return;
    };
    let output = child.wait_with_output().expect("python3.11 runs");
    let cases: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the generator prints JSON");
    let cases = cases.as_array().cloned().unwrap_or_default();
    assert!(cases.len() >= CASES / 2, "too few cases generated");
    // Parse on a thread with a roomy stack, as the pyrs command does.
    let report = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let mut matched = 0;
            let mut mismatches = Vec::new();
            for case in &cases {
                let source = case["source"].as_str().unwrap_or("");
                let want = case["answer"].as_str().unwrap_or("");
                let got = match pyrs_parser::parse_file_bytes(source.as_bytes(), "<m>") {
                    Ok(_) => "no error".to_string(),
                    Err(e) => format!("{}: {} ({}:{})", e.kind.name(), e.msg, e.lineno, e.offset),
                };
                if got == want {
                    matched += 1;
                } else {
                    mismatches.push(format!("{source:?}\n  cpython: {want}\n  pyrs:    {got}"));
                }
            }
            (matched, cases.len(), mismatches)
        })
        .expect("spawn")
        .join()
        .expect("no panic");
    let (matched, total, mismatches) = report;
    let percent = 100.0 * matched as f64 / total.max(1) as f64;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", mismatches.join("\n"));
    let _ = writeln!(
        err,
        "mutated Lib snippets: {matched} of {total} match CPython 3.11 ({percent:.1}%)"
    );
    assert!(
        percent >= REQUIRED_PERCENT,
        "match rate {percent:.1}% is below {REQUIRED_PERCENT}%"
    );
}
