//! Each native method, descriptor and `__new__` is entered in its type's dict once: a
//! second registration under the same name replaces an immortal object that nothing then
//! refers to (memcheck's "definitely lost") and leaves the first as dead code. Start-up
//! and every native module's import are checked (`Vm::redefined_type_attrs`).

use pyrs_vm::{Config, Interpreter};

#[test]
fn native_type_attributes_are_registered_once() {
    let config = Config {
        no_site: true,
        ..Config::default()
    };
    let mut interp = Interpreter::new(config);
    pyrs_stdlib::register(interp.vm());
    let status = interp.run_source(
        "import sys\nfor name in sys.builtin_module_names:\n    __import__(name)\n",
        "<registrations>",
    );
    assert_eq!(status, 0, "importing the native modules failed");
    let twice = interp.vm().redefined_type_attrs();
    assert!(twice.is_empty(), "registered twice: {twice:?}");
    // The interpreter's immortal objects stay referenced until the process exits.
    std::mem::forget(interp);
}
