# Freeing a 300,000-node linked list does not overflow the stack.
class Node:
    __slots__ = ("next",)
    def __init__(self, nxt):
        self.next = nxt

head = None
for i in range(300000):
    head = Node(head)
print("built")
del head
print("freed")

nested = []
for i in range(300000):
    nested = [nested]
print("nested built")
nested = None
print("nested freed")

d = {}
for i in range(200000):
    d = {"d": d}
del d
t = ()
for i in range(200000):
    t = (t,)
del t
print("end")
