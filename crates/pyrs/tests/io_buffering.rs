//! The standard streams' buffering, which the differential corpus cannot show (it runs
//! with whatever PYTHONUNBUFFERED the environment has): with stdout a pipe and
//! block-buffered, output written with print() reaches the pipe after os-level writes
//! made later, at exit, or when more than a buffer's worth accumulated; under -u and
//! PYTHONUNBUFFERED every write goes through at once. Each case is compared with the
//! CPython 3.11 on this machine when there is one, and with the known answer otherwise.

use std::process::Command;

const ORDER: &str = r#"
import sys, posix
print("a")
posix.write(1, b"b\n")
sys.stdout.write("c\n")
sys.stdout.flush()
posix.write(1, b"d\n")
print("e" * 5000)
posix.write(1, b"f\n")
print("g")
sys.stderr.write("h")
posix.write(2, b"i\n")
sys.stderr.write("j\n")
posix.write(2, b"k\n")
raise SystemExit(2)
"#;

fn run(prog: &str, args: &[&str], unbuffered: bool) -> (i32, String, String) {
    let mut cmd = Command::new(prog);
    cmd.args(args)
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env_remove("PYTHONUNBUFFERED");
    if unbuffered {
        cmd.env("PYTHONUNBUFFERED", "1");
    }
    let out = cmd.output().expect("run interpreter");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn cpython() -> Option<&'static str> {
    ["/usr/bin/python3.11", "python3.11"]
        .into_iter()
        .find(|p| Command::new(p).arg("-c").arg("pass").output().is_ok())
}

fn check(args: &[&str], unbuffered: bool, expected_stdout_head: &str) {
    let pyrs = env!("CARGO_BIN_EXE_pyrs");
    let mut full: Vec<&str> = args.to_vec();
    full.push("-c");
    full.push(ORDER);
    let got = run(pyrs, &full, unbuffered);
    assert!(
        got.1.starts_with(expected_stdout_head),
        "stdout of {args:?} (unbuffered={unbuffered}): {:?}",
        got.1
    );
    if let Some(py) = cpython() {
        let want = run(py, &full, unbuffered);
        assert_eq!(got, want, "{args:?} unbuffered={unbuffered}");
    }
}

#[test]
fn stdout_block_buffered_on_a_pipe() {
    check(&[], false, "b\na\nc\nd\nf\n");
}

#[test]
fn stdout_unbuffered_with_dash_u() {
    check(&["-u"], false, "a\nb\nc\nd\n");
}

#[test]
fn stdout_unbuffered_with_pythonunbuffered() {
    check(&[], true, "a\nb\nc\nd\n");
}
