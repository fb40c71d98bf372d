//! PEP 3147 names: `cache_from_source` and `source_from_cache` give what CPython 3.11's
//! importlib gives with `sys.implementation.cache_tag = 'pyrs-311'` (recorded by hand from
//! python3, `cd /tmp` for the relative paths).

use std::path::Path;

use pyrs_marshal::{cache_from_source, source_from_cache, CACHE_TAG};

fn from_source(path: &str, opt: &str, prefix: Option<&str>) -> String {
    match cache_from_source(Path::new(path), opt, CACHE_TAG, prefix.map(Path::new)) {
        Ok(p) => p.to_string_lossy().into_owned(),
        Err(e) => format!("{}: {e}", e.exception_name()),
    }
}

fn to_source(path: &str, prefix: Option<&str>) -> String {
    match source_from_cache(Path::new(path), prefix.map(Path::new)) {
        Ok(p) => p.to_string_lossy().into_owned(),
        Err(e) => format!("{}: {e}", e.exception_name()),
    }
}

#[test]
fn cache_from_source_without_prefix() {
    let cases = [
        ("foo.py", "", "__pycache__/foo.pyrs-311.pyc"),
        ("/a/b/foo.py", "", "/a/b/__pycache__/foo.pyrs-311.pyc"),
        (
            "/a/b/foo.py",
            "1",
            "/a/b/__pycache__/foo.pyrs-311.opt-1.pyc",
        ),
        (
            "/a/b/foo.py",
            "2",
            "/a/b/__pycache__/foo.pyrs-311.opt-2.pyc",
        ),
        (
            "a/b.c/foo.bar.py",
            "",
            "a/b.c/__pycache__/foo.bar.pyrs-311.pyc",
        ),
        ("foo", "", "__pycache__/foopyrs-311.pyc"),
        (".bashrc", "", "__pycache__/bashrc.pyrs-311.pyc"),
        ("/a/b/", "", "/a/b/__pycache__/pyrs-311.pyc"),
        ("/a//b//foo.py", "", "/a//b/__pycache__/foo.pyrs-311.pyc"),
        (
            "/a/b/foo.py",
            "a-b",
            "ValueError: 'a-b' is not alphanumeric",
        ),
        (
            "/a/b/foo.py",
            "x y",
            "ValueError: 'x y' is not alphanumeric",
        ),
        (
            "/a/b/foo.py",
            "é1",
            "/a/b/__pycache__/foo.pyrs-311.opt-é1.pyc",
        ),
    ];
    for (path, opt, expected) in cases {
        assert_eq!(from_source(path, opt, None), expected, "{path} {opt}");
    }
}

#[test]
fn cache_from_source_with_prefix() {
    let cwd = std::env::current_dir().unwrap();
    let cwd = cwd.to_string_lossy();
    let cwd = cwd.trim_start_matches('/');
    for prefix in ["/cache", "/cache/"] {
        let cases = [
            ("foo.py", "", format!("/cache/{cwd}/foo.pyrs-311.pyc")),
            ("/a/b/foo.py", "", "/cache/a/b/foo.pyrs-311.pyc".to_string()),
            (
                "/a/b/foo.py",
                "1",
                "/cache/a/b/foo.pyrs-311.opt-1.pyc".to_string(),
            ),
            (
                "a/b.c/foo.bar.py",
                "",
                format!("/cache/{cwd}/a/b.c/foo.bar.pyrs-311.pyc"),
            ),
            ("/a/b/", "", "/cache/a/b/pyrs-311.pyc".to_string()),
            (
                "/a//b//foo.py",
                "",
                "/cache/a//b/foo.pyrs-311.pyc".to_string(),
            ),
            (
                "/a/b/foo.py",
                "a-b",
                "ValueError: 'a-b' is not alphanumeric".to_string(),
            ),
        ];
        for (path, opt, expected) in cases {
            assert_eq!(
                from_source(path, opt, Some(prefix)),
                expected,
                "{path} {opt}"
            );
        }
    }
    assert_eq!(
        from_source("/a/b/foo.py", "", Some("rel")),
        "rel/a/b/foo.pyrs-311.pyc"
    );
}

#[test]
fn source_from_cache_as_importlib() {
    let common = [
        ("/a/b/__pycache__/foo.pyrs-311.pyc", "/a/b/foo.py"),
        ("/a/b/__pycache__/foo.pyrs-311.opt-1.pyc", "/a/b/foo.py"),
        ("__pycache__/foo.x.pyc", "foo.py"),
        (
            "/a/b/foo.pyrs-311.pyc",
            "ValueError: __pycache__ not bottom-level directory in '/a/b/foo.pyrs-311.pyc'",
        ),
        (
            "/a/b/__pycache__/foo.pyc",
            "ValueError: expected only 2 or 3 dots in 'foo.pyc'",
        ),
        (
            "/a/b/__pycache__/foo.a.b.c.d.pyc",
            "ValueError: expected only 2 or 3 dots in 'foo.a.b.c.d.pyc'",
        ),
        (
            "/a/b/__pycache__/foo.a.b.pyc",
            "ValueError: optimization portion of filename does not start with 'opt-'",
        ),
        (
            "/a/b/__pycache__/foo.a.opt-.pyc",
            "ValueError: optimization level 'opt-' is not an alphanumeric value",
        ),
        (
            "/a/b/__pycache__/foo.a.opt-x_y.pyc",
            "ValueError: optimization level 'opt-x_y' is not an alphanumeric value",
        ),
        (
            "/cache/foo.pyrs-311.pyc",
            "ValueError: __pycache__ not bottom-level directory in '/cache/foo.pyrs-311.pyc'",
        ),
        (
            "/cachex/a/foo.pyrs-311.pyc",
            "ValueError: __pycache__ not bottom-level directory in '/cachex/a/foo.pyrs-311.pyc'",
        ),
        (
            "foo.pyc",
            "ValueError: __pycache__ not bottom-level directory in 'foo.pyc'",
        ),
    ];
    for prefix in [None, Some("/cache"), Some("/cache/")] {
        for (path, expected) in common {
            assert_eq!(to_source(path, prefix), expected, "{path} {prefix:?}");
        }
        let in_prefix = to_source("/cache/a/b/foo.pyrs-311.pyc", prefix);
        if prefix.is_some() {
            assert_eq!(in_prefix, "/a/b/foo.py");
        } else {
            assert_eq!(
                in_prefix,
                "ValueError: __pycache__ not bottom-level directory in '/cache/a/b/foo.pyrs-311.pyc'"
            );
        }
    }
}

#[test]
fn round_trip_through_the_cache_name() {
    for opt in ["", "1", "2"] {
        let cached = cache_from_source(Path::new("/x/y/mod.py"), opt, CACHE_TAG, None).unwrap();
        assert_eq!(
            source_from_cache(&cached, None).unwrap(),
            Path::new("/x/y/mod.py")
        );
    }
}
