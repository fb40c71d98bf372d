//! The syntax-error report printed for an uncaught SyntaxError, against CPython 3.11's
//! output for the same error fields (recorded with python3 from real files).

use pyrs_parser::{SyntaxError, SyntaxErrorKind};

fn error(kind: SyntaxErrorKind, msg: &str, pos: (u32, i32, u32, i32), text: &str) -> SyntaxError {
    let mut e = SyntaxError::new(msg, pos.0, pos.1, pos.2, pos.3).with_kind(kind);
    e.text = Some(text.to_string());
    e
}

#[test]
fn never_closed_paren_has_one_caret() {
    let e = error(
        SyntaxErrorKind::SyntaxError,
        "'(' was never closed",
        (1, 5, 1, 0),
        "x = (1,\n",
    );
    assert_eq!(e.render("/tmp/se/a.py"), "  File \"/tmp/se/a.py\", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed\n");
}

#[test]
fn range_gets_several_carets_and_indent_is_stripped() {
    let e = error(
        SyntaxErrorKind::SyntaxError,
        "cannot assign to function call",
        (2, 9, 2, 12),
        "    y = f() = 3\n",
    );
    assert_eq!(e.render("b.py"), "  File \"b.py\", line 2\n    y = f() = 3\n        ^^^\nSyntaxError: cannot assign to function call\n");
}

#[test]
fn caret_left_of_stripped_text_is_omitted() {
    let e = error(
        SyntaxErrorKind::IndentationError,
        "unexpected indent",
        (1, 5, 1, 0),
        "    \tz = é + ) \n",
    );
    assert_eq!(
        e.render("c.py"),
        "  File \"c.py\", line 1\n    z = é + ) \nIndentationError: unexpected indent\n"
    );
}

#[test]
fn caret_counts_characters_and_newline_is_added() {
    let e = error(
        SyntaxErrorKind::SyntaxError,
        "invalid character '€' (U+20AC)",
        (2, 19, 2, 19),
        "    a = \"héllo\" + €",
    );
    assert_eq!(
        e.render("d.py"),
        "  File \"d.py\", line 2\n    a = \"héllo\" + €\n                  ^\nSyntaxError: invalid character '€' (U+20AC)\n"
    );
}

#[test]
fn caret_after_end_of_line() {
    let e = error(
        SyntaxErrorKind::SyntaxError,
        "invalid syntax",
        (1, 8, 1, 8),
        "s = 1 +\n",
    );
    assert_eq!(
        e.render("f.py"),
        "  File \"f.py\", line 1\n    s = 1 +\n           ^\nSyntaxError: invalid syntax\n"
    );
}

#[test]
fn no_text_prints_only_the_location() {
    let e = SyntaxError::new("bad", 3, 1, 3, 2);
    assert_eq!(
        e.render("g.py"),
        "  File \"g.py\", line 3\nSyntaxError: bad\n"
    );
}
