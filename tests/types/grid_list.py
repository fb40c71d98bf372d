def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        return type(e).__name__ + ': ' + str(e)
    return repr(r)
def grid(method, samples, arglists):
    for s in samples:
        for a in arglists:
            print(repr(s), a, show(getattr(s, method), *a))
#### count_grid
grid('count', [[], [1], [3, 1, 2], ['b', 'a'], [1, 'a'], [[1], [0]], [1.5, -2, 7]], [(1,), ('a',), ([1],)])
#### index_grid
grid('index', [[], [1], [3, 1, 2], ['b', 'a'], [1, 'a'], [[1], [0]], [1.5, -2, 7]], [(1,), (1, 1), ('zz',), (1, -1, 10)])
#### dunder_getitem_grid
grid('__getitem__', [[], [1], [3, 1, 2], ['b', 'a'], [1, 'a'], [[1], [0]], [1.5, -2, 7]], [(0,), (-1,), (slice(None, 2, None),), (slice(None, None, -2),), (10,), ('a',)])
#### dunder_add_grid
grid('__add__', [[], [1], [3, 1, 2], ['b', 'a'], [1, 'a'], [[1], [0]], [1.5, -2, 7]], [([9],), ((9,),)])
#### dunder_mul_grid
grid('__mul__', [[], [1], [3, 1, 2], ['b', 'a'], [1, 'a'], [[1], [0]], [1.5, -2, 7]], [(2,), (-1,), (1.5,)])
#### dunder_contains_grid
grid('__contains__', [[], [1], [3, 1, 2], ['b', 'a'], [1, 'a'], [[1], [0]], [1.5, -2, 7]], [(1,), ([1],)])
#### dunder_lt_grid
grid('__lt__', [[], [1], [3, 1, 2], ['b', 'a'], [1, 'a'], [[1], [0]], [1.5, -2, 7]], [([2],), ((1,),)])
#### dunder_eq_grid
grid('__eq__', [[], [1], [3, 1, 2], ['b', 'a'], [1, 'a'], [[1], [0]], [1.5, -2, 7]], [([1],), ((1,),)])
#### copy_grid
grid('copy', [[], [1], [3, 1, 2], ['b', 'a'], [1, 'a'], [[1], [0]], [1.5, -2, 7]], [()])
#### dunder_len_grid
grid('__len__', [[], [1], [3, 1, 2], ['b', 'a'], [1, 'a'], [[1], [0]], [1.5, -2, 7]], [()])
#### dunder_repr_grid
grid('__repr__', [[], [1], [3, 1, 2], ['b', 'a'], [1, 'a'], [[1], [0]], [1.5, -2, 7]], [()])
