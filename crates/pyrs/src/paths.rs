//! Where modules come from: finding CPython 3.11's pure-Python standard library and
//! computing the initial `sys.path`, as CPython's start-up does.

use std::path::{Path, PathBuf};

use crate::cli::{Options, Program};

/// The places the standard library was looked for, in order, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StdlibSearch {
    pub found: Option<PathBuf>,
    pub tried: Vec<String>,
}

/// Find CPython 3.11's `Lib`: `$PYRSLIB` (unless `-E`/`-I`), then a `pyrs.cfg` beside the
/// executable with a line `stdlib = DIR`, then `<exe>/../lib/python3.11`, then Debian's
/// `/usr/lib/python3.11`. A directory counts only if it holds `os.py`.
pub fn find_stdlib(
    opts: &Options,
    env: &dyn Fn(&str) -> Option<String>,
    exe: Option<&Path>,
) -> StdlibSearch {
    let mut tried = Vec::new();
    let mut candidates: Vec<PathBuf> = Vec::new();
    if !opts.ignore_environment {
        match env("PYRSLIB").filter(|v| !v.is_empty()) {
            Some(dir) => candidates.push(PathBuf::from(dir)),
            None => tried.push("$PYRSLIB (not set)".to_string()),
        }
    }
    if let Some(exe_dir) = exe.and_then(Path::parent) {
        let cfg = exe_dir.join("pyrs.cfg");
        if let Ok(text) = std::fs::read_to_string(&cfg) {
            for line in text.lines() {
                if let Some((key, value)) = line.split_once('=') {
                    if key.trim() == "stdlib" {
                        candidates.push(PathBuf::from(value.trim()));
                    }
                }
            }
        }
        if let Some(prefix) = exe_dir.parent() {
            candidates.push(prefix.join("lib/python3.11"));
        }
    }
    candidates.push(PathBuf::from("/usr/lib/python3.11"));
    for dir in candidates {
        if dir.join("os.py").is_file() {
            return StdlibSearch {
                found: Some(dir),
                tried,
            };
        }
        tried.push(dir.to_string_lossy().into_owned());
    }
    StdlibSearch { found: None, tried }
}

/// The initial `sys.path`: the script's directory (or `''` for `-c`, `-m` and standard
/// input) unless `-P`/`-I`, then `PYTHONPATH` (unless `-E`), then the standard library.
/// The `site` module adds site-packages later, as in CPython.
pub fn initial_sys_path(
    opts: &Options,
    env: &dyn Fn(&str) -> Option<String>,
    stdlib: Option<&Path>,
) -> Vec<String> {
    let mut path = Vec::new();
    if !opts.safe_path {
        match &opts.program {
            Program::Script(script) => {
                let dir = Path::new(script)
                    .parent()
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or_default();
                path.push(absolute(&dir));
            }
            Program::Module(_) => path.push(absolute("")),
            Program::Command(_) | Program::Stdin => path.push(String::new()),
        }
    }
    if !opts.ignore_environment {
        if let Some(pythonpath) = env("PYTHONPATH") {
            path.extend(
                pythonpath
                    .split(':')
                    .filter(|p| !p.is_empty())
                    .map(String::from),
            );
        }
    }
    if let Some(lib) = stdlib {
        // CPython lists `<prefix>/lib/python311.zip` whether or not it exists.
        if let Some(libdir) = lib.parent().filter(|d| d.parent().is_some()) {
            path.push(libdir.join("python311.zip").to_string_lossy().into_owned());
        }
        path.push(lib.to_string_lossy().into_owned());
        let dynload = lib.join("lib-dynload");
        if dynload.is_dir() {
            path.push(dynload.to_string_lossy().into_owned());
        }
    }
    path
}

/// A directory made absolute against the current directory (`''` means the current one).
fn absolute(dir: &str) -> String {
    if dir.starts_with('/') {
        return dir.to_string();
    }
    let cwd = std::env::current_dir()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    if dir.is_empty() {
        cwd
    } else {
        format!("{cwd}/{dir}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{parse, Action};

    fn opts(args: &[&str]) -> Options {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        match parse(&args, &|_| None) {
            Ok(Action::Run(o)) => *o,
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn script_directory_comes_first_then_pythonpath() {
        let env = |k: &str| (k == "PYTHONPATH").then(|| "/a:/b".to_string());
        let p = initial_sys_path(&opts(&["/x/y/z.py"]), &env, Some(Path::new("/lib311")));
        assert_eq!(p[..4], ["/x/y", "/a", "/b", "/lib311"]);
    }

    #[test]
    fn command_gets_empty_entry_and_safe_path_none() {
        let p = initial_sys_path(&opts(&["-c", "pass"]), &|_| None, None);
        assert_eq!(p, vec![String::new()]);
        let p = initial_sys_path(&opts(&["-P", "-c", "pass"]), &|_| None, None);
        assert!(p.is_empty());
    }

    #[test]
    fn ignore_environment_drops_pythonpath() {
        let env = |k: &str| (k == "PYTHONPATH").then(|| "/a".to_string());
        let p = initial_sys_path(&opts(&["-E", "-c", "pass"]), &env, None);
        assert_eq!(p, vec![String::new()]);
    }

    #[test]
    fn pyrslib_must_hold_os_py() {
        let dir = std::env::temp_dir().join(format!("pyrs-lib-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let env_dir = dir.to_string_lossy().into_owned();
        let env = move |k: &str| (k == "PYRSLIB").then(|| env_dir.clone());
        let search = find_stdlib(&opts(&["-c", "pass"]), &env, None);
        assert_ne!(search.found.as_deref(), Some(dir.as_path()));
        assert!(search.tried.contains(&dir.to_string_lossy().into_owned()));
        std::fs::write(dir.join("os.py"), "").unwrap();
        let search = find_stdlib(&opts(&["-c", "pass"]), &env, None);
        assert_eq!(search.found.as_deref(), Some(dir.as_path()));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
