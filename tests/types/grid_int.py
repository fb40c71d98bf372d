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
#### bit_length_grid
grid('bit_length', [0, 1, -7, 255, 2**63, -2**70, True], [()])
#### bit_count_grid
grid('bit_count', [0, 1, -7, 255, 2**63, -2**70, True], [()])
#### to_bytes_grid
grid('to_bytes', [0, 1, -7, 255, 2**63, -2**70, True], [(), (16, 'big'), (2, 'little'), (1,)])
#### as_integer_ratio_grid
grid('as_integer_ratio', [0, 1, -7, 255, 2**63, -2**70, True], [()])
#### conjugate_grid
grid('conjugate', [0, 1, -7, 255, 2**63, -2**70, True], [()])
#### dunder_round_grid
grid('__round__', [0, 1, -7, 255, 2**63, -2**70, True], [(), (-1,), (2,)])
#### dunder_format_grid
grid('__format__', [0, 1, -7, 255, 2**63, -2**70, True], [('',), ('x',), (',',), ('08b',), ('e',)])
#### dunder_index_grid
grid('__index__', [0, 1, -7, 255, 2**63, -2**70, True], [()])
#### dunder_trunc_grid
grid('__trunc__', [0, 1, -7, 255, 2**63, -2**70, True], [()])
#### dunder_floor_grid
grid('__floor__', [0, 1, -7, 255, 2**63, -2**70, True], [()])
#### dunder_ceil_grid
grid('__ceil__', [0, 1, -7, 255, 2**63, -2**70, True], [()])
#### dunder_neg_grid
grid('__neg__', [0, 1, -7, 255, 2**63, -2**70, True], [()])
#### dunder_abs_grid
grid('__abs__', [0, 1, -7, 255, 2**63, -2**70, True], [()])
#### dunder_invert_grid
grid('__invert__', [0, 1, -7, 255, 2**63, -2**70, True], [()])
#### dunder_bool_grid
grid('__bool__', [0, 1, -7, 255, 2**63, -2**70, True], [()])
#### dunder_hash_grid
grid('__hash__', [0, 1, -7, 255, 2**63, -2**70, True], [()])
#### dunder_pow_grid
grid('__pow__', [0, 1, -7, 255, 2**63, -2**70, True], [(2,), (-1,), (3, 7), (0,)])
#### dunder_divmod_grid
grid('__divmod__', [0, 1, -7, 255, 2**63, -2**70, True], [(3,), (-3,), (0,), (2.5,)])
#### dunder_rshift_grid
grid('__rshift__', [0, 1, -7, 255, 2**63, -2**70, True], [(1,), (100,), (-1,)])
#### dunder_lshift_grid
grid('__lshift__', [0, 1, -7, 255, 2**63, -2**70, True], [(3,), (-1,)])
#### dunder_truediv_grid
grid('__truediv__', [0, 1, -7, 255, 2**63, -2**70, True], [(3,), (0,)])
