//! The entries of the built-in exception types' own `__dict__`s beyond their methods:
//! CPython's docstrings, and the `__init__`, `__new__`, `__str__` and attribute-access
//! slots that its static exception types list as their own (`sorted(vars(ValueError))`
//! is `['__doc__', '__init__', '__new__']` there, not `[]`).

use crate::object::Payload;
use crate::objects::exceptions;
use crate::objects::typeobj::tdata;
use crate::value::Value;
use crate::vm::Vm;

/// The docstring of each built-in exception type, and whether CPython gives the type a
/// `__new__` of its own (static types that set `tp_new` have one in their `__dict__`;
/// the OSError subclasses and a few others inherit theirs).
const TYPE_DOCS: &[(&str, &str, bool)] = &[
    (
        "BaseException",
        "Common base class for all exceptions",
        true,
    ),
    (
        "BaseExceptionGroup",
        "A combination of multiple unrelated exceptions.",
        true,
    ),
    ("GeneratorExit", "Request that a generator exit.", true),
    ("KeyboardInterrupt", "Program interrupted by user.", true),
    ("SystemExit", "Request to exit from the interpreter.", false),
    (
        "Exception",
        "Common base class for all non-exit exceptions.",
        true,
    ),
    ("ArithmeticError", "Base class for arithmetic errors.", true),
    (
        "FloatingPointError",
        "Floating point operation failed.",
        true,
    ),
    ("OverflowError", "Result too large to be represented.", true),
    (
        "ZeroDivisionError",
        "Second argument to a division or modulo operation was zero.",
        true,
    ),
    ("AssertionError", "Assertion failed.", true),
    ("AttributeError", "Attribute not found.", false),
    ("BufferError", "Buffer error.", true),
    ("EOFError", "Read beyond end of file.", true),
    (
        "ImportError",
        "Import can't find module, or can't find name in module.",
        false,
    ),
    ("ModuleNotFoundError", "Module not found.", false),
    ("LookupError", "Base class for lookup errors.", true),
    ("IndexError", "Sequence index out of range.", true),
    ("KeyError", "Mapping key not found.", false),
    ("MemoryError", "Out of memory.", true),
    ("NameError", "Name not found globally.", false),
    (
        "UnboundLocalError",
        "Local name referenced but not bound to a value.",
        false,
    ),
    ("OSError", "Base class for I/O related errors.", true),
    ("BlockingIOError", "I/O operation would block.", false),
    ("ChildProcessError", "Child process error.", false),
    ("ConnectionError", "Connection error.", false),
    ("BrokenPipeError", "Broken pipe.", false),
    ("ConnectionAbortedError", "Connection aborted.", false),
    ("ConnectionRefusedError", "Connection refused.", false),
    ("ConnectionResetError", "Connection reset.", false),
    ("FileExistsError", "File already exists.", false),
    ("FileNotFoundError", "File not found.", false),
    ("InterruptedError", "Interrupted by signal.", false),
    (
        "IsADirectoryError",
        "Operation doesn't work on directories.",
        false,
    ),
    (
        "NotADirectoryError",
        "Operation only works on directories.",
        false,
    ),
    ("PermissionError", "Not enough permissions.", false),
    ("ProcessLookupError", "Process not found.", false),
    ("TimeoutError", "Timeout expired.", false),
    (
        "ReferenceError",
        "Weak ref proxy used after referent went away.",
        true,
    ),
    ("RuntimeError", "Unspecified run-time error.", true),
    (
        "NotImplementedError",
        "Method or function hasn't been implemented yet.",
        true,
    ),
    ("RecursionError", "Recursion limit exceeded.", true),
    (
        "StopAsyncIteration",
        "Signal the end from iterator.__anext__().",
        true,
    ),
    (
        "StopIteration",
        "Signal the end from iterator.__next__().",
        false,
    ),
    ("SyntaxError", "Invalid syntax.", false),
    ("IndentationError", "Improper indentation.", false),
    ("TabError", "Improper mixture of spaces and tabs.", false),
    (
        "SystemError",
        "Internal error in the Python interpreter.\n\nPlease report this to the Python \
         maintainer, along with the traceback,\nthe Python version, and the hardware/OS \
         platform and version.",
        true,
    ),
    ("TypeError", "Inappropriate argument type.", true),
    (
        "ValueError",
        "Inappropriate argument value (of correct type).",
        true,
    ),
    ("UnicodeError", "Unicode related error.", true),
    ("UnicodeDecodeError", "Unicode decoding error.", true),
    ("UnicodeEncodeError", "Unicode encoding error.", true),
    ("UnicodeTranslateError", "Unicode translation error.", true),
    ("Warning", "Base class for warning categories.", true),
    (
        "BytesWarning",
        "Base class for warnings about bytes and buffer related problems, mostly\n\
         related to conversion from str or comparing to str.",
        true,
    ),
    (
        "DeprecationWarning",
        "Base class for warnings about deprecated features.",
        true,
    ),
    (
        "EncodingWarning",
        "Base class for warnings about encodings.",
        true,
    ),
    (
        "FutureWarning",
        "Base class for warnings about constructs that will change semantically\n\
         in the future.",
        true,
    ),
    (
        "ImportWarning",
        "Base class for warnings about probable mistakes in module imports",
        true,
    ),
    (
        "PendingDeprecationWarning",
        "Base class for warnings about features which will be deprecated\n\
         in the future.",
        true,
    ),
    (
        "ResourceWarning",
        "Base class for warnings about resource usage.",
        true,
    ),
    (
        "RuntimeWarning",
        "Base class for warnings about dubious runtime behavior.",
        true,
    ),
    (
        "SyntaxWarning",
        "Base class for warnings about dubious syntax.",
        true,
    ),
    (
        "UnicodeWarning",
        "Base class for warnings about Unicode related problems, mostly\n\
         related to conversion problems.",
        true,
    ),
    (
        "UserWarning",
        "Base class for warnings generated by user code.",
        true,
    ),
];

