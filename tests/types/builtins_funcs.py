def show(f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(type(e).__name__ + ':', e)
    else:
        print(repr(r))
#### abs_round_divmod
print(abs(-5), abs(-2.5), abs(3+4j), abs(True), round(2.5), round(-0.5), round(7, -1), divmod(7, 2), divmod(-7, 2), divmod(7.5, 2))
show(abs, 'x')
show(round, 'x')
show(divmod, 1, 'x')
#### min_max
print(max(3, 1, 2), min([4, 2, 8]), max('abc'), min((1, 'a'), (0, 'b')), max([], default=7), min([3, 1], key=lambda x: -x), max([1, 3, 2], key=None))
print(max([(1, 'b'), (1, 'a')]), max([1, 1.0]), min([1.0, 1]))
show(max, [])
show(min)
show(max, 1)
show(max, [1, 'a'])
show(min, [1], [2], default=0)
show(max, 1, 2, foo=3)
#### sum_any_all
print(sum([1, 2, 3]), sum([0.1] * 10), sum([[1], [2]], []), sum(range(101), 10), sum([1.5, 2]), sum([], start=5), any([]), all([]), any([0, '', 1]), all([1, [], 1]))
show(sum, ['a', 'b'], '')
show(sum, [b'a'], b'')
show(sum, [1, 'a'])
#### sorted_reversed
print(sorted([3, 1, 2]), sorted('cba', reverse=True), sorted({3: 1, 1: 2}), sorted([-3, 1, -2], key=abs))
show(sorted)
show(sorted, [1], [2])
#### chr_ord_bin
print(bin(5), oct(64), hex(255), bin(-3), ord('\n'), chr(97), ascii('é\n'), repr('é\n'))
#### isinstance_tuple_nesting
print(isinstance(1, (str, (float, int))), issubclass(bool, (str, (int,))))
#### hash_id_callable
print(hash(5) == 5, hash(-1), hash('') == 0, id(None) == id(None), callable(len), callable(1))
#### iter_next_sentinel
it = iter([1, 2])
print(next(it), next(it), next(it, 'done'))
show(next, it)
show(next, 5)
calls = iter(range(5)).__next__
print(list(iter(calls, 3)))
class C:
    def __init__(self): self.n = 0
    def __call__(self):
        self.n += 1
        return self.n
print(list(iter(C(), 4)))
show(iter, 5)
show(iter, 5, 1)
#### getattr_setattr_delattr
class O: pass
o = O()
setattr(o, 'x', 1); print(getattr(o, 'x'), hasattr(o, 'x')); delattr(o, 'x'); print(hasattr(o, 'x'))
show(delattr, o, 'x')
show(getattr, o, 5)
show(setattr, o, 5, 1)
#### format_builtin
print(format(5), format(5, 'x'), format('a', '>3'), format(1.5, '.3'), format(True), format(None))
show(format, 5, 5)
show(format, object(), 'x')
#### len_errors
print(len([1]), len('ab'), len({1: 2}), len(range(5)), len(b'x'))
show(len, 5)
class L:
    def __len__(self): return -1
show(len, L())
class L2:
    def __len__(self): return 'a'
show(len, L2())
class L3:
    def __len__(self): return 2**70
show(len, L3())
#### pow_builtin
print(pow(2, 10), pow(2, -1), pow(2, 10, 1000), pow(-2, 3, 5), pow(2.0, 0.5), pow(0, 0))
show(pow, 2, 3, 0)
show(pow, 2, 1.5, 3)
show(pow, 2)
#### print_options
print('a', 'b', sep='-', end='!\n')
print('x', end='')
print()
print(1, 2, sep=None, end=None)
show(print, 'a', sep=5)
show(print, 'a', foo=1)
import sys
print('err', file=sys.stdout, flush=True)
#### vars_dir_locals
def f():
    a = 1
    b = 2
    return sorted(locals())
print(f(), 'f' in globals(), type(globals()).__name__)
#### ascii_repr_builtin
print(ascii([1, 'ü', b'\xff']), repr(('a', 1.0)), ascii('\U0001f600'))
#### int_builtin_misc
print(int('10', 16), int('0b11', 0), int(' 7 '), int(-3.7), int('  -0  '))
#### bool_builtin
class B:
    def __bool__(self): return False
class Len0:
    def __len__(self): return 0
print(bool(B()), bool(Len0()), bool([]), bool([0]), bool(0.0), bool(-0.0), bool(0j), bool('0'))
class Bad:
    def __bool__(self): return 1
show(bool, Bad())
#### enumerate_start_kw
print(list(enumerate('ab', start=10)), list(enumerate(iterable='xy')) if False else 'skip')
show(enumerate, 'ab', 'c')
#### filter_map_multiple
print(list(map(lambda a, b: a + b, [1, 2, 3], [10, 20])), list(filter(lambda x: x > 1, [0, 1, 2, 3])), list(map(str.upper, 'ab')))
#### slice_builtin_and_type
print(type(slice), type(range(1)), type(len), type([].append), type(int.__add__), type((1).__add__), type(str.join))
