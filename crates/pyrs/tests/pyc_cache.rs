//! The bytecode cache as `pyrs` uses it on import: written on the first import with a
//! valid header, reused on the next (no compilation, as `sys._pyrs_compile_count()`
//! shows), rebuilt when the source changes or the file is truncated or damaged, never
//! written under -B, PYTHONDONTWRITEBYTECODE, `sys.dont_write_bytecode` or into a
//! read-only directory, moved by the pycache prefix, hash-based files checked as
//! `--check-hash-based-pycs` says, sourceless modules and concurrent writers.
//!
//! Every child runs with PYTHONDONTWRITEBYTECODE and PYTHONPYCACHEPREFIX removed from its
//! environment (this machine sets the first).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

const PYRS: &str = env!("CARGO_BIN_EXE_pyrs");

const MODULE: &str = "VALUE = 'cached module ok'\n\
def f(x):\n    return [i * x for i in range(3)]\n\
class C:\n    def m(self):\n        return 'method ' + VALUE[:6]\n";

const EXPECTED: &str = "cached module ok [0, 2, 4] method cached";

const IMPORT: &str =
    "import sys, m; print(m.VALUE, m.f(2), m.C().m()); print(sys._pyrs_compile_count())";

/// A scratch directory, removed (made writable first) when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("pyrs-pyc-test-{}-{name}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn write(&self, name: &str, text: &str) {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("dir");
        }
        std::fs::write(path, text).expect("write");
    }

    fn cache(&self) -> PathBuf {
        self.0.join("__pycache__/m.pyrs-311.pyc")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = Command::new("chmod")
            .arg("-R")
            .arg("u+rwx")
            .arg(&self.0)
            .status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(PYRS);
    // -S: the site module's own imports would be compiled and counted too.
    cmd.arg("-S")
        .args(args)
        .current_dir(dir)
        .env_remove("PYTHONDONTWRITEBYTECODE")
        .env_remove("PYTHONPYCACHEPREFIX");
    cmd
}

fn run(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().expect("run pyrs")
}

/// Run `IMPORT`: the module's output must be right; returns the compile count.
fn import_count(dir: &Path, extra: &[&str]) -> u64 {
    let mut args: Vec<&str> = extra.to_vec();
    args.extend(["-c", IMPORT]);
    let out = run(dir, &args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "pyrs {args:?} failed: {stdout}{stderr}"
    );
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some(EXPECTED), "stderr: {stderr}");
    lines
        .next()
        .and_then(|l| l.trim().parse().ok())
        .expect("compile count")
}

fn mtime(path: &Path) -> i64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).expect("stat").mtime()
}

fn set_mtime(path: &Path, seconds: u64) {
    let file = std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open");
    file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
        .expect("set mtime");
}

/// Check a timestamp header against the source file.
fn assert_valid_timestamp_pyc(pyc: &Path, source: &Path) {
    let data = std::fs::read(pyc).expect("cache written");
    let header = pyrs_marshal::read_pyc_header(&data).expect("valid header");
    assert_eq!(header.flags, 0);
    let size = std::fs::metadata(source).unwrap().len();
    pyrs_marshal::validate_timestamp(&header, mtime(source), Some(size)).expect("fresh");
    pyrs_marshal::read_pyc(&data).expect("code object");
}

