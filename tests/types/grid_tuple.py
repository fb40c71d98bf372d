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
grid('count', [(), (1,), (3, 1, 2), ('b', 'a'), (1, 'a'), ((1,), (0,))], [(1,), ('a',)])
#### index_grid
grid('index', [(), (1,), (3, 1, 2), ('b', 'a'), (1, 'a'), ((1,), (0,))], [(1,), ('zz',), (1, 1)])
#### dunder_getitem_grid
grid('__getitem__', [(), (1,), (3, 1, 2), ('b', 'a'), (1, 'a'), ((1,), (0,))], [(0,), (-1,), (slice(None, 2, None),), (10,), ('a',)])
#### dunder_add_grid
grid('__add__', [(), (1,), (3, 1, 2), ('b', 'a'), (1, 'a'), ((1,), (0,))], [((9,),), ([9],)])
#### dunder_mul_grid
grid('__mul__', [(), (1,), (3, 1, 2), ('b', 'a'), (1, 'a'), ((1,), (0,))], [(2,), (0,)])
#### dunder_contains_grid
grid('__contains__', [(), (1,), (3, 1, 2), ('b', 'a'), (1, 'a'), ((1,), (0,))], [(1,)])
#### dunder_lt_grid
grid('__lt__', [(), (1,), (3, 1, 2), ('b', 'a'), (1, 'a'), ((1,), (0,))], [((2,),), ([1],)])
#### dunder_hash_grid
grid('__hash__', [(), (1,), (3, 1, 2), ('b', 'a'), (1, 'a'), ((1,), (0,))], [()])
#### dunder_len_grid
grid('__len__', [(), (1,), (3, 1, 2), ('b', 'a'), (1, 'a'), ((1,), (0,))], [()])
