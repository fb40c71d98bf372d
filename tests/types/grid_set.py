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
#### union_grid
grid('union', [set(), {1}, {1, 2, 3}, {'a', 'b'}, frozenset({1, 2}), frozenset()], [({9},), ([1, 5],), ()])
#### intersection_grid
grid('intersection', [set(), {1}, {1, 2, 3}, {'a', 'b'}, frozenset({1, 2}), frozenset()], [({1},), ([2, 3],)])
#### difference_grid
grid('difference', [set(), {1}, {1, 2, 3}, {'a', 'b'}, frozenset({1, 2}), frozenset()], [({1},), ()])
#### symmetric_difference_grid
grid('symmetric_difference', [set(), {1}, {1, 2, 3}, {'a', 'b'}, frozenset({1, 2}), frozenset()], [({1, 9},)])
#### issubset_grid
grid('issubset', [set(), {1}, {1, 2, 3}, {'a', 'b'}, frozenset({1, 2}), frozenset()], [({1, 2, 3, 4},), ([],)])
#### issuperset_grid
grid('issuperset', [set(), {1}, {1, 2, 3}, {'a', 'b'}, frozenset({1, 2}), frozenset()], [({1},), ([],)])
#### isdisjoint_grid
grid('isdisjoint', [set(), {1}, {1, 2, 3}, {'a', 'b'}, frozenset({1, 2}), frozenset()], [({9},), ([1],)])
#### copy_grid
grid('copy', [set(), {1}, {1, 2, 3}, {'a', 'b'}, frozenset({1, 2}), frozenset()], [()])
#### dunder_or_grid
grid('__or__', [set(), {1}, {1, 2, 3}, {'a', 'b'}, frozenset({1, 2}), frozenset()], [({9},), ([9],)])
#### dunder_and_grid
grid('__and__', [set(), {1}, {1, 2, 3}, {'a', 'b'}, frozenset({1, 2}), frozenset()], [({1},)])
#### dunder_sub_grid
grid('__sub__', [set(), {1}, {1, 2, 3}, {'a', 'b'}, frozenset({1, 2}), frozenset()], [({1},)])
#### dunder_xor_grid
grid('__xor__', [set(), {1}, {1, 2, 3}, {'a', 'b'}, frozenset({1, 2}), frozenset()], [({1},)])
#### dunder_le_grid
grid('__le__', [set(), {1}, {1, 2, 3}, {'a', 'b'}, frozenset({1, 2}), frozenset()], [({1, 2, 3},), ([1],)])
#### dunder_contains_grid
grid('__contains__', [set(), {1}, {1, 2, 3}, {'a', 'b'}, frozenset({1, 2}), frozenset()], [(1,), ([],)])
#### dunder_len_grid
grid('__len__', [set(), {1}, {1, 2, 3}, {'a', 'b'}, frozenset({1, 2}), frozenset()], [()])
