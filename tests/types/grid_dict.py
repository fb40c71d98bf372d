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
#### get_grid
grid('get', [{}, {'a': 1}, {'a': 1, 'b': 2}, {1: 'x', 2: 'y', 3: 'z'}, {(1, 2): [3]}], [('a',), ('zz', 0), (1,)])
#### keys_grid
grid('keys', [{}, {'a': 1}, {'a': 1, 'b': 2}, {1: 'x', 2: 'y', 3: 'z'}, {(1, 2): [3]}], [()])
#### values_grid
grid('values', [{}, {'a': 1}, {'a': 1, 'b': 2}, {1: 'x', 2: 'y', 3: 'z'}, {(1, 2): [3]}], [()])
#### items_grid
grid('items', [{}, {'a': 1}, {'a': 1, 'b': 2}, {1: 'x', 2: 'y', 3: 'z'}, {(1, 2): [3]}], [()])
#### copy_grid
grid('copy', [{}, {'a': 1}, {'a': 1, 'b': 2}, {1: 'x', 2: 'y', 3: 'z'}, {(1, 2): [3]}], [()])
#### dunder_getitem_grid
grid('__getitem__', [{}, {'a': 1}, {'a': 1, 'b': 2}, {1: 'x', 2: 'y', 3: 'z'}, {(1, 2): [3]}], [('a',), (1,), ([],)])
#### dunder_contains_grid
grid('__contains__', [{}, {'a': 1}, {'a': 1, 'b': 2}, {1: 'x', 2: 'y', 3: 'z'}, {(1, 2): [3]}], [('a',), (1,), ([],)])
#### dunder_or_grid
grid('__or__', [{}, {'a': 1}, {'a': 1, 'b': 2}, {1: 'x', 2: 'y', 3: 'z'}, {(1, 2): [3]}], [({'c': 3},), ([],)])
#### dunder_eq_grid
grid('__eq__', [{}, {'a': 1}, {'a': 1, 'b': 2}, {1: 'x', 2: 'y', 3: 'z'}, {(1, 2): [3]}], [({'a': 1},), ({},)])
#### dunder_len_grid
grid('__len__', [{}, {'a': 1}, {'a': 1, 'b': 2}, {1: 'x', 2: 'y', 3: 'z'}, {(1, 2): [3]}], [()])
#### fromkeys_grid
grid('fromkeys', [{}, {'a': 1}, {'a': 1, 'b': 2}, {1: 'x', 2: 'y', 3: 'z'}, {(1, 2): [3]}], [('ab',), ('ab', 0)])
