# marshal: code objects survive a round trip and run.
import marshal

code = compile("def f(x, *, y=2):\n    return [x * y for _ in range(2)]\nprint('hello from marshal', f(21), f(1, y=5))\n", "<marshal test>", "exec")
data = marshal.dumps(code)
print(type(data).__name__, len(data) > 0)
copy = marshal.loads(data)
print(type(copy).__name__, copy.co_name, copy.co_filename)
exec(copy)
exec(marshal.loads(marshal.dumps((copy, 1)))[0])
# Code objects nested in other data.
both = marshal.loads(marshal.dumps({'code': code, 'n': [code]}))
exec(both['code'])
exec(both['n'][0])
# Damaged code data is an error, never a crash.
errors = set()
for n in range(len(data)):
    try:
        marshal.loads(data[:n])
    except (EOFError, ValueError, TypeError) as e:
        errors.add(type(e).__name__)
print(sorted(errors))