#[test]
fn written_on_first_import_and_reused() {
    let s = Scratch::new("reuse");
    s.write("m.py", MODULE);
    assert_eq!(import_count(s.path(), &[]), 1);
    assert_valid_timestamp_pyc(&s.cache(), &s.path().join("m.py"));
    let first = std::fs::read(s.cache()).unwrap();
    assert_eq!(import_count(s.path(), &[]), 0);
    assert_eq!(std::fs::read(s.cache()).unwrap(), first, "not rewritten");
    // No temporary files are left behind.
    let entries: Vec<_> = std::fs::read_dir(s.path().join("__pycache__"))
        .unwrap()
        .collect();
    assert_eq!(entries.len(), 1);
    // __file__ and __cached__ are the absolute source and cache paths.
    let out = run(
        s.path(),
        &["-c", "import m; print(m.__file__); print(m.__cached__)"],
    );
    let expected = format!(
        "{}\n{}\n",
        s.path().join("m.py").display(),
        s.cache().display()
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
}

#[test]
fn rebuilt_when_the_source_changes() {
    let s = Scratch::new("stale");
    let source = s.path().join("m.py");
    s.write("m.py", MODULE);
    set_mtime(&source, 1_000_000_000);
    assert_eq!(import_count(s.path(), &[]), 1);
    assert_eq!(import_count(s.path(), &[]), 0);
    // Same size, other mtime.
    set_mtime(&source, 1_000_000_100);
    assert_eq!(import_count(s.path(), &[]), 1);
    assert_valid_timestamp_pyc(&s.cache(), &source);
    assert_eq!(import_count(s.path(), &[]), 0);
    // Same mtime, other size.
    s.write("m.py", &format!("{MODULE}# a comment\n"));
    set_mtime(&source, 1_000_000_100);
    assert_eq!(import_count(s.path(), &[]), 1);
    assert_valid_timestamp_pyc(&s.cache(), &source);
    // New content is what runs.
    s.write("m.py", &MODULE.replace("cached module ok", "changed"));
    let out = run(s.path(), &["-c", "import m; print(m.VALUE)"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "changed\n");
}

#[test]
fn rebuilt_after_truncation_at_every_offset() {
    let s = Scratch::new("truncate");
    s.write("m.py", MODULE);
    assert_eq!(import_count(s.path(), &[]), 1);
    let good = std::fs::read(s.cache()).unwrap();
    for len in 0..good.len() {
        std::fs::write(s.cache(), &good[..len]).unwrap();
        assert_eq!(import_count(s.path(), &[]), 1, "truncated at {len}");
        assert_eq!(std::fs::read(s.cache()).unwrap(), good, "rebuilt at {len}");
    }
}

/// A small deterministic generator (xorshift) for the corruption test.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn rebuilt_after_random_corruption() {
    let s = Scratch::new("corrupt");
    s.write("m.py", MODULE);
    assert_eq!(import_count(s.path(), &[]), 1);
    let good = std::fs::read(s.cache()).unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for trial in 0..150 {
        let mut bad = good.clone();
        // Damage the header on a third of the trials, anywhere on the rest.
        let flips = 1 + rng.next() % 4;
        for _ in 0..flips {
            let at = if trial % 3 == 0 {
                (rng.next() % pyrs_marshal::HEADER_LEN as u64) as usize
            } else {
                (rng.next() % bad.len() as u64) as usize
            };
            bad[at] ^= 1 + (rng.next() % 255) as u8;
        }
        std::fs::write(s.cache(), &bad).unwrap();
        let out = run(s.path(), &["-c", IMPORT]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked") && out.status.code().is_some(),
            "trial {trial}: crash: {stderr}"
        );
        // The header is checked against the source, the rest against the trailer
        // pyrs writes: every damaged file is found and rebuilt.
        assert!(out.status.success(), "trial {trial}: {stderr}");
        let rebuilt = std::fs::read(s.cache()).unwrap();
        assert_eq!(rebuilt, good, "trial {trial}: damage not rebuilt");
    }
}

#[test]
fn not_written_when_bytecode_writing_is_off() {
    let s = Scratch::new("off");
    s.write("m.py", MODULE);
    assert_eq!(import_count(s.path(), &["-B"]), 1);
    assert!(!s.path().join("__pycache__").exists());
    let out = command(s.path(), &["-c", IMPORT])
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!s.path().join("__pycache__").exists());
    let out = run(
        s.path(),
        &[
            "-c",
            "import sys; print(sys.dont_write_bytecode); sys.dont_write_bytecode = True; import m; print(m.__cached__)",
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("False\n{}\n", s.cache().display())
    );
    assert!(!s.path().join("__pycache__").exists());
    // -B still reads an existing cache.
    assert_eq!(import_count(s.path(), &[]), 1);
    assert_eq!(import_count(s.path(), &["-B"]), 0);
}

fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(2) == Some("0"))
        })
        .unwrap_or(false)
}

