# sys.excepthook is called for an uncaught exception and can be replaced.
import sys

print(sys.excepthook is sys.__excepthook__, sys.excepthook.__name__)


def hook(tp, value, tb):
    print("hook:", tp.__name__, value, type(tb).__name__, tb.tb_lineno)
    sys.__excepthook__(tp, value, tb)


sys.excepthook = hook
raise ValueError("custom")
