# Slot wrappers and built-in __new__ called directly with too few or wrong arguments
# raise CPython's TypeError (these used to index past the end of the arguments).
import types
from collections import namedtuple

g = int.__dict__['real']
class K:
    __slots__ = ('a',)
m = K.__dict__['a']
p = property()
P = namedtuple('P', 'x')
tg = P.__dict__['x']
def f(): pass

cases = {
    "getset __set__()": lambda: type(g).__set__(g),
    "getset __set__(obj)": lambda: type(g).__set__(g, 1),
    "getset __set__(obj, v)": lambda: type(g).__set__(g, 1, 2),
    "getset __delete__()": lambda: type(g).__delete__(g),
    "getset __get__()": lambda: type(g).__get__(g),
    "getset __get__(None, None)": lambda: type(g).__get__(g, None, None),
    "getset __get__ too many": lambda: type(g).__get__(g, 1, int, 3),
    "member __set__()": lambda: type(m).__set__(m),
    "member __delete__()": lambda: type(m).__delete__(m),
    "member __get__()": lambda: type(m).__get__(m),
    "property __set__()": lambda: property.__set__(p),
    "property __set__(obj)": lambda: property.__set__(p, 1),
    "property __delete__()": lambda: property.__delete__(p),
    "property __get__()": lambda: property.__get__(p),
    "property __get__(None, None)": lambda: property.__get__(p, None, None),
    "function __get__()": lambda: type(f).__get__(f),
    "classmethod __get__()": lambda: classmethod.__get__(classmethod(abs)),
    "staticmethod __get__()": lambda: staticmethod.__get__(staticmethod(abs)),
    "method_descriptor __get__()": lambda: type(str.upper).__get__(str.upper),
    "tuplegetter __get__()": lambda: type(tg).__get__(tg),
    "tuplegetter __set__()": lambda: type(tg).__set__(tg),
    "tuplegetter __set__(obj, v)": lambda: type(tg).__set__(tg, P(1), 2),
    "tuplegetter __delete__()": lambda: type(tg).__delete__(tg),
    "tuplegetter __delete__(obj)": lambda: type(tg).__delete__(tg, P(1)),
    "list __iadd__()": lambda: list.__iadd__([]),
    "list __imul__()": lambda: list.__imul__([]),
    "bytearray __iadd__()": lambda: bytearray.__iadd__(bytearray()),
    "set __ior__()": lambda: set.__ior__(set()),
    "set __iand__()": lambda: set.__iand__(set()),
    "dict __ior__()": lambda: dict.__ior__({}),
    "SimpleNamespace __eq__()": lambda: types.SimpleNamespace.__eq__(types.SimpleNamespace()),
    "dict.__new__()": lambda: dict.__new__(),
    "dict.__new__(instance)": lambda: dict.__new__({}),
    "dict.__new__(int)": lambda: dict.__new__(int),
    "range.__new__()": lambda: range.__new__(),
    "slice.__new__()": lambda: slice.__new__(),
    "str.__new__(instance)": lambda: str.__new__('a'),
    "tuple.__new__(list)": lambda: tuple.__new__(list),
    "int.__new__(5)": lambda: int.__new__(5),
    "int.__new__(bool)": lambda: int.__new__(bool),
    "object.__new__(dict)": lambda: object.__new__(dict),
    "property.__new__(instance)": lambda: property.__new__(p),
    "frozenset.__new__(set)": lambda: frozenset.__new__(set),
    "list.__new__(list subclass)": lambda: type(list.__new__(type('L', (list,), {}))).__name__,
    "int.__new__(int subclass)": lambda: int.__new__(type('I', (int,), {}), 7),
}
for name, call in cases.items():
    try:
        r = call()
        print(name, "->", r if isinstance(r, (int, str)) else type(r).__name__)
    except Exception as e:
        print(name, "->", type(e).__name__, repr(str(e)))
