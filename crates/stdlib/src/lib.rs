//! The native modules that CPython writes in C and its pure-Python `Lib` imports
//! (`_io`, `posix`, `time`, `math`, `_sre`, ...), written in Rust for pyrs.
//!
//! Each module lives in its own file and exposes `init(vm) -> PyResult<ObjRef>`, which
//! builds the module object; `register` tells the VM's import system about all of them,
//! so `import NAME` creates a module the first time it is imported.

use pyrs_vm::Vm;

pub mod array;
pub mod ast;
pub mod atexit;
pub mod binascii;
pub mod bisect;
pub mod bz2;
pub mod codecs;
pub mod collections;
pub mod contextvars;
pub mod csv;
pub mod errno;
pub mod fcntl;
pub mod functools;
pub mod hashes;
pub mod heapq;
pub mod io;
pub mod itertools;
pub mod json;
pub mod locale;
pub mod math;
pub mod operator;
pub mod posix;
pub mod posix_extra;
pub mod posixsubprocess;
pub mod pwd_grp;
pub mod random;
pub mod resource;
pub mod select;
pub mod signal;
pub mod socket;
mod socket_consts;
pub mod sre;
pub mod string;
pub mod struct_;
pub mod structseq;
pub mod thread;
pub mod time;
pub mod tracemalloc;
pub mod unicodedata;
#[rustfmt::skip]
mod unicodedata_tables;
mod util;
pub mod zlib;

/// Make every native module of this crate importable in `vm`.
pub fn register(vm: &Vm) {
    vm.register_native_module("_functools", functools::init);
    vm.register_native_module("_operator", operator::init);
    vm.register_native_module("_heapq", heapq::init);
    vm.register_native_module("_bisect", bisect::init);
    vm.register_native_module("_string", string::init);
    vm.register_native_module("binascii", binascii::init);
    vm.register_native_module("zlib", zlib::init);
    vm.register_native_module("_bz2", bz2::init);
    vm.register_native_module("_csv", csv::init);
    vm.register_native_module("_random", random::init);
    vm.register_native_module("_blake2", hashes::init_blake2);
    vm.register_native_module("_sha3", hashes::init_sha3);
    vm.register_native_module("_sha512", hashes::init_sha512);
    vm.register_native_module("_sha256", hashes::init_sha256);
    vm.register_native_module("_sha1", hashes::init_sha1);
    vm.register_native_module("_md5", hashes::init_md5);
    vm.register_native_module("_ast", ast::init);
    vm.register_native_module("_codecs", codecs::init);
    vm.register_native_module("_collections", collections::init);
    vm.register_native_module("_contextvars", contextvars::init);
    vm.register_native_module("_struct", struct_::init);
    vm.register_native_module("errno", errno::init);
    vm.register_native_module("_io", io::init);
    vm.register_native_module("itertools", itertools::init);
    vm.register_native_module("_json", json::init);
    vm.register_native_module("math", math::init);
    vm.register_native_module("posix", posix::init);
    vm.register_native_module("_sre", sre::init);
    vm.register_native_module("time", time::init);
    vm.register_native_module("atexit", atexit::init);
    vm.register_native_module("_signal", signal::init);
    vm.register_native_module("_thread", thread::init);
    vm.register_native_module("_posixsubprocess", posixsubprocess::init);
    vm.register_native_module("select", select::init);
    vm.register_native_module("_socket", socket::init);
    vm.register_native_module("_tracemalloc", tracemalloc::init);
    vm.register_native_module("resource", resource::init);
    vm.register_native_module("pwd", pwd_grp::init_pwd);
    vm.register_native_module("grp", pwd_grp::init_grp);
    vm.register_native_module("_locale", locale::init);
    vm.register_native_module("array", array::init);
    vm.register_native_module("unicodedata", unicodedata::init);
    vm.register_native_module("fcntl", fcntl::init);
    // sys.stdin/stdout/stderr and builtins.open come from _io.
    if let Err(e) = io::stdio::install(vm) {
        let _ = e;
        eprintln!("pyrs: cannot set up the standard streams");
    }
}
