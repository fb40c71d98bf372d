# enumerate() and reversed() argument checks.
for f, a, k in [(enumerate, (), {}), (enumerate, (1,), {}), (enumerate, ('abc', 'a'), {}),
                (enumerate, ('abc', 2, 3), {}), (enumerate, ('abc',), {'iterable': 'x'}),
                (enumerate, ('abc', 1), {'start': 2}), (enumerate, ('abc',), {'x': 1}),
                (reversed, ([],), {'a': 1}), (reversed, (), {}), (reversed, ([], []), {})]:
    try:
        print(list(f(*a, **k)))
    except TypeError as e:
        print('TypeError', e)
print(list(enumerate('ab', start=5)), list(enumerate(iterable='ab')))


class R(reversed):
    def __new__(cls, seq, **kw):
        return super().__new__(cls, seq)


print(list(R([1, 2, 3], extra=1)))
