//! The texts of `-h`, `--help-env`, `--help-xoptions` and `--version`.

/// The Python version pyrs implements, as `-V` prints it.
pub const PYTHON_VERSION: &str = "3.11.7";

/// `-V` and `-VV`.
pub fn version(level: u8) -> String {
    if level >= 2 {
        format!(
            "Python {PYTHON_VERSION} (pyrs {}, Rust)",
            env!("CARGO_PKG_VERSION")
        )
    } else {
        format!("Python {PYTHON_VERSION}")
    }
}

const OPTIONS: &str = "\
Options (and corresponding environment variables):
-b     : warn when str() is applied to bytes or bytearray, or when they are
         compared with str (-bb: raise errors instead)
-B     : don't write .pyc files on import; also PYTHONDONTWRITEBYTECODE=x
-c cmd : run the program given as a string (ends the option list)
-d     : parser debugging output (accepted and ignored by pyrs)
-E     : ignore the PYTHON* environment variables (such as PYTHONPATH)
-h     : print this help and exit (also -? or --help)
-i     : inspect interactively after running the script; also PYTHONINSPECT=x
-I     : isolate from the user's environment (implies -E, -P and -s)
-m mod : run a library module as a script (ends the option list)
-O     : remove assert and __debug__-dependent statements; add .opt-1 before
         the .pyc extension; also PYTHONOPTIMIZE=x
-OO    : like -O, and also drop docstrings; add .opt-2 before the .pyc extension
-P     : don't prepend a possibly unsafe path to sys.path; also PYTHONSAFEPATH
-q     : don't print the version and copyright banner at the interactive prompt
-s     : don't add the user site directory to sys.path; also PYTHONNOUSERSITE
-S     : don't import the site module at start-up
-u     : unbuffered stdout and stderr (stdin is unaffected); also PYTHONUNBUFFERED=x
-v     : trace import statements (repeat for more); also PYTHONVERBOSE=x
-V     : print the Python version and exit (also --version); twice: more detail
-W arg : warning control, arg is action:message:category:module:lineno;
         also PYTHONWARNINGS=arg
-x     : skip the first line of the source (for non-Unix #! forms)
-X opt : an implementation-specific option (see --help-xoptions)
--check-hash-based-pycs always|default|never:
         how hash-based .pyc files are checked against their source
--help-env      : print help about the environment variables and exit
--help-xoptions : print help about the -X options and exit
--help-all      : print all of the help and exit
Arguments:
file   : the program, read from a script file
-      : the program, read from standard input (the default; interactive if a tty)
arg ...: arguments passed to the program in sys.argv[1:]
";

const ENVIRONMENT: &str = "\
Environment variables that change behaviour:
PYTHONSTARTUP   : a file run at the start of an interactive session
PYTHONPATH      : ':'-separated directories put before the default module search path
PYRSLIB         : where CPython 3.11's pure-Python standard library is
                  (default: /usr/lib/python3.11)
PYTHONSAFEPATH  : like -P
PYTHONINSPECT   : like -i
PYTHONOPTIMIZE  : like -O
PYTHONDONTWRITEBYTECODE : like -B
PYTHONUNBUFFERED: like -u
PYTHONVERBOSE   : like -v
PYTHONWARNINGS  : like -W
PYTHONNOUSERSITE: like -s
PYTHONIOENCODING: encoding[:errors] of stdin, stdout and stderr
PYTHONHASHSEED  : 'random' or an integer in [0, 4294967295] seeding str/bytes hashes
PYTHONPYCACHEPREFIX: root of a parallel tree for .pyc files instead of __pycache__
PYTHONMALLOC    : 'malloc' turns the small-object allocator off
";

const XOPTIONS: &str = "\
The -X options pyrs knows:
-X dump-ast     : print the script's AST as CPython's
                  ast.dump(ast.parse(source), include_attributes=True), and exit
-X pycache_prefix=PATH : like PYTHONPYCACHEPREFIX
-X utf8, -X dev, -X faulthandler, -X importtime, -X int_max_str_digits=N,
-X warn_default_encoding, -X frozen_modules: accepted as in CPython
";

/// `-h`: the usage line, then the options.
pub fn help(prog: &str) -> String {
    format!("{}{OPTIONS}", crate::cli::usage_line(prog))
}

/// `--help-env`
pub fn help_env() -> String {
    ENVIRONMENT.to_string()
}

/// `--help-xoptions`
pub fn help_xoptions() -> String {
    XOPTIONS.to_string()
}

/// `--help-all`
pub fn help_all(prog: &str) -> String {
    format!("{}\n{ENVIRONMENT}\n{XOPTIONS}", help(prog))
}
