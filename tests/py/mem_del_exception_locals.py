# A traceback keeps the frames' locals alive until the exception is cleared.
import sys

class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

def fail():
    x = D("in failing frame")
    raise ValueError("boom")

try:
    fail()
except ValueError:
    print("handling")
print("after except")

def keep():
    try:
        fail()
    except ValueError as e:
        return e

e = keep()
print("exception kept")
e = None
print("exception dropped")

try:
    fail()
except ValueError:
    info = sys.exc_info()
print("exc_info kept")
del info
print("end")
