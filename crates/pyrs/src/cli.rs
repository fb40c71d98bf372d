//! Command-line parsing, as CPython 3.11's `python3` parses its arguments.
//!
//! Options may be bundled (`-Bc CODE`, `-OO`, `-Wdefault`); `-c` and `-m` end the option
//! list; the first non-option argument is the script and everything after it goes to the
//! program's `sys.argv`. Errors produce CPython's usage message and exit status 2.

use std::fmt;

/// What the interpreter is asked to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Program {
    /// `-c CODE`
    Command(String),
    /// `-m MODULE`
    Module(String),
    /// A script path (`-` for standard input).
    Script(String),
    /// No program: the interactive prompt, or standard input when it is not a terminal.
    Stdin,
}

/// Everything the command line (and the environment) asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub program: Program,
    /// The program's `sys.argv`.
    pub argv: Vec<String>,
    pub bytes_warning: u8,
    pub dont_write_bytecode: bool,
    pub ignore_environment: bool,
    pub inspect: bool,
    pub isolated: bool,
    pub optimize: u8,
    pub safe_path: bool,
    pub quiet: bool,
    pub no_user_site: bool,
    pub no_site: bool,
    pub unbuffered: bool,
    pub verbose: u8,
    pub skip_first_line: bool,
    pub warnoptions: Vec<String>,
    /// `-X` options in order, as `name` or `name=value`.
    pub xoptions: Vec<String>,
    pub check_hash_based_pycs: String,
}

/// What the command line asks for besides running a program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Run(Box<Options>),
    /// `-h`, `-?`, `--help`
    Help,
    /// `--help-env`
    HelpEnv,
    /// `--help-xoptions`
    HelpXOptions,
    /// `--help-all`
    HelpAll,
    /// `-V` (1) or `-VV` (2)
    Version(u8),
}

/// A command-line error: CPython prints the message, then the usage lines, and exits 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The usage line, with the program name as invoked.
pub fn usage_line(prog: &str) -> String {
    format!("usage: {prog} [option] ... [-c cmd | -m mod | file | -] [arg] ...\n")
}

