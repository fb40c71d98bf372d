//! Parser snapshots recorded from CPython 3.11 (`tests/parser_cases/record.py`): every
//! valid snippet's `ast.dump(..., include_attributes=True)` and every invalid snippet's
//! error class, message, line and offset must be exactly CPython's. The snippets cover
//! each 3.11 construct and the errors people really hit; `valid.py` and `invalid.py` hold
//! them, `expected.json` the recorded answers.

use std::path::Path;

fn load_cases() -> Vec<serde_json::Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/parser_cases/expected.json");
    let text = std::fs::read_to_string(&path).expect("expected.json is recorded");
    let cases: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    cases.as_array().cloned().unwrap_or_default()
}

/// pyrs's answer in the recorded shape: the dump, or `Class: msg (line:offset)`. Modules
/// are parsed from bytes (decoding included), 'eval' and 'single' sources from text.
fn pyrs_answer(source: &str, mode: &str) -> String {
    let parsed = match mode {
        "eval" => pyrs_parser::parse_expression(source, "<snapshot>"),
        "single" => pyrs_parser::parse_interactive(source, "<snapshot>"),
        _ => pyrs_parser::parse_file_bytes(source.as_bytes(), "<snapshot>").map(|(_, m)| m),
    };
    match parsed {
        Ok(module) => pyrs_parser::dump::dump(&module),
        Err(e) => format!("{}: {} ({}:{})", e.kind.name(), e.msg, e.lineno, e.offset),
    }
}

fn expected_answer(case: &serde_json::Value) -> String {
    if let Some(dump) = case["dump"].as_str() {
        return dump.to_string();
    }
    format!(
        "{}: {} ({}:{})",
        case["class"].as_str().unwrap_or(""),
        case["msg"].as_str().unwrap_or(""),
        case["lineno"],
        case["offset"]
    )
}

fn check_group(group: &str) {
    let mut failures = Vec::new();
    let mut total = 0;
    for case in load_cases().iter().filter(|c| c["group"] == group) {
        total += 1;
        let source = case["source"].as_str().unwrap_or("");
        let want = expected_answer(case);
        let got = pyrs_answer(source, case["mode"].as_str().unwrap_or("exec"));
        if got != want {
            let mode = &case["mode"];
            failures.push(format!(
                "{source:?} ({mode})\n  cpython: {want}\n  pyrs:    {got}"
            ));
        }
    }
    assert!(total > 0, "no {group} cases recorded");
    assert!(
        failures.is_empty(),
        "{} of {total} {group} snippets differ from CPython 3.11:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn valid_snippets_dump_as_cpython() {
    check_group("valid");
}

#[test]
fn invalid_snippets_fail_as_cpython() {
    check_group("invalid");
}
