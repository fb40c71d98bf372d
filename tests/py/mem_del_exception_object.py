# Exceptions: caught exceptions are released at the end of the except block.
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

class Err(Exception):
    pass

try:
    raise Err(D("arg"))
except Err as e:
    print("in except")
print("after except")

def f():
    try:
        raise Err(D("arg2"))
    except Err:
        pass
    print("after inner except")
f()
print("end")
