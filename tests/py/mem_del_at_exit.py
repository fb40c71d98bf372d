class D:
    def __init__(self, n): self.n = n
    def __del__(self): print("del", self.n)
_p = D(0)
a = D(1)
b = D(2)
l = [D(3)]
print("end")
