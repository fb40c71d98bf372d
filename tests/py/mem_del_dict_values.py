# Dict operations releasing values: popitem, setdefault replacement, update overwrite,
# del of a key, dict comprehension rebinding.
class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)

d = {"a": D("a"), "b": D("b"), "c": D("c")}
print("popitem"); d.popitem()
print("update"); d.update(a=1)
print("del key"); del d["b"]
d = {k: D(k) for k in "xy"}
print("rebind"); d = {}
print("end")
