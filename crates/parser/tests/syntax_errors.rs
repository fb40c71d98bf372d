//! The invalid-snippet corpus (`tests/syntax_errors/cases.json`, recorded from CPython 3.11
//! by `tests/syntax_errors/record.py`): for every error CPython's parser raises, pyrs's
//! parser must raise the same class and message at the same line and offset. The test
//! prints every mismatch and fails when the match rate drops below the floor, which only
//! ever goes up (the goal is 95%).

use std::path::Path;

/// The lowest acceptable share of parser-stage cases matched exactly, in percent.
const FLOOR_PERCENT: f64 = 98.0;

#[test]
fn invalid_snippets_match_cpython() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/syntax_errors/cases.json");
    let text = std::fs::read_to_string(&path).expect("cases.json");
    let cases: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let mut total = 0;
    let mut matched = 0;
    let mut report = Vec::new();
    for case in cases.as_array().expect("a list of cases") {
        if case["stage"] != "parser" {
            continue;
        }
        total += 1;
        let source = case["source"].as_str().unwrap_or("");
        let want = format!(
            "{}: {} ({}:{})",
            case["class"].as_str().unwrap_or(""),
            case["msg"].as_str().unwrap_or(""),
            case["lineno"],
            case["offset"]
        );
        let got = match pyrs_parser::parse_file_bytes(source.as_bytes(), "<test>") {
            Ok(_) => "no error".to_string(),
            Err(e) => format!("{}: {} ({}:{})", e.kind.name(), e.msg, e.lineno, e.offset),
        };
        if got == want {
            matched += 1;
        } else {
            report.push(format!("{source:?}\n  cpython: {want}\n  pyrs:    {got}"));
        }
    }
    let percent = 100.0 * matched as f64 / total.max(1) as f64;
    eprintln!("{}", report.join("\n"));
    eprintln!(
        "syntax errors: {matched} of {total} parser-stage cases match CPython 3.11 ({percent:.1}%)"
    );
    assert!(
        percent >= FLOOR_PERCENT,
        "match rate {percent:.1}% fell below the floor of {FLOOR_PERCENT}%"
    );
}
