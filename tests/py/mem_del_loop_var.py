# Loop variables keep the last item alive until rebinding or deletion.
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

for item in [D("i0"), D("i1")]:
    pass
print("after loop, last item still bound")
del item
print("--")
for j in range(2):
    obj = D("loop %d" % j)
print("after second loop")
obj = None
print("--")
print([D("comprehension").name for _ in range(1)])
print("end")
