# Str-key look-ups that the interpreter makes by name (globals, builtins, class and
# instance attributes) when the stored key is another object with the same text: built
# at run time, a str subclass, or shadowing a builtin; and deletions/re-insertions.
g = globals()
name = ''.join(['ab', 'cd'])
g[name] = 'runtime key'
print(abcd)
class S(str):
    pass
g[S('efgh')] = 'subclass key'
print(efgh, type([k for k in g if k == 'efgh'][0]).__name__)
g[''.join(['le', 'n'])] = lambda x: 'shadowed len'
print(len([1, 2]))
del g['len']
print(len([1, 2]))
for i in range(3):
    g['v%d' % i] = i * 10
print(v0, v1, v2)
del g['v1']
try:
    print(v1)
except NameError as e:
    print('NameError', e)
g['v1'] = 'back'
print(v1, list(g)[-3:])
class C:
    pass
c = C()
setattr(c, ''.join(['at', 'tr']), 1)
c.__dict__[S('other')] = 2
print(c.attr, c.other, sorted(vars(c)))
C.meth = lambda self: 'method'
setattr(C, ''.join(['me', 'th2']), lambda self: 'method2')
print(c.meth(), c.meth2())
d = {}
keys = ['k%d' % i for i in range(200)]
for k in keys:
    d[k] = len(k)
print(sum(d[''.join(['k', str(i)])] for i in range(200)), d.get('k199'), d.get('k200'))
# Many names in one namespace (collisions in the probe sequence).
ns = {}
exec('\n'.join('n%d = %d' % (i, i) for i in range(300)) + '\nr = n0 + n150 + n299', ns)
print(ns['r'], len(ns))
