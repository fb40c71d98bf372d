# list()/tuple()/sorted() of a range build the ints directly; a range too long for memory is a MemoryError.
print(list(range(5)), list(range(10, 0, -3)), list(range(0)), tuple(range(3)), sorted(range(4, -1, -1)))
try:
    list(range(10**18))
except MemoryError as e:
    print("MemoryError", e)
print(list(range(2**62, 2**62 + 3)), list(range(-2**63, -2**63 + 2)), list(range(2**63 - 2, 2**63 + 1)))
