# sys: platform and interpreter information that os, site and friends read.
import sys

print(sys.flags.optimize, sys.flags.no_site, sys.flags.dont_write_bytecode, sys.flags.hash_randomization)
print(type(sys.flags).__name__, len(sys.flags), sys.flags[3] == sys.flags.optimize)
print(sys.float_info)
print(sys.float_info.max, sys.float_info.epsilon, sys.float_info.dig, sys.float_info[0])
print(sys.int_info)
print(sys.hash_info.modulus, sys.hash_info.inf, sys.hash_info.width, sys.hash_info.algorithm)
print(sys.version_info[:2], sys.version_info.major, sys.version_info >= (3, 11), sys.version_info.releaselevel)
print(type(sys.version_info).__name__, len(sys.version_info))
print(sys.maxsize, sys.maxunicode, sys.byteorder, sys.platform, sys.platlibdir, sys.abiflags)
print(sys.getfilesystemencoding(), sys.getfilesystemencodeerrors(), sys.getdefaultencoding())
print(sys.getswitchinterval())
sys.setswitchinterval(0.01)
print(sys.getswitchinterval())
try:
    sys.setswitchinterval(0)
except ValueError as e:
    print(e)
s = "".join(["ab", "cd"])
print(sys.intern(s) is sys.intern("abcd"), sys.intern("abcd") == "abcd")
try:
    sys.intern(b"x")
except TypeError as e:
    print(e)
print(isinstance(sys.stdlib_module_names, frozenset), "os" in sys.stdlib_module_names, "posixpath" in sys.stdlib_module_names)
print("posix" in sys.builtin_module_names, "sys" in sys.builtin_module_names, "time" in sys.builtin_module_names)
print(sys.prefix == sys.exec_prefix == sys.base_prefix == sys.base_exec_prefix)
print(type(sys._xoptions).__name__, sys.warnoptions, sys.api_version)
print(sys.getsizeof(0), sys.getsizeof(1), sys.getsizeof(2**40), sys.getsizeof(1.5), sys.getsizeof("abc"), sys.getsizeof(b"abc"), sys.getsizeof(()), sys.getsizeof((1, 2)))
print(type(sys.implementation).__name__, sys.implementation.version == sys.version_info, hasattr(sys.implementation, "cache_tag"))
print(sys.flags)
for f in [lambda: sys.flags.__class__((1, 2)), lambda: sys.version_info.__class__(range(5))]:
    try:
        f()
    except TypeError as e:
        print(e)
