# A bound method keeps its instance alive.
class D:
    def __del__(self):
        print("del D")
    def m(self):
        return 1

m = D().m
print("instance alive through method:", m() == 1)
del m
print("method dropped")
callbacks = [D().m for _ in range(2)]
print("two methods")
callbacks.pop()
print("popped one")
callbacks.clear()
print("end")
