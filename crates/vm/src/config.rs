//! Interpreter configuration, as the command line and environment set it.

/// What the command line asked for (CPython's `PyConfig`, the part pyrs uses).
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// `sys.argv`
    pub argv: Vec<String>,
    pub no_site: bool,
    /// `-s`: no user site-packages directory.
    pub no_user_site: bool,
    /// `-P`: no script directory or current directory in `sys.path`.
    pub safe_path: bool,
    /// `-b` count.
    pub bytes_warning: u8,
    pub ignore_environment: bool,
    pub isolated: bool,
    pub unbuffered: bool,
    pub optimize: u8,
    pub dont_write_bytecode: bool,
    /// `--check-hash-based-pycs`: "default", "always" or "never" (empty means default).
    pub check_hash_based_pycs: String,
    /// `sys.pycache_prefix` (`-X pycache_prefix=DIR`, PYTHONPYCACHEPREFIX).
    pub pycache_prefix: Option<String>,
    pub warnoptions: Vec<String>,
    pub xoptions: Vec<String>,
    pub verbose: u8,
    pub quiet: bool,
    pub inspect: bool,
    /// `sys.path[0]` (the script's directory, '' for -c); None leaves it out.
    pub path0: Option<String>,
    /// Extra entries of `sys.path` (PYTHONPATH, the standard library).
    pub module_search_paths: Vec<String>,
    /// `sys.executable`
    pub executable: String,
}
