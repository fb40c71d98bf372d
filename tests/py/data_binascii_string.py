# binascii, _string, _bisect and _heapq: results and errors as CPython 3.11.
import binascii as b, _string, _bisect, _heapq

def show(expr):
    try:
        print(expr, '->', repr(eval(expr)))
    except Exception as e:
        print(expr, type(e).__name__, e)

for expr in ['b.hexlify(b"ab", "-")', 'b.hexlify(b"abcdef", b":", 2)', 'b.hexlify(b"abcde", ":", 2)', 'b.hexlify(b"abcde", ":", -2)',
             'b.hexlify(b"\\x00\\xff\\x10")', 'b.b2a_hex(bytearray(b"xyz"))', 'b.hexlify(b"ab", "--")', 'b.hexlify(b"", ":")',
             'b.unhexlify("zz")', 'b.unhexlify("abc")', 'b.unhexlify("6162")', 'b.unhexlify(b"FFfe")', 'b.a2b_hex("00")',
             'b.a2b_base64("YWJj")', 'b.a2b_base64("YWJ")', 'b.a2b_base64("Y")', 'b.a2b_base64("YW=j")', 'b.a2b_base64("YWI=")',
             'b.a2b_base64("YQ==")', 'b.a2b_base64("YQ==YWJj")', 'b.a2b_base64("Y W\\nJ j")', 'b.a2b_base64("!!YWJj!!")',
             'b.a2b_base64(b"YWJj", strict_mode=True)', 'b.a2b_base64("Y!WJj", strict_mode=True)', 'b.a2b_base64("=YWJj", strict_mode=True)',
             'b.a2b_base64("YQ==YQ==", strict_mode=True)', 'b.a2b_base64("YQ=a", strict_mode=True)',
             'b.b2a_base64(b"abc", newline=False)', 'b.b2a_base64(b"a")', 'b.b2a_base64(b"ab")', 'b.b2a_base64(bytes(range(40)))',
             'b.crc32(b"hello")', 'b.crc32(b"hello", 5)', 'b.crc32(b"")', 'b.crc32(b"world", b.crc32(b"hello "))', 'b.crc32(b"a", -1)',
             'b.crc_hqx(b"hello", 0)', 'b.crc_hqx(b"123456789", 0xffff)', 'b.hexlify("ab")', 'b.unhexlify("\\xe9")',
             'b.b2a_uu(b"abc")', 'b.b2a_uu(b"")', 'b.b2a_uu(b"\\x00\\x00", backtick=True)', 'b.a2b_uu(b"#86)C\\n")', 'b.a2b_uu("")',
             'b.a2b_uu(b.b2a_uu(bytes(range(45))))', 'b.b2a_uu(bytes(46))', 'issubclass(b.Error, ValueError)', 'b.Error.__module__']:
    show(expr)

for s in ['a{{b', 'x}}y', '{0}', 'a{b!r:>{w}}c', '{a.b[c]}', '{}', '{:}', '{!s}', 'plain', '', '{0[}', '}', '{', 'a{b',
          '{a!}', '{a!rr}', '{a:{b}', '{0:{{}}}', '{a[b}', '{a[]}', '{a!r', 'x{}y{z}', 'é{ü}ß', '{a{b}']:
    show(f'list(_string.formatter_parser({s!r}))')
for f in ['a.b[c]', '0.x[1][y]', '', 'a', '[0]', 'a.', 'a[', 'a[]b', 'a..b', '5', 'a[0]x', '99999999999999999999999']:
    show(f'(lambda p: (p[0], list(p[1])))(_string.formatter_field_name_split({f!r}))')

a = [1, 2, 2, 2, 3, 5]
print([_bisect.bisect_left(a, x) for x in range(7)], [_bisect.bisect_right(a, x) for x in range(7)])
print(_bisect.bisect_left(a, 2, 2), _bisect.bisect_right(a, 2, 0, 3), _bisect.bisect_left(a, 2, hi=2), _bisect.bisect_right(a, 4, lo=1, hi=None))
recs = [('a', 1), ('b', 3), ('c', 5)]
print(_bisect.bisect_left(recs, 3, key=lambda r: r[1]), _bisect.bisect_right(recs, 3, key=lambda r: r[1]))
_bisect.insort_left(a, 2); _bisect.insort_right(a, 4); _bisect.insort(a, 0) if hasattr(_bisect, 'insort') else None; print(a)
_bisect.insort_right(recs, ('d', 4), key=lambda r: r[1]); print(recs)
for expr in ['_bisect.bisect_left(a, 1, -1)', '_bisect.bisect_left(a)', '_bisect.bisect_left(a, 1, 0, 10)', '_bisect.bisect_left(1, 1)',
             '_bisect.bisect_left(a, 1, 0, 2, lambda x: x)', '_bisect.bisect_right([1, "a"], 2)']:
    show(expr)

h = []
for x in [5, 3, 8, 1, 9, 2, 7]:
    _heapq.heappush(h, x)
print(h, [_heapq.heappop(h) for _ in range(3)], h)
print(_heapq.heapreplace(h, 0), h, _heapq.heappushpop(h, -1), _heapq.heappushpop(h, 100), h)
l = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]; _heapq.heapify(l); print(l)
m = [1, 5, 3, 8, 2]; _heapq._heapify_max(m); print(m, _heapq._heappop_max(m), m, _heapq._heapreplace_max(m, 0), m)
for expr in ['_heapq.heappop([])', '_heapq.heappush((), 1)', '_heapq.heapreplace([], 1)', '_heapq.heapify(1)', '_heapq.heappush([1], "a")', '_heapq.heappushpop([], 5)']:
    show(expr)
