# functools.partial state (__setstate__ keeps exact tuples/dicts, replaces __dict__),
# its __dict__ descriptor, non-str keywords; classmethod/staticmethod copy the wrapped
# function's names, doc and annotations; re on memoryview and array subjects.
import array
import copy
import functools
import re


def capture(*args, **kw):
    return args, kw


def signature(part):
    return part.func, part.args, part.keywords, part.__dict__


f = functools.partial(signature, ['asdf'], bar=[True])
f.attr = []
g = copy.copy(f)
print(signature(g) == signature(f), g.attr is f.attr, g.args is f.args, g.keywords is f.keywords)
f = functools.partial(capture)
f.__setstate__((capture, (1,), dict(a=10), dict(attr=[])))
print(signature(f)[1:], f(2, b=20))
f.__setstate__((capture, (1,), dict(a=10), None))
print(signature(f)[1:], f(2, b=20))


class MyDict(dict):
    pass


class MyTuple(tuple):
    pass


f.__setstate__((capture, MyTuple((1,)), MyDict(a=10), None))
print(type(f.args).__name__, type(f.keywords).__name__)
for bad in [None, 1]:
    try:
        if bad is None:
            del f.__dict__
        else:
            f.__dict__ = bad
    except TypeError as e:
        print('TypeError', e)
f.__dict__ = {'x': 1}
print(f.x)
p = functools.partial(capture)
p.keywords[1234] = 'value'
print('1234' in repr(p), "'value'" in repr(p))
try:
    p()
except TypeError as e:
    print('TypeError', e)


def h(x: int) -> str:
    "doc of h"


for cm in (classmethod(h), staticmethod(h)):
    print(cm.__name__, cm.__qualname__, cm.__doc__, cm.__annotations__, cm.__module__)
print(sorted(classmethod(h).__dict__))

print(re.search(b'b+', memoryview(b'abbbc')).group(), re.findall(b'[a-c]', array.array('b', b'xaybz')))
print(re.split(b',', memoryview(b'a,b,,c')), re.fullmatch(b'x*', memoryview(b'xxx')).span())
