# Which of sys's struct sequence types Python code may instantiate: sys.flags and
# sys.version_info refuse; float_info, int_info, hash_info, thread_info and the
# asyncgen_hooks type accept a sequence of the right length, as in CPython 3.11.
import sys
for o in (sys.flags, sys.float_info, sys.int_info, sys.hash_info, sys.thread_info,
          sys.version_info, sys.get_asyncgen_hooks()):
    try:
        type(o)()
    except TypeError as e:
        print(e)
    n = len(o)
    try:
        r = type(o)(tuple(range(n)))
        print(type(r).__name__, r[0], r[n - 1])
    except TypeError as e:
        print(e)
