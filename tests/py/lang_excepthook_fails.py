# A failing sys.excepthook: both exceptions are reported.
import sys


def hook(tp, value, tb):
    raise RuntimeError("hook broke")


sys.excepthook = hook
raise KeyError("original")