/// The entries CPython's static exception types have in their own `__dict__`: a
/// docstring, an `__init__` (each type sets `tp_init`; the function is its base's), a
/// `__new__` where the type sets `tp_new` (`TYPE_DOCS`), `__str__` on AttributeError and
/// NameError (which set `tp_str` to BaseException's), and BaseException's generic
/// `__getattribute__`/`__setattr__`/`__delattr__`.
pub fn add_type_dict_entries(vm: &Vm) {
    let x = &vm.exc;
    for &(name, doc, own_new) in TYPE_DOCS {
        let Some(t) = x
            .all()
            .into_iter()
            .find(|t| *tdata(t).name.borrow() == name)
        else {
            continue;
        };
        let dict = &tdata(t).dict;
        crate::objects::dict::set_str_in(dict, &vm.names.__doc__, vm.new_str(doc));
        if crate::objects::dict::get_str_in(dict, &vm.names.__init__).is_none() {
            let init = crate::objects::typeobj::lookup(t, &vm.names.__init__);
            if let Some(Value::Obj(m)) = init {
                if let Payload::MethodDescr(d) = &m.payload {
                    vm.add_method(t, "__init__", d.func);
                }
            }
        }
        if own_new && crate::objects::dict::get_str_in(dict, &vm.names.__new__).is_none() {
            vm.add_static(t, "__new__", exceptions::exc_new);
        }
        crate::objects::type_cache::changed(t);
    }
    vm.add_method(&x.attribute_error, "__str__", exceptions::exc_str);
    vm.add_method(&x.name_error, "__str__", exceptions::exc_str);
    let (getattribute, setattr, delattr) = crate::objects::object::generic_attr_fns();
    let be = &x.base_exception;
    vm.add_method(be, "__getattribute__", getattribute);
    vm.add_method(be, "__setattr__", setattr);
    vm.add_method(be, "__delattr__", delattr);
}
