# A __del__ storing self in a global: the object lives on with its state intact.
class Phoenix:
    def __init__(self, v):
        self.v = v
    def __del__(self):
        global revived
        print("dying with", self.v)
        revived = self

p = Phoenix([1, 2, 3])
del p
print(revived.v)
revived.v.append(4)
print(revived.v)
revived = None
print("end")
