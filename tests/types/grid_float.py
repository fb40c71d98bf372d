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
#### is_integer_grid
grid('is_integer', [0.0, -0.0, 1.5, -2.75, 1e300, 5e-324, 0.1, 123456.789, float('inf')], [()])
#### as_integer_ratio_grid
grid('as_integer_ratio', [0.0, -0.0, 1.5, -2.75, 1e300, 5e-324, 0.1, 123456.789, float('inf')], [()])
#### hex_grid
grid('hex', [0.0, -0.0, 1.5, -2.75, 1e300, 5e-324, 0.1, 123456.789, float('inf')], [()])
#### conjugate_grid
grid('conjugate', [0.0, -0.0, 1.5, -2.75, 1e300, 5e-324, 0.1, 123456.789, float('inf')], [()])
#### dunder_round_grid
grid('__round__', [0.0, -0.0, 1.5, -2.75, 1e300, 5e-324, 0.1, 123456.789, float('inf')], [(), (1,), (-2,)])
#### dunder_format_grid
grid('__format__', [0.0, -0.0, 1.5, -2.75, 1e300, 5e-324, 0.1, 123456.789, float('inf')], [('',), ('.3f',), ('e',), ('g',), ('%',), ('>12.4',), (',.2f',)])
#### dunder_trunc_grid
grid('__trunc__', [0.0, -0.0, 1.5, -2.75, 1e300, 5e-324, 0.1, 123456.789, float('inf')], [()])
#### dunder_floor_grid
grid('__floor__', [0.0, -0.0, 1.5, -2.75, 1e300, 5e-324, 0.1, 123456.789, float('inf')], [()])
#### dunder_ceil_grid
grid('__ceil__', [0.0, -0.0, 1.5, -2.75, 1e300, 5e-324, 0.1, 123456.789, float('inf')], [()])
#### dunder_int_grid
grid('__int__', [0.0, -0.0, 1.5, -2.75, 1e300, 5e-324, 0.1, 123456.789, float('inf')], [()])
#### dunder_hash_grid
grid('__hash__', [0.0, -0.0, 1.5, -2.75, 1e300, 5e-324, 0.1, 123456.789, float('inf')], [()])
#### dunder_pow_grid
grid('__pow__', [0.0, -0.0, 1.5, -2.75, 1e300, 5e-324, 0.1, 123456.789, float('inf')], [(2,), (0.5,), (-1,)])
#### dunder_divmod_grid
grid('__divmod__', [0.0, -0.0, 1.5, -2.75, 1e300, 5e-324, 0.1, 123456.789, float('inf')], [(2,), (-0.5,), (0.0,)])
#### dunder_mod_grid
grid('__mod__', [0.0, -0.0, 1.5, -2.75, 1e300, 5e-324, 0.1, 123456.789, float('inf')], [(2,), (-3,)])
#### dunder_floordiv_grid
grid('__floordiv__', [0.0, -0.0, 1.5, -2.75, 1e300, 5e-324, 0.1, 123456.789, float('inf')], [(2,), (0.0,)])
#### dunder_bool_grid
grid('__bool__', [0.0, -0.0, 1.5, -2.75, 1e300, 5e-324, 0.1, 123456.789, float('inf')], [()])
#### dunder_repr_grid
grid('__repr__', [0.0, -0.0, 1.5, -2.75, 1e300, 5e-324, 0.1, 123456.789, float('inf')], [()])