/// Parse `args` (without the program name) and the environment.
pub fn parse(args: &[String], env: &dyn Fn(&str) -> Option<String>) -> Result<Action, UsageError> {
    let mut opts = Options {
        program: Program::Stdin,
        argv: Vec::new(),
        bytes_warning: 0,
        dont_write_bytecode: false,
        ignore_environment: false,
        inspect: false,
        isolated: false,
        optimize: 0,
        safe_path: false,
        quiet: false,
        no_user_site: false,
        no_site: false,
        unbuffered: false,
        verbose: 0,
        skip_first_line: false,
        warnoptions: Vec::new(),
        xoptions: Vec::new(),
        check_hash_based_pycs: "default".to_string(),
    };
    let mut version = 0u8;
    let mut help: Option<Action> = None;
    let mut i = 0;
    let mut rest_start = args.len();
    'args: while i < args.len() {
        let arg = &args[i];
        if arg == "-" || !arg.starts_with('-') {
            rest_start = i;
            break;
        }
        if arg == "--" {
            rest_start = i + 1;
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            match long {
                "help" => help = Some(Action::Help),
                "version" => version += 1,
                "help-env" => help = Some(Action::HelpEnv),
                "help-xoptions" => help = Some(Action::HelpXOptions),
                "help-all" => help = Some(Action::HelpAll),
                "check-hash-based-pycs" => {
                    i += 1;
                    let value = args.get(i).ok_or_else(|| {
                        UsageError(
                            "Argument expected for the --check-hash-based-pycs option".into(),
                        )
                    })?;
                    if !matches!(value.as_str(), "default" | "always" | "never") {
                        return Err(UsageError("--check-hash-based-pycs must be one of 'default', 'always', or 'never'".into()));
                    }
                    opts.check_hash_based_pycs = value.clone();
                }
                _ => return Err(UsageError(format!("unknown option {arg}"))),
            }
            i += 1;
            continue;
        }
        // A bundle of short options: `-Bc code`, `-OO`, `-Wdefault`.
        let chars: Vec<char> = arg[1..].chars().collect();
        let mut j = 0;
        while j < chars.len() {
            let c = chars[j];
            j += 1;
            match c {
                'c' | 'm' | 'W' | 'X' => {
                    let value: String = if j < chars.len() {
                        let v: String = chars[j..].iter().collect();
                        j = chars.len();
                        v
                    } else {
                        i += 1;
                        match args.get(i) {
                            Some(v) => v.clone(),
                            None => {
                                return Err(UsageError(format!(
                                    "Argument expected for the -{c} option"
                                )))
                            }
                        }
                    };
                    match c {
                        'c' => {
                            opts.program = Program::Command(value);
                            opts.argv.push("-c".to_string());
                            opts.argv.extend(args[i + 1..].iter().cloned());
                            break 'args;
                        }
                        'm' => {
                            opts.program = Program::Module(value);
                            opts.argv.push("-m".to_string());
                            opts.argv.extend(args[i + 1..].iter().cloned());
                            break 'args;
                        }
                        'W' => opts.warnoptions.push(value),
                        _ => opts.xoptions.push(value),
                    }
                }
                'b' => opts.bytes_warning = opts.bytes_warning.saturating_add(1),
                'B' => opts.dont_write_bytecode = true,
                'd' => {}
                'E' => opts.ignore_environment = true,
                'h' | '?' => help = Some(Action::Help),
                'i' => opts.inspect = true,
                'I' => {
                    opts.isolated = true;
                    opts.ignore_environment = true;
                    opts.no_user_site = true;
                    opts.safe_path = true;
                }
                'O' => opts.optimize = opts.optimize.saturating_add(1),
                'P' => opts.safe_path = true,
                'q' => opts.quiet = true,
                'R' => {}
                's' => opts.no_user_site = true,
                'S' => opts.no_site = true,
                'u' => opts.unbuffered = true,
                'v' => opts.verbose = opts.verbose.saturating_add(1),
                'V' => version += 1,
                'x' => opts.skip_first_line = true,
                _ => return Err(UsageError(format!("Unknown option: -{c}"))),
            }
        }
        i += 1;
    }
    if let Some(action) = help {
        return Ok(action);
    }
    if version > 0 {
        return Ok(Action::Version(version.min(2)));
    }
    if matches!(opts.program, Program::Stdin) && rest_start < args.len() {
        let script = args[rest_start].clone();
        opts.argv = args[rest_start..].to_vec();
        opts.program = if script == "-" {
            Program::Stdin
        } else {
            Program::Script(script)
        };
    } else if matches!(opts.program, Program::Stdin) {
        opts.argv = vec![String::new()];
    }
    apply_environment(&mut opts, env);
    Ok(Action::Run(Box::new(opts)))
}

/// The `PYTHON*` variables that set flags, unless `-E`/`-I` said to ignore them.
fn apply_environment(opts: &mut Options, env: &dyn Fn(&str) -> Option<String>) {
    if opts.ignore_environment {
        return;
    }
    let set = |name: &str| env(name).filter(|v| !v.is_empty());
    // A numeric value raises the level to at least that number; any other value counts as 1.
    let level = |name: &str| set(name).map(|v| v.trim().parse::<u8>().unwrap_or(1).max(1));
    if set("PYTHONDONTWRITEBYTECODE").is_some() {
        opts.dont_write_bytecode = true;
    }
    if let Some(n) = level("PYTHONOPTIMIZE") {
        opts.optimize = opts.optimize.max(n);
    }
    if let Some(n) = level("PYTHONVERBOSE") {
        opts.verbose = opts.verbose.max(n);
    }
    if set("PYTHONUNBUFFERED").is_some() {
        opts.unbuffered = true;
    }
    if set("PYTHONINSPECT").is_some() {
        opts.inspect = true;
    }
    if set("PYTHONNOUSERSITE").is_some() {
        opts.no_user_site = true;
    }
    if set("PYTHONSAFEPATH").is_some() {
        opts.safe_path = true;
    }
    if let Some(w) = set("PYTHONWARNINGS") {
        // Environment warnings come before command-line ones.
        let mut env_opts: Vec<String> = w
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        env_opts.append(&mut opts.warnoptions);
        opts.warnoptions = env_opts;
    }
}