#[test]
fn read_only_directory_means_no_cache() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let s = Scratch::new("readonly");
    s.write("m.py", MODULE);
    std::fs::set_permissions(s.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let mut cmd = command(s.path(), &["-c", IMPORT]);
    if running_as_root() {
        // root writes anywhere: run as nobody to see a read-only directory.
        cmd.uid(65534).gid(65534);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout, format!("{EXPECTED}\n1\n"));
    assert!(out.stderr.is_empty());
    assert!(!s.path().join("__pycache__").exists());
    // A __pycache__ that is a file, not a directory: no cache either.
    std::fs::set_permissions(s.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    s.write("__pycache__", "not a directory");
    assert_eq!(import_count(s.path(), &[]), 1);
    assert_eq!(import_count(s.path(), &[]), 1);
}

#[test]
fn concurrent_importers_leave_one_valid_file() {
    let s = Scratch::new("concurrent");
    s.write("m.py", MODULE);
    let children: Vec<_> = (0..8)
        .map(|_| {
            command(s.path(), &["-c", IMPORT])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).starts_with(EXPECTED));
    }
    let entries: Vec<_> = std::fs::read_dir(s.path().join("__pycache__"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries, vec![std::ffi::OsString::from("m.pyrs-311.pyc")]);
    assert_valid_timestamp_pyc(&s.cache(), &s.path().join("m.py"));
    assert_eq!(import_count(s.path(), &[]), 0);
}

#[test]
fn pycache_prefix_moves_the_cache() {
    let s = Scratch::new("prefix");
    s.write("m.py", MODULE);
    let prefix = s.path().join("prefix");
    let prefix_text = prefix.to_string_lossy().into_owned();
    let mirrored = prefix
        .join(s.path().strip_prefix("/").unwrap())
        .join("m.pyrs-311.pyc");
    let option = format!("pycache_prefix={prefix_text}");
    assert_eq!(import_count(s.path(), &["-X", &option]), 1);
    assert!(mirrored.is_file(), "{}", mirrored.display());
    assert!(!s.path().join("__pycache__").exists());
    assert_eq!(import_count(s.path(), &["-X", &option]), 0);
    // The environment variable, and sys.pycache_prefix.
    let out = command(
        s.path(),
        &[
            "-c",
            "import sys, m; print(sys.pycache_prefix); print(m.__cached__)",
        ],
    )
    .env("PYTHONPYCACHEPREFIX", &prefix_text)
    .output()
    .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{prefix_text}\n{}\n", mirrored.display())
    );
    // Set at run time.
    let other = s.path().join("other");
    let code = format!(
        "import sys; sys.pycache_prefix = {:?}; import m; print(m.__cached__)",
        other.to_string_lossy()
    );
    let out = run(s.path(), &["-c", &code]);
    let cached = other
        .join(s.path().strip_prefix("/").unwrap())
        .join("m.pyrs-311.pyc");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{}\n", cached.display())
    );
    assert!(cached.is_file());
}

#[test]
fn optimization_levels_have_their_own_files() {
    let s = Scratch::new("opt");
    s.write("m.py", MODULE);
    assert_eq!(import_count(s.path(), &["-O"]), 1);
    assert!(s.path().join("__pycache__/m.pyrs-311.opt-1.pyc").is_file());
    assert_eq!(import_count(s.path(), &["-OO"]), 1);
    assert!(s.path().join("__pycache__/m.pyrs-311.opt-2.pyc").is_file());
    assert!(!s.cache().exists());
    assert_eq!(import_count(s.path(), &["-O"]), 0);
    assert_eq!(import_count(s.path(), &["-OO"]), 0);
    assert_eq!(import_count(s.path(), &[]), 1);
}

fn compile(source: &str, filename: &str) -> Arc<pyrs_compiler::bytecode::CodeObject> {
    pyrs_compiler::compile_source(source, filename, pyrs_compiler::Mode::Exec, 0).expect("compile")
}

