//! Deeply nested and very long inputs: the parser answers with CPython 3.11's error (or
//! a tree) and never overflows the stack. Nested input runs on a thread with a 1 MiB
//! stack, smaller than any Rust thread's default: the parser recurses only so deep on
//! its caller's stack and moves deeper input to a big-stack thread of its own. Long flat
//! chains (`x.a.a.a...`, `x + x + ...`) parse without recursion but make deep trees,
//! whose recursive drop is the holder's cost: those run on an 8 MiB stack, a main
//! thread's.

use pyrs_parser::{parse_module, SyntaxErrorKind};

const STACK_BYTES: usize = 1 << 20;

/// The stack of a process's main thread, for the tests that hold very deep trees.
const MAIN_STACK_BYTES: usize = 8 << 20;

/// What happened to one input: `Ok`, or the error class and message.
fn outcome(source: &str) -> String {
    match parse_module(source, "<deep>") {
        Ok(_) => "ok".to_string(),
        Err(e) => format!("{}: {}", e.kind.name(), e.msg),
    }
}

fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    on_stack(STACK_BYTES, f);
}

fn on_stack(bytes: usize, f: impl FnOnce() + Send + 'static) {
    let handle = std::thread::Builder::new()
        .stack_size(bytes)
        .spawn(f)
        .expect("spawn a parser thread");
    assert!(handle.join().is_ok(), "the parser thread crashed");
}

fn repeat(prefix: &str, n: usize, middle: &str, suffix: &str) -> String {
    let mut s = prefix.repeat(n);
    s.push_str(middle);
    s.push_str(&suffix.repeat(n));
    s
}

#[test]
fn deep_unary_and_prefix_chains_are_memory_errors() {
    on_small_stack(|| {
        for (prefix, n) in [
            ("not ", 10_000),
            ("-", 10_000),
            ("~", 10_000),
            ("lambda: ", 10_000),
            ("x if y else ", 10_000),
            ("await ", 10_000),
            ("yield ", 10_000),
            ("*", 10_000),
        ] {
            let source = repeat(prefix, n, "x", "");
            let got = outcome(&source);
            assert!(
                got.starts_with("MemoryError") || got.starts_with("SyntaxError"),
                "{prefix:?} x {n}: {got}"
            );
        }
        let pow = repeat("x ** ", 10_000, "x", "");
        assert_eq!(outcome(&pow), "MemoryError: ");
    });
}

#[test]
fn deep_brackets_stop_at_the_tokenizer_limit() {
    on_small_stack(|| {
        let ok = repeat("(", 199, "1", ")");
        assert_eq!(outcome(&ok), "ok");
        let deep = repeat("[", 10_000, "", "]");
        assert_eq!(outcome(&deep), "SyntaxError: too many nested parentheses");
    });
}

#[test]
fn long_flat_chains_parse() {
    on_stack(MAIN_STACK_BYTES, || {
        for source in [
            repeat("", 0, "x", "") + &".a".repeat(10_000),
            "x".to_string() + &"()".repeat(10_000),
            "x".to_string() + &"[0]".repeat(10_000),
            "x".to_string() + &" + x".repeat(100_000),
            "x".to_string() + &",x".repeat(100_000),
            "x = ".to_string() + &"'a' ".repeat(10_000),
            "x < ".repeat(10_000) + "x",
            "x and ".repeat(10_000) + "x",
            "a = ".repeat(10_000) + "x",
            "@x\n".repeat(10_000) + "def f(): pass\n",
            "f(".to_string() + &"**x,".repeat(10_000) + ")",
        ] {
            assert_eq!(outcome(&source), "ok", "{}", &source[..40]);
        }
    });
}

#[test]
fn deep_patterns_and_fstrings_do_not_crash() {
    on_small_stack(|| {
        let alternatives = "match x:\n case ".to_string() + &"a|".repeat(10_000) + "b: pass\n";
        assert_eq!(outcome(&alternatives), "ok");
        let nested = "match x:\n case ".to_string() + &repeat("[", 150, "", "]") + ": pass\n";
        assert_eq!(outcome(&nested), "ok");
        let fstring = repeat("f'{", 3, "x", "}'");
        assert!(outcome(&fstring).starts_with("SyntaxError"));
    });
}

#[test]
fn deep_indentation_is_an_indentation_error() {
    on_small_stack(|| {
        let mut source = String::from("def f():\n");
        for i in 1..120 {
            source.push_str(&" ".repeat(i));
            source.push_str("if x:\n");
        }
        source.push_str(&" ".repeat(120));
        source.push_str("pass\n");
        let got = parse_module(&source, "<deep>");
        let err = got.err().map(|e| (e.kind, e.msg));
        assert_eq!(
            err,
            Some((
                SyntaxErrorKind::IndentationError,
                "too many levels of indentation".to_string()
            ))
        );
    });
}
