# The _json accelerators: scanstring, encode_basestring(_ascii), the scanner and the
# encoder types, their errors and the decoder/encoder results through json.
import json
import _json
from collections import OrderedDict

print(json.decoder.scanstring is _json.scanstring)
print(_json.scanstring.__module__, _json.make_scanner.__module__, _json.make_encoder.__name__)
print(_json.scanstring('"abc\\n\\u00e9\\ud834\\udd1e" tail', 1))
print(_json.scanstring('"x\\ud834\\u0041"', 1))
print(_json.scanstring('"a\tb"', 1, False))
print(_json.encode_basestring_ascii('a"b\\c\n\x01\xe9\U0001f600'))
print(_json.encode_basestring('a"b\\c\n\x01\xe9\U0001f600'))

docs = [
    '{"a": [1, 2.5e3, -0, 0.5, 1E-2, null, true, false, "s"], "b": {}}',
    '[NaN, Infinity, -Infinity, 12345678901234567890123]',
    ' [ 1 , { "k" : [ ] } ] ',
]
for d in docs:
    print(json.loads(d))
print(json.loads('{"a": 1, "b": 2}', object_pairs_hook=OrderedDict))
print(json.loads('{"a": 1}', object_hook=lambda d: sorted(d.items())))
print(json.loads('[1.5, 2]', parse_float=str, parse_int=lambda s: int(s) * 10))

bad = ['[1,', '[', '{', '{"a" 1}', '{"a":', '"\\x"', '"\\u12"', '[1 2]', '{"a":1,}',
       '"abc', '"a\x01"', '-', 'nul', '[1,]', '', '  ']
for d in bad:
    try:
        json.loads(d)
    except json.JSONDecodeError as e:
        print(repr(d), '->', e)

scan = _json.make_scanner(json.decoder.JSONDecoder())
print(scan('[1, "x"]', 0), scan.strict, scan.parse_float)
for args in (('x', -1), ('[1]', 5), (b'[1]', 0)):
    try:
        scan(*args)
    except BaseException as e:
        print(type(e).__name__, e)

print(json.dumps({'a': [1, 2.5, None, True, 'x\u00e9\U0001f600', (3, 4)], 'b': {}}))
print(json.dumps({'a': 1, 2: 'b', 2.5: None, True: 0, None: 1}))
print(json.dumps({'b': 1, 'a': 2}, sort_keys=True, separators=(',', ':')))
print(json.dumps(['\u00e9'], ensure_ascii=False))
print(json.dumps({(1,): 1}, skipkeys=True))
print(json.dumps([float('inf'), float('-inf'), float('nan')]))
for f in (lambda: json.dumps(float('nan'), allow_nan=False),
          lambda: json.dumps({(1,): 1}),
          lambda: json.dumps(object()),
          lambda: _json.make_encoder(None, None, None, None, b'', None, 1, 1, 1),
          lambda: _json.make_encoder(1, None, None, None, '', '', 1, 1, 1),
          lambda: _json.scanstring('abc', 5),
          lambda: _json.scanstring(b'abc', 0)):
    try:
        print(f())
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)

a = []
a.append(a)
try:
    json.dumps(a)
except ValueError as e:
    print(e)
a = [object()] * 6


def shrink(obj):
    del a[-1]


print(json.dumps(a, default=shrink))


class E(json.JSONEncoder):
    def default(self, o):
        return sorted(o)


print(E().encode({'s': {3, 1, 2}}))
try:
    json.loads('[' * 100000 + ']' * 100000)
except RecursionError as e:
    print('RecursionError')