fn value_of(dir: &Path, extra: &[&str]) -> (String, u64) {
    let mut args: Vec<&str> = extra.to_vec();
    args.extend([
        "-c",
        "import sys, m; print(m.VALUE); print(sys._pyrs_compile_count())",
    ]);
    let out = run(dir, &args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut lines = stdout.lines();
    let value = lines.next().unwrap_or_default().to_string();
    let count = lines.next().and_then(|l| l.parse().ok()).unwrap_or(99);
    (value, count)
}

#[test]
fn hash_based_pycs() {
    let s = Scratch::new("hash");
    let source_path = s.path().join("m.py");
    let old = "VALUE = 'old'\n";
    let new = "VALUE = 'new'\n";
    std::fs::create_dir_all(s.path().join("__pycache__")).unwrap();
    let write_hash_pyc = |checked: bool| {
        let code = compile(old, &source_path.to_string_lossy());
        let data =
            pyrs_marshal::write_pyc_hash(&code, pyrs_marshal::source_hash(old.as_bytes()), checked)
                .unwrap();
        std::fs::write(s.cache(), data).unwrap();
    };
    // Checked, matching: used.
    s.write("m.py", old);
    write_hash_pyc(true);
    assert_eq!(value_of(s.path(), &[]), ("old".into(), 0));
    // Checked, source changed: rebuilt, still hash-based and checked.
    s.write("m.py", new);
    assert_eq!(value_of(s.path(), &[]), ("new".into(), 1));
    let data = std::fs::read(s.cache()).unwrap();
    let header = pyrs_marshal::read_pyc_header(&data).unwrap();
    assert_eq!(header.flags, 0b11);
    pyrs_marshal::validate_hash(&header, pyrs_marshal::source_hash(new.as_bytes())).unwrap();
    assert_eq!(value_of(s.path(), &[]), ("new".into(), 0));
    // Checked, stale, but never checked: used.
    write_hash_pyc(true);
    assert_eq!(
        value_of(s.path(), &["--check-hash-based-pycs", "never"]),
        ("old".into(), 0)
    );
    // Unchecked and stale: used by default, rebuilt (unchecked) under "always".
    write_hash_pyc(false);
    assert_eq!(value_of(s.path(), &[]), ("old".into(), 0));
    assert_eq!(
        value_of(s.path(), &["--check-hash-based-pycs", "always"]),
        ("new".into(), 1)
    );
    let data = std::fs::read(s.cache()).unwrap();
    assert_eq!(pyrs_marshal::read_pyc_header(&data).unwrap().flags, 0b01);
    assert_eq!(
        value_of(s.path(), &["--check-hash-based-pycs", "always"]),
        ("new".into(), 0)
    );
}

#[test]
fn sourceless_modules_and_packages() {
    let s = Scratch::new("sourceless");
    s.write("m.py", MODULE);
    s.write("pkg/__init__.py", "from . import sub\nNAME = 'pkg'\n");
    s.write("pkg/sub.py", "NAME = 'sub'\n");
    let out = run(s.path(), &["-c", "import m, pkg"]);
    assert!(out.status.success());
    // Move the cached files to the legacy places and remove the sources.
    std::fs::rename(s.cache(), s.path().join("m.pyc")).unwrap();
    std::fs::rename(
        s.path().join("pkg/__pycache__/__init__.pyrs-311.pyc"),
        s.path().join("pkg/__init__.pyc"),
    )
    .unwrap();
    std::fs::rename(
        s.path().join("pkg/__pycache__/sub.pyrs-311.pyc"),
        s.path().join("pkg/sub.pyc"),
    )
    .unwrap();
    std::fs::remove_file(s.path().join("m.py")).unwrap();
    std::fs::remove_file(s.path().join("pkg/__init__.py")).unwrap();
    std::fs::remove_file(s.path().join("pkg/sub.py")).unwrap();
    assert_eq!(import_count(s.path(), &[]), 0);
    let out = run(
        s.path(),
        &[
            "-c",
            "import m, pkg; print(m.__file__ == m.__cached__, m.__file__); print(pkg.NAME, pkg.sub.NAME, pkg.__file__, pkg.__path__)",
        ],
    );
    let dir = s.path().display();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("True {dir}/m.pyc\npkg sub {dir}/pkg/__init__.pyc ['{dir}/pkg']\n")
    );
    // A damaged sourceless file is an error (there is nothing to rebuild from).
    std::fs::write(s.path().join("m.pyc"), b"garbage garbage garbage").unwrap();
    let out = run(s.path(), &["-c", "import m"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .ends_with("ImportError: bad magic number in 'm': b'garb'\n"));
}

#[test]
fn running_a_pyc_file() {
    let s = Scratch::new("run");
    s.write(
        "m.py",
        "import sys\nprint(__name__, __file__, __cached__, sys.argv[1:])\n",
    );
    let out = run(s.path(), &["-c", "import m"]);
    assert!(out.status.success());
    std::fs::copy(s.cache(), s.path().join("prog.pyc")).unwrap();
    let out = run(s.path(), &["prog.pyc", "a", "b"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("__main__ {}/prog.pyc None ['a', 'b']\n", s.path().display())
    );
    // Running a .pyc (or a .py) does not write a cache for it.
    let before = std::fs::read_dir(s.path().join("__pycache__"))
        .unwrap()
        .count();
    let out = run(s.path(), &["m.py"]);
    assert!(out.status.success());
    let after = std::fs::read_dir(s.path().join("__pycache__"))
        .unwrap()
        .count();
    assert_eq!(before, after);
    // Any name works when the file starts with the magic number.
    std::fs::copy(s.cache(), s.path().join("prog")).unwrap();
    let out = run(s.path(), &["prog"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("__main__"));
    // Damage.
    let good = std::fs::read(s.cache()).unwrap();
    std::fs::write(s.path().join("bad.pyc"), &good[..20]).unwrap();
    let out = run(s.path(), &["bad.pyc"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "RuntimeError: Bad code object in .pyc file\n"
    );
}

fn hex_bytes(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

#[test]
fn importlib_bootstrap_external_gets_pyrs_magic_and_writers() {
    // A stand-in for Lib's module (the real one needs _thread and _warnings): import
    // replaces its magic number and .pyc writers when it has run.
    let s = Scratch::new("importlib");
    s.write("importlib/__init__.py", "");
    s.write(
        "importlib/_bootstrap_external.py",
        "MAGIC_NUMBER = (3495).to_bytes(2, 'little') + b'\\r\\n'\n\
         _RAW_MAGIC_NUMBER = int.from_bytes(MAGIC_NUMBER, 'little')\n\
         def _code_to_timestamp_pyc(code, mtime=0, source_size=0):\n    raise AssertionError\n\
         def _code_to_hash_pyc(code, source_hash, checked=True):\n    raise AssertionError\n",
    );
    let script = "import importlib._bootstrap_external as be, _imp\n\
        print(be.MAGIC_NUMBER, be._RAW_MAGIC_NUMBER, _imp.check_hash_based_pycs)\n\
        code = compile(\"X = 5\\nprint('from pyc', X)\\n\", 'gen.py', 'exec')\n\
        print(be._code_to_timestamp_pyc(code, 7, 9).hex())\n\
        h = _imp.source_hash(be._RAW_MAGIC_NUMBER, b'src')\n\
        print(be._code_to_hash_pyc(code, h, False).hex())\n";
    let out = run(
        s.path(),
        &["--check-hash-based-pycs", "always", "-c", script],
    );
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "b'\\x8f\\x1c\\r\\n' {} always",
            pyrs_marshal::RAW_MAGIC_NUMBER
        )
    );
    let timestamp = hex_bytes(lines[1]);
    let (header, _) = pyrs_marshal::read_pyc(&timestamp).expect("a pyrs .pyc");
    assert_eq!(
        header.source,
        pyrs_marshal::PycSource::Timestamp { mtime: 7, size: 9 }
    );
    assert!(pyrs_marshal::read_pyc_code(&timestamp, true).is_ok());
    let hashed = hex_bytes(lines[2]);
    let (header, _) = pyrs_marshal::read_pyc(&hashed).expect("a pyrs .pyc");
    assert_eq!(header.flags, pyrs_marshal::FLAG_HASH_BASED);
    pyrs_marshal::validate_hash(&header, pyrs_marshal::source_hash(b"src")).unwrap();
    // What it wrote runs.
    std::fs::write(s.path().join("gen.pyc"), &timestamp).unwrap();
    let out = run(s.path(), &["gen.pyc"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "from pyc 5\n");
}

#[test]
fn py_compile_and_compileall_from_lib_write_files_pyrs_loads() {
    let s = Scratch::new("compileall");
    s.write("m.py", MODULE);
    s.write("pkg/__init__.py", "from . import sub\n");
    s.write("pkg/sub.py", "NAME = 'sub'\n");
    let probe = run(s.path(), &["-c", "import py_compile, compileall"]);
    if !probe.status.success() {
        // Lib's importlib needs native modules that may not be there yet.
        eprintln!(
            "skipped: Lib's py_compile does not import yet: {}",
            String::from_utf8_lossy(&probe.stderr)
        );
        return;
    }
    let out = run(
        s.path(),
        &[
            "-c",
            "import py_compile, importlib.util as u; print(py_compile.compile('m.py')); \
             print(u.MAGIC_NUMBER, u.cache_from_source('m.py'))",
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "__pycache__/m.pyrs-311.pyc\nb'\\x8f\\x1c\\r\\n' __pycache__/m.pyrs-311.pyc\n"
    );
    assert_valid_timestamp_pyc(&s.cache(), &s.path().join("m.py"));
    assert_eq!(import_count(s.path(), &[]), 0);
    let out = run(s.path(), &["-m", "compileall", "-q", "."]);
    assert!(out.status.success());
    assert!(s.path().join("pkg/__pycache__/sub.pyrs-311.pyc").is_file());
    let out = run(
        s.path(),
        &[
            "-c",
            "import sys, pkg; print(pkg.sub.NAME, sys._pyrs_compile_count())",
        ],
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "sub 0\n");
    // Legacy files beside the sources (-b) import without the sources.
    let out = run(s.path(), &["-m", "compileall", "-q", "-b", "."]);
    assert!(out.status.success());
    std::fs::remove_file(s.path().join("m.py")).unwrap();
    std::fs::remove_dir_all(s.path().join("__pycache__")).unwrap();
    assert_eq!(import_count(s.path(), &[]), 0);
}
