# Objects produced and consumed by generator expressions die one by one.
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

total = sum(len(D("g%d" % i).name) for i in range(3))
print("sum", total)
it = (D("lazy%d" % i) for i in range(3))
print(next(it).name)
print("took one")
del it
print("end")
