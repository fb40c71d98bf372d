# Bytes objects of length 0 and 1 are shared singletons, as in CPython: a list of
# single bytes (data[i:i + 1] in a loop) holds references to 256 objects at most.
data = b'abcd'
one = b'b'
empty = b''
print('slice', data[1:2] is data[1:2], data[1:2] is one, data[-3:-2] is one, data[1:2:1] is one)
print('empty', bytes() is empty, data[2:2] is empty, bytes([]) is empty, b''.join([]) is empty)
print('from list', bytes([98]) is one, bytes([98]) is bytes([98]))
print('repeat', one * 1 is one, data[1:2] * 1 is one)
print('join', b''.join([one]) is one)
print('concat', empty + one is one, data[1:2] + empty is one)
print('fromhex', bytes.fromhex('62') is one)
print('encode', 'b'.encode() is one, 'b'.encode('latin-1') is one, 'b'.encode('ascii') is one)
print('strip', b' b '.strip() is one)
print('split', b'a,b'.split(b',')[1] is one, b'a b'.split()[1] is one)
print('bytes(bytes)', bytes(data[1:2]) is one)
# Equal values are the same object: 100,000 slices of four values are four objects.
chunks = [data[i % 4:i % 4 + 1] for i in range(100000)]
print(len(chunks), len({id(c) for c in chunks}), b''.join(chunks[:8]))
# Longer bytes are not shared.
print(data[0:2] is data[0:2], data[0:2] == data[0:2])
