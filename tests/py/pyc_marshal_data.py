# marshal.dumps/loads for plain data: bytes identical to CPython's, round trips.
import marshal

print(marshal.version)

def show(value, *versions):
    for v in versions or (4,):
        data = marshal.dumps(value, v)
        back = marshal.loads(data)
        print(v, repr(value)[:60], data, back == value or value != value)

show(None, 0, 2, 4)
show(True, 0, 4)
show(False)
show(Ellipsis)
show(StopIteration)
show(0, 0, 4)
show(1, 2, 3, 4)
show(-1)
show(255)
show(256)
show(257)
show(-5)
show(-6)
show(2**31 - 1)
show(-2**31)
show(2**31)
show(2**62, 2, 4)
show(-2**63)
show(2**64 + 12345)
show(-(10**40))
show(10**200)
show(1.5, 0, 1, 2, 4)
show(-0.0, 1, 4)
show(1e300, 1, 4)
show(float('inf'), 1, 4)
show(float('-inf'), 1, 4)
show(0.1, 1, 4)
show(3+4j, 1, 4)
show(-2.5j, 1)
show('', 2, 3, 4)
show('abc', 2, 3, 4)
show('hello world', 2, 3, 4)
show('\u00e9t\u00e9 !', 2, 4)
show('\U0001f600 smile', 4)
show('x y' * 100, 4)
show(b'', 4)
show(b'bytes\x00\xff', 0, 4)
show((), 2, 4)
show((1, 2, 3), 2, 4)
show([1, [2, [3, []]]], 2, 4)
show({'a': 1, 'b': [2, 3]}, 2, 4)
show({}, 4)
show({1, 2, 3}, 2, 4)
show(frozenset({5, 6}), 2, 4)
show(frozenset(), 4)
show(set(), 4)
show((None, True, False, ..., 1.0, 2j, 'tuple', b'b'), 4)
show({1: {2: {3: ()}}}, 4)

# Sharing: the same object twice is written once, then referenced (version 3+).
shared = ['shared list']
pair = [shared, shared]
for v in (2, 3, 4):
    data = marshal.dumps(pair, v)
    back = marshal.loads(data)
    print(v, data, back, back[0] is back[1])

s = 'a b c'
d = marshal.dumps((s, s, s))
print(d, marshal.loads(d))

# loads ignores trailing data and accepts bytes-like objects.
print(marshal.loads(b'N extra'))
print(marshal.loads(bytearray(b'\xe9\x07\x00\x00\x00')))

# Interned strings come back interned (equal and identical).
a, b = marshal.loads(marshal.dumps(('name1', 'name1')))
print(a == b, a is b)
