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
grid('capitalize', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [()])
#### center_grid
grid('center', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(9,), (9, b'*'), (3, b'ab')])
#### count_grid
grid('count', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(b'a',), (b'',), (108,), (b'l', 3), ('a',)])
#### decode_grid
grid('decode', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(), ('latin-1',), ('ascii', 'replace'), ('utf-16',)])
#### endswith_grid
grid('endswith', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(b'd',), ((b'x', b'e'),), ('d',)])
#### expandtabs_grid
grid('expandtabs', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(), (2,)])
#### find_grid
grid('find', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(b'o',), (111,), (b'', 3), (b'zz',), (b'l', 2, 4)])
#### hex_grid
grid('hex', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(), (':',), ('-', 2)])
#### index_grid
grid('index', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(b'o',), (b'zz',)])
#### isalnum_grid
grid('isalnum', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [()])
#### isalpha_grid
grid('isalpha', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [()])
#### isascii_grid
grid('isascii', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [()])
#### isdigit_grid
grid('isdigit', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [()])
#### islower_grid
grid('islower', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [()])
#### isspace_grid
grid('isspace', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [()])
#### istitle_grid
grid('istitle', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [()])
#### isupper_grid
grid('isupper', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [()])
#### join_grid
grid('join', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [([b'x', b'y'],), ([],), ([bytearray(b'q'), b'r'],), (['s'],)])
#### ljust_grid
grid('ljust', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(10,), (10, b'-')])
#### lower_grid
grid('lower', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [()])
#### lstrip_grid
grid('lstrip', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(), (b'Ha',), (None,)])
#### partition_grid
grid('partition', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(b' ',), (b'zz',)])
#### removeprefix_grid
grid('removeprefix', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(b'He',)])
#### removesuffix_grid
grid('removesuffix', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(b'ld',)])
#### replace_grid
grid('replace', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(b'l', b'L'), (b'l', b'L', 1), (b'', b'|')])
#### rfind_grid
grid('rfind', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(b'o',), (b'zz',)])
#### rindex_grid
grid('rindex', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(b'o',)])
#### rjust_grid
grid('rjust', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(10,), (10, b'0')])
#### rpartition_grid
grid('rpartition', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(b'o',), (b'zz',)])
#### rsplit_grid
grid('rsplit', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(), (None, 1), (b'l',), (b',',)])
#### rstrip_grid
grid('rstrip', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(), (b'd',)])
#### split_grid
grid('split', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(), (None, 1), (b'l',), (b',', 1), (b'',)])
#### splitlines_grid
grid('splitlines', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(), (True,)])
#### startswith_grid
grid('startswith', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(b'He',), ((b'x', b'H'),)])
#### strip_grid
grid('strip', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(), (b'Hd',)])
#### swapcase_grid
grid('swapcase', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [()])
#### title_grid
grid('title', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [()])
#### translate_grid
grid('translate', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(None, b'lo'), (b'\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5\xf4\xf3\xf2\xf1\xf0\xef\xee\xed\xec\xeb\xea\xe9\xe8\xe7\xe6\xe5\xe4\xe3\xe2\xe1\xe0\xdf\xde\xdd\xdc\xdb\xda\xd9\xd8\xd7\xd6\xd5\xd4\xd3\xd2\xd1\xd0\xcf\xce\xcd\xcc\xcb\xca\xc9\xc8\xc7\xc6\xc5\xc4\xc3\xc2\xc1\xc0\xbf\xbe\xbd\xbc\xbb\xba\xb9\xb8\xb7\xb6\xb5\xb4\xb3\xb2\xb1\xb0\xaf\xae\xad\xac\xab\xaa\xa9\xa8\xa7\xa6\xa5\xa4\xa3\xa2\xa1\xa0\x9f\x9e\x9d\x9c\x9b\x9a\x99\x98\x97\x96\x95\x94\x93\x92\x91\x90\x8f\x8e\x8d\x8c\x8b\x8a\x89\x88\x87\x86\x85\x84\x83\x82\x81\x80\x7f~}|{zyxwvutsrqponmlkjihgfedcba`_^]\\[ZYXWVUTSRQPONMLKJIHGFEDCBA@?>=<;:9876543210/.-,+*)(\'&%$#"! \x1f\x1e\x1d\x1c\x1b\x1a\x19\x18\x17\x16\x15\x14\x13\x12\x11\x10\x0f\x0e\r\x0c\x0b\n\t\x08\x07\x06\x05\x04\x03\x02\x01\x00',)])
#### upper_grid
grid('upper', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [()])
#### zfill_grid
grid('zfill', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(5,), (20,)])
#### dunder_getitem_grid
grid('__getitem__', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(0,), (-1,), (slice(1, 3, None),), (slice(None, None, -1),), (100,)])
#### dunder_mul_grid
grid('__mul__', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(2,), (0,)])
#### dunder_add_grid
grid('__add__', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(b'!',), (bytearray(b'?'),), ('s',)])
#### dunder_contains_grid
grid('__contains__', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [(b'l',), (108,), (300,), ('l',)])
#### dunder_mod_grid
grid('__mod__', [b'', b'a', b'Hello World', b'  padded\t\n', b'a,b,,c', b'\x00\xff\x7f', b'12', bytearray(b'Title Case'), bytearray(b'')], [((),), (b'x',)])
