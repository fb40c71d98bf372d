//! The compiler-stage cases of the invalid-snippet corpus (`tests/syntax_errors/cases.json`,
//! recorded from CPython 3.11): errors CPython raises after parsing (scopes, `return`
//! outside function, `break` outside loop, ...). pyrs must raise the same class and
//! message at the same line; the match rate may not fall below the floor.

use std::path::Path;

const FLOOR_PERCENT: f64 = 82.0;

#[test]
fn compiler_stage_errors_match_cpython() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/syntax_errors/cases.json");
    let text = std::fs::read_to_string(&path).expect("cases.json");
    let cases: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let mut total = 0;
    let mut matched = 0;
    let mut report = Vec::new();
    for case in cases.as_array().expect("a list of cases") {
        if case["stage"] != "compiler" {
            continue;
        }
        total += 1;
        let source = case["source"].as_str().unwrap_or("");
        let want = format!(
            "{}: {} (line {})",
            case["class"].as_str().unwrap_or(""),
            case["msg"].as_str().unwrap_or(""),
            case["lineno"]
        );
        let got =
            match pyrs_compiler::compile_source(source, "<test>", pyrs_compiler::Mode::Exec, 0) {
                Ok(_) => "no error".to_string(),
                Err(e) => format!("{}: {} (line {})", e.kind.name(), e.msg, e.lineno),
            };
        if got == want {
            matched += 1;
        } else {
            report.push(format!("{source:?}\n  cpython: {want}\n  pyrs:    {got}"));
        }
    }
    let percent = 100.0 * matched as f64 / total.max(1) as f64;
    eprintln!("{}", report.join("\n"));
    eprintln!("compiler errors: {matched} of {total} compiler-stage cases match CPython 3.11 ({percent:.1}%)");
    assert!(
        percent >= FLOOR_PERCENT,
        "match rate {percent:.1}% fell below the floor of {FLOOR_PERCENT}%"
    );
}
