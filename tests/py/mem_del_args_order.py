# Arguments move into the callee's frame: when it returns they are released in slot
# order with its other locals.
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

def g(p, q):
    r = D("r")
    return p

res = g(D("p"), D("q"))
print("result kept:", res.name)
del res
print("end")
