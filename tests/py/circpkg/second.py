from . import first
def read():
    return first.VALUE
