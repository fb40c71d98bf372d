# _collections: deque, defaultdict, _count_elements, _tuplegetter, as CPython 3.11.
from _collections import deque, defaultdict, _count_elements, _tuplegetter
import _collections

def show(label, f, *args, **kw):
    try:
        r = f(*args, **kw)
    except Exception as e:
        print(label, type(e).__name__, e)
    else:
        print(label, repr(r))

d = deque([1, 2, 3])
d.append(4); d.appendleft(0)
print(d, len(d), d[0], d[-1], d.pop(), d.popleft(), d)
d.extend('ab'); d.extendleft('xy'); print(d)
d.rotate(2); print(d); d.rotate(-3); print(d); d.rotate(); print(d); d.rotate(0); print(d)
print(d.count('a'), d.index('a'), d.index(2), 'b' in d, 99 in d)
d.insert(1, 'ins'); d.insert(-1, 'neg'); d.insert(100, 'end'); print(d)
d.remove('ins'); print(d)
d.reverse(); print(d)
d[0] = 'first'; del d[1]; print(d, d[2])
c = d.copy(); print(c == d, c is d, c)
d.clear(); print(d, bool(d), bool(c), len(d))
m = deque(range(10), maxlen=3); print(m, m.maxlen, deque().maxlen)
m.append(10); print(m); m.appendleft(-1); print(m); m.extend([20, 21]); print(m)
m.extendleft([30]); print(m)
print(deque('abc', 0), deque('abc', maxlen=None), deque(maxlen=2))
z = deque(maxlen=0); z.append(1); print(z)
print(deque([1, 2]) == deque([1, 2]), deque([1, 2]) < deque([1, 3]), deque([1]) != deque([1]), deque([2]) >= deque([1, 5]), deque([1]) == [1])
print(deque([1, 2]) + deque([3]), deque([1, 2]) * 3, 2 * deque('ab'), deque([1, 2], maxlen=3) * 2, deque('ab') * 0)
x = deque([1]); x += [2, 3]; print(x); x *= 2; print(x); x += x; print(x)
print(list(reversed(deque([1, 2, 3]))), list(iter(deque('abc'))))
it = iter(deque([1, 2, 3])); print(it.__length_hint__(), next(it), it.__length_hint__())
r = deque(); r.append(r); print(r)
r2 = deque([1, 2]); r2.append(r2); print(r2)
class D(deque):
    pass
sd = D([1, 2], 5); print(sd, type(sd.copy()).__name__, sd.copy(), isinstance(sd, deque))
print(deque.__module__, type(iter(deque())).__name__, type(reversed(deque())).__name__)
dd = deque([1, 2, 3])
try:
    for v in dd:
        dd.append(v)
except RuntimeError as e:
    print('appending', e)
try:
    for v in dd:
        dd.pop()
except RuntimeError as e:
    print('popping', e)
print(dd.__reduce__()[0].__name__, deque([1], 3).__reduce__()[1])
for expr in ['deque().pop()', 'deque().popleft()', 'deque()[0]', 'deque([1]).remove(2)',
             'deque([1]).index(2)', 'deque([1],maxlen=1).insert(0,1)', 'deque(maxlen=-1)',
             'deque(maxlen=1.5)', 'deque(1)', 'deque([1])+[1]', 'deque([1],2,3)', 'deque(x=1)',
             'deque().rotate(1.5)', 'deque([1,2]).index(1, 5)', 'deque([1]).count()', 'deque()["a"]',
             'deque([1,2,3])[1:2]', 'deque([1]).__setitem__(5, 1)', 'deque([1]).__delitem__(5)',
             'deque([1,2,3]).index(3,0,2)', 'deque([1,2,3]).index(3,-1)', 'deque([1])[-2]', 'deque([1, 2, 3])[-3]']:
    show(expr, eval, expr)

dd = defaultdict(list)
dd['a'].append(1); dd['b']; dd['a'].append(2)
print(dd, dd['a'], len(dd), dd.default_factory, 'c' in dd, dd.get('c'), dict(dd))
ic = defaultdict(int)
for ch in 'mississippi':
    ic[ch] += 1
print(ic, sorted(ic.items()))
print(defaultdict(), defaultdict(None, {1: 2}), defaultdict(list, {1: 2}, x=3), defaultdict(list, [(1, 2)]))
n = defaultdict(None)
show('none factory', n.__getitem__, 5)
show('bad factory', defaultdict, 1)
c = dd.copy(); print(type(c).__name__, c, c == dd, c.default_factory)
dd.default_factory = set; dd['z'].add(1); print(dd)
print(isinstance(dd, dict), type(dd).__module__, defaultdict.__name__)
class DD(defaultdict):
    pass
s = DD(int, a=1); s['b'] += 5; print(s, type(s.copy()).__name__)
print(defaultdict.fromkeys([1, 2]), dd | {9: 9}, type(dd | {9: 9}).__name__, {0: 0} | defaultdict(int, {1: 1}))
rd = defaultdict(list); rd['x'] = rd; print(rd)
print(dd.__missing__('new'), dd['new'])
cnt = {}
_count_elements(cnt, 'abracadabra'); print(cnt)
class Counter(dict):
    pass
cc = Counter(a=5); _count_elements(cc, 'aab'); print(cc)

class P(tuple):
    x = _tuplegetter(0, 'the x')
    y = _tuplegetter(1, 'the y')
p = P((3, 4))
print(p.x, p.y, P.x.__doc__, type(P.x).__name__)
show('set', setattr, p, 'x', 5)
show('bad obj', P.x.__get__, 5, int)
print(sorted(n for n in dir(_collections) if not n.startswith('__') and n != 'OrderedDict'))