/// The value of `-X name[=value]`, if given: `Some("")` for a bare `-X name`.
pub fn xoption<'a>(opts: &'a Options, name: &str) -> Option<&'a str> {
    opts.xoptions
        .iter()
        .rev()
        .find_map(|x| match x.split_once('=') {
            Some((k, v)) if k == name => Some(v),
            None if x == name => Some(""),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_args(args: &[&str]) -> Result<Action, UsageError> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        parse(&args, &|_| None)
    }

    fn run(args: &[&str]) -> Options {
        match parse_args(args) {
            Ok(Action::Run(o)) => *o,
            other => panic!("expected a run, got {other:?}"),
        }
    }

    #[test]
    fn command_takes_the_rest_as_argv() {
        let o = run(&["-Bc", "print(1)", "-X", "a"]);
        assert_eq!(o.program, Program::Command("print(1)".into()));
        assert_eq!(o.argv, vec!["-c", "-X", "a"]);
        assert!(o.dont_write_bytecode);
        assert!(o.xoptions.is_empty());
    }

    #[test]
    fn script_and_its_arguments() {
        let o = run(&["-u", "x.py", "-c", "y"]);
        assert_eq!(o.program, Program::Script("x.py".into()));
        assert_eq!(o.argv, vec!["x.py", "-c", "y"]);
        assert!(o.unbuffered);
    }

    #[test]
    fn stdin_dash_and_no_program() {
        assert_eq!(run(&["-", "a"]).argv, vec!["-", "a"]);
        assert_eq!(run(&["-", "a"]).program, Program::Stdin);
        assert_eq!(run(&[]).argv, vec![""]);
    }

    #[test]
    fn bundled_and_repeated_flags() {
        let o = run(&[
            "-OO",
            "-Wdefault",
            "-W",
            "error",
            "-Xdev",
            "-X",
            "a=b",
            "m.py",
        ]);
        assert_eq!(o.optimize, 2);
        assert_eq!(o.warnoptions, vec!["default", "error"]);
        assert_eq!(xoption(&o, "a"), Some("b"));
        assert_eq!(xoption(&o, "dev"), Some(""));
        assert_eq!(xoption(&o, "zz"), None);
    }

    #[test]
    fn usage_errors_match_cpython() {
        assert_eq!(
            parse_args(&["-Z"]),
            Err(UsageError("Unknown option: -Z".into()))
        );
        assert_eq!(
            parse_args(&["--foo"]),
            Err(UsageError("unknown option --foo".into()))
        );
        assert_eq!(
            parse_args(&["-c"]),
            Err(UsageError("Argument expected for the -c option".into()))
        );
        assert_eq!(
            parse_args(&["-X"]),
            Err(UsageError("Argument expected for the -X option".into()))
        );
        assert!(parse_args(&["--check-hash-based-pycs", "foo"]).is_err());
    }

    #[test]
    fn version_and_help() {
        assert_eq!(parse_args(&["-V"]), Ok(Action::Version(1)));
        assert_eq!(parse_args(&["-VV"]), Ok(Action::Version(2)));
        assert_eq!(parse_args(&["--version"]), Ok(Action::Version(1)));
        assert_eq!(parse_args(&["-h"]), Ok(Action::Help));
    }

    #[test]
    fn isolated_implies_e_and_s() {
        let o = run(&["-I", "-c", "pass"]);
        assert!(o.ignore_environment && o.no_user_site && o.isolated);
    }

    #[test]
    fn environment_sets_flags_unless_e() {
        let env = |k: &str| {
            if k == "PYTHONDONTWRITEBYTECODE" || k == "PYTHONOPTIMIZE" {
                Some("2".to_string())
            } else {
                None
            }
        };
        let args = vec!["-c".to_string(), "pass".to_string()];
        let Ok(Action::Run(o)) = parse(&args, &env) else {
            panic!()
        };
        assert!(o.dont_write_bytecode);
        assert_eq!(o.optimize, 2);
        let args = vec!["-E".to_string(), "-c".to_string(), "pass".to_string()];
        let Ok(Action::Run(o)) = parse(&args, &env) else {
            panic!()
        };
        assert!(!o.dont_write_bytecode);
    }
}
