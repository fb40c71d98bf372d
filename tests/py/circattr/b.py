import sys

a = sys.modules["circattr.a"]
try:
    a.VALUE
except AttributeError as e:
    print("during import:", e)


def later():
    return a.VALUE
