# "Did you mean" suggestions in printed NameErrors and AttributeErrors (CPython 3.11's
# Levenshtein rules), also for AttributeErrors raised without a name by __getattr__.
import io
import sys


def show(fn):
    err = io.StringIO()
    saved = sys.stderr
    sys.stderr = err
    try:
        fn()
    except Exception:
        sys.__excepthook__(*sys.exc_info())
    finally:
        sys.stderr = saved
    print(err.getvalue().splitlines()[-1])


def local_name():
    blech2 = 1
    return blech


class A:
    attribute_one = 1
    noise = more_noise = a = bc = None


class EliminationOverAddition:
    blucha = None
    bluc = None


class Getattr:
    blech = None

    def __getattr__(self, attr):
        raise AttributeError()


class LongNames:
    blech = None


show(local_name)
show(lambda: A().attribute_onee)
show(lambda: A().xyzzy)
show(lambda: prnt("x"))
show(lambda: sys.exitt)
show(lambda: EliminationOverAddition().bluch)
show(lambda: Getattr().bluch)
show(lambda: LongNames().somethingverydifferent)
show(lambda: globals_namee)
globals_name = 1
show(lambda: Aa)
