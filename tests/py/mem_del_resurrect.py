saved = []
class R:
    def __del__(self):
        print("del", self.n)
        saved.append(self)

r = R(); r.n = 1
del r
print(len(saved), saved[0].n)
x = saved.pop()
print("popped")
del x
print("no second del")
class Once:
    count = 0
    def __del__(self):
        Once.count += 1
        global keep
        keep = self
o = Once()
del o
print(Once.count)
keep = None
print(Once.count)
