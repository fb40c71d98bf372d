# Which objects accept weak references, and the TypeError for those that do not, as CPython 3.11.
import weakref, builtins, types, sys
cands = []
for name in sorted(dir(builtins)):
    T = getattr(builtins, name)
    if isinstance(T, type):
        cands.append((name, T))
res = []
def tryref(label, obj):
    try:
        weakref.ref(obj)
        res.append(f"{label}: ok")
    except TypeError as e:
        res.append(f"{label}: {e}")
insts = {}
for name, T in cands:
    if issubclass(T, BaseException):
        try: obj = T() if T is not BaseExceptionGroup and T is not ExceptionGroup else T('m', [ValueError()])
        except Exception as e: continue
        if T.__name__ in ('UnicodeDecodeError','UnicodeEncodeError','UnicodeTranslateError'): continue
    else:
        continue
    tryref(name, obj)
tryref('UnicodeDecodeError', UnicodeDecodeError('utf-8', b'x', 0, 1, 'r'))
for label, obj in [('int', 5), ('bigint', 10**30), ('str', 'abc'), ('bytes', b'x'), ('tuple', (1,)), ('list', [1]), ('dict', {}), ('set', set()), ('frozenset', frozenset()), ('float', 1.5), ('complex', 1j), ('bytearray', bytearray()), ('range', range(3)), ('slice', slice(1)), ('object', object()), ('None', None), ('type', int), ('function', lambda: 0), ('builtin', len), ('method', [].append), ('code', (lambda:0).__code__), ('module', sys), ('property', property()), ('memoryview', memoryview(b'x')), ('iter', iter([])), ('gen', (x for x in [])), ('cell', (lambda: tryref).__closure__), ('frame', sys._getframe()), ('classmethod', classmethod(len)), ('staticmethod', staticmethod(len)), ('super', super(int, 1)), ('enumerate', enumerate([])), ('zip', zip()), ('map', map(len, [])), ('filter', filter(None, [])), ('reversed', reversed([])), ('mappingproxy', type.__dict__['__dict__']), ('NotImplemented', NotImplemented), ('Ellipsis', ...), ('bool', True), ('dictkeys', {}.keys()), ('method_descr', str.join), ('getset', type.__dict__['__dict__']), ('simplens', types.SimpleNamespace()), ('generic_alias', list[int]), ('union', int | str), ('tb', None)]:
    tryref(label, obj)
class C: pass
class S:
    __slots__ = ('a',)
class SW:
    __slots__ = ('a', '__weakref__')
class I(int): pass
class L(list): pass
class E(Exception): pass
class T(tuple): pass
tryref('C', C()); tryref('S', S()); tryref('SW', SW()); tryref('I', I()); tryref('L', L()); tryref('E', E()); tryref('T', T())
def g(): yield
tryref('genobj', g())
async def co(): pass
c = co(); tryref('coro', c); c.close()
try: 1/0
except Exception as e: tryref('traceback', e.__traceback__)
print('\n'.join(res))
