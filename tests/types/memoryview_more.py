def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### mv_basics
m = memoryview(b'abcdef')
print(m.format, m.itemsize, m.ndim, m.shape, m.strides, m.readonly, m.nbytes, m.contiguous, m.c_contiguous, m.f_contiguous, len(m), m.obj)
print(m[0], m[-1], bytes(m[1:4]), m[::2].tobytes(), m[::-1].tolist(), m.tolist(), m.hex(), m[1:3].hex(':'))
print(m == b'abcdef', m == bytearray(b'abcdef'), m[1:3] == b'bc', m == m, m != b'x')
#### mv_writes
a = bytearray(b'hello')
m = memoryview(a)
m[0] = 74; m[1:3] = b'EL'; print(a, m.readonly)
show(m.__setitem__, 0, 256)
show(m.__setitem__, slice(0, 2), b'abc')
show(m.__setitem__, 0, b'x')
show(memoryview(b'ro').__setitem__, 0, 1)
show(a.append, 1)
m.release(); a.append(33); print(a)
#### mv_cast
m = memoryview(bytearray(range(8)))
c = m.cast('H')
print(c.format, c.itemsize, c.shape, c.strides, c.tolist(), len(c), c.nbytes)
i = m.cast('i'); print(i.tolist(), i.shape)
q = m.cast('B', (2, 4)); print(q.shape, q.strides, q.ndim, q.tolist())
print(m.cast('b').tolist(), m.cast('c')[0], m.cast('<d' if False else 'Q').tolist())
show(m.cast, 'Z')
show(m.cast, 'i', (3,))
show(c.cast, 'i')
show(m.cast, 'B', (3, 3))
print(memoryview(b'\x01\x00\x00\x00\xff\xff\xff\xff').cast('i').tolist())
#### mv_release
m = memoryview(b'abc')
with m as mm:
    print(mm is m, mm[0])
print(repr(m)[:21])
show(len, m)
show(m.tobytes)
show(lambda: m[0])
show(lambda: m.format)
m.release(); print('released twice ok')
a = bytearray(b'x'); m1 = memoryview(a); m2 = m1[:]
show(a.extend, b'y')
m1.release()
show(a.extend, b'y')
m2.release(); a.extend(b'y'); print(a)
#### mv_errors
show(memoryview, 'str')
show(memoryview, 5)
show(memoryview, [1])
m = memoryview(b'abc')
show(m.__getitem__, 3)
show(m.__getitem__, 'a')
show(hash, memoryview(bytearray(b'a')))
print(hash(m) == hash(b'abc'))
show(lambda: m < m)
show(m.__delitem__, 0)
show(m.cast, 'B', (1, 2, 3, 4))
#### mv_tolist_formats
import array
a = array.array('h', [1, -2, 300])
m = memoryview(a)
print(m.format, m.itemsize, m.tolist(), m.nbytes, m[1], m.cast('B').tolist())
f = memoryview(array.array('d', [1.5, -0.25]))
print(f.format, f.tolist(), f[0])
print(memoryview(b'ab').toreadonly().readonly, memoryview(bytearray(b'ab')).toreadonly().readonly)
#### mv_slicing_steps
m = memoryview(bytes(range(10)))
for sl in [slice(None, None, 3), slice(8, 1, -2), slice(-3, None), slice(5, 5), slice(None, None, -1)]:
    s = m[sl]
    print(s.tolist(), s.shape, s.strides, s.contiguous, s.tobytes())
show(m.__getitem__, slice(None, None, 0))
print(m[::2][::2].tolist(), bytes(m[::-1][2:5]))
