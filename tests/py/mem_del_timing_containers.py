# Objects held by containers die when removed from them.
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

l = [D("l0"), D("l1"), D("l2")]
print("pop"); l.pop()
print("del l[0]"); del l[0]
print("clear"); l.clear()
d = {"a": D("da"), "b": D("db")}
print("pop a"); d.pop("a")
print("assign b"); d["b"] = 1
s = {D("s")}
print("set clear"); s.clear()
l = [D("x"), D("y"), D("z")]
print("slice del"); del l[1:]
print("slice assign"); l[:] = []
t = (D("t0"), D("t1"))
print("tuple drop"); t = None
print("end")
l = [D("e%d" % i) for i in range(6)]
print("extended del"); del l[::2]
print("extended del negative"); del l[::-1]
l = [D("f%d" % i) for i in range(4)]
print("extended assign"); l[::-2] = [1, 2]
print("end 2")
del l
print("end 3")
