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
#### capitalize_grid
grid('capitalize', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [()])
#### casefold_grid
grid('casefold', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [()])
#### center_grid
grid('center', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [(9,), (9, '*'), (0,), (-1,), ('x',), (3, 'ab')])
#### count_grid
grid('count', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [('a',), ('',), ('l', 3), ('l', -5, -1), (1,)])
#### encode_grid
grid('encode', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [(), ('latin-1', 'replace'), ('ascii', 'ignore'), ('utf-16-le',), ('ascii', 'xmlcharrefreplace')])
#### endswith_grid
grid('endswith', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [('d',), (('x', 'e'),), ('', 20), ('o', 0, 5)])
#### expandtabs_grid
grid('expandtabs', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [(), (4,), (0,), (-2,)])
#### find_grid
grid('find', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [('o',), ('o', 5), ('o', -3), ('', 3), ('zz',), ('l', 2, 4)])
#### format_grid
grid('format', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [(), (1, 2)])
#### index_grid
grid('index', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [('o',), ('zz',), ('', 0)])
#### isalnum_grid
grid('isalnum', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [()])
#### isalpha_grid
grid('isalpha', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [()])
#### isascii_grid
grid('isascii', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [()])
#### isdecimal_grid
grid('isdecimal', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [()])
#### isdigit_grid
grid('isdigit', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [()])
#### isidentifier_grid
grid('isidentifier', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [()])
#### islower_grid
grid('islower', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [()])
#### isnumeric_grid
grid('isnumeric', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [()])
#### isprintable_grid
grid('isprintable', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [()])
#### isspace_grid
grid('isspace', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [()])
#### istitle_grid
grid('istitle', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [()])
#### isupper_grid
grid('isupper', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [()])
#### join_grid
grid('join', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [(['x', 'y', 'z'],), ([],), ('abc',), ([1],)])
#### ljust_grid
grid('ljust', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [(10,), (10, '-'), (2,)])
#### lower_grid
grid('lower', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [()])
#### lstrip_grid
grid('lstrip', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [(), ('Ha',), (' ',), (None,)])
#### partition_grid
grid('partition', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [(' ',), ('l',), ('zz',), ('',)])
#### removeprefix_grid
grid('removeprefix', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [('He',), ('',), ('zz',)])
#### removesuffix_grid
grid('removesuffix', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [('ld',), ('',)])
#### replace_grid
grid('replace', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [('l', 'L'), ('l', 'L', 1), ('', '|'), ('', '|', 3), ('o', ''), ('l', 'L', -1)])
#### rfind_grid
grid('rfind', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [('o',), ('o', 0, 5), ('',), ('zz',)])
#### rindex_grid
grid('rindex', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [('o',), ('zz',)])
#### rjust_grid
grid('rjust', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [(10,), (10, '0')])
#### rpartition_grid
grid('rpartition', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [('o',), ('zz',), (' ',)])
#### rsplit_grid
grid('rsplit', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [(), (None, 1), ('l',), ('l', 1), (',',), (' ', 0)])
#### rstrip_grid
grid('rstrip', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [(), ('d',), ('\\n',)])
#### split_grid
grid('split', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [(), (None, 1), ('l',), ('l', 1), (',',), (' ', 0), ('',)])
#### splitlines_grid
grid('splitlines', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [(), (True,)])
#### startswith_grid
grid('startswith', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [('He',), (('x', 'H'),), ('', 0), ('l', 2), ('l', 2, 3)])
#### strip_grid
grid('strip', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [(), ('Hd',), (' \\t\\n',), ('',)])
#### swapcase_grid
grid('swapcase', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [()])
#### title_grid
grid('title', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [()])
#### upper_grid
grid('upper', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [()])
#### zfill_grid
grid('zfill', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [(5,), (0,), (20,)])
#### dunder_getitem_grid
grid('__getitem__', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [(0,), (-1,), (slice(1, 3, None),), (slice(None, None, -1),), (100,), ('a',)])
#### dunder_mul_grid
grid('__mul__', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [(2,), (0,), (-1,), ('a',)])
#### dunder_add_grid
grid('__add__', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [('!',), (1,)])
#### dunder_contains_grid
grid('__contains__', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [('l',), ('',), (1,)])
#### dunder_mod_grid
grid('__mod__', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [((),), ('x',)])
#### dunder_len_grid
grid('__len__', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [()])
#### dunder_lt_grid
grid('__lt__', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [('b',), (1,)])
#### dunder_eq_grid
grid('__eq__', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [('a',), (1,)])
#### dunder_format_grid
grid('__format__', ['', 'a', 'Hello World', '  padded\t\n', 'a,b,,c', 'ÉÇÀ ß straße', 'x' * 5, '12', 'Title Case Here', 'ǅ', 'one\ntwo\r\nthree'], [('',), ('>5',), ('d',)])
